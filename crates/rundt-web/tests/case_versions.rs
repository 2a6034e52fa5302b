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
use rundt_domain::id::TeamId;
use rundt_testkit::http::{AarhusTeam, Client, Reply};
use rundt_testkit::test_now;
use serde_json::{Value, json};

fn referral(team: TeamId) -> Value {
    json!({
        "team_id": team,
        "young_person": {"given_name": "Mikkel", "family_name": "Andersen", "birth_date": "2011-03-15"},
        "caregivers": [{"given_name": "Lone", "family_name": "Andersen", "birth_date": "1982-06-02"}],
        "referral": {
            "behaviours": [{"behaviour": "truancy", "frequency": "3 days a week",
                            "intensity": "has not attended maths since August", "duration": "4 months"}],
            "legal_basis": "Barnets Lov § 32, stk. 1, nr. 5",
            "consent": {"given_by": "mother", "given_on": "2026-11-20"}
        }
    })
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
