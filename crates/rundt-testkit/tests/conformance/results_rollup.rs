//! The adherence roll-up (migration 0023) against the fine adherence
//! summary it is added up from: on the same data, for every shape of
//! filter the dashboards use, the roll-up holds exactly the fine rows
//! summed over therapists (so the national and municipality dashboards,
//! which now read the roll-up, give the numbers they gave before), both as
//! kept on write and as the migration fills it for an existing installation.

use rundt_domain::audit::{AuditAction, ObjectKind};
use rundt_domain::country::Country;
use rundt_domain::id::{CaseId, UserId};
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::period::Month;
use rundt_domain::team::TeamId;
use rundt_store::{
    AdherenceRollupRow, Backend, NewAdherenceInterview, NewCase, ParticipantRole, Store,
    SummaryFilter,
};
use rundt_testkit::{TestDb, code};

use super::store_support::{day, dk_team, event, micros_now, person, prepared, therapist};

fn month(s: &str) -> Month {
    Month::parse(s).unwrap()
}

/// Every filter shape a dashboard reads with: national, a municipality, a
/// team, several teams, a team and a municipality; whole range and parts.
fn filters(teams: &[TeamId]) -> Vec<SummaryFilter> {
    let all = SummaryFilter {
        country: Country::DK,
        team_ids: None,
        municipality: None,
        from_month: month("2025-01"),
        to_month: month("2026-12"),
    };
    let mut out = vec![
        all.clone(),
        SummaryFilter {
            from_month: month("2026-02"),
            to_month: month("2026-03"),
            ..all.clone()
        },
        SummaryFilter {
            municipality: Some(code("0101")),
            ..all.clone()
        },
        SummaryFilter {
            municipality: Some(code("0751")),
            from_month: month("2026-03"),
            ..all.clone()
        },
        SummaryFilter {
            team_ids: Some(teams.to_vec()),
            ..all.clone()
        },
        SummaryFilter {
            team_ids: Some(vec![teams[0]]),
            municipality: Some(code("0101")),
            ..all.clone()
        },
        SummaryFilter {
            country: Country::NO,
            ..all.clone()
        },
    ];
    out.extend(teams.iter().map(|t| SummaryFilter {
        team_ids: Some(vec![*t]),
        ..all.clone()
    }));
    out
}

/// The roll-up equals the fine rows added up over therapists, for every
/// filter; returns the national roll-up.
async fn rollup_matches_fine_rows(store: &dyn Store, teams: &[TeamId]) -> Vec<AdherenceRollupRow> {
    for f in filters(teams) {
        let fine = store.adherence_summary(&f).await.unwrap();
        let rolled = store.adherence_rollup(&f).await.unwrap();
        assert_eq!(rolled, AdherenceRollupRow::roll_up(&fine), "filter {f:?}");
    }
    store.adherence_rollup(&filters(teams)[0]).await.unwrap()
}

