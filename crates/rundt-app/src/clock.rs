//! Time as a parameter, so tests can fix it.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use rundt_domain::country::programme_date;

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;

    /// Today on the programmes' own clock: a supervisor who records
    /// today's review at half past midnight in Aarhus is on the new day,
    /// though UTC is still on the old one.
    fn today(&self) -> NaiveDate {
        programme_date(self.now())
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
    use rundt_domain::country::Country;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn today_turns_at_midnight_in_denmark_not_at_midnight_utc() {
        let date = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
        // Winter: UTC+1.
        assert_eq!(
            FixedClock(at("2026-12-05T22:59:59Z")).today(),
            date("2026-12-05")
        );
        assert_eq!(
            FixedClock(at("2026-12-05T23:00:00Z")).today(),
            date("2026-12-06")
        );
        // Summer: UTC+2.
        assert_eq!(
            FixedClock(at("2026-06-30T21:59:59Z")).today(),
            date("2026-06-30")
        );
        assert_eq!(
            FixedClock(at("2026-06-30T22:00:00Z")).today(),
            date("2026-07-01")
        );
    }

    #[test]
    fn denmark_and_norway_are_on_the_same_date_every_hour_of_ten_years() {
        let mut t = at("2020-01-01T00:30:00Z");
        while t < at("2030-01-01T00:00:00Z") {
            assert_eq!(Country::DK.local_date(t), Country::NO.local_date(t), "{t}");
            t += chrono::Duration::minutes(30);
        }
    }

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
