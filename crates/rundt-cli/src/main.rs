//! `rundt`: the one binary of Rundt.
#![forbid(unsafe_code)]

mod checkpoints;
mod database;
mod keys;

use std::io::Read;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use rundt_app::users::CreateUser;
use rundt_app::{Actor, App, AppError, SystemClock};
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
    /// Print the current code for an authenticator secret (base32), e.g. the
    /// demo accounts' secret.
    TotpCode { secret: String },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Walk the whole hash chain; exit 1 if any event was edited, deleted or
    /// reordered.
    Verify,
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
}

fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("RUNDT_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_http=warn")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
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
    let keys = keys::load_or_create(&db.data)?;
    let app = App::new(store, Arc::new(SystemClock), Arc::new(keys));
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
            checkpoints::spawn_hourly(app.clone(), checkpoints::file(&cli.db.data));
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
            print_demo(&report, &serve_args)?;
            if and_serve {
                checkpoints::spawn_hourly(app.clone(), checkpoints::file(&cli.db.data));
                serve(app, serve_args).await
            } else {
                Ok(())
            }
        }
        Command::Admin { command } => admin(&cli.db, command).await,
        Command::Audit {
            command: AuditCommand::Verify,
        } => {
            let app = open_app(&cli.db).await?;
            let report =
                checkpoints::verify_and_record(&app, &checkpoints::file(&cli.db.data)).await?;
            if report.is_intact() {
                println!(
                    "audit log intact: {} events, last #{} {}",
                    report.events, report.last_seq, report.last_hash
                );
                Ok(())
            } else {
                for p in &report.problems {
                    println!("TAMPERED: {}", english(&p.message()));
                }
                anyhow::bail!("the audit log has {} problem(s)", report.problems.len())
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
            "The auditors (dk.auditor, no.auditor) can look up a person's access log"
        )?;
        writeln!(out, "by national id on /audit, for example:")?;
        for e in examples {
            writeln!(out, "  {} {:<20} {}", e.country, e.name, e.national_id)?;
        }
    }
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
    }
}

async fn serve(app: App, args: ServeArgs) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    tracing::info!(address = %args.listen, "Rundt is listening");
    let router = rundt_web::router_with(app, !args.insecure_cookies);
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .context("the server stopped with an error")
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
