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
use rundt_domain::id::{CaseId, UserId};
use rundt_domain::msg;
use rundt_domain::team::TeamId;
use rundt_domain::treatment::Assessment;
use rundt_store::{
    ASSESSMENT_COLUMNS, CaseChange, CaseRecord, CaseRecords, CaseStep, DISCHARGE_SELECT,
    DischargeRecord, FOLLOW_UP_SELECT, FollowUpRecord, RECOMMENDATION_SELECT, REFERRAL_SELECT,
    Recommendation, ReferralRecord, STATUS_SELECT, SUMMARY_SELECT, SUPERVISION_SELECT, Save,
    StatusChange, StoreError, StoreResult, SummaryDelta, SupervisionRecord, TREATMENT_PLANS,
    TreatmentStore, VersionedDocument, WeeklySummaryRecord, WeeklySummaryWrite, decide_save,
    discharge_delta, expect_version, follow_up_delta, json_text, stale,
};

use crate::PostgresStore;
use crate::audit::{append_audit_all_tx, append_audit_tx, with_object_id};
use crate::can_results::CanStage;
use crate::cases::load_case;
use crate::query::{
    Params, client, execute, execute_unique, fetch_all, fetch_one, fetch_opt, transaction,
};
use crate::results::apply_delta;

/// The statements of a case's course records, each with the case id as
/// `$1`: the single reads and [`TreatmentStore::case_records`] share them,
/// formatted once per process.
static CASE_RECORDS_SQL: std::sync::LazyLock<CaseRecordsSql> =
    std::sync::LazyLock::new(CaseRecordsSql::new);

struct CaseRecordsSql {
    referral: String,
    weekly_summaries: String,
    discharge: String,
    follow_ups: String,
    child_follow_ups: String,
    recommendations: String,
    status_history: String,
    treatment_plans: String,
}

impl CaseRecordsSql {
    fn new() -> Self {
        Self {
            referral: format!("{REFERRAL_SELECT} WHERE case_id = $1"),
            weekly_summaries: format!(
                "{SUMMARY_SELECT} WHERE case_id = $1 ORDER BY week_start DESC"
            ),
            discharge: format!("{DISCHARGE_SELECT} WHERE case_id = $1"),
            follow_ups: format!("{FOLLOW_UP_SELECT} WHERE case_id = $1 ORDER BY months"),
            child_follow_ups: crate::can_results::child_follow_ups_sql(),
            recommendations: format!(
                "{RECOMMENDATION_SELECT} WHERE r.case_id = $1 ORDER BY s.held_on DESC, r.id DESC"
            ),
            status_history: format!("{STATUS_SELECT} WHERE case_id = $1 ORDER BY id"),
            treatment_plans: crate::versioned::versions_sql(TREATMENT_PLANS),
        }
    }
}

/// The state of a case a change starts from, read under the row lock.
pub(crate) struct LockedCase {
    status: String,
    therapist_id: Option<UserId>,
    version: i64,
}

impl LockedCase {
    /// The case's version under the lock.
    pub(crate) fn version(&self) -> i64 {
        self.version
    }
}

/// Locks the case row for the rest of the transaction.
pub(crate) async fn lock_case(tx: &Transaction<'_>, case_id: CaseId) -> StoreResult<LockedCase> {
    let sql = "SELECT status, therapist_id, version FROM cases WHERE id = $1 FOR NO KEY UPDATE";
    let (status, therapist_id, version) = fetch_opt(tx, sql, &[&case_id])
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("case {case_id}")))?;
    Ok(LockedCase {
        status,
        therapist_id,
        version,
    })
}

async fn require_case(client: &impl GenericClient, case_id: CaseId) -> StoreResult<CaseRecord> {
    load_case(client, case_id, false)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("case {case_id}")))
}

