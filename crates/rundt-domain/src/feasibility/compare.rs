//! A team started from a study: its plan set against what happened, month
//! by month.

use super::types::{ActualMonth, PlanAgainstActualMonth, ScenarioProjection};

/// Each month of `actual` with the month of `plan` of the same date, in
/// date order; a month the plan does not cover (before the start or after
/// its last year) is left out.
pub fn plan_against_actual(
    plan: &ScenarioProjection,
    actual: &[ActualMonth],
) -> Vec<PlanAgainstActualMonth> {
    let mut out: Vec<PlanAgainstActualMonth> = actual
        .iter()
        .filter_map(|a| {
            plan.months
                .iter()
                .find(|p| p.month == a.month)
                .map(|p| PlanAgainstActualMonth {
                    month: a.month,
                    planned: p.clone(),
                    actual: a.clone(),
                })
        })
        .collect();
    out.sort_by_key(|m| m.month);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feasibility::fixture::{mst, study};
    use crate::feasibility::project_scenario;
    use crate::feasibility::types::Scenario;
    use crate::testing::day;

    fn actual(month: &str, referrals: u32) -> ActualMonth {
        ActualMonth {
            month: day(month),
            referrals,
            families_in_treatment: 5,
            therapists: 2,
            cost: None,
        }
    }

    #[test]
    fn each_month_that_happened_is_set_against_its_plan_month_in_date_order() {
        let plan = project_scenario(&study(), &mst(), Scenario::Expected);
        let pairs = plan_against_actual(
            &plan,
            &[
                actual("2027-03-01", 1),
                actual("2026-12-01", 0), // before the start: no plan month
                actual("2027-01-01", 0),
                actual("2032-01-01", 3), // after the fifth year: none either
            ],
        );
        let months: Vec<_> = pairs.iter().map(|p| p.month).collect();
        assert_eq!(months, vec![day("2027-01-01"), day("2027-03-01")]);
        assert_eq!(pairs[1].planned.index, 3);
        assert_eq!(pairs[1].planned.month, day("2027-03-01"));
        assert_eq!(pairs[1].actual.referrals, 1);
    }

    #[test]
    fn no_months_happened_yet_gives_an_empty_comparison() {
        let plan = project_scenario(&study(), &mst(), Scenario::Low);
        assert!(plan_against_actual(&plan, &[]).is_empty());
    }
}
