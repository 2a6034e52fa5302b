//! The language of one's pages through the API: `GET` and `PUT`
//! `/api/v1/me/language`, the same choice the account page stores.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use rundt_testkit::TestApp;
use rundt_testkit::http::Client;
use serde_json::{Value, json};

/// A Danish municipal caseworker, logged in, whose browser speaks English.
async fn caseworker() -> (TestApp, Client) {
    let t = TestApp::new().await;
    let sofie = t
        .user("sofie", "municipal_caseworker", "DK", Some("0751"))
        .await;
    let c = t
        .client_for(rundt_web::router, sofie.id)
        .await
        .language("en-GB,en;q=0.9");
    (t, c)
}

#[tokio::test]
async fn the_choice_is_empty_until_made_and_then_kept() {
    let (_t, c) = caseworker().await;
    let before = c.get("/api/v1/me/language").await;
    before.assert_ok();
    assert_eq!(before.json(), json!({"language": null}));

    let saved = c
        .put("/api/v1/me/language", json!({"language": "nb"}))
        .await;
    saved.assert_ok();
    assert_eq!(saved.json(), json!({"language": "nb"}));
    let after = c.get("/api/v1/me/language").await;
    assert_eq!(after.json(), json!({"language": "nb"}));

    // The pages follow the stored choice, not the English browser.
    c.get("/account").await.has("Språk på sidene mine");
}

#[tokio::test]
async fn null_or_empty_lets_the_browser_decide_again() {
    let (_t, c) = caseworker().await;
    for cleared in [
        json!({"language": null}),
        json!({"language": ""}),
        json!({}),
    ] {
        c.put("/api/v1/me/language", json!({"language": "da"}))
            .await
            .assert_ok();
        let saved = c.put("/api/v1/me/language", cleared.clone()).await;
        saved.assert_ok();
        assert_eq!(saved.json(), json!({"language": null}), "{cleared}");
        c.get("/account").await.has("Language for my pages");
    }
}

#[tokio::test]
async fn a_language_one_may_not_choose_is_refused_by_field() {
    let (_t, c) = caseworker().await;
    c.put("/api/v1/me/language", json!({"language": "sv"}))
        .await
        .invalid("language");
    let unchanged = c.get("/api/v1/me/language").await.json();
    assert_eq!(unchanged, json!({"language": null}));
    c.put("/api/v1/me/language", json!({"language": 7}))
        .await
        .client_error(StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn only_a_logged_in_person_with_the_csrf_token_may_read_or_change_it() {
    let (t, c) = caseworker().await;
    let visitor = Client::new(rundt_web::router(t.app.clone()));
    visitor
        .get("/api/v1/me/language")
        .await
        .error(StatusCode::UNAUTHORIZED);
    visitor
        .put("/api/v1/me/language", json!({"language": "da"}))
        .await
        .error(StatusCode::UNAUTHORIZED);
    c.clone()
        .csrf("not-the-token")
        .put("/api/v1/me/language", json!({"language": "da"}))
        .await
        .error(StatusCode::FORBIDDEN);
    assert_eq!(
        c.get("/api/v1/me/language").await.json(),
        json!({"language": null})
    );
}

#[tokio::test]
async fn the_openapi_document_describes_both_methods_and_their_errors() {
    let (_t, c) = caseworker().await;
    let doc = c.get("/api/openapi.json").await.json();
    let path = &doc["paths"]["/api/v1/me/language"];
    let statuses = |method: &str| -> Vec<String> {
        let responses: &Value = &path[method]["responses"];
        responses.as_object().unwrap().keys().cloned().collect()
    };
    // The common error answers (api/documented_errors.rs) included.
    assert_eq!(statuses("get"), ["200", "401", "403", "429", "500", "503"]);
    assert_eq!(
        statuses("put"),
        [
            "200", "400", "401", "403", "413", "415", "422", "429", "500", "503"
        ]
    );
    assert!(path["put"]["requestBody"].is_object());
}
