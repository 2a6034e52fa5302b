//! MST-CAN's treatment plan and modules as the team keeps them (issue 12):
//! the plan made with the family, saved in versions, its goals in the
//! theme areas; and the treatment modules the family takes as needed, each
//! started once and then updated on the version it was read at. Every
//! change goes through the one write guard (`CaseWrite`), only while the
//! family is in treatment, and for an MST-CAN family only once its safety
//! plan exists.

use rundt_domain::audit::AuditAction;
use rundt_domain::can_plan::{ModuleProgress, NewModule, TreatmentPlan};
use rundt_domain::id::CaseId;
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::msg;
use rundt_store::{ModuleRecord, TreatmentPlanVersion};

use crate::case_access::OpenCase;
use crate::case_write::{CaseWrite, IfMatch};
use crate::{Actor, App, AppError, AppResult};

fn in_treatment(write: &CaseWrite) -> AppResult<()> {
    if write.status() == CaseStatus::InTreatment {
        Ok(())
    } else {
        Err(AppError::Conflict(msg!("plan-not-in-treatment")))
    }
}

/// Saves the family's treatment plan as a new version: the first with
/// `expected_version` `None`, every later one naming the latest it was
/// made on. Every goal says its theme area, its steps, who agreed and how
/// progress is measured; the texts are stored trimmed.
pub async fn save_plan(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    plan: &TreatmentPlan,
    expected_version: Option<i64>,
) -> AppResult<TreatmentPlanVersion> {
    let action = AuditAction::CaseTreatmentPlanSave;
    let at = IfMatch::TreatmentPlan(expected_version);
    let write = CaseWrite::open(app, actor, case_id, action, at).await?;
    in_treatment(&write)?;
    write.safety_first(app).await?;
    let plan = plan.validated(app.clock.today())?;
    Ok(app
        .store
        .save_treatment_plan(case_id, &plan, expected_version, &write.event)
        .await?)
}

/// Records a module the family starts, or is planned to start. A module
/// without a start date is refused, field by field with the rest.
pub async fn start_module(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    module: &NewModule,
) -> AppResult<ModuleRecord> {
    let action = AuditAction::CaseModuleStart;
    let write = CaseWrite::open(app, actor, case_id, action, IfMatch::Nothing).await?;
    in_treatment(&write)?;
    write.safety_first(app).await?;
    let module = module.validated(app.clock.today())?;
    Ok(app
        .store
        .start_module(case_id, &module, &write.event)
        .await?)
}

/// Records how a module has gone: its sessions, who delivers it, where it
/// stands, its end and (RBT) its drug screens; on the version read.
pub async fn update_module(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    module_id: i64,
    progress: &ModuleProgress,
    expected_version: i64,
) -> AppResult<ModuleRecord> {
    let action = AuditAction::CaseModuleUpdate;
    let at = IfMatch::Module(module_id, expected_version);
    let write = CaseWrite::open(app, actor, case_id, action, at).await?;
    in_treatment(&write)?;
    write.safety_first(app).await?;
    let stored = app
        .store
        .modules(case_id)
        .await?
        .into_iter()
        .find(|m| m.id == module_id)
        .ok_or_else(|| AppError::NotFound(format!("module {module_id}")))?;
    let module = stored.module.updated(progress, app.clock.today())?;
    Ok(app
        .store
        .update_module(case_id, module_id, &module, expected_version, &write.event)
        .await?)
}

/// Every version of the opened family's treatment plan, newest first.
pub async fn plans(app: &App, opened: &OpenCase) -> AppResult<Vec<TreatmentPlanVersion>> {
    Ok(app.store.treatment_plans(opened.id()).await?)
}

/// The opened family's modules, in the order they started.
pub async fn modules(app: &App, opened: &OpenCase) -> AppResult<Vec<ModuleRecord>> {
    Ok(app.store.modules(opened.id()).await?)
}

/// A family's treatment plan (its latest version) and modules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CasePlan {
    /// The latest version of the plan; `None` before the first.
    pub plan: Option<TreatmentPlanVersion>,
    pub modules: Vec<ModuleRecord>,
    /// Where the family stands in its course (the plan is changed only
    /// during treatment).
    pub status: CaseStatus,
}

/// Opens the family (refusals audited) and reads its plan and modules; the
/// read is audited once per person of the case, as any read of the family.
pub async fn case_plan(app: &App, actor: &Actor, case_id: CaseId) -> AppResult<CasePlan> {
    let opened = crate::case_access::open(app, actor, case_id, AuditAction::CaseRead).await?;
    let case = crate::cases::read_opened(app, &opened).await?;
    Ok(CasePlan {
        plan: plans(app, &opened).await?.into_iter().next(),
        modules: modules(app, &opened).await?,
        status: case.status,
    })
}
