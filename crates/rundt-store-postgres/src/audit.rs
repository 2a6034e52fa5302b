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
    let (last, prev_hash) = last_link(tx).await?;
    insert_links(tx, last + 1, prev_hash, std::slice::from_ref(event)).await?;
    Ok(last + 1)
}

/// Appends `events` in order inside `tx` with one lock, one read of the
/// chain's end and one INSERT: three round trips however many events (a
/// dashboard's per-family table logs hundreds).
pub(crate) async fn append_audit_all_tx(
    tx: &Transaction<'_>,
    events: &[AuditEvent],
) -> StoreResult<Vec<i64>> {
    if events.is_empty() {
        return Ok(Vec::new());
    }
    let (last, prev_hash) = last_link(tx).await?;
    insert_links(tx, last + 1, prev_hash, events).await?;
    Ok((1..=events.len() as i64).map(|n| last + n).collect())
}

/// Locks the log for the rest of `tx` and reads the end of the chain: the
/// last sequence number (0 when empty) and its hash.
async fn last_link(tx: &Transaction<'_>) -> StoreResult<(i64, String)> {
    tx.batch_execute("LOCK TABLE audit_events IN SHARE ROW EXCLUSIVE MODE")
        .await
        .map_err(pg)?;
    let last = "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1";
    Ok(fetch_opt::<(i64, String)>(tx, last, &[])
        .await?
        .unwrap_or_else(|| (0, GENESIS_HASH.to_owned())))
}

/// Chains `events` on from `prev_hash`, numbered from `first_seq`, and
/// inserts them in one statement (columns as arrays, unnested).
async fn insert_links(
    tx: &Transaction<'_>,
    first_seq: i64,
    mut prev_hash: String,
    events: &[AuditEvent],
) -> StoreResult<()> {
    let n = events.len();
    let mut seqs = Vec::with_capacity(n);
    let mut ats = Vec::with_capacity(n);
    let mut prevs = Vec::with_capacity(n);
    let mut hashes = Vec::with_capacity(n);
    for (seq, event) in (first_seq..).zip(events) {
        let mut event = event.clone();
        event.at = event.at.trunc_subsecs(6);
        let hash = chain_hash(&prev_hash, seq, &event);
        seqs.push(seq);
        ats.push(event.at);
        prevs.push(std::mem::replace(&mut prev_hash, hash.clone()));
        hashes.push(hash);
    }
    let actors: Vec<_> = events.iter().map(|e| e.actor_user_id).collect();
    let roles: Vec<&str> = events.iter().map(|e| e.actor_role.as_str()).collect();
    let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
    let kinds: Vec<&str> = events.iter().map(|e| e.object_kind.as_str()).collect();
    let objects: Vec<Option<i64>> = events.iter().map(|e| e.object_id).collect();
    let people: Vec<_> = events.iter().map(|e| e.person_id).collect();
    let purposes: Vec<Option<&str>> = events.iter().map(|e| e.purpose.as_deref()).collect();
    let outcomes: Vec<&str> = events.iter().map(|e| e.outcome.as_str()).collect();
    let insert = "INSERT INTO audit_events (seq, at, actor_user_id, actor_role, action, \
         object_kind, object_id, person_id, purpose, outcome, prev_hash, hash) \
         SELECT * FROM UNNEST($1::bigint[], $2::timestamptz[], $3::bigint[], $4::text[], \
         $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::text[], $10::text[], \
         $11::text[], $12::text[])";
    execute(
        tx,
        insert,
        &[
            &seqs, &ats, &actors, &roles, &actions, &kinds, &objects, &people, &purposes,
            &outcomes, &prevs, &hashes,
        ],
    )
    .await?;
    // A notice an event raises is written in the event's transaction.
    for ((seq, event), at) in (first_seq..).zip(events).zip(&ats) {
        if let Some(notice) = rundt_domain::notice::from_event(seq, event) {
            crate::outbox::raise(tx, &notice, Some(seq), *at).await?;
        }
    }
    Ok(())
}

/// Appends `events` in order in one transaction (one lock of the table,
/// one commit).
pub(crate) async fn append_audit_events(
    pool_: &Pool,
    events: &[AuditEvent],
) -> StoreResult<Vec<i64>> {
    transaction(pool_, async |tx| append_audit_all_tx(tx, events).await).await
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
