//! Swaps: two people of the team trade shifts, or one takes over the
//! other's, with both agreeing, before the shifts begin.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::DomainError;
use crate::error::Validator;
use crate::id::UserId;
use crate::msg;
use crate::oncall::rota::{OnCallTeam, Shift};

/// Who has said yes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Consent {
    /// The person who has the shift now.
    pub holder: bool,
    /// The person who takes it.
    pub taker: bool,
}

/// `taker` takes `given` over from the person on it, and gives
/// `in_return` (one of the taker's own shifts) back, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Swap {
    pub given: Shift,
    pub taker: UserId,
    pub in_return: Option<Shift>,
}

impl Swap {
    /// The shifts as they are after the swap, when the rules allow it at
    /// `now`: both people of the team and not the same person, the shift
    /// given back the taker's own, no shift begun, and both agreeing.
    pub fn apply(
        &self,
        team: &OnCallTeam,
        now: DateTime<Utc>,
        consent: Consent,
    ) -> Result<Vec<Shift>, DomainError> {
        let holder = self.given.person;
        let mut v = Validator::new();
        v.check(
            self.taker != holder,
            "taker",
            msg!("oncall-swap-same-person"),
        );
        v.check(
            team.may_be_on_call(self.taker) && team.may_be_on_call(holder),
            "taker",
            msg!("oncall-swap-not-on-team"),
        );
        let begun = std::iter::once(&self.given)
            .chain(self.in_return.as_ref())
            .any(|s| s.starts_at <= now);
        v.check(!begun, "shift", msg!("oncall-swap-shift-begun"));
        if let Some(back) = &self.in_return {
            v.check(
                back.person == self.taker,
                "in_return",
                msg!("oncall-swap-return-not-theirs"),
            );
        }
        v.check(
            consent.holder && consent.taker,
            "consent",
            msg!("oncall-swap-not-agreed"),
        );
        v.finish()?;
        let mut after = vec![self.given.handed_to(self.taker)];
        after.extend(self.in_return.map(|s| s.handed_to(holder)));
        Ok(after)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::country::Country;
    use crate::oncall::test_support::{ANNE, BO, CARL, DORTE, OUTSIDER, shift, team, utc};

    const BOTH: Consent = Consent {
        holder: true,
        taker: true,
    };

    fn codes(err: DomainError) -> Vec<&'static str> {
        match err {
            DomainError::Invalid(errors) => errors.iter().map(|e| e.message.code).collect(),
            DomainError::Conflict(m) => vec![m.code],
        }
    }

    /// Bo's Saturday and Anne's Sunday in December 2026, seen on the Friday.
    fn weekend() -> (Shift, Shift, DateTime<Utc>) {
        (
            shift(Country::DK, BO, "2026-12-12 08:00", "2026-12-13 08:00"),
            shift(Country::DK, ANNE, "2026-12-13 08:00", "2026-12-14 08:00"),
            utc("2026-12-11 12:00"),
        )
    }

    #[test]
    fn two_people_of_the_team_trade_shifts_when_both_agree() {
        let (saturday, sunday, friday) = weekend();
        let swap = Swap {
            given: saturday,
            taker: ANNE,
            in_return: Some(sunday),
        };
        let after = swap.apply(&team(Country::DK), friday, BOTH).unwrap();
        assert_eq!(after, [saturday.handed_to(ANNE), sunday.handed_to(BO)]);
        assert_eq!(after[0].span(), saturday.span());
    }

    #[test]
    fn a_shift_may_be_taken_over_with_nothing_in_return() {
        let (saturday, _, friday) = weekend();
        let swap = Swap {
            given: saturday,
            taker: CARL,
            in_return: None,
        };
        assert_eq!(
            swap.apply(&team(Country::DK), friday, BOTH).unwrap(),
            [saturday.handed_to(CARL)]
        );
    }

    #[test]
    fn a_swap_needs_both_to_agree() {
        let (saturday, sunday, friday) = weekend();
        let swap = Swap {
            given: saturday,
            taker: ANNE,
            in_return: Some(sunday),
        };
        for consent in [
            Consent::default(),
            Consent {
                holder: true,
                taker: false,
            },
            Consent {
                holder: false,
                taker: true,
            },
        ] {
            assert_eq!(
                codes(swap.apply(&team(Country::DK), friday, consent).unwrap_err()),
                ["oncall-swap-not-agreed"]
            );
        }
    }

    #[test]
    fn a_swap_with_someone_outside_the_team_is_refused() {
        let (saturday, _, friday) = weekend();
        for taker in [OUTSIDER, DORTE] {
            let swap = Swap {
                given: saturday,
                taker,
                in_return: None,
            };
            assert_eq!(
                codes(swap.apply(&team(Country::DK), friday, BOTH).unwrap_err()),
                ["oncall-swap-not-on-team"]
            );
        }
    }

    #[test]
    fn nobody_swaps_with_themselves() {
        let (saturday, _, friday) = weekend();
        let swap = Swap {
            given: saturday,
            taker: BO,
            in_return: None,
        };
        assert_eq!(
            codes(swap.apply(&team(Country::DK), friday, BOTH).unwrap_err()),
            ["oncall-swap-same-person"]
        );
    }

    #[test]
    fn a_shift_already_begun_cannot_be_swapped() {
        let (saturday, sunday, _) = weekend();
        let swap = Swap {
            given: saturday,
            taker: ANNE,
            in_return: Some(sunday),
        };
        // Saturday 08:00 in Copenhagen is 07:00 UTC: the moment it begins.
        for now in [utc("2026-12-12 07:00"), utc("2026-12-13 07:30")] {
            assert_eq!(
                codes(swap.apply(&team(Country::DK), now, BOTH).unwrap_err()),
                ["oncall-swap-shift-begun"]
            );
        }
        assert!(
            swap.apply(&team(Country::DK), utc("2026-12-12 06:59"), BOTH)
                .is_ok()
        );
        // Nor can a shift given back once it has begun.
        let late = Swap {
            given: sunday,
            taker: BO,
            in_return: Some(saturday),
        };
        assert_eq!(
            codes(
                late.apply(&team(Country::DK), utc("2026-12-12 10:00"), BOTH)
                    .unwrap_err()
            ),
            ["oncall-swap-shift-begun"]
        );
    }

    #[test]
    fn the_shift_given_back_must_be_the_takers_own() {
        let (saturday, sunday, friday) = weekend();
        let swap = Swap {
            given: saturday,
            taker: CARL,
            in_return: Some(sunday),
        };
        assert_eq!(
            codes(swap.apply(&team(Country::DK), friday, BOTH).unwrap_err()),
            ["oncall-swap-return-not-theirs"]
        );
    }
}
