//! The team's people over the API (issue 15): a new therapist is refused a
//! family until their initial training is recorded (or the supervisor
//! records an exception); bad input — a certificate that is not a PDF or
//! an image or is over the size limit, a booster held in the future, a
//! plan review before the plan — is refused with a clear message and
//! stores nothing; a municipal manager sees a team's figures, never a
//! person's plan; attendance kept at supervision counts in the flags.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use rundt_app::Actor;
use rundt_app::organisation::{self, AddMember};
use rundt_domain::id::{TeamId, UserId};
use rundt_testkit::http::{AarhusTeam, Client};
use rundt_testkit::test_now;
use serde_json::{Value, json};

fn referral(team: TeamId) -> Value {
    rundt_testkit::http::truancy_referral(team, "2012-03-01")
}

/// Nora, a therapist who joined the Aarhus team a week ago, untrained.
async fn new_therapist(w: &AarhusTeam) -> UserId {
    let nora = w.t.user("nora", "therapist", "DK", None).await;
    let member = AddMember {
        user_id: nora.id,
        position: "therapist".into(),
        since: chrono::NaiveDate::from_ymd_opt(2026, 11, 18),
    };
    organisation::add_member(&w.t.app, &Actor::cli(), w.team, &member)
        .await
        .expect("member");
    nora.id
}

/// A family Louise referred and Mette accepted: its id and ETag.
async fn waiting_family(w: &AarhusTeam, louise: &Client, mette: &Client) -> (i64, String) {
    let r = louise.post("/api/v1/cases", referral(w.team)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let id = r.body["id"].as_i64().unwrap();
    let accepted = mette
        .if_match(&r.etag())
        .post(&format!("/api/v1/cases/{id}/accept"), json!({}))
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.text);
    (id, accepted.etag())
}

fn orientation() -> Value {
    json!({"kind": "mst_orientation", "provider": "MST Danmark",
           "started_on": "2026-11-16", "finished_on": "2026-11-20", "days": 5})
}

fn base64(bytes: &[u8]) -> String {
    data_encoding::BASE64.encode(bytes)
}

#[tokio::test]
async fn a_new_therapist_is_refused_a_family_until_the_initial_training_is_recorded() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let [louise, mette] = w.clients(["louise", "mette"], test_now()).await;
    let nora = new_therapist(&w).await;
    let nora_client = w.t.client_at(rundt_web::router, nora, test_now()).await;
    let (id, etag) = waiting_family(&w, &louise, &mette).await;
    let assign = format!("/api/v1/cases/{id}/assign");
    let body = json!({"therapist_id": nora, "start": "2026-11-25"});

    let refused = mette.if_match(&etag).post(&assign, body.clone()).await;
    refused.invalid("therapist_id");
    let message = refused.client_error(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        message["message"].as_str().unwrap().contains("nora"),
        "the message names the therapist: {message}"
    );
    let still = mette.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(still.body["status"], "waiting", "nothing changed");

    // Nora records her orientation course herself, with its certificate.
    let mut training = orientation();
    training["certificate"] = json!({"file_name": "bevis.pdf",
        "content_base64": base64(b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n")});
    let recorded = nora_client
        .post(&format!("/api/v1/people/{nora}/training"), training)
        .await;
    assert_eq!(recorded.status, StatusCode::CREATED, "{}", recorded.text);
    assert_eq!(
        recorded.body["certificate"]["content_type"],
        "application/pdf"
    );
    let record_id = recorded.body["id"].as_i64().unwrap();
    let file = mette
        .get(&format!("/api/v1/training-records/{record_id}/certificate"))
        .await;
    file.assert_ok();
    assert!(file.text.starts_with("%PDF-"), "the file as it was");

    let assigned = mette.if_match(&etag).post(&assign, body).await;
    assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.text);
    assert_eq!(assigned.body["case"]["status"], "in_treatment");
}

#[tokio::test]
async fn the_supervisors_exception_lets_an_untrained_therapist_take_a_family() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let [louise, mette, jonas] = w.clients(["louise", "mette", "jonas"], test_now()).await;
    let nora = new_therapist(&w).await;
    let (id, etag) = waiting_family(&w, &louise, &mette).await;
    let exception = format!("/api/v1/teams/{}/people/{nora}/training-exception", w.team);
    let reason = json!({"reason": "Grunduddannelse i januar; går med Jonas indtil da"});

    jonas
        .post(&exception, reason.clone())
        .await
        .assert_status(StatusCode::FORBIDDEN);
    mette
        .post(&exception, json!({"reason": "  "}))
        .await
        .invalid("reason");
    let made = mette.post(&exception, reason).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);

    let assigned = mette
        .if_match(&etag)
        .post(
            &format!("/api/v1/cases/{id}/assign"),
            json!({"therapist_id": nora, "start": "2026-11-25"}),
        )
        .await;
    assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.text);
    // The exception is audited.
    let log = w.t.store.audit_events(0, 10_000).await.unwrap();
    assert!(
        log.iter()
            .any(|e| e.event.action.as_str() == "people.training_exception.record"),
        "the exception is in the audit log"
    );
}

