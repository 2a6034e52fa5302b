//! The safety use cases on both backends: the therapist saves the family's
//! safety plan and a new version of it, a stale version is refused, an
//! incompletely filled plan says what is missing and stores nothing; an
//! incident is flagged until the notification is recorded, and only the
//! supervisor may say none was needed; the municipality's caseworker
//! writes none of it.

use chrono::{DateTime, NaiveDate, Utc};
use rundt_app::{AppError, safety};
use rundt_domain::incident::{Incident, Notification};
use rundt_domain::safety::{AdultAction, ChildContact, Risk, RiskKind, SafetyPlan};
use rundt_testkit::{Family, TestApp};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const TODAY: &str = "2026-11-25";

fn plan() -> SafetyPlan {
    SafetyPlan {
        risks: vec![Risk {
            kind: RiskKind::Neglect,
            from_whom: "Mor".into(),
            to_whom: "Mikkel".into(),
            situations: "Når mor ikke står opp om morgenen".into(),
        }],
        warning_signs: vec!["Ingen mad i køleskabet søndag aften".into()],
        adult_actions: vec![AdultAction {
            adult: "Mor".into(),
            instead: "Ringer mormor, der tager Mikkel med i skole".into(),
        }],
        child_contacts: vec![ChildContact {
            child: "Mikkel".into(),
            contact_person: "Mormor Grete".into(),
            how: "Mobil 20 00 00 00".into(),
        }],
        agreed_with_family_on: day("2026-11-20"),
        shared_with_child_welfare_on: Some(day("2026-11-21")),
    }
}

async fn family(t: &TestApp) -> Family {
    let (team, _) = t.aarhus_team().await;
    t.start_family(team, "louise", "mette", "jonas", day("2026-10-05"))
        .await
}

async fn the_therapist_keeps_the_safety_plan_in_versions(t: TestApp) {
    let f = family(&t).await;
    let jonas = t.actor_on("jonas", day(TODAY)).await;
    let first = safety::save_plan(&t.app, &jonas, f.case_id, &plan(), None)
        .await
        .unwrap();
    let mut changed = plan();
    changed.warning_signs.push("Mor svarer ikke på sms".into());
    let second = safety::save_plan(&t.app, &jonas, f.case_id, &changed, Some(first.version))
        .await
        .unwrap();
    assert_eq!((first.version, second.version), (1, 2));
    let stale = safety::save_plan(&t.app, &jonas, f.case_id, &plan(), Some(1)).await;
    assert!(
        matches!(stale, Err(AppError::VersionMismatch { current: 2 })),
        "{stale:?}"
    );

    let mut empty = plan();
    empty.child_contacts.clear();
    let refused = safety::save_plan(&t.app, &jonas, f.case_id, &empty, Some(2)).await;
    let Err(AppError::Invalid(fields)) = refused else {
        panic!("{refused:?}");
    };
    assert_eq!(fields[0].field, "child_contacts");
    assert_eq!(t.store.safety_plans(f.case_id).await.unwrap().len(), 2);

    let louise = t.actor_on("louise", day(TODAY)).await;
    let theirs = safety::save_plan(&t.app, &louise, f.case_id, &plan(), Some(2)).await;
    assert!(matches!(theirs, Err(AppError::Forbidden(_))), "{theirs:?}");
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

async fn an_incident_stays_flagged_until_child_welfare_was_told_or_the_supervisor_says_why_not(
    t: TestApp,
) {
    let f = family(&t).await;
    let jonas = t.actor_on("jonas", day(TODAY)).await;
    let incident = Incident {
        at: at("2026-11-20T18:00:00Z"),
        children: vec![f.young_person_id],
        what_happened: "Mikkel var alene hjemme i to døgn".into(),
        what_was_done: "Mormor hentede ham; terapeuten kom samme aften".into(),
        emergency_services: false,
        notification: Notification::Missing,
    };
    let recorded = safety::record_incident(&t.app, &jonas, f.case_id, &incident)
        .await
        .unwrap();
    assert!(recorded.incident.is_flagged());

    let mut not_theirs = incident.clone();
    not_theirs.children = vec![f.caregiver_id];
    let refused = safety::record_incident(&t.app, &jonas, f.case_id, &not_theirs).await;
    assert!(
        matches!(refused, Err(AppError::Invalid(_))),
        "a caregiver is no child: {refused:?}"
    );

    let not_needed = Notification::NotNeeded {
        reason: "Kommunen var med på hjemmebesøget".into(),
    };
    let theirs =
        safety::record_notification(&t.app, &jonas, f.case_id, recorded.id, &not_needed, 1).await;
    assert!(matches!(theirs, Err(AppError::Forbidden(_))), "{theirs:?}");
    let mette = t.actor_on("mette", day(TODAY)).await;
    let cleared =
        safety::record_notification(&t.app, &mette, f.case_id, recorded.id, &not_needed, 1)
            .await
            .unwrap();
    assert!(!cleared.incident.is_flagged());
    assert_eq!(cleared.version, 2);
}

rundt_testkit::scenarios!(app:
    the_therapist_keeps_the_safety_plan_in_versions,
    an_incident_stays_flagged_until_child_welfare_was_told_or_the_supervisor_says_why_not,
);
