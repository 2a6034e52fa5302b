//! Single sign-on's storage: linked identities and logins begun at a
//! provider, each taken once.

use chrono::{DateTime, Utc};
use rundt_domain::audit::AuditEvent;
use rundt_domain::id::UserId;
use rundt_store::{
    LINKED_IDENTITY_COLUMNS, LinkedIdentity, PENDING_OIDC_LOGIN_COLUMNS, PendingOidcLogin,
    SsoStore, StoreResult,
};
use rusqlite::{Connection, params};

use crate::audit;
use crate::convert::{db_err, time_text};
use crate::forward::forward;
use crate::query::{fetch_all, fetch_opt};

pub fn begin_oidc_login(
    tx: &Connection,
    login: &PendingOidcLogin,
    forget_before: DateTime<Utc>,
) -> StoreResult<()> {
    tx.execute(
        "DELETE FROM oidc_logins WHERE created_at < ?1",
        [time_text(forget_before)],
    )
    .map_err(db_err)?;
    tx.execute(
        "INSERT INTO oidc_logins (state_hash, browser_hash, provider, sealed, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            login.state_hash,
            login.browser_hash,
            login.provider,
            login.sealed,
            time_text(login.created_at)
        ],
    )
    .map_err(db_err)?;
    Ok(())
}

pub fn take_oidc_login(
    tx: &Connection,
    state_hash: &str,
    at: DateTime<Utc>,
) -> StoreResult<Option<PendingOidcLogin>> {
    fetch_opt(
        tx,
        &format!(
            "UPDATE oidc_logins SET used_at = ?2 WHERE state_hash = ?1 AND used_at IS NULL \
             RETURNING {PENDING_OIDC_LOGIN_COLUMNS}"
        ),
        params![state_hash, time_text(at)],
    )
}

pub fn user_for_identity(
    conn: &Connection,
    issuer: &str,
    subject: &str,
) -> StoreResult<Option<UserId>> {
    fetch_opt(
        conn,
        "SELECT user_id FROM user_identities WHERE issuer = ?1 AND subject = ?2",
        [issuer, subject],
    )
}

pub fn identities_of(conn: &Connection, user: UserId) -> StoreResult<Vec<LinkedIdentity>> {
    fetch_all(
        conn,
        &format!(
            "SELECT {LINKED_IDENTITY_COLUMNS} FROM user_identities WHERE user_id = ?1 \
             ORDER BY linked_at, issuer, subject"
        ),
        [user],
    )
}

pub fn link_identity(
    tx: &Connection,
    identity: &LinkedIdentity,
    event: &AuditEvent,
) -> StoreResult<bool> {
    let added = tx
        .execute(
            "INSERT INTO user_identities (issuer, subject, provider, user_id, linked_at) \
             VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (issuer, subject) DO NOTHING",
            params![
                identity.issuer,
                identity.subject,
                identity.provider,
                identity.user_id,
                time_text(identity.linked_at)
            ],
        )
        .map_err(db_err)?;
    if added == 0 {
        return Ok(false);
    }
    audit::append(tx, event)?;
    Ok(true)
}

pub fn unlink_identity(
    tx: &Connection,
    user: UserId,
    issuer: &str,
    subject: &str,
    event: &AuditEvent,
) -> StoreResult<bool> {
    let removed = tx
        .execute(
            "DELETE FROM user_identities WHERE user_id = ?1 AND issuer = ?2 AND subject = ?3",
            params![user, issuer, subject],
        )
        .map_err(db_err)?;
    if removed == 0 {
        return Ok(false);
    }
    audit::append(tx, event)?;
    Ok(true)
}

forward! {
    impl SsoStore {
        async fn begin_oidc_login(&self, login: &PendingOidcLogin, forget_before: DateTime<Utc>) -> StoreResult<()> => write begin_oidc_login;
        async fn take_oidc_login(&self, state_hash: &str, at: DateTime<Utc>) -> StoreResult<Option<PendingOidcLogin>> => write take_oidc_login;
        async fn user_for_identity(&self, issuer: &str, subject: &str) -> StoreResult<Option<UserId>> => read user_for_identity;
        async fn identities_of(&self, user: UserId) -> StoreResult<Vec<LinkedIdentity>> => read identities_of;
        async fn link_identity(&self, identity: &LinkedIdentity, audit: &AuditEvent) -> StoreResult<bool> => write link_identity;
        async fn unlink_identity(&self, user: UserId, issuer: &str, subject: &str, audit: &AuditEvent) -> StoreResult<bool> => write unlink_identity;
    }
}
