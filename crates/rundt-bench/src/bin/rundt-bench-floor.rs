//! The machine's floors (issue 17, part 7), so results can be stated as a
//! ratio to the physical limit:
//!
//! - `sqlite`: raw durable INSERTs into SQLite (bundled rusqlite, as the
//!   store uses it), one row per transaction, WAL, `synchronous=FULL` (an
//!   fsync per commit), for `--seconds` in `--dir`;
//! - `axum`: an empty axum handler (`GET /` → 200, empty body) in a child
//!   process (pinned with `--server-cpu`, like the real server) under the
//!   same open-loop generator as `rundt-bench-load`, at each of `--rates`.
//!
//! ```sh
//! cargo run --release -p rundt-bench --bin rundt-bench-floor -- sqlite --dir target/bench-data --seconds 10
//! cargo run --release -p rundt-bench --bin rundt-bench-floor -- axum --rates 500,2000,5000 \
//!     --duration 10 --server-cpu 1 --client-cpu 0
//! ```

#![forbid(unsafe_code)]

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, ExitCode, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rundt_bench::Percentiles;
use rundt_bench::load::open_loop::{self, Plan};
use rundt_bench::load::plain::PlainGet;
use rundt_bench::load::server::{raise_file_limit, rss_kib};

type Result<T> = std::result::Result<T, String>;

struct Options {
    dir: std::path::PathBuf,
    seconds: f64,
    rates: Vec<f64>,
    duration: u64,
    connections: usize,
    server_cpu: Option<String>,
    client_cpu: Option<String>,
}

fn options(args: &[String]) -> Result<Options> {
    let mut o = Options {
        dir: rundt_bench::data_dir("floor"),
        seconds: 10.0,
        rates: vec![500.0],
        duration: 10,
        connections: 256,
        server_cpu: None,
        client_cpu: None,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{a} needs a value"))
        };
        let number = |v: &str| {
            v.parse::<f64>()
                .ok()
                .filter(|n| *n > 0.0)
                .ok_or_else(|| format!("{a} takes positive numbers, not {v}"))
        };
        match a.as_str() {
            "--dir" => o.dir = value()?.into(),
            "--seconds" => o.seconds = number(&value()?)?,
            "--rates" | "--rate" => {
                o.rates = value()?
                    .split(',')
                    .map(number)
                    .collect::<Result<Vec<_>>>()?
            }
            "--duration" => o.duration = number(&value()?)? as u64,
            "--connections" => o.connections = number(&value()?)? as usize,
            "--server-cpu" => o.server_cpu = Some(value()?),
            "--client-cpu" => o.client_cpu = Some(value()?),
            s => return Err(format!("unknown option {s}")),
        }
    }
    Ok(o)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = args.get(1..).unwrap_or_default();
    let result = match args.first().map(String::as_str) {
        Some("sqlite") => options(rest).and_then(|o| sqlite(&o)),
        Some("axum") => options(rest).and_then(|o| axum_floor(&o, &args)),
        Some("serve-empty") => serve_empty(),
        _ => Err("use `sqlite [--dir D] [--seconds S]` or `axum [--rates R,R…] [--duration S] [--server-cpu C] [--client-cpu C]`".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rundt-bench-floor: {e}");
            ExitCode::FAILURE
        }
    }
}

// ---------------------------------------------------------------- SQLite --

fn sqlite(o: &Options) -> Result<()> {
    std::fs::create_dir_all(&o.dir).map_err(|e| format!("{}: {e}", o.dir.display()))?;
    let path = o.dir.join("floor.sqlite3");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let db = rusqlite::Connection::open(&path).map_err(|e| e.to_string())?;
    let mode: String = db
        .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    db.execute_batch(
        "PRAGMA synchronous=FULL;
         CREATE TABLE event (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, payload TEXT NOT NULL);",
    )
    .map_err(|e| e.to_string())?;
    let mut insert = db
        .prepare("INSERT INTO event (at, payload) VALUES (?1, ?2)")
        .map_err(|e| e.to_string())?;
    let payload = "x".repeat(200);
    let started = Instant::now();
    let until = Duration::from_secs_f64(o.seconds);
    let mut commits = Vec::new();
    // Autocommit: each INSERT is its own transaction, committed (and, with
    // synchronous=FULL in WAL mode, fsynced) before the next.
    while started.elapsed() < until {
        let t = Instant::now();
        insert
            .execute(rusqlite::params![commits.len() as i64, payload])
            .map_err(|e| e.to_string())?;
        commits.push(t.elapsed());
    }
    let secs = started.elapsed().as_secs_f64();
    let p = Percentiles::of(&commits).ok_or("no commit")?;
    println!(
        "SQLite floor ({mode}, synchronous=FULL, one row per transaction, {}): {:.0} commits/s; per commit {}",
        path.display(),
        commits.len() as f64 / secs,
        p.line()
    );
    drop(insert);
    drop(db);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    Ok(())
}

// ------------------------------------------------------------------ axum --

/// The child: an empty handler on a loopback port.
fn serve_empty() -> Result<()> {
    let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| e.to_string())?;
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        println!("READY {port}");
        std::io::stdout().flush().map_err(|e| e.to_string())?;
        let router = axum::Router::new().route("/", axum::routing::get(|| async {}));
        axum::serve(listener, router)
            .await
            .map_err(|e| e.to_string())
    })
}

fn axum_floor(o: &Options, args: &[String]) -> Result<()> {
    if let Some(status) = rundt_bench::rerun_pinned(o.client_cpu.as_deref(), args)? {
        return if status.success() {
            Ok(())
        } else {
            Err(format!("the pinned run failed: {status}"))
        };
    }
    raise_file_limit(std::process::id());
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut cmd = match &o.server_cpu {
        Some(cpu) => {
            let mut c = Command::new("taskset");
            c.arg("-c").arg(cpu).arg(exe);
            c
        }
        None => Command::new(exe),
    };
    let mut child = cmd
        .arg("serve-empty")
        .env_remove(rundt_bench::PINNED_ENV)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the empty server: {e}"))?;
    let mut line = String::new();
    if let Some(out) = child.stdout.take() {
        BufReader::new(out)
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
    }
    let port: Option<u16> = line
        .strip_prefix("READY ")
        .and_then(|p| p.trim().parse().ok());
    let outcome = match port {
        Some(port) => tokio::runtime::Runtime::new()
            .map_err(|e| e.to_string())
            .and_then(|rt| rt.block_on(sweep(o, port, child.id()))),
        None => Err(format!("the empty server did not start: {line}")),
    };
    let _ = child.kill();
    let _ = child.wait();
    outcome
}

async fn sweep(o: &Options, port: u16, pid: u32) -> Result<()> {
    let workload = Arc::new(PlainGet { path: "/".into() });
    for &rate in &o.rates {
        let plan = Plan {
            port,
            rate,
            duration: Duration::from_secs(o.duration),
            connections: o.connections,
            progress: false,
            first_seq: 0,
        };
        let outcome = open_loop::run(&plan, workload.clone()).await?;
        println!(
            "empty axum handler, {} s at {rate} req/s offered (server cpu {}, loadavg {}):",
            o.duration,
            o.server_cpu.as_deref().unwrap_or("any"),
            std::fs::read_to_string("/proc/loadavg")
                .unwrap_or_default()
                .trim()
        );
        print!("{}", outcome.table());
        println!(
            "  empty server RSS: {} KiB",
            rss_kib(pid).map_or("unknown".into(), |k| k.to_string())
        );
    }
    Ok(())
}
