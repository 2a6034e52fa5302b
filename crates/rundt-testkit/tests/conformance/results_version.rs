//! The summary tables' version (migration 0025): it rises in the
//! transaction of every write that changes a summary row — an adherence
//! interview, a discharge, a follow-up, a family's survey, a supervisor
//! rating — and stays where it is on reads, on writes that change no
//! summary (a case, a weekly summary) and on a write refused and rolled
//! back. Dashboards cache their figures under it.

use rundt_domain::audit::{AuditAction, ObjectKind};
use rundt_domain::country::Country;
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::period::Month;
use rundt_store::{
    CaseChange, FamilyExperienceRecord, FollowUpRecord, NewAdherenceInterview, NewCase,
    NewSupervisorRating, ParticipantRole, Store, SummaryFilter,
};
use rundt_testkit::{TestDb, code};

use super::store_support::{
    completed_discharge, day, dk_team, event, micros_now, person, prepared, summary, therapist,
};

async fn version(store: &dyn Store) -> i64 {
    store.results_version().await.unwrap()
}

async fn the_summary_version_rises_with_every_summary_write_and_only_then(db: TestDb) {
    let store = db.store.clone();
    prepared(&*store).await;
    let start = version(&*store).await;
    let team = dk_team(&*store, "MST Aarhus", "0751").await;
    let mette = therapist(&*store, "mette", "Mette Hansen", "hash").await;
    let case = store
        .create_case(
            &NewCase {
                country: Country::DK,
                team_id: team.id,
                therapist_id: Some(mette.id),
                referring_municipality: code("0751"),
                paying_municipalities: vec![code("0751")],
                status: CaseStatus::InTreatment,
                referred_on: Some(day("2025-12-20")),
                treatment_start: Some(day("2026-01-05")),
                participants: vec![(person("Barn", None), ParticipantRole::YoungPerson)],
                price: None,
            },
            &event(AuditAction::CaseCreate, ObjectKind::Case),
        )
        .await
        .unwrap();
    store
        .save_weekly_summary(
            &summary(case.id, "2026-01-05", 2),
            None,
            &event(AuditAction::CaseWeeklySummarySave, ObjectKind::Case),
        )
        .await
        .unwrap();
    assert_eq!(
        version(&*store).await,
        start,
        "a team, a user, a case and a weekly summary change no summary row"
    );

    // An adherence interview adds to the summary and its roll-up.
    store
        .record_adherence_interview(
            &NewAdherenceInterview {
                case_id: case.id,
                interviewed_on: day("2026-02-10"),
                interviewer_id: mette.id,
                therapist_id: mette.id,
                respondent_id: None,
                mode: None,
                answers: vec![Some(5), Some(4), None],
                score: Some(0.8),
                created_at: micros_now(),
            },
            &event(
                AuditAction::CaseAdherenceInterview,
                ObjectKind::AdherenceInterview,
            ),
        )
        .await
        .unwrap();
    let after_interview = version(&*store).await;
    assert!(after_interview > start, "an interview raises the version");

    // Reads leave it.
    let filter = SummaryFilter {
        country: Country::DK,
        team_ids: None,
        municipality: None,
        from_month: Month::parse("2026-01").unwrap(),
        to_month: Month::parse("2026-12").unwrap(),
    };
    store.outcome_summary(&filter).await.unwrap();
    store.adherence_rollup(&filter).await.unwrap();
    store.supervision_summary(&filter).await.unwrap();
    store.can_results(&filter).await.unwrap();
    assert_eq!(
        version(&*store).await,
        after_interview,
        "reads change nothing"
    );

    // A survey before discharge is refused: nothing is kept, the version
    // neither.
    let survey = FamilyExperienceRecord {
        case_id: case.id,
        answered_on: day("2026-05-02"),
        answers: "[5,4,4,5,4]".into(),
        score: 80,
        recommends: true,
        comment: String::new(),
        recorded_by: mette.id,
        created_at: micros_now(),
    };
    let surveyed = event(AuditAction::CaseFamilyExperience, ObjectKind::Case);
    assert!(
        store
            .record_family_experience(&survey, &surveyed)
            .await
            .is_err()
    );
    assert_eq!(version(&*store).await, after_interview, "rolled back");

    // The discharge, its follow-up and the family's survey each add to
    // the outcome summary.
    let (discharge, discharged) = completed_discharge(case.id);
    store
        .discharge_case(
            &discharge,
            1,
            &discharged,
            &event(AuditAction::CaseDischarge, ObjectKind::Case),
        )
        .await
        .unwrap();
    let after_discharge = version(&*store).await;
    assert!(after_discharge > after_interview, "a discharge raises it");
    store
        .record_follow_up(
            &FollowUpRecord {
                case_id: case.id,
                months: 6,
                done_on: day("2026-11-01"),
                living_at_home: true,
                in_school_or_working: false,
                no_new_arrests: true,
                notes: String::new(),
                can: None,
            },
            2,
            &CaseChange::to(CaseStatus::Discharged),
            &event(AuditAction::CaseFollowUp, ObjectKind::Case),
        )
        .await
        .unwrap();
    let after_follow_up = version(&*store).await;
    assert!(after_follow_up > after_discharge, "a follow-up raises it");
    store
        .record_family_experience(&survey, &surveyed)
        .await
        .unwrap();
    let after_survey = version(&*store).await;
    assert!(after_survey > after_follow_up, "a survey raises it");

    // A therapist's rating of the supervisor adds to the supervision
    // summary.
    let ida = therapist(&*store, "ida", "Ida Supervisor", "hash").await;
    store
        .record_supervisor_rating(
            &NewSupervisorRating {
                team_id: team.id,
                supervisor_id: ida.id,
                therapist_id: mette.id,
                rated_on: day("2026-06-01"),
                answers: vec![Some(4), Some(5)],
                score: Some(0.9),
                created_at: micros_now(),
            },
            &event(
                AuditAction::TeamSupervisorRating,
                ObjectKind::SupervisorRating,
            ),
        )
        .await
        .unwrap();
    assert!(
        version(&*store).await > after_survey,
        "a supervisor rating raises it"
    );
}

/// Dashboards keep municipality names under the version too: a sync that
/// adds or renames one raises it, a sync that finds nothing new does not.
async fn a_reference_sync_that_renames_a_municipality_raises_the_version(db: TestDb) {
    let store = db.store.clone();
    prepared(&*store).await;
    let sync = event(AuditAction::ReferenceDataSync, ObjectKind::ReferenceData);
    let mut data = super::store_support::reference_data();
    let start = version(&*store).await;
    store.sync_reference_data(&data, &sync).await.unwrap();
    assert_eq!(version(&*store).await, start, "nothing new");

    data.municipalities[0].name.push_str(" (renamed)");
    let report = store.sync_reference_data(&data, &sync).await.unwrap();
    assert_eq!(report.municipalities_updated, 1);
    let renamed = version(&*store).await;
    assert!(renamed > start, "a renamed municipality raises the version");
    let first = &data.municipalities[0];
    let name = store
        .find_municipality(first.country, &first.code, first.valid_from)
        .await
        .unwrap()
        .map(|m| m.name);
    assert_eq!(name.as_deref(), Some(first.name.as_str()));
}

rundt_testkit::scenarios!(store: the_summary_version_rises_with_every_summary_write_and_only_then);
rundt_testkit::scenarios!(store: a_reference_sync_that_renames_a_municipality_raises_the_version);
