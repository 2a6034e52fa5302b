//! MST-CAN's treatment plan versions and treatment modules.

use rundt_domain::audit::AuditEvent;
use rundt_domain::can_plan::{Module, TreatmentPlan};
use rundt_domain::id::CaseId;
use rundt_store::can_plan_sql::{MODULE_ORDER, MODULE_SELECT};
use rundt_store::{
    CanPlanStore, ModuleRecord, StoreError, StoreResult, TreatmentPlanVersion, json_text, stale,
};
use rusqlite::{Connection, params};

use crate::audit;
use crate::convert::{date_text, db_err, time_text};
use crate::forward::forward;
use crate::query::{fetch_all, fetch_opt};
use crate::treatment::require_case;
use crate::versioned::{save_version, versions};
use rundt_store::TREATMENT_PLANS;

pub fn save_treatment_plan(
    tx: &Connection,
    case_id: CaseId,
    plan: &TreatmentPlan,
    expected_version: Option<i64>,
    event: &AuditEvent,
) -> StoreResult<TreatmentPlanVersion> {
    save_version(
        tx,
        TREATMENT_PLANS,
        case_id,
        json_text(plan)?,
        expected_version,
        event,
    )
}

pub fn treatment_plans(
    conn: &Connection,
    case_id: CaseId,
) -> StoreResult<Vec<TreatmentPlanVersion>> {
    versions(conn, TREATMENT_PLANS, case_id)
}

fn module_of(conn: &Connection, case_id: CaseId, id: i64) -> StoreResult<Option<ModuleRecord>> {
    fetch_opt(
        conn,
        &format!("{MODULE_SELECT} WHERE id = ?1 AND case_id = ?2"),
        params![id, case_id],
    )
}

pub fn start_module(
    tx: &Connection,
    case_id: CaseId,
    module: &Module,
    event: &AuditEvent,
) -> StoreResult<ModuleRecord> {
    require_case(tx, case_id)?;
    tx.execute(
        "INSERT INTO treatment_modules
         (case_id, kind, start_on, status, content, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            case_id,
            module.kind.as_str(),
            date_text(module.start),
            module.status.as_str(),
            json_text(module)?,
            event.actor_user_id,
            time_text(event.at)
        ],
    )
    .map_err(db_err)?;
    let id = tx.last_insert_rowid();
    audit::append(tx, event)?;
    module_of(tx, case_id, id)?.ok_or_else(|| StoreError::Internal("module vanished".into()))
}

pub fn update_module(
    tx: &Connection,
    case_id: CaseId,
    module_id: i64,
    module: &Module,
    expected_version: i64,
    event: &AuditEvent,
) -> StoreResult<ModuleRecord> {
    let stored = module_of(tx, case_id, module_id)?
        .ok_or_else(|| StoreError::NotFound(format!("module {module_id}")))?;
    if stored.version != expected_version {
        return Err(stale(stored.version));
    }
    tx.execute(
        "UPDATE treatment_modules
         SET kind = ?2, start_on = ?3, status = ?4, content = ?5, version = version + 1
         WHERE id = ?1",
        params![
            module_id,
            module.kind.as_str(),
            date_text(module.start),
            module.status.as_str(),
            json_text(module)?
        ],
    )
    .map_err(db_err)?;
    audit::append(tx, event)?;
    module_of(tx, case_id, module_id)?.ok_or_else(|| StoreError::Internal("module vanished".into()))
}

pub fn modules(conn: &Connection, case_id: CaseId) -> StoreResult<Vec<ModuleRecord>> {
    fetch_all(
        conn,
        &format!("{MODULE_SELECT} WHERE case_id = ?1 {MODULE_ORDER}"),
        [case_id],
    )
}

forward! {
    impl CanPlanStore {
        async fn save_treatment_plan(&self, case_id: CaseId, plan: &TreatmentPlan, expected_version: Option<i64>, audit: &AuditEvent) -> StoreResult<TreatmentPlanVersion> => write save_treatment_plan;
        async fn treatment_plans(&self, case_id: CaseId) -> StoreResult<Vec<TreatmentPlanVersion>> => read treatment_plans;
        async fn start_module(&self, case_id: CaseId, module: &Module, audit: &AuditEvent) -> StoreResult<ModuleRecord> => write start_module;
        async fn update_module(&self, case_id: CaseId, module_id: i64, module: &Module, expected_version: i64, audit: &AuditEvent) -> StoreResult<ModuleRecord> => write update_module;
        async fn modules(&self, case_id: CaseId) -> StoreResult<Vec<ModuleRecord>> => read modules;
    }
}
