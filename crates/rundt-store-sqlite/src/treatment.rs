//! A family's course: referral, status changes, assessment, weekly
//! summaries, supervision, discharge and follow-ups.

use std::sync::LazyLock;

use chrono::NaiveDate;
use rundt_domain::audit::AuditEvent;
use rundt_domain::id::CaseId;
use rundt_domain::msg;
use rundt_domain::team::TeamId;
use rundt_domain::treatment::Assessment;
use rundt_store::people_sql::ATTENDANCE_SELECT;
use rundt_store::{
    ASSESSMENT_COLUMNS, AttendanceRow, CaseChange, CaseRecord, CaseRecords, CaseStep,
    DISCHARGE_SELECT, DischargeRecord, FOLLOW_UP_SELECT, FollowUpRecord, RECOMMENDATION_SELECT,
    REFERRAL_SELECT, Recommendation, ReferralRecord, STATUS_SELECT, SUMMARY_SELECT,
    SUPERVISION_SELECT, Save, StatusChange, StoreError, StoreResult, SupervisionRecord,
    TreatmentStore, VersionedDocument, WeeklySummaryRecord, WeeklySummaryWrite, decide_save,
    discharge_delta, expect_version, follow_up_delta, json_text, stale,
};
use rusqlite::{Connection, params};

use crate::audit;
use crate::cases::load_case;
use crate::convert::{date_text, db_err, id_json, id_list, time_text};
use crate::forward::forward;
use crate::query::{execute_unique, fetch_all, fetch_opt};
use crate::results::apply_delta;

pub(crate) fn require_case(conn: &Connection, case_id: CaseId) -> StoreResult<CaseRecord> {
    load_case(conn, case_id, false)?.ok_or_else(|| StoreError::NotFound(format!("case {case_id}")))
}

pub fn save_referral(tx: &Connection, r: &ReferralRecord, event: &AuditEvent) -> StoreResult<()> {
    require_case(tx, r.case_id)?;
    execute_unique(
        tx,
        "INSERT INTO referrals (case_id, details, screening, eligible) VALUES (?1, ?2, ?3, ?4)",
        params![
            r.case_id,
            json_text(&r.details)?,
            json_text(&r.screening)?,
            r.eligible
        ],
        || StoreError::Conflict(msg!("referral-recorded")),
    )?;
    audit::append(tx, event)?;
    Ok(())
}

pub fn referral(conn: &Connection, case_id: CaseId) -> StoreResult<Option<ReferralRecord>> {
    fetch_opt(
        conn,
        &format!("{REFERRAL_SELECT} WHERE case_id = ?1"),
        [case_id],
    )
}

/// Applies a change inside the caller's transaction.
fn apply_change(
    tx: &Connection,
    case_id: CaseId,
    expected_version: i64,
    change: &CaseChange,
    event: &AuditEvent,
) -> StoreResult<()> {
    let current = require_case(tx, case_id)?;
    expect_version(current.version, expected_version)?;
    let therapist = match change.therapist_id {
        Some(t) => t,
        None => current.therapist_id,
    };
    let acknowledged = change.acknowledge.then(|| time_text(event.at));
    tx.execute(
        "UPDATE cases SET status = ?2, therapist_id = ?3,
            treatment_start = COALESCE(?4, treatment_start),
            discharged_on = COALESCE(?5, discharged_on),
            acknowledged_by = CASE WHEN acknowledged_at IS NULL AND ?6 IS NOT NULL
                THEN ?7 ELSE acknowledged_by END,
            acknowledged_at = COALESCE(acknowledged_at, ?6),
            version = version + 1
         WHERE id = ?1",
        params![
            case_id,
            change.status,
            therapist,
            change.treatment_start.map(date_text),
            change.discharged_on.map(date_text),
            acknowledged,
            event.actor_user_id
        ],
    )
    .map_err(db_err)?;
    tx.execute(
        "INSERT INTO case_status_history (case_id, at, from_status, to_status, by_user_id, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            case_id,
            time_text(event.at),
            current.status,
            change.status,
            event.actor_user_id,
            change.note
        ],
    )
    .map_err(db_err)?;
    Ok(())
}

