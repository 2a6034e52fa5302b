//! MST-CAN's mapping: versions of the family's ecological map and the
//! children's voice.

use async_trait::async_trait;
use rundt_domain::audit::AuditEvent;
use rundt_domain::id::CaseId;
use rundt_domain::mapping::{ChildVoice, Mapping};
use rundt_store::mapping_sql::{VOICE_ORDER, VOICE_SELECT};
use rundt_store::{
    ChildVoiceRecord, MappingStore, MappingVersion, StoreError, StoreResult, json_text,
};

use crate::PostgresStore;
use crate::audit::append_audit_tx;
use crate::query::{client, exists, fetch_all, fetch_one, transaction};
use crate::safety::locked;
use crate::versioned::{save_version, versions};
use rundt_store::MAPPINGS;

#[async_trait]
impl MappingStore for PostgresStore {
    async fn save_mapping(
        &self,
        case_id: CaseId,
        mapping: &Mapping,
        expected_version: Option<i64>,
        audit: &AuditEvent,
    ) -> StoreResult<MappingVersion> {
        let content = json_text(mapping)?;
        save_version(
            &self.pool,
            MAPPINGS,
            case_id,
            content,
            expected_version,
            audit,
        )
        .await
    }

    async fn mappings(&self, case_id: CaseId) -> StoreResult<Vec<MappingVersion>> {
        versions(&self.pool, MAPPINGS, case_id).await
    }

    async fn record_child_voice(
        &self,
        case_id: CaseId,
        voice: &ChildVoice,
        audit: &AuditEvent,
    ) -> StoreResult<ChildVoiceRecord> {
        transaction(&self.pool, async |tx| {
            locked(tx, case_id).await?;
            let takes_part = exists(
                tx,
                "SELECT 1 FROM case_participants WHERE case_id = $1 AND person_id = $2",
                &[&case_id, &voice.child],
            )
            .await?;
            if !takes_part {
                return Err(StoreError::NotFound(format!(
                    "person {} in case {case_id}",
                    voice.child
                )));
            }
            let id: i64 = fetch_one(
                tx,
                "INSERT INTO child_voices \
                 (case_id, child_id, on_date, heard, content, recorded_by, recorded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                &[
                    &case_id,
                    &voice.child,
                    &voice.on,
                    &voice.is_heard(),
                    &json_text(voice)?,
                    &audit.actor_user_id,
                    &audit.at,
                ],
            )
            .await?;
            append_audit_tx(tx, audit).await?;
            let sql = format!("{VOICE_SELECT} WHERE id = $1");
            fetch_one(tx, &sql, &[&id]).await
        })
        .await
    }

    async fn child_voices(&self, case_id: CaseId) -> StoreResult<Vec<ChildVoiceRecord>> {
        let sql = format!("{VOICE_SELECT} WHERE case_id = $1 {VOICE_ORDER}");
        fetch_all(&client(&self.pool).await?, &sql, &[&case_id]).await
    }
}
