//! The audit log through the JSON API: newest first with the names of who
//! did it, the same filters as the page in the query (a filter that cannot
//! be used is a 400 naming each field), and a person looked up by national
//! id in the body, never in the address.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use rundt_app::cases::{self, PersonInput, ReferFamily};
use rundt_domain::id::PersonId;
use rundt_testkit::http::{AarhusTeam, Client};
use rundt_testkit::{sample_referral, test_now};
use serde_json::{Value, json};

/// The Aarhus team, a Danish auditor, and Louise's referral of Mikkel
/// (CPR 150311-4107), which she then opens; the auditor signed in first.
async fn world() -> (AarhusTeam, Client, PersonId) {
    let w = AarhusTeam::new(rundt_web::router).await;
    w.t.user("dk_auditor", "auditor", "DK", None).await;
    let auditor = w.t.client_as(rundt_web::router, "dk_auditor").await;
    let louise = w.t.actor_on("louise", test_now().date_naive()).await;
    let case = cases::refer_family(
        &w.t.app,
        &louise,
        &ReferFamily {
            team_id: w.team,
            referring_municipality: None,
            young_person: PersonInput {
                given_name: "Mikkel".into(),
                family_name: "Andersen".into(),
                national_id: Some("150311-4107".into()),
                birth_date: None,
            },
            other_children: Vec::new(),
            caregivers: vec![],
            referral: sample_referral(),
        },
    )
    .await
    .unwrap();
    cases::read_case(&w.t.app, &louise, case.id).await.unwrap();
    (w, auditor, case.people[0].id)
}

fn seqs(list: &Value) -> Vec<i64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn the_audit_log_is_newest_first_and_narrowed_by_the_query() {
    let (w, c, mikkel) = world().await;
    let first = c.get("/api/v1/audit?limit=5").await;
    first.assert_ok();
    let first = first.json();
    let mut newest: Vec<i64> =
        w.t.store
            .audit_events(0, 100_000)
            .await
            .unwrap()
            .iter()
            .map(|e| e.seq)
            .collect();
    newest.reverse();
    assert_eq!(seqs(&first), newest[..5]);
    assert_eq!(first[0]["action"], "case.read");
    assert_eq!(first[0]["actor_name"], "Test louise");
    assert_eq!(first[0]["actor_role"], "municipal_caseworker");
    assert_eq!(first[0]["person_id"], mikkel.get());

    // The next page: below the last one shown.
    let next = c
        .get(&format!("/api/v1/audit?limit=5&before={}", newest[4]))
        .await
        .json();
    assert_eq!(seqs(&next), newest[5..10]);

    // Louise's reads and referral of families, by the action family.
    let louise = w.users["louise"];
    let hers = c
        .get(&format!("/api/v1/audit?user={louise}&action=case.*"))
        .await
        .json();
    let actions: Vec<&str> = hers
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["case.read", "case.referral.record", "case.create"]
    );
    // About Mikkel, today on the Danish clock.
    let about = c
        .get(&format!(
            "/api/v1/audit?person={mikkel}&from=2026-11-25&to=2026-11-25"
        ))
        .await
        .json();
    assert_eq!(about.as_array().unwrap().len(), 2, "{about}");
}

#[tokio::test]
async fn a_filter_that_cannot_be_used_is_400_naming_each_field() {
    let (_w, c, _) = world().await;
    let reply = c
        .get("/api/v1/audit?from=2026-12-01&to=2026-11-01&action=case.shred&person=x&limit=0")
        .await;
    let body = reply.client_error(StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "bad_request");
    let fields: Vec<(&str, &str)> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap(), f["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        fields,
        [
            ("person", "audit-filter-id-shape"),
            ("action", "audit-action-unknown"),
            ("from", "period-reversed"),
            ("limit", "audit-limit-range"),
        ]
    );
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("from: the period starts (2026-12-01) after it ends (2026-11-01)"),
        "{body}"
    );
    // An account or a person that does not exist.
    for (query, field) in [("user=999999", "user"), ("person=999999", "person")] {
        let body = c
            .get(&format!("/api/v1/audit?{query}"))
            .await
            .client_error(StatusCode::BAD_REQUEST);
        assert_eq!(body["fields"][0]["field"], field, "{body}");
    }
}

