//! People, families' cases and break-glass grants.

use rundt_domain::id::{CaseId, PersonId};
use rundt_domain::msg;
use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use rundt_domain::audit::AuditEvent;
use rundt_domain::country::Country;
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::team::TeamId;
use rundt_domain::user::UserId;
use rundt_store::{
    BreakGlassGrant, CANDIDATE_COLUMNS, CASE_COLUMNS, CaseFilter, CaseRecord, CaseStore,
    GRANT_SELECT, ListedPerson, NewCase, PERSON_CASE_COLUMNS, PERSON_COLUMNS, Participant,
    ParticipantRole, PeopleSearch, Person, PersonCase, StoreError, StoreResult, StoredAuditEvent,
    case_list_sqls, listed_people,
};
use rusqlite::types::Value;
use rusqlite::{Connection, params, params_from_iter};

use crate::audit;
use crate::convert::{date_text, db_err, id_json, id_list, text_json, time_text};
use crate::forward::forward;
use crate::query::{execute_unique, fetch_all, fetch_one, fetch_opt};

pub fn create_case(tx: &Connection, case: &NewCase, event: &AuditEvent) -> StoreResult<CaseRecord> {
    tx.execute(
        "INSERT INTO cases (country, team_id, therapist_id, referring_municipality, status, created_at, version,
            referred_on, treatment_start)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?8)",
        params![
            case.country.code(),
            case.team_id,
            case.therapist_id,
            case.referring_municipality,
            case.status,
            time_text(event.at),
            case.referred_on.map(date_text),
            case.treatment_start.map(date_text)
        ],
    )
    .map_err(db_err)?;
    let case_id = CaseId::new(tx.last_insert_rowid());
    if let Some(price) = &case.price {
        crate::money::insert_case_price(tx, case_id, price)?;
    }
    for m in &case.paying_municipalities {
        tx.execute(
            "INSERT OR IGNORE INTO case_payers (case_id, municipality_code) VALUES (?1, ?2)",
            params![case_id, m],
        )
        .map_err(db_err)?;
    }
    let case_event = audit::with_object(event, case_id);
    for (person, role) in &case.participants {
        let existing: Option<PersonId> = match &person.national_id_index {
            Some(index) => fetch_opt(
                tx,
                "SELECT id FROM persons WHERE country = ?1
                 AND national_id_index IN (?2, COALESCE(?3, ?2))",
                params![
                    person.country.code(),
                    index,
                    person.national_id_previous_index
                ],
            )?,
            None => None,
        };
        let person_id = match existing {
            Some(id) => id,
            None => {
                tx.execute(
                    "INSERT INTO persons (country, given_name, family_name, birth_date, national_id_sealed,
                        national_id_index, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        person.country.code(),
                        person.given_name,
                        person.family_name,
                        person.birth_date.map(date_text),
                        person.national_id_sealed,
                        person.national_id_index,
                        time_text(event.at)
                    ],
                )
                .map_err(db_err)?;
                PersonId::new(tx.last_insert_rowid())
            }
        };
        execute_unique(
            tx,
            "INSERT INTO case_participants (case_id, person_id, role) VALUES (?1, ?2, ?3)",
            params![case_id, person_id, role.as_str()],
            || StoreError::Conflict(msg!("person-listed-twice")),
        )?;
        let mut person_event = case_event.clone();
        person_event.person_id = Some(person_id);
        audit::append(tx, &person_event)?;
    }
    let record = load_case(tx, case_id, true)?
        .ok_or_else(|| StoreError::Internal("case vanished".into()))?;
    Ok(record)
}

/// Paying municipalities of the listed cases (a JSON array of ids), each
/// list ordered by code.
fn payers_of(conn: &Connection, ids: &str) -> StoreResult<HashMap<CaseId, Vec<MunicipalityCode>>> {
    let sql = "SELECT case_id, municipality_code FROM case_payers
         WHERE case_id IN (SELECT value FROM json_each(?1)) ORDER BY municipality_code";
    let mut out: HashMap<CaseId, Vec<MunicipalityCode>> = HashMap::new();
    for (id, code) in fetch_all::<(CaseId, MunicipalityCode)>(conn, sql, [ids])? {
        out.entry(id).or_default().push(code);
    }
    Ok(out)
}

fn participants(conn: &Connection, case_id: CaseId) -> StoreResult<Vec<Participant>> {
    let sql = format!(
        "SELECT {PERSON_COLUMNS}, cp.role FROM case_participants cp JOIN persons p ON p.id = cp.person_id
         WHERE cp.case_id = ?1 ORDER BY cp.role DESC, p.id"
    );
    fetch_all(conn, &sql, [case_id])
}

