//! Around the clock: the on-call rota of a team (issue 13), as pure rules.
//!
//! The promise to families is that they reach the team 24 hours a day, all
//! year round. During office hours (see [`hours`]) the team is at work and
//! families reach their own therapist or whoever answers the team's phone;
//! every other hour must have someone on call. This module holds:
//!
//! - [`clock`]: wall-clock times of the team's country as instants, with
//!   the stated rule for the hour the clocks skip and the hour they repeat;
//! - [`hours`]: office hours and the hours the rota must cover;
//! - [`rota`]: a shift, its validation, the team's pattern and the default;
//! - [`coverage`]: gaps, overlaps, leave and the team's limits, and the
//!   rule for publishing a rota with a gap;
//! - [`swap`]: two people of the team trading shifts;
//! - [`window`]: when the person on call may open the families' crisis
//!   essentials;
//! - [`figures`]: hours on call per person and month, and the share of the
//!   hours outside office hours the rota covered.
//!
//! Time is always a parameter; nothing here reads the clock. The rules as
//! built are described in docs/ON-CALL.md.

pub mod clock;
pub mod coverage;
pub mod figures;
pub mod hours;
pub mod rota;
pub mod swap;
pub mod window;

pub use coverage::{CoverageReport, Finding, Gap, Leave, Limits, check_publish, review};
pub use hours::Span;
pub use rota::{
    OffDays, OnCallTeam, Pattern, Shift, ShiftSlot, WeekdayNights, is_on_call_position,
};
pub use swap::{Consent, Swap};
pub use window::{may_open_on_call, next_on_call, on_call_now, on_call_window};
#[cfg(test)]
pub(crate) mod test_support {
    //! Set-up the on-call tests share.

    use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};

    use crate::country::Country;
    use crate::id::UserId;
    use crate::oncall::rota::Shift;
    use crate::team::Position;

    use super::rota::OnCallTeam;

    pub(crate) const ANNE: UserId = UserId::new(1);
    pub(crate) const BO: UserId = UserId::new(2);
    pub(crate) const CARL: UserId = UserId::new(3);
    /// On the team's staff as its administrator: never on call.
    pub(crate) const DORTE: UserId = UserId::new(4);
    /// Not on the team at all.
    pub(crate) const OUTSIDER: UserId = UserId::new(99);

    /// A wall-clock time written `YYYY-MM-DD HH:MM`.
    pub(crate) fn local(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    /// An instant written in UTC, `YYYY-MM-DD HH:MM`.
    pub(crate) fn utc(s: &str) -> DateTime<Utc> {
        Utc.from_utc_datetime(&local(s))
    }

    /// A team in `country`: Anne the supervisor, Bo a therapist, Carl the
    /// crisis caseworker, Dorte the administrator.
    pub(crate) fn team(country: Country) -> OnCallTeam {
        OnCallTeam::new(
            country,
            [
                (ANNE, Position::Supervisor),
                (BO, Position::Therapist),
                (CARL, Position::CrisisCaseworker),
                (DORTE, Position::Administrator),
            ],
        )
    }

    /// A shift of `person` between two wall-clock times, known to be valid.
    pub(crate) fn shift(country: Country, person: UserId, from: &str, until: &str) -> Shift {
        team(country)
            .shift(person, local(from), local(until))
            .unwrap()
    }
}
