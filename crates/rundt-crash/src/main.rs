//! `rundt-crash`: proves that a write Rundt acknowledged survives the
//! process being killed. Loads the demo into a fresh data folder, starts
//! `rundt serve`, lets several writers write over HTTP, kills the server
//! with SIGKILL at a random moment, restarts it and checks the database:
//! SQLite's integrity and foreign-key checks, every acknowledged write
//! present, each writer's survivors a prefix of its issue order, and
//! `rundt audit verify`. Repeats for `--cycles`; exits 1 on any loss.
#![forbid(unsafe_code)]

mod api;
mod check;
mod server;
mod writers;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use clap::Parser;

use crate::api::{Api, Auth};
use crate::server::{Installation, Server};
use crate::writers::{Role, Staff, Stopped, Writer};

#[derive(Parser)]
#[command(
    name = "rundt-crash",
    about = "Kill rundt serve at random moments; lose nothing."
)]
struct Args {
    /// Kill-and-restart cycles.
    #[arg(long, default_value_t = 20)]
    cycles: u32,
    /// Writers writing at once (a third refer families, a third edit weekly
    /// summaries, the rest take families from referral to discharge).
    #[arg(long, default_value_t = 8)]
    writers: usize,
    /// The `rundt` binary (default: the one beside this program).
    #[arg(long, env = "RUNDT_BIN")]
    rundt: Option<PathBuf>,
    /// Parent folder of the run's data folder (default: the system's
    /// temporary folder).
    #[arg(long)]
    work: Option<PathBuf>,
    /// Keep the data folder even when every check passed.
    #[arg(long)]
    keep: bool,
    /// Earliest kill, after the writers start.
    #[arg(long, default_value = "10ms", value_parser = humantime::parse_duration)]
    kill_after_min: Duration,
    /// Latest kill.
    #[arg(long, default_value = "1000ms", value_parser = humantime::parse_duration)]
    kill_after_max: Duration,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rundt-crash: FAILED: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn rundt_binary(args: &Args) -> Result<PathBuf> {
    let path = match &args.rundt {
        Some(p) => p.clone(),
        None => std::env::current_exe()?
            .parent()
            .ok_or_else(|| anyhow!("this program has no folder"))?
            .join("rundt"),
    };
    if !path.is_file() {
        bail!(
            "no rundt binary at {} (build it with `cargo build -p rundt-cli`, or pass --rundt)",
            path.display()
        );
    }
    Ok(path)
}

/// The wall clock. The harness runs outside Rundt (no `App`, no
/// `rundt_app::Clock`) against a server that reads the same wall clock.
#[allow(
    clippy::disallowed_methods,
    reason = "the harness is a client of a real server on the real clock"
)]
pub fn wall_clock() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

/// A uniformly random duration in `[min, max]`.
fn random_between(min: Duration, max: Duration) -> Result<Duration> {
    let span = max.saturating_sub(min).as_micros().max(1) as u64;
    let r = getrandom::u64().map_err(|e| anyhow!("no randomness: {e}"))?;
    Ok(min + Duration::from_micros(r % (span + 1)))
}