#[tokio::test]
async fn a_certificate_that_is_not_a_pdf_or_image_or_is_too_large_is_refused_and_nothing_is_stored()
{
    let w = AarhusTeam::new(rundt_web::router).await;
    let [mette] = w.clients(["mette"], test_now()).await;
    let jonas = w.users["jonas"];
    let uri = format!("/api/v1/people/{jonas}/training");
    let mut gif = orientation();
    gif["certificate"] = json!({"file_name": "bevis.gif", "content_base64": base64(b"GIF89a....")});
    let refused = mette.post(&uri, gif).await;
    refused.invalid("certificate");
    let mut big = orientation();
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.resize(5 * 1024 * 1024 + 1, b' ');
    big["certificate"] = json!({"file_name": "stor.pdf", "content_base64": base64(&bytes)});
    let too_large = mette.post(&uri, big).await;
    too_large.invalid("certificate");
    let body = too_large.client_error(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["message"].as_str().unwrap().contains('5'), "{body}");
    let mut not_base64 = orientation();
    not_base64["certificate"] = json!({"file_name": "x.pdf", "content_base64": "%%%"});
    mette.post(&uri, not_base64).await.invalid("certificate");

    let record = mette.get(&format!("/api/v1/people/{jonas}")).await;
    record.assert_ok();
    let courses = record.body["training"].as_array().unwrap();
    assert_eq!(
        courses.len(),
        1,
        "only the fixture's orientation: {courses:?}"
    );
}

#[tokio::test]
async fn a_booster_held_in_the_future_or_a_review_before_the_plan_is_refused_and_nothing_is_stored()
{
    let w = AarhusTeam::new(rundt_web::router).await;
    let [mette] = w.clients(["mette"], test_now()).await;
    let jonas = w.users["jonas"];
    let boosters = format!("/api/v1/teams/{}/boosters", w.team);
    let future = mette
        .post(
            &boosters,
            json!({"planned_on": "2026-11-30", "topic": "Sikkerhedsplaner", "trainer": "Henrik Dam",
                   "held_on": "2026-11-30", "attendees": [jonas]}),
        )
        .await;
    future.invalid("held_on");
    let team = mette.get(&format!("/api/v1/teams/{}/people", w.team)).await;
    assert_eq!(team.body["boosters"], json!([]), "nothing was stored");

    let plan = format!("/api/v1/teams/{}/people/{jonas}/plan", w.team);
    let written = mette
        .put(
            &plan,
            json!({"goals": [{"competence": "principle_1", "goal": "Fit-cirkler",
                              "actions": "En fit-cirkel til hver supervision"}],
                   "review_on": "2027-02-25"}),
        )
        .await;
    assert_eq!(written.status, StatusCode::OK, "{}", written.text);
    assert_eq!(written.body["version"], 1);
    let early = mette
        .post(
            &format!("{plan}/reviews"),
            json!({"reviewed_on": "2026-11-01", "notes": "Godt i gang", "next_review_on": "2027-01-01"}),
        )
        .await;
    early.invalid("reviewed_on");
    let view = mette.get(&plan).await;
    assert_eq!(
        view.body["versions"][0]["reviews"],
        json!([]),
        "no review stored"
    );
}

