//! The case list through the `Store` trait: each backend writes only the
//! conditions a filter sets (so that it can use an index), and every one
//! of the filter's 32 shapes must list exactly the cases a hand filter
//! over all of them gives, newest first.

use rundt_domain::audit::{AuditAction, ObjectKind};
use rundt_domain::country::Country;
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::team::TeamId;
use rundt_domain::user::UserId;
use rundt_store::{CASE_FILTER_SHAPES, CaseFilter, CaseRecord, NewCase, ParticipantRole, Store};
use rundt_testkit::TestDb;
use rundt_testkit::code;

use super::store_support::*;

/// The filter of one shape, its conditions taken from `full`.
fn of_shape(shape: usize, full: &CaseFilter) -> CaseFilter {
    let set = |bit: usize| shape & (1 << bit) != 0;
    CaseFilter {
        country: full.country.filter(|_| set(0)),
        therapist_id: full.therapist_id.filter(|_| set(1)),
        municipality: full.municipality.clone().filter(|_| set(2)),
        team_ids: full.team_ids.clone().filter(|_| set(3)),
        statuses: full.statuses.clone().filter(|_| set(4)),
    }
}

/// What the filter should let through, worked out by hand.
fn lets_through(f: &CaseFilter, c: &CaseRecord) -> bool {
    f.country.is_none_or(|x| c.country == x)
        && f.therapist_id.is_none_or(|t| c.therapist_id == Some(t))
        && f.municipality
            .as_ref()
            .is_none_or(|m| &c.referring_municipality == m || c.paying_municipalities.contains(m))
        && f.team_ids.as_ref().is_none_or(|t| t.contains(&c.team_id))
        && f.statuses.as_ref().is_none_or(|s| s.contains(&c.status))
}

async fn a_case(
    store: &dyn Store,
    team_id: TeamId,
    therapist_id: Option<UserId>,
    referring: &str,
    paying: &[&str],
    status: CaseStatus,
) -> CaseRecord {
    let case = NewCase {
        country: Country::DK,
        team_id,
        therapist_id,
        referring_municipality: code(referring),
        paying_municipalities: paying.iter().map(|p| code(p)).collect(),
        status,
        referred_on: Some(day("2026-10-01")),
        treatment_start: None,
        participants: vec![(person("Barn", None), ParticipantRole::YoungPerson)],
        price: None,
    };
    store
        .create_case(&case, &event(AuditAction::CaseCreate, ObjectKind::Case))
        .await
        .unwrap()
}

async fn every_shape_of_the_case_list_lists_what_a_hand_filter_lists(db: TestDb) {
    let store = db.store.clone();
    prepared(&*store).await;
    let aarhus = dk_team(&*store, "MST Aarhus", "0751").await;
    let copenhagen = dk_team(&*store, "MST København", "0101").await;
    let mette = therapist(&*store, "mette", "Mette Hansen", "hash-1").await;
    let jonas = therapist(&*store, "jonas", "Jonas Lund", "hash-2").await;
    let (a, c) = (aarhus.id, copenhagen.id);
    use CaseStatus::*;
    for (team, who, referring, paying, status) in [
        (a, Some(mette.id), "0751", &["0751"][..], InTreatment),
        (
            a,
            Some(jonas.id),
            "0751",
            &["0751", "0101"][..],
            InTreatment,
        ),
        (a, None, "0751", &["0751"][..], Waiting),
        (c, Some(mette.id), "0101", &["0101"][..], Referred),
        (c, Some(jonas.id), "0101", &["0101"][..], Discharged),
        (c, None, "0147", &["0147", "0751"][..], Waiting),
    ] {
        a_case(&*store, team, who, referring, paying, status).await;
    }
    let all = store.list_cases(&CaseFilter::default()).await.unwrap();
    assert_eq!(all.len(), 6);
    assert!(all.windows(2).all(|w| w[0].id > w[1].id), "newest first");

    // Two sets of values, so that the shapes' intersections differ.
    let fulls = [
        CaseFilter {
            country: Some(Country::DK),
            therapist_id: Some(mette.id),
            municipality: Some(code("0101")),
            team_ids: Some(vec![c]),
            statuses: Some(vec![InTreatment, Referred]),
        },
        CaseFilter {
            country: Some(Country::DK),
            therapist_id: Some(jonas.id),
            municipality: Some(code("0751")),
            team_ids: Some(vec![a, c, TeamId::new(999)]),
            statuses: Some(vec![InTreatment, Waiting, Discharged]),
        },
    ];
    let ids = |cases: &[CaseRecord]| cases.iter().map(|c| c.id).collect::<Vec<_>>();
    for full in &fulls {
        for shape in 0..CASE_FILTER_SHAPES {
            let filter = of_shape(shape, full);
            assert_eq!(filter.shape(), shape);
            let expected: Vec<_> = all
                .iter()
                .filter(|c| lets_through(&filter, c))
                .cloned()
                .collect();
            let listed = store.list_cases(&filter).await.unwrap();
            assert_eq!(ids(&listed), ids(&expected), "{filter:?}");
            // Whole records, payers included, as the unfiltered list has them.
            assert_eq!(listed, expected, "{filter:?}");
        }
    }
    // The sweeps above are not empty by accident.
    let in_either_team = of_shape(1 << 3, &fulls[1]);
    assert_eq!(store.list_cases(&in_either_team).await.unwrap().len(), 6);
    let mettes_in_copenhagen = of_shape(0b1011, &fulls[0]);
    assert_eq!(
        store.list_cases(&mettes_in_copenhagen).await.unwrap().len(),
        1
    );
    let norwegian = CaseFilter {
        country: Some(Country::NO),
        ..CaseFilter::default()
    };
    assert!(store.list_cases(&norwegian).await.unwrap().is_empty());
}

rundt_testkit::scenarios!(store: every_shape_of_the_case_list_lists_what_a_hand_filter_lists);