pub fn change_case(
    tx: &Connection,
    case_id: CaseId,
    expected_version: i64,
    change: &CaseChange,
    event: &AuditEvent,
) -> StoreResult<CaseRecord> {
    apply_change(tx, case_id, expected_version, change, event)?;
    audit::append(tx, event)?;
    let case = require_case(tx, case_id)?;
    Ok(case)
}

pub fn change_case_in_steps(
    tx: &Connection,
    case_id: CaseId,
    expected_version: i64,
    steps: &[CaseStep],
) -> StoreResult<CaseRecord> {
    for (version, step) in (expected_version..).zip(steps) {
        apply_change(tx, case_id, version, &step.change, &step.audit)?;
        audit::append(tx, &step.audit)?;
    }
    require_case(tx, case_id)
}

pub fn status_history(conn: &Connection, case_id: CaseId) -> StoreResult<Vec<StatusChange>> {
    let sql = format!("{STATUS_SELECT} WHERE case_id = ?1 ORDER BY id");
    fetch_all(conn, &sql, [case_id])
}

pub fn assessment(conn: &Connection, case_id: CaseId) -> StoreResult<Option<VersionedDocument>> {
    let sql = format!("SELECT {ASSESSMENT_COLUMNS} FROM assessments WHERE case_id = ?1");
    fetch_opt(conn, &sql, [case_id])
}

pub fn save_assessment(
    tx: &Connection,
    case_id: CaseId,
    content: &Assessment,
    expected_version: Option<i64>,
    event: &AuditEvent,
) -> StoreResult<VersionedDocument> {
    require_case(tx, case_id)?;
    let stored = assessment(tx, case_id)?.map(|doc| doc.version);
    let missing = || StoreError::NotFound(format!("assessment of case {case_id}"));
    let sql = match decide_save(stored, expected_version, stale, missing)? {
        Save::Insert => {
            "INSERT INTO assessments (case_id, content, version, updated_at) VALUES (?1, ?2, 1, ?3)"
        }
        Save::Update => {
            "UPDATE assessments SET content = ?2, version = version + 1, updated_at = ?3 WHERE case_id = ?1"
        }
    };
    tx.execute(
        sql,
        params![case_id, json_text(content)?, time_text(event.at)],
    )
    .map_err(db_err)?;
    audit::append(tx, event)?;
    let doc = assessment(tx, case_id)?
        .ok_or_else(|| StoreError::Internal("assessment vanished".into()))?;
    Ok(doc)
}

fn summary_for_week(
    conn: &Connection,
    case_id: CaseId,
    week: NaiveDate,
) -> StoreResult<Option<WeeklySummaryRecord>> {
    let sql = format!("{SUMMARY_SELECT} WHERE case_id = ?1 AND week_start = ?2");
    fetch_opt(conn, &sql, params![case_id, date_text(week)])
}

