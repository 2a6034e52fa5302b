//! MST-CAN's safety records: safety plan versions and incidents.

use async_trait::async_trait;
use deadpool_postgres::Transaction;
use rundt_domain::audit::AuditEvent;
use rundt_domain::id::CaseId;
use rundt_domain::incident::{Incident, Notification};
use rundt_domain::safety::SafetyPlan;
use rundt_store::safety_sql::INCIDENT_SELECT;
use rundt_store::{
    IncidentRecord, SafetyPlanVersion, SafetyStore, StoreError, StoreResult, json_text, stale,
};

use crate::PostgresStore;
use crate::audit::append_audit_tx;
use crate::cases::load_case;
use crate::query::{client, execute, fetch_all, fetch_one, fetch_opt, transaction};
use crate::treatment::lock_case;
use crate::versioned::{save_version, versions};
use rundt_store::SAFETY_PLANS;

/// Locks the case against other changes; `NotFound` when there is none
/// (or it was anonymised).
pub(crate) async fn locked(tx: &Transaction<'_>, case_id: CaseId) -> StoreResult<()> {
    lock_case(tx, case_id).await?;
    load_case(tx, case_id, false)
        .await?
        .map(|_| ())
        .ok_or_else(|| StoreError::NotFound(format!("case {case_id}")))
}

async fn incident_of(
    tx: &Transaction<'_>,
    case_id: CaseId,
    id: i64,
) -> StoreResult<Option<IncidentRecord>> {
    let sql = format!("{INCIDENT_SELECT} WHERE id = $1 AND case_id = $2");
    fetch_opt(tx, &sql, &[&id, &case_id]).await
}

#[async_trait]
impl SafetyStore for PostgresStore {
    async fn save_safety_plan(
        &self,
        case_id: CaseId,
        plan: &SafetyPlan,
        expected_version: Option<i64>,
        audit: &AuditEvent,
    ) -> StoreResult<SafetyPlanVersion> {
        let content = json_text(plan)?;
        save_version(
            &self.pool,
            SAFETY_PLANS,
            case_id,
            content,
            expected_version,
            audit,
        )
        .await
    }

    async fn safety_plans(&self, case_id: CaseId) -> StoreResult<Vec<SafetyPlanVersion>> {
        versions(&self.pool, SAFETY_PLANS, case_id).await
    }

    async fn record_incident(
        &self,
        case_id: CaseId,
        incident: &Incident,
        audit: &AuditEvent,
    ) -> StoreResult<IncidentRecord> {
        transaction(&self.pool, async |tx| {
            locked(tx, case_id).await?;
            let id: i64 = fetch_one(
                tx,
                "INSERT INTO incidents (case_id, at, content, flagged, recorded_by, recorded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                &[
                    &case_id,
                    &incident.at,
                    &json_text(incident)?,
                    &incident.is_flagged(),
                    &audit.actor_user_id,
                    &audit.at,
                ],
            )
            .await?;
            let mut e = audit.clone();
            e.object_id.get_or_insert(case_id.get());
            append_audit_tx(tx, &e).await?;
            incident_of(tx, case_id, id)
                .await?
                .ok_or_else(|| StoreError::Internal("incident vanished".into()))
        })
        .await
    }

    async fn record_notification(
        &self,
        case_id: CaseId,
        incident_id: i64,
        notification: &Notification,
        expected_version: i64,
        audit: &AuditEvent,
    ) -> StoreResult<IncidentRecord> {
        transaction(&self.pool, async |tx| {
            locked(tx, case_id).await?;
            let mut stored = incident_of(tx, case_id, incident_id)
                .await?
                .ok_or_else(|| StoreError::NotFound(format!("incident {incident_id}")))?;
            if stored.version != expected_version {
                return Err(stale(stored.version));
            }
            stored.incident.notification = notification.clone();
            execute(
                tx,
                "UPDATE incidents SET content = $2, flagged = $3, version = version + 1 \
                 WHERE id = $1",
                &[
                    &incident_id,
                    &json_text(&stored.incident)?,
                    &stored.incident.is_flagged(),
                ],
            )
            .await?;
            append_audit_tx(tx, audit).await?;
            incident_of(tx, case_id, incident_id)
                .await?
                .ok_or_else(|| StoreError::Internal("incident vanished".into()))
        })
        .await
    }

    async fn incidents(&self, case_id: CaseId) -> StoreResult<Vec<IncidentRecord>> {
        let sql = format!("{INCIDENT_SELECT} WHERE case_id = $1 ORDER BY at DESC, id DESC");
        fetch_all(&client(&self.pool).await?, &sql, &[&case_id]).await
    }
}
