//! The team's requests that its psychiatrist consult on a family.

use rundt_domain::audit::AuditEvent;
use rundt_domain::consultation::ConsultationRequest;
use rundt_domain::id::CaseId;
use rundt_domain::user::UserId;
use rundt_store::consultation_sql::CONSULTATION_SELECT;
use rundt_store::{
    ConsultationChange, ConsultationRecord, ConsultationStore, StoreError, StoreResult, stale,
};
use rusqlite::{Connection, params};

use crate::audit;
use crate::convert::{db_err, time_text};
use crate::forward::forward;
use crate::query::{fetch_all, fetch_opt};
use crate::treatment::require_case;

fn consultation_of(
    conn: &Connection,
    case_id: CaseId,
    id: i64,
) -> StoreResult<Option<ConsultationRecord>> {
    fetch_opt(
        conn,
        &format!("{CONSULTATION_SELECT} WHERE id = ?1 AND case_id = ?2"),
        params![id, case_id],
    )
}

fn vanished() -> StoreError {
    StoreError::Internal("consultation vanished".into())
}

pub fn request_consultation(
    tx: &Connection,
    case_id: CaseId,
    request: &ConsultationRequest,
    event: &AuditEvent,
) -> StoreResult<ConsultationRecord> {
    require_case(tx, case_id)?;
    tx.execute(
        "INSERT INTO psychiatric_consultations \
         (case_id, psychiatrist_id, question, requested_by, requested_at) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            case_id,
            request.psychiatrist_id,
            request.question,
            event.actor_user_id,
            time_text(event.at)
        ],
    )
    .map_err(db_err)?;
    let id = tx.last_insert_rowid();
    let mut e = event.clone();
    e.object_id.get_or_insert(case_id.get());
    audit::append(tx, &e)?;
    consultation_of(tx, case_id, id)?.ok_or_else(vanished)
}

pub fn change_consultation(
    tx: &Connection,
    case_id: CaseId,
    id: i64,
    change: &ConsultationChange,
    expected_version: i64,
    event: &AuditEvent,
) -> StoreResult<ConsultationRecord> {
    let stored = consultation_of(tx, case_id, id)?
        .ok_or_else(|| StoreError::NotFound(format!("consultation {id}")))?;
    if stored.version != expected_version {
        return Err(stale(stored.version));
    }
    let at = time_text(event.at);
    match change {
        ConsultationChange::Answer(answer) => tx.execute(
            "UPDATE psychiatric_consultations \
             SET answer = ?2, answered_at = ?3, version = version + 1 WHERE id = ?1",
            params![id, answer, at],
        ),
        ConsultationChange::End => tx.execute(
            "UPDATE psychiatric_consultations \
             SET ended_by = ?2, ended_at = ?3, version = version + 1 WHERE id = ?1",
            params![id, event.actor_user_id, at],
        ),
    }
    .map_err(db_err)?;
    audit::append(tx, event)?;
    consultation_of(tx, case_id, id)?.ok_or_else(vanished)
}

pub fn consultations(conn: &Connection, case_id: CaseId) -> StoreResult<Vec<ConsultationRecord>> {
    fetch_all(
        conn,
        &format!("{CONSULTATION_SELECT} WHERE case_id = ?1 ORDER BY requested_at DESC, id DESC"),
        [case_id],
    )
}

pub fn open_consultations_of(
    conn: &Connection,
    psychiatrist: UserId,
) -> StoreResult<Vec<ConsultationRecord>> {
    fetch_all(
        conn,
        &format!(
            "{CONSULTATION_SELECT} WHERE psychiatrist_id = ?1 AND ended_at IS NULL \
             ORDER BY requested_at DESC, id DESC"
        ),
        [psychiatrist],
    )
}

forward! {
    impl ConsultationStore {
        async fn request_consultation(&self, case_id: CaseId, request: &ConsultationRequest, audit: &AuditEvent) -> StoreResult<ConsultationRecord> => write request_consultation;
        async fn change_consultation(&self, case_id: CaseId, id: i64, change: &ConsultationChange, expected_version: i64, audit: &AuditEvent) -> StoreResult<ConsultationRecord> => write change_consultation;
        async fn consultations(&self, case_id: CaseId) -> StoreResult<Vec<ConsultationRecord>> => read consultations;
        async fn open_consultations_of(&self, psychiatrist: UserId) -> StoreResult<Vec<ConsultationRecord>> => read open_consultations_of;
    }
}
