//! An MST family's crisis plan versions and crisis contacts with their
//! readers.

use chrono::{DateTime, Utc};
use rundt_domain::audit::AuditEvent;
use rundt_domain::crisis_contact::CrisisContact;
use rundt_domain::crisis_plan::CrisisPlan;
use rundt_domain::id::CaseId;
use rundt_domain::team::TeamId;
use rundt_store::crisis_sql::{CONTACT_SELECT, READERS_SELECT, TEAM_CONTACTS_SINCE};
use rundt_store::{
    CRISIS_PLANS, ContactReader, ContactRow, CrisisContactRecord, CrisisPlanVersion, CrisisStore,
    StoreError, StoreResult, TeamCrisisContact, json_text, with_readers,
};
use rusqlite::{Connection, params};

use crate::audit;
use crate::convert::{db_err, time_text};
use crate::forward::forward;
use crate::query::fetch_all;
use crate::treatment::require_case;
use crate::versioned::{save_version, versions};

/// Appends `event` once per person of the case (`NotFound` when there is
/// no such case).
fn audit_each_person(tx: &Connection, case_id: CaseId, event: &AuditEvent) -> StoreResult<()> {
    crate::cases::read_case(tx, case_id, event)?
        .map(|_| ())
        .ok_or_else(|| StoreError::NotFound(format!("case {case_id}")))
}

pub fn save_crisis_plan(
    tx: &Connection,
    case_id: CaseId,
    plan: &CrisisPlan,
    expected_version: Option<i64>,
    event: &AuditEvent,
) -> StoreResult<CrisisPlanVersion> {
    save_version(
        tx,
        CRISIS_PLANS,
        case_id,
        json_text(plan)?,
        expected_version,
        event,
    )
}

pub fn crisis_plans(conn: &Connection, case_id: CaseId) -> StoreResult<Vec<CrisisPlanVersion>> {
    versions(conn, CRISIS_PLANS, case_id)
}

pub fn read_crisis_plans(
    tx: &Connection,
    case_id: CaseId,
    event: &AuditEvent,
) -> StoreResult<Vec<CrisisPlanVersion>> {
    audit_each_person(tx, case_id, event)?;
    crisis_plans(tx, case_id)
}

fn contacts_where(
    conn: &Connection,
    case_id: CaseId,
    only: Option<i64>,
) -> StoreResult<Vec<CrisisContactRecord>> {
    let rows: Vec<ContactRow> = fetch_all(
        conn,
        &format!(
            "{CONTACT_SELECT} WHERE case_id = ?1 AND (?2 IS NULL OR id = ?2) \
             ORDER BY at DESC, id DESC"
        ),
        params![case_id, only],
    )?;
    let readers: Vec<ContactReader> = fetch_all(
        conn,
        &format!(
            "{READERS_SELECT} WHERE c.case_id = ?1 AND (?2 IS NULL OR c.id = ?2) \
             ORDER BY r.read_at, r.user_id"
        ),
        params![case_id, only],
    )?;
    Ok(with_readers(rows, &readers))
}

fn contact_of(conn: &Connection, case_id: CaseId, id: i64) -> StoreResult<CrisisContactRecord> {
    contacts_where(conn, case_id, Some(id))?
        .into_iter()
        .next()
        .ok_or_else(|| StoreError::NotFound(format!("crisis contact {id}")))
}

fn mark_read(
    tx: &Connection,
    case_id: CaseId,
    contact_id: i64,
    event: &AuditEvent,
) -> StoreResult<()> {
    let Some(user) = event.actor_user_id else {
        return Ok(());
    };
    tx.execute(
        "INSERT INTO crisis_contact_reads (case_id, contact_id, user_id, read_at) \
         VALUES (?1, ?2, ?3, ?4) ON CONFLICT (contact_id, user_id) DO NOTHING",
        params![case_id, contact_id, user, time_text(event.at)],
    )
    .map_err(db_err)?;
    Ok(())
}

pub fn log_crisis_contact(
    tx: &Connection,
    case_id: CaseId,
    contact: &CrisisContact,
    event: &AuditEvent,
) -> StoreResult<CrisisContactRecord> {
    require_case(tx, case_id)?;
    tx.execute(
        "INSERT INTO crisis_contacts (case_id, at, content, logged_by, logged_at) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            case_id,
            time_text(contact.at),
            json_text(contact)?,
            event.actor_user_id,
            time_text(event.at)
        ],
    )
    .map_err(db_err)?;
    let id = tx.last_insert_rowid();
    mark_read(tx, case_id, id, event)?;
    let mut e = event.clone();
    e.object_id.get_or_insert(case_id.get());
    audit::append(tx, &e)?;
    contact_of(tx, case_id, id)
}

pub fn crisis_contacts(
    conn: &Connection,
    case_id: CaseId,
) -> StoreResult<Vec<CrisisContactRecord>> {
    contacts_where(conn, case_id, None)
}

pub fn team_crisis_contacts_since(
    conn: &Connection,
    team_id: TeamId,
    since: DateTime<Utc>,
) -> StoreResult<Vec<TeamCrisisContact>> {
    let since = time_text(since);
    fetch_all(conn, TEAM_CONTACTS_SINCE, params![team_id, since])
}

pub fn read_crisis_contacts(
    tx: &Connection,
    case_id: CaseId,
    event: &AuditEvent,
) -> StoreResult<Vec<CrisisContactRecord>> {
    audit_each_person(tx, case_id, event)?;
    crisis_contacts(tx, case_id)
}

pub fn open_crisis_contact(
    tx: &Connection,
    case_id: CaseId,
    contact_id: i64,
    event: &AuditEvent,
) -> StoreResult<CrisisContactRecord> {
    contact_of(tx, case_id, contact_id)?;
    mark_read(tx, case_id, contact_id, event)?;
    audit_each_person(tx, case_id, event)?;
    contact_of(tx, case_id, contact_id)
}

forward! {
    impl CrisisStore {
        async fn save_crisis_plan(&self, case_id: CaseId, plan: &CrisisPlan, expected_version: Option<i64>, audit: &AuditEvent) -> StoreResult<CrisisPlanVersion> => write save_crisis_plan;
        async fn crisis_plans(&self, case_id: CaseId) -> StoreResult<Vec<CrisisPlanVersion>> => read crisis_plans;
        async fn read_crisis_plans(&self, case_id: CaseId, audit: &AuditEvent) -> StoreResult<Vec<CrisisPlanVersion>> => write read_crisis_plans;
        async fn log_crisis_contact(&self, case_id: CaseId, contact: &CrisisContact, audit: &AuditEvent) -> StoreResult<CrisisContactRecord> => write log_crisis_contact;
        async fn crisis_contacts(&self, case_id: CaseId) -> StoreResult<Vec<CrisisContactRecord>> => read crisis_contacts;
        async fn team_crisis_contacts_since(&self, team_id: TeamId, since: DateTime<Utc>) -> StoreResult<Vec<TeamCrisisContact>> => read team_crisis_contacts_since;
        async fn read_crisis_contacts(&self, case_id: CaseId, audit: &AuditEvent) -> StoreResult<Vec<CrisisContactRecord>> => write read_crisis_contacts;
        async fn open_crisis_contact(&self, case_id: CaseId, contact_id: i64, audit: &AuditEvent) -> StoreResult<CrisisContactRecord> => write open_crisis_contact;
    }
}
