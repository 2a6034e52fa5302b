//! Retention: ended cases and their last entry, anonymising a case,
//! deleting old sign-in records, legal holds.

use chrono::{DateTime, Utc};
use rundt_domain::audit::AuditEvent;
use rundt_domain::id::{CaseId, PersonId};
use rundt_domain::msg;
use rundt_store::retention_sql as sql;
use rundt_store::{
    Backend, CaseErasure, ErasedCase, HoldChange, LegalHold, RetentionCandidate, RetentionStore,
    StoreError, StoreResult,
};
use rusqlite::{Connection, params};

use crate::audit;
use crate::convert::{date_text, db_err, time_text};
use crate::forward::forward;
use crate::query::{execute_unique, fetch_all, fetch_one, fetch_opt};

pub fn candidates(conn: &Connection) -> StoreResult<Vec<RetentionCandidate>> {
    let sql = format!(
        "SELECT {} FROM cases c WHERE c.erased_on IS NULL AND c.status IN {} ORDER BY c.id",
        sql::candidate_columns(Backend::Sqlite),
        sql::ENDED
    );
    fetch_all(conn, &sql, [])
}

fn candidate(conn: &Connection, id: CaseId) -> StoreResult<Option<(RetentionCandidate, bool)>> {
    let sql = format!(
        "SELECT {}, c.erased_on IS NOT NULL FROM cases c WHERE c.id = ?1",
        sql::candidate_columns(Backend::Sqlite)
    );
    let mut stmt = conn.prepare_cached(&sql).map_err(db_err)?;
    let mut rows = stmt.query([id]).map_err(db_err)?;
    match rows.next().map_err(db_err)? {
        None => Ok(None),
        Some(row) => {
            let candidate = crate::query::read::<RetentionCandidate>(row)?;
            let erased: bool = row.get(6).map_err(db_err)?;
            Ok(Some((candidate, erased)))
        }
    }
}

pub fn erase_case(tx: &Connection, e: &CaseErasure, event: &AuditEvent) -> StoreResult<ErasedCase> {
    let (case, erased) = candidate(tx, e.case_id)?
        .ok_or_else(|| StoreError::NotFound(format!("case {}", e.case_id)))?;
    rundt_store::check_erasable(&case, erased, e)?;
    tx.execute(
        "UPDATE cases SET erased_on = ?2, erasure_rule = ?3, version = version + 1 WHERE id = ?1",
        params![e.case_id, date_text(e.on), e.rule],
    )
    .map_err(db_err)?;
    let people: Vec<PersonId> = fetch_all(
        tx,
        "SELECT person_id FROM case_participants WHERE case_id = ?1 ORDER BY person_id",
        [e.case_id],
    )?;
    for table in sql::CASE_DOCUMENTS {
        tx.execute(
            &format!("DELETE FROM {table} WHERE case_id = ?1"),
            [e.case_id],
        )
        .map_err(db_err)?;
    }
    tx.execute(
        "UPDATE case_status_history SET note = NULL WHERE case_id = ?1",
        [e.case_id],
    )
    .map_err(db_err)?;
    tx.execute(
        "DELETE FROM case_participants WHERE case_id = ?1",
        [e.case_id],
    )
    .map_err(db_err)?;
    let mut out = ErasedCase::default();
    for person in &people {
        let elsewhere: bool = fetch_one(
            tx,
            "SELECT EXISTS (SELECT 1 FROM case_participants WHERE person_id = ?1)
                 OR EXISTS (SELECT 1 FROM adherence_interviews WHERE respondent_id = ?1)",
            [person],
        )?;
        if elsewhere {
            out.persons_kept.push(*person);
        } else {
            tx.execute("DELETE FROM persons WHERE id = ?1", [person])
                .map_err(db_err)?;
            out.persons_removed.push(*person);
        }
    }
    audit::append_all(tx, &rundt_store::erasure_events(event, e.case_id, &people))?;
    Ok(out)
}

const SIGN_IN_WHERE_ATTEMPTS: &str = "FROM login_attempts WHERE at < ?1";
const SIGN_IN_WHERE_SESSIONS: &str =
    "FROM sessions WHERE expires_at < ?1 OR (revoked_at IS NOT NULL AND revoked_at < ?1)";

