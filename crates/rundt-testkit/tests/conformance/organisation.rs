//! The storage suite: every test here runs on SQLite by default and on
//! PostgreSQL when RUNDT_TEST_DATABASE_URL points at a server (`.ci/run`
//! runs both). Tests go through the use cases where a rule lives there.

use chrono::NaiveDate;
use rundt_app::organisation::{self, AddMember, CreateTeam, OwnerInput, TeamOverview};
use rundt_app::users::{self, CreateUser, CreatedUser, JoinTeam};
use rundt_app::{Actor, AppError, AppResult, reference};
use rundt_domain::audit::{AuditAction, Object, ObjectKind};
use rundt_domain::country::Country;
use rundt_domain::id::{TeamId, UserId};
use rundt_domain::team::{CompositionWarning, Ownership};
use rundt_store::{StoreError, TeamMember};
use rundt_testkit::TestApp;
use rundt_testkit::code;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn team_input(name: &str, country: &str, model: &str, owners: &[(&str, f64)]) -> CreateTeam {
    CreateTeam {
        name: name.into(),
        country: country.into(),
        programme_model: model.into(),
        owners: owners
            .iter()
            .map(|(c, s)| OwnerInput {
                municipality_code: (*c).into(),
                share_percent: *s,
            })
            .collect(),
        started_on: None,
    }
}

fn user_input(username: &str, role: &str, country: &str, municipality: Option<&str>) -> CreateUser {
    CreateUser {
        username: username.into(),
        display_name: format!("Name of {username}"),
        email: None,
        role: role.into(),
        country: country.into(),
        municipality_code: municipality.map(str::to_owned),
        password: Some("a long enough password".into()),
    }
}

/// Creates a team as the command line.
async fn create_team(
    t: &TestApp,
    name: &str,
    country: &str,
    model: &str,
    owners: &[(&str, f64)],
) -> AppResult<TeamOverview> {
    let input = team_input(name, country, model, owners);
    organisation::create_team(&t.app, &Actor::cli(), &input).await
}

/// Creates an account as the command line.
async fn create_user(
    t: &TestApp,
    username: &str,
    role: &str,
    country: &str,
    municipality: Option<&str>,
) -> AppResult<CreatedUser> {
    let input = user_input(username, role, country, municipality);
    users::create_user(&t.app, &Actor::cli(), &input).await
}

/// Places `user_id` in `team` as the command line, from `since` if given.
async fn add_member(
    t: &TestApp,
    team: TeamId,
    user_id: UserId,
    position: &str,
    since: Option<&str>,
) -> AppResult<TeamMember> {
    let member = AddMember {
        user_id,
        position: position.into(),
        since: since.map(day),
    };
    organisation::add_member(&t.app, &Actor::cli(), team, &member).await
}

/// Ends a membership as the command line, on `until` if given.
async fn end_membership(
    t: &TestApp,
    team: TeamId,
    membership: i64,
    until: Option<&str>,
) -> AppResult<TeamMember> {
    organisation::end_membership(&t.app, &Actor::cli(), team, membership, until.map(day)).await
}

/// Walks the whole audit chain and recomputes every hash.
async fn assert_chain_intact(t: &TestApp) -> usize {
    super::store_support::check_chain(&*t.store).await.len()
}

async fn migrations_are_recorded_and_running_them_again_does_nothing(t: TestApp) {
    let applied = t.store.applied_migrations().await.unwrap();
    assert_eq!(applied, super::store_support::all_migrations());
    assert!(t.store.migrate().await.unwrap().is_empty());
    t.store.health().await.unwrap();
}

