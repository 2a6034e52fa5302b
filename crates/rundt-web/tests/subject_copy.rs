//! A person's copy of everything Rundt holds about them (GDPR art. 15) as
//! the auditor gets it: as JSON from the API (the answer as the OpenAPI
//! document describes it), as a PDF with the person's name as text, and
//! from the audit page's form as a download; refused to the families'
//! staff (audited), and a number of nobody is a 422 that does not repeat
//! it. A Norwegian MST-CAN child's copy has her voice, the safety plan, the
//! incidents that involved her and the plan, not her brother's voice; and
//! every page of an MST-CAN family read shows in each child's access log.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

#[path = "../../rundt-pdf/tests/common/mod.rs"]
mod pdf_text;

use axum::http::{StatusCode, header};
use rundt_app::cases::{self, PersonInput, ReferFamily};
use rundt_domain::id::PersonId;
use rundt_testkit::http::{AarhusTeam, Client};
use rundt_testkit::{sample_referral, test_now};
use serde_json::json;

const MIKKEL_CPR: &str = "150311-4107";

/// The Aarhus team with a Danish and a Norwegian auditor, and Louise's
/// referral of Mikkel Ørsted (CPR 150311-4107) and his mother Lone, which
/// Louise then opens.
async fn world() -> (AarhusTeam, PersonId) {
    let w = AarhusTeam::new(rundt_web::router).await;
    w.t.user("dk_auditor", "auditor", "DK", None).await;
    w.t.user("no_auditor", "auditor", "NO", None).await;
    let person = |given: &str, cpr: &str| PersonInput {
        given_name: given.into(),
        family_name: "Ørsted".into(),
        national_id: Some(cpr.into()),
        birth_date: None,
    };
    let louise = w.t.actor_on("louise", test_now().date_naive()).await;
    let case = cases::refer_family(
        &w.t.app,
        &louise,
        &ReferFamily {
            team_id: w.team,
            referring_municipality: None,
            young_person: person("Mikkel", MIKKEL_CPR),
            other_children: Vec::new(),
            caregivers: vec![person("Lone", "020682-1108")],
            referral: sample_referral(),
        },
    )
    .await
    .unwrap();
    cases::read_case(&w.t.app, &louise, case.id).await.unwrap();
    let mikkel = case
        .people
        .iter()
        .find(|p| p.given_name == "Mikkel")
        .unwrap()
        .id;
    (w, mikkel)
}

async fn auditor(w: &AarhusTeam) -> Client {
    w.t.client_as(rundt_web::router, "dk_auditor").await
}

async fn last_event(w: &AarhusTeam) -> rundt_domain::audit::RecordedEvent {
    let events = w.t.store.audit_events(0, 100_000).await.unwrap();
    events.last().unwrap().event.clone()
}

#[tokio::test]
async fn an_auditor_gets_the_persons_copy_as_json_from_the_api() {
    let (w, mikkel) = world().await;
    let c = auditor(&w).await;
    let reply = c
        .post(
            "/api/v1/audit/subject-copy",
            json!({"national_id": MIKKEL_CPR}),
        )
        .await;
    reply.assert_ok();
    let copy = reply.json();
    assert_eq!(copy["person"]["id"], mikkel.get());
    assert_eq!(copy["person"]["given_name"], "Mikkel");
    assert_eq!(copy["person"]["national_id"], MIKKEL_CPR);
    assert_eq!(copy["produced_by"], "Test dk_auditor");
    let cases = copy["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0]["role"], "young_person");
    assert_eq!(cases[0]["family"][0]["given_name"], "Lone");
    assert!(
        cases[0]["family"][0].get("national_id").is_none(),
        "the others' numbers are not in his copy"
    );
    assert!(!reply.text.contains("020682"), "nor Lone's number");
    assert_eq!(
        cases[0]["referral"]["legal_basis"],
        sample_referral().legal_basis
    );
    let log = copy["access_log"].as_array().unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        [
            "case.create",
            "case.read",
            "person.lookup",
            "case.subject_copy"
        ]
    );
    assert_eq!(log[1]["who"], "Test louise");
    assert_eq!(log[1]["role"], "municipal_caseworker");
    // Making it is audited, for Mikkel.
    let made = last_event(&w).await;
    assert_eq!(made.action, "person.subject_copy");
    assert_eq!(made.person_id, Some(mikkel));
    // The answer is as the OpenAPI document describes it.
    let doc = c.get("/api/openapi.json").await.json();
    let schema = &doc["paths"]["/api/v1/audit/subject-copy"]["post"]["responses"]["200"]["content"]
        ["application/json"]["schema"];
    schema::conforms(&doc, schema, &copy, "copy");
}

