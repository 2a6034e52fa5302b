//! Working days in Denmark and Norway: Monday to Friday, except the
//! country's public holidays. The movable feasts follow Easter Sunday
//! (Gregorian computus); the others fall on fixed dates.
//!
//! Written by hand on purpose (see docs/ARCHITECTURE.md, "Libraries"): the
//! rules are a dozen dates per country, and no well-kept crate covers both
//! countries with Denmark's abolition of Store Bededag from 2024.
//!
//! Denmark (helligdagsloven): New Year's Day, Maundy Thursday, Good Friday,
//! Easter Sunday and Monday, Store Bededag (the fourth Friday after Easter,
//! until 2023; abolished by the Act of 2023 from 2024), Ascension Day, Whit
//! Sunday and Monday, Christmas Day and Boxing Day. Constitution Day (5
//! June) and Christmas Eve are days off by agreement in many workplaces,
//! not public holidays, and are working days here.
//!
//! Norway (lov om helligdager og helligdagsfred, lov om 1. og 17. mai):
//! New Year's Day, Maundy Thursday, Good Friday, Easter Sunday and Monday,
//! 1 May, 17 May, Ascension Day, Whit Sunday and Monday, Christmas Day and
//! Boxing Day.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::country::Country;

/// A public holiday, by the day it marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Holiday {
    NewYearsDay,
    MaundyThursday,
    GoodFriday,
    EasterSunday,
    EasterMonday,
    /// Denmark until 2023.
    GreatPrayerDay,
    /// Norway: 1 May.
    LabourDay,
    /// Norway: 17 May.
    ConstitutionDay,
    AscensionDay,
    WhitSunday,
    WhitMonday,
    ChristmasDay,
    BoxingDay,
}

/// The last year Denmark kept Store Bededag as a public holiday.
pub const LAST_GREAT_PRAYER_DAY: i32 = 2023;

/// Easter Sunday of a year in the Gregorian calendar (the anonymous
/// Gregorian algorithm, Meeus/Jones/Butcher). `None` only for years
/// chrono cannot represent.
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// The country's public holidays in `year`, in the order of the year.
pub fn public_holidays(country: Country, year: i32) -> Vec<(NaiveDate, Holiday)> {
    let mut days: Vec<(NaiveDate, Holiday)> =
        holidays_of(country, year).into_iter().flatten().collect();
    days.sort_by_key(|(d, _)| *d);
    days
}

/// The country's public holidays in `year`, unordered, without allocating:
/// [`is_working_day`] asks once for every day of a rota's year.
fn holidays_of(country: Country, year: i32) -> [Option<(NaiveDate, Holiday)>; 13] {
    let fixed =
        |month, day, holiday| NaiveDate::from_ymd_opt(year, month, day).map(|d| (d, holiday));
    let easter = easter_sunday(year);
    let after = |n: i64, holiday| easter.map(|e| (e + Duration::days(n), holiday));
    let danish_prayer_day = country == Country::DK && year <= LAST_GREAT_PRAYER_DAY;
    let norwegian = country == Country::NO;
    [
        fixed(1, 1, Holiday::NewYearsDay),
        after(-3, Holiday::MaundyThursday),
        after(-2, Holiday::GoodFriday),
        after(0, Holiday::EasterSunday),
        after(1, Holiday::EasterMonday),
        after(26, Holiday::GreatPrayerDay).filter(|_| danish_prayer_day),
        after(39, Holiday::AscensionDay),
        after(49, Holiday::WhitSunday),
        after(50, Holiday::WhitMonday),
        fixed(5, 1, Holiday::LabourDay).filter(|_| norwegian),
        fixed(5, 17, Holiday::ConstitutionDay).filter(|_| norwegian),
        fixed(12, 25, Holiday::ChristmasDay),
        fixed(12, 26, Holiday::BoxingDay),
    ]
}

/// The public holiday `day` is in `country`, if it is one.
pub fn holiday_on(country: Country, day: NaiveDate) -> Option<Holiday> {
    holidays_of(country, day.year())
        .into_iter()
        .flatten()
        .find(|(d, _)| *d == day)
        .map(|(_, h)| h)
}

/// Monday to Friday and not a public holiday.
pub fn is_working_day(country: Country, day: NaiveDate) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && holiday_on(country, day).is_none()
}

