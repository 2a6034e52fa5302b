//! Sealed fields read and replaced by a key rotation.

use async_trait::async_trait;
use rundt_domain::audit::AuditEvent;
use rundt_store::{
    ProtectedChange, ProtectedKind, ProtectedStore, ProtectedValue, StoreError, StoreResult,
};
use tokio_postgres::error::SqlState;

use crate::PostgresStore;
use crate::audit::append_audit_tx;
use crate::error::{pg, violates};
use crate::query::{client, fetch_all, transaction};

#[async_trait]
impl ProtectedStore for PostgresStore {
    async fn protected_values(
        &self,
        kind: ProtectedKind,
        after_id: i64,
        limit: u32,
    ) -> StoreResult<Vec<ProtectedValue>> {
        let (table, sealed, index, country) = kind.columns();
        let index = index.unwrap_or("NULL::text");
        let country = country.unwrap_or("NULL::text");
        let sql = format!(
            "SELECT id, {sealed}, {index}, {country} FROM {table} \
             WHERE {sealed} IS NOT NULL AND id > $1 ORDER BY id LIMIT $2"
        );
        let rows: Vec<(i64, String, Option<String>, Option<String>)> = fetch_all(
            &client(&self.pool).await?,
            &sql,
            &[&after_id, &i64::from(limit)],
        )
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, sealed, index, country)| ProtectedValue {
                id,
                sealed,
                index,
                country,
            })
            .collect())
    }

    async fn replace_protected_values(
        &self,
        kind: ProtectedKind,
        changes: &[ProtectedChange],
        audit: &AuditEvent,
    ) -> StoreResult<u64> {
        let (table, sealed, index, _) = kind.columns();
        let sql = match index {
            Some(index) => format!(
                "UPDATE {table} SET {sealed} = $3, {index} = $4 WHERE id = $1 AND {sealed} = $2"
            ),
            None => format!("UPDATE {table} SET {sealed} = $3 WHERE id = $1 AND {sealed} = $2"),
        };
        transaction(&self.pool, async |tx| {
            let stmt = tx.prepare_cached(&sql).await.map_err(pg)?;
            let mut replaced = 0u64;
            for c in changes {
                let result = match index {
                    Some(_) => {
                        tx.execute(&stmt, &[&c.id, &c.old_sealed, &c.sealed, &c.index])
                            .await
                    }
                    None => tx.execute(&stmt, &[&c.id, &c.old_sealed, &c.sealed]).await,
                };
                replaced += result.map_err(|e| {
                    if violates(&e, &SqlState::UNIQUE_VIOLATION, None) {
                        StoreError::Internal(format!(
                            "{table} row {} would share its blind index with another row",
                            c.id
                        ))
                    } else {
                        pg(e)
                    }
                })?;
            }
            append_audit_tx(tx, audit).await?;
            Ok(replaced)
        })
        .await
    }
}
