//! One family's course through the API, from referral to the last
//! follow-up, with the rules that guard each step. Runs on both backends.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use chrono::{DateTime, Duration, Utc};
use http_body_util::BodyExt;
use rundt_testkit::{TestApp, test_now};
use serde_json::{Value, json};
use tower::ServiceExt;

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Value,
    text: String,
}

impl Reply {
    fn etag(&self) -> String {
        self.headers[header::ETAG].to_str().unwrap().to_owned()
    }
}

struct World {
    t: TestApp,
    team: i64,
    users: std::collections::HashMap<&'static str, i64>,
}

impl World {
    async fn new() -> Self {
        let t = TestApp::new().await;
        let (team, users) = t.aarhus_team().await;
        Self { t, team, users }
    }

    /// A request as `who`, on a clock at `at`.
    async fn call(
        &self,
        who: &str,
        at: DateTime<Utc>,
        method: Method,
        uri: &str,
        body: Option<Value>,
        if_match: Option<&str>,
    ) -> Reply {
        let app = self.t.at(at);
        let (token, csrf) = self.t.session_at(self.users[who], at).await;
        let mut req = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::COOKIE, format!("rundt_session={token}"))
            .header("x-csrf-token", csrf);
        if let Some(v) = if_match {
            req = req.header(header::IF_MATCH, v);
        }
        let req = match body {
            Some(b) => req
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(b.to_string()))
                .unwrap(),
            None => req.body(Body::empty()).unwrap(),
        };
        let res = rundt_web::router(app).oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let text = String::from_utf8_lossy(&res.into_body().collect().await.unwrap().to_bytes())
            .into_owned();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            body,
            text,
        }
    }
}

