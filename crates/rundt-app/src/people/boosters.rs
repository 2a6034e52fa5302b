//! The team's method boosters, four a year: planned for a day, held with
//! a topic, a trainer and who attended. The supervisor and the consultant
//! plan and record them.

use chrono::NaiveDate;
use rundt_domain::access::Action;
use rundt_domain::audit::{AuditAction, Object, ObjectKind};
use rundt_domain::id::{TeamId, UserId};
use rundt_domain::people::{Booster, HoldBooster, NewBooster};
use rundt_domain::team::Team;

use super::event;
use crate::organisation::{get_team, team_scope};
use crate::{Actor, App, AppError, AppResult, access};

async fn require_manage(
    app: &App,
    actor: &Actor,
    team: &Team,
    action: AuditAction,
) -> AppResult<()> {
    let scope = team_scope(team);
    access::check(
        app,
        actor,
        &Action::ManageBoosters(&scope),
        action,
        Object::team(team.id),
    )
    .await
    .map(|_| ())
}

/// Everyone who was in the team on some day from `from` to today: who may
/// be listed as attending a booster held on `from`.
async fn members_since(app: &App, team_id: TeamId, from: NaiveDate) -> AppResult<Vec<UserId>> {
    let today = app.clock.today();
    let mut ids: Vec<UserId> = app
        .store
        .team_members_between(team_id, from.min(today), today)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// Plans a booster, or records one already held with who attended.
pub async fn add_booster(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
    input: &NewBooster,
) -> AppResult<Booster> {
    let action = if input.held_on.is_some() {
        AuditAction::PeopleBoosterHold
    } else {
        AuditAction::PeopleBoosterPlan
    };
    let team = get_team(app, team_id).await?;
    require_manage(app, actor, &team, action).await?;
    let day = input.held_on.unwrap_or(input.planned_on);
    let members = members_since(app, team_id, day).await?;
    let booster = input.validate(app.clock.today(), &members)?;
    let event = event(app, actor, action, Object::team(team_id));
    Ok(app.store.add_booster(team_id, &booster, &event).await?)
}

/// Records a planned booster as held, at the version the reader saw.
pub async fn hold_booster(
    app: &App,
    actor: &Actor,
    booster_id: i64,
    version: i64,
    input: &HoldBooster,
) -> AppResult<Booster> {
    let action = AuditAction::PeopleBoosterHold;
    let not_found = || AppError::NotFound(format!("booster {booster_id}"));
    let booster = app
        .store
        .get_booster(booster_id)
        .await?
        .ok_or_else(not_found)?;
    let team = get_team(app, booster.team_id).await?;
    require_manage(app, actor, &team, action).await?;
    let members = members_since(app, team.id, input.held_on).await?;
    input.validate(&booster, app.clock.today(), &members)?;
    let event = event(
        app,
        actor,
        action,
        Object::keyed(ObjectKind::Booster, booster_id),
    );
    Ok(app
        .store
        .hold_booster(booster_id, version, input, &event)
        .await?)
}
