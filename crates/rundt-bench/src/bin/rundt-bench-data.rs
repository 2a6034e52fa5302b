//! Generates a benchmark data set ahead of `cargo bench` and the load test:
//! `cargo run --release -p rundt-bench --bin rundt-bench-data -- national-1y`
//! (or `national-10y`, `small`, `small-10y`). With
//! `--database-url postgres://…/NAME` the data set is generated into that
//! PostgreSQL database (created if missing, emptied first) through the same
//! seed and the PostgreSQL store; its ids are kept in
//! `target/bench-data/<set>@NAME/generated`.
//!
//! `--teams-at-once N` generates N teams at the same time (default 1; on
//! PostgreSQL, whose server works on the other core, 4 at once took a third
//! of the time for `small-10y`; `world-10y` was generated 8 at once).
//! On PostgreSQL the generator's own connections commit without waiting for
//! the WAL flush (`synchronous_commit = off`, for these connections only):
//! a crash while generating loses a data set that is generated again anyway,
//! and the load tool checkpoints the database before each run.

#![forbid(unsafe_code)]

use std::sync::Arc;
use std::time::Instant;

use rundt_app::clock::FixedClock;
use rundt_app::{App, AppError, AppResult};
use rundt_bench::load::server::marker_dir;
use rundt_bench::{bench_keys, bench_now, data_dir, database_bytes, open};
use rundt_seed::generate::{Generated, SCALE_NAMES, Scale, describe, generate_concurrently};

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut name = "national-1y".to_owned();
    let mut url = None;
    let mut at_once = 1;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--database-url" => url = it.next().cloned(),
            "--teams-at-once" => match it.next().and_then(|n| n.parse::<usize>().ok()) {
                Some(n) if n > 0 => at_once = n,
                _ => {
                    eprintln!("--teams-at-once takes a number of teams, 1 or more");
                    return std::process::ExitCode::FAILURE;
                }
            },
            s if !s.starts_with("--") => name = s.to_owned(),
            s => {
                eprintln!(
                    "unknown option {s}; use SET [--database-url postgres://…/NAME] [--teams-at-once N]"
                );
                return std::process::ExitCode::FAILURE;
            }
        }
    }
    let Some(scale) = Scale::named(&name) else {
        eprintln!("unknown scale '{name}'; use one of {SCALE_NAMES}");
        return std::process::ExitCode::FAILURE;
    };
    let dir = marker_dir(&name, url.as_deref());
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("cannot create {}: {e}", dir.display());
        return std::process::ExitCode::FAILURE;
    }
    let rt = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("no runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let started = Instant::now();
    let result = rt.block_on(async {
        let app = match &url {
            Some(url) => postgres_app(url).await?,
            None => open(&dir).await?,
        };
        generate_concurrently(&app, scale, at_once, &mut |done, teams| {
            report_progress(started, done, teams)
        })
        .await
    });
    match result {
        Ok(ids) => finish(&name, scale, &dir, url.is_some(), ids, started),
        Err(e) => {
            eprintln!(
                "generation failed after {:.1} s: {e}",
                started.elapsed().as_secs_f64()
            );
            std::process::ExitCode::FAILURE
        }
    }
}

/// One line on stderr after each team: how far, how long so far, and the
/// time left at the pace so far.
fn report_progress(started: Instant, done: usize, teams: usize) {
    let elapsed = started.elapsed().as_secs_f64();
    let left = elapsed / done.max(1) as f64 * teams.saturating_sub(done) as f64;
    eprintln!(
        "team {done} of {teams} ({:.0} %), {:.0} s so far, about {:.0} s left",
        100.0 * done as f64 / teams.max(1) as f64,
        elapsed,
        left
    );
}

/// An app over a fresh PostgreSQL database at `url` (the database is
/// dropped and created again on the same server), on the benchmark clock.
async fn postgres_app(url: &str) -> AppResult<App> {
    let internal = |e: String| AppError::Internal(e);
    let (base, db) = url
        .rsplit_once('/')
        .ok_or_else(|| internal(format!("no database name in {url}")))?;
    let admin = format!("{base}/postgres");
    rundt_store_postgres::admin::drop_database(&admin, db).await?;
    rundt_store_postgres::admin::create_database(&admin, db).await?;
    let separator = if url.contains('?') { '&' } else { '?' };
    let bulk = format!("{url}{separator}options=-c%20synchronous_commit%3Doff");
    let store = rundt_store_postgres::PostgresStore::connect(&bulk).await?;
    let app = App::new(
        Arc::new(store),
        Arc::new(FixedClock(bench_now())),
        Arc::new(rundt_app::keyring::KeyRing::from(bench_keys())),
    );
    app.prepare().await?;
    Ok(app)
}

fn finish(
    name: &str,
    scale: Scale,
    dir: &std::path::Path,
    postgres: bool,
    ids: Generated,
    started: Instant,
) -> std::process::ExitCode {
    let marker = dir.join("generated");
    if let Err(e) = std::fs::write(&marker, ids.to_line()) {
        eprintln!("cannot write {}: {e}", marker.display());
        return std::process::ExitCode::FAILURE;
    }
    let size = if postgres {
        "in PostgreSQL".to_owned()
    } else {
        format!("{} MB", database_bytes(&data_dir(name)) / 1_000_000)
    };
    println!(
        "generated {name} {} in {:.1} s, {size}, ids at {}",
        describe(scale),
        started.elapsed().as_secs_f64(),
        dir.display()
    );
    std::process::ExitCode::SUCCESS
}
