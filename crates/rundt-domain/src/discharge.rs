//! Discharge with a clinical evaluation against the goals, the three
//! ultimate outcomes, treatment days, and follow-ups at 6, 12 and 18 months.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::DomainError;
use crate::error::{Validator, clean_name, clean_text};
use crate::id::PersonId;
use crate::msg;
use crate::treatment::Attainment;

string_coded! {
    /// Why treatment ended.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum DischargeReason {
        /// Treatment completed.
        Completed => "completed",
        /// Lack of engagement.
        LackOfEngagement => "lack_of_engagement",
        /// Placed out of home during treatment.
        Placed => "placed",
        /// Moved out of the area.
        Moved => "moved",
        Other => "other",
    }
}

impl DischargeReason {
    /// The reason with exactly this code.
    pub fn parse(s: &str) -> Option<Self> {
        Self::from_code(s)
    }
}

/// The three ultimate outcomes of MST.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UltimateOutcomes {
    pub living_at_home: bool,
    pub in_school_or_working: bool,
    /// No new arrests or charges during treatment (GDPR art. 10 data).
    pub no_new_arrests: bool,
}

/// An overarching goal's result at discharge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GoalResult {
    pub goal: String,
    pub result: Attainment,
}

/// What the therapist records at discharge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Discharge {
    pub date: NaiveDate,
    pub reason: DischargeReason,
    /// Required when the reason is `other`.
    #[serde(default)]
    pub reason_note: String,
    /// The clinical evaluation against the goals.
    pub clinical_evaluation: String,
    pub goals: Vec<GoalResult>,
    pub outcomes: UltimateOutcomes,
    /// MST-CAN: one row per child of the family (required there, refused
    /// for MST, which follows one young person through `outcomes`).
    #[serde(default)]
    pub children: Vec<ChildOutcome>,
}

/// One child of an MST-CAN family at discharge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChildOutcome {
    /// The child: one of the case's young persons.
    pub child: PersonId,
    /// Living at home at discharge (a care order avoided).
    pub living_at_home: bool,
    /// A care order was made for the child during treatment.
    pub care_order_during_treatment: bool,
}

/// One child of an MST-CAN family at a follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChildFollowUp {
    /// The child: one of the case's young persons.
    pub child: PersonId,
    /// A care order has been made for the child since discharge.
    pub care_order: bool,
}

/// Whether the children's rows of a discharge or follow-up are right for
/// the family: with `per_child` (MST-CAN) exactly one row for each of
/// `children` (the case's young persons, with their names for the
/// message) and no one else; without it (MST), none. `field` names the
/// list in the messages.
pub fn check_children(
    v: &mut Validator,
    field: &str,
    given: &[PersonId],
    children: &[(PersonId, String)],
    per_child: bool,
) {
    if !per_child {
        v.check(given.is_empty(), field, msg!("child-outcomes-only-can"));
        return;
    }
    for (i, id) in given.iter().enumerate() {
        v.check(
            children.iter().any(|(c, _)| c == id),
            &format!("{field}[{i}].child"),
            msg!("child-outcome-not-a-child", person = id.get()),
        );
        v.check(
            !given[..i].contains(id),
            &format!("{field}[{i}].child"),
            msg!("child-outcome-twice", person = id.get()),
        );
    }
    for (id, name) in children {
        v.check(
            given.contains(id),
            field,
            msg!("child-outcome-missing", child = name.as_str()),
        );
    }
}

/// Days from the start of treatment to discharge.
pub fn treatment_days(start: NaiveDate, discharge: NaiveDate) -> i64 {
    (discharge - start).num_days()
}

impl Discharge {
    /// Checks the discharge against the treatment: not before the start, not
    /// in the future, every overarching goal rated, an evaluation written.
    pub fn validate(
        &self,
        treatment_start: NaiveDate,
        today: NaiveDate,
        overarching_goals: &[String],
    ) -> Result<(), DomainError> {
        let mut v = Validator::new();
        v.check(
            self.date >= treatment_start,
            "date",
            msg!("discharge-before-treatment", start = treatment_start),
        );
        v.check(self.date <= today, "date", msg!("discharge-in-future"));
        if self.reason == DischargeReason::Other {
            v.take(clean_text("reason_note", &self.reason_note, 1000));
        }
        v.take(clean_text(
            "clinical_evaluation",
            &self.clinical_evaluation,
            20_000,
        ));
        for goal in overarching_goals {
            v.check(
                self.goals.iter().any(|g| &g.goal == goal),
                "goals",
                msg!("goal-not-rated", goal = goal),
            );
        }
        for (i, g) in self.goals.iter().enumerate() {
            v.take(clean_name(&format!("goals[{i}].goal"), &g.goal, 1000));
        }
        v.finish()
    }
}

