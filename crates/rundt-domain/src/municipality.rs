//! Municipalities (Danish and Norwegian kommuner) with effective-dated codes.
//!
//! Norwegian municipality numbers changed in 2018 (Trøndelag), 2020 and 2024,
//! so a code is only meaningful together with a date. The official lists ship
//! with Rundt as reference data (`data/municipalities_*.csv`); the Norwegian
//! one goes back to 2016, ten years of history (see [`crate::municipality_history`]
//! for which code carries a merged municipality on).

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::DomainError;
use crate::country::Country;
use crate::msg;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Municipality {
    pub country: Country,
    pub code: MunicipalityCode,
    pub name: String,
    pub valid_from: NaiveDate,
    /// Last day the code was in force; `None` while it still is.
    pub valid_to: Option<NaiveDate>,
}

impl Municipality {
    pub fn is_valid_on(&self, day: NaiveDate) -> bool {
        self.valid_from <= day && self.valid_to.is_none_or(|end| day <= end)
    }
}

/// An official municipality code: four digits (Danish three-digit
/// kommunekoder written zero-padded, Norwegian kommunenummer as they are).
///
/// Made from a person's input by [`parse`](Self::parse), which knows the
/// country's rule; read back from storage or JSON by
/// [`from_stored`](Self::from_stored), which checks the four digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(value_type = String, pattern = "^[0-9]{4}$", example = "0751"))]
#[serde(try_from = "String", into = "String")]
pub struct MunicipalityCode(String);

impl MunicipalityCode {
    /// Normalises a code as a person wrote it for a municipality of
    /// `country`: Danish codes are three digits, zero-padded to four;
    /// Norwegian codes are four digits.
    pub fn parse(country: Country, raw: &str) -> Result<Self, DomainError> {
        let raw = raw.trim();
        let digits_only = !raw.is_empty() && raw.chars().all(|c| c.is_ascii_digit());
        match country {
            Country::DK if digits_only && raw.len() == 3 => Ok(Self(format!("0{raw}"))),
            Country::DK if digits_only && raw.len() == 4 && raw.starts_with('0') => {
                Ok(Self(raw.into()))
            }
            Country::DK => Err(DomainError::invalid(
                "municipality_code",
                msg!("municipality-code-dk", given = raw),
            )),
            Country::NO if digits_only && raw.len() == 4 => Ok(Self(raw.into())),
            Country::NO => Err(DomainError::invalid(
                "municipality_code",
                msg!("municipality-code-no", given = raw),
            )),
        }
    }

    /// A code as Rundt wrote it (four digits); `None` for anything else.
    pub fn from_stored(text: &str) -> Option<Self> {
        (text.len() == 4 && text.chars().all(|c| c.is_ascii_digit())).then(|| Self(text.into()))
    }

    /// The four digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for MunicipalityCode {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::from_stored(&text)
            .ok_or_else(|| format!("'{text}' is not a four-digit municipality code"))
    }
}

impl From<MunicipalityCode> for String {
    fn from(code: MunicipalityCode) -> String {
        code.0
    }
}

