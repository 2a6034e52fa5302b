//! Concurrent writers over HTTP on loopback: many therapists' clients save
//! a family's assessment at once, each naming the version it last saw in
//! `If-Match`, on one shared family or on a family each. Every answer is
//! counted: 200 (saved), 412 (someone saved first: read the new version and
//! try again), anything else is a fault. At the end each family's version
//! must have grown by exactly the number of saves the writers were told
//! succeeded — otherwise an update was lost — and every request must have
//! been answered (a deadlock would leave some unanswered).
//!
//! Used by `rundt-bench-writers` (the 60-second run in docs/RELIABILITY.md)
//! and by the short test in `tests/concurrent_writers.rs`.

pub mod http;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rundt_app::App;
use rundt_domain::id::{CaseId, UserId};

use crate::Percentiles;
use http::Conn;

/// Whether the writers share one family or each has its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Families {
    Same,
    Different,
}

impl Families {
    pub fn label(self) -> &'static str {
        match self {
            Families::Same => "same family",
            Families::Different => "different families",
        }
    }
}

/// One run: who writes, where, how many at once, for how long.
#[derive(Debug, Clone)]
pub struct Plan {
    pub port: u16,
    /// The assigned therapist's API token.
    pub token: String,
    /// The families in treatment that may be written to.
    pub cases: Vec<CaseId>,
    pub writers: usize,
    pub families: Families,
    pub duration: Duration,
    /// Print a progress line every few seconds (with the time left).
    pub progress: bool,
}

/// What a run saw.
#[derive(Debug, Clone)]
pub struct Report {
    pub families: Families,
    pub writers: usize,
    pub seconds: f64,
    /// Writes sent (saves of the assessment).
    pub requests: u64,
    /// Answered 200: saved.
    pub saved: u64,
    /// Answered 412: the If-Match was stale; nothing was changed.
    pub stale: u64,
    /// Answered 5xx (a write, or the read of the new version after a 412).
    pub server_errors: u64,
    /// Answered with another status (a fault of the test or the server).
    pub other: u64,
    /// Not answered within [`http::ANSWER_TIMEOUT`], or the connection broke.
    pub unanswered: u64,
    /// Sum over the families of (final version − version at the start).
    pub versions_gained: i64,
    /// Every write's latency (saved or stale), and the saved ones alone.
    pub latency: Option<Percentiles>,
    pub saved_latency: Option<Percentiles>,
    /// The first faulty answer, for the log.
    pub first_fault: Option<String>,
}

impl Report {
    /// Updates lost: saves acknowledged but not reflected in the versions
    /// (negative: versions that grew without an acknowledged save).
    pub fn lost_updates(&self) -> i64 {
        i64::try_from(self.saved).unwrap_or(i64::MAX) - self.versions_gained
    }

    /// No 5xx, no other fault, every request answered, no lost update.
    pub fn sound(&self) -> bool {
        self.server_errors == 0
            && self.other == 0
            && self.unanswered == 0
            && self.lost_updates() == 0
            && self.saved > 0
    }

    /// The run in a few lines, as docs/RELIABILITY.md records it.
    pub fn lines(&self) -> String {
        let latency =
            |p: &Option<Percentiles>| p.map(|p| p.line()).unwrap_or_else(|| "none".into());
        format!(
            "{}: {} writers for {:.1} s\n  requests={} 2xx={} 412={} 5xx={} other={} unanswered={}\n  \
             saves acknowledged={} versions gained={} lost updates={}\n  \
             every write: {}\n  saved writes: {}",
            self.families.label(),
            self.writers,
            self.seconds,
            self.requests,
            self.saved,
            self.stale,
            self.server_errors,
            self.other,
            self.unanswered,
            self.saved,
            self.versions_gained,
            self.lost_updates(),
            latency(&self.latency),
            latency(&self.saved_latency),
        )
    }
}

/// Serves the real router over `app` on a loopback port (in the current
/// Tokio runtime, until it ends); returns the port.
pub async fn serve(app: App) -> Result<u16, String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let router = rundt_web::router_with_settings(
        app,
        rundt_web::Settings {
            // The load test's few tokens stand for many people each.
            token_rate: None,
            ..rundt_web::Settings::default()
        },
    );
    tokio::spawn(async move {
        let _ = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await;
    });
    Ok(port)
}

