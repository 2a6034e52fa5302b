//! `rundt`: the one binary of Rundt.
#![forbid(unsafe_code)]

mod backup;
mod checkpoints;
mod database;
mod files;
mod keys;
mod keys_rotate;
mod notify;
mod progress;
mod restore;
mod retention;
mod shutdown;
mod sso;

use std::io::Read;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use rundt_app::users::CreateUser;
use rundt_app::{Actor, App, AppError, Clock, FileClock, SystemClock};
use rundt_domain::country::Country;
use rundt_domain::id::CaseId;
use rundt_seed::demo;

#[derive(Parser)]
#[command(
    name = "rundt",
    version,
    about = "Rundt: running Multisystemic Therapy (MST, MST-CAN) programmes"
)]
struct Cli {
    #[command(flatten)]
    db: DbArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct DbArgs {
    /// Database URL: `postgres://…` for PostgreSQL; `sqlite:PATH` for a SQLite
    /// file. Without it Rundt keeps an embedded SQLite database in RUNDT_DATA.
    #[arg(
        long,
        env = "RUNDT_DATABASE_URL",
        global = true,
        hide_env_values = true
    )]
    database_url: Option<String>,
    /// Folder for the embedded database.
    #[arg(long, env = "RUNDT_DATA", default_value = "./data", global = true)]
    data: PathBuf,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (migrates the database first).
    Serve(ServeArgs),
    /// Apply database migrations and update reference data, then exit.
    Migrate,
    /// Load the demonstration data and print how to log in.
    Demo {
        /// Start the web server after loading.
        #[arg(long)]
        serve: bool,
        #[command(flatten)]
        serve_args: ServeArgs,
    },
    /// Administration.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// The audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Take a consistent, checked copy of the embedded database; safe while
    /// `rundt serve` runs. The field key is not in it: keep the key apart.
    Backup {
        /// The copy's file (default: <data>/backups/rundt-backup-<UTC time>.sqlite3).
        /// A manifest (.json) and the audit checkpoints (.checkpoints) go beside it.
        #[arg(long)]
        to: Option<PathBuf>,
    },
    /// Put a backup back into an empty data folder (never over anything), then
    /// migrate and verify the audit log.
    Restore {
        /// The backup's database file (its .json manifest must be beside it).
        file: PathBuf,
        /// The field key the backup was made with (or RUNDT_FIELD_KEY, or a
        /// key file already in <data>/keys/field.key).
        #[arg(long)]
        key_file: Option<PathBuf>,
    },
    /// The field keys that protect national identifiers and second-factor
    /// secrets.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// What the retention rules (docs/RETENTION.md) make due today, and
    /// anonymising it; legal holds. Nothing is removed unless you run this.
    Retention(RetentionArgs),
    /// Print the current code for an authenticator secret (base32), e.g. the
    /// demo accounts' secret.
    TotpCode { secret: String },
}

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
struct RetentionArgs {
    #[command(subcommand)]
    command: Option<RetentionCommand>,
    /// List what is due and change nothing.
    #[arg(long)]
    dry_run: bool,
    /// The installation's own rules (JSON, the shape of the shipped
    /// rundt-domain/data/retention.json) instead of the shipped ones.
    #[arg(long, value_name = "FILE")]
    rules: Option<PathBuf>,
    /// The archive authority's decision that lets a rule remove records,
    /// e.g. "DK/course=Rigsarkivet j.nr. 2026-1234"; once per rule.
    #[arg(long = "authorisation", value_name = "RULE=REFERENCE")]
    authorisations: Vec<String>,
    /// Only this country's cases (DK or NO); sign-in records are left.
    #[arg(long, value_parser = parse_country)]
    country: Option<Country>,
}

