//! A case's version over the API: every answer that shows a case carries
//! its `ETag`, every change names the version it was made on in `If-Match`,
//! and the version is checked before anything else about the change, so a
//! stale one is always 412 and only a change at the current version can be
//! refused for the case's state (409).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use chrono::Duration;
use rundt_domain::id::TeamId;
use rundt_testkit::http::{AarhusTeam, Client, Reply};
use rundt_testkit::test_now;
use serde_json::{Value, json};

fn referral(team: TeamId) -> Value {
    rundt_testkit::http::truancy_referral(team, "2011-03-15")
}

fn assessment(measure: &str) -> Value {
    let systems: Vec<Value> = ["individual", "family", "peers", "school", "community"]
        .iter()
        .map(|s| json!({"system": s, "strengths": "good at football", "needs": "structure in the evenings"}))
        .collect();
    json!({
        "systems": systems,
        "key_participants": [{"name": "Lone", "relation": "mother", "desired_outcome": "Mikkel goes to school"}],
        "overarching_goals": [{"goal": "Mikkel attends school", "measure": measure}]
    })
}

fn summary(notes: &str) -> Value {
    json!({
        "week_start": "2026-11-16",
        "contacts": [{"date": "2026-11-18", "minutes": 90, "with": ["mother"], "place": "home", "mode": "face_to_face"}],
        "last_week_goals": [{"goal": "home by 21:00", "attainment": "partly", "note": notes}],
        "advances": "mother kept the curfew",
        "barriers": "father works nights",
        "fit_drivers": [{"system": "peers", "driver": "older boys after school", "prioritised": true}],
        "next_week_goals": ["home by 21:00 four nights"],
        "overarching_progress": [{"goal": "Mikkel attends school", "attainment": "partly"}]
    })
}

fn discharge() -> Value {
    json!({
        "date": "2026-11-25", "reason": "completed", "clinical_evaluation": "Goals met and sustained for four weeks.",
        "goals": [{"goal": "Mikkel attends school", "result": "met"}],
        "outcomes": {"living_at_home": true, "in_school_or_working": true, "no_new_arrests": true}
    })
}

fn follow_up() -> Value {
    json!({"months": 6, "date": "2026-11-25",
           "outcomes": {"living_at_home": true, "in_school_or_working": true, "no_new_arrests": true}})
}

/// A stale `If-Match` refused as such: 412 with the current version named.
fn assert_stale(r: &Reply, what: &str) {
    let body = r.client_error(StatusCode::PRECONDITION_FAILED);
    assert_eq!(body["code"], "version-mismatch", "{what}: {body}");
}

/// The case's version as its `ETag` says it.
fn tag(version: &Value) -> String {
    format!("\"{}\"", version.as_i64().unwrap())
}

/// The Aarhus team's caseworker refers a family; the answer.
async fn referred(w: &AarhusTeam, louise: &Client) -> Reply {
    let r = louise.post("/api/v1/cases", referral(w.team)).await;
    r.assert_status(StatusCode::CREATED);
    r
}

#[tokio::test]
async fn a_created_case_carries_its_etag() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let [louise, mette] = w.clients(["louise", "mette"], test_now()).await;
    let created = referred(&w, &louise).await;
    assert_eq!(created.etag(), tag(&created.body["version"]));
    // The supervisor can decide at once with the tag the referral got.
    let id = &created.body["id"];
    let accepted = mette
        .if_match(&created.etag())
        .post(&format!("/api/v1/cases/{id}/accept"), json!({}))
        .await;
    accepted.assert_ok();
    assert_eq!(accepted.body["status"], "waiting");
}

#[tokio::test]
async fn a_read_case_carries_its_etag() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let [louise, mette] = w.clients(["louise", "mette"], test_now()).await;
    let id = referred(&w, &louise).await.body["id"].clone();
    let case = format!("/api/v1/cases/{id}");
    let read = mette.get(&case).await;
    read.assert_ok();
    assert_eq!(read.etag(), tag(&read.body["version"]));
    let file = mette.get(&format!("{case}/file")).await;
    assert_eq!(read.etag(), file.etag(), "the case and its file agree");
    // After a change the read carries the new version, and it is the one
    // the next change needs.
    let accepted = mette
        .if_match(&read.etag())
        .post(&format!("{case}/accept"), json!({}))
        .await;
    let again = mette.get(&case).await;
    assert_eq!(again.etag(), accepted.etag());
    assert_ne!(again.etag(), read.etag());
    let declined = mette
        .if_match(&again.etag())
        .post(
            &format!("{case}/decline"),
            json!({"reason": "the family moved"}),
        )
        .await;
    declined.assert_ok();
}

