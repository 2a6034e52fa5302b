//! The HTTP API and pages, driven through the real router on a fresh store
//! (SQLite by default, PostgreSQL with RUNDT_TEST_DATABASE_URL).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::{Method, StatusCode, header};
use rundt_testkit::TestApp;
use rundt_testkit::http::{Client, named, texts_of};
use serde_json::{Value, json};

/// A fresh store, and a client logged in as a Danish national programme
/// administrator.
async fn admin() -> (TestApp, Client) {
    TestApp::alone_as(rundt_web::router, "dk.office", "national_admin", "DK", None).await
}

/// With the demo loaded, a client logged in as one of the demo's users.
async fn demo_as(username: &str) -> (TestApp, Client) {
    let (t, _) = admin().await;
    rundt_seed::demo::load(&t.app).await.unwrap();
    let c = t.client_as(rundt_web::router, username).await;
    (t, c)
}

fn aarhus_team() -> Value {
    json!({"name": "MST Aarhus Syd", "country": "DK", "programme_model": "MST",
           "owners": [{"municipality_code": "0751", "share_percent": 100}]})
}

/// Every `$ref` under `value`, in document order.
fn references(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("$ref", Value::String(r)) => out.push(r.clone()),
                    _ => references(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn every_schema_the_openapi_document_refers_to_is_in_it() {
    let (_t, c) = admin().await;
    let doc = c.get("/api/openapi.json").await.json();
    let mut refs = Vec::new();
    references(&doc, &mut refs);
    assert!(
        refs.iter().any(|r| r.ends_with("/CaseId")),
        "ids are named schemas"
    );
    // An id crosses JSON as its number.
    assert_eq!(doc["components"]["schemas"]["CaseId"]["type"], "integer");
    for r in refs {
        let name = r.strip_prefix("#/components/schemas/").unwrap_or(&r);
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "{r} is referred to but not described"
        );
    }
}

#[tokio::test]
async fn health_and_the_openapi_document_answer_without_configuration() {
    let (_t, c) = admin().await;
    let h = c.get("/healthz").await;
    assert_eq!(h.status, StatusCode::OK);
    assert_eq!(h.json()["status"], "ok");

    let doc = c.get("/api/openapi.json").await;
    assert_eq!(doc.status, StatusCode::OK);
    let doc = doc.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/programme-models",
        "/api/v1/national-offices",
        "/api/v1/municipalities",
        "/api/v1/teams",
        "/api/v1/teams/{id}",
        "/api/v1/teams/{id}/owners",
        "/api/v1/teams/{id}/members",
        "/api/v1/teams/{id}/members/{membership_id}/end",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} documented");
    }
}

