//! A team's price list: the price of a course from a day on.

use chrono::NaiveDate;

use crate::DomainError;
use crate::country::Country;
use crate::error::Validator;
use crate::msg;

use super::types::{Currency, NewTeamPrice, TeamPrice};

/// The shortest and the longest planned course, in weeks.
pub const PLANNED_WEEKS: std::ops::RangeInclusive<u16> = 1..=104;

impl NewTeamPrice {
    /// Checks a price to set for a team in `team_country`: a course costs
    /// more than nothing, an extra week (if charged) is not negative, the
    /// planned length is 1 to 104 weeks, and the price is in the team's
    /// currency. Reports every problem at once.
    pub fn validate(&self, team_country: Country) -> Result<(), DomainError> {
        let mut v = Validator::new();
        v.check(
            self.course_price > 0,
            "course_price",
            msg!("price-not-positive"),
        );
        v.check(
            self.extra_week_price.is_none_or(|p| p >= 0),
            "extra_week_price",
            msg!("extra-week-price-negative"),
        );
        v.check(
            PLANNED_WEEKS.contains(&self.planned_weeks),
            "planned_weeks",
            msg!(
                "planned-weeks-out-of-range",
                min = *PLANNED_WEEKS.start(),
                max = *PLANNED_WEEKS.end()
            ),
        );
        check_currency(&mut v, self.currency, team_country);
        v.finish()
    }
}

/// Refuses `currency` unless it is the one a team in `country` charges in,
/// saying which that is.
pub(crate) fn check_currency(v: &mut Validator, currency: Currency, country: Country) {
    let teams = Currency::of_country(country);
    v.check(
        currency == teams,
        "currency",
        msg!("currency-not-the-teams", currency = teams.as_str()),
    );
}

/// The price in force on `day`: the one with the latest `effective_from`
/// on or before it (of two set for the same day, the one set last).
pub fn price_on(prices: &[TeamPrice], day: NaiveDate) -> Option<&TeamPrice> {
    prices
        .iter()
        .filter(|p| p.effective_from <= day)
        .max_by_key(|p| (p.effective_from, p.set_at, p.id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::TeamId;
    use crate::testing::day;
    use chrono::{TimeZone, Utc};

    fn new_price() -> NewTeamPrice {
        NewTeamPrice {
            effective_from: day("2026-01-01"),
            currency: Currency::Dkk,
            course_price: 29_900_000,
            planned_weeks: 20,
            extra_week_price: Some(1_200_000),
        }
    }

    pub(crate) fn price(id: i64, from: &str, course_price: i64) -> TeamPrice {
        TeamPrice {
            id,
            team_id: TeamId::new(1),
            effective_from: day(from),
            currency: Currency::Dkk,
            course_price,
            planned_weeks: 20,
            extra_week_price: None,
            set_at: Utc.with_ymd_and_hms(2025, 12, 1, 9, 0, 0).unwrap(),
            set_by: None,
        }
    }

    fn codes(err: DomainError) -> Vec<(String, &'static str)> {
        let DomainError::Invalid(fields) = err else {
            panic!("{err:?}")
        };
        fields
            .into_iter()
            .map(|f| (f.field, f.message.code))
            .collect()
    }

    #[test]
    fn a_sound_price_in_the_teams_currency_is_accepted() {
        assert_eq!(new_price().validate(Country::DK), Ok(()));
        let no_extra = NewTeamPrice {
            extra_week_price: None,
            planned_weeks: 104,
            ..new_price()
        };
        assert_eq!(no_extra.validate(Country::DK), Ok(()));
    }

    #[test]
    fn a_free_course_a_negative_week_a_long_course_and_kroner_of_the_wrong_country_are_all_reported()
     {
        let bad = NewTeamPrice {
            course_price: 0,
            extra_week_price: Some(-1),
            planned_weeks: 105,
            ..new_price()
        };
        let err = bad.validate(Country::NO).unwrap_err();
        assert_eq!(
            codes(err.clone()),
            vec![
                ("course_price".into(), "price-not-positive"),
                ("extra_week_price".into(), "extra-week-price-negative"),
                ("planned_weeks".into(), "planned-weeks-out-of-range"),
                ("currency".into(), "currency-not-the-teams"),
            ]
        );
        assert!(err.to_string().contains("currency=NOK"), "{err}");
        let zero_weeks = NewTeamPrice {
            planned_weeks: 0,
            ..new_price()
        };
        assert!(zero_weeks.validate(Country::DK).is_err());
    }

    #[test]
    fn the_price_on_a_day_is_the_latest_in_force_by_then() {
        let prices = vec![
            price(1, "2025-01-01", 28_000_000),
            price(3, "2026-07-01", 31_000_000),
            price(2, "2026-01-01", 29_900_000),
        ];
        assert_eq!(price_on(&prices, day("2024-12-31")), None);
        assert_eq!(price_on(&prices, day("2025-06-01")).unwrap().id, 1);
        assert_eq!(price_on(&prices, day("2026-06-30")).unwrap().id, 2);
        assert_eq!(price_on(&prices, day("2026-07-01")).unwrap().id, 3);
    }
}
