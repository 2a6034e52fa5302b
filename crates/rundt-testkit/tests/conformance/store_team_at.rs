//! A team read for its page through the `Store` trait: the team with its
//! programme model, its members on the day and its owners' names on the
//! day, in one read.

use rundt_domain::audit::{AuditAction, ObjectKind};
use rundt_domain::country::Country;
use rundt_domain::id::TeamId;
use rundt_domain::team::{NewTeam, Ownership, Position};
use rundt_testkit::{TestDb, code};

use super::store_support::*;

/// The team page's sections share one read of the team: its model, who is
/// in it on the day (a member who left is not, one who has not joined yet
/// is not), and each owner's name as it was on the day (Bergen's 2020
/// code names nobody in 2019).
async fn a_team_is_read_with_its_model_its_members_and_its_owners_names_on_the_day(db: TestDb) {
    let store = db.store.clone();
    prepared(&*store).await;
    let aarhus = dk_team(&*store, "MST Aarhus", "0751").await;
    let mette = therapist(&*store, "mette", "Mette Hansen", "hash-1").await;
    let ole = therapist(&*store, "ole", "Ole Berg", "hash-2").await;
    let anna = therapist(&*store, "anna", "Anna Holm", "hash-3").await;
    let mut joined = Vec::new();
    for (who, position, since) in [
        (&mette, Position::Therapist, "2026-01-01"),
        (&ole, Position::Therapist, "2026-03-01"),
        (&anna, Position::Supervisor, "2025-01-01"),
    ] {
        joined.push(
            join(&*store, aarhus.id, who.id, position, since)
                .await
                .unwrap(),
        );
    }
    let anna_in = &joined[2];
    let ended = event(AuditAction::TeamMemberEnd, ObjectKind::TeamMembership);
    store
        .end_team_membership(aarhus.id, anna_in.id, day("2026-02-15"), &ended)
        .await
        .unwrap();

    let in_february = store
        .team_at(aarhus.id, day("2026-02-01"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(in_february.team, aarhus);
    assert_eq!(
        in_february.model.as_ref().map(|m| m.code.as_str()),
        Some("MST")
    );
    let names = |at: &rundt_store::TeamAt| -> Vec<String> {
        at.members.iter().map(|m| m.display_name.clone()).collect()
    };
    assert_eq!(names(&in_february), ["Anna Holm", "Mette Hansen"]);
    assert_eq!(in_february.owner_names, [Some("Aarhus".to_owned())]);
    let in_march = store
        .team_at(aarhus.id, day("2026-03-01"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        names(&in_march),
        ["Mette Hansen", "Ole Berg"],
        "by position, then name; Anna left in February"
    );
    assert_eq!(
        in_march.members,
        store
            .list_team_members(aarhus.id, day("2026-03-01"))
            .await
            .unwrap()
    );

    let vest = western_team(&*store).await;
    let now = store
        .team_at(vest.id, day("2024-06-01"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(now.team, store.get_team(vest.id).await.unwrap().unwrap());
    let named: Vec<_> = now
        .team
        .owners
        .iter()
        .map(|o| o.municipality_code.to_string())
        .zip(now.owner_names.clone())
        .collect();
    assert_eq!(
        named,
        [
            ("0301".to_owned(), Some("Oslo".to_owned())),
            ("4601".to_owned(), Some("Bergen".to_owned())),
        ]
    );
    assert_eq!(now.model.as_ref().map(|m| m.code.as_str()), Some("MST-CAN"));
    assert!(now.members.is_empty());
    let before_the_reform = store
        .team_at(vest.id, day("2019-06-01"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        before_the_reform.owner_names,
        [Some("Oslo".to_owned()), None],
        "4601 was no municipality's code before 2020"
    );

    assert_eq!(
        store
            .team_at(TeamId::new(999_999), day("2026-03-01"))
            .await
            .unwrap(),
        None
    );
}

/// The teams list reads every team as its page would, in one call: each
/// one equal to reading it alone, in the teams list's order, members and
/// owners' names of the day kept to their own team.
async fn every_team_is_read_at_once_as_each_would_be_alone(db: TestDb) {
    let store = db.store.clone();
    prepared(&*store).await;
    assert!(store.teams_at(day("2026-03-01")).await.unwrap().is_empty());
    let aarhus = dk_team(&*store, "MST Aarhus", "0751").await;
    let odense = dk_team(&*store, "MST Odense", "0461").await;
    let mette = therapist(&*store, "mette", "Mette Hansen", "hash-1").await;
    let ole = therapist(&*store, "ole", "Ole Berg", "hash-2").await;
    join(
        &*store,
        aarhus.id,
        mette.id,
        Position::Therapist,
        "2026-01-01",
    )
    .await
    .unwrap();
    join(
        &*store,
        odense.id,
        ole.id,
        Position::Supervisor,
        "2026-02-01",
    )
    .await
    .unwrap();
    western_team(&*store).await;

    for on in ["2019-06-01", "2026-01-15", "2026-03-01"] {
        let all = store.teams_at(day(on)).await.unwrap();
        let listed: Vec<TeamId> = store
            .list_teams()
            .await
            .unwrap()
            .iter()
            .map(|t| t.id)
            .collect();
        assert_eq!(
            all.iter().map(|at| at.team.id).collect::<Vec<_>>(),
            listed,
            "in the teams list's order on {on}"
        );
        for at in &all {
            let alone = store.team_at(at.team.id, day(on)).await.unwrap();
            assert_eq!(Some(at), alone.as_ref(), "team {} on {on}", at.team.name);
        }
    }
    let in_march = store.teams_at(day("2026-03-01")).await.unwrap();
    let members_of = |name: &str| -> Vec<String> {
        in_march
            .iter()
            .find(|at| at.team.name == name)
            .map(|at| at.members.iter().map(|m| m.display_name.clone()).collect())
            .unwrap_or_default()
    };
    assert_eq!(members_of("MST Aarhus"), ["Mette Hansen"]);
    assert_eq!(members_of("MST Odense"), ["Ole Berg"]);
    assert!(members_of("MST Vest").is_empty());
    let in_2019 = store.teams_at(day("2019-06-01")).await.unwrap();
    let vest = in_2019
        .iter()
        .find(|at| at.team.name == "MST Vest")
        .unwrap();
    assert_eq!(vest.owner_names, [Some("Oslo".to_owned()), None]);
}

/// A Norwegian MST-CAN team owned 30/70 by Bergen (whose code is from
/// 2020) and Oslo, started in 2018.
async fn western_team(store: &dyn rundt_store::Store) -> rundt_domain::team::Team {
    let western = NewTeam {
        name: "MST Vest".into(),
        country: Country::NO,
        programme_model: "MST-CAN".into(),
        owners: vec![
            Ownership {
                municipality_code: code("4601"),
                share_bp: 3_000,
            },
            Ownership {
                municipality_code: code("0301"),
                share_bp: 7_000,
            },
        ],
        started_on: day("2018-01-01"),
    };
    let created = event(AuditAction::TeamCreate, ObjectKind::Team);
    store.create_team(&western, &created).await.unwrap()
}

rundt_testkit::scenarios!(store: a_team_is_read_with_its_model_its_members_and_its_owners_names_on_the_day, every_team_is_read_at_once_as_each_would_be_alone);
