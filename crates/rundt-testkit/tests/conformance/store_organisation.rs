//! The organisation through the `Store` trait from an empty database:
//! migrations, reference data, teams, users and memberships with their
//! refusals, and an audit chain that stays whole under concurrent appends.

use rundt_app::clock::{Clock, SystemClock};
use rundt_domain::audit::{AuditAction, ObjectKind};
use rundt_domain::country::Country;
use rundt_domain::id::{TeamId, UserId};
use rundt_domain::national_office::NationalOffice;
use rundt_domain::programme::ProgrammeModel;
use rundt_domain::team::{NewTeam, Ownership, Position};
use rundt_domain::user::NewUser;
use rundt_domain::{Arg, msg};
use rundt_store::NewMembership;
use rundt_testkit::TestDb;
use rundt_testkit::code;

use super::store_support::*;

async fn reference_data_teams_users_and_memberships_round_trip_with_a_chained_audit(db: TestDb) {
    let store = db.store.clone();
    store.health().await.unwrap();
    let drift = (store.now().await.unwrap() - SystemClock.now())
        .num_seconds()
        .abs();
    assert!(drift < 60, "database clock off by {drift} s");

    // Migrations.
    assert!(store.applied_migrations().await.unwrap().is_empty());
    assert_eq!(store.migrate().await.unwrap(), all_migrations());
    assert!(store.migrate().await.unwrap().is_empty());
    assert_eq!(store.applied_migrations().await.unwrap(), all_migrations());

    // Reference data: fast, idempotent, updates what changed.
    let sync = event(AuditAction::ReferenceDataSync, ObjectKind::ReferenceData);
    let mut data = reference_data();
    let started = std::time::Instant::now();
    let report = store.sync_reference_data(&data, &sync).await.unwrap();
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
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
    let again = store.sync_reference_data(&data, &sync).await.unwrap();
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
    let renamed = store.sync_reference_data(&data, &sync).await.unwrap();
    assert_eq!(
        (renamed.municipalities_added, renamed.municipalities_updated),
        (0, 1)
    );
    let stored = store
        .find_municipality(
            data.municipalities[0].country,
            &data.municipalities[0].code,
            data.municipalities[0].valid_from,
        )
        .await
        .unwrap()
        .map(|m| m.name);
    assert_eq!(
        stored.as_deref(),
        Some(data.municipalities[0].name.as_str()),
        "the new name is stored"
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
        .find_municipality(Country::NO, &code("0301"), day("2024-06-01"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(oslo.name, "Oslo");
    assert!(
        store
            .find_municipality(Country::DK, &code("9999"), day("2024-06-01"))
            .await
            .unwrap()
            .is_none()
    );

    // Teams.
    let team_created = event(AuditAction::TeamCreate, ObjectKind::Team);
    let owners = vec![
        Ownership {
            municipality_code: code("0147"),
            share_bp: 4_000,
        },
        Ownership {
            municipality_code: code("0101"),
            share_bp: 6_000,
        },
    ];
    let new_team = NewTeam {
        name: "MST København".into(),
        country: Country::DK,
        programme_model: "MST".into(),
        owners: owners.clone(),
        started_on: chrono::NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
    };
    let team = store.create_team(&new_team, &team_created).await.unwrap();
    assert_eq!(team.version, 1);
    assert_eq!(team.started_on.to_string(), "2026-02-01");
    assert_eq!(
        team.owners[0].municipality_code, "0101",
        "owners ordered by code"
    );
    assert_eq!(store.get_team(team.id).await.unwrap(), Some(team.clone()));
    assert_eq!(
        conflict(store.create_team(&new_team, &team_created).await),
        msg!(
            "team-name-taken",
            name = "MST København",
            country = Arg::word("DK")
        )
    );
    let owner_twice = NewTeam {
        name: "Twice".into(),
        owners: vec![owners[0].clone(), owners[0].clone()],
        ..new_team.clone()
    };
    let unknown_model = NewTeam {
        name: "Other".into(),
        programme_model: "XYZ".into(),
        ..new_team.clone()
    };
    for (refused, why) in [
        (owner_twice, msg!("owner-listed-twice", code = "0147")),
        (
            unknown_model,
            msg!("programme-model-unknown", given = "XYZ"),
        ),
    ] {
        let answer = store.create_team(&refused, &team_created).await;
        assert_eq!(conflict(answer), why, "{}", refused.name);
    }
    let oslo_team = NewTeam {
        name: "MST Oslo".into(),
        country: Country::NO,
        programme_model: "MST-CAN".into(),
        owners: vec![Ownership {
            municipality_code: code("0301"),
            share_bp: 10_000,
        }],
        started_on: chrono::NaiveDate::from_ymd_opt(2016, 9, 1).unwrap(),
    };
    let second = store.create_team(&oslo_team, &team_created).await.unwrap();
    let listed = store.list_teams().await.unwrap();
    assert_eq!(listed, vec![team.clone(), second.clone()]);

    let new_owners = vec![Ownership {
        municipality_code: code("0101"),
        share_bp: 10_000,
    }];
    let replaced = event(AuditAction::TeamOwnersReplace, ObjectKind::Team);
    let stale = store
        .replace_team_owners(team.id, 7, &new_owners, &replaced)
        .await;
    assert_eq!(mismatch(stale), 1);
    let missing = store
        .replace_team_owners(TeamId::new(999_999), 1, &new_owners, &replaced)
        .await;
    assert_eq!(not_found(missing), "team 999999");
    let updated = store
        .replace_team_owners(team.id, 1, &new_owners, &replaced)
        .await
        .unwrap();
    assert_eq!(
        (updated.version, updated.owners.clone()),
        (2, new_owners.clone())
    );
    assert_eq!(store.get_team(team.id).await.unwrap(), Some(updated));

    // Users and memberships.
    let user_created = event(AuditAction::UserCreate, ObjectKind::User);
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
        .create_user(&new_user, "$argon2id$fake", &user_created)
        .await
        .unwrap();
    assert!(user.active);
    assert_eq!(user.version, 1);
    assert_eq!(store.get_user(user.id).await.unwrap(), Some(user.clone()));
    assert_eq!(
        store.find_user_by_username("mette").await.unwrap(),
        Some(user.clone())
    );
    assert_eq!(
        conflict(store.create_user(&new_user, "x", &user_created).await),
        msg!("username-taken", username = "mette")
    );
    let anna = NewUser::parse(
        "anna",
        "Anna",
        None,
        "municipal_caseworker",
        "DK",
        Some("0751"),
    )
    .unwrap();
    let anna = store.create_user(&anna, "x", &user_created).await.unwrap();
    let users = store.list_users().await.unwrap();
    assert_eq!(
        users
            .iter()
            .map(|u| u.username.as_str())
            .collect::<Vec<_>>(),
        ["anna", "mette"]
    );
    assert_eq!(users[0], anna);

    // The refusals below carry an unrelated event: nothing of it is written.
    let unrelated = event(AuditAction::CaseRead, ObjectKind::Case);
    let member = join(&*store, team.id, user.id, Position::Therapist, "2026-01-01")
        .await
        .unwrap();
    assert_eq!(member.display_name, "Mette Hansen");
    assert_eq!(
        conflict(join(&*store, team.id, user.id, Position::Therapist, "2026-02-01").await),
        msg!(
            "already-in-position",
            name = "Mette Hansen",
            position = Arg::word("therapist")
        )
    );
    let therapist = Position::Therapist;
    let no_team = store
        .add_team_member(
            TeamId::new(999_999),
            user.id,
            therapist,
            day("2026-02-01"),
            &unrelated,
        )
        .await;
    assert_eq!(not_found(no_team), "team 999999");
    let no_user = store
        .add_team_member(
            team.id,
            UserId::new(999_999),
            therapist,
            day("2026-02-01"),
            &unrelated,
        )
        .await;
    assert_eq!(not_found(no_user), "user 999999");
    let sup = join(
        &*store,
        team.id,
        anna.id,
        Position::Supervisor,
        "2026-01-01",
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
    let membership_ended = event(AuditAction::TeamMemberEnd, ObjectKind::TeamMembership);
    let before_start = store
        .end_team_membership(team.id, member.id, day("2025-01-01"), &membership_ended)
        .await;
    assert_eq!(conflict(before_start), msg!("membership-end-before-start"));
    let term = store
        .end_team_membership(team.id, member.id, day("2026-06-30"), &membership_ended)
        .await
        .unwrap();
    assert_eq!(term.until, Some(day("2026-06-30")));
    let ended_twice = store
        .end_team_membership(team.id, member.id, day("2026-07-30"), &membership_ended)
        .await;
    assert_eq!(conflict(ended_twice), msg!("membership-ended"));
    let no_membership = store
        .end_team_membership(team.id, 999_999, day("2026-07-30"), &unrelated)
        .await;
    assert_eq!(not_found(no_membership), "team membership 999999");
    let other_team = store
        .end_team_membership(second.id, member.id, day("2026-07-30"), &unrelated)
        .await;
    assert_eq!(
        not_found(other_team),
        format!("team membership {}", member.id)
    );
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
    join(&*store, team.id, user.id, Position::Therapist, "2026-08-01")
        .await
        .unwrap();

    // The audit chain: one event per successful write, creates carry the new id.
    let events = check_chain(&*store).await;
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
    assert_eq!(events[3].event.object_id, Some(team.id.get()));
    assert_eq!(events[6].event.object_id, Some(user.id.get()));
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
    assert_eq!(check_chain(&*store).await.len(), 52);
}

async fn concurrent_migrations_apply_each_version_once(db: TestDb) {
    let store = db.store.clone();
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
    assert_eq!(applied, all_migrations(), "applied exactly once");
    assert_eq!(store.applied_migrations().await.unwrap(), all_migrations());
}

/// An account made straight into a team: the account, the membership and
/// both audit events are written in one transaction, so a refused
/// membership (an unknown team) leaves no account, and a refused account
/// (a taken username) no membership.
async fn a_user_and_their_first_membership_are_stored_together_or_not_at_all(db: TestDb) {
    let store = db.store.clone();
    prepared(&*store).await;
    let team = dk_team(&*store, "MST Aarhus", "0751").await;
    let ida = NewUser::parse("ida", "Ida Krogh", None, "therapist", "DK", None).unwrap();
    let from_december = NewMembership {
        team_id: team.id,
        position: Position::Therapist,
        since: day("2026-12-01"),
    };
    let user_created = event(AuditAction::UserCreate, ObjectKind::User);
    let member_added = event(AuditAction::TeamMemberAdd, ObjectKind::TeamMembership);
    let before = store.audit_events(0, 10_000).await.unwrap().len();

    let (user, member) = store
        .create_user_in_team(
            &ida,
            "$argon2id$fake",
            &from_december,
            &user_created,
            &member_added,
        )
        .await
        .unwrap();
    assert_eq!((user.username.as_str(), user.active), ("ida", true));
    assert_eq!(store.get_user(user.id).await.unwrap(), Some(user.clone()));
    assert_eq!(
        (
            member.team_id,
            member.user_id,
            member.position,
            member.since,
            member.until
        ),
        (
            team.id,
            user.id,
            Position::Therapist,
            day("2026-12-01"),
            None
        )
    );
    assert_eq!(member.display_name, "Ida Krogh");
    assert_eq!(
        store
            .list_team_members(team.id, day("2026-12-01"))
            .await
            .unwrap(),
        vec![member.clone()]
    );
    let events = check_chain(&*store).await;
    let written: Vec<(&str, Option<i64>)> = events[before..]
        .iter()
        .map(|e| (e.event.action.as_str(), e.event.object_id))
        .collect();
    assert_eq!(
        written,
        [
            ("user.create", Some(user.id.get())),
            ("team.member.add", Some(member.id))
        ]
    );

    // An unknown team: the account is not kept either.
    let kim = NewUser::parse("kim", "Kim Lund", None, "therapist", "DK", None).unwrap();
    let nowhere = NewMembership {
        team_id: TeamId::new(999_999),
        ..from_december
    };
    let refused = store
        .create_user_in_team(&kim, "x", &nowhere, &user_created, &member_added)
        .await;
    assert_eq!(not_found(refused), "team 999999");
    assert_eq!(store.find_user_by_username("kim").await.unwrap(), None);
    // A username already taken: no second membership.
    let taken = store
        .create_user_in_team(&ida, "x", &from_december, &user_created, &member_added)
        .await;
    assert_eq!(conflict(taken), msg!("username-taken", username = "ida"));
    assert_eq!(
        store
            .list_team_members(team.id, day("2026-12-01"))
            .await
            .unwrap()
            .len(),
        1
    );
    // Nothing of either refusal reached the audit log.
    assert_eq!(check_chain(&*store).await.len(), events.len());
}

rundt_testkit::scenarios!(store:
    reference_data_teams_users_and_memberships_round_trip_with_a_chained_audit,
    concurrent_migrations_apply_each_version_once,
    a_user_and_their_first_membership_are_stored_together_or_not_at_all,
);
