//! People, families' cases and break-glass grants.
//!
//! Semantics mirror the SQLite backend. Audit events are appended after the
//! transaction's other statements (see [`crate::audit`]).

use rundt_domain::id::{CaseId, PersonId};
use rundt_domain::msg;
use std::collections::HashMap;
use std::sync::LazyLock;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use deadpool_postgres::{GenericClient, Transaction};
use rundt_domain::audit::AuditEvent;
use rundt_domain::country::Country;
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::team::TeamId;
use rundt_domain::user::UserId;
use rundt_store::{
    BreakGlassGrant, CANDIDATE_COLUMNS, CASE_COLUMNS, CaseFilter, CaseRecord, CaseStore,
    GRANT_SELECT, ListedPerson, NewCase, NewPerson, PERSON_CASE_COLUMNS, PERSON_COLUMNS,
    Participant, ParticipantRole, PeopleSearch, Person, PersonCase, StoreError, StoreResult,
    StoredAuditEvent, case_list_sqls, listed_people,
};
use tokio_postgres::types::ToSql;

use crate::PostgresStore;
use crate::audit::{append_audit_all_tx, append_audit_tx, person_events, person_events_page};
use crate::error::pg;
use crate::query::{
    Params, client, execute, exists, fetch_all, fetch_one, fetch_opt, snapshot, transaction,
    unique_or,
};

/// Paying municipalities of the given cases, each list ordered by code.
async fn payers_of(
    client: &impl GenericClient,
    case_ids: &[CaseId],
) -> StoreResult<HashMap<CaseId, Vec<MunicipalityCode>>> {
    let sql = "SELECT case_id, municipality_code FROM case_payers WHERE case_id = ANY($1) \
         ORDER BY case_id, municipality_code COLLATE \"C\"";
    let mut out: HashMap<CaseId, Vec<MunicipalityCode>> = HashMap::new();
    for (case_id, code) in
        fetch_all::<(CaseId, MunicipalityCode)>(client, sql, &[&case_ids]).await?
    {
        out.entry(case_id).or_default().push(code);
    }
    Ok(out)
}

/// The people in a case: young persons before caregivers, then by id.
async fn participants(
    client: &impl GenericClient,
    case_id: CaseId,
) -> StoreResult<Vec<Participant>> {
    let sql = format!(
        "SELECT {PERSON_COLUMNS}, cp.role FROM case_participants cp \
         JOIN persons p ON p.id = cp.person_id \
         WHERE cp.case_id = $1 ORDER BY cp.role COLLATE \"C\" DESC, p.id"
    );
    fetch_all(client, &sql, &[&case_id]).await
}

/// Loads case `id` inside `tx` and appends one event per person in it.
pub(crate) async fn read_case_tx(
    tx: &Transaction<'_>,
    id: CaseId,
    audit: &AuditEvent,
) -> StoreResult<Option<CaseRecord>> {
    let Some(case) = load_case(tx, id, true).await? else {
        return Ok(None);
    };
    let people = case.participants.iter().map(|p| p.person.id);
    append_audit_all_tx(tx, &rundt_store::case_person_events(audit, id, people)).await?;
    Ok(Some(case))
}

