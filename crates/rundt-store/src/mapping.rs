//! MST-CAN's mapping of the family's world: the ecological map, every
//! version kept as it was saved, and the children's voice, one entry
//! appended per occasion and never changed.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rundt_domain::audit::AuditEvent;
use rundt_domain::id::CaseId;
use rundt_domain::mapping::{ChildVoice, Mapping};
use rundt_domain::user::UserId;

use crate::StoreResult;
use crate::row::{Columns, FromRow};

/// One version of a family's mapping, as it was saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingVersion {
    pub case_id: CaseId,
    /// 1 for the first mapping; every change adds a version, none is
    /// replaced.
    pub version: i64,
    pub mapping: Mapping,
    pub saved_by: Option<UserId>,
    pub saved_at: DateTime<Utc>,
}

/// An entry of the children's voice as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildVoiceRecord {
    pub id: i64,
    pub case_id: CaseId,
    pub voice: ChildVoice,
    pub recorded_by: Option<UserId>,
    pub recorded_at: DateTime<Utc>,
}

#[async_trait]
pub trait MappingStore: Send + Sync {
    /// Saves a new version of the case's mapping: the first when
    /// `expected_version` is `None` and there is none, else the next after
    /// `expected_version`, which must be the latest (`VersionMismatch`
    /// otherwise). Who and when are the audit event's. Earlier versions are
    /// never changed.
    async fn save_mapping(
        &self,
        case_id: CaseId,
        mapping: &Mapping,
        expected_version: Option<i64>,
        audit: &AuditEvent,
    ) -> StoreResult<MappingVersion>;

    /// Every version of the case's mapping, newest first.
    async fn mappings(&self, case_id: CaseId) -> StoreResult<Vec<MappingVersion>>;

    /// Appends an entry of a child's voice (by and at: the audit event's).
    /// The child must take part in the case (`NotFound` otherwise); which
    /// of the case's people is a child is the use case's rule.
    async fn record_child_voice(
        &self,
        case_id: CaseId,
        voice: &ChildVoice,
        audit: &AuditEvent,
    ) -> StoreResult<ChildVoiceRecord>;

    /// The case's entries of the children's voice, newest first.
    async fn child_voices(&self, case_id: CaseId) -> StoreResult<Vec<ChildVoiceRecord>>;
}

/// The SQL both backends share for the mapping.
pub mod mapping_sql {
    pub const VOICE_SELECT: &str =
        "SELECT id, case_id, content, recorded_by, recorded_at FROM child_voices";
    /// Newest first: by the day the child was (not) heard, then as recorded.
    pub const VOICE_ORDER: &str = "ORDER BY on_date DESC, id DESC";
}

impl FromRow for MappingVersion {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(MappingVersion {
            case_id: c.read()?,
            version: c.read()?,
            mapping: c.json()?,
            saved_by: c.read()?,
            saved_at: c.read()?,
        })
    }
}

impl FromRow for ChildVoiceRecord {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(ChildVoiceRecord {
            id: c.read()?,
            case_id: c.read()?,
            voice: c.json()?,
            recorded_by: c.read()?,
            recorded_at: c.read()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::{MAPPINGS, StoreError};

    #[test]
    fn every_change_of_the_mapping_adds_a_version_after_the_latest() {
        assert_eq!(MAPPINGS.next_version(None, None).unwrap(), 1);
        assert_eq!(MAPPINGS.next_version(Some(2), Some(2)).unwrap(), 3);
        assert!(matches!(
            MAPPINGS.next_version(Some(2), Some(1)),
            Err(StoreError::VersionMismatch { current: 2 })
        ));
        assert!(matches!(
            MAPPINGS.next_version(Some(1), None),
            Err(StoreError::VersionMismatch { current: 1 })
        ));
        assert!(matches!(
            MAPPINGS.next_version(None, Some(1)),
            Err(StoreError::NotFound(_))
        ));
    }
}
