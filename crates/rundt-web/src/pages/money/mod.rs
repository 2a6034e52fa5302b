//! Money's pages (issue 14): a team's prices, budget, economy, licence fee
//! and the places its owners sell; a municipality's spending against the
//! placements it avoided, the places it buys and sells and its settings;
//! the invoicing basis with its CSV, XLSX and e-invoice; and the national
//! office's licence fees and teams. Amounts are shown in the page's
//! language from integer øre; names never appear, case numbers at most.

mod invoicing;
mod municipality;
mod national;
mod team;

pub use invoicing::{
    municipality_csv, municipality_einvoice, municipality_invoicing, municipality_xlsx, team_csv,
    team_einvoice, team_invoicing, team_xlsx,
};
pub use municipality::{billing, placement_cost, show as municipality_show};
pub use national::{licence_fee, show as national_show};
pub use team::{agreement, close, new_agreement, price, save_budget, show as team_show};

use chrono::Datelike;
use rundt_app::AppError;
use rundt_domain::FieldError;
use rundt_domain::money::{Currency, Minor, format_amount, parse_amount};
use rundt_domain::msg;
use serde::Deserialize;

use super::form::Fields;
use crate::i18n::Tr;

/// `?year=2026`; this year when missing.
#[derive(Debug, Default, Deserialize)]
pub struct YearQuery {
    pub year: Option<String>,
}

impl YearQuery {
    /// The year asked for, or refused with a message naming the field.
    pub fn year(&self, today: chrono::NaiveDate) -> Result<i32, AppError> {
        match self
            .year
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => Ok(today.year()),
            Some(raw) => raw
                .parse::<i32>()
                .ok()
                .filter(|y| (2000..=2100).contains(y))
                .ok_or_else(|| AppError::invalid("year", msg!("money-year-out-of-range"))),
        }
    }
}

/// An amount as the page's language writes it, with its currency:
/// "299.000,00 DKK".
pub(crate) fn amount(tr: Tr, minor: Minor, currency: Currency) -> String {
    format!("{} {}", format_amount(minor, tr.code()), currency.as_str())
}

/// An amount or a dash.
pub(crate) fn maybe_amount(tr: Tr, minor: Option<Minor>, currency: Currency) -> String {
    minor.map_or_else(|| "–".to_owned(), |m| amount(tr, m, currency))
}

/// An amount as typed in a form field, without currency ("299.000,00").
pub(crate) fn typed_amount(tr: Tr, minor: Minor) -> String {
    format_amount(minor, tr.code())
}

/// Basis points as a percentage with one decimal in the page's language
/// ("87,7 %").
pub(crate) fn percent_bp(tr: Tr, bp: Option<u32>) -> String {
    match bp {
        None => "–".to_owned(),
        Some(bp) => {
            let tenths = (bp + 5) / 10;
            let mark = if tr.code() == "en" { "." } else { "," };
            format!("{}{mark}{} %", tenths / 10, tenths % 10)
        }
    }
}

/// A required amount field, its error collected.
pub(crate) fn amount_field(f: &Fields, field: &str, errors: &mut Vec<FieldError>) -> Option<Minor> {
    match parse_amount(field, &f.get(field)) {
        Ok(m) => Some(m),
        Err(rundt_domain::DomainError::Invalid(e)) => {
            errors.extend(e);
            None
        }
        Err(rundt_domain::DomainError::Conflict(m)) => {
            errors.push(FieldError::new(field, m));
            None
        }
    }
}

/// An optional amount field (empty: none).
pub(crate) fn optional_amount(
    f: &Fields,
    field: &str,
    errors: &mut Vec<FieldError>,
) -> Option<Minor> {
    if f.get(field).is_empty() {
        None
    } else {
        amount_field(f, field, errors)
    }
}

/// A whole number field within `range`, or the error `wrong`.
pub(crate) fn number_field<T: std::str::FromStr + PartialOrd + Copy>(
    f: &Fields,
    field: &str,
    range: std::ops::RangeInclusive<T>,
    errors: &mut Vec<FieldError>,
    wrong: rundt_domain::Message,
) -> Option<T> {
    match f.get(field).parse::<T>() {
        Ok(n) if range.contains(&n) => Some(n),
        _ => {
            errors.push(FieldError::new(field, wrong));
            None
        }
    }
}

/// A date field (`YYYY-MM-DD`), required or not.
pub(crate) fn date_field(
    f: &Fields,
    field: &str,
    required: bool,
    errors: &mut Vec<FieldError>,
) -> Option<chrono::NaiveDate> {
    let raw = f.get(field);
    if raw.is_empty() {
        if required {
            errors.push(FieldError::new(field, msg!("date-shape", given = "")));
        }
        return None;
    }
    super::form::date(&raw, field, errors, msg!("date-shape", given = &raw))
}

/// A field holding one of a coded enum's codes; a refusal is the code's
/// own message, under the form's field name.
pub(crate) fn coded_field<T>(f: &Fields, field: &str, errors: &mut Vec<FieldError>) -> Option<T>
where
    T: std::str::FromStr<Err = rundt_domain::DomainError>,
{
    match f.get(field).parse::<T>() {
        Ok(v) => Some(v),
        Err(rundt_domain::DomainError::Invalid(e)) => {
            errors.extend(e.into_iter().map(|e| FieldError::new(field, e.message)));
            None
        }
        Err(rundt_domain::DomainError::Conflict(m)) => {
            errors.push(FieldError::new(field, m));
            None
        }
    }
}

/// A currency field.
pub(crate) fn currency_field(f: &Fields, errors: &mut Vec<FieldError>) -> Option<Currency> {
    coded_field(f, "currency", errors)
}

/// The quarters of `year` as (period code, label in the page's language).
pub(crate) fn quarters(tr: Tr, year: i32) -> Vec<(String, String)> {
    (1..=4)
        .map(|q| {
            (
                format!("{year}-Q{q}"),
                tr.args(
                    "money_quarter",
                    &[
                        ("q", rundt_domain::Arg::from(q)),
                        ("year", rundt_domain::Arg::from(year)),
                    ],
                ),
            )
        })
        .collect()
}
