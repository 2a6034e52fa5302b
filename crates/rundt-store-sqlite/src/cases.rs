//! People, families' cases and break-glass grants.

use rundt_domain::msg;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rundt_domain::audit::AuditEvent;
use rundt_domain::country::Country;
use rundt_domain::team::TeamId;
use rundt_domain::user::UserId;
use rundt_store::{
    BreakGlassGrant, CaseFilter, CaseRecord, NewCase, Participant, ParticipantRole, Person,
    StoreError, StoreResult, StoredAuditEvent,
};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::audit;
use crate::convert::{
    columns, date_text, db_err, id_list, is_unique_violation, parse_date, parse_enum, parse_time,
    time_text,
};

const PERSON_COLUMNS: &str =
    "p.id, p.country, p.given_name, p.family_name, p.birth_date, p.national_id_sealed";
const PERSON_SELECT: &str = "SELECT p.id, p.country, p.given_name, p.family_name, p.birth_date, p.national_id_sealed FROM persons p";

type PersonRow = (i64, String, String, String, Option<String>, Option<String>);

fn person_row(r: &Row<'_>) -> rusqlite::Result<PersonRow> {
    columns(r)
}

fn person_from(row: PersonRow) -> StoreResult<Person> {
    let (id, country, given_name, family_name, birth, sealed) = row;
    Ok(Person {
        id,
        country: parse_enum(&country, "country")?,
        given_name,
        family_name,
        birth_date: birth.as_deref().map(parse_date).transpose()?,
        national_id_sealed: sealed,
    })
}

pub fn create_case(
    conn: &mut Connection,
    case: &NewCase,
    event: &AuditEvent,
) -> StoreResult<CaseRecord> {
    let tx = conn.transaction().map_err(db_err)?;
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
    let case_id = tx.last_insert_rowid();
    for m in &case.paying_municipalities {
        tx.execute(
            "INSERT OR IGNORE INTO case_payers (case_id, municipality_code) VALUES (?1, ?2)",
            params![case_id, m],
        )
        .map_err(db_err)?;
    }
    let case_event = audit::with_object(event, case_id);
    for (person, role) in &case.participants {
        let existing: Option<i64> = match &person.national_id_index {
            Some(index) => tx
                .query_row(
                    "SELECT id FROM persons WHERE country = ?1 AND national_id_index = ?2",
                    params![person.country.code(), index],
                    |r| r.get(0),
                )
                .optional()
                .map_err(db_err)?,
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
                tx.last_insert_rowid()
            }
        };
        tx.execute(
            "INSERT INTO case_participants (case_id, person_id, role) VALUES (?1, ?2, ?3)",
            params![case_id, person_id, role.as_str()],
        )
        .map_err(|e| {
            if is_unique_violation(&e) {
                StoreError::Conflict(msg!("person-listed-twice"))
            } else {
                db_err(e)
            }
        })?;
        let mut person_event = case_event.clone();
        person_event.person_id = Some(person_id);
        audit::append(&tx, &person_event)?;
    }
    let record = load_case(&tx, case_id, true)?
        .ok_or_else(|| StoreError::Internal("case vanished".into()))?;
    tx.commit().map_err(db_err)?;
    Ok(record)
}

type CaseRow = (
    (i64, String, i64, Option<i64>, String, String, String, i64),
    (Option<String>, Option<String>, Option<String>),
);

pub const CASE_SELECT: &str = "SELECT id, country, team_id, therapist_id, referring_municipality, status, created_at, version,
    referred_on, treatment_start, discharged_on FROM cases";

fn case_row(r: &Row<'_>) -> rusqlite::Result<CaseRow> {
    Ok((
        (
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
        ),
        (r.get(8)?, r.get(9)?, r.get(10)?),
    ))
}

