//! The team's decisions on a referral, the supervisor's alone: accept it
//! onto the waiting list, decline it, assign (or change) the therapist, or
//! accept and assign at once when a therapist has room.

use chrono::Duration;
use rundt_domain::audit::AuditAction;
use rundt_domain::caseload::{self, CaseloadLevel};
use rundt_domain::id::{CaseId, UserId};
use rundt_domain::lifecycle::{CaseStatus, Step, next_status};
use rundt_domain::programme::ProgrammeModel;
use rundt_domain::referral::{Screening, check_override_reason};
use rundt_domain::team::Position;
use rundt_domain::{Message, msg};
use rundt_store::{CaseChange, CaseFilter, CaseRecord, CaseStep};
use serde::Deserialize;

use crate::case_write::{CaseWrite, IfMatch, status_change};
use crate::cases::{CaseView, view};
use crate::organisation::model_of;
use crate::{Actor, App, AppError, AppResult};

/// Opens the case for a decision on a referral or an assignment: only the
/// team's supervisor decides them.
async fn supervisors_decision(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    audit_action: AuditAction,
    version: i64,
) -> AppResult<CaseWrite> {
    let why = msg!("supervisor-decides");
    let at = IfMatch::Case(version);
    CaseWrite::open_for_supervisor(app, actor, case_id, audit_action, why, at).await
}

/// The screening stored with a referral.
pub async fn screening(app: &App, case_id: CaseId) -> AppResult<Option<Screening>> {
    match app.store.referral(case_id).await? {
        Some(r) => Ok(Some(r.screening)),
        None => Ok(None),
    }
}

/// What accepting the referral changes: onto the waiting list, the
/// referral acknowledged (deciding on it acknowledges it, if the team has
/// not yet), and why screening was overridden when it failed.
async fn acceptance(
    app: &App,
    write: &CaseWrite,
    override_reason: Option<&str>,
) -> AppResult<CaseChange> {
    let next = write.next(Step::Accept, &[])?;
    let note = match screening(app, write.id()).await? {
        Some(s) if !s.eligible => Some(format!(
            "screening overridden: {}",
            check_override_reason(override_reason)?
        )),
        _ => None,
    };
    Ok(CaseChange {
        note,
        acknowledge: true,
        ..status_change(next)
    })
}

/// The supervisor accepts a referral onto the waiting list. A referral that
/// failed screening needs an override with a reason.
pub async fn accept(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    version: i64,
    override_reason: Option<&str>,
) -> AppResult<CaseView> {
    let write = supervisors_decision(app, actor, case_id, AuditAction::CaseAccept, version).await?;
    let change = acceptance(app, &write, override_reason).await?;
    write.change(app, &change).await
}

/// The supervisor declines a referral, saying why.
pub async fn decline(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    version: i64,
    reason: &str,
) -> AppResult<CaseView> {
    let write =
        supervisors_decision(app, actor, case_id, AuditAction::CaseDecline, version).await?;
    let next = write.next(Step::Decline, &[])?;
    let reason = rundt_domain::error::clean_text("reason", reason, 2000)?;
    let change = CaseChange {
        note: Some(reason),
        acknowledge: true,
        ..status_change(next)
    };
    write.change(app, &change).await
}

