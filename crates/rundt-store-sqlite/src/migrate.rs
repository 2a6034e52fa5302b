//! Applies the SQL migrations in `migrations/`, each in its own transaction.

use rundt_store::{Migration, StoreResult};
use rusqlite::{Connection, TransactionBehavior, params};

use crate::convert::db_err;

pub const MIGRATIONS: &[Migration] = include!(concat!(env!("OUT_DIR"), "/migrations.rs"));

const CREATE_LEDGER: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)";

pub fn applied(conn: &Connection) -> StoreResult<Vec<i64>> {
    conn.execute(CREATE_LEDGER, []).map_err(db_err)?;
    let mut stmt = conn
        .prepare("SELECT version FROM schema_migrations ORDER BY version")
        .map_err(db_err)?;
    let rows = stmt
        .query_map([], |r| r.get::<_, i64>(0))
        .map_err(db_err)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(db_err)?;
    Ok(rows)
}

pub fn migrate(conn: &mut Connection) -> StoreResult<Vec<i64>> {
    let done = applied(conn)?;
    let mut now_applied = Vec::new();
    for m in MIGRATIONS.iter().filter(|m| !done.contains(&m.version)) {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db_err)?;
        tx.execute_batch(m.sql).map_err(db_err)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) \
             VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
            params![m.version, m.name],
        )
        .map_err(db_err)?;
        tx.commit().map_err(db_err)?;
        tracing::info!(version = m.version, name = m.name, "applied migration");
        now_applied.push(m.version);
    }
    Ok(now_applied)
}