fn case_from(
    row: CaseRow,
    payers: Vec<String>,
    participants: Vec<Participant>,
) -> StoreResult<CaseRecord> {
    let (
        (id, country, team_id, therapist_id, referring_municipality, status, created, version),
        dates,
    ) = row;
    let day = |d: Option<String>| d.as_deref().map(parse_date).transpose();
    Ok(CaseRecord {
        id,
        country: parse_enum(&country, "country")?,
        team_id,
        therapist_id,
        referring_municipality,
        paying_municipalities: payers,
        status,
        created_at: parse_time(&created)?,
        version,
        referred_on: day(dates.0)?,
        treatment_start: day(dates.1)?,
        discharged_on: day(dates.2)?,
        participants,
    })
}

fn payers(conn: &Connection, case_id: i64) -> StoreResult<Vec<String>> {
    let mut stmt = conn
        .prepare("SELECT municipality_code FROM case_payers WHERE case_id = ?1 ORDER BY municipality_code")
        .map_err(db_err)?;
    let rows = stmt.query_map([case_id], |r| r.get(0)).map_err(db_err)?;
    rows.collect::<Result<Vec<String>, _>>().map_err(db_err)
}

fn participants(conn: &Connection, case_id: i64) -> StoreResult<Vec<Participant>> {
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {PERSON_COLUMNS}, cp.role FROM case_participants cp JOIN persons p ON p.id = cp.person_id
             WHERE cp.case_id = ?1 ORDER BY cp.role DESC, p.id"
        ))
        .map_err(db_err)?;
    let rows = stmt
        .query_map([case_id], |r| Ok((person_row(r)?, r.get::<_, String>(6)?)))
        .map_err(db_err)?;
    let mut out = Vec::new();
    for row in rows {
        let (p, role) = row.map_err(db_err)?;
        let role = ParticipantRole::parse(&role)
            .ok_or_else(|| StoreError::Internal(format!("unknown participant role '{role}'")))?;
        out.push(Participant {
            person: person_from(p)?,
            role,
        });
    }
    Ok(out)
}

pub fn load_case(conn: &Connection, id: i64, with_people: bool) -> StoreResult<Option<CaseRecord>> {
    let row = conn
        .query_row(&format!("{CASE_SELECT} WHERE id = ?1"), [id], case_row)
        .optional()
        .map_err(db_err)?;
    let Some(row) = row else { return Ok(None) };
    let people = if with_people {
        participants(conn, id)?
    } else {
        Vec::new()
    };
    case_from(row, payers(conn, id)?, people).map(Some)
}

pub fn case_for_access_check(conn: &Connection, id: i64) -> StoreResult<Option<CaseRecord>> {
    load_case(conn, id, false)
}

pub fn read_case(
    conn: &mut Connection,
    id: i64,
    event: &AuditEvent,
) -> StoreResult<Option<CaseRecord>> {
    let tx = conn.transaction().map_err(db_err)?;
    let Some(case) = load_case(&tx, id, true)? else {
        return Ok(None);
    };
    for p in &case.participants {
        let mut e = event.clone();
        e.object_id.get_or_insert(id);
        e.person_id = Some(p.person.id);
        audit::append(&tx, &e)?;
    }
    tx.commit().map_err(db_err)?;
    Ok(Some(case))
}

