//! One family's course through the API, from referral to the last
//! follow-up, with the rules that guard each step. Runs on both backends.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

#[path = "../../rundt-pdf/tests/common/mod.rs"]
mod pdf_text;

use axum::http::{StatusCode, header};
use chrono::Duration;
use rundt_domain::id::TeamId;
use rundt_testkit::http::{AarhusTeam, Reply, named, texts_of};
use rundt_testkit::test_now;
use serde_json::{Value, json};

fn referral(team: TeamId, birth: &str) -> Value {
    json!({
        "team_id": team,
        "young_person": {"given_name": "Mikkel", "family_name": "Andersen", "birth_date": birth},
        "caregivers": [{"given_name": "Lone", "family_name": "Andersen", "birth_date": "1982-06-02"}],
        "referral": {
            "behaviours": [{"behaviour": "truancy", "frequency": "3 days a week",
                            "intensity": "has not attended maths since August", "duration": "4 months"},
                           {"behaviour": "violence at home", "frequency": "weekly",
                            "intensity": "hits his mother; police called twice", "duration": "since the summer"}],
            "legal_basis": "Barnets Lov § 32, stk. 1, nr. 5",
            "consent": {"given_by": "mother", "given_on": "2026-11-20"}
        }
    })
}

fn assessment() -> Value {
    let systems: Vec<Value> = ["individual", "family", "peers", "school", "community"]
        .iter()
        .map(|s| json!({"system": s, "strengths": "good at football", "needs": "structure in the evenings"}))
        .collect();
    json!({
        "systems": systems,
        "key_participants": [{"name": "Lone", "relation": "mother", "desired_outcome": "Mikkel goes to school"}],
        "overarching_goals": [
            {"goal": "Mikkel attends school", "measure": "5 of 5 days for 4 weeks (school register)"},
            {"goal": "No violence at home", "measure": "no incidents reported by mother for 6 weeks"}
        ]
    })
}

fn summary(week: &str, contact_day: &str) -> Value {
    json!({
        "week_start": week,
        "contacts": [{"date": contact_day, "minutes": 90, "with": ["mother", "Mikkel"], "place": "home", "mode": "face_to_face"},
                     {"date": contact_day, "minutes": 20, "with": ["class teacher"], "place": "phone", "mode": "phone"}],
        "last_week_goals": [{"goal": "home by 21:00", "attainment": "partly", "note": "3 of 5 nights"}],
        "advances": "mother kept the curfew",
        "barriers": "father works nights",
        "fit_drivers": [{"system": "peers", "driver": "older boys after school", "prioritised": true}],
        "next_week_goals": ["home by 21:00 four nights", "meeting with the school"],
        "overarching_progress": [{"goal": "Mikkel attends school", "attainment": "partly"}]
    })
}

