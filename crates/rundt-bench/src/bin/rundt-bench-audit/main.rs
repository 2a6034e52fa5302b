//! `rundt-bench-audit <data set> [--scale F] [--database-url URL]`: adds the
//! reads and logins of the data set's ten years to its audit log (≈30 M
//! events for `national-10y`), bulk-written with a valid hash chain.
//!
//! `rundt-bench-audit <data set> --measure [--calls N] [--full] [--database-url URL]`:
//! times the auditor's pages and the verification (routine; with `--full`
//! the full one too) on the data set as it is.
//!
//! The log stays in time order: the viewers list it newest first by `seq`,
//! so reads of 2017 must not come after the writes of 2026. The generator
//! therefore verifies the existing chain, reads it, merges it by time with
//! the generated events, and rewrites the whole table with fresh sequence
//! numbers, each hash computed by `rundt_domain::audit::chain_hash` (the
//! store's own). A generated data set has no signed checkpoints yet, so
//! renumbering invalidates nothing; do not run this on a live installation.
#![forbid(unsafe_code)]

mod measure;
mod plan;
mod postgres;
mod sqlite;

use std::time::Instant;

use rundt_app::audit_log;
use rundt_domain::audit::{GENESIS_HASH, RecordedEvent, chain_hash};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// One event of the rewritten log.
pub struct Row {
    pub seq: i64,
    pub event: RecordedEvent,
    pub prev_hash: String,
    pub hash: String,
}

/// Where the rewritten rows go.
pub trait Sink {
    fn write(&mut self, rows: &[Row]) -> Result<()>;
}

/// Rows per transaction.
const BATCH: usize = 50_000;

struct Args {
    set: String,
    database_url: Option<String>,
    scale: f64,
    measure: bool,
    dry_run: bool,
    full: bool,
    calls: usize,
}

