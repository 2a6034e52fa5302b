//! Property tests of the on-call rota's coverage: for any shifts people may
//! write (including times in the hours the clocks skip or repeat), an
//! instant is in a reported gap exactly when it is outside office hours and
//! no shift covers it. Checked around both clock changes of 2026 in both
//! countries.
//!
//! `RUNDT_FUZZ_CASES` raises the number of cases for a long run (default 256).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use rundt_domain::country::Country;
use rundt_domain::id::UserId;
use rundt_domain::oncall::coverage::gaps;
use rundt_domain::oncall::hours::in_office_hours;
use rundt_domain::oncall::{OnCallTeam, Shift, Span};
use rundt_domain::team::Position;

fn config() -> ProptestConfig {
    let cases = std::env::var("RUNDT_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256);
    let rng_seed = match std::env::var("RUNDT_FUZZ_SEED").ok().as_deref() {
        Some("random") => RngSeed::Random,
        Some(n) => n.parse().map_or(RngSeed::Fixed(13), RngSeed::Fixed),
        None => RngSeed::Fixed(13),
    };
    ProptestConfig {
        cases,
        failure_persistence: None,
        rng_seed,
        ..ProptestConfig::default()
    }
}

fn team(country: Country) -> OnCallTeam {
    OnCallTeam::new(
        country,
        [
            (UserId::new(1), Position::Supervisor),
            (UserId::new(2), Position::Therapist),
            (UserId::new(3), Position::CrisisCaseworker),
        ],
    )
}

/// The Thursday before each clock change of 2026; the window is ten days.
fn first_day(autumn: bool) -> NaiveDate {
    if autumn {
        NaiveDate::from_ymd_opt(2026, 10, 22).unwrap()
    } else {
        NaiveDate::from_ymd_opt(2026, 3, 26).unwrap()
    }
}

/// A shift as a person might write it: a start on a quarter hour within
/// the window's ten days (or nudged into the night of the clock change),
/// lasting a quarter hour to two days.
fn written_shift() -> impl Strategy<Value = (i64, i64, bool, i64)> {
    (
        1..=3i64,
        0..(10 * 24 * 4i64),
        any::<bool>(),
        1..=(48 * 4i64),
    )
}

fn local(first: NaiveDate, quarter: i64) -> NaiveDateTime {
    first.and_hms_opt(0, 0, 0).unwrap() + Duration::minutes(15 * quarter)
}

/// Instants worth looking at: every ten minutes, and a minute either side
/// of every shift's and gap's ends.
fn probes(window: Span, shifts: &[Shift], found: &[Span]) -> Vec<DateTime<Utc>> {
    let mut at = Vec::new();
    let mut t = window.from;
    while t < window.until {
        at.push(t);
        t += Duration::minutes(10);
    }
    let edges = shifts
        .iter()
        .flat_map(|s| [s.starts_at, s.ends_at])
        .chain(found.iter().flat_map(|g| [g.from, g.until]));
    for edge in edges {
        for d in [-1, 0, 1] {
            let p = edge + Duration::minutes(d);
            if window.contains(p) {
                at.push(p);
            }
        }
    }
    at
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn an_instant_is_in_a_gap_exactly_when_outside_office_hours_and_nobody_is_on_call(
        norway in any::<bool>(),
        autumn in any::<bool>(),
        written in proptest::collection::vec(written_shift(), 0..14),
    ) {
        let country = if norway { Country::NO } else { Country::DK };
        let first = first_day(autumn);
        let team = team(country);
        // Two days at each end of the window are left for shifts to spill.
        let window = Span::new(
            country.start_of_day(first + Duration::days(2)),
            country.start_of_day(first + Duration::days(8)),
        );
        let shifts: Vec<Shift> = written
            .iter()
            .filter_map(|&(person, start, night_of_change, quarters)| {
                // Now and then start in the hour the clocks skip or repeat.
                let start = if night_of_change { 3 * 96 + 8 + start % 4 } else { start };
                team.shift(
                    UserId::new(person),
                    local(first, start),
                    local(first, start + quarters),
                )
                .ok()
            })
            .collect();
        let found: Vec<Span> = gaps(country, window, &shifts).into_iter().map(|g| g.0).collect();
        for pair in found.windows(2) {
            prop_assert!(pair[0].until < pair[1].from, "gaps in order and apart: {found:?}");
        }
        for gap in &found {
            prop_assert!(gap.from < gap.until);
            prop_assert!(window.from <= gap.from && gap.until <= window.until);
        }
        for at in probes(window, &shifts, &found) {
            let in_gap = found.iter().any(|g| g.contains(at));
            let uncovered = !in_office_hours(country, at)
                && !shifts.iter().any(|s| s.span().contains(at));
            prop_assert_eq!(in_gap, uncovered, "at {} ({})", at, country.local_time(at));
        }
    }
}
