//! Retention: ended cases and their last entry, anonymising a case,
//! deleting old sign-in records, legal holds.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use deadpool_postgres::Transaction;
use rundt_domain::audit::AuditEvent;
use rundt_domain::id::{CaseId, PersonId};
use rundt_domain::msg;
use rundt_store::retention_sql as sql;
use rundt_store::{
    Backend, CaseErasure, ErasedCase, HoldChange, LegalHold, RetentionCandidate, RetentionStore,
    StoreError, StoreResult,
};

use crate::PostgresStore;
use crate::audit::{append_audit_all_tx, append_audit_tx};
use crate::query::{client, execute, execute_unique, exists, fetch_all, fetch_one, transaction};

const SIGN_IN_ATTEMPTS: &str = "FROM login_attempts WHERE at < $1";
const SIGN_IN_SESSIONS: &str =
    "FROM sessions WHERE expires_at < $1 OR (revoked_at IS NOT NULL AND revoked_at < $1)";

/// Locks the case's row against every other change until the transaction
/// ends; `NotFound` when there is no such case.
async fn lock_case(tx: &Transaction<'_>, id: CaseId) -> StoreResult<()> {
    if exists(tx, "SELECT 1 FROM cases WHERE id = $1 FOR UPDATE", &[&id]).await? {
        Ok(())
    } else {
        Err(StoreError::NotFound(format!("case {id}")))
    }
}

async fn hold_of(tx: &Transaction<'_>, id: i64) -> StoreResult<LegalHold> {
    let sql = format!("{} WHERE h.id = $1", sql::HOLD_SELECT);
    fetch_one(tx, &sql, &[&id]).await
}

#[async_trait]
impl RetentionStore for PostgresStore {
    async fn retention_candidates(&self) -> StoreResult<Vec<RetentionCandidate>> {
        let sql = format!(
            "SELECT {} FROM cases c WHERE c.erased_on IS NULL AND c.status IN {} ORDER BY c.id",
            sql::candidate_columns(Backend::Postgres),
            sql::ENDED
        );
        fetch_all(&client(&self.pool).await?, &sql, &[]).await
    }

    async fn erase_case(&self, e: &CaseErasure, audit: &AuditEvent) -> StoreResult<ErasedCase> {
        let select = format!(
            "SELECT {} FROM cases c WHERE c.id = $1",
            sql::candidate_columns(Backend::Postgres)
        );
        transaction(&self.pool, async |tx| {
            lock_case(tx, e.case_id).await?;
            let case: RetentionCandidate = fetch_one(tx, &select, &[&e.case_id]).await?;
            let erased = exists(
                tx,
                "SELECT 1 FROM cases WHERE id = $1 AND erased_on IS NOT NULL",
                &[&e.case_id],
            )
            .await?;
            rundt_store::check_erasable(&case, erased, e)?;
            execute(
                tx,
                "UPDATE cases SET erased_on = $2, erasure_rule = $3, version = version + 1 \
                 WHERE id = $1",
                &[&e.case_id, &e.on, &e.rule],
            )
            .await?;
            let people: Vec<PersonId> = fetch_all(
                tx,
                "SELECT person_id FROM case_participants WHERE case_id = $1 ORDER BY person_id",
                &[&e.case_id],
            )
            .await?;
            for table in sql::CASE_DOCUMENTS {
                let delete = format!("DELETE FROM {table} WHERE case_id = $1");
                execute(tx, &delete, &[&e.case_id]).await?;
            }
            execute(
                tx,
                "UPDATE case_status_history SET note = NULL WHERE case_id = $1",
                &[&e.case_id],
            )
            .await?;
            execute(
                tx,
                "DELETE FROM case_participants WHERE case_id = $1",
                &[&e.case_id],
            )
            .await?;
            let mut out = ErasedCase::default();
            for person in &people {
                let elsewhere = exists(
                    tx,
                    "SELECT 1 WHERE EXISTS (SELECT 1 FROM case_participants WHERE person_id = $1)
                        OR EXISTS (SELECT 1 FROM adherence_interviews WHERE respondent_id = $1)",
                    &[person],
                )
                .await?;
                if elsewhere {
                    out.persons_kept.push(*person);
                } else {
                    execute(tx, "DELETE FROM persons WHERE id = $1", &[person]).await?;
                    out.persons_removed.push(*person);
                }
            }
            let events = rundt_store::erasure_events(audit, e.case_id, &people);
            append_audit_all_tx(tx, &events).await?;
            Ok(out)
        })
        .await
    }

