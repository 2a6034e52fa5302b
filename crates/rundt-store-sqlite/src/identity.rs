//! Credentials, sessions, API tokens and login attempts.

use chrono::{DateTime, Utc};
use rundt_domain::api_token::TokenScope;
use rundt_domain::audit::AuditEvent;
use rundt_domain::msg;
use rundt_domain::team::TeamId;
use rundt_domain::user::{User, UserId};
use rundt_store::{
    ApiToken, CREDENTIAL_COLUMNS, Credentials, IdentityStore, RecentFailures, SESSION_COLUMNS,
    SessionHolder, SessionRecord, StoreError, StoreResult, TOKEN_COLUMNS, TokenHolder,
};
use rusqlite::{Connection, params};

use crate::audit;
use crate::convert::{date_text, db_err, time_text};
use crate::forward::forward;
use crate::query::{fetch_all, fetch_one, fetch_opt};
use crate::users;

fn credentials_where(
    conn: &Connection,
    clause: &str,
    key: &dyn rusqlite::ToSql,
) -> StoreResult<Option<Credentials>> {
    let sql = format!("SELECT {CREDENTIAL_COLUMNS} FROM users WHERE {clause}");
    fetch_opt(conn, &sql, [key])
}

pub fn credentials_by_username(
    conn: &Connection,
    username: &str,
) -> StoreResult<Option<Credentials>> {
    credentials_where(conn, "username = ?1", &username)
}

pub fn credentials_by_id(conn: &Connection, id: UserId) -> StoreResult<Option<Credentials>> {
    credentials_where(conn, "id = ?1", &id)
}

pub fn user_team_ids(
    conn: &Connection,
    user_id: UserId,
    at: DateTime<Utc>,
) -> StoreResult<Vec<TeamId>> {
    let day = date_text(at.date_naive());
    let sql = "SELECT DISTINCT team_id FROM team_memberships
         WHERE user_id = ?1 AND since <= ?2 AND (until IS NULL OR until >= ?2) ORDER BY team_id";
    fetch_all(conn, sql, params![user_id, day])
}

pub fn record_login_attempt(
    tx: &Connection,
    username: &str,
    address: &str,
    success: bool,
    event: &AuditEvent,
) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO login_attempts (username, address, at, success) VALUES (?1, ?2, ?3, ?4)",
        params![username, address, time_text(event.at), success],
    )
    .map_err(db_err)?;
    audit::append(tx, event)?;
    Ok(())
}

pub fn recent_login_failures(
    conn: &Connection,
    username: &str,
    address: &str,
    since: DateTime<Utc>,
) -> StoreResult<RecentFailures> {
    let since = time_text(since);
    let count =
        |sql: &str, key: &str| -> StoreResult<u32> { fetch_one(conn, sql, params![key, since]) };
    Ok(RecentFailures {
        for_username: count(
            "SELECT COUNT(*) FROM login_attempts WHERE username = ?1 AND at >= ?2 AND success = 0",
            username,
        )?,
        from_address: count(
            "SELECT COUNT(*) FROM login_attempts WHERE address = ?1 AND at >= ?2 AND success = 0",
            address,
        )?,
    })
}

pub fn create_session(tx: &Connection, s: &SessionRecord, event: &AuditEvent) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, mfa_verified, csrf_token)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            s.token_hash,
            s.user_id,
            time_text(s.created_at),
            time_text(s.last_seen_at),
            time_text(s.expires_at),
            s.mfa_verified,
            s.csrf_token
        ],
    )
    .map_err(db_err)?;
    audit::append(tx, event)?;
    Ok(())
}

pub fn find_session(conn: &Connection, token_hash: &str) -> StoreResult<Option<SessionRecord>> {
    let sql = format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE token_hash = ?1");
    fetch_opt(conn, &sql, [token_hash])
}

/// The session and its holder, on one reading connection: one hop to the
/// reader pool per request instead of three.
pub fn session_holder(
    conn: &Connection,
    token_hash: &str,
    at: DateTime<Utc>,
) -> StoreResult<Option<SessionHolder>> {
    let Some(session) = find_session(conn, token_hash)? else {
        return Ok(None);
    };
    let Some(credentials) = credentials_by_id(conn, session.user_id)? else {
        return Ok(None);
    };
    let team_ids = user_team_ids(conn, session.user_id, at)?;
    Ok(Some(SessionHolder {
        session,
        credentials,
        team_ids,
    }))
}

pub fn touch_session(conn: &Connection, token_hash: &str, at: DateTime<Utc>) -> StoreResult<()> {
    conn.execute(
        "UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1 AND last_seen_at < ?2",
        params![token_hash, time_text(at)],
    )
    .map_err(db_err)?;
    Ok(())
}

pub fn revoke_session(
    tx: &Connection,
    token_hash: &str,
    at: DateTime<Utc>,
    event: &AuditEvent,
) -> StoreResult<()> {
    tx.execute(
        "UPDATE sessions SET revoked_at = ?2 WHERE token_hash = ?1 AND revoked_at IS NULL",
        params![token_hash, time_text(at)],
    )
    .map_err(db_err)?;
    audit::append(tx, event)?;
    Ok(())
}

