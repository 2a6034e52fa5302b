//! Method boosters: the quarterly half-days on a topic of the model.
//! Checking a booster to plan or record as held, and counting the team's
//! and each person's boosters over the last twelve months against four a
//! year (fewer for a team or person there for less of the year).

use chrono::{Duration, NaiveDate};

use crate::error::{DomainError, Validator, clean_name};
use crate::id::UserId;
use crate::msg;

use super::types::{Booster, HoldBooster, MemberSpan, NewBooster, PersonBoosters, TeamBoosters};

/// Boosters a year the model asks for.
pub const BOOSTERS_PER_YEAR: u32 = 4;
/// Days of presence that ask for one booster: a quarter of the year.
const DAYS_PER_BOOSTER: i64 = 91;
/// Boosters are counted over this many days, today included.
const WINDOW_DAYS: i64 = 365;
/// A booster may be planned at most this many days ahead.
const PLAN_AHEAD_DAYS: i64 = 730;
/// The longest topic or trainer name accepted.
const NAME_MAX: usize = 200;

impl NewBooster {
    /// The booster cleaned (topic and trainer trimmed), or every problem at
    /// once: a topic and a trainer; a day planned at most two years ahead;
    /// if already held, a day not after today and its attendees, each a
    /// member once; if not held, no attendees yet.
    pub fn validate(
        &self,
        today: NaiveDate,
        members: &[UserId],
    ) -> Result<NewBooster, DomainError> {
        let mut v = Validator::new();
        let topic = name(&mut v, "topic", &self.topic, msg!("booster-topic-missing"));
        let trainer = name(
            &mut v,
            "trainer",
            &self.trainer,
            msg!("booster-trainer-missing"),
        );
        v.check(
            self.planned_on <= today + Duration::days(PLAN_AHEAD_DAYS),
            "planned_on",
            msg!("booster-planned-too-far"),
        );
        match self.held_on {
            Some(held_on) => check_held(&mut v, held_on, &self.attendees, today, members),
            None => v.check(
                self.attendees.is_empty(),
                "attendees",
                msg!("booster-attendees-before-held"),
            ),
        }
        v.finish()?;
        Ok(NewBooster {
            planned_on: self.planned_on,
            topic: topic.unwrap_or_default(),
            trainer: trainer.unwrap_or_default(),
            held_on: self.held_on,
            attendees: self.attendees.clone(),
        })
    }
}

impl HoldBooster {
    /// Checks recording `booster` as held: not held already (a conflict),
    /// on a day not after today, with its attendees, each a member once.
    pub fn validate(
        &self,
        booster: &Booster,
        today: NaiveDate,
        members: &[UserId],
    ) -> Result<(), DomainError> {
        if booster.held_on.is_some() {
            return Err(DomainError::Conflict(msg!("booster-already-held")));
        }
        let mut v = Validator::new();
        check_held(&mut v, self.held_on, &self.attendees, today, members);
        v.finish()
    }
}

/// A required name: `missing` when empty, otherwise as [`clean_name`].
fn name(
    v: &mut Validator,
    field: &str,
    value: &str,
    missing: crate::message::Message,
) -> Option<String> {
    if value.trim().is_empty() {
        v.check(false, field, missing);
        return None;
    }
    v.take(clean_name(field, value, NAME_MAX))
}

/// The rules of a held booster: held by today, with attendees who are
/// members, each once.
fn check_held(
    v: &mut Validator,
    held_on: NaiveDate,
    attendees: &[UserId],
    today: NaiveDate,
    members: &[UserId],
) {
    v.check(held_on <= today, "held_on", msg!("booster-held-in-future"));
    v.check(
        !attendees.is_empty(),
        "attendees",
        msg!("booster-attendees-missing"),
    );
    for (i, user) in attendees.iter().enumerate() {
        let field = format!("attendees[{i}]");
        v.check(
            members.contains(user),
            &field,
            msg!("attendance-not-member"),
        );
        v.check(
            !attendees[..i].contains(user),
            &field,
            msg!("attendance-twice"),
        );
    }
}

