//! Criterion benchmarks of the dashboards (`rundt_app::results::dashboard`,
//! in-process, no HTTP) on `national-1y` and `national-10y`:
//! - national, as the national administrator, over 12 months and 10 years;
//! - municipality, as the municipality's manager, over 12 months and 10 years;
//! - team, as the team's supervisor, over 12 months and 10 years: this one
//!   also builds the per-family table, writing one audit event per family
//!   in the read's transaction, and the interview reminders.
//!
//! Before criterion measures, each case is called `RUNDT_BENCH_CALLS`
//! times (default 200) one after the other and the per-call latencies are
//! printed as p50/p95/p99/max (criterion reports means and medians of
//! samples); so are the store's three summary reads of the national
//! ten-year dashboard alone (outcomes, the adherence roll-up, supervision),
//! to show the share of SQLite.
//!
//! Each data set is copied to `target/bench-data/<name>.run` first and the
//! copy is measured, since the team dashboards write audit events.
//! `national-1y` is generated if missing (about 30 s); `national-10y` is
//! skipped with a message unless generated beforehand by
//! `cargo run --release -p rundt-bench --bin rundt-bench-data -- national-10y`.
//! `RUNDT_BENCH_SETS=national-10y` picks the data sets (comma-separated).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "benchmark set-up may panic"
)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use rundt_app::results::{self, DashboardRequest, FamilyTable, Scope};
use rundt_app::{Actor, App};
use rundt_bench::{
    Percentiles, data_dir, database_bytes, generated_ids, open, open_with_store, scratch_copy,
    user_actor,
};
use rundt_domain::country::Country;
use rundt_domain::indicators::Denominator;
use rundt_domain::period::{Grouping, Month, MonthRange};
use rundt_seed::generate::{Generated, Scale, first_municipality, generate};
use rundt_store::{Store, SummaryFilter};

struct Case {
    name: &'static str,
    actor: Actor,
    req: DashboardRequest,
}

fn ranges(app: &App) -> (MonthRange, MonthRange) {
    let last12 = MonthRange::last_twelve_months(app.clock.today());
    let to = Month::of(app.clock.today());
    let ten_years = MonthRange::new(to.minus(119), to).unwrap();
    (last12, ten_years)
}

fn cases(app: &App, rt: &tokio::runtime::Runtime, ids: Generated, scale: Scale) -> Vec<Case> {
    let (last12, ten_years) = ranges(app);
    let (admin, manager, supervisor) = rt.block_on(async {
        (
            user_actor(app, ids.national_admin).await.unwrap(),
            user_actor(app, ids.manager).await.unwrap(),
            user_actor(app, ids.supervisor).await.unwrap(),
        )
    });
    let req = |scope: Scope, range: MonthRange| DashboardRequest {
        scope,
        range,
        grouping: Grouping::Quarter,
        denominator: Denominator::AllDischarges,
    };
    let municipality = Scope::Municipality(
        rundt_domain::municipality::MunicipalityCode::from_stored(first_municipality(&scale))
            .expect("the generator names four-digit codes"),
    );
    vec![
        Case {
            name: "national_12_months",
            actor: admin.clone(),
            req: req(Scope::National(Country::DK), last12),
        },
        Case {
            name: "national_10_years",
            actor: admin,
            req: req(Scope::National(Country::DK), ten_years),
        },
        Case {
            name: "municipality_12_months",
            actor: manager.clone(),
            req: req(municipality.clone(), last12),
        },
        Case {
            name: "municipality_10_years",
            actor: manager,
            req: req(municipality, ten_years),
        },
        Case {
            name: "team_12_months_with_families",
            actor: supervisor.clone(),
            req: req(Scope::Team(ids.team), last12),
        },
        Case {
            name: "team_10_years_with_families",
            actor: supervisor,
            req: req(Scope::Team(ids.team), ten_years),
        },
    ]
}

/// An opened data set: the app, and the store under it.
type Opened = (App, Arc<dyn Store>);

