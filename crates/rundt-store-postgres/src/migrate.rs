//! Schema migrations, safe to run from several app servers at once.

use deadpool_postgres::Pool;
use rundt_store::{Migration, StoreResult};
use tokio_postgres::error::SqlState;

use crate::error::{pg, pool};

/// Key of the transaction-scoped advisory lock that serialises migrations
/// ("RUNDTMIG" in ASCII).
const MIGRATION_LOCK: i64 = 0x5255_4E44_544D_4947;

const CREATE_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    version BIGINT PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL
)";

/// Applies the migrations not yet recorded, each in its own transaction
/// holding the migration lock; returns the versions applied now.
pub(crate) async fn migrate(pool_: &Pool, migrations: &[Migration]) -> StoreResult<Vec<i64>> {
    let mut client = pool_.get().await.map_err(pool)?;
    {
        let tx = client.transaction().await.map_err(pg)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .await
            .map_err(pg)?;
        tx.batch_execute(CREATE_TABLE).await.map_err(pg)?;
        tx.commit().await.map_err(pg)?;
    }
    let mut applied_now = Vec::new();
    for migration in migrations {
        let tx = client.transaction().await.map_err(pg)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .await
            .map_err(pg)?;
        // Read under the lock: another server may have just applied it.
        let done = tx
            .query_opt(
                "SELECT 1 FROM schema_migrations WHERE version = $1",
                &[&migration.version],
            )
            .await
            .map_err(pg)?
            .is_some();
        if done {
            tx.rollback().await.map_err(pg)?;
            continue;
        }
        tx.batch_execute(migration.sql).await.map_err(|e| {
            let mut err = pg(e);
            if let rundt_store::StoreError::Internal(m) = &mut err {
                *m = format!(
                    "migration {} {} failed: {m}",
                    migration.version, migration.name
                );
            }
            err
        })?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())",
            &[&migration.version, &migration.name],
        )
        .await
        .map_err(pg)?;
        tx.commit().await.map_err(pg)?;
        tracing::info!(
            version = migration.version,
            name = migration.name,
            "applied migration"
        );
        applied_now.push(migration.version);
    }
    Ok(applied_now)
}

/// Versions recorded as applied, ascending; none before the first migrate.
pub(crate) async fn applied_migrations(pool_: &Pool) -> StoreResult<Vec<i64>> {
    let client = pool_.get().await.map_err(pool)?;
    match client
        .query(
            "SELECT version FROM schema_migrations ORDER BY version",
            &[],
        )
        .await
    {
        Ok(rows) => rows
            .iter()
            .map(|r| r.try_get::<_, i64>(0).map_err(pg))
            .collect(),
        Err(e) if e.code() == Some(&SqlState::UNDEFINED_TABLE) => Ok(Vec::new()),
        Err(e) => Err(pg(e)),
    }
}

/// Applies this backend's pending migrations ([`crate::MIGRATIONS`]), then
/// analyses the tables whose planner statistics are missing or stale
/// ([`crate::statistics::at_start`]).
pub(crate) async fn migrate_all(pool_: &Pool) -> StoreResult<Vec<i64>> {
    let applied = migrate(pool_, crate::MIGRATIONS).await?;
    crate::statistics::at_start(pool_).await?;
    Ok(applied)
}