async fn reference_data_holds_the_real_municipalities_and_syncing_again_changes_nothing(
    t: TestApp,
) {
    for (country, on, count) in [
        (Country::DK, "2026-11-25", 98),
        (Country::NO, "2026-11-25", 357),
        (Country::NO, "2023-06-30", 356),
    ] {
        let listed = t
            .store
            .list_municipalities(Some(country), Some(day(on)))
            .await
            .unwrap();
        assert_eq!(listed.len(), count, "{country:?} on {on}");
    }
    // Bærum was 3024 until the 2024 reform and 3201 after it.
    for (code, on, name) in [
        ("3024", "2023-06-30", Some("Bærum")),
        ("3024", "2024-06-30", None),
        ("3201", "2024-06-30", Some("Bærum")),
    ] {
        let found = t
            .store
            .find_municipality(Country::NO, &rundt_testkit::code(code), day(on))
            .await
            .unwrap();
        assert_eq!(found.map(|m| m.name).as_deref(), name, "{code} on {on}");
    }

    let again = reference::sync(&t.app).await.unwrap();
    assert_eq!(again.municipalities_added + again.municipalities_updated, 0);
    assert_eq!(again.programme_models_added, 0);
    let offices = t.store.list_national_offices().await.unwrap();
    assert_eq!(offices.len(), 2);
}

async fn programme_models_ship_with_the_mst_and_mst_can_norms(t: TestApp) {
    let models = t.store.list_programme_models().await.unwrap();
    let codes: Vec<_> = models.iter().map(|m| m.code.as_str()).collect();
    assert_eq!(codes, vec!["MST", "MST-CAN"]);
    let can = t
        .store
        .get_programme_model("MST-CAN")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((can.min_age, can.max_age), (6, 18));
    assert_eq!(can.max_families_per_therapist, 4);
    assert!(can.requires_crisis_caseworker && can.requires_psychiatrist);
    let mst = t.store.get_programme_model("MST").await.unwrap().unwrap();
    assert_eq!(
        (
            mst.min_age,
            mst.max_age,
            mst.min_therapists,
            mst.max_therapists
        ),
        (12, 17, 2, 4)
    );
}

async fn a_team_is_created_with_its_owners_and_the_write_is_audited(t: TestApp) {
    let before = assert_chain_intact(&t).await;
    let team = create_team(
        &t,
        "MST Vestegnen",
        "DK",
        "mst",
        &[("167", 50.0), ("0165", 25.0), ("153", 25.0)],
    )
    .await
    .unwrap();
    assert_eq!(team.programme_model.code, "MST");
    let owners: Vec<_> = team
        .owners
        .iter()
        .map(|o| {
            (
                o.municipality_code.as_str(),
                o.municipality_name.as_deref(),
                o.share_percent,
            )
        })
        .collect();
    assert_eq!(
        owners,
        vec![
            ("0167", Some("Hvidovre"), 50.0),
            ("0165", Some("Albertslund"), 25.0),
            ("0153", Some("Brøndby"), 25.0)
        ]
    );
    assert_eq!(team.version, 1);
    let after = assert_chain_intact(&t).await;
    assert_eq!(after, before + 1, "one audit event for one write");
    let last = t.store.audit_events(before as i64, 10).await.unwrap();
    assert_eq!(last[0].event.action, "team.create");
    assert_eq!(
        last[0].event.object_id,
        Some(team.id.get()),
        "the store fills in the new id"
    );

    let listed = t.store.list_teams().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].owners.len(), 3);
}

async fn a_second_team_with_the_same_name_in_the_same_country_is_a_conflict(t: TestApp) {
    let input = team_input("MST Oslo", "NO", "MST", &[("0301", 100.0)]);
    organisation::create_team(&t.app, &Actor::cli(), &input)
        .await
        .unwrap();
    let err = organisation::create_team(&t.app, &Actor::cli(), &input)
        .await
        .unwrap_err();
    assert!(
        matches!(err, AppError::Conflict(ref m) if m.code == "team-name-taken"),
        "{err:?}"
    );
    assert_eq!(
        t.store.list_teams().await.unwrap().len(),
        1,
        "nothing half-written"
    );
}

