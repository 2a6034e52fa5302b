//! Adherence interviews, family-experience surveys, the summary tables and
//! the per-family results table.
//!
//! Semantics, messages and orderings mirror the SQLite backend. Writes lock
//! the case row first (as in [`crate::treatment`]), then add to one summary
//! row, then append the audit event as their last statement, so every writer
//! takes its locks in the same order.

use async_trait::async_trait;
use chrono::NaiveDate;
use deadpool_postgres::{GenericClient, Transaction};
use rundt_domain::audit::AuditEvent;
use rundt_domain::country::Country;
use rundt_domain::id::{CaseId, PersonId, UserId};
use rundt_domain::msg;
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::team::TeamId;
use std::sync::LazyLock;

use rundt_store::{
    ADHERENCE_COLUMNS, AdherenceInterviewRecord, AdherenceRollupRow, AdherenceSummaryRow,
    CaseRecord, EXPERIENCE_SELECT, FamilyExperienceRecord, FamilyResultRow, FamilyResults,
    FamilyResultsFilter, INTERVIEW_SELECT, INTERVIEW_STATE_COLUMNS, InterviewState,
    NewAdherenceInterview, NewSupervisorRating, OUTCOME_COLUMNS, OutcomeSummaryRow, ResultsStore,
    RowPage, SUPERVISION_COLUMNS, StoreError, StoreResult, SummaryDelta, SummaryFilter, SummaryKey,
    SupervisionSummaryRow, experience_delta, family_results_sqls, interview_delta, json_text,
    summary_columns, summary_month,
};
use tokio_postgres::types::ToSql;

use crate::PostgresStore;
use crate::audit::{append_audit_all_tx, append_audit_tx};
use crate::cases::load_case;
use crate::query::{client, execute, execute_unique, fetch_all, fetch_one, fetch_opt, transaction};
use crate::treatment::lock_case;

/// Adds a delta to its summary row (and its roll-ups), inside the caller's
/// transaction, and raises the summary tables' version in it. The version's
/// row stays locked until the transaction ends, so versions rise in the
/// order the writes commit.
pub(crate) async fn apply_delta(tx: &Transaction<'_>, d: &SummaryDelta) -> StoreResult<()> {
    add_delta(tx, d).await?;
    raise_results_version(tx).await
}

/// Raises the summary tables' version, inside the caller's transaction:
/// with every write that changes a summary row.
pub(crate) async fn raise_results_version(tx: &Transaction<'_>) -> StoreResult<()> {
    execute(
        tx,
        "UPDATE results_version SET version = version + 1 WHERE id = 1",
        &[],
    )
    .await?;
    Ok(())
}

/// Parameters are the keys then the amounts; all counters are BIGINT.
async fn add_delta(tx: &Transaction<'_>, d: &SummaryDelta) -> StoreResult<()> {
    let sql = d.upsert_sql(|i| format!("${i}"));
    let values: Vec<Box<dyn ToSql + Sync + Send>> = d
        .keys
        .iter()
        .map(|(_, k)| -> Box<dyn ToSql + Sync + Send> {
            match k {
                SummaryKey::Int(i) => Box::new(*i),
                SummaryKey::Text(t) => Box::new(t.clone()),
            }
        })
        .chain(
            d.amounts
                .iter()
                .map(|(_, v)| -> Box<dyn ToSql + Sync + Send> { Box::new(*v) }),
        )
        .collect();
    let params: Vec<&(dyn ToSql + Sync)> = values
        .iter()
        .map(|v| v.as_ref() as &(dyn ToSql + Sync))
        .collect();
    execute(tx, &sql, &params).await?;
    for rollup in d.rollups() {
        Box::pin(add_delta(tx, &rollup)).await?;
    }
    Ok(())
}

/// Locks the case row and loads the case, inside the caller's transaction.
async fn locked_case(tx: &Transaction<'_>, case_id: CaseId) -> StoreResult<CaseRecord> {
    lock_case(tx, case_id).await?;
    load_case(tx, case_id, false)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("case {case_id}")))
}

