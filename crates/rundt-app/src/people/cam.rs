//! The team's rating of its consultant (CAM structure, like the SAM): the
//! supervisor and therapists rate the consultant about every two months;
//! only the mean of at least five ratings is ever shown.

use rundt_domain::audit::{AuditAction, Object, ObjectKind};
use rundt_domain::id::TeamId;
use rundt_domain::msg;
use rundt_domain::people::{ConsultantRating, cam_next_due};
use rundt_domain::team::Position;
use rundt_domain::user::Role;
use rundt_store::NewConsultantRatingRow;
use serde::Serialize;

use super::event;
use super::load::consultant_today;
use crate::organisation::get_team;
use crate::{Actor, App, AppError, AppResult, access};

/// A team member rates the team's consultant; returns the rating's score
/// (none when too few items were answered).
pub async fn rate_consultant(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
    rating: &ConsultantRating,
) -> AppResult<Option<f64>> {
    let action = AuditAction::PeopleConsultantRating;
    let Some(p) = actor.principal() else {
        return Err(AppError::Conflict(msg!("consultant-rating-by-team")));
    };
    get_team(app, team_id).await?;
    if !(matches!(p.role, Role::Therapist | Role::Supervisor) && p.team_ids.contains(&team_id)) {
        return Err(access::refuse(
            app,
            p,
            action,
            Object::team(team_id),
            msg!("consultant-rating-own-team"),
        )
        .await);
    }
    rating.validate(app.clock.today())?;
    let consultant_id = consultant_today(app, team_id)
        .await?
        .ok_or_else(|| AppError::Conflict(msg!("consultant-rating-no-consultant")))?;
    let score = rating.score();
    let row = NewConsultantRatingRow {
        team_id,
        consultant_id,
        rater_id: p.user_id,
        rated_on: rating.date,
        answers: rating.answers.clone(),
        score,
        created_at: app.clock.now(),
    };
    let event = event(app, actor, action, Object::of(ObjectKind::ConsultantRating));
    app.store.record_consultant_rating(&row, &event).await?;
    Ok(score)
}

/// When the reader's next rating of a team's consultant is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CamDue {
    pub team_id: TeamId,
    pub team_name: String,
    pub due: chrono::NaiveDate,
    pub overdue: bool,
    pub last: Option<chrono::NaiveDate>,
}

/// The reader's consultant-rating reminders: for each of their teams that
/// has a consultant, when the next rating is due (empty for roles that do
/// not rate).
pub async fn cam_due(app: &App, actor: &Actor) -> AppResult<Vec<CamDue>> {
    let teams = actor
        .principal()
        .map(|p| p.team_ids.clone())
        .unwrap_or_default();
    cam_due_in(app, actor, &teams).await
}

/// The reader's consultant-rating reminders in those of `teams` they are in.
pub(crate) async fn cam_due_in(
    app: &App,
    actor: &Actor,
    teams: &[TeamId],
) -> AppResult<Vec<CamDue>> {
    let Some(p) = actor
        .principal()
        .filter(|p| matches!(p.role, Role::Therapist | Role::Supervisor))
    else {
        return Ok(Vec::new());
    };
    let today = app.clock.today();
    let mut out = Vec::new();
    for team_id in teams.iter().filter(|t| p.team_ids.contains(t)) {
        let members = app.store.list_team_members(*team_id, today).await?;
        if !members.iter().any(|m| m.position == Position::Consultant) {
            continue;
        }
        let joined = members
            .iter()
            .filter(|m| m.user_id == p.user_id)
            .map(|m| m.since)
            .min()
            .unwrap_or(today);
        let last = app
            .store
            .last_consultant_rating(*team_id, p.user_id)
            .await?;
        let due = cam_next_due(joined, last);
        let team_name = get_team(app, *team_id).await?.name;
        out.push(CamDue {
            team_id: *team_id,
            team_name,
            due,
            overdue: due < today,
            last,
        });
    }
    Ok(out)
}
