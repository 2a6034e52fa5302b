//! National personal identifiers: the Danish CPR number and the Norwegian
//! fødselsnummer with its D- and H-number variants (DOMAIN.md section 6.4).
//!
//! A [`NationalId`] only comes out of the parsers here, so it always holds a
//! number that passed the rules. It deliberately has no `Display`, no
//! `Serialize` and a `Debug` that prints the masked form only: the full digits
//! leave the value through [`NationalId::expose_digits`] alone, so every place
//! that handles the plaintext (encryption, blind index) is easy to find.
//! Error messages never repeat the full number either; at most they show the
//! date part with the rest masked.
//!
//! Rules that matter for callers:
//! - CPR numbers are never rejected on the old modulus-11 check; numbers
//!   without it have been issued since 1 October 2007. A failed check is only
//!   reported as [`CprWarning::NoModulus11`].
//! - Norwegian numbers are accepted under the current check-digit rule and
//!   under the rule that applies from 1 January 2032 (K1 may be 11, 12, 13 or
//!   14 − (Σ mod 11)). Numbers of the 2032 scheme carry no century and no sex,
//!   so [`NationalId::birth_date`] and [`NationalId::sex_hint`] return `None`
//!   for them. A number whose K1 also satisfies the current rule is read the
//!   current way; only Folkeregisteret is authoritative for birth date and sex.
//!   A number that passes the current K1 rule but whose individual number
//!   gives no century under the current allocation, or whose date only exists
//!   in another century, is treated as a 2032-scheme number (accepted, no
//!   birth date, no sex) as long as its day and month exist in 18YY, 19YY or
//!   20YY.
//! - FH-numbers (first digit 8 or 9) are rejected: they are help numbers
//!   without a date, not personal identification numbers, and a case must be
//!   tied to a person's fødselsnummer or D-number.

use crate::message::Message;
use crate::msg;
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::DomainError;
use crate::country::Country;

mod cpr;
mod fnr;

pub use cpr::parse_cpr;
pub use fnr::parse_fnr;

const FIELD: &str = "national_id";

string_coded! {
    /// Which identifier scheme a [`NationalId`] belongs to. The code is a
    /// stable snake_case tag, the same as the serde name, suitable as the
    /// `kind_tag` of a blind index and as a database value.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum NationalIdKind {
        /// Danish CPR number (DDMMYY-SSSS).
        DanishCpr => "danish_cpr",
        /// Norwegian fødselsnummer (DDMMYY III K1 K2).
        NorwegianFnr => "norwegian_fnr",
        /// Norwegian D-number: a fødselsnummer with 4 added to the first digit.
        NorwegianDNumber => "norwegian_d_number",
        /// Norwegian H-number: a fødselsnummer with 40 added to the month.
        NorwegianHNumber => "norwegian_h_number",
    }
}

impl NationalIdKind {
    /// The country that issues this kind of number.
    pub fn country(self) -> Country {
        match self {
            NationalIdKind::DanishCpr => Country::DK,
            NationalIdKind::NorwegianFnr
            | NationalIdKind::NorwegianDNumber
            | NationalIdKind::NorwegianHNumber => Country::NO,
        }
    }
}

impl FromStr for NationalIdKind {
    type Err = DomainError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        NationalIdKind::from_code(s.trim()).ok_or_else(|| {
            DomainError::invalid("national_id_kind", msg!("national-id-kind-unknown"))
        })
    }
}

/// Legal sex as far as it can be read from an identifier. Only a hint: the
/// population registers are authoritative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Female,
    Male,
}

impl Sex {
    fn from_parity(digit: u8) -> Sex {
        if digit % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }
}

/// Informational findings about an accepted CPR number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CprWarning {
    /// The number fails the historic modulus-11 check. That is allowed: CPR
    /// numbers without it have been issued since 1 October 2007.
    NoModulus11,
}

impl CprWarning {
    /// The explanation as a message, safe to show (contains no digits).
    pub fn message(self) -> Message {
        match self {
            CprWarning::NoModulus11 => msg!("cpr-no-modulus-11"),
        }
    }
}

