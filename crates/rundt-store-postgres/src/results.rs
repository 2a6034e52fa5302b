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
use rundt_domain::msg;
use rundt_domain::team::TeamId;
use rundt_store::{
    ADHERENCE_COLUMNS, AdherenceInterviewRecord, AdherenceSummaryRow, CaseRecord,
    FamilyExperienceRecord, FamilyResultRow, FamilyResultsFilter, InterviewState,
    NewAdherenceInterview, NewSupervisorRating, OUTCOME_COLUMN_COUNT, OUTCOME_COLUMNS,
    OutcomeSummaryRow, OutcomeTriple, ResultsStore, SUPERVISION_COLUMNS, StoreError, StoreResult,
    SummaryDelta, SummaryFilter, SummaryKey, SupervisionSummaryRow, adherence_counts_from,
    experience_delta, interview_delta, outcome_counts_from, summary_month,
};
use tokio_postgres::Row;
use tokio_postgres::error::SqlState;
use tokio_postgres::types::ToSql;

use crate::PostgresStore;
use crate::audit::append_audit_tx;
use crate::cases::load_case;
use crate::error::{pg, pool, violates};
use crate::treatment::lock_case;

/// Adds a delta to its summary row, inside the caller's transaction.
/// Parameters are the keys then the amounts; all counters are BIGINT.
pub(crate) async fn apply_delta(tx: &Transaction<'_>, d: &SummaryDelta) -> StoreResult<()> {
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
    let stmt = tx.prepare_cached(&sql).await.map_err(pg)?;
    tx.execute(&stmt, &params).await.map_err(pg)?;
    Ok(())
}

/// Locks the case row and loads the case, inside the caller's transaction.
async fn locked_case(tx: &Transaction<'_>, case_id: i64) -> StoreResult<CaseRecord> {
    lock_case(tx, case_id).await?;
    load_case(tx, case_id, false)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("case {case_id}")))
}

/// A `count(*)` as `u32`.
fn count(column: &str, value: i64) -> StoreResult<u32> {
    u32::try_from(value)
        .map_err(|_| StoreError::Internal(format!("{column} is {value}, out of range for a count")))
}

fn interview_row(row: &Row) -> StoreResult<AdherenceInterviewRecord> {
    Ok(AdherenceInterviewRecord {
        id: row.try_get(0).map_err(pg)?,
        case_id: row.try_get(1).map_err(pg)?,
        interviewed_on: row.try_get(2).map_err(pg)?,
        interviewer_id: row.try_get(3).map_err(pg)?,
        therapist_id: row.try_get(4).map_err(pg)?,
        answers: row.try_get(5).map_err(pg)?,
        score: row.try_get(6).map_err(pg)?,
        created_at: row.try_get(7).map_err(pg)?,
    })
}

fn experience_row(row: &Row) -> StoreResult<FamilyExperienceRecord> {
    let score: i64 = row.try_get(3).map_err(pg)?;
    Ok(FamilyExperienceRecord {
        case_id: row.try_get(0).map_err(pg)?,
        answered_on: row.try_get(1).map_err(pg)?,
        answers: row.try_get(2).map_err(pg)?,
        score: u8::try_from(score).unwrap_or(0),
        recommends: row.try_get(4).map_err(pg)?,
        comment: row.try_get(5).map_err(pg)?,
        recorded_by: row.try_get(6).map_err(pg)?,
        created_at: row.try_get(7).map_err(pg)?,
    })
}

/// The filter shared by both summaries; `$2` is a team-id array or NULL.
const SUMMARY_WHERE: &str = "t.country = $1 \
     AND ($2::bigint[] IS NULL OR s.team_id = ANY($2)) \
     AND ($3::text IS NULL OR s.municipality_code = $3) \
     AND s.month >= $4 AND s.month <= $5";

async fn summary_rows(
    client: &impl GenericClient,
    sql: &str,
    f: &SummaryFilter,
) -> StoreResult<Vec<Row>> {
    let stmt = client.prepare_cached(sql).await.map_err(pg)?;
    client
        .query(
            &stmt,
            &[
                &f.country.code(),
                &f.team_ids,
                &f.municipality,
                &f.from_month,
                &f.to_month,
            ],
        )
        .await
        .map_err(pg)
}

