//! Appending to and reading the hash-chained audit log.

use rundt_domain::audit::{AuditEvent, GENESIS_HASH, chain_hash};
use rundt_domain::id::PersonId;
use rundt_store::{AUDIT_SELECT, AuditArg, AuditFilter, StoreResult, StoredAuditEvent};
use rusqlite::types::Value;
use rusqlite::{Connection, params};

use crate::convert::{db_err, time_text};
use crate::query::{fetch_all, fetch_opt};

/// Appends `events` in order inside the caller's transaction: the end of
/// the chain is read once, each event chained on in memory.
pub fn append_all(conn: &Connection, events: &[AuditEvent]) -> StoreResult<Vec<i64>> {
    let (mut seq, mut prev) = last_link(conn)?;
    let mut seqs = Vec::with_capacity(events.len());
    for event in events {
        seq += 1;
        prev = insert_link(conn, seq, &prev, event)?;
        seqs.push(seq);
    }
    Ok(seqs)
}

/// Appends `event` inside the caller's transaction; returns its sequence
/// number. The single writer thread makes "read last, append next" safe.
pub fn append(conn: &Connection, event: &AuditEvent) -> StoreResult<i64> {
    let (last, prev) = last_link(conn)?;
    insert_link(conn, last + 1, &prev, event)?;
    Ok(last + 1)
}

/// The end of the chain: the last sequence number (0 when empty) and its
/// hash.
fn last_link(conn: &Connection) -> StoreResult<(i64, String)> {
    let last = "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1";
    let last: Option<(i64, String)> = fetch_opt(conn, last, [])?;
    Ok(last.unwrap_or_else(|| (0, GENESIS_HASH.to_owned())))
}

/// Inserts `event` as number `seq` after `prev`; returns its hash.
fn insert_link(conn: &Connection, seq: i64, prev: &str, event: &AuditEvent) -> StoreResult<String> {
    let hash = chain_hash(prev, seq, event);
    let mut insert = conn
        .prepare_cached(
            "INSERT INTO audit_events (seq, at, actor_user_id, actor_role, action, object_kind,
                object_id, person_id, purpose, outcome, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )
        .map_err(db_err)?;
    insert
        .execute(params![
            seq,
            time_text(event.at),
            event.actor_user_id,
            event.actor_role,
            event.action.as_str(),
            event.object_kind.as_str(),
            event.object_id,
            event.person_id,
            event.purpose,
            event.outcome.as_str(),
            prev,
            hash
        ])
        .map_err(db_err)?;
    // A notice the event raises is written in the event's transaction.
    if let Some(notice) = rundt_domain::notice::from_event(seq, event) {
        crate::outbox::raise(conn, &notice, Some(seq), event.at)?;
    }
    Ok(hash)
}

/// `event` with `object_id` set to `id` when the caller did not know it yet.
pub fn with_object(event: &AuditEvent, id: impl Into<i64>) -> AuditEvent {
    let mut e = event.clone();
    e.object_id.get_or_insert(id.into());
    e
}

pub fn list(conn: &Connection, after_seq: i64, limit: u32) -> StoreResult<Vec<StoredAuditEvent>> {
    query(
        conn,
        "seq > ?1 ORDER BY seq LIMIT ?2",
        params![after_seq, limit],
    )
}

/// Events matching `filter`, newest first.
pub fn search(
    conn: &Connection,
    filter: &AuditFilter,
    limit: u32,
) -> StoreResult<Vec<StoredAuditEvent>> {
    let (sql, values) = search_statement(filter, limit);
    fetch_all(conn, &sql, rusqlite::params_from_iter(values))
}

/// The statement [`search`] runs and its bound values (public for the
/// query-plan test): newest first by `seq`, at most `limit` rows, so that
/// every narrowing has an index ending in `seq` to read in that order.
pub fn search_statement(filter: &AuditFilter, limit: u32) -> (String, Vec<Value>) {
    let (sql, args) = filter.statement(AUDIT_SELECT, |n| format!("?{n}"), limit);
    let values: Vec<Value> = args
        .into_iter()
        .map(|a| match a {
            AuditArg::Int(i) => Value::Integer(i),
            AuditArg::Text(t) => Value::Text(t.to_owned()),
            AuditArg::Time(t) => Value::Text(time_text(t)),
        })
        .collect();
    (sql, values)
}

/// The statement of one person's access log, oldest first (public for the
/// query-plan test); its one parameter is the person's id.
pub fn person_log_statement() -> String {
    format!("{AUDIT_SELECT} WHERE person_id = ?1 ORDER BY seq")
}

/// The statement of one page of a person's access log, newest first
/// (public for the query-plan test): the person's id, the `seq` the page
/// is below and the page's size. Both bounds are in the (person, seq)
/// index, which yields the page in order and stops after it.
pub fn person_log_page_statement() -> String {
    format!("{AUDIT_SELECT} WHERE person_id = ?1 AND seq < ?2 ORDER BY seq DESC LIMIT ?3")
}

/// One page of a person's access log, newest first.
pub fn person_log_page(
    conn: &Connection,
    person_id: PersonId,
    before_seq: Option<i64>,
    limit: u32,
) -> StoreResult<Vec<StoredAuditEvent>> {
    fetch_all(
        conn,
        &person_log_page_statement(),
        params![person_id, before_seq.unwrap_or(i64::MAX), limit],
    )
}

fn query(
    conn: &Connection,
    clause: &str,
    args: impl rusqlite::Params,
) -> StoreResult<Vec<StoredAuditEvent>> {
    fetch_all(conn, &format!("{AUDIT_SELECT} WHERE {clause}"), args)
}