#[tokio::test]
async fn a_family_goes_from_referral_to_the_last_follow_up() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let now = test_now(); // Wednesday 25 November 2026
    let [louise, mette, jonas] = w.clients(["louise", "mette", "jonas"], now).await;
    // The caseworker refers a Sámi family; screening finds the 15-year-old
    // eligible.
    let mut form = referral(w.team, "2011-03-15");
    form["young_person"]["given_name"] = json!("Máret");
    form["young_person"]["family_name"] = json!("Čuđiŋ Ŧoalli");
    let r = louise.post("/api/v1/cases", form).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let id = r.body["id"].as_i64().unwrap();
    assert_eq!(r.body["status"], "referred");
    let file = mette.get(&format!("/api/v1/cases/{id}/file")).await;
    assert_eq!(file.status, StatusCode::OK, "{}", file.text);
    assert_eq!(file.body["screening"]["eligible"], true);
    assert_eq!(
        file.body["referral"]["behaviours"][1]["intensity"],
        "hits his mother; police called twice"
    );
    let v1 = file.etag();

    // Discharge before treatment has started is refused with a reason.
    let early = mette.if_match(&v1).post(&format!("/api/v1/cases/{id}/discharge"), json!({
        "date": "2026-11-25", "reason": "completed", "clinical_evaluation": "x", "goals": [],
        "outcomes": {"living_at_home": true, "in_school_or_working": true, "no_new_arrests": true}})).await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.text);
    assert!(
        early.body["message"]
            .as_str()
            .unwrap()
            .contains("treatment has not started")
    );

    let no_report = mette
        .get(&format!("/api/v1/cases/{id}/discharge-report.pdf"))
        .await;
    assert_eq!(
        no_report.status,
        StatusCode::CONFLICT,
        "no report before discharge"
    );

    // Only the supervisor decides; without If-Match nothing happens.
    let by_therapist = jonas
        .if_match(&v1)
        .post(&format!("/api/v1/cases/{id}/accept"), json!({}))
        .await;
    assert_eq!(by_therapist.status, StatusCode::FORBIDDEN);
    let no_version = mette
        .post(&format!("/api/v1/cases/{id}/accept"), json!({}))
        .await;
    assert_eq!(no_version.status, StatusCode::PRECONDITION_REQUIRED);
    let accepted = mette
        .if_match(&v1)
        .post(&format!("/api/v1/cases/{id}/accept"), json!({}))
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.text);
    assert_eq!(accepted.body["status"], "waiting");
    let stale = mette
        .if_match(&v1)
        .post(
            &format!("/api/v1/cases/{id}/decline"),
            json!({"reason": "changed mind"}),
        )
        .await;
    assert_eq!(
        stale.status,
        StatusCode::PRECONDITION_FAILED,
        "a stale edit is refused, never overwritten"
    );

    // Assignment starts treatment three weeks ago (within the allowed window).
    let start = now - Duration::days(22);
    let assigned = mette
        .if_match(&accepted.etag())
        .post(
            &format!("/api/v1/cases/{id}/assign"),
            json!({"therapist_id": w.users["jonas"], "start": start.date_naive()}),
        )
        .await;
    assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.text);
    assert_eq!(assigned.body["case"]["status"], "in_treatment");
    assert_eq!(assigned.body["open_families"], 1);
    assert_eq!(assigned.body["caseload"], "below");

    // The therapist's assessment: five systems, measurable goals.
    let a = jonas
        .put(&format!("/api/v1/cases/{id}/assessment"), assessment())
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    let mut bad = assessment();
    bad["overarching_goals"][0]["measure"] = json!("");
    let b = jonas
        .if_match(&a.etag())
        .put(&format!("/api/v1/cases/{id}/assessment"), bad)
        .await;
    assert_eq!(b.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Last week's summary is missing: flagged to therapist and supervisor.
    for who in ["jonas", "mette"] {
        let overdue = w
            .client(who, now)
            .await
            .get("/api/v1/weekly-summaries/overdue")
            .await;
        assert_eq!(
            overdue.body.as_array().unwrap().len(),
            1,
            "{who}: {}",
            overdue.text
        );
        assert_eq!(overdue.body[0]["week_start"], "2026-11-16");
    }
    let summaries = format!("/api/v1/cases/{id}/weekly-summaries");
    let s = jonas
        .post(&summaries, summary("2026-11-16", "2026-11-18"))
        .await;
    assert_eq!(s.status, StatusCode::CREATED, "{}", s.text);
    assert_eq!(s.body["contact_minutes"], 110);
    // The same summary again.
    let again = jonas
        .post(&summaries, summary("2026-11-16", "2026-11-18"))
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    // An edit at the first version, sent twice: the second one is stale.
    let week = format!("{summaries}/2026-11-16");
    let edit = jonas.if_match(&s.etag());
    let edited = edit.put(&week, summary("2026-11-16", "2026-11-19")).await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.text);
    let stale = edit.put(&week, summary("2026-11-16", "2026-11-19")).await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    let overdue = jonas.get("/api/v1/weekly-summaries/overdue").await;
    assert!(overdue.body.as_array().unwrap().is_empty());
    // The caseworker reads the week's contacts and progress on the overall
    // goals, not the team's working notes; the team reads everything.
    let theirs = louise.get(&format!("/api/v1/cases/{id}/file")).await;
    assert_eq!(theirs.status, StatusCode::OK, "{}", theirs.text);
    assert_eq!(theirs.body["detail"], "municipal");
    let week = &theirs.body["weekly_summaries"][0];
    assert_eq!(week["contact_count"], 2);
    assert_eq!(week["contact_minutes"], 110);
    assert_eq!(
        week["summary"]["overarching_progress"][0]["goal"],
        "Mikkel attends school"
    );
    for note in ["advances", "barriers"] {
        assert_eq!(week["summary"][note], "", "{note} stays with the team");
    }
    for notes in [
        "contacts",
        "fit_drivers",
        "next_week_goals",
        "last_week_goals",
    ] {
        assert_eq!(
            week["summary"][notes],
            json!([]),
            "{notes} stay with the team"
        );
    }
    assert!(!theirs.text.contains("father works nights"));
    let team_file = mette.get(&format!("/api/v1/cases/{id}/file")).await;
    assert_eq!(team_file.body["detail"], "clinical");
    assert_eq!(
        team_file.body["weekly_summaries"][0]["summary"]["barriers"],
        "father works nights"
    );
    let wrong_week = jonas
        .post(&summaries, summary("2026-11-17", "2026-11-18"))
        .await;
    assert_eq!(wrong_week.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Supervision: the recommendation shows on the family's file.
    let sup = mette.post(&format!("/api/v1/teams/{}/supervision", w.team), json!({
        "held_on": "2026-11-24", "kind": "supervision", "attendees": ["Mette", "Jonas", "Sofie"],
        "families": [{"case_id": id, "recommendation": "Involve the class teacher in the safety plan"}]})).await;
    assert_eq!(sup.status, StatusCode::CREATED, "{}", sup.text);
    let by_therapist = jonas
        .post(
            &format!("/api/v1/teams/{}/supervision", w.team),
            json!({
        "held_on": "2026-11-24", "kind": "supervision", "attendees": ["Jonas"],
        "families": [{"case_id": id, "recommendation": "x"}]}),
        )
        .await;
    assert_eq!(by_therapist.status, StatusCode::FORBIDDEN);
    let file = jonas.get(&format!("/api/v1/cases/{id}/file")).await;
    assert_eq!(
        file.body["recommendations"][0]["recommendation"],
        "Involve the class teacher in the safety plan"
    );

    // Discharge: every overarching goal rated; treatment days computed.
    let unrated = jonas.if_match(&file.etag()).post(&format!("/api/v1/cases/{id}/discharge"), json!({
        "date": "2026-11-25", "reason": "completed", "clinical_evaluation": "Goals met and sustained.",
        "goals": [{"goal": "Mikkel attends school", "result": "met"}],
        "outcomes": {"living_at_home": true, "in_school_or_working": true, "no_new_arrests": true}})).await;
    assert_eq!(unrated.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unrated.text.contains("No violence at home"));
    let discharged = jonas.if_match(&file.etag()).post(&format!("/api/v1/cases/{id}/discharge"), json!({
        "date": "2026-11-25", "reason": "completed", "clinical_evaluation": "Goals met and sustained for four weeks.",
        "goals": [{"goal": "Mikkel attends school", "result": "met"}, {"goal": "No violence at home", "result": "partly"}],
        "outcomes": {"living_at_home": true, "in_school_or_working": true, "no_new_arrests": true}})).await;
    assert_eq!(discharged.status, StatusCode::OK, "{}", discharged.text);
    assert_eq!(discharged.body["status"], "discharged");
    let file = jonas.get(&format!("/api/v1/cases/{id}/file")).await;
    assert_eq!(file.body["treatment_days"], 22);
    // The discharge report the municipality files, as PDF.
    let pdf = louise
        .get(&format!("/api/v1/cases/{id}/discharge-report.pdf"))
        .await;
    assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.text);
    assert_eq!(pdf.headers[header::CONTENT_TYPE], "application/pdf");
    assert!(pdf.text.starts_with("%PDF-1.4"));
    assert!(
        pdf.text.contains("Udskrivningsrapport"),
        "Danish by default"
    );
    // The family's name prints as written, Sámi letters included: the text
    // read back from the page (through the font's ToUnicode map) has it.
    pdf_text::check_structure(&pdf.bytes);
    let shown: Vec<String> = pdf_text::pages(&pdf.bytes)
        .into_iter()
        .flatten()
        .map(|r| r.text)
        .collect();
    assert!(shown.iter().any(|t| t == "Máret Čuđiŋ Ŧoalli"), "{shown:?}");
    let summary_after = jonas
        .post(&summaries, summary("2026-11-23", "2026-11-24"))
        .await;
    assert_eq!(summary_after.status, StatusCode::CONFLICT);

    // Follow-ups at 6, 12 and 18 months; too early is refused; the last closes the case.
    let too_early = w.client("jonas", now + Duration::days(60)).await.if_match(&discharged.etag()).post(&format!("/api/v1/cases/{id}/follow-ups"), json!({"months": 6, "date": (now + Duration::days(60)).date_naive(),
                    "outcomes": {"living_at_home": true, "in_school_or_working": true, "no_new_arrests": true}})).await;
    assert_eq!(
        too_early.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        too_early.text
    );
    let mut etag = discharged.etag();
    for (months, days) in [(6, 183), (12, 366), (18, 548)] {
        let at = now + Duration::days(days);
        let f = w.client("jonas", at).await.if_match(&etag).post(&format!("/api/v1/cases/{id}/follow-ups"), json!({"months": months, "date": at.date_naive(),
                        "outcomes": {"living_at_home": true, "in_school_or_working": months != 12, "no_new_arrests": true},
                        "notes": "phone call with mother"})).await;
        assert_eq!(f.status, StatusCode::OK, "{months}: {}", f.text);
        etag = f.etag();
    }
    let file = w
        .client("jonas", now + Duration::days(549))
        .await
        .get(&format!("/api/v1/cases/{id}/file"))
        .await;
    assert_eq!(file.body["case"]["status"], "closed");
    assert_eq!(file.body["follow_ups"].as_array().unwrap().len(), 3);
    let history = texts_of(&file.body["history"], "to_status");
    assert_eq!(
        history,
        vec![
            "waiting",
            "in_treatment",
            "discharged",
            "discharged",
            "discharged",
            "closed"
        ]
    );
}