fn triple(row: &Row, at: usize) -> StoreResult<Option<OutcomeTriple>> {
    let home: Option<bool> = row.try_get(at).map_err(pg)?;
    Ok(match home {
        None => None,
        Some(living_at_home) => Some(OutcomeTriple {
            living_at_home,
            in_school_or_working: row.try_get(at + 1).map_err(pg)?,
            no_new_arrests: row.try_get(at + 2).map_err(pg)?,
        }),
    })
}

const FAMILY_RESULTS: &str = "SELECT c.id, c.team_id, c.therapist_id, c.referring_municipality, c.status, \
        c.treatment_start, c.discharged_on, d.reason, d.treatment_days, \
        d.living_at_home, d.in_school_or_working, d.no_new_arrests, \
        f6.living_at_home, f6.in_school_or_working, f6.no_new_arrests, \
        f12.living_at_home, f12.in_school_or_working, f12.no_new_arrests, \
        f18.living_at_home, f18.in_school_or_working, f18.no_new_arrests, \
        e.score, \
        (SELECT count(*) FROM adherence_interviews a WHERE a.case_id = c.id), \
        (SELECT a.score FROM adherence_interviews a WHERE a.case_id = c.id \
            ORDER BY a.interviewed_on DESC, a.id DESC LIMIT 1), \
        (SELECT p.person_id FROM case_participants p \
            WHERE p.case_id = c.id AND p.role = 'young_person' ORDER BY p.person_id LIMIT 1) \
     FROM cases c \
     LEFT JOIN discharges d ON d.case_id = c.id \
     LEFT JOIN follow_ups f6 ON f6.case_id = c.id AND f6.months = 6 \
     LEFT JOIN follow_ups f12 ON f12.case_id = c.id AND f12.months = 12 \
     LEFT JOIN follow_ups f18 ON f18.case_id = c.id AND f18.months = 18 \
     LEFT JOIN family_experience e ON e.case_id = c.id \
     WHERE c.country = $1 \
       AND ($2::bigint IS NULL OR c.therapist_id = $2) \
       AND ($3::text IS NULL OR c.referring_municipality = $3 \
            OR EXISTS (SELECT 1 FROM case_payers cp \
                       WHERE cp.case_id = c.id AND cp.municipality_code = $3)) \
       AND ($4::bigint[] IS NULL OR c.team_id = ANY($4)) \
       AND c.treatment_start IS NOT NULL AND c.treatment_start <= $5 \
       AND (c.discharged_on IS NULL OR c.discharged_on >= $6) \
     ORDER BY c.id DESC";

/// A row of [`FAMILY_RESULTS`] and the young person's id.
fn family_row(row: &Row) -> StoreResult<(FamilyResultRow, Option<i64>)> {
    let score: Option<i64> = row.try_get(21).map_err(pg)?;
    Ok((
        FamilyResultRow {
            case_id: row.try_get(0).map_err(pg)?,
            team_id: row.try_get(1).map_err(pg)?,
            therapist_id: row.try_get(2).map_err(pg)?,
            referring_municipality: row.try_get(3).map_err(pg)?,
            status: row.try_get(4).map_err(pg)?,
            treatment_start: row.try_get(5).map_err(pg)?,
            discharged_on: row.try_get(6).map_err(pg)?,
            discharge_reason: row.try_get(7).map_err(pg)?,
            treatment_days: row.try_get(8).map_err(pg)?,
            at_discharge: triple(row, 9)?,
            follow_up_6: triple(row, 12)?,
            follow_up_12: triple(row, 15)?,
            follow_up_18: triple(row, 18)?,
            experience_score: score.and_then(|s| u8::try_from(s).ok()),
            interviews: count("the interview count", row.try_get(22).map_err(pg)?)?,
            last_adherence_score: row.try_get(23).map_err(pg)?,
        },
        row.try_get(24).map_err(pg)?,
    ))
}

