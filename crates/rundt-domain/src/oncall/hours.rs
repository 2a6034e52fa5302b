//! Office hours and the hours the rota must cover.
//!
//! Office hours are Monday to Friday, 08:00 to 16:00 on the team's clock,
//! on the country's working days: a public holiday (see
//! [`crate::working_days`]) is out of office all day, like a Sunday. In
//! office hours the team is at work and families reach it as usual; every
//! other hour, nights, weekends and holidays, must have someone on call.
//! Together the two keep the promise of 24 hours a day.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use serde::Serialize;

use crate::country::Country;
use crate::oncall::clock::start_instant;
use crate::working_days::is_working_day;

/// When the team's office opens on a working day.
pub const OFFICE_OPENS: NaiveTime = match NaiveTime::from_hms_opt(8, 0, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
};

/// When the team's office closes on a working day.
pub const OFFICE_CLOSES: NaiveTime = match NaiveTime::from_hms_opt(16, 0, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
};

/// How far ahead the rota is checked for gaps.
pub const COMING_WEEKS: u32 = 8;

/// A stretch of time from one instant up to (not including) another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub from: DateTime<Utc>,
    pub until: DateTime<Utc>,
}

impl Span {
    pub fn new(from: DateTime<Utc>, until: DateTime<Utc>) -> Self {
        Self { from, until }
    }

    /// How long it lasts, in real time.
    pub fn length(&self) -> Duration {
        self.until - self.from
    }

    /// Whether `at` falls inside (the end itself does not).
    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        self.from <= at && at < self.until
    }

    /// Whether the two share any moment.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.from < other.until && other.from < self.until
    }
}

/// The wall-clock time `at` on `day`, as an instant (these times never fall
/// in an hour the clocks skip or repeat).
fn at(country: Country, day: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    start_instant(country, day.and_time(time))
}

/// Whether `at` is in the team's office hours.
pub fn in_office_hours(country: Country, instant: DateTime<Utc>) -> bool {
    let local = super::clock::wall_clock(country, instant);
    is_working_day(country, local.date())
        && local.time() >= OFFICE_OPENS
        && local.time() < OFFICE_CLOSES
}

/// The stretches of `window` outside office hours, in order, each as long
/// as it can be (Friday 16:00 to Monday 08:00 is one stretch).
pub fn must_cover(country: Country, window: Span) -> Vec<Span> {
    let mut stretches: Vec<Span> = Vec::new();
    let mut push = |span: Span| {
        let clipped = Span::new(span.from.max(window.from), span.until.min(window.until));
        if clipped.from >= clipped.until {
            return;
        }
        match stretches.last_mut() {
            Some(last) if last.until >= clipped.from => last.until = last.until.max(clipped.until),
            _ => stretches.push(clipped),
        }
    };
    let first = country.local_date(window.from);
    let last = country.local_date(window.until);
    // Each day's end is the next day's start: one time-zone lookup a day
    // fewer (a year's coverage walks every day of it).
    let mut midnight = country.start_of_day(first);
    for day in first.iter_days().take_while(|d| *d <= last) {
        let next = day
            .succ_opt()
            .map_or(window.until, |d| country.start_of_day(d));
        if is_working_day(country, day) {
            push(Span::new(midnight, at(country, day, OFFICE_OPENS)));
            push(Span::new(at(country, day, OFFICE_CLOSES), next));
        } else {
            push(Span::new(midnight, next));
        }
        midnight = next;
    }
    stretches
}

