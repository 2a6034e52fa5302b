//! A family's page is opened through one guard: a refusal is audited once,
//! and an id in a page's path that is not a number is the not-found page in
//! the visitor's language, for a form post as for a page.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use rundt_testkit::http::AarhusTeam;

#[tokio::test]
async fn a_refused_family_page_is_audited_once_and_shows_the_locked_page() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let t = &w.t;
    let now = rundt_testkit::test_now();
    let start = now.date_naive() - chrono::Duration::days(20);
    let family = t
        .start_family(w.team, "louise", "mette", "jonas", start)
        .await;
    // A therapist of another team may not open the family.
    let outsider = t.user("otto", "therapist", "DK", None).await;
    let client = t.client_for(rundt_web::router, outsider.id).await;
    let before = t.store.audit_events(0, 1_000_000).await.unwrap().len();

    let page = client
        .get(&format!("/cases/{}?lang=en", family.case_id))
        .await;

    page.assert_status(StatusCode::FORBIDDEN)
        .has("<html lang=\"en\">");
    let events = t.store.audit_events(0, 1_000_000).await.unwrap();
    let refusals: Vec<_> = events[before..]
        .iter()
        .filter(|e| e.event.object_id == Some(family.case_id.get()))
        .collect();
    assert_eq!(refusals.len(), 1, "{refusals:?}");
    assert_eq!(refusals[0].event.outcome.as_str(), "denied");
    assert_eq!(refusals[0].event.actor_user_id, Some(outsider.id));
    // The team's therapist opens it; nothing about it is refused.
    let own = w.client("jonas", now).await;
    own.get(&format!("/cases/{}", family.case_id))
        .await
        .assert_ok();
}

#[tokio::test]
async fn a_malformed_id_in_a_page_path_is_the_not_found_page() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let client = w.client("mette", rundt_testkit::test_now()).await;

    let pages = [
        client.get("/cases/abc?lang=en").await,
        client.get("/teams/x7?lang=en").await,
        client.get("/persons/me/access-log?lang=en").await,
        // A form post to a malformed address: the page, not a bare text.
        client
            .form("/cases/abc/accept?lang=en", &[("version", "1")])
            .await,
    ];
    for page in pages {
        page.assert_status(StatusCode::NOT_FOUND)
            .has("<html lang=\"en\">")
            .has("Page not found.");
    }
}
