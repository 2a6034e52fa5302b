//! Any request into the JSON API, as any role or nobody, is answered without
//! a panic or a server error: malformed input is a 4xx with a JSON body
//! `{error, message}` a person can act on, and every status is one the
//! OpenAPI document lists for that operation. The operations come from the
//! served document itself, so a new route is fuzzed the day it is added.
//!
//! `RUNDT_FUZZ_CASES=5000 cargo test -p rundt-web --test api_fuzz` for a
//! long run; the default keeps the file well under a minute on CI.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

mod fuzz_support;

use axum::body::Body;
use axum::http::{Method, Request, header};
use fuzz_support::{PathValue, World, any_json, cases, odd_text, path_values, runner, runtime};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestCaseError;
use serde_json::{Map, Value};

/// One operation of the OpenAPI document.
#[derive(Debug)]
struct Operation {
    method: Method,
    path: String,
    query: Vec<String>,
    /// The top-level fields of its JSON body, if it takes one.
    body_fields: Option<Vec<String>>,
    /// The status codes the document lists.
    documented: Vec<u16>,
}

/// Every operation under `/api/v1` in the document.
fn operations(doc: &Value) -> Vec<Operation> {
    let schema_fields = |op: &Value| {
        let schema = &op["requestBody"]["content"]["application/json"]["schema"];
        let name = schema["$ref"].as_str()?.rsplit('/').next()?;
        let properties = doc["components"]["schemas"][name]["properties"].as_object();
        Some(
            properties
                .map(|p| p.keys().cloned().collect())
                .unwrap_or_default(),
        )
    };
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Ok(method) = method.to_uppercase().parse::<Method>() else {
                continue;
            };
            let query = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["in"] == "query")
                .filter_map(|p| p["name"].as_str().map(str::to_owned))
                .collect();
            let documented = op["responses"]
                .as_object()
                .unwrap()
                .keys()
                .filter_map(|k| k.parse().ok())
                .collect();
            let body_fields = op
                .get("requestBody")
                .map(|_| schema_fields(op).unwrap_or_default());
            out.push(Operation {
                method,
                path: path.clone(),
                query,
                body_fields,
                documented,
            });
        }
    }
    out
}

/// What a request sends as its body.
#[derive(Debug, Clone)]
enum Sent {
    Nothing,
    /// Any JSON at all.
    Json(Value),
    /// The operation's own fields, each with any value or left out.
    Fields(Vec<Option<Value>>),
    /// Bytes that need not be JSON, with or without the JSON content type.
    Bytes(Vec<u8>, bool),
}

#[derive(Debug, Clone)]
struct Case {
    operation: Index,
    caller: Index,
    path: Vec<PathValue>,
    query: Vec<(Index, String)>,
    sent: Sent,
    if_match: Option<String>,
}

fn case() -> impl Strategy<Value = Case> {
    let sent = prop_oneof![
        1 => Just(Sent::Nothing),
        2 => any_json().prop_map(Sent::Json),
        4 => proptest::collection::vec(proptest::option::weighted(0.8, any_json()), 12)
            .prop_map(Sent::Fields),
        1 => (proptest::collection::vec(any::<u8>(), 0..64), any::<bool>())
            .prop_map(|(b, json)| Sent::Bytes(b, json)),
    ];
    (
        any::<Index>(),
        any::<Index>(),
        path_values(),
        proptest::collection::vec((any::<Index>(), odd_text()), 0..4),
        sent,
        proptest::option::of(prop_oneof![
            Just("*".to_owned()),
            Just("\"1\"".to_owned()),
            "[ -~]{0,12}"
        ]),
    )
        .prop_map(|(operation, caller, path, query, sent, if_match)| Case {
            operation,
            caller,
            path,
            query,
            sent,
            if_match,
        })
}

/// The JSON body of `sent` for an operation with `fields`.
fn body_of(sent: &Sent, fields: &[String]) -> Option<(Vec<u8>, bool)> {
    match sent {
        Sent::Nothing => None,
        Sent::Json(v) => Some((v.to_string().into_bytes(), true)),
        Sent::Fields(values) => {
            let object: Map<String, Value> = fields
                .iter()
                .zip(values)
                .filter_map(|(f, v)| v.clone().map(|v| (f.clone(), v)))
                .collect();
            Some((Value::Object(object).to_string().into_bytes(), true))
        }
        Sent::Bytes(b, json) => Some((b.clone(), *json)),
    }
}