/// The first day of the twelve months ending `today`.
fn window_start(today: NaiveDate) -> NaiveDate {
    today - Duration::days(WINDOW_DAYS - 1)
}

/// Whether a booster was held in the twelve months ending `today`.
fn held_in_window(b: &Booster, today: NaiveDate) -> bool {
    b.held_on
        .is_some_and(|h| (window_start(today)..=today).contains(&h))
}

/// Boosters asked for by `days` of presence in the window: one a quarter
/// (91 days), at most four.
fn expected(days: i64) -> u32 {
    u32::try_from(days.max(0) / DAYS_PER_BOOSTER)
        .unwrap_or(BOOSTERS_PER_YEAR)
        .min(BOOSTERS_PER_YEAR)
}

/// Days from `from` to `to`, both included; 0 when `to` is before `from`.
fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    ((to - from).num_days() + 1).max(0)
}

/// The team's boosters over the twelve months ending `today`: how many
/// were held, how many its time in the window asks for, and how many are
/// planned from today on.
pub fn team_boosters(
    team_started_on: NaiveDate,
    boosters: &[Booster],
    today: NaiveDate,
) -> TeamBoosters {
    let held = count(boosters.iter().filter(|b| held_in_window(b, today)));
    let days = days_between(team_started_on.max(window_start(today)), today);
    let expected = expected(days);
    let planned_ahead = count(
        boosters
            .iter()
            .filter(|b| b.held_on.is_none() && b.planned_on >= today),
    );
    TeamBoosters {
        held,
        expected,
        planned_ahead,
        flagged: held < expected,
    }
}

/// One person's boosters over the twelve months ending `today`: those
/// held that list them, against what their days in the team (by `span`)
/// in the window ask for.
pub fn person_boosters(
    span: &MemberSpan,
    boosters: &[Booster],
    today: NaiveDate,
) -> PersonBoosters {
    let attended = count(
        boosters
            .iter()
            .filter(|b| held_in_window(b, today) && b.attendees.contains(&span.user_id)),
    );
    let last = span.until.map_or(today, |u| u.min(today));
    let days = days_between(span.since.max(window_start(today)), last);
    let expected = expected(days);
    PersonBoosters {
        user_id: span.user_id,
        attended,
        expected,
        flagged: attended < expected,
    }
}

