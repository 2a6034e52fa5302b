//! The server under load: the real router (`rundt_web::router`, served by
//! axum as `rundt serve` does) in a child process, on a scratch copy of a
//! generated data set (SQLite) or a scratch database copied from the
//! generated one (PostgreSQL). The child prepares what the clients need
//! (API tokens, second factors, extra accounts for logins) through the app's
//! use cases and prints it as one `READY {json}` line; the parent reads it,
//! pins nothing itself, and can read the child's resident memory.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Utc};
use rundt_app::clock::Clock;
use rundt_app::{Actor, App, auth, users};
use rundt_domain::id::UserId;
use rundt_domain::totp::{SECRET_LEN, TotpSecret};
use rundt_seed::generate::{Generated, Scale, first_country, first_municipality};
use rundt_store::Store;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The password every generated account has (rundt_seed::generate).
pub const PASSWORD: &str = "benchmark password";

/// A clock that starts at the benchmark's moment and runs on in real time:
/// one-time codes need time to pass (a code's 30-second step can be used
/// once), while the data set's "today" stays where it was generated.
#[derive(Debug, Clone, Copy)]
pub struct RunningClock {
    start: DateTime<Utc>,
    since: Instant,
}

impl RunningClock {
    pub fn from(start: DateTime<Utc>) -> Self {
        RunningClock {
            start,
            since: Instant::now(),
        }
    }
}

impl Clock for RunningClock {
    fn now(&self) -> DateTime<Utc> {
        self.start + chrono::Duration::from_std(self.since.elapsed()).unwrap_or_default()
    }
}

/// One team whose people act in the mix.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TeamAccess {
    pub team: i64,
    pub supervisor_username: String,
    pub supervisor_token: String,
    pub therapist_tokens: Vec<String>,
}

/// An account that logs in during the run, with its TOTP secret.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoginUser {
    pub username: String,
    pub secret_base32: String,
}

/// What the server prints when it is ready.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Ready {
    pub port: u16,
    /// The server's clock (ms since the epoch) when it printed this.
    pub server_now_ms: i64,
    pub country: String,
    pub municipality: String,
    pub national_token: String,
    pub manager_token: String,
    pub teams: Vec<TeamAccess>,
    pub login_users: Vec<LoginUser>,
}

/// What the child is asked to prepare.
#[derive(Debug, Clone)]
pub struct Preparation {
    /// How many teams' people act (tokens, team pages, dashboards).
    pub teams: usize,
    /// How many accounts must be able to log in (generated staff first,
    /// then `load.loginN` accounts created for the run).
    pub login_users: usize,
}

/// The secret of `username`'s authenticator in the load test: derived
/// from the name, so the client can compute codes without being told.
pub fn secret_of(username: &str) -> TotpSecret {
    let digest = Sha256::digest(format!("rundt load test {username}").as_bytes());
    TotpSecret::from_bytes(digest.get(..SECRET_LEN).unwrap_or(&digest).to_vec())
}

async fn user_id(store: &dyn Store, username: &str) -> Result<Option<UserId>, String> {
    Ok(store
        .credentials_by_username(username)
        .await
        .map_err(|e| e.to_string())?
        .map(|c| c.user.id))
}

async fn token_of(app: &App, user: UserId) -> Result<String, String> {
    let actor = crate::user_actor(app, user)
        .await
        .map_err(|e| e.to_string())?;
    let who = actor
        .principal()
        .ok_or_else(|| "the user has no principal".to_owned())?;
    let (_, raw) = auth::create_api_token(
        app,
        who,
        &rundt_app::auth::NewToken::named("open-loop load test"),
    )
    .await
    .map_err(|e| e.to_string())?;
    Ok(raw)
}

async fn known_user(store: &dyn Store, username: &str) -> Result<UserId, String> {
    user_id(store, username)
        .await?
        .ok_or_else(|| format!("the data set has no account '{username}'"))
}

