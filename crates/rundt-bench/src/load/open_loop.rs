//! The open-loop scheduler: request `i` is due at `start + i / rate`, sent
//! then whatever happened to the earlier ones, and its latency is counted
//! from that intended moment, so a server (or generator) that falls behind
//! shows its queueing in the figures (coordinated omission corrected).
//!
//! The schedule is kept by a thread of its own (`std::thread::sleep` is
//! precise to tens of microseconds, Tokio's timer to a millisecond), which
//! hands each request to the runtime. Requests go over a pool of keep-alive
//! connections opened before the run; when none is free the request waits
//! for one (its waiting counts in its latency) and the wait is counted as a
//! fault of the generator, since the pool should be large enough.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::Semaphore;

use super::conn::{ANSWER_TIMEOUT, Conn};

/// The future a request is.
pub type Pending<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;

/// What the scheduler sends: kinds of request and how to perform them.
pub trait Workload: Send + Sync + 'static {
    /// Names of the kinds, indexed as [`Workload::pick`] returns them.
    fn kind_names(&self) -> Vec<String>;
    /// The kind of request number `seq`.
    fn pick(&self, seq: u64) -> usize;
    /// Performs one request of `kind` on `conn`: `Ok` for a 2xx/3xx answer,
    /// otherwise the status and body (or the I/O error).
    fn perform<'a>(&'a self, kind: usize, seq: u64, conn: &'a mut Conn) -> Pending<'a>;
}

/// How hard and how long.
#[derive(Debug, Clone)]
pub struct Plan {
    pub port: u16,
    /// Requests per second offered.
    pub rate: f64,
    pub duration: Duration,
    /// Keep-alive connections opened before the run.
    pub connections: usize,
    /// A progress line every five seconds.
    pub progress: bool,
    /// Numbers requests from here (a warm-up and the run use different
    /// numbers, so the run does not repeat the warm-up's choices).
    pub first_seq: u64,
}

/// One answered (or failed) request.
#[derive(Debug, Clone)]
pub struct Sample {
    pub kind: usize,
    /// From the intended send time to the end of the answer.
    pub latency: Duration,
    /// How late the scheduler handed the request on (its own lag).
    pub dispatch_lag: Duration,
    pub error: Option<String>,
}

/// What a run saw.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub kinds: Vec<String>,
    pub samples: Vec<Sample>,
    /// Requests scheduled.
    pub offered: u64,
    pub planned: Duration,
    /// From the first intended send to the last answer.
    pub elapsed: Duration,
    /// Requests that found no free connection and waited for one.
    pub pool_waits: u64,
    /// Requests still unanswered when the run was given up.
    pub unfinished: u64,
}

/// Runs `plan` against the server on `plan.port`.
pub async fn run<W: Workload>(plan: &Plan, workload: Arc<W>) -> Result<Outcome, String> {
    let mut conns = Vec::with_capacity(plan.connections);
    for _ in 0..plan.connections.max(1) {
        conns.push(Conn::open(plan.port).await?);
    }
    let pool = Arc::new(Mutex::new(conns));
    let free = Arc::new(Semaphore::new(plan.connections.max(1)));
    let samples = Arc::new(Mutex::new(Vec::new()));
    let pool_waits = Arc::new(AtomicU64::new(0));
    let total = (plan.rate * plan.duration.as_secs_f64()).round() as u64;
    let interval = Duration::from_secs_f64(1.0 / plan.rate.max(1e-6));
    let handle = tokio::runtime::Handle::current();
    let start = Instant::now() + Duration::from_millis(20);
    let dispatcher = {
        let (workload, pool, free, samples, waits, progress, first) = (
            workload.clone(),
            pool.clone(),
            free.clone(),
            samples.clone(),
            pool_waits.clone(),
            plan.progress,
            plan.first_seq,
        );
        std::thread::spawn(move || {
            let mut tasks = Vec::with_capacity(usize::try_from(total).unwrap_or(0));
            let mut next_note = start + Duration::from_secs(5);
            for i in 0..total {
                let intended = start + interval.mul_f64(i as f64);
                let now = Instant::now();
                if intended > now {
                    std::thread::sleep(intended - now);
                }
                let lag = Instant::now().saturating_duration_since(intended);
                let seq = first + i;
                let kind = workload.pick(seq);
                let (workload, pool, free, samples, waits) = (
                    workload.clone(),
                    pool.clone(),
                    free.clone(),
                    samples.clone(),
                    waits.clone(),
                );
                tasks.push(handle.spawn(async move {
                    let permit = match free.clone().try_acquire_owned() {
                        Ok(p) => Ok(p),
                        Err(_) => {
                            waits.fetch_add(1, Ordering::Relaxed);
                            free.acquire_owned().await
                        }
                    };
                    let popped = pool.lock().ok().and_then(|mut p| p.pop());
                    let (error, conn) = match (permit, popped) {
                        (Ok(_), Some(mut conn)) => {
                            let result = workload.perform(kind, seq, &mut conn).await;
                            // After a failure the server may have closed the
                            // connection; a broken one is replaced.
                            let error = result.err();
                            if error.is_some() && conn.reopen().await.is_err() {
                                (error, None)
                            } else {
                                (error, Some(conn))
                            }
                        }
                        _ => (Some("generator: no connection in the pool".into()), None),
                    };
                    let latency = intended.elapsed();
                    if let (Some(conn), Ok(mut p)) = (conn, pool.lock()) {
                        p.push(conn);
                    }
                    if let Ok(mut s) = samples.lock() {
                        s.push(Sample {
                            kind,
                            latency,
                            dispatch_lag: lag,
                            error,
                        });
                    }
                }));
                if progress && Instant::now() >= next_note {
                    next_note += Duration::from_secs(5);
                    let left = (total - i) as f64 * interval.as_secs_f64();
                    println!(
                        "  {:.0} s: {} requests sent, about {left:.0} s left",
                        start.elapsed().as_secs_f64(),
                        i + 1
                    );
                }
            }
            tasks
        })
    };
    let tasks = tokio::task::spawn_blocking(move || dispatcher.join())
        .await
        .map_err(|e| e.to_string())?
        .map_err(|_| "the scheduler thread panicked".to_owned())?;
    let give_up = Instant::now() + ANSWER_TIMEOUT + Duration::from_secs(5);
    let mut unfinished = 0;
    for mut t in tasks {
        let left = give_up.saturating_duration_since(Instant::now());
        if tokio::time::timeout(left, &mut t).await.is_err() {
            // Given up: stopped, so it is counted once (not also as a late
            // sample).
            t.abort();
            unfinished += 1;
        }
    }
    let elapsed = start.elapsed();
    let samples = samples.lock().map(|s| s.clone()).unwrap_or_default();
    Ok(Outcome {
        kinds: workload.kind_names(),
        samples,
        offered: total,
        planned: plan.duration,
        elapsed,
        pool_waits: pool_waits.load(Ordering::Relaxed),
        unfinished,
    })
}
