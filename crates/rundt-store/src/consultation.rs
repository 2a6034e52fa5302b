//! The team's requests that its psychiatrist consult on a family, with the
//! answer and the end that closes the psychiatrist's access.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rundt_domain::audit::AuditEvent;
use rundt_domain::consultation::{ConsultationRequest, ConsultationState};
use rundt_domain::id::CaseId;
use rundt_domain::user::UserId;

use crate::StoreResult;
use crate::row::{Columns, FromRow};

/// A request to consult, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultationRecord {
    pub id: i64,
    pub case_id: CaseId,
    pub psychiatrist_id: UserId,
    pub question: String,
    pub requested_by: Option<UserId>,
    pub requested_at: DateTime<Utc>,
    pub answer: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
    pub ended_by: Option<UserId>,
    pub ended_at: Option<DateTime<Utc>>,
    pub version: i64,
}

impl ConsultationRecord {
    pub fn state(&self) -> ConsultationState {
        ConsultationState::of(self.answer.is_some(), self.ended_at.is_some())
    }
}

/// A change to a request: the psychiatrist's answer (which replaces an
/// earlier one), or the team's end of it. Who and when are the audit
/// event's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConsultationChange {
    Answer(String),
    End,
}

#[async_trait]
pub trait ConsultationStore: Send + Sync {
    /// Records the team's request (by and at: the audit event's);
    /// `NotFound` when there is no such case.
    async fn request_consultation(
        &self,
        case_id: CaseId,
        request: &ConsultationRequest,
        audit: &AuditEvent,
    ) -> StoreResult<ConsultationRecord>;

    /// Changes a request still at `expected_version` (`VersionMismatch`
    /// otherwise, `NotFound` when the case has no such request).
    async fn change_consultation(
        &self,
        case_id: CaseId,
        id: i64,
        change: &ConsultationChange,
        expected_version: i64,
        audit: &AuditEvent,
    ) -> StoreResult<ConsultationRecord>;

    /// The case's requests, newest first.
    async fn consultations(&self, case_id: CaseId) -> StoreResult<Vec<ConsultationRecord>>;

    /// The requests to `psychiatrist` not yet ended, newest first: the
    /// families they may read.
    async fn open_consultations_of(
        &self,
        psychiatrist: UserId,
    ) -> StoreResult<Vec<ConsultationRecord>>;
}

/// The SQL both backends share for consultations.
pub mod consultation_sql {
    pub const CONSULTATION_SELECT: &str = "SELECT id, case_id, psychiatrist_id, question, \
         requested_by, requested_at, answer, answered_at, ended_by, ended_at, version \
         FROM psychiatric_consultations";
}

impl FromRow for ConsultationRecord {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(ConsultationRecord {
            id: c.read()?,
            case_id: c.read()?,
            psychiatrist_id: c.read()?,
            question: c.read()?,
            requested_by: c.read()?,
            requested_at: c.read()?,
            answer: c.read()?,
            answered_at: c.read()?,
            ended_by: c.read()?,
            ended_at: c.read()?,
            version: c.read()?,
        })
    }
}
