//! A referral's hand-off over the API and the pages, on the test clock: the
//! caseworker's receipt (number, time on the local clock, team, deadline,
//! what happens next), the escalation of an unacknowledged referral on
//! the family page and the families list of both sides, the supervisor's
//! acknowledgement, and the caseworker's added information and withdrawal.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use chrono::{DateTime, TimeZone, Utc};
use rundt_domain::id::TeamId;
use rundt_testkit::http::{AarhusTeam, Client};
use rundt_testkit::test_now;
use serde_json::{Value, json};

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

/// Monday 30 November 2026, the last day to acknowledge a referral
/// received on Wednesday the 25th.
fn monday() -> DateTime<Utc> {
    at(2026, 11, 30, 14, 0)
}

/// Tuesday 1 December 2026: the referral of the 25th is overdue.
fn tuesday() -> DateTime<Utc> {
    at(2026, 12, 1, 8, 0)
}

fn referral(team: TeamId) -> Value {
    json!({
        "team_id": team,
        "young_person": {"given_name": "Mikkel", "family_name": "Andersen", "birth_date": "2011-03-15"},
        "caregivers": [{"given_name": "Lone", "family_name": "Andersen", "birth_date": "1982-06-02"}],
        "referral": {
            "behaviours": [{"behaviour": "truancy", "frequency": "3 days a week",
                            "intensity": "has not attended maths since August", "duration": "4 months"}],
            "legal_basis": "Barnets Lov § 32, stk. 1, nr. 5",
            "consent": {"given_by": "mother", "given_on": "2026-11-20"},
            "contact": {"phone": "+45 89 40 20 00", "email": "louise@aarhus.dk"},
            "school": "Skåde Skole",
            "placement_considered": "foster_care"
        }
    })
}

/// Louise refers the family through the API on Wednesday 25 November at
/// 13:00 in Aarhus; returns the answer's body and `ETag`.
async fn referred(w: &AarhusTeam) -> (Value, String) {
    let louise = w.client("louise", test_now()).await;
    let r = louise.post("/api/v1/cases", referral(w.team)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    (r.json(), r.etag())
}

#[tokio::test]
async fn the_api_answers_a_referral_with_its_receipt() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let (body, etag) = referred(&w).await;
    let id = body["id"].as_i64().unwrap();
    assert_eq!(body["referral_number"], id);
    assert_eq!(body["status"], "referred");
    assert_eq!(body["team_name"], "MST Aarhus");
    assert_eq!(body["received_at"], "2026-11-25T12:00:00Z");
    assert_eq!(body["received_at_local"], "2026-11-25 13:00");
    assert_eq!(body["time_zone"], "Europe/Copenhagen");
    assert_eq!(body["acknowledge_by"], "2026-11-30");
    assert_eq!(body["acknowledge_within_working_days"], 3);
    assert_eq!(body["awaiting_acknowledgement"]["overdue"], false);
    assert_eq!(etag, format!("\"{}\"", body["version"]));
    // The receipt again, later; the team reads the new fields.
    let louise = w.client("louise", tuesday()).await;
    let again = louise.get(&format!("/api/v1/cases/{id}/receipt")).await;
    again.assert_ok();
    assert_eq!(again.body["acknowledge_by"], "2026-11-30");
    assert_eq!(again.body["received_at_local"], "2026-11-25 13:00");
    let mette = w.client("mette", tuesday()).await;
    let file = mette.get(&format!("/api/v1/cases/{id}/file")).await;
    assert_eq!(file.body["referral"]["school"], "Skåde Skole");
    assert_eq!(file.body["referral"]["placement_considered"], "foster_care");
    assert_eq!(file.body["referral"]["contact"]["phone"], "+45 89 40 20 00");
    assert_eq!(file.body["referral"]["contact"]["name"], "Test louise");
    assert_eq!(
        file.body["handoff"]["receipt"]["acknowledge_by"],
        "2026-11-30"
    );
    // A phone number that is none is refused on its field.
    let mut bad = referral(w.team);
    bad["referral"]["contact"]["phone"] = json!("ring mig");
    w.client("louise", test_now())
        .await
        .post("/api/v1/cases", bad)
        .await
        .invalid("referral.contact.phone");
}

