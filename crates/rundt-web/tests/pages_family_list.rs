//! Finding a family in the pages: the list names the young person with
//! their age, current families come first and by urgency, a search by name
//! or national identifier looks through every family one may see, and a
//! mistyped number is answered in the page's language.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use chrono::NaiveDate;
use rundt_domain::discharge::{DischargeReason, UltimateOutcomes};
use rundt_testkit::http::AarhusTeam;
use rundt_testkit::test_now;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[tokio::test]
async fn the_supervisors_list_names_the_young_person_with_the_age() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let f =
        w.t.start_family(w.team, "louise", "mette", "jonas", day(2026, 10, 1))
            .await;
    let mette = w.client("mette", test_now()).await.language("da");
    // Mikkel Testesen was 14 at referral on 17 September: still 14.
    mette
        .get("/cases")
        .await
        .assert_ok()
        .has(&format!(
            "<a href=\"/cases/{}\">Mikkel Testesen, 14 år</a>",
            f.case_id
        ))
        .has("<label for=\"family-q\">Find en familie</label>")
        .lacks("Familie 1</a>");
}

#[tokio::test]
async fn a_search_by_name_finds_a_discharged_family_the_current_list_does_not_show() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let mut f =
        w.t.start_family(w.team, "louise", "mette", "jonas", day(2026, 6, 1))
            .await;
    let outcomes = UltimateOutcomes {
        living_at_home: true,
        in_school_or_working: true,
        no_new_arrests: true,
    };
    w.t.discharge_family(
        &mut f,
        "jonas",
        day(2026, 10, 30),
        DischargeReason::Completed,
        outcomes,
    )
    .await;
    let mette = w.client("mette", test_now()).await.language("nb");
    let link = format!("<a href=\"/cases/{}\">", f.case_id);
    mette.get("/cases").await.assert_ok().lacks(&link);
    mette
        .get("/cases?q=testesen+mik")
        .await
        .assert_ok()
        .has(&link)
        .has("1 familie funnet");
    mette.get("/cases?show=all").await.assert_ok().has(&link);
}

#[tokio::test]
async fn a_mistyped_cpr_number_is_answered_in_danish_with_the_search_kept() {
    let w = AarhusTeam::new(rundt_web::router).await;
    w.t.start_family(w.team, "louise", "mette", "jonas", day(2026, 10, 1))
        .await;
    let mette = w.client("mette", test_now()).await.language("da");
    mette
        .get("/cases?q=320382-1234")
        .await
        .assert_status(StatusCode::BAD_REQUEST)
        .has("aria-invalid=\"true\"")
        .has("value=\"320382-1234\"")
        .has("id=\"family-q-error\"");
    mette
        .get("/cases?q=m")
        .await
        .assert_status(StatusCode::BAD_REQUEST)
        .has("skriv mindst to bogstaver af et navn eller et helt CPR-nummer");
}

#[tokio::test]
async fn another_therapists_family_is_not_found_by_name() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let f =
        w.t.start_family(w.team, "louise", "mette", "jonas", day(2026, 10, 1))
            .await;
    let sofie = w.client("sofie", test_now()).await.language("en");
    sofie
        .get("/cases?q=Mikkel&show=all")
        .await
        .assert_ok()
        .has("0 families found")
        .lacks(&format!("/cases/{}\"", f.case_id))
        .lacks("Mikkel Testesen");
}
