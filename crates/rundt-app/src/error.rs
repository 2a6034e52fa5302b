//! The one error type of the use cases. The web layer maps it to HTTP in one
//! place; the user-facing variants carry a [`Message`] (a catalogue code and
//! its values) that the web layer says in the reader's language.

use rundt_domain::{DomainError, FieldError, Message, msg};
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
    Unauthenticated(Message),
    /// Authenticated, but this role and relation do not allow it.
    #[error("{0}")]
    Forbidden(Message),
    /// Too many failed attempts; try again after some minutes.
    #[error("too many failed attempts; try again in {retry_after_minutes} minutes")]
    TooManyAttempts { retry_after_minutes: i64 },
    /// An API token has used up its rate; try again after some seconds.
    #[error("too many requests with this token; try again in {retry_after_seconds} seconds")]
    RateLimited { retry_after_seconds: u32 },
    #[error("{0}")]
    Conflict(Message),
    /// The caller's version is stale.
    #[error(
        "the record was changed by someone else (now at version {current}); reload and try again"
    )]
    VersionMismatch { current: i64 },
    /// The caller did not say which version it edits.
    #[error("{0}")]
    VersionRequired(Message),
    #[error("service unavailable")]
    Unavailable(String),
    /// Nothing was saved: the database's disk is full or read-only (the
    /// detail is for the log).
    #[error("the database cannot be written to; nothing was saved")]
    NotWritable(String),
    #[error("internal error")]
    Internal(String),
}

impl AppError {
    pub fn invalid(field: &str, message: Message) -> Self {
        Self::Invalid(vec![FieldError::new(field, message)])
    }

    /// What the error says, as a message (for field errors: the first
    /// field's; each field carries its own).
    pub fn message(&self) -> Message {
        match self {
            Self::Invalid(fields) => fields
                .first()
                .map(|f| f.message.clone())
                .unwrap_or_else(|| msg!("invalid")),
            Self::NotFound(what) => msg!("not-found", what = what),
            Self::Unauthenticated(m)
            | Self::Forbidden(m)
            | Self::Conflict(m)
            | Self::VersionRequired(m) => m.clone(),
            Self::TooManyAttempts {
                retry_after_minutes,
            } => msg!("too-many-attempts", minutes = *retry_after_minutes),
            Self::RateLimited {
                retry_after_seconds,
            } => msg!("api-rate-limited", seconds = *retry_after_seconds),
            Self::VersionMismatch { current } => msg!("version-mismatch", current = *current),
            Self::Unavailable(_) => msg!("unavailable"),
            Self::NotWritable(_) => msg!("storage-not-writable"),
            Self::Internal(_) => msg!("internal"),
        }
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
            StoreError::NotWritable(msg) => Self::NotWritable(msg),
            StoreError::Internal(msg) => Self::Internal(msg),
        }
    }
}