#[tokio::test]
async fn a_municipal_manager_sees_the_teams_figures_and_never_a_persons_plan() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let manager =
        w.t.user("ane", "municipal_manager", "DK", Some("0751"))
            .await;
    let manager =
        w.t.client_at(rundt_web::router, manager.id, test_now())
            .await;
    let jonas = w.users["jonas"];
    let team = manager
        .get(&format!("/api/v1/teams/{}/people", w.team))
        .await;
    team.assert_ok();
    assert_eq!(team.body["people"], Value::Null, "no person by person");
    assert_eq!(
        team.body["figures"]["people"], 3,
        "the supervisor and two therapists"
    );
    assert_eq!(team.body["figures"]["initial_training_complete"], 3);
    manager
        .get(&format!("/api/v1/teams/{}/people/{jonas}/plan", w.team))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    manager
        .get(&format!("/api/v1/people/{jonas}"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let figures = manager.get("/api/v1/people/figures").await;
    figures.assert_ok();
    assert_eq!(
        figures.body.as_array().unwrap().len(),
        1,
        "the team Aarhus owns"
    );
}

#[tokio::test]
async fn attendance_kept_at_supervision_counts_towards_the_missed_weeks() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let [mette] = w.clients(["mette"], test_now()).await;
    let (jonas, sofie, mette_id) = (w.users["jonas"], w.users["sofie"], w.users["mette"]);
    let supervision = format!("/api/v1/teams/{}/supervision", w.team);
    // Twelve Tuesdays before this week; Sofie is away ill at three.
    for weeks_ago in 1..=12i64 {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
            - chrono::Duration::weeks(weeks_ago);
        let sofie_away = matches!(weeks_ago, 2 | 5 | 9);
        let recorded = mette
            .post(
                &supervision,
                json!({"held_on": day, "kind": "supervision", "families": [],
                "attendance": [
                    {"user_id": mette_id, "present": true},
                    {"user_id": jonas, "present": true},
                    {"user_id": sofie, "present": !sofie_away,
                     "absence_reason": if sofie_away { json!("illness") } else { Value::Null }}
                ]}),
            )
            .await;
        assert_eq!(recorded.status, StatusCode::CREATED, "{}", recorded.text);
    }
    // Absent without a reason is refused.
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    mette
        .post(
            &supervision,
            json!({"held_on": day, "kind": "supervision", "families": [],
                   "attendance": [{"user_id": jonas, "present": false}]}),
        )
        .await
        .invalid("attendance[0]");

    let team = mette.get(&format!("/api/v1/teams/{}/people", w.team)).await;
    team.assert_ok();
    let people = team.body["people"].as_array().unwrap();
    let row = |id: UserId| {
        people.iter().find(|p| p["user_id"] == json!(id)).unwrap()["flags"]["supervision"].clone()
    };
    assert_eq!(row(sofie)["weeks_missed"], 3);
    assert_eq!(row(sofie)["weeks_excused"], 3);
    assert_eq!(row(sofie)["flagged"], true);
    assert_eq!(row(jonas)["weeks_missed"], 0);
    assert_eq!(row(jonas)["flagged"], false);
    let reminders = mette.get("/api/v1/people/reminders").await;
    assert!(
        reminders
            .body
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["kind"] == "meetings_missed" && r["user_id"] == json!(sofie)),
        "{}",
        reminders.text
    );
}