/// From `now` up to the local midnight that begins the same weekday
/// `weeks` weeks ahead on the team's clock.
pub fn coming_weeks(country: Country, now: DateTime<Utc>, weeks: u32) -> Span {
    let end_day = country.local_date(now) + Duration::weeks(i64::from(weeks));
    Span::new(now, country.start_of_day(end_day))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oncall::test_support::utc;
    use crate::testing::day;

    fn local_spans(country: Country, spans: &[Span]) -> Vec<(String, String)> {
        spans
            .iter()
            .map(|s| (country.local_time(s.from), country.local_time(s.until)))
            .collect()
    }

    fn week_from(country: Country, first: &str, days: i64) -> Span {
        let first = day(first);
        Span::new(
            country.start_of_day(first),
            country.start_of_day(first + Duration::days(days)),
        )
    }

    #[test]
    fn an_ordinary_week_must_be_covered_outside_eight_to_four_on_weekdays() {
        // Monday 16 November 2026 to Monday 23 November.
        let spans = must_cover(Country::DK, week_from(Country::DK, "2026-11-16", 7));
        let expected = [
            ("2026-11-16 00:00", "2026-11-16 08:00"),
            ("2026-11-16 16:00", "2026-11-17 08:00"),
            ("2026-11-17 16:00", "2026-11-18 08:00"),
            ("2026-11-18 16:00", "2026-11-19 08:00"),
            ("2026-11-19 16:00", "2026-11-20 08:00"),
            // Friday afternoon to Monday morning in one stretch.
            ("2026-11-20 16:00", "2026-11-23 00:00"),
        ];
        assert_eq!(
            local_spans(Country::DK, &spans),
            expected.map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
        let hours: i64 = spans.iter().map(|s| s.length().num_hours()).sum();
        assert_eq!(hours, 7 * 24 - 5 * 8);
    }

    #[test]
    fn a_public_holiday_is_out_of_office_all_day() {
        // Maundy Thursday 2026 to Easter Monday: out of office from
        // Wednesday 16:00 to Tuesday 08:00 in both countries.
        for country in Country::ALL {
            let spans = must_cover(country, week_from(country, "2026-03-31", 8));
            let long = spans.iter().max_by_key(|s| s.length()).unwrap();
            assert_eq!(country.local_time(long.from), "2026-04-01 16:00");
            assert_eq!(country.local_time(long.until), "2026-04-07 08:00");
        }
        // 17 May 2028 is a Wednesday: out of office all day in Norway only.
        let may_17 = week_from(Country::NO, "2028-05-17", 1);
        assert_eq!(must_cover(Country::NO, may_17), [may_17]);
        let may_17_dk = week_from(Country::DK, "2028-05-17", 1);
        assert_eq!(must_cover(Country::DK, may_17_dk).len(), 2);
    }

    #[test]
    fn the_weekend_the_clocks_change_has_its_true_length_to_cover() {
        for country in Country::ALL {
            // Friday 27 March 2026 to Monday: Friday's night and evening,
            // Saturday, and Sunday the 29th, 23 hours long.
            let spring = must_cover(country, week_from(country, "2026-03-27", 3));
            let hours: i64 = spring.iter().map(|s| s.length().num_hours()).sum();
            assert_eq!(hours, 8 + 8 + 24 + 23, "{country}");
            // Friday 23 October 2026 to Monday: Sunday the 25th is 25 hours.
            let autumn = must_cover(country, week_from(country, "2026-10-23", 3));
            let hours: i64 = autumn.iter().map(|s| s.length().num_hours()).sum();
            assert_eq!(hours, 8 + 8 + 24 + 25, "{country}");
        }
    }

    #[test]
    fn office_hours_are_on_the_local_clock() {
        // 07:30 UTC on a summer Tuesday is 09:30 in Oslo.
        assert!(in_office_hours(Country::NO, utc("2026-06-16 07:30")));
        // 15:30 UTC on a winter Tuesday is 16:30 in Copenhagen.
        assert!(!in_office_hours(Country::DK, utc("2026-12-01 15:30")));
        // Whit Monday 2026 at noon.
        assert!(!in_office_hours(Country::DK, utc("2026-05-25 10:00")));
    }

    #[test]
    fn the_coming_weeks_run_to_local_midnight_weeks_ahead() {
        let span = coming_weeks(Country::DK, utc("2026-12-05 01:00"), COMING_WEEKS);
        assert_eq!(span.from, utc("2026-12-05 01:00"));
        assert_eq!(Country::DK.local_time(span.until), "2027-01-30 00:00");
    }
}
