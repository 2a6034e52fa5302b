//! Teams and the municipalities that own them.

use rundt_domain::Arg;
use rundt_domain::msg;
use std::collections::HashMap;

use chrono::NaiveDate;
use deadpool_postgres::{GenericClient, Pool, Transaction};
use rundt_domain::audit::AuditEvent;
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::programme::ProgrammeModel;
use rundt_domain::team::{NewTeam, Ownership, Team, TeamId};
use rundt_store::{
    MODEL_COLUMNS, OWNER_SELECT, StoreError, StoreResult, TEAM_COLUMNS, TeamAt, TeamMember,
    expect_version,
};
use tokio_postgres::error::SqlState;

use crate::audit::{append_audit_tx, with_object_id};
use crate::error::{pg, violates};
use crate::query::{Params, client, execute, fetch_all, fetch_opt, snapshot, transaction};

/// Owners of the given teams (all teams when `ids` is `None`), each list
/// ordered by municipality code.
pub(crate) async fn owners_of(
    client: &impl GenericClient,
    ids: Option<&[TeamId]>,
) -> StoreResult<HashMap<TeamId, Vec<Ownership>>> {
    let order = "ORDER BY team_id, municipality_code COLLATE \"C\"";
    let rows: Vec<(TeamId, Ownership)> = match ids {
        Some(ids) => {
            let sql = format!("{OWNER_SELECT} WHERE team_id = ANY($1) {order}");
            fetch_all(client, &sql, &[&ids]).await?
        }
        None => fetch_all(client, &format!("{OWNER_SELECT} {order}"), &[]).await?,
    };
    let mut out: HashMap<TeamId, Vec<Ownership>> = HashMap::new();
    for (team_id, ownership) in rows {
        out.entry(team_id).or_default().push(ownership);
    }
    Ok(out)
}

async fn insert_owners(
    tx: &Transaction<'_>,
    team_id: TeamId,
    owners: &[Ownership],
) -> StoreResult<()> {
    // Checked here so the message can name the municipality.
    for (i, o) in owners.iter().enumerate() {
        if owners[..i]
            .iter()
            .any(|earlier| earlier.municipality_code == o.municipality_code)
        {
            return Err(StoreError::Conflict(msg!(
                "owner-listed-twice",
                code = &o.municipality_code
            )));
        }
    }
    let codes: Vec<&str> = owners
        .iter()
        .map(|o| o.municipality_code.as_str())
        .collect();
    let shares = owners
        .iter()
        .map(|o| {
            i32::try_from(o.share_bp).map_err(|_| {
                StoreError::Conflict(msg!("share-bp-out-of-range", share = o.share_bp))
            })
        })
        .collect::<StoreResult<Vec<i32>>>()?;
    let stmt = tx
        .prepare_cached(
            "INSERT INTO team_owners (team_id, municipality_code, share_bp) \
             SELECT $1, code, share FROM UNNEST($2::text[], $3::int4[]) AS o (code, share)",
        )
        .await
        .map_err(pg)?;
    tx.execute(&stmt, &[&team_id, &codes, &shares])
        .await
        .map_err(|e| {
            if violates(&e, &SqlState::UNIQUE_VIOLATION, None) {
                StoreError::Conflict(msg!("owner-listed-twice-unnamed"))
            } else if violates(&e, &SqlState::CHECK_VIOLATION, None) {
                StoreError::Conflict(msg!("share-out-of-range-unnamed"))
            } else {
                pg(e)
            }
        })?;
    Ok(())
}

fn sorted(mut owners: Vec<Ownership>) -> Vec<Ownership> {
    owners.sort_by(|a, b| a.municipality_code.cmp(&b.municipality_code));
    owners
}

pub(crate) async fn create_team(
    pool_: &Pool,
    team: &NewTeam,
    audit: &AuditEvent,
) -> StoreResult<Team> {
    transaction(pool_, async |tx| insert_team(tx, team, audit).await).await
}