async fn the_adherence_rollup_adds_up_the_fine_rows(db: TestDb) {
    let store = db.store.clone();
    prepared(&*store).await;
    let aarhus = dk_team(&*store, "MST Aarhus", "0751").await;
    let copenhagen = dk_team(&*store, "MST København", "0101").await;
    let mette = therapist(&*store, "mette", "Mette Hansen", "hash").await;
    let jonas = therapist(&*store, "jonas", "Jonas Berg", "hash").await;
    let ida = therapist(&*store, "ida", "Ida Holm", "hash").await;

    let case_create = event(AuditAction::CaseCreate, ObjectKind::Case);
    let new_case = async |team: TeamId, therapist: UserId, municipality: &str, kid: &str| {
        let case = NewCase {
            country: Country::DK,
            team_id: team,
            therapist_id: Some(therapist),
            referring_municipality: code(municipality),
            paying_municipalities: vec![code(municipality)],
            status: CaseStatus::InTreatment,
            referred_on: Some(day("2025-12-01")),
            treatment_start: Some(day("2026-01-05")),
            participants: vec![(person(kid, None), ParticipantRole::YoungPerson)],
            price: None,
        };
        store.create_case(&case, &case_create).await.unwrap().id
    };
    // Aarhus treats families from Aarhus and from its neighbour
    // København; København its own.
    let a1 = new_case(aarhus.id, mette.id, "0751", "Anna").await;
    let a2 = new_case(aarhus.id, jonas.id, "0751", "Bo").await;
    let a3 = new_case(aarhus.id, jonas.id, "0101", "Carl").await;
    let k1 = new_case(copenhagen.id, ida.id, "0101", "Dina").await;

    let interviewed = event(
        AuditAction::CaseAdherenceInterview,
        ObjectKind::AdherenceInterview,
    );
    let interview = async |case_id: CaseId, therapist: UserId, on: &str, score: Option<f64>| {
        let i = NewAdherenceInterview {
            case_id,
            interviewed_on: day(on),
            interviewer_id: therapist,
            therapist_id: therapist,
            respondent_id: None,
            mode: None,
            answers: vec![Some(5), Some(4), None],
            score,
            created_at: micros_now(),
        };
        store
            .record_adherence_interview(&i, &interviewed)
            .await
            .unwrap();
    };
    // February: three Aarhus families from 0751 by two therapists, one of
    // them interviewed twice (about two therapists: the family counts once,
    // with the therapist of its first interview that month).
    interview(a1, mette.id, "2026-02-03", Some(0.8)).await;
    interview(a1, jonas.id, "2026-02-17", Some(0.4)).await;
    interview(a2, jonas.id, "2026-02-10", None).await;
    interview(a3, jonas.id, "2026-02-11", Some(0.9)).await;
    interview(k1, ida.id, "2026-02-12", Some(0.7)).await;
    // March and April: fewer, some unscored.
    interview(a1, mette.id, "2026-03-03", Some(0.6)).await;
    interview(a3, jonas.id, "2026-03-09", None).await;
    interview(k1, ida.id, "2026-04-01", Some(0.95)).await;
    interview(k1, ida.id, "2026-04-20", Some(0.3)).await;

    let teams = [aarhus.id, copenhagen.id];
    let national = rollup_matches_fine_rows(&*store, &teams).await;
    let fine = store.adherence_summary(&filters(&teams)[0]).await.unwrap();
    assert!(
        national.len() < fine.len(),
        "the roll-up has fewer rows than the fine summary ({} against {})",
        national.len(),
        fine.len()
    );
    // Aarhus, 0751, February: three interviews of two families (mette's
    // and jonas's rows hold one family each, jonas's second interview of
    // a1 none), one unscored.
    let feb = national
        .iter()
        .find(|r| {
            r.team_id == aarhus.id
                && r.municipality_code == code("0751")
                && r.month == month("2026-02")
        })
        .unwrap();
    assert_eq!(
        (feb.counts.interviews, feb.counts.scored, feb.families),
        (3, 2, 2)
    );
    let k_april = national
        .iter()
        .find(|r| r.team_id == copenhagen.id && r.month == month("2026-04"))
        .unwrap();
    assert_eq!((k_april.counts.interviews, k_april.families), (2, 1));

    // An existing installation: the migration fills the roll-up from the
    // fine rows it finds, to the same rows.
    let migrations = match store.backend() {
        Backend::Sqlite => rundt_store_sqlite::MIGRATIONS,
        Backend::Postgres => rundt_store_postgres::MIGRATIONS,
    };
    let migration = migrations.iter().find(|m| m.version == 23).unwrap().sql;
    let start = migration.find("INSERT INTO adherence_rollup").unwrap();
    let end = start + migration[start..].find(';').unwrap();
    let fill = &migration[start..end];
    db.try_raw_execute(&format!(
        "BEGIN; DELETE FROM adherence_rollup; {fill}; COMMIT;"
    ))
    .await
    .unwrap();
    assert_eq!(rollup_matches_fine_rows(&*store, &teams).await, national);
}

rundt_testkit::scenarios!(store: the_adherence_rollup_adds_up_the_fine_rows);
