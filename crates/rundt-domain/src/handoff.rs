//! The hand-off of a referral from the municipality to the team, so that
//! none is lost between them: the caseworker gets a receipt when the
//! referral is received; the team acknowledges it within
//! [`ACKNOWLEDGE_WITHIN_WORKING_DAYS`] working days of the country (weekends
//! and public holidays do not count, see [`crate::working_days`]); a
//! referral still unacknowledged after that day is overdue, and both the
//! team's supervisor and the referring caseworker see it. Until the team
//! decides, the caseworker may add information or withdraw the referral.
//!
//! Everything here is computed from the time the referral was received and
//! the time now; nothing runs in the background.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::DomainError;
use crate::country::Country;
use crate::error::clean_text;
use crate::lifecycle::CaseStatus;
use crate::working_days::add_working_days;

/// How many working days the team has to acknowledge a referral, counted
/// from the day after it was received on the country's clock.
pub const ACKNOWLEDGE_WITHIN_WORKING_DAYS: u32 = 3;

/// The longest reason for a withdrawal, in characters.
pub const WITHDRAWAL_REASON_MAX_CHARS: usize = 2000;

/// The longest piece of information added to a referral, in characters.
pub const ADDED_INFORMATION_MAX_CHARS: usize = 5000;

/// The last day the team may acknowledge a referral received at
/// `received_at`: the [`ACKNOWLEDGE_WITHIN_WORKING_DAYS`]th working day
/// after the day it arrived in `country`.
pub fn acknowledge_by(country: Country, received_at: DateTime<Utc>) -> NaiveDate {
    add_working_days(
        country,
        country.local_date(received_at),
        ACKNOWLEDGE_WITHIN_WORKING_DAYS,
    )
}

/// A referral waiting for the team to acknowledge it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Awaiting {
    /// The last day to acknowledge it (the country's calendar).
    pub acknowledge_by: NaiveDate,
    /// That day has passed on the country's clock.
    pub overdue: bool,
}

/// Whether a case awaits acknowledgement at `now`: a referral the team has
/// not decided on nor acknowledged. `None` once it is acknowledged,
/// decided or withdrawn.
pub fn awaiting(
    country: Country,
    status: CaseStatus,
    received_at: DateTime<Utc>,
    acknowledged: bool,
    now: DateTime<Utc>,
) -> Option<Awaiting> {
    if status != CaseStatus::Referred || acknowledged {
        return None;
    }
    let by = acknowledge_by(country, received_at);
    Some(Awaiting {
        acknowledge_by: by,
        overdue: country.local_date(now) > by,
    })
}

/// Why the caseworker withdraws a referral: required, one or more lines.
pub fn check_withdrawal_reason(reason: &str) -> Result<String, DomainError> {
    clean_text("reason", reason, WITHDRAWAL_REASON_MAX_CHARS)
}

/// Information the caseworker adds to a referral: required, one or more
/// lines.
pub fn check_added_information(text: &str) -> Result<String, DomainError> {
    clean_text("text", text, ADDED_INFORMATION_MAX_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    /// Wednesday 25 November 2026, 13:00 in Copenhagen.
    fn wednesday_noon() -> DateTime<Utc> {
        at(2026, 11, 25, 12, 0)
    }

    #[test]
    fn a_referral_is_due_three_working_days_after_it_arrives() {
        assert_eq!(
            acknowledge_by(Country::DK, wednesday_noon()).to_string(),
            "2026-11-30"
        );
        // 00:30 on Thursday in Oslo is still Wednesday in UTC: the local
        // day counts.
        let after_midnight = at(2026, 11, 25, 23, 30);
        assert_eq!(
            acknowledge_by(Country::NO, after_midnight).to_string(),
            "2026-12-01"
        );
    }

    #[test]
    fn a_referral_on_maundy_thursday_is_due_after_easter_monday() {
        let maundy_thursday = at(2026, 4, 2, 9, 0);
        assert_eq!(
            acknowledge_by(Country::DK, maundy_thursday).to_string(),
            "2026-04-09"
        );
    }

    #[test]
    fn a_referral_not_acknowledged_in_three_working_days_is_overdue() {
        let received = wednesday_noon();
        let referred = CaseStatus::Referred;
        // Monday 30 November, 23:59 in Copenhagen: the last day, not over.
        let last_minute = at(2026, 11, 30, 22, 59);
        assert_eq!(
            awaiting(Country::DK, referred, received, false, last_minute),
            Some(Awaiting {
                acknowledge_by: last_minute.date_naive(),
                overdue: false
            })
        );
        // Tuesday 1 December, 00:00 in Copenhagen (23:00 UTC on Monday).
        let next_day = at(2026, 11, 30, 23, 0);
        assert!(
            awaiting(Country::DK, referred, received, false, next_day).is_some_and(|a| a.overdue)
        );
    }

    #[test]
    fn an_acknowledged_decided_or_withdrawn_referral_awaits_nothing() {
        let (received, late) = (wednesday_noon(), at(2027, 1, 4, 12, 0));
        assert_eq!(
            awaiting(Country::NO, CaseStatus::Referred, received, true, late),
            None
        );
        for status in [
            CaseStatus::Waiting,
            CaseStatus::Declined,
            CaseStatus::Withdrawn,
        ] {
            assert_eq!(awaiting(Country::NO, status, received, false, late), None);
        }
    }

    #[test]
    fn a_withdrawal_needs_a_reason_and_added_information_a_text() {
        assert!(check_withdrawal_reason("  ").is_err());
        assert_eq!(
            check_withdrawal_reason(" The family moved to Odense \r\n").unwrap(),
            "The family moved to Odense"
        );
        assert!(check_added_information("").is_err());
        assert!(check_added_information(&"x".repeat(5001)).is_err());
        assert!(check_added_information("The school reports 12 days of absence.").is_ok());
    }
}
