//! An MST family's crisis plan and crisis contact log over the API (issue
//! 13): the plan in versions named by their ETag (a stale or missing one
//! 412, nobody to call 422 naming the field); a contact logged by the
//! supervisor is unread for the family's own therapist until they read
//! it; bad contacts get a clear 4xx and store nothing; another therapist
//! is refused, and the refusal is audited.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use chrono::{Duration, NaiveDate};
use rundt_domain::discharge::{DischargeReason, UltimateOutcomes};
use rundt_testkit::http::AarhusTeam;
use rundt_testkit::test_now;
use serde_json::{Value, json};

fn plan(people: Value) -> Value {
    json!({
        "people_to_call": people,
        "what_calms": "A walk with the dog; not being talked to for a few minutes",
        "risks_and_warning_signs": "Slams doors, stops answering, leaves at night",
        "agreements": "Mother calls the on-call phone before she calls the police"
    })
}

fn people() -> Value {
    json!([{"name": "Lone", "relation": "mother", "phone": "+45 20 12 34 56"},
           {"name": "Erik", "relation": "grandfather", "phone": "40 11 22 33"}])
}

/// Last night's call from the mother, as the API takes it.
fn contact() -> Value {
    json!({
        "at": (test_now() - Duration::hours(13)).to_rfc3339(),
        "caller": "caregiver",
        "about": "Mikkel has not come home and does not answer his phone",
        "risk": "high",
        "responses": ["phone_advice", "home_visit"],
        "minutes": 90,
        "follow_up": "Talk with the mother about the agreement on coming home"
    })
}

async fn in_treatment(w: &AarhusTeam) -> rundt_testkit::Family {
    let start = NaiveDate::from_ymd_opt(2026, 10, 5).unwrap();
    w.t.start_family(w.team, "louise", "mette", "jonas", start)
        .await
}

#[tokio::test]
async fn the_therapist_keeps_the_crisis_plan_in_versions_and_others_are_refused() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let f = in_treatment(&w).await;
    let case = f.case_id;
    let [jonas, mette, sofie, louise] = w
        .clients(["jonas", "mette", "sofie", "louise"], test_now())
        .await;
    let path = format!("/api/v1/cases/{case}/crisis-plan");

    let empty = mette.get(&path).await;
    empty.assert_ok();
    assert_eq!(empty.etag(), "\"0\"");
    assert_eq!(empty.json()["versions"], json!([]));
    assert_eq!(empty.json()["due"], "missing", "seven weeks without a plan");

    let first = jonas.put(&path, plan(people())).await;
    first.assert_ok();
    assert_eq!(first.etag(), "\"1\"");
    jonas
        .put(&path, plan(people()))
        .await
        .assert_status(StatusCode::PRECONDITION_FAILED);
    let second = jonas.if_match("\"1\"").put(&path, plan(people())).await;
    assert_eq!(second.etag(), "\"2\"");

    let nobody = jonas.if_match("\"2\"").put(&path, plan(json!([]))).await;
    nobody.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(nobody.json()["fields"][0]["field"], "people_to_call");
    let no_phone = jonas
        .if_match("\"2\"")
        .put(
            &path,
            plan(json!([{"name": "Lone", "relation": "mother", "phone": "call her"}])),
        )
        .await;
    no_phone.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        no_phone.json()["fields"][0]["field"],
        "people_to_call[0].phone"
    );

    louise
        .if_match("\"2\"")
        .put(&path, plan(people()))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    sofie.get(&path).await.assert_status(StatusCode::FORBIDDEN);

    let read = mette.get(&path).await;
    assert_eq!(read.etag(), "\"2\"");
    assert_eq!(read.json()["versions"].as_array().unwrap().len(), 2);
    assert_eq!(read.json()["due"], Value::Null);
    assert_eq!(
        read.json()["versions"][0]["plan"]["people_to_call"][0]["phone"],
        "+45 20 12 34 56"
    );

    // The supervisor's reading is in every family member's access log.
    let mette_id = w.users["mette"];
    for person in [f.young_person_id, f.caregiver_id] {
        let log = w.t.store.person_access_log(person).await.unwrap();
        assert!(
            log.iter().any(|e| e.event.actor_user_id == Some(mette_id)
                && e.event.action == "case.crisis_essentials.read"),
            "person {person}"
        );
    }
}

#[tokio::test]
async fn a_contact_logged_by_the_supervisor_is_unread_for_the_own_therapist_until_read() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let f = in_treatment(&w).await;
    let case = f.case_id;
    let [jonas, mette] = w.clients(["jonas", "mette"], test_now()).await;
    let list = format!("/api/v1/cases/{case}/crisis-contacts");

    let logged = mette.post(&list, contact()).await;
    logged.assert_status(StatusCode::CREATED);
    assert_eq!(
        logged.json()["unread"],
        false,
        "the one who logs has read it"
    );
    assert_eq!(logged.json()["contact"]["responses"][1], "home_visit");
    let id = logged.json()["id"].as_i64().unwrap();

    let seen = jonas.get(&list).await;
    seen.assert_ok();
    assert_eq!(seen.json()[0]["unread"], true);
    let read = jonas.post(&format!("{list}/{id}/read"), json!({})).await;
    read.assert_ok();
    assert_eq!(read.json()["unread"], false);
    assert_eq!(jonas.get(&list).await.json()[0]["unread"], false);
    jonas
        .post(&format!("{list}/{}/read", id + 1000), json!({}))
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bad_contacts_get_a_clear_answer_and_store_nothing() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let mut f = in_treatment(&w).await;
    let case = f.case_id;
    let [jonas, sofie] = w.clients(["jonas", "sofie"], test_now()).await;
    let list = format!("/api/v1/cases/{case}/crisis-contacts");

    let mut future = contact();
    future["at"] = json!((test_now() + Duration::hours(2)).to_rfc3339());
    let refused = jonas.post(&list, future).await;
    refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.json()["fields"][0]["field"], "at");
    assert!(
        refused.json()["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("has not come yet"),
        "{}",
        refused.text
    );

    let mut no_risk = contact();
    no_risk.as_object_mut().unwrap().remove("risk");
    let refused = jonas.post(&list, no_risk).await;
    refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("risk"), "{}", refused.text);

    let mut too_long = contact();
    too_long["minutes"] = json!(1441);
    let refused = jonas.post(&list, too_long).await;
    refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.json()["fields"][0]["field"], "minutes");

    // Another therapist's family: refused, and the refusal audited.
    sofie
        .post(&list, contact())
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let denied =
        w.t.store
            .audit_events(0, 100_000)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| {
                e.event.action == "case.crisis_contact.log"
                    && e.event.actor_user_id == Some(w.users["sofie"])
            })
            .count();
    assert_eq!(denied, 1);

    // A family no longer in treatment.
    w.t.discharge_family(
        &mut f,
        "jonas",
        NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        DischargeReason::Completed,
        UltimateOutcomes {
            living_at_home: true,
            in_school_or_working: true,
            no_new_arrests: true,
        },
    )
    .await;
    let refused = jonas.post(&list, contact()).await;
    refused.assert_status(StatusCode::CONFLICT);
    assert_eq!(
        refused.json()["message"],
        "a crisis contact can only be logged for a family in treatment"
    );
    assert_eq!(w.t.count_rows("crisis_contacts").await, 0);
    assert_eq!(jonas.get(&list).await.json(), json!([]));
}
