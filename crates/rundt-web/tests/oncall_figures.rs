//! The rota's figures: the hours on call per person per month as an XLSX
//! workbook for payroll (the supervisor's, not a therapist's), the crisis
//! contacts per month as CSV and XLSX (counts only), and the
//! share of the year so far covered, on the rota page, the team page and
//! the national office's `/oncall`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use chrono::{DateTime, Utc};
use rundt_testkit::http::AarhusTeam;
use rundt_testkit::test_now;
use serde_json::json;

#[tokio::test]
async fn the_supervisor_downloads_the_hours_as_xlsx_for_payroll_and_a_therapist_cannot() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let [mette, jonas] = w.clients(["mette", "jonas"], test_now()).await;
    mette
        .post(
            &format!("/api/v1/teams/{}/oncall/shifts", w.team),
            json!({"person_id": w.users["jonas"], "starts": "2026-11-30T16:00:00", "ends": "2026-12-01T08:00:00"}),
        )
        .await
        .assert_status(StatusCode::CREATED);
    let path = format!("/teams/{}/oncall/hours.xlsx?from=2026-11&months=2", w.team);
    let xlsx = mette.get(&path).await;
    xlsx.assert_ok();
    assert_eq!(
        xlsx.header(CONTENT_TYPE),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(xlsx.bytes.starts_with(b"PK\x03\x04"), "a zip archive");
    assert!(
        xlsx.header(axum::http::header::CONTENT_DISPOSITION)
            .contains(".xlsx"),
    );
    jonas.get(&path).await.assert_status(StatusCode::FORBIDDEN);
    mette
        .get(&format!("/teams/{}/oncall", w.team))
        .await
        .assert_ok()
        .has("hours.xlsx");
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

#[tokio::test]
async fn the_share_of_the_year_covered_shows_on_the_rota_the_team_page_and_the_national_list() {
    let w = AarhusTeam::new(rundt_web::router).await;
    // Friday 2 January 2026, 13:00 in Copenhagen: New Year's Day and the
    // night after, 32 hours outside office hours, so far this year.
    let now = at("2026-01-02T12:00:00Z");
    let mette = w.client("mette", now).await.language("en");
    mette
        .post(
            &format!("/api/v1/teams/{}/oncall/shifts", w.team),
            json!({"person_id": w.users["jonas"], "starts": "2026-01-01T08:00:00", "ends": "2026-01-02T08:00:00"}),
        )
        .await
        .assert_status(StatusCode::CREATED);
    // 24 of 32 hours.
    let rota = mette.get(&format!("/teams/{}/oncall", w.team)).await;
    rota.assert_ok()
        .has("id=\"oncall-year\">75 % of this year")
        .has("hours outside office hours so far");
    let team = mette.get(&format!("/teams/{}", w.team)).await;
    team.assert_ok().has("id=\"oncall-year\"");
    assert!(team.text.contains("75 %"), "{}", team.text);

    let office = w.t.user("birgitte", "national_admin", "DK", None).await;
    let office = w.t.client_at(rundt_web::router, office.id, now).await;
    let list = office.clone().language("en").get("/oncall").await;
    list.assert_ok().has("Covered this year");
    assert!(list.text.contains("75 %"), "{}", list.text);
    let api = office.get("/api/v1/oncall/gaps").await;
    api.assert_ok();
    assert_eq!(api.json()[0]["year_covered_percent"], json!(75));
}

#[tokio::test]
async fn the_supervisor_downloads_the_crisis_contacts_per_month_and_a_therapist_cannot() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let [mette, jonas] = w.clients(["mette", "jonas"], test_now()).await;
    let csv_path = format!("/teams/{}/oncall/contacts.csv", w.team);
    let csv = mette.clone().language("da").get(&csv_path).await;
    csv.assert_ok();
    assert!(csv.header(CONTENT_TYPE).starts_with("text/csv"));
    let header = csv
        .text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap();
    assert_eq!(
        header,
        "Måned;Kontakter;Familier;Pr. familie i behandling;Udrykninger"
    );
    // Six months, the oldest first, ending with this one.
    assert_eq!(csv.text.lines().count(), 7, "{}", csv.text);
    let xlsx = mette
        .get(&format!("/teams/{}/oncall/contacts.xlsx", w.team))
        .await;
    xlsx.assert_ok();
    assert!(xlsx.bytes.starts_with(b"PK\x03\x04"), "a zip archive");
    jonas
        .get(&csv_path)
        .await
        .assert_status(StatusCode::FORBIDDEN);
    mette
        .get(&format!("/teams/{}/oncall", w.team))
        .await
        .assert_ok()
        .has("contacts.xlsx");
}