/// The `n`th working day after `day` (`day` itself never counts, working
/// day or not); `day` itself when `n` is 0.
pub fn add_working_days(country: Country, day: NaiveDate, n: u32) -> NaiveDate {
    let mut at = day;
    let mut left = n;
    while left > 0 {
        match at.succ_opt() {
            Some(next) => at = next,
            None => return at,
        }
        if is_working_day(country, at) {
            left -= 1;
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::day;

    #[test]
    fn a_day_is_a_holiday_exactly_when_the_year_lists_it() {
        // Ascension Day fell on 17 May in Norway in 2012: the day is one
        // holiday, Ascension Day, the first the year lists.
        for country in [Country::DK, Country::NO] {
            for year in 2000..=2040 {
                let listed = public_holidays(country, year);
                let mut d = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
                while d.year() == year {
                    let first = listed.iter().find(|(h, _)| *h == d).map(|(_, h)| *h);
                    assert_eq!(holiday_on(country, d), first, "{country:?} {d}");
                    d = d.succ_opt().unwrap();
                }
            }
        }
        assert_eq!(
            holiday_on(Country::NO, day("2012-05-17")),
            Some(Holiday::AscensionDay)
        );
    }

    #[test]
    fn easter_sunday_follows_the_gregorian_computus() {
        for (year, easter) in [
            (1818, "1818-03-22"),
            (1943, "1943-04-25"),
            (2000, "2000-04-23"),
            (2019, "2019-04-21"),
            (2023, "2023-04-09"),
            (2024, "2024-03-31"),
            (2025, "2025-04-20"),
            (2026, "2026-04-05"),
            (2027, "2027-03-28"),
            (2038, "2038-04-25"),
            (2285, "2285-03-22"),
        ] {
            assert_eq!(easter_sunday(year), Some(day(easter)), "{year}");
        }
    }

    /// The movable feasts 2024-2030 as the published calendars list them:
    /// Maundy Thursday, Good Friday, Easter Sunday, Easter Monday, Ascension
    /// Day, Whit Sunday, Whit Monday (written out, not computed).
    const MOVABLE_FEASTS: [(i32, [&str; 7]); 7] = [
        (
            2024,
            [
                "03-28", "03-29", "03-31", "04-01", "05-09", "05-19", "05-20",
            ],
        ),
        (
            2025,
            [
                "04-17", "04-18", "04-20", "04-21", "05-29", "06-08", "06-09",
            ],
        ),
        (
            2026,
            [
                "04-02", "04-03", "04-05", "04-06", "05-14", "05-24", "05-25",
            ],
        ),
        (
            2027,
            [
                "03-25", "03-26", "03-28", "03-29", "05-06", "05-16", "05-17",
            ],
        ),
        (
            2028,
            [
                "04-13", "04-14", "04-16", "04-17", "05-25", "06-04", "06-05",
            ],
        ),
        (
            2029,
            [
                "03-29", "03-30", "04-01", "04-02", "05-10", "05-20", "05-21",
            ],
        ),
        (
            2030,
            [
                "04-18", "04-19", "04-21", "04-22", "05-30", "06-09", "06-10",
            ],
        ),
    ];

    fn listed(country: Country, year: i32) -> Vec<String> {
        public_holidays(country, year)
            .iter()
            .map(|(d, _)| d.format("%m-%d").to_string())
            .collect()
    }

    #[test]
    fn easter_sundays_2024_to_2030_are_those_of_the_calendars() {
        for (year, feasts) in MOVABLE_FEASTS {
            assert_eq!(
                easter_sunday(year),
                Some(day(&format!("{year}-{}", feasts[2]))),
                "{year}"
            );
        }
    }

    #[test]
    fn danish_holidays_2024_to_2030_are_the_official_list() {
        // New Year, the seven movable feasts, Christmas Day and Boxing Day:
        // no Store Bededag from 2024, no Grundlovsdag, no Christmas Eve.
        for (year, feasts) in MOVABLE_FEASTS {
            let mut expected = vec!["01-01"];
            expected.extend(feasts);
            expected.extend(["12-25", "12-26"]);
            assert_eq!(listed(Country::DK, year), expected, "{year}");
        }
    }

    #[test]
    fn norwegian_holidays_2024_to_2030_are_the_official_list() {
        // As Denmark's, with 1 May and 17 May in their place in the year.
        for (year, feasts) in MOVABLE_FEASTS {
            let mut expected = vec!["01-01"];
            expected.extend(feasts);
            expected.extend(["05-01", "05-17", "12-25", "12-26"]);
            expected.sort_unstable();
            assert_eq!(listed(Country::NO, year), expected, "{year}");
        }
        // In 2027 Whit Monday falls on 17 May: both are listed, one day off.
        let days_off: std::collections::BTreeSet<NaiveDate> = public_holidays(Country::NO, 2027)
            .into_iter()
            .map(|(d, _)| d)
            .collect();
        assert_eq!(days_off.len(), 11);
    }

    #[test]
    fn danish_holidays_of_2026() {
        let days: Vec<String> = public_holidays(Country::DK, 2026)
            .iter()
            .map(|(d, _)| d.to_string())
            .collect();
        assert_eq!(
            days,
            [
                "2026-01-01",
                "2026-04-02",
                "2026-04-03",
                "2026-04-05",
                "2026-04-06",
                "2026-05-14",
                "2026-05-24",
                "2026-05-25",
                "2026-12-25",
                "2026-12-26"
            ]
        );
    }

    #[test]
    fn store_bededag_is_a_danish_holiday_until_2023_and_never_norwegian() {
        assert_eq!(
            holiday_on(Country::DK, day("2023-05-05")),
            Some(Holiday::GreatPrayerDay)
        );
        // The fourth Friday after Easter 2024 and 2026: an ordinary Friday.
        assert!(is_working_day(Country::DK, day("2024-04-26")));
        assert!(is_working_day(Country::DK, day("2026-05-01")));
        assert!(is_working_day(Country::NO, day("2023-05-05")));
    }

    #[test]
    fn norway_keeps_the_first_and_the_seventeenth_of_may() {
        assert_eq!(
            holiday_on(Country::NO, day("2026-05-01")),
            Some(Holiday::LabourDay)
        );
        assert_eq!(
            holiday_on(Country::NO, day("2028-05-17")),
            Some(Holiday::ConstitutionDay)
        );
        // Not in Denmark; nor is Grundlovsdag a public holiday there.
        assert!(is_working_day(Country::DK, day("2028-05-17")));
        assert!(is_working_day(Country::DK, day("2026-06-05")));
        assert_eq!(public_holidays(Country::NO, 2026).len(), 12);
    }

    #[test]
    fn working_days_skip_weekends() {
        // Wednesday 25 November 2026: Thursday, Friday, then Monday.
        let wednesday = day("2026-11-25");
        assert_eq!(
            add_working_days(Country::DK, wednesday, 3),
            day("2026-11-30")
        );
        // From a Saturday the count starts on Monday.
        assert_eq!(
            add_working_days(Country::NO, day("2026-11-28"), 3),
            day("2026-12-02")
        );
        assert_eq!(add_working_days(Country::DK, wednesday, 0), wednesday);
    }

    #[test]
    fn working_days_skip_easter_in_both_countries() {
        // The Thursday before Easter 2026 is Maundy Thursday; Good Friday,
        // the weekend and Easter Monday follow: due on Thursday after Easter.
        let maundy_thursday = day("2026-04-02");
        assert!(!is_working_day(Country::DK, maundy_thursday));
        for country in Country::ALL {
            assert_eq!(
                add_working_days(country, maundy_thursday, 3),
                day("2026-04-09"),
                "{country}"
            );
            // From the Wednesday before, the first working day is Tuesday.
            assert_eq!(
                add_working_days(country, day("2026-04-01"), 1),
                day("2026-04-07")
            );
        }
    }

    #[test]
    fn working_days_skip_the_seventeenth_of_may_in_norway_only() {
        // Tuesday 16 May 2028: Wednesday the 17th is a holiday in Norway
        // (in 2027 it is Whit Monday in both countries).
        let tuesday = day("2028-05-16");
        assert_eq!(add_working_days(Country::NO, tuesday, 3), day("2028-05-22"));
        assert_eq!(add_working_days(Country::DK, tuesday, 3), day("2028-05-19"));
        assert_eq!(
            holiday_on(Country::DK, day("2027-05-17")),
            Some(Holiday::WhitMonday)
        );
    }

    #[test]
    fn christmas_and_new_year_are_skipped() {
        // Wednesday 23 December 2026: Christmas Eve is a working day,
        // Christmas Day a Friday, Boxing Day a Saturday, New Year a Friday.
        let days: Vec<NaiveDate> = (1..=4)
            .map(|n| add_working_days(Country::DK, day("2026-12-23"), n))
            .collect();
        assert_eq!(
            days,
            [
                day("2026-12-24"),
                day("2026-12-28"),
                day("2026-12-29"),
                day("2026-12-30")
            ]
        );
        assert_eq!(
            add_working_days(Country::NO, day("2026-12-30"), 2),
            day("2027-01-04")
        );
    }
}
