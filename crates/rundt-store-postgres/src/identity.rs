//! Credentials, sessions, API tokens and login attempts.
//!
//! Semantics mirror the SQLite backend: every write that takes an audit
//! event appends it, as its last statement, in the same transaction.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use deadpool_postgres::{GenericClient, Transaction};
use rundt_domain::audit::AuditEvent;
use rundt_domain::msg;
use rundt_domain::team::TeamId;
use rundt_domain::user::{User, UserId};
use rundt_store::{
    ApiToken, Credentials, IdentityStore, RecentFailures, SessionRecord, StoreError, StoreResult,
};
use tokio_postgres::Row;
use tokio_postgres::types::ToSql;

use crate::PostgresStore;
use crate::audit::{append_audit_tx, with_object_id};
use crate::error::{pg, pool};
use crate::users::{USER_COLUMNS, user_row};

const SESSION_COLUMNS: &str = "token_hash, user_id, created_at, last_seen_at, expires_at, \
     mfa_verified, csrf_token, revoked_at";

const TOKEN_COLUMNS: &str = "id, user_id, name, created_at, last_used_at, revoked_at";

fn credentials_row(row: &Row) -> StoreResult<Credentials> {
    Ok(Credentials {
        user: user_row(row)?,
        password_hash: row.try_get(9).map_err(pg)?,
        totp_secret: row.try_get(10).map_err(pg)?,
        totp_last_step: row.try_get(11).map_err(pg)?,
    })
}

fn session_row(row: &Row) -> StoreResult<SessionRecord> {
    Ok(SessionRecord {
        token_hash: row.try_get(0).map_err(pg)?,
        user_id: row.try_get(1).map_err(pg)?,
        created_at: row.try_get(2).map_err(pg)?,
        last_seen_at: row.try_get(3).map_err(pg)?,
        expires_at: row.try_get(4).map_err(pg)?,
        mfa_verified: row.try_get(5).map_err(pg)?,
        csrf_token: row.try_get(6).map_err(pg)?,
        revoked_at: row.try_get(7).map_err(pg)?,
    })
}

fn token_row(row: &Row) -> StoreResult<ApiToken> {
    Ok(ApiToken {
        id: row.try_get(0).map_err(pg)?,
        user_id: row.try_get(1).map_err(pg)?,
        name: row.try_get(2).map_err(pg)?,
        created_at: row.try_get(3).map_err(pg)?,
        last_used_at: row.try_get(4).map_err(pg)?,
        revoked_at: row.try_get(5).map_err(pg)?,
    })
}

fn count_u32(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl PostgresStore {
    /// Runs `sql` (whose `$1` is `user_id`) and appends `audit`, in one
    /// transaction; no such user is [`StoreError::NotFound`].
    async fn update_user(
        &self,
        user_id: UserId,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        let mut client = self.pool.get().await.map_err(pool)?;
        let tx = client.transaction().await.map_err(pg)?;
        let stmt = tx.prepare_cached(sql).await.map_err(pg)?;
        if tx.execute(&stmt, params).await.map_err(pg)? == 0 {
            return Err(StoreError::NotFound(format!("user {user_id}")));
        }
        append_audit_tx(&tx, audit).await?;
        tx.commit().await.map_err(pg)
    }

    async fn credentials_where(
        &self,
        clause: &str,
        key: &(dyn tokio_postgres::types::ToSql + Sync),
    ) -> StoreResult<Option<Credentials>> {
        let client = self.pool.get().await.map_err(pool)?;
        let stmt = client
            .prepare_cached(&format!(
                "SELECT {USER_COLUMNS}, password_hash, totp_secret, totp_last_step \
                 FROM users WHERE {clause}"
            ))
            .await
            .map_err(pg)?;
        client
            .query_opt(&stmt, &[key])
            .await
            .map_err(pg)?
            .as_ref()
            .map(credentials_row)
            .transpose()
    }
}

/// Fails with `NotFound` unless the user exists.
async fn require_user(tx: &Transaction<'_>, user_id: UserId) -> StoreResult<()> {
    let stmt = tx
        .prepare_cached("SELECT 1 FROM users WHERE id = $1")
        .await
        .map_err(pg)?;
    if tx
        .query_opt(&stmt, &[&user_id])
        .await
        .map_err(pg)?
        .is_some()
    {
        Ok(())
    } else {
        Err(StoreError::NotFound(format!("user {user_id}")))
    }
}

/// Ends every live session and revokes every live API token of a user.
async fn revoke_all(tx: &Transaction<'_>, user_id: UserId, at: DateTime<Utc>) -> StoreResult<()> {
    let sessions = tx
        .prepare_cached(
            "UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL",
        )
        .await
        .map_err(pg)?;
    tx.execute(&sessions, &[&user_id, &at]).await.map_err(pg)?;
    let tokens = tx
        .prepare_cached(
            "UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL",
        )
        .await
        .map_err(pg)?;
    tx.execute(&tokens, &[&user_id, &at]).await.map_err(pg)?;
    Ok(())
}

async fn load_token(client: &impl GenericClient, id: i64) -> StoreResult<Option<ApiToken>> {
    let stmt = client
        .prepare_cached(&format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE id = $1"
        ))
        .await
        .map_err(pg)?;
    client
        .query_opt(&stmt, &[&id])
        .await
        .map_err(pg)?
        .as_ref()
        .map(token_row)
        .transpose()
}