#[tokio::test]
async fn a_person_is_looked_up_by_national_id_in_the_body() {
    let (w, c, mikkel) = world().await;
    let found = c
        .post(
            "/api/v1/audit/person-lookup",
            json!({"national_id": "150311-4107"}),
        )
        .await;
    found.assert_ok();
    assert_eq!(found.json(), json!({"person_id": mikkel.get()}));
    let last = w.t.store.audit_events(0, 100_000).await.unwrap();
    let last = &last.last().unwrap().event;
    assert_eq!(last.action, "person.lookup");
    assert_eq!(last.person_id, Some(mikkel));

    for (typed, code) in [
        ("010190-1234", "national-id-no-person"),
        ("01019-1234", "cpr-shape"),
    ] {
        let reply = c
            .post("/api/v1/audit/person-lookup", json!({"national_id": typed}))
            .await;
        reply.invalid("national_id");
        let body = reply.json();
        assert_eq!(body["fields"][0]["code"], code);
        assert!(
            !reply.text.contains("1234"),
            "the number is not repeated: {body}"
        );
    }
    // Staff of the families may not look people up.
    let jonas = w.client("jonas", test_now()).await;
    jonas
        .post(
            "/api/v1/audit/person-lookup",
            json!({"national_id": "150311-4107"}),
        )
        .await
        .client_error(StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_openapi_document_describes_the_filters_and_their_errors() {
    let (_w, c, _) = world().await;
    let doc = c.get("/api/openapi.json").await.json();
    let statuses = |path: &str, method: &str| -> Vec<String> {
        doc["paths"][path][method]["responses"]
            .as_object()
            .unwrap_or_else(|| panic!("{path} {method}"))
            .keys()
            .cloned()
            .collect()
    };
    assert!(statuses("/api/v1/audit", "get").contains(&"400".to_owned()));
    assert!(statuses("/api/v1/audit", "get").contains(&"403".to_owned()));
    let lookup = statuses("/api/v1/audit/person-lookup", "post");
    assert!(lookup.contains(&"422".to_owned()) && lookup.contains(&"403".to_owned()));
    let params: Vec<&str> = doc["paths"]["/api/v1/audit"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        params,
        [
            "before", "after", "user", "action", "person", "case", "from", "to", "limit"
        ]
    );
}

#[tokio::test]
async fn a_persons_access_log_is_a_page_with_the_cursor_of_the_next() {
    let (w, c, mikkel) = world().await;
    let mut whole: Vec<String> =
        w.t.store
            .person_access_log(mikkel)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.event.action)
            .collect();
    whole.reverse();
    assert!(whole.len() >= 2, "the referral and Louise's read");

    let first = c
        .get(&format!("/api/v1/persons/{mikkel}/access-log?limit=1"))
        .await;
    first.assert_ok();
    let first = first.json();
    assert_eq!(first["entries"].as_array().unwrap().len(), 1);
    assert_eq!(first["entries"][0]["action"], "case.read");
    assert_eq!(first["entries"][0]["who"], "Test louise");
    assert_eq!(first["entries"][0]["role"], "municipal_caseworker");
    assert!(first["next_before"].as_i64().unwrap() > 0, "{first}");

    // Following `next_before` to the end reads the whole log, newest first.
    let mut actions = vec![first["entries"][0]["action"].as_str().unwrap().to_owned()];
    let mut before = first["next_before"].as_i64();
    while let Some(seq) = before {
        let page = c
            .get(&format!(
                "/api/v1/persons/{mikkel}/access-log?limit=1&before={seq}"
            ))
            .await;
        page.assert_ok();
        let page = page.json();
        actions.extend(
            page["entries"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["action"].as_str().unwrap().to_owned()),
        );
        before = page["next_before"].as_i64();
    }
    assert_eq!(actions, whole);

    // The default page holds the whole of this short log, and no cursor.
    let all = c
        .get(&format!("/api/v1/persons/{mikkel}/access-log"))
        .await
        .json();
    assert!(all["next_before"].is_null(), "{all}");
    assert!(
        all["entries"].as_array().unwrap().len() > whole.len(),
        "and the reads since"
    );
}

#[tokio::test]
async fn an_access_log_page_that_cannot_be_asked_for_is_a_400_naming_each_field() {
    let (_w, c, mikkel) = world().await;
    let bad = c
        .get(&format!(
            "/api/v1/persons/{mikkel}/access-log?before=yesterday&limit=201"
        ))
        .await;
    bad.assert_status(StatusCode::BAD_REQUEST);
    let body = bad.json();
    assert_eq!(body["error"], "bad_request");
    let fields: Vec<(&str, &str)> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap(), f["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        fields,
        [
            ("before", "audit-filter-id-shape"),
            ("limit", "audit-limit-range")
        ]
    );
    assert_eq!(
        body["fields"][1]["message"], "must be a number from 1 to 200",
        "{body}"
    );
    for query in ["limit=0", "before=0", "before=-5", "limit=many"] {
        c.get(&format!("/api/v1/persons/{mikkel}/access-log?{query}"))
            .await
            .assert_status(StatusCode::BAD_REQUEST);
    }
}
