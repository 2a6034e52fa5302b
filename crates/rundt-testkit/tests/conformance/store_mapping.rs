//! MST-CAN's mapping on both backends: every version of the family's
//! ecological map kept, a save on a stale version refused; what the
//! children said appended and never changed, only about people of the
//! case; anonymising the case removes both, and they count as its entries.

use chrono::NaiveDate;
use rundt_app::Actor;
use rundt_domain::audit::{AuditAction, AuditEvent, Object};
use rundt_domain::discharge::{DischargeReason, UltimateOutcomes};
use rundt_domain::id::{CaseId, PersonId};
use rundt_domain::mapping::{
    ChildVoice, HeardBy, KeyPerson, KeyPersonRole, Mapping, SystemMap, Voice,
};
use rundt_domain::treatment::System;
use rundt_store::{CaseErasure, StoreError};
use rundt_testkit::{Family, TestApp, test_now};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn mapping(teacher: &str) -> Mapping {
    Mapping {
        key_persons: vec![KeyPerson {
            role: KeyPersonRole::Teacher,
            name: teacher.into(),
            relation: "Mikkels klasselærer".into(),
            phone: "86 00 00 00".into(),
            email: String::new(),
            consent_to_contact: true,
        }],
        systems: vec![SystemMap {
            system: System::School,
            strengths: "Mikkel har en god ven i klassen".into(),
            risks: "Kommer ofte uden madpakke".into(),
        }],
        mapped_on: day("2026-11-20"),
    }
}

fn said(child: PersonId, on: &str) -> ChildVoice {
    ChildVoice {
        child,
        on: day(on),
        voice: Voice::Heard {
            how: HeardBy::Play,
            present: "Terapeuten".into(),
            said: "Legede at bamsen var bange for at komme hjem".into(),
            wishes: "At mor står op om morgenen".into(),
        },
    }
}

fn event(action: AuditAction, case: CaseId) -> AuditEvent {
    Actor::cli().event(test_now(), action, Object::case(case))
}

async fn a_family(t: &TestApp) -> Family {
    let (team, _) = t.aarhus_team().await;
    t.start_family(team, "louise", "mette", "jonas", day("2026-10-05"))
        .await
}

async fn every_version_of_a_mapping_is_kept_and_a_stale_save_refused(t: TestApp) {
    let case = a_family(&t).await.case_id;
    let save = AuditAction::CaseMappingSave;
    let audits_before = t.count_rows("audit_events").await;
    let first = t
        .store
        .save_mapping(case, &mapping("Hanne Lund"), None, &event(save, case))
        .await
        .unwrap();
    assert_eq!(first.version, 1);
    assert_eq!(
        t.count_rows("audit_events").await,
        audits_before + 1,
        "audited in the same transaction"
    );
    let second = t
        .store
        .save_mapping(
            case,
            &mapping("Hanne Lund Berg"),
            Some(1),
            &event(save, case),
        )
        .await
        .unwrap();
    assert_eq!(second.version, 2);
    for stale_at in [Some(1), None] {
        let stale = t
            .store
            .save_mapping(
                case,
                &mapping("Et tredje navn"),
                stale_at,
                &event(save, case),
            )
            .await;
        assert!(
            matches!(stale, Err(StoreError::VersionMismatch { current: 2 })),
            "{stale:?}"
        );
    }
    let versions = t.store.mappings(case).await.unwrap();
    assert_eq!(
        versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        vec![2, 1]
    );
    assert_eq!(versions[1].mapping, mapping("Hanne Lund"));
    assert_eq!(versions[0].saved_at, test_now());
    assert!(
        t.try_raw_execute("UPDATE mappings SET content = '{}'")
            .await
            .is_err(),
        "a saved version cannot be edited in place"
    );
    assert!(
        t.try_raw_execute("DELETE FROM mappings").await.is_err(),
        "nor deleted"
    );
    let missing = t
        .store
        .save_mapping(CaseId::new(9_999), &mapping("x"), None, &event(save, case))
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );
}

async fn what_a_child_said_is_appended_and_never_changed(t: TestApp) {
    let f = a_family(&t).await;
    let record = AuditAction::CaseChildVoiceRecord;
    let not_heard = ChildVoice {
        child: f.young_person_id,
        on: day("2026-11-10"),
        voice: Voice::NotHeard {
            reason: "Ville ikke tale med terapeuten endnu".into(),
        },
    };
    let first = t
        .store
        .record_child_voice(f.case_id, &not_heard, &event(record, f.case_id))
        .await
        .unwrap();
    let second = t
        .store
        .record_child_voice(
            f.case_id,
            &said(f.young_person_id, "2026-11-24"),
            &event(record, f.case_id),
        )
        .await
        .unwrap();
    assert_eq!(first.voice, not_heard);
    assert_eq!(second.recorded_at, test_now());
    let listed = t.store.child_voices(f.case_id).await.unwrap();
    assert_eq!(listed, vec![second, first], "newest first");

    let stranger = t
        .store
        .record_child_voice(
            f.case_id,
            &said(PersonId::new(9_999), "2026-11-24"),
            &event(record, f.case_id),
        )
        .await;
    assert!(
        matches!(stranger, Err(StoreError::NotFound(_))),
        "{stranger:?}"
    );
    assert_eq!(t.count_rows("child_voices").await, 2, "nothing stored");
    assert!(
        t.try_raw_execute("UPDATE child_voices SET content = '{}'")
            .await
            .is_err(),
        "what a child said cannot be edited"
    );
    assert!(
        t.try_raw_execute("DELETE FROM child_voices").await.is_err(),
        "nor deleted"
    );
}

async fn anonymising_a_case_removes_its_mapping_and_the_childrens_voice(t: TestApp) {
    let (team, _) = t.aarhus_team_since(day("2010-01-01")).await;
    let mut f = t
        .start_family(team, "louise", "mette", "jonas", day("2014-03-03"))
        .await;
    let good = UltimateOutcomes {
        living_at_home: true,
        in_school_or_working: true,
        no_new_arrests: true,
    };
    t.discharge_family(
        &mut f,
        "jonas",
        day("2014-07-01"),
        DischargeReason::Completed,
        good,
    )
    .await;
    let case = f.case_id;
    t.store
        .save_mapping(
            case,
            &mapping("Hanne Lund"),
            None,
            &event(AuditAction::CaseMappingSave, case),
        )
        .await
        .unwrap();
    t.store
        .record_child_voice(
            case,
            &said(f.young_person_id, "2014-05-01"),
            &event(AuditAction::CaseChildVoiceRecord, case),
        )
        .await
        .unwrap();
    let erase = AuditAction::RetentionAnonymise;
    let too_early = CaseErasure {
        case_id: case,
        rule: "DK/course".into(),
        last_entry_by: day("2015-12-31"),
        on: day("2026-11-25"),
    };
    let refused = t.store.erase_case(&too_early, &event(erase, case)).await;
    assert!(
        matches!(refused, Err(StoreError::Conflict(_))),
        "the mapping saved today is the case's last entry: {refused:?}"
    );
    let due = CaseErasure {
        last_entry_by: day("2026-11-25"),
        ..too_early
    };
    t.store.erase_case(&due, &event(erase, case)).await.unwrap();
    assert_eq!(t.count_rows("mappings").await, 0);
    assert_eq!(t.count_rows("child_voices").await, 0);
}

rundt_testkit::scenarios!(app:
    every_version_of_a_mapping_is_kept_and_a_stale_save_refused,
    what_a_child_said_is_appended_and_never_changed,
    anonymising_a_case_removes_its_mapping_and_the_childrens_voice,
);
