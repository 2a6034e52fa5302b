//! Conversions between SQLite's TEXT/INTEGER columns and Rust types, and the
//! mapping of SQLite errors to [`StoreError`].

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rundt_store::StoreError;
use rusqlite::ErrorCode;

pub fn db_err(e: rusqlite::Error) -> StoreError {
    match &e {
        rusqlite::Error::SqliteFailure(f, _)
            if matches!(f.code, ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) =>
        {
            StoreError::Unavailable(e.to_string())
        }
        rusqlite::Error::SqliteFailure(f, _)
            if matches!(f.code, ErrorCode::DiskFull | ErrorCode::ReadOnly) =>
        {
            StoreError::NotWritable(e.to_string())
        }
        _ => StoreError::Internal(e.to_string()),
    }
}

/// True when the error is a UNIQUE or PRIMARY KEY violation.
pub fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
            || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY)
}

/// True when the error is a FOREIGN KEY violation.
pub fn is_foreign_key_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY)
}

pub fn date_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn time_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub fn parse_date(s: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| StoreError::Internal(format!("bad date '{s}' in database: {e}")))
}

pub fn parse_time(s: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Internal(format!("bad timestamp '{s}' in database: {e}")))
}

/// Ids as the comma-separated list the queries expand with
/// `json_each('[' || ? || ']')`.
pub fn id_list<T: std::fmt::Display>(ids: &[T]) -> String {
    ids.iter().map(T::to_string).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(code: i32) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None)
    }

    #[test]
    fn a_full_disk_and_a_read_only_database_are_not_writable() {
        for code in [rusqlite::ffi::SQLITE_FULL, rusqlite::ffi::SQLITE_READONLY] {
            assert!(
                matches!(db_err(failure(code)), StoreError::NotWritable(_)),
                "code {code}"
            );
        }
        assert!(matches!(
            db_err(failure(rusqlite::ffi::SQLITE_BUSY)),
            StoreError::Unavailable(_)
        ));
        assert!(matches!(
            db_err(failure(rusqlite::ffi::SQLITE_CORRUPT)),
            StoreError::Internal(_)
        ));
    }
}