/// Reads the rows of a summary: `select` gets the filter's condition,
/// written for the filter's shape (as in the SQLite backend) so that the
/// teams or the municipality and the month range bound the index search
/// (`(team_id, month)`, `(municipality_code, month)`, migration 0023)
/// instead of `$N IS NULL OR …`. Parameters are numbered in the order the
/// conditions appear. `with_municipality` is false for summaries without a
/// municipality (supervision).
pub(crate) async fn summary_rows<T: rundt_store::FromRow>(
    client: &impl GenericClient,
    select: impl Fn(&str) -> String,
    f: &SummaryFilter,
    with_municipality: bool,
) -> StoreResult<Vec<T>> {
    let country = f.country.code();
    let mut params: Vec<&(dyn ToSql + Sync)> = vec![&country, &f.from_month, &f.to_month];
    let mut condition = String::from("t.country = $1 AND s.month >= $2 AND s.month <= $3");
    if let Some(ids) = &f.team_ids {
        params.push(ids);
        condition.push_str(&format!(" AND s.team_id = ANY(${})", params.len()));
    }
    if with_municipality && let Some(code) = &f.municipality {
        params.push(code);
        condition.push_str(&format!(" AND s.municipality_code = ${}", params.len()));
    }
    fetch_all(client, &select(&condition), &params).await
}

/// The per-family table's SQL, one per filter shape (see
/// [`family_results_sqls`]).
static FAMILY_RESULTS_SQL: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    family_results_sqls(
        |n| format!("${n}"),
        |column, p| format!("{column} = ANY({p})"),
    )
});

#[async_trait]
impl ResultsStore for PostgresStore {
    async fn record_adherence_interview(
        &self,
        interview: &NewAdherenceInterview,
        audit: &AuditEvent,
    ) -> StoreResult<AdherenceInterviewRecord> {
        let i = interview;
        transaction(&self.pool, async |tx| {
            let case = locked_case(tx, i.case_id).await?;
            let month = summary_month(i.interviewed_on);
            let earlier = "SELECT count(*) FROM adherence_interviews \
                 WHERE case_id = $1 AND to_char(interviewed_on, 'YYYY-MM') = $2";
            let earlier_this_month: i64 = fetch_one(tx, earlier, &[&i.case_id, &month]).await?;
            let insert = "INSERT INTO adherence_interviews (case_id, interviewed_on, interviewer_id, \
                 therapist_id, respondent_id, mode, answers, score, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
            let id: i64 = fetch_one(
                tx,
                insert,
                &[
                    &i.case_id,
                    &i.interviewed_on,
                    &i.interviewer_id,
                    &i.therapist_id,
                    &i.respondent_id,
                    &i.mode,
                    &json_text(&i.answers)?,
                    &i.score,
                    &i.created_at,
                ],
            )
            .await?;
            apply_delta(tx, &interview_delta(&case, i, earlier_this_month == 0)).await?;
            let mut event = audit.clone();
            event.object_id = Some(id);
            append_audit_tx(tx, &event).await?;
            Ok(i.stored(id))
        })
        .await
    }

    async fn adherence_interviews(
        &self,
        case_id: CaseId,
    ) -> StoreResult<Vec<AdherenceInterviewRecord>> {
        let sql =
            format!("{INTERVIEW_SELECT} WHERE case_id = $1 ORDER BY interviewed_on DESC, id DESC");
        fetch_all(&client(&self.pool).await?, &sql, &[&case_id]).await
    }

    async fn interview_states(&self, team_ids: &[TeamId]) -> StoreResult<Vec<InterviewState>> {
        let sql = format!(
            "SELECT {INTERVIEW_STATE_COLUMNS} FROM cases c \
             WHERE c.status = 'in_treatment' AND c.treatment_start IS NOT NULL \
               AND c.team_id = ANY($1) \
             ORDER BY c.id"
        );
        fetch_all(&client(&self.pool).await?, &sql, &[&team_ids]).await
    }

