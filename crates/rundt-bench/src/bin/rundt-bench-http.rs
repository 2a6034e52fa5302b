//! Dashboard latency over HTTP on loopback: starts the real router
//! (`rundt_web::router`, served by axum like `rundt serve`) on a generated
//! data set in a child process, and fires requests at
//! `GET /api/v1/results/...` with personal API tokens (Bearer), one after the
//! other on keep-alive connections (a closed loop: each client sends its next
//! request when the previous answer has been read, so this measures latency
//! at the rate the server sustains, not at a fixed offered rate).
//!
//! ```sh
//! cargo run --release -p rundt-bench --bin rundt-bench-http -- national-10y \
//!     --requests 2000 --clients 1 --server-cpu 1 --client-cpu 0
//! ```
//!
//! With `--server-cpu N` the server runs under `taskset -c N`; with
//! `--client-cpu N` the load generator re-runs itself under `taskset -c N`.

#![forbid(unsafe_code)]

use rundt_domain::id::UserId;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use rundt_app::App;
use rundt_bench::{Percentiles, data_dir, generated_ids, http_answer, open};
use rundt_domain::period::{Month, MonthRange};
use rundt_seed::generate::{Generated, Scale, first_country, first_municipality};

type Result<T> = std::result::Result<T, String>;

struct Options {
    set: String,
    requests: usize,
    warmup: usize,
    clients: usize,
    server_cpu: Option<String>,
    client_cpu: Option<String>,
    only: Option<String>,
}

fn options(args: &[String]) -> Result<Options> {
    let mut o = Options {
        set: "national-1y".into(),
        requests: 1000,
        warmup: 50,
        clients: 1,
        server_cpu: None,
        client_cpu: None,
        only: None,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |flag: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        let number = |v: String, flag: &str| {
            v.parse::<usize>()
                .map_err(|_| format!("{flag} takes a number, not {v}"))
        };
        match a.as_str() {
            "--requests" => o.requests = number(value(a)?, a)?,
            "--warmup" => o.warmup = number(value(a)?, a)?,
            "--clients" => o.clients = number(value(a)?, a)?.max(1),
            "--server-cpu" => o.server_cpu = Some(value(a)?),
            "--client-cpu" => o.client_cpu = Some(value(a)?),
            "--only" => o.only = Some(value(a)?),
            s if !s.starts_with("--") => o.set = s.to_owned(),
            s => return Err(format!("unknown option {s}")),
        }
    }
    Ok(o)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(args.get(1).map_or("national-1y", String::as_str)),
        _ => options(&args).and_then(|o| run(&o, &args)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rundt-bench-http: {e}");
            ExitCode::FAILURE
        }
    }
}

// ---------------------------------------------------------------- server --

/// The child: opens a fresh copy of the data set (`<name>.run`; the team
/// dashboard writes audit events), issues API tokens, serves until killed.
/// Prints `READY <port> <national token> <manager token> <supervisor token>`.
fn serve(set: &str) -> Result<()> {
    let dir = data_dir(set);
    let ids = generated_ids(&dir).ok_or_else(|| {
        format!(
            "{set} is not generated; run `cargo run --release -p rundt-bench --bin rundt-bench-data -- {set}`"
        )
    })?;
    let run = rundt_bench::scratch_copy(set).map_err(|e| format!("cannot copy {set}: {e}"))?;
    let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    rt.block_on(async {
        let app = open(&run).await.map_err(|e| e.to_string())?;
        let mut tokens = Vec::new();
        for user in [ids.national_admin, ids.manager, ids.supervisor] {
            tokens.push(token(&app, user).await?);
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| e.to_string())?;
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        println!("READY {port} {}", tokens.join(" "));
        std::io::stdout().flush().map_err(|e| e.to_string())?;
        let router = rundt_web::router_with_settings(
            app,
            rundt_web::Settings {
                // The load test's few tokens stand for many people each.
                token_rate: None,
                ..rundt_web::Settings::default()
            },
        );
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .map_err(|e| e.to_string())
    })
}

async fn token(app: &App, user_id: UserId) -> Result<String> {
    let actor = rundt_bench::user_actor(app, user_id)
        .await
        .map_err(|e| e.to_string())?;
    let who = actor.principal().ok_or_else(|| "no principal".to_owned())?;
    let (_, raw) =
        rundt_app::auth::create_api_token(app, who, &rundt_app::auth::NewToken::named("load test"))
            .await
            .map_err(|e| e.to_string())?;
    Ok(raw)
}

// ---------------------------------------------------------------- client --

fn run(o: &Options, args: &[String]) -> Result<()> {
    // Re-run pinned; the child does the work.
    if let Some(status) = rundt_bench::rerun_pinned(o.client_cpu.as_deref(), args)? {
        return if status.success() {
            Ok(())
        } else {
            Err(format!("the pinned run failed: {status}"))
        };
    }
    let dir = data_dir(&o.set);
    let ids = generated_ids(&dir).ok_or_else(|| format!("{} is not generated", o.set))?;
    let mut server = Server::start(o)?;
    let outcome = measure(o, ids, &server);
    server.stop();
    outcome
}

struct Server {
    child: Child,
    port: u16,
    tokens: Vec<String>,
}

