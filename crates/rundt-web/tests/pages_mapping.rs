//! The ecological map and the children's voice on their page, in
//! Norwegian: the therapist saves the map and records what the child said;
//! until then the child is marked as not yet heard. A phone number that is
//! none, or a voice entry that does not say whether the child was heard,
//! comes back beside its field in Norwegian with nothing stored. The
//! municipality's caseworker sees the page without its forms. An MST-CAN
//! family's page leads to its map (an MST family's does not), and nothing
//! is recorded there before the family's safety plan.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use chrono::NaiveDate;
use rundt_testkit::http::AarhusTeam;
use rundt_testkit::test_now;

fn map_fields<'a>(version: &'a str, phone: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("version", version),
        ("key_persons[0].role", "teacher"),
        ("key_persons[0].name", "Hanne Lund"),
        ("key_persons[0].relation", "Mikkels kontaktlærer"),
        ("key_persons[0].phone", phone),
        ("key_persons[0].email", ""),
        ("key_persons[0].consent_to_contact", "yes"),
        ("key_persons[1].role", ""),
        ("key_persons[1].name", ""),
        ("key_persons[1].relation", ""),
        ("systems[0].strengths", ""),
        ("systems[0].risks", ""),
        ("systems[3].strengths", "Mikkel har en god venn i klassen"),
        ("systems[3].risks", "Kommer ofte uten matpakke"),
        ("mapped_on", "2026-11-20"),
    ]
}

#[tokio::test]
async fn the_therapist_maps_the_family_and_hears_the_child_and_bad_input_stores_nothing() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let start = NaiveDate::from_ymd_opt(2026, 10, 5).unwrap();
    let f =
        w.t.start_family(w.team, "louise", "mette", "jonas", start)
            .await;
    let case = f.case_id;
    let jonas = w.client("jonas", test_now()).await.language("nb");
    let page = format!("/cases/{case}/mapping");
    jonas
        .get(&format!("/cases/{case}"))
        .await
        .assert_ok()
        .lacks("id=\"mapping-link\"");

    let before = jonas.get(&page).await;
    before
        .assert_ok()
        .has("Økokart og barnas stemme")
        .has("Økokartet er ikke laget ennå.")
        .has("Ikke hørt ennå")
        .has("Ikke alle barna er hørt ennå.");

    // A phone number that is none: said beside the field, nothing stored.
    let bad = jonas.form(&page, &map_fields("", "ring skolen")).await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .has("«ring skolen» er ikke et telefonnummer")
        .has("value=\"Hanne Lund\"");
    assert!(w.t.store.mappings(case).await.unwrap().is_empty());

    let saved = jonas.form(&page, &map_fields("", "86 00 00 00")).await;
    assert_eq!(saved.redirected_to(), page);
    let mapped = jonas.get(&page).await;
    mapped
        .assert_ok()
        .has("Hanne Lund")
        .has("Lærer")
        .has("Kommer ofte uten matpakke")
        .lacks("Økokartet er ikke laget ennå.");
    assert_eq!(mapped.version_in("mapping-form"), "1");

    // A voice entry that does not say whether the child was heard.
    let voices = format!("/cases/{case}/child-voices");
    let child = f.young_person_id.to_string();
    let undecided = jonas
        .form(
            &voices,
            &[
                ("child", &child),
                ("on", "2026-11-24"),
                ("said", "Tegnet huset"),
            ],
        )
        .await;
    undecided
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .has("— velg —");
    assert!(w.t.store.child_voices(case).await.unwrap().is_empty());

    let heard = jonas
        .form(
            &voices,
            &[
                ("child", &child),
                ("on", "2026-11-24"),
                ("state", "heard"),
                ("how", "drawing"),
                ("present", "Terapeuten"),
                ("said", "Tegnet huset med far i døra og seg selv på rommet"),
                ("wishes", "At far slutter å rope"),
            ],
        )
        .await;
    assert_eq!(heard.redirected_to(), format!("{page}#children-voice"));
    jonas
        .get(&page)
        .await
        .assert_ok()
        .has("Tegnet huset med far i døra og seg selv på rommet")
        .has("Tegning")
        .lacks("Ikke hørt ennå");

    let louise = w.client("louise", test_now()).await.language("nb");
    louise
        .get(&page)
        .await
        .assert_ok()
        .has("Hanne Lund")
        .lacks("Lagre økokartet")
        .lacks("Registrer barnets stemme");
}

