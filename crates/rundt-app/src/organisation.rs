//! Teams: creating them, their owning municipalities, their staff, and how
//! their composition compares with the programme model.

use chrono::NaiveDate;
use rundt_domain::FieldError;
use rundt_domain::access::{Action, Principal, TeamScope};
use rundt_domain::audit::{AuditAction, Object, ObjectKind};
use rundt_domain::country::Country;
use rundt_domain::id::UserId;
use rundt_domain::municipality::{Municipality, MunicipalityCode};
use rundt_domain::programme::ProgrammeModel;
use rundt_domain::team::{
    CompositionWarning, NewTeam, Ownership, Position, Team, TeamId, assess_composition,
    parse_owners,
};
use rundt_domain::user::Role;
use rundt_domain::user::role_word;
use rundt_domain::{Arg, msg};
use rundt_store::{TeamAt, TeamMember};
use serde::{Deserialize, Serialize};

use crate::{Actor, App, AppError, AppResult, access};

/// An owning municipality with its name, for display.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerView {
    pub municipality_code: MunicipalityCode,
    /// Name of the municipality holding the code today; `None` if the code is
    /// no longer in force.
    pub municipality_name: Option<String>,
    /// Share in percent, e.g. 33.33.
    pub share_percent: f64,
}

/// A team with everything its page shows.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamOverview {
    pub id: TeamId,
    pub name: String,
    pub country: Country,
    pub programme_model: ProgrammeModel,
    pub owners: Vec<OwnerView>,
    /// The day the team starts (or started) working with families.
    pub started_on: NaiveDate,
    /// The last day it works with families, once the owners decided to
    /// close it.
    pub closed_on: Option<NaiveDate>,
    pub members: Vec<TeamMember>,
    /// Differences from the programme model's norms. Warnings, not errors.
    pub warnings: Vec<CompositionWarning>,
    pub version: i64,
}

impl TeamOverview {
    /// The team as access control sees it.
    pub fn scope(&self) -> TeamScope {
        TeamScope {
            id: self.id,
            country: self.country,
            owner_municipalities: self
                .owners
                .iter()
                .map(|o| o.municipality_code.clone())
                .collect(),
        }
    }
}

/// Input to create a team.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateTeam {
    pub name: String,
    /// `DK` or `NO`.
    pub country: String,
    /// `MST` or `MST-CAN` (or another configured model).
    pub programme_model: String,
    pub owners: Vec<OwnerInput>,
    /// The day the team starts working with families; today if left out.
    #[serde(default)]
    pub started_on: Option<NaiveDate>,
}

/// One owning municipality and its share.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerInput {
    /// Official code, e.g. `0751` (Aarhus) or `0301` (Oslo).
    pub municipality_code: String,
    /// Percentage with at most two decimals; all shares add up to 100.
    pub share_percent: f64,
}

fn owner_pairs(owners: &[OwnerInput]) -> Vec<(String, f64)> {
    owners
        .iter()
        .map(|o| (o.municipality_code.clone(), o.share_percent))
        .collect()
}

async fn programme_model(app: &App, code: &str) -> AppResult<ProgrammeModel> {
    if let Some(m) = app.store.get_programme_model(code).await? {
        return Ok(m);
    }
    let known: Vec<String> = app
        .store
        .list_programme_models()
        .await?
        .into_iter()
        .map(|m| m.code)
        .collect();
    Err(AppError::invalid(
        "programme_model",
        msg!(
            "programme-model-unknown-known",
            given = code,
            known = known.join(", ")
        ),
    ))
}

