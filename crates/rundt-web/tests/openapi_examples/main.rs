//! Every request body in the API document carries an example a client can
//! send as it is (issue 18: "the OpenAPI document is complete … examples"),
//! and every example reads back as the type the handler takes — so an
//! example cannot drift from the API. Each request body's parser is listed
//! in `bodies_a.rs` or `bodies_b.rs` (by the handlers' files).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

mod bodies_a;
mod bodies_b;

use rundt_testkit::TestApp;
use rundt_testkit::http::Client;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Reads an example as the request body type `T`.
pub fn parses<T: DeserializeOwned>(example: &Value) -> Result<(), String> {
    serde_json::from_value::<T>(example.clone())
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// An operation (`"POST /api/v1/…"`, as the document names its path) and
/// how its example is read.
pub type Body = (&'static str, fn(&Value) -> Result<(), String>);

#[tokio::test]
async fn every_request_body_has_an_example_that_reads_as_its_type() {
    let t = TestApp::new().await;
    let doc = Client::new(rundt_web::router(t.app.clone()))
        .get("/api/openapi.json")
        .await
        .json();
    let mut parsers: Vec<Body> = bodies_a::bodies();
    parsers.extend(bodies_b::bodies());
    let mut missing = Vec::new();
    let mut wrong = Vec::new();
    let mut seen = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Some(body) = op.get("requestBody") else {
                continue;
            };
            let name = format!("{} {path}", method.to_uppercase());
            seen.push(name.clone());
            let examples: Vec<&Value> = body["content"]
                .as_object()
                .unwrap()
                .values()
                .map(|media| media.get("example").unwrap_or(&Value::Null))
                .collect();
            if examples.iter().any(|e| e.is_null()) {
                missing.push(name.clone());
                continue;
            }
            match parsers.iter().find(|(op, _)| *op == name) {
                None => wrong.push(format!("{name}: no parser listed in bodies_a/b.rs")),
                Some((_, parse)) => {
                    for example in examples {
                        if let Err(e) = parse(example) {
                            wrong.push(format!("{name}: {e}"));
                        }
                    }
                }
            }
        }
    }
    let stale: Vec<&str> = parsers
        .iter()
        .map(|(op, _)| *op)
        .filter(|op| !seen.iter().any(|s| s == op))
        .collect();
    assert!(missing.is_empty(), "request bodies without an example:\n{}", missing.join("\n"));
    assert!(wrong.is_empty(), "examples that do not read as their type:\n{}", wrong.join("\n"));
    assert!(stale.is_empty(), "parsers for operations without a body: {stale:?}");
}