/// How often each operation was called and how it answered, printed at the
/// end (`--nocapture`) so a run shows that it reached past the refusals.
type Tally = std::sync::Mutex<std::collections::BTreeMap<(String, u16), u32>>;

async fn check(
    world: &World,
    ops: &[Operation],
    tally: &Tally,
    case: Case,
) -> Result<(), TestCaseError> {
    let op = case.operation.get(ops);
    let mut caller = case.caller.get(&world.callers);
    // Logging out would end the session the later cases use.
    if op.method == Method::DELETE && op.path == "/api/v1/session" {
        caller = world.callers.last().unwrap();
    }
    let mut names: Vec<&str> = op.query.iter().map(String::as_str).collect();
    names.extend(["lang", "from", "to", "page"]);
    let pairs: Vec<(&str, &str)> = case
        .query
        .iter()
        .map(|(i, v)| (*i.get(&names), v.as_str()))
        .collect();
    let mut uri = world.fill(&op.path, &case.path);
    if world.ends_a_caller(&op.path, &uri) {
        return Err(TestCaseError::reject("would end a caller's sessions"));
    }
    if !pairs.is_empty() {
        uri = format!("{uri}?{}", serde_urlencoded::to_string(&pairs).unwrap());
    }
    let mut req = Request::builder().method(op.method.clone()).uri(&uri);
    if let Some(csrf) = &caller.csrf {
        req = req.header("x-csrf-token", csrf);
    }
    if let Some(tag) = &case.if_match {
        req = req.header(header::IF_MATCH, tag);
    }
    let body = body_of(&case.sent, op.body_fields.as_deref().unwrap_or_default());
    let shown = body.as_ref().map(|(b, _)| {
        String::from_utf8_lossy(b)
            .chars()
            .take(300)
            .collect::<String>()
    });
    let req = match body {
        Some((bytes, json)) => {
            if json {
                req = req.header(header::CONTENT_TYPE, "application/json");
            }
            req.body(Body::from(bytes))
        }
        None => req.body(Body::empty()),
    };
    let Ok(req) = req else {
        return Err(TestCaseError::reject("not a request http can carry"));
    };
    let reply = caller.client.send(req).await;
    let status = reply.status.as_u16();
    if let Ok(mut tally) = tally.lock() {
        *tally
            .entry((format!("{} {}", op.method, op.path), status))
            .or_default() += 1;
    }
    let what = format!(
        "{} {uri} as {} with {shown:?} answered {status}: {}",
        op.method,
        caller.name,
        reply.text.chars().take(300).collect::<String>()
    );
    prop_assert!(status < 500, "a server error: {what}");
    prop_assert!(
        op.documented.contains(&status),
        "{status} is not in the document's list {:?} for {} {}: {what}",
        op.documented,
        op.method,
        op.path
    );
    if reply.status.is_client_error() {
        prop_assert!(
            reply
                .header(header::CONTENT_TYPE)
                .starts_with("application/json"),
            "an error that is not JSON: {what}"
        );
        prop_assert!(reply.body["error"].is_string(), "no error code: {what}");
        prop_assert!(
            reply.body["message"]
                .as_str()
                .is_some_and(|m| !m.trim().is_empty()),
            "no message: {what}"
        );
    }
    // A deactivated account is let back in, so that later cases still
    // reach past the login.
    if reply.status.is_success() && op.path == "/api/v1/users/{id}/deactivate" {
        let again = uri.replace("/deactivate", "/activate");
        let admin = &world.callers[fuzz_support::ROLES.len() - 1].client;
        admin.post(&again, Value::Object(Map::new())).await;
    }
    Ok(())
}

