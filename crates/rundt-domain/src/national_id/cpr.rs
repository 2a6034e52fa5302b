//! The Danish CPR number (DOMAIN.md section 6.4): shape, date with the
//! century rules of the seventh digit, and the modulus-11 check as a warning.

use super::{
    CprWarning, FIELD, NationalId, NationalIdKind, Sex, date_of, digit_values, digits_to_string,
    masked_from, two_digits, weighted_sum,
};
use crate::DomainError;
use crate::msg;

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

/// Parses a Danish CPR number written `DDMMYY-SSSS` or `DDMMYYSSSS`, spaces
/// allowed anywhere. The date is checked with the century rules of the
/// seventh digit; the modulus-11 check is never a reason to reject and only
/// yields [`CprWarning::NoModulus11`].
pub fn parse_cpr(input: &str) -> Result<(NationalId, Vec<CprWarning>), DomainError> {
    let shape_error = || DomainError::invalid(FIELD, msg!("cpr-shape"));
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
            msg!(
                "cpr-birth-date-invalid",
                masked = masked_from(&d, NationalIdKind::DanishCpr),
                date = format!("{day:02}.{month:02}.{year}")
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::country::Country;
    use crate::national_id::test_support::{message, ymd};

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
        assert_eq!(CprWarning::NoModulus11.message().code, "cpr-no-modulus-11");
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
        assert!(msg.starts_with("cpr-birth-date-invalid"), "{msg}");
        assert!(msg.contains("masked=211362-XXXX"), "{msg}");
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
            assert!(msg.starts_with("cpr-shape"), "{input:?}: {msg}");
        }
    }
}