fn run(args: &Args) -> Result<()> {
    if args.kill_after_max < args.kill_after_min || args.writers == 0 {
        bail!("--kill-after-max must not be below --kill-after-min, and --writers at least 1");
    }
    let folder = server::fresh_folder(args.work.as_deref())?;
    let install = Installation {
        rundt: rundt_binary(args)?,
        data: folder.join("data"),
        log: folder.join("serve.log"),
    };
    println!(
        "rundt-crash: {} cycles, {} writers, kills {}–{} after the writers start; data in {}",
        args.cycles,
        args.writers,
        humantime::format_duration(args.kill_after_min),
        humantime::format_duration(args.kill_after_max),
        folder.display()
    );
    let prepare = Instant::now();
    install.load_demo()?;
    let (mut server, _) = install.start()?;
    // UTC: never ahead of the date the server keeps (its country's, east of UTC).
    let today = wall_clock().date_naive();
    let (staff, mut writers) = set_up(&install, &server, args.writers, today)?;
    println!(
        "prepared in {:.1} s: the demo, 3 API tokens, {} writers",
        prepare.elapsed().as_secs_f64(),
        writers.len()
    );
    let started = Instant::now();
    let mut restarts = Vec::new();
    let mut totals = check::Verdict::default();
    for cycle in 1..=args.cycles {
        let delay = random_between(args.kill_after_min, args.kill_after_max)?;
        for w in &mut writers {
            w.cycle = cycle;
        }
        let refused = write_until_killed(&mut server, &mut writers, &staff, today, delay)?;
        if let Some(said) = refused {
            bail!("cycle {cycle}: {said}");
        }
        let (restarted, took) = install.start()?;
        server = restarted;
        restarts.push(took);
        let snapshot = check::database(&install.data.join("rundt.sqlite3"))
            .with_context(|| format!("cycle {cycle}: the database after the restart"))?;
        let mut cycle_verdict = check::Verdict::default();
        for w in &mut writers {
            let v = check::writer(w, &snapshot);
            cycle_verdict.acked_present += v.acked_present;
            cycle_verdict.unanswered_present += v.unanswered_present;
            cycle_verdict.unanswered_absent += v.unanswered_absent;
            cycle_verdict.problems.extend(v.problems);
            let stored = match w.role {
                Role::SummaryEditor { case, .. } => snapshot.summaries.get(&case).map(|s| s.0),
                _ => None,
            };
            w.resume(stored);
        }
        let audit = install
            .verify_audit()
            .with_context(|| format!("cycle {cycle}"))?;
        if !cycle_verdict.problems.is_empty() {
            for p in &cycle_verdict.problems {
                eprintln!("  {p}");
            }
            bail!(
                "cycle {cycle}: {} problem(s); the data folder is kept at {}",
                cycle_verdict.problems.len(),
                folder.display()
            );
        }
        totals = cycle_verdict;
        let left = started.elapsed() / cycle * (args.cycles - cycle);
        println!(
            "cycle {cycle}/{}: killed after {} ms; {} acknowledged writes, all present; \
             unanswered at the kill: {} committed, {} not; serving again after {} ms; {audit}; \
             about {} left",
            args.cycles,
            delay.as_millis(),
            totals.acked_present,
            totals.unanswered_present,
            totals.unanswered_absent,
            took.as_millis(),
            humantime::format_duration(Duration::from_secs(left.as_secs())),
        );
    }
    server.kill()?;
    report(args, &writers, &totals, &mut restarts, started.elapsed());
    if !args.keep {
        let _ = std::fs::remove_dir_all(&folder);
    }
    Ok(())
}

/// Tokens, ids, and the writers with their families ready.
fn set_up(
    install: &Installation,
    server: &Server,
    count: usize,
    today: chrono::NaiveDate,
) -> Result<(Staff, Vec<Writer>)> {
    let api = Api::new(server.address);
    let caseworker = api::api_token(&api, &install.rundt, "aarhus.caseworker")?;
    let supervisor = api::api_token(&api, &install.rundt, "mette.supervisor")?;
    let therapist = api::api_token(&api, &install.rundt, "jonas.therapist")?;
    let staff = Staff {
        team_id: api::team_id(&api, &supervisor, "MST Aarhus")?,
        therapist_id: api::own_id(&api, &therapist)?,
        caseworker,
        supervisor,
        therapist,
    };
    let mut writers = Vec::with_capacity(count);
    for id in 0..count {
        let role = match id % 3 {
            0 => Role::Referrer,
            1 => family_with_summary(&api, &staff, id, today)?,
            _ => Role::Course { at: None },
        };
        writers.push(Writer::new(id, role));
    }
    Ok((staff, writers))
}