async fn owners_must_be_municipalities_of_the_teams_country_valid_today(t: TestApp) {
    // 3024 was Bærum's number until 2023; the clock says 2026.
    let err = create_team(&t, "MST-CAN Bærum", "NO", "MST-CAN", &[("3024", 100.0)])
        .await
        .unwrap_err();
    let AppError::Invalid(fields) = err else {
        panic!("{err:?}")
    };
    assert_eq!(fields[0].field, "owners[0].municipality_code");
    // A Danish code for a Norwegian team.
    assert!(
        create_team(&t, "MST X", "NO", "MST", &[("101", 100.0)])
            .await
            .is_err()
    );
    // An unknown model.
    let err = create_team(&t, "MST Y", "DK", "MST-XYZ", &[("0101", 100.0)])
        .await
        .unwrap_err();
    // The refusal names the models that are known.
    assert_eq!(err.message().code, "programme-model-unknown-known", "{err}");
    assert_eq!(
        err.message().arg("known"),
        Some(&rundt_domain::Arg::from("MST, MST-CAN")),
        "{err}"
    );
    assert!(t.store.list_teams().await.unwrap().is_empty());
}

async fn replacing_owners_needs_the_current_version_and_a_stale_edit_is_refused(t: TestApp) {
    let team = create_team(&t, "MST Aarhus", "DK", "MST", &[("0751", 100.0)])
        .await
        .unwrap();
    let owners = vec![
        OwnerInput {
            municipality_code: "0751".into(),
            share_percent: 70.0,
        },
        OwnerInput {
            municipality_code: "0741".into(),
            share_percent: 30.0,
        },
    ];
    let updated = organisation::replace_owners(&t.app, &Actor::cli(), team.id, 1, &owners)
        .await
        .unwrap();
    assert_eq!(updated.version, 2);
    assert_eq!(updated.owners.len(), 2);
    let stale = organisation::replace_owners(&t.app, &Actor::cli(), team.id, 1, &owners)
        .await
        .unwrap_err();
    assert!(
        matches!(stale, AppError::VersionMismatch { current: 2 }),
        "{stale:?}"
    );

    // Straight at the store: unknown team, stale version.
    let o = [Ownership {
        municipality_code: code("0751"),
        share_bp: 10_000,
    }];
    let ev = Actor::cli().event(
        rundt_testkit::test_now(),
        AuditAction::TeamOwnersReplace,
        Object::of(ObjectKind::Team),
    );
    assert!(matches!(
        t.store
            .replace_team_owners(TeamId::new(9999), 1, &o, &ev)
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        t.store.replace_team_owners(team.id, 1, &o, &ev).await,
        Err(StoreError::VersionMismatch { current: 2 })
    ));
    assert_chain_intact(&t).await;
}

async fn usernames_are_unique_and_municipal_roles_need_a_real_municipality(t: TestApp) {
    create_user(&t, "louise", "municipal_caseworker", "DK", Some("751"))
        .await
        .unwrap();
    let dup = create_user(&t, "louise", "therapist", "DK", None)
        .await
        .unwrap_err();
    assert!(matches!(dup, AppError::Conflict(_)));
    let bad = create_user(&t, "marte", "municipal_manager", "NO", Some("9999"))
        .await
        .unwrap_err();
    assert!(matches!(bad, AppError::Invalid(_)));
    let u = t
        .store
        .find_user_by_username("louise")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(u.municipality_code, Some(code("0751")));
    assert!(u.active);
    assert_eq!(t.store.list_users().await.unwrap().len(), 1);
}

async fn a_generated_password_is_returned_once_and_only_its_hash_is_kept(t: TestApp) {
    let mut input = user_input("ingrid", "supervisor", "NO", None);
    input.password = None;
    let created = users::create_user(&t.app, &Actor::cli(), &input)
        .await
        .unwrap();
    let password = created.generated_password.unwrap();
    assert_eq!(password.len(), 20);
    let short = CreateUser {
        password: Some("short".into()),
        ..user_input("ola", "therapist", "NO", None)
    };
    assert!(matches!(
        users::create_user(&t.app, &Actor::cli(), &short).await,
        Err(AppError::Invalid(_))
    ));
}

