//! A family's page is opened through one guard: a refusal is audited once,
//! and an id in a page's path that is not a number is the not-found page in
//! the visitor's language, for a form post as for a page.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use rundt_testkit::TestApp;
use tower::ServiceExt;

async fn send(
    router: &axum::Router,
    method: Method,
    uri: &str,
    session: &(String, String),
    form: Option<String>,
) -> (StatusCode, String) {
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, "localhost")
        .header(header::ORIGIN, "http://localhost")
        .header(header::COOKIE, format!("rundt_session={}", session.0));
    let body = match form {
        Some(f) => {
            req = req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            Body::from(f)
        }
        None => Body::empty(),
    };
    let response = router
        .clone()
        .oneshot(req.body(body).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

#[tokio::test]
async fn a_refused_family_page_is_audited_once_and_shows_the_locked_page() {
    let t = TestApp::new().await;
    let (team, users) = t.aarhus_team().await;
    let start = rundt_testkit::test_now().date_naive() - chrono::Duration::days(20);
    let family = t
        .start_family(team, "louise", "mette", "jonas", start)
        .await;
    // A therapist of another team may not open the family.
    let outsider = t.user("otto", "therapist", "DK", None).await;
    let session = t.session_for(outsider.id).await;
    let router = rundt_web::router(t.app.clone());
    let before = t.store.audit_events(0, 1_000_000).await.unwrap().len();

    let (status, html) = send(
        &router,
        Method::GET,
        &format!("/cases/{}?lang=en", family.case_id),
        &session,
        None,
    )
    .await;

    assert_eq!(status, StatusCode::FORBIDDEN, "{html}");
    assert!(html.contains("<html lang=\"en\">"), "{html}");
    let events = t.store.audit_events(0, 1_000_000).await.unwrap();
    let refusals: Vec<_> = events[before..]
        .iter()
        .filter(|e| e.event.object_id == Some(family.case_id))
        .collect();
    assert_eq!(refusals.len(), 1, "{refusals:?}");
    assert_eq!(refusals[0].event.outcome.as_str(), "denied");
    assert_eq!(refusals[0].event.actor_user_id, Some(outsider.id));
    // The team's therapist opens it; nothing about it is refused.
    let own = t.session_for(users["jonas"]).await;
    let (status, html) = send(
        &router,
        Method::GET,
        &format!("/cases/{}", family.case_id),
        &own,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
}

#[tokio::test]
async fn a_malformed_id_in_a_page_path_is_the_not_found_page() {
    let t = TestApp::new().await;
    let (_, users) = t.aarhus_team().await;
    let session = t.session_for(users["mette"]).await;
    let router = rundt_web::router(t.app.clone());

    for (method, uri, form) in [
        (Method::GET, "/cases/abc?lang=en", None),
        (Method::GET, "/teams/x7?lang=en", None),
        (Method::GET, "/persons/me/access-log?lang=en", None),
        (
            Method::POST,
            "/cases/abc/accept?lang=en",
            Some(format!("csrf_token={}&version=1", session.1)),
        ),
    ] {
        let (status, html) = send(&router, method, uri, &session, form).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}: {html}");
        assert!(html.contains("<html lang=\"en\">"), "{uri}: {html}");
        assert!(html.contains("Page not found."), "{uri}: {html}");
    }
}
