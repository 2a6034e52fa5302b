//! Credentials, sessions, API tokens and login attempts.
//!
//! Semantics mirror the SQLite backend: every write that takes an audit
//! event appends it, as its last statement, in the same transaction.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use deadpool_postgres::{GenericClient, Transaction};
use rundt_domain::api_token::TokenScope;
use rundt_domain::audit::AuditEvent;
use rundt_domain::msg;
use rundt_domain::team::TeamId;
use rundt_domain::user::{User, UserId};
use rundt_store::row::FromRow;
use rundt_store::{
    ApiToken, CREDENTIAL_COLUMNS, Credentials, IdentityStore, RecentFailures, SESSION_COLUMNS,
    SessionHolder, SessionRecord, StoreError, StoreResult, TOKEN_COLUMNS, TokenHolder,
    USER_COLUMNS,
};

use crate::PostgresStore;
use crate::audit::{append_audit_tx, with_object_id};
use crate::query::{Params, client, execute, exists, fetch_all, fetch_one, fetch_opt, transaction};

impl PostgresStore {
    /// Runs one statement and appends `audit`, in one transaction. With
    /// `user`, a statement that changes no row means that user is not
    /// there: [`StoreError::NotFound`], and nothing is written.
    async fn write_with_audit(
        &self,
        sql: &str,
        params: Params<'_>,
        audit: &AuditEvent,
        user: Option<UserId>,
    ) -> StoreResult<()> {
        transaction(&self.pool, async |tx| {
            let changed = execute(tx, sql, params).await?;
            if let Some(user_id) = user
                && changed == 0
            {
                return Err(StoreError::NotFound(format!("user {user_id}")));
            }
            append_audit_tx(tx, audit).await?;
            Ok(())
        })
        .await
    }

    async fn credentials_where(
        &self,
        clause: &str,
        key: &(dyn tokio_postgres::types::ToSql + Sync),
    ) -> StoreResult<Option<Credentials>> {
        let sql = format!("SELECT {CREDENTIAL_COLUMNS} FROM users WHERE {clause}");
        fetch_opt(&client(&self.pool).await?, &sql, &[key]).await
    }
}

/// Fails with `NotFound` unless the user exists.
async fn require_user(tx: &Transaction<'_>, user_id: UserId) -> StoreResult<()> {
    if exists(tx, "SELECT 1 FROM users WHERE id = $1", &[&user_id]).await? {
        Ok(())
    } else {
        Err(StoreError::NotFound(format!("user {user_id}")))
    }
}

/// Ends every live session and revokes every live API token of a user.
async fn revoke_all(tx: &Transaction<'_>, user_id: UserId, at: DateTime<Utc>) -> StoreResult<()> {
    for table in ["sessions", "api_tokens"] {
        let sql =
            format!("UPDATE {table} SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL");
        execute(tx, &sql, &[&user_id, &at]).await?;
    }
    Ok(())
}

async fn load_token(client: &impl GenericClient, id: i64) -> StoreResult<Option<ApiToken>> {
    let sql = format!("SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE id = $1");
    fetch_opt(client, &sql, &[&id]).await
}

/// The teams of the user `user` names (`$1`, or a subquery on `$1`) on the
/// day `$2`, each once.
fn teams_on_day_sql(user: &str) -> String {
    format!(
        "SELECT DISTINCT team_id FROM team_memberships \
         WHERE user_id = {user} AND since <= $2 AND (until IS NULL OR until >= $2) \
         ORDER BY team_id"
    )
}

