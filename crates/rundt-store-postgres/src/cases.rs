//! People, families' cases and break-glass grants.
//!
//! Semantics mirror the SQLite backend. Audit events are appended after the
//! transaction's other statements (see [`crate::audit`]).

use rundt_domain::msg;
use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use deadpool_postgres::{GenericClient, Transaction};
use rundt_domain::audit::AuditEvent;
use rundt_domain::country::Country;
use rundt_domain::team::TeamId;
use rundt_domain::user::UserId;
use rundt_store::{
    BreakGlassGrant, CaseFilter, CaseRecord, CaseStore, NewCase, NewPerson, Participant,
    ParticipantRole, Person, StoreError, StoreResult, StoredAuditEvent,
};
use tokio_postgres::Row;
use tokio_postgres::error::SqlState;

use crate::PostgresStore;
use crate::audit::{append_audit_tx, person_events, with_object_id};
use crate::error::{parse_col, pg, pool, violates};

const PERSON_COLUMNS: &str =
    "p.id, p.country, p.given_name, p.family_name, p.birth_date, p.national_id_sealed";

const CASE_COLUMNS: &str = "c.id, c.country, c.team_id, c.therapist_id, c.referring_municipality, \
     c.status, c.created_at, c.version, c.referred_on, c.treatment_start, c.discharged_on";

const GRANT_SELECT: &str = "SELECT g.id, g.case_id, c.team_id, g.user_id, u.display_name, g.reason, \
     g.granted_at, g.expires_at \
     FROM break_glass_grants g JOIN cases c ON c.id = g.case_id JOIN users u ON u.id = g.user_id";

fn person_row(row: &Row) -> StoreResult<Person> {
    let country: String = row.try_get(1).map_err(pg)?;
    Ok(Person {
        id: row.try_get(0).map_err(pg)?,
        country: parse_col("persons.country", &country)?,
        given_name: row.try_get(2).map_err(pg)?,
        family_name: row.try_get(3).map_err(pg)?,
        birth_date: row.try_get(4).map_err(pg)?,
        national_id_sealed: row.try_get(5).map_err(pg)?,
    })
}

/// A case row without payers or participants.
fn case_row(row: &Row) -> StoreResult<CaseRecord> {
    let country: String = row.try_get(1).map_err(pg)?;
    Ok(CaseRecord {
        id: row.try_get(0).map_err(pg)?,
        country: parse_col("cases.country", &country)?,
        team_id: row.try_get(2).map_err(pg)?,
        therapist_id: row.try_get(3).map_err(pg)?,
        referring_municipality: row.try_get(4).map_err(pg)?,
        paying_municipalities: Vec::new(),
        status: row.try_get(5).map_err(pg)?,
        created_at: row.try_get(6).map_err(pg)?,
        version: row.try_get(7).map_err(pg)?,
        referred_on: row.try_get(8).map_err(pg)?,
        treatment_start: row.try_get(9).map_err(pg)?,
        discharged_on: row.try_get(10).map_err(pg)?,
        participants: Vec::new(),
    })
}

fn grant_row(row: &Row) -> StoreResult<BreakGlassGrant> {
    Ok(BreakGlassGrant {
        id: row.try_get(0).map_err(pg)?,
        case_id: row.try_get(1).map_err(pg)?,
        team_id: row.try_get(2).map_err(pg)?,
        user_id: row.try_get(3).map_err(pg)?,
        user_name: row.try_get(4).map_err(pg)?,
        reason: row.try_get(5).map_err(pg)?,
        granted_at: row.try_get(6).map_err(pg)?,
        expires_at: row.try_get(7).map_err(pg)?,
    })
}

/// Paying municipalities of the given cases, each list ordered by code.
async fn payers_of(
    client: &impl GenericClient,
    case_ids: &[i64],
) -> StoreResult<HashMap<i64, Vec<String>>> {
    let stmt = client
        .prepare_cached(
            "SELECT case_id, municipality_code FROM case_payers WHERE case_id = ANY($1) \
             ORDER BY case_id, municipality_code COLLATE \"C\"",
        )
        .await
        .map_err(pg)?;
    let mut out: HashMap<i64, Vec<String>> = HashMap::new();
    for row in client.query(&stmt, &[&case_ids]).await.map_err(pg)? {
        out.entry(row.try_get(0).map_err(pg)?)
            .or_default()
            .push(row.try_get(1).map_err(pg)?);
    }
    Ok(out)
}

