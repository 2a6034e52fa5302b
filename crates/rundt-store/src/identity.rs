//! Storage of credentials, sessions, API tokens and login attempts.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rundt_domain::api_token::TokenScope;
use rundt_domain::audit::AuditEvent;
use rundt_domain::team::TeamId;
use rundt_domain::user::{User, UserId};
use serde::Serialize;

use crate::StoreResult;

/// What login needs to know about an account.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub user: User,
    pub password_hash: String,
    /// The TOTP secret, encrypted; `None` until the user has enrolled.
    pub totp_secret: Option<String>,
    /// The last TOTP time step accepted, to refuse a replayed code.
    pub totp_last_step: Option<i64>,
    /// The language the user chose for their pages (`None`: the browser's),
    /// read with the rest so a page request needs no second read for it.
    pub language: Option<String>,
}

/// A session as stored: only the SHA-256 of the token is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub token_hash: String,
    pub user_id: UserId,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    /// The absolute end of the session.
    pub expires_at: DateTime<Utc>,
    /// Password and second factor both checked.
    pub mfa_verified: bool,
    /// Token that unsafe requests must echo (forms, `X-CSRF-Token`).
    pub csrf_token: String,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A live API token and what each request needs of its holder: the
/// account and its teams on the day, read together (one store call per
/// request instead of three).
#[derive(Debug, Clone)]
pub struct TokenHolder {
    pub token: ApiToken,
    pub user: User,
    /// The holder's teams on the day asked for.
    pub team_ids: Vec<TeamId>,
}

/// A session and what each request needs of its holder: the account's
/// credentials (the second factor's enrolment, the page language) and its
/// teams on the day, read together.
#[derive(Debug, Clone)]
pub struct SessionHolder {
    pub session: SessionRecord,
    pub credentials: Credentials,
    /// The holder's teams on the day asked for.
    pub team_ids: Vec<TeamId>,
}

/// A personal API token; only the hash of the secret is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiToken {
    pub id: i64,
    pub user_id: UserId,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// How much of the owner's rights it carries.
    pub scope: TokenScope,
    /// When it stops working (issue 18: every token ends).
    pub expires_at: DateTime<Utc>,
}

/// Failed attempts within a window, for throttling.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecentFailures {
    pub for_username: u32,
    pub from_address: u32,
}

#[async_trait]
pub trait IdentityStore: Send + Sync {
    async fn credentials_by_username(&self, username: &str) -> StoreResult<Option<Credentials>>;
    async fn credentials_by_id(&self, id: UserId) -> StoreResult<Option<Credentials>>;

    /// Team ids the user is a member of on `at`'s date.
    async fn user_team_ids(&self, user_id: UserId, at: DateTime<Utc>) -> StoreResult<Vec<TeamId>>;

    /// Records a login attempt (and its audit event) in one transaction.
    async fn record_login_attempt(
        &self,
        username: &str,
        address: &str,
        success: bool,
        audit: &AuditEvent,
    ) -> StoreResult<()>;

    /// Failed attempts since `since` for a username and from an address.
    async fn recent_login_failures(
        &self,
        username: &str,
        address: &str,
        since: DateTime<Utc>,
    ) -> StoreResult<RecentFailures>;

    async fn create_session(&self, session: &SessionRecord, audit: &AuditEvent) -> StoreResult<()>;
    async fn find_session(&self, token_hash: &str) -> StoreResult<Option<SessionRecord>>;
    /// A request's session with its holder's credentials and teams on
    /// `at`'s date, in one read; `None` when no session has this hash.
    /// Whether it is still live (revoked, expired, idle) is the caller's
    /// rule to apply.
    async fn session_holder(
        &self,
        token_hash: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<SessionHolder>>;
    /// Moves `last_seen_at` forward (no audit event: this is bookkeeping).
    async fn touch_session(&self, token_hash: &str, at: DateTime<Utc>) -> StoreResult<()>;
    async fn revoke_session(
        &self,
        token_hash: &str,
        at: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> StoreResult<()>;
    /// Ends every session and revokes every API token of a user.
    async fn revoke_all_credentials(&self, user_id: UserId, at: DateTime<Utc>) -> StoreResult<()>;

    /// Stores an encrypted TOTP secret (enrolment) and the first used step.
    async fn set_totp(
        &self,
        user_id: UserId,
        secret: &str,
        step: i64,
        audit: &AuditEvent,
    ) -> StoreResult<()>;
    /// Records a used TOTP step; false when an equal or later step was
    /// already recorded (a replay that raced us).
    async fn use_totp_step(&self, user_id: UserId, step: i64) -> StoreResult<bool>;

    async fn set_password(
        &self,
        user_id: UserId,
        password_hash: &str,
        audit: &AuditEvent,
    ) -> StoreResult<()>;

    /// Activates or deactivates an account; deactivation also revokes its
    /// sessions and tokens in the same transaction.
    async fn set_user_active(
        &self,
        user_id: UserId,
        active: bool,
        audit: &AuditEvent,
    ) -> StoreResult<User>;

    /// The language the user chose for their pages (`da`, `nb`, `en`).
    async fn user_language(&self, user_id: UserId) -> StoreResult<Option<String>>;
    /// Stores (or with `None` forgets) the user's language, with its audit
    /// event, in one transaction.
    async fn set_user_language(
        &self,
        user_id: UserId,
        language: Option<&str>,
        audit: &AuditEvent,
    ) -> StoreResult<()>;

    async fn create_api_token(
        &self,
        user_id: UserId,
        name: &str,
        token_hash: &str,
        scope: TokenScope,
        expires_at: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> StoreResult<ApiToken>;
    async fn list_api_tokens(&self, user_id: UserId) -> StoreResult<Vec<ApiToken>>;
    /// The live (unrevoked) token with this hash, with its holder's account
    /// and teams on `at`'s date, in one read: every bearer request asks,
    /// and must not queue behind the one writer (issue 17). `None` when no
    /// live token has this hash. Whether it has expired, and whether its
    /// account is active, is the caller's rule to apply.
    async fn api_token_holder(
        &self,
        token_hash: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<TokenHolder>>;
    /// Records when a token was last used. The app calls it at most once a
    /// minute per token, like a session's last-seen time.
    async fn mark_api_token_used(&self, token_id: i64, at: DateTime<Utc>) -> StoreResult<()>;
    async fn revoke_api_token(
        &self,
        user_id: UserId,
        token_id: i64,
        audit: &AuditEvent,
    ) -> StoreResult<ApiToken>;
}
