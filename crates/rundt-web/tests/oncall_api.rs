//! The on-call rota over the API: a shift ending before it starts is 422
//! with a clear message and stores nothing; a swap with someone outside
//! the team is refused and stores nothing; a rota with a gap is published
//! only with a written reason; a therapist reads the rota but cannot edit
//! it and swaps only with both agreeing; another team's supervisor cannot
//! see it; the national office sees which teams have gaps.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use rundt_app::Actor;
use rundt_app::organisation::{self, AddMember, CreateTeam, OwnerInput};
use rundt_testkit::http::AarhusTeam;
use rundt_testkit::test_now;
use serde_json::{Value, json};

fn shift(person: impl serde::Serialize, starts: &str, ends: &str) -> Value {
    json!({"person_id": person, "starts": starts, "ends": ends})
}

fn rota_path(w: &AarhusTeam) -> String {
    format!("/api/v1/teams/{}/oncall", w.team)
}

#[tokio::test]
async fn a_shift_ending_before_it_starts_is_refused_with_a_clear_message_and_nothing_is_stored() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let mette = w.client("mette", test_now()).await;
    let rota = rota_path(&w);
    let refused = mette
        .post(
            &format!("{rota}/shifts"),
            shift(
                w.users["jonas"],
                "2026-12-07T16:00:00",
                "2026-12-07T08:00:00",
            ),
        )
        .await;
    refused.invalid("ends");
    let body = refused.client_error(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("must end after it starts"),
        "{body}"
    );
    let read = mette.get(&rota).await;
    read.assert_ok();
    assert_eq!(read.json()["shifts"], json!([]));

    // Louise is the municipality's caseworker, never on call.
    mette
        .post(
            &format!("{rota}/shifts"),
            shift(
                w.users["louise"],
                "2026-12-07T16:00:00",
                "2026-12-08T08:00:00",
            ),
        )
        .await
        .invalid("person");

    let added = mette
        .post(
            &format!("{rota}/shifts"),
            shift(
                w.users["jonas"],
                "2026-12-07T16:00:00",
                "2026-12-08T08:00:00",
            ),
        )
        .await;
    added.assert_status(StatusCode::CREATED);
    assert_eq!(added.etag(), "\"1\"");
    assert_eq!(added.json()["minutes"], 16 * 60);
    let id = added.json()["id"].as_i64().unwrap();
    let path = format!("{rota}/shifts/{id}");
    mette
        .put(
            &path,
            shift(
                w.users["sofie"],
                "2026-12-07T16:00:00",
                "2026-12-08T08:00:00",
            ),
        )
        .await
        .assert_status(StatusCode::PRECONDITION_REQUIRED);
    let changed = mette
        .if_match("\"1\"")
        .put(
            &path,
            shift(
                w.users["sofie"],
                "2026-12-07T16:00:00",
                "2026-12-08T08:00:00",
            ),
        )
        .await;
    changed.assert_ok();
    assert_eq!(changed.json()["person_id"], json!(w.users["sofie"]));
    mette
        .if_match("\"1\"")
        .delete(&path)
        .await
        .assert_status(StatusCode::PRECONDITION_FAILED);
    mette
        .if_match("\"2\"")
        .delete(&path)
        .await
        .assert_status(StatusCode::NO_CONTENT);
    assert_eq!(mette.get(&rota).await.json()["shifts"], json!([]));
}

#[tokio::test]
async fn a_rota_with_a_gap_is_published_only_with_a_written_reason() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let mette = w.client("mette", test_now()).await;
    let rota = rota_path(&w);
    let empty = mette.get(&rota).await.json();
    assert!(!empty["gaps"].as_array().unwrap().is_empty());
    assert_eq!(empty["notices"][0]["code"], "oncall-gap");

    mette
        .post(&format!("{rota}/publish"), json!({"reason": "  "}))
        .await
        .invalid("reason");
    assert!(mette.get(&rota).await.json()["publication"].is_null());

    // Filled from the default pattern for the coming eight weeks, there is
    // no gap left, and it is published without a reason.
    let filled = mette
        .post(
            &format!("{rota}/fill"),
            json!({"first": "2026-11-25", "last": "2027-01-20"}),
        )
        .await;
    filled.assert_status(StatusCode::CREATED);
    assert!(filled.json().as_array().unwrap().len() >= 56);
    let full = mette.get(&rota).await.json();
    assert_eq!(full["gaps"], json!([]), "{}", full["notices"]);
    // Filling again adds nothing: every slot is taken.
    let again = mette
        .post(
            &format!("{rota}/fill"),
            json!({"first": "2026-11-25", "last": "2027-01-20"}),
        )
        .await;
    assert_eq!(again.json(), json!([]));

    // Two nights nobody took: a gap again.
    let shifts = full["shifts"].as_array().unwrap();
    for s in shifts.iter().skip(5).take(2) {
        mette
            .if_match(&format!("\"{}\"", s["version"]))
            .delete(&format!("{rota}/shifts/{}", s["id"]))
            .await
            .assert_status(StatusCode::NO_CONTENT);
    }
    mette
        .post(&format!("{rota}/publish"), json!({}))
        .await
        .invalid("reason");
    let published = mette
        .post(
            &format!("{rota}/publish"),
            json!({"reason": "Two nights in December are covered by MST Fyn's on-call."}),
        )
        .await;
    published.assert_status(StatusCode::CREATED);
    assert_eq!(published.json()["gaps"], 2);
    let shown = mette.get(&rota).await.json();
    assert_eq!(
        shown["publication"]["reason"],
        "Two nights in December are covered by MST Fyn's on-call."
    );
}