#[derive(Subcommand)]
enum RetentionCommand {
    /// List the legal holds that are on (with --all, the lifted ones too).
    Holds {
        #[arg(long)]
        all: bool,
    },
    /// Put a case on legal hold (a complaint, claim or inquiry is pending):
    /// retention leaves it alone until the hold is lifted.
    Hold {
        /// The case number.
        case: i64,
        /// Why the case must be kept.
        #[arg(long)]
        reason: String,
    },
    /// Lift the legal hold on a case.
    Release {
        /// The case number.
        case: i64,
        /// Why the hold is no longer needed.
        #[arg(long)]
        reason: String,
    },
}

fn parse_country(raw: &str) -> std::result::Result<Country, String> {
    Country::from_code(&raw.trim().to_uppercase()).ok_or_else(|| format!("{raw:?}: DK or NO"))
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Put a new field key in use and re-seal every protected value under
    /// it while Rundt serves; then retire the old key. Resumes an
    /// interrupted rotation.
    Rotate {
        /// How long to wait for running servers to load the new key (they
        /// look every 2 s) before re-sealing.
        #[arg(long, default_value = "10s", value_parser = humantime::parse_duration)]
        settle: std::time::Duration,
        /// Values re-sealed per transaction.
        #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u32).range(1..=10_000))]
        batch_size: u32,
        /// A pause after each batch (tests interrupt a rotation with it).
        #[arg(long, default_value = "0s", value_parser = humantime::parse_duration, hide = true)]
        pause_between_batches: std::time::Duration,
    },
    /// Count the protected values under the current key, the previous key
    /// (during a rotation) and neither.
    Check,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Verify the hash chain from the last signed checkpoint (the event it
    /// names must still hold its hash; the events after it are re-hashed);
    /// exit 1 if any event was edited, deleted or reordered, or the log was
    /// cut back. Records a new checkpoint when intact.
    Verify {
        /// Walk the whole chain from the first event instead (and check
        /// every checkpoint): the only check that sees an event edited
        /// before the last checkpoint.
        #[arg(long)]
        full: bool,
    },
}

#[derive(Args, Clone)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "RUNDT_LISTEN", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Send the session cookie without `Secure`: only for plain HTTP on a
    /// trusted network (browsers accept Secure cookies on localhost anyway).
    #[arg(long, env = "RUNDT_INSECURE_COOKIES")]
    insecure_cookies: bool,
    /// Requests a minute one API token may send (a fifth of them at once)
    /// before it is answered 429 with Retry-After; 0 for no limit.
    #[arg(long, env = "RUNDT_API_TOKEN_RATE", default_value_t = rundt_web::DEFAULT_PER_MINUTE)]
    api_token_rate: u32,
    /// Take a backup of the embedded database this often while serving
    /// (for example 24h, 6h or 30m). Off when not given.
    #[arg(long, env = "RUNDT_BACKUP_EVERY", value_parser = humantime::parse_duration)]
    backup_every: Option<std::time::Duration>,
    /// How many scheduled backups to keep; older ones are deleted.
    #[arg(long, env = "RUNDT_BACKUP_KEEP", default_value_t = 14, value_parser = clap::value_parser!(u16).range(1..))]
    backup_keep: u16,
    /// Where scheduled backups go (default <data>/backups; put them on
    /// another disk or machine).
    #[arg(long, env = "RUNDT_BACKUP_DIR")]
    backup_dir: Option<PathBuf>,
    /// On SIGTERM or Ctrl-C, how long requests in flight may take to finish
    /// before the server stops anyway (e.g. 20s, 1m).
    #[arg(long, env = "RUNDT_SHUTDOWN_GRACE", default_value = shutdown::DEFAULT_GRACE,
          value_parser = shutdown::parse_grace)]
    shutdown_grace: std::time::Duration,
    #[command(flatten)]
    notices: notify::NoticeArgs,
    #[command(flatten)]
    sso: sso::SsoArgs,
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create a user account. Prints a generated password unless
    /// --password-stdin is given.
    CreateUser {
        #[arg(long)]
        username: String,
        #[arg(long)]
        name: String,
        /// national_admin, supervisor, therapist, consultant,
        /// municipal_caseworker, municipal_manager or auditor
        #[arg(long)]
        role: String,
        /// DK or NO
        #[arg(long)]
        country: String,
        /// Municipality code, for municipal roles
        #[arg(long)]
        municipality: Option<String>,
        #[arg(long)]
        email: Option<String>,
        /// Read the password from standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Link a person's identity at an identity provider (single sign-on)
    /// to their account: the provider's id in the configuration and the
    /// person's subject there. Never matched by e-mail.
    LinkIdentity {
        #[command(flatten)]
        identity: sso::IdentityArgs,
        #[command(flatten)]
        sso: sso::SsoArgs,
    },
    /// Remove a linked identity: the person can no longer log in with it.
    UnlinkIdentity(sso::IdentityArgs),
}