#[async_trait]
impl IdentityStore for PostgresStore {
    async fn credentials_by_username(&self, username: &str) -> StoreResult<Option<Credentials>> {
        self.credentials_where("username = $1", &username).await
    }

    async fn credentials_by_id(&self, id: UserId) -> StoreResult<Option<Credentials>> {
        self.credentials_where("id = $1", &id).await
    }

    async fn user_team_ids(&self, user_id: UserId, at: DateTime<Utc>) -> StoreResult<Vec<TeamId>> {
        let day = at.date_naive();
        let client = self.pool.get().await.map_err(pool)?;
        let stmt = client
            .prepare_cached(
                "SELECT DISTINCT team_id FROM team_memberships \
                 WHERE user_id = $1 AND since <= $2 AND (until IS NULL OR until >= $2) \
                 ORDER BY team_id",
            )
            .await
            .map_err(pg)?;
        client
            .query(&stmt, &[&user_id, &day])
            .await
            .map_err(pg)?
            .iter()
            .map(|r| r.try_get(0).map_err(pg))
            .collect()
    }

    async fn record_login_attempt(
        &self,
        username: &str,
        address: &str,
        success: bool,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        let mut client = self.pool.get().await.map_err(pool)?;
        let tx = client.transaction().await.map_err(pg)?;
        let stmt = tx
            .prepare_cached(
                "INSERT INTO login_attempts (username, address, at, success) VALUES ($1, $2, $3, $4)",
            )
            .await
            .map_err(pg)?;
        tx.execute(&stmt, &[&username, &address, &audit.at, &success])
            .await
            .map_err(pg)?;
        append_audit_tx(&tx, audit).await?;
        tx.commit().await.map_err(pg)
    }

    async fn recent_login_failures(
        &self,
        username: &str,
        address: &str,
        since: DateTime<Utc>,
    ) -> StoreResult<RecentFailures> {
        let client = self.pool.get().await.map_err(pool)?;
        let stmt = client
            .prepare_cached(
                "SELECT \
                 (SELECT COUNT(*) FROM login_attempts WHERE username = $1 AND at >= $3 AND NOT success), \
                 (SELECT COUNT(*) FROM login_attempts WHERE address = $2 AND at >= $3 AND NOT success)",
            )
            .await
            .map_err(pg)?;
        let row = client
            .query_one(&stmt, &[&username, &address, &since])
            .await
            .map_err(pg)?;
        Ok(RecentFailures {
            for_username: count_u32(row.try_get(0).map_err(pg)?),
            from_address: count_u32(row.try_get(1).map_err(pg)?),
        })
    }

