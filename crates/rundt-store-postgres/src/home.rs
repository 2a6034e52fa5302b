//! The family's home details, in versions.

use async_trait::async_trait;
use rundt_domain::audit::AuditEvent;
use rundt_domain::home::HomeDetails;
use rundt_domain::id::CaseId;
use rundt_store::{HOME_DETAILS, HomeStore, HomeVersion, StoreResult, json_text};

use crate::PostgresStore;
use crate::versioned::{save_version, versions};

#[async_trait]
impl HomeStore for PostgresStore {
    async fn save_home(
        &self,
        case_id: CaseId,
        home: &HomeDetails,
        expected_version: Option<i64>,
        audit: &AuditEvent,
    ) -> StoreResult<HomeVersion> {
        let content = json_text(home)?;
        save_version(
            &self.pool,
            HOME_DETAILS,
            case_id,
            content,
            expected_version,
            audit,
        )
        .await
    }

    async fn homes(&self, case_id: CaseId) -> StoreResult<Vec<HomeVersion>> {
        versions(&self.pool, HOME_DETAILS, case_id).await
    }
}
