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
