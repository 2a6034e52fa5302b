//! A referral's hand-off: the team's acknowledgement and the information
//! the referring caseworker adds.

use rundt_domain::audit::AuditEvent;
use rundt_domain::id::CaseId;
use rundt_domain::msg;
use rundt_store::{
    ADDITION_SELECT, CaseRecord, ReferralAddition, ReferralStore, StoreError, StoreResult,
    expect_version,
};
use rusqlite::{Connection, params};

use crate::audit;
use crate::cases::load_case;
use crate::convert::{db_err, time_text};
use crate::forward::forward;
use crate::query::fetch_all;

/// The case at `expected_version`, for a change of its referral.
fn case_at(tx: &Connection, case_id: CaseId, expected_version: i64) -> StoreResult<CaseRecord> {
    let case = load_case(tx, case_id, false)?
        .ok_or_else(|| StoreError::NotFound(format!("case {case_id}")))?;
    expect_version(case.version, expected_version)?;
    Ok(case)
}

fn reloaded(tx: &Connection, case_id: CaseId) -> StoreResult<CaseRecord> {
    load_case(tx, case_id, false)?.ok_or_else(|| StoreError::Internal("case vanished".into()))
}

pub fn acknowledge_referral(
    tx: &Connection,
    case_id: CaseId,
    expected_version: i64,
    event: &AuditEvent,
) -> StoreResult<CaseRecord> {
    let case = case_at(tx, case_id, expected_version)?;
    if let Some(at) = case.acknowledged_at {
        return Err(StoreError::Conflict(msg!(
            "referral-acknowledged",
            on = case.country.local_date(at)
        )));
    }
    tx.execute(
        "UPDATE cases SET acknowledged_at = ?2, acknowledged_by = ?3, version = version + 1
         WHERE id = ?1 AND acknowledged_at IS NULL",
        params![case_id, time_text(event.at), event.actor_user_id],
    )
    .map_err(db_err)?;
    audit::append(tx, event)?;
    reloaded(tx, case_id)
}

pub fn add_referral_information(
    tx: &Connection,
    case_id: CaseId,
    expected_version: i64,
    text: &str,
    event: &AuditEvent,
) -> StoreResult<CaseRecord> {
    case_at(tx, case_id, expected_version)?;
    tx.execute(
        "INSERT INTO referral_additions (case_id, added_at, added_by, text) VALUES (?1, ?2, ?3, ?4)",
        params![case_id, time_text(event.at), event.actor_user_id, text],
    )
    .map_err(db_err)?;
    tx.execute(
        "UPDATE cases SET version = version + 1 WHERE id = ?1",
        [case_id],
    )
    .map_err(db_err)?;
    audit::append(tx, event)?;
    reloaded(tx, case_id)
}

pub fn referral_additions(
    conn: &Connection,
    case_id: CaseId,
) -> StoreResult<Vec<ReferralAddition>> {
    let sql = format!("{ADDITION_SELECT} WHERE case_id = ?1 ORDER BY id");
    fetch_all(conn, &sql, [case_id])
}

forward! {
    impl ReferralStore {
        async fn acknowledge_referral(&self, case_id: CaseId, expected_version: i64, audit: &AuditEvent) -> StoreResult<CaseRecord> => write acknowledge_referral;
        async fn add_referral_information(&self, case_id: CaseId, expected_version: i64, text: &str, audit: &AuditEvent) -> StoreResult<CaseRecord> => write add_referral_information;
        async fn referral_additions(&self, case_id: CaseId) -> StoreResult<Vec<ReferralAddition>> => read referral_additions;
    }
}
