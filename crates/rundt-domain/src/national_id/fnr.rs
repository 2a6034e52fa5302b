//! The Norwegian fødselsnummer with its D- and H-number variants
//! (DOMAIN.md section 6.4): both check-digit rules, the century from the
//! individual number, and the 2032 scheme without century or sex.

use super::{
    FIELD, NationalId, NationalIdKind, Sex, date_of, digit_values, digits_to_string, masked_from,
    two_digits, weighted_sum,
};
use crate::DomainError;
use crate::msg;

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
    let shape_error = || DomainError::invalid(FIELD, msg!("fnr-shape"));
    let (d, _) = digit_values(input, None).ok_or_else(shape_error)?;
    if d.len() != 11 {
        return Err(shape_error());
    }
    let first = d.first().copied().unwrap_or(0);
    if first >= 8 {
        return Err(DomainError::invalid(FIELD, msg!("fnr-fh-number")));
    }

    // Check digits. Writing r for the K1 sum with K1 included, the current
    // rule needs r = 0 (K1 = 11 − (Σ mod 11), 11 → 0, 10 → invalid) and the
    // 2032 rule allows r ∈ {0, 1, 2, 3}. K2 is the same under both rules.
    let k1 = d.get(9).copied().map_or(0, u32::from);
    let k2 = d.get(10).copied().map_or(0, u32::from);
    let k1_rest = (weighted_sum(&d, &FNR_K1_WEIGHTS) + k1) % 11;
    let k2_rest = (weighted_sum(&d, &FNR_K2_WEIGHTS) + k2) % 11;
    if k1_rest > 3 || k2_rest != 0 {
        return Err(DomainError::invalid(FIELD, msg!("fnr-check-digits")));
    }

    let raw_day = two_digits(&d, 0);
    let raw_month = two_digits(&d, 2);
    let yy = two_digits(&d, 4);
    let individual = two_digits(&d, 6) * 10 + d.get(8).copied().map_or(0, u32::from);

    let d_number = (41..=71).contains(&raw_day);
    let h_number = (41..=52).contains(&raw_month);
    let (kind, day, month) = match (d_number, h_number) {
        (true, true) => {
            return Err(DomainError::invalid(FIELD, msg!("fnr-d-and-h-number")));
        }
        (true, false) => (NationalIdKind::NorwegianDNumber, raw_day - 40, raw_month),
        (false, true) => (NationalIdKind::NorwegianHNumber, raw_day, raw_month - 40),
        (false, false) => (NationalIdKind::NorwegianFnr, raw_day, raw_month),
    };
    let bad_date = || {
        DomainError::invalid(
            FIELD,
            msg!(
                "fnr-birth-date-invalid",
                masked = masked_from(&d, kind),
                day = format!("{day:02}"),
                month = format!("{month:02}")
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::country::Country;
    use crate::national_id::test_support::{message, ymd};
    use chrono::NaiveDate;

    /// Parses `digits`, which must be valid, and checks its kind and the
    /// birth date read from it.
    fn parsed_as(digits: &str, kind: NationalIdKind, born: Option<NaiveDate>) -> NationalId {
        let id = parse_fnr(digits).expect("valid");
        assert_eq!(id.kind(), kind);
        assert_eq!(id.birth_date(), born);
        id
    }

    // ---- Norway: DOMAIN.md test vectors ----

    #[test]
    fn fnr_vectors_give_birth_date_and_sex() {
        for (digits, born, sex) in [
            ("15108695088", ymd(1986, 10, 15), Sex::Female),
            // Individual number 999 with YY 32 < 40 → 2032.
            ("02013299997", ymd(2032, 1, 2), Sex::Male),
            // Valid under the current rule.
            ("30108299920", ymd(1982, 10, 30), Sex::Male),
        ] {
            let id = parsed_as(digits, NationalIdKind::NorwegianFnr, Some(born));
            assert_eq!(id.sex_hint(), Some(sex), "{digits}");
        }
    }

    #[test]
    fn fnr_vector_15108695088_is_masked_and_norwegian() {
        let id = parse_fnr("15108695088").expect("valid");
        assert_eq!(id.expose_digits(), "15108695088");
        assert_eq!(id.masked(), "151086XXXXX");
        assert_eq!(id.country(), Country::NO);
    }

    #[test]
    fn fnr_vector_15108695077_has_bad_check_digits() {
        let msg = message(parse_fnr("15108695077").expect_err("bad checksum"));
        assert!(msg.starts_with("fnr-check-digits"), "{msg}");
        assert!(
            !msg.contains("15108695077"),
            "error leaks the number: {msg}"
        );
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
        let id = parsed_as(
            &fnr,
            NationalIdKind::NorwegianDNumber,
            Some(ymd(1985, 3, 15)),
        );
        assert!(id.masked().starts_with("550385"));
        let fnr = valid_fnr(71, 12, 1, 500); // day 31, born 2001
        parsed_as(
            &fnr,
            NationalIdKind::NorwegianDNumber,
            Some(ymd(2001, 12, 31)),
        );
    }

    #[test]
    fn h_number_is_recognised_and_dated() {
        let fnr = valid_fnr(15, 46, 90, 200); // month 6 + 40
        parsed_as(
            &fnr,
            NationalIdKind::NorwegianHNumber,
            Some(ymd(1990, 6, 15)),
        );
    }

    #[test]
    fn fh_numbers_are_rejected_with_a_clear_message() {
        for first in [8, 9] {
            let fnr = valid_fnr(first * 10 + 1, 1, 1, 0);
            let msg = message(parse_fnr(&fnr).expect_err("FH-number"));
            assert!(msg.starts_with("fnr-fh-number"), "{msg}");
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
            assert!(msg.starts_with("fnr-birth-date-invalid"), "{fnr}: {msg}");
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
            assert!(msg.starts_with("fnr-shape"), "{input:?}: {msg}");
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
}