#[tokio::test]
async fn an_ineligible_referral_needs_an_override_or_is_declined() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let now = test_now();
    let [louise, mette] = w.clients(["louise", "mette"], now).await;
    // Ten years old: too young for MST.
    let r = louise
        .post("/api/v1/cases", referral(w.team, "2016-05-05"))
        .await;
    let id = r.body["id"].as_i64().unwrap();
    let file = mette.get(&format!("/api/v1/cases/{id}/file")).await;
    assert_eq!(file.body["screening"]["eligible"], false);
    assert_eq!(
        file.body["screening"]["findings"][0]["code"],
        "age_outside_range"
    );
    let (accept, decline) = (
        format!("/api/v1/cases/{id}/accept"),
        format!("/api/v1/cases/{id}/decline"),
    );
    let at_first = mette.if_match(&file.etag());
    let refused = at_first.post(&accept, json!({})).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("override_reason"));
    let too_young = json!({"reason": "too young; referred to the family team"});
    let declined = at_first.post(&decline, too_young).await;
    assert_eq!(declined.status, StatusCode::OK);
    assert_eq!(declined.body["status"], "declined");
    let agreed = json!({"override_reason": "the team agreed after all"});
    let again = mette.if_match(&declined.etag()).post(&accept, agreed).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "declined is final");
}

