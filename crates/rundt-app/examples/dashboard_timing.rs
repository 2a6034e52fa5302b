//! Times `results::dashboard` on a generated data set (rundt-bench's
//! `national-10y`), in-process, without building rundt-web: the six cases of
//! `rundt-bench`'s dashboard bench with the first page of families (what a
//! page shows), and the team's ten years with every family (what an export
//! reads), each called N times one after the other, nearest-rank
//! p50/p95/p99. The first call of each case is timed
//! apart: it is the cold one that reads the summary rows (its figures are
//! then kept in the app's cache, so the others are warm). Usage:
//! `cargo run --release -p rundt-app --example dashboard_timing -- <dir> [calls]`
//! where `<dir>` holds `rundt.sqlite3` and `generated` (a copy: the team
//! dashboards write audit events, and the first open migrates).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a measuring tool may panic"
)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rundt_app::clock::FixedClock;
use rundt_app::protect::FieldKeys;
use rundt_app::results::{self, DashboardRequest, FamilyTable, Scope};
use rundt_app::{App, auth};
use rundt_domain::country::Country;
use rundt_domain::id::UserId;
use rundt_domain::indicators::Denominator;
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::period::{Grouping, Month, MonthRange};
use rundt_domain::team::TeamId;
use rundt_store::Store;
use rundt_store_sqlite::SqliteStore;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::PathBuf::from(&args[1]);
    let calls: usize = args.get(2).and_then(|c| c.parse().ok()).unwrap_or(200);
    let ids: Vec<i64> = std::fs::read_to_string(dir.join("generated"))
        .unwrap()
        .split_whitespace()
        .map(|x| x.parse().unwrap())
        .collect();
    let (team, supervisor, admin, manager) = (
        TeamId::new(ids[0]),
        UserId::new(ids[1]),
        UserId::new(ids[2]),
        UserId::new(ids[3]),
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let now = NaiveDate::from_ymd_opt(2026, 11, 25)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
        .and_utc();
    let started = Instant::now();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_in(&dir).unwrap());
    let app = App::new(
        store,
        Arc::new(FixedClock(now)),
        Arc::new(rundt_app::keyring::KeyRing::from(FieldKeys::from_bytes(
            &[7u8; 64],
        ))),
    );
    let applied = rt.block_on(app.prepare()).unwrap();
    eprintln!(
        "opened in {:.1} s (migrations applied now: {applied:?})",
        started.elapsed().as_secs_f64()
    );
    let today = now.date_naive();
    let last12 = MonthRange::last_twelve_months(today);
    let to = Month::of(today);
    let ten = MonthRange::new(to.minus(119), to).unwrap();
    let req = |scope: Scope, range: MonthRange| DashboardRequest {
        scope,
        range,
        grouping: Grouping::Quarter,
        denominator: Denominator::AllDischarges,
    };
    let muni = Scope::Municipality(MunicipalityCode::from_stored("0101").unwrap());
    let act = |u| rt.block_on(auth::act_as(&app, u)).unwrap();
    let (a, m, s) = (act(admin), act(manager), act(supervisor));
    let cases = [
        (
            "national_12_months",
            &a,
            req(Scope::National(Country::DK), last12),
        ),
        (
            "national_10_years",
            &a,
            req(Scope::National(Country::DK), ten),
        ),
        ("municipality_12_months", &m, req(muni.clone(), last12)),
        ("municipality_10_years", &m, req(muni, ten)),
        (
            "team_12_months_with_families",
            &s,
            req(Scope::Team(team), last12),
        ),
        (
            "team_10_years_with_families",
            &s,
            req(Scope::Team(team), ten),
        ),
        (
            "team_10_years_every_family_as_exported",
            &s,
            req(Scope::Team(team), ten),
        ),
    ];
    for (name, actor, r) in &cases {
        // What a page shows: the first page of families; an export: all.
        let table = if name.ends_with("as_exported") {
            FamilyTable::All
        } else {
            FamilyTable::Page(1)
        };
        let t = Instant::now();
        let d = rt
            .block_on(results::dashboard(&app, actor, r, table))
            .unwrap();
        let cold = t.elapsed();
        let mut samples: Vec<Duration> = Vec::with_capacity(calls);
        for _ in 0..calls {
            let t = Instant::now();
            let d = rt
                .block_on(results::dashboard(&app, actor, r, table))
                .unwrap();
            samples.push(t.elapsed());
            std::hint::black_box(d);
        }
        samples.sort_unstable();
        let ms = |p: usize| samples[(calls * p).div_ceil(100).max(1) - 1].as_secs_f64() * 1e3;
        println!(
            "{name}: cold {:.2} ms; warm p50 {:.2} ms  p95 {:.2} ms  p99 {:.2} ms  max {:.2} ms  (n={calls}; discharges {}, families {} of {}, by_team {}, by_municipality {})",
            cold.as_secs_f64() * 1e3,
            ms(50),
            ms(95),
            ms(99),
            samples[calls - 1].as_secs_f64() * 1e3,
            d.totals.indicators.discharges,
            d.families.as_ref().map_or(0, Vec::len),
            d.families_total.unwrap_or(0),
            d.by_team.len(),
            d.by_municipality.len(),
        );
    }
}