#[tokio::test]
async fn the_copy_is_refused_to_the_families_staff_and_the_refusal_is_audited() {
    let (w, _) = world().await;
    for who in ["jonas", "mette", "louise"] {
        let c = w.client(who, test_now()).await;
        let body = c
            .post(
                "/api/v1/audit/subject-copy",
                json!({"national_id": MIKKEL_CPR}),
            )
            .await
            .client_error(StatusCode::FORBIDDEN);
        assert_eq!(body["error"], "forbidden", "{who}: {body}");
        let refused = last_event(&w).await;
        assert_eq!(refused.action, "person.subject_copy", "{who}");
        assert_eq!(refused.outcome.as_str(), "denied");
        c.post(
            "/api/v1/audit/subject-copy.pdf",
            json!({"national_id": MIKKEL_CPR}),
        )
        .await
        .client_error(StatusCode::FORBIDDEN);
    }
    // Norway's auditor does not find a Danish number among Norway's people.
    let norwegian = w.t.client_as(rundt_web::router, "no_auditor").await;
    norwegian
        .post(
            "/api/v1/audit/subject-copy",
            json!({"national_id": MIKKEL_CPR}),
        )
        .await
        .invalid("national_id");
}

#[tokio::test]
async fn a_number_of_nobody_is_a_422_that_does_not_repeat_it() {
    let (w, _) = world().await;
    let c = auditor(&w).await;
    let reply = c
        .post(
            "/api/v1/audit/subject-copy",
            json!({"national_id": "010190-1234"}),
        )
        .await;
    reply.invalid("national_id");
    let body = reply.json();
    assert_eq!(body["fields"][0]["code"], "national-id-no-person");
    assert_eq!(
        body["fields"][0]["message"],
        "there is no person with this national id in Rundt"
    );
    assert!(!reply.text.contains("1234"), "{body}");
    assert_ne!(last_event(&w).await.action, "person.subject_copy");
}

#[tokio::test]
async fn the_pdf_is_an_attachment_named_without_the_number_with_the_name_as_text() {
    let (w, mikkel) = world().await;
    let c = auditor(&w).await;
    let pdf = c
        .post(
            "/api/v1/audit/subject-copy.pdf?lang=en",
            json!({"national_id": MIKKEL_CPR}),
        )
        .await;
    assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.text);
    assert_eq!(pdf.headers[header::CONTENT_TYPE], "application/pdf");
    let disposition = pdf.header(header::CONTENT_DISPOSITION);
    assert_eq!(
        disposition,
        format!("attachment; filename=\"subject-copy-person-{mikkel}-2026-11-25.pdf\"")
    );
    assert!(!disposition.contains("150311"));
    assert_eq!(pdf.header(header::CACHE_CONTROL), "no-store");
    assert!(pdf.bytes.starts_with(b"%PDF"));
    pdf_text::check_structure(&pdf.bytes);
    let shown = pdf_text::page_texts(&pdf.bytes).join("\n");
    for text in [
        "A person's copy of their data (GDPR art. 15)",
        "Mikkel Ørsted",
        MIKKEL_CPR,
        "Lone Ørsted (Caregiver)",
        "Access log",
        "Test louise",
    ] {
        assert!(shown.contains(text), "{text:?} in {shown}");
    }
    // In Danish on a Danish page.
    let danish = c
        .post(
            "/api/v1/audit/subject-copy.pdf?lang=da",
            json!({"national_id": MIKKEL_CPR}),
        )
        .await;
    let shown = pdf_text::page_texts(&danish.bytes).join("\n");
    assert!(shown.contains("Adgangslog"), "{shown}");
}

