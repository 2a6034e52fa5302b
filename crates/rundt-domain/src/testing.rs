//! Set-up the domain's unit tests share.

use chrono::NaiveDate;

/// The day written `YYYY-MM-DD`.
pub(crate) fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The municipality with this four-digit code.
pub(crate) fn code(s: &str) -> crate::municipality::MunicipalityCode {
    crate::municipality::MunicipalityCode::from_stored(s).unwrap()
}
