//! A family's course: referral, status changes, assessment, weekly
//! summaries, supervision, discharge and follow-ups.
//!
//! Semantics, messages and orderings mirror the SQLite backend. Every write
//! that depends on a case's current state first locks the case row (`FOR NO
//! KEY UPDATE`: it serialises these writers without blocking inserts that
//! merely reference the case), so version checks and "one per week" checks
//! cannot race. As everywhere in this crate, the audit event is appended as
//! the transaction's last statement.

use async_trait::async_trait;
use chrono::NaiveDate;
use deadpool_postgres::{GenericClient, Transaction};
use rundt_domain::audit::AuditEvent;
use rundt_domain::msg;
use rundt_domain::team::TeamId;
use rundt_store::{
    CaseChange, CaseRecord, DischargeRecord, FollowUpRecord, Recommendation, ReferralRecord, Save,
    StatusChange, StoreError, StoreResult, SupervisionRecord, TreatmentStore, VersionedDocument,
    WeeklySummaryRecord, WeeklySummaryWrite, decide_save, discharge_delta, expect_version,
    follow_up_delta, stale,
};
use tokio_postgres::Row;
use tokio_postgres::error::SqlState;

use crate::PostgresStore;
use crate::audit::{append_audit_tx, with_object_id};
use crate::cases::load_case;
use crate::error::{pg, pool, small_u8, violates};
use crate::results::apply_delta;

const SUMMARY_SELECT: &str = "SELECT id, case_id, week_start, therapist_id, content, \
     contact_count, contact_minutes, version, updated_at FROM weekly_summaries";

const ASSESSMENT_SELECT: &str = "SELECT id, case_id, content, version, updated_at FROM assessments";

/// The state of a case a change starts from, read under the row lock.
pub(crate) struct LockedCase {
    status: String,
    therapist_id: Option<i64>,
    version: i64,
}

/// Locks the case row for the rest of the transaction.
pub(crate) async fn lock_case(tx: &Transaction<'_>, case_id: i64) -> StoreResult<LockedCase> {
    let stmt = tx
        .prepare_cached(
            "SELECT status, therapist_id, version FROM cases WHERE id = $1 FOR NO KEY UPDATE",
        )
        .await
        .map_err(pg)?;
    let row = tx
        .query_opt(&stmt, &[&case_id])
        .await
        .map_err(pg)?
        .ok_or_else(|| StoreError::NotFound(format!("case {case_id}")))?;
    Ok(LockedCase {
        status: row.try_get(0).map_err(pg)?,
        therapist_id: row.try_get(1).map_err(pg)?,
        version: row.try_get(2).map_err(pg)?,
    })
}

async fn require_case(client: &impl GenericClient, case_id: i64) -> StoreResult<CaseRecord> {
    load_case(client, case_id, false)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("case {case_id}")))
}

