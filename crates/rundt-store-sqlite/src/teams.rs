//! Teams, their owners and their members.

use rundt_domain::Arg;
use rundt_domain::msg;
use std::collections::HashMap;

use chrono::NaiveDate;
use rundt_domain::audit::AuditEvent;
use rundt_domain::team::{NewTeam, Ownership, Position, Team, TeamId};
use rundt_domain::user::UserId;
use rundt_store::{StoreError, StoreResult, TeamMember, expect_version};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::audit;
use crate::convert::{
    columns, date_text, db_err, is_foreign_key_violation, is_unique_violation, parse_date,
    parse_enum, time_text,
};

pub fn create(conn: &mut Connection, team: &NewTeam, event: &AuditEvent) -> StoreResult<Team> {
    let tx = conn.transaction().map_err(db_err)?;
    let inserted = tx.execute(
        "INSERT INTO teams (name, country, programme_model, version, created_at) VALUES (?1, ?2, ?3, 1, ?4)",
        params![team.name, team.country.code(), team.programme_model, time_text(event.at)],
    );
    match inserted {
        Err(e) if is_unique_violation(&e) => {
            return Err(StoreError::Conflict(msg!(
                "team-name-taken",
                name = &team.name,
                country = Arg::word(team.country.to_string())
            )));
        }
        Err(e) if is_foreign_key_violation(&e) => {
            return Err(StoreError::Conflict(msg!(
                "programme-model-unknown",
                given = &team.programme_model
            )));
        }
        other => {
            other.map_err(db_err)?;
        }
    }
    let id = tx.last_insert_rowid();
    insert_owners(&tx, id, &team.owners)?;
    audit::append(&tx, &audit::with_object(event, id))?;
    let created = load(&tx, id)?.ok_or_else(|| StoreError::Internal("team vanished".into()))?;
    tx.commit().map_err(db_err)?;
    Ok(created)
}

fn insert_owners(conn: &Connection, team_id: TeamId, owners: &[Ownership]) -> StoreResult<()> {
    let mut stmt = conn
        .prepare(
            "INSERT INTO team_owners (team_id, municipality_code, share_bp) VALUES (?1, ?2, ?3)",
        )
        .map_err(db_err)?;
    for o in owners {
        stmt.execute(params![team_id, o.municipality_code, o.share_bp])
            .map_err(|e| {
                if is_unique_violation(&e) {
                    StoreError::Conflict(msg!("owner-listed-twice", code = &o.municipality_code))
                } else {
                    db_err(e)
                }
            })?;
    }
    Ok(())
}

type TeamRow = (i64, String, String, String, i64);

fn team_row(r: &Row<'_>) -> rusqlite::Result<TeamRow> {
    columns(r)
}

fn team_from(row: TeamRow, owners: Vec<Ownership>) -> StoreResult<Team> {
    let (id, name, country, programme_model, version) = row;
    Ok(Team {
        id,
        name,
        country: parse_enum(&country, "country")?,
        programme_model,
        owners,
        version,
    })
}

fn owners_by_team(
    conn: &Connection,
    team_id: Option<TeamId>,
) -> StoreResult<HashMap<TeamId, Vec<Ownership>>> {
    let mut stmt = conn
        .prepare(
            "SELECT team_id, municipality_code, share_bp FROM team_owners
             WHERE (?1 IS NULL OR team_id = ?1) ORDER BY team_id, municipality_code",
        )
        .map_err(db_err)?;
    let rows = stmt
        .query_map([team_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u32>(2)?,
            ))
        })
        .map_err(db_err)?;
    let mut map: HashMap<TeamId, Vec<Ownership>> = HashMap::new();
    for row in rows {
        let (team, code, share_bp) = row.map_err(db_err)?;
        map.entry(team).or_default().push(Ownership {
            municipality_code: code,
            share_bp,
        });
    }
    Ok(map)
}

pub fn load(conn: &Connection, id: TeamId) -> StoreResult<Option<Team>> {
    let row = conn
        .query_row(
            "SELECT id, name, country, programme_model, version FROM teams WHERE id = ?1",
            [id],
            team_row,
        )
        .optional()
        .map_err(db_err)?;
    let Some(row) = row else { return Ok(None) };
    let owners = owners_by_team(conn, Some(id))?
        .remove(&id)
        .unwrap_or_default();
    team_from(row, owners).map(Some)
}

pub fn list(conn: &Connection) -> StoreResult<Vec<Team>> {
    let mut owners = owners_by_team(conn, None)?;
    let mut stmt = conn
        .prepare(
            "SELECT id, name, country, programme_model, version FROM teams ORDER BY country, name",
        )
        .map_err(db_err)?;
    let rows = stmt.query_map([], team_row).map_err(db_err)?;
    rows.map(|r| {
        let row = r.map_err(db_err)?;
        let o = owners.remove(&row.0).unwrap_or_default();
        team_from(row, o)
    })
    .collect()
}