/// A family in treatment for two weeks with an assessment and last week's
/// summary (carrying the editor's marker number 0), for a summary editor.
fn family_with_summary(
    api: &Api,
    staff: &Staff,
    id: usize,
    today: chrono::NaiveDate,
) -> Result<Role> {
    let what = format!("setting up writer {id}'s family");
    let mark = writers::marker(id, 0);
    let referred = api
        .post(
            "/api/v1/cases",
            Auth::Bearer(&staff.caseworker),
            &writers::referral(staff.team_id, today, &mark),
        )?
        .expect_success(&what)?;
    let case = referred.id(&what)?;
    let start = today - chrono::Duration::days(14);
    api.send(
        false,
        &format!("/api/v1/cases/{case}/accept-and-assign"),
        Auth::Bearer(&staff.supervisor),
        Some(referred.etag(&what)?),
        &serde_json::json!({"therapist_id": staff.therapist_id, "start": start}),
    )?
    .expect_success(&what)?;
    api.send(
        true,
        &format!("/api/v1/cases/{case}/assessment"),
        Auth::Bearer(&staff.therapist),
        None,
        &writers::assessment(),
    )?
    .expect_success(&what)?;
    let week = writers::last_week(today);
    let created = api
        .post(
            &format!("/api/v1/cases/{case}/weekly-summaries"),
            Auth::Bearer(&staff.therapist),
            &writers::summary(week, &mark),
        )?
        .expect_success(&what)?;
    Ok(Role::SummaryEditor {
        case,
        week,
        version: created.etag(&what)?,
    })
}

/// Lets every writer write, kills the server after `delay`, and waits for
/// the writers to notice. Returns the first refusal, if any writer met one.
fn write_until_killed(
    server: &mut Server,
    writers: &mut [Writer],
    staff: &Staff,
    today: chrono::NaiveDate,
    delay: Duration,
) -> Result<Option<String>> {
    let address = server.address;
    std::thread::scope(|scope| {
        let handles: Vec<_> = writers
            .iter_mut()
            .map(|w| {
                scope.spawn(move || {
                    let api = Api::new(address);
                    w.round(&api, staff, today)
                })
            })
            .collect();
        std::thread::sleep(delay);
        server.kill()?;
        let mut refused = None;
        for h in handles {
            match h.join() {
                Ok(Stopped::ServerGone) => {}
                Ok(Stopped::Refused(said)) => refused = refused.or(Some(said)),
                Err(_) => bail!("a writer thread panicked"),
            }
        }
        Ok(refused)
    })
}

fn report(
    args: &Args,
    writers: &[Writer],
    totals: &check::Verdict,
    restarts: &mut [Duration],
    took: Duration,
) {
    let mut by_kind: std::collections::BTreeMap<&str, u64> = Default::default();
    for write in writers.iter().flat_map(|w| &w.log).filter(|w| w.acked) {
        *by_kind.entry(write.kind.name()).or_default() += 1;
    }
    restarts.sort();
    let at = |q: f64| {
        restarts
            .get(((restarts.len() as f64 - 1.0) * q).round() as usize)
            .map_or(0, |d| d.as_millis())
    };
    println!(
        "\nrundt-crash: PASSED {} cycles in {}",
        args.cycles,
        humantime::format_duration(Duration::from_secs(took.as_secs()))
    );
    println!(
        "  acknowledged writes: {} (all present, 0 lost)",
        totals.acked_present
    );
    for (kind, n) in by_kind {
        println!("    {kind}: {n}");
    }
    println!(
        "  writes unanswered at a kill: {} committed anyway, {} not (each a prefix of its writer's order)",
        totals.unanswered_present, totals.unanswered_absent
    );
    println!(
        "  serving again after a kill: median {} ms, p95 {} ms, max {} ms",
        at(0.5),
        at(0.95),
        at(1.0)
    );
}
