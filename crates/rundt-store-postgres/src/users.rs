//! User accounts.

use deadpool_postgres::Pool;
use rundt_domain::audit::AuditEvent;
use rundt_domain::msg;
use rundt_domain::user::{NewUser, User, UserId};
use rundt_store::{StoreError, StoreResult};
use tokio_postgres::Row;
use tokio_postgres::error::SqlState;

use crate::audit::{append_audit_tx, with_object_id};
use crate::error::{parse_col, pg, pool, violates};

pub(crate) const USER_COLUMNS: &str =
    "id, username, display_name, email, role, country, municipality_code, active, version";

pub(crate) fn user_row(row: &Row) -> StoreResult<User> {
    let role: String = row.try_get(4).map_err(pg)?;
    let country: String = row.try_get(5).map_err(pg)?;
    Ok(User {
        id: row.try_get(0).map_err(pg)?,
        username: row.try_get(1).map_err(pg)?,
        display_name: row.try_get(2).map_err(pg)?,
        email: row.try_get(3).map_err(pg)?,
        role: parse_col("users.role", &role)?,
        country: parse_col("users.country", &country)?,
        municipality_code: row.try_get(6).map_err(pg)?,
        active: row.try_get(7).map_err(pg)?,
        version: row.try_get(8).map_err(pg)?,
    })
}

pub(crate) async fn create_user(
    pool_: &Pool,
    user: &NewUser,
    password_hash: &str,
    audit: &AuditEvent,
) -> StoreResult<User> {
    let mut client = pool_.get().await.map_err(pool)?;
    let tx = client.transaction().await.map_err(pg)?;
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
            if violates(&e, &SqlState::UNIQUE_VIOLATION, None) {
                StoreError::Conflict(msg!("username-taken", username = &user.username))
            } else {
                pg(e)
            }
        })?;
    let created = user_row(&row)?;
    append_audit_tx(&tx, &with_object_id(audit, created.id)).await?;
    tx.commit().await.map_err(pg)?;
    Ok(created)
}

pub(crate) async fn get_user(pool_: &Pool, id: UserId) -> StoreResult<Option<User>> {
    let client = pool_.get().await.map_err(pool)?;
    let stmt = client
        .prepare_cached(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
        .await
        .map_err(pg)?;
    client
        .query_opt(&stmt, &[&id])
        .await
        .map_err(pg)?
        .as_ref()
        .map(user_row)
        .transpose()
}

pub(crate) async fn find_user_by_username(
    pool_: &Pool,
    username: &str,
) -> StoreResult<Option<User>> {
    let client = pool_.get().await.map_err(pool)?;
    let stmt = client
        .prepare_cached(&format!(
            "SELECT {USER_COLUMNS} FROM users WHERE username = $1"
        ))
        .await
        .map_err(pg)?;
    client
        .query_opt(&stmt, &[&username])
        .await
        .map_err(pg)?
        .as_ref()
        .map(user_row)
        .transpose()
}

pub(crate) async fn list_users(pool_: &Pool) -> StoreResult<Vec<User>> {
    let client = pool_.get().await.map_err(pool)?;
    let stmt = client
        .prepare_cached(&format!(
            "SELECT {USER_COLUMNS} FROM users ORDER BY username COLLATE \"C\""
        ))
        .await
        .map_err(pg)?;
    client
        .query(&stmt, &[])
        .await
        .map_err(pg)?
        .iter()
        .map(user_row)
        .collect()
}