#[test]
fn any_request_to_any_api_operation_gets_a_documented_answer_and_never_a_server_error() {
    let rt = runtime();
    let world = rt.block_on(World::demo());
    let doc = rt
        .block_on(world.callers[0].client.get("/api/openapi.json"))
        .json();
    let ops = operations(&doc);
    assert!(
        ops.len() >= 50,
        "the document lists the API ({} operations)",
        ops.len()
    );
    let tally = Tally::default();
    let mut runner = runner(cases(2000));
    let result = runner.run(&case(), |case| {
        rt.block_on(check(&world, &ops, &tally, case))
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let tally = tally.into_inner().unwrap();
    let mut by_status = std::collections::BTreeMap::<u16, u32>::new();
    for ((operation, status), n) in &tally {
        *by_status.entry(*status).or_default() += n;
        println!("{operation}: {status} ×{n}");
    }
    let reached: std::collections::BTreeSet<&String> = tally.keys().map(|(o, _)| o).collect();
    println!(
        "{} operations called; answers by status: {by_status:?}",
        reached.len()
    );
}

#[test]
fn every_operation_documents_the_errors_any_request_to_it_can_get() {
    let rt = runtime();
    let (_t, client) = rt.block_on(rundt_testkit::TestApp::alone_as(
        rundt_web::router,
        "dk.office",
        "national_admin",
        "DK",
        None,
    ));
    let doc = rt.block_on(client.get("/api/openapi.json")).json();
    let public = [
        "/api/v1/programme-models",
        "/api/v1/national-offices",
        "/api/v1/municipalities",
        // The secret in the address is the key.
        "/calendar/{token}.ics",
    ];
    for op in operations(&doc) {
        let lists = |status: u16| op.documented.contains(&status);
        let name = format!("{} {}", op.method, op.path);
        assert!(lists(500) && lists(503), "{name}: our own failures");
        if op.body_fields.is_some() {
            for status in [400, 413, 415, 422] {
                assert!(
                    lists(status),
                    "{name} takes a body but does not list {status}"
                );
            }
        }
        if op.path.contains('{') {
            assert!(lists(400) && lists(404), "{name}: a bad or unknown id");
        }
        if !public.contains(&op.path.as_str()) {
            assert!(lists(401), "{name}: no login");
        }
        if lists(412) || lists(428) {
            assert!(
                lists(422),
                "{name} reads If-Match: one that is not an ETag is a 422"
            );
        }
    }
}

#[test]
fn an_if_match_that_is_not_an_etag_is_refused_with_a_documented_422_naming_the_header() {
    let rt = runtime();
    let world = rt.block_on(World::demo());
    let supervisor = &world.callers[0].client;
    let case_id = rt.block_on(supervisor.get("/api/v1/cases")).json()[0]["id"].clone();
    for tag in ["*", "", "W/\"x\""] {
        let reply = rt.block_on(supervisor.if_match(tag).post(
            &format!("/api/v1/cases/{case_id}/acknowledge"),
            serde_json::json!({}),
        ));
        let body = reply.client_error(axum::http::StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            body["message"].as_str().unwrap().contains("If-Match"),
            "{body}"
        );
    }
}

#[test]
fn a_national_admin_deactivating_their_own_account_gets_the_documented_409() {
    let rt = runtime();
    let world = rt.block_on(World::demo());
    let admin = &world.callers[fuzz_support::ROLES.len() - 1].client;
    let me = rt.block_on(admin.get("/api/v1/me")).json();
    let reply = rt.block_on(admin.post(
        &format!("/api/v1/users/{}/deactivate", me["id"]),
        serde_json::json!({}),
    ));
    let body = reply.client_error(axum::http::StatusCode::CONFLICT);
    assert_eq!(body["code"], "deactivate-self");
    let doc = rt.block_on(admin.get("/api/openapi.json")).json();
    assert!(
        doc["paths"]["/api/v1/users/{id}/deactivate"]["post"]["responses"]["409"].is_object(),
        "the document lists the 409"
    );
}

#[test]
fn a_second_factor_sent_on_a_session_that_is_logged_in_already_gets_the_documented_409() {
    let rt = runtime();
    let world = rt.block_on(World::demo());
    let supervisor = &world.callers[0].client;
    let reply = rt.block_on(supervisor.post(
        "/api/v1/session/second-factor",
        serde_json::json!({"code": "123456"}),
    ));
    let body = reply.client_error(axum::http::StatusCode::CONFLICT);
    assert_eq!(body["code"], "already-logged-in");
    let doc = rt.block_on(supervisor.get("/api/openapi.json")).json();
    assert!(
        doc["paths"]["/api/v1/session/second-factor"]["post"]["responses"]["409"].is_object(),
        "the document lists the 409"
    );
}
