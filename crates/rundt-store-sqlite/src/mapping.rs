//! MST-CAN's mapping: versions of the family's ecological map and the
//! children's voice.

use rundt_domain::audit::AuditEvent;
use rundt_domain::id::CaseId;
use rundt_domain::mapping::{ChildVoice, Mapping};
use rundt_store::mapping_sql::{VOICE_ORDER, VOICE_SELECT};
use rundt_store::{
    ChildVoiceRecord, MappingStore, MappingVersion, StoreError, StoreResult, json_text,
};
use rusqlite::{Connection, params};

use crate::audit;
use crate::convert::{date_text, db_err, time_text};
use crate::forward::forward;
use crate::query::{fetch_all, fetch_one, fetch_opt};
use crate::treatment::require_case;
use crate::versioned::{save_version, versions};
use rundt_store::MAPPINGS;

pub fn save_mapping(
    tx: &Connection,
    case_id: CaseId,
    mapping: &Mapping,
    expected_version: Option<i64>,
    event: &AuditEvent,
) -> StoreResult<MappingVersion> {
    save_version(
        tx,
        MAPPINGS,
        case_id,
        json_text(mapping)?,
        expected_version,
        event,
    )
}

pub fn mappings(conn: &Connection, case_id: CaseId) -> StoreResult<Vec<MappingVersion>> {
    versions(conn, MAPPINGS, case_id)
}

pub fn record_child_voice(
    tx: &Connection,
    case_id: CaseId,
    voice: &ChildVoice,
    event: &AuditEvent,
) -> StoreResult<ChildVoiceRecord> {
    require_case(tx, case_id)?;
    let takes_part: bool = fetch_one(
        tx,
        "SELECT EXISTS (SELECT 1 FROM case_participants WHERE case_id = ?1 AND person_id = ?2)",
        params![case_id, voice.child],
    )?;
    if !takes_part {
        return Err(StoreError::NotFound(format!(
            "person {} in case {case_id}",
            voice.child
        )));
    }
    tx.execute(
        "INSERT INTO child_voices
             (case_id, child_id, on_date, heard, content, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            case_id,
            voice.child,
            date_text(voice.on),
            voice.is_heard(),
            json_text(voice)?,
            event.actor_user_id,
            time_text(event.at)
        ],
    )
    .map_err(db_err)?;
    let id = tx.last_insert_rowid();
    audit::append(tx, event)?;
    fetch_opt(tx, &format!("{VOICE_SELECT} WHERE id = ?1"), params![id])?
        .ok_or_else(|| StoreError::Internal("child voice vanished".into()))
}

pub fn child_voices(conn: &Connection, case_id: CaseId) -> StoreResult<Vec<ChildVoiceRecord>> {
    fetch_all(
        conn,
        &format!("{VOICE_SELECT} WHERE case_id = ?1 {VOICE_ORDER}"),
        [case_id],
    )
}

forward! {
    impl MappingStore {
        async fn save_mapping(&self, case_id: CaseId, mapping: &Mapping, expected_version: Option<i64>, audit: &AuditEvent) -> StoreResult<MappingVersion> => write save_mapping;
        async fn mappings(&self, case_id: CaseId) -> StoreResult<Vec<MappingVersion>> => read mappings;
        async fn record_child_voice(&self, case_id: CaseId, voice: &ChildVoice, audit: &AuditEvent) -> StoreResult<ChildVoiceRecord> => write record_child_voice;
        async fn child_voices(&self, case_id: CaseId) -> StoreResult<Vec<ChildVoiceRecord>> => read child_voices;
    }
}
