//! An MST-CAN referral names the whole family, on both backends: every
//! child of the household aged 6–18, each with a national id, and the child
//! welfare service's case; a child of 19, a child without a national id or
//! a referral without the case is refused field by field and stores
//! nothing. MST still refers one young person.

use chrono::NaiveDate;
use rundt_app::AppError;
use rundt_app::cases::{self, PersonInput, ReferFamily};
use rundt_app::records::ParticipantRole;
use rundt_domain::country::Country;
use rundt_domain::national_id::made_up_fnr;
use rundt_domain::referral::default_legal_basis;
use rundt_testkit::TestApp;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const REFERRED: &str = "2026-11-20";

fn child(given: &str, born: &str, serial: u32) -> PersonInput {
    PersonInput {
        given_name: given.into(),
        family_name: "Strand".into(),
        national_id: made_up_fnr(day(born), serial),
        birth_date: None,
    }
}

fn referral(team: rundt_domain::id::TeamId, children: Vec<PersonInput>) -> ReferFamily {
    let mut details = rundt_testkit::sample_referral();
    details.legal_basis = default_legal_basis(Country::NO).into();
    details.known_to_child_protection_within_180_days = true;
    details.child_welfare_case = "2026/04711".into();
    if let Some(consent) = details.consent.as_mut() {
        consent.given_on = day(REFERRED);
    }
    let mut children = children.into_iter();
    ReferFamily {
        team_id: team,
        referring_municipality: None,
        young_person: children.next().unwrap(),
        other_children: children.collect(),
        caregivers: vec![PersonInput {
            given_name: "Hilde".into(),
            family_name: "Strand".into(),
            national_id: None,
            birth_date: Some(day("1984-04-02")),
        }],
        referral: details,
    }
}

async fn a_child_welfare_caseworker_refers_a_family_with_two_children(t: TestApp) {
    let (team, _) = t.baerum_can_team().await;
    let linn = t.actor_on("linn", day(REFERRED)).await;
    let app = t.app.on_day(day(REFERRED));
    let family = referral(
        team,
        vec![
            child("Sara", "2014-03-10", 1),
            child("Mats", "2019-06-30", 2),
        ],
    );
    let case = cases::refer_family(&app, &linn, &family).await.unwrap();
    let children: Vec<&str> = case
        .people
        .iter()
        .filter(|p| p.role == ParticipantRole::YoungPerson)
        .map(|p| p.given_name.as_str())
        .collect();
    assert_eq!(children, ["Sara", "Mats"]);
    assert!(
        case.people
            .iter()
            .filter(|p| p.role == ParticipantRole::YoungPerson)
            .all(|p| p.national_id_masked.is_some()),
        "each child with a national id"
    );
}

async fn a_child_of_nineteen_or_without_a_national_id_is_refused_and_nothing_stored(t: TestApp) {
    let (team, _) = t.baerum_can_team().await;
    let linn = t.actor_on("linn", day(REFERRED)).await;
    let app = t.app.on_day(day(REFERRED));
    let before = t.count_rows("cases").await;
    let mut no_id = child("Mats", "2019-06-30", 2);
    no_id.national_id = None;
    no_id.birth_date = Some(day("2019-06-30"));
    let mut family = referral(team, vec![child("Sara", "2007-01-15", 1), no_id]);
    family.referral.child_welfare_case = " ".into();
    let Err(AppError::Invalid(fields)) = cases::refer_family(&app, &linn, &family).await else {
        panic!("refused");
    };
    let said: Vec<(&str, &str)> = fields
        .iter()
        .map(|f| (f.field.as_str(), &*f.message.code))
        .collect();
    assert!(
        said.contains(&("young_person.national_id", "child-age-outside-model")),
        "{said:?}"
    );
    assert!(said.contains(&("other_children[0].national_id", "child-national-id-missing")));
    assert!(said.contains(&("referral.child_welfare_case", "child-welfare-case-missing")));
    assert_eq!(t.count_rows("cases").await, before, "nothing stored");
}

async fn an_mst_referral_names_one_young_person(t: TestApp) {
    let (team, _) = t.aarhus_team().await;
    let louise = t.actor_on("louise", day(REFERRED)).await;
    let mut family = referral(
        team,
        vec![
            PersonInput {
                given_name: "Mikkel".into(),
                family_name: "Hansen".into(),
                national_id: None,
                birth_date: Some(day("2012-02-01")),
            },
            child("Sara", "2014-03-10", 1),
        ],
    );
    family.referral = rundt_testkit::sample_referral();
    let refused = cases::refer_family(&t.app.on_day(day(REFERRED)), &louise, &family).await;
    let Err(AppError::Invalid(fields)) = refused else {
        panic!("refused");
    };
    assert_eq!(fields[0].field, "other_children");
    assert_eq!(fields[0].message.code, "other-children-whole-family-only");
}

rundt_testkit::scenarios!(app:
    a_child_welfare_caseworker_refers_a_family_with_two_children,
    a_child_of_nineteen_or_without_a_national_id_is_refused_and_nothing_stored,
    an_mst_referral_names_one_young_person,
);