/// Checks that every owner is a municipality of the team's country today.
async fn check_owners_exist(app: &App, country: Country, owners: &[Ownership]) -> AppResult<()> {
    let today = app.clock.today();
    let mut errors = Vec::new();
    for (i, o) in owners.iter().enumerate() {
        if app
            .store
            .find_municipality(country, &o.municipality_code, today)
            .await?
            .is_none()
        {
            errors.push(FieldError::new(
                format!("owners[{i}].municipality_code"),
                msg!(
                    "municipality-unknown-on",
                    country = country.to_string(),
                    code = &o.municipality_code,
                    date = today
                ),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(errors))
    }
}

pub async fn create_team(app: &App, actor: &Actor, input: &CreateTeam) -> AppResult<TeamOverview> {
    let team = NewTeam::parse(
        &input.name,
        &input.country,
        &input.programme_model,
        &owner_pairs(&input.owners),
        input.started_on.unwrap_or_else(|| app.clock.today()),
    )?;
    access::check(
        app,
        actor,
        &Action::ManageTeams(team.country),
        AuditAction::TeamCreate,
        Object::of(ObjectKind::Team),
    )
    .await?;
    programme_model(app, &team.programme_model).await?;
    check_owners_exist(app, team.country, &team.owners).await?;
    let event = actor.event(
        app.clock.now(),
        AuditAction::TeamCreate,
        Object::of(ObjectKind::Team),
    );
    let created = app.store.create_team(&team, &event).await?;
    Ok(load_team(app, created.id).await?.overview())
}

pub async fn replace_owners(
    app: &App,
    actor: &Actor,
    id: TeamId,
    expected_version: i64,
    owners: &[OwnerInput],
) -> AppResult<TeamOverview> {
    let team = managed_team(app, actor, id, AuditAction::TeamOwnersReplace).await?;
    let owners = parse_owners(team.country, &owner_pairs(owners))?;
    check_owners_exist(app, team.country, &owners).await?;
    let event = actor.event(
        app.clock.now(),
        AuditAction::TeamOwnersReplace,
        Object::team(id),
    );
    let updated = app
        .store
        .replace_team_owners(id, expected_version, &owners, &event)
        .await?;
    Ok(load_team(app, updated.id).await?.overview())
}

/// Loads a team whose owners or staff the actor is about to change, and
/// checks (audited) that the actor manages teams of its country.
async fn managed_team(
    app: &App,
    actor: &Actor,
    id: TeamId,
    audit_action: AuditAction,
) -> AppResult<Team> {
    let team = get_team(app, id).await?;
    access::check(
        app,
        actor,
        &Action::ManageTeams(team.country),
        audit_action,
        Object::team(id),
    )
    .await?;
    Ok(team)
}

pub(crate) async fn get_team(app: &App, id: TeamId) -> AppResult<Team> {
    app.store
        .get_team(id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("team {id}")))
}

/// The programme model a team works by; a team always has one, so a
/// missing model is an internal error.
pub(crate) async fn model_of(app: &App, team: &Team) -> AppResult<ProgrammeModel> {
    app.store
        .get_programme_model(&team.programme_model)
        .await?
        .ok_or_else(|| AppError::Internal(format!("team {} has an unknown model", team.id)))
}

/// A team as access control sees it.
pub(crate) fn team_scope(team: &Team) -> TeamScope {
    TeamScope {
        id: team.id,
        country: team.country,
        owner_municipalities: team
            .owners
            .iter()
            .map(|o| o.municipality_code.clone())
            .collect(),
    }
}

/// A team read once for its page, with what the page's sections need
/// beside it: its programme model and its members today. The capacity, the
/// supervision agenda, the on-call summary and the people reminders take it
/// as it is instead of reading the team again (issue 17: the team page read
/// the team six times, its members four and its model three).
#[derive(Debug, Clone)]
pub struct TeamAtHand {
    pub team: Team,
    pub model: ProgrammeModel,
    /// Today's members, ordered by position then name.
    pub members: Vec<TeamMember>,
    /// Each owner's municipality name today, in the order of `team.owners`.
    owner_names: Vec<Option<String>>,
}

impl TeamAtHand {
    /// The team as its page and the API show it.
    pub fn overview(&self) -> TeamOverview {
        let team = &self.team;
        let mut members = self.members.clone();
        members.sort_by_key(|m| Position::ALL.iter().position(|p| *p == m.position));
        let positions: Vec<Position> = members.iter().map(|m| m.position).collect();
        let warnings = assess_composition(&self.model, &positions);
        let mut owners: Vec<OwnerView> = team
            .owners
            .iter()
            .zip(self.owner_names.iter().chain(std::iter::repeat(&None)))
            .map(|(o, name)| OwnerView {
                municipality_code: o.municipality_code.clone(),
                municipality_name: name.clone(),
                share_percent: f64::from(o.share_bp) / 100.0,
            })
            .collect();
        owners.sort_by(|a, b| {
            b.share_percent
                .total_cmp(&a.share_percent)
                .then_with(|| a.municipality_name.cmp(&b.municipality_name))
        });
        TeamOverview {
            id: team.id,
            name: team.name.clone(),
            country: team.country,
            programme_model: self.model.clone(),
            owners,
            started_on: team.started_on,
            closed_on: team.closed_on,
            members,
            warnings,
            version: team.version,
        }
    }
}

/// Team `id` with its model and today's members, in one store call. No
/// access check: callers decide what they show.
pub(crate) async fn load_team(app: &App, id: TeamId) -> AppResult<TeamAtHand> {
    let at = app
        .store
        .team_at(id, app.clock.today())
        .await?
        .ok_or_else(|| AppError::NotFound(format!("team {id}")))?;
    at_hand(at)
}

/// A team as the store read it, with the model it names.
fn at_hand(at: TeamAt) -> AppResult<TeamAtHand> {
    let id = at.team.id;
    let model = at
        .model
        .ok_or_else(|| AppError::Internal(format!("team {id} has an unknown model")))?;
    Ok(TeamAtHand {
        team: at.team,
        model,
        members: at.members,
        owner_names: at.owner_names,
    })
}

/// Team `id` for its page, for those who may see the team.
pub async fn team_at_hand(app: &App, actor: &Actor, id: TeamId) -> AppResult<TeamAtHand> {
    let team = load_team(app, id).await?;
    access::check(
        app,
        actor,
        &Action::ViewTeam(&team_scope(&team.team)),
        AuditAction::TeamRead,
        Object::team(id),
    )
    .await?;
    Ok(team)
}

pub async fn team_overview(app: &App, actor: &Actor, id: TeamId) -> AppResult<TeamOverview> {
    Ok(team_at_hand(app, actor, id).await?.overview())
}

/// The teams the actor may see.
pub async fn team_overviews(app: &App, actor: &Actor) -> AppResult<Vec<TeamOverview>> {
    let mut out = Vec::new();
    for at in app.store.teams_at(app.clock.today()).await? {
        let visible = actor.principal().is_none_or(|p| {
            rundt_domain::access::authorize(p, &Action::ViewTeam(&team_scope(&at.team)))
                .is_allowed()
        });
        if visible {
            out.push(at_hand(at)?.overview());
        }
    }
    Ok(out)
}

/// Input to add a person to a team.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddMember {
    pub user_id: UserId,
    /// supervisor, therapist, crisis_caseworker, psychiatrist, milieu_therapist or administrator
    pub position: String,
    /// First day in the position; today if left out.
    pub since: Option<NaiveDate>,
}

