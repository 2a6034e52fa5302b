//! Team memberships: who holds which position in a team, over which period.

use chrono::NaiveDate;
use deadpool_postgres::{Pool, Transaction};
use rundt_domain::Arg;
use rundt_domain::audit::AuditEvent;
use rundt_domain::msg;
use rundt_domain::team::{Position, TeamId};
use rundt_domain::user::UserId;
use rundt_store::{MEMBER_COLUMNS, StoreError, StoreResult, TeamMember};

use crate::audit::{append_audit_tx, with_object_id};
use crate::query::{client, execute, exists, fetch_all, fetch_one, fetch_opt, transaction};

pub(crate) async fn add_team_member(
    pool_: &Pool,
    team_id: TeamId,
    user_id: UserId,
    position: Position,
    since: NaiveDate,
    audit: &AuditEvent,
) -> StoreResult<TeamMember> {
    transaction(pool_, async |tx| {
        insert_member(tx, team_id, user_id, position, since, audit).await
    })
    .await
}

/// Adds a membership and appends its audit event, inside `tx`.
pub(crate) async fn insert_member(
    tx: &Transaction<'_>,
    team_id: TeamId,
    user_id: UserId,
    position: Position,
    since: NaiveDate,
    audit: &AuditEvent,
) -> StoreResult<TeamMember> {
    // Locking the team row serialises membership changes of one team, so two
    // concurrent adds of the same person cannot both pass the check below.
    let team = "SELECT 1 FROM teams WHERE id = $1 FOR NO KEY UPDATE";
    if !exists(tx, team, &[&team_id]).await? {
        return Err(StoreError::NotFound(format!("team {team_id}")));
    }
    let Some(display_name) = fetch_opt::<String>(
        tx,
        "SELECT display_name FROM users WHERE id = $1",
        &[&user_id],
    )
    .await?
    else {
        return Err(StoreError::NotFound(format!("user {user_id}")));
    };
    let open = "SELECT 1 FROM team_memberships \
         WHERE team_id = $1 AND user_id = $2 AND position = $3 AND until IS NULL LIMIT 1";
    if exists(tx, open, &[&team_id, &user_id, &position.as_str()]).await? {
        return Err(StoreError::Conflict(msg!(
            "already-in-position",
            name = display_name,
            position = Arg::word(position.as_str())
        )));
    }
    let id: i64 = fetch_one(
        tx,
        "INSERT INTO team_memberships (team_id, user_id, position, since) \
         VALUES ($1, $2, $3, $4) RETURNING id",
        &[&team_id, &user_id, &position.as_str(), &since],
    )
    .await?;
    append_audit_tx(tx, &with_object_id(audit, id)).await?;
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
    transaction(pool_, async |tx| {
        let select = format!(
            "SELECT {MEMBER_COLUMNS} FROM team_memberships m JOIN users u ON u.id = m.user_id \
             WHERE m.id = $1 AND m.team_id = $2 FOR UPDATE OF m"
        );
        let Some(mut member) =
            fetch_opt::<TeamMember>(tx, &select, &[&membership_id, &team_id]).await?
        else {
            return Err(StoreError::NotFound(format!(
                "team membership {membership_id}"
            )));
        };
        if member.until.is_some() {
            return Err(StoreError::Conflict(msg!("membership-ended")));
        }
        if until < member.since {
            return Err(StoreError::Conflict(msg!("membership-end-before-start")));
        }
        execute(
            tx,
            "UPDATE team_memberships SET until = $2 WHERE id = $1",
            &[&membership_id, &until],
        )
        .await?;
        append_audit_tx(tx, audit).await?;
        member.until = Some(until);
        Ok(member)
    })
    .await
}

pub(crate) async fn team_members_between(
    pool_: &Pool,
    team_id: TeamId,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<TeamMember>> {
    let sql = format!(
        "SELECT {MEMBER_COLUMNS} FROM team_memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.team_id = $1 AND m.since <= $3 AND (m.until IS NULL OR m.until >= $2) \
         ORDER BY m.position COLLATE \"C\", u.display_name COLLATE \"C\", m.id"
    );
    fetch_all(&client(pool_).await?, &sql, &[&team_id, &from, &to]).await
}

/// Team `$1`'s memberships current on day `$2`, by position then name.
pub(crate) fn members_on_day_sql() -> String {
    format!(
        "SELECT {MEMBER_COLUMNS} FROM team_memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.team_id = $1 AND m.since <= $2 AND (m.until IS NULL OR m.until >= $2) \
         ORDER BY m.position COLLATE \"C\", u.display_name COLLATE \"C\", m.id"
    )
}

/// Every team's memberships current on day `$1`, by team and then as
/// [`members_on_day_sql`] orders one team's.
pub(crate) fn all_members_on_day_sql() -> String {
    format!(
        "SELECT {MEMBER_COLUMNS} FROM team_memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.since <= $1 AND (m.until IS NULL OR m.until >= $1) \
         ORDER BY m.team_id, m.position COLLATE \"C\", u.display_name COLLATE \"C\", m.id"
    )
}

pub(crate) async fn list_team_members(
    pool_: &Pool,
    team_id: TeamId,
    on: NaiveDate,
) -> StoreResult<Vec<TeamMember>> {
    let sql = members_on_day_sql();
    fetch_all(&client(pool_).await?, &sql, &[&team_id, &on]).await
}