/// A personal API token of `user`, as a client would hold it.
pub async fn token_of(app: &App, user: UserId) -> Result<String, String> {
    let actor = crate::user_actor(app, user)
        .await
        .map_err(|e| e.to_string())?;
    let who = actor
        .principal()
        .ok_or_else(|| "the user has no principal".to_owned())?;
    let (_, raw) = rundt_app::auth::create_api_token(
        app,
        who,
        &rundt_app::auth::NewToken::named("concurrent writers"),
    )
    .await
    .map_err(|e| e.to_string())?;
    Ok(raw)
}

/// The assessment a writer saves: the generated one, its first goal's
/// measure naming the writer and the attempt so each save differs.
fn assessment_body(writer: usize, attempt: u64) -> Result<String, String> {
    let mut doc =
        serde_json::to_value(rundt_seed::generate::assessment()).map_err(|e| e.to_string())?;
    if let Some(goal) = doc
        .get_mut("overarching_goals")
        .and_then(|g| g.get_mut(0))
        .and_then(|g| g.as_object_mut())
    {
        goal.insert(
            "measure".into(),
            format!("five of five days (writer {writer}, save {attempt})").into(),
        );
    }
    serde_json::to_string(&doc).map_err(|e| e.to_string())
}

/// The assessment's version as the family's file shows it.
fn assessment_version(conn: &mut Conn, token: &str, case: CaseId) -> Result<i64, String> {
    let path = format!("/api/v1/cases/{case}/file");
    let answer = conn.send("GET", &path, token, None, None)?;
    if answer.status != 200 {
        return Err(format!(
            "GET {path} answered {}: {}",
            answer.status,
            String::from_utf8_lossy(&answer.body)
        ));
    }
    let file: serde_json::Value =
        serde_json::from_slice(&answer.body).map_err(|e| e.to_string())?;
    file["assessment"]["version"]
        .as_i64()
        .ok_or_else(|| format!("no assessment version in {path}"))
}

/// What one writer saw.
#[derive(Default)]
struct Tally {
    requests: u64,
    saved: u64,
    stale: u64,
    server_errors: u64,
    other: u64,
    unanswered: u64,
    samples: Vec<Duration>,
    saved_samples: Vec<Duration>,
    first_fault: Option<String>,
}

impl Tally {
    fn fault(&mut self, what: String) {
        if self.first_fault.is_none() {
            self.first_fault = Some(what);
        }
    }

    /// Counts a faulty answer (or none) and opens a fresh connection.
    fn count_fault(&mut self, conn: &mut Conn, what: &str, answer: Result<http::Answer, String>) {
        match answer {
            Ok(a) => {
                if a.status >= 500 {
                    self.server_errors += 1;
                } else {
                    self.other += 1;
                }
                self.fault(format!(
                    "{what} answered {}: {}",
                    a.status,
                    String::from_utf8_lossy(&a.body)
                ));
            }
            Err(e) => {
                self.unanswered += 1;
                self.fault(format!("{what}: no answer: {e}"));
            }
        }
        // A connection may be closed after a fault; a failed reopen shows
        // as the next request's fault.
        let _ = conn.reopen();
    }
}

/// The assessment's version as the family's file shows it, or the faulty
/// answer counted (and the version the writer had kept).
fn refresh(conn: &mut Conn, token: &str, case: CaseId, kept: i64, tally: &mut Tally) -> i64 {
    let path = format!("/api/v1/cases/{case}/file");
    let answer = conn.send("GET", &path, token, None, None);
    if let Ok(a) = &answer
        && a.status == 200
        && let Ok(file) = serde_json::from_slice::<serde_json::Value>(&a.body)
        && let Some(v) = file["assessment"]["version"].as_i64()
    {
        return v;
    }
    tally.count_fault(conn, &format!("GET {path}"), answer);
    kept
}