/// A validated national identifier. Build one with [`parse`], [`parse_cpr`]
/// or [`parse_fnr`].
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct NationalId {
    kind: NationalIdKind,
    /// 10 (CPR) or 11 (Norway) ASCII digits, no separators.
    digits: String,
    birth_date: Option<NaiveDate>,
    sex: Option<Sex>,
}

impl NationalId {
    pub fn kind(&self) -> NationalIdKind {
        self.kind
    }

    pub fn country(&self) -> Country {
        self.kind.country()
    }

    /// The full number without separators. Only for encryption, blind
    /// indexing and authorised display; never log it.
    pub fn expose_digits(&self) -> &str {
        &self.digits
    }

    /// Birth date when the number encodes it unambiguously: always for CPR,
    /// for Norwegian numbers of the current scheme (D- and H-numbers with the
    /// offsets removed), and `None` for numbers valid only under the 2032 rule.
    pub fn birth_date(&self) -> Option<NaiveDate> {
        self.birth_date
    }

    /// Sex as encoded in the number: the last CPR digit, or digit 9 of a
    /// Norwegian number of the current scheme (odd = male). `None` for numbers
    /// valid only under the 2032 rule, which no longer encode it.
    pub fn sex_hint(&self) -> Option<Sex> {
        self.sex
    }

    /// The number with its serial/individual part replaced by `X`, for display
    /// where the full number is not needed: `211062-XXXX`, `151086XXXXX`.
    pub fn masked(&self) -> String {
        mask(self.digits.get(..6).unwrap_or_default(), self.kind)
    }
}

impl fmt::Debug for NationalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NationalId")
            .field("kind", &self.kind)
            .field("masked", &self.masked())
            .finish_non_exhaustive()
    }
}

/// Parses a national identifier of the given country: a CPR number for
/// Denmark (warnings are dropped; use [`parse_cpr`] to see them), a
/// fødselsnummer, D- or H-number for Norway.
pub fn parse(country: Country, input: &str) -> Result<NationalId, DomainError> {
    match country {
        Country::DK => parse_cpr(input).map(|(id, _warnings)| id),
        Country::NO => parse_fnr(input),
    }
}

/// Turns the input into digit values, dropping whitespace. Any other
/// character than an ASCII digit, whitespace or an allowed separator fails.
fn digit_values(input: &str, separator: Option<char>) -> Option<(Vec<u8>, Vec<usize>)> {
    let mut digits = Vec::with_capacity(11);
    let mut separator_positions = Vec::new();
    for c in input.chars() {
        if c.is_whitespace() {
            continue;
        }
        if Some(c) == separator {
            separator_positions.push(digits.len());
            continue;
        }
        let value = c.to_digit(10).filter(|_| c.is_ascii_digit())?;
        digits.push(u8::try_from(value).ok()?);
        if digits.len() > 11 {
            // Longer than any identifier; stop early on huge input.
            return None;
        }
    }
    Some((digits, separator_positions))
}

fn two_digits(d: &[u8], at: usize) -> u32 {
    let tens = d.get(at).copied().unwrap_or(0);
    let ones = d.get(at + 1).copied().unwrap_or(0);
    u32::from(tens) * 10 + u32::from(ones)
}

fn weighted_sum(d: &[u8], weights: &[u32]) -> u32 {
    d.iter()
        .zip(weights)
        .map(|(&digit, &weight)| u32::from(digit) * weight)
        .sum()
}

fn digits_to_string(d: &[u8]) -> String {
    d.iter().map(|&v| char::from(b'0' + v)).collect()
}

/// The masked form from the six date digits: the rest becomes `X`.
fn mask(date_part: &str, kind: NationalIdKind) -> String {
    match kind {
        NationalIdKind::DanishCpr => format!("{date_part}-XXXX"),
        NationalIdKind::NorwegianFnr
        | NationalIdKind::NorwegianDNumber
        | NationalIdKind::NorwegianHNumber => format!("{date_part}XXXXX"),
    }
}

fn masked_from(d: &[u8], kind: NationalIdKind) -> String {
    mask(&digits_to_string(d.get(..6).unwrap_or_default()), kind)
}

