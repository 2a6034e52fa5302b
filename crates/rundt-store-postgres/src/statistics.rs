//! The planner's statistics, refreshed at start where they are missing or
//! stale: PostgreSQL's side of SQLite's `PRAGMA optimize` at start.
//!
//! PostgreSQL's autovacuum keeps the statistics of a busy database current,
//! but a database restored from a dump, copied from a template, filled in
//! bulk or served with autovacuum off has tables that were never analysed.
//! The planner then guesses their sizes (a table of 32,000 people taken for
//! 1,000), and a lookup of one family's participants scanned every person
//! (docs/PERFORMANCE.md, 2026-12-07). So after the migrations every table
//! that holds rows and has no statistics, or has changed by more than
//! autovacuum's own threshold since it was last analysed, is analysed
//! before the server takes requests. With autovacuum on and working, that
//! is usually no table at all.

use deadpool_postgres::Pool;
use rundt_store::StoreResult;

use crate::error::{pg, pool};

/// Tables of the current schema that hold rows and were never analysed, or
/// whose rows changed since the last analysis by more than 50 rows plus a
/// tenth of the table (autovacuum's default `autovacuum_analyze_threshold`
/// and `autovacuum_analyze_scale_factor`).
const STALE_TABLES: &str = "SELECT quote_ident(c.relname)
     FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
     WHERE n.nspname = current_schema()
       AND c.relkind IN ('r', 'p')
       AND pg_relation_size(c.oid) > 0
       AND (c.reltuples < 0
            OR coalesce(s.n_mod_since_analyze, 0) > 50 + 0.1 * c.reltuples)
     ORDER BY c.relname";

/// At start: warns when autovacuum is off (the statistics then age until
/// the next start), then [`refresh`]es them.
pub(crate) async fn at_start(pool_: &Pool) -> StoreResult<()> {
    let autovacuum: String = pool_
        .get()
        .await
        .map_err(pool)?
        .query_one("SELECT current_setting('autovacuum')", &[])
        .await
        .map_err(pg)?
        .try_get(0)
        .map_err(pg)?;
    if autovacuum != "on" {
        tracing::warn!(
            "PostgreSQL's autovacuum is off: the planner's statistics are refreshed only \
             when Rundt starts; turn autovacuum on (postgresql.conf) for a database in use"
        );
    }
    refresh(pool_).await
}

/// Analyses the tables whose statistics are missing or stale
/// ([`STALE_TABLES`]) and logs which.
pub(crate) async fn refresh(pool_: &Pool) -> StoreResult<()> {
    let client = pool_.get().await.map_err(pool)?;
    let tables: Vec<String> = client
        .query(STALE_TABLES, &[])
        .await
        .map_err(pg)?
        .iter()
        .map(|r| r.try_get(0).map_err(pg))
        .collect::<StoreResult<_>>()?;
    if tables.is_empty() {
        return Ok(());
    }
    let started = std::time::Instant::now();
    client
        .batch_execute(&format!("ANALYZE {}", tables.join(", ")))
        .await
        .map_err(pg)?;
    tracing::info!(
        tables = %tables.join(", "),
        ms = started.elapsed().as_millis() as u64,
        "analysed the tables whose planner statistics were missing or stale"
    );
    Ok(())
}
