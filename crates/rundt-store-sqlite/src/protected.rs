//! Sealed fields read and replaced by a key rotation.

use rundt_domain::audit::AuditEvent;
use rundt_store::{
    ProtectedChange, ProtectedKind, ProtectedStore, ProtectedValue, StoreError, StoreResult,
};
use rusqlite::{Connection, params};

use crate::audit;
use crate::convert::{db_err, is_unique_violation};
use crate::forward::forward;

pub fn values(
    conn: &Connection,
    kind: ProtectedKind,
    after_id: i64,
    limit: u32,
) -> StoreResult<Vec<ProtectedValue>> {
    let (table, sealed, index, country) = kind.columns();
    let index = index.unwrap_or("NULL");
    let country = country.unwrap_or("NULL");
    let sql = format!(
        "SELECT id, {sealed}, {index}, {country} FROM {table} \
         WHERE {sealed} IS NOT NULL AND id > ?1 ORDER BY id LIMIT ?2"
    );
    let mut stmt = conn.prepare_cached(&sql).map_err(db_err)?;
    stmt.query_map(params![after_id, limit], |r| {
        Ok(ProtectedValue {
            id: r.get(0)?,
            sealed: r.get(1)?,
            index: r.get(2)?,
            country: r.get(3)?,
        })
    })
    .map_err(db_err)?
    .collect::<Result<Vec<_>, _>>()
    .map_err(db_err)
}

pub fn replace(
    tx: &Connection,
    kind: ProtectedKind,
    changes: &[ProtectedChange],
    event: &AuditEvent,
) -> StoreResult<u64> {
    let (table, sealed, index, _) = kind.columns();
    let sql = match index {
        Some(index) => format!(
            "UPDATE {table} SET {sealed} = ?3, {index} = ?4 WHERE id = ?1 AND {sealed} = ?2"
        ),
        None => format!("UPDATE {table} SET {sealed} = ?3 WHERE id = ?1 AND {sealed} = ?2"),
    };
    let mut stmt = tx.prepare_cached(&sql).map_err(db_err)?;
    let mut replaced = 0u64;
    for c in changes {
        let n = match index {
            Some(_) => stmt.execute(params![c.id, c.old_sealed, c.sealed, c.index]),
            None => stmt.execute(params![c.id, c.old_sealed, c.sealed]),
        }
        .map_err(|e| {
            if is_unique_violation(&e) {
                StoreError::Internal(format!(
                    "{table} row {} would share its blind index with another row",
                    c.id
                ))
            } else {
                db_err(e)
            }
        })?;
        replaced += n as u64;
    }
    audit::append(tx, event)?;
    Ok(replaced)
}

forward! {
    impl ProtectedStore {
        async fn protected_values(&self, kind: ProtectedKind, after_id: i64, limit: u32) -> StoreResult<Vec<ProtectedValue>> => read values;
        async fn replace_protected_values(&self, kind: ProtectedKind, changes: &[ProtectedChange], audit: &AuditEvent) -> StoreResult<u64> => write replace;
    }
}