/// Opens a data set, generating `national-1y` (or `small`) when missing.
fn prepare(rt: &tokio::runtime::Runtime, name: &str) -> Option<(Opened, Generated, Scale)> {
    let scale = Scale::named(name)?;
    let dir = data_dir(name);
    if let Some(ids) = generated_ids(&dir) {
        let run = scratch_copy(name).unwrap();
        return Some((rt.block_on(open_with_store(&run)).unwrap(), ids, scale));
    }
    if scale.years > 1 {
        eprintln!(
            "skipping {name}: not generated; run `cargo run --release -p rundt-bench --bin rundt-bench-data -- {name}` first"
        );
        return None;
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let app = rt.block_on(open(&dir)).unwrap();
    let started = Instant::now();
    let ids = rt.block_on(generate(&app, scale)).unwrap();
    std::fs::write(dir.join("generated"), ids.to_line()).unwrap();
    eprintln!(
        "generated {name} in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    drop(app);
    let run = scratch_copy(name).unwrap();
    Some((rt.block_on(open_with_store(&run)).unwrap(), ids, scale))
}

fn benches(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let sets =
        std::env::var("RUNDT_BENCH_SETS").unwrap_or_else(|_| "national-1y,national-10y".into());
    let calls: usize = std::env::var("RUNDT_BENCH_CALLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    for name in sets.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let Some(((app, store), ids, scale)) = prepare(&rt, name) else {
            continue;
        };
        eprintln!(
            "data set {name} (copied to {name}.run): {} MB; {ids:?}",
            database_bytes(&data_dir(name)) / 1_000_000
        );
        let cases = cases(&app, &rt, ids, scale);

        // Per-call latencies, one call after the other.
        for case in &cases {
            let d = rt
                .block_on(results::dashboard(
                    &app,
                    &case.actor,
                    &case.req,
                    FamilyTable::Page(1),
                ))
                .unwrap();
            let families = d.families.as_ref().map_or(0, Vec::len);
            let mut samples = Vec::with_capacity(calls);
            for _ in 0..calls {
                let started = Instant::now();
                let d = rt
                    .block_on(results::dashboard(
                        &app,
                        &case.actor,
                        &case.req,
                        FamilyTable::Page(1),
                    ))
                    .unwrap();
                samples.push(started.elapsed());
                std::hint::black_box(d);
            }
            if let Some(p) = Percentiles::of(&samples) {
                eprintln!(
                    "latency {name}/{}: {} (discharges in range {}, per-family rows {families})",
                    case.name,
                    p.line(),
                    d.totals.indicators.discharges
                );
            }
        }

        // The share of the store: the three summary reads of the national
        // dashboard over ten years, without the grouping in the app.
        let (_, ten_years) = ranges(&app);
        let filter = SummaryFilter {
            country: Country::DK,
            team_ids: None,
            municipality: None,
            from_month: ten_years.from,
            to_month: ten_years.to,
        };
        let mut samples = Vec::with_capacity(calls);
        let mut rows = 0;
        for _ in 0..calls {
            let started = Instant::now();
            rows = rt.block_on(async {
                store.outcome_summary(&filter).await.unwrap().len()
                    + store.adherence_rollup(&filter).await.unwrap().len()
                    + store.supervision_summary(&filter).await.unwrap().len()
            });
            samples.push(started.elapsed());
        }
        if let Some(p) = Percentiles::of(&samples) {
            eprintln!(
                "latency {name}/store_summary_reads_national_10_years: {} ({rows} summary rows)",
                p.line()
            );
        }

        let mut group = c.benchmark_group(format!("dashboard/{name}"));
        group
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_secs(2))
            .measurement_time(Duration::from_secs(6))
            .sample_size(30);
        for case in &cases {
            group.bench_function(case.name, |b| {
                b.to_async(&rt).iter(|| {
                    let (app, actor, req) = (app.clone(), case.actor.clone(), case.req.clone());
                    async move {
                        std::hint::black_box(
                            results::dashboard(&app, &actor, &req, FamilyTable::Page(1))
                                .await
                                .unwrap(),
                        );
                    }
                });
            });
        }
        group.finish();
    }
}

criterion_group!(dashboard, benches);
criterion_main!(dashboard);