fn writer(
    n: usize,
    case: CaseId,
    plan: &Plan,
    start_version: i64,
    deadline: Instant,
    sent: &AtomicU64,
) -> Result<Tally, String> {
    let mut conn = Conn::open(plan.port)?;
    let mut version = start_version;
    let mut tally = Tally::default();
    let path = format!("/api/v1/cases/{case}/assessment");
    while Instant::now() < deadline {
        let body = assessment_body(n, tally.requests)?;
        let t = Instant::now();
        let answer = conn.send("PUT", &path, &plan.token, Some(version), Some(&body));
        let took = t.elapsed();
        tally.requests += 1;
        sent.fetch_add(1, Ordering::Relaxed);
        match answer {
            Ok(a) if a.status == 200 && a.etag.is_some() => {
                tally.saved += 1;
                tally.samples.push(took);
                tally.saved_samples.push(took);
                version = a
                    .etag
                    .as_deref()
                    .map(|e| e.trim_matches('"'))
                    .and_then(|e| e.parse().ok())
                    .ok_or_else(|| format!("a save without an ETag: {a:?}"))?;
            }
            Ok(a) if a.status == 412 => {
                tally.stale += 1;
                tally.samples.push(took);
                version = refresh(&mut conn, &plan.token, case, version, &mut tally);
            }
            other => {
                tally.count_fault(&mut conn, &format!("PUT {path}"), other);
                version = refresh(&mut conn, &plan.token, case, version, &mut tally);
            }
        }
    }
    Ok(tally)
}

/// Runs the plan: the writers, a progress line every five seconds, and the
/// versions before and after. Blocking; call it off the server's runtime
/// threads (e.g. in `spawn_blocking`).
pub fn run(plan: &Plan) -> Result<Report, String> {
    let first = *plan
        .cases
        .first()
        .ok_or_else(|| "no family to write to".to_owned())?;
    let case_of = |n: usize| match plan.families {
        Families::Same => first,
        Families::Different => plan
            .cases
            .get(n % plan.cases.len())
            .copied()
            .unwrap_or(first),
    };
    let mut conn = Conn::open(plan.port)?;
    let mut before = HashMap::new();
    for n in 0..plan.writers {
        let case = case_of(n);
        if let std::collections::hash_map::Entry::Vacant(slot) = before.entry(case) {
            slot.insert(assessment_version(&mut conn, &plan.token, case)?);
        }
    }
    let sent = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + plan.duration;
    let handles: Vec<_> = (0..plan.writers)
        .map(|n| {
            let (plan, sent) = (plan.clone(), sent.clone());
            let case = case_of(n);
            let version = before.get(&case).copied().unwrap_or(1);
            std::thread::spawn(move || writer(n, case, &plan, version, deadline, &sent))
        })
        .collect();
    while plan.progress && Instant::now() < deadline {
        std::thread::sleep(Duration::from_secs(5).min(deadline - Instant::now()));
        let elapsed = started.elapsed().as_secs_f64();
        let left = deadline.saturating_duration_since(Instant::now()).as_secs();
        println!(
            "  {}: {:.0} s, {} writes sent, about {left} s left",
            plan.families.label(),
            elapsed,
            sent.load(Ordering::Relaxed)
        );
    }
    let mut all = Tally::default();
    for h in handles {
        let t = h
            .join()
            .map_err(|_| "a writer thread panicked".to_owned())??;
        all.requests += t.requests;
        all.saved += t.saved;
        all.stale += t.stale;
        all.server_errors += t.server_errors;
        all.other += t.other;
        all.unanswered += t.unanswered;
        all.samples.extend(t.samples);
        all.saved_samples.extend(t.saved_samples);
        if all.first_fault.is_none() {
            all.first_fault = t.first_fault;
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let mut versions_gained = 0;
    for (case, start) in &before {
        versions_gained += assessment_version(&mut conn, &plan.token, *case)? - start;
    }
    Ok(Report {
        families: plan.families,
        writers: plan.writers,
        seconds,
        requests: all.requests,
        saved: all.saved,
        stale: all.stale,
        server_errors: all.server_errors,
        other: all.other,
        unanswered: all.unanswered,
        versions_gained,
        latency: Percentiles::of(&all.samples),
        saved_latency: Percentiles::of(&all.saved_samples),
        first_fault: all.first_fault,
    })
}
