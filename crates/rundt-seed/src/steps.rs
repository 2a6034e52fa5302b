//! The steps of a family's course that the demo and the generator both
//! take, each through the use cases on a clock back-dated to the day the
//! step happened.

use chrono::{Duration, NaiveDate};
use rundt_app::cases::CaseView;
use rundt_app::records::ParticipantRole;
use rundt_app::treatment::{self, AssignTherapist};
use rundt_app::{Actor, App, AppError, AppResult, auth, fidelity};
use rundt_domain::adherence::{self, Interview, InterviewMode, SupervisorRating};
use rundt_domain::discharge::{
    ChildFollowUp, ChildOutcome, FollowUp, UltimateOutcomes, follow_up_due,
};
use rundt_domain::id::{CaseId, PersonId, UserId};
use rundt_domain::safety::SafetyPlan;
use rundt_domain::team::TeamId;
use rundt_domain::treatment::Assessment;

/// Adherence answers 1–5 for the 28 items of interview `n`: mostly 4–5,
/// lower at a higher `level`; level 2 alternates around the 0.61 threshold.
pub(crate) fn interview_answers(level: usize, n: usize) -> Vec<Option<u8>> {
    (0..adherence::ITEMS)
        .map(|i| {
            let modulus = 2 + level + usize::from(level == 2 && n.is_multiple_of(2));
            // At most four below the top answer, so the answer is 1–5 and
            // the conversion cannot fail.
            let below_top = ((i + n + level) % modulus).min(4);
            Some(5 - u8::try_from(below_top).unwrap_or(0))
        })
        .collect()
}

/// The team accepts a referral onto the waiting list on `day` (the command
/// line acts for the supervisor). Returns the case's version after it.
pub(crate) async fn accept_on(
    app: &App,
    case_id: CaseId,
    version: i64,
    day: NaiveDate,
) -> AppResult<i64> {
    let accepted =
        treatment::accept(&app.on_day(day), &Actor::cli(), case_id, version, None).await?;
    Ok(accepted.version)
}

/// Assigns the therapist from `start`, saves the safety plan of an MST-CAN
/// family on the day it was agreed (nothing else is recorded before it),
/// and records the assessment two weeks after the start. Returns the case's
/// version after the assignment.
pub(crate) async fn assign_and_assess(
    app: &App,
    case_id: CaseId,
    version: i64,
    therapist_id: UserId,
    start: NaiveDate,
    assessment: &Assessment,
    safety_plan: Option<&SafetyPlan>,
) -> AppResult<i64> {
    let cli = Actor::cli();
    let assigned = treatment::assign(
        &app.on_day(start),
        &cli,
        case_id,
        version,
        &AssignTherapist {
            therapist_id,
            start: Some(start),
            note: None,
        },
    )
    .await?;
    if let Some(plan) = safety_plan {
        let agreed = app.on_day(plan.agreed_with_family_on);
        rundt_app::safety::save_plan(&agreed, &cli, case_id, plan, None).await?;
    }
    treatment::save_assessment(
        &app.on_day(start + Duration::days(14)),
        &cli,
        case_id,
        assessment,
        None,
    )
    .await?;
    Ok(assigned.case.version)
}

/// Whose adherence interviews: a family's case and the caregiver who
/// answers them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Respondent {
    pub(crate) case_id: CaseId,
    pub(crate) person_id: PersonId,
}

impl Respondent {
    /// The family's primary caregiver (the first named, who gave consent).
    pub(crate) fn primary_caregiver(case: &CaseView) -> AppResult<Self> {
        let person_id = case
            .people
            .iter()
            .filter(|p| p.role == ParticipantRole::Caregiver)
            .map(|p| p.id)
            .min()
            .ok_or_else(|| AppError::Internal(format!("family {} has no caregiver", case.id)))?;
        Ok(Self {
            case_id: case.id,
            person_id,
        })
    }
}

/// How interview `n` of a family is made: by phone, every third one in
/// person.
pub(crate) fn interview_mode(n: usize) -> InterviewMode {
    if n % 3 == 2 {
        InterviewMode::InPerson
    } else {
        InterviewMode::Phone
    }
}

