//! Team memberships: who holds which position in a team, over which period.

use chrono::NaiveDate;
use deadpool_postgres::Pool;
use rundt_domain::Arg;
use rundt_domain::audit::AuditEvent;
use rundt_domain::msg;
use rundt_domain::team::{Position, TeamId};
use rundt_domain::user::UserId;
use rundt_store::{StoreError, StoreResult, TeamMember};
use tokio_postgres::Row;

use crate::audit::{append_audit_tx, with_object_id};
use crate::error::{parse_col, pg, pool};

const MEMBER_COLUMNS: &str =
    "m.id, m.team_id, m.user_id, u.display_name, m.position, m.since, m.until";

fn member_row(row: &Row) -> StoreResult<TeamMember> {
    let position: String = row.try_get(4).map_err(pg)?;
    Ok(TeamMember {
        id: row.try_get(0).map_err(pg)?,
        team_id: row.try_get(1).map_err(pg)?,
        user_id: row.try_get(2).map_err(pg)?,
        display_name: row.try_get(3).map_err(pg)?,
        position: parse_col("team_memberships.position", &position)?,
        since: row.try_get(5).map_err(pg)?,
        until: row.try_get(6).map_err(pg)?,
    })
}

pub(crate) async fn add_team_member(
    pool_: &Pool,
    team_id: TeamId,
    user_id: UserId,
    position: Position,
    since: NaiveDate,
    audit: &AuditEvent,
) -> StoreResult<TeamMember> {
    let mut client = pool_.get().await.map_err(pool)?;
    let tx = client.transaction().await.map_err(pg)?;
    // Locking the team row serialises membership changes of one team, so two
    // concurrent adds of the same person cannot both pass the check below.
    let team = tx
        .prepare_cached("SELECT 1 FROM teams WHERE id = $1 FOR NO KEY UPDATE")
        .await
        .map_err(pg)?;
    if tx
        .query_opt(&team, &[&team_id])
        .await
        .map_err(pg)?
        .is_none()
    {
        return Err(StoreError::NotFound(format!("team {team_id}")));
    }
    let user = tx
        .prepare_cached("SELECT display_name FROM users WHERE id = $1")
        .await
        .map_err(pg)?;
    let Some(row) = tx.query_opt(&user, &[&user_id]).await.map_err(pg)? else {
        return Err(StoreError::NotFound(format!("user {user_id}")));
    };
    let display_name: String = row.try_get(0).map_err(pg)?;
    let open = tx
        .prepare_cached(
            "SELECT 1 FROM team_memberships \
             WHERE team_id = $1 AND user_id = $2 AND position = $3 AND until IS NULL LIMIT 1",
        )
        .await
        .map_err(pg)?;
    if tx
        .query_opt(&open, &[&team_id, &user_id, &position.as_str()])
        .await
        .map_err(pg)?
        .is_some()
    {
        return Err(StoreError::Conflict(msg!(
            "already-in-position",
            name = display_name,
            position = Arg::word(position.as_str())
        )));
    }
    let insert = tx
        .prepare_cached(
            "INSERT INTO team_memberships (team_id, user_id, position, since) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .await
        .map_err(pg)?;
    let row = tx
        .query_one(&insert, &[&team_id, &user_id, &position.as_str(), &since])
        .await
        .map_err(pg)?;
    let id: i64 = row.try_get(0).map_err(pg)?;
    append_audit_tx(&tx, &with_object_id(audit, id)).await?;
    tx.commit().await.map_err(pg)?;
    Ok(TeamMember {
        id,
        team_id,
        user_id,
        display_name,
        position,
        since,
        until: None,
    })
}

pub(crate) async fn end_team_membership(
    pool_: &Pool,
    team_id: TeamId,
    membership_id: i64,
    until: NaiveDate,
    audit: &AuditEvent,
) -> StoreResult<TeamMember> {
    let mut client = pool_.get().await.map_err(pool)?;
    let tx = client.transaction().await.map_err(pg)?;
    let select = tx
        .prepare_cached(&format!(
            "SELECT {MEMBER_COLUMNS} FROM team_memberships m JOIN users u ON u.id = m.user_id \
             WHERE m.id = $1 AND m.team_id = $2 FOR UPDATE OF m"
        ))
        .await
        .map_err(pg)?;
    let Some(row) = tx
        .query_opt(&select, &[&membership_id, &team_id])
        .await
        .map_err(pg)?
    else {
        return Err(StoreError::NotFound(format!(
            "team membership {membership_id}"
        )));
    };
    let mut member = member_row(&row)?;
    if member.until.is_some() {
        return Err(StoreError::Conflict(msg!("membership-ended")));
    }
    if until < member.since {
        return Err(StoreError::Conflict(msg!("membership-end-before-start")));
    }
    let update = tx
        .prepare_cached("UPDATE team_memberships SET until = $2 WHERE id = $1")
        .await
        .map_err(pg)?;
    tx.execute(&update, &[&membership_id, &until])
        .await
        .map_err(pg)?;
    append_audit_tx(&tx, audit).await?;
    tx.commit().await.map_err(pg)?;
    member.until = Some(until);
    Ok(member)
}

pub(crate) async fn list_team_members(
    pool_: &Pool,
    team_id: TeamId,
    on: NaiveDate,
) -> StoreResult<Vec<TeamMember>> {
    let client = pool_.get().await.map_err(pool)?;
    let stmt = client
        .prepare_cached(&format!(
            "SELECT {MEMBER_COLUMNS} FROM team_memberships m JOIN users u ON u.id = m.user_id \
             WHERE m.team_id = $1 AND m.since <= $2 AND (m.until IS NULL OR m.until >= $2) \
             ORDER BY m.position COLLATE \"C\", u.display_name COLLATE \"C\", m.id"
        ))
        .await
        .map_err(pg)?;
    client
        .query(&stmt, &[&team_id, &on])
        .await
        .map_err(pg)?
        .iter()
        .map(member_row)
        .collect()
}
