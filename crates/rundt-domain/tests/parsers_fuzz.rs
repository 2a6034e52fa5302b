//! Property tests of the domain's parsers of outside input: national
//! identifiers, municipality codes and the municipality reference CSV. Any
//! text a person or a program may send is answered with a value or a
//! field error, never a panic, and what is accepted has the documented shape.
//!
//! `RUNDT_FUZZ_CASES` raises the number of cases for a long run (default 512).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use chrono::Datelike;
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use rundt_domain::DomainError;
use rundt_domain::country::Country;
use rundt_domain::municipality::{MunicipalityCode, parse_reference_csv};
use rundt_domain::national_id::{self, NationalIdKind, parse_cpr, parse_fnr};

fn config() -> ProptestConfig {
    let cases = std::env::var("RUNDT_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(512);
    // A fixed seed, so CI's run is the same each time; RUNDT_FUZZ_SEED=random for a new one.
    let rng_seed = match std::env::var("RUNDT_FUZZ_SEED").ok().as_deref() {
        Some("random") => RngSeed::Random,
        Some(n) => n.parse().map_or(RngSeed::Fixed(11), RngSeed::Fixed),
        None => RngSeed::Fixed(11),
    };
    ProptestConfig {
        cases,
        failure_persistence: None,
        rng_seed,
        ..ProptestConfig::default()
    }
}

/// Any refusal of a parser is a field error naming the field, never another kind.
fn is_field_error(e: &DomainError, field: &str) -> bool {
    match e {
        DomainError::Invalid(fields) => {
            !fields.is_empty() && fields.iter().all(|f| f.field == field)
        }
        _ => false,
    }
}

fn country() -> impl Strategy<Value = Country> {
    prop_oneof![Just(Country::DK), Just(Country::NO)]
}

/// Text close to an identifier: digits, spaces, hyphens and now and then
/// something else, so that most inputs reach the date and check-digit rules.
fn id_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{10,11}",
        "[0-9]{6}-[0-9]{4}",
        "[0-9 \\-]{0,16}",
        "[0-9]{0,6}[^0-9]{0,2}[0-9]{0,6}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_text_as_a_national_id_is_an_id_or_a_field_error(c in country(), input in id_like()) {
        match national_id::parse(c, &input) {
            Ok(id) => {
                prop_assert_eq!(id.country(), c);
                let digits = id.expose_digits();
                prop_assert!(digits.chars().all(|d| d.is_ascii_digit()));
                prop_assert_eq!(digits.len(), if c == Country::DK { 10 } else { 11 });
                // The masked form shows the date digits only.
                let masked = id.masked();
                prop_assert!(masked.starts_with(&digits[..6]));
                prop_assert!(!masked[6..].chars().any(|ch| ch.is_ascii_digit()));
                // What was accepted is accepted again from its digits, alike.
                let again = national_id::parse(c, digits).unwrap();
                prop_assert_eq!(again.kind(), id.kind());
                prop_assert_eq!(again.birth_date(), id.birth_date());
            }
            Err(e) => prop_assert!(is_field_error(&e, "national_id"), "{e:?}"),
        }
    }

    #[test]
    fn an_accepted_cpr_number_carries_its_own_birth_date(input in "[0-9]{6}-?[0-9]{4}") {
        if let Ok((id, _warnings)) = parse_cpr(&input) {
            prop_assert_eq!(id.kind(), NationalIdKind::DanishCpr);
            let born = id.birth_date().unwrap();
            let digits = id.expose_digits();
            prop_assert_eq!(format!("{:02}{:02}{:02}", born.day(), born.month(), born.year() % 100), &digits[..6]);
            prop_assert!(id.sex_hint().is_some());
        }
    }

    #[test]
    fn an_accepted_fodselsnummer_has_a_real_day_and_month(input in "[0-7][0-9]{10}") {
        if let Ok(id) = parse_fnr(&input) {
            if let Some(born) = id.birth_date() {
                let day = born.day();
                let month = born.month();
                let raw_day: u32 = input[0..2].parse().unwrap();
                let raw_month: u32 = input[2..4].parse().unwrap();
                prop_assert!(raw_day == day || raw_day == day + 40);
                prop_assert!(raw_month == month || raw_month == month + 40);
            }
            prop_assert!(id.kind().country() == Country::NO);
        }
    }

    #[test]
    fn any_text_as_a_municipality_code_is_four_digits_or_a_field_error(
        c in country(),
        raw in prop_oneof!["[0-9 ]{0,6}", "[0-9]{3,4}", any::<String>()],
    ) {
        match MunicipalityCode::parse(c, &raw) {
            Ok(code) => {
                let s = code.as_str();
                prop_assert_eq!(s.len(), 4);
                prop_assert!(s.chars().all(|d| d.is_ascii_digit()));
                let padded = format!("0{}", raw.trim());
                prop_assert!(raw.trim() == s || padded == s, "{raw:?} became {s}");
                // Normalising twice changes nothing.
                prop_assert_eq!(MunicipalityCode::parse(c, s).unwrap(), code.clone());
                prop_assert_eq!(MunicipalityCode::from_stored(s), Some(code));
            }
            Err(e) => prop_assert!(is_field_error(&e, "municipality_code"), "{e:?}"),
        }
    }

    #[test]
    fn a_municipality_code_from_json_is_checked_like_one_from_a_form(raw in any::<String>()) {
        let json = serde_json::to_string(&raw).unwrap();
        let parsed: Result<MunicipalityCode, _> = serde_json::from_str(&json);
        if let Ok(code) = parsed {
            prop_assert_eq!(code.as_str().len(), 4);
        }
    }

    #[test]
    fn any_reference_csv_is_a_list_or_an_error_naming_the_line(
        c in country(),
        lines in proptest::collection::vec(
            prop_oneof![
                "[0-9]{3,4},[a-zæøå ]{0,8},20[0-9]{2}-[01][0-9]-[0-3][0-9],(20[0-9]{2}-[01][0-9]-[0-3][0-9])?",
                "[^\n]{0,30}",
            ],
            0..6,
        ),
    ) {
        let text = format!("code,name,valid_from,valid_to\n{}", lines.join("\n"));
        match parse_reference_csv(c, &text) {
            Ok(list) => prop_assert!(list.len() <= lines.len()),
            Err(e) => prop_assert!(is_field_error(&e, "reference_data"), "{e:?}"),
        }
    }
}
