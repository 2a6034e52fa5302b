use rundt_domain::Message;
use thiserror::Error;

pub type StoreResult<T> = Result<T, StoreError>;

/// What can go wrong in a store. `NotFound` names the missing record,
/// `Conflict` carries a message for people (a catalogue code and values);
/// `Unavailable` and `Internal` carry details for the log only.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0}")]
    Conflict(Message),
    #[error("the record has changed since it was read (now at version {current})")]
    VersionMismatch { current: i64 },
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("database error: {0}")]
    Internal(String),
}
