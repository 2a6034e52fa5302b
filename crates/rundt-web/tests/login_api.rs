//! Logging in over HTTP: cookies, the two steps, logout, CSRF and bearer
//! tokens, through the real router.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use rundt_app::demo::DEMO_TOTP_SECRET;
use rundt_domain::totp::{TotpSecret, code_at};
use rundt_testkit::{TEST_PASSWORD, TestApp, test_now};
use serde_json::{Value, json};
use tower::ServiceExt;

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

async fn send(
    router: &axum::Router,
    method: Method,
    uri: &str,
    body: Option<Value>,
    headers: &[(&str, &str)],
) -> Reply {
    let mut req = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let req = match body {
        Some(b) => req
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(b.to_string()))
            .unwrap(),
        None => req.body(Body::empty()).unwrap(),
    };
    let res = router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body =
        String::from_utf8_lossy(&res.into_body().collect().await.unwrap().to_bytes()).into_owned();
    Reply {
        status,
        headers,
        body,
    }
}

fn cookie_of(r: &Reply) -> String {
    let set = r.headers[header::SET_COOKIE].to_str().unwrap().to_owned();
    set.split(';').next().unwrap().to_owned()
}

#[tokio::test]
async fn a_user_logs_in_in_two_steps_and_the_cookie_is_locked_down() {
    let t = TestApp::new().await;
    t.user("mette", "supervisor", "DK", None).await;
    let router = rundt_web::router(t.app.clone());

    let step1 = send(
        &router,
        Method::POST,
        "/api/v1/session",
        Some(json!({"username": "mette", "password": TEST_PASSWORD})),
        &[],
    )
    .await;
    assert_eq!(step1.status, StatusCode::OK, "{}", step1.body);
    let set_cookie = step1.headers[header::SET_COOKIE].to_str().unwrap();
    for flag in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
        assert!(set_cookie.contains(flag), "{set_cookie} lacks {flag}");
    }
    let pending = cookie_of(&step1);
    let answer: Value = serde_json::from_str(&step1.body).unwrap();
    assert_eq!(answer["next"], "verify");

    // The pending session opens nothing.
    let me = send(
        &router,
        Method::GET,
        "/api/v1/me",
        None,
        &[("cookie", &pending)],
    )
    .await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);

    let code = code_at(
        &TotpSecret::from_base32(DEMO_TOTP_SECRET).unwrap(),
        test_now().timestamp(),
    );
    let wrong = send(
        &router,
        Method::POST,
        "/api/v1/session/second-factor",
        Some(json!({"code": "000000"})),
        &[("cookie", &pending)],
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let step2 = send(
        &router,
        Method::POST,
        "/api/v1/session/second-factor",
        Some(json!({"code": code})),
        &[("cookie", &pending)],
    )
    .await;
    assert_eq!(step2.status, StatusCode::OK, "{}", step2.body);
    let session = cookie_of(&step2);
    assert_ne!(session, pending);
    let csrf = serde_json::from_str::<Value>(&step2.body).unwrap()["csrf_token"]
        .as_str()
        .unwrap()
        .to_owned();

    let me = send(
        &router,
        Method::GET,
        "/api/v1/me",
        None,
        &[("cookie", &session)],
    )
    .await;
    assert_eq!(me.status, StatusCode::OK);
    assert!(me.body.contains("\"username\":\"mette\""));
    assert!(!me.body.contains("password"), "no hash in the answer");

    // Logging out needs the CSRF token, and ends the session.
    let no_csrf = send(
        &router,
        Method::DELETE,
        "/api/v1/session",
        None,
        &[("cookie", &session)],
    )
    .await;
    assert_eq!(no_csrf.status, StatusCode::FORBIDDEN);
    let out = send(
        &router,
        Method::DELETE,
        "/api/v1/session",
        None,
        &[("cookie", &session), ("x-csrf-token", &csrf)],
    )
    .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert!(
        out.headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    let me = send(
        &router,
        Method::GET,
        "/api/v1/me",
        None,
        &[("cookie", &session)],
    )
    .await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn repeated_failures_get_429_with_retry_after() {
    let t = TestApp::new().await;
    t.user("jonas", "therapist", "DK", None).await;
    let router = rundt_web::router(t.app.clone());
    for _ in 0..5 {
        let r = send(
            &router,
            Method::POST,
            "/api/v1/session",
            Some(json!({"username": "jonas", "password": "wrong wrong wrong"})),
            &[],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(r.body.contains("username or password is not correct"));
    }
    let r = send(
        &router,
        Method::POST,
        "/api/v1/session",
        Some(json!({"username": "jonas", "password": TEST_PASSWORD})),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers[header::RETRY_AFTER], "900");
}

#[tokio::test]
async fn a_personal_api_token_works_as_bearer_and_stops_when_revoked() {
    let t = TestApp::new().await;
    let u = t.user("sofie", "therapist", "DK", None).await;
    let (session, csrf) = t.session_for(u.id).await;
    let router = rundt_web::router(t.app.clone());
    let cookie = format!("rundt_session={session}");
    let created = send(
        &router,
        Method::POST,
        "/api/v1/me/tokens",
        Some(json!({"name": "export"})),
        &[("cookie", &cookie), ("x-csrf-token", &csrf)],
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let created: Value = serde_json::from_str(&created.body).unwrap();
    let secret = created["secret"].as_str().unwrap().to_owned();
    let bearer = format!("Bearer {secret}");
    let me = send(
        &router,
        Method::GET,
        "/api/v1/me",
        None,
        &[("authorization", &bearer)],
    )
    .await;
    assert_eq!(me.status, StatusCode::OK);
    // Bearer requests carry no ambient credential, so they need no CSRF token.
    let another = send(
        &router,
        Method::POST,
        "/api/v1/me/tokens",
        Some(json!({"name": "second"})),
        &[("authorization", &bearer)],
    )
    .await;
    assert_eq!(another.status, StatusCode::CREATED);
    let listed = send(
        &router,
        Method::GET,
        "/api/v1/me/tokens",
        None,
        &[("authorization", &bearer)],
    )
    .await;
    assert!(
        !listed.body.contains(&secret),
        "the secret is shown once only"
    );
    let id = created["token"]["id"].as_i64().unwrap();
    let revoked = send(
        &router,
        Method::DELETE,
        &format!("/api/v1/me/tokens/{id}"),
        None,
        &[("authorization", &bearer)],
    )
    .await;
    assert_eq!(revoked.status, StatusCode::OK);
    let me = send(
        &router,
        Method::GET,
        "/api/v1/me",
        None,
        &[("authorization", &bearer)],
    )
    .await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    let garbage = send(
        &router,
        Method::GET,
        "/api/v1/me",
        None,
        &[("authorization", "Basic abc")],
    )
    .await;
    assert_eq!(garbage.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn pages_send_visitors_to_the_login_page_and_back_after_login() {
    let t = TestApp::new().await;
    let router = rundt_web::router(t.app.clone());
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
        let r = send(&router, Method::GET, path, None, &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
        let location = r.headers[header::LOCATION].to_str().unwrap();
        assert!(location.starts_with("/login?next="), "{path} -> {location}");
    }
    let login = send(
        &router,
        Method::GET,
        "/login?next=//evil.example",
        None,
        &[],
    )
    .await;
    assert_eq!(login.status, StatusCode::OK);
    assert!(
        !login.body.contains("evil.example"),
        "no open redirect through next"
    );
}
