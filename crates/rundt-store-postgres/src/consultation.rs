//! The team's requests that its psychiatrist consult on a family.

use async_trait::async_trait;
use deadpool_postgres::Transaction;
use rundt_domain::audit::AuditEvent;
use rundt_domain::consultation::ConsultationRequest;
use rundt_domain::id::CaseId;
use rundt_domain::user::UserId;
use rundt_store::consultation_sql::CONSULTATION_SELECT;
use rundt_store::{
    ConsultationChange, ConsultationRecord, ConsultationStore, StoreError, StoreResult, stale,
};

use crate::PostgresStore;
use crate::audit::append_audit_tx;
use crate::query::{client, execute, fetch_all, fetch_one, fetch_opt, transaction};
use crate::safety::locked;

async fn consultation_of(
    tx: &Transaction<'_>,
    case_id: CaseId,
    id: i64,
) -> StoreResult<Option<ConsultationRecord>> {
    let sql = format!("{CONSULTATION_SELECT} WHERE id = $1 AND case_id = $2");
    fetch_opt(tx, &sql, &[&id, &case_id]).await
}

fn vanished() -> StoreError {
    StoreError::Internal("consultation vanished".into())
}

#[async_trait]
impl ConsultationStore for PostgresStore {
    async fn request_consultation(
        &self,
        case_id: CaseId,
        request: &ConsultationRequest,
        audit: &AuditEvent,
    ) -> StoreResult<ConsultationRecord> {
        transaction(&self.pool, async |tx| {
            locked(tx, case_id).await?;
            let id: i64 = fetch_one(
                tx,
                "INSERT INTO psychiatric_consultations \
                 (case_id, psychiatrist_id, question, requested_by, requested_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
                &[
                    &case_id,
                    &request.psychiatrist_id,
                    &request.question,
                    &audit.actor_user_id,
                    &audit.at,
                ],
            )
            .await?;
            let mut e = audit.clone();
            e.object_id.get_or_insert(case_id.get());
            append_audit_tx(tx, &e).await?;
            consultation_of(tx, case_id, id).await?.ok_or_else(vanished)
        })
        .await
    }

    async fn change_consultation(
        &self,
        case_id: CaseId,
        id: i64,
        change: &ConsultationChange,
        expected_version: i64,
        audit: &AuditEvent,
    ) -> StoreResult<ConsultationRecord> {
        transaction(&self.pool, async |tx| {
            locked(tx, case_id).await?;
            let stored = consultation_of(tx, case_id, id)
                .await?
                .ok_or_else(|| StoreError::NotFound(format!("consultation {id}")))?;
            if stored.version != expected_version {
                return Err(stale(stored.version));
            }
            match change {
                ConsultationChange::Answer(answer) => {
                    execute(
                        tx,
                        "UPDATE psychiatric_consultations \
                         SET answer = $2, answered_at = $3, version = version + 1 WHERE id = $1",
                        &[&id, answer, &audit.at],
                    )
                    .await?
                }
                ConsultationChange::End => {
                    execute(
                        tx,
                        "UPDATE psychiatric_consultations \
                         SET ended_by = $2, ended_at = $3, version = version + 1 WHERE id = $1",
                        &[&id, &audit.actor_user_id, &audit.at],
                    )
                    .await?
                }
            };
            append_audit_tx(tx, audit).await?;
            consultation_of(tx, case_id, id).await?.ok_or_else(vanished)
        })
        .await
    }

    async fn consultations(&self, case_id: CaseId) -> StoreResult<Vec<ConsultationRecord>> {
        let sql =
            format!("{CONSULTATION_SELECT} WHERE case_id = $1 ORDER BY requested_at DESC, id DESC");
        fetch_all(&client(&self.pool).await?, &sql, &[&case_id]).await
    }

    async fn open_consultations_of(
        &self,
        psychiatrist: UserId,
    ) -> StoreResult<Vec<ConsultationRecord>> {
        let sql = format!(
            "{CONSULTATION_SELECT} WHERE psychiatrist_id = $1 AND ended_at IS NULL \
             ORDER BY requested_at DESC, id DESC"
        );
        fetch_all(&client(&self.pool).await?, &sql, &[&psychiatrist]).await
    }
}
