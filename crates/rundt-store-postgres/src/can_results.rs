//! MST-CAN's results: the children's outcomes at discharge and follow-up
//! and the summary row of each discharged family.

use async_trait::async_trait;
use chrono::NaiveDate;
use deadpool_postgres::Transaction;
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

use crate::PostgresStore;
use crate::query::{Params, client, execute, fetch_all};
use crate::results::summary_rows;

/// What a discharge or a follow-up of an MST-CAN family stores beside its
/// own record.
pub(crate) enum CanStage<'a> {
    Discharge(&'a CanWrite<ChildOutcome>, NaiveDate),
    FollowUp(&'a CanWrite<ChildFollowUp>, u8),
}

/// Stores the children's rows and the family's summary row inside the
/// stage's transaction: inserted at discharge, its facts replaced at a
/// follow-up.
pub(crate) async fn write(
    tx: &Transaction<'_>,
    case: &CaseRecord,
    stage: &CanStage<'_>,
) -> StoreResult<()> {
    match stage {
        CanStage::Discharge(can, discharged_on) => {
            let sql = format!("{INSERT_OUTCOME} VALUES ($1, $2, $3, $4)");
            for c in &can.children {
                let row: [&(dyn tokio_postgres::types::ToSql + Sync); 4] = [
                    &case.id,
                    &c.child,
                    &c.living_at_home,
                    &c.care_order_during_treatment,
                ];
                execute(tx, &sql, &row).await?;
            }
            let sql = format!("{INSERT_RESULT} VALUES ($1, $2, $3, $4, $5)");
            let month = summary_month(*discharged_on);
            let facts = json_text(&can.facts)?;
            execute(
                tx,
                &sql,
                &[
                    &case.id,
                    &case.team_id,
                    &case.referring_municipality,
                    &month,
                    &facts,
                ],
            )
            .await?;
        }
        CanStage::FollowUp(can, months) => {
            let sql = format!("{INSERT_FOLLOW_UP} VALUES ($1, $2, $3, $4)");
            let months = i16::from(*months);
            for c in &can.children {
                execute(tx, &sql, &[&case.id, &months, &c.child, &c.care_order]).await?;
            }
            let facts = json_text(&can.facts)?;
            execute(
                tx,
                "UPDATE can_results SET facts = $2 WHERE case_id = $1",
                &[&case.id, &facts],
            )
            .await?;
        }
    }
    Ok(())
}

#[async_trait]
impl CanResultsStore for PostgresStore {
    async fn can_child_outcomes(&self, case_id: CaseId) -> StoreResult<Vec<ChildOutcome>> {
        let sql = format!("{OUTCOME_SELECT} WHERE case_id = $1 ORDER BY child_id");
        fetch_all(&client(&self.pool).await?, &sql, &[&case_id]).await
    }

    async fn can_child_follow_ups(&self, case_id: CaseId) -> StoreResult<Vec<ChildFollowUpRecord>> {
        let sql = child_follow_ups_sql();
        fetch_all(&client(&self.pool).await?, &sql, &[&case_id]).await
    }

    async fn can_results(&self, filter: &SummaryFilter) -> StoreResult<Vec<CanResultRow>> {
        let select = |condition: &str| {
            format!(
                "{RESULT_SELECT} WHERE {condition} \
                 ORDER BY s.month COLLATE \"C\", s.team_id, s.case_id"
            )
        };
        summary_rows(&client(&self.pool).await?, select, filter, true).await
    }

    async fn can_in_treatment(
        &self,
        filter: &SummaryFilter,
    ) -> StoreResult<Vec<CanInTreatmentRow>> {
        let sql = format!(
            "SELECT c.team_id, c.referring_municipality, c.treatment_start, \
             (SELECT min((p.content::jsonb ->> 'agreed_with_family_on')::date) \
                FROM safety_plans p WHERE p.case_id = c.id) \
             FROM cases c JOIN teams t ON t.id = c.team_id \
             WHERE t.country = $1 AND t.programme_model = '{MST_CAN}' \
               AND c.status = 'in_treatment' AND c.erased_on IS NULL \
               AND c.treatment_start IS NOT NULL \
               AND ($2::bigint[] IS NULL OR c.team_id = ANY($2)) \
               AND ($3::text IS NULL OR c.referring_municipality = $3) \
             ORDER BY c.team_id, c.id"
        );
        let f = filter;
        let params: Params<'_> = &[&f.country.code(), &f.team_ids, &f.municipality];
        fetch_all(&client(&self.pool).await?, &sql, params).await
    }
}

/// The children's follow-ups of one case (`$1`), by follow-up and child.
pub(crate) fn child_follow_ups_sql() -> String {
    format!("{FOLLOW_UP_SELECT} WHERE case_id = $1 ORDER BY months, child_id")
}
