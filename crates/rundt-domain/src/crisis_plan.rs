//! The crisis plan of an MST family (issue 13): whom to call in a crisis,
//! in order, with their phone; what calms the young person; the risks and
//! the warning signs; what the family and the team agreed happens in a
//! crisis. The person on call reads it at night, so it is written in the
//! first weeks of treatment and kept current.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{DomainError, Validator, clean_name, clean_text};
use crate::msg;

/// At most this many people to call.
pub const MAX_PEOPLE_TO_CALL: usize = 10;

/// Days after the start of treatment by which the first plan is written.
pub const FIRST_PLAN_DAYS: u64 = 14;

/// Days after which the latest version is no longer current.
pub const REVIEW_DAYS: u64 = 28;

/// One person to call in a crisis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonToCall {
    pub name: String,
    /// Their role or relation to the young person ("mother", "uncle",
    /// "the school's counsellor").
    pub relation: String,
    pub phone: String,
}

/// The written crisis plan: the people to call in the order to call them,
/// what calms the young person, the risks and warning signs, and the
/// agreements with the family about what happens in a crisis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CrisisPlan {
    pub people_to_call: Vec<PersonToCall>,
    pub what_calms: String,
    pub risks_and_warning_signs: String,
    pub agreements: String,
}

/// Whether a phone number can be dialled: digits, spaces, `+`, `-`,
/// brackets, with at least six digits.
fn dialable(phone: &str) -> bool {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    (6..=20).contains(&digits)
        && phone
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')' | '.'))
}

impl CrisisPlan {
    /// At least one person to call, each with a name, a relation and a
    /// phone that can be dialled; every part filled in, none too long.
    pub fn validate(&self) -> Result<(), DomainError> {
        let mut v = Validator::new();
        v.check(
            !self.people_to_call.is_empty(),
            "people_to_call",
            msg!("crisis-plan-person-missing"),
        );
        v.check(
            self.people_to_call.len() <= MAX_PEOPLE_TO_CALL,
            "people_to_call",
            msg!("crisis-plan-too-many-people", max = MAX_PEOPLE_TO_CALL),
        );
        for (i, p) in self.people_to_call.iter().enumerate() {
            v.take(clean_name(
                &format!("people_to_call[{i}].name"),
                &p.name,
                200,
            ));
            v.take(clean_name(
                &format!("people_to_call[{i}].relation"),
                &p.relation,
                200,
            ));
            let field = format!("people_to_call[{i}].phone");
            if v.take(clean_name(&field, &p.phone, 40)).is_some() {
                v.check(
                    dialable(p.phone.trim()),
                    &field,
                    msg!("crisis-plan-phone-not-dialable"),
                );
            }
        }
        v.take(clean_text("what_calms", &self.what_calms, 4000));
        v.take(clean_text(
            "risks_and_warning_signs",
            &self.risks_and_warning_signs,
            4000,
        ));
        v.take(clean_text("agreements", &self.agreements, 4000));
        v.finish()
    }
}

/// Why a family's crisis plan needs the therapist's attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CrisisPlanDue {
    /// Two weeks in treatment and no plan yet.
    Missing,
    /// The latest version is more than four weeks old.
    NotCurrent,
}

impl CrisisPlanDue {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Missing => "missing",
            Self::NotCurrent => "not_current",
        }
    }
}

/// The rule that the plan is written in the first weeks and kept current,
/// for a family in treatment since `treatment_start`: no plan more than
/// two weeks after the start, or the latest version (saved on
/// `latest_saved_on`) more than four weeks old. `None` when the plan is as
/// it should be, or the family is not in treatment.
pub fn crisis_plan_due(
    in_treatment: bool,
    treatment_start: Option<NaiveDate>,
    latest_saved_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<CrisisPlanDue> {
    if !in_treatment {
        return None;
    }
    let past = |from: NaiveDate, days: u64| {
        from.checked_add_days(Days::new(days))
            .is_some_and(|due| today > due)
    };
    match latest_saved_on {
        Some(saved) => past(saved, REVIEW_DAYS).then_some(CrisisPlanDue::NotCurrent),
        None => treatment_start
            .is_some_and(|start| past(start, FIRST_PLAN_DAYS))
            .then_some(CrisisPlanDue::Missing),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn plan() -> CrisisPlan {
        CrisisPlan {
            people_to_call: vec![PersonToCall {
                name: "Lone".into(),
                relation: "mor".into(),
                phone: "+45 20 12 34 56".into(),
            }],
            what_calms: "At gå en tur med hunden".into(),
            risks_and_warning_signs: "Smækker med døre, holder op med at svare".into(),
            agreements: "Mor ringer til vagttelefonen før hun ringer til politiet".into(),
        }
    }

    #[test]
    fn a_complete_plan_is_accepted() {
        assert_eq!(plan().validate(), Ok(()));
    }

    #[test]
    fn a_plan_with_nobody_to_call_is_refused() {
        let mut p = plan();
        p.people_to_call.clear();
        let Err(DomainError::Invalid(fields)) = p.validate() else {
            panic!("refused");
        };
        assert_eq!(fields.len(), 1);
        assert_eq!(fields[0].field, "people_to_call");
        assert_eq!(fields[0].message.code, "crisis-plan-person-missing");
    }

    #[test]
    fn a_person_without_a_phone_that_can_be_dialled_and_empty_parts_are_each_named() {
        let mut p = plan();
        p.people_to_call[0].phone = "ring mor".into();
        p.people_to_call.push(PersonToCall {
            name: "Morfar".into(),
            relation: "morfar".into(),
            phone: " ".into(),
        });
        p.what_calms = "  ".into();
        p.agreements = "x".repeat(4001);
        let Err(DomainError::Invalid(fields)) = p.validate() else {
            panic!("refused");
        };
        let named: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
        for field in [
            "people_to_call[0].phone",
            "people_to_call[1].phone",
            "what_calms",
            "agreements",
        ] {
            assert!(named.contains(&field), "{field} in {named:?}");
        }
        assert_eq!(fields[0].message.code, "crisis-plan-phone-not-dialable");
    }

    #[test]
    fn a_plan_is_due_two_weeks_into_treatment_and_every_four_weeks_after() {
        let start = Some(day("2026-11-02"));
        assert_eq!(crisis_plan_due(true, start, None, day("2026-11-16")), None);
        assert_eq!(
            crisis_plan_due(true, start, None, day("2026-11-17")),
            Some(CrisisPlanDue::Missing)
        );
        let saved = Some(day("2026-11-10"));
        assert_eq!(crisis_plan_due(true, start, saved, day("2026-12-08")), None);
        assert_eq!(
            crisis_plan_due(true, start, saved, day("2026-12-09")),
            Some(CrisisPlanDue::NotCurrent)
        );
        assert_eq!(crisis_plan_due(false, start, None, day("2027-01-01")), None);
    }
}