fn args() -> Result<Args> {
    let mut a = Args {
        set: String::new(),
        database_url: None,
        scale: 1.0,
        measure: false,
        dry_run: false,
        full: false,
        calls: 200,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--database-url" => a.database_url = it.next(),
            "--scale" => a.scale = it.next().ok_or("--scale needs a number")?.parse()?,
            "--calls" => a.calls = it.next().ok_or("--calls needs a number")?.parse()?,
            "--measure" => a.measure = true,
            "--dry-run" => a.dry_run = true,
            "--full" => a.full = true,
            other if !other.starts_with('-') && a.set.is_empty() => a.set = other.to_owned(),
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    if a.set.is_empty() && a.database_url.is_none() {
        return Err(
            "usage: rundt-bench-audit <data set> [--database-url URL] [--scale F] \
                    [--dry-run] | --measure [--calls N] [--full]"
                .into(),
        );
    }
    Ok(a)
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rundt-bench-audit: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    let a = args()?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let dir = rundt_bench::data_dir(&a.set);
    let (app, store) = rt.block_on(measure::open(&dir, a.database_url.as_deref()))?;
    if a.measure {
        return rt.block_on(measure::run(&app, &store, a.calls, a.full));
    }
    let started = Instant::now();
    let existing = rt.block_on(read_existing(&app, &*store))?;
    println!(
        "existing log: {} events, chain intact ({:.1} s)",
        existing.len(),
        started.elapsed().as_secs_f64()
    );
    drop((app, store));
    let population = match &a.database_url {
        None => {
            let conn = sqlite::connect(&dir)?;
            (sqlite::users(&conn)?, sqlite::cases(&conn)?)
        }
        Some(url) => {
            let client = postgres::connect(&rt, url)?;
            (
                postgres::users(&rt, &client)?,
                postgres::cases(&rt, &client)?,
            )
        }
    };
    let population = plan::Population {
        users: population.0,
        cases: population.1,
        existing,
    };
    let habits = plan::Habits::scaled(a.scale);
    let mut plan = plan::Plan::new(&population, habits).ok_or("the audit log is empty")?;
    if a.dry_run {
        let mut n = 0u64;
        for day in plan.first_day.iter_days().take(plan.days() as usize) {
            n += plan.day(day).len() as u64;
        }
        println!("would write {n} events over {} days", plan.days());
        return Ok(());
    }
    let load = Instant::now();
    let written = match &a.database_url {
        None => {
            let mut sink = sqlite::SqliteSink::begin(sqlite::connect(&dir)?)?;
            let n = rechain(&mut plan, &mut sink)?;
            report_load(n, load);
            sink.finish(|line| println!("  {line}"))?;
            n
        }
        Some(url) => {
            let client = postgres::connect(&rt, url)?;
            let mut sink = postgres::PgSink::begin(&rt, client)?;
            let n = rechain(&mut plan, &mut sink)?;
            report_load(n, load);
            sink.finish(|line| println!("  {line}"))?;
            n
        }
    };
    let total = started.elapsed().as_secs_f64();
    println!(
        "done: {written} events in {total:.0} s ({:.0} events/s overall, indexes included)",
        written as f64 / total
    );
    let size = match &a.database_url {
        None => format!("{} MB", rundt_bench::database_bytes(&dir) / 1_000_000),
        Some(url) => {
            let client = postgres::connect(&rt, url)?;
            let row = rt.block_on(client.query_one(
                "SELECT pg_total_relation_size('audit_events') / 1000000, \
                        pg_database_size(current_database()) / 1000000",
                &[],
            ))?;
            let (t, d): (i64, i64) = (row.get(0), row.get(1));
            format!("audit_events {t} MB, database {d} MB")
        }
    };
    println!("database size: {size}");
    Ok(())
}

fn report_load(n: u64, load: Instant) {
    let s = load.elapsed().as_secs_f64();
    println!(
        "loaded {n} events in {s:.0} s ({:.0} events/s, hashing and inserting); rebuilding indexes",
        n as f64 / s
    );
}

/// Every stored event, after a full verification (a tampered log is not
/// laundered into a fresh chain), in time order (ties keep their order).
async fn read_existing(
    app: &rundt_app::App,
    store: &dyn rundt_store::Store,
) -> Result<Vec<RecordedEvent>> {
    let report = audit_log::verify(app).await?;
    if !report.is_intact() {
        return Err(format!(
            "the audit log does not verify ({} problem(s)); not rewriting it",
            report.problems.len()
        )
        .into());
    }
    let mut out = Vec::with_capacity(report.events as usize);
    let mut after = 0;
    loop {
        let batch = store.audit_events(after, 10_000).await?;
        let Some(last) = batch.last() else { break };
        after = last.seq;
        out.extend(batch.into_iter().map(|e| e.event));
    }
    out.sort_by_key(|e| e.at);
    Ok(out)
}

/// Writes the merged log day by day, chained from the genesis hash;
/// reports progress and an estimate of the time left. Returns the count.
fn rechain(plan: &mut plan::Plan<'_>, sink: &mut dyn Sink) -> Result<u64> {
    let days = plan.days();
    let started = Instant::now();
    let mut last_report = Instant::now();
    let mut prev = GENESIS_HASH.to_owned();
    let mut seq = 0i64;
    let mut batch: Vec<Row> = Vec::with_capacity(BATCH);
    for (i, day) in plan.first_day.iter_days().take(days as usize).enumerate() {
        for event in plan.day(day) {
            seq += 1;
            let hash = chain_hash(&prev, seq, &event);
            let prev_hash = std::mem::replace(&mut prev, hash.clone());
            batch.push(Row {
                seq,
                event,
                prev_hash,
                hash,
            });
            if batch.len() >= BATCH {
                sink.write(&batch)?;
                batch.clear();
            }
        }
        if last_report.elapsed().as_secs() >= 5 {
            last_report = Instant::now();
            let done = (i + 1) as f64 / days as f64;
            let elapsed = started.elapsed().as_secs_f64();
            println!(
                "  {day}: {seq} events, {:.0}/s, {:.1}% of the days, about {:.0} s left",
                seq as f64 / elapsed,
                done * 100.0,
                elapsed * (1.0 - done) / done
            );
        }
    }
    sink.write(&batch)?;
    Ok(seq as u64)
}
