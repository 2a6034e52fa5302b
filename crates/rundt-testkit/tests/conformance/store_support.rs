//! Helpers of the scenarios that drive the `Store` trait directly: audit
//! events at a fixed instant, the reference data, and the shapes of refusals.

use std::future::Future;

use chrono::{DateTime, Duration, NaiveDate, SubsecRound, Utc};
use rundt_domain::Message;
use rundt_domain::audit::{AuditAction, AuditEvent, GENESIS_HASH, ObjectKind, chain_hash};
use rundt_domain::country::Country;
use rundt_domain::discharge::{Discharge, DischargeReason, UltimateOutcomes};
use rundt_domain::id::{CaseId, TeamId, UserId};
use rundt_domain::municipality::reference_municipalities;
use rundt_domain::national_office::NationalOffice;
use rundt_domain::programme::ProgrammeModel;
use rundt_domain::referral::{ReferralDetails, Screening};
use rundt_domain::team::{NewTeam, Ownership, Position, Team};
use rundt_domain::treatment::{Assessment, Contact, ContactMode, OverarchingGoal, WeeklySummary};
use rundt_domain::user::{NewUser, User};
use rundt_store::{
    CaseChange, DischargeRecord, NewPerson, ReferenceData, SessionRecord, Store, StoreError,
    StoreResult, StoredAuditEvent, TeamMember, WeeklySummaryWrite,
};

/// The instant of the store scenarios, with nanoseconds on purpose: the
/// stores keep microseconds.
pub fn instant() -> DateTime<Utc> {
    rundt_testkit::test_now() + Duration::nanoseconds(123_456_789)
}

/// [`instant`] at the stores' precision.
pub fn micros_now() -> DateTime<Utc> {
    instant().trunc_subsecs(6)
}

/// An event of the command line at [`instant`].
pub fn event(action: AuditAction, kind: ObjectKind) -> AuditEvent {
    AuditEvent::system(instant(), "cli", action, kind)
}

/// An event of the therapist `user_id`.
pub fn by(user_id: UserId, action: AuditAction, kind: ObjectKind) -> AuditEvent {
    let mut e = event(action, kind);
    e.actor_user_id = Some(user_id);
    e.actor_role = "therapist".into();
    e
}

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Every migration version the backends ship.
pub fn all_migrations() -> Vec<i64> {
    rundt_store_sqlite::MIGRATIONS
        .iter()
        .map(|m| m.version)
        .collect()
}

/// The shipped programme models, national offices and the Danish and
/// Norwegian municipalities.
pub fn reference_data() -> ReferenceData {
    let mut municipalities = reference_municipalities(Country::DK).unwrap();
    municipalities.extend(reference_municipalities(Country::NO).unwrap());
    ReferenceData {
        programme_models: ProgrammeModel::defaults(),
        national_offices: NationalOffice::defaults(),
        municipalities,
    }
}

/// Migrates and loads [`reference_data`].
pub async fn prepared(store: &dyn Store) {
    store.migrate().await.unwrap();
    store
        .sync_reference_data(
            &reference_data(),
            &event(AuditAction::ReferenceDataSync, ObjectKind::ReferenceData),
        )
        .await
        .unwrap();
}

/// A Danish MST team owned wholly by the municipality `code`.
pub async fn dk_team(store: &dyn Store, name: &str, owner: &str) -> Team {
    let team = NewTeam {
        name: name.into(),
        country: Country::DK,
        programme_model: "MST".into(),
        owners: vec![Ownership {
            municipality_code: rundt_testkit::code(owner),
            share_bp: 10_000,
        }],
        started_on: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
    };
    store
        .create_team(&team, &event(AuditAction::TeamCreate, ObjectKind::Team))
        .await
        .unwrap()
}

