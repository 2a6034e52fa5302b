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

#[tokio::test]
async fn an_mst_can_familys_page_leads_to_its_map_which_waits_for_the_safety_plan() {
    use rundt_app::records::ParticipantRole;
    use rundt_domain::safety::{AdultAction, ChildContact, Risk, RiskKind, SafetyPlan};
    let t = rundt_testkit::TestApp::new().await;
    let (team, users) = t.baerum_can_team().await;
    let start = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    let case = t.start_can_family(team, start).await;
    let child = rundt_app::cases::read_case(&t.app, &rundt_app::Actor::cli(), case)
        .await
        .unwrap()
        .people
        .into_iter()
        .find(|p| p.role == ParticipantRole::YoungPerson)
        .unwrap()
        .id;
    let nina = t
        .client_at(rundt_web::router, users["nina"], test_now())
        .await
        .language("nb");
    nina.get(&format!("/cases/{case}"))
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
    nina.form(&voices, &entry)
        .await
        .assert_status(StatusCode::CONFLICT)
        .has("lag sikkerhetsplanen først");
    assert!(t.store.child_voices(case).await.unwrap().is_empty());

    let plan = SafetyPlan {
        risks: vec![Risk {
            kind: RiskKind::Neglect,
            from_whom: "Tone".into(),
            to_whom: "Emma".into(),
            situations: "Når Tone ikke står opp om morgenen".into(),
        }],
        warning_signs: vec!["Ingen mat i kjøleskapet".into()],
        adult_actions: vec![AdultAction {
            adult: "Tone".into(),
            instead: "Ringer mormor, som følger Emma til skolen".into(),
        }],
        child_contacts: vec![ChildContact {
            child: "Emma".into(),
            contact_person: "Mormor".into(),
            how: "Telefon 900 00 000".into(),
        }],
        agreed_with_family_on: NaiveDate::from_ymd_opt(2026, 11, 4).unwrap(),
        shared_with_child_welfare_on: None,
    };
    let therapist = t.actor_on("nina", start).await;
    rundt_app::safety::save_plan(&t.app, &therapist, case, &plan, None)
        .await
        .unwrap();
    let recorded = nina.form(&voices, &entry).await;
    assert_eq!(recorded.redirected_to(), format!("{page}#children-voice"));
    nina.get(&page)
        .await
        .assert_ok()
        .has("Sov da terapeuten kom")
        .has("Ikke hørt ennå");
}
