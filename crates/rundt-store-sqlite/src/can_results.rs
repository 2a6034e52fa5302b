//! MST-CAN's results: the children's outcomes at discharge and follow-up
//! and the summary row of each discharged family.

use rundt_domain::discharge::{ChildFollowUp, ChildOutcome};
use rundt_domain::id::CaseId;
use rundt_domain::programme::MST_CAN;
use rundt_store::can_results_sql::{
    FOLLOW_UP_SELECT, INSERT_FOLLOW_UP, INSERT_OUTCOME, INSERT_RESULT, OUTCOME_SELECT,
    RESULT_SELECT,
};
use rundt_store::{
    CanInTreatmentRow, CanResultRow, CanResultsStore, CanWrite, CaseRecord, ChildFollowUpRecord,
    StoreResult, SummaryFilter, json_text, summary_month,
};
use rusqlite::{Connection, params};

use crate::convert::db_err;
use crate::forward::forward;
use crate::query::fetch_all;
use crate::results::{summary_rows, summary_where};

/// Stores the children's outcomes of a discharged MST-CAN family and its
/// summary row, inside the discharge's transaction.
pub fn write_discharge(
    tx: &Connection,
    case: &CaseRecord,
    discharged_on: chrono::NaiveDate,
    can: &CanWrite<ChildOutcome>,
) -> StoreResult<()> {
    for c in &can.children {
        tx.execute(
            &format!("{INSERT_OUTCOME} VALUES (?1, ?2, ?3, ?4)"),
            params![
                case.id,
                c.child,
                c.living_at_home,
                c.care_order_during_treatment
            ],
        )
        .map_err(db_err)?;
    }
    tx.execute(
        &format!("{INSERT_RESULT} VALUES (?1, ?2, ?3, ?4, ?5)"),
        params![
            case.id,
            case.team_id,
            case.referring_municipality,
            summary_month(discharged_on),
            json_text(&can.facts)?
        ],
    )
    .map_err(db_err)?;
    Ok(())
}

/// Stores the children's rows of a follow-up and the family's facts as
/// they now stand, inside the follow-up's transaction.
pub fn write_follow_up(
    tx: &Connection,
    case_id: CaseId,
    months: u8,
    can: &CanWrite<ChildFollowUp>,
) -> StoreResult<()> {
    for c in &can.children {
        tx.execute(
            &format!("{INSERT_FOLLOW_UP} VALUES (?1, ?2, ?3, ?4)"),
            params![case_id, months, c.child, c.care_order],
        )
        .map_err(db_err)?;
    }
    tx.execute(
        "UPDATE can_results SET facts = ?2 WHERE case_id = ?1",
        params![case_id, json_text(&can.facts)?],
    )
    .map_err(db_err)?;
    Ok(())
}

pub fn can_child_outcomes(conn: &Connection, case_id: CaseId) -> StoreResult<Vec<ChildOutcome>> {
    let sql = format!("{OUTCOME_SELECT} WHERE case_id = ?1 ORDER BY child_id");
    fetch_all(conn, &sql, [case_id])
}

pub fn can_child_follow_ups(
    conn: &Connection,
    case_id: CaseId,
) -> StoreResult<Vec<ChildFollowUpRecord>> {
    let sql = format!("{FOLLOW_UP_SELECT} WHERE case_id = ?1 ORDER BY months, child_id");
    fetch_all(conn, &sql, [case_id])
}

pub fn can_results(conn: &Connection, f: &SummaryFilter) -> StoreResult<Vec<CanResultRow>> {
    let sql = format!(
        "{RESULT_SELECT} WHERE {} ORDER BY s.month, s.team_id, s.case_id",
        summary_where(f, true)
    );
    summary_rows(conn, &sql, f)
}

pub fn can_in_treatment(
    conn: &Connection,
    f: &SummaryFilter,
) -> StoreResult<Vec<CanInTreatmentRow>> {
    let sql = format!(
        "SELECT c.team_id, c.referring_municipality, c.treatment_start,
             (SELECT min(json_extract(p.content, '$.agreed_with_family_on'))
                FROM safety_plans p WHERE p.case_id = c.id)
         FROM cases c JOIN teams t ON t.id = c.team_id
         WHERE t.country = ?1 AND t.programme_model = '{MST_CAN}'
           AND c.status = 'in_treatment' AND c.erased_on IS NULL
           AND c.treatment_start IS NOT NULL
           AND (?2 IS NULL OR c.team_id IN (SELECT value FROM json_each('[' || ?2 || ']')))
           AND (?3 IS NULL OR c.referring_municipality = ?3)
         ORDER BY c.team_id, c.id"
    );
    let teams = f.team_ids.as_deref().map(crate::convert::id_list);
    fetch_all(conn, &sql, params![f.country.code(), teams, f.municipality])
}

forward! {
    impl CanResultsStore {
        async fn can_child_outcomes(&self, case_id: CaseId) -> StoreResult<Vec<ChildOutcome>> => read can_child_outcomes;
        async fn can_child_follow_ups(&self, case_id: CaseId) -> StoreResult<Vec<ChildFollowUpRecord>> => read can_child_follow_ups;
        async fn can_results(&self, filter: &SummaryFilter) -> StoreResult<Vec<CanResultRow>> => read can_results;
        async fn can_in_treatment(&self, filter: &SummaryFilter) -> StoreResult<Vec<CanInTreatmentRow>> => read can_in_treatment;
    }
}