/// Logs to standard error: lines for a person by default, one JSON object a
/// line (for a log collector) when `RUNDT_LOG_FORMAT=json`; `RUNDT_LOG`
/// filters them (docs/OPERATIONS.md).
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("RUNDT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_http=warn"));
    let format = std::env::var("RUNDT_LOG_FORMAT").unwrap_or_default();
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if format.eq_ignore_ascii_case("json") {
        logs.json().with_current_span(true).init();
    } else {
        logs.with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .init();
        if !format.is_empty() && !format.eq_ignore_ascii_case("text") {
            tracing::warn!(%format, "RUNDT_LOG_FORMAT is `json` or `text`; writing text");
        }
    }
}

fn main() -> std::process::ExitCode {
    init_logging();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn open_app(db: &DbArgs) -> Result<App> {
    let store = database::open(db.database_url.as_deref(), &db.data).await?;
    let keys = keys::load_ring(&db.data)?;
    let clock: Arc<dyn Clock> = match std::env::var_os("RUNDT_TEST_CLOCK_FILE") {
        // The browser tests' clock, to see the rota at night (never in
        // production): the time is read from the file.
        Some(file) => {
            tracing::warn!(?file, "test clock: the time is read from a file");
            Arc::new(FileClock::new(file))
        }
        None => Arc::new(SystemClock),
    };
    let app = App::new(store, clock, Arc::new(keys));
    let applied = app.prepare().await.map_err(describe)?;
    if !applied.is_empty() {
        tracing::info!(?applied, "database migrated");
    }
    Ok(app)
}

/// Turns a use-case error into a message for the terminal.
fn describe(e: AppError) -> anyhow::Error {
    match e {
        AppError::Unavailable(detail)
        | AppError::NotWritable(detail)
        | AppError::Internal(detail) => anyhow::anyhow!(detail),
        AppError::Invalid(fields) => anyhow::anyhow!(
            fields
                .iter()
                .map(|f| format!("{}: {}", f.field, english(&f.message)))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        other => anyhow::anyhow!(english(&other.message())),
    }
}

/// A message as the terminal says it (English).
fn english(m: &rundt_domain::Message) -> String {
    rundt_i18n::message(rundt_i18n::Locale::En, m)
}

async fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Serve(args) => {
            let app = open_app(&cli.db).await?;
            start_background(&app, &cli.db, &args)?;
            serve(app, args).await
        }
        Command::Migrate => {
            let app = open_app(&cli.db).await?;
            let all = app.schema_versions().await.map_err(describe)?;
            println!(
                "the schema is at version {}",
                all.last().copied().unwrap_or(0)
            );
            Ok(())
        }
        Command::Demo {
            serve: and_serve,
            serve_args,
        } => {
            let app = open_app(&cli.db).await?;
            let report = demo::load(&app).await.map_err(describe)?;
            let usernames: Vec<String> = report.users.iter().map(|u| u.0.clone()).collect();
            let sso_lines = sso::link_demo_people(&app, &serve_args.sso, &usernames).await?;
            print_demo(&report, &serve_args)?;
            for line in sso_lines {
                println!("{line}");
            }
            if and_serve {
                start_background(&app, &cli.db, &serve_args)?;
                serve(app, serve_args).await
            } else {
                Ok(())
            }
        }
        Command::Admin { command } => admin(&cli.db, command).await,
        Command::Audit {
            command: AuditCommand::Verify { full },
        } => {
            let app = open_app(&cli.db).await?;
            let started = std::time::Instant::now();
            let report =
                checkpoints::verify_and_record(&app, &checkpoints::file(&cli.db.data), full)
                    .await?;
            let seconds = started.elapsed().as_secs_f64();
            if report.is_intact() {
                let from = match report.verified_from {
                    0 => "from the first event".to_owned(),
                    seq => format!("after the signed checkpoint #{seq}"),
                };
                println!(
                    "audit log intact: {} events verified {from} in {seconds:.1} s \
                     ({:.0} events/s), last #{} {}",
                    report.events,
                    report.events as f64 / seconds.max(1e-9),
                    report.last_seq,
                    report.last_hash
                );
                Ok(())
            } else {
                for p in &report.problems {
                    println!("TAMPERED: {}", english(&p.message()));
                }
                anyhow::bail!("the audit log has {} problem(s)", report.problems.len())
            }
        }
        Command::Backup { to } => take_backup(&cli.db, to).await,
        Command::Keys {
            command:
                KeysCommand::Rotate {
                    settle,
                    batch_size,
                    pause_between_batches,
                },
        } => {
            let options = keys_rotate::Options {
                settle,
                batch: batch_size,
                pause: pause_between_batches,
            };
            keys_rotate::rotate(&cli.db, &options).await
        }
        Command::Keys {
            command: KeysCommand::Check,
        } => keys_rotate::check(&cli.db).await,
        Command::Retention(args) => {
            let app = open_app(&cli.db).await?;
            match args.command {
                None => {
                    let run = retention::Run {
                        dry_run: args.dry_run,
                        rules_file: args.rules.as_deref(),
                        authorisations: &args.authorisations,
                        country: args.country,
                    };
                    retention::run(&app, &run).await
                }
                Some(RetentionCommand::Holds { all }) => retention::holds(&app, all).await,
                Some(RetentionCommand::Hold { case, reason }) => {
                    retention::hold(&app, CaseId::new(case), &reason, false).await
                }
                Some(RetentionCommand::Release { case, reason }) => {
                    retention::hold(&app, CaseId::new(case), &reason, true).await
                }
            }
        }
        Command::Restore { file, key_file } => {
            if !matches!(
                database::target(cli.db.database_url.as_deref(), &cli.db.data)?,
                database::Target::SqliteDir(_)
            ) {
                anyhow::bail!(
                    "rundt restore puts a backup into the embedded database's data folder \
                     (--data or RUNDT_DATA) and takes no database URL; for PostgreSQL use \
                     pg_restore as docs/OPERATIONS.md shows"
                );
            }
            let done = restore::restore(&file, &cli.db.data, key_file.as_deref()).await?;
            println!(
                "restored {} ({} audit events, schema version {}) into {}",
                file.display(),
                done.manifest.audit_events,
                done.manifest.schema_version,
                done.database.display()
            );
            if let Some(k) = &done.key_written {
                println!("the field key was written to {}", k.display());
            }
            if done.report.is_intact() {
                println!(
                    "audit log intact: {} events, last #{} {}",
                    done.report.events, done.report.last_seq, done.report.last_hash
                );
                Ok(())
            } else {
                for p in &done.report.problems {
                    println!("TAMPERED: {}", english(&p.message()));
                }
                anyhow::bail!(
                    "the restored audit log has {} problem(s)",
                    done.report.problems.len()
                )
            }
        }
        Command::TotpCode { secret } => {
            let secret = rundt_domain::totp::TotpSecret::from_base32(&secret)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let now = rundt_app::Clock::now(&SystemClock).timestamp();
            println!("{}", rundt_domain::totp::code_at(&secret, now));
            Ok(())
        }
    }
}

