//! Who sees and sets money. The rule is the domain's
//! ([`rundt_domain::access`]): the national office, the managers of the
//! owning and buying municipalities (their own), the team's supervisor
//! (read); never therapists. Here each use case asks it, and a refusal is
//! audited.

use rundt_domain::access::{Action, Principal, TeamScope, authorize};
use rundt_domain::audit::{AuditAction, Object};
use rundt_domain::country::Country;
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::team::Team;

use crate::organisation::team_scope;
use crate::{Actor, App, AppResult, access};

/// Whether `who` may see the team's money (pages ask, to offer links).
pub fn may_view_team(who: &Principal, team: &Team) -> bool {
    authorize(who, &Action::ViewTeamMoney(&team_scope(team))).is_allowed()
}

/// Whether `who` may set the team's prices, budget and agreements.
pub fn may_edit_team(who: &Principal, team: &Team) -> bool {
    authorize(who, &Action::EditTeamMoney(&team_scope(team))).is_allowed()
}

/// Whether `who` may see a municipality's money.
pub fn may_view_municipality(
    who: &Principal,
    country: Country,
    municipality: &MunicipalityCode,
) -> bool {
    authorize(
        who,
        &Action::ViewMunicipalityMoney {
            country,
            municipality,
        },
    )
    .is_allowed()
}

/// Whether `who` sets the licence fees of their country (and sees every
/// team's money there).
pub fn may_manage_licence_fees(who: &Principal) -> bool {
    authorize(who, &Action::ManageLicenceFees(who.country)).is_allowed()
}

pub(crate) async fn require_view_team(
    app: &App,
    actor: &Actor,
    team: &Team,
    action: AuditAction,
) -> AppResult<()> {
    require_for_team(app, actor, team, |s| Action::ViewTeamMoney(s), action).await
}

pub(crate) async fn require_edit_team(
    app: &App,
    actor: &Actor,
    team: &Team,
    action: AuditAction,
) -> AppResult<()> {
    require_for_team(app, actor, team, |s| Action::EditTeamMoney(s), action).await
}

/// `what` of the team is allowed (a refusal audited against the team).
async fn require_for_team(
    app: &App,
    actor: &Actor,
    team: &Team,
    what: fn(&TeamScope) -> Action<'_>,
    action: AuditAction,
) -> AppResult<()> {
    let scope = team_scope(team);
    access::check(app, actor, &what(&scope), action, Object::team(team.id))
        .await
        .map(|_| ())
}

/// A municipality of `country` that has held `code` at some time, or not
/// found (a Danish code asked in Norway names no municipality).
async fn require_known(app: &App, country: Country, code: &MunicipalityCode) -> AppResult<()> {
    let known = app
        .store
        .list_municipalities(Some(country), None)
        .await?
        .iter()
        .any(|m| &m.code == code);
    if known {
        Ok(())
    } else {
        Err(crate::AppError::NotFound(format!(
            "municipality {}",
            code.as_str()
        )))
    }
}

pub(crate) async fn require_view_municipality(
    app: &App,
    actor: &Actor,
    country: Country,
    municipality: &MunicipalityCode,
    action: AuditAction,
) -> AppResult<()> {
    let view = Action::ViewMunicipalityMoney {
        country,
        municipality,
    };
    require_for_municipality(app, actor, country, &view, municipality, action).await
}

pub(crate) async fn require_edit_municipality(
    app: &App,
    actor: &Actor,
    country: Country,
    municipality: &MunicipalityCode,
    action: AuditAction,
) -> AppResult<()> {
    let edit = Action::EditMunicipalityMoney {
        country,
        municipality,
    };
    require_for_municipality(app, actor, country, &edit, municipality, action).await
}

/// The municipality is known in the country, and `what` is allowed
/// (a refusal audited against the municipality).
async fn require_for_municipality(
    app: &App,
    actor: &Actor,
    country: Country,
    what: &Action<'_>,
    municipality: &MunicipalityCode,
    action: AuditAction,
) -> AppResult<()> {
    require_known(app, country, municipality).await?;
    access::check(
        app,
        actor,
        what,
        action,
        super::municipality_object(municipality),
    )
    .await
    .map(|_| ())
}

pub(crate) async fn require_licence_fees(
    app: &App,
    actor: &Actor,
    country: Country,
    action: AuditAction,
) -> AppResult<()> {
    access::check(
        app,
        actor,
        &Action::ManageLicenceFees(country),
        action,
        super::country_object(country),
    )
    .await
    .map(|_| ())
}

/// Whether `who` may see the money of the team an overview shows (the team
/// page asks, to link to the money page).
pub fn may_view_overview(who: &Principal, team: &crate::organisation::TeamOverview) -> bool {
    authorize(who, &Action::ViewTeamMoney(&team.scope())).is_allowed()
}
