//! The sealed fields (national identifiers, second-factor secrets) as a key
//! rotation reads and rewrites them: still sealed, never in clear.

use async_trait::async_trait;
use rundt_domain::audit::AuditEvent;

use crate::StoreResult;

/// A kind of sealed field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProtectedKind {
    /// `persons.national_id_sealed`, with its blind index.
    PersonNationalId,
    /// `users.totp_secret` (no index).
    UserTotpSecret,
}

impl ProtectedKind {
    pub const ALL: [ProtectedKind; 2] = [Self::PersonNationalId, Self::UserTotpSecret];

    /// The kind's table, sealed column, index column and country column
    /// (trusted constants for the SQL both backends write).
    pub fn columns(
        self,
    ) -> (
        &'static str,
        &'static str,
        Option<&'static str>,
        Option<&'static str>,
    ) {
        match self {
            Self::PersonNationalId => (
                "persons",
                "national_id_sealed",
                Some("national_id_index"),
                Some("country"),
            ),
            Self::UserTotpSecret => ("users", "totp_secret", None, None),
        }
    }
}

/// One sealed value and its row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtectedValue {
    pub id: i64,
    pub sealed: String,
    pub index: Option<String>,
    /// The row's country code (`DK`, `NO`), where the kind has one: a
    /// national identifier is read by its country's rules.
    pub country: Option<String>,
}

/// A sealed value to replace, only if the row still holds `old_sealed`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtectedChange {
    pub id: i64,
    pub old_sealed: String,
    pub sealed: String,
    /// The new blind index (kinds with an index only).
    pub index: Option<String>,
}

#[async_trait]
pub trait ProtectedStore: Send + Sync {
    /// Rows of one kind that hold a sealed value, with ids above `after_id`,
    /// in id order, at most `limit`.
    async fn protected_values(
        &self,
        kind: ProtectedKind,
        after_id: i64,
        limit: u32,
    ) -> StoreResult<Vec<ProtectedValue>>;

    /// Replaces sealed values (and indexes) in one transaction with `audit`;
    /// a row whose value changed meanwhile is left alone. Returns how many
    /// rows were replaced.
    async fn replace_protected_values(
        &self,
        kind: ProtectedKind,
        changes: &[ProtectedChange],
        audit: &AuditEvent,
    ) -> StoreResult<u64>;
}