/// The background work of a running server: hourly audit checkpoints and,
/// when asked for, scheduled backups.
fn start_background(app: &App, db: &DbArgs, args: &ServeArgs) -> Result<()> {
    checkpoints::spawn_hourly(app.clone(), checkpoints::file(&db.data));
    notify::spawn(app.clone(), &args.notices)?;
    keys::spawn_reload(
        app.clone(),
        db.data.clone(),
        std::time::Duration::from_secs(2),
    );
    let Some(every) = args.backup_every else {
        return Ok(());
    };
    let Some(live) = sqlite_file(db)? else {
        anyhow::bail!(
            "--backup-every backs up the embedded SQLite database; for PostgreSQL schedule \
             pg_dump as docs/OPERATIONS.md shows"
        );
    };
    let schedule = backup::Schedule {
        every,
        keep: usize::from(args.backup_keep),
        dir: args
            .backup_dir
            .clone()
            .unwrap_or_else(|| backup::default_dir(&db.data)),
    };
    tracing::info!(every = %humantime::format_duration(every), keep = schedule.keep, dir = %schedule.dir.display(), "scheduled backups");
    backup::spawn_scheduled(app.clone(), live, db.data.clone(), schedule);
    Ok(())
}

/// The SQLite database file the arguments point at, or `None` for PostgreSQL.
fn sqlite_file(db: &DbArgs) -> Result<Option<PathBuf>> {
    Ok(
        match database::target(db.database_url.as_deref(), &db.data)? {
            database::Target::SqliteDir(dir) => Some(dir.join(rundt_store_sqlite::DATABASE_FILE)),
            database::Target::SqliteFile(file) => Some(file),
            database::Target::Postgres(_) => None,
        },
    )
}