impl Server {
    fn start(o: &Options) -> Result<Server> {
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
            .arg("serve")
            .arg(&o.set)
            .env_remove(rundt_bench::PINNED_ENV)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start the server: {e}"))?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| "no stdout from the server".to_owned())?;
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        let mut words = line.split_whitespace();
        if words.next() != Some("READY") {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("the server did not start: {line}"));
        }
        let port = words
            .next()
            .and_then(|p| p.parse().ok())
            .ok_or_else(|| format!("no port in {line}"))?;
        Ok(Server {
            child,
            port,
            tokens: words.map(str::to_owned).collect(),
        })
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A keep-alive HTTP/1.1 connection that reads whole responses.
struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Conn {
    fn open(port: u16) -> Result<Conn> {
        let stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
        stream.set_nodelay(true).map_err(|e| e.to_string())?;
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .map_err(|e| e.to_string())?;
        Ok(Conn {
            stream,
            buf: Vec::with_capacity(1 << 16),
        })
    }

    /// Sends a GET and reads the answer; returns the body size, or an
    /// error starting with `HTTP ` and the body if the status is not 200.
    fn get(&mut self, path: &str, token: &str) -> Result<usize> {
        let req = format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\nAccept: application/json\r\n\r\n"
        );
        self.stream
            .write_all(req.as_bytes())
            .map_err(|e| e.to_string())?;
        self.buf.clear();
        let raw = loop {
            if let Some(raw) = http_answer::complete(&self.buf)? {
                break raw;
            }
            self.fill()?;
        };
        if raw.status != 200 {
            let body = String::from_utf8_lossy(&raw.body);
            return Err(format!("HTTP {} for {path}: {body}", raw.status));
        }
        Ok(raw.body.len())
    }

    fn fill(&mut self) -> Result<()> {
        let mut chunk = [0u8; 65536];
        let n = self.stream.read(&mut chunk).map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("the server closed the connection".into());
        }
        self.buf.extend_from_slice(&chunk[..n]);
        Ok(())
    }
}

fn measure(o: &Options, ids: Generated, server: &Server) -> Result<()> {
    let scale = Scale::named(&o.set).ok_or_else(|| format!("unknown set {}", o.set))?;
    let today = rundt_bench::bench_now().date_naive();
    let last12 = MonthRange::last_twelve_months(today);
    let to = Month::of(today);
    let ten = to.minus(119);
    let country = first_country(&scale);
    let token = |i: usize| server.tokens.get(i).cloned().unwrap_or_default();
    let code = first_municipality(&scale);
    let targets: Vec<(String, String, String)> = vec![
        (
            "national_12_months".into(),
            format!(
                "/api/v1/results/national/{country}?from={}&to={to}",
                last12.from
            ),
            token(0),
        ),
        (
            "national_10_years".into(),
            format!("/api/v1/results/national/{country}?from={ten}&to={to}"),
            token(0),
        ),
        (
            "municipality_12_months".into(),
            format!(
                "/api/v1/results/municipality/{code}?from={}&to={to}",
                last12.from
            ),
            token(1),
        ),
        (
            "team_12_months_with_families".into(),
            format!(
                "/api/v1/results/team/{}?from={}&to={to}",
                ids.team, last12.from
            ),
            token(2),
        ),
    ];
    println!(
        "data set {}, {} client(s), closed loop, {} warm-up + {} measured requests per target, server cpu {}, client cpu {}",
        o.set,
        o.clients,
        o.warmup,
        o.requests,
        o.server_cpu.as_deref().unwrap_or("any"),
        o.client_cpu.as_deref().unwrap_or("any"),
    );
    for (name, path, token) in targets {
        if o.only
            .as_deref()
            .is_some_and(|only| !name.starts_with(only))
        {
            continue;
        }
        let per_client = o.requests.div_ceil(o.clients);
        let workers: Vec<_> = (0..o.clients)
            .map(|_| {
                let (path, token, port, warmup) =
                    (path.clone(), token.clone(), server.port, o.warmup);
                std::thread::spawn(move || -> Result<(Vec<Duration>, usize, usize, Duration)> {
                    let mut conn = Conn::open(port)?;
                    let mut errors = 0;
                    let mut bytes = 0;
                    // Warm-up; an error here stops the run with its message.
                    for _ in 0..warmup {
                        conn.get(&path, &token)?;
                    }
                    let mut samples = Vec::with_capacity(per_client);
                    let started = Instant::now();
                    for _ in 0..per_client {
                        let t = Instant::now();
                        match conn.get(&path, &token) {
                            Ok(len) => bytes = len,
                            Err(e) if e.starts_with("HTTP ") => {
                                errors += 1;
                                // The connection may be closed after an error.
                                conn = Conn::open(port)?;
                            }
                            Err(e) => return Err(e),
                        }
                        samples.push(t.elapsed());
                    }
                    Ok((samples, errors, bytes, started.elapsed()))
                })
            })
            .collect();
        let mut samples = Vec::new();
        let (mut errors, mut bytes, mut window) = (0, 0, Duration::ZERO);
        for w in workers {
            let (s, e, b, took) = w
                .join()
                .map_err(|_| "a client thread panicked".to_owned())??;
            samples.extend(s);
            errors += e;
            bytes = b;
            window = window.max(took);
        }
        let elapsed = window.as_secs_f64().max(1e-9);
        let p = Percentiles::of(&samples).ok_or_else(|| "no samples".to_owned())?;
        println!(
            "{name}: {} errors={errors} body={bytes} B throughput={:.0} req/s  ({path})",
            p.line(),
            samples.len() as f64 / elapsed
        );
    }
    Ok(())
}
