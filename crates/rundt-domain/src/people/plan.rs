//! Individual development plans: goals tied to the model's competences,
//! reviewed on a set day. Checking a version and a review, and telling
//! when the next review is due.

use chrono::{Duration, NaiveDate};

use crate::error::{DomainError, Validator, clean_text};
use crate::message::Message;
use crate::msg;

use super::types::{DevelopmentGoal, DevelopmentPlan, NewPlanReview, NewPlanVersion, PlanDue};

/// The most goals a plan version holds.
pub const MAX_GOALS: usize = 12;
/// The longest goal or actions text accepted.
const GOAL_TEXT_MAX: usize = 2000;
/// The longest review notes accepted.
const NOTES_MAX: usize = 4000;
/// A review is set at most this many days ahead.
const REVIEW_AHEAD_DAYS: i64 = 366;

impl NewPlanVersion {
    /// The version cleaned (texts trimmed), or every problem at once: 1 to
    /// [`MAX_GOALS`] goals, each with a goal and actions; a review day
    /// after today and within a year.
    pub fn validate(&self, today: NaiveDate) -> Result<NewPlanVersion, DomainError> {
        let mut v = Validator::new();
        v.check(
            (1..=MAX_GOALS).contains(&self.goals.len()),
            "goals",
            msg!("plan-goals", max = MAX_GOALS),
        );
        let goals: Vec<DevelopmentGoal> = self
            .goals
            .iter()
            .enumerate()
            .map(|(i, g)| DevelopmentGoal {
                competence: g.competence,
                goal: required_text(
                    &mut v,
                    &format!("goals[{i}].goal"),
                    &g.goal,
                    GOAL_TEXT_MAX,
                    msg!("development-goal-missing"),
                ),
                actions: required_text(
                    &mut v,
                    &format!("goals[{i}].actions"),
                    &g.actions,
                    GOAL_TEXT_MAX,
                    msg!("plan-actions-missing"),
                ),
            })
            .collect();
        v.check(
            today < self.review_on && self.review_on <= today + Duration::days(REVIEW_AHEAD_DAYS),
            "review_on",
            msg!("plan-review-date"),
        );
        v.finish()?;
        Ok(NewPlanVersion {
            goals,
            review_on: self.review_on,
        })
    }
}

impl NewPlanReview {
    /// The review cleaned (notes trimmed), or every problem at once: made
    /// between the plan's start and today; the next review after it and
    /// within a year of it; notes.
    pub fn validate(
        &self,
        plan: &DevelopmentPlan,
        today: NaiveDate,
    ) -> Result<NewPlanReview, DomainError> {
        let mut v = Validator::new();
        v.check(
            self.reviewed_on >= plan.started_on,
            "reviewed_on",
            msg!("plan-review-before-plan", started_on = plan.started_on),
        );
        v.check(
            self.reviewed_on <= today,
            "reviewed_on",
            msg!("plan-review-in-future"),
        );
        v.check(
            self.reviewed_on < self.next_review_on
                && self.next_review_on <= self.reviewed_on + Duration::days(REVIEW_AHEAD_DAYS),
            "next_review_on",
            msg!("plan-next-review"),
        );
        let notes = required_text(
            &mut v,
            "notes",
            &self.notes,
            NOTES_MAX,
            msg!("plan-review-notes-missing"),
        );
        v.finish()?;
        Ok(NewPlanReview {
            reviewed_on: self.reviewed_on,
            notes,
            next_review_on: self.next_review_on,
        })
    }
}

/// A required free text: `missing` when empty, otherwise as
/// [`clean_text`]; empty when refused.
fn required_text(
    v: &mut Validator,
    field: &str,
    value: &str,
    max: usize,
    missing: Message,
) -> String {
    if value.trim().is_empty() {
        v.check(false, field, missing);
        return String::new();
    }
    v.take(clean_text(field, value, max)).unwrap_or_default()
}

