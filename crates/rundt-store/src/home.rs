//! Where the family lives and how to reach them, every version kept as it
//! was saved.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rundt_domain::audit::AuditEvent;
use rundt_domain::home::HomeDetails;
use rundt_domain::id::CaseId;
use rundt_domain::user::UserId;

use crate::StoreResult;
use crate::row::{Columns, FromRow};

/// One version of a family's home details, as it was saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HomeVersion {
    pub case_id: CaseId,
    /// 1 for the first; every change adds a version, none is replaced.
    pub version: i64,
    pub home: HomeDetails,
    pub saved_by: Option<UserId>,
    pub saved_at: DateTime<Utc>,
}

#[async_trait]
pub trait HomeStore: Send + Sync {
    /// Saves a new version of the family's home details: the first when
    /// `expected_version` is `None` and there is none, else the next after
    /// `expected_version`, which must be the latest (`VersionMismatch`
    /// otherwise). Who and when are the audit event's.
    async fn save_home(
        &self,
        case_id: CaseId,
        home: &HomeDetails,
        expected_version: Option<i64>,
        audit: &AuditEvent,
    ) -> StoreResult<HomeVersion>;

    /// Every version of the family's home details, newest first.
    async fn homes(&self, case_id: CaseId) -> StoreResult<Vec<HomeVersion>>;
}

impl FromRow for HomeVersion {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(HomeVersion {
            case_id: c.read()?,
            version: c.read()?,
            home: c.json()?,
            saved_by: c.read()?,
            saved_at: c.read()?,
        })
    }
}
