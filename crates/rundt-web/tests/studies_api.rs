//! Feasibility studies over the API (issue 16): two municipalities make a
//! joint study, save a second version, the national office comments, both
//! approve and the team is created with their shares; bad input — a
//! negative count, a share over 100 %, no municipality — is refused with a
//! clear message and stores nothing; a manager of another municipality
//! cannot read the study; an approved study has no more versions.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use rundt_testkit::TestApp;
use rundt_testkit::http::Client;
use serde_json::{Value, json};

struct World {
    t: TestApp,
    aarhus: Client,
    skanderborg: Client,
    horsens: Client,
    office: Client,
}

async fn world() -> World {
    let t = TestApp::new().await;
    let aarhus = t
        .user("aarhus.manager", "municipal_manager", "DK", Some("0751"))
        .await;
    let skanderborg = t
        .user(
            "skanderborg.manager",
            "municipal_manager",
            "DK",
            Some("0746"),
        )
        .await;
    let horsens = t
        .user("horsens.manager", "municipal_manager", "DK", Some("0615"))
        .await;
    let office = t.user("dk.office", "national_admin", "DK", None).await;
    let client = |id| t.client_for(rundt_web::router, id);
    World {
        aarhus: client(aarhus.id).await,
        skanderborg: client(skanderborg.id).await,
        horsens: client(horsens.id).await,
        office: client(office.id).await,
        t,
    }
}

/// Aarhus's draft with Skanderborg, filled: the potential with sources, the
/// shares expected to be referred, a barrier.
async fn joint_study(w: &World) -> Value {
    let r = w
        .aarhus
        .get("/api/v1/studies/draft?partners=0746&programme_model=MST&starts_on=2027-03-15")
        .await;
    r.assert_ok();
    let mut doc = r.json();
    assert_eq!(doc["municipalities"][0]["share_bp"], 5_000, "equal shares");
    assert_eq!(doc["assumptions"]["starts_on"], "2027-03-01");
    doc["title"] = json!("Forundersøgelse: MST Østjylland");
    doc["team_name"] = json!("MST Østjylland");
    doc["potential"] = json!([
        {"municipality": "0751", "measure": "offences_or_at_risk", "count": 180, "source": "Aarhus Kommune 2025", "year": 2025},
        {"municipality": "0751", "measure": "placed_out_of_home", "count": 70, "source": "Danmarks Statistik", "year": 2025},
        {"municipality": "0746", "measure": "offences_or_at_risk", "count": 60, "source": "Skanderborg Kommune 2025", "year": 2025},
        {"municipality": "0746", "measure": "placed_out_of_home", "count": 20, "source": "Danmarks Statistik", "year": 2025}
    ]);
    doc["referral_shares"] = json!([
        {"measure": "offences_or_at_risk", "share_bp": {"low": 300, "expected": 500, "high": 800}},
        {"measure": "placed_out_of_home", "share_bp": {"low": 800, "expected": 1200, "high": 1600}}
    ]);
    doc["barriers"] = json!([
        {"text": "Behandlingskulturen", "note": "Temadag", "owner": "Familiechef", "resolved": false}
    ]);
    doc
}