/// Creates a team with its owners and appends its audit event, in `tx`
/// (`create_team`'s transaction, or an approval's that completes a
/// feasibility study).
pub(crate) async fn insert_team(
    tx: &Transaction<'_>,
    team: &NewTeam,
    audit: &AuditEvent,
) -> StoreResult<Team> {
    let stmt = tx
        .prepare_cached(
            "INSERT INTO teams (name, country, programme_model, started_on, version, created_at) \
             VALUES ($1, $2, $3, $4, 1, $5) RETURNING id",
        )
        .await
        .map_err(pg)?;
    let row = tx
        .query_one(
            &stmt,
            &[
                &team.name,
                &team.country.code(),
                &team.programme_model,
                &team.started_on,
                &audit.at,
            ],
        )
        .await
        .map_err(|e| {
            if violates(&e, &SqlState::UNIQUE_VIOLATION, None) {
                StoreError::Conflict(msg!(
                    "team-name-taken",
                    name = &team.name,
                    country = Arg::word(team.country.to_string())
                ))
            } else if violates(&e, &SqlState::FOREIGN_KEY_VIOLATION, None) {
                StoreError::Conflict(msg!(
                    "programme-model-unknown",
                    given = &team.programme_model
                ))
            } else {
                pg(e)
            }
        })?;
    let id = TeamId::new(row.try_get(0).map_err(pg)?);
    insert_owners(tx, id, &team.owners).await?;
    append_audit_tx(tx, &with_object_id(audit, id)).await?;
    Ok(Team {
        id,
        name: team.name.clone(),
        country: team.country,
        programme_model: team.programme_model.clone(),
        owners: sorted(team.owners.clone()),
        started_on: team.started_on,
        closed_on: None,
        version: 1,
    })
}

pub(crate) async fn get_team(pool_: &Pool, id: TeamId) -> StoreResult<Option<Team>> {
    let client = client(pool_).await?;
    let sql = format!("SELECT {TEAM_COLUMNS} FROM teams WHERE id = $1");
    let Some(mut team) = fetch_opt::<Team>(&client, &sql, &[&id]).await? else {
        return Ok(None);
    };
    team.owners = owners_of(&client, Some(&[id]))
        .await?
        .remove(&id)
        .unwrap_or_default();
    Ok(Some(team))
}

/// The team with its model, its members and its owners' names on `on`: four
/// statements found by the team's id, pipelined on one connection (one
/// round trip). Each reads its own snapshot, as the separate calls this
/// replaces did.
pub(crate) async fn team_at(
    pool_: &Pool,
    id: TeamId,
    on: NaiveDate,
) -> StoreResult<Option<TeamAt>> {
    let team_sql = format!("SELECT {TEAM_COLUMNS} FROM teams WHERE id = $1");
    let model_sql = format!(
        "SELECT {MODEL_COLUMNS} FROM programme_models \
         WHERE code = (SELECT programme_model FROM teams WHERE id = $1)"
    );
    let owners_sql = "SELECT o.municipality_code, o.share_bp, \
           (SELECT m.name FROM municipalities m \
             WHERE m.country = t.country AND m.code = o.municipality_code \
               AND m.valid_from <= $2 AND (m.valid_to IS NULL OR m.valid_to >= $2) \
             ORDER BY m.valid_from DESC LIMIT 1) \
         FROM team_owners o JOIN teams t ON t.id = o.team_id \
         WHERE o.team_id = $1 ORDER BY o.municipality_code COLLATE \"C\"";
    let members_sql = crate::members::members_on_day_sql();
    let (by_id, with_day): (Params<'_>, Params<'_>) = (&[&id], &[&id, &on]);
    let client = client(pool_).await?;
    let (team, model, owners, members) = tokio::try_join!(
        fetch_opt::<Team>(&client, &team_sql, by_id),
        fetch_opt(&client, &model_sql, by_id),
        fetch_all::<(MunicipalityCode, u32, Option<String>)>(&client, owners_sql, with_day),
        fetch_all(&client, &members_sql, with_day),
    )?;
    Ok(team.map(|mut team| {
        let (owners, owner_names) = owners
            .into_iter()
            .map(|(municipality_code, share_bp, name)| {
                let owner = Ownership {
                    municipality_code,
                    share_bp,
                };
                (owner, name)
            })
            .unzip();
        team.owners = owners;
        TeamAt {
            team,
            model,
            members,
            owner_names,
        }
    }))
}

