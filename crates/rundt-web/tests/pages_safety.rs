//! MST-CAN's safety page as the Norwegian team uses it: before the plan the
//! family page says it comes first and the assessment is refused; a plan
//! with no contact person for the children and an incident dated in the
//! future are refused with a message in Norwegian and store nothing; an
//! incident stays flagged until its notification is recorded.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rundt_app::safety;
use rundt_testkit::TestApp;
use rundt_testkit::http::Client;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn noon(s: &str) -> DateTime<Utc> {
    Utc.from_utc_datetime(&day(s).and_hms_opt(11, 0, 0).unwrap())
}

const TODAY: &str = "2026-11-12";

async fn norwegian(t: &TestApp, who: &str) -> Client {
    let id = t.named(who).await.id;
    t.client_at(rundt_web::router, id, noon(TODAY))
        .await
        .language("nb")
}

const PLAN: [(&str, &str); 10] = [
    ("risks[0].kind", "physical_violence"),
    ("risks[0].from_whom", "Far"),
    ("risks[0].to_whom", "Emma"),
    ("risks[0].situations", "Når far har drukket om kvelden"),
    ("warning_signs[0]", "Far hever stemmen"),
    ("adult_actions[0].adult", "Far"),
    (
        "adult_actions[0].instead",
        "Går en tur og ringer terapeuten",
    ),
    ("child_contacts[0].child", "Emma"),
    ("child_contacts[0].contact_person", "Mormor Randi"),
    ("child_contacts[0].how", "Telefon 915 00 000"),
];

#[tokio::test]
async fn a_therapist_makes_the_safety_plan_first_and_records_an_incident_on_norwegian_pages() {
    let t = TestApp::with_clock(noon(TODAY)).await;
    let (team, _) = t.baerum_can_team().await;
    let case = t.start_can_family(team, day("2026-11-02")).await;
    let nina = norwegian(&t, "nina").await;

    // Ten days in without a plan: the family page warns and says why.
    let page = nina.get(&format!("/cases/{case}")).await;
    page.assert_status(StatusCode::OK);
    assert!(page.text.contains("id=\"safety-plan-overdue\""), "warned");
    assert!(page.text.contains("Familien har ingen sikkerhetsplan ennå"));
    let assessment = nina
        .form(
            &format!("/cases/{case}/assessment"),
            &[("systems[0].strengths", "trygg mormor")],
        )
        .await;
    assert_eq!(assessment.status, StatusCode::CONFLICT);
    assert!(
        assessment.text.contains("lag sikkerhetsplanen først"),
        "the refusal says why, in Norwegian"
    );

    // A plan with no contact person for the children is refused, nothing stored.
    let mut no_contact: Vec<(&str, &str)> = PLAN
        .iter()
        .copied()
        .filter(|(k, _)| !k.starts_with("child_contacts"))
        .collect();
    no_contact.push(("agreed_with_family_on", "2026-11-12"));
    let refused = nina
        .form(&format!("/cases/{case}/safety-plan"), &no_contact)
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .text
            .contains("oppgi minst én person hvert barn kan kontakte"),
        "{}",
        refused.text
    );
    let stored = safety::case_safety(&t.app, &rundt_app::Actor::cli(), case)
        .await
        .unwrap();
    assert!(stored.plans.is_empty(), "nothing stored");

    // The whole plan is saved as version 1.
    let mut whole: Vec<(&str, &str)> = PLAN.to_vec();
    whole.push(("agreed_with_family_on", "2026-11-12"));
    let saved = nina
        .form(&format!("/cases/{case}/safety-plan"), &whole)
        .await;
    assert_eq!(
        saved.redirected_to(),
        format!("/cases/{case}/safety?saved=plan")
    );
    let page = nina.get(&format!("/cases/{case}/safety?saved=plan")).await;
    assert!(page.text.contains("Versjon 1"));
    assert!(page.text.contains("Mormor Randi"));
    assert!(!page.text.contains("id=\"safety-plan-overdue\""));

    // An incident dated tomorrow is refused; nothing stored.
    let people = rundt_app::cases::read_case(&t.app, &rundt_app::Actor::cli(), case)
        .await
        .unwrap()
        .people;
    let emma_id = people
        .iter()
        .find(|p| p.given_name == "Emma")
        .unwrap()
        .id
        .to_string();
    let incident = |date: &'static str| {
        vec![
            ("date", date),
            ("time", "19:30"),
            ("what_happened", "Far slo Emma i armen"),
            ("what_was_done", "Hjemmebesøk samme kveld"),
        ]
    };
    let mut tomorrow = incident("2026-11-13");
    tomorrow.push(("children", emma_id.as_str()));
    let refused = nina
        .form(&format!("/cases/{case}/incidents"), &tomorrow)
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .text
            .contains("en hendelse kan ikke dateres fram i tid")
    );
    let stored = safety::case_safety(&t.app, &rundt_app::Actor::cli(), case)
        .await
        .unwrap();
    assert!(stored.incidents.is_empty(), "nothing stored");

    // Yesterday's incident is recorded and flagged until it is notified.
    let mut yesterday = incident("2026-11-11");
    yesterday.push(("children", emma_id.as_str()));
    nina.form(&format!("/cases/{case}/incidents"), &yesterday)
        .await
        .redirected_to();
    let family = nina.get(&format!("/cases/{case}")).await;
    assert!(family.text.contains("id=\"incident-not-notified\""));
    let stored = safety::case_safety(&t.app, &rundt_app::Actor::cli(), case)
        .await
        .unwrap();
    let recorded = &stored.incidents[0];
    let notify = format!("/cases/{case}/incidents/{}/notification", recorded.id);
    let version = recorded.version.to_string();
    nina.form(
        &notify,
        &[
            ("version", &version),
            ("kind", "notified"),
            ("on", "2026-11-12"),
            ("by", "Nina, terapeut"),
            ("to", "Barneverntjenesten i Bærum"),
        ],
    )
    .await
    .redirected_to();
    let family = nina.get(&format!("/cases/{case}")).await;
    assert!(!family.text.contains("id=\"incident-not-notified\""));
}