async fn staff_join_and_leave_teams_and_the_composition_is_checked_against_the_model(t: TestApp) {
    let team = create_team(&t, "MST-CAN Nord", "DK", "MST-CAN", &[("0851", 100.0)])
        .await
        .unwrap();
    assert!(team.warnings.contains(&CompositionWarning::NoSupervisor));
    let mut ids = Vec::new();
    for (name, role, position) in [
        ("hanne", "supervisor", "supervisor"),
        ("peter", "therapist", "therapist"),
        ("ida", "therapist", "therapist"),
        ("maja", "therapist", "therapist"),
        ("karin", "therapist", "crisis_caseworker"),
    ] {
        let u = create_user(&t, name, role, "DK", None).await.unwrap();
        let m = add_member(&t, team.id, u.user.id, position, Some("2026-01-01"))
            .await
            .unwrap();
        ids.push((u.user.id, m.id));
    }
    let overview = organisation::team_overview(&t.app, &Actor::cli(), team.id)
        .await
        .unwrap();
    assert_eq!(overview.members.len(), 5);
    assert_eq!(overview.warnings, vec![CompositionWarning::NoPsychiatrist]);

    // The same person twice in the same position is a conflict.
    let again = add_member(&t, team.id, ids[1].0, "therapist", None)
        .await
        .unwrap_err();
    assert!(matches!(again, AppError::Conflict(_)), "{again:?}");

    // A therapist leaves: history is kept, today's team shrinks.
    end_membership(&t, team.id, ids[3].1, Some("2026-11-01"))
        .await
        .unwrap();
    let overview = organisation::team_overview(&t.app, &Actor::cli(), team.id)
        .await
        .unwrap();
    assert_eq!(overview.members.len(), 4);
    assert!(
        overview
            .warnings
            .contains(&CompositionWarning::TooFewTherapists { count: 2, min: 3 })
    );
    let in_october = t
        .store
        .list_team_members(team.id, day("2026-10-15"))
        .await
        .unwrap();
    assert_eq!(in_october.len(), 5);
    let twice = end_membership(&t, team.id, ids[3].1, None)
        .await
        .unwrap_err();
    assert!(matches!(twice, AppError::Conflict(_)));
    let early = end_membership(&t, team.id, ids[2].1, Some("2025-01-01"))
        .await
        .unwrap_err();
    assert!(matches!(early, AppError::Conflict(_)));
    assert!(matches!(
        end_membership(&t, team.id, 424242, None).await,
        Err(AppError::NotFound(_))
    ));
    assert_chain_intact(&t).await;
}

async fn municipal_staff_cannot_be_placed_in_a_team_nor_staff_from_another_country(t: TestApp) {
    let team = create_team(&t, "MST Oslo", "NO", "MST", &[("0301", 100.0)])
        .await
        .unwrap();
    let cw = create_user(&t, "marte", "municipal_caseworker", "NO", Some("0301"))
        .await
        .unwrap();
    let dk = create_user(&t, "jonas", "therapist", "DK", None)
        .await
        .unwrap();
    for (user_id, position) in [(cw.user.id, "therapist"), (dk.user.id, "therapist")] {
        let err = add_member(&t, team.id, user_id, position, None)
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::Invalid(_)), "{err:?}");
    }
    let unknown = add_member(&t, team.id, UserId::new(999), "therapist", None)
        .await
        .unwrap_err();
    assert!(matches!(unknown, AppError::NotFound(_)));
}

