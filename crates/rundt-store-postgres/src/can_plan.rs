//! MST-CAN's treatment plan versions and treatment modules.

use async_trait::async_trait;
use deadpool_postgres::Transaction;
use rundt_domain::audit::AuditEvent;
use rundt_domain::can_plan::{Module, TreatmentPlan};
use rundt_domain::id::CaseId;
use rundt_store::can_plan_sql::{MODULE_ORDER, MODULE_SELECT};
use rundt_store::{
    CanPlanStore, ModuleRecord, StoreError, StoreResult, TreatmentPlanVersion, json_text, stale,
};

use crate::PostgresStore;
use crate::audit::append_audit_tx;
use crate::cases::load_case;
use crate::query::{client, execute, fetch_all, fetch_one, fetch_opt, transaction};
use crate::treatment::lock_case;
use crate::versioned::{save_version, versions};
use rundt_store::TREATMENT_PLANS;

/// Locks the case against other changes; `NotFound` when there is none
/// (or it was anonymised).
async fn locked(tx: &Transaction<'_>, case_id: CaseId) -> StoreResult<()> {
    lock_case(tx, case_id).await?;
    load_case(tx, case_id, false)
        .await?
        .map(|_| ())
        .ok_or_else(|| StoreError::NotFound(format!("case {case_id}")))
}

async fn module_of(
    tx: &Transaction<'_>,
    case_id: CaseId,
    id: i64,
) -> StoreResult<Option<ModuleRecord>> {
    let sql = format!("{MODULE_SELECT} WHERE id = $1 AND case_id = $2");
    fetch_opt(tx, &sql, &[&id, &case_id]).await
}

#[async_trait]
impl CanPlanStore for PostgresStore {
    async fn save_treatment_plan(
        &self,
        case_id: CaseId,
        plan: &TreatmentPlan,
        expected_version: Option<i64>,
        audit: &AuditEvent,
    ) -> StoreResult<TreatmentPlanVersion> {
        let content = json_text(plan)?;
        save_version(
            &self.pool,
            TREATMENT_PLANS,
            case_id,
            content,
            expected_version,
            audit,
        )
        .await
    }

    async fn treatment_plans(&self, case_id: CaseId) -> StoreResult<Vec<TreatmentPlanVersion>> {
        versions(&self.pool, TREATMENT_PLANS, case_id).await
    }

    async fn start_module(
        &self,
        case_id: CaseId,
        module: &Module,
        audit: &AuditEvent,
    ) -> StoreResult<ModuleRecord> {
        transaction(&self.pool, async |tx| {
            locked(tx, case_id).await?;
            let id: i64 = fetch_one(
                tx,
                "INSERT INTO treatment_modules \
                 (case_id, kind, start_on, status, content, recorded_by, recorded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                &[
                    &case_id,
                    &module.kind.as_str(),
                    &module.start,
                    &module.status.as_str(),
                    &json_text(module)?,
                    &audit.actor_user_id,
                    &audit.at,
                ],
            )
            .await?;
            append_audit_tx(tx, audit).await?;
            module_of(tx, case_id, id)
                .await?
                .ok_or_else(|| StoreError::Internal("module vanished".into()))
        })
        .await
    }

    async fn update_module(
        &self,
        case_id: CaseId,
        module_id: i64,
        module: &Module,
        expected_version: i64,
        audit: &AuditEvent,
    ) -> StoreResult<ModuleRecord> {
        transaction(&self.pool, async |tx| {
            locked(tx, case_id).await?;
            let stored = module_of(tx, case_id, module_id)
                .await?
                .ok_or_else(|| StoreError::NotFound(format!("module {module_id}")))?;
            if stored.version != expected_version {
                return Err(stale(stored.version));
            }
            execute(
                tx,
                "UPDATE treatment_modules \
                 SET kind = $2, start_on = $3, status = $4, content = $5, version = version + 1 \
                 WHERE id = $1",
                &[
                    &module_id,
                    &module.kind.as_str(),
                    &module.start,
                    &module.status.as_str(),
                    &json_text(module)?,
                ],
            )
            .await?;
            append_audit_tx(tx, audit).await?;
            module_of(tx, case_id, module_id)
                .await?
                .ok_or_else(|| StoreError::Internal("module vanished".into()))
        })
        .await
    }

    async fn modules(&self, case_id: CaseId) -> StoreResult<Vec<ModuleRecord>> {
        let sql = format!("{MODULE_SELECT} WHERE case_id = $1 {MODULE_ORDER}");
        fetch_all(&client(&self.pool).await?, &sql, &[&case_id]).await
    }
}
