//! Personal API tokens as a product (issue 18): each carries a scope and an
//! expiry, and a rate; a request outside the scope is refused 403, an
//! expired token 401 with the day it ended, a token past its rate 429 with
//! `Retry-After` — through the real router.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::{StatusCode, header};
use chrono::Duration;
use rundt_testkit::TestApp;
use rundt_testkit::http::Client;
use serde_json::{Value, json};

/// Makes a token through the API as `username`; returns its JSON and secret.
async fn token(t: &TestApp, username: &str, body: Value) -> (Value, String) {
    let who = t.client_as(rundt_web::router, username).await;
    let created = who.post("/api/v1/me/tokens", body).await;
    created.assert_status(StatusCode::CREATED);
    let created = created.json();
    let secret = created["secret"].as_str().unwrap().to_owned();
    (created["token"].clone(), secret)
}

#[tokio::test]
async fn a_read_only_token_reads_but_never_writes() {
    let t = TestApp::new().await;
    t.user("sofie", "therapist", "DK", None).await;
    let (made, secret) = token(
        &t,
        "sofie",
        json!({"name": "phone app", "scope": "read_only", "expires_in_days": 30}),
    )
    .await;
    assert_eq!(made["scope"], "read_only");
    let bearer = Client::new(rundt_web::router(t.app.clone())).bearer(&secret);
    bearer.get("/api/v1/cases").await.assert_ok();
    bearer.get("/api/v1/me/tokens").await.assert_ok();
    let refused = bearer
        .post("/api/v1/me/tokens", json!({"name": "a wider one"}))
        .await
        .error(StatusCode::FORBIDDEN);
    assert_eq!(refused["code"], "api-token-scope");
    assert!(
        refused["message"].as_str().unwrap().contains("Read only"),
        "{refused}"
    );
    assert_eq!(t.count_rows("api_tokens").await, 1, "nothing was written");
}

#[tokio::test]
async fn a_results_only_token_reads_the_results_and_nothing_about_people() {
    let t = TestApp::new().await;
    t.user("nina", "national_admin", "DK", None).await;
    let (_, secret) = token(
        &t,
        "nina",
        json!({"name": "council report", "scope": "results_only"}),
    )
    .await;
    let bearer = Client::new(rundt_web::router(t.app.clone())).bearer(&secret);
    bearer.get("/api/v1/results/national/DK").await.assert_ok();
    bearer.get("/api/v1/me").await.assert_ok();
    for path in ["/api/v1/users", "/api/v1/me/tokens", "/api/v1/audit"] {
        let refused = bearer.get(path).await.error(StatusCode::FORBIDDEN);
        assert_eq!(refused["code"], "api-token-scope", "{path}");
    }
    // Without a token the same person may list the users: the scope, not
    // the role, refused it.
    let session = t.client_as(rundt_web::router, "nina").await;
    session.get("/api/v1/users").await.assert_ok();
}

#[tokio::test]
async fn a_token_lives_ninety_days_unless_told_and_an_expired_one_says_when_it_ended() {
    let t = TestApp::new().await;
    t.user("sofie", "therapist", "DK", None).await;
    let (made, _) = token(&t, "sofie", json!({"name": "default"})).await;
    assert_eq!(made["scope"], "full");
    let expires: chrono::DateTime<chrono::Utc> =
        made["expires_at"].as_str().unwrap().parse().unwrap();
    assert_eq!(expires - t.app.clock.now(), Duration::days(90));

    let (_, secret) = token(&t, "sofie", json!({"name": "a week", "expires_in_days": 7})).await;
    let in_six_days = t.at(t.app.clock.now() + Duration::days(6));
    Client::new(rundt_web::router(in_six_days))
        .bearer(&secret)
        .get("/api/v1/me")
        .await
        .assert_ok();
    let in_eight_days = t.at(t.app.clock.now() + Duration::days(8));
    let expired = Client::new(rundt_web::router(in_eight_days))
        .bearer(&secret)
        .get("/api/v1/me")
        .await
        .error(StatusCode::UNAUTHORIZED);
    assert_eq!(expired["code"], "api-token-expired");

    let who = t.client_as(rundt_web::router, "sofie").await;
    for days in [0, 366] {
        who.post(
            "/api/v1/me/tokens",
            json!({"name": "too long", "expires_in_days": days}),
        )
        .await
        .invalid("expires_in_days");
    }
    who.post("/api/v1/me/tokens", json!({"name": "x", "scope": "admin"}))
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_token_past_its_rate_gets_429_with_retry_after_and_another_token_does_not() {
    let t = TestApp::new().await;
    t.user("sofie", "therapist", "DK", None).await;
    let (_, first) = token(&t, "sofie", json!({"name": "busy script"})).await;
    let (_, second) = token(&t, "sofie", json!({"name": "quiet script"})).await;
    // Ten a minute: two at once, then one every six seconds.
    let router = rundt_web::router_with_settings(
        t.app.clone(),
        rundt_web::Settings {
            token_rate: rundt_web::TokenRate::per_minute(10),
            ..rundt_web::Settings::default()
        },
    );
    let busy = Client::new(router.clone()).bearer(&first);
    busy.get("/api/v1/me").await.assert_ok();
    busy.get("/api/v1/me").await.assert_ok();
    let limited = busy.get("/api/v1/me").await;
    let body = limited.error(StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["error"], "rate_limited");
    assert_eq!(body["code"], "api-rate-limited");
    let wait: u32 = limited.header(header::RETRY_AFTER).parse().unwrap();
    assert!((1..=6).contains(&wait), "Retry-After {wait}");
    Client::new(router)
        .bearer(&second)
        .get("/api/v1/me")
        .await
        .assert_ok();
}
