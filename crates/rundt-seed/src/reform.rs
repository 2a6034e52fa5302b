//! The code a municipality had on a past day: generated data sets go ten
//! years back, across Norway's reforms of 2018, 2020 and 2024, and a family
//! referred in 2017 is referred under the code in force then (Bergen's
//! families under 1201 until 2019, under 4601 since).

use chrono::NaiveDate;
use rundt_app::{AppError, AppResult};
use rundt_domain::country::Country;
use rundt_domain::municipality::{Municipality, MunicipalityCode, reference_municipalities};
use rundt_domain::municipality_history::{Succession, codes_with_history, successions};

/// A country's reference list with its successions, read once.
pub(crate) struct CodeHistory {
    country: Country,
    municipalities: Vec<Municipality>,
    successions: Vec<Succession>,
}

impl CodeHistory {
    pub(crate) fn of(country: Country) -> AppResult<Self> {
        Ok(Self {
            country,
            municipalities: reference_municipalities(country)?,
            successions: successions(country)?,
        })
    }

    /// The code in force on `day` of the municipality that is `today_code`
    /// now: the code itself while it was in force, else the predecessor
    /// of the same name (Sandnes 1102 for 1108), else the first predecessor
    /// by number (Skedsmo for Lillestrøm).
    pub(crate) fn code_on(&self, today_code: &str, day: NaiveDate) -> AppResult<String> {
        let current = MunicipalityCode::parse(self.country, today_code)?;
        let name = self.name_of(&current);
        let mut candidates: Vec<&Municipality> = codes_with_history(&self.successions, &current)
            .iter()
            .flat_map(|code| {
                self.municipalities
                    .iter()
                    .filter(move |m| &m.code == code && m.is_valid_on(day))
            })
            .collect();
        candidates.sort_by_key(|m| {
            (
                m.code != current,
                Some(m.name.as_str()) != name,
                m.code.clone(),
            )
        });
        candidates
            .first()
            .map(|m| m.code.to_string())
            .ok_or_else(|| {
                AppError::Internal(format!("no code of {today_code} was in force on {day}"))
            })
    }

    fn name_of(&self, code: &MunicipalityCode) -> Option<&str> {
        self.municipalities
            .iter()
            .filter(|m| &m.code == code)
            .max_by_key(|m| m.valid_from)
            .map(|m| m.name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_family_referred_before_a_reform_gets_the_code_of_its_day() {
        let no = CodeHistory::of(Country::NO).unwrap();
        assert_eq!(no.code_on("4601", day("2017-03-01")).unwrap(), "1201");
        assert_eq!(no.code_on("4601", day("2020-01-01")).unwrap(), "4601");
        assert_eq!(
            no.code_on("1108", day("2019-12-31")).unwrap(),
            "1102",
            "Sandnes"
        );
        assert_eq!(
            no.code_on("5001", day("2017-12-31")).unwrap(),
            "1601",
            "Trondheim"
        );
        assert_eq!(no.code_on("5001", day("2018-01-01")).unwrap(), "5001");
        assert_eq!(
            no.code_on("3301", day("2022-05-01")).unwrap(),
            "3005",
            "Drammen"
        );
        assert_eq!(
            no.code_on("0301", day("2016-12-01")).unwrap(),
            "0301",
            "Oslo"
        );
    }

    #[test]
    fn every_generated_norwegian_team_has_a_code_on_every_day_of_ten_years() {
        let no = CodeHistory::of(Country::NO).unwrap();
        for code in crate::generate::NO_CODES {
            for year in 2016..=2026 {
                let on = day(&format!("{year}-06-01"));
                assert!(no.code_on(code, on).is_ok(), "{code} in {year}");
            }
        }
    }
}