/// `rundt backup`: one backup now.
async fn take_backup(db: &DbArgs, to: Option<PathBuf>) -> Result<()> {
    let Some(live) = sqlite_file(db)? else {
        anyhow::bail!(
            "rundt backup copies the embedded SQLite database; for PostgreSQL use pg_dump as \
             docs/OPERATIONS.md shows"
        );
    };
    if !live.is_file() {
        anyhow::bail!(
            "there is no database at {}; point --data (RUNDT_DATA) or --database-url at the one to back up",
            live.display()
        );
    }
    let app = open_app(db).await?;
    let dest =
        to.unwrap_or_else(|| backup::default_file(&backup::default_dir(&db.data), app.clock.now()));
    let done = backup::take(&app, &live, &db.data, &dest).await?;
    let m = &done.manifest;
    let mut out = String::new();
    use std::fmt::Write as _;
    writeln!(
        out,
        "backup written: {} ({} bytes, {:.1} s)",
        done.files.database.display(),
        m.bytes,
        done.took.as_secs_f64()
    )?;
    writeln!(out, "  manifest:      {}", done.files.manifest.display())?;
    writeln!(out, "  sha256:        {}", m.sha256)?;
    writeln!(
        out,
        "  integrity:     ok (SQLite integrity_check and foreign_key_check)"
    )?;
    writeln!(out, "  schema:        version {}", m.schema_version)?;
    writeln!(
        out,
        "  audit log:     {} events, last #{} {}",
        m.audit_events,
        m.audit_last_seq,
        m.audit_last_hash.as_deref().unwrap_or("-")
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "The field key is NOT in the backup. It is in {}.",
        keys::location(&db.data)
    )?;
    writeln!(
        out,
        "Keep a copy of it apart from the backups: without it the national identifiers"
    )?;
    writeln!(
        out,
        "cannot be read and `rundt restore` refuses the backup (key fingerprint {}).",
        m.field_key_fingerprint
    )?;
    print!("{out}");
    if !m.audit_chain_intact {
        anyhow::bail!(
            "the backup was written, but the live audit log did not verify: run `rundt audit verify`"
        );
    }
    Ok(())
}

