//! The language of the pages: `?lang=` for one page, then the language a
//! person chose on their account page, then the `lang` cookie, then the
//! browser's, then Danish.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use rundt_testkit::TestApp;
use rundt_testkit::http::Client;

/// A Danish municipal caseworker whose browser speaks English.
async fn caseworker_with_an_english_browser() -> (TestApp, Client) {
    let route = rundt_web::router;
    let (t, c) =
        TestApp::alone_as(route, "sofie", "municipal_caseworker", "DK", Some("0751")).await;
    (t, c.language("en-GB,en;q=0.9"))
}

fn lang_of(page: &str) -> &str {
    page.split("<html lang=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or("")
}

#[tokio::test]
async fn without_a_choice_the_browser_decides() {
    let (_t, c) = caseworker_with_an_english_browser().await;
    let families = c.get("/cases").await;
    assert_eq!(families.status, StatusCode::OK);
    assert_eq!(lang_of(&families.text), "en");
    c.get("/account")
        .await
        .has("Language for my pages")
        .has("As my browser");
}

#[tokio::test]
async fn a_caseworker_who_chose_danish_gets_danish_pages_even_with_an_english_browser() {
    let (_t, c) = caseworker_with_an_english_browser().await;
    let saved = c.form("/account/language", &[("language", "da")]).await;
    assert_eq!(saved.redirected_to(), "/account");

    let account = c.get("/account").await;
    assert_eq!(lang_of(&account.text), "da");
    account.has("Sprog på mine sider");
    let families = c.get("/cases").await;
    assert_eq!(lang_of(&families.text), "da");
    families.has("Familier");

    // An English `lang` cookie left from an earlier visit does not win either.
    let with_cookie = c.clone().cookie("lang=en").get("/cases").await;
    assert_eq!(lang_of(&with_cookie.text), "da");
}

#[tokio::test]
async fn the_query_still_wins_for_one_page() {
    let (_t, c) = caseworker_with_an_english_browser().await;
    c.form("/account/language", &[("language", "da")]).await;

    let norwegian = c.get("/cases?lang=nb").await;
    assert_eq!(lang_of(&norwegian.text), "nb");
    let next = c.get("/cases").await;
    assert_eq!(lang_of(&next.text), "da", "only that one page");
}

#[tokio::test]
async fn choosing_as_my_browser_again_lets_the_browser_decide() {
    let (_t, c) = caseworker_with_an_english_browser().await;
    c.form("/account/language", &[("language", "nb")]).await;
    assert_eq!(lang_of(&c.get("/cases").await.text), "nb");

    c.form("/account/language", &[("language", "")]).await;
    assert_eq!(lang_of(&c.get("/cases").await.text), "en");
}

#[tokio::test]
async fn a_language_rundt_does_not_speak_is_refused_on_the_account_page() {
    let (_t, c) = caseworker_with_an_english_browser().await;
    let refused = c.form("/account/language", &[("language", "sv")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.has("choose Danish, Norwegian or English");
    assert_eq!(lang_of(&c.get("/cases").await.text), "en");
}
