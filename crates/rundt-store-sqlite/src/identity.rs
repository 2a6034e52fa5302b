//! Credentials, sessions, API tokens and login attempts.

use chrono::{DateTime, Utc};
use rundt_domain::audit::AuditEvent;
use rundt_domain::msg;
use rundt_domain::team::TeamId;
use rundt_domain::user::{User, UserId};
use rundt_store::{ApiToken, Credentials, RecentFailures, SessionRecord, StoreError, StoreResult};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::audit;
use crate::convert::{columns, date_text, db_err, parse_time, time_text};
use crate::users;

fn credentials_where(
    conn: &Connection,
    clause: &str,
    key: &dyn rusqlite::ToSql,
) -> StoreResult<Option<Credentials>> {
    let sql = format!(
        "SELECT id, username, display_name, email, role, country, municipality_code, active, version,
                password_hash, totp_secret, totp_last_step
         FROM users WHERE {clause}"
    );
    let row = conn
        .query_row(&sql, [key], |r| {
            Ok((
                users::user_row(r)?,
                r.get::<_, String>(9)?,
                r.get::<_, Option<String>>(10)?,
                r.get::<_, Option<i64>>(11)?,
            ))
        })
        .optional()
        .map_err(db_err)?;
    let Some((user, password_hash, totp_secret, totp_last_step)) = row else {
        return Ok(None);
    };
    Ok(Some(Credentials {
        user: users::user_from(user)?,
        password_hash,
        totp_secret,
        totp_last_step,
    }))
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
    let mut stmt = conn
        .prepare(
            "SELECT DISTINCT team_id FROM team_memberships
             WHERE user_id = ?1 AND since <= ?2 AND (until IS NULL OR until >= ?2) ORDER BY team_id",
        )
        .map_err(db_err)?;
    let rows = stmt
        .query_map(params![user_id, day], |r| r.get(0))
        .map_err(db_err)?;
    rows.collect::<Result<Vec<i64>, _>>().map_err(db_err)
}

pub fn record_login_attempt(
    conn: &mut Connection,
    username: &str,
    address: &str,
    success: bool,
    event: &AuditEvent,
) -> StoreResult<()> {
    let tx = conn.transaction().map_err(db_err)?;
    tx.execute(
        "INSERT INTO login_attempts (username, address, at, success) VALUES (?1, ?2, ?3, ?4)",
        params![username, address, time_text(event.at), success],
    )
    .map_err(db_err)?;
    audit::append(&tx, event)?;
    tx.commit().map_err(db_err)
}

pub fn recent_failures(
    conn: &Connection,
    username: &str,
    address: &str,
    since: DateTime<Utc>,
) -> StoreResult<RecentFailures> {
    let since = time_text(since);
    let count = |sql: &str, key: &str| -> StoreResult<u32> {
        conn.query_row(sql, params![key, since], |r| r.get::<_, u32>(0))
            .map_err(db_err)
    };
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

pub fn create_session(
    conn: &mut Connection,
    s: &SessionRecord,
    event: &AuditEvent,
) -> StoreResult<()> {
    let tx = conn.transaction().map_err(db_err)?;
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
    audit::append(&tx, event)?;
    tx.commit().map_err(db_err)
}

pub fn find_session(conn: &Connection, token_hash: &str) -> StoreResult<Option<SessionRecord>> {
    let row = conn
        .query_row(
            "SELECT token_hash, user_id, created_at, last_seen_at, expires_at, mfa_verified, csrf_token, revoked_at
             FROM sessions WHERE token_hash = ?1",
            [token_hash],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, bool>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, Option<String>>(7)?,
                ))
            },
        )
        .optional()
        .map_err(db_err)?;
    let Some((token_hash, user_id, created, seen, expires, mfa_verified, csrf_token, revoked)) =
        row
    else {
        return Ok(None);
    };
    Ok(Some(SessionRecord {
        token_hash,
        user_id,
        created_at: parse_time(&created)?,
        last_seen_at: parse_time(&seen)?,
        expires_at: parse_time(&expires)?,
        mfa_verified,
        csrf_token,
        revoked_at: revoked.as_deref().map(parse_time).transpose()?,
    }))
}