    async fn count_sign_in_records(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        let db = client(&self.pool).await?;
        let attempts: i64 = fetch_one(
            &db,
            &format!("SELECT count(*) {SIGN_IN_ATTEMPTS}"),
            &[&before],
        )
        .await?;
        let sessions: i64 = fetch_one(
            &db,
            &format!("SELECT count(*) {SIGN_IN_SESSIONS}"),
            &[&before],
        )
        .await?;
        Ok((attempts + sessions).unsigned_abs())
    }

    async fn delete_sign_in_records(
        &self,
        before: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> StoreResult<u64> {
        transaction(&self.pool, async |tx| {
            let attempts = execute(tx, &format!("DELETE {SIGN_IN_ATTEMPTS}"), &[&before]).await?;
            let sessions = execute(tx, &format!("DELETE {SIGN_IN_SESSIONS}"), &[&before]).await?;
            append_audit_tx(tx, audit).await?;
            Ok(attempts + sessions)
        })
        .await
    }

    async fn place_legal_hold(&self, h: &HoldChange, audit: &AuditEvent) -> StoreResult<LegalHold> {
        transaction(&self.pool, async |tx| {
            lock_case(tx, h.case_id).await?;
            execute_unique(
                tx,
                "INSERT INTO legal_holds (case_id, reason, placed_by, placed_at) \
                 VALUES ($1, $2, $3, $4)",
                &[&h.case_id, &h.reason, &h.by, &h.at],
                || StoreError::Conflict(msg!("legal-hold-on")),
            )
            .await?;
            let id: i64 = fetch_one(
                tx,
                "SELECT id FROM legal_holds WHERE case_id = $1 AND lifted_at IS NULL",
                &[&h.case_id],
            )
            .await?;
            let hold = hold_of(tx, id).await?;
            append_audit_tx(tx, audit).await?;
            Ok(hold)
        })
        .await
    }

    async fn lift_legal_hold(&self, h: &HoldChange, audit: &AuditEvent) -> StoreResult<LegalHold> {
        transaction(&self.pool, async |tx| {
            lock_case(tx, h.case_id).await?;
            let id: i64 = crate::query::fetch_opt(
                tx,
                "SELECT id FROM legal_holds WHERE case_id = $1 AND lifted_at IS NULL",
                &[&h.case_id],
            )
            .await?
            .ok_or_else(|| StoreError::Conflict(msg!("legal-hold-none")))?;
            execute(
                tx,
                "UPDATE legal_holds SET lifted_by = $2, lifted_at = $3, lift_reason = $4 \
                 WHERE id = $1",
                &[&id, &h.by, &h.at, &h.reason],
            )
            .await?;
            let hold = hold_of(tx, id).await?;
            append_audit_tx(tx, audit).await?;
            Ok(hold)
        })
        .await
    }

    async fn legal_holds(&self, active_only: bool) -> StoreResult<Vec<LegalHold>> {
        let sql = format!(
            "{} WHERE (NOT $1 OR h.lifted_at IS NULL) ORDER BY h.id DESC",
            sql::HOLD_SELECT
        );
        fetch_all(&client(&self.pool).await?, &sql, &[&active_only]).await
    }

    async fn scrub_removed(&self) -> StoreResult<()> {
        // Dead rows go with (auto)VACUUM; nothing to do in a transaction.
        Ok(())
    }
}
