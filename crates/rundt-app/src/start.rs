//! Where each person starts: what needs them today, by role. A supervisor
//! gets an inbox per team (new referrals, families waiting and for how
//! long, missing weekly summaries, interviews due, therapists with room); a
//! therapist their week; a caseworker their municipality's referrals; an
//! auditor the break-glass accesses to review. Municipal managers start on
//! their results, the national office and consultants on the teams.
//!
//! Everything here comes from the other use cases and the lists they
//! already decide access for: no names, case numbers only, so opening the
//! start page reads no personal data.

use chrono::NaiveDate;
use rundt_domain::caseload::CaseloadLevel;
use rundt_domain::country::Country;
use rundt_domain::id::{CaseId, TeamId, UserId};
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::user::Role;
use rundt_store::BreakGlassGrant;
use serde::Serialize;

use crate::cases::{self, CaseSummary};
use crate::fidelity::{self, InterviewDue};
use crate::referrals::AwaitingReferral;
use crate::treatment::{self, OverdueSummary, WaitingPlace};
use crate::{Actor, App, AppError, AppResult};

/// A family in a list of what needs doing: its case number and how long
/// it has been at this step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FamilyLine {
    pub case_id: CaseId,
    pub team_id: TeamId,
    /// Day the step began (referral received, treatment started).
    pub since: Option<NaiveDate>,
    /// Days since then, today included as 0.
    pub days: Option<i64>,
    /// On the waiting list: the place in the team's queue (1 is next).
    pub position: Option<u32>,
    /// On the waiting list: the day a place is expected to come free.
    pub expected_start: Option<NaiveDate>,
    /// A referral not yet acknowledged: the last day the team may do so.
    pub acknowledge_by: Option<NaiveDate>,
    /// That day has passed (escalated to both the team and the caseworker).
    pub acknowledgement_overdue: bool,
}

/// A therapist who could take another family.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Room {
    pub therapist_id: UserId,
    pub name: String,
    pub open_families: u32,
}

/// One team's inbox, for its supervisor.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamInbox {
    pub team_id: TeamId,
    pub team_name: String,
    /// Referrals not yet decided, oldest first.
    pub new_referrals: Vec<FamilyLine>,
    /// Accepted families waiting for a therapist, in queue order, with
    /// their places and expected starts.
    pub waiting: Vec<FamilyLine>,
    /// Last week's summaries not written.
    pub missing_summaries: Vec<OverdueSummary>,
    /// Adherence interviews due within a week or overdue.
    pub interviews_due: Vec<InterviewDue>,
    /// Therapists below the model's typical caseload.
    pub room: Vec<Room>,
}

/// A therapist's week.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TherapistWeek {
    /// Monday of this week.
    pub week_start: NaiveDate,
    /// Their families in treatment, longest in treatment first.
    pub families: Vec<FamilyLine>,
    /// Last week's summaries still to write.
    pub missing_summaries: Vec<OverdueSummary>,
}

/// A caseworker's desk: their municipality's families on their way in.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseworkerDesk {
    pub municipality: MunicipalityCode,
    /// Referred, not yet decided by the team; oldest first.
    pub referred: Vec<FamilyLine>,
    /// Accepted, waiting for a therapist: their places in the teams'
    /// queues and expected starts.
    pub waiting: Vec<FamilyLine>,
    /// Families now in treatment.
    pub in_treatment: Vec<FamilyLine>,
}

/// What a person meets first, by role.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Start {
    Supervisor {
        teams: Vec<TeamInbox>,
    },
    Therapist(TherapistWeek),
    Caseworker(CaseworkerDesk),
    /// Break-glass accesses of the last 30 days in the auditor's country,
    /// newest first.
    Auditor {
        country: Country,
        break_glass: Vec<BreakGlassGrant>,
    },
    /// The MST-CAN crisis caseworker: their teams' families in treatment
    /// with where the safety work stands.
    Safety {
        teams: Vec<crate::safety::TeamSafety>,
    },
    /// The psychiatrist: the open requests to consult, unanswered first.
    Consultations {
        requests: Vec<crate::consultation::ConsultationLine>,
    },
    /// Municipal managers: their municipality's results.
    Results,
    /// The national office and consultants: the teams they run or advise.
    Teams,
}

/// How many days the auditor's list of break-glass accesses goes back.
pub use crate::cases::BREAK_GLASS_REVIEW_DAYS;

/// The start page of the person acting.
pub async fn start(app: &App, actor: &Actor) -> AppResult<Start> {
    let Some(who) = actor.principal() else {
        return Ok(Start::Teams);
    };
    Ok(match who.role {
        Role::Supervisor => Start::Supervisor {
            teams: supervisor_inbox(app, actor).await?,
        },
        Role::Therapist => Start::Therapist(therapist_week(app, actor).await?),
        Role::MunicipalCaseworker => Start::Caseworker(caseworker_desk(app, actor).await?),
        Role::Auditor => Start::Auditor {
            country: who.country,
            break_glass: crate::cases::break_glass_overview(app, who).await?,
        },
        Role::MunicipalManager => Start::Results,
        Role::CrisisCaseworker => Start::Safety {
            teams: crate::safety::team_safety(app, actor).await?,
        },
        Role::Psychiatrist => Start::Consultations {
            requests: crate::consultation::my_consultations(app, actor).await?,
        },
        Role::NationalAdmin | Role::Consultant => Start::Teams,
    })
}