#[tokio::test]
async fn a_stale_if_match_is_412_even_when_the_state_moved() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let now = test_now();
    let [louise, mette] = w.clients(["louise", "mette"], now).await;
    let created = referred(&w, &louise).await;
    let case = format!("/api/v1/cases/{}", created.body["id"]);
    let first = mette.get(&case).await.etag();
    let accepted = mette
        .if_match(&first)
        .post(&format!("{case}/accept"), json!({}))
        .await;
    accepted.assert_ok();

    // The case has moved on to the waiting list. Every change made on the
    // version of the referral is stale, whether or not the step would be
    // possible now: accepting again, declining, assigning, discharging,
    // following up.
    let stale = mette.if_match(&first);
    let start = (now - Duration::days(7)).date_naive();
    let assignment = json!({"therapist_id": w.users["jonas"], "start": start});
    for (what, r) in [
        (
            "accept",
            stale.post(&format!("{case}/accept"), json!({})).await,
        ),
        (
            "decline",
            stale
                .post(
                    &format!("{case}/decline"),
                    json!({"reason": "changed mind"}),
                )
                .await,
        ),
        (
            "assign",
            stale
                .post(&format!("{case}/assign"), assignment.clone())
                .await,
        ),
        (
            "discharge",
            stale.post(&format!("{case}/discharge"), discharge()).await,
        ),
        (
            "follow-up",
            stale.post(&format!("{case}/follow-ups"), follow_up()).await,
        ),
    ] {
        assert_stale(&r, what);
    }

    // At the current version the same illegal steps are refused for the
    // state the case is in.
    let current = mette.if_match(&accepted.etag());
    let again = current.post(&format!("{case}/accept"), json!({})).await;
    again.client_error(StatusCode::CONFLICT);
    let early = current
        .post(&format!("{case}/discharge"), discharge())
        .await;
    early.client_error(StatusCode::CONFLICT);
    assert!(
        early.text.contains("treatment has not started"),
        "{}",
        early.text
    );
    // And a legal one goes through.
    current
        .post(&format!("{case}/assign"), assignment)
        .await
        .assert_ok();
}

#[tokio::test]
async fn a_stale_document_version_is_412_even_after_discharge() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let now = test_now();
    let [louise, mette, jonas] = w.clients(["louise", "mette", "jonas"], now).await;
    let created = referred(&w, &louise).await;
    let case = format!("/api/v1/cases/{}", created.body["id"]);
    let waiting = mette
        .if_match(&mette.get(&case).await.etag())
        .post(&format!("{case}/accept"), json!({}))
        .await;
    let start = (now - Duration::days(14)).date_naive();
    let assigned = mette
        .if_match(&waiting.etag())
        .post(
            &format!("{case}/assign"),
            json!({"therapist_id": w.users["jonas"], "start": start}),
        )
        .await;
    assigned.assert_ok();

    // The assessment and a week's summary, each saved and then edited once:
    // their first versions are stale.
    let path = format!("{case}/assessment");
    let first_assessment = jonas
        .put(&path, assessment("5 of 5 days for 4 weeks"))
        .await;
    first_assessment.assert_ok();
    jonas
        .if_match(&first_assessment.etag())
        .put(&path, assessment("5 of 5 days for 6 weeks"))
        .await
        .assert_ok();
    let summaries = format!("{case}/weekly-summaries");
    let week = format!("{summaries}/2026-11-16");
    let first_summary = jonas.post(&summaries, summary("3 of 5 nights")).await;
    first_summary.assert_status(StatusCode::CREATED);
    jonas
        .if_match(&first_summary.etag())
        .put(&week, summary("4 of 5 nights"))
        .await
        .assert_ok();

    // The family is discharged: no more assessments or summaries. Edits on
    // the old versions are still stale first.
    let file = jonas.get(&format!("{case}/file")).await;
    jonas
        .if_match(&file.etag())
        .post(&format!("{case}/discharge"), discharge())
        .await
        .assert_ok();
    let r = jonas
        .if_match(&first_assessment.etag())
        .put(&path, assessment("5 of 5 days for 8 weeks"))
        .await;
    assert_stale(&r, "assessment");
    let r = jonas
        .if_match(&first_summary.etag())
        .put(&week, summary("5 of 5 nights"))
        .await;
    assert_stale(&r, "weekly summary");

    // At their current versions the edits are refused for the state.
    let file = jonas.get(&format!("{case}/file")).await;
    let assessment_tag = tag(&file.body["assessment"]["version"]);
    let r = jonas
        .if_match(&assessment_tag)
        .put(&path, assessment("5 of 5 days for 8 weeks"))
        .await;
    r.client_error(StatusCode::CONFLICT);
    let summary_tag = tag(&file.body["weekly_summaries"][0]["version"]);
    let r = jonas
        .if_match(&summary_tag)
        .put(&week, summary("5 of 5 nights"))
        .await;
    r.client_error(StatusCode::CONFLICT);
}

#[tokio::test]
async fn the_api_document_names_the_etag_and_the_412_of_case_changes() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let [mette] = w.clients(["mette"], test_now()).await;
    let doc = mette.get("/api/openapi.json").await.json();
    let responses = |path: &str, method: &str| doc["paths"][path][method]["responses"].clone();
    let etag = |r: &Value| r["headers"]["ETag"].is_object();
    assert!(etag(&responses("/api/v1/cases", "post")["201"]), "created");
    assert!(etag(&responses("/api/v1/cases/{id}", "get")["200"]), "read");
    assert!(
        etag(&responses("/api/v1/cases/{id}/file", "get")["200"]),
        "file"
    );
    for (path, method) in [
        ("/api/v1/cases/{id}/accept", "post"),
        ("/api/v1/cases/{id}/decline", "post"),
        ("/api/v1/cases/{id}/assign", "post"),
        ("/api/v1/cases/{id}/discharge", "post"),
        ("/api/v1/cases/{id}/follow-ups", "post"),
        ("/api/v1/cases/{id}/weekly-summaries/{week}", "put"),
    ] {
        let r = responses(path, method);
        for status in ["200", "403", "404", "409", "412", "422", "428"] {
            assert!(r[status].is_object(), "{method} {path} documents {status}");
        }
        assert!(etag(&r["200"]), "{method} {path} documents its ETag");
    }
    let r = responses("/api/v1/cases/{id}/assessment", "put");
    for status in ["200", "403", "404", "409", "412", "422"] {
        assert!(r[status].is_object(), "the assessment documents {status}");
    }
    assert!(etag(&r["200"]));
}
