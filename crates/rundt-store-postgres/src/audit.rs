//! The hash-chained audit log.
//!
//! Appending takes `SHARE ROW EXCLUSIVE` on `audit_events` for the rest of
//! the transaction, so appends are strictly serialised and the chain has no
//! gaps or forks. Every write appends as its *last* statement, so a
//! transaction holding the audit lock never waits for another lock.

use chrono::SubsecRound;
use deadpool_postgres::{Pool, Transaction};
use rundt_domain::audit::{AuditEvent, GENESIS_HASH, chain_hash};
use rundt_domain::id::PersonId;
use rundt_store::{AUDIT_SELECT, AuditArg, AuditFilter, StoreResult, StoredAuditEvent};
use tokio_postgres::types::ToSql;

use crate::error::pg;
use crate::query::{client, execute, fetch_all, fetch_opt, transaction};

/// Appends `event` to the chain inside `tx`; returns its sequence number.
/// `at` is stored (and hashed) truncated to microseconds, PostgreSQL's
/// precision, so the stored event re-hashes to the stored hash.
pub(crate) async fn append_audit_tx(tx: &Transaction<'_>, event: &AuditEvent) -> StoreResult<i64> {
    tx.batch_execute("LOCK TABLE audit_events IN SHARE ROW EXCLUSIVE MODE")
        .await
        .map_err(pg)?;
    let last = "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1";
    let (seq, prev_hash) = match fetch_opt::<(i64, String)>(tx, last, &[]).await? {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, GENESIS_HASH.to_owned()),
    };
    let mut event = event.clone();
    event.at = event.at.trunc_subsecs(6);
    let hash = chain_hash(&prev_hash, seq, &event);
    let insert = "INSERT INTO audit_events (seq, at, actor_user_id, actor_role, action, \
         object_kind, object_id, person_id, purpose, outcome, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
    execute(
        tx,
        insert,
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
    .await?;
    Ok(seq)
}

/// Appends `events` in order in one transaction (one lock of the table,
/// one commit).
pub(crate) async fn append_audit_events(
    pool_: &Pool,
    events: &[AuditEvent],
) -> StoreResult<Vec<i64>> {
    transaction(pool_, async |tx| {
        let mut seqs = Vec::with_capacity(events.len());
        for event in events {
            seqs.push(append_audit_tx(tx, event).await?);
        }
        Ok(seqs)
    })
    .await
}

/// The event a create method records: `object_id` defaults to the new id.
pub(crate) fn with_object_id(event: &AuditEvent, id: impl Into<i64>) -> AuditEvent {
    let mut event = event.clone();
    if event.object_id.is_none() {
        event.object_id = Some(id.into());
    }
    event
}

pub(crate) async fn audit_events(
    pool_: &Pool,
    after_seq: i64,
    limit: u32,
) -> StoreResult<Vec<StoredAuditEvent>> {
    let sql = format!("{AUDIT_SELECT} WHERE seq > $1 ORDER BY seq LIMIT $2");
    fetch_all(
        &client(pool_).await?,
        &sql,
        &[&after_seq, &i64::from(limit)],
    )
    .await
}

/// Events matching `filter`, newest first.
pub(crate) async fn search_audit_events(
    pool_: &Pool,
    filter: &AuditFilter,
    limit: u32,
) -> StoreResult<Vec<StoredAuditEvent>> {
    let (sql, args) = filter.statement(AUDIT_SELECT, |n| format!("${n}"), limit);
    let params: Vec<&(dyn ToSql + Sync)> = args
        .iter()
        .map(|a| -> &(dyn ToSql + Sync) {
            match a {
                AuditArg::Int(i) => i,
                AuditArg::Text(t) => t,
                AuditArg::Time(t) => t,
            }
        })
        .collect();
    fetch_all(&client(pool_).await?, &sql, &params).await
}

/// Every event about a person, oldest first.
pub(crate) async fn person_events(
    pool_: &Pool,
    person_id: PersonId,
) -> StoreResult<Vec<StoredAuditEvent>> {
    let sql = format!("{AUDIT_SELECT} WHERE person_id = $1 ORDER BY seq");
    fetch_all(&client(pool_).await?, &sql, &[&person_id]).await
}

/// The statement of one page of a person's access log, newest first: the
/// person's id, the `seq` the page is below and the page's size, all
/// bounds of the (person, seq) index.
fn person_page_statement() -> String {
    format!("{AUDIT_SELECT} WHERE person_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3")
}

/// One page of a person's access log, newest first.
pub(crate) async fn person_events_page(
    pool_: &Pool,
    person_id: PersonId,
    before_seq: Option<i64>,
    limit: u32,
) -> StoreResult<Vec<StoredAuditEvent>> {
    let before = before_seq.unwrap_or(i64::MAX);
    let limit = i64::from(limit);
    fetch_all(
        &client(pool_).await?,
        &person_page_statement(),
        &[&person_id, &before, &limit],
    )
    .await
}
