//! The hash-chained audit log.
//!
//! Appending takes `SHARE ROW EXCLUSIVE` on `audit_events` for the rest of
//! the transaction, so appends are strictly serialised and the chain has no
//! gaps or forks. Every write appends as its *last* statement, so a
//! transaction holding the audit lock never waits for another lock.

use chrono::SubsecRound;
use deadpool_postgres::{Pool, Transaction};
use rundt_domain::audit::{AuditEvent, GENESIS_HASH, Outcome, RecordedEvent, chain_hash};
use rundt_store::{StoreError, StoreResult, StoredAuditEvent};
use tokio_postgres::Row;

use crate::error::{pg, pool};

/// Appends `event` to the chain inside `tx`; returns its sequence number.
/// `at` is stored (and hashed) truncated to microseconds, PostgreSQL's
/// precision, so the stored event re-hashes to the stored hash.
pub(crate) async fn append_audit_tx(tx: &Transaction<'_>, event: &AuditEvent) -> StoreResult<i64> {
    tx.batch_execute("LOCK TABLE audit_events IN SHARE ROW EXCLUSIVE MODE")
        .await
        .map_err(pg)?;
    let last = tx
        .prepare_cached("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")
        .await
        .map_err(pg)?;
    let (seq, prev_hash) = match tx.query_opt(&last, &[]).await.map_err(pg)? {
        Some(row) => {
            let seq: i64 = row.try_get(0).map_err(pg)?;
            let hash: String = row.try_get(1).map_err(pg)?;
            (seq + 1, hash)
        }
        None => (1, GENESIS_HASH.to_owned()),
    };
    let mut event = event.clone();
    event.at = event.at.trunc_subsecs(6);
    let hash = chain_hash(&prev_hash, seq, &event);
    let insert = tx
        .prepare_cached(
            "INSERT INTO audit_events (seq, at, actor_user_id, actor_role, action, object_kind, \
             object_id, person_id, purpose, outcome, prev_hash, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .await
        .map_err(pg)?;
    tx.execute(
        &insert,
        &[
            &seq,
            &event.at,
            &event.actor_user_id,
            &event.actor_role,
            &event.action.as_str(),
            &event.object_kind.as_str(),
            &event.object_id,
            &event.person_id,
            &event.purpose,
            &event.outcome.as_str(),
            &prev_hash,
            &hash,
        ],
    )
    .await
    .map_err(pg)?;
    Ok(seq)
}

/// The event a create method records: `object_id` defaults to the new id.
pub(crate) fn with_object_id(event: &AuditEvent, id: i64) -> AuditEvent {
    let mut event = event.clone();
    if event.object_id.is_none() {
        event.object_id = Some(id);
    }
    event
}

/// Appends an event that has no write of its own.
pub(crate) async fn append_audit(pool_: &Pool, event: &AuditEvent) -> StoreResult<i64> {
    let mut client = pool_.get().await.map_err(pool)?;
    let tx = client.transaction().await.map_err(pg)?;
    let seq = append_audit_tx(&tx, event).await?;
    tx.commit().await.map_err(pg)?;
    Ok(seq)
}

pub(crate) async fn audit_events(
    pool_: &Pool,
    after_seq: i64,
    limit: u32,
) -> StoreResult<Vec<StoredAuditEvent>> {
    let client = pool_.get().await.map_err(pool)?;
    let stmt = client
        .prepare_cached(
            "SELECT seq, at, actor_user_id, actor_role, action, object_kind, object_id, person_id, \
             purpose, outcome, prev_hash, hash \
             FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .await
        .map_err(pg)?;
    let rows = client
        .query(&stmt, &[&after_seq, &i64::from(limit)])
        .await
        .map_err(pg)?;
    rows.iter().map(stored_event).collect()
}

/// Every event about a person, oldest first.
pub(crate) async fn person_events(
    pool_: &Pool,
    person_id: i64,
) -> StoreResult<Vec<StoredAuditEvent>> {
    let client = pool_.get().await.map_err(pool)?;
    let stmt = client
        .prepare_cached(
            "SELECT seq, at, actor_user_id, actor_role, action, object_kind, object_id, person_id, \
             purpose, outcome, prev_hash, hash \
             FROM audit_events WHERE person_id = $1 ORDER BY seq",
        )
        .await
        .map_err(pg)?;
    let rows = client.query(&stmt, &[&person_id]).await.map_err(pg)?;
    rows.iter().map(stored_event).collect()
}

fn stored_event(row: &Row) -> StoreResult<StoredAuditEvent> {
    let outcome: String = row.try_get(9).map_err(pg)?;
    let outcome = match outcome.as_str() {
        "success" => Outcome::Success,
        "denied" => Outcome::Denied,
        other => {
            return Err(StoreError::Internal(format!(
                "bad value in column audit_events.outcome: '{other}'"
            )));
        }
    };
    Ok(StoredAuditEvent {
        seq: row.try_get(0).map_err(pg)?,
        event: RecordedEvent {
            at: row.try_get(1).map_err(pg)?,
            actor_user_id: row.try_get(2).map_err(pg)?,
            actor_role: row.try_get(3).map_err(pg)?,
            action: row.try_get(4).map_err(pg)?,
            object_kind: row.try_get(5).map_err(pg)?,
            object_id: row.try_get(6).map_err(pg)?,
            person_id: row.try_get(7).map_err(pg)?,
            purpose: row.try_get(8).map_err(pg)?,
            outcome,
        },
        prev_hash: row.try_get(10).map_err(pg)?,
        hash: row.try_get(11).map_err(pg)?,
    })
}
