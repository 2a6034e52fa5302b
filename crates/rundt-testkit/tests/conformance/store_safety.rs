//! MST-CAN's safety records on both backends: every version of a safety
//! plan kept, a save on a stale version refused; an incident flagged until
//! its notification is recorded; nothing of either can be edited in place.

use chrono::{DateTime, NaiveDate, Utc};
use rundt_app::Actor;
use rundt_domain::audit::{AuditAction, AuditEvent, Object};
use rundt_domain::id::CaseId;
use rundt_domain::incident::{Incident, Notification};
use rundt_domain::safety::{AdultAction, ChildContact, Risk, RiskKind, SafetyPlan};
use rundt_store::StoreError;
use rundt_testkit::{TestApp, test_now};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn plan(warning: &str) -> SafetyPlan {
    SafetyPlan {
        risks: vec![Risk {
            kind: RiskKind::PhysicalViolence,
            from_whom: "Far".into(),
            to_whom: "Emma".into(),
            situations: "Om kvelden når far har drukket".into(),
        }],
        warning_signs: vec![warning.into()],
        adult_actions: vec![AdultAction {
            adult: "Far".into(),
            instead: "Går ut og ringer terapeuten".into(),
        }],
        child_contacts: vec![ChildContact {
            child: "Emma".into(),
            contact_person: "Mormor".into(),
            how: "Telefon 900 00 000".into(),
        }],
        agreed_with_family_on: day("2026-11-20"),
        shared_with_child_welfare_on: None,
    }
}

fn event(action: AuditAction, case: CaseId) -> AuditEvent {
    Actor::cli().event(test_now(), action, Object::case(case))
}

async fn a_family(t: &TestApp) -> (CaseId, rundt_domain::id::PersonId) {
    let (team, _) = t.aarhus_team().await;
    let f = t
        .start_family(team, "louise", "mette", "jonas", day("2026-10-05"))
        .await;
    (f.case_id, f.young_person_id)
}

async fn every_version_of_a_safety_plan_is_kept_and_a_stale_save_refused(t: TestApp) {
    let (case, _) = a_family(&t).await;
    let save = AuditAction::CaseSafetyPlanSave;
    let first = t
        .store
        .save_safety_plan(case, &plan("Far hever stemmen"), None, &event(save, case))
        .await
        .unwrap();
    assert_eq!(first.version, 1);
    let second = t
        .store
        .save_safety_plan(
            case,
            &plan("Far går rundt i stua"),
            Some(1),
            &event(save, case),
        )
        .await
        .unwrap();
    assert_eq!(second.version, 2);
    let stale = t
        .store
        .save_safety_plan(case, &plan("Et tredje tegn"), Some(1), &event(save, case))
        .await;
    assert!(
        matches!(stale, Err(StoreError::VersionMismatch { current: 2 })),
        "{stale:?}"
    );
    let again = t
        .store
        .save_safety_plan(case, &plan("Enda et tegn"), None, &event(save, case))
        .await;
    assert!(
        matches!(again, Err(StoreError::VersionMismatch { current: 2 })),
        "{again:?}"
    );

    let versions = t.store.safety_plans(case).await.unwrap();
    assert_eq!(
        versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        vec![2, 1]
    );
    assert_eq!(
        versions[1].plan.warning_signs,
        vec!["Far hever stemmen".to_owned()]
    );
    assert_eq!(versions[0].saved_at, test_now());
    assert!(
        t.try_raw_execute("UPDATE safety_plans SET content = '{}'")
            .await
            .is_err(),
        "a saved version cannot be edited in place"
    );
    assert!(
        t.try_raw_execute("DELETE FROM safety_plans").await.is_err(),
        "nor deleted"
    );
    let missing = t
        .store
        .save_safety_plan(CaseId::new(9_999), &plan("x"), None, &event(save, case))
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

async fn an_incident_is_flagged_until_its_notification_is_recorded(t: TestApp) {
    let (case, child) = a_family(&t).await;
    let incident = Incident {
        at: at("2026-11-20T19:30:00Z"),
        children: vec![child],
        what_happened: "Far slo Mikkel".into(),
        what_was_done: "Hjemmebesøk samme kveld".into(),
        emergency_services: false,
        notification: Notification::Missing,
    };
    let recorded = t
        .store
        .record_incident(
            case,
            &incident,
            &event(AuditAction::CaseIncidentRecord, case),
        )
        .await
        .unwrap();
    assert!(recorded.incident.is_flagged());
    assert_eq!(recorded.version, 1);
    let notified = Notification::Notified {
        on: day("2026-11-21"),
        by: "Jonas".into(),
        to: "Børn og Familie, Aarhus".into(),
    };
    let note = AuditAction::CaseIncidentNotification;
    let done = t
        .store
        .record_notification(case, recorded.id, &notified, 1, &event(note, case))
        .await
        .unwrap();
    assert!(!done.incident.is_flagged());
    assert_eq!(done.version, 2);
    let stale = t
        .store
        .record_notification(
            case,
            recorded.id,
            &Notification::Missing,
            1,
            &event(note, case),
        )
        .await;
    assert!(
        matches!(stale, Err(StoreError::VersionMismatch { current: 2 })),
        "{stale:?}"
    );
    let elsewhere = t
        .store
        .record_notification(
            CaseId::new(9_999),
            recorded.id,
            &notified,
            2,
            &event(note, case),
        )
        .await;
    assert!(
        matches!(elsewhere, Err(StoreError::NotFound(_))),
        "{elsewhere:?}"
    );
    let listed = t.store.incidents(case).await.unwrap();
    assert_eq!(listed, vec![done]);
}

rundt_testkit::scenarios!(app:
    every_version_of_a_safety_plan_is_kept_and_a_stale_save_refused,
    an_incident_is_flagged_until_its_notification_is_recorded,
);