/// A Danish therapist whose password hash is `hash`.
pub async fn therapist(store: &dyn Store, username: &str, name: &str, hash: &str) -> User {
    let user = NewUser::parse(username, name, None, "therapist", "DK", None).unwrap();
    store
        .create_user(
            &user,
            hash,
            &event(AuditAction::UserCreate, ObjectKind::User),
        )
        .await
        .unwrap()
}

/// Adds `user_id` to `team_id` in `position` from the day `since`.
pub async fn join(
    store: &dyn Store,
    team_id: TeamId,
    user_id: UserId,
    position: Position,
    since: &str,
) -> StoreResult<TeamMember> {
    let added = event(AuditAction::TeamMemberAdd, ObjectKind::TeamMembership);
    store
        .add_team_member(team_id, user_id, position, day(since), &added)
        .await
}

/// Walks the whole audit chain, recomputing every hash.
pub async fn check_chain(store: &dyn Store) -> Vec<StoredAuditEvent> {
    let events = store.audit_events(0, 10_000).await.unwrap();
    let mut prev = GENESIS_HASH.to_owned();
    for (i, stored) in events.iter().enumerate() {
        assert_eq!(stored.seq, i as i64 + 1, "no gaps");
        assert_eq!(stored.prev_hash, prev);
        assert_eq!(
            stored.hash,
            chain_hash(&prev, stored.seq, &stored.event),
            "seq {}",
            stored.seq
        );
        prev = stored.hash.clone();
    }
    events
}

pub fn person(given: &str, index: Option<&str>) -> NewPerson {
    NewPerson {
        country: Country::DK,
        given_name: given.into(),
        family_name: "Jensen".into(),
        birth_date: Some(day("2012-03-04")),
        national_id_sealed: index.map(|i| format!("sealed-{i}")),
        national_id_index: index.map(str::to_owned),
        national_id_previous_index: None,
    }
}

pub fn change(status: &str) -> CaseChange {
    CaseChange::to(status.parse().expect("a case status"))
}

/// A completed discharge on 1 May 2026 after 116 days of treatment (living
/// at home and in school, but arrested again), and the change of the case
/// that goes with it.
/// An assessment with one overarching goal, `goal` (the store keeps
/// documents as they are given; the use cases check them).
pub fn assessment(goal: &str) -> Assessment {
    Assessment {
        systems: Vec::new(),
        key_participants: Vec::new(),
        overarching_goals: vec![OverarchingGoal {
            goal: goal.into(),
            measure: "school register".into(),
        }],
    }
}

/// A referral on `legal_basis` and its screening.
pub fn referral_documents(legal_basis: &str) -> (ReferralDetails, Screening) {
    let details = ReferralDetails {
        behaviours: Vec::new(),
        legal_basis: legal_basis.into(),
        consent: None,
        exclusions: Default::default(),
        known_to_child_protection_within_180_days: false,
        notes: String::new(),
        contact: Default::default(),
        school: String::new(),
        placement_considered: None,
        child_welfare_case: String::new(),
    };
    let screening = Screening {
        eligible: true,
        findings: Vec::new(),
    };
    (details, screening)
}

/// The summary of the week of `week`, with `advances` written and
/// `contacts` hour-long visits at home on the Monday.
pub fn weekly_summary(week: &str, advances: &str, contacts: usize) -> WeeklySummary {
    let visit = Contact {
        date: day(week),
        minutes: 60,
        with: vec!["mother".into()],
        place: "home".into(),
        mode: ContactMode::FaceToFace,
    };
    WeeklySummary {
        week_start: day(week),
        contacts: vec![visit; contacts],
        last_week_goals: Vec::new(),
        advances: advances.into(),
        barriers: String::new(),
        fit_drivers: Vec::new(),
        next_week_goals: Vec::new(),
        overarching_progress: Vec::new(),
        safety: String::new(),
        safety_review: None,
        questions: String::new(),
    }
}

