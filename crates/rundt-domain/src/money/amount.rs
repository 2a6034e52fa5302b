//! Amounts as people read and type them: `299.000,00` in Danish,
//! `299 000,00` in Norwegian, `299,000.00` in English. Integer arithmetic
//! only; an amount is always a whole number of øre.

use std::collections::BTreeSet;

use crate::DomainError;
use crate::msg;

use super::types::Minor;

/// The largest amount Rundt accepts: 10^13 øre (100 billion kroner).
pub const MAX_AMOUNT: Minor = 10_000_000_000_000;

/// `minor` øre written with two decimals in `lang`'s way: "da" groups
/// thousands with '.' and writes a decimal comma ("299.000,00"), "nb" groups
/// with a no-break space (U+00A0) and writes a decimal comma
/// ("299 000,00"), anything else is English ("299,000.00"). A negative
/// amount has a leading '-'.
pub fn format_amount(minor: Minor, lang: &str) -> String {
    let (group, decimal) = match lang {
        "da" => ('.', ','),
        "nb" => ('\u{a0}', ','),
        _ => (',', '.'),
    };
    let abs = minor.unsigned_abs();
    let units = (abs / 100).to_string();
    let cents = abs % 100;
    let mut out = String::with_capacity(units.len() + units.len() / 3 + 4);
    if minor < 0 {
        out.push('-');
    }
    for (i, c) in units.chars().enumerate() {
        if i > 0 && (units.len() - i).is_multiple_of(3) {
            out.push(group);
        }
        out.push(c);
    }
    out.push(decimal);
    out.push_str(&format!("{cents:02}"));
    out
}

/// Reads an amount a Dane, a Norwegian or an English speaker typed, into
/// øre: "299000", "299.000", "299 000", "299.000,50", "299 000,5",
/// "1234.50", "1,234.50", "299.000,-", optionally with "kr", "kr.",
/// "DKK" or "NOK" after (or before) it.
///
/// The last '.' or ',' is the decimal mark when one or two digits follow
/// it to the end; followed by exactly three digits it groups thousands.
/// The whole kroner may then be grouped in threes by spaces and by the
/// mark that is not the decimal mark. Refused, naming `field`: an empty
/// text, a negative amount, more than two decimals, anything else that is
/// not an amount, and amounts above [`MAX_AMOUNT`].
pub fn parse_amount(field: &str, text: &str) -> Result<Minor, DomainError> {
    let not_amount = || DomainError::invalid(field, msg!("amount-not-a-number", given = text));
    let body = strip_currency(text.trim());
    if body.is_empty() {
        return Err(DomainError::invalid(field, msg!("amount-empty")));
    }
    if body.starts_with('-') || body.starts_with('\u{2212}') {
        return Err(DomainError::invalid(field, msg!("amount-negative")));
    }
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || is_space(c))
    {
        return Err(not_amount());
    }
    let (whole, fraction) = match split_decimal(body) {
        Split::Parts(whole, fraction) => (whole, fraction),
        Split::TooManyDecimals => {
            return Err(DomainError::invalid(
                field,
                msg!("amount-too-many-decimals", given = text),
            ));
        }
        Split::NotAmount => return Err(not_amount()),
    };
    let Some(kroner) = whole_units(whole) else {
        return Err(not_amount());
    };
    let ore: Minor = match fraction {
        None => 0,
        Some(f) if f.len() == 1 => Minor::from(digits_value(f)) * 10,
        Some(f) => Minor::from(digits_value(f)),
    };
    let too_large = || DomainError::invalid(field, msg!("amount-too-large"));
    let total = kroner
        .checked_mul(100)
        .and_then(|k| k.checked_add(ore))
        .ok_or_else(too_large)?;
    if total > MAX_AMOUNT {
        return Err(too_large());
    }
    Ok(total)
}

