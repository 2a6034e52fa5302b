//! "Accept and assign now": when a therapist has room, the supervisor
//! accepts a referral and starts treatment in one step. Both changes are
//! saved in one transaction with their own history entries and audit
//! events, or neither is.

use chrono::NaiveDate;
use rundt_app::cases::{PersonInput, ReferFamily};
use rundt_app::treatment::{self, AssignTherapist};
use rundt_app::{AppError, cases};
use rundt_domain::audit::{AuditAction, AuditEvent};
use rundt_domain::id::CaseId;
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::team::TeamId;
use rundt_domain::user::UserId;
use rundt_store::{CaseChange, CaseStep};
use rundt_testkit::{TestApp, sample_referral, test_now};

fn today() -> NaiveDate {
    test_now().date_naive()
}

/// A family `louise` referred today, and its version.
async fn referred(t: &TestApp, team: TeamId) -> (CaseId, i64) {
    let mut details = sample_referral();
    details.consent.as_mut().unwrap().given_on = today();
    let person = |given: &str, years: i64| PersonInput {
        given_name: given.into(),
        family_name: "Testesen".into(),
        national_id: None,
        birth_date: Some(today() - chrono::Duration::days(years * 365 + 100)),
    };
    let input = ReferFamily {
        team_id: team,
        referring_municipality: None,
        young_person: person("Mikkel", 14),
        other_children: Vec::new(),
        caregivers: vec![person("Lone", 40)],
        referral: details,
    };
    let louise = t.actor_on("louise", today()).await;
    let case = cases::refer_family(&t.app, &louise, &input).await.unwrap();
    (case.id, case.version)
}

fn jonas_from_today(users: &std::collections::HashMap<&str, UserId>) -> AssignTherapist {
    AssignTherapist {
        therapist_id: users["jonas"],
        start: Some(today()),
        note: None,
    }
}

async fn a_supervisor_accepts_and_starts_treatment_in_one_step(t: TestApp) {
    let (team, users) = t.aarhus_team().await;
    let (case, version) = referred(&t, team).await;
    let mette = t.actor_on("mette", today()).await;
    let done = treatment::accept_and_assign(
        &t.app,
        &mette,
        case,
        version,
        None,
        &jonas_from_today(&users),
    )
    .await
    .unwrap();
    assert_eq!(done.case.status, CaseStatus::InTreatment);
    assert_eq!(done.case.therapist_id, Some(users["jonas"]));
    assert_eq!(done.case.treatment_start, Some(today()));
    assert!(
        done.case.acknowledged_at.is_some(),
        "deciding acknowledges the referral"
    );
    assert_eq!(done.case.version, version + 2, "two steps, each a version");
    assert_eq!(done.open_families, 1);
    assert!(done.warning.is_none());

    // The history shows both steps, as if taken one after the other.
    let history = t.store.status_history(case).await.unwrap();
    let steps: Vec<(CaseStatus, CaseStatus)> = history
        .iter()
        .map(|h| (h.from_status, h.to_status))
        .collect();
    assert_eq!(
        steps[steps.len() - 2..],
        [
            (CaseStatus::Referred, CaseStatus::Waiting),
            (CaseStatus::Waiting, CaseStatus::InTreatment)
        ]
    );
    assert!(
        history
            .iter()
            .rev()
            .take(2)
            .all(|h| h.by_user_id == Some(users["mette"]))
    );
    let actions: Vec<String> = t
        .store
        .audit_events(0, 10_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.event.object_id == Some(case.get()))
        .map(|e| e.event.action.to_string())
        .collect();
    let accept_at = actions.iter().position(|a| a == "case.accept").unwrap();
    assert_eq!(actions[accept_at + 1], "case.assign", "{actions:?}");
}

async fn a_stale_version_or_a_therapist_from_elsewhere_changes_nothing(t: TestApp) {
    let (team, users) = t.aarhus_team().await;
    let (case, version) = referred(&t, team).await;
    let mette = t.actor_on("mette", today()).await;
    let stale = treatment::accept_and_assign(
        &t.app,
        &mette,
        case,
        version - 1,
        None,
        &jonas_from_today(&users),
    )
    .await;
    assert!(
        matches!(stale, Err(AppError::VersionMismatch { .. })),
        "{stale:?}"
    );
    let louise = AssignTherapist {
        therapist_id: users["louise"],
        ..jonas_from_today(&users)
    };
    let not_a_therapist =
        treatment::accept_and_assign(&t.app, &mette, case, version, None, &louise).await;
    assert!(
        matches!(not_a_therapist, Err(AppError::Invalid(_))),
        "{not_a_therapist:?}"
    );
    let jonas = t.actor_on("jonas", today()).await;
    let not_the_supervisor = treatment::accept_and_assign(
        &t.app,
        &jonas,
        case,
        version,
        None,
        &jonas_from_today(&users),
    )
    .await;
    assert!(
        matches!(not_the_supervisor, Err(AppError::Forbidden(_))),
        "{not_the_supervisor:?}"
    );
    let file = treatment::case_file(&t.app, &mette, case).await.unwrap();
    assert_eq!(
        (file.case.status, file.case.version),
        (CaseStatus::Referred, version)
    );
}

/// The store saves every step or none: a second step the database refuses
/// (a therapist who does not exist) undoes the first, and no audit event
/// of either is left.
async fn when_the_second_step_fails_the_first_is_undone(t: TestApp) {
    let (team, _) = t.aarhus_team().await;
    let (case, version) = referred(&t, team).await;
    let before = t.store.audit_events(0, 100_000).await.unwrap().len();
    let event = |action| {
        AuditEvent::system(
            test_now(),
            "test",
            action,
            rundt_domain::audit::ObjectKind::Case,
        )
    };
    let steps = [
        CaseStep {
            change: CaseChange {
                acknowledge: true,
                ..CaseChange::to(CaseStatus::Waiting)
            },
            audit: event(AuditAction::CaseAccept),
        },
        CaseStep {
            change: CaseChange {
                therapist_id: Some(Some(UserId::new(987_654))),
                treatment_start: Some(today()),
                ..CaseChange::to(CaseStatus::InTreatment)
            },
            audit: event(AuditAction::CaseAssign),
        },
    ];
    let failed = t.store.change_case_in_steps(case, version, &steps).await;
    assert!(failed.is_err(), "{failed:?}");
    let mette = t.actor_on("mette", today()).await;
    let file = treatment::case_file(&t.app, &mette, case).await.unwrap();
    assert_eq!(
        (file.case.status, file.case.version),
        (CaseStatus::Referred, version)
    );
    assert_eq!(file.case.acknowledged_at, None);
    let after = t.store.audit_events(0, 100_000).await.unwrap();
    // Only the case file just read was audited since.
    assert!(
        after[before..]
            .iter()
            .all(|e| !["case.accept", "case.assign"].contains(&e.event.action.as_str())),
        "{:?}",
        &after[before..]
    );
}

rundt_testkit::scenarios!(app:
    a_supervisor_accepts_and_starts_treatment_in_one_step,
    a_stale_version_or_a_therapist_from_elsewhere_changes_nothing,
    when_the_second_step_fails_the_first_is_undone,
);
