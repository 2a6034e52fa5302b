//! Fidelity and the family's voice: the monthly caregiver adherence
//! interview (TAM-R structure), its reminders, and the family-experience
//! survey at discharge. Both are collected by the team's supervisor, never by
//! the family's own therapist.

use std::collections::HashMap;

use chrono::NaiveDate;
use rundt_domain::adherence::{self, Interview, InterviewMode, ReverseKeyed, SupervisorRating};
use rundt_domain::audit::{AuditAction, Object, ObjectKind};
use rundt_domain::experience::FamilyExperience;
use rundt_domain::id::{CaseId, PersonId, UserId};
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::msg;
use rundt_domain::team::TeamId;
use rundt_domain::user::Role;
use rundt_store::{
    AdherenceInterviewRecord, FamilyExperienceRecord, NewAdherenceInterview, NewSupervisorRating,
    ParticipantRole,
};
use serde::Serialize;

use crate::case_access::OpenCase;
use crate::case_write::{CaseWrite, IfMatch};
use crate::{Actor, App, AppError, AppResult, access};

/// Items of the licensed instrument that are reverse-keyed. The TAM-R form
/// defines them; until an installation enters them, every item counts as
/// worded positively.
fn reverse_keyed() -> ReverseKeyed {
    ReverseKeyed::default()
}

/// An interview as shown.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InterviewView {
    pub id: i64,
    pub case_id: CaseId,
    pub interviewed_on: NaiveDate,
    /// Who made the interview and recorded it (the supervisor or
    /// non-clinical staff).
    pub interviewer_id: UserId,
    /// The family's therapist at the time: whose adherence was rated.
    pub therapist_id: UserId,
    /// The caregiver who answered (a person in the family's case); `null`
    /// for an interview recorded before the respondent was asked: not
    /// recorded.
    pub respondent_id: Option<PersonId>,
    /// `phone` or `in_person`; `null` for an interview recorded before the
    /// mode was asked: not recorded.
    pub mode: Option<InterviewMode>,
    pub answers: Vec<Option<u8>>,
    /// 0–1; `None` only for an interview stored before one with fewer
    /// than 24 answered items was refused.
    pub score: Option<f64>,
    pub adherent: Option<bool>,
}

fn interview_view(r: AdherenceInterviewRecord) -> InterviewView {
    InterviewView {
        id: r.id,
        case_id: r.case_id,
        interviewed_on: r.interviewed_on,
        interviewer_id: r.interviewer_id,
        therapist_id: r.therapist_id,
        respondent_id: r.respondent_id,
        mode: r.mode,
        answers: r.answers,
        score: r.score,
        adherent: r.score.map(adherence::adherent),
    }
}

/// Opens the case for an interview or survey. Only the team's supervisor
/// collects them, never the family's own therapist (the command line and the
/// demo loader act for the supervisor).
async fn open_for_collector(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    action: AuditAction,
) -> AppResult<CaseWrite> {
    let why = msg!("collector-not-therapist");
    CaseWrite::open_for_supervisor(app, actor, case_id, action, why, IfMatch::Nothing).await
}

/// The person who collected the answers.
fn collector(actor: &Actor) -> AppResult<UserId> {
    actor
        .principal()
        .map(|p| p.user_id)
        .ok_or_else(|| AppError::Conflict(msg!("collector-missing")))
}

/// Records a caregiver adherence interview for a family in treatment.
pub async fn record_interview(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    interview: &Interview,
) -> AppResult<InterviewView> {
    let action = AuditAction::CaseAdherenceInterview;
    let write = open_for_collector(app, actor, case_id, action).await?;
    let case = &write.case;
    if case.status != CaseStatus::InTreatment {
        return Err(AppError::Conflict(msg!("interview-not-in-treatment")));
    }
    let (Some(start), Some(therapist_id)) = (case.treatment_start, case.therapist_id) else {
        return Err(AppError::Conflict(msg!("treatment-not-assigned")));
    };
    if let Some(p) = actor.principal() {
        adherence::may_interview(p.user_id, Some(therapist_id))?;
    }
    let caregivers = app
        .store
        .case_people_in_role(case_id, rundt_store::ParticipantRole::Caregiver)
        .await?;
    interview.validate(start, app.clock.today(), &caregivers)?;
    let score = interview.score(&reverse_keyed());
    let answers = interview.answers.clone();
    let record = NewAdherenceInterview {
        case_id,
        interviewed_on: interview.date,
        interviewer_id: collector(actor)?,
        therapist_id,
        respondent_id: Some(interview.respondent_id),
        mode: Some(interview.mode),
        answers,
        score,
        created_at: app.clock.now(),
    };
    let event = actor.event(
        app.clock.now(),
        action,
        Object::of(ObjectKind::AdherenceInterview),
    );
    let stored = app
        .store
        .record_adherence_interview(&record, &event)
        .await?;
    Ok(interview_view(stored))
}

