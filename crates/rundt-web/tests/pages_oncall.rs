//! The on-call rota's pages: the supervisor fills the coming weeks from
//! the pattern, sees each shift with its person and true length in the
//! team's local time, the gaps in plain words, and publishes with a
//! reason; a shift ending before it starts is refused beside its form and
//! nothing is stored; the team page shows the phone and who is on call;
//! the start page lists the gaps; a therapist proposes a swap and the
//! other agrees; the national office's page shows which teams have gaps.
//! One page in Norwegian.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use rundt_testkit::http::AarhusTeam;
use rundt_testkit::{TestApp, test_now};
use serde_json::json;

#[tokio::test]
async fn the_supervisor_fills_the_rota_sees_the_gaps_and_publishes_with_a_reason() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let mette = w.client("mette", test_now()).await.language("en");
    let page = format!("/teams/{}/oncall", w.team);
    let empty = mette.get(&page).await;
    empty
        .assert_ok()
        .has("id=\"no-shifts\"")
        .has("nobody is on call from 2026-11-25 16:00 to 2026-11-26 08:00");

    let refused = mette
        .form(
            &format!("{page}/shifts"),
            &[
                ("person_id", &w.users["jonas"].to_string()),
                ("starts", "2026-12-07T16:00"),
                ("ends", "2026-12-07T08:00"),
            ],
        )
        .await;
    refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    refused
        .has("a shift must end after it starts")
        .has("value=\"2026-12-07T08:00\"");
    assert_eq!(w.t.count_rows("oncall_shifts").await, 0);

    let filled = mette
        .form(
            &format!("{page}/fill"),
            &[("first", "2026-11-25"), ("last", "2027-01-20")],
        )
        .await;
    assert_eq!(filled.status, StatusCode::SEE_OTHER, "{}", filled.text);
    let shown = mette.get(&page).await;
    shown
        .assert_ok()
        .has("id=\"no-notices\"")
        .has("Week 48 (from 2026-11-23)")
        .has("16:00–08:00")
        .has("16 hours")
        .has("24 hours");
    // Christmas Day is a public holiday: one shift 08:00 to 08:00.
    assert!(
        shown
            .text
            .contains("Fri 2026-12-25</strong> <span class=\"date\">08:00–08:00")
    );

    // A night nobody takes: the gap in plain words, and no publishing
    // without a reason.
    let first =
        w.t.store
            .shifts_between(w.team, test_now(), test_now() + chrono::Duration::days(7))
            .await
            .unwrap();
    let night = &first[2];
    let removed = mette
        .form(
            &format!("{page}/shifts/{}", night.id),
            &[
                ("version", "1"),
                ("remove", "1"),
                ("person_id", &night.person_id.to_string()),
                ("starts", "2026-11-27T16:00"),
                ("ends", "2026-11-28T08:00"),
            ],
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.text);
    let refused = mette
        .form(&format!("{page}/publish"), &[("reason", "")])
        .await;
    refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    refused.has("the rota leaves a gap");
    let published = mette
        .form(
            &format!("{page}/publish"),
            &[("reason", "Friday is covered by MST Fyn")],
        )
        .await;
    assert_eq!(published.status, StatusCode::SEE_OTHER);
    mette
        .get(&page)
        .await
        .has("nobody is on call from")
        .has("with 1 gap")
        .has("Friday is covered by MST Fyn");

    let start = mette.get("/").await;
    start
        .assert_ok()
        .has("id=\"oncall\"")
        .has("nobody is on call from");
    let team = mette.get(&format!("/teams/{}", w.team)).await;
    team.assert_ok()
        .has("id=\"oncall-now\"")
        .has(&format!("href=\"/teams/{}/oncall\"", w.team));
}

