//! How calls reach SQL: a cached prepared statement, its rows read into
//! records through [`rundt_store::FromRow`], and errors mapped once.

use chrono::{DateTime, NaiveDate, Utc};
use rundt_store::row::{Columns, FromRow};
use rundt_store::{StoreError, StoreResult};
use rusqlite::types::FromSql;
use rusqlite::{Connection, Params, Row};

use crate::convert::{db_err, is_unique_violation, parse_date, parse_time};

/// A SQLite row read column by column. Dates and times are stored as TEXT
/// (`YYYY-MM-DD`, RFC 3339), so they are parsed here, once.
struct SqliteColumns<'r, 's> {
    row: &'r Row<'s>,
    next: usize,
}

impl SqliteColumns<'_, '_> {
    fn take<T: FromSql>(&mut self) -> StoreResult<T> {
        self.next += 1;
        self.row.get(self.next - 1).map_err(db_err)
    }
}

impl Columns for SqliteColumns<'_, '_> {
    fn last_name(&self) -> String {
        self.next
            .checked_sub(1)
            .and_then(|i| self.row.as_ref().column_name(i).ok())
            .map_or_else(|| format!("#{}", self.next), str::to_owned)
    }

    fn opt_i64(&mut self) -> StoreResult<Option<i64>> {
        self.take()
    }

    fn opt_f64(&mut self) -> StoreResult<Option<f64>> {
        self.take()
    }

    fn opt_text(&mut self) -> StoreResult<Option<String>> {
        self.take()
    }

    fn opt_bool(&mut self) -> StoreResult<Option<bool>> {
        self.take()
    }

    fn opt_date(&mut self) -> StoreResult<Option<NaiveDate>> {
        self.take::<Option<String>>()?
            .as_deref()
            .map(parse_date)
            .transpose()
    }

    fn opt_time(&mut self) -> StoreResult<Option<DateTime<Utc>>> {
        self.take::<Option<String>>()?
            .as_deref()
            .map(parse_time)
            .transpose()
    }

    fn opt_bytes(&mut self) -> StoreResult<Option<Vec<u8>>> {
        self.take()
    }
}

/// Reads a record from a row's columns, in order.
pub fn read<T: FromRow>(row: &Row<'_>) -> StoreResult<T> {
    T::from_row(&mut SqliteColumns { row, next: 0 })
}

/// The record of the first row the statement returns, if any.
pub fn fetch_opt<T: FromRow>(
    conn: &Connection,
    sql: &str,
    params: impl Params,
) -> StoreResult<Option<T>> {
    let mut stmt = conn.prepare_cached(sql).map_err(db_err)?;
    let mut rows = stmt.query(params).map_err(db_err)?;
    match rows.next().map_err(db_err)? {
        Some(row) => read(row).map(Some),
        None => Ok(None),
    }
}

/// The record of the row the statement must return.
pub fn fetch_one<T: FromRow>(conn: &Connection, sql: &str, params: impl Params) -> StoreResult<T> {
    fetch_opt(conn, sql, params)?.ok_or_else(|| db_err(rusqlite::Error::QueryReturnedNoRows))
}

/// The records of every row the statement returns.
pub fn fetch_all<T: FromRow>(
    conn: &Connection,
    sql: &str,
    params: impl Params,
) -> StoreResult<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql).map_err(db_err)?;
    let mut rows = stmt.query(params).map_err(db_err)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().map_err(db_err)? {
        out.push(read(row)?);
    }
    Ok(out)
}

/// Runs a statement whose unique violation means `taken` (a second
/// referral, discharge, …); other errors map as usual.
pub fn execute_unique(
    conn: &Connection,
    sql: &str,
    params: impl Params,
    taken: impl FnOnce() -> StoreError,
) -> StoreResult<usize> {
    conn.execute(sql, params).map_err(|e| {
        if is_unique_violation(&e) {
            taken()
        } else {
            db_err(e)
        }
    })
}