pub fn load_case(
    conn: &Connection,
    id: CaseId,
    with_people: bool,
) -> StoreResult<Option<CaseRecord>> {
    let sql = format!("SELECT {CASE_COLUMNS} FROM cases c WHERE c.id = ?1 AND c.erased_on IS NULL");
    let Some(mut case) = fetch_opt::<CaseRecord>(conn, &sql, [id])? else {
        return Ok(None);
    };
    case.paying_municipalities = payers_of(conn, &format!("[{id}]"))?
        .remove(&id)
        .unwrap_or_default();
    if with_people {
        case.participants = participants(conn, id)?;
    }
    Ok(Some(case))
}

pub fn case_people_in_role(
    conn: &Connection,
    case_id: CaseId,
    role: ParticipantRole,
) -> StoreResult<Vec<PersonId>> {
    let sql = "SELECT person_id FROM case_participants \
         WHERE case_id = ?1 AND role = ?2 ORDER BY person_id";
    fetch_all(conn, sql, params![case_id, role.as_str()])
}

pub fn case_for_access_check(conn: &Connection, id: CaseId) -> StoreResult<Option<CaseRecord>> {
    load_case(conn, id, false)
}

pub fn read_case(
    tx: &Connection,
    id: CaseId,
    event: &AuditEvent,
) -> StoreResult<Option<CaseRecord>> {
    let Some(case) = load_case(tx, id, true)? else {
        return Ok(None);
    };
    let people = case.participants.iter().map(|p| p.person.id);
    audit::append_all(tx, &rundt_store::case_person_events(event, id, people))?;
    Ok(Some(case))
}

/// The case list's SQL, one a filter shape (see [`case_list_sqls`]).
static LIST_CASES_SQL: LazyLock<Vec<String>> = LazyLock::new(|| {
    case_list_sqls(
        |n| format!("?{n}"),
        |column, p| format!("{column} IN (SELECT value FROM json_each({p}))"),
    )
});

pub fn list_cases(conn: &Connection, filter: &CaseFilter) -> StoreResult<Vec<CaseRecord>> {
    let mut values: Vec<Value> = Vec::with_capacity(5);
    values.extend(filter.country.map(|c| Value::Text(c.code().into())));
    values.extend(filter.therapist_id.map(|t| Value::Integer(t.get())));
    values.extend(
        filter
            .municipality
            .as_ref()
            .map(|m| Value::Text(m.to_string())),
    );
    values.extend(
        filter
            .team_ids
            .as_deref()
            .map(|ids| Value::Text(id_json(ids))),
    );
    if let Some(statuses) = &filter.statuses {
        values.push(Value::Text(text_json(statuses)?));
    }
    let sql = &LIST_CASES_SQL[filter.shape()];
    let params = params_from_iter(values);
    let mut cases: Vec<CaseRecord> = fetch_all(conn, sql, params)?;
    // Only the listed cases' payers: a list must not read the whole table.
    let ids: Vec<CaseId> = cases.iter().map(|c| c.id).collect();
    let mut payers = payers_of(conn, &id_json(&ids))?;
    for case in &mut cases {
        case.paying_municipalities = payers.remove(&case.id).unwrap_or_default();
    }
    Ok(cases)
}

pub fn family_list_people(
    tx: &Connection,
    case_ids: &[CaseId],
    search: Option<&PeopleSearch>,
    event: &AuditEvent,
) -> StoreResult<Vec<ListedPerson>> {
    let sql = format!(
        "SELECT {CANDIDATE_COLUMNS} FROM case_participants cp JOIN persons p ON p.id = cp.person_id
         WHERE cp.case_id IN (SELECT value FROM json_each(?1))
         ORDER BY cp.case_id DESC, cp.role DESC, p.id"
    );
    let candidates = fetch_all(tx, &sql, [id_json(case_ids)])?;
    let listed = listed_people(candidates, search);
    let events: Vec<_> = listed
        .iter()
        .map(|person| event.about_case(person.case_id, Some(person.participant.person.id)))
        .collect();
    audit::append_all(tx, &events)?;
    Ok(listed)
}

pub fn find_person_by_national_id(
    conn: &Connection,
    country: Country,
    index: &str,
    previous_index: Option<&str>,
) -> StoreResult<Option<Person>> {
    let sql = format!(
        "SELECT {PERSON_COLUMNS} FROM persons p WHERE p.country = ?1 \
         AND p.national_id_index IN (?2, COALESCE(?3, ?2)) ORDER BY p.national_id_index = ?2 DESC"
    );
    fetch_opt(conn, &sql, params![country.code(), index, previous_index])
}

pub fn get_person(conn: &Connection, id: PersonId) -> StoreResult<Option<Person>> {
    fetch_opt(
        conn,
        &format!("SELECT {PERSON_COLUMNS} FROM persons p WHERE p.id = ?1"),
        [id],
    )
}

pub fn person_cases(conn: &Connection, person_id: PersonId) -> StoreResult<Vec<PersonCase>> {
    let sql = format!(
        "SELECT {PERSON_CASE_COLUMNS} FROM case_participants cp \
         WHERE cp.person_id = ?1 ORDER BY cp.case_id"
    );
    fetch_all(conn, &sql, [person_id])
}

