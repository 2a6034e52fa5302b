//! A team's people page: the figures for everyone who may see them, and
//! person by person for the team's supervisor and consultant.

use rundt_domain::access::{Action, authorize};
use rundt_domain::audit::{AuditAction, Object};
use rundt_domain::country::Country;
use rundt_domain::id::{TeamId, UserId};
use rundt_domain::people::{Booster, PersonFlags, TeamPeopleFigures, TrainingException};
use rundt_domain::team::Position;
use serde::Serialize;

use super::event;
use super::load::{TeamData, load};
use crate::organisation::{get_team, team_scope};
use crate::{Actor, App, AppResult, access};

/// One person of the team with their flags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamPersonRow {
    pub user_id: UserId,
    pub name: String,
    pub flags: PersonFlags,
    /// Whether the reader writes this person's development plan.
    pub may_write_plan: bool,
}

/// A team's people as the reader may see them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamPeople {
    pub team_id: TeamId,
    pub team_name: String,
    pub country: Country,
    pub programme_model: String,
    pub figures: TeamPeopleFigures,
    /// Person by person, for the team's supervisor and consultant; none
    /// for those who see the figures only.
    pub people: Option<Vec<TeamPersonRow>>,
    /// The boosters of the last year and those planned (supervisor and
    /// consultant only).
    pub boosters: Vec<Booster>,
    /// The supervisor's exceptions to the initial training.
    pub exceptions: Vec<TrainingException>,
    /// Everyone in the team today (id, name, position): the choices of the
    /// booster and attendance forms.
    pub members: Vec<MemberName>,
    pub may_manage_boosters: bool,
    pub may_record_exception: bool,
    /// What the reader is asked to act on in this team (supervisor and
    /// consultant; empty for those who see the figures only).
    pub reminders: Vec<super::PeopleReminder>,
}

/// The team's people for `actor`: the figures for the national office,
/// the owners' managers, the supervisor and the consultant; person by
/// person for the last two. Reading is audited.
pub async fn team_people(app: &App, actor: &Actor, team_id: TeamId) -> AppResult<TeamPeople> {
    let team = get_team(app, team_id).await?;
    let scope = team_scope(&team);
    let detail = match actor.principal() {
        Some(p) => authorize(p, &Action::ViewTeamPeople(&scope)).is_allowed(),
        None => true,
    };
    let action = AuditAction::PeopleTeamRead;
    if !detail {
        let figures = Action::ViewPeopleFigures(&scope);
        access::check(app, actor, &figures, action, Object::team(team_id)).await?;
    }
    let allowed = |what: Action<'_>| match actor.principal() {
        Some(p) => authorize(p, &what).is_allowed(),
        None => false,
    };
    let may_manage_boosters = allowed(Action::ManageBoosters(&scope));
    let may_record_exception = allowed(Action::RecordTrainingException(&scope));
    let data = load(app, team).await?;
    app.store
        .append_audit(&event(app, actor, action, Object::team(team_id)))
        .await?;
    let flags = data.flags();
    let figures = data.figures(&flags);
    let people = detail.then(|| rows(actor, &data, flags));
    let reminders = if detail {
        super::reminders::reminders_of(app, actor, &data).await?
    } else {
        Vec::new()
    };
    Ok(TeamPeople {
        team_id,
        team_name: data.team.name.clone(),
        country: data.team.country,
        programme_model: data.team.programme_model.clone(),
        figures,
        people,
        boosters: if detail {
            data.boosters.clone()
        } else {
            Vec::new()
        },
        exceptions: if detail {
            data.exceptions.clone()
        } else {
            Vec::new()
        },
        members: if detail { members(&data) } else { Vec::new() },
        may_manage_boosters,
        may_record_exception,
        reminders,
    })
}

fn rows(actor: &Actor, data: &TeamData, flags: Vec<PersonFlags>) -> Vec<TeamPersonRow> {
    let names = data.names();
    let scope = team_scope(&data.team);
    flags
        .into_iter()
        .map(|f| {
            let subject_is_supervisor = f.span.position == Position::Supervisor;
            let may_write_plan = actor.principal().is_some_and(|p| {
                authorize(
                    p,
                    &Action::WritePlan {
                        team: &scope,
                        subject_is_supervisor,
                    },
                )
                .is_allowed()
            });
            TeamPersonRow {
                user_id: f.span.user_id,
                name: names.get(&f.span.user_id).cloned().unwrap_or_default(),
                flags: f,
                may_write_plan,
            }
        })
        .collect()
}

/// A member of a team today: who, by name, in which post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberName {
    pub user_id: UserId,
    pub name: String,
    pub position: Position,
}

/// Everyone in the team today, each once, by position then name.
pub(crate) fn members(data: &TeamData) -> Vec<MemberName> {
    let names = data.names();
    data.current_ids()
        .into_iter()
        .filter_map(|id| {
            let position = data.current_position(id)?;
            Some(MemberName {
                user_id: id,
                name: names.get(&id).cloned().unwrap_or_default(),
                position,
            })
        })
        .collect()
}
