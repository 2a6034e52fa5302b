//! Shifts and the rota: who is on call, from when to when, and the
//! pattern a team's rota follows.
//!
//! A shift is written on the team's clock and kept as two instants (see
//! [`crate::oncall::clock`]): the night the clocks go back, 22:00 to 08:00
//! lasts 11 hours; the night they go forward, 9.
//!
//! The team's therapists, its supervisor and, in MST-CAN, its crisis
//! caseworker take shifts; the other posts (psychiatrist, milieu therapist,
//! administrator) do not.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::Serialize;

use crate::DomainError;
use crate::country::Country;
use crate::error::Validator;
use crate::id::UserId;
use crate::msg;
use crate::oncall::clock::{end_instant, start_instant};
use crate::oncall::hours::{OFFICE_CLOSES, OFFICE_OPENS, Span};
use crate::team::Position;
use crate::working_days::is_working_day;

/// The longest shift one person can be given: a week. The team's own,
/// usually shorter, limit of hours in a row is a warning (see
/// [`crate::oncall::coverage::Limits`]); this one is a refusal.
pub const MAX_SHIFT_HOURS: i64 = 7 * 24;

/// Whether a person in `position` takes on-call shifts.
pub fn is_on_call_position(position: Position) -> bool {
    matches!(
        position,
        Position::Supervisor | Position::Therapist | Position::CrisisCaseworker
    )
}

/// A team as the rota sees it: its country's clock and the people who may
/// be on call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnCallTeam {
    country: Country,
    people: BTreeSet<UserId>,
}

impl OnCallTeam {
    /// The team from its staff and their posts; only on-call posts count.
    pub fn new(country: Country, staff: impl IntoIterator<Item = (UserId, Position)>) -> Self {
        let people = staff
            .into_iter()
            .filter(|(_, position)| is_on_call_position(*position))
            .map(|(person, _)| person)
            .collect();
        Self { country, people }
    }

    pub fn country(&self) -> Country {
        self.country
    }

    /// Whether `person` may take the team's shifts.
    pub fn may_be_on_call(&self, person: UserId) -> bool {
        self.people.contains(&person)
    }

    /// The people who may be on call, in a stable order.
    pub fn people(&self) -> impl Iterator<Item = UserId> + '_ {
        self.people.iter().copied()
    }

    /// A shift of `person` from `starts` to `ends` on the team's clock,
    /// when the person may be on call and the shift lasts more than no
    /// time and at most [`MAX_SHIFT_HOURS`].
    pub fn shift(
        &self,
        person: UserId,
        starts: NaiveDateTime,
        ends: NaiveDateTime,
    ) -> Result<Shift, DomainError> {
        let starts_at = start_instant(self.country, starts);
        let ends_at = end_instant(self.country, ends);
        let mut v = Validator::new();
        v.check(
            self.may_be_on_call(person),
            "person",
            msg!("oncall-person-not-on-team"),
        );
        v.check(
            ends_at > starts_at,
            "ends",
            msg!("oncall-shift-ends-before-start"),
        );
        v.check(
            ends_at - starts_at <= Duration::hours(MAX_SHIFT_HOURS),
            "ends",
            msg!("oncall-shift-too-long", hours = MAX_SHIFT_HOURS),
        );
        v.finish()?;
        Ok(Shift {
            person,
            starts_at,
            ends_at,
        })
    }
}

/// One person on call from one instant up to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Shift {
    pub person: UserId,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

impl Shift {
    /// The time it covers.
    pub fn span(&self) -> Span {
        Span::new(self.starts_at, self.ends_at)
    }

    /// Its true length, clock changes included.
    pub fn length(&self) -> Duration {
        self.ends_at - self.starts_at
    }

    /// The same shift with someone else on call.
    pub fn handed_to(self, person: UserId) -> Self {
        Self { person, ..self }
    }
}

