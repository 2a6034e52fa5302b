//! The supervision agenda's sources for a team's families, five queries
//! and the agenda's audit events in one write transaction.

use chrono::NaiveDate;
use rundt_domain::audit::AuditEvent;
use rundt_domain::id::CaseId;
use rundt_store::agenda_sql;
use rundt_store::{
    AgendaSources, AgendaStore, ContactReader, ContactRow, StoreResult, with_readers,
};
use rusqlite::{Connection, params};

use crate::audit;
use crate::convert::{date_text, id_list};
use crate::forward::forward;
use crate::query::fetch_all;

/// `case_id` among `?1`, the ids joined by commas.
const CASES: &str = "IN (SELECT value FROM json_each('[' || ?1 || ']'))";

pub fn agenda_sources(
    conn: &Connection,
    case_ids: &[CaseId],
    summaries_since: NaiveDate,
    events: &[AuditEvent],
) -> StoreResult<AgendaSources> {
    let list = id_list(case_ids);
    let summaries = fetch_all(
        conn,
        &agenda_sql::summaries(CASES, "?2"),
        params![list, date_text(summaries_since)],
    )?;
    let modules = fetch_all(conn, &agenda_sql::modules(CASES), [&list])?;
    let crisis_plans_saved = fetch_all(conn, &agenda_sql::crisis_plans_saved(CASES), [&list])?;
    let rows: Vec<ContactRow> = fetch_all(conn, &agenda_sql::crisis_contacts(CASES), [&list])?;
    let readers: Vec<ContactReader> =
        fetch_all(conn, &agenda_sql::crisis_contact_readers(CASES), [&list])?;
    audit::append_all(conn, events)?;
    Ok(AgendaSources {
        summaries,
        modules,
        crisis_plans_saved,
        crisis_contacts: with_readers(rows, &readers),
    })
}

forward! {
    impl AgendaStore {
        async fn agenda_sources(&self, case_ids: &[CaseId], summaries_since: NaiveDate, audit: &[AuditEvent]) -> StoreResult<AgendaSources> => write agenda_sources;
    }
}
