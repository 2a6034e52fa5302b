//! MST-CAN's treatment plan and modules over the API: the therapist saves
//! the plan made with the family in versions (a stale or missing ETag 412),
//! a plan without goals is 422; a module without a start date is 422 naming
//! `start` and nothing is stored; an RBT module's sessions and drug screens
//! are updated on its ETag (none: 428); the municipality's caseworker reads
//! but changes none of it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use chrono::NaiveDate;
use rundt_testkit::http::AarhusTeam;
use rundt_testkit::test_now;
use serde_json::{Value, json};

fn plan(goals: Value) -> Value {
    json!({"goals": goals, "made_with_family_on": "2026-10-20"})
}

fn goals() -> Value {
    json!([
        {"theme": "safety", "overarching": "Mikkel is safe at home every evening",
         "intermediate": ["Father leaves the room when he gets angry", "Mikkel knows whom to call"],
         "agreed_by": "Mother, father and the child welfare caseworker",
         "measured_by": "Evenings without shouting, counted in the weekly summary"},
        {"theme": "practical_needs", "overarching": "The family has a plan for its debt",
         "intermediate": ["A meeting with the municipality's debt adviser"],
         "agreed_by": "Mother and father", "measured_by": "The repayment plan is signed"}
    ])
}

#[tokio::test]
async fn the_therapist_keeps_the_treatment_plan_and_modules_and_the_caseworker_cannot() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let start = NaiveDate::from_ymd_opt(2026, 10, 5).unwrap();
    let f =
        w.t.start_family(w.team, "louise", "mette", "jonas", start)
            .await;
    let case = f.case_id;
    let [jonas, louise] = w.clients(["jonas", "louise"], test_now()).await;

    let read = format!("/api/v1/cases/{case}/treatment-plan");
    let empty = jonas.get(&read).await;
    empty.assert_ok();
    assert_eq!(empty.etag(), "\"0\"");
    assert_eq!(empty.json()["plan"], Value::Null);
    assert_eq!(empty.json()["modules"], json!([]));

    let first = jonas.put(&read, plan(goals())).await;
    first.assert_ok();
    assert_eq!(first.etag(), "\"1\"");
    jonas
        .put(&read, plan(goals()))
        .await
        .assert_status(StatusCode::PRECONDITION_FAILED);
    let none = jonas.if_match("\"1\"").put(&read, plan(json!([]))).await;
    none.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(none.json()["fields"][0]["field"], "goals");
    assert_eq!(none.json()["fields"][0]["code"], "plan-goal-missing");
    louise
        .if_match("\"1\"")
        .put(&read, plan(goals()))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let second = jonas.if_match("\"1\"").put(&read, plan(goals())).await;
    assert_eq!(second.etag(), "\"2\"");

    let modules = format!("/api/v1/cases/{case}/modules");
    let without_start = jonas
        .post(
            &modules,
            json!({"kind": "tf_cbt", "delivered_by": "Jonas", "status": "ongoing", "sessions_held": 1}),
        )
        .await;
    without_start.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(without_start.json()["fields"][0]["field"], "start");
    assert_eq!(
        without_start.json()["fields"][0]["code"],
        "module-start-missing"
    );
    assert_eq!(
        jonas.get(&read).await.json()["modules"],
        json!([]),
        "nothing was stored"
    );

    let rbt = json!({"kind": "rbt", "start": "2026-10-12", "delivered_by": "Jonas",
                     "status": "ongoing", "sessions_held": 3,
                     "drug_screens": [{"on": "2026-10-19", "result": "negative"}]});
    louise
        .post(&modules, rbt.clone())
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let started = jonas.post(&modules, rbt).await;
    started.assert_status(StatusCode::CREATED);
    assert_eq!(started.etag(), "\"1\"");
    let id = started.json()["id"].as_i64().unwrap();

    let one = format!("/api/v1/cases/{case}/modules/{id}");
    let progress = json!({"sessions_held": 8, "delivered_by": "Jonas", "status": "ongoing",
        "drug_screens": [{"on": "2026-10-19", "result": "negative"},
                         {"on": "2026-11-16", "result": "positive"}]});
    jonas
        .put(&one, progress.clone())
        .await
        .assert_status(StatusCode::PRECONDITION_REQUIRED);
    let updated = jonas.if_match("\"1\"").put(&one, progress.clone()).await;
    updated.assert_ok();
    assert_eq!(updated.etag(), "\"2\"");
    assert_eq!(updated.json()["module"]["sessions_held"], 8);
    assert_eq!(updated.json()["module"]["kind"], "rbt");
    jonas
        .if_match("\"1\"")
        .put(&one, progress)
        .await
        .assert_status(StatusCode::PRECONDITION_FAILED);
    let ended_without_end = jonas
        .if_match("\"2\"")
        .put(
            &one,
            json!({"sessions_held": 8, "delivered_by": "Jonas", "status": "completed"}),
        )
        .await;
    ended_without_end.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(ended_without_end.json()["fields"][0]["field"], "end");

    let all = louise.get(&read).await;
    all.assert_ok();
    assert_eq!(all.etag(), "\"2\"");
    assert_eq!(
        all.json()["plan"]["plan"]["goals"][1]["theme"],
        "practical_needs"
    );
    let listed = all.json()["modules"].as_array().unwrap().clone();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["version"], 2);
    assert_eq!(listed[0]["module"]["drug_screens"][1]["result"], "positive");
}

#[tokio::test]
async fn the_treatment_plan_routes_are_in_the_openapi_document_with_every_answer() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let [jonas] = w.clients(["jonas"], test_now()).await;
    let doc = jonas.get("/api/openapi.json").await.json();
    let paths = &doc["paths"];
    for (path, method, statuses) in [
        (
            "/api/v1/cases/{id}/treatment-plan",
            "get",
            &["200", "403", "404"][..],
        ),
        (
            "/api/v1/cases/{id}/treatment-plan",
            "put",
            &["200", "409", "412", "422"][..],
        ),
        (
            "/api/v1/cases/{id}/modules",
            "post",
            &["201", "409", "422"][..],
        ),
        (
            "/api/v1/cases/{id}/modules/{module_id}",
            "put",
            &["200", "412", "422", "428"][..],
        ),
    ] {
        let responses = &paths[path][method]["responses"];
        for status in statuses {
            assert!(
                responses.get(*status).is_some(),
                "{method} {path} documents {status}"
            );
        }
    }
}