fn referral(team: i64, birth: &str) -> Value {
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
    let w = World::new().await;
    let now = test_now(); // Wednesday 25 November 2026
    // The caseworker refers; screening finds the 15-year-old eligible.
    let r = w
        .call(
            "louise",
            now,
            Method::POST,
            "/api/v1/cases",
            Some(referral(w.team, "2011-03-15")),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let id = r.body["id"].as_i64().unwrap();
    assert_eq!(r.body["status"], "referred");
    let file = w
        .call(
            "mette",
            now,
            Method::GET,
            &format!("/api/v1/cases/{id}/file"),
            None,
            None,
        )
        .await;
    assert_eq!(file.status, StatusCode::OK, "{}", file.text);
    assert_eq!(file.body["screening"]["eligible"], true);
    assert_eq!(
        file.body["referral"]["behaviours"][1]["intensity"],
        "hits his mother; police called twice"
    );
    let v1 = file.etag();

    // Discharge before treatment has started is refused with a reason.
    let early = w.call("mette", now, Method::POST, &format!("/api/v1/cases/{id}/discharge"), Some(json!({
        "date": "2026-11-25", "reason": "completed", "clinical_evaluation": "x", "goals": [],
        "outcomes": {"living_at_home": true, "in_school_or_working": true, "no_new_arrests": true}})), Some(&v1)).await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.text);
    assert!(
        early.body["message"]
            .as_str()
            .unwrap()
            .contains("treatment has not started")
    );

    let no_report = w
        .call(
            "mette",
            now,
            Method::GET,
            &format!("/api/v1/cases/{id}/discharge-report.pdf"),
            None,
            None,
        )
        .await;
    assert_eq!(
        no_report.status,
        StatusCode::CONFLICT,
        "no report before discharge"
    );

    // Only the supervisor decides; without If-Match nothing happens.
    let by_therapist = w
        .call(
            "jonas",
            now,
            Method::POST,
            &format!("/api/v1/cases/{id}/accept"),
            Some(json!({})),
            Some(&v1),
        )
        .await;
    assert_eq!(by_therapist.status, StatusCode::FORBIDDEN);
    let no_version = w
        .call(
            "mette",
            now,
            Method::POST,
            &format!("/api/v1/cases/{id}/accept"),
            Some(json!({})),
            None,
        )
        .await;
    assert_eq!(no_version.status, StatusCode::PRECONDITION_REQUIRED);
    let accepted = w
        .call(
            "mette",
            now,
            Method::POST,
            &format!("/api/v1/cases/{id}/accept"),
            Some(json!({})),
            Some(&v1),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.text);
    assert_eq!(accepted.body["status"], "waiting");
    let stale = w
        .call(
            "mette",
            now,
            Method::POST,
            &format!("/api/v1/cases/{id}/decline"),
            Some(json!({"reason": "changed mind"})),
            Some(&v1),
        )
        .await;
    assert_eq!(
        stale.status,
        StatusCode::PRECONDITION_FAILED,
        "a stale edit is refused, never overwritten"
    );

    // Assignment starts treatment three weeks ago (within the allowed window).
    let start = now - Duration::days(22);
    let assigned = w
        .call(
            "mette",
            now,
            Method::POST,
            &format!("/api/v1/cases/{id}/assign"),
            Some(json!({"therapist_id": w.users["jonas"], "start": start.date_naive()})),
            Some(&accepted.etag()),
        )
        .await;
    assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.text);
    assert_eq!(assigned.body["case"]["status"], "in_treatment");
    assert_eq!(assigned.body["open_families"], 1);
    assert_eq!(assigned.body["caseload"], "below");

    // The therapist's assessment: five systems, measurable goals.
    let a = w
        .call(
            "jonas",
            now,
            Method::PUT,
            &format!("/api/v1/cases/{id}/assessment"),
            Some(assessment()),
            None,
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    let mut bad = assessment();
    bad["overarching_goals"][0]["measure"] = json!("");
    let b = w
        .call(
            "jonas",
            now,
            Method::PUT,
            &format!("/api/v1/cases/{id}/assessment"),
            Some(bad),
            Some(&a.etag()),
        )
        .await;
    assert_eq!(b.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Last week's summary is missing: flagged to therapist and supervisor.
    for who in ["jonas", "mette"] {
        let overdue = w
            .call(
                who,
                now,
                Method::GET,
                "/api/v1/weekly-summaries/overdue",
                None,
                None,
            )
            .await;
        assert_eq!(
            overdue.body.as_array().unwrap().len(),
            1,
            "{who}: {}",
            overdue.text
        );
        assert_eq!(overdue.body[0]["week_start"], "2026-11-16");
    }
    let s = w
        .call(
            "jonas",
            now,
            Method::POST,
            &format!("/api/v1/cases/{id}/weekly-summaries"),
            Some(summary("2026-11-16", "2026-11-18")),
            None,
        )
        .await;
    assert_eq!(s.status, StatusCode::CREATED, "{}", s.text);
    assert_eq!(s.body["contact_minutes"], 110);
    let again = w
        .call(
            "jonas",
            now,
            Method::POST,
            &format!("/api/v1/cases/{id}/weekly-summaries"),
            Some(summary("2026-11-16", "2026-11-18")),
            None,
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let edited = w
        .call(
            "jonas",
            now,
            Method::PUT,
            &format!("/api/v1/cases/{id}/weekly-summaries/2026-11-16"),
            Some(summary("2026-11-16", "2026-11-19")),
            Some(&s.etag()),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.text);
    let stale = w
        .call(
            "jonas",
            now,
            Method::PUT,
            &format!("/api/v1/cases/{id}/weekly-summaries/2026-11-16"),
            Some(summary("2026-11-16", "2026-11-19")),
            Some(&s.etag()),
        )
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    let overdue = w
        .call(
            "jonas",
            now,
            Method::GET,
            "/api/v1/weekly-summaries/overdue",
            None,
            None,
        )
        .await;
    assert!(overdue.body.as_array().unwrap().is_empty());
    let wrong_week = w
        .call(
            "jonas",
            now,
            Method::POST,
            &format!("/api/v1/cases/{id}/weekly-summaries"),
            Some(summary("2026-11-17", "2026-11-18")),
            None,
        )
        .await;
    assert_eq!(wrong_week.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Supervision: the recommendation shows on the family's file.
    let sup = w.call("mette", now, Method::POST, &format!("/api/v1/teams/{}/supervision", w.team), Some(json!({
        "held_on": "2026-11-24", "kind": "supervision", "attendees": ["Mette", "Jonas", "Sofie"],
        "families": [{"case_id": id, "recommendation": "Involve the class teacher in the safety plan"}]})), None).await;
    assert_eq!(sup.status, StatusCode::CREATED, "{}", sup.text);
    let by_therapist = w
        .call(
            "jonas",
            now,
            Method::POST,
            &format!("/api/v1/teams/{}/supervision", w.team),
            Some(json!({
        "held_on": "2026-11-24", "kind": "supervision", "attendees": ["Jonas"],
        "families": [{"case_id": id, "recommendation": "x"}]})),
            None,
        )
        .await;
    assert_eq!(by_therapist.status, StatusCode::FORBIDDEN);
    let file = w
        .call(
            "jonas",
            now,
            Method::GET,
            &format!("/api/v1/cases/{id}/file"),
            None,
            None,
        )
        .await;
    assert_eq!(
        file.body["recommendations"][0]["recommendation"],
        "Involve the class teacher in the safety plan"
    );

    // Discharge: every overarching goal rated; treatment days computed.
    let unrated = w.call("jonas", now, Method::POST, &format!("/api/v1/cases/{id}/discharge"), Some(json!({
        "date": "2026-11-25", "reason": "completed", "clinical_evaluation": "Goals met and sustained.",
        "goals": [{"goal": "Mikkel attends school", "result": "met"}],
        "outcomes": {"living_at_home": true, "in_school_or_working": true, "no_new_arrests": true}})), Some(&file.etag())).await;
    assert_eq!(unrated.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unrated.text.contains("No violence at home"));
    let discharged = w.call("jonas", now, Method::POST, &format!("/api/v1/cases/{id}/discharge"), Some(json!({
        "date": "2026-11-25", "reason": "completed", "clinical_evaluation": "Goals met and sustained for four weeks.",
        "goals": [{"goal": "Mikkel attends school", "result": "met"}, {"goal": "No violence at home", "result": "partly"}],
        "outcomes": {"living_at_home": true, "in_school_or_working": true, "no_new_arrests": true}})), Some(&file.etag())).await;
    assert_eq!(discharged.status, StatusCode::OK, "{}", discharged.text);
    assert_eq!(discharged.body["status"], "discharged");
    let file = w
        .call(
            "jonas",
            now,
            Method::GET,
            &format!("/api/v1/cases/{id}/file"),
            None,
            None,
        )
        .await;
    assert_eq!(file.body["treatment_days"], 22);
    // The discharge report the municipality files, as PDF.
    let pdf = w
        .call(
            "louise",
            now,
            Method::GET,
            &format!("/api/v1/cases/{id}/discharge-report.pdf"),
            None,
            None,
        )
        .await;
    assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.text);
    assert_eq!(pdf.headers[header::CONTENT_TYPE], "application/pdf");
    assert!(pdf.text.starts_with("%PDF-1.4"));
    assert!(
        pdf.text.contains("Udskrivningsrapport"),
        "Danish by default"
    );
    let summary_after = w
        .call(
            "jonas",
            now,
            Method::POST,
            &format!("/api/v1/cases/{id}/weekly-summaries"),
            Some(summary("2026-11-23", "2026-11-24")),
            None,
        )
        .await;
    assert_eq!(summary_after.status, StatusCode::CONFLICT);

    // Follow-ups at 6, 12 and 18 months; too early is refused; the last closes the case.
    let too_early = w.call("jonas", now + Duration::days(60), Method::POST, &format!("/api/v1/cases/{id}/follow-ups"),
        Some(json!({"months": 6, "date": (now + Duration::days(60)).date_naive(),
                    "outcomes": {"living_at_home": true, "in_school_or_working": true, "no_new_arrests": true}})),
        Some(&discharged.etag())).await;
    assert_eq!(
        too_early.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        too_early.text
    );
    let mut etag = discharged.etag();
    for (months, days) in [(6, 183), (12, 366), (18, 548)] {
        let at = now + Duration::days(days);
        let f = w.call("jonas", at, Method::POST, &format!("/api/v1/cases/{id}/follow-ups"),
            Some(json!({"months": months, "date": at.date_naive(),
                        "outcomes": {"living_at_home": true, "in_school_or_working": months != 12, "no_new_arrests": true},
                        "notes": "phone call with mother"})), Some(&etag)).await;
        assert_eq!(f.status, StatusCode::OK, "{months}: {}", f.text);
        etag = f.etag();
    }
    let file = w
        .call(
            "jonas",
            now + Duration::days(549),
            Method::GET,
            &format!("/api/v1/cases/{id}/file"),
            None,
            None,
        )
        .await;
    assert_eq!(file.body["case"]["status"], "closed");
    assert_eq!(file.body["follow_ups"].as_array().unwrap().len(), 3);
    let history: Vec<&str> = file.body["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["to_status"].as_str().unwrap())
        .collect();
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
    let w = World::new().await;
    let now = test_now();
    // Ten years old: too young for MST.
    let r = w
        .call(
            "louise",
            now,
            Method::POST,
            "/api/v1/cases",
            Some(referral(w.team, "2016-05-05")),
            None,
        )
        .await;
    let id = r.body["id"].as_i64().unwrap();
    let file = w
        .call(
            "mette",
            now,
            Method::GET,
            &format!("/api/v1/cases/{id}/file"),
            None,
            None,
        )
        .await;
    assert_eq!(file.body["screening"]["eligible"], false);
    assert_eq!(
        file.body["screening"]["findings"][0]["code"],
        "age_outside_range"
    );
    let refused = w
        .call(
            "mette",
            now,
            Method::POST,
            &format!("/api/v1/cases/{id}/accept"),
            Some(json!({})),
            Some(&file.etag()),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("override_reason"));
    let declined = w
        .call(
            "mette",
            now,
            Method::POST,
            &format!("/api/v1/cases/{id}/decline"),
            Some(json!({"reason": "too young; referred to the family team"})),
            Some(&file.etag()),
        )
        .await;
    assert_eq!(declined.status, StatusCode::OK);
    assert_eq!(declined.body["status"], "declined");
    let again = w
        .call(
            "mette",
            now,
            Method::POST,
            &format!("/api/v1/cases/{id}/accept"),
            Some(json!({"override_reason": "the team agreed after all"})),
            Some(&declined.etag()),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "declined is final");
}

#[tokio::test]
async fn a_referral_form_missing_its_behaviours_is_refused_whole() {
    let w = World::new().await;
    let mut body = referral(w.team, "2011-03-15");
    body["referral"]["behaviours"] = json!([]);
    let r = w
        .call(
            "louise",
            test_now(),
            Method::POST,
            "/api/v1/cases",
            Some(body),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text.contains("referral.behaviours"));
    let cases = w
        .call(
            "mette",
            test_now(),
            Method::GET,
            "/api/v1/cases",
            None,
            None,
        )
        .await;
    assert!(
        cases.body.as_array().unwrap().is_empty(),
        "nothing half-written"
    );
}

#[tokio::test]
async fn assigning_above_the_models_maximum_warns_and_the_capacity_view_shows_it() {
    let w = World::new().await;
    let now = test_now();
    let mut last = Value::Null;
    for i in 0..7 {
        let r = w
            .call(
                "louise",
                now,
                Method::POST,
                "/api/v1/cases",
                Some(referral(w.team, "2011-03-15")),
                None,
            )
            .await;
        let id = r.body["id"].as_i64().unwrap();
        let a = w
            .call(
                "mette",
                now,
                Method::POST,
                &format!("/api/v1/cases/{id}/accept"),
                Some(json!({})),
                Some(&r.etag_or("\"1\"")),
            )
            .await;
        let s = w
            .call(
                "mette",
                now,
                Method::POST,
                &format!("/api/v1/cases/{id}/assign"),
                Some(json!({"therapist_id": w.users["sofie"]})),
                Some(&a.etag()),
            )
            .await;
        assert_eq!(s.status, StatusCode::OK, "{i}: {}", s.text);
        last = s.body;
    }
    assert_eq!(last["open_families"], 7);
    assert_eq!(last["caseload"], "above_maximum");
    assert!(last["warning"].as_str().unwrap().contains("at most 6"));
    let cap = w
        .call(
            "mette",
            now,
            Method::GET,
            &format!("/api/v1/teams/{}/capacity", w.team),
            None,
            None,
        )
        .await;
    assert_eq!(cap.status, StatusCode::OK, "{}", cap.text);
    let sofie = cap.body["therapists"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Test sofie")
        .unwrap();
    assert_eq!(sofie["open_families"], 7);
    assert_eq!(sofie["expected_ends"][0], "2027-04-25");
    let denied = w
        .call(
            "jonas",
            now,
            Method::GET,
            &format!("/api/v1/teams/{}/capacity", w.team),
            None,
            None,
        )
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
}

trait EtagOr {
    fn etag_or(&self, default: &str) -> String;
}

impl EtagOr for Reply {
    fn etag_or(&self, default: &str) -> String {
        self.headers
            .get(header::ETAG)
            .and_then(|v| v.to_str().ok())
            .unwrap_or(default)
            .to_owned()
    }
}