/// A family's interviews, newest first: the team's quality data, for those
/// in the team who may read the family (its therapist, the supervisor, the
/// consultant); municipalities see adherence only as aggregates.
pub async fn interviews(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
) -> AppResult<Vec<InterviewView>> {
    require_team_reader(app, actor, case_id).await?;
    let case =
        crate::case_access::open(app, actor, case_id, AuditAction::CaseAdherenceInterviews).await?;
    interviews_of(app, &case).await
}

/// The interviews of a case the guard has opened (for the team only).
pub async fn interviews_of(app: &App, case: &OpenCase) -> AppResult<Vec<InterviewView>> {
    require_team_reader(app, case.actor(), case.id()).await?;
    let stored = app.store.adherence_interviews(case.id()).await?;
    Ok(stored.into_iter().map(interview_view).collect())
}

/// What the interview form shows: the family's caregivers, one of whom is
/// the respondent, and the interviews made so far with who made them.
#[derive(Debug, Clone)]
pub struct InterviewForm {
    /// The caregivers as (person id, name), read with the case: one audit
    /// event per person in it.
    pub caregivers: Vec<(PersonId, String)>,
    /// The interviews, newest first.
    pub interviews: Vec<InterviewView>,
    /// The interviewers' names.
    pub interviewers: HashMap<UserId, String>,
}

/// The interview form of a family: for the team (the supervisor records).
pub async fn interview_form(app: &App, actor: &Actor, case_id: CaseId) -> AppResult<InterviewForm> {
    require_team_reader(app, actor, case_id).await?;
    let case =
        crate::case_access::open(app, actor, case_id, AuditAction::CaseAdherenceInterviews).await?;
    let family = crate::cases::read_opened(app, &case).await?;
    let caregivers = family
        .people
        .iter()
        .filter(|p| p.role == ParticipantRole::Caregiver)
        .map(|p| (p.id, format!("{} {}", p.given_name, p.family_name)))
        .collect();
    let interviews = interviews_of(app, &case).await?;
    let mut interviewers = HashMap::new();
    let ids: Vec<UserId> = interviews.iter().map(|i| i.interviewer_id).collect();
    crate::family::add_staff_names(app, &mut interviewers, &ids).await?;
    Ok(InterviewForm {
        caregivers,
        interviews,
        interviewers,
    })
}

/// Whether the actor works in a team (therapist, supervisor, consultant):
/// adherence interviews are theirs.
pub fn reads_interviews(actor: &Actor) -> bool {
    actor.principal().is_none_or(|p| {
        matches!(
            p.role,
            Role::Therapist | Role::Supervisor | Role::Consultant
        )
    })
}

async fn require_team_reader(app: &App, actor: &Actor, case_id: CaseId) -> AppResult<()> {
    match actor.principal() {
        Some(p) if !reads_interviews(actor) => Err(access::refuse(
            app,
            p,
            AuditAction::CaseAdherenceInterviews,
            Object::case(case_id),
            msg!("interviews-team-only"),
        )
        .await),
        _ => Ok(()),
    }
}

/// An interview due (or overdue) in a team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InterviewDue {
    pub case_id: CaseId,
    pub therapist_id: Option<UserId>,
    pub due: NaiveDate,
    pub overdue: bool,
    pub last_interview: Option<NaiveDate>,
}

/// How far ahead a reminder shows.
pub const REMIND_DAYS_AHEAD: i64 = 7;

/// The team's families whose adherence interview is due within a week or
/// overdue, most overdue first. For the team's supervisor and consultant.
pub async fn interviews_due(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
) -> AppResult<Vec<InterviewDue>> {
    if let Some(p) = actor.principal()
        && !(matches!(p.role, Role::Supervisor | Role::Consultant) && p.team_ids.contains(&team_id))
    {
        return Err(access::refuse(
            app,
            p,
            AuditAction::TeamInterviewsDue,
            Object::team(team_id),
            msg!("interview-reminders-supervisor"),
        )
        .await);
    }
    let today = app.clock.today();
    let horizon = today + chrono::Duration::days(REMIND_DAYS_AHEAD);
    let mut due: Vec<InterviewDue> = app
        .store
        .interview_states(&[team_id])
        .await?
        .into_iter()
        .filter_map(|s| {
            let done: Vec<NaiveDate> = s.last_interview.into_iter().collect();
            let due = adherence::next_due(s.treatment_start, &done, None)?;
            (due <= horizon).then_some(InterviewDue {
                case_id: s.case_id,
                therapist_id: s.therapist_id,
                due,
                overdue: due < today,
                last_interview: s.last_interview,
            })
        })
        .collect();
    due.sort_by_key(|d| (d.due, d.case_id));
    Ok(due)
}