#[async_trait]
impl ResultsStore for PostgresStore {
    async fn record_adherence_interview(
        &self,
        interview: &NewAdherenceInterview,
        audit: &AuditEvent,
    ) -> StoreResult<AdherenceInterviewRecord> {
        let i = interview;
        let mut client = self.pool.get().await.map_err(pool)?;
        let tx = client.transaction().await.map_err(pg)?;
        let case = locked_case(&tx, i.case_id).await?;
        let month = summary_month(i.interviewed_on);
        let earlier_this_month: i64 = tx
            .query_one(
                "SELECT count(*) FROM adherence_interviews \
                 WHERE case_id = $1 AND to_char(interviewed_on, 'YYYY-MM') = $2",
                &[&i.case_id, &month],
            )
            .await
            .map_err(pg)?
            .try_get(0)
            .map_err(pg)?;
        let insert = tx
            .prepare_cached(
                "INSERT INTO adherence_interviews (case_id, interviewed_on, interviewer_id, \
                 therapist_id, answers, score, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .await
            .map_err(pg)?;
        let id: i64 = tx
            .query_one(
                &insert,
                &[
                    &i.case_id,
                    &i.interviewed_on,
                    &i.interviewer_id,
                    &i.therapist_id,
                    &i.answers,
                    &i.score,
                    &i.created_at,
                ],
            )
            .await
            .map_err(pg)?
            .try_get(0)
            .map_err(pg)?;
        apply_delta(&tx, &interview_delta(&case, i, earlier_this_month == 0)).await?;
        let mut event = audit.clone();
        event.object_id = Some(id);
        append_audit_tx(&tx, &event).await?;
        tx.commit().await.map_err(pg)?;
        Ok(AdherenceInterviewRecord {
            id,
            case_id: i.case_id,
            interviewed_on: i.interviewed_on,
            interviewer_id: i.interviewer_id,
            therapist_id: i.therapist_id,
            answers: i.answers.clone(),
            score: i.score,
            created_at: i.created_at,
        })
    }

    async fn adherence_interviews(
        &self,
        case_id: i64,
    ) -> StoreResult<Vec<AdherenceInterviewRecord>> {
        let client = self.pool.get().await.map_err(pool)?;
        let stmt = client
            .prepare_cached(
                "SELECT id, case_id, interviewed_on, interviewer_id, therapist_id, answers, score, \
                 created_at FROM adherence_interviews WHERE case_id = $1 \
                 ORDER BY interviewed_on DESC, id DESC",
            )
            .await
            .map_err(pg)?;
        client
            .query(&stmt, &[&case_id])
            .await
            .map_err(pg)?
            .iter()
            .map(interview_row)
            .collect()
    }

    async fn interview_states(&self, team_ids: &[TeamId]) -> StoreResult<Vec<InterviewState>> {
        let client = self.pool.get().await.map_err(pool)?;
        let stmt = client
            .prepare_cached(
                "SELECT c.id, c.team_id, c.therapist_id, c.treatment_start, \
                    (SELECT max(a.interviewed_on) FROM adherence_interviews a WHERE a.case_id = c.id) \
                 FROM cases c \
                 WHERE c.status = 'in_treatment' AND c.treatment_start IS NOT NULL \
                   AND c.team_id = ANY($1) \
                 ORDER BY c.id",
            )
            .await
            .map_err(pg)?;
        client
            .query(&stmt, &[&team_ids])
            .await
            .map_err(pg)?
            .iter()
            .map(|row| {
                Ok(InterviewState {
                    case_id: row.try_get(0).map_err(pg)?,
                    team_id: row.try_get(1).map_err(pg)?,
                    therapist_id: row.try_get(2).map_err(pg)?,
                    treatment_start: row.try_get(3).map_err(pg)?,
                    last_interview: row.try_get(4).map_err(pg)?,
                })
            })
            .collect()
    }

    async fn record_family_experience(
        &self,
        survey: &FamilyExperienceRecord,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        let e = survey;
        let mut client = self.pool.get().await.map_err(pool)?;
        let tx = client.transaction().await.map_err(pg)?;
        let case = locked_case(&tx, e.case_id).await?;
        let discharged_on = case
            .discharged_on
            .ok_or_else(|| StoreError::Conflict(msg!("survey-before-discharge")))?;
        let insert = tx
            .prepare_cached(
                "INSERT INTO family_experience (case_id, answered_on, answers, score, recommends, \
                 comment, recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .await
            .map_err(pg)?;
        tx.execute(
            &insert,
            &[
                &e.case_id,
                &e.answered_on,
                &e.answers,
                &i64::from(e.score),
                &e.recommends,
                &e.comment,
                &e.recorded_by,
                &e.created_at,
            ],
        )
        .await
        .map_err(|err| {
            if violates(&err, &SqlState::UNIQUE_VIOLATION, None) {
                StoreError::Conflict(msg!("survey-recorded"))
            } else {
                pg(err)
            }
        })?;
        apply_delta(&tx, &experience_delta(&case, discharged_on, e)).await?;
        append_audit_tx(&tx, audit).await?;
        tx.commit().await.map_err(pg)
    }

    async fn family_experience(&self, case_id: i64) -> StoreResult<Option<FamilyExperienceRecord>> {
        let client = self.pool.get().await.map_err(pool)?;
        let stmt = client
            .prepare_cached(
                "SELECT case_id, answered_on, answers, score, recommends, comment, recorded_by, \
                 created_at FROM family_experience WHERE case_id = $1",
            )
            .await
            .map_err(pg)?;
        client
            .query_opt(&stmt, &[&case_id])
            .await
            .map_err(pg)?
            .as_ref()
            .map(experience_row)
            .transpose()
    }

    async fn outcome_summary(&self, filter: &SummaryFilter) -> StoreResult<Vec<OutcomeSummaryRow>> {
        let sql = format!(
            "SELECT s.team_id, s.municipality_code, s.month, {} FROM outcome_summary s \
             JOIN teams t ON t.id = s.team_id WHERE {SUMMARY_WHERE} \
             ORDER BY s.month COLLATE \"C\", s.team_id, s.municipality_code COLLATE \"C\"",
            OUTCOME_COLUMNS.map(|c| format!("s.{c}")).join(", ")
        );
        let client = self.pool.get().await.map_err(pool)?;
        summary_rows(&client, &sql, filter)
            .await?
            .iter()
            .map(|row| {
                let mut v = [0i64; OUTCOME_COLUMN_COUNT];
                for (i, x) in v.iter_mut().enumerate() {
                    *x = row.try_get(3 + i).map_err(pg)?;
                }
                let (outcomes, follow_ups, experience) = outcome_counts_from(&v);
                Ok(OutcomeSummaryRow {
                    team_id: row.try_get(0).map_err(pg)?,
                    municipality_code: row.try_get(1).map_err(pg)?,
                    month: row.try_get(2).map_err(pg)?,
                    outcomes,
                    follow_ups,
                    experience,
                })
            })
            .collect()
    }

    async fn adherence_summary(
        &self,
        filter: &SummaryFilter,
    ) -> StoreResult<Vec<AdherenceSummaryRow>> {
        let sql = format!(
            "SELECT s.team_id, s.therapist_id, s.municipality_code, s.month, {}, s.families \
             FROM adherence_summary s JOIN teams t ON t.id = s.team_id WHERE {SUMMARY_WHERE} \
             ORDER BY s.month COLLATE \"C\", s.team_id, s.therapist_id, \
             s.municipality_code COLLATE \"C\"",
            ADHERENCE_COLUMNS.map(|c| format!("s.{c}")).join(", ")
        );
        let client = self.pool.get().await.map_err(pool)?;
        summary_rows(&client, &sql, filter)
            .await?
            .iter()
            .map(|row| {
                let mut v = [0i64; 4];
                for (i, x) in v.iter_mut().enumerate() {
                    *x = row.try_get(4 + i).map_err(pg)?;
                }
                Ok(AdherenceSummaryRow {
                    team_id: row.try_get(0).map_err(pg)?,
                    therapist_id: row.try_get(1).map_err(pg)?,
                    municipality_code: row.try_get(2).map_err(pg)?,
                    month: row.try_get(3).map_err(pg)?,
                    counts: adherence_counts_from(&v),
                    families: u32::try_from(row.try_get::<_, i64>(8).map_err(pg)?).unwrap_or(0),
                })
            })
            .collect()
    }

    async fn family_results(
        &self,
        filter: &FamilyResultsFilter,
        audit: &AuditEvent,
    ) -> StoreResult<Vec<FamilyResultRow>> {
        let f = filter;
        let mut client = self.pool.get().await.map_err(pool)?;
        let tx = client.transaction().await.map_err(pg)?;
        let stmt = tx.prepare_cached(FAMILY_RESULTS).await.map_err(pg)?;
        let rows = tx
            .query(
                &stmt,
                &[
                    &f.country.code(),
                    &f.therapist_id,
                    &f.municipality,
                    &f.team_ids,
                    &f.to,
                    &f.from,
                ],
            )
            .await
            .map_err(pg)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let (family, young_person) = family_row(row)?;
            let mut event = audit.clone();
            event.object_id = Some(family.case_id);
            event.person_id = young_person;
            append_audit_tx(&tx, &event).await?;
            out.push(family);
        }
        tx.commit().await.map_err(pg)?;
        Ok(out)
    }

    async fn record_supervisor_rating(
        &self,
        rating: &NewSupervisorRating,
        audit: &AuditEvent,
    ) -> StoreResult<i64> {
        let r = rating;
        let mut client = self.pool.get().await.map_err(pool)?;
        let tx = client.transaction().await.map_err(pg)?;
        let insert = tx
            .prepare_cached(
                "INSERT INTO supervisor_ratings (team_id, supervisor_id, therapist_id, rated_on, \
                 answers, score, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .await
            .map_err(pg)?;
        let id: i64 = tx
            .query_one(
                &insert,
                &[
                    &r.team_id,
                    &r.supervisor_id,
                    &r.therapist_id,
                    &r.rated_on,
                    &r.answers,
                    &r.score,
                    &r.created_at,
                ],
            )
            .await
            .map_err(pg)?
            .try_get(0)
            .map_err(pg)?;
        apply_delta(&tx, &SummaryDelta::supervisor_rating(r)).await?;
        let mut event = audit.clone();
        event.object_id = Some(id);
        append_audit_tx(&tx, &event).await?;
        tx.commit().await.map_err(pg)?;
        Ok(id)
    }

    async fn last_supervisor_rating(
        &self,
        team_id: TeamId,
        therapist_id: i64,
    ) -> StoreResult<Option<NaiveDate>> {
        let client = self.pool.get().await.map_err(pool)?;
        let stmt = client
            .prepare_cached(
                "SELECT max(rated_on) FROM supervisor_ratings WHERE team_id = $1 AND therapist_id = $2",
            )
            .await
            .map_err(pg)?;
        client
            .query_one(&stmt, &[&team_id, &therapist_id])
            .await
            .map_err(pg)?
            .try_get(0)
            .map_err(pg)
    }

    async fn supervision_summary(
        &self,
        filter: &SummaryFilter,
    ) -> StoreResult<Vec<SupervisionSummaryRow>> {
        let sql = format!(
            "SELECT s.team_id, s.supervisor_id, s.month, {} \
             FROM supervision_summary s JOIN teams t ON t.id = s.team_id \
             WHERE t.country = $1 AND ($2::bigint[] IS NULL OR s.team_id = ANY($2)) \
               AND s.month >= $3 AND s.month <= $4 \
             ORDER BY s.month COLLATE \"C\", s.team_id, s.supervisor_id",
            SUPERVISION_COLUMNS.map(|c| format!("s.{c}")).join(", ")
        );
        let client = self.pool.get().await.map_err(pool)?;
        let stmt = client.prepare_cached(&sql).await.map_err(pg)?;
        client
            .query(
                &stmt,
                &[
                    &filter.country.code(),
                    &filter.team_ids,
                    &filter.from_month,
                    &filter.to_month,
                ],
            )
            .await
            .map_err(pg)?
            .iter()
            .map(|row| {
                let mut v = [0i64; 4];
                for (i, x) in v.iter_mut().enumerate() {
                    *x = row.try_get(3 + i).map_err(pg)?;
                }
                Ok(SupervisionSummaryRow {
                    team_id: row.try_get(0).map_err(pg)?,
                    supervisor_id: row.try_get(1).map_err(pg)?,
                    month: row.try_get(2).map_err(pg)?,
                    counts: adherence_counts_from(&v),
                })
            })
            .collect()
    }

    async fn status_counts(
        &self,
        country: Country,
        team_ids: Option<&[TeamId]>,
        municipality: Option<&str>,
    ) -> StoreResult<Vec<(String, u32)>> {
        let client = self.pool.get().await.map_err(pool)?;
        let stmt = client
            .prepare_cached(
                "SELECT c.status, count(*) FROM cases c \
                 WHERE c.country = $1 \
                   AND ($2::bigint[] IS NULL OR c.team_id = ANY($2)) \
                   AND ($3::text IS NULL OR c.referring_municipality = $3) \
                 GROUP BY c.status ORDER BY c.status COLLATE \"C\"",
            )
            .await
            .map_err(pg)?;
        client
            .query(&stmt, &[&country.code(), &team_ids, &municipality])
            .await
            .map_err(pg)?
            .iter()
            .map(|row| {
                Ok((
                    row.try_get(0).map_err(pg)?,
                    count("the status count", row.try_get(1).map_err(pg)?)?,
                ))
            })
            .collect()
    }
}
