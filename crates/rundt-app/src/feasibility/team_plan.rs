//! A team started from a study: its plan (the approved version's expected
//! scenario) against what happened, month by month — families referred,
//! families in treatment, therapists in post, cost (a twelfth of the
//! year's budget). Counts only: no family is named.

use rundt_domain::country::programme_date;
use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rundt_domain::access::Action;
use rundt_domain::audit::AuditAction;
use rundt_domain::audit::Object;
use rundt_domain::feasibility::{
    self, ActualMonth, PlanAgainstActualMonth, Scenario, ScenarioProjection, Study,
};
use rundt_domain::id::TeamId;
use rundt_domain::money::Minor;
use rundt_domain::period::Month;
use rundt_domain::team::{Position, Team};
use rundt_store::{CaseFilter, CaseRecord, TeamMember};

use super::studies::model;
use crate::organisation::{get_team, team_scope};
use crate::{Actor, App, AppResult, access};

/// A team's plan from its study against what happened.
#[derive(Debug, Clone)]
pub struct TeamPlan {
    pub study: Study,
    /// The expected scenario of the approved version.
    pub plan: ScenarioProjection,
    /// From the team's first month to this month (within the plan's
    /// years), oldest first.
    pub months: Vec<PlanAgainstActualMonth>,
}

/// The team's plan against what happened; none for a team not started from
/// a study. The months run from the first the team's records in Rundt
/// begin (its first referral here) to this month.
pub async fn team_plan(app: &App, actor: &Actor, team_id: TeamId) -> AppResult<Option<TeamPlan>> {
    let action = AuditAction::FeasibilityTeamPlanRead;
    let team = get_team(app, team_id).await?;
    let scope = team_scope(&team);
    access::check(
        app,
        actor,
        &Action::ViewTeamPlan(&scope),
        action,
        Object::team(team_id),
    )
    .await?;
    let Some(study) = app.store.study_of_team(team_id).await? else {
        return Ok(None);
    };
    let document = &study.current.document;
    let model = model(app, &document.programme_model).await?;
    let Some(plan) = feasibility::project(document, &model)
        .scenarios
        .into_iter()
        .find(|s| s.scenario == Scenario::Expected)
    else {
        return Ok(None);
    };
    let today = app.clock.today();
    let actual = actual_months(app, &team, document.assumptions.starts_on, today).await?;
    let months = feasibility::plan_against_actual(&plan, &actual);
    app.store
        .append_audit(&actor.event(app.clock.now(), action, Object::team(team_id)))
        .await?;
    Ok(Some(TeamPlan {
        study,
        plan,
        months,
    }))
}

/// Whether the team page links to the team's plan against actual: the
/// reader may see it and the team was started from a study. No personal
/// data is read.
pub async fn has_plan(
    app: &App,
    who: &rundt_domain::access::Principal,
    team: &crate::organisation::TeamOverview,
) -> AppResult<bool> {
    let allowed =
        rundt_domain::access::authorize(who, &Action::ViewTeamPlan(&team.scope())).is_allowed();
    Ok(allowed && app.store.study_of_team(team.id).await?.is_some())
}

/// The months from `from` to today's month, each with its first day and
/// the last day counted (the month's last day, or today).
fn months_until(from: NaiveDate, today: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let mut out = Vec::new();
    let mut month = Month::of(from);
    let last = Month::of(today);
    while month <= last {
        if let (Some(first), Some(end)) = (month.first_day(), month.last_day()) {
            out.push((first, end.min(today)));
        }
        month = month.next();
    }
    out
}

async fn actual_months(
    app: &App,
    team: &Team,
    from: NaiveDate,
    today: NaiveDate,
) -> AppResult<Vec<ActualMonth>> {
    if from > today {
        return Ok(Vec::new());
    }
    let cases = app
        .store
        .list_cases(&CaseFilter {
            country: Some(team.country),
            team_ids: Some(vec![team.id]),
            therapist_id: None,
            municipality: None,
            statuses: None,
        })
        .await?;
    let members = app.store.team_members_between(team.id, from, today).await?;
    // Months before the first the team's records in Rundt begin (its first
    // referral, or without one its first member) are not known here.
    let records_from = cases
        .iter()
        .map(referral_day)
        .min()
        .or_else(|| members.iter().map(|m| m.since).min())
        .unwrap_or(from);
    let from = from.max(Month::of(records_from).first_day().unwrap_or(records_from));
    let mut budgets: HashMap<i32, Option<Minor>> = HashMap::new();
    let mut out = Vec::new();
    for (first, end) in months_until(from, today) {
        let year = first.year();
        if let std::collections::hash_map::Entry::Vacant(entry) = budgets.entry(year) {
            let budget = app.store.team_budget(team.id, year).await?;
            entry.insert(
                budget
                    .filter(|b| !b.lines.is_empty())
                    .map(|b| twelfth(b.lines.iter().map(|l| l.amount).sum())),
            );
        }
        out.push(ActualMonth {
            month: first,
            referrals: count(cases.iter().filter(|c| referred_between(c, first, end))),
            families_in_treatment: count(cases.iter().filter(|c| in_treatment(c, first, end))),
            therapists: count(members.iter().filter(|m| therapist_on(m, end))),
            cost: budgets.get(&year).copied().flatten(),
        });
    }
    Ok(out)
}

fn count<T>(items: impl Iterator<Item = T>) -> u32 {
    u32::try_from(items.count()).unwrap_or(u32::MAX)
}

/// A year's amount's twelfth, rounded half up.
fn twelfth(yearly: Minor) -> Minor {
    (2 * yearly + 12).div_euclid(24)
}

fn referral_day(case: &CaseRecord) -> NaiveDate {
    case.referred_on
        .unwrap_or_else(|| programme_date(case.created_at))
}

fn referred_between(case: &CaseRecord, first: NaiveDate, end: NaiveDate) -> bool {
    (first..=end).contains(&referral_day(case))
}

fn in_treatment(case: &CaseRecord, first: NaiveDate, end: NaiveDate) -> bool {
    case.treatment_start.is_some_and(|start| start <= end)
        && case.discharged_on.is_none_or(|done| done >= first)
}

fn therapist_on(member: &TeamMember, day: NaiveDate) -> bool {
    member.position == Position::Therapist
        && member.since <= day
        && member.until.is_none_or(|until| until >= day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_months_run_from_the_start_to_today_the_last_one_ending_today() {
        let months = months_until(day(2026, 11, 1), day(2027, 1, 15));
        assert_eq!(
            months,
            vec![
                (day(2026, 11, 1), day(2026, 11, 30)),
                (day(2026, 12, 1), day(2026, 12, 31)),
                (day(2027, 1, 1), day(2027, 1, 15)),
            ]
        );
    }

    #[test]
    fn a_twelfth_of_a_budget_is_rounded_half_up() {
        assert_eq!(twelfth(1_200), 100);
        assert_eq!(twelfth(18), 2);
        assert_eq!(twelfth(17), 1);
    }
}