pub fn completed_discharge(case_id: CaseId) -> (DischargeRecord, CaseChange) {
    let on = day("2026-05-01");
    let record = DischargeRecord {
        case_id,
        discharged_on: on,
        reason: DischargeReason::Completed,
        content: Discharge {
            date: on,
            reason: DischargeReason::Completed,
            reason_note: String::new(),
            clinical_evaluation: "Goals met".into(),
            goals: Vec::new(),
            outcomes: UltimateOutcomes {
                living_at_home: true,
                in_school_or_working: true,
                no_new_arrests: false,
            },
            children: Vec::new(),
        },
        treatment_days: 116,
        living_at_home: true,
        in_school_or_working: true,
        no_new_arrests: false,
        can: None,
    };
    let change = CaseChange {
        discharged_on: Some(on),
        ..change("discharged")
    };
    (record, change)
}

pub fn summary(case_id: CaseId, week: &str, count: usize) -> WeeklySummaryWrite {
    WeeklySummaryWrite {
        case_id,
        week_start: day(week),
        therapist_id: None,
        content: weekly_summary(week, week, count),
    }
}

/// Waits for writes that raced each other, each on its task: checks every
/// success with `won` and every refusal with `lost`; returns how many won.
pub async fn winners<T>(
    tasks: Vec<tokio::task::JoinHandle<StoreResult<T>>>,
    won: impl Fn(T),
    lost: impl Fn(StoreError),
) -> usize {
    let mut wins = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(written) => {
                won(written);
                wins += 1;
            }
            Err(refusal) => lost(refusal),
        }
    }
    wins
}

pub fn conflict<T: std::fmt::Debug>(result: Result<T, StoreError>) -> Message {
    match result {
        Err(StoreError::Conflict(m)) => m,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

pub fn not_found<T: std::fmt::Debug>(result: Result<T, StoreError>) -> String {
    match result {
        Err(StoreError::NotFound(m)) => m,
        other => panic!("expected not found, got {other:?}"),
    }
}

pub fn mismatch<T: std::fmt::Debug>(result: Result<T, StoreError>) -> i64 {
    match result {
        Err(StoreError::VersionMismatch { current }) => current,
        other => panic!("expected a version mismatch, got {other:?}"),
    }
}

/// How many events the audit log holds.
pub async fn audited(store: &dyn Store) -> usize {
    store.audit_events(0, 100_000).await.unwrap().len()
}

/// Runs a write that must succeed and checks it appended exactly one
/// audit event, named `action`.
pub async fn one_event<T>(
    store: &dyn Store,
    action: AuditAction,
    write: impl Future<Output = StoreResult<T>>,
) -> T {
    let before = audited(store).await;
    let written = write.await.unwrap();
    let after = store.audit_events(before as i64, 100).await.unwrap();
    let actions: Vec<&str> = after.iter().map(|e| e.event.action.as_str()).collect();
    assert_eq!(actions, vec![action.as_str()], "one event for the write");
    written
}

/// Runs a write that must be refused and checks it appended no event.
pub async fn no_event<T: std::fmt::Debug>(
    store: &dyn Store,
    write: impl Future<Output = StoreResult<T>>,
) -> StoreResult<T> {
    let before = audited(store).await;
    let refused = write.await;
    assert!(refused.is_err(), "expected a refusal, got {refused:?}");
    assert_eq!(
        audited(store).await,
        before,
        "a refused write is not audited"
    );
    refused
}

/// A session of `user_id` begun now, stored.
pub async fn session_of(
    store: &dyn Store,
    hash: &str,
    user_id: UserId,
    mfa_verified: bool,
) -> SessionRecord {
    let now = micros_now();
    let session = SessionRecord {
        token_hash: hash.into(),
        user_id,
        created_at: now,
        last_seen_at: now,
        expires_at: now + Duration::hours(8),
        mfa_verified,
        csrf_token: "csrf".into(),
        revoked_at: None,
    };
    let created = event(AuditAction::SessionCreate, ObjectKind::Session);
    store.create_session(&session, &created).await.unwrap();
    session
}