/// Applies a change inside the caller's transaction: checks the version
/// under the row lock, updates the case and records the status history.
async fn apply_change(
    tx: &Transaction<'_>,
    case_id: CaseId,
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
    let update = "UPDATE cases SET status = $2, therapist_id = $3, \
         treatment_start = COALESCE($4, treatment_start), \
         discharged_on = COALESCE($5, discharged_on), \
         acknowledged_by = CASE WHEN acknowledged_at IS NULL AND $6::timestamptz IS NOT NULL \
             THEN $7 ELSE acknowledged_by END, \
         acknowledged_at = COALESCE(acknowledged_at, $6), \
         version = version + 1 \
         WHERE id = $1";
    let acknowledged = change.acknowledge.then_some(event.at);
    execute(
        tx,
        update,
        &[
            &case_id,
            &change.status,
            &therapist,
            &change.treatment_start,
            &change.discharged_on,
            &acknowledged,
            &event.actor_user_id,
        ],
    )
    .await?;
    let history = "INSERT INTO case_status_history (case_id, at, from_status, to_status, \
         by_user_id, note) VALUES ($1, $2, $3, $4, $5, $6)";
    execute(
        tx,
        history,
        &[
            &case_id,
            &event.at,
            &current.status,
            &change.status,
            &event.actor_user_id,
            &change.note,
        ],
    )
    .await?;
    Ok(())
}

async fn assessment_of(
    client: &impl GenericClient,
    case_id: CaseId,
) -> StoreResult<Option<VersionedDocument>> {
    let sql = format!("SELECT {ASSESSMENT_COLUMNS} FROM assessments WHERE case_id = $1");
    fetch_opt(client, &sql, &[&case_id]).await
}

async fn summary_for_week(
    client: &impl GenericClient,
    case_id: CaseId,
    week: NaiveDate,
) -> StoreResult<Option<WeeklySummaryRecord>> {
    let sql = format!("{SUMMARY_SELECT} WHERE case_id = $1 AND week_start = $2");
    fetch_opt(client, &sql, &[&case_id, &week]).await
}

/// The record that closes a stage of a family's course (the discharge, a
/// follow-up), stored with the change of the case it goes with.
struct Stage<'a> {
    case_id: CaseId,
    expected_version: i64,
    change: &'a CaseChange,
    /// Stores the record; a second one for the same stage is refused.
    insert: &'static str,
    params: Params<'a>,
    /// What an MST-CAN family stores beside the record.
    can: Option<CanStage<'a>>,
}

impl PostgresStore {
    /// Changes the case, stores the stage's record (`taken` when there is
    /// one already) and adds `delta` of the changed case to the summary,
    /// with `audit`, in one transaction.
    async fn close_stage(
        &self,
        stage: Stage<'_>,
        taken: impl FnOnce() -> StoreError,
        delta: impl FnOnce(&CaseRecord) -> StoreResult<SummaryDelta>,
        audit: &AuditEvent,
    ) -> StoreResult<CaseRecord> {
        let Stage {
            case_id,
            expected_version,
            change,
            insert,
            params,
            can,
        } = stage;
        transaction(&self.pool, async move |tx| {
            apply_change(tx, case_id, expected_version, change, audit).await?;
            execute_unique(tx, insert, params, taken).await?;
            let case = require_case(tx, case_id).await?;
            apply_delta(tx, &delta(&case)?).await?;
            if let Some(can) = &can {
                crate::can_results::write(tx, &case, can).await?;
            }
            append_audit_tx(tx, audit).await?;
            Ok(case)
        })
        .await
    }
}

fn week_taken(week: NaiveDate) -> StoreError {
    StoreError::Conflict(msg!("week-summarised", week = week))
}

#[async_trait]
impl TreatmentStore for PostgresStore {
    async fn case_records(&self, case_id: CaseId) -> StoreResult<CaseRecords> {
        // One connection, every query sent before the first answer is
        // read (tokio-postgres pipelines the futures joined below).
        let client = client(&self.pool).await?;
        let id: Params<'_> = &[&case_id];
        let sql = &*CASE_RECORDS_SQL;
        let r = tokio::try_join!(
            fetch_opt(&client, &sql.referral, id),
            fetch_all(&client, &sql.weekly_summaries, id),
            assessment_of(&client, case_id),
            fetch_opt(&client, &sql.discharge, id),
            fetch_all(&client, &sql.follow_ups, id),
            fetch_all(&client, &sql.child_follow_ups, id),
            fetch_all(&client, &sql.recommendations, id),
            fetch_all(&client, &sql.status_history, id),
            fetch_all(&client, &sql.treatment_plans, id),
        )?;
        Ok(CaseRecords {
            referral: r.0,
            weekly_summaries: r.1,
            assessment: r.2,
            discharge: r.3,
            follow_ups: r.4,
            child_follow_ups: r.5,
            recommendations: r.6,
            status_history: r.7,
            treatment_plans: r.8,
        })
    }