pub(crate) async fn load_case(
    client: &impl GenericClient,
    id: CaseId,
    with_people: bool,
) -> StoreResult<Option<CaseRecord>> {
    let sql = format!("SELECT {CASE_COLUMNS} FROM cases c WHERE c.id = $1 AND c.erased_on IS NULL");
    let Some(mut case) = fetch_opt::<CaseRecord>(client, &sql, &[&id]).await? else {
        return Ok(None);
    };
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
) -> StoreResult<PersonId> {
    let country = person.country.code();
    let find = "SELECT id FROM persons WHERE country = $1 \
         AND national_id_index IN ($2, COALESCE($3, $2)) ORDER BY national_id_index = $2 DESC";
    if let Some(index) = &person.national_id_index
        && let Some(id) = fetch_opt(
            tx,
            find,
            &[&country, index, &person.national_id_previous_index],
        )
        .await?
    {
        return Ok(id);
    }
    // The advisory lock already serialises this; ON CONFLICT is a second
    // line of defence should a person be stored some other way.
    let insert = "INSERT INTO persons (country, given_name, family_name, birth_date, \
         national_id_sealed, national_id_index, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (country, national_id_index) DO NOTHING RETURNING id";
    let inserted = fetch_opt(
        tx,
        insert,
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
    .await?;
    if let Some(id) = inserted {
        return Ok(id);
    }
    fetch_one(
        tx,
        find,
        &[
            &country,
            &person.national_id_index,
            &person.national_id_previous_index,
        ],
    )
    .await
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
    let hashes =
        "SELECT DISTINCT hashtextextended(k, 0) AS h FROM UNNEST($1::text[]) AS t (k) ORDER BY h";
    for h in fetch_all::<i64>(tx, hashes, &[&keys]).await? {
        execute(tx, "SELECT pg_advisory_xact_lock($1)", &[&h]).await?;
    }
    Ok(())
}

/// The case list's SQL, one a filter shape (see [`case_list_sqls`]).
static LIST_CASES_SQL: LazyLock<Vec<String>> = LazyLock::new(|| {
    case_list_sqls(
        |n| format!("${n}"),
        |column, p| format!("{column} = ANY({p})"),
    )
});

#[async_trait]
impl CaseStore for PostgresStore {
    async fn create_case(&self, case: &NewCase, audit: &AuditEvent) -> StoreResult<CaseRecord> {
        transaction(&self.pool, async |tx| {
            let insert = "INSERT INTO cases (country, team_id, therapist_id, referring_municipality, \
                 status, created_at, version, referred_on, treatment_start) \
                 VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8) RETURNING id";
            let case_id: CaseId = fetch_one(
                tx,
                insert,
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
            .await?;
            let payers = "INSERT INTO case_payers (case_id, municipality_code) \
                 SELECT $1, code FROM UNNEST($2::text[]) AS m (code) \
                 ON CONFLICT DO NOTHING";
            execute(tx, payers, &[&case_id, &case.paying_municipalities]).await?;
            if let Some(price) = &case.price {
                crate::money::insert_case_price(tx, case_id, price).await?;
            }
            let join = tx
                .prepare_cached(
                    "INSERT INTO case_participants (case_id, person_id, role) VALUES ($1, $2, $3)",
                )
                .await
                .map_err(pg)?;
            lock_national_ids(tx, &case.participants).await?;
            let mut person_ids = Vec::with_capacity(case.participants.len());
            for (person, role) in &case.participants {
                let person_id = person_id_for(tx, person, audit.at).await?;
                if person_ids.contains(&person_id) {
                    return Err(StoreError::Conflict(msg!("person-listed-twice")));
                }
                tx.execute(&join, &[&case_id, &person_id, &role.as_str()])
                    .await
                    .map_err(|e| unique_or(e, || StoreError::Conflict(msg!("person-listed-twice"))))?;
                person_ids.push(person_id);
            }
            let record = load_case(tx, case_id, true)
                .await?
                .ok_or_else(|| StoreError::Internal("case vanished".into()))?;
            let events = rundt_store::case_person_events(audit, case_id, person_ids);
            append_audit_all_tx(tx, &events).await?;
            Ok(record)
        })
        .await
    }

    async fn case_for_access_check(&self, id: CaseId) -> StoreResult<Option<CaseRecord>> {
        load_case(&client(&self.pool).await?, id, false).await
    }

    async fn read_case(&self, id: CaseId, audit: &AuditEvent) -> StoreResult<Option<CaseRecord>> {
        transaction(&self.pool, async |tx| read_case_tx(tx, id, audit).await).await
    }

    async fn list_cases(&self, filter: &CaseFilter) -> StoreResult<Vec<CaseRecord>> {
        let mut client = client(&self.pool).await?;
        // One snapshot for cases and their payers.
        let tx = snapshot(&mut client).await?;
        let country = filter.country.map(Country::code);
        let set: [Option<&(dyn ToSql + Sync)>; 5] = [
            country.as_ref().map(|c| c as _),
            filter.therapist_id.as_ref().map(|t| t as _),
            filter.municipality.as_ref().map(|m| m as _),
            filter.team_ids.as_ref().map(|t| t as _),
            filter.statuses.as_ref().map(|s| s as _),
        ];
        let params: Vec<&(dyn ToSql + Sync)> = set.into_iter().flatten().collect();
        let sql = &LIST_CASES_SQL[filter.shape()];
        let mut cases: Vec<CaseRecord> = fetch_all(&tx, sql, &params).await?;
        let ids: Vec<CaseId> = cases.iter().map(|c| c.id).collect();
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
        previous_index: Option<&str>,
    ) -> StoreResult<Option<Person>> {
        let sql = format!(
            "SELECT {PERSON_COLUMNS} FROM persons p \
             WHERE p.country = $1 AND p.national_id_index IN ($2, COALESCE($3, $2)) \
             ORDER BY p.national_id_index = $2 DESC"
        );
        fetch_opt(
            &client(&self.pool).await?,
            &sql,
            &[&country.code(), &index, &previous_index],
        )
        .await
    }

    async fn family_list_people(
        &self,
        case_ids: &[CaseId],
        search: Option<&PeopleSearch>,
        audit: &AuditEvent,
    ) -> StoreResult<Vec<ListedPerson>> {
        let ids = case_ids.to_vec();
        transaction(&self.pool, async |tx| {
            let sql = format!(
                "SELECT {CANDIDATE_COLUMNS} FROM case_participants cp \
                 JOIN persons p ON p.id = cp.person_id \
                 WHERE cp.case_id = ANY($1) \
                 ORDER BY cp.case_id DESC, cp.role COLLATE \"C\" DESC, p.id"
            );
            let candidates = fetch_all(tx, &sql, &[&ids]).await?;
            let listed = listed_people(candidates, search);
            let events: Vec<_> = listed
                .iter()
                .map(|person| audit.about_case(person.case_id, Some(person.participant.person.id)))
                .collect();
            append_audit_all_tx(tx, &events).await?;
            Ok(listed)
        })
        .await
    }

    async fn case_people_in_role(
        &self,
        case_id: CaseId,
        role: ParticipantRole,
    ) -> StoreResult<Vec<PersonId>> {
        let sql = "SELECT person_id FROM case_participants \
             WHERE case_id = $1 AND role = $2 ORDER BY person_id";
        fetch_all(&client(&self.pool).await?, sql, &[&case_id, &role.as_str()]).await
    }

    async fn get_person(&self, id: PersonId) -> StoreResult<Option<Person>> {
        let sql = format!("SELECT {PERSON_COLUMNS} FROM persons p WHERE p.id = $1");
        fetch_opt(&client(&self.pool).await?, &sql, &[&id]).await
    }

    async fn person_cases(&self, person_id: PersonId) -> StoreResult<Vec<PersonCase>> {
        let sql = format!(
            "SELECT {PERSON_CASE_COLUMNS} FROM case_participants cp \
             WHERE cp.person_id = $1 ORDER BY cp.case_id"
        );
        fetch_all(&client(&self.pool).await?, &sql, &[&person_id]).await
    }

    async fn grant_break_glass(
        &self,
        case_id: CaseId,
        user_id: UserId,
        reason: &str,
        expires_at: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> StoreResult<BreakGlassGrant> {
        transaction(&self.pool, async |tx| {
            if !exists(tx, "SELECT 1 FROM cases WHERE id = $1", &[&case_id]).await? {
                return Err(StoreError::NotFound(format!("case {case_id}")));
            }
            let insert = "INSERT INTO break_glass_grants (case_id, user_id, reason, granted_at, \
                 expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id";
            let params: Params<'_> = &[&case_id, &user_id, &reason, &audit.at, &expires_at];
            let id: i64 = fetch_one(tx, insert, params).await?;
            let select = format!("{GRANT_SELECT} WHERE g.id = $1");
            let grant = fetch_one(tx, &select, &[&id]).await?;
            append_audit_tx(tx, audit).await?;
            Ok(grant)
        })
        .await
    }

    async fn case_for_reader(
        &self,
        case_id: CaseId,
        user_id: UserId,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<(CaseRecord, Option<BreakGlassGrant>)>> {
        let sql = format!(
            "{GRANT_SELECT} WHERE g.case_id = $1 AND g.user_id = $2 \
             AND g.granted_at <= $3 AND g.expires_at > $3 \
             ORDER BY g.expires_at DESC, g.id DESC LIMIT 1"
        );
        let params: Params<'_> = &[&case_id, &user_id, &at];
        let client = client(&self.pool).await?;
        // The grant's read goes with the case's first in one round trip.
        let (case, grant) = tokio::try_join!(
            load_case(&client, case_id, false),
            fetch_opt(&client, &sql, params),
        )?;
        Ok(case.map(|case| (case, grant)))
    }

    async fn break_glass_for_teams(
        &self,
        team_ids: &[TeamId],
        since: DateTime<Utc>,
    ) -> StoreResult<Vec<BreakGlassGrant>> {
        let sql = format!(
            "{GRANT_SELECT} WHERE c.team_id = ANY($1) AND g.granted_at >= $2 \
             ORDER BY g.granted_at DESC, g.id DESC"
        );
        fetch_all(&client(&self.pool).await?, &sql, &[&team_ids, &since]).await
    }

    async fn person_access_log(&self, person_id: PersonId) -> StoreResult<Vec<StoredAuditEvent>> {
        person_events(&self.pool, person_id).await
    }

    async fn person_access_log_page(
        &self,
        person_id: PersonId,
        before_seq: Option<i64>,
        limit: u32,
    ) -> StoreResult<Vec<StoredAuditEvent>> {
        person_events_page(&self.pool, person_id, before_seq, limit).await
    }
}