pub async fn add_member(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
    input: &AddMember,
) -> AppResult<TeamMember> {
    let position: Position = input.position.parse()?;
    let team = managed_team(app, actor, team_id, AuditAction::TeamMemberAdd).await?;
    let user = crate::users::existing_user(app, input.user_id).await?;
    if user.country != team.country {
        return Err(AppError::invalid(
            "user_id",
            msg!(
                "user-other-country",
                name = &user.display_name,
                user_country = Arg::word(user.country.to_string()),
                team_country = Arg::word(team.country.to_string())
            ),
        ));
    }
    if !position.open_to(user.role) {
        return Err(AppError::invalid(
            "position",
            msg!(
                "role-cannot-hold-position",
                role = Arg::word(role_word(user.role)),
                position = Arg::word(position.as_str())
            ),
        ));
    }
    if !user.active {
        return Err(AppError::Conflict(msg!(
            "user-deactivated",
            name = &user.display_name
        )));
    }
    let since = input.since.unwrap_or_else(|| app.clock.today());
    let event = actor.event(
        app.clock.now(),
        AuditAction::TeamMemberAdd,
        Object::of(ObjectKind::TeamMembership),
    );
    Ok(app
        .store
        .add_team_member(team_id, user.id, position, since, &event)
        .await?)
}

/// Records the last day a team works with families (or, with `None`, that
/// it goes on after all): the national office of its country. Refused for a
/// day before the team started; nothing is stored then.
pub async fn close_team(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
    closed_on: Option<NaiveDate>,
) -> AppResult<TeamOverview> {
    let team = managed_team(app, actor, team_id, AuditAction::TeamClose).await?;
    team.check_closed_on(closed_on)?;
    let event = actor.event(
        app.clock.now(),
        AuditAction::TeamClose,
        Object::team(team_id),
    );
    let closed = app
        .store
        .set_team_closed_on(team_id, closed_on, &event)
        .await?;
    Ok(load_team(app, closed.id).await?.overview())
}

