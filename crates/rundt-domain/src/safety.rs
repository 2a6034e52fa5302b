//! MST-CAN's safety-first work (issue 12): the safety assessment at the
//! start of a course, the written safety plan agreed with the family, its
//! weekly review, and the rule that nothing else is recorded for an
//! MST-CAN family until a plan exists.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{DomainError, Validator, clean_name, clean_text};
use crate::msg;
use crate::programme::{MST_CAN, ProgrammeModel};

string_coded! {
    /// A kind of risk to the children the safety assessment names.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum RiskKind {
        PhysicalViolence => "physical_violence",
        Neglect => "neglect",
        SexualAbuseConcern => "sexual_abuse_concern",
        SubstanceUse => "substance_use",
        Weapons => "weapons",
        SuicideRisk => "suicide_risk",
    }
}

/// One risk: what, from whom, to whom, in which situations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Risk {
    pub kind: RiskKind,
    pub from_whom: String,
    pub to_whom: String,
    pub situations: String,
}

/// What an adult does instead when a warning sign shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdultAction {
    pub adult: String,
    pub instead: String,
}

/// Whom a child can contact when they are afraid, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChildContact {
    /// The child (their given name as the family says it).
    pub child: String,
    pub contact_person: String,
    /// How: a phone number, a neighbour's door, the school's nurse.
    pub how: String,
}

/// The written safety plan: the assessment it answers, the warning signs,
/// what each adult does instead, whom the children can reach; agreed with
/// the family on a day, and shared with child welfare.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SafetyPlan {
    pub risks: Vec<Risk>,
    pub warning_signs: Vec<String>,
    pub adult_actions: Vec<AdultAction>,
    pub child_contacts: Vec<ChildContact>,
    pub agreed_with_family_on: NaiveDate,
    /// When the plan was shared with the child welfare service, if yet.
    pub shared_with_child_welfare_on: Option<NaiveDate>,
}

impl SafetyPlan {
    /// At least one risk, warning sign, adult action and contact person for
    /// the children, each filled in; agreed (and shared) on a day that has
    /// come, sharing not before agreeing.
    pub fn validate(&self, today: NaiveDate) -> Result<(), DomainError> {
        let mut v = Validator::new();
        v.check(!self.risks.is_empty(), "risks", msg!("safety-risk-missing"));
        for (i, r) in self.risks.iter().enumerate() {
            v.take(clean_name(
                &format!("risks[{i}].from_whom"),
                &r.from_whom,
                200,
            ));
            v.take(clean_name(&format!("risks[{i}].to_whom"), &r.to_whom, 200));
            v.take(clean_text(
                &format!("risks[{i}].situations"),
                &r.situations,
                2000,
            ));
        }
        v.check(
            !self.warning_signs.is_empty(),
            "warning_signs",
            msg!("safety-warning-sign-missing"),
        );
        for (i, s) in self.warning_signs.iter().enumerate() {
            v.take(clean_text(&format!("warning_signs[{i}]"), s, 1000));
        }
        v.check(
            !self.adult_actions.is_empty(),
            "adult_actions",
            msg!("safety-adult-action-missing"),
        );
        for (i, a) in self.adult_actions.iter().enumerate() {
            v.take(clean_name(
                &format!("adult_actions[{i}].adult"),
                &a.adult,
                200,
            ));
            v.take(clean_text(
                &format!("adult_actions[{i}].instead"),
                &a.instead,
                2000,
            ));
        }
        v.check(
            !self.child_contacts.is_empty(),
            "child_contacts",
            msg!("safety-contact-missing"),
        );
        for (i, c) in self.child_contacts.iter().enumerate() {
            v.take(clean_name(
                &format!("child_contacts[{i}].child"),
                &c.child,
                200,
            ));
            v.take(clean_name(
                &format!("child_contacts[{i}].contact_person"),
                &c.contact_person,
                200,
            ));
            v.take(clean_name(&format!("child_contacts[{i}].how"), &c.how, 500));
        }
        v.check(
            self.agreed_with_family_on <= today,
            "agreed_with_family_on",
            msg!("date-in-future"),
        );
        if let Some(shared) = self.shared_with_child_welfare_on {
            v.check(
                shared <= today,
                "shared_with_child_welfare_on",
                msg!("date-in-future"),
            );
            v.check(
                shared >= self.agreed_with_family_on,
                "shared_with_child_welfare_on",
                msg!("safety-shared-before-agreed"),
            );
        }
        v.finish()
    }
}

string_coded! {
    /// The weekly summary's review of the safety plan.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum SafetyReview {
        /// The plan held all week.
        Holds => "holds",
        /// The plan was changed (a new version was saved).
        Changed => "changed",
        /// The plan was broken: what happened goes into an incident.
        Broken => "broken",
    }
}

/// Whether the model works safety first (MST-CAN).
pub fn is_safety_first(model: &ProgrammeModel) -> bool {
    model.code == MST_CAN
}

