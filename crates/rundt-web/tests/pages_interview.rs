//! The supervisor's adherence interview form (TAM-R structure) as a
//! browser posts it: who answered and how are asked for, an interview the
//! caregiver did not answer is shown again with its errors and nothing is
//! saved, and the family's page lists each interview with who answered, how
//! and who asked.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use chrono::NaiveDate;
use rundt_testkit::http::{AarhusTeam, Client};
use rundt_testkit::{Family, test_now};
use serde_json::json;

/// Mette, the supervisor, in English on the test clock (25 November 2026),
/// and Jonas' family in treatment since 1 October, whose one caregiver is
/// Lone Testesen.
async fn mette_and_a_family() -> (AarhusTeam, Client, Family) {
    let w = AarhusTeam::new(rundt_web::router).await;
    let start = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    let f =
        w.t.start_family(w.team, "louise", "mette", "jonas", start)
            .await;
    let mette = w.client("mette", test_now()).await.language("en");
    (w, mette, f)
}

/// The interview form's fields: the date, the respondent, the mode, and
/// the first `answered` items answered 4 (the rest left unanswered).
fn interview_fields(respondent: &str, mode: &str, answered: usize) -> Vec<(String, String)> {
    let mut fields = vec![
        ("date".to_owned(), "2026-11-24".to_owned()),
        ("respondent_id".to_owned(), respondent.to_owned()),
        ("mode".to_owned(), mode.to_owned()),
    ];
    for i in 0..28 {
        let answer = if i < answered { "4" } else { "" };
        fields.push((format!("answers[{i}]"), answer.to_owned()));
    }
    fields
}

async fn post(c: &Client, uri: &str, fields: &[(String, String)]) -> rundt_testkit::http::Reply {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    c.form(uri, &pairs).await
}

#[tokio::test]
async fn the_form_asks_which_caregiver_answered_and_how() {
    let (_w, mette, f) = mette_and_a_family().await;
    let form = mette.get(&format!("/cases/{}/adherence", f.case_id)).await;
    // The family's one caregiver is chosen already; the mode is not.
    form.assert_ok()
        .has("<select name=\"respondent_id\" required>")
        .has(&format!(
            "<option value=\"{}\" selected>Lone Testesen</option>",
            f.caregiver_id
        ))
        .lacks("Mikkel Testesen</option>")
        .has("<select name=\"mode\" required>")
        .has("<option value=\"phone\">Phone</option>")
        .has("<option value=\"in_person\">In person</option>");
}

#[tokio::test]
async fn an_interview_the_caregiver_did_not_answer_is_refused_and_nothing_is_saved() {
    let (_w, mette, f) = mette_and_a_family().await;
    let uri = format!("/cases/{}/adherence", f.case_id);
    let lone = f.caregiver_id.to_string();
    let listed = format!("/api/v1/cases/{}/adherence-interviews", f.case_id);

    // Every item left unanswered, then one too few to score.
    for answered in [0, 23] {
        let page = post(&mette, &uri, &interview_fields(&lone, "phone", answered)).await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
            .has("class=\"error\" role=\"alert\"")
            .has(&format!(
                "<span class=\"field-error\">at least 24 of the 28 items must be answered \
                 before the interview can be scored ({answered} answered)"
            ))
            .has("<option value=\"phone\" selected>Phone</option>");
    }
    // No caregiver or mode chosen.
    let page = post(&mette, &uri, &interview_fields("", "", 28)).await;
    page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        page.text
            .matches("<span class=\"field-error\">Required</span>")
            .count(),
        2,
        "the respondent and the mode: {}",
        page.text
    );
    // Nothing was saved.
    let stored = mette.get(&listed).await;
    stored.assert_ok();
    assert_eq!(stored.json(), json!([]));
}

#[tokio::test]
async fn the_family_page_lists_who_answered_how_and_who_asked() {
    let (w, mette, f) = mette_and_a_family().await;
    let uri = format!("/cases/{}/adherence", f.case_id);
    let lone = f.caregiver_id.to_string();
    // 24 of 28 answered in person: enough to score.
    let saved = post(&mette, &uri, &interview_fields(&lone, "in_person", 24)).await;
    assert_eq!(
        saved.redirected_to(),
        format!("/cases/{}#adherence", f.case_id)
    );
    let row = "<td class=\"date\">2026-11-24</td><td class=\"num\">0.750</td>\
               <td>above 0.61</td><td>Lone Testesen</td><td>In person</td><td>Test mette</td>";
    mette
        .get(&format!("/cases/{}", f.case_id))
        .await
        .assert_ok()
        .has("<th scope=\"col\">Caregiver who answered</th>")
        .has("<th scope=\"col\">Interview mode</th>")
        .has("<th scope=\"col\">Interviewer</th>")
        .has(row);
    // The form's own list says the same.
    mette.get(&uri).await.assert_ok().has(row);
    // And the JSON.
    let listed = mette
        .get(&format!("/api/v1/cases/{}/adherence-interviews", f.case_id))
        .await
        .json();
    assert_eq!(listed[0]["respondent_id"], f.caregiver_id.get());
    assert_eq!(listed[0]["mode"], "in_person");
    assert_eq!(listed[0]["interviewer_id"], w.users["mette"].get());
}

#[tokio::test]
async fn an_interview_from_before_says_who_answered_and_how_were_not_recorded() {
    use rundt_app::Actor;
    use rundt_domain::audit::{AuditAction, Object, ObjectKind};
    let (w, mette, f) = mette_and_a_family().await;
    // As migration 0006 left the interviews stored before it.
    let on = NaiveDate::from_ymd_opt(2026, 10, 22).unwrap();
    let earlier = rundt_testkit::store::NewAdherenceInterview {
        case_id: f.case_id,
        interviewed_on: on,
        interviewer_id: w.users["mette"],
        therapist_id: w.users["jonas"],
        respondent_id: None,
        mode: None,
        answers: vec![Some(4); 28],
        score: Some(0.75),
        created_at: test_now(),
    };
    let event = Actor::cli().event(
        test_now(),
        AuditAction::CaseAdherenceInterview,
        Object::of(ObjectKind::AdherenceInterview),
    );
    w.t.store
        .record_adherence_interview(&earlier, &event)
        .await
        .unwrap();
    mette
        .get(&format!("/cases/{}", f.case_id))
        .await
        .assert_ok()
        .has(
            "<td class=\"date\">2026-10-22</td><td class=\"num\">0.750</td><td>above 0.61</td>\
             <td>not recorded</td><td>not recorded</td><td>Test mette</td>",
        );
    let listed = mette
        .get(&format!("/api/v1/cases/{}/adherence-interviews", f.case_id))
        .await
        .json();
    assert_eq!(listed[0]["respondent_id"], serde_json::Value::Null);
    assert_eq!(listed[0]["mode"], serde_json::Value::Null);
}