/// A credential (`held`: its columns and `table WHERE …` finding it by
/// `$1`, the token's hash), its holder's account (`account` columns of
/// `users`) and the holder's teams on `at`'s date, on one pooled
/// connection. The account and the teams are found through the hash rather
/// than the user's id, so the three statements go to the server in one
/// round trip (tokio-postgres pipelines the statements of one connection).
/// Each sees its own snapshot: a credential revoked between them reads as
/// no credential at all. `None` unless both the credential and the account
/// are found.
async fn holder_reads<C: FromRow, A: FromRow>(
    pool_: &deadpool_postgres::Pool,
    (columns, held): (&str, &str),
    account: &str,
    token_hash: &str,
    at: DateTime<Utc>,
) -> StoreResult<Option<(C, A, Vec<TeamId>)>> {
    let day = at.date_naive();
    let holder = format!("(SELECT user_id FROM {held})");
    let credential_sql = format!("SELECT {columns} FROM {held}");
    let account_sql = format!("SELECT {account} FROM users WHERE id = {holder}");
    let teams_sql = teams_on_day_sql(&holder);
    let (by_hash, with_day): (Params<'_>, Params<'_>) = (&[&token_hash], &[&token_hash, &day]);
    let client = client(pool_).await?;
    let (credential, account, team_ids) = tokio::try_join!(
        fetch_opt(&client, &credential_sql, by_hash),
        fetch_opt(&client, &account_sql, by_hash),
        fetch_all(&client, &teams_sql, with_day),
    )?;
    Ok(credential
        .zip(account)
        .map(|(credential, account)| (credential, account, team_ids)))
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
        let sql = teams_on_day_sql("$1");
        fetch_all(&client(&self.pool).await?, &sql, &[&user_id, &day]).await
    }

    async fn record_login_attempt(
        &self,
        username: &str,
        address: &str,
        success: bool,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        self.write_with_audit(
            "INSERT INTO login_attempts (username, address, at, success) VALUES ($1, $2, $3, $4)",
            &[&username, &address, &audit.at, &success],
            audit,
            None,
        )
        .await
    }

    async fn recent_login_failures(
        &self,
        username: &str,
        address: &str,
        since: DateTime<Utc>,
    ) -> StoreResult<RecentFailures> {
        let sql = "SELECT \
             (SELECT COUNT(*) FROM login_attempts WHERE username = $1 AND at >= $3 AND NOT success), \
             (SELECT COUNT(*) FROM login_attempts WHERE address = $2 AND at >= $3 AND NOT success)";
        let params: Params<'_> = &[&username, &address, &since];
        let (for_username, from_address) =
            fetch_one(&client(&self.pool).await?, sql, params).await?;
        Ok(RecentFailures {
            for_username,
            from_address,
        })
    }

    async fn create_session(&self, session: &SessionRecord, audit: &AuditEvent) -> StoreResult<()> {
        self.write_with_audit(
            "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, \
             mfa_verified, csrf_token) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[
                &session.token_hash,
                &session.user_id,
                &session.created_at,
                &session.last_seen_at,
                &session.expires_at,
                &session.mfa_verified,
                &session.csrf_token,
            ],
            audit,
            None,
        )
        .await
    }

    async fn find_session(&self, token_hash: &str) -> StoreResult<Option<SessionRecord>> {
        let sql = format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE token_hash = $1");
        fetch_opt(&client(&self.pool).await?, &sql, &[&token_hash]).await
    }

    async fn session_holder(
        &self,
        token_hash: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<SessionHolder>> {
        let found = holder_reads(
            &self.pool,
            (SESSION_COLUMNS, "sessions WHERE token_hash = $1"),
            CREDENTIAL_COLUMNS,
            token_hash,
            at,
        )
        .await?;
        Ok(found.map(|(session, credentials, team_ids)| SessionHolder {
            session,
            credentials,
            team_ids,
        }))
    }

    async fn touch_session(&self, token_hash: &str, at: DateTime<Utc>) -> StoreResult<()> {
        let sql =
            "UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1 AND last_seen_at < $2";
        execute(&client(&self.pool).await?, sql, &[&token_hash, &at]).await?;
        Ok(())
    }

    async fn revoke_session(
        &self,
        token_hash: &str,
        at: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        self.write_with_audit(
            "UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL",
            &[&token_hash, &at],
            audit,
            None,
        )
        .await
    }

    async fn revoke_all_credentials(&self, user_id: UserId, at: DateTime<Utc>) -> StoreResult<()> {
        transaction(&self.pool, async |tx| {
            revoke_all(tx, user_id, at).await?;
            Ok(())
        })
        .await
    }

    async fn set_totp(
        &self,
        user_id: UserId,
        secret: &str,
        step: i64,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        self.write_with_audit(
            "UPDATE users SET totp_secret = $2, totp_last_step = $3, version = version + 1 \
             WHERE id = $1",
            &[&user_id, &secret, &step],
            audit,
            Some(user_id),
        )
        .await
    }

    async fn use_totp_step(&self, user_id: UserId, step: i64) -> StoreResult<bool> {
        let sql = "UPDATE users SET totp_last_step = $2 \
             WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)";
        Ok(execute(&client(&self.pool).await?, sql, &[&user_id, &step]).await? == 1)
    }

    async fn set_password(
        &self,
        user_id: UserId,
        password_hash: &str,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        self.write_with_audit(
            "UPDATE users SET password_hash = $2, password_changed_at = $3, version = version + 1 \
             WHERE id = $1",
            &[&user_id, &password_hash, &audit.at],
            audit,
            Some(user_id),
        )
        .await
    }

    async fn user_language(&self, user_id: UserId) -> StoreResult<Option<String>> {
        let sql = "SELECT language FROM users WHERE id = $1";
        let language: Option<Option<String>> =
            fetch_opt(&client(&self.pool).await?, sql, &[&user_id]).await?;
        Ok(language.flatten())
    }

    async fn set_user_language(
        &self,
        user_id: UserId,
        language: Option<&str>,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        self.write_with_audit(
            "UPDATE users SET language = $2 WHERE id = $1",
            &[&user_id, &language],
            audit,
            Some(user_id),
        )
        .await
    }

    async fn set_user_active(
        &self,
        user_id: UserId,
        active: bool,
        audit: &AuditEvent,
    ) -> StoreResult<User> {
        transaction(&self.pool, async |tx| {
            let sql = format!(
                "UPDATE users SET active = $2, version = version + 1 WHERE id = $1 \
                 RETURNING {USER_COLUMNS}"
            );
            let Some(user) = fetch_opt::<User>(tx, &sql, &[&user_id, &active]).await? else {
                return Err(StoreError::NotFound(format!("user {user_id}")));
            };
            if !active {
                revoke_all(tx, user_id, audit.at).await?;
            }
            append_audit_tx(tx, audit).await?;
            Ok(user)
        })
        .await
    }

    async fn create_api_token(
        &self,
        user_id: UserId,
        name: &str,
        token_hash: &str,
        scope: TokenScope,
        expires_at: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> StoreResult<ApiToken> {
        transaction(&self.pool, async |tx| {
            require_user(tx, user_id).await?;
            let sql = format!(
                "INSERT INTO api_tokens (user_id, name, token_hash, created_at, scope, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING {TOKEN_COLUMNS}"
            );
            let token: ApiToken = fetch_one(
                tx,
                &sql,
                &[&user_id, &name, &token_hash, &audit.at, &scope, &expires_at],
            )
            .await?;
            append_audit_tx(tx, &with_object_id(audit, token.id)).await?;
            Ok(token)
        })
        .await
    }

    async fn list_api_tokens(&self, user_id: UserId) -> StoreResult<Vec<ApiToken>> {
        let sql =
            format!("SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY id DESC");
        fetch_all(&client(&self.pool).await?, &sql, &[&user_id]).await
    }

    async fn api_token_holder(
        &self,
        token_hash: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<TokenHolder>> {
        let live = "api_tokens WHERE token_hash = $1 AND revoked_at IS NULL";
        let found = holder_reads(
            &self.pool,
            (TOKEN_COLUMNS, live),
            USER_COLUMNS,
            token_hash,
            at,
        )
        .await?;
        Ok(found.map(|(token, user, team_ids)| TokenHolder {
            token,
            user,
            team_ids,
        }))
    }

    async fn mark_api_token_used(&self, token_id: i64, at: DateTime<Utc>) -> StoreResult<()> {
        // Never moves the time back: two app servers may mark one token.
        let sql = "UPDATE api_tokens SET last_used_at = $2 \
                   WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2)";
        execute(&client(&self.pool).await?, sql, &[&token_id, &at]).await?;
        Ok(())
    }

    async fn revoke_api_token(
        &self,
        user_id: UserId,
        token_id: i64,
        audit: &AuditEvent,
    ) -> StoreResult<ApiToken> {
        transaction(&self.pool, async |tx| {
            // The row lock makes a concurrent second revocation see the first.
            let lock =
                "SELECT user_id, revoked_at IS NOT NULL FROM api_tokens WHERE id = $1 FOR UPDATE";
            let found: Option<(UserId, bool)> = fetch_opt(tx, lock, &[&token_id]).await?;
            let Some((_, revoked)) = found.filter(|(owner, _)| *owner == user_id) else {
                return Err(StoreError::NotFound(format!("API token {token_id}")));
            };
            if revoked {
                return Err(StoreError::Conflict(msg!("token-revoked")));
            }
            let revoke = "UPDATE api_tokens SET revoked_at = $2 WHERE id = $1";
            execute(tx, revoke, &[&token_id, &audit.at]).await?;
            let token = load_token(tx, token_id)
                .await?
                .ok_or_else(|| StoreError::Internal("token vanished".into()))?;
            append_audit_tx(tx, audit).await?;
            Ok(token)
        })
        .await
    }
}
