//! The team's yearly budget: staff by position, the licence fee, training,
//! travel and other costs, saved as a whole.

use rundt_domain::audit::{AuditAction, Object};
use rundt_domain::id::TeamId;
use rundt_domain::money::{BudgetLine, Currency, TeamBudget, validate_budget_lines};

use super::economy::year_days;
use super::who::{require_edit_team, require_view_team};
use super::{event, team};
use crate::{Actor, App, AppResult};

/// The team's budget for `year` (empty at version 0 before the first save).
pub async fn team_budget(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
    year: i32,
) -> AppResult<TeamBudget> {
    year_days(year)?;
    let team = team(app, team_id).await?;
    require_view_team(app, actor, &team, AuditAction::MoneyTeamRead).await?;
    stored_or_empty(app, team_id, year, Currency::of_country(team.country)).await
}

/// The team's saved budget for `year`, or an empty one at version 0.
pub(crate) async fn stored_or_empty(
    app: &App,
    team_id: TeamId,
    year: i32,
    currency: Currency,
) -> AppResult<TeamBudget> {
    Ok(app
        .store
        .team_budget(team_id, year)
        .await?
        .unwrap_or_else(|| TeamBudget {
            team_id,
            year,
            currency,
            lines: Vec::new(),
            version: 0,
            saved_at: None,
            saved_by: None,
        }))
}

/// Replaces the budget's lines at `version`; a negative amount, staff
/// without a position or a too long description refuses the whole budget.
pub async fn save_budget(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
    year: i32,
    lines: &[BudgetLine],
    version: i64,
) -> AppResult<TeamBudget> {
    let action = AuditAction::MoneyBudgetSave;
    year_days(year)?;
    let team = team(app, team_id).await?;
    require_edit_team(app, actor, &team, action).await?;
    validate_budget_lines(lines)?;
    Ok(app
        .store
        .save_team_budget(
            team_id,
            year,
            Currency::of_country(team.country),
            lines,
            version,
            &event(app, actor, action, Object::team(team_id)),
        )
        .await?)
}