    async fn record_family_experience(
        &self,
        survey: &FamilyExperienceRecord,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        let e = survey;
        transaction(&self.pool, async |tx| {
            let case = locked_case(tx, e.case_id).await?;
            let discharged_on = case
                .discharged_on
                .ok_or_else(|| StoreError::Conflict(msg!("survey-before-discharge")))?;
            execute_unique(
                tx,
                "INSERT INTO family_experience (case_id, answered_on, answers, score, recommends, \
                 comment, recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                &[
                    &e.case_id,
                    &e.answered_on,
                    &json_text(&e.answers)?,
                    &i64::from(e.score),
                    &e.recommends,
                    &e.comment,
                    &e.recorded_by,
                    &e.created_at,
                ],
                || StoreError::Conflict(msg!("survey-recorded")),
            )
            .await?;
            apply_delta(tx, &experience_delta(&case, discharged_on, e)).await?;
            append_audit_tx(tx, audit).await?;
            Ok(())
        })
        .await
    }

    async fn family_experience(
        &self,
        case_id: CaseId,
    ) -> StoreResult<Option<FamilyExperienceRecord>> {
        let sql = format!("{EXPERIENCE_SELECT} WHERE case_id = $1");
        fetch_opt(&client(&self.pool).await?, &sql, &[&case_id]).await
    }

    async fn results_version(&self) -> StoreResult<i64> {
        fetch_one(
            &client(&self.pool).await?,
            "SELECT version FROM results_version WHERE id = 1",
            &[],
        )
        .await
    }

    async fn outcome_summary(&self, filter: &SummaryFilter) -> StoreResult<Vec<OutcomeSummaryRow>> {
        let select = |condition: &str| {
            format!(
                "SELECT s.team_id, s.municipality_code, s.month, {} FROM outcome_summary s \
                 JOIN teams t ON t.id = s.team_id WHERE {condition} \
                 ORDER BY s.month COLLATE \"C\", s.team_id, s.municipality_code COLLATE \"C\"",
                summary_columns(&OUTCOME_COLUMNS)
            )
        };
        summary_rows(&client(&self.pool).await?, select, filter, true).await
    }

    async fn adherence_summary(
        &self,
        filter: &SummaryFilter,
    ) -> StoreResult<Vec<AdherenceSummaryRow>> {
        let select = |condition: &str| {
            format!(
                "SELECT s.team_id, s.therapist_id, s.municipality_code, s.month, {}, s.families \
                 FROM adherence_summary s JOIN teams t ON t.id = s.team_id WHERE {condition} \
                 ORDER BY s.month COLLATE \"C\", s.team_id, s.therapist_id, \
                 s.municipality_code COLLATE \"C\"",
                summary_columns(&ADHERENCE_COLUMNS)
            )
        };
        summary_rows(&client(&self.pool).await?, select, filter, true).await
    }

    async fn adherence_rollup(
        &self,
        filter: &SummaryFilter,
    ) -> StoreResult<Vec<AdherenceRollupRow>> {
        let select = |condition: &str| {
            format!(
                "SELECT s.team_id, s.municipality_code, s.month, {}, s.families \
                 FROM adherence_rollup s JOIN teams t ON t.id = s.team_id WHERE {condition} \
                 ORDER BY s.month COLLATE \"C\", s.team_id, s.municipality_code COLLATE \"C\"",
                summary_columns(&ADHERENCE_COLUMNS)
            )
        };
        summary_rows(&client(&self.pool).await?, select, filter, true).await
    }

    async fn family_results(
        &self,
        filter: &FamilyResultsFilter,
        audit: &AuditEvent,
    ) -> StoreResult<FamilyResults> {
        let f = filter;
        let country = f.country.code();
        let set: [Option<&(dyn ToSql + Sync)>; 6] = [
            Some(&country),
            f.therapist_id.as_ref().map(|t| t as _),
            f.municipality.as_ref().map(|m| m as _),
            f.team_ids.as_ref().map(|t| t as _),
            Some(&f.to),
            Some(&f.from),
        ];
        let filter: Vec<&(dyn ToSql + Sync)> = set.into_iter().flatten().collect();
        // A NULL LIMIT is none in PostgreSQL.
        let (limit, offset) = RowPage::sql_bounds(f.page);
        let mut paged = filter.clone();
        paged.extend([&limit as &(dyn ToSql + Sync), &offset]);
        let (page_sql, count_sql) = &FAMILY_RESULTS_SQL[f.shape()];
        transaction(&self.pool, async |tx| {
            let raw: Vec<(FamilyResultRow, Option<PersonId>)> =
                fetch_all(tx, page_sql, &paged).await?;
            let total = match f.page {
                None => raw.len() as u64,
                Some(_) => {
                    let count: i64 = fetch_one(tx, count_sql, &filter).await?;
                    u64::try_from(count).unwrap_or(0)
                }
            };
            let (families, events) = FamilyResults::audited(raw, total, audit);
            append_audit_all_tx(tx, &events).await?;
            Ok(families)
        })
        .await
    }

    async fn record_supervisor_rating(
        &self,
        rating: &NewSupervisorRating,
        audit: &AuditEvent,
    ) -> StoreResult<i64> {
        let r = rating;
        transaction(&self.pool, async |tx| {
            let insert = "INSERT INTO supervisor_ratings (team_id, supervisor_id, therapist_id, \
                 rated_on, answers, score, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
            let id: i64 = fetch_one(
                tx,
                insert,
                &[
                    &r.team_id,
                    &r.supervisor_id,
                    &r.therapist_id,
                    &r.rated_on,
                    &json_text(&r.answers)?,
                    &r.score,
                    &r.created_at,
                ],
            )
            .await?;
            apply_delta(tx, &SummaryDelta::supervisor_rating(r)).await?;
            let mut event = audit.clone();
            event.object_id = Some(id);
            append_audit_tx(tx, &event).await?;
            Ok(id)
        })
        .await
    }

    async fn last_supervisor_rating(
        &self,
        team_id: TeamId,
        therapist_id: UserId,
    ) -> StoreResult<Option<NaiveDate>> {
        let sql =
            "SELECT max(rated_on) FROM supervisor_ratings WHERE team_id = $1 AND therapist_id = $2";
        fetch_one(&client(&self.pool).await?, sql, &[&team_id, &therapist_id]).await
    }

    async fn supervision_summary(
        &self,
        filter: &SummaryFilter,
    ) -> StoreResult<Vec<SupervisionSummaryRow>> {
        let select = |condition: &str| {
            format!(
                "SELECT s.team_id, s.supervisor_id, s.month, {} \
                 FROM supervision_summary s JOIN teams t ON t.id = s.team_id \
                 WHERE {condition} \
                 ORDER BY s.month COLLATE \"C\", s.team_id, s.supervisor_id",
                summary_columns(&SUPERVISION_COLUMNS)
            )
        };
        summary_rows(&client(&self.pool).await?, select, filter, false).await
    }

    /// Bounded by the scope as in the SQLite backend, read from the
    /// indexes `cases_country_team_status` / `cases_country_municipality_status`.
    async fn status_counts(
        &self,
        country: Country,
        team_ids: Option<&[TeamId]>,
        municipality: Option<&MunicipalityCode>,
    ) -> StoreResult<Vec<(String, u32)>> {
        let code = country.code();
        let mut params: Vec<&(dyn ToSql + Sync)> = vec![&code];
        let mut sql = String::from("SELECT c.status, count(*) FROM cases c WHERE c.country = $1");
        if let Some(ids) = &team_ids {
            params.push(ids);
            sql.push_str(&format!(" AND c.team_id = ANY(${})", params.len()));
        }
        if let Some(m) = &municipality {
            params.push(m);
            sql.push_str(&format!(
                " AND c.referring_municipality = ${}",
                params.len()
            ));
        }
        sql.push_str(" GROUP BY c.status ORDER BY c.status COLLATE \"C\"");
        fetch_all(&client(&self.pool).await?, &sql, &params).await
    }
}