#[tokio::test]
async fn the_receipt_page_gives_number_local_time_team_deadline_and_what_happens_next() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let louise = w.client("louise", test_now()).await.language("da");
    let form = louise.get("/cases/new").await;
    // Her name and e-mail are filled in from her account; school and
    // placement are there to fill.
    form.assert_ok()
        .has("name=\"referral.contact.name\" value=\"Test louise\"")
        .has("name=\"referral.contact.phone\"")
        .has("name=\"referral.school\"")
        .has("<option value=\"residential_institution\">Døgninstitution</option>");
    let fields = [
        ("team_id", w.team.to_string()),
        ("young_person.given_name", "Mikkel".into()),
        ("young_person.family_name", "Andersen".into()),
        ("young_person.birth_date", "2011-03-15".into()),
        ("caregivers[0].given_name", "Lone".into()),
        ("caregivers[0].family_name", "Andersen".into()),
        ("caregivers[0].birth_date", "1982-06-02".into()),
        ("referral.behaviours[0].behaviour", "Skolevægring".into()),
        ("referral.behaviours[0].frequency", "4 dage om ugen".into()),
        ("referral.behaviours[0].intensity", "bliver i sengen".into()),
        ("referral.behaviours[0].duration", "3 måneder".into()),
        ("referral.legal_basis", "Barnets Lov § 32".into()),
        ("referral.consent.given_by", "Lone Andersen".into()),
        ("referral.consent.given_on", "2026-11-20".into()),
        ("referral.school", "Skåde Skole".into()),
        (
            "referral.placement_considered",
            "residential_institution".into(),
        ),
        ("referral.contact.name", "Louise Winther".into()),
        ("referral.contact.phone", "+45 89 40 20 00".into()),
        ("referral.contact.email", "louise.winther@aarhus.dk".into()),
    ];
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let receipt = louise.form("/cases/new", &pairs).await.redirected_to();
    let id: i64 = receipt
        .strip_prefix("/cases/")
        .and_then(|r| r.strip_suffix("/receipt"))
        .unwrap()
        .parse()
        .unwrap();
    louise
        .get(&receipt)
        .await
        .assert_ok()
        .has("<h1>Henvisningen er modtaget</h1>")
        .has(&format!("<strong>{id}</strong>"))
        .has("2026-11-25 13:00 (Europe/Copenhagen)")
        .has("MST Aarhus")
        .has("2026-11-30</span> (3 arbejdsdage)")
        .has("Hvad sker der nu?")
        .has("MST Aarhus kvitterer for henvisningen inden for 3 arbejdsdage, senest 2026-11-30.")
        .has(&format!("href=\"/cases/{id}\""));
    // In English on request.
    louise
        .get(&format!("{receipt}?lang=en"))
        .await
        .has("Referral received")
        .has("What happens next")
        .has("by 2026-11-30 at the latest");
    // The family page shows what she gave, to the team too.
    w.client("mette", test_now())
        .await
        .language("en")
        .get(&format!("/cases/{id}"))
        .await
        .assert_ok()
        .has("Skåde Skole")
        .has("Residential institution")
        .has("href=\"tel:+45 89 40 20 00\"")
        .has("louise.winther@aarhus.dk")
        .has("2026-11-25 13:00 (Europe/Copenhagen)")
        .has("Awaiting acknowledgement until 2026-11-30");
}

#[tokio::test]
async fn a_referral_stored_without_the_new_fields_shows_them_as_not_recorded() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let mut plain = referral(w.team);
    for field in ["contact", "school", "placement_considered"] {
        plain["referral"].as_object_mut().unwrap().remove(field);
    }
    let louise = w.client("louise", test_now()).await;
    let id = louise.post("/api/v1/cases", plain).await.json()["id"].clone();
    let page = w
        .client("mette", test_now())
        .await
        .language("en")
        .get(&format!("/cases/{id}"))
        .await;
    page.assert_ok();
    let referral_section = &page.text[page.text.find("id=\"referral-h\"").unwrap()..];
    assert!(
        referral_section.matches("Not recorded").count() >= 2,
        "school and placement: {referral_section}"
    );
}

/// Who sees what of the referral on `when`: the families list and the
/// family page of `who`.
async fn seen_by(w: &AarhusTeam, who: &str, when: DateTime<Utc>, id: i64) -> (String, String) {
    let c: Client = w.client(who, when).await.language("en");
    let list = c.get("/cases").await;
    list.assert_ok();
    let page = c.get(&format!("/cases/{id}")).await;
    page.assert_ok();
    (list.text, page.text)
}

