//! The countries Rundt serves.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

use crate::DomainError;
use crate::msg;

string_coded! {
    /// A country Rundt serves, by its ISO 3166 code.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum Country {
        /// Denmark
        DK => "DK",
        /// Norway
        NO => "NO",
    }
}

/// The date of `at` where Rundt's programmes run. Denmark and Norway keep
/// one clock (CET, CEST in summer, changed on the same nights), so one
/// date serves both: a day ends at midnight there, not at midnight UTC.
pub fn programme_date(at: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    Country::DK.local_date(at)
}

impl Country {
    /// The ISO 3166 code, e.g. `DK`.
    pub fn code(self) -> &'static str {
        self.as_str()
    }

    /// The country's time zone: times are shown to people in it, never as
    /// UTC (summer time included).
    pub fn time_zone(self) -> chrono_tz::Tz {
        match self {
            Country::DK => chrono_tz::Europe::Copenhagen,
            Country::NO => chrono_tz::Europe::Oslo,
        }
    }

    /// `at` as the country's wall-clock time, written `2026-07-01 14:30`.
    pub fn local_time(self, at: chrono::DateTime<chrono::Utc>) -> String {
        at.with_timezone(&self.time_zone())
            .format("%Y-%m-%d %H:%M")
            .to_string()
    }

    /// The day it is at `at` on the country's clock (a referral received at
    /// 23:30 UTC on a winter's night arrives the next day in Oslo).
    pub fn local_date(self, at: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
        at.with_timezone(&self.time_zone()).date_naive()
    }

    /// The instant `day` begins on the country's clock: a period typed as
    /// days (from 1 March to 31 March) runs from the first day's start to
    /// the start of the day after the last. Where a clock change skips
    /// midnight, the day begins at the first instant that exists.
    pub fn start_of_day(self, day: chrono::NaiveDate) -> chrono::DateTime<chrono::Utc> {
        use chrono::TimeZone;
        let tz = self.time_zone();
        let midnight = day.and_time(chrono::NaiveTime::MIN);
        (0..=3)
            .find_map(|h| {
                tz.from_local_datetime(&(midnight + chrono::Duration::hours(h)))
                    .earliest()
            })
            .map_or_else(
                || chrono::DateTime::from_naive_utc_and_offset(midnight, chrono::Utc),
                |t| t.with_timezone(&chrono::Utc),
            )
    }

    /// English name; the UI translates.
    pub fn name(self) -> &'static str {
        match self {
            Country::DK => "Denmark",
            Country::NO => "Norway",
        }
    }
}

impl FromStr for Country {
    type Err = DomainError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // People type country codes in either case.
        Country::from_code(&s.trim().to_ascii_uppercase())
            .ok_or_else(|| DomainError::invalid("country", msg!("country-unknown", given = s)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn times_are_shown_on_the_countrys_clock_with_summer_time() {
        let winter = Utc.with_ymd_and_hms(2026, 12, 3, 12, 0, 0).unwrap();
        let summer = Utc.with_ymd_and_hms(2026, 7, 1, 12, 0, 0).unwrap();
        assert_eq!(Country::DK.local_time(winter), "2026-12-03 13:00");
        assert_eq!(Country::NO.local_time(summer), "2026-07-01 14:00");
    }

    #[test]
    fn a_day_begins_at_local_midnight_in_winter_and_in_summer() {
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            Country::DK.start_of_day(day(2026, 12, 3)),
            Utc.with_ymd_and_hms(2026, 12, 2, 23, 0, 0).unwrap()
        );
        assert_eq!(
            Country::NO.start_of_day(day(2026, 7, 1)),
            Utc.with_ymd_and_hms(2026, 6, 30, 22, 0, 0).unwrap()
        );
        // The day summer time begins is 23 hours long.
        let spring = day(2026, 3, 29);
        assert_eq!(
            Country::DK.start_of_day(spring.succ_opt().unwrap()) - Country::DK.start_of_day(spring),
            chrono::Duration::hours(23)
        );
    }

    #[test]
    fn the_local_day_turns_at_local_midnight() {
        let late = Utc.with_ymd_and_hms(2026, 12, 3, 23, 30, 0).unwrap();
        assert_eq!(Country::NO.local_date(late).to_string(), "2026-12-04");
        assert_eq!(late.date_naive().to_string(), "2026-12-03");
    }
}