/// A telephone follow-up with the caregivers after discharge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUp {
    /// 6, 12 or 18.
    pub months: u8,
    pub date: NaiveDate,
    pub outcomes: UltimateOutcomes,
    #[serde(default)]
    pub notes: String,
    /// MST-CAN: one row per child of the family (required there, refused
    /// for MST).
    #[serde(default)]
    pub children: Vec<ChildFollowUp>,
}

/// When a follow-up is due.
pub fn follow_up_due(discharged: NaiveDate, months: u8) -> NaiveDate {
    discharged
        .checked_add_months(Months::new(u32::from(months)))
        .unwrap_or(discharged)
}

/// How early a follow-up may be made.
pub const FOLLOW_UP_EARLY_DAYS: i64 = 30;

impl FollowUp {
    pub fn validate(&self, discharged: NaiveDate, today: NaiveDate) -> Result<(), DomainError> {
        let mut v = Validator::new();
        v.check(
            matches!(self.months, 6 | 12 | 18),
            "months",
            msg!("follow-up-months"),
        );
        let due = follow_up_due(discharged, self.months);
        v.check(
            self.date >= due - chrono::Duration::days(FOLLOW_UP_EARLY_DAYS),
            "date",
            msg!(
                "follow-up-too-early",
                months = self.months,
                due = due,
                days = FOLLOW_UP_EARLY_DAYS
            ),
        );
        v.check(self.date <= today, "date", msg!("follow-up-in-future"));
        v.at_most_chars("notes", &self.notes, 5000);
        v.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::day;

    fn discharge() -> Discharge {
        Discharge {
            date: day("2026-11-20"),
            reason: DischargeReason::Completed,
            reason_note: String::new(),
            clinical_evaluation: "Goals met and sustained for four weeks.".into(),
            goals: vec![GoalResult {
                goal: "school".into(),
                result: Attainment::Met,
            }],
            outcomes: UltimateOutcomes {
                living_at_home: true,
                in_school_or_working: true,
                no_new_arrests: true,
            },
            children: Vec::new(),
        }
    }

    #[test]
    fn treatment_days_run_from_start_to_discharge() {
        assert_eq!(treatment_days(day("2026-07-15"), day("2026-11-20")), 128);
    }

    #[test]
    fn every_goal_must_be_rated_and_the_date_make_sense() {
        let goals = vec!["school".to_owned(), "curfew".to_owned()];
        let err = discharge()
            .validate(day("2026-07-15"), day("2026-11-25"), &goals)
            .unwrap_err();
        assert!(err.to_string().contains("curfew"));
        let mut early = discharge();
        early.date = day("2026-07-01");
        assert!(
            early
                .validate(day("2026-07-15"), day("2026-11-25"), &[])
                .is_err()
        );
        let mut other = discharge();
        other.reason = DischargeReason::Other;
        assert!(
            other
                .validate(day("2026-07-15"), day("2026-11-25"), &[])
                .unwrap_err()
                .to_string()
                .contains("reason_note")
        );
    }

    #[test]
    fn follow_ups_fall_due_six_twelve_and_eighteen_months_after_discharge() {
        assert_eq!(follow_up_due(day("2026-01-31"), 6), day("2026-07-31"));
        assert_eq!(follow_up_due(day("2026-08-31"), 6), day("2027-02-28"));
        let f = FollowUp {
            months: 6,
            date: day("2026-05-01"),
            outcomes: UltimateOutcomes {
                living_at_home: true,
                in_school_or_working: false,
                no_new_arrests: true,
            },
            notes: String::new(),
            children: Vec::new(),
        };
        assert!(
            f.validate(day("2026-01-31"), day("2026-11-25")).is_err(),
            "too early"
        );
        let f = FollowUp {
            date: day("2026-07-20"),
            ..f
        };
        assert!(f.validate(day("2026-01-31"), day("2026-11-25")).is_ok());
    }

    #[test]
    fn an_mst_can_discharge_names_each_child_once_and_no_one_else() {
        let children = [
            (PersonId::new(1), "Aksel".to_owned()),
            (PersonId::new(2), "Ida".to_owned()),
        ];
        let check = |given: &[i64], per_child: bool| {
            let mut v = Validator::new();
            let given: Vec<PersonId> = given.iter().map(|i| PersonId::new(*i)).collect();
            check_children(&mut v, "children", &given, &children, per_child);
            v.finish().err().map(|e| e.to_string())
        };
        assert_eq!(check(&[2, 1], true), None);
        let missing = check(&[1], true).unwrap();
        assert!(missing.contains("child-outcome-missing") && missing.contains("Ida"));
        let stranger = check(&[1, 2, 9], true).unwrap();
        assert!(stranger.contains("children[2].child: child-outcome-not-a-child (person=9)"));
        assert!(
            check(&[1, 1, 2], true)
                .unwrap()
                .contains("child-outcome-twice")
        );
        assert_eq!(check(&[], false), None, "MST follows one young person");
        assert!(
            check(&[1], false)
                .unwrap()
                .contains("child-outcomes-only-can")
        );
    }
}