pub fn count_sign_in_records(conn: &Connection, before: DateTime<Utc>) -> StoreResult<u64> {
    let before = time_text(before);
    let attempts: i64 = fetch_one(
        conn,
        &format!("SELECT count(*) {SIGN_IN_WHERE_ATTEMPTS}"),
        [&before],
    )?;
    let sessions: i64 = fetch_one(
        conn,
        &format!("SELECT count(*) {SIGN_IN_WHERE_SESSIONS}"),
        [&before],
    )?;
    Ok((attempts + sessions).unsigned_abs())
}

pub fn delete_sign_in_records(
    tx: &Connection,
    before: DateTime<Utc>,
    event: &AuditEvent,
) -> StoreResult<u64> {
    let before = time_text(before);
    let attempts = tx
        .execute(&format!("DELETE {SIGN_IN_WHERE_ATTEMPTS}"), [&before])
        .map_err(db_err)?;
    let sessions = tx
        .execute(&format!("DELETE {SIGN_IN_WHERE_SESSIONS}"), [&before])
        .map_err(db_err)?;
    audit::append(tx, event)?;
    Ok((attempts + sessions) as u64)
}

fn hold_of(conn: &Connection, id: i64) -> StoreResult<LegalHold> {
    let sql = format!("{} WHERE h.id = ?1", sql::HOLD_SELECT);
    fetch_one(conn, &sql, [id])
}

pub fn place_legal_hold(
    tx: &Connection,
    h: &HoldChange,
    event: &AuditEvent,
) -> StoreResult<LegalHold> {
    let exists: Option<i64> = fetch_opt(tx, "SELECT id FROM cases WHERE id = ?1", [h.case_id])?;
    if exists.is_none() {
        return Err(StoreError::NotFound(format!("case {}", h.case_id)));
    }
    execute_unique(
        tx,
        "INSERT INTO legal_holds (case_id, reason, placed_by, placed_at) VALUES (?1, ?2, ?3, ?4)",
        params![h.case_id, h.reason, h.by, time_text(h.at)],
        || StoreError::Conflict(msg!("legal-hold-on")),
    )?;
    let hold = hold_of(tx, tx.last_insert_rowid())?;
    audit::append(tx, event)?;
    Ok(hold)
}

pub fn lift_legal_hold(
    tx: &Connection,
    h: &HoldChange,
    event: &AuditEvent,
) -> StoreResult<LegalHold> {
    let id: i64 = fetch_opt(
        tx,
        "SELECT id FROM legal_holds WHERE case_id = ?1 AND lifted_at IS NULL",
        [h.case_id],
    )?
    .ok_or_else(|| StoreError::Conflict(msg!("legal-hold-none")))?;
    tx.execute(
        "UPDATE legal_holds SET lifted_by = ?2, lifted_at = ?3, lift_reason = ?4 WHERE id = ?1",
        params![id, h.by, time_text(h.at), h.reason],
    )
    .map_err(db_err)?;
    let hold = hold_of(tx, id)?;
    audit::append(tx, event)?;
    Ok(hold)
}

pub fn legal_holds(conn: &Connection, active_only: bool) -> StoreResult<Vec<LegalHold>> {
    let sql = format!(
        "{} WHERE (?1 = 0 OR h.lifted_at IS NULL) ORDER BY h.id DESC",
        sql::HOLD_SELECT
    );
    fetch_all(conn, &sql, [active_only])
}

forward! {
    impl RetentionStore {
        async fn retention_candidates(&self) -> StoreResult<Vec<RetentionCandidate>> => read candidates;
        async fn erase_case(&self, erasure: &CaseErasure, audit: &AuditEvent) -> StoreResult<ErasedCase> => write erase_case;
        async fn count_sign_in_records(&self, before: DateTime<Utc>) -> StoreResult<u64> => read count_sign_in_records;
        async fn delete_sign_in_records(&self, before: DateTime<Utc>, audit: &AuditEvent) -> StoreResult<u64> => write delete_sign_in_records;
        async fn place_legal_hold(&self, hold: &HoldChange, audit: &AuditEvent) -> StoreResult<LegalHold> => write place_legal_hold;
        async fn lift_legal_hold(&self, lift: &HoldChange, audit: &AuditEvent) -> StoreResult<LegalHold> => write lift_legal_hold;
        async fn legal_holds(&self, active_only: bool) -> StoreResult<Vec<LegalHold>> => read legal_holds;
        async fn scrub_removed(&self) -> StoreResult<()> => on_writer crate::conn::checkpoint_truncate;
    }
}