    async fn create_session(&self, session: &SessionRecord, audit: &AuditEvent) -> StoreResult<()> {
        let mut client = self.pool.get().await.map_err(pool)?;
        let tx = client.transaction().await.map_err(pg)?;
        let stmt = tx
            .prepare_cached(
                "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, \
                 mfa_verified, csrf_token) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .await
            .map_err(pg)?;
        tx.execute(
            &stmt,
            &[
                &session.token_hash,
                &session.user_id,
                &session.created_at,
                &session.last_seen_at,
                &session.expires_at,
                &session.mfa_verified,
                &session.csrf_token,
            ],
        )
        .await
        .map_err(pg)?;
        append_audit_tx(&tx, audit).await?;
        tx.commit().await.map_err(pg)
    }

    async fn find_session(&self, token_hash: &str) -> StoreResult<Option<SessionRecord>> {
        let client = self.pool.get().await.map_err(pool)?;
        let stmt = client
            .prepare_cached(&format!(
                "SELECT {SESSION_COLUMNS} FROM sessions WHERE token_hash = $1"
            ))
            .await
            .map_err(pg)?;
        client
            .query_opt(&stmt, &[&token_hash])
            .await
            .map_err(pg)?
            .as_ref()
            .map(session_row)
            .transpose()
    }

    async fn touch_session(&self, token_hash: &str, at: DateTime<Utc>) -> StoreResult<()> {
        let client = self.pool.get().await.map_err(pool)?;
        let stmt = client
            .prepare_cached(
                "UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1 AND last_seen_at < $2",
            )
            .await
            .map_err(pg)?;
        client
            .execute(&stmt, &[&token_hash, &at])
            .await
            .map_err(pg)?;
        Ok(())
    }

    async fn revoke_session(
        &self,
        token_hash: &str,
        at: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        let mut client = self.pool.get().await.map_err(pool)?;
        let tx = client.transaction().await.map_err(pg)?;
        let stmt = tx
            .prepare_cached(
                "UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL",
            )
            .await
            .map_err(pg)?;
        tx.execute(&stmt, &[&token_hash, &at]).await.map_err(pg)?;
        append_audit_tx(&tx, audit).await?;
        tx.commit().await.map_err(pg)
    }

    async fn revoke_all_credentials(&self, user_id: UserId, at: DateTime<Utc>) -> StoreResult<()> {
        let mut client = self.pool.get().await.map_err(pool)?;
        let tx = client.transaction().await.map_err(pg)?;
        revoke_all(&tx, user_id, at).await?;
        tx.commit().await.map_err(pg)
    }

    async fn set_totp(
        &self,
        user_id: UserId,
        secret: &str,
        step: i64,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        self.update_user(
            user_id,
            "UPDATE users SET totp_secret = $2, totp_last_step = $3, version = version + 1 \
             WHERE id = $1",
            &[&user_id, &secret, &step],
            audit,
        )
        .await
    }

    async fn use_totp_step(&self, user_id: UserId, step: i64) -> StoreResult<bool> {
        let client = self.pool.get().await.map_err(pool)?;
        let stmt = client
            .prepare_cached(
                "UPDATE users SET totp_last_step = $2 \
                 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)",
            )
            .await
            .map_err(pg)?;
        let changed = client
            .execute(&stmt, &[&user_id, &step])
            .await
            .map_err(pg)?;
        Ok(changed == 1)
    }

    async fn set_password(
        &self,
        user_id: UserId,
        password_hash: &str,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        self.update_user(
            user_id,
            "UPDATE users SET password_hash = $2, password_changed_at = $3, version = version + 1 \
             WHERE id = $1",
            &[&user_id, &password_hash, &audit.at],
            audit,
        )
        .await
    }

    async fn user_language(&self, user_id: UserId) -> StoreResult<Option<String>> {
        let client = self.pool.get().await.map_err(pool)?;
        let stmt = client
            .prepare_cached("SELECT language FROM users WHERE id = $1")
            .await
            .map_err(pg)?;
        let row = client.query_opt(&stmt, &[&user_id]).await.map_err(pg)?;
        match row {
            Some(row) => row.try_get(0).map_err(pg),
            None => Ok(None),
        }
    }

    async fn set_user_language(
        &self,
        user_id: UserId,
        language: Option<&str>,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        let mut client = self.pool.get().await.map_err(pool)?;
        let tx = client.transaction().await.map_err(pg)?;
        let stmt = tx
            .prepare_cached("UPDATE users SET language = $2 WHERE id = $1")
            .await
            .map_err(pg)?;
        if tx
            .execute(&stmt, &[&user_id, &language])
            .await
            .map_err(pg)?
            == 0
        {
            return Err(StoreError::NotFound(format!("user {user_id}")));
        }
        append_audit_tx(&tx, audit).await?;
        tx.commit().await.map_err(pg)
    }

    async fn set_user_active(
        &self,
        user_id: UserId,
        active: bool,
        audit: &AuditEvent,
    ) -> StoreResult<User> {
        let mut client = self.pool.get().await.map_err(pool)?;
        let tx = client.transaction().await.map_err(pg)?;
        let stmt = tx
            .prepare_cached(&format!(
                "UPDATE users SET active = $2, version = version + 1 WHERE id = $1 \
                 RETURNING {USER_COLUMNS}"
            ))
            .await
            .map_err(pg)?;
        let Some(row) = tx
            .query_opt(&stmt, &[&user_id, &active])
            .await
            .map_err(pg)?
        else {
            return Err(StoreError::NotFound(format!("user {user_id}")));
        };
        let user = user_row(&row)?;
        if !active {
            revoke_all(&tx, user_id, audit.at).await?;
        }
        append_audit_tx(&tx, audit).await?;
        tx.commit().await.map_err(pg)?;
        Ok(user)
    }

    async fn create_api_token(
        &self,
        user_id: UserId,
        name: &str,
        token_hash: &str,
        audit: &AuditEvent,
    ) -> StoreResult<ApiToken> {
        let mut client = self.pool.get().await.map_err(pool)?;
        let tx = client.transaction().await.map_err(pg)?;
        require_user(&tx, user_id).await?;
        let stmt = tx
            .prepare_cached(&format!(
                "INSERT INTO api_tokens (user_id, name, token_hash, created_at) \
                 VALUES ($1, $2, $3, $4) RETURNING {TOKEN_COLUMNS}"
            ))
            .await
            .map_err(pg)?;
        let row = tx
            .query_one(&stmt, &[&user_id, &name, &token_hash, &audit.at])
            .await
            .map_err(pg)?;
        let token = token_row(&row)?;
        append_audit_tx(&tx, &with_object_id(audit, token.id)).await?;
        tx.commit().await.map_err(pg)?;
        Ok(token)
    }

    async fn list_api_tokens(&self, user_id: UserId) -> StoreResult<Vec<ApiToken>> {
        let client = self.pool.get().await.map_err(pool)?;
        let stmt = client
            .prepare_cached(&format!(
                "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY id DESC"
            ))
            .await
            .map_err(pg)?;
        client
            .query(&stmt, &[&user_id])
            .await
            .map_err(pg)?
            .iter()
            .map(token_row)
            .collect()
    }

    async fn use_api_token(
        &self,
        token_hash: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<ApiToken>> {
        let client = self.pool.get().await.map_err(pool)?;
        let stmt = client
            .prepare_cached(&format!(
                "UPDATE api_tokens SET last_used_at = $2 \
                 WHERE token_hash = $1 AND revoked_at IS NULL RETURNING {TOKEN_COLUMNS}"
            ))
            .await
            .map_err(pg)?;
        client
            .query_opt(&stmt, &[&token_hash, &at])
            .await
            .map_err(pg)?
            .as_ref()
            .map(token_row)
            .transpose()
    }

    async fn revoke_api_token(
        &self,
        user_id: UserId,
        token_id: i64,
        audit: &AuditEvent,
    ) -> StoreResult<ApiToken> {
        let mut client = self.pool.get().await.map_err(pool)?;
        let tx = client.transaction().await.map_err(pg)?;
        // The row lock makes a concurrent second revocation see the first.
        let lock = tx
            .prepare_cached(
                "SELECT user_id, revoked_at IS NOT NULL FROM api_tokens WHERE id = $1 FOR UPDATE",
            )
            .await
            .map_err(pg)?;
        let row = tx.query_opt(&lock, &[&token_id]).await.map_err(pg)?;
        let Some(row) = row else {
            return Err(StoreError::NotFound(format!("API token {token_id}")));
        };
        let owner: UserId = row.try_get(0).map_err(pg)?;
        if owner != user_id {
            return Err(StoreError::NotFound(format!("API token {token_id}")));
        }
        let revoked: bool = row.try_get(1).map_err(pg)?;
        if revoked {
            return Err(StoreError::Conflict(msg!("token-revoked")));
        }
        let stmt = tx
            .prepare_cached("UPDATE api_tokens SET revoked_at = $2 WHERE id = $1")
            .await
            .map_err(pg)?;
        tx.execute(&stmt, &[&token_id, &audit.at])
            .await
            .map_err(pg)?;
        let token = load_token(&tx, token_id)
            .await?
            .ok_or_else(|| StoreError::Internal("token vanished".into()))?;
        append_audit_tx(&tx, audit).await?;
        tx.commit().await.map_err(pg)?;
        Ok(token)
    }
}