/// An MST-CAN team beside the Aarhus MST team, with Mette and Jonas in it,
/// and a family Louise referred, accepted and started with Jonas; returns
/// the case and its child.
async fn mst_can_family(
    w: &AarhusTeam,
    start: NaiveDate,
) -> (rundt_domain::id::CaseId, rundt_domain::id::PersonId) {
    use rundt_app::cases::{PersonInput, ReferFamily};
    use rundt_app::organisation::{self, AddMember, CreateTeam, OwnerInput};
    use rundt_app::records::ParticipantRole;
    use rundt_app::{Actor, treatment};
    let cli = Actor::cli();
    let team = organisation::create_team(
        &w.t.app,
        &cli,
        &CreateTeam {
            name: "MST-CAN Aarhus".into(),
            country: "DK".into(),
            programme_model: "MST-CAN".into(),
            owners: vec![OwnerInput {
                municipality_code: "0751".into(),
                share_percent: 100.0,
            }],
            started_on: None,
        },
    )
    .await
    .unwrap()
    .id;
    for (who, position) in [("mette", "supervisor"), ("jonas", "therapist")] {
        let member = AddMember {
            user_id: w.users[who],
            position: position.into(),
            since: Some(start - chrono::Duration::days(60)),
        };
        organisation::add_member(&w.t.app, &cli, team, &member)
            .await
            .unwrap();
    }
    let referred = start - chrono::Duration::days(14);
    let mut referral = rundt_testkit::sample_referral();
    referral.known_to_child_protection_within_180_days = true;
    if let Some(consent) = referral.consent.as_mut() {
        consent.given_on = referred;
    }
    let person = |given: &str, born: &str| PersonInput {
        given_name: given.into(),
        family_name: "Testesen".into(),
        national_id: None,
        birth_date: Some(born.parse().unwrap()),
    };
    let louise = w.t.actor_on("louise", referred).await;
    let case = rundt_app::cases::refer_family(
        &w.t.app.on_day(referred),
        &louise,
        &ReferFamily {
            team_id: team,
            referring_municipality: None,
            young_person: person("Ida", "2016-04-02"),
            caregivers: vec![person("Lone", "1986-01-20")],
            referral,
        },
    )
    .await
    .unwrap();
    let mette = w.t.actor_on("mette", start).await;
    let accepted = treatment::accept(&w.t.app.on_day(start), &mette, case.id, case.version, None)
        .await
        .unwrap();
    let assign = treatment::AssignTherapist {
        therapist_id: w.users["jonas"],
        start: Some(start),
        note: None,
    };
    treatment::assign(
        &w.t.app.on_day(start),
        &mette,
        case.id,
        accepted.version,
        &assign,
    )
    .await
    .unwrap();
    let child = case
        .people
        .iter()
        .find(|p| p.role == ParticipantRole::YoungPerson)
        .unwrap()
        .id;
    (case.id, child)
}

#[tokio::test]
async fn an_mst_can_familys_page_leads_to_its_map_which_waits_for_the_safety_plan() {
    use rundt_domain::safety::{AdultAction, ChildContact, Risk, RiskKind, SafetyPlan};
    let w = AarhusTeam::new(rundt_web::router).await;
    let start = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    let (case, child) = mst_can_family(&w, start).await;
    let jonas = w.client("jonas", test_now()).await.language("nb");
    jonas
        .get(&format!("/cases/{case}"))
        .await
        .assert_ok()
        .has(&format!("href=\"/cases/{case}/mapping\""))
        .has("Åpne økokartet og barnas stemme");

    let page = format!("/cases/{case}/mapping");
    let voices = format!("/cases/{case}/child-voices");
    let child = child.to_string();
    let entry = [
        ("child", child.as_str()),
        ("on", "2026-11-20"),
        ("state", "not_heard"),
        ("reason", "Sov da terapeuten kom"),
    ];
    jonas
        .form(&voices, &entry)
        .await
        .assert_status(StatusCode::CONFLICT)
        .has("lag sikkerhetsplanen først");
    assert!(w.t.store.child_voices(case).await.unwrap().is_empty());

    let plan = SafetyPlan {
        risks: vec![Risk {
            kind: RiskKind::Neglect,
            from_whom: "Lone".into(),
            to_whom: "Ida".into(),
            situations: "Når Lone ikke står opp om morgenen".into(),
        }],
        warning_signs: vec!["Ingen mat i kjøleskapet".into()],
        adult_actions: vec![AdultAction {
            adult: "Lone".into(),
            instead: "Ringer mormor, som følger Ida til skolen".into(),
        }],
        child_contacts: vec![ChildContact {
            child: "Ida".into(),
            contact_person: "Mormor".into(),
            how: "Telefon 900 00 000".into(),
        }],
        agreed_with_family_on: NaiveDate::from_ymd_opt(2026, 11, 4).unwrap(),
        shared_with_child_welfare_on: None,
    };
    let therapist = w.t.actor_on("jonas", start).await;
    rundt_app::safety::save_plan(&w.t.app, &therapist, case, &plan, None)
        .await
        .unwrap();
    let recorded = jonas.form(&voices, &entry).await;
    assert_eq!(recorded.redirected_to(), format!("{page}#children-voice"));
    jonas
        .get(&page)
        .await
        .assert_ok()
        .has("Sov da terapeuten kom")
        .has("Ikke hørt ennå");
}
