use thiserror::Error;

pub type StoreResult<T> = Result<T, StoreError>;

/// What can go wrong in a store. Messages of `NotFound`, `Conflict` and
/// `VersionMismatch` are safe to show to users; `Unavailable` and `Internal`
/// carry details for the log only.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("the record has changed since it was read (now at version {current})")]
    VersionMismatch { current: i64 },
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("database error: {0}")]
    Internal(String),
}
