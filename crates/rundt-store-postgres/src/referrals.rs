//! A referral's hand-off: the team's acknowledgement and the information
//! the referring caseworker adds.
//!
//! Semantics and messages mirror the SQLite backend. Both writes lock the
//! case row first ([`lock_case`]), so the version check and the
//! "acknowledged once" check cannot race; the audit event is appended as
//! the transaction's last statement.

use async_trait::async_trait;
use deadpool_postgres::GenericClient;
use rundt_domain::audit::AuditEvent;
use rundt_domain::id::CaseId;
use rundt_domain::msg;
use rundt_store::{
    ADDITION_SELECT, CaseRecord, ReferralAddition, ReferralStore, StoreError, StoreResult,
    expect_version,
};

use crate::PostgresStore;
use crate::audit::append_audit_tx;
use crate::cases::load_case;
use crate::query::{client, execute, fetch_all, transaction};
use crate::treatment::lock_case;

async fn reloaded(client: &impl GenericClient, case_id: CaseId) -> StoreResult<CaseRecord> {
    load_case(client, case_id, false)
        .await?
        .ok_or_else(|| StoreError::Internal("case vanished".into()))
}

#[async_trait]
impl ReferralStore for PostgresStore {
    async fn acknowledge_referral(
        &self,
        case_id: CaseId,
        expected_version: i64,
        audit: &AuditEvent,
    ) -> StoreResult<CaseRecord> {
        transaction(&self.pool, async |tx| {
            let locked = lock_case(tx, case_id).await?;
            expect_version(locked.version(), expected_version)?;
            let case = reloaded(tx, case_id).await?;
            if let Some(at) = case.acknowledged_at {
                return Err(StoreError::Conflict(msg!(
                    "referral-acknowledged",
                    on = case.country.local_date(at)
                )));
            }
            execute(
                tx,
                "UPDATE cases SET acknowledged_at = $2, acknowledged_by = $3, \
                 version = version + 1 WHERE id = $1 AND acknowledged_at IS NULL",
                &[&case_id, &audit.at, &audit.actor_user_id],
            )
            .await?;
            let case = reloaded(tx, case_id).await?;
            append_audit_tx(tx, audit).await?;
            Ok(case)
        })
        .await
    }

    async fn add_referral_information(
        &self,
        case_id: CaseId,
        expected_version: i64,
        text: &str,
        audit: &AuditEvent,
    ) -> StoreResult<CaseRecord> {
        transaction(&self.pool, async |tx| {
            let locked = lock_case(tx, case_id).await?;
            expect_version(locked.version(), expected_version)?;
            execute(
                tx,
                "INSERT INTO referral_additions (case_id, added_at, added_by, text) \
                 VALUES ($1, $2, $3, $4)",
                &[&case_id, &audit.at, &audit.actor_user_id, &text],
            )
            .await?;
            execute(
                tx,
                "UPDATE cases SET version = version + 1 WHERE id = $1",
                &[&case_id],
            )
            .await?;
            let case = reloaded(tx, case_id).await?;
            append_audit_tx(tx, audit).await?;
            Ok(case)
        })
        .await
    }

    async fn referral_additions(&self, case_id: CaseId) -> StoreResult<Vec<ReferralAddition>> {
        let sql = format!("{ADDITION_SELECT} WHERE case_id = $1 ORDER BY id");
        fetch_all(&client(&self.pool).await?, &sql, &[&case_id]).await
    }
}