#[tokio::test]
async fn an_unacknowledged_referral_is_escalated_to_the_supervisor_and_the_caseworker() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let (body, _) = referred(&w).await;
    let id = body["id"].as_i64().unwrap();
    // On the last day both see it awaited.
    for who in ["mette", "louise"] {
        let (list, page) = seen_by(&w, who, monday(), id).await;
        assert!(
            list.contains("Awaiting acknowledgement until 2026-11-30"),
            "{who}"
        );
        assert!(
            page.contains("Awaiting acknowledgement until 2026-11-30"),
            "{who}"
        );
        assert!(!page.contains("acknowledgement-overdue"), "{who}");
    }
    // The day after, both see it overdue.
    for who in ["mette", "louise"] {
        let (list, page) = seen_by(&w, who, tuesday(), id).await;
        assert!(
            list.contains("Overdue: not acknowledged by 2026-11-30"),
            "{who}"
        );
        assert!(page.contains("id=\"acknowledgement-overdue\""), "{who}");
        assert!(
            page.contains("Overdue: not acknowledged by 2026-11-30"),
            "{who}"
        );
    }
    let awaiting = w
        .client("louise", tuesday())
        .await
        .get("/api/v1/referrals/awaiting")
        .await;
    awaiting.assert_ok();
    assert_eq!(awaiting.body[0]["case_id"], id);
    assert_eq!(awaiting.body[0]["overdue"], true);
    assert_eq!(awaiting.body[0]["acknowledge_by"], "2026-11-30");
    // The supervisor acknowledges on the page: the escalation is gone for
    // both, and the page says who acknowledged it and when.
    let mette = w.client("mette", tuesday()).await.language("en");
    let page = mette.get(&format!("/cases/{id}")).await;
    let version = page.version_in("acknowledge-form");
    assert!(
        !seen_by(&w, "louise", tuesday(), id)
            .await
            .1
            .contains("acknowledge-form"),
        "the caseworker does not acknowledge"
    );
    let done = mette
        .form(
            &format!("/cases/{id}/acknowledge"),
            &[("version", version.as_str())],
        )
        .await;
    assert_eq!(done.redirected_to(), format!("/cases/{id}"));
    for who in ["mette", "louise"] {
        let (list, page) = seen_by(&w, who, tuesday(), id).await;
        assert!(!list.contains("Overdue"), "{who}");
        assert!(!page.contains("acknowledgement-overdue"), "{who}");
        assert!(
            page.contains("Acknowledged by Test mette on 2026-12-01 09:00"),
            "{who}: {page}"
        );
        assert!(!page.contains("acknowledge-form"), "{who}");
    }
    // Acknowledging again on the old version is stale; kindly said.
    let again = mette
        .form(
            &format!("/cases/{id}/acknowledge"),
            &[("version", version.as_str())],
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn acknowledging_over_the_api_needs_if_match_the_supervisor_and_happens_once() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let (body, etag) = referred(&w).await;
    let id = body["id"].as_i64().unwrap();
    let uri = format!("/api/v1/cases/{id}/acknowledge");
    let [mette, louise] = w.clients(["mette", "louise"], tuesday()).await;
    mette
        .post(&uri, json!({}))
        .await
        .client_error(StatusCode::PRECONDITION_REQUIRED);
    louise
        .if_match(&etag)
        .post(&uri, json!({}))
        .await
        .client_error(StatusCode::FORBIDDEN);
    mette
        .if_match("\"99\"")
        .post(&uri, json!({}))
        .await
        .client_error(StatusCode::PRECONDITION_FAILED);
    let acknowledged = mette.if_match(&etag).post(&uri, json!({})).await;
    acknowledged.assert_ok();
    assert_eq!(acknowledged.body["acknowledged_at"], "2026-12-01T08:00:00Z");
    assert_eq!(acknowledged.body["acknowledged_by"], w.users["mette"].get());
    assert!(acknowledged.body["awaiting_acknowledgement"].is_null());
    let twice = mette
        .if_match(&acknowledged.etag())
        .post(&uri, json!({}))
        .await
        .client_error(StatusCode::CONFLICT);
    assert!(
        twice["message"]
            .as_str()
            .unwrap()
            .contains("acknowledged this referral on 2026-12-01"),
        "{twice}"
    );
    let none = louise.get("/api/v1/referrals/awaiting").await;
    assert_eq!(none.body, json!([]));
}

