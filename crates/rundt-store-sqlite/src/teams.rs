//! Teams, their owners and their members.

use rundt_domain::Arg;
use rundt_domain::msg;
use std::collections::HashMap;

use chrono::NaiveDate;
use rundt_domain::audit::AuditEvent;
use rundt_domain::team::{NewTeam, Ownership, Position, Team, TeamId};
use rundt_domain::user::UserId;
use rundt_store::{
    MEMBER_COLUMNS, OWNER_SELECT, StoreError, StoreResult, TEAM_COLUMNS, TeamAt, TeamMember,
    expect_version,
};
use rusqlite::{Connection, params};

use crate::audit;
use crate::convert::{date_text, db_err, is_foreign_key_violation, is_unique_violation, time_text};
use crate::query::{fetch_all, fetch_one, fetch_opt};

pub fn create(tx: &Connection, team: &NewTeam, event: &AuditEvent) -> StoreResult<Team> {
    let inserted = tx.execute(
        "INSERT INTO teams (name, country, programme_model, started_on, version, created_at)
         VALUES (?1, ?2, ?3, ?4, 1, ?5)",
        params![
            team.name,
            team.country.code(),
            team.programme_model,
            date_text(team.started_on),
            time_text(event.at)
        ],
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
    let id = TeamId::new(tx.last_insert_rowid());
    insert_owners(tx, id, &team.owners)?;
    audit::append(tx, &audit::with_object(event, id))?;
    let created = load(tx, id)?.ok_or_else(|| StoreError::Internal("team vanished".into()))?;
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

fn owners_by_team(
    conn: &Connection,
    team_id: Option<TeamId>,
) -> StoreResult<HashMap<TeamId, Vec<Ownership>>> {
    let sql = format!(
        "{OWNER_SELECT} WHERE (?1 IS NULL OR team_id = ?1) ORDER BY team_id, municipality_code"
    );
    let rows: Vec<(TeamId, Ownership)> = fetch_all(conn, &sql, [team_id])?;
    let mut map: HashMap<TeamId, Vec<Ownership>> = HashMap::new();
    for (team, ownership) in rows {
        map.entry(team).or_default().push(ownership);
    }
    Ok(map)
}

pub fn load(conn: &Connection, id: TeamId) -> StoreResult<Option<Team>> {
    let sql = format!("SELECT {TEAM_COLUMNS} FROM teams WHERE id = ?1");
    let Some(mut team) = fetch_opt::<Team>(conn, &sql, [id])? else {
        return Ok(None);
    };
    team.owners = owners_by_team(conn, Some(id))?
        .remove(&id)
        .unwrap_or_default();
    Ok(Some(team))
}

/// The team with its model, its members and its owners' names on `on`, all
/// read on one connection (one hop to the reader pool).
pub fn at(conn: &Connection, id: TeamId, on: NaiveDate) -> StoreResult<Option<TeamAt>> {
    load(conn, id)?
        .map(|team| around(conn, team, on))
        .transpose()
}

/// Every team as [`at`] reads one, in [`list`]'s order.
pub fn all_at(conn: &Connection, on: NaiveDate) -> StoreResult<Vec<TeamAt>> {
    list(conn)?
        .into_iter()
        .map(|team| around(conn, team, on))
        .collect()
}

/// `team` with its model, its members on `on` and its owners' names on `on`.
fn around(conn: &Connection, team: Team, on: NaiveDate) -> StoreResult<TeamAt> {
    let model = crate::reference::get_model(conn, &team.programme_model)?;
    let members = list_members(conn, team.id, on)?;
    let owner_names = team
        .owners
        .iter()
        .map(|o| {
            let found =
                crate::reference::find_municipality(conn, team.country, &o.municipality_code, on)?;
            Ok(found.map(|m| m.name))
        })
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(TeamAt {
        team,
        model,
        members,
        owner_names,
    })
}

pub fn list(conn: &Connection) -> StoreResult<Vec<Team>> {
    let mut owners = owners_by_team(conn, None)?;
    let sql = format!("SELECT {TEAM_COLUMNS} FROM teams ORDER BY country, name");
    let mut teams: Vec<Team> = fetch_all(conn, &sql, [])?;
    for team in &mut teams {
        team.owners = owners.remove(&team.id).unwrap_or_default();
    }
    Ok(teams)
}

pub fn replace_owners(
    tx: &Connection,
    id: TeamId,
    expected_version: i64,
    owners: &[Ownership],
    event: &AuditEvent,
) -> StoreResult<Team> {
    let current: Option<i64> = fetch_opt(tx, "SELECT version FROM teams WHERE id = ?1", [id])?;
    let current = current.ok_or_else(|| StoreError::NotFound(format!("team {id}")))?;
    expect_version(current, expected_version)?;
    tx.execute("DELETE FROM team_owners WHERE team_id = ?1", [id])
        .map_err(db_err)?;
    insert_owners(tx, id, owners)?;
    tx.execute("UPDATE teams SET version = version + 1 WHERE id = ?1", [id])
        .map_err(db_err)?;
    audit::append(tx, event)?;
    let team = load(tx, id)?.ok_or_else(|| StoreError::Internal("team vanished".into()))?;
    Ok(team)
}

fn load_member(conn: &Connection, id: i64) -> StoreResult<Option<TeamMember>> {
    let sql = format!(
        "SELECT {MEMBER_COLUMNS} FROM team_memberships m JOIN users u ON u.id = m.user_id
         WHERE m.id = ?1"
    );
    fetch_opt(conn, &sql, [id])
}

/// The membership just written, as stored.
fn written_member(tx: &Connection, id: i64) -> StoreResult<TeamMember> {
    load_member(tx, id)?.ok_or_else(|| StoreError::Internal("membership vanished".into()))
}

pub fn add_member(
    tx: &Connection,
    team_id: TeamId,
    user_id: UserId,
    position: Position,
    since: NaiveDate,
    event: &AuditEvent,
) -> StoreResult<TeamMember> {
    let team = "SELECT EXISTS (SELECT 1 FROM teams WHERE id = ?1)";
    if !fetch_one::<bool>(tx, team, [team_id])? {
        return Err(StoreError::NotFound(format!("team {team_id}")));
    }
    let name = "SELECT display_name FROM users WHERE id = ?1";
    let Some(name) = fetch_opt::<String>(tx, name, [user_id])? else {
        return Err(StoreError::NotFound(format!("user {user_id}")));
    };
    let open = "SELECT EXISTS (SELECT 1 FROM team_memberships
        WHERE team_id = ?1 AND user_id = ?2 AND position = ?3 AND until IS NULL)";
    if fetch_one::<bool>(tx, open, params![team_id, user_id, position.as_str()])? {
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
    audit::append(tx, &audit::with_object(event, id))?;
    written_member(tx, id)
}

pub fn end_member(
    tx: &Connection,
    team_id: TeamId,
    id: i64,
    until: NaiveDate,
    event: &AuditEvent,
) -> StoreResult<TeamMember> {
    let Some(member) = load_member(tx, id)?.filter(|m| m.team_id == team_id) else {
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
    audit::append(tx, event)?;
    written_member(tx, id)
}

pub fn members_between(
    conn: &Connection,
    team_id: TeamId,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<TeamMember>> {
    let sql = format!(
        "SELECT {MEMBER_COLUMNS} FROM team_memberships m JOIN users u ON u.id = m.user_id
         WHERE m.team_id = ?1 AND m.since <= ?3 AND (m.until IS NULL OR m.until >= ?2)
         ORDER BY m.position, u.display_name, m.id"
    );
    fetch_all(conn, &sql, params![team_id, date_text(from), date_text(to)])
}

pub fn list_members(
    conn: &Connection,
    team_id: TeamId,
    on: NaiveDate,
) -> StoreResult<Vec<TeamMember>> {
    let sql = format!(
        "SELECT {MEMBER_COLUMNS} FROM team_memberships m JOIN users u ON u.id = m.user_id
         WHERE m.team_id = ?1 AND m.since <= ?2 AND (m.until IS NULL OR m.until >= ?2)
         ORDER BY m.position, u.display_name, m.id"
    );
    fetch_all(conn, &sql, params![team_id, date_text(on)])
}
