//! User accounts.

use rundt_domain::audit::AuditEvent;
use rundt_domain::msg;
use rundt_domain::user::{NewUser, User, UserId};
use rundt_store::{StoreError, StoreResult};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::audit;
use crate::convert::{columns, db_err, is_unique_violation, parse_enum, time_text};

pub const SELECT: &str = "SELECT id, username, display_name, email, role, country, municipality_code, active, version FROM users";

pub type UserRow = (
    i64,
    String,
    String,
    Option<String>,
    String,
    String,
    Option<String>,
    bool,
    i64,
);

pub fn user_row(r: &Row<'_>) -> rusqlite::Result<UserRow> {
    columns(r)
}

pub fn user_from(row: UserRow) -> StoreResult<User> {
    let (id, username, display_name, email, role, country, municipality_code, active, version) =
        row;
    Ok(User {
        id,
        username,
        display_name,
        email,
        role: parse_enum(&role, "role")?,
        country: parse_enum(&country, "country")?,
        municipality_code,
        active,
        version,
    })
}

pub fn create(
    conn: &mut Connection,
    user: &NewUser,
    password_hash: &str,
    event: &AuditEvent,
) -> StoreResult<User> {
    let tx = conn.transaction().map_err(db_err)?;
    let inserted = tx.execute(
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
    );
    match inserted {
        Err(e) if is_unique_violation(&e) => {
            return Err(StoreError::Conflict(msg!(
                "username-taken",
                username = &user.username
            )));
        }
        other => {
            other.map_err(db_err)?;
        }
    }
    let id = tx.last_insert_rowid();
    audit::append(&tx, &audit::with_object(event, id))?;
    let created = get(&tx, id)?.ok_or_else(|| StoreError::Internal("user vanished".into()))?;
    tx.commit().map_err(db_err)?;
    Ok(created)
}

pub fn get(conn: &Connection, id: UserId) -> StoreResult<Option<User>> {
    conn.query_row(&format!("{SELECT} WHERE id = ?1"), [id], user_row)
        .optional()
        .map_err(db_err)?
        .map(user_from)
        .transpose()
}

pub fn by_username(conn: &Connection, username: &str) -> StoreResult<Option<User>> {
    conn.query_row(
        &format!("{SELECT} WHERE username = ?1"),
        [username],
        user_row,
    )
    .optional()
    .map_err(db_err)?
    .map(user_from)
    .transpose()
}

pub fn list(conn: &Connection) -> StoreResult<Vec<User>> {
    let mut stmt = conn
        .prepare(&format!("{SELECT} ORDER BY username"))
        .map_err(db_err)?;
    let rows = stmt.query_map([], user_row).map_err(db_err)?;
    rows.map(|r| user_from(r.map_err(db_err)?)).collect()
}
