//! Concurrent writers: `--writers` clients (50) save families' assessments
//! over HTTP on loopback for `--seconds` (60), each naming the version it
//! last saw in `If-Match`, first all on one family, then each on a family of
//! its own. Prints requests, 2xx, 412, 5xx, unanswered, p50/p99 latency and
//! whether every acknowledged save is in the final versions (no lost update);
//! exits non-zero when a run was not sound (see `rundt_bench::writers`).
//!
//! ```sh
//! cargo run --release -p rundt-bench --bin rundt-bench-writers -- --seconds 60
//! cargo run --release -p rundt-bench --bin rundt-bench-writers -- --seconds 60 \
//!     --postgres postgres://rundt_ci:rundt-ci@127.0.0.1:5432/postgres
//! ```
//!
//! SQLite runs in a fresh `target/bench-data/writers.run`; with
//! `--postgres ADMIN_URL` a fresh database is created on that server and
//! dropped afterwards.

#![forbid(unsafe_code)]

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rundt_app::App;
use rundt_app::clock::FixedClock;
use rundt_bench::writers::{self, Families, Plan};
use rundt_store::Store;

struct Options {
    seconds: u64,
    writers: usize,
    only: Option<Families>,
    postgres: Option<String>,
}

fn options(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        seconds: 60,
        writers: 50,
        only: None,
        postgres: None,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{a} needs a value"))
        };
        match a.as_str() {
            "--seconds" => {
                let v = value()?;
                o.seconds = v
                    .parse()
                    .map_err(|_| format!("--seconds takes a whole number, not {v}"))?;
            }
            "--writers" => {
                let v = value()?;
                o.writers = v
                    .parse::<usize>()
                    .map_err(|_| format!("--writers takes a whole number, not {v}"))?
                    .max(1);
            }
            "--only" => {
                o.only = Some(match value()?.as_str() {
                    "same" => Families::Same,
                    "different" => Families::Different,
                    other => return Err(format!("--only takes same or different, not {other}")),
                });
            }
            "--postgres" => o.postgres = Some(value()?),
            other => {
                return Err(format!(
                    "unknown option {other}; use --seconds N --writers N --only same|different --postgres ADMIN_URL"
                ));
            }
        }
    }
    Ok(o)
}

fn main() -> ExitCode {
    // The server's errors (the detail behind a 5xx) go to stderr.
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("RUNDT_LOG").unwrap_or_else(|_| {
                tracing_subscriber::EnvFilter::new("warn,tower_http=error,deadpool=error")
            }),
        )
        .with_writer(std::io::stderr)
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = options(&args).and_then(|o| {
        tokio::runtime::Runtime::new()
            .map_err(|e| e.to_string())?
            .block_on(run(&o))
    });
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => {
            eprintln!("rundt-bench-writers: a run was not sound (see above)");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("rundt-bench-writers: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A fresh, empty store: SQLite in `target/bench-data/writers.run`, or a new
/// database on the PostgreSQL server (returned with its name, to drop).
async fn fresh_store(o: &Options) -> Result<(Arc<dyn Store>, Option<String>), String> {
    match &o.postgres {
        Some(admin_url) => {
            let name = format!("rundt_bench_writers_{}", std::process::id());
            let url = rundt_store_postgres::admin::create_database(admin_url, &name)
                .await
                .map_err(|e| e.to_string())?;
            let store = rundt_store_postgres::PostgresStore::connect(&url)
                .await
                .map_err(|e| e.to_string())?;
            Ok((Arc::new(store), Some(name)))
        }
        None => {
            let dir = rundt_bench::data_dir("writers.run");
            if dir.exists() {
                std::fs::remove_dir_all(&dir)
                    .map_err(|e| format!("cannot empty {}: {e}", dir.display()))?;
            }
            let store =
                rundt_store_sqlite::SqliteStore::open_in(&dir).map_err(|e| e.to_string())?;
            Ok((Arc::new(store), None))
        }
    }
}

async fn run(o: &Options) -> Result<bool, String> {
    let (store, pg_name) = fresh_store(o).await?;
    let backend = store.backend();
    let app = App::new(
        store,
        Arc::new(FixedClock(rundt_bench::bench_now())),
        Arc::new(rundt_app::keyring::KeyRing::from(rundt_bench::bench_keys())),
    );
    let outcome = measure(o, app, &format!("{backend:?}")).await;
    if let (Some(name), Some(admin_url)) = (pg_name, &o.postgres) {
        rundt_store_postgres::admin::drop_database(admin_url, &name)
            .await
            .map_err(|e| e.to_string())?;
    }
    outcome
}

async fn measure(o: &Options, app: App, backend: &str) -> Result<bool, String> {
    let t = Instant::now();
    app.prepare().await.map_err(|e| e.to_string())?;
    println!(
        "{backend}: preparing {} families in treatment (one therapist)…",
        o.writers
    );
    let families = rundt_seed::load::families_in_treatment(&app, o.writers)
        .await
        .map_err(|e| e.to_string())?;
    let token = writers::token_of(&app, families.therapist).await?;
    let port = writers::serve(app).await?;
    println!(
        "  ready in {:.1} s; {} writers × {} s per run, {} run(s), about {} s in all",
        t.elapsed().as_secs_f64(),
        o.writers,
        o.seconds,
        if o.only.is_some() { 1 } else { 2 },
        o.seconds * if o.only.is_some() { 1 } else { 2 },
    );
    let mut sound = true;
    for mode in [Families::Same, Families::Different] {
        if o.only.is_some_and(|only| only != mode) {
            continue;
        }
        let plan = Plan {
            port,
            token: token.clone(),
            cases: families.cases.clone(),
            writers: o.writers,
            families: mode,
            duration: Duration::from_secs(o.seconds),
            progress: true,
        };
        let report = tokio::task::spawn_blocking(move || writers::run(&plan))
            .await
            .map_err(|e| e.to_string())??;
        println!("{backend}, {}", report.lines());
        if let Some(fault) = &report.first_fault {
            println!("  first fault: {fault}");
        }
        println!("  sound: {}", report.sound());
        sound &= report.sound();
    }
    Ok(sound)
}