#[tokio::test]
async fn a_referral_form_missing_its_behaviours_is_refused_whole() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let [louise, mette] = w.clients(["louise", "mette"], test_now()).await;
    let mut body = referral(w.team, "2011-03-15");
    body["referral"]["behaviours"] = json!([]);
    let r = louise.post("/api/v1/cases", body).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text.contains("referral.behaviours"));
    let cases = mette.get("/api/v1/cases").await;
    assert!(
        cases.body.as_array().unwrap().is_empty(),
        "nothing half-written"
    );
}

/// The field error of a refused referral that names `field`: its code.
fn refused_field(r: &Reply, field: &str) -> String {
    r.invalid(field);
    let fields = r.body["fields"].as_array().unwrap();
    let named = fields.iter().find(|f| f["field"] == field).unwrap();
    assert!(named["message"].as_str().unwrap().len() > 20, "{named}");
    named["code"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_young_person_born_in_the_future_is_refused() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let [louise, mette] = w.clients(["louise", "mette"], test_now()).await;
    let r = louise
        .post("/api/v1/cases", referral(w.team, "2027-03-01"))
        .await;
    assert_eq!(
        refused_field(&r, "young_person.birth_date"),
        "born-after-referral"
    );
    let cases = mette.get("/api/v1/cases").await;
    assert!(cases.body.as_array().unwrap().is_empty(), "nothing written");
}

#[tokio::test]
async fn a_caregiver_born_in_1889_is_refused() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let [louise] = w.clients(["louise"], test_now()).await;
    let mut form = referral(w.team, "2011-03-15");
    form["caregivers"][0]["birth_date"] = json!("1889-04-20");
    let r = louise.post("/api/v1/cases", form).await;
    assert_eq!(
        refused_field(&r, "caregivers[0].birth_date"),
        "caregiver-age-implausible"
    );
    // A child entered as the caregiver is a mistake too.
    let mut form = referral(w.team, "2011-03-15");
    form["caregivers"][0]["birth_date"] = json!("2016-01-01");
    let r = louise.post("/api/v1/cases", form).await;
    assert_eq!(
        refused_field(&r, "caregivers[0].birth_date"),
        "caregiver-age-implausible"
    );
}