fn line(app: &App, c: &CaseSummary, since: Option<NaiveDate>) -> FamilyLine {
    FamilyLine {
        case_id: c.id,
        team_id: c.team_id,
        since,
        days: since.map(|d| (app.clock.today() - d).num_days()),
        position: None,
        expected_start: None,
        acknowledge_by: None,
        acknowledgement_overdue: false,
    }
}

/// The referrals with their acknowledgement deadlines; overdue ones first.
fn acknowledging(mut lines: Vec<FamilyLine>, awaiting: &[AwaitingReferral]) -> Vec<FamilyLine> {
    for l in &mut lines {
        if let Some(a) = awaiting.iter().find(|a| a.case_id == l.case_id) {
            l.acknowledge_by = Some(a.acknowledge_by);
            l.acknowledgement_overdue = a.overdue;
        }
    }
    lines.sort_by_key(|l| (!l.acknowledgement_overdue, l.since, l.case_id));
    lines
}

/// The waiting families in queue order, each with its place and expected
/// start from the team's waiting list.
fn queued(mut lines: Vec<FamilyLine>, list: &[WaitingPlace]) -> Vec<FamilyLine> {
    for l in &mut lines {
        if let Some(w) = list.iter().find(|w| w.case_id == l.case_id) {
            l.position = Some(w.position);
            l.expected_start = w.expected_start;
        }
    }
    lines.sort_by_key(|l| (l.team_id, l.position.is_none(), l.position, l.case_id));
    lines
}

/// The lines of the cases in `status`, longest at this step first.
fn at_step(
    app: &App,
    cases: &[CaseSummary],
    status: CaseStatus,
    since: impl Fn(&CaseSummary) -> Option<NaiveDate>,
) -> Vec<FamilyLine> {
    let mut out: Vec<FamilyLine> = cases
        .iter()
        .filter(|c| c.status == status)
        .map(|c| line(app, c, since(c)))
        .collect();
    out.sort_by_key(|l| (l.since.is_none(), l.since, l.case_id));
    out
}

async fn supervisor_inbox(app: &App, actor: &Actor) -> AppResult<Vec<TeamInbox>> {
    let Some(who) = actor.principal() else {
        return Ok(Vec::new());
    };
    let cases = cases::list_cases(app, actor).await?;
    let overdue = treatment::overdue_summaries(app, actor).await?;
    let awaiting = crate::referrals::awaiting(app, actor).await?;
    let names = crate::organisation::team_names(app).await?;
    let mut inboxes = Vec::new();
    for team_id in &who.team_ids {
        let team_name = names
            .iter()
            .find(|t| t.id == *team_id)
            .map(|t| t.name.clone())
            .ok_or_else(|| AppError::NotFound(format!("team {team_id}")))?;
        let team_cases: Vec<CaseSummary> = cases
            .iter()
            .filter(|c| c.team_id == *team_id)
            .cloned()
            .collect();
        let capacity = treatment::capacity(app, actor, *team_id).await?;
        let waiting = at_step(app, &team_cases, CaseStatus::Waiting, |c| c.referred_on);
        inboxes.push(TeamInbox {
            team_id: *team_id,
            team_name,
            new_referrals: acknowledging(
                at_step(app, &team_cases, CaseStatus::Referred, |c| c.referred_on),
                &awaiting,
            ),
            waiting: queued(waiting, &capacity.waiting_list),
            missing_summaries: overdue
                .iter()
                .filter(|o| team_cases.iter().any(|c| c.id == o.case_id))
                .cloned()
                .collect(),
            interviews_due: fidelity::interviews_due(app, actor, *team_id).await?,
            room: capacity
                .therapists
                .into_iter()
                .filter(|t| t.caseload == CaseloadLevel::Below)
                .map(|t| Room {
                    therapist_id: t.therapist_id,
                    name: t.name,
                    open_families: t.open_families,
                })
                .collect(),
        });
    }
    Ok(inboxes)
}

async fn therapist_week(app: &App, actor: &Actor) -> AppResult<TherapistWeek> {
    let cases = cases::list_cases(app, actor).await?;
    let today = app.clock.today();
    Ok(TherapistWeek {
        week_start: rundt_domain::treatment::week_start_of(today),
        families: at_step(app, &cases, CaseStatus::InTreatment, |c| c.treatment_start),
        missing_summaries: treatment::overdue_summaries(app, actor).await?,
    })
}

async fn caseworker_desk(app: &App, actor: &Actor) -> AppResult<CaseworkerDesk> {
    let municipality = actor
        .principal()
        .and_then(|p| p.municipality_code.clone())
        .ok_or_else(|| AppError::Forbidden(rundt_domain::msg!("referring-municipality-missing")))?;
    let cases = cases::list_cases(app, actor).await?;
    let waiting = at_step(app, &cases, CaseStatus::Waiting, |c| c.referred_on);
    // Their families' places in each team's queue (positions and dates, no
    // other municipality's families).
    let mut teams: Vec<TeamId> = waiting.iter().map(|l| l.team_id).collect();
    teams.sort();
    teams.dedup();
    let mut list = Vec::new();
    for team_id in teams {
        list.extend(crate::capacity::waiting_list(app, team_id).await?);
    }
    Ok(CaseworkerDesk {
        municipality,
        referred: acknowledging(
            at_step(app, &cases, CaseStatus::Referred, |c| c.referred_on),
            &crate::referrals::awaiting(app, actor).await?,
        ),
        waiting: queued(waiting, &list),
        in_treatment: at_step(app, &cases, CaseStatus::InTreatment, |c| c.treatment_start),
    })
}
