//! One person's record: the courses they took, and in each team they are
//! in now, their flags, their meetings of the attendance window, their
//! boosters of the year, their development plan and the supervisor's
//! exception if there is one. For the person, and the supervisor and
//! consultant of a team they share.

use chrono::NaiveDate;
use rundt_domain::access::{Action, authorize};
use rundt_domain::audit::{AuditAction, Object};
use rundt_domain::id::{TeamId, UserId};
use rundt_domain::people::{
    AbsenceReason, Booster, DevelopmentPlan, MeetingKind, PersonFlags, TrainingException,
    TrainingRecord,
};
use rundt_domain::team::Position;
use rundt_domain::user::Role;
use serde::Serialize;

use super::event;
use super::load::{TeamData, load};
use crate::organisation::{get_team, team_scope};
use crate::{Actor, App, AppError, AppResult, access};

/// The person at one meeting of the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingLine {
    pub held_on: NaiveDate,
    pub kind: MeetingKind,
    /// None: the meeting was recorded without the person on its list.
    pub present: Option<bool>,
    pub absence_reason: Option<AbsenceReason>,
}

/// The person in one team they are in now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonInTeam {
    pub team_id: TeamId,
    pub team_name: String,
    pub programme_model: String,
    pub position: Position,
    /// None for a post the flags are not kept for (not a therapist or
    /// supervisor).
    pub flags: Option<PersonFlags>,
    pub meetings: Vec<MeetingLine>,
    /// Boosters of the team held in the last year or planned, whether the
    /// person attended or not.
    pub boosters: Vec<Booster>,
    pub plan: Option<DevelopmentPlan>,
    pub exceptions: Vec<TrainingException>,
    /// Whether the reader writes and reviews this plan.
    pub may_write_plan: bool,
    /// Whether the reader may record an exception to the initial training.
    pub may_record_exception: bool,
}

/// A person's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonRecord {
    pub user_id: UserId,
    pub name: String,
    pub role: Role,
    pub training: Vec<TrainingRecord>,
    pub teams: Vec<PersonInTeam>,
    /// Whether the reader may record a course for the person.
    pub may_record_training: bool,
    /// The reader is the person.
    pub own: bool,
}

/// The person's record, for the person and the supervisor and consultant
/// of a team they are in; reading it is audited.
pub async fn person_record(app: &App, actor: &Actor, user_id: UserId) -> AppResult<PersonRecord> {
    let action = AuditAction::PeoplePersonRead;
    let person_teams = app.store.user_team_ids(user_id, app.clock.now()).await?;
    let who = Action::ViewPersonRecord {
        person: user_id,
        person_teams: &person_teams,
    };
    access::check(app, actor, &who, action, Object::user(user_id)).await?;
    let user = app
        .store
        .get_user(user_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("user {user_id}")))?;
    app.store
        .append_audit(&event(app, actor, action, Object::user(user_id)))
        .await?;
    let own = actor.principal().is_some_and(|p| p.user_id == user_id);
    let mut teams = Vec::new();
    for team_id in &person_teams {
        // A reader who is not the person sees them in the teams they share.
        let shared = own
            || actor
                .principal()
                .is_none_or(|p| p.team_ids.contains(team_id));
        if !shared {
            continue;
        }
        let data = load(app, get_team(app, *team_id).await?).await?;
        if let Some(in_team) = in_team(actor, &data, user_id) {
            teams.push(in_team);
        }
    }
    let training = app.store.training_records(&[user_id]).await?;
    Ok(PersonRecord {
        user_id,
        name: user.display_name,
        role: user.role,
        training,
        teams,
        may_record_training: true,
        own,
    })
}

fn in_team(actor: &Actor, data: &TeamData, user_id: UserId) -> Option<PersonInTeam> {
    let position = data.current_position(user_id)?;
    let flags = data.flags().into_iter().find(|f| f.span.user_id == user_id);
    // Only what happened since the person joined the team is theirs.
    let joined = data
        .members
        .iter()
        .filter(|m| m.user_id == user_id)
        .map(|m| m.since)
        .min()
        .unwrap_or(data.today);
    let meetings = data
        .meetings
        .iter()
        .rev()
        .filter(|m| m.held_on >= joined)
        .map(|m| {
            let mine = m.attendance.iter().find(|a| a.user_id == user_id);
            MeetingLine {
                held_on: m.held_on,
                kind: m.kind,
                present: mine.map(|a| a.present),
                absence_reason: mine.and_then(|a| a.absence_reason),
            }
        })
        .collect();
    let year_ago = data.today - chrono::Duration::days(365);
    let boosters = data
        .boosters
        .iter()
        .filter(|b| b.held_on.is_none_or(|h| h > year_ago && h >= joined))
        .cloned()
        .collect();
    let scope = team_scope(&data.team);
    let allowed = |what: Action<'_>| {
        actor
            .principal()
            .is_some_and(|p| authorize(p, &what).is_allowed())
    };
    let may_write_plan = allowed(Action::WritePlan {
        team: &scope,
        subject_is_supervisor: position == Position::Supervisor,
    });
    let may_record_exception = allowed(Action::RecordTrainingException(&scope));
    Some(PersonInTeam {
        team_id: data.team.id,
        team_name: data.team.name.clone(),
        programme_model: data.team.programme_model.clone(),
        position,
        flags,
        meetings,
        boosters,
        plan: data.plans.iter().find(|p| p.user_id == user_id).cloned(),
        exceptions: data
            .exceptions
            .iter()
            .filter(|e| e.user_id == user_id)
            .cloned()
            .collect(),
        may_write_plan,
        may_record_exception,
    })
}
