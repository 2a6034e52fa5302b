//! Individual development plans: the supervisor writes each therapist's
//! with them, the consultant the supervisor's; goals tied to the model's
//! competences, actions, a review date. Every version is kept; a review
//! records what came of the plan and when to look again.

use rundt_domain::access::Action;
use rundt_domain::audit::{AuditAction, Object, ObjectKind};
use rundt_domain::id::{TeamId, UserId};
use rundt_domain::msg;
use rundt_domain::people::{DevelopmentPlan, NewPlanReview, NewPlanVersion, PlanReview};
use rundt_domain::team::{Position, Team};

use super::load::post_today;
use super::{event, written};
use crate::organisation::{get_team, team_scope};
use crate::{Actor, App, AppError, AppResult, access};

/// The subject's current post in the team, if it is one a plan is written
/// for (therapist or supervisor).
async fn plan_subject(app: &App, team: &Team, user_id: UserId) -> AppResult<Position> {
    match post_today(app, team.id, user_id).await? {
        Some(p @ (Position::Therapist | Position::Supervisor)) => Ok(p),
        _ => Err(AppError::invalid(
            "user_id",
            msg!("plan-subject-not-in-team"),
        )),
    }
}

/// The writer's check: the supervisor for a therapist, the consultant for
/// the supervisor.
async fn require_writer(
    app: &App,
    actor: &Actor,
    team: &Team,
    user_id: UserId,
    action: AuditAction,
) -> AppResult<()> {
    let position = plan_subject(app, team, user_id).await?;
    let scope = team_scope(team);
    let who = Action::WritePlan {
        team: &scope,
        subject_is_supervisor: position == Position::Supervisor,
    };
    access::check(app, actor, &who, action, Object::user(user_id))
        .await
        .map(|_| ())
}

/// Writes the first version of a person's plan (`version` none) or the
/// next one after `version`.
pub async fn save_plan(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
    user_id: UserId,
    version: Option<i64>,
    input: &NewPlanVersion,
) -> AppResult<DevelopmentPlan> {
    let action = AuditAction::PeoplePlanSave;
    let team = get_team(app, team_id).await?;
    require_writer(app, actor, &team, user_id, action).await?;
    let today = app.clock.today();
    let plan = input.validate(today)?;
    let event = event(app, actor, action, Object::user(user_id));
    Ok(app
        .store
        .save_plan_version(
            team_id,
            user_id,
            version,
            &plan,
            today,
            written(app, actor),
            &event,
        )
        .await?)
}

/// Records a review of the person's plan.
pub async fn review_plan(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
    user_id: UserId,
    input: &NewPlanReview,
) -> AppResult<PlanReview> {
    let action = AuditAction::PeoplePlanReview;
    let team = get_team(app, team_id).await?;
    require_writer(app, actor, &team, user_id, action).await?;
    let plan = app
        .store
        .development_plan(team_id, user_id)
        .await?
        .ok_or_else(|| AppError::Conflict(msg!("plan-missing-for-review")))?;
    let review = input.validate(&plan, app.clock.today())?;
    let object = Object::keyed(ObjectKind::DevelopmentPlan, plan.id);
    let event = event(app, actor, action, object);
    Ok(app
        .store
        .add_plan_review(plan.id, &review, written(app, actor), &event)
        .await?)
}

/// Every version of the person's plan in the team, oldest first, for the
/// person and the team's supervisor and consultant; reading is audited.
pub async fn plan_history(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
    user_id: UserId,
) -> AppResult<Vec<DevelopmentPlan>> {
    let action = AuditAction::PeoplePersonRead;
    get_team(app, team_id).await?;
    // The plan of this team: its supervisor and consultant, not another
    // team's, see it (and the person).
    let person_teams: Vec<TeamId> = app
        .store
        .user_team_ids(user_id, app.clock.now())
        .await?
        .into_iter()
        .filter(|t| *t == team_id)
        .collect();
    let who = Action::ViewPersonRecord {
        person: user_id,
        person_teams: &person_teams,
    };
    access::check(app, actor, &who, action, Object::user(user_id)).await?;
    let Some(plan) = app.store.development_plan(team_id, user_id).await? else {
        return Ok(Vec::new());
    };
    app.store
        .append_audit(&event(
            app,
            actor,
            action,
            Object::keyed(ObjectKind::DevelopmentPlan, plan.id),
        ))
        .await?;
    Ok(app.store.plan_versions(plan.id).await?)
}

/// A person's plan in a team as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanView {
    pub team_id: TeamId,
    pub team_name: String,
    pub user_id: UserId,
    pub name: String,
    pub position: Position,
    /// Every version, oldest first; the last is in force.
    pub versions: Vec<DevelopmentPlan>,
    /// The next review, once there is a plan.
    pub due: Option<rundt_domain::people::PlanDue>,
    /// Whether the reader writes and reviews this plan.
    pub may_write: bool,
}

/// The person's plan in the team with its history, for the person and the
/// team's supervisor and consultant.
pub async fn plan_view(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
    user_id: UserId,
) -> AppResult<PlanView> {
    let versions = plan_history(app, actor, team_id, user_id).await?;
    let team = get_team(app, team_id).await?;
    let position = plan_subject(app, &team, user_id).await?;
    let scope = team_scope(&team);
    let may_write = actor.principal().is_some_and(|p| {
        rundt_domain::access::authorize(
            p,
            &Action::WritePlan {
                team: &scope,
                subject_is_supervisor: position == Position::Supervisor,
            },
        )
        .is_allowed()
    });
    let name = app
        .store
        .get_user(user_id)
        .await?
        .map(|u| u.display_name)
        .unwrap_or_default();
    let due = versions
        .last()
        .map(|p| rundt_domain::people::plan_due(p, app.clock.today()));
    Ok(PlanView {
        team_id,
        team_name: team.name,
        user_id,
        name,
        position,
        versions,
        due,
        may_write,
    })
}
