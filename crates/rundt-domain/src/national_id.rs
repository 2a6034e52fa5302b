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

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::DomainError;
use crate::country::Country;

const FIELD: &str = "national_id";

/// Which identifier scheme a [`NationalId`] belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NationalIdKind {
    /// Danish CPR number (DDMMYY-SSSS).
    DanishCpr,
    /// Norwegian fødselsnummer (DDMMYY III K1 K2).
    NorwegianFnr,
    /// Norwegian D-number: a fødselsnummer with 4 added to the first digit.
    NorwegianDNumber,
    /// Norwegian H-number: a fødselsnummer with 40 added to the month.
    NorwegianHNumber,
}

impl NationalIdKind {
    pub const ALL: [NationalIdKind; 4] = [
        NationalIdKind::DanishCpr,
        NationalIdKind::NorwegianFnr,
        NationalIdKind::NorwegianDNumber,
        NationalIdKind::NorwegianHNumber,
    ];

    /// Stable snake_case tag, the same as the serde name. Suitable as the
    /// `kind_tag` of a blind index and as a database value.
    pub fn as_str(self) -> &'static str {
        match self {
            NationalIdKind::DanishCpr => "danish_cpr",
            NationalIdKind::NorwegianFnr => "norwegian_fnr",
            NationalIdKind::NorwegianDNumber => "norwegian_d_number",
            NationalIdKind::NorwegianHNumber => "norwegian_h_number",
        }
    }

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

