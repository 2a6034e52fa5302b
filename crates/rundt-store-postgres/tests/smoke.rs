//! Smoke test against a real PostgreSQL. Runs only when
//! `RUNDT_TEST_POSTGRES_URL` names an administrative URL, e.g.
//! `postgres://postgres@127.0.0.1:5432/postgres`; each run creates and drops
//! its own database.
#![allow(clippy::unwrap_used, clippy::expect_used)]
// These PostgreSQL-only tests compare the database's clock with the host's
// and stamp rows with the wall clock; they are being folded into the
// conformance suite, which uses the test clock.
#![allow(clippy::disallowed_methods)]

use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, SubsecRound, TimeDelta, Utc};
use rundt_domain::audit::{AuditAction, AuditEvent, GENESIS_HASH, ObjectKind, chain_hash};
use rundt_domain::country::Country;
use rundt_domain::municipality::reference_municipalities;
use rundt_domain::national_office::NationalOffice;
use rundt_domain::programme::ProgrammeModel;
use rundt_domain::team::{NewTeam, Ownership, Position};
use rundt_domain::user::NewUser;
use rundt_domain::{Arg, Message, msg};
use rundt_store::{
    Backend, CaseChange, CaseFilter, CaseStore, DischargeRecord, FollowUpRecord, IdentityStore,
    NewCase, NewPerson, ParticipantRole, RecentFailures, ReferenceData, ReferralRecord,
    SessionRecord, Store, StoreError, SupervisionRecord, TreatmentStore, WeeklySummaryWrite,
};
use rundt_store_postgres::{MIGRATIONS, PostgresStore, admin};