/// Issues tokens and second factors (and creates login accounts when the
/// generated staff are too few), through the use cases; `store` is the
/// app's, read only to find accounts by name.
pub async fn prepare(
    app: &App,
    store: &dyn Store,
    ids: Generated,
    scale: &Scale,
    want: &Preparation,
) -> Result<Ready, String> {
    let names = rundt_app::organisation::team_names(app)
        .await
        .map_err(|e| e.to_string())?;
    let team_id = |t: usize| {
        names
            .iter()
            .find(|n| n.name == format!("MST team {t}"))
            .map(|n| n.id.get())
    };
    let mut teams = Vec::new();
    let mut staff = Vec::new();
    for t in 0..scale.teams {
        // The generator names staff t<team>.<role><index> (rundt_seed).
        let supervisor = format!("t{t}.supervisor0");
        let therapists: Vec<String> = (1..=4).map(|i| format!("t{t}.therapist{i}")).collect();
        if t < want.teams.max(1) {
            let team = team_id(t).ok_or_else(|| format!("no team 'MST team {t}'"))?;
            let mut therapist_tokens = Vec::new();
            for name in &therapists {
                therapist_tokens.push(token_of(app, known_user(store, name).await?).await?);
            }
            teams.push(TeamAccess {
                team,
                supervisor_username: supervisor.clone(),
                supervisor_token: token_of(app, known_user(store, &supervisor).await?).await?,
                therapist_tokens,
            });
        }
        staff.push(supervisor);
        staff.extend(therapists);
    }
    // Supervisors log in first (their team pages need a session).
    staff.sort_by_key(|n| !n.contains("supervisor"));
    let country = first_country(scale).to_owned();
    let mut login_names: Vec<String> = staff.into_iter().take(want.login_users).collect();
    for n in 0..want.login_users.saturating_sub(login_names.len()) {
        let username = format!("load.login{n}");
        if user_id(store, &username).await?.is_none() {
            users::create_user(
                app,
                &Actor::cli(),
                &users::CreateUser {
                    username: username.clone(),
                    display_name: format!("Load test login {n}"),
                    email: None,
                    role: "therapist".into(),
                    country: country.clone(),
                    municipality_code: None,
                    password: Some(PASSWORD.into()),
                },
            )
            .await
            .map_err(|e| e.to_string())?;
        }
        login_names.push(username);
    }
    let mut login_users = Vec::new();
    for username in login_names {
        let secret = secret_of(&username);
        let user = known_user(store, &username).await?;
        auth::enrol_known_secret(app, &Actor::cli(), user, &secret)
            .await
            .map_err(|e| e.to_string())?;
        login_users.push(LoginUser {
            username,
            secret_base32: secret.to_base32(),
        });
    }
    Ok(Ready {
        port: 0,
        server_now_ms: 0,
        country,
        municipality: first_municipality(scale).to_owned(),
        national_token: token_of(app, ids.national_admin).await?,
        manager_token: token_of(app, ids.manager).await?,
        teams,
        login_users,
    })
}

/// Serves the router over `app` until the process is killed, after
/// printing `READY {json}` on stdout.
pub async fn serve(app: App, mut ready: Ready) -> Result<(), String> {
    use std::io::Write;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    ready.port = listener.local_addr().map_err(|e| e.to_string())?.port();
    ready.server_now_ms = app.clock.now().timestamp_millis();
    let line = serde_json::to_string(&ready).map_err(|e| e.to_string())?;
    println!("READY {line}");
    std::io::stdout().flush().map_err(|e| e.to_string())?;
    axum::serve(
        listener,
        rundt_web::router_with_settings(
            app,
            rundt_web::Settings {
                // The load test's few tokens stand for many people each.
                token_rate: None,
                ..rundt_web::Settings::default()
            },
        )
        .into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await
    .map_err(|e| e.to_string())
}

/// An app over `store` on a [`RunningClock`] from the benchmark's moment.
pub async fn running_app(store: Arc<dyn Store>) -> Result<App, String> {
    let app = App::new(
        store,
        Arc::new(RunningClock::from(crate::bench_now())),
        Arc::new(rundt_app::keyring::KeyRing::from(crate::bench_keys())),
    );
    app.prepare().await.map_err(|e| e.to_string())?;
    Ok(app)
}

/// The running child, as the parent holds it.
pub struct ServerProcess {
    child: Child,
    pub ready: Ready,
    /// Server clock minus this process's wall clock, in ms.
    pub clock_offset_ms: i64,
}

/// Starts `exe args…` (under `taskset -c cpu` when given), raises its open
/// file limit (1,000 idle connections need more than the usual 1,024
/// descriptors with the pool) and waits for its `READY` line.
pub fn start(
    exe: &std::path::Path,
    args: &[String],
    cpu: Option<&str>,
) -> Result<ServerProcess, String> {
    let mut cmd = match cpu {
        Some(cpu) => {
            let mut c = Command::new("taskset");
            c.arg("-c").arg(cpu).arg(exe);
            c
        }
        None => Command::new(exe),
    };
    let mut child = cmd
        .args(args)
        .env_remove(crate::PINNED_ENV)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    raise_file_limit(child.id());
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| "no stdout from the server".to_owned())?;
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .map_err(|e| e.to_string())?;
    let wall = wall_ms();
    let Some(json) = line.strip_prefix("READY ") else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(format!("the server did not start: {line}"));
    };
    let ready: Ready = serde_json::from_str(json.trim()).map_err(|e| {
        let _ = child.kill();
        format!("the server's READY line is not understood: {e}")
    })?;
    Ok(ServerProcess {
        child,
        clock_offset_ms: ready.server_now_ms - wall,
        ready,
    })
}

