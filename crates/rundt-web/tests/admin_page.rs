//! The national office's account page: who is who, and no way to lock
//! oneself out.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use rundt_testkit::TestApp;
use rundt_testkit::http::Client;

async fn office_with_a_caseworker() -> (TestApp, Client) {
    let (t, c) =
        TestApp::alone_as(rundt_web::router, "dk.office", "national_admin", "DK", None).await;
    t.user("sofie", "municipal_caseworker", "DK", Some("0751"))
        .await;
    (t, c.language("da"))
}

/// The table row of `username`.
fn row_of<'a>(page: &'a str, username: &str) -> &'a str {
    let start = page
        .find(&format!("<td>{username}</td>"))
        .unwrap_or_else(|| panic!("no row for {username}"));
    let end = page[start..]
        .find("</tr>")
        .map_or(page.len(), |e| start + e);
    &page[start..end]
}

#[tokio::test]
async fn the_administrator_is_not_offered_to_deactivate_their_own_account() {
    let (_t, c) = office_with_a_caseworker().await;
    let page = c.get("/admin/users").await;
    assert_eq!(page.status, StatusCode::OK);
    let own = row_of(&page.text, "dk.office");
    assert!(own.contains("Din egen konto"), "{own}");
    assert!(!own.contains("/active"), "no deactivation form: {own}");
    // Another person's account asks before it deactivates.
    let other = row_of(&page.text, "sofie");
    assert!(other.contains("<details class=\"confirm\">"), "{other}");
    assert!(other.contains("Ja, deaktivér sofie"), "{other}");
}

#[tokio::test]
async fn a_caseworkers_municipality_is_shown_by_name() {
    let (_t, c) = office_with_a_caseworker().await;
    let page = c.get("/admin/users").await;
    let row = row_of(&page.text, "sofie");
    assert!(row.contains("Aarhus (0751)"), "{row}");
    // New accounts pick the municipality from the country's list.
    page.has("<option value=\"0751\">Aarhus (0751)</option>")
        .lacks("name=\"municipality_code\" inputmode");
}