/// How a team splits the nights after its working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum WeekdayNights {
    /// One shift from 16:00 to 08:00.
    Whole,
    /// An evening shift from 16:00 to the hour given, and a night shift
    /// from then to 08:00.
    Split { at: NaiveTime },
}

impl WeekdayNights {
    /// Evenings end and nights begin at `hour` (17 to 23).
    pub fn split_at(hour: u32) -> Result<Self, DomainError> {
        NaiveTime::from_hms_opt(hour, 0, 0)
            .filter(|_| (17..=23).contains(&hour))
            .map(|at| Self::Split { at })
            .ok_or_else(|| {
                DomainError::invalid("split_at", msg!("oncall-split-hour", min = 17, max = 23))
            })
    }
}

/// How a team covers its weekends and public holidays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum OffDays {
    /// A shift per day, 08:00 to 08:00 the next morning.
    Daily,
    /// One shift from the last working day's 16:00 to the next working
    /// day's 08:00 (Friday afternoon to Monday morning).
    Whole,
}

/// The pattern of a team's rota. The default, offered to every team: each
/// weekday night one shift (16:00 to 08:00), each weekend day and public
/// holiday one shift (08:00 to 08:00). It splits the hours outside office
/// hours at every 08:00, so each day has exactly one shift to fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Pattern {
    pub weekday_nights: WeekdayNights,
    pub off_days: OffDays,
}

impl Default for Pattern {
    fn default() -> Self {
        Self {
            weekday_nights: WeekdayNights::Whole,
            off_days: OffDays::Daily,
        }
    }
}

/// A shift the pattern asks for, on the team's clock, nobody on it yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ShiftSlot {
    pub starts: NaiveDateTime,
    pub ends: NaiveDateTime,
}

impl Pattern {
    /// The shifts covering every hour outside office hours from 08:00 on
    /// `first` to at least 08:00 on the day after `last` (a whole weekend
    /// shift that `last` begins runs to its end).
    pub fn slots(&self, country: Country, first: NaiveDate, last: NaiveDate) -> Vec<ShiftSlot> {
        let slot = |from: NaiveDate, at: NaiveTime, to: NaiveDate, until: NaiveTime| ShiftSlot {
            starts: from.and_time(at),
            ends: to.and_time(until),
        };
        let next_working_day = |day: NaiveDate| {
            day.iter_days()
                .skip(1)
                .take(14)
                .find(|d| is_working_day(country, *d))
        };
        let mut slots = Vec::new();
        let mut day = first;
        while day <= last {
            let Some(tomorrow) = day.succ_opt() else {
                break;
            };
            let working = is_working_day(country, day);
            let whole_block =
                self.off_days == OffDays::Whole && !(working && is_working_day(country, tomorrow));
            if whole_block {
                let Some(back) = next_working_day(day) else {
                    break;
                };
                let from = if working { OFFICE_CLOSES } else { OFFICE_OPENS };
                slots.push(slot(day, from, back, OFFICE_OPENS));
                day = back;
                continue;
            }
            match (working, self.weekday_nights) {
                (false, _) => slots.push(slot(day, OFFICE_OPENS, tomorrow, OFFICE_OPENS)),
                (true, WeekdayNights::Whole) => {
                    slots.push(slot(day, OFFICE_CLOSES, tomorrow, OFFICE_OPENS));
                }
                (true, WeekdayNights::Split { at }) => {
                    slots.push(slot(day, OFFICE_CLOSES, day, at));
                    slots.push(slot(day, at, tomorrow, OFFICE_OPENS));
                }
            }
            day = tomorrow;
        }
        slots
    }
}

