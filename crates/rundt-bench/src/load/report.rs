//! The summary of a run: per kind and in total, count, p50/p95/p99/max,
//! errors (with the first few), offered against achieved rate, and the
//! generator's own faults (pool waits, scheduling lag).

use std::fmt::Write;
use std::time::Duration;

use super::open_loop::Outcome;
use crate::Percentiles;

/// How many error answers are printed.
const ERRORS_SHOWN: usize = 5;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

impl Outcome {
    /// Answers that were not 2xx/3xx (or never came), and the unfinished.
    pub fn errors(&self) -> u64 {
        self.samples.iter().filter(|s| s.error.is_some()).count() as u64 + self.unfinished
    }

    pub fn offered_rate(&self) -> f64 {
        self.offered as f64 / self.planned.as_secs_f64().max(1e-9)
    }

    /// Successful answers per second, over the time from the first
    /// intended send to the last answer: what the server got done. An
    /// error answer or a request the generator could not send is not
    /// counted (under overload they come fast and would flatter the rate).
    pub fn achieved_rate(&self) -> f64 {
        let ok = self.samples.iter().filter(|s| s.error.is_none()).count();
        ok as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// Latency percentiles of kind `k` (or all, for `None`).
    pub fn percentiles(&self, k: Option<usize>) -> Option<Percentiles> {
        let latencies: Vec<Duration> = self
            .samples
            .iter()
            .filter(|s| k.is_none_or(|k| s.kind == k))
            .map(|s| s.latency)
            .collect();
        Percentiles::of(&latencies)
    }

    /// The table, then the rates, the generator's faults and the first
    /// errors.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:<28} {:>7} {:>9} {:>9} {:>9} {:>9} {:>7}",
            "kind", "count", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors"
        );
        let mut line = |name: &str, k: Option<usize>| {
            let errors = self
                .samples
                .iter()
                .filter(|s| k.is_none_or(|k| s.kind == k) && s.error.is_some())
                .count();
            match self.percentiles(k) {
                Some(p) => {
                    let _ = writeln!(
                        out,
                        "{name:<28} {:>7} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {errors:>7}",
                        p.n,
                        ms(p.p50),
                        ms(p.p95),
                        ms(p.p99),
                        ms(p.max)
                    );
                }
                None => {
                    let _ = writeln!(out, "{name:<28} {:>7}", 0);
                }
            }
        };
        for (k, name) in self.kinds.iter().enumerate() {
            line(name, Some(k));
        }
        line("total", None);
        let lags: Vec<Duration> = self.samples.iter().map(|s| s.dispatch_lag).collect();
        let lag = Percentiles::of(&lags);
        let _ = writeln!(
            out,
            "offered {:.1} req/s ({} requests in {:.1} s), achieved {:.1} req/s (successful answers until the last one, {:.1} s); errors {}, unfinished {}",
            self.offered_rate(),
            self.offered,
            self.planned.as_secs_f64(),
            self.achieved_rate(),
            self.elapsed.as_secs_f64(),
            self.errors(),
            self.unfinished,
        );
        let _ = writeln!(
            out,
            "generator: {} request(s) waited for a free connection (a generator fault); scheduling lag p99 {:.2} ms, max {:.2} ms",
            self.pool_waits,
            lag.map_or(0.0, |p| ms(p.p99)),
            lag.map_or(0.0, |p| ms(p.max)),
        );
        for s in self
            .samples
            .iter()
            .filter(|s| s.error.is_some())
            .take(ERRORS_SHOWN)
        {
            let name = self.kinds.get(s.kind).map_or("?", String::as_str);
            let _ = writeln!(
                out,
                "  error in {name}: {}",
                s.error.as_deref().unwrap_or("")
            );
        }
        out
    }
}