/// Raises the soft limit of open files of process `pid` to its hard limit
/// with `prlimit` (util-linux): 1,000 idle connections and the pool need
/// more than the usual 1,024 descriptors. Without `prlimit` the limit stays
/// and the idle connection count may be cut short (the run reports it).
pub fn raise_file_limit(pid: u32) {
    let pid = pid.to_string();
    let hard = Command::new("prlimit")
        .args([
            "--pid",
            &pid,
            "--nofile",
            "--raw",
            "--noheadings",
            "--output",
            "HARD",
        ])
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty());
    if let Some(hard) = hard {
        let _ = Command::new("prlimit")
            .args(["--pid", &pid, &format!("--nofile={hard}:{hard}")])
            .status();
    }
}

/// This machine's wall clock in ms since the epoch (only to line up with
/// the server's clock for one-time codes).
#[allow(clippy::disallowed_methods)]
pub fn wall_ms() -> i64 {
    Utc::now().timestamp_millis()
}

impl ServerProcess {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Resident memory (VmRSS) of the server in KiB.
    pub fn rss_kib(&self) -> Option<u64> {
        rss_kib(self.child.id())
    }

    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.stop();
    }
}

/// VmRSS of process `pid` in KiB, from /proc.
pub fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find_map(|l| {
        l.strip_prefix("VmRSS:")?
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()
    })
}

/// Where the marker of a generated data set is kept: the data set's folder
/// for SQLite; `<set>@<database>` beside it for a data set generated into
/// PostgreSQL (the data is in the database, the marker holds its ids).
pub fn marker_dir(set: &str, database_url: Option<&str>) -> std::path::PathBuf {
    match database_url {
        None => crate::data_dir(set),
        Some(url) => crate::data_dir(&format!("{set}@{}", split_url(url).1)),
    }
}

/// `postgres://…/name?params` as (`postgres://…/`, `name`).
fn split_url(url: &str) -> (&str, &str) {
    let without_query = url.split('?').next().unwrap_or(url);
    match without_query.rfind('/') {
        Some(i) => (&url[..=i], &without_query[i + 1..]),
        None => (url, ""),
    }
}

/// A scratch copy of the generated database `url` (`<name>_run`, made with
/// `CREATE DATABASE … TEMPLATE`, replaced if it exists, then a checkpoint),
/// so a run starts from the data set as generated and leaves it so.
/// Returns its URL.
pub async fn scratch_database(url: &str) -> Result<String, String> {
    let (base, name) = split_url(url);
    let valid = |n: &str| {
        !n.is_empty()
            && n.len() <= 58
            && n.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    };
    if !valid(name) {
        return Err(format!(
            "database name '{name}' must be 1-58 characters a-z, 0-9 or '_'"
        ));
    }
    let run = format!("{name}_run");
    let (client, connection) =
        tokio_postgres::connect(&format!("{base}postgres"), tokio_postgres::NoTls)
            .await
            .map_err(|e| format!("cannot connect to {base}postgres: {e}"))?;
    tokio::spawn(connection);
    client
        .batch_execute(&format!("DROP DATABASE IF EXISTS {run} WITH (FORCE)"))
        .await
        .map_err(|e| e.to_string())?;
    client
        .batch_execute(&format!("CREATE DATABASE {run} TEMPLATE {name}"))
        .await
        .map_err(|e| format!("cannot copy {name}: {e}"))?;
    // The copy's pages are written out now, not by a checkpoint during the
    // run (the role needs pg_checkpoint; without it the run goes on).
    if let Err(e) = client.batch_execute("CHECKPOINT").await {
        eprintln!("no checkpoint after the copy ({e}); its writes may fall in the run");
    }
    Ok(format!("{base}{run}"))
}