fn count<'a>(boosters: impl Iterator<Item = &'a Booster>) -> u32 {
    u32::try_from(boosters.count()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::TeamId;
    use crate::team::Position;
    use crate::testing::day;

    const ANNA: UserId = UserId::new(7);
    const BO: UserId = UserId::new(8);
    /// The twelve months run 2025-11-26 to 2026-11-25.
    const TODAY: &str = "2026-11-25";

    fn held(id: i64, on: &str, attendees: &[UserId]) -> Booster {
        Booster {
            id,
            team_id: TeamId::new(1),
            planned_on: day(on),
            held_on: Some(day(on)),
            topic: "The do-loop".into(),
            trainer: "Eva".into(),
            attendees: attendees.to_vec(),
            version: 1,
        }
    }

    fn planned(id: i64, on: &str) -> Booster {
        Booster {
            held_on: None,
            attendees: Vec::new(),
            ..held(id, on, &[])
        }
    }

    fn span(since: &str, until: Option<&str>) -> MemberSpan {
        MemberSpan {
            user_id: ANNA,
            position: Position::Therapist,
            since: day(since),
            until: until.map(day),
        }
    }

    fn year_of_boosters() -> Vec<Booster> {
        vec![
            held(1, "2025-11-25", &[ANNA, BO]),
            held(2, "2025-11-26", &[ANNA, BO]),
            held(3, "2026-03-10", &[BO]),
            held(4, "2026-06-02", &[ANNA, BO]),
            held(5, "2026-09-15", &[ANNA, BO]),
            planned(6, "2026-11-24"),
            planned(7, "2026-11-25"),
            planned(8, "2027-02-20"),
        ]
    }

    #[test]
    fn a_team_with_four_boosters_in_the_year_is_not_flagged() {
        let t = team_boosters(day("2020-01-01"), &year_of_boosters(), day(TODAY));
        assert_eq!(
            t,
            TeamBoosters {
                held: 4,
                expected: 4,
                planned_ahead: 2,
                flagged: false,
            }
        );
    }

    #[test]
    fn a_booster_a_day_before_the_twelve_months_does_not_count() {
        let mut boosters = year_of_boosters();
        boosters.retain(|b| b.id != 2);
        let t = team_boosters(day("2020-01-01"), &boosters, day(TODAY));
        assert_eq!((t.held, t.expected, t.flagged), (3, 4, true));
    }

    #[test]
    fn a_planned_booster_from_today_on_is_planned_ahead() {
        let t = team_boosters(
            day("2020-01-01"),
            &[planned(1, "2026-11-24"), planned(2, "2026-11-25")],
            day(TODAY),
        );
        assert_eq!((t.held, t.planned_ahead), (0, 1));
    }

    #[test]
    fn a_new_team_expects_one_booster_a_quarter() {
        let expected = |started: &str| team_boosters(day(started), &[], day(TODAY)).expected;
        // 91 days with today: one quarter; 90: none yet.
        assert_eq!(expected("2026-08-27"), 1);
        assert_eq!(expected("2026-08-28"), 0);
        // 182 days: two; 181: one.
        assert_eq!(expected("2026-05-28"), 2);
        assert_eq!(expected("2026-05-29"), 1);
        assert_eq!(expected("2026-12-01"), 0, "not started yet");
        let t = team_boosters(day("2026-08-27"), &[], day(TODAY));
        assert!(t.flagged);
    }

    #[test]
    fn a_therapist_at_three_boosters_in_the_year_is_flagged() {
        let p = person_boosters(&span("2020-01-01", None), &year_of_boosters(), day(TODAY));
        assert_eq!(
            p,
            PersonBoosters {
                user_id: ANNA,
                attended: 3,
                expected: 4,
                flagged: true,
            }
        );
        let bo = MemberSpan {
            user_id: BO,
            ..span("2020-01-01", None)
        };
        let p = person_boosters(&bo, &year_of_boosters(), day(TODAY));
        assert_eq!((p.attended, p.expected, p.flagged), (4, 4, false));
    }

    #[test]
    fn a_person_who_joined_100_days_ago_expects_one_booster() {
        let p = person_boosters(&span("2026-08-17", None), &[], day(TODAY));
        assert_eq!((p.attended, p.expected, p.flagged), (0, 1, true));
        let p = person_boosters(
            &span("2026-08-17", None),
            &[held(1, "2026-09-15", &[ANNA])],
            day(TODAY),
        );
        assert_eq!((p.attended, p.expected, p.flagged), (1, 1, false));
    }

    #[test]
    fn a_person_who_left_is_expected_boosters_for_their_days_in_the_year() {
        // 2025-11-26 to 2026-02-24: 91 days.
        let p = person_boosters(&span("2020-01-01", Some("2026-02-24")), &[], day(TODAY));
        assert_eq!(p.expected, 1);
        let p = person_boosters(&span("2020-01-01", Some("2026-02-23")), &[], day(TODAY));
        assert_eq!(p.expected, 0);
        let p = person_boosters(&span("2020-01-01", Some("2025-06-30")), &[], day(TODAY));
        assert_eq!((p.expected, p.flagged), (0, false));
    }

    fn refusals(r: Result<impl Sized, DomainError>) -> Vec<(String, &'static str)> {
        match r {
            Ok(_) => Vec::new(),
            Err(DomainError::Invalid(fields)) => fields
                .into_iter()
                .map(|f| (f.field, f.message.code))
                .collect(),
            Err(DomainError::Conflict(m)) => vec![("".into(), m.code)],
        }
    }

    fn new_booster() -> NewBooster {
        NewBooster {
            planned_on: day("2027-01-12"),
            topic: " Engaging fathers ".into(),
            trainer: " Eva Holm ".into(),
            held_on: None,
            attendees: Vec::new(),
        }
    }

    #[test]
    fn a_planned_booster_is_cleaned() {
        let b = new_booster().validate(day(TODAY), &[ANNA, BO]).unwrap();
        assert_eq!(b.topic, "Engaging fathers");
        assert_eq!(b.trainer, "Eva Holm");
    }

    #[test]
    fn a_booster_needs_a_topic_and_a_trainer() {
        let b = NewBooster {
            topic: " ".into(),
            trainer: String::new(),
            ..new_booster()
        };
        assert_eq!(
            refusals(b.validate(day(TODAY), &[ANNA])),
            vec![
                ("topic".into(), "booster-topic-missing"),
                ("trainer".into(), "booster-trainer-missing")
            ]
        );
    }

    #[test]
    fn a_booster_is_planned_at_most_two_years_ahead() {
        let far = NewBooster {
            planned_on: day("2028-11-25"),
            ..new_booster()
        };
        assert_eq!(
            refusals(far.validate(day(TODAY), &[ANNA])),
            vec![("planned_on".into(), "booster-planned-too-far")]
        );
        let ok = NewBooster {
            planned_on: day("2028-11-24"),
            ..new_booster()
        };
        assert_eq!(refusals(ok.validate(day(TODAY), &[ANNA])), vec![]);
    }

    #[test]
    fn a_booster_held_tomorrow_is_refused() {
        let b = NewBooster {
            planned_on: day("2026-11-26"),
            held_on: Some(day("2026-11-26")),
            attendees: vec![ANNA],
            ..new_booster()
        };
        assert_eq!(
            refusals(b.validate(day(TODAY), &[ANNA])),
            vec![("held_on".into(), "booster-held-in-future")]
        );
        let hold = HoldBooster {
            held_on: day("2026-11-26"),
            attendees: vec![ANNA],
        };
        assert_eq!(
            refusals(hold.validate(&planned(1, "2026-11-26"), day(TODAY), &[ANNA])),
            vec![("held_on".into(), "booster-held-in-future")]
        );
    }

    #[test]
    fn a_held_booster_lists_members_once() {
        let b = NewBooster {
            held_on: Some(day(TODAY)),
            attendees: vec![ANNA, UserId::new(99), ANNA],
            ..new_booster()
        };
        assert_eq!(
            refusals(b.validate(day(TODAY), &[ANNA, BO])),
            vec![
                ("attendees[1]".into(), "attendance-not-member"),
                ("attendees[2]".into(), "attendance-twice")
            ]
        );
        let nobody = NewBooster {
            held_on: Some(day(TODAY)),
            ..new_booster()
        };
        assert_eq!(
            refusals(nobody.validate(day(TODAY), &[ANNA])),
            vec![("attendees".into(), "booster-attendees-missing")]
        );
        let ok = NewBooster {
            held_on: Some(day(TODAY)),
            attendees: vec![BO, ANNA],
            ..new_booster()
        };
        assert_eq!(refusals(ok.validate(day(TODAY), &[ANNA, BO])), vec![]);
    }

    #[test]
    fn a_planned_booster_has_no_attendees_yet() {
        let b = NewBooster {
            attendees: vec![ANNA],
            ..new_booster()
        };
        assert_eq!(
            refusals(b.validate(day(TODAY), &[ANNA])),
            vec![("attendees".into(), "booster-attendees-before-held")]
        );
    }

    #[test]
    fn a_booster_is_held_once() {
        let hold = HoldBooster {
            held_on: day(TODAY),
            attendees: vec![ANNA, BO],
        };
        assert_eq!(
            hold.validate(&held(1, "2026-11-20", &[ANNA]), day(TODAY), &[ANNA, BO]),
            Err(DomainError::Conflict(msg!("booster-already-held")))
        );
        assert_eq!(
            hold.validate(&planned(1, "2026-11-25"), day(TODAY), &[ANNA, BO]),
            Ok(())
        );
        let empty = HoldBooster {
            held_on: day(TODAY),
            attendees: vec![],
        };
        assert_eq!(
            refusals(empty.validate(&planned(1, "2026-11-25"), day(TODAY), &[ANNA])),
            vec![("attendees".into(), "booster-attendees-missing")]
        );
    }
}