pub fn save_weekly_summary(
    tx: &Connection,
    s: &WeeklySummaryWrite,
    expected_version: Option<i64>,
    event: &AuditEvent,
) -> StoreResult<WeeklySummaryRecord> {
    require_case(tx, s.case_id)?;
    let (contact_count, contact_minutes) = s.contact_figures()?;
    let stored = summary_for_week(tx, s.case_id, s.week_start)?.map(|doc| doc.version);
    let taken = |_| StoreError::Conflict(msg!("week-summarised", week = s.week_start));
    let missing = || StoreError::NotFound(format!("summary of the week of {}", s.week_start));
    let sql = match decide_save(stored, expected_version, taken, missing)? {
        Save::Insert => {
            "INSERT INTO weekly_summaries (case_id, week_start, therapist_id, content, contact_count,
                contact_minutes, version, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7)"
        }
        Save::Update => {
            "UPDATE weekly_summaries SET therapist_id = ?3, content = ?4, contact_count = ?5,
                contact_minutes = ?6, version = version + 1, updated_at = ?7
             WHERE case_id = ?1 AND week_start = ?2"
        }
    };
    tx.execute(
        sql,
        params![
            s.case_id,
            date_text(s.week_start),
            s.therapist_id,
            json_text(&s.content)?,
            contact_count,
            contact_minutes,
            time_text(event.at)
        ],
    )
    .map_err(db_err)?;
    audit::append(tx, event)?;
    let saved = summary_for_week(tx, s.case_id, s.week_start)?
        .ok_or_else(|| StoreError::Internal("summary vanished".into()))?;
    Ok(saved)
}

pub fn weekly_summaries(
    conn: &Connection,
    case_id: CaseId,
) -> StoreResult<Vec<WeeklySummaryRecord>> {
    let sql = format!("{SUMMARY_SELECT} WHERE case_id = ?1 ORDER BY week_start DESC");
    fetch_all(conn, &sql, [case_id])
}

pub fn summarised_weeks(
    conn: &Connection,
    case_ids: &[CaseId],
    since: NaiveDate,
) -> StoreResult<Vec<(CaseId, NaiveDate)>> {
    let list = id_list(case_ids);
    let sql = "SELECT case_id, week_start FROM weekly_summaries
         WHERE case_id IN (SELECT value FROM json_each('[' || ?1 || ']')) AND week_start >= ?2
         ORDER BY case_id, week_start";
    fetch_all(conn, sql, params![list, date_text(since)])
}

pub fn discharge_case(
    tx: &Connection,
    d: &DischargeRecord,
    expected_version: i64,
    change: &CaseChange,
    event: &AuditEvent,
) -> StoreResult<CaseRecord> {
    apply_change(tx, d.case_id, expected_version, change, event)?;
    execute_unique(
        tx,
        "INSERT INTO discharges (case_id, discharged_on, reason, content, treatment_days, living_at_home,
            in_school_or_working, no_new_arrests)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            d.case_id,
            date_text(d.discharged_on),
            d.reason,
            json_text(&d.content)?,
            d.treatment_days,
            d.living_at_home,
            d.in_school_or_working,
            d.no_new_arrests
        ],
        || StoreError::Conflict(msg!("already-discharged")),
    )?;
    audit::append(tx, event)?;
    let case = require_case(tx, d.case_id)?;
    apply_delta(tx, &discharge_delta(&case, d))?;
    if let Some(can) = &d.can {
        crate::can_results::write_discharge(tx, &case, d.discharged_on, can)?;
    }
    Ok(case)
}

pub fn discharge(conn: &Connection, case_id: CaseId) -> StoreResult<Option<DischargeRecord>> {
    fetch_opt(
        conn,
        &format!("{DISCHARGE_SELECT} WHERE case_id = ?1"),
        [case_id],
    )
}

pub fn record_follow_up(
    tx: &Connection,
    f: &FollowUpRecord,
    expected_version: i64,
    change: &CaseChange,
    event: &AuditEvent,
) -> StoreResult<CaseRecord> {
    apply_change(tx, f.case_id, expected_version, change, event)?;
    execute_unique(
        tx,
        "INSERT INTO follow_ups (case_id, months, done_on, living_at_home, in_school_or_working, no_new_arrests, notes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            f.case_id,
            f.months,
            date_text(f.done_on),
            f.living_at_home,
            f.in_school_or_working,
            f.no_new_arrests,
            f.notes
        ],
        || StoreError::Conflict(msg!("follow-up-recorded", months = f.months)),
    )?;
    audit::append(tx, event)?;
    let case = require_case(tx, f.case_id)?;
    let discharged_on = case
        .discharged_on
        .ok_or_else(|| StoreError::Conflict(msg!("follow-up-before-discharge")))?;
    apply_delta(tx, &follow_up_delta(&case, discharged_on, f))?;
    if let Some(can) = &f.can {
        crate::can_results::write_follow_up(tx, f.case_id, f.months, can)?;
    }
    Ok(case)
}

