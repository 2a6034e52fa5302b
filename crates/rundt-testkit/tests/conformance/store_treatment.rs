//! Treatment records through the `Store` trait: status changes and the
//! referral, assessment, weekly summaries, supervision, discharge and
//! follow-ups, each under optimistic versions and concurrent first saves.

use chrono::NaiveDate;
use rundt_domain::audit::{AuditAction, ObjectKind};
use rundt_domain::country::Country;
use rundt_domain::id::{CaseId, TeamId};
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::msg;
use rundt_store::{
    CaseChange, CaseFilter, FollowUpRecord, NewCase, ParticipantRole, ReferralRecord, StoreError,
    SupervisionRecord, WeeklySummaryWrite,
};
use rundt_testkit::TestDb;
use rundt_testkit::code;

use super::store_support::*;

async fn treatment_records_round_trip_under_optimistic_versions(db: TestDb) {
    let store = db.store.clone();
    prepared(&*store).await;
    let team = dk_team(&*store, "MST Aarhus", "0751").await;
    let other_team = dk_team(&*store, "MST København", "0101").await;
    let mette = therapist(&*store, "mette", "Mette Hansen", "hash-1").await;
    let new_case = |team_id: TeamId, kid: &str| NewCase {
        country: Country::DK,
        team_id,
        therapist_id: None,
        referring_municipality: code("0751"),
        paying_municipalities: vec![code("0751")],
        status: CaseStatus::Referred,
        referred_on: Some(day("2026-01-02")),
        treatment_start: None,
        participants: vec![(person(kid, None), ParticipantRole::YoungPerson)],
        price: None,
    };
    let case_create = event(AuditAction::CaseCreate, ObjectKind::Case);
    let case = store
        .create_case(&new_case(team.id, "Barn"), &case_create)
        .await
        .unwrap();
    assert_eq!(case.referred_on, Some(day("2026-01-02")));
    assert_eq!((case.treatment_start, case.discharged_on), (None, None));
    let imported = store
        .create_case(
            &NewCase {
                status: CaseStatus::InTreatment,
                therapist_id: Some(mette.id),
                treatment_start: Some(day("2025-12-01")),
                ..new_case(team.id, "Importeret")
            },
            &case_create,
        )
        .await
        .unwrap();
    assert_eq!(imported.treatment_start, Some(day("2025-12-01")));
    let foreign = store
        .create_case(&new_case(other_team.id, "Fremmed"), &case_create)
        .await
        .unwrap();

    // Status filter.
    let ids = |statuses: Option<Vec<&str>>| {
        let store = store.clone();
        let statuses = statuses.map(|s| {
            s.into_iter()
                .map(|x| x.parse().expect("a case status"))
                .collect()
        });
        async move {
            store
                .list_cases(&CaseFilter {
                    statuses,
                    ..CaseFilter::default()
                })
                .await
                .unwrap()
                .iter()
                .map(|c| c.id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(ids(None).await, [foreign.id, imported.id, case.id]);
    assert_eq!(ids(Some(vec!["referred"])).await, [foreign.id, case.id]);
    assert_eq!(
        ids(Some(vec!["in_treatment", "closed"])).await,
        [imported.id]
    );
    assert!(ids(Some(vec![])).await.is_empty());
    let listed = store.list_cases(&CaseFilter::default()).await.unwrap();
    assert_eq!(listed[1].treatment_start, Some(day("2025-12-01")));
    assert_eq!(listed[2].referred_on, Some(day("2026-01-02")));

    // Referral, once.
    let referral = ReferralRecord {
        case_id: case.id,
        details: referral_documents("Barnets Lov § 32").0,
        screening: referral_documents("Barnets Lov § 32").1,
        eligible: true,
    };
    assert!(store.referral(case.id).await.unwrap().is_none());
    store
        .save_referral(
            &referral,
            &by(mette.id, AuditAction::CaseReferralRecord, ObjectKind::Case),
        )
        .await
        .unwrap();
    assert_eq!(
        store.referral(case.id).await.unwrap(),
        Some(referral.clone())
    );
    let before = store.audit_events(0, 10_000).await.unwrap().len();
    assert_eq!(
        conflict(
            store
                .save_referral(
                    &referral,
                    &by(mette.id, AuditAction::CaseReferralRecord, ObjectKind::Case)
                )
                .await
        ),
        msg!("referral-recorded")
    );
    assert_eq!(
        not_found(
            store
                .save_referral(
                    &ReferralRecord {
                        case_id: CaseId::new(999_999),
                        ..referral.clone()
                    },
                    &event(AuditAction::CaseReferralRecord, ObjectKind::Case),
                )
                .await
        ),
        "case 999999"
    );
    assert_eq!(
        store.audit_events(0, 10_000).await.unwrap().len(),
        before,
        "failed writes leave no audit event"
    );

    // Status changes.
    let started = store
        .change_case(
            case.id,
            1,
            &CaseChange {
                therapist_id: Some(Some(mette.id)),
                treatment_start: Some(day("2026-01-05")),
                note: Some("assigned".into()),
                ..change("in_treatment")
            },
            &by(mette.id, AuditAction::CaseAssign, ObjectKind::Case),
        )
        .await
        .unwrap();
    assert_eq!(started.version, 2);
    assert_eq!(started.status, CaseStatus::InTreatment);
    assert_eq!(started.therapist_id, Some(mette.id));
    assert_eq!(started.treatment_start, Some(day("2026-01-05")));
    assert_eq!(started.paying_municipalities, ["0751"]);
    let case_assign = event(AuditAction::CaseAssign, ObjectKind::Case);
    assert_eq!(
        mismatch(
            store
                .change_case(case.id, 1, &change("closed"), &case_assign)
                .await
        ),
        2
    );
    assert_eq!(
        not_found(
            store
                .change_case(CaseId::new(999_999), 1, &change("closed"), &case_assign)
                .await
        ),
        "case 999999"
    );
    // None keeps the therapist and the dates.
    let waiting = store
        .change_case(case.id, 2, &change("waiting"), &case_assign)
        .await
        .unwrap();
    assert_eq!(waiting.version, 3);
    assert_eq!(waiting.therapist_id, Some(mette.id));
    assert_eq!(waiting.treatment_start, Some(day("2026-01-05")));
    // Concurrent changes at one version: exactly one wins.
    let mut tasks = Vec::new();
    for _ in 0..6 {
        let store = store.clone();
        let audit = case_assign.clone();
        tasks.push(tokio::spawn(async move {
            store
                .change_case(case.id, 3, &change("in_treatment"), &audit)
                .await
        }));
    }
    let wins = winners(
        tasks,
        |c| assert_eq!(c.version, 4),
        |e| assert_eq!(mismatch::<()>(Err(e)), 4),
    );
    assert_eq!(wins.await, 1);
    let history = store.status_history(case.id).await.unwrap();
    assert_eq!(
        history
            .iter()
            .map(|h| (h.from_status.as_str(), h.to_status.as_str()))
            .collect::<Vec<_>>(),
        [
            ("referred", "in_treatment"),
            ("in_treatment", "waiting"),
            ("waiting", "in_treatment")
        ]
    );
    assert_eq!(history[0].by_user_id, Some(mette.id));
    assert_eq!(history[0].note.as_deref(), Some("assigned"));
    assert_eq!(
        (history[1].by_user_id, history[1].note.as_deref()),
        (None, None)
    );
    assert!(store.status_history(foreign.id).await.unwrap().is_empty());

    // Assessment.
    assert!(store.assessment(case.id).await.unwrap().is_none());
    let case_assessment_save = event(AuditAction::CaseAssessmentSave, ObjectKind::Case);
    assert_eq!(
        not_found(
            store
                .save_assessment(
                    case.id,
                    &assessment("empty"),
                    Some(1),
                    &case_assessment_save
                )
                .await
        ),
        format!("assessment of case {}", case.id)
    );
    let first = store
        .save_assessment(case.id, &assessment("first"), None, &case_assessment_save)
        .await
        .unwrap();
    assert_eq!((first.version, first.case_id), (1, case.id));
    assert_eq!(
        mismatch(
            store
                .save_assessment(case.id, &assessment("again"), None, &case_assessment_save)
                .await
        ),
        1
    );
    let second = store
        .save_assessment(
            case.id,
            &assessment("second"),
            Some(1),
            &case_assessment_save,
        )
        .await
        .unwrap();
    assert_eq!((second.id, second.version), (first.id, 2));
    assert_eq!(
        store.assessment(case.id).await.unwrap(),
        Some(second.clone())
    );
    assert_eq!(
        mismatch(
            store
                .save_assessment(
                    case.id,
                    &assessment("stale"),
                    Some(1),
                    &case_assessment_save
                )
                .await
        ),
        2
    );
    assert_eq!(
        not_found(
            store
                .save_assessment(
                    CaseId::new(999_999),
                    &assessment("nowhere"),
                    None,
                    &case_assessment_save
                )
                .await
        ),
        "case 999999"
    );

    // Weekly summaries.
    let case_weekly_summary_save = event(AuditAction::CaseWeeklySummarySave, ObjectKind::Case);
    let w1 = store
        .save_weekly_summary(
            &WeeklySummaryWrite {
                therapist_id: Some(mette.id),
                ..summary(case.id, "2026-01-05", 3)
            },
            None,
            &case_weekly_summary_save,
        )
        .await
        .unwrap();
    assert_eq!(
        (
            w1.version,
            w1.contact_count,
            w1.contact_minutes,
            w1.therapist_id
        ),
        (1, 3, 180, Some(mette.id))
    );
    assert_eq!(
        conflict(
            store
                .save_weekly_summary(
                    &summary(case.id, "2026-01-05", 1),
                    None,
                    &case_weekly_summary_save,
                )
                .await
        ),
        msg!("week-summarised", week = day("2026-01-05"))
    );
    let w1b = store
        .save_weekly_summary(
            &summary(case.id, "2026-01-05", 4),
            Some(1),
            &case_weekly_summary_save,
        )
        .await
        .unwrap();
    assert_eq!(
        (w1b.id, w1b.version, w1b.contact_count, w1b.therapist_id),
        (w1.id, 2, 4, None)
    );
    assert_eq!(
        mismatch(
            store
                .save_weekly_summary(
                    &summary(case.id, "2026-01-05", 4),
                    Some(1),
                    &case_weekly_summary_save,
                )
                .await
        ),
        2
    );
    assert_eq!(
        not_found(
            store
                .save_weekly_summary(
                    &summary(case.id, "2026-01-12", 4),
                    Some(1),
                    &case_weekly_summary_save,
                )
                .await
        ),
        "summary of the week of 2026-01-12"
    );
    // Minutes past what a 32-bit column holds are refused by both backends
    // alike (the use cases never get there: a week has at most 60 contacts).
    let mut too_long = summary(case.id, "2026-01-12", 32_769);
    for contact in &mut too_long.content.contacts {
        contact.minutes = u16::MAX;
    }
    assert!(matches!(
        store
            .save_weekly_summary(&too_long, None, &case_weekly_summary_save)
            .await,
        Err(StoreError::Internal(m)) if m.contains("contact_minutes")
    ));
    // Two (or more) first saves of one week at once: one wins, the
    // others get the conflict, not a raw unique violation.
    let mut tasks = Vec::new();
    for i in 0..8 {
        let store = store.clone();
        let audit = case_weekly_summary_save.clone();
        tasks.push(tokio::spawn(async move {
            store
                .save_weekly_summary(&summary(case.id, "2026-01-19", i), None, &audit)
                .await
        }));
    }
    let week_taken = msg!("week-summarised", week = day("2026-01-19"));
    let wins = winners(
        tasks,
        |s| assert_eq!(s.version, 1),
        |e| assert_eq!(conflict::<()>(Err(e)), week_taken),
    );
    assert_eq!(wins.await, 1);
    store
        .save_weekly_summary(
            &summary(imported.id, "2025-12-29", 2),
            None,
            &case_weekly_summary_save,
        )
        .await
        .unwrap();
    store
        .save_weekly_summary(
            &summary(imported.id, "2025-12-01", 2),
            None,
            &case_weekly_summary_save,
        )
        .await
        .unwrap();
    let weeks: Vec<NaiveDate> = store
        .weekly_summaries(case.id)
        .await
        .unwrap()
        .iter()
        .map(|s| s.week_start)
        .collect();
    assert_eq!(weeks, [day("2026-01-19"), day("2026-01-05")]);
    assert_eq!(
        store
            .summarised_weeks(&[imported.id, case.id, foreign.id], day("2025-12-15"))
            .await
            .unwrap(),
        [
            (case.id, day("2026-01-05")),
            (case.id, day("2026-01-19")),
            (imported.id, day("2025-12-29")),
        ]
    );
    assert!(
        store
            .summarised_weeks(&[], day("2000-01-01"))
            .await
            .unwrap()
            .is_empty()
    );

    // Supervision.
    let team_supervision_record =
        event(AuditAction::TeamSupervisionRecord, ObjectKind::Supervision);
    let record = |held: &str, kind: &str, recommendations: Vec<(CaseId, &str)>| {
        let session = SupervisionRecord {
            id: 0,
            team_id: team.id,
            held_on: day(held),
            kind: kind.into(),
            attendees: vec!["Mette".into(), "Supervisor".into()],
            attendance: Vec::new(),
            recommendations: recommendations
                .into_iter()
                .map(|(case, text)| (case, text.to_owned()))
                .collect(),
        };
        let (store, audit) = (&store, &team_supervision_record);
        async move { store.create_supervision(&session, audit).await }
    };
    let first = vec![(case.id, "Engage the father"), (imported.id, "Plan")];
    let s1 = record("2026-01-07", "supervision", first).await.unwrap();
    assert!(s1.id > 0);
    let audited = store.audit_events(0, 10_000).await.unwrap();
    assert_eq!(audited.last().unwrap().event.object_id, Some(s1.id));
    let second = vec![(case.id, "Safety plan"), (case.id, "Call school")];
    let s2 = record("2026-01-14", "consultation", second).await.unwrap();
    let s3 = record("2026-01-14", "supervision", vec![]).await.unwrap();
    for outside in [foreign.id, CaseId::new(999_999)] {
        let refused = record("2026-01-21", "supervision", vec![(outside, "No")]).await;
        assert_eq!(conflict(refused), msg!("case-not-in-team", case = outside));
    }
    // Reading them appends the reading's audit event in the same call.
    let supervision_read = event(AuditAction::TeamSupervisionRead, ObjectKind::Team);
    let before = store.audit_events(0, 10_000).await.unwrap().len();
    let listed = store
        .team_supervisions(team.id, 10, &supervision_read)
        .await
        .unwrap();
    let audited = store.audit_events(0, 10_000).await.unwrap();
    assert_eq!(audited.len(), before + 1, "one event per reading");
    let last = &audited.last().unwrap().event;
    assert_eq!(last.action, AuditAction::TeamSupervisionRead.as_str());
    assert_eq!(last.object_kind, ObjectKind::Team.as_str());
    assert_eq!(
        listed.iter().map(|s| s.id).collect::<Vec<_>>(),
        [s3.id, s2.id, s1.id],
        "newest first, the failed one rolled back"
    );
    assert_eq!(listed[1], s2);
    assert_eq!(listed[2], s1);
    let latest = store.team_supervisions(team.id, 1, &supervision_read);
    assert_eq!(latest.await.unwrap(), [s3]);
    assert!(
        store
            .team_supervisions(other_team.id, 10, &supervision_read)
            .await
            .unwrap()
            .is_empty()
    );
    let recs = store.recommendations(case.id).await.unwrap();
    assert_eq!(
        recs.iter()
            .map(|r| (r.session_id, r.recommendation.as_str()))
            .collect::<Vec<_>>(),
        [
            (s2.id, "Call school"),
            (s2.id, "Safety plan"),
            (s1.id, "Engage the father")
        ]
    );
    assert_eq!(
        (recs[0].held_on, recs[0].kind.as_str()),
        (day("2026-01-14"), "consultation")
    );

    // Discharge.
    let (discharge, discharged_change) = completed_discharge(case.id);
    let case_discharge = event(AuditAction::CaseDischarge, ObjectKind::Case);
    assert_eq!(
        mismatch(
            store
                .discharge_case(&discharge, 1, &discharged_change, &case_discharge)
                .await
        ),
        4
    );
    assert!(store.discharge(case.id).await.unwrap().is_none());
    let discharged = store
        .discharge_case(&discharge, 4, &discharged_change, &case_discharge)
        .await
        .unwrap();
    assert_eq!(discharged.version, 5);
    assert_eq!(discharged.status, CaseStatus::Discharged);
    assert_eq!(discharged.discharged_on, Some(day("2026-05-01")));
    assert_eq!(discharged.treatment_start, Some(day("2026-01-05")));
    assert_eq!(
        store.discharge(case.id).await.unwrap(),
        Some(discharge.clone())
    );
    assert_eq!(
        conflict(
            store
                .discharge_case(&discharge, 5, &discharged_change, &case_discharge)
                .await
        ),
        msg!("already-discharged")
    );
    assert_eq!(
        store
            .case_for_access_check(case.id)
            .await
            .unwrap()
            .unwrap()
            .version,
        5,
        "the failed discharge rolled back"
    );

    // Follow-ups.
    let follow_up = |months: u8, on: &str| FollowUpRecord {
        case_id: case.id,
        months,
        done_on: day(on),
        living_at_home: true,
        in_school_or_working: months != 12,
        no_new_arrests: true,
        notes: format!("{months} months"),
        can: None,
    };
    let case_follow_up = event(AuditAction::CaseFollowUp, ObjectKind::Case);
    // Records the follow-up at `months` on `on`, at `version`, leaving the
    // case in `status`.
    let record = |months: u8, on: &'static str, version: i64, status: &'static str| {
        let (store, audit) = (&store, &case_follow_up);
        let record = follow_up(months, on);
        async move {
            store
                .record_follow_up(&record, version, &change(status), audit)
                .await
        }
    };
    let after = record(12, "2027-05-01", 5, "discharged").await.unwrap();
    assert_eq!(after.version, 6);
    let after = record(6, "2026-11-01", 6, "discharged").await.unwrap();
    assert_eq!(after.version, 7);
    assert_eq!(
        conflict(record(6, "2026-11-02", 7, "discharged").await),
        msg!("follow-up-recorded", months = 6u8)
    );
    assert_eq!(mismatch(record(18, "2027-11-01", 6, "closed").await), 7);
    assert_eq!(
        store.follow_ups(case.id).await.unwrap(),
        [follow_up(6, "2026-11-01"), follow_up(12, "2027-05-01")]
    );
    let closed = record(18, "2027-11-01", 7, "closed").await.unwrap();
    assert_eq!((closed.version, closed.status.as_str()), (8, "closed"));
    assert_eq!(closed.discharged_on, Some(day("2026-05-01")));
    let history = store.status_history(case.id).await.unwrap();
    assert_eq!(history.len(), 7);
    assert_eq!(
        (
            history[6].from_status.as_str(),
            history[6].to_status.as_str()
        ),
        ("discharged", "closed")
    );
    assert!(history.windows(2).all(|w| w[0].at <= w[1].at));

    // The family file's one read of the course gives what each read gives
    // on its own, for the whole course and for a case with nothing yet.
    let records = store.case_records(case.id).await.unwrap();
    assert_eq!(records.referral, store.referral(case.id).await.unwrap());
    assert!(records.referral.is_some());
    assert_eq!(
        records.weekly_summaries,
        store.weekly_summaries(case.id).await.unwrap()
    );
    assert!(!records.weekly_summaries.is_empty());
    assert_eq!(records.assessment, store.assessment(case.id).await.unwrap());
    assert_eq!(records.discharge, store.discharge(case.id).await.unwrap());
    assert!(records.discharge.is_some());
    assert_eq!(records.follow_ups, store.follow_ups(case.id).await.unwrap());
    assert_eq!(records.follow_ups.len(), 3);
    assert_eq!(
        records.recommendations,
        store.recommendations(case.id).await.unwrap()
    );
    assert_eq!(records.status_history, history);
    assert_eq!(
        records.child_follow_ups,
        store.can_child_follow_ups(case.id).await.unwrap()
    );
    assert_eq!(
        records.treatment_plans,
        store.treatment_plans(case.id).await.unwrap()
    );
    let nothing = store.case_records(foreign.id).await.unwrap();
    assert!(nothing.referral.is_none() && nothing.weekly_summaries.is_empty());
    assert!(nothing.discharge.is_none() && nothing.follow_ups.is_empty());
    assert!(nothing.treatment_plans.is_empty());
    assert_eq!(
        nothing.status_history,
        store.status_history(foreign.id).await.unwrap()
    );

    // Every successful write audited exactly once, the chain intact.
    let events = check_chain(&*store).await;
    let count = |action: &str| events.iter().filter(|e| e.event.action == action).count();
    assert_eq!(count("case.referral.record"), 1);
    assert_eq!(count("case.assign"), 3);
    assert_eq!(count("case.assessment.save"), 2);
    assert_eq!(count("case.weekly_summary.save"), 5);
    assert_eq!(count("team.supervision.record"), 3);
    assert_eq!(count("case.discharge"), 1);
    assert_eq!(count("case.follow_up"), 3);
}

rundt_testkit::scenarios!(store: treatment_records_round_trip_under_optimistic_versions);
