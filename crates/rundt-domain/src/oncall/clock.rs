//! Wall-clock times on the team's clock as instants.
//!
//! People write shifts in local time ("Saturday 22:00 to Sunday 08:00");
//! the rota stores and compares instants, so a shift across a clock change
//! has its true length. Two wall-clock times need a rule:
//!
//! - **The hour the clocks skip** (the last Sunday of March, 02:00 to 02:59
//!   do not exist): such a time means the instant the clocks jump, 03:00
//!   summer time, for a start and for an end alike. A shift written to end
//!   at 02:30 that night and the next written to start at 02:30 meet
//!   without a gap.
//! - **The hour the clocks repeat** (the last Sunday of October, 02:00 to
//!   02:59 happen twice): a shift *starts* at the first of the two and
//!   *ends* at the second. Whoever is written around that hour covers both
//!   of its occurrences; two people meeting there overlap by an hour rather
//!   than leave one uncovered.

use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};

use crate::country::Country;

/// The instant a shift written to start at `at` starts.
pub fn start_instant(country: Country, at: NaiveDateTime) -> DateTime<Utc> {
    resolve(country, at, Side::Start)
}

/// The instant a shift written to end at `at` ends.
pub fn end_instant(country: Country, at: NaiveDateTime) -> DateTime<Utc> {
    resolve(country, at, Side::End)
}

/// `at` on the country's clock, as people read it (the inverse of the two
/// above for every time that happens once).
pub fn wall_clock(country: Country, at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&country.time_zone()).naive_local()
}

#[derive(Clone, Copy)]
enum Side {
    Start,
    End,
}

fn resolve(country: Country, at: NaiveDateTime, side: Side) -> DateTime<Utc> {
    let tz = country.time_zone();
    let pick = |t: NaiveDateTime| {
        let found = tz.from_local_datetime(&t);
        match side {
            Side::Start => found.earliest(),
            Side::End => found.latest(),
        }
    };
    if let Some(t) = pick(at) {
        return t.with_timezone(&Utc);
    }
    // In the skipped hour: the first whole minute that exists is the
    // instant the clocks jumped (clock changes fall on whole minutes).
    let minute = at - Duration::seconds(i64::from(chrono::Timelike::second(&at)));
    (1..=180)
        .find_map(|m| pick(minute + Duration::minutes(m)))
        .map_or_else(|| Utc.from_utc_datetime(&at), |t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oncall::test_support::{local, utc};

    #[test]
    fn a_winter_evening_in_copenhagen_is_one_hour_ahead_of_utc() {
        assert_eq!(
            start_instant(Country::DK, local("2026-12-03 16:00")),
            utc("2026-12-03 15:00")
        );
        assert_eq!(
            end_instant(Country::NO, local("2026-07-01 08:00")),
            utc("2026-07-01 06:00")
        );
    }

    #[test]
    fn a_time_in_the_skipped_spring_hour_means_the_jump_to_summer_time() {
        // 29 March 2026: at 02:00 the clocks in both countries go to 03:00.
        for country in Country::ALL {
            let jump = utc("2026-03-29 01:00");
            assert_eq!(start_instant(country, local("2026-03-29 02:30")), jump);
            assert_eq!(end_instant(country, local("2026-03-29 02:30")), jump);
            assert_eq!(start_instant(country, local("2026-03-29 02:00")), jump);
            assert_eq!(start_instant(country, local("2026-03-29 03:00")), jump);
        }
    }

    #[test]
    fn a_repeated_autumn_hour_starts_at_its_first_and_ends_at_its_second_occurrence() {
        // 25 October 2026: at 03:00 summer time the clocks go back to 02:00.
        for country in Country::ALL {
            let at = local("2026-10-25 02:30");
            assert_eq!(start_instant(country, at), utc("2026-10-25 00:30"));
            assert_eq!(end_instant(country, at), utc("2026-10-25 01:30"));
        }
    }

    #[test]
    fn an_instant_reads_back_as_the_wall_clock_time_it_was_written_as() {
        let at = local("2026-10-24 22:00");
        assert_eq!(wall_clock(Country::DK, start_instant(Country::DK, at)), at);
        assert_eq!(
            wall_clock(Country::NO, utc("2026-10-25 01:30")),
            local("2026-10-25 02:30")
        );
    }
}
