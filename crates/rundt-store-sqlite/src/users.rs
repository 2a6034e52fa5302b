//! User accounts.

use rundt_domain::audit::AuditEvent;
use rundt_domain::msg;
use rundt_domain::user::{NewUser, User, UserId};
use rundt_store::{NewMembership, StoreError, StoreResult, TeamMember, USER_COLUMNS};
use rusqlite::{Connection, params};

use crate::audit;
use crate::convert::{id_list, time_text};
use crate::query::{execute_unique, fetch_all, fetch_opt};

pub fn create(
    tx: &Connection,
    user: &NewUser,
    password_hash: &str,
    event: &AuditEvent,
) -> StoreResult<User> {
    execute_unique(
        tx,
        "INSERT INTO users (username, display_name, email, role, country, municipality_code,
            password_hash, active, version, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, 1, ?8)",
        params![
            user.username,
            user.display_name,
            user.email,
            user.role.as_str(),
            user.country.code(),
            user.municipality_code,
            password_hash,
            time_text(event.at)
        ],
        || StoreError::Conflict(msg!("username-taken", username = &user.username)),
    )?;
    let id = UserId::new(tx.last_insert_rowid());
    audit::append(tx, &audit::with_object(event, id))?;
    let created = get(tx, id)?.ok_or_else(|| StoreError::Internal("user vanished".into()))?;
    Ok(created)
}

/// A new account and its first team membership: both writes and both audit
/// events run in the writer's one transaction, so a refused membership
/// leaves no account behind.
pub fn create_in_team(
    tx: &Connection,
    user: &NewUser,
    password_hash: &str,
    membership: &NewMembership,
    user_event: &AuditEvent,
    member_event: &AuditEvent,
) -> StoreResult<(User, TeamMember)> {
    let created = create(tx, user, password_hash, user_event)?;
    let member = crate::teams::add_member(
        tx,
        membership.team_id,
        created.id,
        membership.position,
        membership.since,
        member_event,
    )?;
    Ok((created, member))
}

pub fn get(conn: &Connection, id: UserId) -> StoreResult<Option<User>> {
    fetch_opt(
        conn,
        &format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1"),
        [id],
    )
}

pub fn by_username(conn: &Connection, username: &str) -> StoreResult<Option<User>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE username = ?1");
    fetch_opt(conn, &sql, [username])
}

pub fn by_ids(conn: &Connection, ids: &[UserId]) -> StoreResult<Vec<User>> {
    let sql = format!(
        "SELECT {USER_COLUMNS} FROM users WHERE id IN (SELECT value FROM json_each('[' || ?1 || ']'))"
    );
    fetch_all(conn, &sql, [id_list(ids)])
}

pub fn list(conn: &Connection) -> StoreResult<Vec<User>> {
    fetch_all(
        conn,
        &format!("SELECT {USER_COLUMNS} FROM users ORDER BY username"),
        [],
    )
}
