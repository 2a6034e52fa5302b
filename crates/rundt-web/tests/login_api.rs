//! Logging in over HTTP: cookies, the two steps, logout, CSRF and bearer
//! tokens, through the real router.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::{StatusCode, header};
use rundt_testkit::http::Client;
use rundt_testkit::{TEST_PASSWORD, TestApp, second_factor_code, test_now};
use serde_json::json;

#[tokio::test]
async fn a_user_logs_in_in_two_steps_and_the_cookie_is_locked_down() {
    let t = TestApp::new().await;
    t.user("mette", "supervisor", "DK", None).await;
    let visitor = Client::new(rundt_web::router(t.app.clone()));

    let step1 = visitor
        .post(
            "/api/v1/session",
            json!({"username": "mette", "password": TEST_PASSWORD}),
        )
        .await;
    step1.assert_status(StatusCode::OK);
    let set_cookie = step1.header(header::SET_COOKIE);
    for flag in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
        assert!(set_cookie.contains(flag), "{set_cookie} lacks {flag}");
    }
    let pending = visitor.clone().cookie(&step1.cookie());
    assert_eq!(step1.json()["next"], "verify");

    // The pending session opens nothing.
    let me = pending.get("/api/v1/me").await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);

    let second_factor = "/api/v1/session/second-factor";
    let wrong = pending.post(second_factor, json!({"code": "000000"})).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let code = second_factor_code(test_now());
    let step2 = pending.post(second_factor, json!({"code": code})).await;
    step2.assert_status(StatusCode::OK);
    assert_ne!(step2.cookie(), step1.cookie());
    let session = visitor.clone().cookie(&step2.cookie());
    let csrf = step2.json()["csrf_token"].as_str().unwrap().to_owned();

    let me = session.get("/api/v1/me").await;
    assert_eq!(me.status, StatusCode::OK);
    assert!(me.text.contains("\"username\":\"mette\""));
    assert!(!me.text.contains("password"), "no hash in the answer");

    // Logging out needs the CSRF token, and ends the session.
    let no_csrf = session.delete("/api/v1/session").await;
    assert_eq!(no_csrf.status, StatusCode::FORBIDDEN);
    let out = session.clone().csrf(&csrf).delete("/api/v1/session").await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert!(out.header(header::SET_COOKIE).contains("Max-Age=0"));
    let me = session.get("/api/v1/me").await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn repeated_failures_get_429_with_retry_after() {
    let t = TestApp::new().await;
    t.user("jonas", "therapist", "DK", None).await;
    let visitor = Client::new(rundt_web::router(t.app.clone()));
    let attempt = |password: &str| json!({"username": "jonas", "password": password});
    for _ in 0..5 {
        let r = visitor
            .post("/api/v1/session", attempt("wrong wrong wrong"))
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(r.text.contains("username or password is not correct"));
    }
    let r = visitor
        .post("/api/v1/session", attempt(TEST_PASSWORD))
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.header(header::RETRY_AFTER), "900");
}

#[tokio::test]
async fn a_personal_api_token_works_as_bearer_and_stops_when_revoked() {
    let t = TestApp::new().await;
    let u = t.user("sofie", "therapist", "DK", None).await;
    let sofie = t.client_for(rundt_web::router, u.id).await;
    let created = sofie
        .post("/api/v1/me/tokens", json!({"name": "export"}))
        .await;
    created.assert_status(StatusCode::CREATED);
    let created = created.json();
    let secret = created["secret"].as_str().unwrap().to_owned();
    let bearer = Client::new(rundt_web::router(t.app.clone())).bearer(&secret);
    let me = bearer.get("/api/v1/me").await;
    assert_eq!(me.status, StatusCode::OK);
    // Bearer requests carry no ambient credential, so they need no CSRF token.
    let another = bearer
        .post("/api/v1/me/tokens", json!({"name": "second"}))
        .await;
    assert_eq!(another.status, StatusCode::CREATED);
    let listed = bearer.get("/api/v1/me/tokens").await;
    assert!(
        !listed.text.contains(&secret),
        "the secret is shown once only"
    );
    let id = created["token"]["id"].as_i64().unwrap();
    let revoked = bearer.delete(&format!("/api/v1/me/tokens/{id}")).await;
    assert_eq!(revoked.status, StatusCode::OK);
    let me = bearer.get("/api/v1/me").await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    let garbage = Client::new(rundt_web::router(t.app.clone()))
        .header(header::AUTHORIZATION, "Basic abc")
        .get("/api/v1/me")
        .await;
    assert_eq!(garbage.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn pages_send_visitors_to_the_login_page_and_back_after_login() {
    let t = TestApp::new().await;
    let visitor = Client::new(rundt_web::router(t.app.clone()));
    for path in [
        "/",
        "/teams/1",
        "/cases",
        "/cases/1",
        "/account",
        "/audit",
        "/admin/users",
        "/break-glass",
    ] {
        let r = visitor.get(path).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
        let location = r.location().unwrap();
        assert!(location.starts_with("/login?next="), "{path} -> {location}");
    }
    let login = visitor.get("/login?next=//evil.example").await;
    assert_eq!(login.status, StatusCode::OK);
    assert!(
        !login.text.contains("evil.example"),
        "no open redirect through next"
    );
}

#[tokio::test]
async fn with_password_login_off_the_form_is_gone_and_both_doors_answer_403() {
    let t = TestApp::new().await;
    t.user("mette", "supervisor", "DK", None).await;
    let app = t.app.clone().with_password_login(false);
    let visitor = Client::new(rundt_web::router(app));
    let api = visitor
        .post(
            "/api/v1/session",
            json!({"username": "mette", "password": TEST_PASSWORD}),
        )
        .await;
    assert_eq!(api.status, StatusCode::FORBIDDEN);
    assert!(api.text.contains("switched off"), "{}", api.text);
    let page = visitor.get("/login").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        !page.text.contains("name=\"password\""),
        "no password field"
    );
    let posted = visitor
        .form(
            "/login",
            &[("username", "mette"), ("password", TEST_PASSWORD)],
        )
        .await;
    assert_eq!(posted.status, StatusCode::FORBIDDEN);
    assert!(
        !posted.header(header::SET_COOKIE).contains("rundt_session"),
        "no session: {}",
        posted.header(header::SET_COOKIE)
    );
}

#[tokio::test]
async fn a_provider_that_is_not_configured_or_an_answer_without_a_login_is_refused() {
    let t = TestApp::new().await;
    let visitor = Client::new(rundt_web::router(t.app.clone()));
    let unknown = visitor.get("/login/oidc/nowhere").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let no_state = visitor.get("/login/oidc/callback?code=abc").await;
    assert_eq!(no_state.status, StatusCode::BAD_REQUEST);
    let stranger = visitor
        .get("/login/oidc/callback?code=abc&state=never-begun")
        .await;
    assert_eq!(stranger.status, StatusCode::UNAUTHORIZED);
    assert!(
        stranger.text.contains("not recognised") || stranger.text.contains("genkendes"),
        "{}",
        stranger.text
    );
}