    async fn save_referral(
        &self,
        referral: &ReferralRecord,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        transaction(&self.pool, async |tx| {
            lock_case(tx, referral.case_id).await?;
            execute_unique(
                tx,
                "INSERT INTO referrals (case_id, details, screening, eligible) \
                 VALUES ($1, $2, $3, $4)",
                &[
                    &referral.case_id,
                    &json_text(&referral.details)?,
                    &json_text(&referral.screening)?,
                    &referral.eligible,
                ],
                || StoreError::Conflict(msg!("referral-recorded")),
            )
            .await?;
            append_audit_tx(tx, audit).await?;
            Ok(())
        })
        .await
    }

    async fn referral(&self, case_id: CaseId) -> StoreResult<Option<ReferralRecord>> {
        let sql = &CASE_RECORDS_SQL.referral;
        fetch_opt(&client(&self.pool).await?, sql, &[&case_id]).await
    }

    async fn change_case(
        &self,
        case_id: CaseId,
        expected_version: i64,
        change: &CaseChange,
        audit: &AuditEvent,
    ) -> StoreResult<CaseRecord> {
        transaction(&self.pool, async |tx| {
            apply_change(tx, case_id, expected_version, change, audit).await?;
            let case = require_case(tx, case_id).await?;
            append_audit_tx(tx, audit).await?;
            Ok(case)
        })
        .await
    }

    async fn change_case_in_steps(
        &self,
        case_id: CaseId,
        expected_version: i64,
        steps: &[CaseStep],
    ) -> StoreResult<CaseRecord> {
        transaction(&self.pool, async |tx| {
            for (version, step) in (expected_version..).zip(steps) {
                apply_change(tx, case_id, version, &step.change, &step.audit).await?;
            }
            let case = require_case(tx, case_id).await?;
            // The events last, in the steps' order (see crate::audit).
            let events: Vec<_> = steps.iter().map(|step| step.audit.clone()).collect();
            append_audit_all_tx(tx, &events).await?;
            Ok(case)
        })
        .await
    }

    async fn status_history(&self, case_id: CaseId) -> StoreResult<Vec<StatusChange>> {
        let sql = &CASE_RECORDS_SQL.status_history;
        fetch_all(&client(&self.pool).await?, sql, &[&case_id]).await
    }

    async fn save_assessment(
        &self,
        case_id: CaseId,
        content: &Assessment,
        expected_version: Option<i64>,
        audit: &AuditEvent,
    ) -> StoreResult<VersionedDocument> {
        transaction(&self.pool, async |tx| {
            // Under the case lock, two first saves queue: the second sees the
            // first's assessment and gets a version mismatch.
            lock_case(tx, case_id).await?;
            let stored = assessment_of(tx, case_id).await?.map(|doc| doc.version);
            let missing = || StoreError::NotFound(format!("assessment of case {case_id}"));
            let sql = match decide_save(stored, expected_version, stale, missing)? {
                Save::Insert => format!(
                    "INSERT INTO assessments (case_id, content, version, updated_at) \
                     VALUES ($1, $2, 1, $3) RETURNING {ASSESSMENT_COLUMNS}"
                ),
                Save::Update => format!(
                    "UPDATE assessments SET content = $2, version = version + 1, updated_at = $3 \
                     WHERE case_id = $1 RETURNING {ASSESSMENT_COLUMNS}"
                ),
            };
            let doc: VersionedDocument =
                fetch_one(tx, &sql, &[&case_id, &json_text(content)?, &audit.at]).await?;
            append_audit_tx(tx, audit).await?;
            Ok(doc)
        })
        .await
    }

    async fn assessment(&self, case_id: CaseId) -> StoreResult<Option<VersionedDocument>> {
        assessment_of(&client(&self.pool).await?, case_id).await
    }

