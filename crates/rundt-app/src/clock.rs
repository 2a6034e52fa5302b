//! Time as a parameter, so tests can fix it.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;

    fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }
}

/// The real clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    // The one wall-clock read of Rundt: everything else asks a `Clock`
    // (clippy.toml disallows the others).
    #[allow(clippy::disallowed_methods)]
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock stopped at one instant, for tests and reproducible demos.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// A clock the browser tests move, to see the rota at night: the file
/// holds an instant (RFC 3339), and the clock reads that instant plus the
/// time since the file was written, so time still passes. Without the file
/// (or with one that does not hold an instant) it is the real clock. The
/// command line uses it only when `RUNDT_TEST_CLOCK_FILE` names the file;
/// never set that in production.
#[derive(Debug, Clone)]
pub struct FileClock {
    path: PathBuf,
}

impl FileClock {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    fn set_time(&self) -> Option<DateTime<Utc>> {
        let text = std::fs::read_to_string(&self.path).ok()?;
        let set = DateTime::parse_from_rfc3339(text.trim()).ok()?;
        let written = std::fs::metadata(&self.path).ok()?.modified().ok()?;
        let since = real_time_since(written);
        Some(set.with_timezone(&Utc) + since)
    }
}

// The test clock runs on from the moment its file was written.
#[allow(clippy::disallowed_methods)]
fn real_time_since(then: std::time::SystemTime) -> chrono::Duration {
    let elapsed = std::time::SystemTime::now()
        .duration_since(then)
        .unwrap_or_default();
    chrono::Duration::from_std(elapsed).unwrap_or_default()
}

impl Clock for FileClock {
    fn now(&self) -> DateTime<Utc> {
        self.set_time().unwrap_or_else(|| SystemClock.now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_test_clock_reads_the_instant_in_its_file_and_runs_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("clock");
        let clock = FileClock::new(&path);
        let real = SystemClock.now();
        assert!(
            (clock.now() - real).num_seconds().abs() < 5,
            "no file: real time"
        );
        std::fs::write(&path, "2026-12-09T02:00:00+01:00\n").unwrap();
        let at = clock.now();
        let set = DateTime::parse_from_rfc3339("2026-12-09T01:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert!(at >= set && (at - set).num_seconds() < 5, "{at}");
        std::fs::write(&path, "not a time").unwrap();
        assert!(
            (clock.now() - real).num_seconds().abs() < 5,
            "bad file: real time"
        );
    }
}