pub fn follow_ups(conn: &Connection, case_id: CaseId) -> StoreResult<Vec<FollowUpRecord>> {
    let sql = format!("{FOLLOW_UP_SELECT} WHERE case_id = ?1 ORDER BY months");
    fetch_all(conn, &sql, [case_id])
}

pub fn create_supervision(
    tx: &Connection,
    s: &SupervisionRecord,
    event: &AuditEvent,
) -> StoreResult<SupervisionRecord> {
    tx.execute(
        "INSERT INTO supervision_sessions (team_id, held_on, kind, attendees) VALUES (?1, ?2, ?3, ?4)",
        params![
            s.team_id,
            date_text(s.held_on),
            s.kind,
            json_text(&s.attendees)?
        ],
    )
    .map_err(db_err)?;
    let id = tx.last_insert_rowid();
    crate::people::insert_attendance(tx, id, &s.attendance)?;
    for (case_id, text) in &s.recommendations {
        let team: Option<TeamId> =
            fetch_opt(tx, "SELECT team_id FROM cases WHERE id = ?1", [case_id])?;
        if team != Some(s.team_id) {
            return Err(StoreError::Conflict(msg!(
                "case-not-in-team",
                case = *case_id
            )));
        }
        tx.execute(
            "INSERT INTO supervision_recommendations (session_id, case_id, recommendation) VALUES (?1, ?2, ?3)",
            params![id, case_id, text],
        )
        .map_err(db_err)?;
    }
    audit::append(tx, &audit::with_object(event, id))?;
    Ok(SupervisionRecord { id, ..s.clone() })
}

/// The recommendations of the meetings whose ids `?1` lists (a JSON array),
/// on `supervision_recommendations_session`.
pub const SESSIONS_RECOMMENDATIONS_SQL: &str = "SELECT session_id, case_id, recommendation FROM supervision_recommendations \
     WHERE session_id IN (SELECT value FROM json_each(?1)) ORDER BY id";

/// The attendance at the meetings whose ids `?1` lists, on the table's
/// primary key.
pub static SESSIONS_ATTENDANCE_SQL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{ATTENDANCE_SELECT} WHERE session_id IN (SELECT value FROM json_each(?1)) \
         ORDER BY session_id, user_id"
    )
});

/// A team's meetings, newest first, read in the writer's transaction with
/// the reading's audit event: the meetings, then the recommendations and
/// the attendance of all of them, one query each.
pub fn team_supervisions(
    tx: &Connection,
    team_id: TeamId,
    limit: u32,
    event: &AuditEvent,
) -> StoreResult<Vec<SupervisionRecord>> {
    let sql =
        format!("{SUPERVISION_SELECT} WHERE team_id = ?1 ORDER BY held_on DESC, id DESC LIMIT ?2");
    let mut sessions: Vec<SupervisionRecord> = fetch_all(tx, &sql, params![team_id, limit])?;
    let ids = id_json(&sessions.iter().map(|s| s.id).collect::<Vec<_>>());
    let recommendations: Vec<(i64, CaseId, String)> =
        fetch_all(tx, SESSIONS_RECOMMENDATIONS_SQL, [&ids])?;
    let attendance: Vec<AttendanceRow> = fetch_all(tx, &SESSIONS_ATTENDANCE_SQL, [&ids])?;
    SupervisionRecord::attach(&mut sessions, recommendations, attendance);
    audit::append(tx, event)?;
    Ok(sessions)
}

