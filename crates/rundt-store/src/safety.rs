//! MST-CAN's safety records: the safety plan, every version kept, and the
//! incidents with their notification to child welfare.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rundt_domain::audit::AuditEvent;
use rundt_domain::id::CaseId;
use rundt_domain::incident::{Incident, Notification};
use rundt_domain::safety::SafetyPlan;
use rundt_domain::user::UserId;

use crate::StoreResult;
use crate::row::{Columns, FromRow};

/// One version of a family's safety plan, as it was saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafetyPlanVersion {
    pub case_id: CaseId,
    /// 1 for the first plan; every change adds a version, none is replaced.
    pub version: i64,
    pub plan: SafetyPlan,
    pub saved_by: Option<UserId>,
    pub saved_at: DateTime<Utc>,
}

/// An incident as stored, with the version its notification is changed on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentRecord {
    pub id: i64,
    pub case_id: CaseId,
    pub incident: Incident,
    pub recorded_by: Option<UserId>,
    pub recorded_at: DateTime<Utc>,
    pub version: i64,
}

#[async_trait]
pub trait SafetyStore: Send + Sync {
    /// Saves a new version of the case's safety plan: the first when
    /// `expected_version` is `None` and there is none, else the next after
    /// `expected_version`, which must be the latest (`VersionMismatch`
    /// otherwise). Who and when are the audit event's. Earlier versions are
    /// never changed.
    async fn save_safety_plan(
        &self,
        case_id: CaseId,
        plan: &SafetyPlan,
        expected_version: Option<i64>,
        audit: &AuditEvent,
    ) -> StoreResult<SafetyPlanVersion>;

    /// Every version of the case's safety plan, newest first.
    async fn safety_plans(&self, case_id: CaseId) -> StoreResult<Vec<SafetyPlanVersion>>;

    /// Records an incident (by and at: the audit event's).
    async fn record_incident(
        &self,
        case_id: CaseId,
        incident: &Incident,
        audit: &AuditEvent,
    ) -> StoreResult<IncidentRecord>;

    /// Records the notification of an incident if it is still at
    /// `expected_version` (`VersionMismatch` otherwise, `NotFound` when
    /// there is no such incident in the case).
    async fn record_notification(
        &self,
        case_id: CaseId,
        incident_id: i64,
        notification: &Notification,
        expected_version: i64,
        audit: &AuditEvent,
    ) -> StoreResult<IncidentRecord>;

    /// The case's incidents, newest first.
    async fn incidents(&self, case_id: CaseId) -> StoreResult<Vec<IncidentRecord>>;
}

/// The SQL both backends share for safety records.
pub mod safety_sql {
    pub const INCIDENT_SELECT: &str =
        "SELECT id, case_id, content, recorded_by, recorded_at, version FROM incidents";
}

impl FromRow for SafetyPlanVersion {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(SafetyPlanVersion {
            case_id: c.read()?,
            version: c.read()?,
            plan: c.json()?,
            saved_by: c.read()?,
            saved_at: c.read()?,
        })
    }
}

impl FromRow for IncidentRecord {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(IncidentRecord {
            id: c.read()?,
            case_id: c.read()?,
            incident: c.json()?,
            recorded_by: c.read()?,
            recorded_at: c.read()?,
            version: c.read()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::{SAFETY_PLANS, StoreError};

    #[test]
    fn every_change_adds_a_version_after_the_latest() {
        assert_eq!(SAFETY_PLANS.next_version(None, None).unwrap(), 1);
        assert_eq!(SAFETY_PLANS.next_version(Some(3), Some(3)).unwrap(), 4);
        assert!(matches!(
            SAFETY_PLANS.next_version(Some(3), Some(2)),
            Err(StoreError::VersionMismatch { current: 3 })
        ));
        assert!(matches!(
            SAFETY_PLANS.next_version(Some(1), None),
            Err(StoreError::VersionMismatch { current: 1 })
        ));
        assert!(matches!(
            SAFETY_PLANS.next_version(None, Some(1)),
            Err(StoreError::NotFound(_))
        ));
    }
}