async fn the_national_office_creates_an_account_straight_into_a_team_of_its_country(t: TestApp) {
    let aarhus = create_team(&t, "MST Aarhus", "DK", "MST", &[("0751", 100.0)])
        .await
        .unwrap();
    let oslo = create_team(&t, "MST Oslo", "NO", "MST", &[("0301", 100.0)])
        .await
        .unwrap();
    t.user("dk.office", "national_admin", "DK", None).await;
    t.user("mette", "supervisor", "DK", None).await;
    let today = t.app.clock.today();
    let office = t.actor_on("dk.office", today).await;
    let join = |team_id: TeamId, position: &str| JoinTeam {
        team_id,
        position: position.into(),
        since: Some(day("2026-12-01")),
    };
    let before = assert_chain_intact(&t).await;

    let made = users::create_user_in_team(
        &t.app,
        &office,
        &user_input("ida", "therapist", "DK", None),
        &join(aarhus.id, "therapist"),
    )
    .await
    .unwrap();
    assert!(
        made.created.generated_password.is_none(),
        "a password was given"
    );
    assert_eq!(made.membership.user_id, made.created.user.id);
    assert_eq!(made.membership.since, day("2026-12-01"));
    let events = t.store.audit_events(before as i64, 10).await.unwrap();
    let written: Vec<(&str, &str)> = events
        .iter()
        .map(|e| (e.event.action.as_str(), e.event.actor_role.as_str()))
        .collect();
    assert_eq!(
        written,
        [
            ("user.create", "national_admin"),
            ("team.member.add", "national_admin")
        ]
    );

    // A role that cannot hold the position, an unknown team and an unknown
    // position are refused before anything is written.
    for (username, role, join) in [
        ("kim", "consultant", join(aarhus.id, "supervisor")),
        ("lis", "therapist", join(TeamId::new(999_999), "therapist")),
        ("bo", "therapist", join(aarhus.id, "chief")),
    ] {
        let err = users::create_user_in_team(
            &t.app,
            &office,
            &user_input(username, role, "DK", None),
            &join,
        )
        .await
        .unwrap_err();
        assert!(matches!(err, AppError::Invalid(_)), "{username}: {err:?}");
        assert!(
            t.store
                .find_user_by_username(username)
                .await
                .unwrap()
                .is_none()
        );
    }
    // The Danish office does not staff a Norwegian team, and a supervisor
    // manages neither accounts nor teams: refused and audited.
    let err = users::create_user_in_team(
        &t.app,
        &office,
        &user_input("per", "therapist", "DK", None),
        &join(oslo.id, "therapist"),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, AppError::Forbidden(_)), "{err:?}");
    assert!(
        t.store
            .find_user_by_username("per")
            .await
            .unwrap()
            .is_none()
    );
    let mette = t.actor_on("mette", today).await;
    let err = users::create_user_in_team(
        &t.app,
        &mette,
        &user_input("eva", "therapist", "DK", None),
        &join(aarhus.id, "therapist"),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, AppError::Forbidden(_)), "{err:?}");
    let last = t.store.audit_events(0, 10_000).await.unwrap();
    let refusal = &last.last().unwrap().event;
    assert_eq!(
        (refusal.action.as_str(), refusal.outcome.as_str()),
        ("user.create", "denied")
    );
    let outcomes: Vec<(&str, &str)> = last[before..]
        .iter()
        .map(|e| (e.event.action.as_str(), e.event.outcome.as_str()))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("user.create", "success"),
            ("team.member.add", "success"),
            ("team.member.add", "denied"),
            ("user.create", "denied")
        ]
    );
    assert_chain_intact(&t).await;
}

rundt_testkit::scenarios!(app:
    migrations_are_recorded_and_running_them_again_does_nothing,
    the_national_office_creates_an_account_straight_into_a_team_of_its_country,
    reference_data_holds_the_real_municipalities_and_syncing_again_changes_nothing,
    programme_models_ship_with_the_mst_and_mst_can_norms,
    a_team_is_created_with_its_owners_and_the_write_is_audited,
    a_second_team_with_the_same_name_in_the_same_country_is_a_conflict,
    owners_must_be_municipalities_of_the_teams_country_valid_today,
    replacing_owners_needs_the_current_version_and_a_stale_edit_is_refused,
    usernames_are_unique_and_municipal_roles_need_a_real_municipality,
    a_generated_password_is_returned_once_and_only_its_hash_is_kept,
    staff_join_and_leave_teams_and_the_composition_is_checked_against_the_model,
    municipal_staff_cannot_be_placed_in_a_team_nor_staff_from_another_country,
);