/// When the plan's next review is due: the newest review made since this
/// version was written sets it; without one, the version's review day.
/// Overdue once that day has passed.
pub fn plan_due(plan: &DevelopmentPlan, today: NaiveDate) -> PlanDue {
    let due_on = plan
        .reviews
        .iter()
        .filter(|r| r.reviewed_on >= plan.written_on)
        .max_by_key(|r| (r.reviewed_on, r.id))
        .map_or(plan.review_on, |r| r.next_review_on);
    PlanDue {
        due_on,
        overdue: due_on < today,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::{TeamId, UserId};
    use crate::people::{Competence, PlanReview};
    use crate::testing::day;

    const TODAY: &str = "2026-11-25";

    fn goal() -> DevelopmentGoal {
        DevelopmentGoal {
            competence: Competence::AnalyticProcess,
            goal: " Write fit circles for every new family. ".into(),
            actions: "Bring one to supervision\r\neach week.".into(),
        }
    }

    fn version(goals: Vec<DevelopmentGoal>, review_on: &str) -> NewPlanVersion {
        NewPlanVersion {
            goals,
            review_on: day(review_on),
        }
    }

    fn review(id: i64, on: &str, next: &str) -> PlanReview {
        PlanReview {
            id,
            plan_id: 1,
            reviewed_on: day(on),
            notes: "Going well.".into(),
            next_review_on: day(next),
            reviewed_at: "2026-01-01T12:00:00Z".parse().unwrap(),
            reviewed_by: None,
        }
    }

    /// A plan started 2026-03-01 whose version 2 was written 2026-09-01
    /// with its review set for 2026-12-01.
    fn plan(reviews: Vec<PlanReview>) -> DevelopmentPlan {
        DevelopmentPlan {
            id: 1,
            team_id: TeamId::new(1),
            user_id: UserId::new(7),
            version: 2,
            goals: vec![goal()],
            review_on: day("2026-12-01"),
            started_on: day("2026-03-01"),
            written_on: day("2026-09-01"),
            written_at: "2026-09-01T10:00:00Z".parse().unwrap(),
            written_by: None,
            reviews,
        }
    }

    fn refusals(r: Result<impl Sized, DomainError>) -> Vec<(String, &'static str)> {
        match r {
            Ok(_) => Vec::new(),
            Err(DomainError::Invalid(fields)) => fields
                .into_iter()
                .map(|f| (f.field, f.message.code))
                .collect(),
            Err(other) => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_plan_version_is_cleaned() {
        let v = version(vec![goal()], "2027-03-01")
            .validate(day(TODAY))
            .unwrap();
        assert_eq!(v.goals[0].goal, "Write fit circles for every new family.");
        assert_eq!(v.goals[0].actions, "Bring one to supervision\neach week.");
        assert_eq!(v.goals[0].competence, Competence::AnalyticProcess);
    }

    #[test]
    fn a_plan_has_one_to_twelve_goals() {
        let none = version(vec![], "2027-03-01");
        let err = none.validate(day(TODAY)).unwrap_err();
        assert_eq!(
            err,
            DomainError::invalid("goals", msg!("plan-goals", max = 12_usize))
        );
        let thirteen = version(vec![goal(); 13], "2027-03-01");
        assert_eq!(
            refusals(thirteen.validate(day(TODAY))),
            vec![("goals".into(), "plan-goals")]
        );
        let twelve = version(vec![goal(); 12], "2027-03-01");
        assert_eq!(refusals(twelve.validate(day(TODAY))), vec![]);
    }

    #[test]
    fn a_goal_needs_its_goal_and_its_actions() {
        let empty = DevelopmentGoal {
            competence: Competence::Principle1,
            goal: " ".into(),
            actions: String::new(),
        };
        let long = DevelopmentGoal {
            goal: "x".repeat(2001),
            ..goal()
        };
        assert_eq!(
            refusals(version(vec![goal(), empty, long], "2027-03-01").validate(day(TODAY))),
            vec![
                ("goals[1].goal".into(), "development-goal-missing"),
                ("goals[1].actions".into(), "plan-actions-missing"),
                ("goals[2].goal".into(), "text-too-long"),
            ]
        );
    }

    #[test]
    fn a_plan_is_reviewed_after_today_and_within_a_year() {
        let check = |on: &str| refusals(version(vec![goal()], on).validate(day(TODAY)));
        let refused = vec![("review_on".to_string(), "plan-review-date")];
        assert_eq!(check(TODAY), refused);
        assert_eq!(check("2026-11-26"), vec![]);
        assert_eq!(check("2027-11-26"), vec![]);
        assert_eq!(check("2027-11-27"), refused);
    }

    fn new_review(on: &str, next: &str) -> NewPlanReview {
        NewPlanReview {
            reviewed_on: day(on),
            notes: " Genograms done; next: engagement. ".into(),
            next_review_on: day(next),
        }
    }

    #[test]
    fn a_review_is_cleaned() {
        let r = new_review("2026-11-20", "2027-02-20")
            .validate(&plan(vec![]), day(TODAY))
            .unwrap();
        assert_eq!(r.notes, "Genograms done; next: engagement.");
    }

    #[test]
    fn a_review_before_the_plan_is_refused() {
        let r = new_review("2026-02-28", "2026-06-01");
        assert_eq!(
            r.validate(&plan(vec![]), day(TODAY)),
            Err(DomainError::invalid(
                "reviewed_on",
                msg!("plan-review-before-plan", started_on = day("2026-03-01"))
            ))
        );
        // On the plan's first day, before this version: accepted.
        let first = new_review("2026-03-01", "2026-06-01");
        assert_eq!(refusals(first.validate(&plan(vec![]), day(TODAY))), vec![]);
    }

    #[test]
    fn a_review_tomorrow_is_refused() {
        assert_eq!(
            refusals(new_review("2026-11-26", "2027-01-10").validate(&plan(vec![]), day(TODAY))),
            vec![("reviewed_on".into(), "plan-review-in-future")]
        );
    }

    #[test]
    fn the_next_review_is_after_the_review_and_within_a_year() {
        let check = |next: &str| {
            refusals(new_review("2026-09-01", next).validate(&plan(vec![]), day(TODAY)))
        };
        let refused = vec![("next_review_on".to_string(), "plan-next-review")];
        assert_eq!(check("2026-09-01"), refused);
        assert_eq!(check("2026-09-02"), vec![]);
        assert_eq!(check("2027-09-02"), vec![]);
        assert_eq!(check("2027-09-03"), refused);
    }

    #[test]
    fn a_review_needs_notes() {
        let r = NewPlanReview {
            notes: "\r\n ".into(),
            ..new_review("2026-11-20", "2027-02-20")
        };
        assert_eq!(
            refusals(r.validate(&plan(vec![]), day(TODAY))),
            vec![("notes".into(), "plan-review-notes-missing")]
        );
    }

    #[test]
    fn a_plan_without_reviews_is_due_on_its_review_day() {
        assert_eq!(
            plan_due(&plan(vec![]), day(TODAY)),
            PlanDue {
                due_on: day("2026-12-01"),
                overdue: false,
            }
        );
        // Due today is not yet overdue; the day after is.
        assert!(!plan_due(&plan(vec![]), day("2026-12-01")).overdue);
        assert!(plan_due(&plan(vec![]), day("2026-12-02")).overdue);
    }

    #[test]
    fn the_newest_review_since_the_version_sets_the_next_due_day() {
        let p = plan(vec![
            // Before version 2 was written: not this version's.
            review(1, "2026-06-01", "2027-05-01"),
            review(2, "2026-10-01", "2026-11-15"),
            review(3, "2026-10-20", "2027-01-20"),
        ]);
        assert_eq!(
            plan_due(&p, day(TODAY)),
            PlanDue {
                due_on: day("2027-01-20"),
                overdue: false,
            }
        );
        let only_old = plan(vec![review(1, "2026-06-01", "2027-05-01")]);
        assert_eq!(plan_due(&only_old, day(TODAY)).due_on, day("2026-12-01"));
    }

    #[test]
    fn a_plan_whose_last_review_set_a_passed_day_is_overdue() {
        let p = plan(vec![
            review(5, "2026-10-01", "2027-01-20"),
            // Same day, recorded later: it counts.
            review(6, "2026-10-01", "2026-11-15"),
        ]);
        assert_eq!(
            plan_due(&p, day(TODAY)),
            PlanDue {
                due_on: day("2026-11-15"),
                overdue: true,
            }
        );
    }
}