/// Applies a change inside the caller's transaction: checks the version
/// under the row lock, updates the case and records the status history.
async fn apply_change(
    tx: &Transaction<'_>,
    case_id: i64,
    expected_version: i64,
    change: &CaseChange,
    event: &AuditEvent,
) -> StoreResult<()> {
    let current = lock_case(tx, case_id).await?;
    expect_version(current.version, expected_version)?;
    let therapist = match change.therapist_id {
        Some(t) => t,
        None => current.therapist_id,
    };
    let update = tx
        .prepare_cached(
            "UPDATE cases SET status = $2, therapist_id = $3, \
             treatment_start = COALESCE($4, treatment_start), \
             discharged_on = COALESCE($5, discharged_on), \
             version = version + 1 \
             WHERE id = $1",
        )
        .await
        .map_err(pg)?;
    tx.execute(
        &update,
        &[
            &case_id,
            &change.status,
            &therapist,
            &change.treatment_start,
            &change.discharged_on,
        ],
    )
    .await
    .map_err(pg)?;
    let history = tx
        .prepare_cached(
            "INSERT INTO case_status_history (case_id, at, from_status, to_status, by_user_id, note) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .await
        .map_err(pg)?;
    tx.execute(
        &history,
        &[
            &case_id,
            &event.at,
            &current.status,
            &change.status,
            &event.actor_user_id,
            &change.note,
        ],
    )
    .await
    .map_err(pg)?;
    Ok(())
}

fn referral_row(row: &Row) -> StoreResult<ReferralRecord> {
    Ok(ReferralRecord {
        case_id: row.try_get(0).map_err(pg)?,
        details: row.try_get(1).map_err(pg)?,
        screening: row.try_get(2).map_err(pg)?,
        eligible: row.try_get(3).map_err(pg)?,
    })
}

fn status_row(row: &Row) -> StoreResult<StatusChange> {
    Ok(StatusChange {
        at: row.try_get(0).map_err(pg)?,
        from_status: row.try_get(1).map_err(pg)?,
        to_status: row.try_get(2).map_err(pg)?,
        by_user_id: row.try_get(3).map_err(pg)?,
        note: row.try_get(4).map_err(pg)?,
    })
}

fn document_row(row: &Row) -> StoreResult<VersionedDocument> {
    Ok(VersionedDocument {
        id: row.try_get(0).map_err(pg)?,
        case_id: row.try_get(1).map_err(pg)?,
        content: row.try_get(2).map_err(pg)?,
        version: row.try_get(3).map_err(pg)?,
        updated_at: row.try_get(4).map_err(pg)?,
    })
}

/// An INTEGER column as `u32`.
fn count_u32(column: &str, value: i32) -> StoreResult<u32> {
    u32::try_from(value).map_err(|_| {
        StoreError::Internal(format!("column {column} holds {value}, which is negative"))
    })
}

/// A `u32` for an INTEGER column; values past `i32::MAX` cannot be stored.
fn count_i32(column: &str, value: u32) -> StoreResult<i32> {
    i32::try_from(value).map_err(|_| {
        StoreError::Internal(format!(
            "{value} does not fit column {column} (at most {})",
            i32::MAX
        ))
    })
}

fn summary_row(row: &Row) -> StoreResult<WeeklySummaryRecord> {
    Ok(WeeklySummaryRecord {
        id: row.try_get(0).map_err(pg)?,
        case_id: row.try_get(1).map_err(pg)?,
        week_start: row.try_get(2).map_err(pg)?,
        therapist_id: row.try_get(3).map_err(pg)?,
        content: row.try_get(4).map_err(pg)?,
        contact_count: count_u32(
            "weekly_summaries.contact_count",
            row.try_get(5).map_err(pg)?,
        )?,
        contact_minutes: count_u32(
            "weekly_summaries.contact_minutes",
            row.try_get(6).map_err(pg)?,
        )?,
        version: row.try_get(7).map_err(pg)?,
        updated_at: row.try_get(8).map_err(pg)?,
    })
}

fn discharge_row(row: &Row) -> StoreResult<DischargeRecord> {
    Ok(DischargeRecord {
        case_id: row.try_get(0).map_err(pg)?,
        discharged_on: row.try_get(1).map_err(pg)?,
        reason: row.try_get(2).map_err(pg)?,
        content: row.try_get(3).map_err(pg)?,
        treatment_days: row.try_get(4).map_err(pg)?,
        living_at_home: row.try_get(5).map_err(pg)?,
        in_school_or_working: row.try_get(6).map_err(pg)?,
        no_new_arrests: row.try_get(7).map_err(pg)?,
    })
}

fn follow_up_row(row: &Row) -> StoreResult<FollowUpRecord> {
    Ok(FollowUpRecord {
        case_id: row.try_get(0).map_err(pg)?,
        months: small_u8("follow_ups.months", row.try_get(1).map_err(pg)?)?,
        done_on: row.try_get(2).map_err(pg)?,
        living_at_home: row.try_get(3).map_err(pg)?,
        in_school_or_working: row.try_get(4).map_err(pg)?,
        no_new_arrests: row.try_get(5).map_err(pg)?,
        notes: row.try_get(6).map_err(pg)?,
    })
}

async fn assessment_of(
    client: &impl GenericClient,
    case_id: i64,
) -> StoreResult<Option<VersionedDocument>> {
    let stmt = client
        .prepare_cached(&format!("{ASSESSMENT_SELECT} WHERE case_id = $1"))
        .await
        .map_err(pg)?;
    client
        .query_opt(&stmt, &[&case_id])
        .await
        .map_err(pg)?
        .as_ref()
        .map(document_row)
        .transpose()
}

async fn summary_for_week(
    client: &impl GenericClient,
    case_id: i64,
    week: NaiveDate,
) -> StoreResult<Option<WeeklySummaryRecord>> {
    let stmt = client
        .prepare_cached(&format!(
            "{SUMMARY_SELECT} WHERE case_id = $1 AND week_start = $2"
        ))
        .await
        .map_err(pg)?;
    client
        .query_opt(&stmt, &[&case_id, &week])
        .await
        .map_err(pg)?
        .as_ref()
        .map(summary_row)
        .transpose()
}

fn week_taken(week: NaiveDate) -> StoreError {
    StoreError::Conflict(msg!("week-summarised", week = week))
}

#[async_trait]
impl TreatmentStore for PostgresStore {
    async fn save_referral(
        &self,
        referral: &ReferralRecord,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        let mut client = self.pool.get().await.map_err(pool)?;
        let tx = client.transaction().await.map_err(pg)?;
        lock_case(&tx, referral.case_id).await?;
        let insert = tx
            .prepare_cached(
                "INSERT INTO referrals (case_id, details, screening, eligible) \
                 VALUES ($1, $2, $3, $4)",
            )
            .await
            .map_err(pg)?;
        tx.execute(
            &insert,
            &[
                &referral.case_id,
                &referral.details,
                &referral.screening,
                &referral.eligible,
            ],
        )
        .await
        .map_err(|e| {
            if violates(&e, &SqlState::UNIQUE_VIOLATION, None) {
                StoreError::Conflict(msg!("referral-recorded"))
            } else {
                pg(e)
            }
        })?;
        append_audit_tx(&tx, audit).await?;
        tx.commit().await.map_err(pg)
    }

    async fn referral(&self, case_id: i64) -> StoreResult<Option<ReferralRecord>> {
        let client = self.pool.get().await.map_err(pool)?;
        let stmt = client
            .prepare_cached(
                "SELECT case_id, details, screening, eligible FROM referrals WHERE case_id = $1",
            )
            .await
            .map_err(pg)?;
        client
            .query_opt(&stmt, &[&case_id])
            .await
            .map_err(pg)?
            .as_ref()
            .map(referral_row)
            .transpose()
    }

    async fn change_case(
        &self,
        case_id: i64,
        expected_version: i64,
        change: &CaseChange,
        audit: &AuditEvent,
    ) -> StoreResult<CaseRecord> {
        let mut client = self.pool.get().await.map_err(pool)?;
        let tx = client.transaction().await.map_err(pg)?;
        apply_change(&tx, case_id, expected_version, change, audit).await?;
        let case = require_case(&tx, case_id).await?;
        append_audit_tx(&tx, audit).await?;
        tx.commit().await.map_err(pg)?;
        Ok(case)
    }

    async fn status_history(&self, case_id: i64) -> StoreResult<Vec<StatusChange>> {
        let client = self.pool.get().await.map_err(pool)?;
        let stmt = client
            .prepare_cached(
                "SELECT at, from_status, to_status, by_user_id, note FROM case_status_history \
                 WHERE case_id = $1 ORDER BY id",
            )
            .await
            .map_err(pg)?;
        client
            .query(&stmt, &[&case_id])
            .await
            .map_err(pg)?
            .iter()
            .map(status_row)
            .collect()
    }

    async fn save_assessment(
        &self,
        case_id: i64,
        content: &str,
        expected_version: Option<i64>,
        audit: &AuditEvent,
    ) -> StoreResult<VersionedDocument> {
        let mut client = self.pool.get().await.map_err(pool)?;
        let tx = client.transaction().await.map_err(pg)?;
        // Under the case lock, two first saves queue: the second sees the
        // first's assessment and gets a version mismatch.
        lock_case(&tx, case_id).await?;
        let stored = assessment_of(&tx, case_id).await?.map(|doc| doc.version);
        let missing = || StoreError::NotFound(format!("assessment of case {case_id}"));
        let stmt = match decide_save(stored, expected_version, stale, missing)? {
            Save::Insert => {
                "INSERT INTO assessments (case_id, content, version, updated_at) \
                 VALUES ($1, $2, 1, $3) RETURNING id, case_id, content, version, updated_at"
            }
            Save::Update => {
                "UPDATE assessments SET content = $2, version = version + 1, updated_at = $3 \
                 WHERE case_id = $1 RETURNING id, case_id, content, version, updated_at"
            }
        };
        let stmt = tx.prepare_cached(stmt).await.map_err(pg)?;
        let row = tx
            .query_one(&stmt, &[&case_id, &content, &audit.at])
            .await
            .map_err(pg)?;
        let doc = document_row(&row)?;
        append_audit_tx(&tx, audit).await?;
        tx.commit().await.map_err(pg)?;
        Ok(doc)
    }

    async fn assessment(&self, case_id: i64) -> StoreResult<Option<VersionedDocument>> {
        let client = self.pool.get().await.map_err(pool)?;
        assessment_of(&client, case_id).await
    }

    async fn save_weekly_summary(
        &self,
        summary: &WeeklySummaryWrite,
        expected_version: Option<i64>,
        audit: &AuditEvent,
    ) -> StoreResult<WeeklySummaryRecord> {
        let s = summary;
        let contact_count = count_i32("weekly_summaries.contact_count", s.contact_count)?;
        let contact_minutes = count_i32("weekly_summaries.contact_minutes", s.contact_minutes)?;
        let mut client = self.pool.get().await.map_err(pool)?;
        let tx = client.transaction().await.map_err(pg)?;
        // Under the case lock, two first saves of one week queue: the second
        // sees the first's summary and gets the conflict.
        lock_case(&tx, s.case_id).await?;
        let stored = summary_for_week(&tx, s.case_id, s.week_start)
            .await?
            .map(|doc| doc.version);
        let taken = |_| week_taken(s.week_start);
        let missing = || StoreError::NotFound(format!("summary of the week of {}", s.week_start));
        let stmt = match decide_save(stored, expected_version, taken, missing)? {
            Save::Insert => {
                "INSERT INTO weekly_summaries (case_id, week_start, therapist_id, content, \
                 contact_count, contact_minutes, version, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, 1, $7) RETURNING id"
            }
            Save::Update => {
                "UPDATE weekly_summaries SET therapist_id = $3, content = $4, contact_count = $5, \
                 contact_minutes = $6, version = version + 1, updated_at = $7 \
                 WHERE case_id = $1 AND week_start = $2 RETURNING id"
            }
        };
        let stmt = tx.prepare_cached(stmt).await.map_err(pg)?;
        tx.query_one(
            &stmt,
            &[
                &s.case_id,
                &s.week_start,
                &s.therapist_id,
                &s.content,
                &contact_count,
                &contact_minutes,
                &audit.at,
            ],
        )
        .await
        .map_err(|e| {
            if violates(&e, &SqlState::UNIQUE_VIOLATION, None) {
                week_taken(s.week_start)
            } else {
                pg(e)
            }
        })?;
        let saved = summary_for_week(&tx, s.case_id, s.week_start)
            .await?
            .ok_or_else(|| StoreError::Internal("summary vanished".into()))?;
        append_audit_tx(&tx, audit).await?;
        tx.commit().await.map_err(pg)?;
        Ok(saved)
    }

    async fn weekly_summaries(&self, case_id: i64) -> StoreResult<Vec<WeeklySummaryRecord>> {
        let client = self.pool.get().await.map_err(pool)?;
        let stmt = client
            .prepare_cached(&format!(
                "{SUMMARY_SELECT} WHERE case_id = $1 ORDER BY week_start DESC"
            ))
            .await
            .map_err(pg)?;
        client
            .query(&stmt, &[&case_id])
            .await
            .map_err(pg)?
            .iter()
            .map(summary_row)
            .collect()
    }

    async fn summarised_weeks(
        &self,
        case_ids: &[i64],
        since: NaiveDate,
    ) -> StoreResult<Vec<(i64, NaiveDate)>> {
        let client = self.pool.get().await.map_err(pool)?;
        let stmt = client
            .prepare_cached(
                "SELECT case_id, week_start FROM weekly_summaries \
                 WHERE case_id = ANY($1) AND week_start >= $2 \
                 ORDER BY case_id, week_start",
            )
            .await
            .map_err(pg)?;
        client
            .query(&stmt, &[&case_ids, &since])
            .await
            .map_err(pg)?
            .iter()
            .map(|row| Ok((row.try_get(0).map_err(pg)?, row.try_get(1).map_err(pg)?)))
            .collect()
    }

    async fn discharge_case(
        &self,
        discharge: &DischargeRecord,
        expected_version: i64,
        change: &CaseChange,
        audit: &AuditEvent,
    ) -> StoreResult<CaseRecord> {
        let d = discharge;
        let mut client = self.pool.get().await.map_err(pool)?;
        let tx = client.transaction().await.map_err(pg)?;
        apply_change(&tx, d.case_id, expected_version, change, audit).await?;
        let insert = tx
            .prepare_cached(
                "INSERT INTO discharges (case_id, discharged_on, reason, content, treatment_days, \
                 living_at_home, in_school_or_working, no_new_arrests) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .await
            .map_err(pg)?;
        tx.execute(
            &insert,
            &[
                &d.case_id,
                &d.discharged_on,
                &d.reason,
                &d.content,
                &d.treatment_days,
                &d.living_at_home,
                &d.in_school_or_working,
                &d.no_new_arrests,
            ],
        )
        .await
        .map_err(|e| {
            if violates(&e, &SqlState::UNIQUE_VIOLATION, None) {
                StoreError::Conflict(msg!("already-discharged"))
            } else {
                pg(e)
            }
        })?;
        let case = require_case(&tx, d.case_id).await?;
        apply_delta(&tx, &discharge_delta(&case, d)).await?;
        append_audit_tx(&tx, audit).await?;
        tx.commit().await.map_err(pg)?;
        Ok(case)
    }

    async fn discharge(&self, case_id: i64) -> StoreResult<Option<DischargeRecord>> {
        let client = self.pool.get().await.map_err(pool)?;
        let stmt = client
            .prepare_cached(
                "SELECT case_id, discharged_on, reason, content, treatment_days, living_at_home, \
                 in_school_or_working, no_new_arrests FROM discharges WHERE case_id = $1",
            )
            .await
            .map_err(pg)?;
        client
            .query_opt(&stmt, &[&case_id])
            .await
            .map_err(pg)?
            .as_ref()
            .map(discharge_row)
            .transpose()
    }

    async fn record_follow_up(
        &self,
        follow_up: &FollowUpRecord,
        expected_version: i64,
        change: &CaseChange,
        audit: &AuditEvent,
    ) -> StoreResult<CaseRecord> {
        let f = follow_up;
        let mut client = self.pool.get().await.map_err(pool)?;
        let tx = client.transaction().await.map_err(pg)?;
        apply_change(&tx, f.case_id, expected_version, change, audit).await?;
        let insert = tx
            .prepare_cached(
                "INSERT INTO follow_ups (case_id, months, done_on, living_at_home, \
                 in_school_or_working, no_new_arrests, notes) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .await
            .map_err(pg)?;
        tx.execute(
            &insert,
            &[
                &f.case_id,
                &i16::from(f.months),
                &f.done_on,
                &f.living_at_home,
                &f.in_school_or_working,
                &f.no_new_arrests,
                &f.notes,
            ],
        )
        .await
        .map_err(|e| {
            if violates(&e, &SqlState::UNIQUE_VIOLATION, None) {
                StoreError::Conflict(msg!("follow-up-recorded", months = f.months))
            } else {
                pg(e)
            }
        })?;
        let case = require_case(&tx, f.case_id).await?;
        let discharged_on = case
            .discharged_on
            .ok_or_else(|| StoreError::Conflict(msg!("follow-up-before-discharge")))?;
        apply_delta(&tx, &follow_up_delta(&case, discharged_on, f)).await?;
        append_audit_tx(&tx, audit).await?;
        tx.commit().await.map_err(pg)?;
        Ok(case)
    }

    async fn follow_ups(&self, case_id: i64) -> StoreResult<Vec<FollowUpRecord>> {
        let client = self.pool.get().await.map_err(pool)?;
        let stmt = client
            .prepare_cached(
                "SELECT case_id, months, done_on, living_at_home, in_school_or_working, \
                 no_new_arrests, notes FROM follow_ups WHERE case_id = $1 ORDER BY months",
            )
            .await
            .map_err(pg)?;
        client
            .query(&stmt, &[&case_id])
            .await
            .map_err(pg)?
            .iter()
            .map(follow_up_row)
            .collect()
    }

    async fn create_supervision(
        &self,
        record: &SupervisionRecord,
        audit: &AuditEvent,
    ) -> StoreResult<SupervisionRecord> {
        let s = record;
        let mut client = self.pool.get().await.map_err(pool)?;
        let tx = client.transaction().await.map_err(pg)?;
        let insert = tx
            .prepare_cached(
                "INSERT INTO supervision_sessions (team_id, held_on, kind, attendees) \
                 VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .await
            .map_err(pg)?;
        let id: i64 = tx
            .query_one(&insert, &[&s.team_id, &s.held_on, &s.kind, &s.attendees])
            .await
            .map_err(pg)?
            .try_get(0)
            .map_err(pg)?;
        let team_of = tx
            .prepare_cached("SELECT team_id FROM cases WHERE id = $1")
            .await
            .map_err(pg)?;
        let recommend = tx
            .prepare_cached(
                "INSERT INTO supervision_recommendations (session_id, case_id, recommendation) \
                 VALUES ($1, $2, $3)",
            )
            .await
            .map_err(pg)?;
        for (case_id, text) in &s.recommendations {
            let team: Option<TeamId> = match tx.query_opt(&team_of, &[case_id]).await.map_err(pg)? {
                Some(row) => Some(row.try_get(0).map_err(pg)?),
                None => None,
            };
            if team != Some(s.team_id) {
                return Err(StoreError::Conflict(msg!(
                    "case-not-in-team",
                    case = *case_id
                )));
            }
            tx.execute(&recommend, &[&id, case_id, text])
                .await
                .map_err(pg)?;
        }
        append_audit_tx(&tx, &with_object_id(audit, id)).await?;
        tx.commit().await.map_err(pg)?;
        Ok(SupervisionRecord { id, ..s.clone() })
    }

    async fn team_supervisions(
        &self,
        team_id: TeamId,
        limit: u32,
    ) -> StoreResult<Vec<SupervisionRecord>> {
        let mut client = self.pool.get().await.map_err(pool)?;
        // One snapshot for the sessions and their recommendations.
        let tx = client
            .build_transaction()
            .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .await
            .map_err(pg)?;
        let sessions = tx
            .prepare_cached(
                "SELECT id, team_id, held_on, kind, attendees FROM supervision_sessions \
                 WHERE team_id = $1 ORDER BY held_on DESC, id DESC LIMIT $2",
            )
            .await
            .map_err(pg)?;
        let mut out = tx
            .query(&sessions, &[&team_id, &i64::from(limit)])
            .await
            .map_err(pg)?
            .iter()
            .map(|row| {
                Ok(SupervisionRecord {
                    id: row.try_get(0).map_err(pg)?,
                    team_id: row.try_get(1).map_err(pg)?,
                    held_on: row.try_get(2).map_err(pg)?,
                    kind: row.try_get(3).map_err(pg)?,
                    attendees: row.try_get(4).map_err(pg)?,
                    recommendations: Vec::new(),
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let ids: Vec<i64> = out.iter().map(|s| s.id).collect();
        let recommendations = tx
            .prepare_cached(
                "SELECT session_id, case_id, recommendation FROM supervision_recommendations \
                 WHERE session_id = ANY($1) ORDER BY id",
            )
            .await
            .map_err(pg)?;
        let rows = tx.query(&recommendations, &[&ids]).await.map_err(pg)?;
        tx.commit().await.map_err(pg)?;
        for row in &rows {
            let session_id: i64 = row.try_get(0).map_err(pg)?;
            if let Some(session) = out.iter_mut().find(|s| s.id == session_id) {
                session
                    .recommendations
                    .push((row.try_get(1).map_err(pg)?, row.try_get(2).map_err(pg)?));
            }
        }
        Ok(out)
    }

    async fn recommendations(&self, case_id: i64) -> StoreResult<Vec<Recommendation>> {
        let client = self.pool.get().await.map_err(pool)?;
        let stmt = client
            .prepare_cached(
                "SELECT s.id, s.held_on, s.kind, r.recommendation \
                 FROM supervision_recommendations r \
                 JOIN supervision_sessions s ON s.id = r.session_id \
                 WHERE r.case_id = $1 ORDER BY s.held_on DESC, r.id DESC",
            )
            .await
            .map_err(pg)?;
        client
            .query(&stmt, &[&case_id])
            .await
            .map_err(pg)?
            .iter()
            .map(|row| {
                Ok(Recommendation {
                    session_id: row.try_get(0).map_err(pg)?,
                    held_on: row.try_get(1).map_err(pg)?,
                    kind: row.try_get(2).map_err(pg)?,
                    recommendation: row.try_get(3).map_err(pg)?,
                })
            })
            .collect()
    }
}
