use rundt_domain::Message;
use thiserror::Error;

pub type StoreResult<T> = Result<T, StoreError>;

/// What can go wrong in a store. `NotFound` names the missing record,
/// `Conflict` carries a message for people (a catalogue code and values);
/// `Unavailable`, `NotWritable` and `Internal` carry details for the log only.
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
    /// The database takes no writes: its disk is full or it is read-only
    /// (SQLite's `SQLITE_FULL`/`SQLITE_READONLY`, PostgreSQL's `disk_full`
    /// 53100/`read_only_sql_transaction` 25006). The write's transaction was
    /// rolled back; reads still work and writes work again once there is room.
    #[error("the database cannot be written to: {0}")]
    NotWritable(String),
    #[error("database error: {0}")]
    Internal(String),
}

impl StoreError {
    /// A batch's failure as told to each of its callers (group commit),
    /// with the same meaning: a full or read-only disk stays "not
    /// writable" (503 with its own message), a busy or unreachable
    /// database "unavailable", anything else internal.
    pub fn not_committed(&self) -> StoreError {
        let why = format!("the write was not committed: {self}");
        match self {
            StoreError::NotWritable(_) => StoreError::NotWritable(why),
            StoreError::Unavailable(_) => StoreError::Unavailable(why),
            _ => StoreError::Internal(why),
        }
    }
}