#[tokio::test]
async fn reference_data_is_served_with_effective_dated_municipality_codes() {
    let (_t, c) = admin().await;
    let models = c.get("/api/v1/programme-models").await.json();
    assert_eq!(models.as_array().unwrap().len(), 2);
    let dk = c.get("/api/v1/municipalities?country=DK").await.json();
    assert_eq!(dk.as_array().unwrap().len(), 98);
    let no_2023 = c
        .get("/api/v1/municipalities?country=no&on=2023-12-31")
        .await
        .json();
    assert_eq!(no_2023.as_array().unwrap().len(), 356);
    let all = c
        .get("/api/v1/municipalities?country=NO&all=true")
        .await
        .json();
    assert!(all.as_array().unwrap().len() > 357);
    let offices = c.get("/api/v1/national-offices").await.json();
    assert_eq!(offices.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn bad_reference_queries_are_explained() {
    let (_t, c) = admin().await;
    // Each refusal with its status, and a hint the message must give.
    for (query, status, hint) in [
        ("country=SE", StatusCode::UNPROCESSABLE_ENTITY, None),
        (
            "on=25-11-2026",
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("YYYY-MM-DD"),
        ),
        ("all=perhaps", StatusCode::BAD_REQUEST, None),
    ] {
        let r = c.get(&format!("/api/v1/municipalities?{query}")).await;
        let body = r.client_error(status);
        if let Some(hint) = hint {
            assert!(body["message"].as_str().unwrap().contains(hint), "{body}");
        }
    }
}

#[tokio::test]
async fn a_team_is_created_read_and_listed_with_an_etag() {
    let (_t, c) = admin().await;
    let created = c.post("/api/v1/teams", aarhus_team()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(created.headers[header::ETAG], "\"1\"");
    let team = created.json();
    assert_eq!(team["owners"][0]["municipality_name"], "Aarhus");
    assert_eq!(team["warnings"][0]["code"], "no_supervisor");
    let id = team["id"].as_i64().unwrap();

    let one = c.get(&format!("/api/v1/teams/{id}")).await;
    assert_eq!(one.status, StatusCode::OK);
    assert_eq!(one.headers[header::ETAG], "\"1\"");
    let list = c.get("/api/v1/teams").await.json();
    assert_eq!(list.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn invalid_team_input_gets_a_4xx_with_every_problem_named() {
    let (_t, c) = admin().await;
    // Not JSON at all.
    let r = c
        .raw(
            Method::POST,
            "/api/v1/teams",
            Some("application/json"),
            "{not json".into(),
        )
        .await;
    r.client_error(StatusCode::BAD_REQUEST);
    // JSON without the content type.
    let r = c
        .raw(Method::POST, "/api/v1/teams", None, String::new())
        .await;
    r.client_error(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // Missing fields, wrong types.
    c.post("/api/v1/teams", json!({"name": "x"}))
        .await
        .client_error(StatusCode::UNPROCESSABLE_ENTITY);
    c.post(
        "/api/v1/teams",
        json!({"name": 5, "country": "DK", "programme_model": "MST", "owners": []}),
    )
    .await
    .client_error(StatusCode::UNPROCESSABLE_ENTITY);
    // Every rule broken at once.
    let body = c
        .post(
            "/api/v1/teams",
            json!({"name": " ", "country": "SE", "programme_model": "MST", "owners": []}),
        )
        .await
        .client_error(StatusCode::UNPROCESSABLE_ENTITY);
    let fields = texts_of(&body["fields"], "field");
    assert!(
        fields.contains(&"name") && fields.contains(&"country"),
        "{body}"
    );
    // Shares that do not add up, a code from another era, an unknown model.
    for (owners, model) in [
        (
            json!([{"municipality_code": "0751", "share_percent": 60}]),
            "MST",
        ),
        (
            json!([{"municipality_code": "0751", "share_percent": 1e308}]),
            "MST",
        ),
        (
            json!([{"municipality_code": "9999", "share_percent": 100}]),
            "MST",
        ),
        (
            json!([{"municipality_code": "0751", "share_percent": 100}]),
            "FFT",
        ),
    ] {
        c.post(
            "/api/v1/teams",
            json!({"name": "T", "country": "DK", "programme_model": model, "owners": owners}),
        )
        .await
        .client_error(StatusCode::UNPROCESSABLE_ENTITY);
    }
    // Duplicate name: conflict.
    assert_eq!(
        c.post("/api/v1/teams", aarhus_team()).await.status,
        StatusCode::CREATED
    );
    c.post("/api/v1/teams", aarhus_team())
        .await
        .client_error(StatusCode::CONFLICT);
    assert_eq!(
        c.get("/api/v1/teams")
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        1,
        "no half-written team"
    );
}

#[tokio::test]
async fn unknown_teams_and_paths_are_404_and_bad_ids_are_400() {
    let (_t, c) = admin().await;
    for (uri, status) in [
        ("/api/v1/teams/4242", StatusCode::NOT_FOUND),
        ("/api/v1/teams/abc", StatusCode::BAD_REQUEST),
        (
            "/api/v1/teams/99999999999999999999999",
            StatusCode::BAD_REQUEST,
        ),
        ("/api/v1/no-such-thing", StatusCode::NOT_FOUND),
    ] {
        c.get(uri).await.client_error(status);
    }
    let r = c.delete("/api/v1/teams").await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn editing_owners_needs_if_match_and_a_stale_version_is_refused() {
    let (_t, c) = admin().await;
    let id = c.post("/api/v1/teams", aarhus_team()).await.json()["id"]
        .as_i64()
        .unwrap();
    let uri = format!("/api/v1/teams/{id}/owners");
    let body = json!({"owners": [{"municipality_code": "751", "share_percent": 50},
                                 {"municipality_code": "741", "share_percent": 50}]});
    c.put(&uri, body.clone())
        .await
        .client_error(StatusCode::PRECONDITION_REQUIRED);
    c.if_match("yesterday")
        .put(&uri, body.clone())
        .await
        .client_error(StatusCode::UNPROCESSABLE_ENTITY);
    let ok = c.if_match("\"1\"").put(&uri, body.clone()).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    assert_eq!(ok.headers[header::ETAG], "\"2\"");
    assert_eq!(ok.json()["owners"].as_array().unwrap().len(), 2);
    c.if_match("\"1\"")
        .put(&uri, body.clone())
        .await
        .client_error(StatusCode::PRECONDITION_FAILED);
    c.if_match("\"1\"")
        .put("/api/v1/teams/777/owners", body.clone())
        .await
        .client_error(StatusCode::NOT_FOUND);
    let bad = json!({"owners": [{"municipality_code": "751", "share_percent": 50}]});
    c.if_match("\"2\"")
        .put(&uri, bad)
        .await
        .client_error(StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn staff_are_added_and_ended_through_the_api_with_clear_errors() {
    let (t, c) = demo_as("dk.admin").await;
    let teams = c.get("/api/v1/teams").await.json();
    let vestegnen = named(&teams, "MST Vestegnen");
    let id = vestegnen["id"].as_i64().unwrap();
    assert!(
        vestegnen["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "too_few_therapists")
    );
    let users = t.store.list_users().await.unwrap();
    let jonas = users
        .iter()
        .find(|u| u.username == "jonas.therapist")
        .unwrap();
    let caseworker = users
        .iter()
        .find(|u| u.username == "aarhus.caseworker")
        .unwrap();
    let uri = format!("/api/v1/teams/{id}/members");

    let added = c
        .post(
            &uri,
            json!({"user_id": jonas.id, "position": "therapist", "since": "2026-11-01"}),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
    let membership = added.json()["id"].as_i64().unwrap();
    let team = c.get(&format!("/api/v1/teams/{id}")).await.json();
    assert!(team["warnings"].as_array().unwrap().is_empty(), "{team}");

    c.post(&uri, json!({"user_id": jonas.id, "position": "therapist"}))
        .await
        .client_error(StatusCode::CONFLICT);
    c.post(&uri, json!({"user_id": jonas.id, "position": "wizard"}))
        .await
        .client_error(StatusCode::UNPROCESSABLE_ENTITY);
    c.post(
        &uri,
        json!({"user_id": caseworker.id, "position": "therapist"}),
    )
    .await
    .client_error(StatusCode::UNPROCESSABLE_ENTITY);
    c.post(&uri, json!({"user_id": 123456, "position": "therapist"}))
        .await
        .client_error(StatusCode::NOT_FOUND);
    c.post(
        &uri,
        json!({"user_id": jonas.id, "position": "therapist", "since": "1 Nov"}),
    )
    .await
    .client_error(StatusCode::UNPROCESSABLE_ENTITY);
    c.post(
        "/api/v1/teams/999/members",
        json!({"user_id": jonas.id, "position": "therapist"}),
    )
    .await
    .client_error(StatusCode::NOT_FOUND);

    let end_uri = format!("/api/v1/teams/{id}/members/{membership}/end");
    let ended = c.post(&end_uri, json!({"until": "2026-11-20"})).await;
    assert_eq!(ended.status, StatusCode::OK, "{}", ended.text);
    c.post(&end_uri, json!({}))
        .await
        .client_error(StatusCode::CONFLICT);
    c.post(&format!("/api/v1/teams/{id}/members/98765/end"), json!({}))
        .await
        .client_error(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_front_page_lists_teams_with_their_warnings_in_the_chosen_language() {
    let (_t, c) = demo_as("dk.admin").await;
    let da = c.clone().language("da-DK").get("/").await;
    assert_eq!(da.status, StatusCode::OK);
    assert!(da.text.contains("<html lang=\"da\">"));
    assert!(da.text.contains("MST Vestegnen"));
    assert!(
        da.text
            .contains("Teamet har 1 terapeut; modellen kræver mindst 2."),
        "{}",
        da.text
    );
    let nb = c.get("/?lang=nb").await;
    assert!(nb.text.contains("<html lang=\"nb\">"));
    assert!(nb.text.contains("modellen krever minst 2"));
    let cookie = nb.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with("lang=nb"));
    let en = c.clone().cookie("lang=en").get("/").await;
    assert!(
        en.text
            .contains("The team has 1 therapist; the model asks for at least 2.")
    );
    // Names are escaped, not interpreted: the one script is our own file
    // (the weekly summary's draft, see static/summary-draft.js).
    let ours = "<script src=\"/static/summary-draft.js\" defer></script>";
    assert_eq!(da.text.matches("<script").count(), 1);
    assert!(da.text.contains(ours));
}

#[tokio::test]
async fn the_team_page_shows_staff_owners_and_norms_and_unknown_teams_are_404() {
    let (_t, c) = demo_as("no.admin").await;
    let teams = c.get("/api/v1/teams").await.json();
    let can = named(&teams, "MST-CAN Bærum og Asker");
    let page = c.get(&format!("/teams/{}?lang=en", can["id"])).await;
    assert_eq!(page.status, StatusCode::OK);
    for expected in [
        "Kari Johansen",
        "Bærum",
        "60\u{a0}%",
        "Owning municipalities",
        "Psychiatrist",
        "6–18 years",
    ] {
        assert!(page.text.contains(expected), "missing {expected}");
    }
    let missing = c.get("/teams/424242?lang=nb").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.text.contains("Siden finnes ikke."));
    assert_eq!(c.get("/teams/x").await.status, StatusCode::NOT_FOUND);
    assert_eq!(c.get("/no/such/page").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn responses_carry_security_headers() {
    let (_t, c) = admin().await;
    let r = c.get("/").await;
    assert_eq!(r.headers["x-content-type-options"], "nosniff");
    assert_eq!(r.headers["x-frame-options"], "DENY");
    assert!(
        r.headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'self'")
    );
}