/// Ends every live session and revokes every live API token of a user.
pub fn revoke_all_credentials(
    conn: &Connection,
    user_id: UserId,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    let at = time_text(at);
    for table in ["sessions", "api_tokens"] {
        let sql =
            format!("UPDATE {table} SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL");
        conn.execute(&sql, params![user_id, at]).map_err(db_err)?;
    }
    Ok(())
}

fn require_user(conn: &Connection, user_id: UserId) -> StoreResult<()> {
    let sql = "SELECT EXISTS (SELECT 1 FROM users WHERE id = ?1)";
    if fetch_one::<bool>(conn, sql, [user_id])? {
        Ok(())
    } else {
        Err(StoreError::NotFound(format!("user {user_id}")))
    }
}

pub fn set_totp(
    tx: &Connection,
    user_id: UserId,
    secret: &str,
    step: i64,
    event: &AuditEvent,
) -> StoreResult<()> {
    require_user(tx, user_id)?;
    tx.execute(
        "UPDATE users SET totp_secret = ?2, totp_last_step = ?3, version = version + 1 WHERE id = ?1",
        params![user_id, secret, step],
    )
    .map_err(db_err)?;
    audit::append(tx, event)?;
    Ok(())
}

pub fn use_totp_step(conn: &Connection, user_id: UserId, step: i64) -> StoreResult<bool> {
    let changed = conn
        .execute(
            "UPDATE users SET totp_last_step = ?2
             WHERE id = ?1 AND (totp_last_step IS NULL OR totp_last_step < ?2)",
            params![user_id, step],
        )
        .map_err(db_err)?;
    Ok(changed == 1)
}

pub fn set_password(
    tx: &Connection,
    user_id: UserId,
    hash: &str,
    event: &AuditEvent,
) -> StoreResult<()> {
    require_user(tx, user_id)?;
    tx.execute(
        "UPDATE users SET password_hash = ?2, password_changed_at = ?3, version = version + 1 WHERE id = ?1",
        params![user_id, hash, time_text(event.at)],
    )
    .map_err(db_err)?;
    audit::append(tx, event)?;
    Ok(())
}

pub fn user_language(conn: &Connection, user_id: UserId) -> StoreResult<Option<String>> {
    let sql = "SELECT language FROM users WHERE id = ?1";
    Ok(fetch_opt::<Option<String>>(conn, sql, [user_id])?.flatten())
}

pub fn set_user_language(
    tx: &Connection,
    user_id: UserId,
    language: Option<&str>,
    event: &AuditEvent,
) -> StoreResult<()> {
    require_user(tx, user_id)?;
    tx.execute(
        "UPDATE users SET language = ?2 WHERE id = ?1",
        params![user_id, language],
    )
    .map_err(db_err)?;
    audit::append(tx, event)?;
    Ok(())
}

pub fn set_user_active(
    tx: &Connection,
    user_id: UserId,
    active: bool,
    event: &AuditEvent,
) -> StoreResult<User> {
    require_user(tx, user_id)?;
    tx.execute(
        "UPDATE users SET active = ?2, version = version + 1 WHERE id = ?1",
        params![user_id, active],
    )
    .map_err(db_err)?;
    if !active {
        revoke_all_credentials(tx, user_id, event.at)?;
    }
    audit::append(tx, event)?;
    let user =
        users::get(tx, user_id)?.ok_or_else(|| StoreError::Internal("user vanished".into()))?;
    Ok(user)
}

fn load_token(conn: &Connection, id: i64) -> StoreResult<Option<ApiToken>> {
    let sql = format!("SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE id = ?1");
    fetch_opt(conn, &sql, [id])
}

pub fn create_api_token(
    tx: &Connection,
    user_id: UserId,
    name: &str,
    token_hash: &str,
    scope: TokenScope,
    expires_at: DateTime<Utc>,
    event: &AuditEvent,
) -> StoreResult<ApiToken> {
    require_user(tx, user_id)?;
    tx.execute(
        "INSERT INTO api_tokens (user_id, name, token_hash, created_at, scope, expires_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            user_id,
            name,
            token_hash,
            time_text(event.at),
            scope,
            time_text(expires_at)
        ],
    )
    .map_err(db_err)?;
    let id = tx.last_insert_rowid();
    audit::append(tx, &audit::with_object(event, id))?;
    let token = load_token(tx, id)?.ok_or_else(|| StoreError::Internal("token vanished".into()))?;
    Ok(token)
}

pub fn list_api_tokens(conn: &Connection, user_id: UserId) -> StoreResult<Vec<ApiToken>> {
    let sql = format!("SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE user_id = ?1 ORDER BY id DESC");
    fetch_all(conn, &sql, [user_id])
}