/// The slots filled in turn by `people`, in the order given (the rota a
/// supervisor starts from and then edits).
pub fn assign_in_turn(
    team: &OnCallTeam,
    slots: &[ShiftSlot],
    people: &[UserId],
) -> Result<Vec<Shift>, DomainError> {
    if people.is_empty() {
        return Err(DomainError::invalid(
            "people",
            msg!("oncall-nobody-to-assign"),
        ));
    }
    slots
        .iter()
        .zip(people.iter().cycle())
        .map(|(slot, person)| team.shift(*person, slot.starts, slot.ends))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oncall::test_support::{ANNE, BO, CARL, DORTE, OUTSIDER, local, team, utc};
    use crate::testing::day;

    fn codes(err: DomainError) -> Vec<&'static str> {
        match err {
            DomainError::Invalid(errors) => errors.iter().map(|e| e.message.code).collect(),
            DomainError::Conflict(m) => vec![m.code],
        }
    }

    #[test]
    fn a_night_shift_the_clocks_go_back_lasts_eleven_hours() {
        for country in Country::ALL {
            let night = team(country)
                .shift(BO, local("2026-10-24 22:00"), local("2026-10-25 08:00"))
                .unwrap();
            assert_eq!(night.length(), Duration::hours(11), "{country}");
            assert_eq!(night.starts_at, utc("2026-10-24 20:00"));
            assert_eq!(night.ends_at, utc("2026-10-25 07:00"));
        }
    }

    #[test]
    fn a_night_shift_the_clocks_go_forward_lasts_nine_hours() {
        for country in Country::ALL {
            let night = team(country)
                .shift(ANNE, local("2026-03-28 22:00"), local("2026-03-29 08:00"))
                .unwrap();
            assert_eq!(night.length(), Duration::hours(9), "{country}");
        }
    }

    #[test]
    fn a_shift_must_end_after_it_starts() {
        let team = team(Country::DK);
        let backwards = team.shift(BO, local("2026-12-07 08:00"), local("2026-12-06 16:00"));
        assert_eq!(
            codes(backwards.unwrap_err()),
            ["oncall-shift-ends-before-start"]
        );
        let empty = team.shift(BO, local("2026-12-07 08:00"), local("2026-12-07 08:00"));
        assert_eq!(
            codes(empty.unwrap_err()),
            ["oncall-shift-ends-before-start"]
        );
        // Within the hour the clocks skip, both ends are the jump itself.
        let skipped = team.shift(BO, local("2026-03-29 02:10"), local("2026-03-29 02:50"));
        assert_eq!(
            codes(skipped.unwrap_err()),
            ["oncall-shift-ends-before-start"]
        );
    }

    #[test]
    fn a_shift_lasts_at_most_a_week() {
        let team = team(Country::NO);
        let week = team.shift(CARL, local("2026-12-07 16:00"), local("2026-12-14 16:00"));
        assert_eq!(week.unwrap().length(), Duration::hours(MAX_SHIFT_HOURS));
        let longer = team.shift(CARL, local("2026-12-07 16:00"), local("2026-12-14 16:01"));
        assert_eq!(codes(longer.unwrap_err()), ["oncall-shift-too-long"]);
    }

    #[test]
    fn only_the_teams_therapists_supervisor_and_crisis_caseworker_are_on_call() {
        let team = team(Country::DK);
        for person in [ANNE, BO, CARL] {
            assert!(team.may_be_on_call(person));
        }
        for person in [DORTE, OUTSIDER] {
            let refused = team.shift(person, local("2026-12-07 16:00"), local("2026-12-08 08:00"));
            assert_eq!(codes(refused.unwrap_err()), ["oncall-person-not-on-team"]);
        }
        assert!(!is_on_call_position(Position::Psychiatrist));
        assert!(!is_on_call_position(Position::MilieuTherapist));
    }

    #[test]
    fn every_problem_of_a_shift_is_reported_at_once() {
        let refused = team(Country::DK)
            .shift(
                OUTSIDER,
                local("2026-12-08 08:00"),
                local("2026-12-07 16:00"),
            )
            .unwrap_err();
        assert_eq!(
            codes(refused),
            [
                "oncall-person-not-on-team",
                "oncall-shift-ends-before-start"
            ]
        );
    }

    fn written(slots: &[ShiftSlot]) -> Vec<String> {
        slots
            .iter()
            .map(|s| {
                format!(
                    "{} - {}",
                    s.starts.format("%a %d %H:%M"),
                    s.ends.format("%a %d %H:%M")
                )
            })
            .collect()
    }

    #[test]
    fn the_default_pattern_has_one_shift_a_day_split_at_eight_in_the_morning() {
        // Thursday 3 to Monday 7 December 2026.
        let slots = Pattern::default().slots(Country::DK, day("2026-12-03"), day("2026-12-07"));
        assert_eq!(
            written(&slots),
            [
                "Thu 03 16:00 - Fri 04 08:00",
                "Fri 04 16:00 - Sat 05 08:00",
                "Sat 05 08:00 - Sun 06 08:00",
                "Sun 06 08:00 - Mon 07 08:00",
                "Mon 07 16:00 - Tue 08 08:00",
            ]
        );
    }

    #[test]
    fn a_team_may_split_evenings_from_nights_and_keep_a_weekend_whole() {
        let pattern = Pattern {
            weekday_nights: WeekdayNights::split_at(22).unwrap(),
            off_days: OffDays::Whole,
        };
        let slots = pattern.slots(Country::NO, day("2026-12-03"), day("2026-12-07"));
        assert_eq!(
            written(&slots),
            [
                "Thu 03 16:00 - Thu 03 22:00",
                "Thu 03 22:00 - Fri 04 08:00",
                "Fri 04 16:00 - Mon 07 08:00",
                "Mon 07 16:00 - Mon 07 22:00",
                "Mon 07 22:00 - Tue 08 08:00",
            ]
        );
        assert!(WeekdayNights::split_at(16).is_err());
        assert!(WeekdayNights::split_at(24).is_err());
    }

    #[test]
    fn a_whole_easter_runs_from_wednesday_afternoon_to_tuesday_morning() {
        let pattern = Pattern {
            weekday_nights: WeekdayNights::Whole,
            off_days: OffDays::Whole,
        };
        for country in Country::ALL {
            let slots = pattern.slots(country, day("2026-04-01"), day("2026-04-06"));
            assert_eq!(
                written(&slots),
                ["Wed 01 16:00 - Tue 07 08:00"],
                "{country}"
            );
        }
    }

    #[test]
    fn the_default_pattern_skips_store_bededag_only_before_2024() {
        // Store Bededag 2023 (Friday 5 May) was a holiday; 2026's (1 May) is
        // an ordinary working day in Denmark and Labour Day in Norway.
        let dk_2023 = Pattern::default().slots(Country::DK, day("2023-05-05"), day("2023-05-05"));
        assert_eq!(written(&dk_2023), ["Fri 05 08:00 - Sat 06 08:00"]);
        let dk_2026 = Pattern::default().slots(Country::DK, day("2026-05-01"), day("2026-05-01"));
        assert_eq!(written(&dk_2026), ["Fri 01 16:00 - Sat 02 08:00"]);
        let no_2026 = Pattern::default().slots(Country::NO, day("2026-05-01"), day("2026-05-01"));
        assert_eq!(written(&no_2026), ["Fri 01 08:00 - Sat 02 08:00"]);
    }

    #[test]
    fn slots_are_filled_in_turn_by_the_people_chosen() {
        let team = team(Country::DK);
        let slots = Pattern::default().slots(Country::DK, day("2026-12-03"), day("2026-12-07"));
        let shifts = assign_in_turn(&team, &slots, &[BO, ANNE]).unwrap();
        let people: Vec<UserId> = shifts.iter().map(|s| s.person).collect();
        assert_eq!(people, [BO, ANNE, BO, ANNE, BO]);
        assert_eq!(shifts[2].length(), Duration::hours(24));
        assert_eq!(
            codes(assign_in_turn(&team, &slots, &[]).unwrap_err()),
            ["oncall-nobody-to-assign"]
        );
        assert_eq!(
            codes(assign_in_turn(&team, &slots, &[BO, DORTE]).unwrap_err()),
            ["oncall-person-not-on-team"]
        );
    }
}