    async fn save_weekly_summary(
        &self,
        summary: &WeeklySummaryWrite,
        expected_version: Option<i64>,
        audit: &AuditEvent,
    ) -> StoreResult<WeeklySummaryRecord> {
        let s = summary;
        let (contact_count, contact_minutes) = s.contact_figures()?;
        let content = json_text(&s.content)?;
        transaction(&self.pool, async |tx| {
            // Under the case lock, two first saves of one week queue: the second
            // sees the first's summary and gets the conflict.
            lock_case(tx, s.case_id).await?;
            let stored = summary_for_week(tx, s.case_id, s.week_start)
                .await?
                .map(|doc| doc.version);
            let taken = |_| week_taken(s.week_start);
            let missing = || StoreError::NotFound(format!("summary of the week of {}", s.week_start));
            let stmt = match decide_save(stored, expected_version, taken, missing)? {
                Save::Insert => {
                    "INSERT INTO weekly_summaries (case_id, week_start, therapist_id, content, \
                     contact_count, contact_minutes, version, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, 1, $7)"
                }
                Save::Update => {
                    "UPDATE weekly_summaries SET therapist_id = $3, content = $4, contact_count = $5, \
                     contact_minutes = $6, version = version + 1, updated_at = $7 \
                     WHERE case_id = $1 AND week_start = $2"
                }
            };
            execute_unique(
                tx,
                stmt,
                &[
                    &s.case_id,
                    &s.week_start,
                    &s.therapist_id,
                    &content,
                    &contact_count,
                    &contact_minutes,
                    &audit.at,
                ],
                || week_taken(s.week_start),
            )
            .await?;
            let saved = summary_for_week(tx, s.case_id, s.week_start)
                .await?
                .ok_or_else(|| StoreError::Internal("summary vanished".into()))?;
            append_audit_tx(tx, audit).await?;
            Ok(saved)
        })
        .await
    }

    async fn weekly_summaries(&self, case_id: CaseId) -> StoreResult<Vec<WeeklySummaryRecord>> {
        let sql = &CASE_RECORDS_SQL.weekly_summaries;
        fetch_all(&client(&self.pool).await?, sql, &[&case_id]).await
    }

    async fn summarised_weeks(
        &self,
        case_ids: &[CaseId],
        since: NaiveDate,
    ) -> StoreResult<Vec<(CaseId, NaiveDate)>> {
        let sql = "SELECT case_id, week_start FROM weekly_summaries \
             WHERE case_id = ANY($1) AND week_start >= $2 \
             ORDER BY case_id, week_start";
        fetch_all(&client(&self.pool).await?, sql, &[&case_ids, &since]).await
    }