/// The live token and its holder, on one reading connection.
pub fn api_token_holder(
    conn: &Connection,
    token_hash: &str,
    at: DateTime<Utc>,
) -> StoreResult<Option<TokenHolder>> {
    let sql = format!(
        "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = ?1 AND revoked_at IS NULL"
    );
    let Some(token) = fetch_opt::<ApiToken>(conn, &sql, [token_hash])? else {
        return Ok(None);
    };
    let Some(user) = users::get(conn, token.user_id)? else {
        return Ok(None);
    };
    let team_ids = user_team_ids(conn, token.user_id, at)?;
    Ok(Some(TokenHolder {
        token,
        user,
        team_ids,
    }))
}

pub fn mark_api_token_used(tx: &Connection, token_id: i64, at: DateTime<Utc>) -> StoreResult<()> {
    tx.execute(
        "UPDATE api_tokens SET last_used_at = ?2 \
         WHERE id = ?1 AND (last_used_at IS NULL OR last_used_at < ?2)",
        params![token_id, time_text(at)],
    )
    .map_err(db_err)?;
    Ok(())
}

pub fn revoke_api_token(
    tx: &Connection,
    user_id: UserId,
    token_id: i64,
    event: &AuditEvent,
) -> StoreResult<ApiToken> {
    let Some(token) = load_token(tx, token_id)?.filter(|t| t.user_id == user_id) else {
        return Err(StoreError::NotFound(format!("API token {token_id}")));
    };
    if token.revoked_at.is_some() {
        return Err(StoreError::Conflict(msg!("token-revoked")));
    }
    tx.execute(
        "UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1",
        params![token_id, time_text(event.at)],
    )
    .map_err(db_err)?;
    audit::append(tx, event)?;
    let token =
        load_token(tx, token_id)?.ok_or_else(|| StoreError::Internal("token vanished".into()))?;
    Ok(token)
}

forward! {
    impl IdentityStore {
        async fn credentials_by_username(&self, username: &str) -> StoreResult<Option<Credentials>> => read credentials_by_username;
        async fn credentials_by_id(&self, id: UserId) -> StoreResult<Option<Credentials>> => read credentials_by_id;
        async fn user_team_ids(&self, user_id: UserId, at: DateTime<Utc>) -> StoreResult<Vec<TeamId>> => read user_team_ids;
        async fn record_login_attempt(&self, username: &str, address: &str, success: bool, audit: &AuditEvent) -> StoreResult<()> => write record_login_attempt;
        async fn recent_login_failures(&self, username: &str, address: &str, since: DateTime<Utc>) -> StoreResult<RecentFailures> => read recent_login_failures;
        async fn create_session(&self, session: &SessionRecord, audit: &AuditEvent) -> StoreResult<()> => write create_session;
        async fn find_session(&self, token_hash: &str) -> StoreResult<Option<SessionRecord>> => read find_session;
        async fn session_holder(&self, token_hash: &str, at: DateTime<Utc>) -> StoreResult<Option<SessionHolder>> => read session_holder;
        async fn touch_session(&self, token_hash: &str, at: DateTime<Utc>) -> StoreResult<()> => write touch_session;
        async fn revoke_session(&self, token_hash: &str, at: DateTime<Utc>, audit: &AuditEvent) -> StoreResult<()> => write revoke_session;
        async fn revoke_all_credentials(&self, user_id: UserId, at: DateTime<Utc>) -> StoreResult<()> => write revoke_all_credentials;
        async fn set_totp(&self, user_id: UserId, secret: &str, step: i64, audit: &AuditEvent) -> StoreResult<()> => write set_totp;
        async fn use_totp_step(&self, user_id: UserId, step: i64) -> StoreResult<bool> => write use_totp_step;
        async fn set_password(&self, user_id: UserId, password_hash: &str, audit: &AuditEvent) -> StoreResult<()> => write set_password;
        async fn set_user_active(&self, user_id: UserId, active: bool, audit: &AuditEvent) -> StoreResult<User> => write set_user_active;
        async fn user_language(&self, user_id: UserId) -> StoreResult<Option<String>> => read user_language;
        async fn set_user_language(&self, user_id: UserId, language: Option<&str>, audit: &AuditEvent) -> StoreResult<()> => write set_user_language;
        async fn create_api_token(&self, user_id: UserId, name: &str, token_hash: &str, scope: TokenScope, expires_at: DateTime<Utc>, audit: &AuditEvent) -> StoreResult<ApiToken> => write create_api_token;
        async fn list_api_tokens(&self, user_id: UserId) -> StoreResult<Vec<ApiToken>> => read list_api_tokens;
        async fn api_token_holder(&self, token_hash: &str, at: DateTime<Utc>) -> StoreResult<Option<TokenHolder>> => read api_token_holder;
        async fn mark_api_token_used(&self, token_id: i64, at: DateTime<Utc>) -> StoreResult<()> => write mark_api_token_used;
        async fn revoke_api_token(&self, user_id: UserId, token_id: i64, audit: &AuditEvent) -> StoreResult<ApiToken> => write revoke_api_token;
    }
}
