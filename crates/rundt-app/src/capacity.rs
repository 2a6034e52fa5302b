//! A team's capacity: who holds how many families, when they are expected
//! to finish, and the waiting list with each family's place in the queue
//! and expected start.

use chrono::NaiveDate;
use rundt_domain::access::Action;
use rundt_domain::audit::{AuditAction, Object};
use rundt_domain::caseload::{self, CaseloadLevel};
use rundt_domain::id::{CaseId, UserId};
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::programme::ProgrammeModel;
use rundt_domain::team::{Position, TeamId};
use rundt_store::{CaseFilter, CaseRecord, TeamMember};
use serde::Serialize;

use crate::organisation::{TeamAtHand, load_team};
use crate::{Actor, App, AppResult, access};

/// One therapist's caseload for the team's capacity view.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TherapistLoad {
    pub therapist_id: UserId,
    pub name: String,
    pub open_families: u32,
    pub caseload: CaseloadLevel,
    /// When each current family is expected to finish, soonest first.
    pub expected_ends: Vec<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Capacity {
    pub team_id: TeamId,
    pub therapists: Vec<TherapistLoad>,
    /// Accepted families waiting for a therapist.
    pub waiting: u32,
    /// Referrals not yet decided.
    pub referred: u32,
    /// The waiting families in queue order, with their expected starts.
    pub waiting_list: Vec<WaitingPlace>,
    /// Families in treatment with the team's therapists.
    pub open_families: u32,
    /// The model's typical caseload times the therapists: what the team
    /// is built to hold.
    pub norm_places: u32,
    /// Places free today (therapists below the typical caseload).
    pub free_places_now: u32,
}

/// Who holds how many families, when they are expected to finish, and how
/// many families wait.
pub async fn capacity(app: &App, actor: &Actor, team_id: TeamId) -> AppResult<Capacity> {
    capacity_of(app, actor, &load_team(app, team_id).await?).await
}

/// [`capacity`] of a team already read (its page).
pub async fn capacity_of(app: &App, actor: &Actor, team: &TeamAtHand) -> AppResult<Capacity> {
    let team_id = team.team.id;
    if let Some(p) = actor.principal() {
        let allowed =
            p.role == rundt_domain::user::Role::Supervisor && p.team_ids.contains(&team_id);
        if !allowed {
            access::require(
                app,
                p,
                &Action::ManageTeams(team.team.country),
                AuditAction::TeamCapacity,
                Object::team(team_id),
            )
            .await?;
        }
    }
    let load = team_load(app, team).await?;
    let therapists = load
        .therapists
        .iter()
        .map(|(member, ends)| {
            let open = u32::try_from(ends.len()).unwrap_or(u32::MAX);
            TherapistLoad {
                therapist_id: member.user_id,
                name: member.display_name.clone(),
                open_families: open,
                caseload: caseload::level(&load.model, open),
                expected_ends: ends.clone(),
            }
        })
        .collect();
    let count = |s: CaseStatus| {
        u32::try_from(load.cases.iter().filter(|c| c.status == s).count()).unwrap_or(0)
    };
    let today = app.clock.today();
    let typical = u32::from(load.model.typical_families_per_therapist);
    let open_families: u32 = load
        .therapists
        .iter()
        .map(|(_, ends)| u32::try_from(ends.len()).unwrap_or(u32::MAX))
        .sum();
    let places = load.free_places(today);
    let free_places_now =
        u32::try_from(places.iter().filter(|d| **d <= today).count()).unwrap_or(0);
    Ok(Capacity {
        team_id,
        open_families,
        norm_places: typical * u32::try_from(load.therapists.len()).unwrap_or(0),
        free_places_now,
        therapists,
        waiting: count(CaseStatus::Waiting),
        referred: count(CaseStatus::Referred),
        waiting_list: load.waiting_list(places),
    })
}

/// A family on a team's waiting list: its place in the queue (by referral
/// day) and when it can expect to start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WaitingPlace {
    pub case_id: CaseId,
    /// Day the referral was received (the queue's order).
    pub referred_on: Option<NaiveDate>,
    /// 1 for the first in the queue.
    pub position: u32,
    /// The day a place comes free for it; `None` beyond the places known.
    pub expected_start: Option<NaiveDate>,
}

/// A team's model, the cases that hold a place or wait for one, and each
/// therapist's families' expected ends.
struct TeamLoad {
    model: ProgrammeModel,
    cases: Vec<CaseRecord>,
    therapists: Vec<(TeamMember, Vec<NaiveDate>)>,
}

impl TeamLoad {
    /// Every place to come free among the team's therapists, today's first
    /// (see `caseload::free_places`).
    fn free_places(&self, today: NaiveDate) -> Vec<NaiveDate> {
        self.therapists
            .iter()
            .flat_map(|(_, ends)| caseload::free_places(&self.model, ends, today))
            .collect()
    }

    /// The waiting families in queue order, each taking the next of
    /// `places` to come free.
    fn waiting_list(&self, places: Vec<NaiveDate>) -> Vec<WaitingPlace> {
        let mut waiting: Vec<&CaseRecord> = self
            .cases
            .iter()
            .filter(|c| c.status == CaseStatus::Waiting)
            .collect();
        waiting.sort_by_key(|c| (c.referred_on, c.id));
        let starts = caseload::expected_starts(places, waiting.len());
        waiting
            .iter()
            .zip(starts)
            .enumerate()
            .map(|(i, (c, expected_start))| WaitingPlace {
                case_id: c.id,
                referred_on: c.referred_on,
                position: u32::try_from(i + 1).unwrap_or(u32::MAX),
                expected_start,
            })
            .collect()
    }
}

/// Reads a team's load. No access check: callers decide what they show.
async fn team_load(app: &App, team: &TeamAtHand) -> AppResult<TeamLoad> {
    let model = team.model.clone();
    // Only the families that hold a place or wait for one: the team's
    // history (years of discharged families) is no part of its load.
    let cases = app
        .store
        .list_cases(&CaseFilter {
            country: Some(team.team.country),
            team_ids: Some(vec![team.team.id]),
            statuses: Some(vec![
                CaseStatus::Referred,
                CaseStatus::Waiting,
                CaseStatus::InTreatment,
            ]),
            ..CaseFilter::default()
        })
        .await?;
    let members = team.members.clone();
    let therapists = members
        .into_iter()
        .filter(|m| m.position == Position::Therapist)
        .map(|m| {
            let mut ends: Vec<NaiveDate> = cases
                .iter()
                .filter(|c| {
                    c.therapist_id == Some(m.user_id) && c.status == CaseStatus::InTreatment
                })
                .filter_map(|c| c.treatment_start.map(|s| caseload::expected_end(&model, s)))
                .collect();
            ends.sort();
            (m, ends)
        })
        .collect();
    Ok(TeamLoad {
        model,
        cases,
        therapists,
    })
}

/// The waiting list of a team, for those who may see its families' place
/// in the queue (the team's supervisor, the referring caseworker): case
/// numbers, positions and dates only.
pub(crate) async fn waiting_list(app: &App, team_id: TeamId) -> AppResult<Vec<WaitingPlace>> {
    let load = team_load(app, &load_team(app, team_id).await?).await?;
    Ok(load.waiting_list(load.free_places(app.clock.today())))
}