/// Every team as [`team_at`] reads one, in [`list_teams`]' order: four
/// statements for all of them, in one snapshot.
pub(crate) async fn teams_at(pool_: &Pool, on: NaiveDate) -> StoreResult<Vec<TeamAt>> {
    let teams_sql = format!(
        "SELECT {TEAM_COLUMNS} FROM teams ORDER BY country COLLATE \"C\", name COLLATE \"C\", id"
    );
    let models_sql = format!("SELECT {MODEL_COLUMNS} FROM programme_models");
    let owners_sql = "SELECT o.team_id, o.municipality_code, o.share_bp, \
           (SELECT m.name FROM municipalities m \
             WHERE m.country = t.country AND m.code = o.municipality_code \
               AND m.valid_from <= $1 AND (m.valid_to IS NULL OR m.valid_to >= $1) \
             ORDER BY m.valid_from DESC LIMIT 1) \
         FROM team_owners o JOIN teams t ON t.id = o.team_id \
         ORDER BY o.team_id, o.municipality_code COLLATE \"C\"";
    let members_sql = crate::members::all_members_on_day_sql();
    let with_day: Params<'_> = &[&on];
    let mut client = client(pool_).await?;
    let tx = snapshot(&mut client).await?;
    let (teams, models, owners, members) = tokio::try_join!(
        fetch_all::<Team>(&tx, &teams_sql, &[]),
        fetch_all::<ProgrammeModel>(&tx, &models_sql, &[]),
        fetch_all::<(TeamId, MunicipalityCode, u32, Option<String>)>(&tx, owners_sql, with_day),
        fetch_all::<TeamMember>(&tx, &members_sql, with_day),
    )?;
    tx.commit().await.map_err(pg)?;
    let mut owners_by_team: HashMap<TeamId, (Vec<Ownership>, Vec<Option<String>>)> = HashMap::new();
    for (team_id, municipality_code, share_bp, name) in owners {
        let (owners, names) = owners_by_team.entry(team_id).or_default();
        owners.push(Ownership {
            municipality_code,
            share_bp,
        });
        names.push(name);
    }
    let mut members_by_team: HashMap<TeamId, Vec<TeamMember>> = HashMap::new();
    for member in members {
        members_by_team
            .entry(member.team_id)
            .or_default()
            .push(member);
    }
    Ok(teams
        .into_iter()
        .map(|mut team| {
            let (owners, owner_names) = owners_by_team.remove(&team.id).unwrap_or_default();
            team.owners = owners;
            TeamAt {
                model: models
                    .iter()
                    .find(|m| m.code == team.programme_model)
                    .cloned(),
                members: members_by_team.remove(&team.id).unwrap_or_default(),
                owner_names,
                team,
            }
        })
        .collect())
}

pub(crate) async fn list_teams(pool_: &Pool) -> StoreResult<Vec<Team>> {
    let mut client = client(pool_).await?;
    // One snapshot for teams and owners.
    let tx = snapshot(&mut client).await?;
    let sql = format!(
        "SELECT {TEAM_COLUMNS} FROM teams ORDER BY country COLLATE \"C\", name COLLATE \"C\", id"
    );
    let mut teams: Vec<Team> = fetch_all(&tx, &sql, &[]).await?;
    let mut owners = owners_of(&tx, None).await?;
    tx.commit().await.map_err(pg)?;
    for team in &mut teams {
        team.owners = owners.remove(&team.id).unwrap_or_default();
    }
    Ok(teams)
}

pub(crate) async fn replace_team_owners(
    pool_: &Pool,
    id: TeamId,
    expected_version: i64,
    owners: &[Ownership],
    audit: &AuditEvent,
) -> StoreResult<Team> {
    transaction(pool_, async |tx| {
        let lock = "SELECT version FROM teams WHERE id = $1 FOR UPDATE";
        let Some(current) = fetch_opt(tx, lock, &[&id]).await? else {
            return Err(StoreError::NotFound(format!("team {id}")));
        };
        expect_version(current, expected_version)?;
        execute(tx, "DELETE FROM team_owners WHERE team_id = $1", &[&id]).await?;
        insert_owners(tx, id, owners).await?;
        let bump = format!(
            "UPDATE teams SET version = version + 1 WHERE id = $1 RETURNING {TEAM_COLUMNS}"
        );
        let mut team: Team = crate::query::fetch_one(tx, &bump, &[&id]).await?;
        team.owners = sorted(owners.to_vec());
        append_audit_tx(tx, audit).await?;
        Ok(team)
    })
    .await
}