    async fn discharge_case(
        &self,
        discharge: &DischargeRecord,
        expected_version: i64,
        change: &CaseChange,
        audit: &AuditEvent,
    ) -> StoreResult<CaseRecord> {
        let d = discharge;
        let content = json_text(&d.content)?;
        let stage = Stage {
            case_id: d.case_id,
            expected_version,
            change,
            insert: "INSERT INTO discharges (case_id, discharged_on, reason, content, \
                 treatment_days, living_at_home, in_school_or_working, no_new_arrests) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            params: &[
                &d.case_id,
                &d.discharged_on,
                &d.reason,
                &content,
                &d.treatment_days,
                &d.living_at_home,
                &d.in_school_or_working,
                &d.no_new_arrests,
            ],
            can: d
                .can
                .as_ref()
                .map(|c| CanStage::Discharge(c, d.discharged_on)),
        };
        let taken = || StoreError::Conflict(msg!("already-discharged"));
        let delta = |case: &CaseRecord| Ok(discharge_delta(case, d));
        self.close_stage(stage, taken, delta, audit).await
    }

    async fn discharge(&self, case_id: CaseId) -> StoreResult<Option<DischargeRecord>> {
        let sql = &CASE_RECORDS_SQL.discharge;
        fetch_opt(&client(&self.pool).await?, sql, &[&case_id]).await
    }

    async fn record_follow_up(
        &self,
        follow_up: &FollowUpRecord,
        expected_version: i64,
        change: &CaseChange,
        audit: &AuditEvent,
    ) -> StoreResult<CaseRecord> {
        let f = follow_up;
        let months = i16::from(f.months);
        let stage = Stage {
            case_id: f.case_id,
            expected_version,
            change,
            insert: "INSERT INTO follow_ups (case_id, months, done_on, living_at_home, \
                 in_school_or_working, no_new_arrests, notes) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            params: &[
                &f.case_id,
                &months,
                &f.done_on,
                &f.living_at_home,
                &f.in_school_or_working,
                &f.no_new_arrests,
                &f.notes,
            ],
            can: f.can.as_ref().map(|c| CanStage::FollowUp(c, f.months)),
        };
        let taken = || StoreError::Conflict(msg!("follow-up-recorded", months = f.months));
        let delta = |case: &CaseRecord| {
            let discharged_on = case
                .discharged_on
                .ok_or_else(|| StoreError::Conflict(msg!("follow-up-before-discharge")))?;
            Ok(follow_up_delta(case, discharged_on, f))
        };
        self.close_stage(stage, taken, delta, audit).await
    }

    async fn follow_ups(&self, case_id: CaseId) -> StoreResult<Vec<FollowUpRecord>> {
        let sql = &CASE_RECORDS_SQL.follow_ups;
        fetch_all(&client(&self.pool).await?, sql, &[&case_id]).await
    }

    async fn create_supervision(
        &self,
        record: &SupervisionRecord,
        audit: &AuditEvent,
    ) -> StoreResult<SupervisionRecord> {
        let s = record;
        transaction(&self.pool, async |tx| {
            let insert = "INSERT INTO supervision_sessions (team_id, held_on, kind, attendees) \
                 VALUES ($1, $2, $3, $4) RETURNING id";
            let id: i64 = fetch_one(
                tx,
                insert,
                &[&s.team_id, &s.held_on, &s.kind, &json_text(&s.attendees)?],
            )
            .await?;
            crate::people::insert_attendance(tx, id, &s.attendance).await?;
            let recommend = "INSERT INTO supervision_recommendations (session_id, case_id, \
                 recommendation) VALUES ($1, $2, $3)";
            for (case_id, text) in &s.recommendations {
                let team_of = "SELECT team_id FROM cases WHERE id = $1";
                let team: Option<TeamId> = fetch_opt(tx, team_of, &[case_id]).await?;
                if team != Some(s.team_id) {
                    return Err(StoreError::Conflict(msg!(
                        "case-not-in-team",
                        case = *case_id
                    )));
                }
                execute(tx, recommend, &[&id, case_id, text]).await?;
            }
            append_audit_tx(tx, &with_object_id(audit, id)).await?;
            Ok(SupervisionRecord { id, ..s.clone() })
        })
        .await
    }

    async fn team_supervisions(
        &self,
        team_id: TeamId,
        limit: u32,
        audit: &AuditEvent,
    ) -> StoreResult<Vec<SupervisionRecord>> {
        let sessions = format!(
            "{SUPERVISION_SELECT} WHERE team_id = $1 ORDER BY held_on DESC, id DESC LIMIT $2"
        );
        let recommendations = "SELECT session_id, case_id, recommendation \
             FROM supervision_recommendations WHERE session_id = ANY($1) ORDER BY id";
        // The sessions, their recommendations and attendance, and the
        // reading's audit event in one transaction.
        let (mut out, rows, attendance) = transaction(&self.pool, async |tx| {
            let out: Vec<SupervisionRecord> =
                fetch_all(tx, &sessions, &[&team_id, &i64::from(limit)]).await?;
            let ids: Vec<i64> = out.iter().map(|s| s.id).collect();
            let rows: Vec<(i64, CaseId, String)> = fetch_all(tx, recommendations, &[&ids]).await?;
            let attendance = crate::people::attendance_of(tx, &ids).await?;
            append_audit_tx(tx, audit).await?;
            Ok((out, rows, attendance))
        })
        .await?;
        SupervisionRecord::attach(&mut out, rows, attendance);
        Ok(out)
    }

    async fn recommendations(&self, case_id: CaseId) -> StoreResult<Vec<Recommendation>> {
        let sql = &CASE_RECORDS_SQL.recommendations;
        fetch_all(&client(&self.pool).await?, sql, &[&case_id]).await
    }
}