#[tokio::test]
async fn the_audit_page_hands_over_the_copy_as_pdf_or_json() {
    let (w, mikkel) = world().await;
    let c = auditor(&w).await.language("da");
    let page = c.get("/audit").await;
    page.assert_ok()
        .has("action=\"/audit/subject-copy\"")
        .has("En persons kopi af sine oplysninger (GDPR art. 15)")
        .has("Hent som PDF");
    let pdf = c
        .form(
            "/audit/subject-copy",
            &[("national_id", MIKKEL_CPR), ("format", "pdf")],
        )
        .await;
    assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.text);
    assert_eq!(pdf.headers[header::CONTENT_TYPE], "application/pdf");
    assert!(
        pdf.header(header::CONTENT_DISPOSITION)
            .starts_with("attachment; ")
    );
    let shown = pdf_text::page_texts(&pdf.bytes).join("\n");
    assert!(shown.contains("Mikkel Ørsted") && shown.contains("Adgangslog"));
    let person = mikkel.to_string();
    let json = c
        .form(
            "/audit/subject-copy",
            &[("person", person.as_str()), ("format", "json")],
        )
        .await;
    assert_eq!(json.status, StatusCode::OK, "{}", json.text);
    assert_eq!(json.headers[header::CONTENT_TYPE], "application/json");
    assert!(
        json.header(header::CONTENT_DISPOSITION)
            .ends_with(&format!("subject-copy-person-{mikkel}-2026-11-25.json\""))
    );
    assert_eq!(json.json()["person"]["national_id"], MIKKEL_CPR);
    // The log narrowed to Mikkel offers his copy.
    c.get(&format!("/audit?person={mikkel}"))
        .await
        .assert_ok()
        .has(&format!("name=\"person\" value=\"{mikkel}\""))
        .has("Denne persons kopi");
    // A number of nobody is said beside the form.
    let nobody = c
        .form(
            "/audit/subject-copy",
            &[("national_id", "010190-1234"), ("format", "pdf")],
        )
        .await;
    assert_eq!(nobody.status, StatusCode::UNPROCESSABLE_ENTITY);
    nobody
        .has("id=\"copy-error\"")
        .has("aria-invalid=\"true\"")
        .lacks("010190-1234");
    // The families' staff get the refusal page.
    let jonas = w.client("jonas", test_now()).await;
    let refused = jonas
        .form(
            "/audit/subject-copy",
            &[("national_id", MIKKEL_CPR), ("format", "pdf")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_openapi_document_lists_every_answer_of_the_copy() {
    let (w, _) = world().await;
    let doc = auditor(&w).await.get("/api/openapi.json").await.json();
    for path in [
        "/api/v1/audit/subject-copy",
        "/api/v1/audit/subject-copy.pdf",
    ] {
        let responses = doc["paths"][path]["post"]["responses"].as_object().unwrap();
        for status in ["200", "400", "401", "403", "415", "422", "500", "503"] {
            assert!(responses.contains_key(status), "{path} {status}");
        }
    }
    let pdf = &doc["paths"]["/api/v1/audit/subject-copy.pdf"]["post"]["responses"]["200"];
    assert!(pdf["content"]["application/pdf"].is_object(), "{pdf}");
}

/// Bærum's MST-CAN team with Norway's auditor, and the family of
/// [`rundt_testkit::TestApp::can_family_on_record`].
async fn norwegian_can_family() -> (rundt_testkit::TestApp, rundt_testkit::CanFamily) {
    let t = rundt_testkit::TestApp::new().await;
    let (team, _) = t.baerum_can_team().await;
    t.user("no_auditor", "auditor", "NO", None).await;
    let f = t.can_family_on_record(team).await;
    (t, f)
}

#[tokio::test]
async fn a_norwegian_childs_copy_has_her_voice_the_safety_plan_the_incidents_that_involved_her_and_the_plan()
 {
    let (t, f) = norwegian_can_family().await;
    let c = t
        .client_as(rundt_web::router, "no_auditor")
        .await
        .language("nb");
    let emma = f.emma.to_string();
    let reply = c
        .form(
            "/audit/subject-copy",
            &[("person", emma.as_str()), ("format", "json")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let copy = reply.json();
    let case = &copy["cases"][0];
    assert_eq!(case["safety_plans"].as_array().unwrap().len(), 2);
    assert_eq!(case["incidents"][0]["children"], json!(["Emma Nilsen"]));
    assert_eq!(case["child_voices"][0]["voice"]["state"], "heard");
    assert_eq!(case["mappings"][0]["key_persons"][0]["name"], "Kari Lund");
    assert!(case["mappings"][0]["key_persons"][0].get("phone").is_none());
    // The copy is as the OpenAPI document describes it.
    let doc = c.get("/api/openapi.json").await.json();
    let schema = &doc["paths"]["/api/v1/audit/subject-copy"]["post"]["responses"]["200"]["content"]
        ["application/json"]["schema"];
    schema::conforms(&doc, schema, &copy, "copy");

    let pdf = c
        .form(
            "/audit/subject-copy",
            &[("person", emma.as_str()), ("format", "pdf")],
        )
        .await;
    assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.text);
    pdf_text::check_structure(&pdf.bytes);
    let shown = pdf_text::page_texts(&pdf.bytes).join("\n");
    for text in [
        "Emma Nilsen",
        "Sikkerhetsplan · Versjon 1",
        "Sikkerhetsplan · Versjon 2",
        "Mormor Randi",
        "Hendelser",
        "Emma var alene hjemme hele kvelden",
        "Økokart og barnas stemme · Versjon 1",
        "Kari Lund",
        "Hva barnet har fortalt (barnas stemme)",
        "Tegnet huset med mormor i",
        "Barnets ønsker: At mamma står opp om",
        "Behandlingsplan · Versjon 1",
        "Barna har mat og kommer",
        "Moduler",
    ] {
        assert!(shown.contains(text), "{text:?} in {shown}");
    }
    for left_out in [
        "Sa at han lager mat til Emma",
        "Jonas fikk ikke mat før kvelden",
        "+47 67 00 00 00",
        "Urinprøver",
    ] {
        assert!(!shown.contains(left_out), "{left_out:?} in Emma's copy");
    }

    // Her mother's copy, in English: both children's incidents and her
    // drug screen, neither child's voice.
    let tone = f.tone.to_string();
    let pdf = c
        .form(
            "/audit/subject-copy?lang=en",
            &[("person", tone.as_str()), ("format", "pdf")],
        )
        .await;
    assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.text);
    let shown = pdf_text::page_texts(&pdf.bytes).join("\n");
    for text in [
        "Safety plan · Version 2",
        "Emma var alene hjemme hele kvelden",
        "Jonas fikk ikke mat før kvelden",
        "Drug screens:",
        "21.09.2026 Negative",
        "Treatment plan · Version 1",
    ] {
        assert!(shown.contains(text), "{text:?} in {shown}");
    }
    for left_out in ["Tegnet huset med mormor i", "Sa at han lager mat til Emma"] {
        assert!(!shown.contains(left_out), "{left_out:?} in Tone's copy");
    }
}

#[tokio::test]
async fn reading_an_mst_can_familys_safety_plan_shows_in_each_childs_access_log() {
    let (t, f) = norwegian_can_family().await;
    let case = f.case_id;
    // Discharged, so that its report can be read.
    let cli = rundt_app::Actor::cli();
    let day = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let family = cases::read_case(&t.app, &cli, case).await.unwrap();
    let version = family.version;
    let discharge = rundt_domain::discharge::Discharge {
        date: day("2026-11-20"),
        reason: rundt_domain::discharge::DischargeReason::Completed,
        reason_note: String::new(),
        clinical_evaluation: "Familien har holdt sikkerhetsplanen.".into(),
        goals: rundt_testkit::CAN_PLAN_GOALS
            .iter()
            .map(|g| rundt_domain::discharge::GoalResult {
                goal: (*g).into(),
                result: rundt_domain::treatment::Attainment::Met,
            })
            .collect(),
        outcomes: rundt_domain::discharge::UltimateOutcomes {
            living_at_home: true,
            in_school_or_working: true,
            no_new_arrests: true,
        },
        children: rundt_testkit::child_outcomes(&family, |_| (true, false)),
    };
    rundt_app::treatment::discharge(
        &t.app.on_day(day("2026-11-20")),
        &cli,
        case,
        version,
        &discharge,
    )
    .await
    .unwrap();

    let nina = t.client_as(rundt_web::router, "nina").await.language("nb");
    let auditor = t.client_as(rundt_web::router, "no_auditor").await;
    let reads_by_nina = async |person: PersonId| {
        let log = auditor
            .get(&format!("/api/v1/persons/{person}/access-log?limit=200"))
            .await;
        log.assert_ok();
        log.json()["entries"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| {
                e["action"] == "case.read"
                    && e["who"] == "Test nina"
                    && e["object_id"] == json!(case.get())
            })
            .count()
    };
    let everyone = [f.emma, f.jonas, f.tone];
    for (n, path) in [
        format!("/cases/{case}/safety"),
        format!("/api/v1/cases/{case}/safety"),
        format!("/cases/{case}/mapping"),
        format!("/cases/{case}/plan"),
        format!("/api/v1/cases/{case}/discharge-report.pdf?lang=nb"),
        format!("/cases/{case}"),
    ]
    .iter()
    .enumerate()
    {
        nina.get(path).await.assert_ok();
        for person in everyone {
            assert_eq!(
                reads_by_nina(person).await,
                n + 1,
                "{path} in the access log of person {person}"
            );
        }
    }
}

/// A small check of a JSON value against an OpenAPI 3.1 schema: types,
/// required and known properties (an undocumented field fails), items,
/// enums and the combinators utoipa writes.
mod schema {
    use serde_json::Value;

    fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
        match schema["$ref"].as_str() {
            Some(r) => {
                let name = r.rsplit('/').next().unwrap();
                resolve(doc, &doc["components"]["schemas"][name])
            }
            None => schema,
        }
    }

    fn type_fits(ty: &str, v: &Value) -> bool {
        match ty {
            "null" => v.is_null(),
            "boolean" => v.is_boolean(),
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            "string" => v.is_string(),
            "array" => v.is_array(),
            "object" => v.is_object(),
            _ => false,
        }
    }

    fn fits(doc: &Value, schema: &Value, v: &Value, at: &str) -> Result<(), String> {
        let s = resolve(doc, schema);
        for key in ["oneOf", "anyOf"] {
            if let Some(options) = s[key].as_array() {
                return if options.iter().any(|o| fits(doc, o, v, at).is_ok()) {
                    Ok(())
                } else {
                    Err(format!("{at}: {v} fits none of {key}"))
                };
            }
        }
        if let Some(all) = s["allOf"].as_array() {
            for part in all {
                fits(doc, part, v, at)?;
            }
        }
        match &s["type"] {
            Value::String(t) if !type_fits(t, v) => {
                return Err(format!("{at}: {v} is not {t}"));
            }
            Value::Array(ts) if !ts.iter().any(|t| type_fits(t.as_str().unwrap(), v)) => {
                return Err(format!("{at}: {v} is none of {ts:?}"));
            }
            _ => {}
        }
        if let Some(values) = s["enum"].as_array()
            && !values.contains(v)
        {
            return Err(format!("{at}: {v} is not one of {values:?}"));
        }
        if let (Some(obj), Some(props)) = (v.as_object(), s["properties"].as_object()) {
            for required in s["required"].as_array().into_iter().flatten() {
                let name = required.as_str().unwrap();
                if !obj.contains_key(name) {
                    return Err(format!("{at}.{name} is required"));
                }
            }
            for (name, value) in obj {
                let Some(p) = props.get(name) else {
                    return Err(format!("{at}.{name} is not in the schema"));
                };
                fits(doc, p, value, &format!("{at}.{name}"))?;
            }
        }
        if let (Some(items), Some(list)) = (s.get("items"), v.as_array()) {
            for (i, item) in list.iter().enumerate() {
                fits(doc, items, item, &format!("{at}[{i}]"))?;
            }
        }
        Ok(())
    }

    /// Fails the test with the first place `v` departs from `schema`.
    pub fn conforms(doc: &Value, schema: &Value, v: &Value, at: &str) {
        assert!(schema.is_object(), "no schema at {at}");
        if let Err(e) = fits(doc, schema, v, at) {
            panic!("{e}");
        }
    }
}