#[tokio::test]
async fn a_therapist_reads_the_rota_but_cannot_edit_it_and_swaps_only_inside_the_team() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let [mette, jonas, sofie, louise] = w
        .clients(["mette", "jonas", "sofie", "louise"], test_now())
        .await;
    let rota = rota_path(&w);
    let (jonas_id, sofie_id) = (w.users["jonas"], w.users["sofie"]);
    let saturday = mette
        .post(
            &format!("{rota}/shifts"),
            shift(jonas_id, "2026-12-12T08:00:00", "2026-12-13T08:00:00"),
        )
        .await
        .json()["id"]
        .clone();
    let sunday = mette
        .post(
            &format!("{rota}/shifts"),
            shift(sofie_id, "2026-12-13T08:00:00", "2026-12-14T08:00:00"),
        )
        .await
        .json()["id"]
        .clone();

    jonas
        .post(
            &format!("{rota}/shifts"),
            shift(jonas_id, "2026-12-14T16:00:00", "2026-12-15T08:00:00"),
        )
        .await
        .client_error(StatusCode::FORBIDDEN);
    let read = jonas.get(&rota).await;
    read.assert_ok();
    assert_eq!(read.json()["may_edit"], false);
    assert_eq!(read.json()["shifts"].as_array().unwrap().len(), 2);
    louise.get(&rota).await.assert_status(StatusCode::FORBIDDEN);

    // Louise is not on call in the team: no swap with her.
    jonas
        .post(
            &format!("{rota}/swaps"),
            json!({"shift_id": saturday, "to_person": w.users["louise"]}),
        )
        .await
        .invalid("taker");
    assert_eq!(jonas.get(&rota).await.json()["swaps"], json!([]));

    let proposed = jonas
        .post(
            &format!("{rota}/swaps"),
            json!({"shift_id": saturday, "to_person": sofie_id, "return_shift_id": sunday}),
        )
        .await;
    proposed.assert_status(StatusCode::CREATED);
    let swap = proposed.json()["id"].as_i64().unwrap();
    let answer = format!("{rota}/swaps/{swap}/answer");
    // Jonas proposed it: he cannot agree for Sofie.
    jonas
        .if_match("\"1\"")
        .post(&answer, json!({"answer": "agree"}))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let agreed = sofie
        .if_match("\"1\"")
        .post(&answer, json!({"answer": "agree"}))
        .await;
    agreed.assert_ok();
    assert_eq!(agreed.json()["state"], "agreed");
    let after = mette.get(&rota).await.json();
    let people: Vec<&Value> = after["shifts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["person_id"])
        .collect();
    assert_eq!(people, vec![&json!(sofie_id), &json!(jonas_id)]);
    sofie
        .if_match("\"2\"")
        .post(&answer, json!({"answer": "decline"}))
        .await
        .assert_status(StatusCode::CONFLICT);
}

#[tokio::test]
async fn another_teams_supervisor_cannot_see_the_rota_and_the_national_office_sees_the_gaps() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let other = organisation::create_team(
        &w.t.app,
        &Actor::cli(),
        &CreateTeam {
            name: "MST Fyn".into(),
            country: "DK".into(),
            programme_model: "MST".into(),
            owners: vec![OwnerInput {
                municipality_code: "0461".into(),
                share_percent: 100.0,
            }],
            started_on: None,
        },
    )
    .await
    .unwrap()
    .id;
    let bente = w.t.user("bente", "supervisor", "DK", None).await;
    organisation::add_member(
        &w.t.app,
        &Actor::cli(),
        other,
        &AddMember {
            user_id: bente.id,
            position: "supervisor".into(),
            since: Some("2025-01-01".parse().unwrap()),
        },
    )
    .await
    .unwrap();
    let bente = w.t.client_for(rundt_web::router, bente.id).await;
    let rota = rota_path(&w);
    bente.get(&rota).await.client_error(StatusCode::FORBIDDEN);
    bente
        .post(
            &format!("{rota}/shifts"),
            shift(
                w.users["jonas"],
                "2026-12-07T16:00:00",
                "2026-12-08T08:00:00",
            ),
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);
    bente
        .get(&format!("/api/v1/teams/{other}/oncall"))
        .await
        .assert_ok();
    bente
        .get("/api/v1/oncall/gaps")
        .await
        .assert_status(StatusCode::FORBIDDEN);

    let office = w.t.user("karin", "national_admin", "DK", None).await;
    let office = w.t.client_for(rundt_web::router, office.id).await;
    let gaps = office.get("/api/v1/oncall/gaps").await;
    gaps.assert_ok();
    let teams = gaps.json();
    let teams = teams.as_array().unwrap();
    assert_eq!(teams.len(), 2);
    assert!(teams.iter().all(|t| t["gaps"].as_u64().unwrap() > 0));
    office.get(&rota).await.assert_ok();
}
