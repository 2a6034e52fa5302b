//! The one error type of the use cases. The web layer maps it to HTTP in one
//! place; messages of the user-facing variants are safe to show.

use rundt_domain::{DomainError, FieldError};
use rundt_store::StoreError;

pub type AppResult<T> = Result<T, AppError>;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{}", .0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    #[error("{0} not found")]
    NotFound(String),
    /// No valid session or token, or the second factor is still missing.
    #[error("{0}")]
    Unauthenticated(String),
    /// Authenticated, but this role and relation do not allow it.
    #[error("{0}")]
    Forbidden(String),
    /// Too many failed attempts; try again after some minutes.
    #[error("too many failed attempts; try again in {retry_after_minutes} minutes")]
    TooManyAttempts { retry_after_minutes: i64 },
    #[error("{0}")]
    Conflict(String),
    /// The caller's version is stale.
    #[error(
        "the record was changed by someone else (now at version {current}); reload and try again"
    )]
    VersionMismatch { current: i64 },
    /// The caller did not say which version it edits.
    #[error("{0}")]
    VersionRequired(String),
    #[error("service unavailable")]
    Unavailable(String),
    #[error("internal error")]
    Internal(String),
}

impl AppError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid(vec![FieldError::new(field, message)])
    }
}

impl From<DomainError> for AppError {
    fn from(e: DomainError) -> Self {
        match e {
            DomainError::Invalid(fields) => Self::Invalid(fields),
            DomainError::Conflict(msg) => Self::Conflict(msg),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => Self::NotFound(what),
            StoreError::Conflict(msg) => Self::Conflict(msg),
            StoreError::VersionMismatch { current } => Self::VersionMismatch { current },
            StoreError::Unavailable(msg) => Self::Unavailable(msg),
            StoreError::Internal(msg) => Self::Internal(msg),
        }
    }
}
