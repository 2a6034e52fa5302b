//! "Accept and assign now": the supervisor's family page offers the
//! therapists with room when a referral is accepted, and the API does the
//! same in one call under `If-Match`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use rundt_domain::id::TeamId;
use rundt_testkit::http::{AarhusTeam, Client};
use rundt_testkit::test_now;
use serde_json::{Value, json};

fn referral(team: TeamId) -> Value {
    rundt_testkit::http::truancy_referral(team, "2012-03-01")
}

/// A family Louise referred, its id and its version's ETag.
async fn referred(w: &AarhusTeam, louise: &Client) -> (i64, String) {
    let r = louise.post("/api/v1/cases", referral(w.team)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    (r.body["id"].as_i64().unwrap(), r.etag())
}

#[tokio::test]
async fn the_supervisor_accepts_and_starts_treatment_with_a_therapist_who_has_room() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let [louise, mette] = w.clients(["louise", "mette"], test_now()).await;
    let mette = mette.language("da");
    let (id, _) = referred(&w, &louise).await;
    let jonas = w.users["jonas"];

    let page = mette.get(&format!("/cases/{id}")).await;
    page.assert_ok()
        .has("<legend>Start behandlingen nu</legend>")
        .has(&format!("<option value=\"{jonas}\">"))
        .has("<button type=\"submit\" name=\"then\" value=\"start\">Optag og start behandlingen</button>");
    let version = page.text.split("name=\"version\" value=\"").nth(1).unwrap();
    let version = &version[..version.find('"').unwrap()];

    // Without a therapist the one-step form is refused, and nothing changes.
    let blank = mette
        .form(
            &format!("/cases/{id}/accept"),
            &[
                ("version", version),
                ("then", "start"),
                ("therapist_id", ""),
                ("start", "2026-11-25"),
            ],
        )
        .await;
    blank
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .has("<span class=\"field-error\">vælg en terapeut på listen</span>");
    let still = mette.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(still.body["status"], "referred");

    let done = mette
        .form(
            &format!("/cases/{id}/accept"),
            &[
                ("version", version),
                ("then", "start"),
                ("therapist_id", &jonas.to_string()),
                ("start", "2026-11-25"),
            ],
        )
        .await;
    assert_eq!(
        done.location().as_deref(),
        Some(format!("/cases/{id}").as_str()),
        "{}",
        done.text
    );
    let now = mette.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(now.body["status"], "in_treatment");
    assert_eq!(now.body["therapist_id"], json!(jonas));
    assert_eq!(now.body["treatment_start"], "2026-11-25");
}

#[tokio::test]
async fn the_api_accepts_and_assigns_in_one_call_under_if_match() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let [louise, mette, jonas_client] = w.clients(["louise", "mette", "jonas"], test_now()).await;
    let (id, etag) = referred(&w, &louise).await;
    let uri = format!("/api/v1/cases/{id}/accept-and-assign");
    let body = json!({"therapist_id": w.users["sofie"], "start": "2026-11-26"});

    let no_version = mette.post(&uri, body.clone()).await;
    assert_eq!(no_version.status, StatusCode::PRECONDITION_REQUIRED);
    let by_therapist = jonas_client.if_match(&etag).post(&uri, body.clone()).await;
    assert_eq!(by_therapist.status, StatusCode::FORBIDDEN);
    let to_louise = mette
        .if_match(&etag)
        .post(&uri, json!({"therapist_id": w.users["louise"]}))
        .await;
    assert_eq!(
        to_louise.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        to_louise.text
    );

    let done = mette.if_match(&etag).post(&uri, body.clone()).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    assert_eq!(done.body["case"]["status"], "in_treatment");
    assert_eq!(done.body["open_families"], 1);
    let again = mette.if_match(&etag).post(&uri, body).await;
    assert_eq!(
        again.status,
        StatusCode::PRECONDITION_FAILED,
        "the old version is stale"
    );
}