#[tokio::test]
async fn two_municipalities_make_a_joint_study_and_their_approvals_create_the_team() {
    let w = world().await;
    let doc = joint_study(&w).await;
    let created = w.aarhus.post("/api/v1/studies", doc.clone()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let id = created.body["study"]["id"].as_i64().unwrap();
    let scenarios = created.body["projection"]["scenarios"].as_array().unwrap();
    let names: Vec<&str> = scenarios
        .iter()
        .map(|s| s["scenario"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["low", "expected", "high"]);
    for s in scenarios {
        for m in s["months"].as_array().unwrap() {
            let t = m["therapists"].as_u64().unwrap();
            assert!(
                (2..=4).contains(&t),
                "an MST ramp plans 2 to 4 therapists: {t}"
            );
        }
    }

    // Skanderborg sees it and saves a second version; Horsens does not.
    let seen = w.skanderborg.get(&format!("/api/v1/studies/{id}")).await;
    seen.assert_ok();
    w.horsens
        .get(&format!("/api/v1/studies/{id}"))
        .await
        .client_error(StatusCode::FORBIDDEN);
    let mut second = doc.clone();
    second["municipalities"] = json!([
        {"municipality_code": "0751", "share_bp": 7000},
        {"municipality_code": "0746", "share_bp": 3000}
    ]);
    let saved = w
        .skanderborg
        .if_match(&seen.etag())
        .put(&format!("/api/v1/studies/{id}"), second)
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    assert_eq!(saved.etag(), "\"2\"");
    // A save on the first version again is stale.
    w.aarhus
        .if_match("\"1\"")
        .put(&format!("/api/v1/studies/{id}"), doc.clone())
        .await
        .client_error(StatusCode::PRECONDITION_FAILED);
    let versions = w
        .aarhus
        .get(&format!("/api/v1/studies/{id}/versions"))
        .await;
    assert_eq!(versions.json().as_array().unwrap().len(), 2);

    // The national office comments; it does not approve.
    let comment = w
        .office
        .post(
            &format!("/api/v1/studies/{id}/comments"),
            json!({"text": "Husk licensen efter ejerandel."}),
        )
        .await;
    assert_eq!(comment.status, StatusCode::CREATED, "{}", comment.text);
    w.office
        .if_match("\"2\"")
        .post(&format!("/api/v1/studies/{id}/approvals"), json!({}))
        .await
        .client_error(StatusCode::FORBIDDEN);

    // Approving the first version is stale; both approve the second.
    w.aarhus
        .if_match("\"1\"")
        .post(&format!("/api/v1/studies/{id}/approvals"), json!({}))
        .await
        .client_error(StatusCode::PRECONDITION_FAILED);
    let one = w
        .aarhus
        .if_match("\"2\"")
        .post(&format!("/api/v1/studies/{id}/approvals"), json!({}))
        .await;
    assert_eq!(one.status, StatusCode::OK, "{}", one.text);
    assert!(
        one.body["study"]["team_id"].is_null(),
        "no team before the last approval"
    );
    w.aarhus
        .if_match("\"2\"")
        .post(&format!("/api/v1/studies/{id}/approvals"), json!({}))
        .await
        .client_error(StatusCode::CONFLICT);
    let both = w
        .skanderborg
        .if_match("\"2\"")
        .post(&format!("/api/v1/studies/{id}/approvals"), json!({}))
        .await;
    assert_eq!(both.status, StatusCode::OK, "{}", both.text);
    assert_eq!(both.body["study"]["status"], "approved");
    let team = both.body["study"]["team_id"].as_i64().expect("the team");
    let made =
        w.t.store
            .get_team(rundt_domain::id::TeamId::new(team))
            .await
            .unwrap()
            .unwrap();
    assert_eq!(made.name, "MST Østjylland");
    let mut owners: Vec<(String, u32)> = made
        .owners
        .iter()
        .map(|o| (o.municipality_code.to_string(), o.share_bp))
        .collect();
    owners.sort();
    assert_eq!(owners, [("0746".into(), 3000), ("0751".into(), 7000)]);
    assert_eq!(made.started_on.to_string(), "2027-03-01");

    // No more versions; the team's plan is there (not started yet).
    w.aarhus
        .if_match("\"2\"")
        .put(&format!("/api/v1/studies/{id}"), doc)
        .await
        .client_error(StatusCode::CONFLICT);
    let plan = w
        .skanderborg
        .get(&format!("/api/v1/teams/{team}/plan"))
        .await;
    assert_eq!(plan.status, StatusCode::OK, "{}", plan.text);
    assert_eq!(plan.body["study_id"], id);
    assert_eq!(
        plan.body["months"].as_array().unwrap().len(),
        0,
        "the team starts in March"
    );
}

#[tokio::test]
async fn bad_input_is_refused_with_a_clear_message_and_stores_nothing() {
    let w = world().await;
    let doc = joint_study(&w).await;

    let mut negative = doc.clone();
    negative["potential"][0]["count"] = json!(-5);
    let r = w.aarhus.post("/api/v1/studies", negative).await;
    r.client_error(StatusCode::UNPROCESSABLE_ENTITY);

    let mut over = doc.clone();
    over["referral_shares"][1]["share_bp"]["high"] = json!(12_000);
    w.aarhus
        .post("/api/v1/studies", over)
        .await
        .invalid("referral_shares[1].share_bp.high");

    let mut nobody = doc.clone();
    nobody["municipalities"] = json!([]);
    w.aarhus
        .post("/api/v1/studies", nobody)
        .await
        .invalid("municipalities");

    let mut no_source = doc.clone();
    no_source["potential"][2]["source"] = json!(" ");
    w.aarhus
        .post("/api/v1/studies", no_source)
        .await
        .invalid("potential[2].source");

    let list = w.aarhus.get("/api/v1/studies").await;
    assert_eq!(list.json(), json!([]), "nothing was stored");
}

#[tokio::test]
async fn the_potential_is_imported_from_csv_and_a_bad_row_is_named() {
    let w = world().await;
    let created = w
        .aarhus
        .post("/api/v1/studies", joint_study(&w).await)
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let id = created.body["study"]["id"].as_i64().unwrap();
    let bad = "municipality;measure;count;source;year\n0751;school_dropout;-3;Skolerne;2025\n";
    let r = w
        .aarhus
        .if_match("\"1\"")
        .post(
            &format!("/api/v1/studies/{id}/potential"),
            json!({"csv": bad}),
        )
        .await;
    r.client_error(StatusCode::UNPROCESSABLE_ENTITY);
    let csv = "municipality;measure;count;source;year\n0751;school_dropout;120;\"Skolerne; fravær\";2025\n0746;placed_out_of_home;20;Danmarks Statistik;2025\n";
    let r = w
        .aarhus
        .if_match("\"1\"")
        .post(
            &format!("/api/v1/studies/{id}/potential"),
            json!({"csv": csv}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let potential = r.body["study"]["current"]["document"]["potential"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(potential.len(), 2);
    assert_eq!(potential[0]["source"], "Skolerne; fravær");
    assert_eq!(r.etag(), "\"2\"");
}
