//! User accounts.

use deadpool_postgres::{Pool, Transaction};
use rundt_domain::audit::AuditEvent;
use rundt_domain::msg;
use rundt_domain::user::{NewUser, User, UserId};
use rundt_store::{NewMembership, StoreError, StoreResult, TeamMember, USER_COLUMNS};

use crate::audit::{append_audit_tx, with_object_id};
use crate::error::pg;
use crate::query::{client, fetch_all, fetch_opt, read, transaction, unique_or};

pub(crate) async fn create_user(
    pool_: &Pool,
    user: &NewUser,
    password_hash: &str,
    audit: &AuditEvent,
) -> StoreResult<User> {
    transaction(pool_, async |tx| {
        insert_user(tx, user, password_hash, audit).await
    })
    .await
}

/// A new account and its first team membership in one transaction, with
/// both audit events: a refused membership leaves no account behind.
pub(crate) async fn create_user_in_team(
    pool_: &Pool,
    user: &NewUser,
    password_hash: &str,
    membership: &NewMembership,
    user_audit: &AuditEvent,
    member_audit: &AuditEvent,
) -> StoreResult<(User, TeamMember)> {
    transaction(pool_, async |tx| {
        let created = insert_user(tx, user, password_hash, user_audit).await?;
        let member = crate::members::insert_member(
            tx,
            membership.team_id,
            created.id,
            membership.position,
            membership.since,
            member_audit,
        )
        .await?;
        Ok((created, member))
    })
    .await
}

/// Inserts an account and appends its audit event, inside `tx`.
async fn insert_user(
    tx: &Transaction<'_>,
    user: &NewUser,
    password_hash: &str,
    audit: &AuditEvent,
) -> StoreResult<User> {
    let stmt = tx
        .prepare_cached(&format!(
            "INSERT INTO users (username, display_name, email, role, country, municipality_code, \
             password_hash, active, version, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, TRUE, 1, $8) RETURNING {USER_COLUMNS}"
        ))
        .await
        .map_err(pg)?;
    let row = tx
        .query_one(
            &stmt,
            &[
                &user.username,
                &user.display_name,
                &user.email,
                &user.role.as_str(),
                &user.country.code(),
                &user.municipality_code,
                &password_hash,
                &audit.at,
            ],
        )
        .await
        .map_err(|e| {
            unique_or(e, || {
                StoreError::Conflict(msg!("username-taken", username = &user.username))
            })
        })?;
    let created: User = read(&row)?;
    append_audit_tx(tx, &with_object_id(audit, created.id)).await?;
    Ok(created)
}

pub(crate) async fn get_user(pool_: &Pool, id: UserId) -> StoreResult<Option<User>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
    fetch_opt(&client(pool_).await?, &sql, &[&id]).await
}

pub(crate) async fn find_user_by_username(
    pool_: &Pool,
    username: &str,
) -> StoreResult<Option<User>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE username = $1");
    fetch_opt(&client(pool_).await?, &sql, &[&username]).await
}

pub(crate) async fn users_by_ids(pool_: &Pool, ids: &[UserId]) -> StoreResult<Vec<User>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = ANY($1)");
    fetch_all(&client(pool_).await?, &sql, &[&ids]).await
}

pub(crate) async fn list_users(pool_: &Pool) -> StoreResult<Vec<User>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users ORDER BY username COLLATE \"C\"");
    fetch_all(&client(pool_).await?, &sql, &[]).await
}
