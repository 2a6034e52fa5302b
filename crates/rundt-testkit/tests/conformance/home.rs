//! The family's home details on both backends: the therapist keeps the
//! address and phones in versions, a stale version is refused, a home
//! without a phone says so and stores nothing, a colleague not on the
//! family and the municipality's caseworker write none of it, and nothing
//! is written for a family no longer in treatment. Every save is audited.

use chrono::NaiveDate;
use rundt_app::{AppError, home};
use rundt_domain::audit::AuditAction;
use rundt_domain::discharge::{DischargeReason, UltimateOutcomes};
use rundt_domain::home::{HomeDetails, HomePhone};
use rundt_testkit::{Family, TestApp};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const TODAY: &str = "2026-11-25";

fn home_of_mette_and_oliver() -> HomeDetails {
    HomeDetails {
        address: " Søndergade 4, 1. tv., 8000 Aarhus C ".into(),
        phones: vec![HomePhone {
            who: "Mor".into(),
            number: "+45 20 30 40 50".into(),
        }],
        getting_there: "Dørtelefon virker ikke, ring på mobilen".into(),
    }
}

async fn family(t: &TestApp) -> Family {
    let (team, _) = t.aarhus_team().await;
    t.start_family(team, "louise", "mette", "jonas", day("2026-10-05"))
        .await
}

async fn the_therapist_keeps_the_familys_home_in_versions(t: TestApp) {
    let f = family(&t).await;
    let jonas = t.actor_on("jonas", day(TODAY)).await;
    let first = home::save_home(&t.app, &jonas, f.case_id, &home_of_mette_and_oliver(), None)
        .await
        .unwrap();
    assert_eq!(first.version, 1);
    assert_eq!(first.home.address, "Søndergade 4, 1. tv., 8000 Aarhus C");
    let second = home::save_home(
        &t.app,
        &jonas,
        f.case_id,
        &home_of_mette_and_oliver(),
        Some(1),
    )
    .await
    .unwrap();
    assert_eq!(second.version, 2);
    let stale = home::save_home(
        &t.app,
        &jonas,
        f.case_id,
        &home_of_mette_and_oliver(),
        Some(1),
    )
    .await;
    assert!(
        matches!(stale, Err(AppError::VersionMismatch { current: 2 })),
        "{stale:?}"
    );
    let mut no_phone = home_of_mette_and_oliver();
    no_phone.phones.clear();
    let refused = home::save_home(&t.app, &jonas, f.case_id, &no_phone, Some(2)).await;
    let Err(AppError::Invalid(fields)) = refused else {
        panic!("{refused:?}");
    };
    assert_eq!(fields[0].field, "phones");
    let versions = t.store.homes(f.case_id).await.unwrap();
    assert_eq!(versions.len(), 2, "nothing stored by a refusal");
    assert_eq!(versions[0].version, 2, "newest first");
    let saves = t
        .store
        .audit_events(0, 100_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| {
            e.event.action == AuditAction::CaseHomeSave.as_str()
                && e.event.object_id == Some(f.case_id.get())
        })
        .count();
    assert_eq!(saves, 2, "each save audited");
}

async fn only_the_familys_own_team_writes_its_home(t: TestApp) {
    let f = family(&t).await;
    for who in ["sofie", "louise"] {
        let actor = t.actor_on(who, day(TODAY)).await;
        let theirs =
            home::save_home(&t.app, &actor, f.case_id, &home_of_mette_and_oliver(), None).await;
        assert!(
            matches!(theirs, Err(AppError::Forbidden(_))),
            "{who}: {theirs:?}"
        );
    }
    let mette = t.actor_on("mette", day(TODAY)).await;
    home::save_home(&t.app, &mette, f.case_id, &home_of_mette_and_oliver(), None)
        .await
        .unwrap();
    assert_eq!(t.count_rows("home_details").await, 1);
}

async fn no_home_is_written_for_a_family_no_longer_in_treatment(t: TestApp) {
    let mut f = family(&t).await;
    let good = UltimateOutcomes {
        living_at_home: true,
        in_school_or_working: true,
        no_new_arrests: true,
    };
    t.discharge_family(
        &mut f,
        "jonas",
        day("2026-11-20"),
        DischargeReason::Completed,
        good,
    )
    .await;
    let jonas = t.actor_on("jonas", day(TODAY)).await;
    let late = home::save_home(&t.app, &jonas, f.case_id, &home_of_mette_and_oliver(), None).await;
    assert!(matches!(late, Err(AppError::Conflict(_))), "{late:?}");
    assert_eq!(t.count_rows("home_details").await, 0);
}

rundt_testkit::scenarios!(app:
    the_therapist_keeps_the_familys_home_in_versions,
    only_the_familys_own_team_writes_its_home,
    no_home_is_written_for_a_family_no_longer_in_treatment,
);