/// The people in a case: young persons before caregivers, then by id.
async fn participants(client: &impl GenericClient, case_id: i64) -> StoreResult<Vec<Participant>> {
    let stmt = client
        .prepare_cached(&format!(
            "SELECT {PERSON_COLUMNS}, cp.role FROM case_participants cp \
             JOIN persons p ON p.id = cp.person_id \
             WHERE cp.case_id = $1 ORDER BY cp.role COLLATE \"C\" DESC, p.id"
        ))
        .await
        .map_err(pg)?;
    client
        .query(&stmt, &[&case_id])
        .await
        .map_err(pg)?
        .iter()
        .map(|row| {
            let role: String = row.try_get(6).map_err(pg)?;
            let role = ParticipantRole::parse(&role).ok_or_else(|| {
                StoreError::Internal(format!(
                    "bad value in column case_participants.role: '{role}'"
                ))
            })?;
            Ok(Participant {
                person: person_row(row)?,
                role,
            })
        })
        .collect()
}

pub(crate) async fn load_case(
    client: &impl GenericClient,
    id: i64,
    with_people: bool,
) -> StoreResult<Option<CaseRecord>> {
    let stmt = client
        .prepare_cached(&format!(
            "SELECT {CASE_COLUMNS} FROM cases c WHERE c.id = $1"
        ))
        .await
        .map_err(pg)?;
    let Some(row) = client.query_opt(&stmt, &[&id]).await.map_err(pg)? else {
        return Ok(None);
    };
    let mut case = case_row(&row)?;
    case.paying_municipalities = payers_of(client, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    if with_people {
        case.participants = participants(client, id).await?;
    }
    Ok(Some(case))
}

/// The id of the person with this national identifier, stored first when
/// there is none yet. People without an identifier are always new.
async fn person_id_for(
    tx: &Transaction<'_>,
    person: &NewPerson,
    at: DateTime<Utc>,
) -> StoreResult<i64> {
    let country = person.country.code();
    let find = tx
        .prepare_cached("SELECT id FROM persons WHERE country = $1 AND national_id_index = $2")
        .await
        .map_err(pg)?;
    if let Some(index) = &person.national_id_index
        && let Some(row) = tx.query_opt(&find, &[&country, index]).await.map_err(pg)?
    {
        return row.try_get(0).map_err(pg);
    }
    // The advisory lock already serialises this; ON CONFLICT is a second
    // line of defence should a person be stored some other way.
    let insert = tx
        .prepare_cached(
            "INSERT INTO persons (country, given_name, family_name, birth_date, \
             national_id_sealed, national_id_index, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (country, national_id_index) DO NOTHING RETURNING id",
        )
        .await
        .map_err(pg)?;
    let inserted = tx
        .query_opt(
            &insert,
            &[
                &country,
                &person.given_name,
                &person.family_name,
                &person.birth_date,
                &person.national_id_sealed,
                &person.national_id_index,
                &at,
            ],
        )
        .await
        .map_err(pg)?;
    if let Some(row) = inserted {
        return row.try_get(0).map_err(pg);
    }
    let row = tx
        .query_one(&find, &[&country, &person.national_id_index])
        .await
        .map_err(pg)?;
    row.try_get(0).map_err(pg)
}

/// Takes a transaction-scoped advisory lock per national identifier, in a
/// fixed order, before any person is looked up or stored. Two families
/// registered at once that share people then queue instead of deadlocking
/// on each other's uncommitted person rows; unrelated families (and people
/// without an identifier) do not wait.
async fn lock_national_ids(
    tx: &Transaction<'_>,
    participants: &[(NewPerson, ParticipantRole)],
) -> StoreResult<()> {
    let keys: Vec<String> = participants
        .iter()
        .filter_map(|(p, _)| {
            p.national_id_index
                .as_ref()
                .map(|i| format!("rundt.person:{}:{i}", p.country.code()))
        })
        .collect();
    if keys.is_empty() {
        return Ok(());
    }
    let stmt = tx
        .prepare_cached(
            "SELECT DISTINCT hashtextextended(k, 0) AS h FROM UNNEST($1::text[]) AS t (k) ORDER BY h",
        )
        .await
        .map_err(pg)?;
    let lock = tx
        .prepare_cached("SELECT pg_advisory_xact_lock($1)")
        .await
        .map_err(pg)?;
    for row in tx.query(&stmt, &[&keys]).await.map_err(pg)? {
        let h: i64 = row.try_get(0).map_err(pg)?;
        tx.execute(&lock, &[&h]).await.map_err(pg)?;
    }
    Ok(())
}

#[async_trait]
impl CaseStore for PostgresStore {
    async fn create_case(&self, case: &NewCase, audit: &AuditEvent) -> StoreResult<CaseRecord> {
        let mut client = self.pool.get().await.map_err(pool)?;
        let tx = client.transaction().await.map_err(pg)?;
        let insert = tx
            .prepare_cached(
                "INSERT INTO cases (country, team_id, therapist_id, referring_municipality, status, \
                 created_at, version, referred_on, treatment_start) \
                 VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8) RETURNING id",
            )
            .await
            .map_err(pg)?;
        let row = tx
            .query_one(
                &insert,
                &[
                    &case.country.code(),
                    &case.team_id,
                    &case.therapist_id,
                    &case.referring_municipality,
                    &case.status,
                    &audit.at,
                    &case.referred_on,
                    &case.treatment_start,
                ],
            )
            .await
            .map_err(pg)?;
        let case_id: i64 = row.try_get(0).map_err(pg)?;
        let payers = tx
            .prepare_cached(
                "INSERT INTO case_payers (case_id, municipality_code) \
                 SELECT $1, code FROM UNNEST($2::text[]) AS m (code) \
                 ON CONFLICT DO NOTHING",
            )
            .await
            .map_err(pg)?;
        tx.execute(&payers, &[&case_id, &case.paying_municipalities])
            .await
            .map_err(pg)?;
        let join = tx
            .prepare_cached(
                "INSERT INTO case_participants (case_id, person_id, role) VALUES ($1, $2, $3)",
            )
            .await
            .map_err(pg)?;
        lock_national_ids(&tx, &case.participants).await?;
        let mut person_ids = Vec::with_capacity(case.participants.len());
        for (person, role) in &case.participants {
            let person_id = person_id_for(&tx, person, audit.at).await?;
            if person_ids.contains(&person_id) {
                return Err(StoreError::Conflict(msg!("person-listed-twice")));
            }
            tx.execute(&join, &[&case_id, &person_id, &role.as_str()])
                .await
                .map_err(|e| {
                    if violates(&e, &SqlState::UNIQUE_VIOLATION, None) {
                        StoreError::Conflict(msg!("person-listed-twice"))
                    } else {
                        pg(e)
                    }
                })?;
            person_ids.push(person_id);
        }
        let record = load_case(&tx, case_id, true)
            .await?
            .ok_or_else(|| StoreError::Internal("case vanished".into()))?;
        let case_event = with_object_id(audit, case_id);
        for person_id in person_ids {
            let mut event = case_event.clone();
            event.person_id = Some(person_id);
            append_audit_tx(&tx, &event).await?;
        }
        tx.commit().await.map_err(pg)?;
        Ok(record)
    }

    async fn case_for_access_check(&self, id: i64) -> StoreResult<Option<CaseRecord>> {
        let client = self.pool.get().await.map_err(pool)?;
        load_case(&client, id, false).await
    }

    async fn read_case(&self, id: i64, audit: &AuditEvent) -> StoreResult<Option<CaseRecord>> {
        let mut client = self.pool.get().await.map_err(pool)?;
        let tx = client.transaction().await.map_err(pg)?;
        let Some(case) = load_case(&tx, id, true).await? else {
            return Ok(None);
        };
        let case_event = with_object_id(audit, id);
        for p in &case.participants {
            let mut event = case_event.clone();
            event.person_id = Some(p.person.id);
            append_audit_tx(&tx, &event).await?;
        }
        tx.commit().await.map_err(pg)?;
        Ok(Some(case))
    }

    async fn list_cases(&self, filter: &CaseFilter) -> StoreResult<Vec<CaseRecord>> {
        let mut client = self.pool.get().await.map_err(pool)?;
        // One snapshot for cases and their payers.
        let tx = client
            .build_transaction()
            .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .await
            .map_err(pg)?;
        let stmt = tx
            .prepare_cached(&format!(
                "SELECT {CASE_COLUMNS} FROM cases c \
                 WHERE ($1::text IS NULL OR c.country = $1) \
                   AND ($2::bigint IS NULL OR c.therapist_id = $2) \
                   AND ($3::text IS NULL OR c.referring_municipality = $3 \
                        OR EXISTS (SELECT 1 FROM case_payers cp \
                                   WHERE cp.case_id = c.id AND cp.municipality_code = $3)) \
                   AND ($4::bigint[] IS NULL OR c.team_id = ANY($4)) \
                   AND ($5::text[] IS NULL OR c.status = ANY($5)) \
                 ORDER BY c.id DESC"
            ))
            .await
            .map_err(pg)?;
        let rows = tx
            .query(
                &stmt,
                &[
                    &filter.country.map(Country::code),
                    &filter.therapist_id,
                    &filter.municipality,
                    &filter.team_ids,
                    &filter.statuses,
                ],
            )
            .await
            .map_err(pg)?;
        let mut cases = rows.iter().map(case_row).collect::<StoreResult<Vec<_>>>()?;
        let ids: Vec<i64> = cases.iter().map(|c| c.id).collect();
        let mut payers = payers_of(&tx, &ids).await?;
        tx.commit().await.map_err(pg)?;
        for case in &mut cases {
            case.paying_municipalities = payers.remove(&case.id).unwrap_or_default();
        }
        Ok(cases)
    }

    async fn find_person_by_national_id(
        &self,
        country: Country,
        index: &str,
    ) -> StoreResult<Option<Person>> {
        let client = self.pool.get().await.map_err(pool)?;
        let stmt = client
            .prepare_cached(&format!(
                "SELECT {PERSON_COLUMNS} FROM persons p \
                 WHERE p.country = $1 AND p.national_id_index = $2"
            ))
            .await
            .map_err(pg)?;
        client
            .query_opt(&stmt, &[&country.code(), &index])
            .await
            .map_err(pg)?
            .as_ref()
            .map(person_row)
            .transpose()
    }

    async fn get_person(&self, id: i64) -> StoreResult<Option<Person>> {
        let client = self.pool.get().await.map_err(pool)?;
        let stmt = client
            .prepare_cached(&format!(
                "SELECT {PERSON_COLUMNS} FROM persons p WHERE p.id = $1"
            ))
            .await
            .map_err(pg)?;
        client
            .query_opt(&stmt, &[&id])
            .await
            .map_err(pg)?
            .as_ref()
            .map(person_row)
            .transpose()
    }

    async fn grant_break_glass(
        &self,
        case_id: i64,
        user_id: UserId,
        reason: &str,
        expires_at: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> StoreResult<BreakGlassGrant> {
        let mut client = self.pool.get().await.map_err(pool)?;
        let tx = client.transaction().await.map_err(pg)?;
        let exists = tx
            .prepare_cached("SELECT 1 FROM cases WHERE id = $1")
            .await
            .map_err(pg)?;
        if tx
            .query_opt(&exists, &[&case_id])
            .await
            .map_err(pg)?
            .is_none()
        {
            return Err(StoreError::NotFound(format!("case {case_id}")));
        }
        let insert = tx
            .prepare_cached(
                "INSERT INTO break_glass_grants (case_id, user_id, reason, granted_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .await
            .map_err(pg)?;
        let row = tx
            .query_one(
                &insert,
                &[&case_id, &user_id, &reason, &audit.at, &expires_at],
            )
            .await
            .map_err(pg)?;
        let id: i64 = row.try_get(0).map_err(pg)?;
        let select = tx
            .prepare_cached(&format!("{GRANT_SELECT} WHERE g.id = $1"))
            .await
            .map_err(pg)?;
        let grant = grant_row(&tx.query_one(&select, &[&id]).await.map_err(pg)?)?;
        append_audit_tx(&tx, audit).await?;
        tx.commit().await.map_err(pg)?;
        Ok(grant)
    }

    async fn active_break_glass(
        &self,
        case_id: i64,
        user_id: UserId,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<BreakGlassGrant>> {
        let client = self.pool.get().await.map_err(pool)?;
        let stmt = client
            .prepare_cached(&format!(
                "{GRANT_SELECT} WHERE g.case_id = $1 AND g.user_id = $2 \
                 AND g.granted_at <= $3 AND g.expires_at > $3 \
                 ORDER BY g.expires_at DESC, g.id DESC LIMIT 1"
            ))
            .await
            .map_err(pg)?;
        client
            .query_opt(&stmt, &[&case_id, &user_id, &at])
            .await
            .map_err(pg)?
            .as_ref()
            .map(grant_row)
            .transpose()
    }

    async fn break_glass_for_teams(
        &self,
        team_ids: &[TeamId],
        since: DateTime<Utc>,
    ) -> StoreResult<Vec<BreakGlassGrant>> {
        let client = self.pool.get().await.map_err(pool)?;
        let stmt = client
            .prepare_cached(&format!(
                "{GRANT_SELECT} WHERE c.team_id = ANY($1) AND g.granted_at >= $2 \
                 ORDER BY g.granted_at DESC, g.id DESC"
            ))
            .await
            .map_err(pg)?;
        client
            .query(&stmt, &[&team_ids, &since])
            .await
            .map_err(pg)?
            .iter()
            .map(grant_row)
            .collect()
    }

    async fn person_access_log(&self, person_id: i64) -> StoreResult<Vec<StoredAuditEvent>> {
        person_events(&self.pool, person_id).await
    }
}