fn admin_url() -> Option<String> {
    std::env::var("RUNDT_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
}

fn unique_name(prefix: &str) -> String {
    let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default();
    format!("{prefix}_{}_{nanos}", std::process::id())
}

fn event(action: AuditAction, kind: ObjectKind) -> AuditEvent {
    // Nanosecond precision on purpose: the store keeps microseconds.
    AuditEvent::system(Utc::now(), "cli", action, kind)
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Runs `body` against a fresh, migrated database and drops it afterwards,
/// also when the body panics.
async fn with_database<F, Fut>(prefix: &str, body: F)
where
    F: FnOnce(PostgresStore) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let Some(admin_url) = admin_url() else {
        eprintln!("RUNDT_TEST_POSTGRES_URL is not set; skipping");
        return;
    };
    let name = unique_name(prefix);
    let url = admin::create_database(&admin_url, &name).await.unwrap();
    let store = PostgresStore::connect(&url).await.unwrap();
    let outcome = tokio::spawn(body(store)).await;
    admin::drop_database(&admin_url, &name).await.unwrap();
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

async fn reference_data() -> ReferenceData {
    let mut municipalities = reference_municipalities(Country::DK).unwrap();
    municipalities.extend(reference_municipalities(Country::NO).unwrap());
    ReferenceData {
        programme_models: ProgrammeModel::defaults(),
        national_offices: NationalOffice::defaults(),
        municipalities,
    }
}

async fn check_chain(store: &PostgresStore) -> Vec<rundt_store::StoredAuditEvent> {
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

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn organisation_round_trip() {
    with_database("rundt_pg_smoke", |store| async move {
        assert_eq!(store.backend(), Backend::Postgres);
        store.health().await.unwrap();
        let drift = (store.now().await.unwrap() - Utc::now())
            .num_seconds()
            .abs();
        assert!(drift < 60, "database clock off by {drift} s");

        // Migrations.
        assert!(store.applied_migrations().await.unwrap().is_empty());
        assert_eq!(store.migrate().await.unwrap(), vec![1, 2, 3, 4]);
        assert!(store.migrate().await.unwrap().is_empty());
        assert_eq!(store.applied_migrations().await.unwrap(), vec![1, 2, 3, 4]);
        assert_eq!(MIGRATIONS.len(), 4);

        // Reference data: fast, idempotent, updates what changed.
        let mut data = reference_data().await;
        let started = Instant::now();
        let report = store
            .sync_reference_data(
                &data,
                &event(AuditAction::ReferenceDataSync, ObjectKind::ReferenceData),
            )
            .await
            .unwrap();
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "sync took {:?}",
            started.elapsed()
        );
        assert_eq!(report.programme_models_added, 2);
        assert_eq!(report.national_offices_added, 2);
        assert_eq!(
            report.municipalities_added as usize,
            data.municipalities.len()
        );
        assert_eq!(report.municipalities_updated, 0);
        let again = store
            .sync_reference_data(
                &data,
                &event(AuditAction::ReferenceDataSync, ObjectKind::ReferenceData),
            )
            .await
            .unwrap();
        assert_eq!(
            (
                again.programme_models_added,
                again.national_offices_added,
                again.municipalities_added,
                again.municipalities_updated
            ),
            (0, 0, 0, 0)
        );
        data.municipalities[0].name.push_str(" (renamed)");
        let renamed = store
            .sync_reference_data(
                &data,
                &event(AuditAction::ReferenceDataSync, ObjectKind::ReferenceData),
            )
            .await
            .unwrap();
        assert_eq!(
            (renamed.municipalities_added, renamed.municipalities_updated),
            (0, 1)
        );

        assert_eq!(
            store.list_programme_models().await.unwrap(),
            vec![ProgrammeModel::mst(), ProgrammeModel::mst_can()]
        );
        assert_eq!(
            store.get_programme_model("MST-CAN").await.unwrap(),
            Some(ProgrammeModel::mst_can())
        );
        assert_eq!(store.get_programme_model("NOPE").await.unwrap(), None);
        assert_eq!(
            store.list_national_offices().await.unwrap(),
            NationalOffice::defaults()
        );
        let dk_now = store
            .list_municipalities(Some(Country::DK), Some(day("2026-01-01")))
            .await
            .unwrap();
        assert_eq!(dk_now.len(), 98);
        assert!(dk_now.windows(2).all(|w| w[0].code < w[1].code));
        let all = store.list_municipalities(None, None).await.unwrap();
        assert_eq!(all.len(), data.municipalities.len());
        let oslo = store
            .find_municipality(Country::NO, "0301", day("2024-06-01"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(oslo.name, "Oslo");
        assert!(
            store
                .find_municipality(Country::DK, "9999", day("2024-06-01"))
                .await
                .unwrap()
                .is_none()
        );

        // Teams.
        let owners = vec![
            Ownership {
                municipality_code: "0147".into(),
                share_bp: 4_000,
            },
            Ownership {
                municipality_code: "0101".into(),
                share_bp: 6_000,
            },
        ];
        let new_team = NewTeam {
            name: "MST København".into(),
            country: Country::DK,
            programme_model: "MST".into(),
            owners: owners.clone(),
        };
        let team = store
            .create_team(&new_team, &event(AuditAction::TeamCreate, ObjectKind::Team))
            .await
            .unwrap();
        assert_eq!(team.version, 1);
        assert_eq!(
            team.owners[0].municipality_code, "0101",
            "owners ordered by code"
        );
        assert_eq!(store.get_team(team.id).await.unwrap(), Some(team.clone()));
        match store
            .create_team(&new_team, &event(AuditAction::TeamCreate, ObjectKind::Team))
            .await
        {
            Err(StoreError::Conflict(m)) => {
                assert_eq!(
                    m,
                    msg!(
                        "team-name-taken",
                        name = "MST København",
                        country = Arg::word("DK")
                    )
                )
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
        let twice = NewTeam {
            name: "Twice".into(),
            owners: vec![owners[0].clone(), owners[0].clone()],
            ..new_team.clone()
        };
        match store
            .create_team(&twice, &event(AuditAction::TeamCreate, ObjectKind::Team))
            .await
        {
            Err(StoreError::Conflict(m)) => {
                assert_eq!(m, msg!("owner-listed-twice", code = "0147"))
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
        let bad_model = NewTeam {
            name: "Other".into(),
            programme_model: "XYZ".into(),
            ..new_team.clone()
        };
        match store
            .create_team(
                &bad_model,
                &event(AuditAction::TeamCreate, ObjectKind::Team),
            )
            .await
        {
            Err(StoreError::Conflict(m)) => {
                assert_eq!(m, msg!("programme-model-unknown", given = "XYZ"))
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
        let second = store
            .create_team(
                &NewTeam {
                    name: "MST Oslo".into(),
                    country: Country::NO,
                    programme_model: "MST-CAN".into(),
                    owners: vec![Ownership {
                        municipality_code: "0301".into(),
                        share_bp: 10_000,
                    }],
                },
                &event(AuditAction::TeamCreate, ObjectKind::Team),
            )
            .await
            .unwrap();
        let listed = store.list_teams().await.unwrap();
        assert_eq!(listed, vec![team.clone(), second.clone()]);

        let new_owners = vec![Ownership {
            municipality_code: "0101".into(),
            share_bp: 10_000,
        }];
        match store
            .replace_team_owners(
                team.id,
                7,
                &new_owners,
                &event(AuditAction::TeamOwnersReplace, ObjectKind::Team),
            )
            .await
        {
            Err(StoreError::VersionMismatch { current }) => assert_eq!(current, 1),
            other => panic!("expected a version mismatch, got {other:?}"),
        }
        match store
            .replace_team_owners(
                999_999,
                1,
                &new_owners,
                &event(AuditAction::TeamOwnersReplace, ObjectKind::Team),
            )
            .await
        {
            Err(StoreError::NotFound(m)) => assert_eq!(m, "team 999999"),
            other => panic!("expected not found, got {other:?}"),
        }
        let updated = store
            .replace_team_owners(
                team.id,
                1,
                &new_owners,
                &event(AuditAction::TeamOwnersReplace, ObjectKind::Team),
            )
            .await
            .unwrap();
        assert_eq!(
            (updated.version, updated.owners.clone()),
            (2, new_owners.clone())
        );
        assert_eq!(store.get_team(team.id).await.unwrap(), Some(updated));

        // Users and memberships.
        let new_user = NewUser::parse(
            "mette",
            "Mette Hansen",
            Some("mette@example.dk"),
            "therapist",
            "DK",
            None,
        )
        .unwrap();
        let user = store
            .create_user(
                &new_user,
                "$argon2id$fake",
                &event(AuditAction::UserCreate, ObjectKind::User),
            )
            .await
            .unwrap();
        assert!(user.active);
        assert_eq!(user.version, 1);
        assert_eq!(store.get_user(user.id).await.unwrap(), Some(user.clone()));
        assert_eq!(
            store.find_user_by_username("mette").await.unwrap(),
            Some(user.clone())
        );
        match store
            .create_user(
                &new_user,
                "x",
                &event(AuditAction::UserCreate, ObjectKind::User),
            )
            .await
        {
            Err(StoreError::Conflict(m)) => {
                assert_eq!(m, msg!("username-taken", username = "mette"))
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
        let anna = NewUser::parse(
            "anna",
            "Anna",
            None,
            "municipal_caseworker",
            "DK",
            Some("751"),
        )
        .unwrap();
        let anna = store
            .create_user(
                &anna,
                "x",
                &event(AuditAction::UserCreate, ObjectKind::User),
            )
            .await
            .unwrap();
        let users = store.list_users().await.unwrap();
        assert_eq!(
            users
                .iter()
                .map(|u| u.username.as_str())
                .collect::<Vec<_>>(),
            ["anna", "mette"]
        );
        assert_eq!(users[0], anna);

        let member = store
            .add_team_member(
                team.id,
                user.id,
                Position::Therapist,
                day("2026-01-01"),
                &event(AuditAction::TeamMemberAdd, ObjectKind::TeamMembership),
            )
            .await
            .unwrap();
        assert_eq!(member.display_name, "Mette Hansen");
        match store
            .add_team_member(
                team.id,
                user.id,
                Position::Therapist,
                day("2026-02-01"),
                &event(AuditAction::TeamMemberAdd, ObjectKind::TeamMembership),
            )
            .await
        {
            Err(StoreError::Conflict(m)) => {
                assert_eq!(
                    m,
                    msg!(
                        "already-in-position",
                        name = "Mette Hansen",
                        position = Arg::word("therapist")
                    )
                )
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
        match store
            .add_team_member(
                999_999,
                user.id,
                Position::Therapist,
                day("2026-02-01"),
                &event(AuditAction::CaseRead, ObjectKind::Case),
            )
            .await
        {
            Err(StoreError::NotFound(m)) => assert_eq!(m, "team 999999"),
            other => panic!("expected not found, got {other:?}"),
        }
        match store
            .add_team_member(
                team.id,
                999_999,
                Position::Therapist,
                day("2026-02-01"),
                &event(AuditAction::CaseRead, ObjectKind::Case),
            )
            .await
        {
            Err(StoreError::NotFound(m)) => assert_eq!(m, "user 999999"),
            other => panic!("expected not found, got {other:?}"),
        }
        let sup = store
            .add_team_member(
                team.id,
                anna.id,
                Position::Supervisor,
                day("2026-01-01"),
                &event(AuditAction::TeamMemberAdd, ObjectKind::TeamMembership),
            )
            .await
            .unwrap();
        let on = store
            .list_team_members(team.id, day("2026-03-01"))
            .await
            .unwrap();
        assert_eq!(on, vec![sup.clone(), member.clone()], "ordered by position");
        assert!(
            store
                .list_team_members(team.id, day("2025-12-31"))
                .await
                .unwrap()
                .is_empty()
        );
        match store
            .end_team_membership(
                team.id,
                member.id,
                day("2025-01-01"),
                &event(AuditAction::TeamMemberEnd, ObjectKind::TeamMembership),
            )
            .await
        {
            Err(StoreError::Conflict(m)) => {
                assert_eq!(m, msg!("membership-end-before-start"))
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
        let ended = store
            .end_team_membership(
                team.id,
                member.id,
                day("2026-06-30"),
                &event(AuditAction::TeamMemberEnd, ObjectKind::TeamMembership),
            )
            .await
            .unwrap();
        assert_eq!(ended.until, Some(day("2026-06-30")));
        match store
            .end_team_membership(
                team.id,
                member.id,
                day("2026-07-30"),
                &event(AuditAction::TeamMemberEnd, ObjectKind::TeamMembership),
            )
            .await
        {
            Err(StoreError::Conflict(m)) => assert_eq!(m, msg!("membership-ended")),
            other => panic!("expected a conflict, got {other:?}"),
        }
        match store
            .end_team_membership(
                team.id,
                999_999,
                day("2026-07-30"),
                &event(AuditAction::CaseRead, ObjectKind::Case),
            )
            .await
        {
            Err(StoreError::NotFound(m)) => assert_eq!(m, "team membership 999999"),
            other => panic!("expected not found, got {other:?}"),
        }
        match store
            .end_team_membership(
                second.id,
                member.id,
                day("2026-07-30"),
                &event(AuditAction::CaseRead, ObjectKind::Case),
            )
            .await
        {
            Err(StoreError::NotFound(m)) => assert_eq!(m, format!("team membership {}", member.id)),
            other => panic!("expected not found, got {other:?}"),
        }
        assert_eq!(
            store
                .list_team_members(team.id, day("2026-07-01"))
                .await
                .unwrap(),
            vec![sup]
        );
        assert_eq!(
            store
                .list_team_members(team.id, day("2026-06-30"))
                .await
                .unwrap()
                .len(),
            2
        );
        // A new term in the same position is fine once the old one ended.
        store
            .add_team_member(
                team.id,
                user.id,
                Position::Therapist,
                day("2026-08-01"),
                &event(AuditAction::TeamMemberAdd, ObjectKind::TeamMembership),
            )
            .await
            .unwrap();

        // The audit chain: one event per successful write, creates carry the new id.
        let events = check_chain(&store).await;
        let actions: Vec<&str> = events.iter().map(|e| e.event.action.as_str()).collect();
        assert_eq!(
            actions,
            [
                "reference_data.sync",
                "reference_data.sync",
                "reference_data.sync",
                "team.create",
                "team.create",
                "team.owners.replace",
                "user.create",
                "user.create",
                "team.member.add",
                "team.member.add",
                "team.member.end",
                "team.member.add",
            ]
        );
        assert_eq!(events[3].event.object_id, Some(team.id));
        assert_eq!(events[6].event.object_id, Some(user.id));
        assert_eq!(events[8].event.object_id, Some(member.id));
        assert_eq!(
            events[0].event.at.timestamp_subsec_nanos() % 1_000,
            0,
            "microsecond precision"
        );
        assert_eq!(
            store
                .audit_events(10, 1)
                .await
                .unwrap()
                .iter()
                .map(|e| e.seq)
                .collect::<Vec<_>>(),
            [11]
        );

        // Concurrent appends from many connections keep the chain intact.
        let mut tasks = Vec::new();
        for _ in 0..40 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                store
                    .append_audit(&event(AuditAction::CaseRead, ObjectKind::Case))
                    .await
            }));
        }
        let mut seqs = Vec::new();
        for t in tasks {
            seqs.push(t.await.unwrap().unwrap());
        }
        seqs.sort_unstable();
        assert_eq!(seqs, (13..=52).collect::<Vec<i64>>());
        assert_eq!(check_chain(&store).await.len(), 52);
    })
    .await;
}

fn person(given: &str, index: Option<&str>) -> NewPerson {
    NewPerson {
        country: Country::DK,
        given_name: given.into(),
        family_name: "Jensen".into(),
        birth_date: Some(day("2012-03-04")),
        national_id_sealed: index.map(|i| format!("sealed-{i}")),
        national_id_index: index.map(str::to_owned),
    }
}

/// Now, at the store's precision.
fn micros_now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn identity_and_case_round_trip() {
    with_database("rundt_pg_cases", |store| async move {
        store.migrate().await.unwrap();
        store
            .sync_reference_data(
                &reference_data().await,
                &event(AuditAction::ReferenceDataSync, ObjectKind::ReferenceData),
            )
            .await
            .unwrap();
        let team = store
            .create_team(
                &NewTeam {
                    name: "MST Aarhus".into(),
                    country: Country::DK,
                    programme_model: "MST".into(),
                    owners: vec![Ownership {
                        municipality_code: "751".into(),
                        share_bp: 10_000,
                    }],
                },
                &event(AuditAction::TeamCreate, ObjectKind::Team),
            )
            .await
            .unwrap();
        let mette = store
            .create_user(
                &NewUser::parse("mette", "Mette Hansen", None, "therapist", "DK", None).unwrap(),
                "hash-1",
                &event(AuditAction::UserCreate, ObjectKind::User),
            )
            .await
            .unwrap();
        let other = store
            .create_user(
                &NewUser::parse("ole", "Ole", None, "therapist", "DK", None).unwrap(),
                "hash-2",
                &event(AuditAction::UserCreate, ObjectKind::User),
            )
            .await
            .unwrap();
        store
            .add_team_member(
                team.id,
                mette.id,
                Position::Therapist,
                day("2026-01-01"),
                &event(AuditAction::TeamMemberAdd, ObjectKind::TeamMembership),
            )
            .await
            .unwrap();
        let jan = |d: u32| {
            DateTime::parse_from_rfc3339(&format!("2026-01-{d:02}T10:00:00Z"))
                .unwrap()
                .with_timezone(&Utc)
        };
        assert_eq!(
            store.user_team_ids(mette.id, jan(2)).await.unwrap(),
            vec![team.id]
        );
        assert!(
            store
                .user_team_ids(mette.id, jan(1) - TimeDelta::days(1))
                .await
                .unwrap()
                .is_empty()
        );

        // Credentials and login attempts.
        let creds = store
            .credentials_by_username("mette")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(creds.user, mette);
        assert_eq!(creds.password_hash, "hash-1");
        assert_eq!((creds.totp_secret, creds.totp_last_step), (None, None));
        assert!(
            store
                .credentials_by_username("nobody")
                .await
                .unwrap()
                .is_none()
        );
        let before = micros_now() - TimeDelta::seconds(1);
        for success in [false, false, true] {
            store
                .record_login_attempt(
                    "mette",
                    "10.0.0.1",
                    success,
                    &event(AuditAction::LoginSuccess, ObjectKind::User),
                )
                .await
                .unwrap();
        }
        store
            .record_login_attempt(
                "ole",
                "10.0.0.1",
                false,
                &event(AuditAction::LoginSuccess, ObjectKind::User),
            )
            .await
            .unwrap();
        assert_eq!(
            store
                .recent_login_failures("mette", "10.0.0.1", before)
                .await
                .unwrap(),
            RecentFailures {
                for_username: 2,
                from_address: 3
            }
        );
        assert_eq!(
            store
                .recent_login_failures("mette", "10.0.0.2", micros_now() + TimeDelta::hours(1))
                .await
                .unwrap(),
            RecentFailures::default()
        );

        // Sessions.
        let now = micros_now();
        let session = SessionRecord {
            token_hash: "sess-1".into(),
            user_id: mette.id,
            created_at: now,
            last_seen_at: now,
            expires_at: now + TimeDelta::hours(8),
            mfa_verified: true,
            csrf_token: "csrf".into(),
            revoked_at: None,
        };
        store
            .create_session(
                &session,
                &event(AuditAction::SessionCreate, ObjectKind::Session),
            )
            .await
            .unwrap();
        assert_eq!(
            store.find_session("sess-1").await.unwrap(),
            Some(session.clone())
        );
        store
            .touch_session("sess-1", now + TimeDelta::minutes(5))
            .await
            .unwrap();
        store
            .touch_session("sess-1", now + TimeDelta::minutes(1))
            .await
            .unwrap();
        let seen = store.find_session("sess-1").await.unwrap().unwrap();
        assert_eq!(
            seen.last_seen_at,
            now + TimeDelta::minutes(5),
            "only forward"
        );
        store
            .revoke_session(
                "sess-1",
                now + TimeDelta::minutes(6),
                &event(AuditAction::Logout, ObjectKind::Session),
            )
            .await
            .unwrap();
        assert_eq!(
            store
                .find_session("sess-1")
                .await
                .unwrap()
                .unwrap()
                .revoked_at,
            Some(now + TimeDelta::minutes(6))
        );

        // Second factor and password.
        store
            .set_totp(
                mette.id,
                "sealed-secret",
                100,
                &event(AuditAction::UserSecondFactorEnrolled, ObjectKind::User),
            )
            .await
            .unwrap();
        assert!(!store.use_totp_step(mette.id, 100).await.unwrap(), "replay");
        assert!(store.use_totp_step(mette.id, 101).await.unwrap());
        assert!(!store.use_totp_step(mette.id, 99).await.unwrap());
        let creds = store.credentials_by_id(mette.id).await.unwrap().unwrap();
        assert_eq!(creds.totp_secret.as_deref(), Some("sealed-secret"));
        assert_eq!(creds.totp_last_step, Some(101));
        store
            .set_password(
                mette.id,
                "hash-3",
                &event(AuditAction::UserPasswordChange, ObjectKind::User),
            )
            .await
            .unwrap();
        assert_eq!(
            store
                .credentials_by_id(mette.id)
                .await
                .unwrap()
                .unwrap()
                .password_hash,
            "hash-3"
        );
        for result in [
            store
                .set_totp(
                    999_999,
                    "s",
                    1,
                    &event(AuditAction::UserSecondFactorEnrolled, ObjectKind::User),
                )
                .await,
            store
                .set_password(
                    999_999,
                    "h",
                    &event(AuditAction::UserPasswordChange, ObjectKind::User),
                )
                .await,
            store
                .set_user_active(
                    999_999,
                    false,
                    &event(AuditAction::UserDeactivate, ObjectKind::User),
                )
                .await
                .map(|_| ()),
            store
                .create_api_token(
                    999_999,
                    "t",
                    "h",
                    &event(AuditAction::ApiTokenCreate, ObjectKind::ApiToken),
                )
                .await
                .map(|_| ()),
        ] {
            match result {
                Err(StoreError::NotFound(m)) => assert_eq!(m, "user 999999"),
                other => panic!("expected not found, got {other:?}"),
            }
        }

        // API tokens.
        let token = store
            .create_api_token(
                mette.id,
                "laptop",
                "tok-1",
                &event(AuditAction::ApiTokenCreate, ObjectKind::ApiToken),
            )
            .await
            .unwrap();
        assert_eq!((token.user_id, token.name.as_str()), (mette.id, "laptop"));
        let used_at = micros_now();
        let used = store
            .use_api_token("tok-1", used_at)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(used.last_used_at, Some(used_at));
        assert!(
            store
                .use_api_token("nope", used_at)
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(store.list_api_tokens(mette.id).await.unwrap(), vec![used]);
        match store
            .revoke_api_token(
                other.id,
                token.id,
                &event(AuditAction::ApiTokenRevoke, ObjectKind::ApiToken),
            )
            .await
        {
            Err(StoreError::NotFound(m)) => assert_eq!(m, format!("API token {}", token.id)),
            other => panic!("expected not found, got {other:?}"),
        }
        let revoked = store
            .revoke_api_token(
                mette.id,
                token.id,
                &event(AuditAction::ApiTokenRevoke, ObjectKind::ApiToken),
            )
            .await
            .unwrap();
        assert!(revoked.revoked_at.is_some());
        match store
            .revoke_api_token(
                mette.id,
                token.id,
                &event(AuditAction::ApiTokenRevoke, ObjectKind::ApiToken),
            )
            .await
        {
            Err(StoreError::Conflict(m)) => assert_eq!(m, msg!("token-revoked")),
            other => panic!("expected a conflict, got {other:?}"),
        }
        assert!(
            store
                .use_api_token("tok-1", used_at)
                .await
                .unwrap()
                .is_none()
        );

        // Deactivation ends sessions and tokens at once.
        let s2 = SessionRecord {
            token_hash: "sess-2".into(),
            ..session.clone()
        };
        store
            .create_session(&s2, &event(AuditAction::SessionCreate, ObjectKind::Session))
            .await
            .unwrap();
        store
            .create_api_token(
                mette.id,
                "phone",
                "tok-2",
                &event(AuditAction::ApiTokenCreate, ObjectKind::ApiToken),
            )
            .await
            .unwrap();
        let inactive = store
            .set_user_active(
                mette.id,
                false,
                &event(AuditAction::UserDeactivate, ObjectKind::User),
            )
            .await
            .unwrap();
        assert!(!inactive.active);
        assert_eq!(
            inactive.version,
            mette.version + 3,
            "totp, password, active"
        );
        assert!(
            store
                .find_session("sess-2")
                .await
                .unwrap()
                .unwrap()
                .revoked_at
                .is_some()
        );
        assert!(
            store
                .use_api_token("tok-2", used_at)
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            store
                .set_user_active(
                    mette.id,
                    true,
                    &event(AuditAction::UserActivate, ObjectKind::User)
                )
                .await
                .unwrap()
                .active
        );

        // Cases.
        let new_case = NewCase {
            country: Country::DK,
            team_id: team.id,
            therapist_id: Some(mette.id),
            referring_municipality: "751".into(),
            paying_municipalities: vec!["751".into(), "101".into(), "751".into()],
            status: "referred".into(),
            referred_on: Some(day("2026-01-02")),
            treatment_start: None,
            participants: vec![
                (person("Mor", Some("idx-mor")), ParticipantRole::Caregiver),
                (
                    person("Barn", Some("idx-barn")),
                    ParticipantRole::YoungPerson,
                ),
                (person("Far", None), ParticipantRole::Caregiver),
            ],
        };
        let case = store
            .create_case(&new_case, &event(AuditAction::CaseCreate, ObjectKind::Case))
            .await
            .unwrap();
        assert_eq!(case.paying_municipalities, ["101", "751"]);
        assert_eq!(case.version, 1);
        let names: Vec<&str> = case
            .participants
            .iter()
            .map(|p| p.person.given_name.as_str())
            .collect();
        assert_eq!(
            names,
            ["Barn", "Mor", "Far"],
            "young person first, then by id"
        );
        let mor = case.participants[1].person.clone();
        assert_eq!(mor.national_id_sealed.as_deref(), Some("sealed-idx-mor"));
        assert_eq!(
            store
                .find_person_by_national_id(Country::DK, "idx-mor")
                .await
                .unwrap(),
            Some(mor.clone())
        );
        assert!(
            store
                .find_person_by_national_id(Country::NO, "idx-mor")
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(store.get_person(mor.id).await.unwrap(), Some(mor.clone()));

        // The same caregiver in a second family is the same person.
        let second = store
            .create_case(
                &NewCase {
                    therapist_id: Some(other.id),
                    referring_municipality: "101".into(),
                    paying_municipalities: vec![],
                    participants: vec![
                        (
                            person("Mor igen", Some("idx-mor")),
                            ParticipantRole::Caregiver,
                        ),
                        (
                            person("Søster", Some("idx-s")),
                            ParticipantRole::YoungPerson,
                        ),
                    ],
                    ..new_case.clone()
                },
                &event(AuditAction::CaseCreate, ObjectKind::Case),
            )
            .await
            .unwrap();
        assert_eq!(second.participants[1].person, mor);
        let twice = NewCase {
            participants: vec![
                (person("A", Some("idx-a")), ParticipantRole::YoungPerson),
                (person("A again", Some("idx-a")), ParticipantRole::Caregiver),
            ],
            ..new_case.clone()
        };
        match store
            .create_case(&twice, &event(AuditAction::CaseCreate, ObjectKind::Case))
            .await
        {
            Err(StoreError::Conflict(m)) => {
                assert_eq!(m, msg!("person-listed-twice"))
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
        assert!(
            store
                .find_person_by_national_id(Country::DK, "idx-a")
                .await
                .unwrap()
                .is_none(),
            "rolled back"
        );

        // Access checks do not audit; reads audit once per person.
        let checked = store.case_for_access_check(case.id).await.unwrap().unwrap();
        assert!(checked.participants.is_empty());
        assert_eq!(checked.paying_municipalities, case.paying_municipalities);
        let before = store.audit_events(0, 10_000).await.unwrap().len();
        let read = store
            .read_case(case.id, &event(AuditAction::CaseRead, ObjectKind::Case))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(read, case);
        assert!(
            store
                .read_case(999_999, &event(AuditAction::CaseRead, ObjectKind::Case))
                .await
                .unwrap()
                .is_none()
        );
        let events = check_chain(&store).await;
        assert_eq!(events.len(), before + 3);
        for (e, p) in events[before..].iter().zip(&case.participants) {
            assert_eq!(e.event.object_id, Some(case.id));
            assert_eq!(e.event.person_id, Some(p.person.id));
        }

        // Listing.
        let ids =
            |cases: Vec<rundt_store::CaseRecord>| cases.iter().map(|c| c.id).collect::<Vec<_>>();
        let all = store.list_cases(&CaseFilter::default()).await.unwrap();
        assert!(all.iter().all(|c| c.participants.is_empty()));
        assert_eq!(all[1].paying_municipalities, ["101", "751"]);
        assert_eq!(ids(all), [second.id, case.id], "newest first");
        let by = |f: CaseFilter| {
            let store = store.clone();
            async move { ids(store.list_cases(&f).await.unwrap()) }
        };
        assert_eq!(
            by(CaseFilter {
                municipality: Some("101".into()),
                ..Default::default()
            })
            .await,
            [second.id, case.id],
            "referring or paying"
        );
        assert_eq!(
            by(CaseFilter {
                municipality: Some("751".into()),
                ..Default::default()
            })
            .await,
            [case.id]
        );
        assert_eq!(
            by(CaseFilter {
                therapist_id: Some(other.id),
                ..Default::default()
            })
            .await,
            [second.id]
        );
        assert!(
            by(CaseFilter {
                country: Some(Country::NO),
                ..Default::default()
            })
            .await
            .is_empty()
        );
        assert!(
            by(CaseFilter {
                team_ids: Some(vec![]),
                ..Default::default()
            })
            .await
            .is_empty()
        );
        assert_eq!(
            by(CaseFilter {
                team_ids: Some(vec![team.id, 42]),
                country: Some(Country::DK),
                ..Default::default()
            })
            .await
            .len(),
            2
        );

        // Break glass.
        match store
            .grant_break_glass(
                999_999,
                other.id,
                "r",
                jan(2),
                &event(AuditAction::CaseBreakGlass, ObjectKind::Case),
            )
            .await
        {
            Err(StoreError::NotFound(m)) => assert_eq!(m, "case 999999"),
            other => panic!("expected not found, got {other:?}"),
        }
        let mut grant_event = event(AuditAction::CaseBreakGlass, ObjectKind::Case);
        grant_event.object_id = Some(case.id);
        let granted_at = grant_event.at.trunc_subsecs(6);
        let grant = store
            .grant_break_glass(
                case.id,
                other.id,
                "on call",
                granted_at + TimeDelta::hours(1),
                &grant_event,
            )
            .await
            .unwrap();
        assert_eq!(
            (grant.team_id, grant.user_name.as_str(), grant.granted_at),
            (team.id, "Ole", granted_at)
        );
        let at = granted_at + TimeDelta::minutes(30);
        assert_eq!(
            store
                .active_break_glass(case.id, other.id, at)
                .await
                .unwrap(),
            Some(grant.clone())
        );
        assert!(
            store
                .active_break_glass(case.id, other.id, granted_at + TimeDelta::hours(1))
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            store
                .active_break_glass(case.id, mette.id, at)
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(
            store
                .break_glass_for_teams(&[team.id], granted_at)
                .await
                .unwrap(),
            vec![grant]
        );
        assert!(
            store
                .break_glass_for_teams(&[team.id], at)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            store
                .break_glass_for_teams(&[], granted_at)
                .await
                .unwrap()
                .is_empty()
        );

        // Families registered at once that share people share the rows:
        // pairs of families naming two new people in opposite orders.
        let mut tasks = Vec::new();
        for i in 0..24 {
            let store = store.clone();
            let pair = i / 2;
            let kid = (
                person(&format!("Kid {i}"), None),
                ParticipantRole::YoungPerson,
            );
            let a = (
                person("A", Some(&format!("idx-a-{pair}"))),
                ParticipantRole::Caregiver,
            );
            let b = (
                person("B", Some(&format!("idx-b-{pair}"))),
                ParticipantRole::Caregiver,
            );
            let participants = if i % 2 == 0 {
                vec![kid, a, b]
            } else {
                vec![b, kid, a]
            };
            let case = NewCase {
                participants,
                ..new_case.clone()
            };
            tasks.push(tokio::spawn(async move {
                store
                    .create_case(&case, &event(AuditAction::CaseCreate, ObjectKind::Case))
                    .await
            }));
        }
        let mut adults = Vec::new();
        for t in tasks {
            let created = t.await.unwrap().unwrap();
            let mut ids: Vec<i64> = created.participants[1..]
                .iter()
                .map(|p| p.person.id)
                .collect();
            ids.sort_unstable();
            adults.push(ids);
        }
        for pair in adults.chunks(2) {
            assert_eq!(pair[0], pair[1], "the same two people");
        }

        // Who saw the mother: two case creations and one read.
        let log = store.person_access_log(mor.id).await.unwrap();
        assert_eq!(
            log.iter()
                .map(|e| e.event.action.as_str())
                .collect::<Vec<_>>(),
            ["case.create", "case.create", "case.read"]
        );
        assert_eq!(log[0].event.object_id, Some(case.id));
        assert_eq!(log[1].event.object_id, Some(second.id));
        assert!(log.windows(2).all(|w| w[0].seq < w[1].seq));
        check_chain(&store).await;
    })
    .await;
}

#[tokio::test]
async fn concurrent_migrations_do_not_race() {
    with_database("rundt_pg_migr", |store| async move {
        let mut tasks = Vec::new();
        for _ in 0..4 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move { store.migrate().await }));
        }
        let mut applied = Vec::new();
        for t in tasks {
            applied.extend(t.await.unwrap().unwrap());
        }
        applied.sort_unstable();
        assert_eq!(applied, vec![1, 2, 3, 4], "applied exactly once");
        assert_eq!(store.applied_migrations().await.unwrap(), vec![1, 2, 3, 4]);
    })
    .await;
}

#[tokio::test]
async fn an_unreachable_server_is_reported_promptly_without_the_password() {
    let started = Instant::now();
    let err = PostgresStore::connect("postgres://rundt:s3cret@127.0.0.1:1/rundt")
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(8));
    eprintln!("{err}");
    let StoreError::Unavailable(msg) = &err else {
        panic!("{err:?}")
    };
    assert!(
        msg.starts_with("cannot reach PostgreSQL at 127.0.0.1:1/rundt: "),
        "{msg}"
    );
    assert!(!msg.contains("s3cret"), "{msg}");

    let err = PostgresStore::connect("postgres://rundt:s3cret@host:port/rundt")
        .await
        .unwrap_err();
    let StoreError::Unavailable(msg) = &err else {
        panic!("{err:?}")
    };
    assert!(msg.contains("invalid PostgreSQL URL"), "{msg}");
    assert!(!msg.contains("s3cret"), "{msg}");
}

#[tokio::test]
async fn a_missing_database_is_unavailable() {
    let Some(admin_url) = admin_url() else {
        return;
    };
    let url = admin::create_database(&admin_url, &unique_name("rundt_pg_gone"))
        .await
        .unwrap();
    let name = url
        .rsplit('/')
        .next()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    admin::drop_database(&admin_url, &name).await.unwrap();
    admin::drop_database(&admin_url, &name).await.unwrap();
    match PostgresStore::connect(&url).await {
        Err(StoreError::Unavailable(msg)) => {
            eprintln!("{msg}");
            assert!(msg.contains(&name), "{msg}");
        }
        other => panic!("expected unavailable, got {other:?}"),
    }
    assert!(
        admin::create_database(&admin_url, "Bad-Name")
            .await
            .is_err()
    );
}

fn by(user_id: i64, action: AuditAction, kind: ObjectKind) -> AuditEvent {
    let mut e = event(action, kind);
    e.actor_user_id = Some(user_id);
    e.actor_role = "therapist".into();
    e
}

fn change(status: &str) -> CaseChange {
    CaseChange {
        status: status.into(),
        ..CaseChange::default()
    }
}

fn summary(case_id: i64, week: &str, count: u32) -> WeeklySummaryWrite {
    WeeklySummaryWrite {
        case_id,
        week_start: day(week),
        therapist_id: None,
        content: format!("{{\"week\":\"{week}\"}}"),
        contact_count: count,
        contact_minutes: count * 60,
    }
}

fn conflict<T: std::fmt::Debug>(result: Result<T, StoreError>) -> Message {
    match result {
        Err(StoreError::Conflict(m)) => m,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

fn not_found<T: std::fmt::Debug>(result: Result<T, StoreError>) -> String {
    match result {
        Err(StoreError::NotFound(m)) => m,
        other => panic!("expected not found, got {other:?}"),
    }
}

fn mismatch<T: std::fmt::Debug>(result: Result<T, StoreError>) -> i64 {
    match result {
        Err(StoreError::VersionMismatch { current }) => current,
        other => panic!("expected a version mismatch, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn treatment_round_trip() {
    with_database("rundt_pg_treat", |store| async move {
        store.migrate().await.unwrap();
        store
            .sync_reference_data(
                &reference_data().await,
                &event(AuditAction::ReferenceDataSync, ObjectKind::ReferenceData),
            )
            .await
            .unwrap();
        let new_team = |name: &str, code: &str| NewTeam {
            name: name.into(),
            country: Country::DK,
            programme_model: "MST".into(),
            owners: vec![Ownership {
                municipality_code: code.into(),
                share_bp: 10_000,
            }],
        };
        let team = store
            .create_team(
                &new_team("MST Aarhus", "751"),
                &event(AuditAction::TeamCreate, ObjectKind::Team),
            )
            .await
            .unwrap();
        let other_team = store
            .create_team(
                &new_team("MST København", "101"),
                &event(AuditAction::TeamCreate, ObjectKind::Team),
            )
            .await
            .unwrap();
        let mette = store
            .create_user(
                &NewUser::parse("mette", "Mette Hansen", None, "therapist", "DK", None).unwrap(),
                "hash-1",
                &event(AuditAction::UserCreate, ObjectKind::User),
            )
            .await
            .unwrap();
        let new_case = |team_id: i64, kid: &str| NewCase {
            country: Country::DK,
            team_id,
            therapist_id: None,
            referring_municipality: "751".into(),
            paying_municipalities: vec!["751".into()],
            status: "referred".into(),
            referred_on: Some(day("2026-01-02")),
            treatment_start: None,
            participants: vec![(person(kid, None), ParticipantRole::YoungPerson)],
        };
        let case = store
            .create_case(
                &new_case(team.id, "Barn"),
                &event(AuditAction::CaseCreate, ObjectKind::Case),
            )
            .await
            .unwrap();
        assert_eq!(case.referred_on, Some(day("2026-01-02")));
        assert_eq!((case.treatment_start, case.discharged_on), (None, None));
        let imported = store
            .create_case(
                &NewCase {
                    status: "in_treatment".into(),
                    therapist_id: Some(mette.id),
                    treatment_start: Some(day("2025-12-01")),
                    ..new_case(team.id, "Importeret")
                },
                &event(AuditAction::CaseCreate, ObjectKind::Case),
            )
            .await
            .unwrap();
        assert_eq!(imported.treatment_start, Some(day("2025-12-01")));
        let foreign = store
            .create_case(
                &new_case(other_team.id, "Fremmed"),
                &event(AuditAction::CaseCreate, ObjectKind::Case),
            )
            .await
            .unwrap();

        // Status filter.
        let ids = |statuses: Option<Vec<&str>>| {
            let store = store.clone();
            let statuses = statuses.map(|s| s.into_iter().map(str::to_owned).collect());
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
            details: "{\"reason\":\"school\"}".into(),
            screening: "{\"eligible\":true}".into(),
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
                            case_id: 999_999,
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
        assert_eq!(started.status, "in_treatment");
        assert_eq!(started.therapist_id, Some(mette.id));
        assert_eq!(started.treatment_start, Some(day("2026-01-05")));
        assert_eq!(started.paying_municipalities, ["751"]);
        assert_eq!(
            mismatch(
                store
                    .change_case(
                        case.id,
                        1,
                        &change("closed"),
                        &event(AuditAction::CaseAssign, ObjectKind::Case)
                    )
                    .await
            ),
            2
        );
        assert_eq!(
            not_found(
                store
                    .change_case(
                        999_999,
                        1,
                        &change("closed"),
                        &event(AuditAction::CaseAssign, ObjectKind::Case)
                    )
                    .await
            ),
            "case 999999"
        );
        // None keeps the therapist and the dates.
        let paused = store
            .change_case(
                case.id,
                2,
                &change("paused"),
                &event(AuditAction::CaseAssign, ObjectKind::Case),
            )
            .await
            .unwrap();
        assert_eq!(paused.version, 3);
        assert_eq!(paused.therapist_id, Some(mette.id));
        assert_eq!(paused.treatment_start, Some(day("2026-01-05")));
        // Concurrent changes at one version: exactly one wins.
        let mut tasks = Vec::new();
        for _ in 0..6 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                store
                    .change_case(
                        case.id,
                        3,
                        &change("in_treatment"),
                        &event(AuditAction::CaseAssign, ObjectKind::Case),
                    )
                    .await
            }));
        }
        let mut wins = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(c) => {
                    assert_eq!(c.version, 4);
                    wins += 1;
                }
                Err(StoreError::VersionMismatch { current }) => assert_eq!(current, 4),
                Err(e) => panic!("unexpected {e:?}"),
            }
        }
        assert_eq!(wins, 1);
        let history = store.status_history(case.id).await.unwrap();
        assert_eq!(
            history
                .iter()
                .map(|h| (h.from_status.as_str(), h.to_status.as_str()))
                .collect::<Vec<_>>(),
            [
                ("referred", "in_treatment"),
                ("in_treatment", "paused"),
                ("paused", "in_treatment")
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
        assert_eq!(
            not_found(
                store
                    .save_assessment(
                        case.id,
                        "{}",
                        Some(1),
                        &event(AuditAction::CaseAssessmentSave, ObjectKind::Case)
                    )
                    .await
            ),
            format!("assessment of case {}", case.id)
        );
        let first = store
            .save_assessment(
                case.id,
                "{\"v\":1}",
                None,
                &event(AuditAction::CaseAssessmentSave, ObjectKind::Case),
            )
            .await
            .unwrap();
        assert_eq!((first.version, first.case_id), (1, case.id));
        assert_eq!(
            mismatch(
                store
                    .save_assessment(
                        case.id,
                        "{}",
                        None,
                        &event(AuditAction::CaseAssessmentSave, ObjectKind::Case)
                    )
                    .await
            ),
            1
        );
        let second = store
            .save_assessment(
                case.id,
                "{\"v\":2}",
                Some(1),
                &event(AuditAction::CaseAssessmentSave, ObjectKind::Case),
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
                        "{}",
                        Some(1),
                        &event(AuditAction::CaseAssessmentSave, ObjectKind::Case)
                    )
                    .await
            ),
            2
        );
        assert_eq!(
            not_found(
                store
                    .save_assessment(
                        999_999,
                        "{}",
                        None,
                        &event(AuditAction::CaseAssessmentSave, ObjectKind::Case)
                    )
                    .await
            ),
            "case 999999"
        );

        // Weekly summaries.
        let w1 = store
            .save_weekly_summary(
                &WeeklySummaryWrite {
                    therapist_id: Some(mette.id),
                    ..summary(case.id, "2026-01-05", 3)
                },
                None,
                &event(AuditAction::CaseWeeklySummarySave, ObjectKind::Case),
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
                        &event(AuditAction::CaseWeeklySummarySave, ObjectKind::Case),
                    )
                    .await
            ),
            msg!("week-summarised", week = day("2026-01-05"))
        );
        let w1b = store
            .save_weekly_summary(
                &summary(case.id, "2026-01-05", 4),
                Some(1),
                &event(AuditAction::CaseWeeklySummarySave, ObjectKind::Case),
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
                        &event(AuditAction::CaseWeeklySummarySave, ObjectKind::Case),
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
                        &event(AuditAction::CaseWeeklySummarySave, ObjectKind::Case),
                    )
                    .await
            ),
            "summary of the week of 2026-01-12"
        );
        assert!(matches!(
            store
                .save_weekly_summary(
                    &summary(case.id, "2026-01-12", u32::MAX / 60),
                    None,
                    &event(AuditAction::CaseWeeklySummarySave, ObjectKind::Case),
                )
                .await,
            Err(StoreError::Internal(_))
        ));
        // Two (or more) first saves of one week at once: one wins, the
        // others get the conflict, not a raw unique violation.
        let mut tasks = Vec::new();
        for i in 0..8 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                store
                    .save_weekly_summary(
                        &summary(case.id, "2026-01-19", i),
                        None,
                        &event(AuditAction::CaseWeeklySummarySave, ObjectKind::Case),
                    )
                    .await
            }));
        }
        let mut wins = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(s) => {
                    assert_eq!(s.version, 1);
                    wins += 1;
                }
                Err(StoreError::Conflict(m)) => {
                    assert_eq!(m, msg!("week-summarised", week = day("2026-01-19")))
                }
                Err(e) => panic!("unexpected {e:?}"),
            }
        }
        assert_eq!(wins, 1);
        store
            .save_weekly_summary(
                &summary(imported.id, "2025-12-29", 2),
                None,
                &event(AuditAction::CaseWeeklySummarySave, ObjectKind::Case),
            )
            .await
            .unwrap();
        store
            .save_weekly_summary(
                &summary(imported.id, "2025-12-01", 2),
                None,
                &event(AuditAction::CaseWeeklySummarySave, ObjectKind::Case),
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
        let session =
            |held: &str, kind: &str, recommendations: Vec<(i64, String)>| SupervisionRecord {
                id: 0,
                team_id: team.id,
                held_on: day(held),
                kind: kind.into(),
                attendees: "[\"Mette\",\"Supervisor\"]".into(),
                recommendations,
            };
        let s1 = store
            .create_supervision(
                &session(
                    "2026-01-07",
                    "supervision",
                    vec![
                        (case.id, "Engage the father".into()),
                        (imported.id, "Plan".into()),
                    ],
                ),
                &event(AuditAction::TeamSupervisionRecord, ObjectKind::Supervision),
            )
            .await
            .unwrap();
        assert!(s1.id > 0);
        let audited = store.audit_events(0, 10_000).await.unwrap();
        assert_eq!(audited.last().unwrap().event.object_id, Some(s1.id));
        let s2 = store
            .create_supervision(
                &session(
                    "2026-01-14",
                    "consultation",
                    vec![
                        (case.id, "Safety plan".into()),
                        (case.id, "Call school".into()),
                    ],
                ),
                &event(AuditAction::TeamSupervisionRecord, ObjectKind::Supervision),
            )
            .await
            .unwrap();
        let s3 = store
            .create_supervision(
                &session("2026-01-14", "supervision", vec![]),
                &event(AuditAction::TeamSupervisionRecord, ObjectKind::Supervision),
            )
            .await
            .unwrap();
        assert_eq!(
            conflict(
                store
                    .create_supervision(
                        &session("2026-01-21", "supervision", vec![(foreign.id, "No".into())]),
                        &event(AuditAction::TeamSupervisionRecord, ObjectKind::Supervision),
                    )
                    .await
            ),
            msg!("case-not-in-team", case = foreign.id)
        );
        assert_eq!(
            conflict(
                store
                    .create_supervision(
                        &session("2026-01-21", "supervision", vec![(999_999, "No".into())]),
                        &event(AuditAction::TeamSupervisionRecord, ObjectKind::Supervision),
                    )
                    .await
            ),
            msg!("case-not-in-team", case = 999_999i64)
        );
        let listed = store.team_supervisions(team.id, 10).await.unwrap();
        assert_eq!(
            listed.iter().map(|s| s.id).collect::<Vec<_>>(),
            [s3.id, s2.id, s1.id],
            "newest first, the failed one rolled back"
        );
        assert_eq!(listed[1], s2);
        assert_eq!(listed[2], s1);
        assert_eq!(store.team_supervisions(team.id, 1).await.unwrap(), [s3]);
        assert!(
            store
                .team_supervisions(other_team.id, 10)
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
        let discharge = DischargeRecord {
            case_id: case.id,
            discharged_on: day("2026-05-01"),
            reason: "completed".into(),
            content: "{}".into(),
            treatment_days: 116,
            living_at_home: true,
            in_school_or_working: true,
            no_new_arrests: false,
        };
        let discharged_change = CaseChange {
            discharged_on: Some(day("2026-05-01")),
            ..change("discharged")
        };
        assert_eq!(
            mismatch(
                store
                    .discharge_case(
                        &discharge,
                        1,
                        &discharged_change,
                        &event(AuditAction::CaseDischarge, ObjectKind::Case)
                    )
                    .await
            ),
            4
        );
        assert!(store.discharge(case.id).await.unwrap().is_none());
        let discharged = store
            .discharge_case(
                &discharge,
                4,
                &discharged_change,
                &event(AuditAction::CaseDischarge, ObjectKind::Case),
            )
            .await
            .unwrap();
        assert_eq!(discharged.version, 5);
        assert_eq!(discharged.status, "discharged");
        assert_eq!(discharged.discharged_on, Some(day("2026-05-01")));
        assert_eq!(discharged.treatment_start, Some(day("2026-01-05")));
        assert_eq!(
            store.discharge(case.id).await.unwrap(),
            Some(discharge.clone())
        );
        assert_eq!(
            conflict(
                store
                    .discharge_case(
                        &discharge,
                        5,
                        &discharged_change,
                        &event(AuditAction::CaseDischarge, ObjectKind::Case)
                    )
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
        };
        let after = store
            .record_follow_up(
                &follow_up(12, "2027-05-01"),
                5,
                &change("discharged"),
                &event(AuditAction::CaseFollowUp, ObjectKind::Case),
            )
            .await
            .unwrap();
        assert_eq!(after.version, 6);
        let after = store
            .record_follow_up(
                &follow_up(6, "2026-11-01"),
                6,
                &change("discharged"),
                &event(AuditAction::CaseFollowUp, ObjectKind::Case),
            )
            .await
            .unwrap();
        assert_eq!(after.version, 7);
        assert_eq!(
            conflict(
                store
                    .record_follow_up(
                        &follow_up(6, "2026-11-02"),
                        7,
                        &change("discharged"),
                        &event(AuditAction::CaseFollowUp, ObjectKind::Case),
                    )
                    .await
            ),
            msg!("follow-up-recorded", months = 6u8)
        );
        assert_eq!(
            mismatch(
                store
                    .record_follow_up(
                        &follow_up(18, "2027-11-01"),
                        6,
                        &change("closed"),
                        &event(AuditAction::CaseFollowUp, ObjectKind::Case),
                    )
                    .await
            ),
            7
        );
        assert_eq!(
            store.follow_ups(case.id).await.unwrap(),
            [follow_up(6, "2026-11-01"), follow_up(12, "2027-05-01")]
        );
        let closed = store
            .record_follow_up(
                &follow_up(18, "2027-11-01"),
                7,
                &change("closed"),
                &event(AuditAction::CaseFollowUp, ObjectKind::Case),
            )
            .await
            .unwrap();
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

        // Every successful write audited exactly once, the chain intact.
        let events = check_chain(&store).await;
        let count = |action: &str| events.iter().filter(|e| e.event.action == action).count();
        assert_eq!(count("referral.save"), 1);
        assert_eq!(count("case.change"), 3);
        assert_eq!(count("assessment.save"), 2);
        assert_eq!(count("summary.save"), 5);
        assert_eq!(count("supervision.create"), 3);
        assert_eq!(count("case.discharge"), 1);
        assert_eq!(count("case.follow_up"), 3);
    })
    .await;
}