#[tokio::test]
async fn a_therapist_proposes_a_swap_and_the_other_agrees_but_cannot_edit() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let [mette, jonas, sofie] = w.clients(["mette", "jonas", "sofie"], test_now()).await;
    let rota = format!("/api/v1/teams/{}/oncall", w.team);
    let saturday = mette
        .post(
            &format!("{rota}/shifts"),
            json!({"person_id": w.users["jonas"], "starts": "2026-12-12T08:00:00", "ends": "2026-12-13T08:00:00"}),
        )
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    let page = format!("/teams/{}/oncall", w.team);
    let jonas = jonas.language("en");
    let seen = jonas.get(&page).await;
    seen.assert_ok()
        .has("id=\"swap-form\"")
        .lacks("id=\"fill-form\"")
        .lacks("id=\"publish-form\"");
    let proposed = jonas
        .form(
            &format!("{page}/swaps"),
            &[
                ("shift_id", &saturday.to_string()),
                ("to_person", &w.users["sofie"].to_string()),
                ("return_shift_id", ""),
            ],
        )
        .await;
    assert_eq!(proposed.status, StatusCode::SEE_OTHER, "{}", proposed.text);
    jonas
        .form(
            &format!("{page}/fill"),
            &[("first", "2026-11-25"), ("last", "2026-12-01")],
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);

    let sofie = sofie.language("en");
    let asked = sofie.get(&page).await;
    asked
        .assert_ok()
        .has("Awaiting an answer")
        .has("value=\"agree\"");
    let swap = w.t.store.swaps_of_team(w.team).await.unwrap()[0].id;
    let agreed = sofie
        .form(
            &format!("{page}/swaps/{swap}/answer"),
            &[("version", "1"), ("answer", "agree")],
        )
        .await;
    assert_eq!(agreed.status, StatusCode::SEE_OTHER, "{}", agreed.text);
    let shift =
        w.t.store
            .oncall_shift(w.team, saturday)
            .await
            .unwrap()
            .unwrap();
    assert_eq!(shift.person_id, w.users["sofie"]);
    sofie.get(&page).await.has("Agreed");
}

#[tokio::test]
async fn a_norwegian_supervisor_sees_the_rota_in_norwegian_and_the_national_office_the_gaps() {
    let t = TestApp::new().await;
    let (team, users) = t.baerum_can_team().await;
    let kari = t
        .client_for(rundt_web::router, users["kari"])
        .await
        .language("nb");
    let page = format!("/teams/{team}/oncall");
    let saved = kari
        .form(
            &format!("{page}/settings"),
            &[
                ("phone", "+47 67 00 00 00"),
                ("max_hours_in_row", "24"),
                ("max_shifts_per_week", ""),
                ("weekday_split_hour", ""),
                ("off_days", "daily"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let refused = kari
        .form(
            &format!("{page}/settings"),
            &[("phone", "ring meg"), ("max_hours_in_row", "200")],
        )
        .await;
    refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    refused.has("vakttelefonens nummer").has("fra 1 til 168");
    let shown = kari.get(&page).await;
    shown
        .assert_ok()
        .has("Vaktplan: MST-CAN Bærum")
        .has("+47 67 00 00 00")
        .has("ingen har vakt fra");
    let team_page = kari.get(&format!("/teams/{team}")).await;
    team_page
        .assert_ok()
        .has("Vakttelefon")
        .has("+47 67 00 00 00");

    let office = t.user("ola", "national_admin", "NO", None).await;
    let office = t.client_for(rundt_web::router, office.id).await;
    let gaps = office.language("nb").get("/oncall").await;
    gaps.assert_ok()
        .has("Hull i teamenes vaktplaner")
        .has(&format!("href=\"/teams/{team}/oncall\""));
    let nina = t.client_for(rundt_web::router, users["nina"]).await;
    nina.get("/oncall")
        .await
        .assert_status(StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_supervisor_downloads_the_hours_on_call_per_person_per_month_and_a_therapist_cannot() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let [mette, jonas] = w.clients(["mette", "jonas"], test_now()).await;
    let rota = format!("/api/v1/teams/{}/oncall", w.team);
    // A night across the month's end and a weekend day.
    for (who, starts, ends) in [
        ("jonas", "2026-11-30T16:00:00", "2026-12-01T08:00:00"),
        ("jonas", "2026-12-05T08:00:00", "2026-12-06T08:00:00"),
        ("sofie", "2026-12-06T08:00:00", "2026-12-07T08:00:00"),
    ] {
        mette
            .post(
                &format!("{rota}/shifts"),
                json!({"person_id": w.users[who], "starts": starts, "ends": ends}),
            )
            .await
            .assert_status(StatusCode::CREATED);
    }
    let page = format!("/teams/{}/oncall/hours.csv?from=2026-11&months=2", w.team);
    let english = w.client("mette", test_now()).await.language("en");
    let csv = english.get(&page).await;
    csv.assert_ok();
    assert!(
        csv.header(axum::http::header::CONTENT_TYPE)
            .starts_with("text/csv")
    );
    let lines: Vec<&str> = csv.text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines,
        vec![
            "Person,Month,Hours,Shifts",
            "Test jonas,2026-11,8.0,1",
            "Test jonas,2026-12,32.0,1",
            "Test sofie,2026-12,24.0,1",
        ]
    );
    let danish = w
        .client("mette", test_now())
        .await
        .language("da")
        .get(&page)
        .await;
    assert!(
        danish.text.contains("Test jonas;2026-12;32,0;1"),
        "{}",
        danish.text
    );
    jonas.get(&page).await.assert_status(StatusCode::FORBIDDEN);
    mette
        .get(&format!("/teams/{}/oncall/hours.csv?from=november", w.team))
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
}