/// The text without a currency before or after it ("kr", "kr.", "DKK",
/// "NOK", in any case) and without the ",-" or ".-" that says "no øre",
/// trimmed.
fn strip_currency(text: &str) -> &str {
    const CURRENCY: [&str; 4] = ["kr.", "kr", "dkk", "nok"];
    let mut body = text.trim();
    let lower = body.to_ascii_lowercase();
    // The words are ASCII, so their lengths in bytes cut on char boundaries.
    if let Some(word) = CURRENCY.iter().find(|w| lower.ends_with(*w))
        && let Some(rest) = body.get(..body.len() - word.len())
    {
        body = rest.trim_end_matches(is_space);
    }
    let lower = body.to_ascii_lowercase();
    if let Some(word) = CURRENCY.iter().find(|w| lower.starts_with(*w))
        && let Some(rest) = body.get(word.len()..)
    {
        body = rest.trim_start_matches(is_space);
    }
    body.strip_suffix(",-")
        .or_else(|| body.strip_suffix(".-"))
        .unwrap_or(body)
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{a0}' || c == '\u{202f}'
}

/// How the last mark of a typed amount reads.
enum Split<'t> {
    /// The whole part and the decimals, if any.
    Parts(&'t str, Option<&'t str>),
    TooManyDecimals,
    NotAmount,
}

/// Splits a text of digits, marks and spaces at its decimal mark, if it
/// has one.
fn split_decimal(body: &str) -> Split<'_> {
    let Some(at) = body.rfind(['.', ',']) else {
        return Split::Parts(body, None);
    };
    let (whole, tail) = (&body[..at], &body[at + 1..]);
    let mark = &body[at..=at];
    if tail.is_empty() || !tail.chars().all(|c| c.is_ascii_digit()) {
        // "5," or "1.000 000": the whole-text check decides.
        return Split::Parts(body, None);
    }
    match tail.len() {
        // The decimal mark may not also group the whole part.
        1 | 2 if whole.contains(mark) => Split::NotAmount,
        1 | 2 => Split::Parts(whole, Some(tail)),
        3 => Split::Parts(body, None),
        _ if whole.contains(['.', ',']) => Split::NotAmount,
        _ => Split::TooManyDecimals,
    }
}

/// The kroner of a whole part, grouped in threes by at most one kind of
/// mark and by spaces; `None` when it is not that.
fn whole_units(whole: &str) -> Option<Minor> {
    let marks: BTreeSet<char> = whole
        .chars()
        .filter(|c| !c.is_ascii_digit() && !is_space(*c))
        .collect();
    if marks.len() > 1 {
        return None;
    }
    let groups: Vec<&str> = whole.split(|c: char| !c.is_ascii_digit()).collect();
    let (first, rest) = groups.split_first()?;
    if first.is_empty() || (!rest.is_empty() && first.len() > 3) {
        return None;
    }
    if rest.iter().any(|g| g.len() != 3) {
        return None;
    }
    let digits: String = groups.concat();
    // More than 12 digits of kroner is beyond MAX_AMOUNT anyway: say so
    // with the largest number, which the caller refuses as too large.
    if digits.trim_start_matches('0').len() > 12 {
        return Some(Minor::MAX);
    }
    digits.parse().ok()
}