/// Prints what the demo holds and how to log in. Written at once; a
/// reader that stops early (`rundt demo | grep -q loaded`) is not an error.
fn print_demo(report: &demo::DemoReport, serve_args: &ServeArgs) -> Result<()> {
    use std::fmt::Write as _;
    let mut out = String::new();
    if report.already_loaded {
        writeln!(
            out,
            "The demo data was already loaded ({} teams).",
            report.teams
        )?;
    } else {
        writeln!(
            out,
            "Loaded the demo: {} teams with their staff and municipalities.",
            report.teams
        )?;
    }
    writeln!(out)?;
    writeln!(out, "Open http://{} in a browser.", serve_args.listen)?;
    writeln!(
        out,
        "Every demo account has the password: {}",
        demo::DEMO_PASSWORD
    )?;
    writeln!(out)?;
    writeln!(out, "{:<22} {:<22} NAME", "USERNAME", "ROLE")?;
    for (username, role, name) in &report.users {
        writeln!(out, "{username:<22} {role:<22} {name}")?;
    }
    if let Ok(examples) = demo::lookup_examples() {
        writeln!(out)?;
        writeln!(
            out,
            "The auditors (dk.auditor, no.auditor) can look up a person's access log,"
        )?;
        writeln!(
            out,
            "or download the person's copy of their data (GDPR art. 15) as PDF or JSON,"
        )?;
        writeln!(out, "by national id on /audit, for example:")?;
        for e in examples {
            writeln!(out, "  {} {:<20} {}", e.country, e.name, e.national_id)?;
        }
    }
    if let Ok(Some(e)) = demo::can_copy_example() {
        writeln!(
            out,
            "An MST-CAN child's copy adds the family's safety plan, map and treatment plan,"
        )?;
        writeln!(
            out,
            "the incidents that involved the child and the child's own voice, for example:"
        )?;
        writeln!(out, "  {} {:<20} {}", e.country, e.name, e.national_id)?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "Records over ten years old are due under the retention rules, and one is on legal"
    )?;
    writeln!(
        out,
        "hold: see /retention as an auditor, or run `rundt retention --dry-run` (docs/RETENTION.md)."
    )?;
    let mut stdout = std::io::stdout().lock();
    match std::io::Write::write_all(&mut stdout, out.as_bytes())
        .and_then(|()| std::io::Write::flush(&mut stdout))
    {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing the demo's accounts to standard output"),
    }
}

async fn admin(db: &DbArgs, command: AdminCommand) -> Result<()> {
    match command {
        AdminCommand::CreateUser {
            username,
            name,
            role,
            country,
            municipality,
            email,
            password_stdin,
        } => {
            let password = if password_stdin {
                let mut s = String::new();
                std::io::stdin()
                    .read_to_string(&mut s)
                    .context("reading the password from standard input")?;
                Some(s.trim_end_matches(['\n', '\r']).to_owned())
            } else {
                None
            };
            let app = open_app(db).await?;
            let created = rundt_app::users::create_user(
                &app,
                &Actor::cli(),
                &CreateUser {
                    username,
                    display_name: name,
                    email,
                    role,
                    country,
                    municipality_code: municipality,
                    password,
                },
            )
            .await
            .map_err(describe)?;
            println!(
                "created user {} (id {}, role {})",
                created.user.username, created.user.id, created.user.role
            );
            if let Some(p) = created.generated_password {
                println!("initial password: {p}");
            }
            Ok(())
        }
        AdminCommand::LinkIdentity { identity, sso } => {
            let app = open_app(db).await?;
            sso::link(&app, &identity, &sso).await
        }
        AdminCommand::UnlinkIdentity(identity) => {
            let app = open_app(db).await?;
            sso::unlink(&app, &identity).await
        }
    }
}

async fn serve(app: App, args: ServeArgs) -> Result<()> {
    let providers = args.sso.providers(args.notices.public_url.as_deref())?;
    let app = app.with_password_login(providers.password_login);
    let signal = shutdown::StopSignal::catch()?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let address = listener.local_addr().unwrap_or(args.listen);
    tracing::info!(%address, "Rundt is listening");
    let router = rundt_web::router_with_settings(
        app.clone(),
        rundt_web::Settings {
            secure_cookies: !args.insecure_cookies,
            token_rate: rundt_web::TokenRate::per_minute(args.api_token_rate),
            sso: providers,
        },
    );
    shutdown::serve_until_signal(signal, app, listener, router, args.shutdown_grace).await
}