fn date_of(year: u32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// A Norwegian fødselsnummer for a made-up person (the demo's families,
/// tests): the first individual
/// number from `serial` on whose check digits work out and whose date reads
/// back as `born`. The individual number gives the century (DOMAIN.md §6.4):
/// 500–999 for the 2000s, 000–499 for the 1900s (500–749 would read a
/// parent born in 1982 as born in 1882).
pub fn made_up_fnr(born: NaiveDate, serial: u32) -> Option<String> {
    use chrono::Datelike;
    let date = born.format("%d%m%y").to_string();
    let mut individuals = if born.year() >= 2000 {
        500 + serial % 400..1000
    } else {
        serial % 400..500
    };
    individuals.find_map(|individual| {
        (0..100).find_map(|k| {
            let candidate = format!("{date}{individual:03}{k:02}");
            parse_fnr(&candidate)
                .ok()
                .filter(|id| id.birth_date() == Some(born))
                .map(|_| candidate)
        })
    })
}

/// A Danish CPR number for a made-up person (century digit for the 2000s or
/// 1900s as the rules say; the old modulus-11 check is not required).
pub fn made_up_cpr(born: NaiveDate, serial: u32) -> String {
    use chrono::Datelike;
    let century_digit = if born.year() >= 2000 { 4 } else { 1 };
    format!(
        "{}-{century_digit}{:03}",
        born.format("%d%m%y"),
        serial % 1000
    )
}

/// Age in whole years on `day`, when the birth date is known and not after
/// `day`.
pub fn age_on(id: &NationalId, day: NaiveDate) -> Option<u32> {
    let born = id.birth_date()?;
    day.years_since(born)
}

#[cfg(test)]
mod test_support {
    use super::*;

    pub(super) fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    pub(super) fn message(err: DomainError) -> String {
        match err {
            DomainError::Invalid(fields) => {
                assert_eq!(fields.len(), 1);
                assert_eq!(fields[0].field, "national_id");
                fields[0].message.to_string()
            }
            other => panic!("expected Invalid, got {other:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_made_up_fodselsnummer_reads_back_as_the_persons_birth_date() {
        // A parent of the 1900s and a child of the 2000s, for every serial
        // the demo hands out.
        for born in ["1982-06-02", "1979-11-20", "2011-03-15"] {
            for serial in [0, 1, 7, 250, 399, 400, 1234] {
                let fnr = made_up_fnr(crate::testing::day(born), serial).unwrap();
                let read = parse_fnr(&fnr).unwrap();
                assert_eq!(
                    read.birth_date(),
                    Some(crate::testing::day(born)),
                    "{born} {serial}"
                );
            }
        }
    }

    use super::test_support::ymd;
    use super::*;

    // ---- Shared ----

    #[test]
    fn parse_dispatches_on_country() {
        assert_eq!(
            parse(Country::DK, "211062-5629").expect("cpr").kind(),
            NationalIdKind::DanishCpr
        );
        assert_eq!(
            parse(Country::NO, "15108695088").expect("fnr").kind(),
            NationalIdKind::NorwegianFnr
        );
        assert!(parse(Country::DK, "15108695088").is_err());
        assert!(parse(Country::NO, "2110625629").is_err());
    }

    #[test]
    fn debug_never_prints_the_digits() {
        let (cpr, _) = parse_cpr("211062-5629").expect("valid");
        let shown = format!("{cpr:?} {cpr:#?}");
        assert!(!shown.contains("5629"), "{shown}");
        assert!(shown.contains("211062-XXXX"), "{shown}");
        let fnr = parse_fnr("15108695088").expect("valid");
        let shown = format!("{fnr:?}");
        assert!(!shown.contains("95088"), "{shown}");
        assert!(shown.contains("151086XXXXX"), "{shown}");
    }

    #[test]
    fn kind_tags_round_trip() {
        for kind in NationalIdKind::ALL {
            assert_eq!(kind.as_str().parse::<NationalIdKind>().expect("tag"), kind);
        }
        assert!("cpr".parse::<NationalIdKind>().is_err());
        assert_eq!(NationalIdKind::NorwegianDNumber.country(), Country::NO);
    }

    #[test]
    fn age_is_computed_from_the_birth_date() {
        let id = parse_fnr("15108695088").expect("valid");
        assert_eq!(age_on(&id, ymd(2000, 10, 14)), Some(13));
        assert_eq!(age_on(&id, ymd(2000, 10, 15)), Some(14));
        assert_eq!(age_on(&id, ymd(1980, 1, 1)), None);
    }
}
