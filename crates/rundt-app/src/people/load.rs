//! Loading what the people rules need about one team: every membership it
//! has had, its people's training, its exceptions, its meetings over the
//! attendance window, its boosters of the last year and more, its plans
//! and its consultant ratings of the last year.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use rundt_domain::id::{TeamId, UserId};
use rundt_domain::people::{
    Booster, ConsultantRatingRow, DevelopmentPlan, HeldMeeting, MemberSpan, PeopleInputs,
    PersonFlags, TeamPeopleFigures, TrainingException, TrainingRecord, person_flags, team_figures,
    window,
};
use rundt_domain::team::{Position, Team};
use rundt_store::TeamMember;

use crate::{App, AppResult};

/// The first day any membership could start: the query reaches back to it.
fn beginning() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// How far back boosters are read: the 12-month window and a margin for
/// boosters planned before it and held in it.
const BOOSTER_LOOKBACK_DAYS: i64 = 400;

/// One team's people data, loaded once per request.
#[derive(Debug, Clone)]
pub(crate) struct TeamData {
    pub team: Team,
    pub today: NaiveDate,
    /// Every membership the team has had up to today.
    pub members: Vec<TeamMember>,
    pub spans: Vec<MemberSpan>,
    pub training: Vec<TrainingRecord>,
    pub exceptions: Vec<TrainingException>,
    pub meetings: Vec<HeldMeeting>,
    pub boosters: Vec<Booster>,
    pub plans: Vec<DevelopmentPlan>,
    pub cam: Vec<ConsultantRatingRow>,
}

impl TeamData {
    pub fn inputs(&self) -> PeopleInputs<'_> {
        PeopleInputs {
            today: self.today,
            team_started_on: self.team.started_on,
            model_code: &self.team.programme_model,
            spans: &self.spans,
            training: &self.training,
            exceptions: &self.exceptions,
            meetings: &self.meetings,
            boosters: &self.boosters,
            plans: &self.plans,
            cam: &self.cam,
        }
    }

    pub fn flags(&self) -> Vec<PersonFlags> {
        person_flags(&self.inputs())
    }

    pub fn figures(&self, flags: &[PersonFlags]) -> TeamPeopleFigures {
        team_figures(&self.inputs(), flags)
    }

    /// Names of everyone who has been in the team.
    pub fn names(&self) -> BTreeMap<UserId, String> {
        self.members
            .iter()
            .map(|m| (m.user_id, m.display_name.clone()))
            .collect()
    }

    /// The person's current post in the team, if any (a supervisor's
    /// post before another).
    pub fn current_position(&self, user_id: UserId) -> Option<Position> {
        post_of(&self.members, user_id, self.today)
    }

    /// The people in the team today, each once.
    pub fn current_ids(&self) -> Vec<UserId> {
        let mut ids: Vec<UserId> = self
            .members
            .iter()
            .filter(|m| current(m, self.today))
            .map(|m| m.user_id)
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }
}

/// `user_id`'s post among `members` on `on` (a supervisor's post before
/// another), if they hold one.
fn post_of(members: &[TeamMember], user_id: UserId, on: NaiveDate) -> Option<Position> {
    let mut posts: Vec<Position> = members
        .iter()
        .filter(|m| m.user_id == user_id && current(m, on))
        .map(|m| m.position)
        .collect();
    posts.sort_by_key(|p| *p != Position::Supervisor);
    posts.first().copied()
}

/// A person's post in the team today, read from the team's memberships
/// alone (for a step that needs no more of the team's people data).
pub(crate) async fn post_today(
    app: &App,
    team_id: TeamId,
    user_id: UserId,
) -> AppResult<Option<Position>> {
    let today = app.clock.today();
    let members = app.store.list_team_members(team_id, today).await?;
    Ok(post_of(&members, user_id, today))
}

/// The team's consultant today, if it has one.
pub(crate) async fn consultant_today(app: &App, team_id: TeamId) -> AppResult<Option<UserId>> {
    let today = app.clock.today();
    let members = app.store.list_team_members(team_id, today).await?;
    Ok(members
        .iter()
        .find(|m| m.position == Position::Consultant)
        .map(|m| m.user_id))
}

fn current(m: &TeamMember, today: NaiveDate) -> bool {
    m.since <= today && m.until.is_none_or(|u| u >= today)
}

/// Loads the team's people data as of today.
pub(crate) async fn load(app: &App, team: Team) -> AppResult<TeamData> {
    let today = app.clock.today();
    let members = app
        .store
        .team_members_between(team.id, beginning(), today)
        .await?;
    let spans: Vec<MemberSpan> = members
        .iter()
        .map(|m| MemberSpan {
            user_id: m.user_id,
            position: m.position,
            since: m.since,
            until: m.until,
        })
        .collect();
    let mut ids: Vec<UserId> = spans.iter().map(|s| s.user_id).collect();
    ids.sort();
    ids.dedup();
    let (from, _) = window(today);
    let teams = [team.id];
    // Independent reads, at the same time.
    let (training, exceptions, meetings, boosters, plans, cam) = tokio::try_join!(
        app.store.training_records(&ids),
        app.store.training_exceptions(team.id),
        app.store.team_meetings_between(team.id, from, today),
        app.store
            .team_boosters(&teams, today - Duration::days(BOOSTER_LOOKBACK_DAYS)),
        app.store.team_plans(&teams),
        app.store
            .consultant_ratings(&teams, today - Duration::days(365)),
    )?;
    Ok(TeamData {
        team,
        today,
        members,
        spans,
        training,
        exceptions,
        meetings,
        boosters,
        plans,
        cam,
    })
}