fn digits_value(digits: &str) -> u32 {
    digits
        .chars()
        .filter_map(|c| c.to_digit(10))
        .fold(0, |n, d| n * 10 + d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_written_the_way_each_language_reads_them() {
        assert_eq!(format_amount(29_900_000, "da"), "299.000,00");
        assert_eq!(format_amount(29_900_000, "nb"), "299\u{a0}000,00");
        assert_eq!(format_amount(29_900_000, "en"), "299,000.00");
        assert_eq!(format_amount(12_345_678_905, "da"), "123.456.789,05");
        assert_eq!(format_amount(5, "da"), "0,05");
        assert_eq!(format_amount(100_000, "fr"), "1,000.00");
        assert_eq!(format_amount(-150_050, "nb"), "-1\u{a0}500,50");
        assert_eq!(format_amount(0, "en"), "0.00");
        assert_eq!(format_amount(99_999, "da"), "999,99");
        assert_eq!(
            format_amount(Minor::MIN, "en"),
            "-92,233,720,368,547,758.08"
        );
    }

    #[test]
    fn what_danes_norwegians_and_english_speakers_type_is_read_in_ore() {
        let read = |t: &str| parse_amount("course_price", t).unwrap();
        assert_eq!(read("299000"), 29_900_000);
        assert_eq!(read("299.000"), 29_900_000);
        assert_eq!(read("299 000"), 29_900_000);
        assert_eq!(read("299\u{a0}000"), 29_900_000);
        assert_eq!(read("299.000,50"), 29_900_050);
        assert_eq!(read("299 000,5"), 29_900_050);
        assert_eq!(read("1234.50"), 123_450);
        assert_eq!(read("1,234.50"), 123_450);
        assert_eq!(read("1,234"), 123_400);
        assert_eq!(read("1.234.567,89"), 123_456_789);
        assert_eq!(read("12,5"), 1_250);
        assert_eq!(read("0,05"), 5);
        assert_eq!(read(" 299.000 kr. "), 29_900_000);
        assert_eq!(read("299.000 kr"), 29_900_000);
        assert_eq!(read("299000DKK"), 29_900_000);
        assert_eq!(read("299 000 NOK"), 29_900_000);
        assert_eq!(read("299.000,-"), 29_900_000);
        assert_eq!(read("kr 299 000,-"), 29_900_000);
        assert_eq!(read("DKK 1,234.50"), 123_450);
        assert_eq!(read("100 000 000 000"), MAX_AMOUNT);
    }

    fn refusal(text: &str) -> &'static str {
        match parse_amount("course_price", text) {
            Err(DomainError::Invalid(errors)) => {
                assert_eq!(errors[0].field, "course_price");
                errors[0].message.code
            }
            other => panic!("{text:?} gave {other:?}"),
        }
    }

    #[test]
    fn what_is_not_an_amount_is_refused_with_a_reason() {
        assert_eq!(refusal(""), "amount-empty");
        assert_eq!(refusal("  kr. "), "amount-empty");
        assert_eq!(refusal("-500"), "amount-negative");
        assert_eq!(refusal("- 500 kr"), "amount-negative");
    }

    #[test]
    fn more_than_two_decimals_garbage_and_huge_amounts_are_refused() {
        assert_eq!(refusal("1.2345"), "amount-too-many-decimals");
        assert_eq!(refusal("1,2345"), "amount-too-many-decimals");
        assert_eq!(refusal("abc"), "amount-not-a-number");
        assert_eq!(refusal("12a"), "amount-not-a-number");
        assert_eq!(refusal("1.000.00"), "amount-not-a-number");
        assert_eq!(refusal("1,000,50"), "amount-not-a-number");
        assert_eq!(refusal("1.000,000"), "amount-not-a-number");
        assert_eq!(refusal("12.34.567"), "amount-not-a-number");
        assert_eq!(refusal("1 2"), "amount-not-a-number");
        assert_eq!(refusal(",50"), "amount-not-a-number");
        assert_eq!(refusal("5,"), "amount-not-a-number");
        assert_eq!(refusal("+5"), "amount-not-a-number");
        assert_eq!(refusal("kr kr 5"), "amount-not-a-number");
        assert_eq!(refusal("5 EUR"), "amount-not-a-number");
        assert_eq!(refusal("100 000 000 000,01"), "amount-too-large");
        assert_eq!(refusal("99999999999999999999999"), "amount-too-large");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            // What Rundt writes in any of its languages, it reads back.
            #[test]
            fn an_amount_written_in_any_language_reads_back_as_itself(
                minor in 0i64..=MAX_AMOUNT,
                lang in prop::sample::select(vec!["da", "nb", "en"]),
            ) {
                let written = format_amount(minor, lang);
                prop_assert_eq!(parse_amount("amount", &written), Ok(minor));
                prop_assert_eq!(parse_amount("amount", &format!("{written} kr.")), Ok(minor));
            }
        }
    }
}
