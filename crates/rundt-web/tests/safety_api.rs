//! MST-CAN's safety records over the API: the therapist saves the safety
//! plan in versions (each named by its ETag, a stale or missing one 412),
//! a plan with no contact person for the children is 422 naming the field,
//! an incident is flagged until its notification is recorded (If-Match
//! required), only the supervisor says none was needed, and the
//! municipality's caseworker changes none of it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use chrono::NaiveDate;
use rundt_testkit::http::AarhusTeam;
use rundt_testkit::test_now;
use serde_json::{Value, json};

fn plan(contacts: Value) -> Value {
    json!({
        "risks": [{"kind": "physical_violence", "from_whom": "Father", "to_whom": "Mikkel",
                   "situations": "Evenings when father has been drinking"}],
        "warning_signs": ["Father raises his voice and paces the living room"],
        "adult_actions": [{"adult": "Father", "instead": "Goes for a walk and calls the therapist"}],
        "child_contacts": contacts,
        "agreed_with_family_on": "2026-11-20",
        "shared_with_child_welfare_on": null
    })
}

fn contacts() -> Value {
    json!([{"child": "Mikkel", "contact_person": "Grandmother Grete", "how": "Mobile 20 00 00 00"}])
}

#[tokio::test]
async fn the_therapist_keeps_the_safety_plan_and_the_incidents_and_the_caseworker_cannot() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let start = NaiveDate::from_ymd_opt(2026, 10, 5).unwrap();
    let f =
        w.t.start_family(w.team, "louise", "mette", "jonas", start)
            .await;
    let case = f.case_id;
    let [jonas, mette, louise] = w.clients(["jonas", "mette", "louise"], test_now()).await;

    let empty = jonas.get(&format!("/api/v1/cases/{case}/safety")).await;
    empty.assert_ok();
    assert_eq!(empty.etag(), "\"0\"");
    assert_eq!(empty.json()["plans"], json!([]));

    let path = format!("/api/v1/cases/{case}/safety-plan");
    let first = jonas.put(&path, plan(contacts())).await;
    first.assert_ok();
    assert_eq!(first.etag(), "\"1\"");
    jonas
        .put(&path, plan(contacts()))
        .await
        .assert_status(StatusCode::PRECONDITION_FAILED);
    let second = jonas.if_match("\"1\"").put(&path, plan(contacts())).await;
    assert_eq!(second.etag(), "\"2\"");
    let missing = jonas.if_match("\"2\"").put(&path, plan(json!([]))).await;
    missing.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(missing.json()["fields"][0]["field"], "child_contacts");
    louise
        .if_match("\"2\"")
        .put(&path, plan(contacts()))
        .await
        .assert_status(StatusCode::FORBIDDEN);

    let incident = json!({
        "at": "2026-11-20T19:30:00Z",
        "children": [f.young_person_id],
        "what_happened": "Father hit Mikkel on the arm during a quarrel",
        "what_was_done": "Home visit the same evening; the safety plan was gone through",
        "emergency_services": false,
        "notification": {"state": "missing"}
    });
    let recorded = jonas
        .post(&format!("/api/v1/cases/{case}/incidents"), incident)
        .await;
    recorded.assert_status(StatusCode::CREATED);
    assert_eq!(recorded.json()["flagged"], true);
    let id = recorded.json()["id"].as_i64().unwrap();
    let note = format!("/api/v1/cases/{case}/incidents/{id}/notification");
    let not_needed = json!({"state": "not_needed", "reason": "Child welfare was at the visit"});
    jonas
        .put(&note, not_needed.clone())
        .await
        .assert_status(StatusCode::PRECONDITION_REQUIRED);
    jonas
        .if_match("\"1\"")
        .put(&note, not_needed.clone())
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let cleared = mette.if_match("\"1\"").put(&note, not_needed).await;
    cleared.assert_ok();
    assert_eq!(cleared.json()["flagged"], false);

    let all = mette.get(&format!("/api/v1/cases/{case}/safety")).await;
    assert_eq!(all.etag(), "\"2\"");
    assert_eq!(all.json()["plans"].as_array().unwrap().len(), 2);
    assert_eq!(all.json()["incidents"][0]["flagged"], false);
}