pub fn list_cases(conn: &Connection, filter: &CaseFilter) -> StoreResult<Vec<CaseRecord>> {
    let team_list = filter.team_ids.as_deref().map(id_list);
    let status_list = filter.statuses.as_ref().map(|s| {
        format!(
            "[{}]",
            s.iter()
                .map(|x| format!("\"{}\"", x.replace('"', "")))
                .collect::<Vec<_>>()
                .join(",")
        )
    });
    let mut stmt = conn
        .prepare(&format!(
            "{CASE_SELECT} c WHERE (?1 IS NULL OR c.country = ?1)
               AND (?2 IS NULL OR c.therapist_id = ?2)
               AND (?3 IS NULL OR c.referring_municipality = ?3
                    OR EXISTS (SELECT 1 FROM case_payers cp WHERE cp.case_id = c.id AND cp.municipality_code = ?3))
               AND (?4 IS NULL OR c.team_id IN (SELECT value FROM json_each('[' || ?4 || ']')))
               AND (?5 IS NULL OR c.status IN (SELECT value FROM json_each(?5)))
             ORDER BY c.id DESC"
        ))
        .map_err(db_err)?;
    let rows = stmt
        .query_map(
            params![
                filter.country.map(Country::code),
                filter.therapist_id,
                filter.municipality,
                team_list,
                status_list
            ],
            case_row,
        )
        .map_err(db_err)?;
    let rows = rows.collect::<Result<Vec<_>, _>>().map_err(db_err)?;
    let mut all_payers: HashMap<i64, Vec<String>> = HashMap::new();
    {
        // Only the listed cases' payers: a list must not read the whole table.
        let ids = format!(
            "[{}]",
            rows.iter()
                .map(|r| r.0.0.to_string())
                .collect::<Vec<_>>()
                .join(",")
        );
        let mut p = conn
            .prepare(
                "SELECT case_id, municipality_code FROM case_payers
                 WHERE case_id IN (SELECT value FROM json_each(?1)) ORDER BY municipality_code",
            )
            .map_err(db_err)?;
        let prow = p
            .query_map([ids], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
            .map_err(db_err)?;
        for r in prow {
            let (id, code) = r.map_err(db_err)?;
            all_payers.entry(id).or_default().push(code);
        }
    }
    rows.into_iter()
        .map(|row| {
            let payers = all_payers.remove(&row.0.0).unwrap_or_default();
            case_from(row, payers, Vec::new())
        })
        .collect()
}

pub fn find_person_by_national_id(
    conn: &Connection,
    country: Country,
    index: &str,
) -> StoreResult<Option<Person>> {
    conn.query_row(
        &format!("{PERSON_SELECT} WHERE p.country = ?1 AND p.national_id_index = ?2"),
        params![country.code(), index],
        person_row,
    )
    .optional()
    .map_err(db_err)?
    .map(person_from)
    .transpose()
}

pub fn get_person(conn: &Connection, id: i64) -> StoreResult<Option<Person>> {
    conn.query_row(
        &format!("{PERSON_SELECT} WHERE p.id = ?1"),
        [id],
        person_row,
    )
    .optional()
    .map_err(db_err)?
    .map(person_from)
    .transpose()
}

const GRANT_SELECT: &str = "SELECT g.id, g.case_id, c.team_id, g.user_id, u.display_name, g.reason, g.granted_at, g.expires_at
    FROM break_glass_grants g JOIN cases c ON c.id = g.case_id JOIN users u ON u.id = g.user_id";

type GrantRow = (i64, i64, i64, i64, String, String, String, String);

fn grant_row(r: &Row<'_>) -> rusqlite::Result<GrantRow> {
    columns(r)
}

fn grant_from(row: GrantRow) -> StoreResult<BreakGlassGrant> {
    let (id, case_id, team_id, user_id, user_name, reason, granted, expires) = row;
    Ok(BreakGlassGrant {
        id,
        case_id,
        team_id,
        user_id,
        user_name,
        reason,
        granted_at: parse_time(&granted)?,
        expires_at: parse_time(&expires)?,
    })
}

pub fn grant_break_glass(
    conn: &mut Connection,
    case_id: i64,
    user_id: UserId,
    reason: &str,
    expires_at: DateTime<Utc>,
    event: &AuditEvent,
) -> StoreResult<BreakGlassGrant> {
    let tx = conn.transaction().map_err(db_err)?;
    if load_case(&tx, case_id, false)?.is_none() {
        return Err(StoreError::NotFound(format!("case {case_id}")));
    }
    tx.execute(
        "INSERT INTO break_glass_grants (case_id, user_id, reason, granted_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![case_id, user_id, reason, time_text(event.at), time_text(expires_at)],
    )
    .map_err(db_err)?;
    let id = tx.last_insert_rowid();
    audit::append(&tx, event)?;
    let grant = tx
        .query_row(&format!("{GRANT_SELECT} WHERE g.id = ?1"), [id], grant_row)
        .map_err(db_err)?;
    tx.commit().map_err(db_err)?;
    grant_from(grant)
}

pub fn active_break_glass(
    conn: &Connection,
    case_id: i64,
    user_id: UserId,
    at: DateTime<Utc>,
) -> StoreResult<Option<BreakGlassGrant>> {
    conn.query_row(
        &format!("{GRANT_SELECT} WHERE g.case_id = ?1 AND g.user_id = ?2 AND g.granted_at <= ?3 AND g.expires_at > ?3
                  ORDER BY g.expires_at DESC LIMIT 1"),
        params![case_id, user_id, time_text(at)],
        grant_row,
    )
    .optional()
    .map_err(db_err)?
    .map(grant_from)
    .transpose()
}

pub fn break_glass_for_teams(
    conn: &Connection,
    team_ids: &[TeamId],
    since: DateTime<Utc>,
) -> StoreResult<Vec<BreakGlassGrant>> {
    let list = id_list(team_ids);
    let mut stmt = conn
        .prepare(&format!(
            "{GRANT_SELECT} WHERE c.team_id IN (SELECT value FROM json_each('[' || ?1 || ']')) AND g.granted_at >= ?2
             ORDER BY g.granted_at DESC"
        ))
        .map_err(db_err)?;
    let rows = stmt
        .query_map(params![list, time_text(since)], grant_row)
        .map_err(db_err)?;
    rows.map(|r| grant_from(r.map_err(db_err)?)).collect()
}

pub fn person_access_log(conn: &Connection, person_id: i64) -> StoreResult<Vec<StoredAuditEvent>> {
    audit::list_where(conn, "person_id = ?1", person_id)
}

#[async_trait::async_trait]
impl rundt_store::CaseStore for crate::SqliteStore {
    async fn create_case(&self, case: &NewCase, audit: &AuditEvent) -> StoreResult<CaseRecord> {
        let (c2, e) = (case.clone(), audit.clone());
        self.conns.write(move |c| create_case(c, &c2, &e)).await
    }

    async fn case_for_access_check(&self, id: i64) -> StoreResult<Option<CaseRecord>> {
        self.conns.read(move |c| case_for_access_check(c, id)).await
    }

    async fn read_case(&self, id: i64, audit: &AuditEvent) -> StoreResult<Option<CaseRecord>> {
        let e = audit.clone();
        self.conns.write(move |c| read_case(c, id, &e)).await
    }

    async fn list_cases(&self, filter: &CaseFilter) -> StoreResult<Vec<CaseRecord>> {
        let f = filter.clone();
        self.conns.read(move |c| list_cases(c, &f)).await
    }

    async fn find_person_by_national_id(
        &self,
        country: Country,
        index: &str,
    ) -> StoreResult<Option<Person>> {
        let i = index.to_owned();
        self.conns
            .read(move |c| find_person_by_national_id(c, country, &i))
            .await
    }

    async fn get_person(&self, id: i64) -> StoreResult<Option<Person>> {
        self.conns.read(move |c| get_person(c, id)).await
    }

    async fn grant_break_glass(
        &self,
        case_id: i64,
        user_id: UserId,
        reason: &str,
        expires_at: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> StoreResult<BreakGlassGrant> {
        let (r, e) = (reason.to_owned(), audit.clone());
        self.conns
            .write(move |c| grant_break_glass(c, case_id, user_id, &r, expires_at, &e))
            .await
    }

    async fn active_break_glass(
        &self,
        case_id: i64,
        user_id: UserId,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<BreakGlassGrant>> {
        self.conns
            .read(move |c| active_break_glass(c, case_id, user_id, at))
            .await
    }

    async fn break_glass_for_teams(
        &self,
        team_ids: &[TeamId],
        since: DateTime<Utc>,
    ) -> StoreResult<Vec<BreakGlassGrant>> {
        let ids = team_ids.to_vec();
        self.conns
            .read(move |c| break_glass_for_teams(c, &ids, since))
            .await
    }

    async fn person_access_log(&self, person_id: i64) -> StoreResult<Vec<StoredAuditEvent>> {
        self.conns
            .read(move |c| person_access_log(c, person_id))
            .await
    }
}