pub fn grant_break_glass(
    tx: &Connection,
    case_id: CaseId,
    user_id: UserId,
    reason: &str,
    expires_at: DateTime<Utc>,
    event: &AuditEvent,
) -> StoreResult<BreakGlassGrant> {
    if load_case(tx, case_id, false)?.is_none() {
        return Err(StoreError::NotFound(format!("case {case_id}")));
    }
    tx.execute(
        "INSERT INTO break_glass_grants (case_id, user_id, reason, granted_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![case_id, user_id, reason, time_text(event.at), time_text(expires_at)],
    )
    .map_err(db_err)?;
    let id = tx.last_insert_rowid();
    audit::append(tx, event)?;
    let grant = fetch_one(tx, &format!("{GRANT_SELECT} WHERE g.id = ?1"), [id])?;
    Ok(grant)
}

/// The case and the reader's live grant on it, on one reading connection.
pub fn case_for_reader(
    conn: &Connection,
    case_id: CaseId,
    user_id: UserId,
    at: DateTime<Utc>,
) -> StoreResult<Option<(CaseRecord, Option<BreakGlassGrant>)>> {
    let Some(case) = load_case(conn, case_id, false)? else {
        return Ok(None);
    };
    let sql = format!(
        "{GRANT_SELECT} WHERE g.case_id = ?1 AND g.user_id = ?2 AND g.granted_at <= ?3 AND g.expires_at > ?3
         ORDER BY g.expires_at DESC, g.id DESC LIMIT 1"
    );
    let grant = fetch_opt(conn, &sql, params![case_id, user_id, time_text(at)])?;
    Ok(Some((case, grant)))
}

pub fn break_glass_for_teams(
    conn: &Connection,
    team_ids: &[TeamId],
    since: DateTime<Utc>,
) -> StoreResult<Vec<BreakGlassGrant>> {
    let list = id_list(team_ids);
    let sql = format!(
        "{GRANT_SELECT} WHERE c.team_id IN (SELECT value FROM json_each('[' || ?1 || ']')) AND g.granted_at >= ?2
         ORDER BY g.granted_at DESC"
    );
    fetch_all(conn, &sql, params![list, time_text(since)])
}

pub fn person_access_log(
    conn: &Connection,
    person_id: PersonId,
) -> StoreResult<Vec<StoredAuditEvent>> {
    fetch_all(conn, &audit::person_log_statement(), params![person_id])
}

forward! {
    impl CaseStore {
        async fn create_case(&self, case: &NewCase, audit: &AuditEvent) -> StoreResult<CaseRecord> => write create_case;
        async fn case_for_access_check(&self, id: CaseId) -> StoreResult<Option<CaseRecord>> => read case_for_access_check;
        async fn read_case(&self, id: CaseId, audit: &AuditEvent) -> StoreResult<Option<CaseRecord>> => write read_case;
        async fn list_cases(&self, filter: &CaseFilter) -> StoreResult<Vec<CaseRecord>> => read list_cases;
        async fn family_list_people(&self, case_ids: &[CaseId], search: Option<&PeopleSearch>, audit: &AuditEvent) -> StoreResult<Vec<ListedPerson>> => write family_list_people;
        async fn case_people_in_role(&self, case_id: CaseId, role: ParticipantRole) -> StoreResult<Vec<PersonId>> => read case_people_in_role;
        async fn find_person_by_national_id(&self, country: Country, index: &str, previous_index: Option<&str>) -> StoreResult<Option<Person>> => read find_person_by_national_id;
        async fn get_person(&self, id: PersonId) -> StoreResult<Option<Person>> => read get_person;
        async fn person_cases(&self, person_id: PersonId) -> StoreResult<Vec<PersonCase>> => read person_cases;
        async fn grant_break_glass(&self, case_id: CaseId, user_id: UserId, reason: &str, expires_at: DateTime<Utc>, audit: &AuditEvent) -> StoreResult<BreakGlassGrant> => write grant_break_glass;
        async fn case_for_reader(&self, case_id: CaseId, user_id: UserId, at: DateTime<Utc>) -> StoreResult<Option<(CaseRecord, Option<BreakGlassGrant>)>> => read case_for_reader;
        async fn break_glass_for_teams(&self, team_ids: &[TeamId], since: DateTime<Utc>) -> StoreResult<Vec<BreakGlassGrant>> => read break_glass_for_teams;
        async fn person_access_log(&self, person_id: PersonId) -> StoreResult<Vec<StoredAuditEvent>> => read person_access_log;
        async fn person_access_log_page(&self, person_id: PersonId, before_seq: Option<i64>, limit: u32) -> StoreResult<Vec<StoredAuditEvent>> => read audit::person_log_page;
    }
}