#[tokio::test]
async fn the_caseworker_adds_information_the_team_reads_and_withdraws_only_before_a_decision() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let (first, first_etag) = referred(&w).await;
    let (second, second_etag) = referred(&w).await;
    let (a, b) = (
        first["id"].as_i64().unwrap(),
        second["id"].as_i64().unwrap(),
    );
    let thursday = at(2026, 11, 26, 10, 0);
    let [louise, mette] = w.clients(["louise", "mette"], thursday).await;
    let (louise, mette) = (louise.language("en"), mette.language("en"));
    // Information over the API: the team reads it in the file and on the page.
    let text = "The school reports twelve days of absence.";
    let info = format!("/api/v1/cases/{a}/referral-information");
    louise
        .if_match(&first_etag)
        .post(&info, json!({"text": ""}))
        .await
        .invalid("text");
    mette
        .if_match(&first_etag)
        .post(&info, json!({"text": text}))
        .await
        .client_error(StatusCode::FORBIDDEN);
    let added = louise
        .if_match(&first_etag)
        .post(&info, json!({"text": text}))
        .await;
    added.assert_ok();
    let file = mette.get(&format!("/api/v1/cases/{a}/file")).await;
    assert_eq!(file.body["handoff"]["additions"][0]["text"], text);
    assert_eq!(
        file.body["handoff"]["additions"][0]["added_at"],
        "2026-11-26T10:00:00Z"
    );
    mette
        .get(&format!("/cases/{a}"))
        .await
        .has("Information added by the caseworker")
        .has("2026-11-26 11:00</span> · Test louise")
        .has(text);
    // Withdrawal on the page, with a reason; the family stays on file.
    let page = louise.get(&format!("/cases/{a}")).await;
    let version = page.version_in("withdraw-form");
    let why = "The family moved to Odense.";
    let withdrawn = louise
        .form(
            &format!("/cases/{a}/withdraw"),
            &[("version", version.as_str()), ("reason", why)],
        )
        .await;
    assert_eq!(withdrawn.redirected_to(), format!("/cases/{a}"));
    louise
        .get(&format!("/cases/{a}"))
        .await
        .assert_ok()
        .has("status-withdrawn")
        .has(why)
        .lacks("id=\"withdraw-form\"");
    louise
        .get("/cases?status=withdrawn")
        .await
        .has(&format!("href=\"/cases/{a}\""))
        .has("Withdrawn");
    // Once the team has decided, she can neither withdraw nor add: 409.
    let accepted = mette
        .if_match(&second_etag)
        .post(&format!("/api/v1/cases/{b}/accept"), json!({}))
        .await;
    accepted.assert_ok();
    let late = louise
        .if_match(&accepted.etag())
        .post(
            &format!("/api/v1/cases/{b}/withdraw"),
            json!({"reason": why}),
        )
        .await
        .client_error(StatusCode::CONFLICT);
    assert!(
        late["message"]
            .as_str()
            .unwrap()
            .contains("the team has decided on the referral"),
        "{late}"
    );
    louise
        .if_match(&accepted.etag())
        .post(
            &format!("/api/v1/cases/{b}/referral-information"),
            json!({"text": text}),
        )
        .await
        .client_error(StatusCode::CONFLICT);
    // A stale version is stale first, whatever the state.
    louise
        .if_match(&second_etag)
        .post(
            &format!("/api/v1/cases/{b}/withdraw"),
            json!({"reason": why}),
        )
        .await
        .client_error(StatusCode::PRECONDITION_FAILED);
}

#[tokio::test]
async fn the_api_document_describes_the_hand_off() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let doc = w
        .client("mette", test_now())
        .await
        .get("/api/openapi.json")
        .await
        .json();
    let responses = |path: &str, method: &str| doc["paths"][path][method]["responses"].clone();
    for (path, statuses) in [
        (
            "/api/v1/cases/{id}/acknowledge",
            &["200", "403", "404", "409", "412", "428"][..],
        ),
        (
            "/api/v1/cases/{id}/withdraw",
            &["200", "403", "404", "409", "412", "422", "428"][..],
        ),
        (
            "/api/v1/cases/{id}/referral-information",
            &["200", "403", "404", "409", "412", "422", "428"][..],
        ),
    ] {
        let r = responses(path, "post");
        for status in statuses {
            assert!(r[*status].is_object(), "POST {path} documents {status}");
        }
        assert!(r["200"]["headers"]["ETag"].is_object(), "{path}");
    }
    for status in ["200", "403", "404"] {
        assert!(responses("/api/v1/cases/{id}/receipt", "get")[status].is_object());
    }
    assert!(responses("/api/v1/referrals/awaiting", "get")["200"].is_object());
    let created = &doc["components"]["schemas"]["ReferralReceipt"]["properties"];
    for field in [
        "referral_number",
        "received_at",
        "received_at_local",
        "acknowledge_by",
    ] {
        assert!(created[field].is_object(), "the receipt names {field}");
    }
}