pub fn touch_session(
    conn: &mut Connection,
    token_hash: &str,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    conn.execute(
        "UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1 AND last_seen_at < ?2",
        params![token_hash, time_text(at)],
    )
    .map_err(db_err)?;
    Ok(())
}

pub fn revoke_session(
    conn: &mut Connection,
    token_hash: &str,
    at: DateTime<Utc>,
    event: &AuditEvent,
) -> StoreResult<()> {
    let tx = conn.transaction().map_err(db_err)?;
    tx.execute(
        "UPDATE sessions SET revoked_at = ?2 WHERE token_hash = ?1 AND revoked_at IS NULL",
        params![token_hash, time_text(at)],
    )
    .map_err(db_err)?;
    audit::append(&tx, event)?;
    tx.commit().map_err(db_err)
}

fn revoke_all(conn: &Connection, user_id: UserId, at: DateTime<Utc>) -> StoreResult<()> {
    let at = time_text(at);
    conn.execute(
        "UPDATE sessions SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL",
        params![user_id, at],
    )
    .map_err(db_err)?;
    conn.execute(
        "UPDATE api_tokens SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL",
        params![user_id, at],
    )
    .map_err(db_err)?;
    Ok(())
}

pub fn revoke_all_credentials(
    conn: &mut Connection,
    user_id: UserId,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    let tx = conn.transaction().map_err(db_err)?;
    revoke_all(&tx, user_id, at)?;
    tx.commit().map_err(db_err)
}

fn require_user(conn: &Connection, user_id: UserId) -> StoreResult<()> {
    let exists: bool = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM users WHERE id = ?1)",
            [user_id],
            |r| r.get(0),
        )
        .map_err(db_err)?;
    if exists {
        Ok(())
    } else {
        Err(StoreError::NotFound(format!("user {user_id}")))
    }
}

pub fn set_totp(
    conn: &mut Connection,
    user_id: UserId,
    secret: &str,
    step: i64,
    event: &AuditEvent,
) -> StoreResult<()> {
    let tx = conn.transaction().map_err(db_err)?;
    require_user(&tx, user_id)?;
    tx.execute(
        "UPDATE users SET totp_secret = ?2, totp_last_step = ?3, version = version + 1 WHERE id = ?1",
        params![user_id, secret, step],
    )
    .map_err(db_err)?;
    audit::append(&tx, event)?;
    tx.commit().map_err(db_err)
}

pub fn use_totp_step(conn: &mut Connection, user_id: UserId, step: i64) -> StoreResult<bool> {
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
    conn: &mut Connection,
    user_id: UserId,
    hash: &str,
    event: &AuditEvent,
) -> StoreResult<()> {
    let tx = conn.transaction().map_err(db_err)?;
    require_user(&tx, user_id)?;
    tx.execute(
        "UPDATE users SET password_hash = ?2, password_changed_at = ?3, version = version + 1 WHERE id = ?1",
        params![user_id, hash, time_text(event.at)],
    )
    .map_err(db_err)?;
    audit::append(&tx, event)?;
    tx.commit().map_err(db_err)
}

pub fn user_language(conn: &Connection, user_id: UserId) -> StoreResult<Option<String>> {
    conn.query_row("SELECT language FROM users WHERE id = ?1", [user_id], |r| {
        r.get(0)
    })
    .optional()
    .map_err(db_err)
    .map(Option::flatten)
}

pub fn set_user_language(
    conn: &mut Connection,
    user_id: UserId,
    language: Option<&str>,
    event: &AuditEvent,
) -> StoreResult<()> {
    let tx = conn.transaction().map_err(db_err)?;
    require_user(&tx, user_id)?;
    tx.execute(
        "UPDATE users SET language = ?2 WHERE id = ?1",
        params![user_id, language],
    )
    .map_err(db_err)?;
    audit::append(&tx, event)?;
    tx.commit().map_err(db_err)
}

pub fn set_user_active(
    conn: &mut Connection,
    user_id: UserId,
    active: bool,
    event: &AuditEvent,
) -> StoreResult<User> {
    let tx = conn.transaction().map_err(db_err)?;
    require_user(&tx, user_id)?;
    tx.execute(
        "UPDATE users SET active = ?2, version = version + 1 WHERE id = ?1",
        params![user_id, active],
    )
    .map_err(db_err)?;
    if !active {
        revoke_all(&tx, user_id, event.at)?;
    }
    audit::append(&tx, event)?;
    let user =
        users::get(&tx, user_id)?.ok_or_else(|| StoreError::Internal("user vanished".into()))?;
    tx.commit().map_err(db_err)?;
    Ok(user)
}

