//! Who is on call now, and when the person on call may open the team's
//! families' crisis essentials: from their shift's start until one hour
//! after its end (to finish a call and write it down), never outside.
//!
//! The window is half-open: open at the shift's first instant, closed at
//! exactly one hour after its end. The access rules themselves, the audit
//! and the review live elsewhere; this only says when.

use chrono::{DateTime, Duration, Utc};

use crate::oncall::rota::Shift;

/// How long after a shift's end its person may still open the families'
/// crisis essentials.
pub const AFTER_SHIFT: Duration = Duration::hours(1);

/// From when until when (not included) the person on `shift` may open the
/// team's families' crisis essentials.
pub fn on_call_window(shift: &Shift) -> (DateTime<Utc>, DateTime<Utc>) {
    (shift.starts_at, shift.ends_at + AFTER_SHIFT)
}

/// Whether, at `now`, a person with these shifts may open the families'
/// crisis essentials as the person on call.
pub fn may_open_on_call(now: DateTime<Utc>, shifts_of_person: &[Shift]) -> bool {
    shifts_of_person.iter().any(|shift| {
        let (from, until) = on_call_window(shift);
        from <= now && now < until
    })
}

/// The shifts on at `now` (no hour after counted), in order of start.
pub fn on_call_now(now: DateTime<Utc>, shifts: &[Shift]) -> Vec<Shift> {
    let mut on: Vec<Shift> = shifts
        .iter()
        .filter(|s| s.span().contains(now))
        .copied()
        .collect();
    on.sort_by_key(|s| (s.starts_at, s.person));
    on
}

/// The next shift to begin after `now`, if any.
pub fn next_on_call(now: DateTime<Utc>, shifts: &[Shift]) -> Option<Shift> {
    shifts
        .iter()
        .filter(|s| s.starts_at > now)
        .min_by_key(|s| (s.starts_at, s.person))
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::country::Country;
    use crate::oncall::test_support::{ANNE, BO, shift, utc};

    /// Bo's night in Oslo, 16:00 to 08:00, winter time (UTC+1).
    fn night() -> Shift {
        shift(Country::NO, BO, "2026-12-07 16:00", "2026-12-08 08:00")
    }

    #[test]
    fn the_window_runs_from_the_shifts_start_to_an_hour_after_its_end() {
        assert_eq!(
            on_call_window(&night()),
            (utc("2026-12-07 15:00"), utc("2026-12-08 08:00"))
        );
    }

    #[test]
    fn the_person_on_call_may_open_at_the_start_and_at_two_in_the_night() {
        let shifts = [night()];
        assert!(may_open_on_call(utc("2026-12-07 15:00"), &shifts));
        assert!(may_open_on_call(utc("2026-12-08 01:00"), &shifts));
    }

    #[test]
    fn the_window_is_closed_before_the_start_and_exactly_an_hour_after_the_end() {
        let shifts = [night()];
        let one_second = Duration::seconds(1);
        assert!(!may_open_on_call(
            utc("2026-12-07 15:00") - one_second,
            &shifts
        ));
        // 08:59:59 local is still in; 09:00 local is out.
        assert!(may_open_on_call(
            utc("2026-12-08 08:00") - one_second,
            &shifts
        ));
        assert!(!may_open_on_call(utc("2026-12-08 08:00"), &shifts));
        // At 14:00 the next day the same therapist is refused.
        assert!(!may_open_on_call(utc("2026-12-08 13:00"), &shifts));
        assert!(!may_open_on_call(utc("2026-12-08 01:00"), &[]));
    }

    #[test]
    fn the_hour_after_a_shift_the_clocks_go_back_is_a_real_hour() {
        // 22:00 to 08:00 on 24-25 October 2026: 11 hours, then one more.
        let shifts = [shift(
            Country::DK,
            ANNE,
            "2026-10-24 22:00",
            "2026-10-25 08:00",
        )];
        let (from, until) = on_call_window(&shifts[0]);
        assert_eq!(until - from, Duration::hours(12));
        assert!(may_open_on_call(utc("2026-10-25 07:59"), &shifts));
        assert!(!may_open_on_call(utc("2026-10-25 08:00"), &shifts));
    }

    #[test]
    fn on_call_now_and_next_are_read_off_the_rota() {
        let rota = [
            night(),
            shift(Country::NO, ANNE, "2026-12-08 16:00", "2026-12-09 08:00"),
        ];
        let at_two = utc("2026-12-08 01:00");
        assert_eq!(on_call_now(at_two, &rota), [rota[0]]);
        assert_eq!(next_on_call(at_two, &rota), Some(rota[1]));
        // In office hours nobody is on call; Anne is next.
        let at_noon = utc("2026-12-08 11:00");
        assert!(on_call_now(at_noon, &rota).is_empty());
        assert_eq!(next_on_call(at_noon, &rota).map(|s| s.person), Some(ANNE));
    }
}
