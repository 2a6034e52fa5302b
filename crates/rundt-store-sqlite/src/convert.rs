//! Conversions between SQLite's TEXT/INTEGER columns and Rust types, and the
//! mapping of SQLite errors to [`StoreError`].

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rundt_store::{StoreError, StoreResult};
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

/// Ids as a JSON array, for `json_each(?)`.
pub fn id_json<T: std::fmt::Display>(ids: &[T]) -> String {
    format!("[{}]", id_list(ids))
}

/// Values as a JSON array of their texts, for `json_each(?)`.
pub fn text_json<T: std::fmt::Display>(values: &[T]) -> StoreResult<String> {
    let texts: Vec<String> = values.iter().map(T::to_string).collect();
    rundt_store::json_text(&texts)
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

    #[test]
    fn lists_for_json_each_are_json_arrays() {
        assert_eq!(id_json(&[3, 1, 2]), "[3,1,2]");
        assert_eq!(id_json::<i64>(&[]), "[]");
        let texts = text_json(&["in_treatment", "a \"quoted\" \\ text"]).unwrap();
        assert_eq!(texts, r#"["in_treatment","a \"quoted\" \\ text"]"#);
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let count: i64 = conn
            .query_row("SELECT count(*) FROM json_each(?1)", [&texts], |r| r.get(0))
            .unwrap();
        assert_eq!(count, 2);
    }
}