#[tokio::test]
async fn a_young_person_far_past_the_programmes_ages_is_refused_and_one_just_past_is_screened() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let [louise, mette] = w.clients(["louise", "mette"], test_now()).await;
    // 27 on the day of referral: no MST referral can be meant.
    let r = louise
        .post("/api/v1/cases", referral(w.team, "1999-06-01"))
        .await;
    assert_eq!(
        refused_field(&r, "young_person.birth_date"),
        "young-person-age-implausible"
    );
    assert!(r.text.contains("12–17"), "{}", r.text);
    // 18: one year too old, which screening reports for the supervisor.
    let r = louise
        .post("/api/v1/cases", referral(w.team, "2008-06-01"))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let file = mette
        .get(&format!("/api/v1/cases/{}/file", r.body["id"]))
        .await;
    assert_eq!(
        file.body["screening"]["findings"][0]["code"],
        "age_outside_range"
    );
}

#[tokio::test]
async fn a_birth_date_read_from_a_national_id_is_checked_the_same_way() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let [louise] = w.clients(["louise"], test_now()).await;
    let mut form = referral(w.team, "2011-03-15");
    // Digit 7 is 4 and the year 30: born 1 January 2030.
    form["young_person"] = json!({"given_name": "Mikkel", "family_name": "Andersen",
                                  "national_id": "010130-4001"});
    // Digit 7 is 5 and the year 62: born 21 October 1862.
    form["caregivers"][0] = json!({"given_name": "Lone", "family_name": "Andersen",
                                   "national_id": "211062-5629"});
    let r = louise.post("/api/v1/cases", form).await;
    assert_eq!(
        refused_field(&r, "young_person.national_id"),
        "born-after-referral"
    );
    assert_eq!(
        refused_field(&r, "caregivers[0].national_id"),
        "caregiver-age-implausible"
    );
    for number in ["0101304001", "010130-4001", "2110625629", "211062-5629"] {
        assert!(!r.text.contains(number), "errors never echo the number");
    }
}

#[tokio::test]
async fn assigning_above_the_models_maximum_warns_and_the_capacity_view_shows_it() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let now = test_now();
    let [louise, mette, jonas] = w.clients(["louise", "mette", "jonas"], now).await;
    let mut last = Value::Null;
    for i in 0..7 {
        let r = louise
            .post("/api/v1/cases", referral(w.team, "2011-03-15"))
            .await;
        let id = r.body["id"].as_i64().unwrap();
        let a = mette
            .if_match(&etag_or(&r, "\"1\""))
            .post(&format!("/api/v1/cases/{id}/accept"), json!({}))
            .await;
        let s = mette
            .if_match(&a.etag())
            .post(
                &format!("/api/v1/cases/{id}/assign"),
                json!({"therapist_id": w.users["sofie"]}),
            )
            .await;
        assert_eq!(s.status, StatusCode::OK, "{i}: {}", s.text);
        last = s.body;
    }
    assert_eq!(last["open_families"], 7);
    assert_eq!(last["caseload"], "above_maximum");
    assert_eq!(last["warning"]["code"], "caseload-above-maximum");
    assert!(
        last["warning"]["message"]
            .as_str()
            .unwrap()
            .contains("at most 6"),
        "{last}"
    );
    let cap = mette
        .get(&format!("/api/v1/teams/{}/capacity", w.team))
        .await;
    assert_eq!(cap.status, StatusCode::OK, "{}", cap.text);
    let sofie = named(&cap.body["therapists"], "Test sofie");
    assert_eq!(sofie["open_families"], 7);
    assert_eq!(sofie["expected_ends"][0], "2027-04-25");
    let denied = jonas
        .get(&format!("/api/v1/teams/{}/capacity", w.team))
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
}

/// The answer's ETag, or `default` when it has none.
fn etag_or(r: &Reply, default: &str) -> String {
    match r.header(header::ETAG) {
        "" => default.to_owned(),
        etag => etag.to_owned(),
    }
}
