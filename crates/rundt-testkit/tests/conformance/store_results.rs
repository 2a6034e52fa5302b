//! The results tables through the `Store` trait: the summaries kept current
//! by discharges, follow-ups, surveys and interviews, agreeing with the
//! migration's backfill, and the per-family table audited once per family.

use rundt_domain::adherence::AdherenceCounts;
use rundt_domain::audit::{AuditAction, ObjectKind};
use rundt_domain::country::Country;
use rundt_domain::discharge::DischargeReason;
use rundt_domain::experience::ExperienceCounts;
use rundt_domain::id::CaseId;
use rundt_domain::indicators::{FollowUpCounts, OutcomeCounts};
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::national_office::NationalOffice;
use rundt_domain::period::Month;
use rundt_domain::programme::ProgrammeModel;
use rundt_store::{
    Backend, CaseChange, FamilyExperienceRecord, FamilyResultsFilter, FollowUpRecord,
    NewAdherenceInterview, NewCase, NewPerson, OutcomeTriple, ParticipantRole, ReferenceData,
    RowPage, StoreError, SummaryFilter,
};
use rundt_testkit::TestDb;
use rundt_testkit::code;

use super::store_support::{
    check_chain, completed_discharge, day, dk_team, event, micros_now, therapist,
};

/// The message code of a conflict.
fn conflict<T: std::fmt::Debug>(result: Result<T, StoreError>) -> &'static str {
    match result {
        Err(StoreError::Conflict(m)) => m.code,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

fn summary_filter() -> SummaryFilter {
    SummaryFilter {
        country: Country::DK,
        team_ids: None,
        municipality: None,
        from_month: Month::parse("2026-01").unwrap(),
        to_month: Month::parse("2026-12").unwrap(),
    }
}

fn young_person(given: &str) -> NewPerson {
    NewPerson {
        country: Country::DK,
        given_name: given.into(),
        family_name: "Jensen".into(),
        birth_date: Some(day("2012-03-04")),
        national_id_sealed: None,
        national_id_index: None,
        national_id_previous_index: None,
    }
}

async fn summary_tables_follow_each_write_and_family_results_are_audited(db: TestDb) {
    let case_adherence_interview = event(
        AuditAction::CaseAdherenceInterview,
        ObjectKind::AdherenceInterview,
    );
    let case_create = event(AuditAction::CaseCreate, ObjectKind::Case);
    let case_family_experience = event(AuditAction::CaseFamilyExperience, ObjectKind::Case);
    let case_follow_up = event(AuditAction::CaseFollowUp, ObjectKind::Case);
    let results_families = event(AuditAction::ResultsFamilies, ObjectKind::Case);
    let store = db.store.clone();
    store.migrate().await.unwrap();
    let data = ReferenceData {
        programme_models: ProgrammeModel::defaults(),
        national_offices: NationalOffice::defaults(),
        municipalities: Vec::new(),
    };
    store
        .sync_reference_data(
            &data,
            &event(AuditAction::ReferenceDataSync, ObjectKind::ReferenceData),
        )
        .await
        .unwrap();
    let team = dk_team(&*store, "MST Aarhus", "0751").await;
    let other_team = dk_team(&*store, "MST København", "0101").await;
    let mette = therapist(&*store, "mette", "Mette Hansen", "hash").await;
    let new_case = |kid: &str| NewCase {
        country: Country::DK,
        team_id: team.id,
        therapist_id: Some(mette.id),
        referring_municipality: code("0751"),
        paying_municipalities: vec![code("0751")],
        status: CaseStatus::InTreatment,
        referred_on: Some(day("2025-12-20")),
        treatment_start: Some(day("2026-01-05")),
        participants: vec![(young_person(kid), ParticipantRole::YoungPerson)],
        price: None,
    };
    let case = store
        .create_case(&new_case("Barn"), &case_create)
        .await
        .unwrap();
    let second = store
        .create_case(&new_case("Andet"), &case_create)
        .await
        .unwrap();
    let person_of = |c: &rundt_store::CaseRecord| Some(c.participants[0].person.id);

    // Interviews: two for the first family (one unscored), one for the
    // second in the same month as the first one's first.
    let interview = |case_id: CaseId, on: &str, score: Option<f64>| NewAdherenceInterview {
        case_id,
        interviewed_on: day(on),
        interviewer_id: mette.id,
        therapist_id: mette.id,
        respondent_id: None,
        mode: None,
        answers: vec![Some(5), Some(4), None],
        score,
        created_at: micros_now(),
    };
    let i1 = store
        .record_adherence_interview(
            &interview(case.id, "2026-02-10", Some(0.8)),
            &case_adherence_interview,
        )
        .await
        .unwrap();
    let i2 = store
        .record_adherence_interview(
            &interview(case.id, "2026-03-10", None),
            &case_adherence_interview,
        )
        .await
        .unwrap();
    store
        .record_adherence_interview(
            &interview(second.id, "2026-02-20", Some(0.5)),
            &case_adherence_interview,
        )
        .await
        .unwrap();
    assert_eq!(
        store.adherence_interviews(case.id).await.unwrap(),
        [i2.clone(), i1.clone()],
        "newest first"
    );
    let states = store.interview_states(&[team.id]).await.unwrap();
    assert_eq!(
        states
            .iter()
            .map(|s| (s.case_id, s.last_interview))
            .collect::<Vec<_>>(),
        [
            (case.id, Some(day("2026-03-10"))),
            (second.id, Some(day("2026-02-20")))
        ]
    );
    assert!(
        store
            .interview_states(&[other_team.id])
            .await
            .unwrap()
            .is_empty()
    );

    // A survey or follow-up before discharge is refused and rolled back.
    let survey = FamilyExperienceRecord {
        case_id: case.id,
        answered_on: day("2026-05-01"),
        answers: "[5,4,4,5,4]".into(),
        score: 80,
        recommends: true,
        comment: "Good".into(),
        recorded_by: mette.id,
        created_at: micros_now(),
    };
    assert_eq!(
        conflict(
            store
                .record_family_experience(&survey, &case_family_experience)
                .await
        ),
        "survey-before-discharge"
    );
    assert!(matches!(
        store
            .record_family_experience(
                &FamilyExperienceRecord {
                    case_id: CaseId::new(999_999),
                    ..survey.clone()
                },
                &case_family_experience
            )
            .await,
        Err(StoreError::NotFound(_))
    ));
    let follow_up = FollowUpRecord {
        case_id: case.id,
        months: 6,
        done_on: day("2026-11-01"),
        living_at_home: true,
        in_school_or_working: false,
        no_new_arrests: true,
        notes: String::new(),
        can: None,
    };
    let keep = CaseChange::to(CaseStatus::InTreatment);
    assert_eq!(
        conflict(
            store
                .record_follow_up(&follow_up, 1, &keep, &case_follow_up)
                .await
        ),
        "follow-up-before-discharge"
    );

    // Discharge, follow-up and survey.
    let (discharge, discharged) = completed_discharge(case.id);
    let after = store
        .discharge_case(
            &discharge,
            1,
            &discharged,
            &event(AuditAction::CaseDischarge, ObjectKind::Case),
        )
        .await
        .unwrap();
    assert_eq!(after.version, 2, "the refused follow-up rolled back");
    let closed = CaseChange::to(CaseStatus::Discharged);
    store
        .record_follow_up(&follow_up, 2, &closed, &case_follow_up)
        .await
        .unwrap();
    store
        .record_family_experience(&survey, &case_family_experience)
        .await
        .unwrap();
    assert_eq!(
        conflict(
            store
                .record_family_experience(&survey, &case_family_experience)
                .await
        ),
        "survey-recorded"
    );
    assert_eq!(
        store.family_experience(case.id).await.unwrap(),
        Some(survey.clone())
    );
    assert_eq!(store.family_experience(second.id).await.unwrap(), None);

    // The outcome summary: one row, in the month of discharge.
    let rows = store.outcome_summary(&summary_filter()).await.unwrap();
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(
        (
            row.team_id,
            row.municipality_code.as_str(),
            row.month.to_string()
        ),
        (team.id, "0751", "2026-05".to_string())
    );
    assert_eq!(row.outcomes, {
        let mut one = OutcomeCounts {
            discharges: 1,
            treatment_days: 116,
            ..OutcomeCounts::default()
        };
        for c in [
            "completed",
            "living_at_home",
            "in_school_or_working",
            "completers_living_at_home",
            "completers_in_school_or_working",
        ] {
            one.set(c, 1);
        }
        one
    });
    assert_eq!(
        row.follow_ups,
        [
            FollowUpCounts::of(true, false, true),
            FollowUpCounts::default(),
            FollowUpCounts::default()
        ]
    );
    assert_eq!(
        row.experience,
        ExperienceCounts {
            surveys: 1,
            score_sum: 80,
            recommend: 1
        }
    );
    for filter in [
        SummaryFilter {
            team_ids: Some(vec![team.id]),
            municipality: Some(code("0751")),
            from_month: Month::parse("2026-05").unwrap(),
            to_month: Month::parse("2026-05").unwrap(),
            ..summary_filter()
        },
        SummaryFilter {
            team_ids: Some(vec![other_team.id, team.id]),
            ..summary_filter()
        },
    ] {
        assert_eq!(store.outcome_summary(&filter).await.unwrap(), rows);
    }
    for filter in [
        SummaryFilter {
            country: Country::NO,
            ..summary_filter()
        },
        SummaryFilter {
            team_ids: Some(vec![other_team.id]),
            ..summary_filter()
        },
        SummaryFilter {
            team_ids: Some(vec![]),
            ..summary_filter()
        },
        SummaryFilter {
            municipality: Some(code("0101")),
            ..summary_filter()
        },
        SummaryFilter {
            from_month: Month::parse("2026-06").unwrap(),
            ..summary_filter()
        },
    ] {
        assert!(store.outcome_summary(&filter).await.unwrap().is_empty());
    }

    // The adherence summary: February's two interviews share a row.
    let adherence = store.adherence_summary(&summary_filter()).await.unwrap();
    let mut february = AdherenceCounts::of(Some(0.8));
    february.add(&AdherenceCounts::of(Some(0.5)));
    assert_eq!(
        adherence
            .iter()
            .map(|r| (
                r.team_id,
                r.therapist_id,
                r.municipality_code.as_str(),
                r.month.to_string(),
                r.counts
            ))
            .collect::<Vec<_>>(),
        [
            (team.id, mette.id, "0751", "2026-02".to_string(), february),
            (
                team.id,
                mette.id,
                "0751",
                "2026-03".to_string(),
                AdherenceCounts::of(None)
            ),
        ]
    );
    assert_eq!(february.interviews, 2);
    assert!(
        store
            .adherence_summary(&SummaryFilter {
                to_month: Month::parse("2026-01").unwrap(),
                ..summary_filter()
            })
            .await
            .unwrap()
            .is_empty()
    );

    // The migration's backfill agrees with the incremental counts (it
    // has no surveys to fill: their table is new).
    let migrations = match store.backend() {
        Backend::Sqlite => rundt_store_sqlite::MIGRATIONS,
        Backend::Postgres => rundt_store_postgres::MIGRATIONS,
    };
    let migration = migrations.iter().find(|m| m.version == 4).unwrap().sql;
    let backfill = &migration[migration.find("INSERT INTO outcome_summary").unwrap()..];
    db.try_raw_execute(&format!(
        "BEGIN; DELETE FROM outcome_summary; {backfill}; COMMIT;"
    ))
    .await
    .unwrap();
    let refilled = store.outcome_summary(&summary_filter()).await.unwrap();
    assert_eq!(refilled.len(), 1);
    assert_eq!(
        (refilled[0].outcomes, refilled[0].follow_ups),
        (row.outcomes, row.follow_ups)
    );
    assert_eq!(refilled[0].experience, ExperienceCounts::default());

    // The per-family table, audited once per family.
    let before = store.audit_events(0, 10_000).await.unwrap().len();
    // The Danish families of a span of days, before narrowing them down.
    let danish = |from: &str, to: &str| FamilyResultsFilter {
        country: Country::DK,
        therapist_id: None,
        team_ids: None,
        municipality: None,
        from: day(from),
        to: day(to),
        page: None,
    };
    let mettes_in_aarhus = FamilyResultsFilter {
        therapist_id: Some(mette.id),
        team_ids: Some(vec![team.id]),
        municipality: Some(code("0751")),
        ..danish("2026-01-01", "2026-12-31")
    };
    let all = store
        .family_results(&mettes_in_aarhus, &results_families)
        .await
        .unwrap();
    assert_eq!(all.total, 2);
    let families = all.rows;
    assert_eq!(
        families.iter().map(|f| f.case_id).collect::<Vec<_>>(),
        [second.id, case.id]
    );
    let f = &families[1];
    assert_eq!(
        (f.team_id, f.therapist_id, f.status.as_str()),
        (team.id, Some(mette.id), "discharged")
    );
    assert_eq!(
        (f.treatment_start, f.discharged_on),
        (Some(day("2026-01-05")), Some(day("2026-05-01")))
    );
    assert_eq!(
        (f.discharge_reason, f.treatment_days),
        (Some(DischargeReason::Completed), Some(116))
    );
    assert_eq!(
        f.at_discharge,
        Some(OutcomeTriple {
            living_at_home: true,
            in_school_or_working: true,
            no_new_arrests: false
        })
    );
    assert_eq!(
        f.follow_up_6,
        Some(OutcomeTriple {
            living_at_home: true,
            in_school_or_working: false,
            no_new_arrests: true
        })
    );
    assert_eq!((f.follow_up_12, f.follow_up_18), (None, None));
    assert_eq!(f.experience_score, Some(80));
    assert_eq!((f.interviews, f.last_adherence_score), (2, None));
    let s = &families[0];
    assert_eq!(
        (s.discharged_on, s.at_discharge, s.experience_score),
        (None, None, None)
    );
    assert_eq!((s.interviews, s.last_adherence_score), (1, Some(0.5)));

    let log = store.audit_events(0, 10_000).await.unwrap();
    let appended: Vec<_> = log[before..]
        .iter()
        .map(|e| {
            (
                e.event.action.as_str(),
                e.event.object_id,
                e.event.person_id,
            )
        })
        .collect();
    assert_eq!(
        appended,
        [
            (
                "results.families",
                Some(second.id.get()),
                person_of(&second)
            ),
            ("results.families", Some(case.id.get()), person_of(&case)),
        ]
    );

    // A page of the list: only its families are read and audited, the
    // others only counted.
    let second_page = store
        .family_results(
            &FamilyResultsFilter {
                page: Some(RowPage {
                    offset: 1,
                    limit: 1,
                }),
                ..mettes_in_aarhus.clone()
            },
            &results_families,
        )
        .await
        .unwrap();
    assert_eq!(
        (
            second_page
                .rows
                .iter()
                .map(|f| f.case_id)
                .collect::<Vec<_>>(),
            second_page.total
        ),
        (vec![case.id], 2)
    );
    let past_the_end = store
        .family_results(
            &FamilyResultsFilter {
                page: Some(RowPage {
                    offset: 50,
                    limit: 50,
                }),
                ..mettes_in_aarhus.clone()
            },
            &results_families,
        )
        .await
        .unwrap();
    assert_eq!((past_the_end.rows.len(), past_the_end.total), (0, 2));
    let log = store.audit_events(0, 10_000).await.unwrap();
    assert_eq!(
        log[before + 2..]
            .iter()
            .map(|e| (e.event.action.as_str(), e.event.object_id))
            .collect::<Vec<_>>(),
        [("results.families", Some(case.id.get()))],
        "the page's one family, nothing for the families counted or past the end"
    );

    let none = store
        .family_results(&danish("2027-01-01", "2027-12-31"), &results_families)
        .await
        .unwrap()
        .rows;
    assert_eq!(
        none.iter().map(|f| f.case_id).collect::<Vec<_>>(),
        [second.id],
        "still in treatment"
    );

    // Status counts, and the whole chain intact.
    assert_eq!(
        store
            .status_counts(Country::DK, Some(&[team.id]), None)
            .await
            .unwrap(),
        [("discharged".to_owned(), 1), ("in_treatment".to_owned(), 1)]
    );
    assert!(
        store
            .status_counts(Country::DK, Some(&[other_team.id]), None)
            .await
            .unwrap()
            .is_empty()
    );
    let events = check_chain(&*store).await;
    let interviews: Vec<_> = events
        .iter()
        .filter(|e| e.event.action == "case.adherence_interview")
        .map(|e| e.event.object_id)
        .collect();
    assert_eq!(interviews.len(), 3);
    assert_eq!(interviews[..2], [Some(i1.id), Some(i2.id)]);
    assert_eq!(
        events
            .iter()
            .filter(|e| e.event.action == "case.family_experience")
            .count(),
        1
    );
}

rundt_testkit::scenarios!(store: summary_tables_follow_each_write_and_family_results_are_audited);
