//! The figures of the on-call work: hours on call per person and month (for
//! payroll) and the share of the hours outside office hours the rota
//! covered. Months are the team's calendar months: a shift over midnight
//! of the 1st counts its hours in the month each hour falls in.

use std::collections::BTreeMap;

use chrono::Duration;
use serde::Serialize;

use crate::country::Country;
use crate::id::UserId;
use crate::oncall::coverage::gaps_in;
use crate::oncall::hours::{Span, must_cover};
use crate::oncall::rota::Shift;
use crate::period::Month;

/// A person's time on call in one month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthHours {
    pub person: UserId,
    pub month: Month,
    /// Whole minutes on call (true length across a clock change).
    pub minutes: i64,
}

impl MonthHours {
    /// Hours, to one decimal.
    pub fn hours(&self) -> f64 {
        (self.minutes as f64 / 6.0).round() / 10.0
    }
}

/// Time on call per person and month, by person then month. Two shifts of
/// one person that overlap count their common time once.
pub fn hours_per_person_per_month(country: Country, shifts: &[Shift]) -> Vec<MonthHours> {
    let mut per_person: BTreeMap<UserId, Vec<Span>> = BTreeMap::new();
    for s in shifts {
        per_person.entry(s.person).or_default().push(s.span());
    }
    let mut out: BTreeMap<(UserId, Month), Duration> = BTreeMap::new();
    for (person, spans) in per_person {
        for span in union(spans) {
            for (month, part) in split_by_month(country, span) {
                *out.entry((person, month)).or_insert_with(Duration::zero) += part;
            }
        }
    }
    out.into_iter()
        .map(|((person, month), d)| MonthHours {
            person,
            month,
            minutes: d.num_minutes(),
        })
        .collect()
}

/// How much of a window's hours outside office hours the rota covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// Minutes outside office hours in the window.
    pub to_cover_minutes: i64,
    /// Of those, the minutes someone was on call.
    pub covered_minutes: i64,
}

impl Coverage {
    /// The share covered, 0–1; `None` for a window with nothing to cover.
    pub fn share(&self) -> Option<f64> {
        (self.to_cover_minutes > 0)
            .then(|| self.covered_minutes as f64 / self.to_cover_minutes as f64)
    }

    /// The share as a whole-number percentage, rounded down so that a
    /// single uncovered minute never shows as 100 %.
    pub fn percent(&self) -> Option<i64> {
        (self.to_cover_minutes > 0).then(|| self.covered_minutes * 100 / self.to_cover_minutes)
    }
}

/// The coverage of `window` by `shifts` (e.g. the year so far).
pub fn coverage(country: Country, window: Span, shifts: &[Shift]) -> Coverage {
    let stretches = must_cover(country, window);
    let to_cover: i64 = stretches.iter().map(|s| s.length().num_minutes()).sum();
    let uncovered: i64 = gaps_in(&stretches, shifts)
        .iter()
        .map(|g| g.0.length().num_minutes())
        .sum();
    Coverage {
        to_cover_minutes: to_cover,
        covered_minutes: to_cover - uncovered,
    }
}

/// Spans merged where they meet or overlap, in order.
fn union(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_by_key(|s| s.from);
    let mut out: Vec<Span> = Vec::new();
    for s in spans {
        match out.last_mut() {
            Some(last) if s.from <= last.until => last.until = last.until.max(s.until),
            _ => out.push(s),
        }
    }
    out
}

/// `span` cut at the local midnights that begin a month.
fn split_by_month(country: Country, span: Span) -> Vec<(Month, Duration)> {
    let mut parts = Vec::new();
    let mut from = span.from;
    while from < span.until {
        let month = Month::of(country.local_date(from));
        let next_start = month
            .next()
            .first_day()
            .map_or(span.until, |d| country.start_of_day(d));
        let until = next_start.min(span.until);
        parts.push((month, until - from));
        from = until;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oncall::test_support::{ANNE, BO, shift, utc};

    fn month(s: &str) -> Month {
        Month::parse(s).unwrap()
    }

    #[test]
    fn a_night_over_the_first_of_the_month_counts_in_both_months() {
        // 30 November 16:00 to 1 December 08:00, Danish time: 8 + 8 hours.
        let s = shift(Country::DK, ANNE, "2026-11-30 16:00", "2026-12-01 08:00");
        let hours = hours_per_person_per_month(Country::DK, &[s]);
        assert_eq!(
            hours,
            vec![
                MonthHours {
                    person: ANNE,
                    month: month("2026-11"),
                    minutes: 8 * 60
                },
                MonthHours {
                    person: ANNE,
                    month: month("2026-12"),
                    minutes: 8 * 60
                },
            ]
        );
    }

    #[test]
    fn the_night_the_clocks_go_back_pays_eleven_hours() {
        let s = shift(Country::NO, BO, "2026-10-24 22:00", "2026-10-25 08:00");
        let hours = hours_per_person_per_month(Country::NO, &[s]);
        assert_eq!(hours.len(), 1);
        assert_eq!(hours[0].minutes, 11 * 60);
        assert_eq!(hours[0].hours(), 11.0);
    }

    #[test]
    fn overlapping_shifts_of_one_person_count_once_and_people_apart() {
        let shifts = [
            shift(Country::DK, ANNE, "2026-12-08 16:00", "2026-12-09 08:00"),
            shift(Country::DK, ANNE, "2026-12-09 06:00", "2026-12-09 08:00"),
            shift(Country::DK, BO, "2026-12-09 06:00", "2026-12-09 08:00"),
        ];
        let hours = hours_per_person_per_month(Country::DK, &shifts);
        assert_eq!(hours[0].person, ANNE);
        assert_eq!(hours[0].minutes, 16 * 60);
        assert_eq!(hours[1].person, BO);
        assert_eq!(hours[1].minutes, 2 * 60);
    }

    #[test]
    fn coverage_is_the_share_of_the_hours_outside_office_hours_someone_held() {
        // Tuesday 8 December 2026, 08:00 to Wednesday 08:00 Danish time:
        // 16 hours to cover (16:00–08:00); the rota covers 12 of them.
        let window = Span::new(utc("2026-12-08 07:00"), utc("2026-12-09 07:00"));
        let shifts = [shift(
            Country::DK,
            ANNE,
            "2026-12-08 16:00",
            "2026-12-09 04:00",
        )];
        let c = coverage(Country::DK, window, &shifts);
        assert_eq!(c.to_cover_minutes, 16 * 60);
        assert_eq!(c.covered_minutes, 12 * 60);
        assert_eq!(c.share(), Some(0.75));
        assert_eq!(c.percent(), Some(75));
        let full = [shift(
            Country::DK,
            ANNE,
            "2026-12-08 16:00",
            "2026-12-09 08:00",
        )];
        assert_eq!(coverage(Country::DK, window, &full).percent(), Some(100));
        assert_eq!(coverage(Country::DK, window, &[]).percent(), Some(0));
    }

    #[test]
    fn a_window_in_office_hours_has_nothing_to_cover() {
        let window = Span::new(utc("2026-12-08 08:00"), utc("2026-12-08 10:00"));
        let c = coverage(Country::DK, window, &[]);
        assert_eq!(c.to_cover_minutes, 0);
        assert_eq!(c.share(), None);
    }
}