impl fmt::Display for MunicipalityCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for MunicipalityCode {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for MunicipalityCode {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl From<&MunicipalityCode> for crate::message::Arg {
    fn from(code: &MunicipalityCode) -> Self {
        Self::Text(code.0.clone())
    }
}

bind_as!(MunicipalityCode, String, |v| v.0.as_str());

const DK_CSV: &str = include_str!("../data/municipalities_dk.csv");
const NO_CSV: &str = include_str!("../data/municipalities_no.csv");

/// The shipped reference list for a country, including codes no longer in force.
pub fn reference_municipalities(country: Country) -> Result<Vec<Municipality>, DomainError> {
    let text = match country {
        Country::DK => DK_CSV,
        Country::NO => NO_CSV,
    };
    parse_reference_csv(country, text)
}

/// The data lines of a shipped reference file (after its header, blank
/// lines skipped), each with its line number, and the error that names a
/// malformed one.
pub(crate) fn reference_lines(
    country: Country,
    text: &str,
) -> impl Iterator<Item = (&str, impl Fn(&str) -> DomainError)> {
    text.lines()
        .enumerate()
        .skip(1)
        .map(|(index, line)| (line.trim(), index + 1))
        .filter(|(line, _)| !line.is_empty())
        .map(move |(line, number)| {
            let bad = move |what: &str| {
                DomainError::invalid(
                    "reference_data",
                    msg!(
                        "reference-data-line",
                        country = country.to_string(),
                        line = number,
                        problem = what
                    ),
                )
            };
            (line, bad)
        })
}

/// Parses `code,name,valid_from,valid_to` lines (header first).
pub fn parse_reference_csv(country: Country, text: &str) -> Result<Vec<Municipality>, DomainError> {
    let mut out = Vec::new();
    for (line, bad) in reference_lines(country, text) {
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        let [code, name, from, to] = fields.as_slice() else {
            return Err(bad("expected 4 fields"));
        };
        let code = MunicipalityCode::parse(country, code).map_err(|_| bad("bad code"))?;
        let valid_from =
            NaiveDate::parse_from_str(from, "%Y-%m-%d").map_err(|_| bad("bad valid_from"))?;
        let valid_to = if to.is_empty() {
            None
        } else {
            Some(NaiveDate::parse_from_str(to, "%Y-%m-%d").map_err(|_| bad("bad valid_to"))?)
        };
        if name.is_empty() {
            return Err(bad("empty name"));
        }
        out.push(Municipality {
            country,
            code,
            name: (*name).to_owned(),
            valid_from,
            valid_to,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::day;

    /// The municipalities of `list` in force on `date`.
    fn in_force<'a>(list: &'a [Municipality], date: &str) -> Vec<&'a Municipality> {
        list.iter().filter(|m| m.is_valid_on(day(date))).collect()
    }

    #[test]
    fn denmark_has_ninety_eight_municipalities_and_christianso_is_not_one() {
        let list = reference_municipalities(Country::DK).unwrap();
        let current = in_force(&list, "2026-01-01");
        assert_eq!(current.len(), 98);
        assert!(current.iter().all(|m| m.code != "0411"));
        let names: Vec<(&str, &str)> = current
            .iter()
            .map(|m| (m.code.as_str(), m.name.as_str()))
            .collect();
        for expected in [
            ("0101", "København"),
            ("0147", "Frederiksberg"),
            ("0461", "Odense"),
            ("0751", "Aarhus"),
            ("0851", "Aalborg"),
        ] {
            assert!(names.contains(&expected), "missing {expected:?}");
        }
    }

    #[test]
    fn norway_has_357_municipalities_from_2024_and_codes_are_effective_dated() {
        let list = reference_municipalities(Country::NO).unwrap();
        let in_2024 = in_force(&list, "2024-06-01");
        assert_eq!(in_2024.len(), 357);
        assert_eq!(in_force(&list, "2023-06-01").len(), 356);
        for (code, name) in [("0301", "Oslo"), ("4601", "Bergen"), ("5001", "Trondheim")] {
            assert!(
                in_2024
                    .iter()
                    .any(|m| m.code == code && m.name.contains(name)),
                "missing {code} {name}"
            );
        }
        // Numbers are unique on any given day.
        for probe in [
            "2016-01-01",
            "2017-12-31",
            "2018-01-01",
            "2019-12-31",
            "2020-01-01",
            "2023-12-31",
            "2024-01-01",
            "2026-11-25",
        ] {
            let mut codes: Vec<_> = in_force(&list, probe)
                .iter()
                .map(|m| m.code.clone())
                .collect();
            let n = codes.len();
            codes.sort();
            codes.dedup();
            assert_eq!(codes.len(), n, "duplicate codes on {probe}");
        }
    }

    #[test]
    fn norway_goes_back_ten_years_through_the_reforms() {
        let list = reference_municipalities(Country::NO).unwrap();
        // 428 municipalities in 2016, 426 in 2017, 422 from the Trøndelag
        // merger of 2018 until the reform of 2020.
        assert_eq!(in_force(&list, "2016-06-01").len(), 428);
        assert_eq!(in_force(&list, "2017-06-01").len(), 426);
        assert_eq!(in_force(&list, "2018-06-01").len(), 422);
        assert_eq!(in_force(&list, "2019-12-31").len(), 422);
        let code_of = |name: &str, date: &str| {
            in_force(&list, date)
                .iter()
                .find(|m| m.name == name)
                .map(|m| m.code.to_string())
        };
        assert_eq!(code_of("Bergen", "2019-12-31").as_deref(), Some("1201"));
        assert_eq!(code_of("Bergen", "2020-01-01").as_deref(), Some("4601"));
        assert_eq!(code_of("Trondheim", "2017-12-31").as_deref(), Some("1601"));
        assert_eq!(code_of("Oslo", "2016-06-01").as_deref(), Some("0301"));
    }

    #[test]
    fn danish_codes_are_zero_padded_and_norwegian_need_four_digits() {
        let parse = MunicipalityCode::parse;
        assert_eq!(parse(Country::DK, "101").unwrap(), "0101");
        assert_eq!(parse(Country::DK, " 0751 ").unwrap(), "0751");
        assert!(parse(Country::DK, "12").is_err());
        assert!(parse(Country::DK, "1x1").is_err());
        assert!(parse(Country::DK, "1101").is_err());
        assert_eq!(parse(Country::NO, "0301").unwrap(), "0301");
        assert!(parse(Country::NO, "301").is_err());
        assert!(parse(Country::NO, "").is_err());
    }

    #[test]
    fn a_stored_code_is_four_digits_or_an_error() {
        assert_eq!(MunicipalityCode::from_stored("0751").unwrap(), "0751");
        assert!(MunicipalityCode::from_stored("751").is_none());
        let json: Result<MunicipalityCode, _> = serde_json::from_str("\"07x1\"");
        assert!(json.is_err());
        let code: MunicipalityCode = serde_json::from_str("\"4601\"").unwrap();
        assert_eq!(serde_json::to_string(&code).unwrap(), "\"4601\"");
    }
}
