//! The documents of a case kept in versions (the safety plan, the
//! ecological map, the treatment plan): one way to save and read them, from
//! their `VersionedTable`.

use rundt_domain::audit::AuditEvent;
use rundt_domain::id::CaseId;
use rundt_store::{FromRow, StoreResult, VersionedTable};
use rusqlite::{Connection, params};

use crate::audit;
use crate::convert::{db_err, time_text};
use crate::query::{fetch_all, fetch_one};
use crate::treatment::require_case;

/// Saves `content` (the document as JSON text) as the case's next version in `doc`'s table, after the
/// one the writer read (`expected`; `None` for the first), with its audit
/// event, in the caller's transaction; returns the version as stored.
pub fn save_version<R: FromRow>(
    tx: &Connection,
    doc: VersionedTable,
    case_id: CaseId,
    content: String,
    expected: Option<i64>,
    event: &AuditEvent,
) -> StoreResult<R> {
    require_case(tx, case_id)?;
    let latest = format!("SELECT max(version) FROM {} WHERE case_id = ?1", doc.table);
    let stored: Option<i64> = fetch_one(tx, &latest, [case_id])?;
    let version = doc.next_version(stored, expected)?;
    let insert = format!(
        "INSERT INTO {} (case_id, version, content, saved_by, saved_at) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
        doc.table
    );
    tx.execute(
        &insert,
        params![
            case_id,
            version,
            content,
            event.actor_user_id,
            time_text(event.at)
        ],
    )
    .map_err(db_err)?;
    audit::append(tx, event)?;
    let saved = format!("{} WHERE case_id = ?1 AND version = ?2", doc.select());
    fetch_one(tx, &saved, params![case_id, version])
}

/// Every version of the case's document in `doc`'s table, newest first.
pub fn versions<R: FromRow>(
    conn: &Connection,
    doc: VersionedTable,
    case_id: CaseId,
) -> StoreResult<Vec<R>> {
    let sql = format!("{} WHERE case_id = ?1 ORDER BY version DESC", doc.select());
    fetch_all(conn, &sql, [case_id])
}