/// A therapist's load after an assignment.
#[derive(Debug, Clone)]
pub struct Assignment {
    pub case: CaseView,
    /// The therapist's name.
    pub therapist_name: String,
    /// Families the therapist now holds.
    pub open_families: u32,
    pub caseload: CaseloadLevel,
    /// Set when the caseload is above the model's maximum.
    pub warning: Option<Message>,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignTherapist {
    pub therapist_id: UserId,
    /// First day of treatment; today when left out.
    pub start: Option<chrono::NaiveDate>,
    /// Why the therapist changes (for a reassignment).
    pub note: Option<String>,
}

async fn open_families(app: &App, therapist_id: UserId) -> AppResult<u32> {
    let filter = CaseFilter {
        therapist_id: Some(therapist_id),
        statuses: Some(vec![CaseStatus::InTreatment]),
        ..CaseFilter::default()
    };
    Ok(u32::try_from(app.store.list_cases(&filter).await?.len()).unwrap_or(u32::MAX))
}

/// What assigning `input`'s therapist changes in `case` standing at
/// `status`: the first assignment starts treatment (within 30 days of
/// today), a later one changes therapist. Refused for someone who is not
/// a therapist of the team, the therapist the family already has, or a
/// therapist whose initial training is not recorded (unless the supervisor
/// recorded an exception for them).
struct Planned {
    change: CaseChange,
    therapist_name: String,
    model: ProgrammeModel,
}

async fn assignment(
    app: &App,
    case: &CaseRecord,
    status: CaseStatus,
    input: &AssignTherapist,
) -> AppResult<Planned> {
    let step = if status == CaseStatus::InTreatment {
        Step::ReassignTherapist
    } else {
        Step::AssignTherapist
    };
    let next = next_status(status, step, &[])?;
    let today = app.clock.today();
    let members = app.store.list_team_members(case.team_id, today).await?;
    let Some(therapist) = members
        .iter()
        .find(|m| m.user_id == input.therapist_id && m.position == Position::Therapist)
    else {
        return Err(AppError::invalid(
            "therapist_id",
            msg!("therapist-not-in-team"),
        ));
    };
    if case.therapist_id == Some(input.therapist_id) {
        return Err(AppError::Conflict(msg!("therapist-already-assigned")));
    }
    let start = input.start.unwrap_or(today);
    if step == Step::AssignTherapist
        && (start > today + Duration::days(30) || start < today - Duration::days(30))
    {
        return Err(AppError::invalid(
            "start",
            msg!("treatment-start-window", days = 30),
        ));
    }
    let team = app
        .store
        .get_team(case.team_id)
        .await?
        .ok_or_else(|| AppError::Internal("case without team".into()))?;
    crate::people::check_may_take_families(app, &team, input.therapist_id, &therapist.display_name)
        .await?;
    Ok(Planned {
        change: CaseChange {
            therapist_id: Some(Some(input.therapist_id)),
            treatment_start: (step == Step::AssignTherapist).then_some(start),
            note: input.note.clone(),
            ..status_change(next)
        },
        therapist_name: therapist.display_name.clone(),
        model: model_of(app, &team).await?,
    })
}

/// The therapist's load once `updated` is saved, warned about above the
/// model's maximum.
async fn assigned(
    app: &App,
    updated: CaseView,
    therapist_id: UserId,
    planned: Planned,
) -> AppResult<Assignment> {
    let open = open_families(app, therapist_id).await?;
    let model = &planned.model;
    let level = caseload::level(model, open);
    let warning = (level == CaseloadLevel::AboveMaximum).then(|| {
        msg!(
            "caseload-above-maximum",
            open = open,
            model = model.code.as_str(),
            max = model.max_families_per_therapist
        )
    });
    Ok(Assignment {
        case: updated,
        therapist_name: planned.therapist_name,
        open_families: open,
        caseload: level,
        warning,
    })
}

/// Assigns a therapist (starting treatment) or changes therapist. Caseloads
/// above the model's maximum are allowed with a warning: teams are sometimes
/// stretched, and the supervisor decides.
pub async fn assign(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    version: i64,
    input: &AssignTherapist,
) -> AppResult<Assignment> {
    let write = supervisors_decision(app, actor, case_id, AuditAction::CaseAssign, version).await?;
    let planned = assignment(app, &write.case, write.status(), input).await?;
    let updated = write.change(app, &planned.change).await?;
    assigned(app, updated, input.therapist_id, planned).await
}

/// Accepts a referral and assigns a therapist in one step, when a
/// therapist has room now: both changes (each with its own status history
/// entry and audit event) are saved in one transaction, or neither is. The
/// rules of each step apply as if taken one after the other.
pub async fn accept_and_assign(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    version: i64,
    override_reason: Option<&str>,
    input: &AssignTherapist,
) -> AppResult<Assignment> {
    let write = supervisors_decision(app, actor, case_id, AuditAction::CaseAccept, version).await?;
    let accepting = acceptance(app, &write, override_reason).await?;
    let planned = assignment(app, &write.case, accepting.status, input).await?;
    let mut assign_event = write.event.clone();
    assign_event.action = AuditAction::CaseAssign;
    let steps = [
        CaseStep {
            change: accepting,
            audit: write.event.clone(),
        },
        CaseStep {
            change: planned.change.clone(),
            audit: assign_event,
        },
    ];
    let updated = app
        .store
        .change_case_in_steps(case_id, write.version(), &steps)
        .await?;
    assigned(app, view(app, updated, false), input.therapist_id, planned).await
}
