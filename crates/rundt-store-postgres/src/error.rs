//! Mapping of tokio-postgres and pool errors onto [`StoreError`].

use rundt_domain::msg;
use std::error::Error as _;

use deadpool_postgres::PoolError;
use rundt_store::StoreError;
use tokio_postgres::error::SqlState;

/// A tokio-postgres error with its whole cause chain; its `Display` alone
/// says only e.g. "db error".
pub(crate) fn describe(e: &tokio_postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        let mut out = format!("{} ({}): {}", db.severity(), db.code().code(), db.message());
        if let Some(detail) = db.detail() {
            out.push_str("; ");
            out.push_str(detail);
        }
        if let Some(constraint) = db.constraint() {
            out.push_str(&format!(" [constraint {constraint}]"));
        }
        return out;
    }
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

/// Whether an error means the database cannot be used right now (as opposed
/// to a bug or bad data).
pub(crate) fn is_unavailable(e: &tokio_postgres::Error) -> bool {
    if e.is_closed() {
        return true;
    }
    if let Some(db) = e.as_db_error() {
        let code = db.code();
        return code.code().starts_with("08")
            || code.code().starts_with("28")
            || *code == SqlState::ADMIN_SHUTDOWN
            || *code == SqlState::CRASH_SHUTDOWN
            || *code == SqlState::CANNOT_CONNECT_NOW
            || *code == SqlState::TOO_MANY_CONNECTIONS
            || *code == SqlState::INVALID_CATALOG_NAME;
    }
    let text = e.to_string();
    [
        "error communicating with the server",
        "error connecting to server",
        "timeout waiting for server",
        "authentication error",
        "error performing TLS handshake",
        "connection closed",
    ]
    .iter()
    .any(|prefix| text.starts_with(prefix))
}

/// Whether the server refused a write for want of room or because it only
/// reads: `disk_full` (53100) or `read_only_sql_transaction` (25006, e.g. a
/// standby or `default_transaction_read_only`).
pub(crate) fn is_not_writable(e: &tokio_postgres::Error) -> bool {
    e.code() == Some(&SqlState::DISK_FULL) || e.code() == Some(&SqlState::READ_ONLY_SQL_TRANSACTION)
}

/// The default mapping: unique violations are conflicts, connection trouble
/// is unavailability, anything else is internal.
pub(crate) fn pg(e: tokio_postgres::Error) -> StoreError {
    if is_unavailable(&e) {
        return StoreError::Unavailable(describe(&e));
    }
    if is_not_writable(&e) {
        return StoreError::NotWritable(describe(&e));
    }
    if e.code() == Some(&SqlState::UNIQUE_VIOLATION) {
        let what = e
            .as_db_error()
            .and_then(|db| db.constraint())
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        return StoreError::Conflict(msg!("record-exists", what = what));
    }
    StoreError::Internal(describe(&e))
}

/// Whether `e` is a violation of `state`, optionally of a named constraint.
pub(crate) fn violates(
    e: &tokio_postgres::Error,
    state: &SqlState,
    constraint: Option<&str>,
) -> bool {
    if e.code() != Some(state) {
        return false;
    }
    match constraint {
        None => true,
        Some(name) => e.as_db_error().and_then(|db| db.constraint()) == Some(name),
    }
}

pub(crate) fn pool(e: PoolError) -> StoreError {
    match e {
        PoolError::Backend(e) => match pg(e) {
            StoreError::Internal(m) => StoreError::Unavailable(m),
            other => other,
        },
        PoolError::Timeout(kind) => StoreError::Unavailable(format!(
            "timed out getting a database connection ({kind:?})"
        )),
        PoolError::Closed => StoreError::Unavailable("the connection pool is closed".into()),
        PoolError::NoRuntimeSpecified => {
            StoreError::Internal("the connection pool has no runtime".into())
        }
        PoolError::PostCreateHook(h) => {
            StoreError::Unavailable(format!("connection set-up failed: {h}"))
        }
    }
}
