//! The family's home details, in versions.

use rundt_domain::audit::AuditEvent;
use rundt_domain::home::HomeDetails;
use rundt_domain::id::CaseId;
use rundt_store::{HOME_DETAILS, HomeStore, HomeVersion, StoreResult, json_text};
use rusqlite::Connection;

use crate::forward::forward;
use crate::versioned::{save_version, versions};

pub fn save_home(
    tx: &Connection,
    case_id: CaseId,
    home: &HomeDetails,
    expected_version: Option<i64>,
    event: &AuditEvent,
) -> StoreResult<HomeVersion> {
    save_version(
        tx,
        HOME_DETAILS,
        case_id,
        json_text(home)?,
        expected_version,
        event,
    )
}

pub fn homes(conn: &Connection, case_id: CaseId) -> StoreResult<Vec<HomeVersion>> {
    versions(conn, HOME_DETAILS, case_id)
}

forward! {
    impl HomeStore {
        async fn save_home(&self, case_id: CaseId, home: &HomeDetails, expected_version: Option<i64>, audit: &AuditEvent) -> StoreResult<HomeVersion> => write save_home;
        async fn homes(&self, case_id: CaseId) -> StoreResult<Vec<HomeVersion>> => read homes;
    }
}