/// The supervisor's monthly adherence interviews with the family's
/// caregiver `who` from the start of treatment, up to its `end` (if it has
/// ended) and no later than `until`.
pub(crate) async fn monthly_interviews(
    app: &App,
    supervisor: &Actor,
    who: Respondent,
    start: NaiveDate,
    end: Option<NaiveDate>,
    until: NaiveDate,
    level: usize,
) -> AppResult<()> {
    let mut done: Vec<NaiveDate> = Vec::new();
    while let Some(due) = adherence::next_due(start, &done, end) {
        if due > until {
            break;
        }
        let interview = Interview {
            date: due,
            respondent_id: who.person_id,
            mode: interview_mode(done.len()),
            answers: interview_answers(level, done.len()),
        };
        fidelity::record_interview(&app.on_day(due), supervisor, who.case_id, &interview).await?;
        done.push(due);
    }
    Ok(())
}

/// An MST-CAN family's children at discharge (none for MST): each child
/// of `case` in order, `(living at home, care order during treatment)` as
/// `outcome(index)` says.
pub(crate) fn child_outcomes(
    case: &CaseView,
    can: bool,
    outcome: impl Fn(usize) -> (bool, bool),
) -> Vec<ChildOutcome> {
    if !can {
        return Vec::new();
    }
    case.people
        .iter()
        .filter(|p| p.role == ParticipantRole::YoungPerson)
        .enumerate()
        .map(|(i, p)| {
            let (living_at_home, care_order_during_treatment) = outcome(i);
            ChildOutcome {
                child: p.id,
                living_at_home,
                care_order_during_treatment,
            }
        })
        .collect()
}

/// The follow-ups 6, 12 and 18 months after discharge that have fallen due
/// by `today`, with the outcomes `outcomes(months, due)`; for an MST-CAN
/// family, a row per child of `children` (its discharge's), a care order
/// for a child who had one or who was not living at home by 12 months.
/// Returns the case's version after the last one.
pub(crate) async fn follow_ups(
    app: &App,
    case_id: CaseId,
    mut version: i64,
    discharged_on: NaiveDate,
    notes: &str,
    children: &[ChildOutcome],
    outcomes: impl Fn(u8, NaiveDate) -> UltimateOutcomes,
) -> AppResult<i64> {
    let today = app.clock.today();
    for months in [6u8, 12, 18] {
        let due = follow_up_due(discharged_on, months);
        if due > today {
            break;
        }
        let follow_up = FollowUp {
            months,
            date: due,
            outcomes: outcomes(months, due),
            notes: notes.into(),
            children: children
                .iter()
                .map(|c| ChildFollowUp {
                    child: c.child,
                    care_order: c.care_order_during_treatment
                        || (!c.living_at_home && months >= 12),
                })
                .collect(),
        };
        version = treatment::follow_up(
            &app.on_day(due),
            &Actor::cli(),
            case_id,
            version,
            &follow_up,
        )
        .await?
        .version;
    }
    Ok(version)
}

/// A therapist's ratings of the team's supervisor every two months from
/// `first` until five days ago; `shift` varies the answers between raters.
pub(crate) async fn supervisor_ratings(
    app: &App,
    team_id: TeamId,
    therapist_id: UserId,
    first: NaiveDate,
    shift: usize,
) -> AppResult<()> {
    let today = app.clock.today();
    let mut day = first;
    while day <= today - Duration::days(5) {
        let on = app.on_day(day);
        let therapist = auth::act_as(&on, therapist_id).await?;
        let rating = SupervisorRating {
            date: day,
            answers: (0..adherence::SAM_ITEMS)
                .map(|i| Some(5 - u8::try_from((i + shift) % 3).unwrap_or(0)))
                .collect(),
        };
        fidelity::rate_supervisor(&on, &therapist, team_id, &rating).await?;
        day += Duration::days(adherence::SAM_INTERVAL_DAYS);
    }
    Ok(())
}