/// The safety-first rule: for an MST-CAN family, no treatment record (an
/// assessment, a weekly summary, a module) is saved before a safety plan
/// exists; the refusal says why.
pub fn require_safety_plan(model: &ProgrammeModel, has_plan: bool) -> Result<(), DomainError> {
    if is_safety_first(model) && !has_plan {
        return Err(DomainError::Conflict(msg!("safety-plan-first")));
    }
    Ok(())
}

/// Days after the start of treatment the supervisor waits for a safety
/// plan before being warned.
pub const SAFETY_PLAN_DAYS: u64 = 7;

/// The supervisor's warning: an MST-CAN family in treatment for more than
/// seven days without a safety plan.
pub fn safety_plan_overdue(
    model: &ProgrammeModel,
    treatment_start: NaiveDate,
    has_plan: bool,
    today: NaiveDate,
) -> bool {
    is_safety_first(model)
        && !has_plan
        && treatment_start
            .checked_add_days(Days::new(SAFETY_PLAN_DAYS))
            .is_some_and(|due| today > due)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn model(code: &str) -> ProgrammeModel {
        ProgrammeModel {
            code: code.into(),
            name: code.into(),
            min_age: 6,
            max_age: 18,
            supervisors: 1,
            min_therapists: 3,
            max_therapists: 4,
            typical_families_per_therapist: 4,
            max_families_per_therapist: 4,
            min_duration_months: 6,
            max_duration_months: 9,
            requires_crisis_caseworker: true,
            requires_psychiatrist: true,
        }
    }

    fn plan() -> SafetyPlan {
        SafetyPlan {
            risks: vec![Risk {
                kind: RiskKind::PhysicalViolence,
                from_whom: "Far".into(),
                to_whom: "Emma og Jonas".into(),
                situations: "Når far har drukket og barna krangler om kvelden".into(),
            }],
            warning_signs: vec!["Far hever stemmen og går rundt i stua".into()],
            adult_actions: vec![AdultAction {
                adult: "Far".into(),
                instead: "Går en tur og ringer terapeuten før han sier noe mer".into(),
            }],
            child_contacts: vec![ChildContact {
                child: "Emma".into(),
                contact_person: "Mormor Randi".into(),
                how: "Ringer 900 00 000, eller går til naboen i nr. 4".into(),
            }],
            agreed_with_family_on: day("2026-11-20"),
            shared_with_child_welfare_on: Some(day("2026-11-21")),
        }
    }

    #[test]
    fn a_complete_plan_agreed_with_the_family_is_accepted() {
        assert_eq!(plan().validate(day("2026-11-25")), Ok(()));
    }

    #[test]
    fn a_safety_plan_with_no_contact_person_for_the_children_is_refused() {
        let mut p = plan();
        p.child_contacts.clear();
        let Err(DomainError::Invalid(fields)) = p.validate(day("2026-11-25")) else {
            panic!("refused");
        };
        assert_eq!(fields.len(), 1);
        assert_eq!(fields[0].field, "child_contacts");
        assert_eq!(fields[0].message.code, "safety-contact-missing");
    }

    #[test]
    fn empty_parts_and_dates_to_come_are_each_named() {
        let mut p = plan();
        p.risks.clear();
        p.warning_signs = vec!["  ".into()];
        p.adult_actions[0].instead = String::new();
        p.agreed_with_family_on = day("2026-12-01");
        p.shared_with_child_welfare_on = Some(day("2026-11-30"));
        let Err(DomainError::Invalid(fields)) = p.validate(day("2026-11-25")) else {
            panic!("refused");
        };
        let named: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
        for field in [
            "risks",
            "warning_signs[0]",
            "adult_actions[0].instead",
            "agreed_with_family_on",
            "shared_with_child_welfare_on",
        ] {
            assert!(named.contains(&field), "{field} in {named:?}");
        }
    }

    #[test]
    fn nothing_else_is_saved_for_an_mst_can_family_before_its_safety_plan() {
        let err = require_safety_plan(&model(MST_CAN), false).unwrap_err();
        assert_eq!(err, DomainError::Conflict(msg!("safety-plan-first")));
        assert_eq!(require_safety_plan(&model(MST_CAN), true), Ok(()));
        assert_eq!(require_safety_plan(&model("MST"), false), Ok(()));
    }

    #[test]
    fn the_supervisor_is_warned_after_seven_days_without_a_plan() {
        let can = model(MST_CAN);
        let start = day("2026-11-02");
        assert!(!safety_plan_overdue(&can, start, false, day("2026-11-09")));
        assert!(safety_plan_overdue(&can, start, false, day("2026-11-10")));
        assert!(!safety_plan_overdue(&can, start, true, day("2026-11-30")));
        assert!(!safety_plan_overdue(
            &model("MST"),
            start,
            false,
            day("2026-11-30")
        ));
    }
}
