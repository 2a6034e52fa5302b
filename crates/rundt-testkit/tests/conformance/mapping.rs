//! The mapping use cases on both backends: the therapist saves the family's
//! ecological map and a new version of it, a stale version is refused, a
//! map without key persons says so and stores nothing; what a child said
//! is recorded, a "not heard, because" too, and the read says which
//! children have not yet been heard; an entry about a caregiver is refused
//! naming the child; nothing is recorded for a family not in treatment,
//! nor for an MST-CAN family before its safety plan; the municipality's
//! caseworker writes none of it.

use chrono::NaiveDate;
use rundt_app::{AppError, mapping};
use rundt_domain::discharge::{DischargeReason, UltimateOutcomes};
use rundt_domain::mapping::{
    ChildVoice, HeardBy, KeyPerson, KeyPersonRole, Mapping, SystemMap, Voice,
};
use rundt_domain::treatment::System;
use rundt_testkit::{Family, TestApp};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const TODAY: &str = "2026-11-25";

fn map() -> Mapping {
    Mapping {
        key_persons: vec![KeyPerson {
            role: KeyPersonRole::HealthNurse,
            name: " Grete Holm ".into(),
            relation: "Sundhedsplejerske på Mikkels skole".into(),
            phone: "+45 86 00 00 00".into(),
            email: "grete.holm@kommune.example".into(),
            consent_to_contact: true,
        }],
        systems: vec![SystemMap {
            system: System::Community,
            strengths: "Klubben om onsdagen".into(),
            risks: String::new(),
        }],
        mapped_on: day("2026-11-20"),
    }
}

fn not_heard(f: &Family) -> ChildVoice {
    ChildVoice {
        child: f.young_person_id,
        on: day("2026-11-17"),
        voice: Voice::NotHeard {
            reason: "Ville ikke tale, mens mor var i stuen".into(),
        },
    }
}

fn heard(f: &Family) -> ChildVoice {
    ChildVoice {
        child: f.young_person_id,
        on: day("2026-11-24"),
        voice: Voice::Heard {
            how: HeardBy::Conversation,
            present: "Terapeuten".into(),
            said: "Han er bange, når mor ikke står op".into(),
            wishes: "At mor kommer op om morgenen".into(),
        },
    }
}

async fn family(t: &TestApp) -> Family {
    let (team, _) = t.aarhus_team().await;
    t.start_family(team, "louise", "mette", "jonas", day("2026-10-05"))
        .await
}

async fn the_therapist_keeps_the_map_in_versions(t: TestApp) {
    let f = family(&t).await;
    let jonas = t.actor_on("jonas", day(TODAY)).await;
    let first = mapping::save_mapping(&t.app, &jonas, f.case_id, &map(), None)
        .await
        .unwrap();
    assert_eq!(
        first.mapping.key_persons[0].name, "Grete Holm",
        "kept as the checks trimmed it"
    );
    let second = mapping::save_mapping(&t.app, &jonas, f.case_id, &map(), Some(1))
        .await
        .unwrap();
    assert_eq!(second.version, 2);
    let stale = mapping::save_mapping(&t.app, &jonas, f.case_id, &map(), Some(1)).await;
    assert!(
        matches!(stale, Err(AppError::VersionMismatch { current: 2 })),
        "{stale:?}"
    );

    let mut nobody = map();
    nobody.key_persons.clear();
    let refused = mapping::save_mapping(&t.app, &jonas, f.case_id, &nobody, Some(2)).await;
    let Err(AppError::Invalid(fields)) = refused else {
        panic!("{refused:?}");
    };
    assert_eq!(fields[0].field, "key_persons");
    assert_eq!(t.store.mappings(f.case_id).await.unwrap().len(), 2);

    let louise = t.actor_on("louise", day(TODAY)).await;
    let theirs = mapping::save_mapping(&t.app, &louise, f.case_id, &map(), Some(2)).await;
    assert!(matches!(theirs, Err(AppError::Forbidden(_))), "{theirs:?}");
    let read = mapping::case_mapping(&t.app, &louise, f.case_id)
        .await
        .unwrap();
    assert_eq!(read.current().map(|v| v.version), Some(2));
}