pub fn recommendations(conn: &Connection, case_id: CaseId) -> StoreResult<Vec<Recommendation>> {
    let sql =
        format!("{RECOMMENDATION_SELECT} WHERE r.case_id = ?1 ORDER BY s.held_on DESC, r.id DESC");
    fetch_all(conn, &sql, [case_id])
}

/// A case's course records, one query after another on one reader.
pub fn case_records(conn: &Connection, case_id: CaseId) -> StoreResult<CaseRecords> {
    Ok(CaseRecords {
        referral: referral(conn, case_id)?,
        weekly_summaries: weekly_summaries(conn, case_id)?,
        assessment: assessment(conn, case_id)?,
        discharge: discharge(conn, case_id)?,
        follow_ups: follow_ups(conn, case_id)?,
        child_follow_ups: crate::can_results::can_child_follow_ups(conn, case_id)?,
        recommendations: recommendations(conn, case_id)?,
        status_history: status_history(conn, case_id)?,
        treatment_plans: crate::can_plan::treatment_plans(conn, case_id)?,
    })
}

forward! {
    impl TreatmentStore {
        async fn case_records(&self, case_id: CaseId) -> StoreResult<CaseRecords> => read case_records;
        async fn save_referral(&self, referral: &ReferralRecord, audit: &AuditEvent) -> StoreResult<()> => write save_referral;
        async fn referral(&self, case_id: CaseId) -> StoreResult<Option<ReferralRecord>> => read referral;
        async fn change_case(&self, case_id: CaseId, expected_version: i64, change: &CaseChange, audit: &AuditEvent) -> StoreResult<CaseRecord> => write change_case;
        async fn change_case_in_steps(&self, case_id: CaseId, expected_version: i64, steps: &[CaseStep]) -> StoreResult<CaseRecord> => write change_case_in_steps;
        async fn status_history(&self, case_id: CaseId) -> StoreResult<Vec<StatusChange>> => read status_history;
        async fn save_assessment(&self, case_id: CaseId, content: &Assessment, expected_version: Option<i64>, audit: &AuditEvent) -> StoreResult<VersionedDocument> => write save_assessment;
        async fn assessment(&self, case_id: CaseId) -> StoreResult<Option<VersionedDocument>> => read assessment;
        async fn save_weekly_summary(&self, summary: &WeeklySummaryWrite, expected_version: Option<i64>, audit: &AuditEvent) -> StoreResult<WeeklySummaryRecord> => write save_weekly_summary;
        async fn weekly_summaries(&self, case_id: CaseId) -> StoreResult<Vec<WeeklySummaryRecord>> => read weekly_summaries;
        async fn summarised_weeks(&self, case_ids: &[CaseId], since: NaiveDate) -> StoreResult<Vec<(CaseId, NaiveDate)>> => read summarised_weeks;
        async fn discharge_case(&self, discharge: &DischargeRecord, expected_version: i64, change: &CaseChange, audit: &AuditEvent) -> StoreResult<CaseRecord> => write discharge_case;
        async fn discharge(&self, case_id: CaseId) -> StoreResult<Option<DischargeRecord>> => read discharge;
        async fn record_follow_up(&self, follow_up: &FollowUpRecord, expected_version: i64, change: &CaseChange, audit: &AuditEvent) -> StoreResult<CaseRecord> => write record_follow_up;
        async fn follow_ups(&self, case_id: CaseId) -> StoreResult<Vec<FollowUpRecord>> => read follow_ups;
        async fn create_supervision(&self, record: &SupervisionRecord, audit: &AuditEvent) -> StoreResult<SupervisionRecord> => write create_supervision;
        async fn team_supervisions(&self, team_id: TeamId, limit: u32, audit: &AuditEvent) -> StoreResult<Vec<SupervisionRecord>> => write team_supervisions;
        async fn recommendations(&self, case_id: CaseId) -> StoreResult<Vec<Recommendation>> => read recommendations;
    }
}
