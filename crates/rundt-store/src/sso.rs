//! Single sign-on's storage (issue 18): which person an identity at an
//! identity provider is (issuer and subject, linked by an administrator,
//! never guessed from an e-mail address), and the logins begun at a
//! provider and not yet come back — each used once.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rundt_domain::audit::AuditEvent;
use rundt_domain::id::UserId;
use serde::Serialize;

use crate::StoreResult;
use crate::row::{Columns, FromRow};

/// A person's identity at a provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkedIdentity {
    pub user_id: UserId,
    /// The provider's id in the installation's configuration.
    pub provider: String,
    /// The issuer exactly as the provider's tokens name it.
    pub issuer: String,
    /// The person's stable subject (`sub`) at that issuer.
    pub subject: String,
    pub linked_at: DateTime<Utc>,
}

pub const LINKED_IDENTITY_COLUMNS: &str = "user_id, provider, issuer, subject, linked_at";

impl FromRow for LinkedIdentity {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(LinkedIdentity {
            user_id: c.read()?,
            provider: c.read()?,
            issuer: c.read()?,
            subject: c.read()?,
            linked_at: c.read()?,
        })
    }
}

/// A login sent to a provider and not yet back. Only hashes of the state
/// and of the browser's cookie are kept; what must come back unchanged
/// (the nonce, the PKCE verifier, the page to go on to) is sealed with the
/// installation's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingOidcLogin {
    pub state_hash: String,
    pub browser_hash: String,
    pub provider: String,
    pub sealed: String,
    pub created_at: DateTime<Utc>,
}

pub const PENDING_OIDC_LOGIN_COLUMNS: &str =
    "state_hash, browser_hash, provider, sealed, created_at";

impl FromRow for PendingOidcLogin {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(PendingOidcLogin {
            state_hash: c.read()?,
            browser_hash: c.read()?,
            provider: c.read()?,
            sealed: c.read()?,
            created_at: c.read()?,
        })
    }
}

#[async_trait]
pub trait SsoStore {
    /// Keeps a login begun; logins begun before `forget_before` (used or
    /// not) are deleted on the way.
    async fn begin_oidc_login(
        &self,
        login: &PendingOidcLogin,
        forget_before: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// Takes the login named by `state_hash` once: marks it used at `at`
    /// and returns it, or `None` when it is unknown or was taken before
    /// (a replayed answer).
    async fn take_oidc_login(
        &self,
        state_hash: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<PendingOidcLogin>>;

    /// The person an identity is linked to.
    async fn user_for_identity(&self, issuer: &str, subject: &str) -> StoreResult<Option<UserId>>;

    /// A person's linked identities, oldest first.
    async fn identities_of(&self, user: UserId) -> StoreResult<Vec<LinkedIdentity>>;

    /// Links an identity to its person, with its audit event. `false` (and
    /// nothing written) when the identity is linked to somebody already.
    async fn link_identity(
        &self,
        identity: &LinkedIdentity,
        audit: &AuditEvent,
    ) -> StoreResult<bool>;

    /// Removes a person's identity, with its audit event; `false` when the
    /// person had no such identity.
    async fn unlink_identity(
        &self,
        user: UserId,
        issuer: &str,
        subject: &str,
        audit: &AuditEvent,
    ) -> StoreResult<bool>;
}
