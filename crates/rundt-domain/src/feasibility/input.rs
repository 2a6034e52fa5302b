//! The numbers of a study as people type them in its forms: counts of young
//! people and shares in percent. Each refusal names the field.

use crate::DomainError;
use crate::msg;

/// The largest count a study accepts: ten million young people a year.
pub const MAX_COUNT: u32 = 10_000_000;

/// A whole number of young people, 0 or more, at most [`MAX_COUNT`];
/// spaces (also as thousands groups) are ignored.
///
/// Refused naming `field`: an empty text ("count-missing"), a negative
/// number ("count-negative"), anything but digits ("count-not-a-number",
/// `given`), more than [`MAX_COUNT`] ("count-too-large", `max`).
pub fn parse_count(field: &str, text: &str) -> Result<u32, DomainError> {
    let body: String = text.chars().filter(|c| !is_space(*c)).collect();
    if body.is_empty() {
        return Err(DomainError::invalid(field, msg!("count-missing")));
    }
    if body.starts_with('-') || body.starts_with('\u{2212}') {
        return Err(DomainError::invalid(field, msg!("count-negative")));
    }
    if !body.chars().all(|c| c.is_ascii_digit()) {
        return Err(DomainError::invalid(
            field,
            msg!("count-not-a-number", given = text.trim()),
        ));
    }
    let too_large = || DomainError::invalid(field, msg!("count-too-large", max = MAX_COUNT));
    let n: u64 = body.parse().map_err(|_| too_large())?;
    if n > u64::from(MAX_COUNT) {
        return Err(too_large());
    }
    u32::try_from(n).map_err(|_| too_large())
}

/// A share written in percent ("12,5", "12.5", "12,5 %") as basis points
/// (12.5 % = 1,250), 0–100 % with at most two decimals.
///
/// Refused naming `field`: an empty text ("share-missing"), a negative
/// share ("share-negative"), more than two decimals
/// ("share-too-many-decimals", `given`), anything else that is not a
/// number ("share-not-a-number", `given`), above 100 % ("share-over-100").
pub fn parse_share_percent(field: &str, text: &str) -> Result<u32, DomainError> {
    let trimmed = text.trim();
    let body = trimmed.strip_suffix('%').unwrap_or(trimmed).trim();
    if body.is_empty() {
        return Err(DomainError::invalid(field, msg!("share-missing")));
    }
    if body.starts_with('-') || body.starts_with('\u{2212}') {
        return Err(DomainError::invalid(field, msg!("share-negative")));
    }
    let not_number = || DomainError::invalid(field, msg!("share-not-a-number", given = trimmed));
    let (whole, fraction) = match body.split_once([',', '.']) {
        Some((w, f)) => (w, f),
        None => (body, ""),
    };
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
        return Err(not_number());
    }
    if fraction.len() > 2 {
        return Err(DomainError::invalid(
            field,
            msg!("share-too-many-decimals", given = trimmed),
        ));
    }
    let over = || DomainError::invalid(field, msg!("share-over-100"));
    // More than three digits of whole percent is over 100 % in any case.
    if whole.trim_start_matches('0').len() > 3 {
        return Err(over());
    }
    let whole: u32 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| not_number())?
    };
    let hundredths: u32 = match fraction.len() {
        0 => 0,
        1 => fraction.parse::<u32>().map_err(|_| not_number())? * 10,
        _ => fraction.parse().map_err(|_| not_number())?,
    };
    let bp = whole * 100 + hundredths;
    if bp > 10_000 {
        return Err(over());
    }
    Ok(bp)
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{a0}' || c == '\u{202f}'
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FieldError;

    fn refusal(r: Result<u32, DomainError>) -> (String, &'static str) {
        match r {
            Err(DomainError::Invalid(errs)) => {
                let FieldError { field, message } = &errs[0];
                (field.clone(), message.code)
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_count_is_a_whole_number_of_young_people() {
        assert_eq!(parse_count("count", "42").unwrap(), 42);
        assert_eq!(parse_count("count", " 1 250 ").unwrap(), 1_250);
        assert_eq!(parse_count("count", "0").unwrap(), 0);
    }

    #[test]
    fn a_negative_or_missing_count_is_refused_with_the_field() {
        assert_eq!(
            refusal(parse_count("potential[2].count", "-3")),
            ("potential[2].count".into(), "count-negative")
        );
        assert_eq!(refusal(parse_count("c", "")).1, "count-missing");
        assert_eq!(refusal(parse_count("c", "12,5")).1, "count-not-a-number");
        assert_eq!(refusal(parse_count("c", "many")).1, "count-not-a-number");
        assert_eq!(refusal(parse_count("c", "10000001")).1, "count-too-large");
        assert_eq!(
            refusal(parse_count("c", "99999999999999999999999")).1,
            "count-too-large"
        );
    }

    #[test]
    fn a_share_in_percent_becomes_basis_points_with_a_comma_or_a_point() {
        assert_eq!(parse_share_percent("s", "12,5").unwrap(), 1_250);
        assert_eq!(parse_share_percent("s", "12.5").unwrap(), 1_250);
        assert_eq!(parse_share_percent("s", "12,75 %").unwrap(), 1_275);
        assert_eq!(parse_share_percent("s", "100").unwrap(), 10_000);
        assert_eq!(parse_share_percent("s", "0").unwrap(), 0);
        assert_eq!(parse_share_percent("s", ",5").unwrap(), 50);
        assert_eq!(parse_share_percent("s", "7.").unwrap(), 700);
    }

    #[test]
    fn a_share_over_a_hundred_percent_or_below_zero_is_refused() {
        assert_eq!(
            refusal(parse_share_percent("s", "100,01")).1,
            "share-over-100"
        );
        assert_eq!(refusal(parse_share_percent("s", "250")).1, "share-over-100");
        assert_eq!(
            refusal(parse_share_percent("s", "123456789")).1,
            "share-over-100"
        );
        assert_eq!(refusal(parse_share_percent("s", "-1")).1, "share-negative");
        assert_eq!(
            refusal(parse_share_percent("s", "12,345")).1,
            "share-too-many-decimals"
        );
        assert_eq!(
            refusal(parse_share_percent("s", "ten")).1,
            "share-not-a-number"
        );
        assert_eq!(
            refusal(parse_share_percent("s", "1.2.3")).1,
            "share-not-a-number"
        );
        assert_eq!(
            refusal(parse_share_percent("s", ".")).1,
            "share-not-a-number"
        );
        assert_eq!(refusal(parse_share_percent("s", " ")).1, "share-missing");
    }
}
