//! The documents of a case kept in versions (the safety plan, the
//! ecological map, the treatment plan): one way to save and read them, from
//! their `VersionedTable`.

use deadpool_postgres::Pool;
use rundt_domain::audit::AuditEvent;
use rundt_domain::id::CaseId;
use rundt_store::{FromRow, StoreResult, VersionedTable};

use crate::audit::append_audit_tx;
use crate::query::{client, execute, fetch_all, fetch_one, transaction};
use crate::safety::locked;

/// Saves `content` (the document as JSON text) as the case's next version
/// in `doc`'s table, after the one the writer read (`expected`; `None` for
/// the first), with its audit event, in one transaction; returns the
/// version as stored.
pub(crate) async fn save_version<R: FromRow>(
    pool: &Pool,
    doc: VersionedTable,
    case_id: CaseId,
    content: String,
    expected: Option<i64>,
    audit: &AuditEvent,
) -> StoreResult<R> {
    transaction(pool, async |tx| {
        locked(tx, case_id).await?;
        let latest = format!("SELECT max(version) FROM {} WHERE case_id = $1", doc.table);
        let stored: Option<i64> = fetch_one(tx, &latest, &[&case_id]).await?;
        let version = doc.next_version(stored, expected)?;
        let insert = format!(
            "INSERT INTO {} (case_id, version, content, saved_by, saved_at) \
             VALUES ($1, $2, $3, $4, $5)",
            doc.table
        );
        let by = audit.actor_user_id;
        execute(tx, &insert, &[&case_id, &version, &content, &by, &audit.at]).await?;
        append_audit_tx(tx, audit).await?;
        let saved = format!("{} WHERE case_id = $1 AND version = $2", doc.select());
        fetch_one(tx, &saved, &[&case_id, &version]).await
    })
    .await
}

/// Every version of one case's (`$1`) document in `doc`'s table, newest
/// first.
pub(crate) fn versions_sql(doc: VersionedTable) -> String {
    format!("{} WHERE case_id = $1 ORDER BY version DESC", doc.select())
}

/// Every version of the case's document in `doc`'s table, newest first.
pub(crate) async fn versions<R: FromRow>(
    pool: &Pool,
    doc: VersionedTable,
    case_id: CaseId,
) -> StoreResult<Vec<R>> {
    fetch_all(&client(pool).await?, &versions_sql(doc), &[&case_id]).await
}