/// Ends a membership of a team; the membership must be a current one of
/// that team.
pub async fn end_membership(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
    membership_id: i64,
    until: Option<NaiveDate>,
) -> AppResult<TeamMember> {
    managed_team(app, actor, team_id, AuditAction::TeamMemberEnd).await?;
    let until = until.unwrap_or_else(|| app.clock.today());
    let event = actor.event(
        app.clock.now(),
        AuditAction::TeamMemberEnd,
        Object::keyed(ObjectKind::TeamMembership, membership_id),
    );
    Ok(app
        .store
        .end_team_membership(team_id, membership_id, until, &event)
        .await?)
}

/// A team as lists and forms name it: no owners, no staff, nothing personal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamName {
    pub id: TeamId,
    pub name: String,
    pub country: Country,
    /// Code of the programme model, e.g. `MST`.
    pub programme_model: String,
}

/// The names of every team, for anyone logged in (the referral form lists a
/// country's teams; the families list and the dashboards name them).
pub async fn team_names(app: &App) -> AppResult<Vec<TeamName>> {
    Ok(app
        .store
        .list_teams()
        .await?
        .into_iter()
        .map(|t| TeamName {
            id: t.id,
            name: t.name,
            country: t.country,
            programme_model: t.programme_model,
        })
        .collect())
}

/// Whether `who` creates teams and changes their owners and staff in
/// `country` (the national office of that country). Pages ask this to
/// offer the forms; the use cases decide again, and audit a refusal.
pub fn manages_teams(who: &Principal, country: Country) -> bool {
    rundt_domain::access::authorize(who, &Action::ManageTeams(country)).is_allowed()
}

/// What the forms that create or change a team choose from.
#[derive(Debug, Clone)]
pub struct TeamChoices {
    pub country: Country,
    /// The programme models a team may work by (MST, MST-CAN …).
    pub models: Vec<ProgrammeModel>,
    /// The country's municipalities in force today, by name.
    pub municipalities: Vec<Municipality>,
}

/// The choices of the new-team form for `who`'s country; only for those
/// who manage its teams (a refusal is audited like a refused creation).
pub async fn new_team_choices(app: &App, who: &Principal) -> AppResult<TeamChoices> {
    access::require(
        app,
        who,
        &Action::ManageTeams(who.country),
        AuditAction::TeamCreate,
        Object::of(ObjectKind::Team),
    )
    .await?;
    choices_in(app, who.country).await
}

async fn choices_in(app: &App, country: Country) -> AppResult<TeamChoices> {
    let mut municipalities = app
        .store
        .list_municipalities(Some(country), Some(app.clock.today()))
        .await?;
    municipalities.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.code.cmp(&b.code)));
    Ok(TeamChoices {
        country,
        models: app.store.list_programme_models().await?,
        municipalities,
    })
}

/// Someone who may be given a position in a team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub user_id: UserId,
    pub display_name: String,
    pub username: String,
    pub role: Role,
}

/// What the administrator of a team's staff and owners chooses from: the
/// active accounts of the team's country whose role may hold a position
/// in a team, and the municipalities that may own it.
#[derive(Debug, Clone)]
pub struct TeamAdminChoices {
    pub candidates: Vec<Candidate>,
    pub choices: TeamChoices,
}

/// The choices of a team's staff and owner forms; only for those who
/// manage the team's country's teams (a refusal is audited).
pub async fn team_admin_choices(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
) -> AppResult<TeamAdminChoices> {
    let team = managed_team(app, actor, team_id, AuditAction::TeamMemberAdd).await?;
    let mut candidates: Vec<Candidate> = app
        .store
        .list_users()
        .await?
        .into_iter()
        .filter(|u| {
            u.active && u.country == team.country && Position::ALL.iter().any(|p| p.open_to(u.role))
        })
        .map(|u| Candidate {
            user_id: u.id,
            display_name: u.display_name,
            username: u.username,
            role: u.role,
        })
        .collect();
    candidates.sort_by(|a, b| {
        a.display_name
            .cmp(&b.display_name)
            .then_with(|| a.username.cmp(&b.username))
    });
    Ok(TeamAdminChoices {
        candidates,
        choices: choices_in(app, team.country).await?,
    })
}