pub fn replace_owners(
    conn: &mut Connection,
    id: TeamId,
    expected_version: i64,
    owners: &[Ownership],
    event: &AuditEvent,
) -> StoreResult<Team> {
    let tx = conn.transaction().map_err(db_err)?;
    let current: Option<i64> = tx
        .query_row("SELECT version FROM teams WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()
        .map_err(db_err)?;
    let current = current.ok_or_else(|| StoreError::NotFound(format!("team {id}")))?;
    expect_version(current, expected_version)?;
    tx.execute("DELETE FROM team_owners WHERE team_id = ?1", [id])
        .map_err(db_err)?;
    insert_owners(&tx, id, owners)?;
    tx.execute("UPDATE teams SET version = version + 1 WHERE id = ?1", [id])
        .map_err(db_err)?;
    audit::append(&tx, event)?;
    let team = load(&tx, id)?.ok_or_else(|| StoreError::Internal("team vanished".into()))?;
    tx.commit().map_err(db_err)?;
    Ok(team)
}

const MEMBER_SELECT: &str =
    "SELECT m.id, m.team_id, m.user_id, u.display_name, m.position, m.since, m.until
    FROM team_memberships m JOIN users u ON u.id = m.user_id";

type MemberRow = (i64, i64, i64, String, String, String, Option<String>);

fn member_row(r: &Row<'_>) -> rusqlite::Result<MemberRow> {
    columns(r)
}

fn member_from(row: MemberRow) -> StoreResult<TeamMember> {
    let (id, team_id, user_id, display_name, position, since, until) = row;
    Ok(TeamMember {
        id,
        team_id,
        user_id,
        display_name,
        position: parse_enum(&position, "position")?,
        since: parse_date(&since)?,
        until: until.as_deref().map(parse_date).transpose()?,
    })
}

fn load_member(conn: &Connection, id: i64) -> StoreResult<Option<TeamMember>> {
    conn.query_row(
        &format!("{MEMBER_SELECT} WHERE m.id = ?1"),
        [id],
        member_row,
    )
    .optional()
    .map_err(db_err)?
    .map(member_from)
    .transpose()
}

pub fn add_member(
    conn: &mut Connection,
    team_id: TeamId,
    user_id: UserId,
    position: Position,
    since: NaiveDate,
    event: &AuditEvent,
) -> StoreResult<TeamMember> {
    let tx = conn.transaction().map_err(db_err)?;
    let team_exists: bool = tx
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM teams WHERE id = ?1)",
            [team_id],
            |r| r.get(0),
        )
        .map_err(db_err)?;
    if !team_exists {
        return Err(StoreError::NotFound(format!("team {team_id}")));
    }
    let name: Option<String> = tx
        .query_row(
            "SELECT display_name FROM users WHERE id = ?1",
            [user_id],
            |r| r.get(0),
        )
        .optional()
        .map_err(db_err)?;
    let Some(name) = name else {
        return Err(StoreError::NotFound(format!("user {user_id}")));
    };
    let open: bool = tx
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM team_memberships
                WHERE team_id = ?1 AND user_id = ?2 AND position = ?3 AND until IS NULL)",
            params![team_id, user_id, position.as_str()],
            |r| r.get(0),
        )
        .map_err(db_err)?;
    if open {
        return Err(StoreError::Conflict(msg!(
            "already-in-position",
            name = name,
            position = Arg::word(position.as_str())
        )));
    }
    tx.execute(
        "INSERT INTO team_memberships (team_id, user_id, position, since) VALUES (?1, ?2, ?3, ?4)",
        params![team_id, user_id, position.as_str(), date_text(since)],
    )
    .map_err(db_err)?;
    let id = tx.last_insert_rowid();
    audit::append(&tx, &audit::with_object(event, id))?;
    let member =
        load_member(&tx, id)?.ok_or_else(|| StoreError::Internal("membership vanished".into()))?;
    tx.commit().map_err(db_err)?;
    Ok(member)
}

pub fn end_member(
    conn: &mut Connection,
    team_id: TeamId,
    id: i64,
    until: NaiveDate,
    event: &AuditEvent,
) -> StoreResult<TeamMember> {
    let tx = conn.transaction().map_err(db_err)?;
    let Some(member) = load_member(&tx, id)?.filter(|m| m.team_id == team_id) else {
        return Err(StoreError::NotFound(format!("team membership {id}")));
    };
    if member.until.is_some() {
        return Err(StoreError::Conflict(msg!("membership-ended")));
    }
    if until < member.since {
        return Err(StoreError::Conflict(msg!("membership-end-before-start")));
    }
    tx.execute(
        "UPDATE team_memberships SET until = ?2 WHERE id = ?1",
        params![id, date_text(until)],
    )
    .map_err(db_err)?;
    audit::append(&tx, event)?;
    let member =
        load_member(&tx, id)?.ok_or_else(|| StoreError::Internal("membership vanished".into()))?;
    tx.commit().map_err(db_err)?;
    Ok(member)
}

pub fn list_members(
    conn: &Connection,
    team_id: TeamId,
    on: NaiveDate,
) -> StoreResult<Vec<TeamMember>> {
    let mut stmt = conn
        .prepare(&format!(
            "{MEMBER_SELECT} WHERE m.team_id = ?1 AND m.since <= ?2 AND (m.until IS NULL OR m.until >= ?2)
             ORDER BY m.position, u.display_name, m.id"
        ))
        .map_err(db_err)?;
    let rows = stmt
        .query_map(params![team_id, date_text(on)], member_row)
        .map_err(db_err)?;
    rows.map(|r| member_from(r.map_err(db_err)?)).collect()
}