async fn the_team_sees_which_children_have_not_yet_been_heard(t: TestApp) {
    let f = family(&t).await;
    let jonas = t.actor_on("jonas", day(TODAY)).await;
    let unheard = mapping::case_mapping(&t.app, &jonas, f.case_id)
        .await
        .unwrap();
    assert_eq!(unheard.children.len(), 1);
    assert_eq!(unheard.not_yet_heard, vec![f.young_person_id]);

    mapping::record_child_voice(&t.app, &jonas, f.case_id, &not_heard(&f))
        .await
        .unwrap();
    let still = mapping::case_mapping(&t.app, &jonas, f.case_id)
        .await
        .unwrap();
    assert_eq!(
        still.not_yet_heard,
        vec![f.young_person_id],
        "'not heard, because' is an entry, but the child is not yet heard"
    );

    let mut about_mother = heard(&f);
    about_mother.child = f.caregiver_id;
    let refused = mapping::record_child_voice(&t.app, &jonas, f.case_id, &about_mother).await;
    let Err(AppError::Invalid(fields)) = refused else {
        panic!("a caregiver is no child: {refused:?}");
    };
    assert_eq!(fields[0].field, "child");

    mapping::record_child_voice(&t.app, &jonas, f.case_id, &heard(&f))
        .await
        .unwrap();
    let now = mapping::case_mapping(&t.app, &jonas, f.case_id)
        .await
        .unwrap();
    assert!(now.not_yet_heard.is_empty());
    assert_eq!(now.voices.len(), 2);
    assert_eq!(now.voices[0].voice, heard(&f), "newest first");

    let louise = t.actor_on("louise", day(TODAY)).await;
    let theirs = mapping::record_child_voice(&t.app, &louise, f.case_id, &heard(&f)).await;
    assert!(matches!(theirs, Err(AppError::Forbidden(_))), "{theirs:?}");
}

async fn nothing_is_mapped_for_a_family_no_longer_in_treatment(t: TestApp) {
    let mut f = family(&t).await;
    let good = UltimateOutcomes {
        living_at_home: true,
        in_school_or_working: true,
        no_new_arrests: true,
    };
    t.discharge_family(
        &mut f,
        "jonas",
        day("2026-11-20"),
        DischargeReason::Completed,
        good,
    )
    .await;
    let jonas = t.actor_on("jonas", day(TODAY)).await;
    let late = mapping::save_mapping(&t.app, &jonas, f.case_id, &map(), None).await;
    assert!(matches!(late, Err(AppError::Conflict(_))), "{late:?}");
    let late = mapping::record_child_voice(&t.app, &jonas, f.case_id, &heard(&f)).await;
    assert!(matches!(late, Err(AppError::Conflict(_))), "{late:?}");
    assert_eq!(t.count_rows("mappings").await, 0);
    assert_eq!(t.count_rows("child_voices").await, 0);
}

async fn an_mst_can_family_is_mapped_only_after_its_safety_plan(t: TestApp) {
    use rundt_domain::safety::{AdultAction, ChildContact, Risk, RiskKind, SafetyPlan};
    let (team, _) = t.baerum_can_team().await;
    let case = t.start_can_family(team, day("2026-11-02")).await;
    let nina = t.actor_on("nina", day(TODAY)).await;
    let first = mapping::save_mapping(&t.app, &nina, case, &map(), None).await;
    let Err(AppError::Conflict(why)) = first else {
        panic!("{first:?}");
    };
    assert_eq!(why.code, "safety-plan-first");
    assert_eq!(t.count_rows("mappings").await, 0);

    let plan = SafetyPlan {
        risks: vec![Risk {
            kind: RiskKind::PhysicalViolence,
            from_whom: "Tone".into(),
            to_whom: "Emma".into(),
            situations: "Når Tone er sliten om kvelden".into(),
        }],
        warning_signs: vec!["Tone smeller med dørene".into()],
        adult_actions: vec![AdultAction {
            adult: "Tone".into(),
            instead: "Går ut på trappa og ringer terapeuten".into(),
        }],
        child_contacts: vec![ChildContact {
            child: "Emma".into(),
            contact_person: "Mormor".into(),
            how: "Telefon 900 00 000".into(),
        }],
        agreed_with_family_on: day("2026-11-04"),
        shared_with_child_welfare_on: None,
    };
    rundt_app::safety::save_plan(&t.app, &nina, case, &plan, None)
        .await
        .unwrap();
    mapping::save_mapping(&t.app, &nina, case, &map(), None)
        .await
        .unwrap();
}

rundt_testkit::scenarios!(app:
    the_therapist_keeps_the_map_in_versions,
    the_team_sees_which_children_have_not_yet_been_heard,
    nothing_is_mapped_for_a_family_no_longer_in_treatment,
    an_mst_can_family_is_mapped_only_after_its_safety_plan,
);
