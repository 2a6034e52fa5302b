//! MST-CAN's mapping over the API: the therapist saves the family's
//! ecological map in versions (each named by its ETag, a stale or missing
//! one 412), a map without key persons is 422 naming the field; records
//! what the child said, or why the child was not heard, and the family's
//! read says which children have not yet been heard; a voice entry about
//! someone who is not one of the family's children is 422; the
//! municipality's caseworker reads but writes none of it.

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

fn map(key_persons: Value) -> Value {
    json!({
        "key_persons": key_persons,
        "systems": [{"system": "school", "strengths": "Mikkel likes his teacher",
                     "risks": "Often comes without a packed lunch"}],
        "mapped_on": "2026-11-20"
    })
}

fn teacher() -> Value {
    json!([{"role": "teacher", "name": "Hanne Lund", "relation": "Mikkel's class teacher",
            "phone": "86 00 00 00", "email": "", "consent_to_contact": true}])
}

#[tokio::test]
async fn the_therapist_keeps_the_map_and_the_childrens_voice_and_the_caseworker_cannot() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let start = NaiveDate::from_ymd_opt(2026, 10, 5).unwrap();
    let f =
        w.t.start_family(w.team, "louise", "mette", "jonas", start)
            .await;
    let case = f.case_id;
    let [jonas, louise] = w.clients(["jonas", "louise"], test_now()).await;

    let empty = jonas.get(&format!("/api/v1/cases/{case}/mapping")).await;
    empty.assert_ok();
    assert_eq!(empty.etag(), "\"0\"");
    assert_eq!(empty.json()["current"], Value::Null);
    assert_eq!(empty.json()["not_yet_heard"], json!([f.young_person_id]));

    let path = format!("/api/v1/cases/{case}/mapping");
    let first = jonas.put(&path, map(teacher())).await;
    first.assert_ok();
    assert_eq!(first.etag(), "\"1\"");
    jonas
        .put(&path, map(teacher()))
        .await
        .assert_status(StatusCode::PRECONDITION_FAILED);
    let second = jonas.if_match("\"1\"").put(&path, map(teacher())).await;
    assert_eq!(second.etag(), "\"2\"");
    let nobody = jonas.if_match("\"2\"").put(&path, map(json!([]))).await;
    nobody.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(nobody.json()["fields"][0]["field"], "key_persons");
    louise
        .if_match("\"2\"")
        .put(&path, map(teacher()))
        .await
        .assert_status(StatusCode::FORBIDDEN);

    let voices = format!("/api/v1/cases/{case}/child-voices");
    let silent = json!({"child": f.young_person_id, "on": "2026-11-17",
        "voice": {"state": "not_heard", "reason": "Did not want to talk with mother in the room"}});
    jonas
        .post(&voices, silent)
        .await
        .assert_status(StatusCode::CREATED);
    let still = jonas.get(&path).await;
    assert_eq!(
        still.json()["not_yet_heard"],
        json!([f.young_person_id]),
        "a 'not heard' entry does not count as heard"
    );

    let mother = json!({"child": f.caregiver_id, "on": "2026-11-24",
        "voice": {"state": "heard", "how": "conversation", "present": "The therapist",
                  "said": "Things are fine", "wishes": "Nothing"}});
    let refused = jonas.post(&voices, mother).await;
    refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.json()["fields"][0]["field"], "child");

    let drawing = json!({"child": f.young_person_id, "on": "2026-11-24",
        "voice": {"state": "heard", "how": "drawing", "present": "The therapist",
                  "said": "Drew the house with his father at the door",
                  "wishes": "That his father stops shouting"}});
    let heard = jonas.post(&voices, drawing.clone()).await;
    heard.assert_status(StatusCode::CREATED);
    assert_eq!(heard.json()["entry"]["voice"]["how"], "drawing");
    louise
        .post(&voices, drawing)
        .await
        .assert_status(StatusCode::FORBIDDEN);

    let all = louise.get(&path).await;
    all.assert_ok();
    assert_eq!(all.etag(), "\"2\"");
    let body = all.json();
    assert_eq!(body["versions"], 2);
    assert_eq!(
        body["current"]["mapping"]["key_persons"][0]["name"],
        "Hanne Lund"
    );
    assert_eq!(body["voices"].as_array().unwrap().len(), 2);
    assert_eq!(body["voices"][0]["entry"]["voice"]["state"], "heard");
    assert_eq!(body["not_yet_heard"], json!([]));
    assert_eq!(body["children"][0]["heard"], true);
}
