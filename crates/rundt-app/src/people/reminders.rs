//! What the people rules ask someone to act on, for the start pages and
//! the team page (never by e-mail alone): for the supervisor and the
//! consultant, their teams' people with a flag and the team's boosters;
//! for everyone, their own plan's review, their missing training and the
//! consultant rating due.

use chrono::{Duration, NaiveDate};
use rundt_domain::id::{TeamId, UserId};
use rundt_domain::people::{MeetingKind, PersonFlags, TrainingKind};
use rundt_domain::team::Position;
use rundt_domain::user::Role;
use serde::Serialize;

use super::cam::cam_due_in;
use super::load::{TeamData, load};
use crate::organisation::{TeamAtHand, get_team};
use crate::{Actor, App, AppResult};

/// Days before a plan's review it shows as coming up.
const REVIEW_SOON_DAYS: i64 = 14;

/// One thing to act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PeopleReminder {
    /// A person without the initial training and without an exception.
    TrainingMissing {
        team_id: TeamId,
        user_id: UserId,
        name: String,
        missing: Vec<TrainingKind>,
    },
    /// A person who missed too many weeks of a meeting.
    MeetingsMissed {
        team_id: TeamId,
        user_id: UserId,
        name: String,
        meeting: MeetingKind,
        weeks_missed: u32,
        weeks_counted: u32,
    },
    /// A person with fewer boosters than their time in the team asks for.
    PersonBoosters {
        team_id: TeamId,
        user_id: UserId,
        name: String,
        attended: u32,
        expected: u32,
    },
    /// The team held fewer boosters than four a year asks for.
    TeamBoosters {
        team_id: TeamId,
        team_name: String,
        held: u32,
        expected: u32,
    },
    /// A person without a development plan.
    PlanMissing {
        team_id: TeamId,
        user_id: UserId,
        name: String,
    },
    /// A plan whose review is overdue or comes within two weeks.
    PlanReview {
        team_id: TeamId,
        user_id: UserId,
        name: String,
        due_on: NaiveDate,
        overdue: bool,
    },
    /// The reader's rating of their consultant is due.
    ConsultantRating {
        team_id: TeamId,
        team_name: String,
        due_on: NaiveDate,
        overdue: bool,
    },
}

impl PeopleReminder {
    /// The team the reminder is about.
    pub fn team_id(&self) -> TeamId {
        match self {
            Self::TrainingMissing { team_id, .. }
            | Self::MeetingsMissed { team_id, .. }
            | Self::PersonBoosters { team_id, .. }
            | Self::TeamBoosters { team_id, .. }
            | Self::PlanMissing { team_id, .. }
            | Self::PlanReview { team_id, .. }
            | Self::ConsultantRating { team_id, .. } => *team_id,
        }
    }
}

/// The reader's reminders across their teams, oldest matter first within
/// each team.
pub async fn people_reminders(app: &App, actor: &Actor) -> AppResult<Vec<PeopleReminder>> {
    let teams = actor
        .principal()
        .map(|p| p.team_ids.clone())
        .unwrap_or_default();
    let mut out = Vec::new();
    for team_id in &teams {
        let data = load(app, get_team(app, *team_id).await?).await?;
        out.extend(reminders_of(app, actor, &data).await?);
    }
    Ok(out)
}

/// The reader's reminders about one team (its page).
pub async fn team_reminders_for(
    app: &App,
    actor: &Actor,
    team: &TeamAtHand,
) -> AppResult<Vec<PeopleReminder>> {
    if !actor
        .principal()
        .is_some_and(|p| p.team_ids.contains(&team.team.id))
    {
        return Ok(Vec::new());
    }
    let data = load(app, team.team.clone()).await?;
    reminders_of(app, actor, &data).await
}

/// The reader's reminders about the team `data` holds: a therapist hears
/// of their own flags, the supervisor and the consultant of everyone's;
/// and the reader's rating of the team's consultant when it is due.
pub(crate) async fn reminders_of(
    app: &App,
    actor: &Actor,
    data: &TeamData,
) -> AppResult<Vec<PeopleReminder>> {
    let Some(p) = actor.principal() else {
        return Ok(Vec::new());
    };
    if !matches!(
        p.role,
        Role::Supervisor | Role::Consultant | Role::Therapist
    ) {
        return Ok(Vec::new());
    }
    let only = (p.role == Role::Therapist).then_some(p.user_id);
    let mut out = team_reminders(data, only);
    for due in cam_due_in(app, actor, &[data.team.id]).await? {
        if due.overdue || due.due <= app.clock.today() + Duration::days(REVIEW_SOON_DAYS) {
            out.push(PeopleReminder::ConsultantRating {
                team_id: due.team_id,
                team_name: due.team_name,
                due_on: due.due,
                overdue: due.overdue,
            });
        }
    }
    Ok(out)
}

/// The team's reminders for its page: everyone's, for the supervisor and
/// consultant (the team page asks who may see its people first).
pub(crate) fn team_reminders(data: &TeamData, only: Option<UserId>) -> Vec<PeopleReminder> {
    let names = data.names();
    let team_id = data.team.id;
    let mut out = Vec::new();
    let flags = data.flags();
    if only.is_none() {
        let team = data.figures(&flags).boosters;
        if team.flagged {
            out.push(PeopleReminder::TeamBoosters {
                team_id,
                team_name: data.team.name.clone(),
                held: team.held,
                expected: team.expected,
            });
        }
    }
    for f in flags
        .iter()
        .filter(|f| only.is_none_or(|u| u == f.span.user_id))
    {
        let name = names.get(&f.span.user_id).cloned().unwrap_or_default();
        person_reminders(data.today, team_id, &name, f, &mut out);
    }
    out
}

fn person_reminders(
    today: NaiveDate,
    team_id: TeamId,
    name: &str,
    f: &PersonFlags,
    out: &mut Vec<PeopleReminder>,
) {
    let user_id = f.span.user_id;
    if !f.initial_training.complete() && !f.training_exception {
        out.push(PeopleReminder::TrainingMissing {
            team_id,
            user_id,
            name: name.to_owned(),
            missing: f.initial_training.missing.clone(),
        });
    }
    for w in [&f.supervision, &f.consultation] {
        if w.flagged {
            out.push(PeopleReminder::MeetingsMissed {
                team_id,
                user_id,
                name: name.to_owned(),
                meeting: w.kind,
                weeks_missed: w.weeks_missed,
                weeks_counted: w.weeks_counted,
            });
        }
    }
    if f.boosters.flagged {
        out.push(PeopleReminder::PersonBoosters {
            team_id,
            user_id,
            name: name.to_owned(),
            attended: f.boosters.attended,
            expected: f.boosters.expected,
        });
    }
    match f.plan {
        None if matches!(f.span.position, Position::Therapist | Position::Supervisor) => {
            out.push(PeopleReminder::PlanMissing {
                team_id,
                user_id,
                name: name.to_owned(),
            });
        }
        Some(due) if due.overdue || due.due_on <= today + Duration::days(REVIEW_SOON_DAYS) => {
            out.push(PeopleReminder::PlanReview {
                team_id,
                user_id,
                name: name.to_owned(),
                due_on: due.due_on,
                overdue: due.overdue,
            });
        }
        _ => {}
    }
}