/// The survey as shown.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExperienceView {
    pub case_id: CaseId,
    pub answered_on: NaiveDate,
    pub answers: Vec<u8>,
    /// 0–100.
    pub score: u8,
    pub recommends: bool,
    pub comment: String,
}

pub(crate) fn experience_view(r: FamilyExperienceRecord) -> ExperienceView {
    ExperienceView {
        case_id: r.case_id,
        answered_on: r.answered_on,
        answers: r.answers,
        score: r.score,
        recommends: r.recommends,
        comment: r.comment,
    }
}

/// Records the family's experience of treatment (once, at discharge).
pub async fn record_experience(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    survey: &FamilyExperience,
) -> AppResult<ExperienceView> {
    let action = AuditAction::CaseFamilyExperience;
    let write = open_for_collector(app, actor, case_id, action).await?;
    let Some(discharged) = write.case.discharged_on else {
        return Err(AppError::Conflict(msg!("survey-before-discharge")));
    };
    survey.validate(discharged, app.clock.today())?;
    let record = FamilyExperienceRecord {
        case_id,
        answered_on: survey.date,
        answers: survey.answers.clone(),
        score: survey.score(),
        recommends: survey.recommends(),
        comment: survey.comment.trim().to_owned(),
        recorded_by: collector(actor)?,
        created_at: app.clock.now(),
    };
    app.store
        .record_family_experience(&record, &write.event)
        .await?;
    Ok(experience_view(record))
}

/// The family's survey, if answered (whoever may read the family).
pub async fn experience(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
) -> AppResult<Option<ExperienceView>> {
    let case = crate::case_access::open(app, actor, case_id, AuditAction::CaseFamilyExperienceRead)
        .await?;
    experience_of(app, &case).await
}

/// The survey of a case the guard has opened.
pub async fn experience_of(app: &App, case: &OpenCase) -> AppResult<Option<ExperienceView>> {
    let stored = app.store.family_experience(case.id()).await?;
    Ok(stored.map(experience_view))
}

/// The team's current supervisor.
pub(crate) async fn team_supervisor(app: &App, team_id: TeamId) -> AppResult<Option<UserId>> {
    Ok(app
        .store
        .list_team_members(team_id, app.clock.today())
        .await?
        .into_iter()
        .find(|m| m.position == rundt_domain::team::Position::Supervisor)
        .map(|m| m.user_id))
}

/// A therapist rates the team's supervisor (SAM structure). Only the
/// ratings' mean over at least five ratings is ever shown.
pub async fn rate_supervisor(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
    rating: &SupervisorRating,
) -> AppResult<Option<f64>> {
    let action = AuditAction::TeamSupervisorRating;
    let Some(p) = actor.principal() else {
        return Err(AppError::Conflict(msg!("rating-by-therapists")));
    };
    if !(p.role == Role::Therapist && p.team_ids.contains(&team_id)) {
        return Err(access::refuse(
            app,
            p,
            action,
            Object::team(team_id),
            msg!("rating-own-team"),
        )
        .await);
    }
    rating.validate(app.clock.today())?;
    let supervisor_id = team_supervisor(app, team_id)
        .await?
        .ok_or_else(|| AppError::Conflict(msg!("rating-no-supervisor")))?;
    let score = rating.score();
    let record = NewSupervisorRating {
        team_id,
        supervisor_id,
        therapist_id: p.user_id,
        rated_on: rating.date,
        answers: rating.answers.clone(),
        score,
        created_at: app.clock.now(),
    };
    let event = actor.event(
        app.clock.now(),
        action,
        Object::of(ObjectKind::SupervisorRating),
    );
    app.store.record_supervisor_rating(&record, &event).await?;
    Ok(score)
}

/// When a therapist's next rating of their supervisor is due, per team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingDue {
    pub team_id: TeamId,
    pub due: NaiveDate,
    pub overdue: bool,
    pub last: Option<NaiveDate>,
}

/// The therapist's own rating reminders (empty for other roles).
pub async fn ratings_due(app: &App, actor: &Actor) -> AppResult<Vec<RatingDue>> {
    let Some(p) = actor.principal().filter(|p| p.role == Role::Therapist) else {
        return Ok(Vec::new());
    };
    let today = app.clock.today();
    let mut out = Vec::new();
    for team_id in &p.team_ids {
        let joined = app
            .store
            .list_team_members(*team_id, today)
            .await?
            .into_iter()
            .find(|m| m.user_id == p.user_id)
            .map_or(today, |m| m.since);
        let last = app
            .store
            .last_supervisor_rating(*team_id, p.user_id)
            .await?;
        let due = adherence::sam_next_due(joined, last);
        out.push(RatingDue {
            team_id: *team_id,
            due,
            overdue: due < today,
            last,
        });
    }
    Ok(out)
}
