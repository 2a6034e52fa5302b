//! The open-loop load test (issue 17): the mix in `mix/mixed.json` offered
//! at a fixed rate to the real server in a child process, latency counted
//! from each request's intended send time (coordinated omission corrected).
//!
//! ```sh
//! cargo run --release -p rundt-bench --bin rundt-bench-data -- national-1y
//! cargo run --release -p rundt-bench --bin rundt-bench-load -- national-1y \
//!     --rate 500 --duration 60 --server-cpu 1 --client-cpu 0
//! # PostgreSQL (the data set generated there with rundt-bench-data --database-url):
//! cargo run --release -p rundt-bench --bin rundt-bench-load -- small \
//!     --database-url postgres://rundt_ci:rundt-ci@127.0.0.1:5432/rundt_small
//! ```
//!
//! The server runs on a scratch copy (SQLite: `<set>.run`; PostgreSQL:
//! `<database>_run`), warms up, then the run; afterwards its resident memory
//! is read, and again with `--idle-connections` keep-alive connections open
//! and idle. Exits non-zero on any error answer (not on latency).

#![forbid(unsafe_code)]

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use rundt_bench::load::conn::{Conn, Request};
use rundt_bench::load::mix::Mix;
use rundt_bench::load::open_loop::{self, Plan};
use rundt_bench::load::server::{self, Preparation};
use rundt_bench::load::workload::{Rundt, login_accounts_needed};
use rundt_bench::{generated_ids, load};
use rundt_seed::generate::Scale;

type Result<T> = std::result::Result<T, String>;

struct Options {
    set: String,
    rate: f64,
    duration: u64,
    warmup: u64,
    connections: usize,
    idle_connections: usize,
    teams: usize,
    mix: std::path::PathBuf,
    server_cpu: Option<String>,
    client_cpu: Option<String>,
    database_url: Option<String>,
    login_users: usize,
}

const USAGE: &str = "rundt-bench-load SET [--rate N] [--duration S] [--warmup S] [--connections N] \
    [--idle-connections N] [--teams N] [--mix FILE] [--server-cpu CPU] [--client-cpu CPU] \
    [--database-url postgres://…]";

fn options(args: &[String]) -> Result<Options> {
    let mut o = Options {
        set: "small".into(),
        rate: 100.0,
        duration: 10,
        warmup: 3,
        connections: 256,
        idle_connections: 1000,
        teams: 10,
        mix: load::default_mix_path(),
        server_cpu: None,
        client_cpu: None,
        database_url: None,
        login_users: 0,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{a} needs a value"))
        };
        let number = |v: String| {
            v.parse::<f64>()
                .ok()
                .filter(|n| *n >= 0.0)
                .ok_or_else(|| format!("{a} takes a number, not {v}"))
        };
        match a.as_str() {
            "--rate" => o.rate = number(value()?)?.max(0.1),
            "--duration" => o.duration = number(value()?)? as u64,
            "--warmup" => o.warmup = number(value()?)? as u64,
            "--connections" => o.connections = (number(value()?)? as usize).max(1),
            "--idle-connections" => o.idle_connections = number(value()?)? as usize,
            "--teams" => o.teams = (number(value()?)? as usize).max(1),
            "--login-users" => o.login_users = number(value()?)? as usize,
            "--mix" => o.mix = value()?.into(),
            "--server-cpu" => o.server_cpu = Some(value()?),
            "--client-cpu" => o.client_cpu = Some(value()?),
            "--database-url" => o.database_url = Some(value()?),
            s if !s.starts_with("--") => o.set = s.to_owned(),
            s => return Err(format!("unknown option {s}; {USAGE}")),
        }
    }
    Ok(o)
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("RUNDT_LOG").unwrap_or_else(|_| {
                tracing_subscriber::EnvFilter::new("warn,tower_http=error,deadpool=error")
            }),
        )
        .with_writer(std::io::stderr)
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => options(args.get(1..).unwrap_or_default()).and_then(|o| serve(&o)),
        _ => options(&args).and_then(|o| run(&o, &args)),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => {
            eprintln!("rundt-bench-load: the run had error answers (see above)");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("rundt-bench-load: {e}");
            ExitCode::FAILURE
        }
    }
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Runtime::new().map_err(|e| e.to_string())
}

// ------------------------------------------------------------ the server --

fn serve(o: &Options) -> Result<bool> {
    let marker = server::marker_dir(&o.set, o.database_url.as_deref());
    let ids = generated_ids(&marker).ok_or_else(|| {
        let url = o
            .database_url
            .as_deref()
            .map(|u| format!(" --database-url {u}"))
            .unwrap_or_default();
        format!(
            "{} is not generated; run `cargo run --release -p rundt-bench --bin rundt-bench-data -- {}{url}`",
            o.set, o.set
        )
    })?;
    let scale = Scale::named(&o.set).ok_or_else(|| format!("unknown set {}", o.set))?;
    runtime()?.block_on(async {
        let store: Arc<dyn rundt_store::Store> = match &o.database_url {
            Some(url) => {
                let run = server::scratch_database(url).await?;
                Arc::new(
                    rundt_store_postgres::PostgresStore::connect(&run)
                        .await
                        .map_err(|e| e.to_string())?,
                )
            }
            None => {
                let dir = rundt_bench::scratch_copy(&o.set)
                    .map_err(|e| format!("cannot copy {}: {e}", o.set))?;
                Arc::new(rundt_store_sqlite::SqliteStore::open_in(&dir).map_err(|e| e.to_string())?)
            }
        };
        let app = server::running_app(store.clone()).await?;
        let want = Preparation {
            teams: o.teams,
            login_users: o.login_users,
        };
        let ready = server::prepare(&app, store.as_ref(), ids, &scale, &want).await?;
        server::serve(app, ready).await?;
        Ok(true)
    })
}

