//! The supervision form on the team page is the meeting's agenda: each
//! family in treatment with its young person and therapist, what the
//! week's summary brings (questions, prioritised drivers, next week's
//! goals), and a warning where last week's summary is missing.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use chrono::NaiveDate;
use rundt_testkit::http::AarhusTeam;
use rundt_testkit::test_now;
use serde_json::json;

#[tokio::test]
async fn the_supervisor_sees_the_weeks_questions_and_the_missing_summaries_on_the_agenda() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let start = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    let written =
        w.t.start_family(w.team, "louise", "mette", "jonas", start)
            .await;
    let missing =
        w.t.start_family(w.team, "louise", "mette", "sofie", start)
            .await;
    let [jonas, mette] = w.clients(["jonas", "mette"], test_now()).await;
    let saved = jonas
        .post(
            &format!("/api/v1/cases/{}/weekly-summaries", written.case_id),
            json!({
                "week_start": "2026-11-16",
                "contacts": [{"date": "2026-11-17", "minutes": 60, "with": ["mother"], "place": "home", "mode": "face_to_face"}],
                "last_week_goals": [], "advances": "calmer evenings", "barriers": "father works nights",
                "fit_drivers": [{"system": "school", "driver": "no plan for maths", "prioritised": true}],
                "next_week_goals": ["meeting with the school"], "overarching_progress": [],
                "questions": "Should the school meeting wait for the father?"
            }),
        )
        .await;
    assert!(saved.status.is_success(), "{}", saved.text);

    let page = mette
        .language("da")
        .get(&format!("/teams/{}", w.team))
        .await;
    page.assert_ok()
        .has(&format!("id=\"agenda-{}\"", written.case_id))
        .has("<dt>Spørgsmål til supervision</dt><dd>Should the school meeting wait for the father?</dd>")
        .has("<dt>Prioriterede drivere</dt><dd>Skole: no plan for maths</dd>")
        .has("<dt>Barrierer</dt><dd>father works nights</dd>")
        .has("· Uge fra 2026-11-16")
        .has("Ugeopsummeringen for ugen fra 2026-11-16 mangler.");
    // The family without a summary comes first.
    let first = page
        .text
        .find(&format!("id=\"agenda-{}\"", missing.case_id))
        .unwrap();
    let second = page
        .text
        .find(&format!("id=\"agenda-{}\"", written.case_id))
        .unwrap();
    assert!(first < second, "the missing summary is taken first");
}
