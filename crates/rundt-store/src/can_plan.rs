//! MST-CAN's treatment plan, every version kept, and the family's
//! treatment modules, each changed on the version it was read at.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rundt_domain::audit::AuditEvent;
use rundt_domain::can_plan::{Module, TreatmentPlan};
use rundt_domain::id::CaseId;
use rundt_domain::user::UserId;

use crate::StoreResult;
use crate::row::{Columns, FromRow};

/// One version of a family's treatment plan, as it was saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreatmentPlanVersion {
    pub case_id: CaseId,
    /// 1 for the first plan; every change adds a version.
    pub version: i64,
    pub plan: TreatmentPlan,
    pub saved_by: Option<UserId>,
    pub saved_at: DateTime<Utc>,
}

/// A treatment module as stored, with the version it is changed on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleRecord {
    pub id: i64,
    pub case_id: CaseId,
    pub module: Module,
    pub recorded_by: Option<UserId>,
    pub recorded_at: DateTime<Utc>,
    pub version: i64,
}

#[async_trait]
pub trait CanPlanStore: Send + Sync {
    /// Saves a new version of the case's treatment plan: the first when
    /// `expected_version` is `None` and there is none, else the next after
    /// `expected_version`, which must be the latest (`VersionMismatch`
    /// otherwise). Who and when are the audit event's.
    async fn save_treatment_plan(
        &self,
        case_id: CaseId,
        plan: &TreatmentPlan,
        expected_version: Option<i64>,
        audit: &AuditEvent,
    ) -> StoreResult<TreatmentPlanVersion>;

    /// Every version of the case's treatment plan, newest first.
    async fn treatment_plans(&self, case_id: CaseId) -> StoreResult<Vec<TreatmentPlanVersion>>;

    /// Records a module the family starts (or is planned to).
    async fn start_module(
        &self,
        case_id: CaseId,
        module: &Module,
        audit: &AuditEvent,
    ) -> StoreResult<ModuleRecord>;

    /// Replaces a module of the case if it is still at `expected_version`
    /// (`VersionMismatch` otherwise, `NotFound` when the case has no such
    /// module).
    async fn update_module(
        &self,
        case_id: CaseId,
        module_id: i64,
        module: &Module,
        expected_version: i64,
        audit: &AuditEvent,
    ) -> StoreResult<ModuleRecord>;

    /// The case's modules, in the order they started.
    async fn modules(&self, case_id: CaseId) -> StoreResult<Vec<ModuleRecord>>;
}

/// The SQL both backends share for the plan and modules.
pub mod can_plan_sql {
    pub const MODULE_SELECT: &str =
        "SELECT id, case_id, content, recorded_by, recorded_at, version FROM treatment_modules";
    /// The modules in the order they started, the first recorded first.
    pub const MODULE_ORDER: &str = "ORDER BY start_on, id";
}

impl FromRow for TreatmentPlanVersion {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(TreatmentPlanVersion {
            case_id: c.read()?,
            version: c.read()?,
            plan: c.json()?,
            saved_by: c.read()?,
            saved_at: c.read()?,
        })
    }
}

impl FromRow for ModuleRecord {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(ModuleRecord {
            id: c.read()?,
            case_id: c.read()?,
            module: c.json()?,
            recorded_by: c.read()?,
            recorded_at: c.read()?,
            version: c.read()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::{StoreError, TREATMENT_PLANS};

    #[test]
    fn every_change_of_the_plan_adds_a_version_after_the_latest() {
        assert_eq!(TREATMENT_PLANS.next_version(None, None).unwrap(), 1);
        assert_eq!(TREATMENT_PLANS.next_version(Some(2), Some(2)).unwrap(), 3);
        assert!(matches!(
            TREATMENT_PLANS.next_version(Some(2), Some(1)),
            Err(StoreError::VersionMismatch { current: 2 })
        ));
        assert!(matches!(
            TREATMENT_PLANS.next_version(None, Some(1)),
            Err(StoreError::NotFound(_))
        ));
    }
}