impl fmt::Display for NationalIdKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for NationalIdKind {
    type Err = DomainError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim();
        NationalIdKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == wanted)
            .ok_or_else(|| {
                DomainError::invalid(
                    "national_id_kind",
                    "unknown kind of national identifier; use danish_cpr, norwegian_fnr, \
                     norwegian_d_number or norwegian_h_number",
                )
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
    /// Human-readable explanation, safe to show (contains no digits).
    pub fn message(self) -> &'static str {
        match self {
            CprWarning::NoModulus11 => {
                "the CPR number does not satisfy the old modulus-11 check; this is \
                 allowed for numbers issued since 1 October 2007, but check for typing errors"
            }
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

const CPR_WEIGHTS: [u32; 10] = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];

/// Full year of a CPR number from its two-digit year and the seventh digit.
fn cpr_year(yy: u32, seventh: u8) -> u32 {
    match seventh {
        0..=3 => 1900 + yy,
        4 | 9 if yy <= 36 => 2000 + yy,
        4 | 9 => 1900 + yy,
        _ if yy <= 57 => 2000 + yy,
        _ => 1800 + yy,
    }
}

fn date_of(year: u32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// Parses a Danish CPR number written `DDMMYY-SSSS` or `DDMMYYSSSS`, spaces
/// allowed anywhere. The date is checked with the century rules of the
/// seventh digit; the modulus-11 check is never a reason to reject and only
/// yields [`CprWarning::NoModulus11`].
pub fn parse_cpr(input: &str) -> Result<(NationalId, Vec<CprWarning>), DomainError> {
    let shape_error = || DomainError::invalid(FIELD, "a CPR number has 10 digits (DDMMYY-SSSS)");
    let (d, hyphens) = digit_values(input, Some('-')).ok_or_else(shape_error)?;
    if d.len() != 10 || !(hyphens.is_empty() || hyphens == [6]) {
        return Err(shape_error());
    }

    let day = two_digits(&d, 0);
    let month = two_digits(&d, 2);
    let yy = two_digits(&d, 4);
    let seventh = d.get(6).copied().unwrap_or(0);
    let year = cpr_year(yy, seventh);
    let birth_date = date_of(year, month, day).ok_or_else(|| {
        DomainError::invalid(
            FIELD,
            format!(
                "{} has no valid birth date ({day:02}.{month:02}.{year} does not exist)",
                masked_from(&d, NationalIdKind::DanishCpr)
            ),
        )
    })?;

    let mut warnings = Vec::new();
    if !weighted_sum(&d, &CPR_WEIGHTS).is_multiple_of(11) {
        warnings.push(CprWarning::NoModulus11);
    }
    let sex = d.last().copied().map(Sex::from_parity);
    Ok((
        NationalId {
            kind: NationalIdKind::DanishCpr,
            digits: digits_to_string(&d),
            birth_date: Some(birth_date),
            sex,
        },
        warnings,
    ))
}

const FNR_K1_WEIGHTS: [u32; 9] = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const FNR_K2_WEIGHTS: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/// Full year under the current scheme from the individual number and the
/// two-digit year; `None` where the scheme allocated no numbers.
fn fnr_year(individual: u32, yy: u32) -> Option<u32> {
    match individual {
        0..=499 => Some(1900 + yy),
        500..=749 if yy >= 54 => Some(1800 + yy),
        500..=999 if yy < 40 => Some(2000 + yy),
        900..=999 if yy >= 40 => Some(1900 + yy),
        _ => None,
    }
}

/// Parses a Norwegian fødselsnummer, D-number or H-number: 11 digits, spaces
/// allowed. Both check-digit rules (current and from 2032) are accepted; the
/// date part must be a real date. FH-numbers are rejected (see module docs).
pub fn parse_fnr(input: &str) -> Result<NationalId, DomainError> {
    let shape_error = || {
        DomainError::invalid(
            FIELD,
            "a Norwegian national identity number (fødselsnummer or D-number) has 11 digits",
        )
    };
    let (d, _) = digit_values(input, None).ok_or_else(shape_error)?;
    if d.len() != 11 {
        return Err(shape_error());
    }
    let first = d.first().copied().unwrap_or(0);
    if first >= 8 {
        return Err(DomainError::invalid(
            FIELD,
            "this is an FH-number (first digit 8 or 9), a help number without a birth date; \
             it is not a personal identification number for this purpose, so enter the \
             person's fødselsnummer or D-number",
        ));
    }

    // Check digits. Writing r for the K1 sum with K1 included, the current
    // rule needs r = 0 (K1 = 11 − (Σ mod 11), 11 → 0, 10 → invalid) and the
    // 2032 rule allows r ∈ {0, 1, 2, 3}. K2 is the same under both rules.
    let k1 = d.get(9).copied().map_or(0, u32::from);
    let k2 = d.get(10).copied().map_or(0, u32::from);
    let k1_rest = (weighted_sum(&d, &FNR_K1_WEIGHTS) + k1) % 11;
    let k2_rest = (weighted_sum(&d, &FNR_K2_WEIGHTS) + k2) % 11;
    if k1_rest > 3 || k2_rest != 0 {
        return Err(DomainError::invalid(
            FIELD,
            "the check digits of the Norwegian national identity number do not match; \
             check the number for typing errors",
        ));
    }

    let raw_day = two_digits(&d, 0);
    let raw_month = two_digits(&d, 2);
    let yy = two_digits(&d, 4);
    let individual = two_digits(&d, 6) * 10 + d.get(8).copied().map_or(0, u32::from);

    let d_number = (41..=71).contains(&raw_day);
    let h_number = (41..=52).contains(&raw_month);
    let (kind, day, month) = match (d_number, h_number) {
        (true, true) => {
            return Err(DomainError::invalid(
                FIELD,
                "a number cannot be both a D-number (day + 40) and an H-number (month + 40)",
            ));
        }
        (true, false) => (NationalIdKind::NorwegianDNumber, raw_day - 40, raw_month),
        (false, true) => (NationalIdKind::NorwegianHNumber, raw_day, raw_month - 40),
        (false, false) => (NationalIdKind::NorwegianFnr, raw_day, raw_month),
    };
    let bad_date = || {
        DomainError::invalid(
            FIELD,
            format!(
                "{} has no valid birth date (day {day:02}, month {month:02})",
                masked_from(&d, kind)
            ),
        )
    };

    // Current scheme: century from the individual number, sex from digit 9.
    let current = (k1_rest == 0)
        .then(|| fnr_year(individual, yy))
        .flatten()
        .and_then(|year| date_of(year, month, day));
    let (birth_date, sex) = match current {
        Some(date) => (Some(date), d.get(8).copied().map(Sex::from_parity)),
        None => {
            // 2032 scheme: neither century nor sex is encoded. The day and
            // month must still exist in one of the possible centuries.
            let exists = [1800, 1900, 2000]
                .into_iter()
                .any(|century| date_of(century + yy, month, day).is_some());
            if !exists {
                return Err(bad_date());
            }
            (None, None)
        }
    };

    Ok(NationalId {
        kind,
        digits: digits_to_string(&d),
        birth_date,
        sex,
    })
}

/// Age in whole years on `day`, when the birth date is known and not after
/// `day`.
pub fn age_on(id: &NationalId, day: NaiveDate) -> Option<u32> {
    let born = id.birth_date()?;
    day.years_since(born)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    fn message(err: DomainError) -> String {
        match err {
            DomainError::Invalid(fields) => {
                assert_eq!(fields.len(), 1);
                assert_eq!(fields[0].field, "national_id");
                fields[0].message.clone()
            }
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    // ---- Norway: DOMAIN.md test vectors ----

    #[test]
    fn fnr_vector_15108695088_is_female_born_1986() {
        let id = parse_fnr("15108695088").expect("valid");
        assert_eq!(id.kind(), NationalIdKind::NorwegianFnr);
        assert_eq!(id.birth_date(), Some(ymd(1986, 10, 15)));
        assert_eq!(id.sex_hint(), Some(Sex::Female));
        assert_eq!(id.expose_digits(), "15108695088");
        assert_eq!(id.masked(), "151086XXXXX");
        assert_eq!(id.country(), Country::NO);
    }

    #[test]
    fn fnr_vector_15108695077_has_bad_check_digits() {
        let msg = message(parse_fnr("15108695077").expect_err("bad checksum"));
        assert!(msg.contains("check digits"), "{msg}");
        assert!(
            !msg.contains("15108695077"),
            "error leaks the number: {msg}"
        );
    }

    #[test]
    fn fnr_vector_02013299997_is_valid() {
        let id = parse_fnr("02013299997").expect("valid");
        assert_eq!(id.kind(), NationalIdKind::NorwegianFnr);
        // Individual number 999 with YY 32 < 40 → 2032.
        assert_eq!(id.birth_date(), Some(ymd(2032, 1, 2)));
        assert_eq!(id.sex_hint(), Some(Sex::Male));
    }

    #[test]
    fn fnr_vector_30108299920_is_valid_under_current_rule() {
        let id = parse_fnr("30108299920").expect("valid");
        assert_eq!(id.birth_date(), Some(ymd(1982, 10, 30)));
        assert_eq!(id.sex_hint(), Some(Sex::Male));
    }

    #[test]
    fn fnr_vector_30108299939_is_valid_only_under_2032_rule() {
        let id = parse_fnr("30108299939").expect("valid under the 2032 rule");
        assert_eq!(id.kind(), NationalIdKind::NorwegianFnr);
        assert_eq!(id.sex_hint(), None, "2032 numbers do not encode sex");
        assert_eq!(
            id.birth_date(),
            None,
            "2032 numbers do not encode the century"
        );
        // And it really is not valid under the current rule alone.
        let digits: Vec<u32> = "30108299939"
            .chars()
            .filter_map(|c| c.to_digit(10))
            .collect();
        let sum: u32 = digits.iter().zip(FNR_K1_WEIGHTS).map(|(d, w)| d * w).sum();
        assert_ne!((sum + digits[9]) % 11, 0);
    }

    #[test]
    fn fnr_accepts_spaces() {
        let id = parse_fnr(" 151086 95088 ").expect("valid");
        assert_eq!(id.expose_digits(), "15108695088");
    }

    // ---- Norway: D- and H-numbers, FH-numbers, dates, garbage ----

    /// Test helper: completes 9 digits with K1 (current rule) and K2, or
    /// `None` when a check digit would be 10.
    fn with_check_digits(nine: &[u32; 9]) -> Option<String> {
        let s1: u32 = nine.iter().zip(FNR_K1_WEIGHTS).map(|(d, w)| d * w).sum();
        let k1 = (11 - s1 % 11) % 11;
        if k1 == 10 {
            return None;
        }
        complete_k2(nine, k1)
    }

    fn complete_k2(nine: &[u32; 9], k1: u32) -> Option<String> {
        let mut ten: Vec<u32> = nine.to_vec();
        ten.push(k1);
        let s2: u32 = ten.iter().zip(FNR_K2_WEIGHTS).map(|(d, w)| d * w).sum();
        let k2 = (11 - s2 % 11) % 11;
        if k2 == 10 {
            return None;
        }
        ten.push(k2);
        Some(ten.iter().map(|d| d.to_string()).collect())
    }

    fn nine_digits(day: u32, month: u32, yy: u32, individual: u32) -> [u32; 9] {
        [
            day / 10,
            day % 10,
            month / 10,
            month % 10,
            yy / 10,
            yy % 10,
            individual / 100,
            individual / 10 % 10,
            individual % 10,
        ]
    }

    /// Finds a valid number (current rule) for the date by trying individual
    /// numbers from `start` upwards.
    fn valid_fnr(day: u32, month: u32, yy: u32, start: u32) -> String {
        (start..start + 100)
            .find_map(|ind| with_check_digits(&nine_digits(day, month, yy, ind)))
            .expect("some individual number works")
    }

    #[test]
    fn d_number_is_recognised_and_dated() {
        let fnr = valid_fnr(55, 3, 85, 100); // day 15 + 40
        let id = parse_fnr(&fnr).expect("valid D-number");
        assert_eq!(id.kind(), NationalIdKind::NorwegianDNumber);
        assert_eq!(id.birth_date(), Some(ymd(1985, 3, 15)));
        assert!(id.masked().starts_with("550385"));
        let fnr = valid_fnr(71, 12, 1, 500); // day 31, born 2001
        let id = parse_fnr(&fnr).expect("valid D-number");
        assert_eq!(id.kind(), NationalIdKind::NorwegianDNumber);
        assert_eq!(id.birth_date(), Some(ymd(2001, 12, 31)));
    }

    #[test]
    fn h_number_is_recognised_and_dated() {
        let fnr = valid_fnr(15, 46, 90, 200); // month 6 + 40
        let id = parse_fnr(&fnr).expect("valid H-number");
        assert_eq!(id.kind(), NationalIdKind::NorwegianHNumber);
        assert_eq!(id.birth_date(), Some(ymd(1990, 6, 15)));
    }

    #[test]
    fn fh_numbers_are_rejected_with_a_clear_message() {
        for first in [8, 9] {
            let fnr = valid_fnr(first * 10 + 1, 1, 1, 0);
            let msg = message(parse_fnr(&fnr).expect_err("FH-number"));
            assert!(msg.contains("FH-number"), "{msg}");
        }
    }

    #[test]
    fn impossible_dates_are_rejected() {
        for (day, month, yy) in [
            (31, 4, 85),
            (30, 2, 84),
            (0, 1, 85),
            (15, 13, 85),
            (32, 1, 85),
        ] {
            let fnr = valid_fnr(day, month, yy, 100);
            let msg = message(parse_fnr(&fnr).expect_err("bad date"));
            assert!(msg.contains("no valid birth date"), "{fnr}: {msg}");
            assert!(!msg.contains(&fnr), "error leaks the number: {msg}");
        }
        // 29 February only in leap years.
        assert!(parse_fnr(&valid_fnr(29, 2, 84, 100)).is_ok());
        assert!(parse_fnr(&valid_fnr(29, 2, 85, 100)).is_err());
        // D-number with day 72 (32 + 40) does not exist.
        assert!(parse_fnr(&valid_fnr(72, 1, 85, 100)).is_err());
    }

    #[test]
    fn fnr_garbage_is_rejected_without_panicking() {
        for input in [
            "",
            "   ",
            "abc",
            "1510869508",
            "151086950888",
            "15108695088x",
            "15108-695088",
            "１５１０８６９５０８８", // full-width digits
            "151086٩5088",            // Arabic-Indic nine
        ] {
            let msg = message(parse_fnr(input).expect_err("garbage"));
            assert!(msg.contains("11 digits"), "{input:?}: {msg}");
        }
    }

    #[test]
    fn many_generated_current_rule_numbers_parse() {
        // Deterministic pseudo-random walk over dates and individual numbers.
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |bound: u32| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            u32::try_from((state >> 33) % u64::from(bound)).expect("small")
        };
        let mut checked = 0;
        while checked < 5_000 {
            let year = 1854 + next(186); // 1854..=2039
            let month = 1 + next(12);
            let day = 1 + next(31);
            let Some(date) =
                NaiveDate::from_ymd_opt(i32::try_from(year).expect("year"), month, day)
            else {
                continue;
            };
            let yy = year % 100;
            let individual = match year {
                1854..=1899 => 500 + next(250),
                1900..=1939 => next(500),
                1940..=1999 => {
                    if next(2) == 0 {
                        next(500)
                    } else {
                        900 + next(100)
                    }
                }
                _ => 500 + next(500),
            };
            let variant = next(3);
            let (shown_day, shown_month, kind) = match variant {
                0 => (day, month, NationalIdKind::NorwegianFnr),
                1 => (day + 40, month, NationalIdKind::NorwegianDNumber),
                _ => (day, month + 40, NationalIdKind::NorwegianHNumber),
            };
            let nine = nine_digits(shown_day, shown_month, yy, individual);
            let Some(fnr) = with_check_digits(&nine) else {
                continue;
            };
            let id = parse_fnr(&fnr).unwrap_or_else(|e| panic!("{fnr} rejected: {e}"));
            assert_eq!(id.kind(), kind, "{fnr}");
            assert_eq!(id.birth_date(), Some(date), "{fnr}");
            let expected_sex = if individual % 2 == 1 {
                Sex::Male
            } else {
                Sex::Female
            };
            assert_eq!(id.sex_hint(), Some(expected_sex), "{fnr}");
            assert_eq!(id.expose_digits(), fnr);
            checked += 1;
        }
    }

    #[test]
    fn generated_2032_rule_numbers_parse_without_sex_or_century() {
        let mut found = 0;
        for individual in (0..1000).step_by(7) {
            for (day, month, yy) in [(1, 1, 33), (29, 2, 40), (31, 12, 99), (15, 6, 5)] {
                let nine = nine_digits(day, month, yy, individual);
                let s1: u32 = nine.iter().zip(FNR_K1_WEIGHTS).map(|(d, w)| d * w).sum();
                for offset in 12u32..=14 {
                    // K1 = 12, 13 or 14 − (Σ mod 11): valid only under 2032.
                    let Some(k1) = offset.checked_sub(s1 % 11).filter(|k| *k <= 9) else {
                        continue;
                    };
                    let Some(fnr) = complete_k2(&nine, k1) else {
                        continue;
                    };
                    let id = parse_fnr(&fnr).unwrap_or_else(|e| panic!("{fnr} rejected: {e}"));
                    assert_eq!(id.sex_hint(), None, "{fnr}");
                    assert_eq!(id.birth_date(), None, "{fnr}");
                    found += 1;
                }
            }
        }
        assert!(found > 100, "only {found} numbers generated");
    }

    #[test]
    fn single_digit_changes_never_panic_and_a_changed_k2_always_fails() {
        let base = "15108695088";
        for pos in 0..11 {
            for digit in '0'..='9' {
                let mut changed: Vec<char> = base.chars().collect();
                changed[pos] = digit;
                let changed: String = changed.into_iter().collect();
                let result = parse_fnr(&changed);
                if pos == 10 && changed != base {
                    assert!(result.is_err(), "{changed}");
                }
            }
        }
    }

    // ---- Denmark: DOMAIN.md test vectors ----

    #[test]
    fn cpr_vector_211062_5629_is_born_1862() {
        let (id, warnings) = parse_cpr("211062-5629").expect("valid");
        assert_eq!(id.kind(), NationalIdKind::DanishCpr);
        assert_eq!(id.birth_date(), Some(ymd(1862, 10, 21)));
        assert_eq!(id.sex_hint(), Some(Sex::Male));
        assert!(warnings.is_empty(), "mod-11 holds: {warnings:?}");
        assert_eq!(id.expose_digits(), "2110625629");
        assert_eq!(id.masked(), "211062-XXXX");
        assert_eq!(id.country(), Country::DK);
    }

    #[test]
    fn cpr_vector_2110620629_is_accepted_with_a_warning() {
        let (id, warnings) = parse_cpr("2110620629").expect("accepted despite mod-11");
        assert_eq!(id.birth_date(), Some(ymd(1962, 10, 21)));
        assert_eq!(warnings, vec![CprWarning::NoModulus11]);
        assert!(!CprWarning::NoModulus11.message().is_empty());
    }

    #[test]
    fn cpr_vector_2110525629_is_born_2052() {
        let (id, _) = parse_cpr("2110525629").expect("valid");
        assert_eq!(id.birth_date(), Some(ymd(2052, 10, 21)));
    }

    #[test]
    fn cpr_century_rules() {
        let born = |s: &str| parse_cpr(s).expect(s).0.birth_date();
        assert_eq!(born("010199-3000"), Some(ymd(1999, 1, 1)));
        assert_eq!(born("010136-4000"), Some(ymd(2036, 1, 1)));
        assert_eq!(born("010137-4000"), Some(ymd(1937, 1, 1)));
        assert_eq!(born("010136-9000"), Some(ymd(2036, 1, 1)));
        assert_eq!(born("010137-9000"), Some(ymd(1937, 1, 1)));
        assert_eq!(born("010157-8000"), Some(ymd(2057, 1, 1)));
        assert_eq!(born("010158-8000"), Some(ymd(1858, 1, 1)));
        assert_eq!(born("290200-4000"), Some(ymd(2000, 2, 29)));
    }

    #[test]
    fn cpr_accepts_spaces_and_reports_sex() {
        let (id, _) = parse_cpr(" 21 10 62 - 5629 ").expect("spaces allowed");
        assert_eq!(id.expose_digits(), "2110625629");
        let (id, _) = parse_cpr("211062 5628").expect("valid date");
        assert_eq!(id.sex_hint(), Some(Sex::Female));
    }

    #[test]
    fn cpr_bad_dates_are_rejected() {
        let msg = message(parse_cpr("211362-5629").expect_err("month 13"));
        assert!(msg.contains("211362-XXXX has no valid birth date"), "{msg}");
        assert!(
            !msg.contains("5629"),
            "error leaks the serial number: {msg}"
        );
        // 29.02.1900 does not exist (seventh digit 0 → 1900s).
        assert!(parse_cpr("290200-0000").is_err());
        assert!(parse_cpr("000162-1234").is_err());
        assert!(parse_cpr("320162-1234").is_err());
    }

    #[test]
    fn cpr_garbage_is_rejected_without_panicking() {
        for input in [
            "",
            "abc",
            "211062562",
            "21106256299",
            "211062562900",
            "21106-25629",
            "211062--5629",
            "211062-562x",
            "２１１０６２５６２９",
        ] {
            let msg = message(parse_cpr(input).expect_err("garbage"));
            assert!(msg.contains("10 digits"), "{input:?}: {msg}");
        }
    }

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
