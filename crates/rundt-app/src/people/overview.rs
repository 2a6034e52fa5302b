//! The people figures of many teams: every team of a country for the
//! national office, the teams a municipality owns for its manager. Figures
//! only: training coverage, attendance rates, boosters held, plans
//! overdue, turnover; never a person's record or plan.

use rundt_domain::access::Action;
use rundt_domain::audit::{AuditAction, Object, ObjectKind};
use rundt_domain::country::Country;
use rundt_domain::id::TeamId;
use rundt_domain::msg;
use rundt_domain::people::TeamPeopleFigures;
use rundt_domain::team::Team;
use rundt_domain::user::Role;
use serde::Serialize;

use super::event;
use super::load::load;
use crate::{Actor, App, AppError, AppResult, access};

/// One team's figures in an overview.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamFiguresRow {
    pub team_id: TeamId,
    pub team_name: String,
    pub programme_model: String,
    /// The team's last day, when it has closed or will close.
    pub closed_on: Option<chrono::NaiveDate>,
    pub figures: TeamPeopleFigures,
}

async fn rows(app: &App, teams: Vec<Team>) -> AppResult<Vec<TeamFiguresRow>> {
    let mut out = Vec::new();
    for team in teams {
        let data = load(app, team).await?;
        let flags = data.flags();
        out.push(TeamFiguresRow {
            team_id: data.team.id,
            team_name: data.team.name.clone(),
            programme_model: data.team.programme_model.clone(),
            closed_on: data.team.closed_on,
            figures: data.figures(&flags),
        });
    }
    out.sort_by(|a, b| a.team_name.cmp(&b.team_name));
    Ok(out)
}

/// Every team of `country`, for its national office.
pub async fn national_people(
    app: &App,
    actor: &Actor,
    country: Country,
) -> AppResult<Vec<TeamFiguresRow>> {
    let action = AuditAction::PeopleNationalRead;
    let object = Object::of(ObjectKind::Country);
    let who = Action::ViewNationalAggregates(country);
    access::check(app, actor, &who, action, object).await?;
    app.store
        .append_audit(&event(app, actor, action, object))
        .await?;
    let teams = app
        .store
        .list_teams()
        .await?
        .into_iter()
        .filter(|t| t.country == country)
        .collect();
    rows(app, teams).await
}

/// The teams the manager's municipality owns.
pub async fn municipality_people(app: &App, actor: &Actor) -> AppResult<Vec<TeamFiguresRow>> {
    let action = AuditAction::PeopleTeamRead;
    let Some(p) = actor.principal() else {
        return Err(AppError::Conflict(msg!("people-for-managers")));
    };
    let code = match (&p.municipality_code, p.role) {
        (Some(code), Role::MunicipalManager) => code.clone(),
        _ => {
            let object = Object::of(ObjectKind::Team);
            return Err(access::refuse_no_access(app, p, action, object).await);
        }
    };
    let teams: Vec<Team> = app
        .store
        .list_teams()
        .await?
        .into_iter()
        .filter(|t| t.country == p.country && t.owners.iter().any(|o| o.municipality_code == code))
        .collect();
    for team in &teams {
        app.store
            .append_audit(&event(app, actor, action, Object::team(team.id)))
            .await?;
    }
    rows(app, teams).await
}
