//! Who may read and edit a team's rota.

use rundt_domain::access::Principal;
use rundt_domain::audit::AuditAction;
use rundt_domain::msg;
use rundt_domain::team::Team;
use rundt_domain::user::Role;

use super::rota_object;
use crate::organisation::manages_teams;
use crate::{Actor, App, AppResult, access};

/// The team's supervisor, and the national office of its country.
pub fn may_edit(who: &Principal, team: &Team) -> bool {
    (who.role == Role::Supervisor && who.team_ids.contains(&team.id))
        || manages_teams(who, team.country)
}

/// Whoever edits it, and the team's therapists and crisis caseworker.
pub fn may_read(who: &Principal, team: &Team) -> bool {
    may_edit(who, team)
        || (matches!(who.role, Role::Therapist | Role::CrisisCaseworker)
            && who.team_ids.contains(&team.id))
}

/// Lets the actor edit the team's rota, or refuses (audited).
pub(crate) async fn require_edit(
    app: &App,
    actor: &Actor,
    team: &Team,
    action: AuditAction,
) -> AppResult<()> {
    match actor.principal() {
        Some(p) if !may_edit(p, team) => Err(access::refuse(
            app,
            p,
            action,
            rota_object(team.id),
            msg!("oncall-edit-not-allowed"),
        )
        .await),
        _ => Ok(()),
    }
}

/// Lets the actor read the team's rota, or refuses (audited).
pub(crate) async fn require_read(
    app: &App,
    actor: &Actor,
    team: &Team,
    action: AuditAction,
) -> AppResult<()> {
    match actor.principal() {
        Some(p) if !may_read(p, team) => Err(access::refuse(
            app,
            p,
            action,
            rota_object(team.id),
            msg!("oncall-read-not-allowed"),
        )
        .await),
        _ => Ok(()),
    }
}