// ---------------------------------------------------------- the clients --

fn run(o: &Options, args: &[String]) -> Result<bool> {
    // Re-run pinned; the child does the work.
    if let Some(status) = rundt_bench::rerun_pinned(o.client_cpu.as_deref(), args)? {
        return Ok(status.success());
    }
    server::raise_file_limit(std::process::id());
    let mix = Mix::load(&o.mix).map_err(|e| e.to_string())?;
    let login_users = login_accounts_needed(&mix, o.rate, o.teams);
    let mut child_args = vec![
        "serve".to_owned(),
        o.set.clone(),
        "--teams".into(),
        o.teams.to_string(),
        "--login-users".into(),
        login_users.to_string(),
    ];
    if let Some(url) = &o.database_url {
        child_args.extend(["--database-url".to_owned(), url.clone()]);
    }
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    println!(
        "starting the server on {} ({}), {} login accounts…",
        o.set,
        if o.database_url.is_some() {
            "PostgreSQL"
        } else {
            "SQLite"
        },
        login_users
    );
    let started = std::time::Instant::now();
    let mut child = server::start(&exe, &child_args, o.server_cpu.as_deref())?;
    println!(
        "  ready in {:.1} s (pid {}, port {})",
        started.elapsed().as_secs_f64(),
        child.pid(),
        child.ready.port
    );
    let outcome = runtime()?.block_on(measure(o, mix, &child));
    child.stop();
    outcome
}

async fn healthy(port: u16) -> Result<()> {
    let mut last = String::new();
    for _ in 0..100 {
        match Conn::open(port).await {
            Ok(mut c) => match c.send(&Request::get("/healthz")).await {
                Ok(a) if a.is_success() => return Ok(()),
                Ok(a) => last = a.describe(),
                Err(e) => last = e,
            },
            Err(e) => last = e,
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("the server is not healthy: {last}"))
}

async fn measure(o: &Options, mix: Mix, child: &server::ServerProcess) -> Result<bool> {
    let port = child.ready.port;
    healthy(port).await?;
    let today = rundt_bench::bench_now().date_naive();
    let workload = Arc::new(Rundt::prepare(mix, &child.ready, child.clock_offset_ms, today).await?);
    let mib = |kib: Option<u64>| {
        kib.map_or("unknown".to_owned(), |k| {
            format!("{:.1} MiB", k as f64 / 1024.0)
        })
    };
    // Before any load: what the data set, the pools and the setup (tokens,
    // second factors, hashed passwords of created accounts) left resident.
    println!("server RSS before the run: {}", mib(child.rss_kib()));
    let mut plan = Plan {
        port,
        rate: o.rate,
        duration: Duration::from_secs(o.warmup),
        connections: o.connections,
        progress: false,
        first_seq: 1 << 40,
    };
    if o.warmup > 0 {
        println!("warming up: {} s at {} req/s", o.warmup, o.rate);
        let warm = open_loop::run(&plan, workload.clone()).await?;
        if warm.errors() > 0 {
            print!("{}", warm.table());
        }
    }
    plan.duration = Duration::from_secs(o.duration);
    plan.progress = true;
    plan.first_seq = 0;
    println!(
        "running: {} s at {} req/s offered, {} connections, server cpu {}, client cpu {}, loadavg {}",
        o.duration,
        o.rate,
        o.connections,
        o.server_cpu.as_deref().unwrap_or("any"),
        o.client_cpu.as_deref().unwrap_or("any"),
        loadavg()
    );
    let outcome = open_loop::run(&plan, workload).await?;
    println!(
        "\n{} on {}, {} s at {} req/s offered (loadavg after: {})",
        o.set,
        if o.database_url.is_some() {
            "PostgreSQL"
        } else {
            "SQLite"
        },
        o.duration,
        o.rate,
        loadavg()
    );
    print!("{}", outcome.table());
    println!("server RSS after the run: {}", mib(child.rss_kib()));
    if o.idle_connections > 0 {
        let opened = idle_connections(port, o.idle_connections).await;
        match opened {
            Ok(conns) => {
                tokio::time::sleep(Duration::from_secs(1)).await;
                println!(
                    "server RSS with {} idle keep-alive connections: {}",
                    conns.len(),
                    mib(child.rss_kib())
                );
            }
            Err(e) => println!("idle connections: {e}"),
        }
    }
    Ok(outcome.errors() == 0)
}

/// `n` connections, each having sent one request, left open and idle.
async fn idle_connections(port: u16, n: usize) -> Result<Vec<Conn>> {
    let mut conns = Vec::with_capacity(n);
    for i in 0..n {
        let mut c = Conn::open(port)
            .await
            .map_err(|e| format!("only {i} of {n} opened: {e}"))?;
        c.send(&Request::get("/healthz"))
            .await
            .map_err(|e| format!("connection {i}: {e}"))?;
        conns.push(c);
    }
    Ok(conns)
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}
