//! How calls reach SQL: a prepared (cached) statement, its rows read into
//! records through [`rundt_store::FromRow`], and errors mapped once.

use chrono::{DateTime, NaiveDate, Utc};
use deadpool_postgres::GenericClient;
use rundt_store::row::{Columns, FromRow};
use rundt_store::{StoreError, StoreResult};
use tokio_postgres::Row;
use tokio_postgres::error::SqlState;
use tokio_postgres::types::{FromSql, ToSql, Type};

use crate::error::{pg, violates};

/// SQL both backends share, written with SQLite's `?N` placeholders, as
/// PostgreSQL's `$N`.
pub(crate) fn dollars(sql: &str) -> String {
    sql.replace('?', "$")
}

/// Statement parameters, in `$n` order.
pub(crate) type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

/// A PostgreSQL row read column by column. Integers of any width widen to
/// `i64`, so records need not know whether a column is SMALLINT or BIGINT.
struct PgColumns<'r> {
    row: &'r Row,
    next: usize,
}

impl PgColumns<'_> {
    fn take<'a, T: FromSql<'a>>(&'a mut self) -> StoreResult<T> {
        self.next += 1;
        self.row.try_get(self.next - 1).map_err(pg)
    }

    fn next_type(&self) -> StoreResult<Type> {
        self.row
            .columns()
            .get(self.next)
            .map(|c| c.type_().clone())
            .ok_or_else(|| StoreError::Internal(format!("no column {} in the row", self.next)))
    }
}

impl Columns for PgColumns<'_> {
    fn last_name(&self) -> String {
        self.next
            .checked_sub(1)
            .and_then(|i| self.row.columns().get(i))
            .map_or_else(|| format!("#{}", self.next), |c| c.name().to_owned())
    }

    fn opt_i64(&mut self) -> StoreResult<Option<i64>> {
        match self.next_type()? {
            Type::INT2 => Ok(self.take::<Option<i16>>()?.map(i64::from)),
            Type::INT4 => Ok(self.take::<Option<i32>>()?.map(i64::from)),
            _ => self.take(),
        }
    }

    fn opt_f64(&mut self) -> StoreResult<Option<f64>> {
        match self.next_type()? {
            Type::FLOAT4 => Ok(self.take::<Option<f32>>()?.map(f64::from)),
            _ => self.take(),
        }
    }

    fn opt_text(&mut self) -> StoreResult<Option<String>> {
        self.take()
    }

    fn opt_bool(&mut self) -> StoreResult<Option<bool>> {
        self.take()
    }

    fn opt_date(&mut self) -> StoreResult<Option<NaiveDate>> {
        self.take()
    }

    fn opt_time(&mut self) -> StoreResult<Option<DateTime<Utc>>> {
        self.take()
    }

    fn opt_bytes(&mut self) -> StoreResult<Option<Vec<u8>>> {
        self.take()
    }
}

/// Reads a record from a row's columns, in order.
pub(crate) fn read<T: FromRow>(row: &Row) -> StoreResult<T> {
    T::from_row(&mut PgColumns { row, next: 0 })
}

/// The record of the row the statement returns, if any.
pub(crate) async fn fetch_opt<T: FromRow>(
    client: &impl GenericClient,
    sql: &str,
    params: Params<'_>,
) -> StoreResult<Option<T>> {
    let stmt = client.prepare_cached(sql).await.map_err(pg)?;
    match client.query_opt(&stmt, params).await.map_err(pg)? {
        Some(row) => read(&row).map(Some),
        None => Ok(None),
    }
}

/// The record of the one row the statement returns.
pub(crate) async fn fetch_one<T: FromRow>(
    client: &impl GenericClient,
    sql: &str,
    params: Params<'_>,
) -> StoreResult<T> {
    let stmt = client.prepare_cached(sql).await.map_err(pg)?;
    read(&client.query_one(&stmt, params).await.map_err(pg)?)
}

/// The records of every row the statement returns.
pub(crate) async fn fetch_all<T: FromRow>(
    client: &impl GenericClient,
    sql: &str,
    params: Params<'_>,
) -> StoreResult<Vec<T>> {
    let stmt = client.prepare_cached(sql).await.map_err(pg)?;
    client
        .query(&stmt, params)
        .await
        .map_err(pg)?
        .iter()
        .map(read)
        .collect()
}

/// Runs a statement; returns how many rows it changed.
pub(crate) async fn execute(
    client: &impl GenericClient,
    sql: &str,
    params: Params<'_>,
) -> StoreResult<u64> {
    let stmt = client.prepare_cached(sql).await.map_err(pg)?;
    client.execute(&stmt, params).await.map_err(pg)
}

/// Runs a statement whose unique violation means `taken` (a second
/// referral, discharge, …); other errors map as usual.
pub(crate) async fn execute_unique(
    client: &impl GenericClient,
    sql: &str,
    params: Params<'_>,
    taken: impl FnOnce() -> StoreError,
) -> StoreResult<u64> {
    let stmt = client.prepare_cached(sql).await.map_err(pg)?;
    client
        .execute(&stmt, params)
        .await
        .map_err(|e| unique_or(e, taken))
}

/// A unique violation as `taken`, anything else mapped as usual.
pub(crate) fn unique_or(
    e: tokio_postgres::Error,
    taken: impl FnOnce() -> StoreError,
) -> StoreError {
    if violates(&e, &SqlState::UNIQUE_VIOLATION, None) {
        taken()
    } else {
        pg(e)
    }
}

/// A pooled connection.
pub(crate) async fn client(
    pool_: &deadpool_postgres::Pool,
) -> StoreResult<deadpool_postgres::Object> {
    pool_.get().await.map_err(crate::error::pool)
}

/// Whether the statement returns a row.
pub(crate) async fn exists(
    client: &impl GenericClient,
    sql: &str,
    params: Params<'_>,
) -> StoreResult<bool> {
    let stmt = client.prepare_cached(sql).await.map_err(pg)?;
    Ok(client.query_opt(&stmt, params).await.map_err(pg)?.is_some())
}

/// A read-only transaction that sees one snapshot, for a list and the
/// rows that belong to it (cases and their payers, teams and owners).
pub(crate) async fn snapshot(
    client: &mut deadpool_postgres::Object,
) -> StoreResult<deadpool_postgres::Transaction<'_>> {
    client
        .build_transaction()
        .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .await
        .map_err(pg)
}

/// The database's clock.
pub(crate) async fn now(pool_: &deadpool_postgres::Pool) -> StoreResult<DateTime<Utc>> {
    fetch_one(&client(pool_).await?, "SELECT now()", &[]).await
}

/// Runs `work` in one transaction and commits it when `work` succeeds
/// (dropping an uncommitted transaction rolls it back).
pub(crate) async fn transaction<T>(
    pool_: &deadpool_postgres::Pool,
    work: impl AsyncFnOnce(&deadpool_postgres::Transaction<'_>) -> StoreResult<T>,
) -> StoreResult<T> {
    let mut client = client(pool_).await?;
    let tx = client.transaction().await.map_err(pg)?;
    let out = work(&tx).await?;
    tx.commit().await.map_err(pg)?;
    Ok(out)
}
