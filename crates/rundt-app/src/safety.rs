//! MST-CAN's safety records as the team keeps them (issue 12): the family's
//! safety plan, saved in versions none of which is ever replaced, and the
//! incidents of violence or neglect with the notification to child welfare
//! that clears their flag. Each change goes through the one write guard
//! (`CaseWrite`: authorized, refusals audited, the version compared) and is
//! audited in its transaction.

use rundt_domain::audit::AuditAction;
use rundt_domain::id::CaseId;
use rundt_domain::incident::{Incident, Notification};
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::msg;
use rundt_domain::safety::SafetyPlan;
use rundt_store::{IncidentRecord, ParticipantRole, SafetyPlanVersion};

use crate::case_access::OpenCase;
use crate::case_write::{CaseWrite, IfMatch};
use crate::{Actor, App, AppError, AppResult};

fn in_treatment(write: &CaseWrite) -> AppResult<()> {
    if write.status() == CaseStatus::InTreatment {
        Ok(())
    } else {
        Err(AppError::Conflict(msg!("safety-not-in-treatment")))
    }
}

/// An incident's checks against now and the family's children (the young
/// people of the case).
async fn valid_for_family(app: &App, case_id: CaseId, incident: &Incident) -> AppResult<()> {
    let children = app
        .store
        .case_people_in_role(case_id, ParticipantRole::YoungPerson)
        .await?;
    Ok(incident.validate(app.clock.now(), &children)?)
}

/// Saves the family's safety plan as a new version: the first with
/// `expected_version` `None`, every later one naming the latest it was made
/// on. Agreed with the family on a day that has come; every part filled in.
pub async fn save_plan(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    plan: &SafetyPlan,
    expected_version: Option<i64>,
) -> AppResult<SafetyPlanVersion> {
    let at = IfMatch::SafetyPlan(expected_version);
    let write = CaseWrite::open(app, actor, case_id, AuditAction::CaseSafetyPlanSave, at).await?;
    in_treatment(&write)?;
    plan.validate(app.clock.today())?;
    Ok(app
        .store
        .save_safety_plan(case_id, plan, expected_version, &write.event)
        .await?)
}

/// Every version of the opened family's safety plan, newest first.
pub async fn plans(app: &App, opened: &OpenCase) -> AppResult<Vec<SafetyPlanVersion>> {
    Ok(app.store.safety_plans(opened.id()).await?)
}

/// Records an incident involving children of the family; flagged until
/// its notification to child welfare is recorded.
pub async fn record_incident(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    incident: &Incident,
) -> AppResult<IncidentRecord> {
    let action = AuditAction::CaseIncidentRecord;
    let write = CaseWrite::open(app, actor, case_id, action, IfMatch::Nothing).await?;
    in_treatment(&write)?;
    valid_for_family(app, case_id, incident).await?;
    Ok(app
        .store
        .record_incident(case_id, incident, &write.event)
        .await?)
}

/// Records how child welfare was told of an incident, or, the supervisor's
/// step alone, why no notification was needed.
pub async fn record_notification(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    incident_id: i64,
    notification: &Notification,
    expected_version: i64,
) -> AppResult<IncidentRecord> {
    let action = AuditAction::CaseIncidentNotification;
    let at = IfMatch::Incident(incident_id, expected_version);
    let write = match notification {
        Notification::NotNeeded { .. } => {
            let why = msg!("notification-not-needed-supervisor");
            CaseWrite::open_for_supervisor(app, actor, case_id, action, why, at).await?
        }
        _ => CaseWrite::open(app, actor, case_id, action, at).await?,
    };
    let mut incident = app
        .store
        .incidents(case_id)
        .await?
        .into_iter()
        .find(|i| i.id == incident_id)
        .ok_or_else(|| AppError::NotFound(format!("incident {incident_id}")))?
        .incident;
    incident.notification = notification.clone();
    valid_for_family(app, case_id, &incident).await?;
    Ok(app
        .store
        .record_notification(
            case_id,
            incident_id,
            notification,
            expected_version,
            &write.event,
        )
        .await?)
}

/// The opened family's incidents, newest first.
pub async fn incidents(app: &App, opened: &OpenCase) -> AppResult<Vec<IncidentRecord>> {
    Ok(app.store.incidents(opened.id()).await?)
}

/// A family's safety records: every version of the safety plan, newest
/// first, and the incidents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseSafety {
    pub plans: Vec<SafetyPlanVersion>,
    pub incidents: Vec<IncidentRecord>,
}

/// Opens the family (refusals audited) and reads its safety records; the
/// read is audited once per person of the case, as any read of the family.
pub async fn case_safety(app: &App, actor: &Actor, case_id: CaseId) -> AppResult<CaseSafety> {
    let opened = crate::case_access::open(app, actor, case_id, AuditAction::CaseRead).await?;
    crate::cases::read_opened(app, &opened).await?;
    Ok(CaseSafety {
        plans: plans(app, &opened).await?,
        incidents: incidents(app, &opened).await?,
    })
}
