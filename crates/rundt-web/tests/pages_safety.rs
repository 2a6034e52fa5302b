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

/// The text poppler's `pdftotext` reads from `pdf`; `None` where it is not
/// installed, except on CI, where `.ci/run` installs it.
fn pdf_text(pdf: &[u8]) -> Option<String> {
    use std::io::Write as _;
    if std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_err()
    {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "pdftotext is required on CI (apt-get install poppler-utils)"
        );
        return None;
    }
    let path = std::env::temp_dir().join(format!("rundt-can-report-{}.pdf", std::process::id()));
    std::fs::File::create(&path)
        .unwrap()
        .write_all(pdf)
        .unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    Some(String::from_utf8(out.stdout).unwrap())
}

#[tokio::test]
async fn the_discharge_report_of_an_mst_can_family_has_its_safety_the_childrens_voice_the_plan_and_modules()
 {
    use rundt_app::{Actor, can_plan, mapping, treatment};
    use rundt_domain::can_plan::{
        ModuleKind, ModuleStatus, NewModule, PlanGoal, ThemeArea, TreatmentPlan,
    };
    use rundt_domain::discharge::{Discharge, DischargeReason, GoalResult, UltimateOutcomes};
    use rundt_domain::incident::{Incident, Notification};
    use rundt_domain::mapping::{ChildVoice, HeardBy, KeyPerson, KeyPersonRole, Mapping, Voice};
    use rundt_domain::safety::{AdultAction, ChildContact, Risk, RiskKind, SafetyPlan};
    use rundt_domain::treatment::Attainment;

    let t = TestApp::with_clock(noon(TODAY)).await;
    let (team, _) = t.baerum_can_team().await;
    let case = t.start_can_family(team, day("2026-05-04")).await;
    let cli = Actor::cli();
    let on = |d: &str| t.app.on_day(day(d));
    let plan = SafetyPlan {
        risks: vec![Risk {
            kind: RiskKind::Neglect,
            from_whom: "Tone".into(),
            to_whom: "Emma og Jonas".into(),
            situations: "Når mor ligger til sengs hele dagen".into(),
        }],
        warning_signs: vec!["Ingen mat i kjøleskapet".into()],
        adult_actions: vec![AdultAction {
            adult: "Tone".into(),
            instead: "Ringer mormor som henter barna".into(),
        }],
        child_contacts: vec![ChildContact {
            child: "Emma".into(),
            contact_person: "Mormor Randi".into(),
            how: "Telefon 915 00 000".into(),
        }],
        agreed_with_family_on: day("2026-05-06"),
        shared_with_child_welfare_on: Some(day("2026-05-06")),
    };
    safety::save_plan(&on("2026-05-06"), &cli, case, &plan, None)
        .await
        .unwrap();
    let people = rundt_app::cases::read_case(&t.app, &cli, case)
        .await
        .unwrap()
        .people;
    let emma = people.iter().find(|p| p.given_name == "Emma").unwrap().id;
    let at = Utc.from_utc_datetime(&day("2026-06-10").and_hms_opt(17, 0, 0).unwrap());
    safety::record_incident(
        &on("2026-06-11"),
        &cli,
        case,
        &Incident {
            at,
            children: vec![emma],
            what_happened: "Emma var alene hjemme hele kvelden".into(),
            what_was_done: "Mormor hentet henne".into(),
            emergency_services: false,
            notification: Notification::Notified {
                on: day("2026-06-11"),
                by: "Nina".into(),
                to: "Barneverntjenesten i Bærum".into(),
            },
        },
    )
    .await
    .unwrap();
    let map = Mapping {
        key_persons: vec![KeyPerson {
            role: KeyPersonRole::Teacher,
            name: "Kari Lund".into(),
            relation: "Emmas kontaktlærer".into(),
            phone: String::new(),
            email: String::new(),
            consent_to_contact: true,
        }],
        systems: vec![],
        mapped_on: day("2026-05-20"),
    };
    mapping::save_mapping(&on("2026-05-20"), &cli, case, &map, None)
        .await
        .unwrap();
    let voice = ChildVoice {
        child: emma,
        on: day("2026-05-27"),
        voice: Voice::Heard {
            how: HeardBy::Drawing,
            present: "terapeuten".into(),
            said: "Tegnet huset med mormor i".into(),
            wishes: "At mamma står opp om morgenen".into(),
        },
    };
    mapping::record_child_voice(&on("2026-05-27"), &cli, case, &voice)
        .await
        .unwrap();
    let goal = "Barna har mat og kommer på skolen hver dag";
    let plan = TreatmentPlan {
        goals: vec![PlanGoal {
            theme: ThemeArea::Safety,
            overarching: goal.into(),
            intermediate: vec!["Handleliste hver søndag".into()],
            agreed_by: "Tone og barneverntjenesten".into(),
            measured_by: "skolens fravær og ukentlig sjekk".into(),
        }],
        made_with_family_on: day("2026-05-22"),
    };
    can_plan::save_plan(&on("2026-05-22"), &cli, case, &plan, None)
        .await
        .unwrap();
    let module = NewModule {
        kind: ModuleKind::Clarification,
        start: Some(day("2026-06-01")),
        end: Some(day("2026-08-01")),
        sessions_held: 6,
        delivered_by: "Nina".into(),
        status: ModuleStatus::Completed,
        drug_screens: vec![],
    };
    can_plan::start_module(&on("2026-08-02"), &cli, case, &module)
        .await
        .unwrap();
    let family = rundt_app::cases::read_case(&t.app, &cli, case)
        .await
        .unwrap();
    let version = family.version;
    let discharge = Discharge {
        date: day("2026-11-10"),
        reason: DischargeReason::Completed,
        reason_note: String::new(),
        clinical_evaluation: "Familien har holdt sikkerhetsplanen i tolv uker.".into(),
        goals: vec![GoalResult {
            goal: goal.into(),
            result: Attainment::Met,
        }],
        outcomes: UltimateOutcomes {
            living_at_home: true,
            in_school_or_working: true,
            no_new_arrests: true,
        },
        children: rundt_testkit::child_outcomes(&family, |_| (true, false)),
    };
    treatment::discharge(&on("2026-11-10"), &cli, case, version, &discharge)
        .await
        .unwrap();

    let nina = norwegian(&t, "nina").await;
    let pdf = nina
        .get(&format!(
            "/api/v1/cases/{case}/discharge-report.pdf?lang=nb"
        ))
        .await;
    assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.text);
    let Some(text) = pdf_text(&pdf.bytes) else {
        return;
    };
    for shown in [
        "Sikkerhetsplan",
        "Omsorgssvikt: Tone → Emma og Jonas",
        "Emma → Mormor Randi",
        "Hendelser",
        "Emma var alene hjemme hele kvelden",
        "meldt 11.06.2026 av",
        "2026-06-10\n19:00",
        "Økokart og barnas stemme",
        "Kari Lund",
        "Barnas stemme",
        "At mamma står opp om morgenen",
        "Hørt (1)",
        "Barna ved utskrivning",
        "(omsorgsovertakelse unngått)",
        "Ikke hørt ennå",
        "Behandlingsplan",
        "Måloppnåelse per temaområde",
        "Oppnådd",
        "Moduler",
        "Klargjøring",
        "Fullført",
    ] {
        assert!(text.contains(shown), "{shown} in:\n{text}");
    }
}
