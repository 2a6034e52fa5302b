//! Single sign-on's storage. Semantics mirror the SQLite backend: a login
//! begun is taken once (`UPDATE … WHERE used_at IS NULL RETURNING`, so two
//! app servers given the same answer cannot both take it).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rundt_domain::audit::AuditEvent;
use rundt_domain::id::UserId;
use rundt_store::{
    LINKED_IDENTITY_COLUMNS, LinkedIdentity, PENDING_OIDC_LOGIN_COLUMNS, PendingOidcLogin,
    SsoStore, StoreResult,
};

use crate::PostgresStore;
use crate::audit::append_audit_tx;
use crate::query::{client, execute, fetch_all, fetch_opt, transaction};

#[async_trait]
impl SsoStore for PostgresStore {
    async fn begin_oidc_login(
        &self,
        login: &PendingOidcLogin,
        forget_before: DateTime<Utc>,
    ) -> StoreResult<()> {
        transaction(&self.pool, async |tx| {
            execute(
                tx,
                "DELETE FROM oidc_logins WHERE created_at < $1",
                &[&forget_before],
            )
            .await?;
            execute(
                tx,
                "INSERT INTO oidc_logins (state_hash, browser_hash, provider, sealed, created_at) \
                 VALUES ($1, $2, $3, $4, $5)",
                &[
                    &login.state_hash,
                    &login.browser_hash,
                    &login.provider,
                    &login.sealed,
                    &login.created_at,
                ],
            )
            .await?;
            Ok(())
        })
        .await
    }

    async fn take_oidc_login(
        &self,
        state_hash: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<PendingOidcLogin>> {
        fetch_opt(
            &client(&self.pool).await?,
            &format!(
                "UPDATE oidc_logins SET used_at = $2 WHERE state_hash = $1 AND used_at IS NULL \
                 RETURNING {PENDING_OIDC_LOGIN_COLUMNS}"
            ),
            &[&state_hash, &at],
        )
        .await
    }

    async fn user_for_identity(&self, issuer: &str, subject: &str) -> StoreResult<Option<UserId>> {
        fetch_opt(
            &client(&self.pool).await?,
            "SELECT user_id FROM user_identities WHERE issuer = $1 AND subject = $2",
            &[&issuer, &subject],
        )
        .await
    }

    async fn identities_of(&self, user: UserId) -> StoreResult<Vec<LinkedIdentity>> {
        fetch_all(
            &client(&self.pool).await?,
            &format!(
                "SELECT {LINKED_IDENTITY_COLUMNS} FROM user_identities WHERE user_id = $1 \
                 ORDER BY linked_at, issuer, subject"
            ),
            &[&user],
        )
        .await
    }

    async fn link_identity(
        &self,
        identity: &LinkedIdentity,
        audit: &AuditEvent,
    ) -> StoreResult<bool> {
        transaction(&self.pool, async |tx| {
            let added = execute(
                tx,
                "INSERT INTO user_identities (issuer, subject, provider, user_id, linked_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (issuer, subject) DO NOTHING",
                &[
                    &identity.issuer,
                    &identity.subject,
                    &identity.provider,
                    &identity.user_id,
                    &identity.linked_at,
                ],
            )
            .await?;
            if added == 0 {
                return Ok(false);
            }
            append_audit_tx(tx, audit).await?;
            Ok(true)
        })
        .await
    }

    async fn unlink_identity(
        &self,
        user: UserId,
        issuer: &str,
        subject: &str,
        audit: &AuditEvent,
    ) -> StoreResult<bool> {
        transaction(&self.pool, async |tx| {
            let removed = execute(
                tx,
                "DELETE FROM user_identities WHERE user_id = $1 AND issuer = $2 AND subject = $3",
                &[&user, &issuer, &subject],
            )
            .await?;
            if removed == 0 {
                return Ok(false);
            }
            append_audit_tx(tx, audit).await?;
            Ok(true)
        })
        .await
    }
}