const TOKEN_SELECT: &str =
    "SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM api_tokens";

type TokenRow = (i64, i64, String, String, Option<String>, Option<String>);

fn token_row(r: &Row<'_>) -> rusqlite::Result<TokenRow> {
    columns(r)
}

fn token_from(row: TokenRow) -> StoreResult<ApiToken> {
    let (id, user_id, name, created, used, revoked) = row;
    Ok(ApiToken {
        id,
        user_id,
        name,
        created_at: parse_time(&created)?,
        last_used_at: used.as_deref().map(parse_time).transpose()?,
        revoked_at: revoked.as_deref().map(parse_time).transpose()?,
    })
}

fn load_token(conn: &Connection, id: i64) -> StoreResult<Option<ApiToken>> {
    conn.query_row(&format!("{TOKEN_SELECT} WHERE id = ?1"), [id], token_row)
        .optional()
        .map_err(db_err)?
        .map(token_from)
        .transpose()
}

pub fn create_api_token(
    conn: &mut Connection,
    user_id: UserId,
    name: &str,
    token_hash: &str,
    event: &AuditEvent,
) -> StoreResult<ApiToken> {
    let tx = conn.transaction().map_err(db_err)?;
    require_user(&tx, user_id)?;
    tx.execute(
        "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![user_id, name, token_hash, time_text(event.at)],
    )
    .map_err(db_err)?;
    let id = tx.last_insert_rowid();
    audit::append(&tx, &audit::with_object(event, id))?;
    let token =
        load_token(&tx, id)?.ok_or_else(|| StoreError::Internal("token vanished".into()))?;
    tx.commit().map_err(db_err)?;
    Ok(token)
}

pub fn list_api_tokens(conn: &Connection, user_id: UserId) -> StoreResult<Vec<ApiToken>> {
    let mut stmt = conn
        .prepare(&format!(
            "{TOKEN_SELECT} WHERE user_id = ?1 ORDER BY id DESC"
        ))
        .map_err(db_err)?;
    let rows = stmt.query_map([user_id], token_row).map_err(db_err)?;
    rows.map(|r| token_from(r.map_err(db_err)?)).collect()
}

pub fn use_api_token(
    conn: &mut Connection,
    token_hash: &str,
    at: DateTime<Utc>,
) -> StoreResult<Option<ApiToken>> {
    let id: Option<i64> = conn
        .query_row(
            "SELECT id FROM api_tokens WHERE token_hash = ?1 AND revoked_at IS NULL",
            [token_hash],
            |r| r.get(0),
        )
        .optional()
        .map_err(db_err)?;
    let Some(id) = id else { return Ok(None) };
    conn.execute(
        "UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1",
        params![id, time_text(at)],
    )
    .map_err(db_err)?;
    load_token(conn, id)
}

