//! Appending to and reading the hash-chained audit log.

use rundt_domain::audit::{AuditEvent, GENESIS_HASH, Outcome, RecordedEvent, chain_hash};
use rundt_store::{StoreError, StoreResult, StoredAuditEvent};
use rusqlite::{Connection, OptionalExtension, params};

use crate::convert::{db_err, parse_time, time_text};

/// Appends `event` inside the caller's transaction; returns its sequence
/// number. The single writer thread makes "read last, append next" safe.
pub fn append(conn: &Connection, event: &AuditEvent) -> StoreResult<i64> {
    let last: Option<(i64, String)> = conn
        .query_row(
            "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(db_err)?;
    let (seq, prev) = match last {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS_HASH.to_owned()),
    };
    let hash = chain_hash(&prev, seq, event);
    conn.execute(
        "INSERT INTO audit_events (seq, at, actor_user_id, actor_role, action, object_kind,
            object_id, person_id, purpose, outcome, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
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
        ],
    )
    .map_err(db_err)?;
    Ok(seq)
}

/// `event` with `object_id` set to `id` when the caller did not know it yet.
pub fn with_object(event: &AuditEvent, id: i64) -> AuditEvent {
    let mut e = event.clone();
    e.object_id.get_or_insert(id);
    e
}

pub fn list(conn: &Connection, after_seq: i64, limit: u32) -> StoreResult<Vec<StoredAuditEvent>> {
    query(
        conn,
        "seq > ?1 ORDER BY seq LIMIT ?2",
        params![after_seq, limit],
    )
}

/// Events matching `clause` (with one parameter), oldest first.
pub fn list_where(conn: &Connection, clause: &str, key: i64) -> StoreResult<Vec<StoredAuditEvent>> {
    query(conn, &format!("{clause} ORDER BY seq"), params![key])
}

fn query(
    conn: &Connection,
    clause: &str,
    args: impl rusqlite::Params,
) -> StoreResult<Vec<StoredAuditEvent>> {
    let mut stmt = conn
        .prepare(&format!(
            "SELECT seq, at, actor_user_id, actor_role, action, object_kind, object_id,
                    person_id, purpose, outcome, prev_hash, hash
             FROM audit_events WHERE {clause}"
        ))
        .map_err(db_err)?;
    let rows = stmt
        .query_map(args, |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<i64>>(6)?,
                r.get::<_, Option<i64>>(7)?,
                r.get::<_, Option<String>>(8)?,
                r.get::<_, String>(9)?,
                r.get::<_, String>(10)?,
                r.get::<_, String>(11)?,
            ))
        })
        .map_err(db_err)?;
    let mut out = Vec::new();
    for row in rows {
        let (seq, at, actor, role, action, kind, object, person, purpose, outcome, prev, hash) =
            row.map_err(db_err)?;
        let outcome = match outcome.as_str() {
            "success" => Outcome::Success,
            "denied" => Outcome::Denied,
            other => {
                return Err(StoreError::Internal(format!(
                    "unknown audit outcome '{other}'"
                )));
            }
        };
        out.push(StoredAuditEvent {
            seq,
            event: RecordedEvent {
                at: parse_time(&at)?,
                actor_user_id: actor,
                actor_role: role,
                action,
                object_kind: kind,
                object_id: object,
                person_id: person,
                purpose,
                outcome,
            },
            prev_hash: prev,
            hash,
        });
    }
    Ok(out)
}