pub fn revoke_api_token(
    conn: &mut Connection,
    user_id: UserId,
    token_id: i64,
    event: &AuditEvent,
) -> StoreResult<ApiToken> {
    let tx = conn.transaction().map_err(db_err)?;
    let Some(token) = load_token(&tx, token_id)?.filter(|t| t.user_id == user_id) else {
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
    audit::append(&tx, event)?;
    let token =
        load_token(&tx, token_id)?.ok_or_else(|| StoreError::Internal("token vanished".into()))?;
    tx.commit().map_err(db_err)?;
    Ok(token)
}

#[async_trait::async_trait]
impl rundt_store::IdentityStore for crate::SqliteStore {
    async fn credentials_by_username(&self, username: &str) -> StoreResult<Option<Credentials>> {
        let username = username.to_owned();
        self.conns
            .read(move |c| credentials_by_username(c, &username))
            .await
    }

    async fn credentials_by_id(&self, id: UserId) -> StoreResult<Option<Credentials>> {
        self.conns.read(move |c| credentials_by_id(c, id)).await
    }

    async fn user_team_ids(&self, user_id: UserId, at: DateTime<Utc>) -> StoreResult<Vec<TeamId>> {
        self.conns
            .read(move |c| user_team_ids(c, user_id, at))
            .await
    }

    async fn record_login_attempt(
        &self,
        username: &str,
        address: &str,
        success: bool,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        let (u, a, e) = (username.to_owned(), address.to_owned(), audit.clone());
        self.conns
            .write(move |c| record_login_attempt(c, &u, &a, success, &e))
            .await
    }

    async fn recent_login_failures(
        &self,
        username: &str,
        address: &str,
        since: DateTime<Utc>,
    ) -> StoreResult<RecentFailures> {
        let (u, a) = (username.to_owned(), address.to_owned());
        self.conns
            .read(move |c| recent_failures(c, &u, &a, since))
            .await
    }

    async fn create_session(&self, session: &SessionRecord, audit: &AuditEvent) -> StoreResult<()> {
        let (s, e) = (session.clone(), audit.clone());
        self.conns.write(move |c| create_session(c, &s, &e)).await
    }

    async fn find_session(&self, token_hash: &str) -> StoreResult<Option<SessionRecord>> {
        let t = token_hash.to_owned();
        self.conns.read(move |c| find_session(c, &t)).await
    }

    async fn touch_session(&self, token_hash: &str, at: DateTime<Utc>) -> StoreResult<()> {
        let t = token_hash.to_owned();
        self.conns.write(move |c| touch_session(c, &t, at)).await
    }

    async fn revoke_session(
        &self,
        token_hash: &str,
        at: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        let (t, e) = (token_hash.to_owned(), audit.clone());
        self.conns
            .write(move |c| revoke_session(c, &t, at, &e))
            .await
    }

    async fn revoke_all_credentials(&self, user_id: UserId, at: DateTime<Utc>) -> StoreResult<()> {
        self.conns
            .write(move |c| revoke_all_credentials(c, user_id, at))
            .await
    }

    async fn set_totp(
        &self,
        user_id: UserId,
        secret: &str,
        step: i64,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        let (s, e) = (secret.to_owned(), audit.clone());
        self.conns
            .write(move |c| set_totp(c, user_id, &s, step, &e))
            .await
    }

    async fn use_totp_step(&self, user_id: UserId, step: i64) -> StoreResult<bool> {
        self.conns
            .write(move |c| use_totp_step(c, user_id, step))
            .await
    }

    async fn set_password(
        &self,
        user_id: UserId,
        password_hash: &str,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        let (h, e) = (password_hash.to_owned(), audit.clone());
        self.conns
            .write(move |c| set_password(c, user_id, &h, &e))
            .await
    }

    async fn user_language(&self, user_id: UserId) -> StoreResult<Option<String>> {
        self.conns.read(move |c| user_language(c, user_id)).await
    }

    async fn set_user_language(
        &self,
        user_id: UserId,
        language: Option<&str>,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        let (l, e) = (language.map(str::to_owned), audit.clone());
        self.conns
            .write(move |c| set_user_language(c, user_id, l.as_deref(), &e))
            .await
    }

    async fn set_user_active(
        &self,
        user_id: UserId,
        active: bool,
        audit: &AuditEvent,
    ) -> StoreResult<User> {
        let e = audit.clone();
        self.conns
            .write(move |c| set_user_active(c, user_id, active, &e))
            .await
    }

    async fn create_api_token(
        &self,
        user_id: UserId,
        name: &str,
        token_hash: &str,
        audit: &AuditEvent,
    ) -> StoreResult<ApiToken> {
        let (n, h, e) = (name.to_owned(), token_hash.to_owned(), audit.clone());
        self.conns
            .write(move |c| create_api_token(c, user_id, &n, &h, &e))
            .await
    }

    async fn list_api_tokens(&self, user_id: UserId) -> StoreResult<Vec<ApiToken>> {
        self.conns.read(move |c| list_api_tokens(c, user_id)).await
    }

    async fn use_api_token(
        &self,
        token_hash: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<ApiToken>> {
        let h = token_hash.to_owned();
        self.conns.write(move |c| use_api_token(c, &h, at)).await
    }

    async fn revoke_api_token(
        &self,
        user_id: UserId,
        token_id: i64,
        audit: &AuditEvent,
    ) -> StoreResult<ApiToken> {
        let e = audit.clone();
        self.conns
            .write(move |c| revoke_api_token(c, user_id, token_id, &e))
            .await
    }
}
