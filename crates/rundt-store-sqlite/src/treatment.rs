//! A family's course: referral, status changes, assessment, weekly
//! summaries, supervision, discharge and follow-ups.

use chrono::NaiveDate;
use rundt_domain::audit::AuditEvent;
use rundt_domain::msg;
use rundt_domain::team::TeamId;
use rundt_store::{
    CaseChange, CaseRecord, DischargeRecord, FollowUpRecord, Recommendation, ReferralRecord, Save,
    StatusChange, StoreError, StoreResult, SupervisionRecord, VersionedDocument,
    WeeklySummaryRecord, WeeklySummaryWrite, decide_save, discharge_delta, expect_version,
    follow_up_delta, stale,
};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::audit;
use crate::cases::load_case;
use crate::convert::{
    columns, date_text, db_err, id_list, is_unique_violation, parse_date, parse_time, time_text,
};
use crate::results::apply_delta;

fn require_case(conn: &Connection, case_id: i64) -> StoreResult<CaseRecord> {
    load_case(conn, case_id, false)?.ok_or_else(|| StoreError::NotFound(format!("case {case_id}")))
}

pub fn save_referral(
    conn: &mut Connection,
    r: &ReferralRecord,
    event: &AuditEvent,
) -> StoreResult<()> {
    let tx = conn.transaction().map_err(db_err)?;
    require_case(&tx, r.case_id)?;
    tx.execute(
        "INSERT INTO referrals (case_id, details, screening, eligible) VALUES (?1, ?2, ?3, ?4)",
        params![r.case_id, r.details, r.screening, r.eligible],
    )
    .map_err(|e| {
        if is_unique_violation(&e) {
            StoreError::Conflict(msg!("referral-recorded"))
        } else {
            db_err(e)
        }
    })?;
    audit::append(&tx, event)?;
    tx.commit().map_err(db_err)
}

pub fn referral(conn: &Connection, case_id: i64) -> StoreResult<Option<ReferralRecord>> {
    conn.query_row(
        "SELECT case_id, details, screening, eligible FROM referrals WHERE case_id = ?1",
        [case_id],
        |r| {
            Ok(ReferralRecord {
                case_id: r.get(0)?,
                details: r.get(1)?,
                screening: r.get(2)?,
                eligible: r.get(3)?,
            })
        },
    )
    .optional()
    .map_err(db_err)
}

/// Applies a change inside the caller's transaction.
fn apply_change(
    tx: &Connection,
    case_id: i64,
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
    tx.execute(
        "UPDATE cases SET status = ?2, therapist_id = ?3,
            treatment_start = COALESCE(?4, treatment_start),
            discharged_on = COALESCE(?5, discharged_on),
            version = version + 1
         WHERE id = ?1",
        params![
            case_id,
            change.status,
            therapist,
            change.treatment_start.map(date_text),
            change.discharged_on.map(date_text)
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
    conn: &mut Connection,
    case_id: i64,
    expected_version: i64,
    change: &CaseChange,
    event: &AuditEvent,
) -> StoreResult<CaseRecord> {
    let tx = conn.transaction().map_err(db_err)?;
    apply_change(&tx, case_id, expected_version, change, event)?;
    audit::append(&tx, event)?;
    let case = require_case(&tx, case_id)?;
    tx.commit().map_err(db_err)?;
    Ok(case)
}

pub fn status_history(conn: &Connection, case_id: i64) -> StoreResult<Vec<StatusChange>> {
    let mut stmt = conn
        .prepare(
            "SELECT at, from_status, to_status, by_user_id, note FROM case_status_history
             WHERE case_id = ?1 ORDER BY id",
        )
        .map_err(db_err)?;
    let rows = stmt
        .query_map([case_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<i64>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })
        .map_err(db_err)?;
    rows.map(|r| {
        let (at, from_status, to_status, by_user_id, note) = r.map_err(db_err)?;
        Ok(StatusChange {
            at: parse_time(&at)?,
            from_status,
            to_status,
            by_user_id,
            note,
        })
    })
    .collect()
}

fn document_row(r: &Row<'_>) -> rusqlite::Result<(i64, i64, String, i64, String)> {
    columns(r)
}

pub fn assessment(conn: &Connection, case_id: i64) -> StoreResult<Option<VersionedDocument>> {
    let row = conn
        .query_row(
            "SELECT id, case_id, content, version, updated_at FROM assessments WHERE case_id = ?1",
            [case_id],
            document_row,
        )
        .optional()
        .map_err(db_err)?;
    row.map(|(id, case_id, content, version, updated)| {
        Ok(VersionedDocument {
            id,
            case_id,
            content,
            version,
            updated_at: parse_time(&updated)?,
        })
    })
    .transpose()
}

pub fn save_assessment(
    conn: &mut Connection,
    case_id: i64,
    content: &str,
    expected_version: Option<i64>,
    event: &AuditEvent,
) -> StoreResult<VersionedDocument> {
    let tx = conn.transaction().map_err(db_err)?;
    require_case(&tx, case_id)?;
    let stored = assessment(&tx, case_id)?.map(|doc| doc.version);
    let missing = || StoreError::NotFound(format!("assessment of case {case_id}"));
    let sql = match decide_save(stored, expected_version, stale, missing)? {
        Save::Insert => {
            "INSERT INTO assessments (case_id, content, version, updated_at) VALUES (?1, ?2, 1, ?3)"
        }
        Save::Update => {
            "UPDATE assessments SET content = ?2, version = version + 1, updated_at = ?3 WHERE case_id = ?1"
        }
    };
    tx.execute(sql, params![case_id, content, time_text(event.at)])
        .map_err(db_err)?;
    audit::append(&tx, event)?;
    let doc = assessment(&tx, case_id)?
        .ok_or_else(|| StoreError::Internal("assessment vanished".into()))?;
    tx.commit().map_err(db_err)?;
    Ok(doc)
}

const SUMMARY_SELECT: &str =
    "SELECT id, case_id, week_start, therapist_id, content, contact_count, contact_minutes,
    version, updated_at FROM weekly_summaries";

type SummaryRow = (i64, i64, String, Option<i64>, String, u32, u32, i64, String);

fn summary_row(r: &Row<'_>) -> rusqlite::Result<SummaryRow> {
    columns(r)
}

fn summary_from(row: SummaryRow) -> StoreResult<WeeklySummaryRecord> {
    let (
        id,
        case_id,
        week,
        therapist_id,
        content,
        contact_count,
        contact_minutes,
        version,
        updated,
    ) = row;
    Ok(WeeklySummaryRecord {
        id,
        case_id,
        week_start: parse_date(&week)?,
        therapist_id,
        content,
        contact_count,
        contact_minutes,
        version,
        updated_at: parse_time(&updated)?,
    })
}

fn summary_for_week(
    conn: &Connection,
    case_id: i64,
    week: NaiveDate,
) -> StoreResult<Option<WeeklySummaryRecord>> {
    conn.query_row(
        &format!("{SUMMARY_SELECT} WHERE case_id = ?1 AND week_start = ?2"),
        params![case_id, date_text(week)],
        summary_row,
    )
    .optional()
    .map_err(db_err)?
    .map(summary_from)
    .transpose()
}

pub fn save_weekly_summary(
    conn: &mut Connection,
    s: &WeeklySummaryWrite,
    expected_version: Option<i64>,
    event: &AuditEvent,
) -> StoreResult<WeeklySummaryRecord> {
    let tx = conn.transaction().map_err(db_err)?;
    require_case(&tx, s.case_id)?;
    let stored = summary_for_week(&tx, s.case_id, s.week_start)?.map(|doc| doc.version);
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
            s.content,
            s.contact_count,
            s.contact_minutes,
            time_text(event.at)
        ],
    )
    .map_err(db_err)?;
    audit::append(&tx, event)?;
    let saved = summary_for_week(&tx, s.case_id, s.week_start)?
        .ok_or_else(|| StoreError::Internal("summary vanished".into()))?;
    tx.commit().map_err(db_err)?;
    Ok(saved)
}

pub fn weekly_summaries(conn: &Connection, case_id: i64) -> StoreResult<Vec<WeeklySummaryRecord>> {
    let mut stmt = conn
        .prepare(&format!(
            "{SUMMARY_SELECT} WHERE case_id = ?1 ORDER BY week_start DESC"
        ))
        .map_err(db_err)?;
    let rows = stmt.query_map([case_id], summary_row).map_err(db_err)?;
    rows.map(|r| summary_from(r.map_err(db_err)?)).collect()
}

pub fn summarised_weeks(
    conn: &Connection,
    case_ids: &[i64],
    since: NaiveDate,
) -> StoreResult<Vec<(i64, NaiveDate)>> {
    let list = id_list(case_ids);
    let mut stmt = conn
        .prepare(
            "SELECT case_id, week_start FROM weekly_summaries
             WHERE case_id IN (SELECT value FROM json_each('[' || ?1 || ']')) AND week_start >= ?2
             ORDER BY case_id, week_start",
        )
        .map_err(db_err)?;
    let rows = stmt
        .query_map(params![list, date_text(since)], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })
        .map_err(db_err)?;
    rows.map(|r| {
        let (id, week) = r.map_err(db_err)?;
        Ok((id, parse_date(&week)?))
    })
    .collect()
}

pub fn discharge_case(
    conn: &mut Connection,
    d: &DischargeRecord,
    expected_version: i64,
    change: &CaseChange,
    event: &AuditEvent,
) -> StoreResult<CaseRecord> {
    let tx = conn.transaction().map_err(db_err)?;
    apply_change(&tx, d.case_id, expected_version, change, event)?;
    tx.execute(
        "INSERT INTO discharges (case_id, discharged_on, reason, content, treatment_days, living_at_home,
            in_school_or_working, no_new_arrests)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            d.case_id,
            date_text(d.discharged_on),
            d.reason,
            d.content,
            d.treatment_days,
            d.living_at_home,
            d.in_school_or_working,
            d.no_new_arrests
        ],
    )
    .map_err(|e| {
        if is_unique_violation(&e) {
            StoreError::Conflict(msg!("already-discharged"))
        } else {
            db_err(e)
        }
    })?;
    audit::append(&tx, event)?;
    let case = require_case(&tx, d.case_id)?;
    apply_delta(&tx, &discharge_delta(&case, d))?;
    tx.commit().map_err(db_err)?;
    Ok(case)
}

pub fn discharge(conn: &Connection, case_id: i64) -> StoreResult<Option<DischargeRecord>> {
    let row = conn
        .query_row(
            "SELECT case_id, discharged_on, reason, content, treatment_days, living_at_home, in_school_or_working,
                no_new_arrests FROM discharges WHERE case_id = ?1",
            [case_id],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                    (r.get::<_, bool>(5)?, r.get::<_, bool>(6)?, r.get::<_, bool>(7)?),
                ))
            },
        )
        .optional()
        .map_err(db_err)?;
    row.map(
        |(case_id, on, reason, content, treatment_days, (home, school, arrests))| {
            Ok(DischargeRecord {
                case_id,
                discharged_on: parse_date(&on)?,
                reason,
                content,
                treatment_days,
                living_at_home: home,
                in_school_or_working: school,
                no_new_arrests: arrests,
            })
        },
    )
    .transpose()
}

pub fn record_follow_up(
    conn: &mut Connection,
    f: &FollowUpRecord,
    expected_version: i64,
    change: &CaseChange,
    event: &AuditEvent,
) -> StoreResult<CaseRecord> {
    let tx = conn.transaction().map_err(db_err)?;
    apply_change(&tx, f.case_id, expected_version, change, event)?;
    tx.execute(
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
    )
    .map_err(|e| {
        if is_unique_violation(&e) {
            StoreError::Conflict(msg!("follow-up-recorded", months = f.months))
        } else {
            db_err(e)
        }
    })?;
    audit::append(&tx, event)?;
    let case = require_case(&tx, f.case_id)?;
    let discharged_on = case
        .discharged_on
        .ok_or_else(|| StoreError::Conflict(msg!("follow-up-before-discharge")))?;
    apply_delta(&tx, &follow_up_delta(&case, discharged_on, f))?;
    tx.commit().map_err(db_err)?;
    Ok(case)
}

pub fn follow_ups(conn: &Connection, case_id: i64) -> StoreResult<Vec<FollowUpRecord>> {
    let mut stmt = conn
        .prepare(
            "SELECT case_id, months, done_on, living_at_home, in_school_or_working, no_new_arrests, notes
             FROM follow_ups WHERE case_id = ?1 ORDER BY months",
        )
        .map_err(db_err)?;
    let rows = stmt
        .query_map([case_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, u8>(1)?,
                r.get::<_, String>(2)?,
                (
                    r.get::<_, bool>(3)?,
                    r.get::<_, bool>(4)?,
                    r.get::<_, bool>(5)?,
                ),
                r.get::<_, String>(6)?,
            ))
        })
        .map_err(db_err)?;
    rows.map(|r| {
        let (case_id, months, on, (home, school, arrests), notes) = r.map_err(db_err)?;
        Ok(FollowUpRecord {
            case_id,
            months,
            done_on: parse_date(&on)?,
            living_at_home: home,
            in_school_or_working: school,
            no_new_arrests: arrests,
            notes,
        })
    })
    .collect()
}

fn recommendations_of(conn: &Connection, session_id: i64) -> StoreResult<Vec<(i64, String)>> {
    let mut stmt = conn
        .prepare("SELECT case_id, recommendation FROM supervision_recommendations WHERE session_id = ?1 ORDER BY id")
        .map_err(db_err)?;
    let rows = stmt
        .query_map([session_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .map_err(db_err)?;
    rows.collect::<Result<Vec<_>, _>>().map_err(db_err)
}

pub fn create_supervision(
    conn: &mut Connection,
    s: &SupervisionRecord,
    event: &AuditEvent,
) -> StoreResult<SupervisionRecord> {
    let tx = conn.transaction().map_err(db_err)?;
    tx.execute(
        "INSERT INTO supervision_sessions (team_id, held_on, kind, attendees) VALUES (?1, ?2, ?3, ?4)",
        params![s.team_id, date_text(s.held_on), s.kind, s.attendees],
    )
    .map_err(db_err)?;
    let id = tx.last_insert_rowid();
    for (case_id, text) in &s.recommendations {
        let team: Option<i64> = tx
            .query_row("SELECT team_id FROM cases WHERE id = ?1", [case_id], |r| {
                r.get(0)
            })
            .optional()
            .map_err(db_err)?;
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
    audit::append(&tx, &audit::with_object(event, id))?;
    tx.commit().map_err(db_err)?;
    Ok(SupervisionRecord { id, ..s.clone() })
}

pub fn team_supervisions(
    conn: &Connection,
    team_id: TeamId,
    limit: u32,
) -> StoreResult<Vec<SupervisionRecord>> {
    let mut stmt = conn
        .prepare(
            "SELECT id, team_id, held_on, kind, attendees FROM supervision_sessions
             WHERE team_id = ?1 ORDER BY held_on DESC, id DESC LIMIT ?2",
        )
        .map_err(db_err)?;
    let rows = stmt
        .query_map(params![team_id, limit], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })
        .map_err(db_err)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(db_err)?;
    rows.into_iter()
        .map(|(id, team_id, held, kind, attendees)| {
            Ok(SupervisionRecord {
                id,
                team_id,
                held_on: parse_date(&held)?,
                kind,
                attendees,
                recommendations: recommendations_of(conn, id)?,
            })
        })
        .collect()
}

pub fn recommendations(conn: &Connection, case_id: i64) -> StoreResult<Vec<Recommendation>> {
    let mut stmt = conn
        .prepare(
            "SELECT s.id, s.held_on, s.kind, r.recommendation FROM supervision_recommendations r
             JOIN supervision_sessions s ON s.id = r.session_id
             WHERE r.case_id = ?1 ORDER BY s.held_on DESC, r.id DESC",
        )
        .map_err(db_err)?;
    let rows = stmt
        .query_map([case_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })
        .map_err(db_err)?;
    rows.map(|r| {
        let (session_id, held, kind, recommendation) = r.map_err(db_err)?;
        Ok(Recommendation {
            session_id,
            held_on: parse_date(&held)?,
            kind,
            recommendation,
        })
    })
    .collect()
}

#[async_trait::async_trait]
impl rundt_store::TreatmentStore for crate::SqliteStore {
    async fn save_referral(
        &self,
        referral: &ReferralRecord,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        let (r, e) = (referral.clone(), audit.clone());
        self.conns.write(move |c| save_referral(c, &r, &e)).await
    }

    async fn referral(&self, case_id: i64) -> StoreResult<Option<ReferralRecord>> {
        self.conns.read(move |c| referral(c, case_id)).await
    }

    async fn change_case(
        &self,
        case_id: i64,
        expected_version: i64,
        change: &CaseChange,
        audit: &AuditEvent,
    ) -> StoreResult<CaseRecord> {
        let (ch, e) = (change.clone(), audit.clone());
        self.conns
            .write(move |c| change_case(c, case_id, expected_version, &ch, &e))
            .await
    }

    async fn status_history(&self, case_id: i64) -> StoreResult<Vec<StatusChange>> {
        self.conns.read(move |c| status_history(c, case_id)).await
    }

    async fn save_assessment(
        &self,
        case_id: i64,
        content: &str,
        expected_version: Option<i64>,
        audit: &AuditEvent,
    ) -> StoreResult<VersionedDocument> {
        let (content, e) = (content.to_owned(), audit.clone());
        self.conns
            .write(move |c| save_assessment(c, case_id, &content, expected_version, &e))
            .await
    }

    async fn assessment(&self, case_id: i64) -> StoreResult<Option<VersionedDocument>> {
        self.conns.read(move |c| assessment(c, case_id)).await
    }

    async fn save_weekly_summary(
        &self,
        summary: &WeeklySummaryWrite,
        expected_version: Option<i64>,
        audit: &AuditEvent,
    ) -> StoreResult<WeeklySummaryRecord> {
        let (s, e) = (summary.clone(), audit.clone());
        self.conns
            .write(move |c| save_weekly_summary(c, &s, expected_version, &e))
            .await
    }

    async fn weekly_summaries(&self, case_id: i64) -> StoreResult<Vec<WeeklySummaryRecord>> {
        self.conns.read(move |c| weekly_summaries(c, case_id)).await
    }

    async fn summarised_weeks(
        &self,
        case_ids: &[i64],
        since: NaiveDate,
    ) -> StoreResult<Vec<(i64, NaiveDate)>> {
        let ids = case_ids.to_vec();
        self.conns
            .read(move |c| summarised_weeks(c, &ids, since))
            .await
    }

    async fn discharge_case(
        &self,
        discharge: &DischargeRecord,
        expected_version: i64,
        change: &CaseChange,
        audit: &AuditEvent,
    ) -> StoreResult<CaseRecord> {
        let (d, ch, e) = (discharge.clone(), change.clone(), audit.clone());
        self.conns
            .write(move |c| discharge_case(c, &d, expected_version, &ch, &e))
            .await
    }

    async fn discharge(&self, case_id: i64) -> StoreResult<Option<DischargeRecord>> {
        self.conns.read(move |c| discharge(c, case_id)).await
    }

    async fn record_follow_up(
        &self,
        follow_up: &FollowUpRecord,
        expected_version: i64,
        change: &CaseChange,
        audit: &AuditEvent,
    ) -> StoreResult<CaseRecord> {
        let (f, ch, e) = (follow_up.clone(), change.clone(), audit.clone());
        self.conns
            .write(move |c| record_follow_up(c, &f, expected_version, &ch, &e))
            .await
    }

    async fn follow_ups(&self, case_id: i64) -> StoreResult<Vec<FollowUpRecord>> {
        self.conns.read(move |c| follow_ups(c, case_id)).await
    }

    async fn create_supervision(
        &self,
        record: &SupervisionRecord,
        audit: &AuditEvent,
    ) -> StoreResult<SupervisionRecord> {
        let (r, e) = (record.clone(), audit.clone());
        self.conns
            .write(move |c| create_supervision(c, &r, &e))
            .await
    }

    async fn team_supervisions(
        &self,
        team_id: TeamId,
        limit: u32,
    ) -> StoreResult<Vec<SupervisionRecord>> {
        self.conns
            .read(move |c| team_supervisions(c, team_id, limit))
            .await
    }

    async fn recommendations(&self, case_id: i64) -> StoreResult<Vec<Recommendation>> {
        self.conns.read(move |c| recommendations(c, case_id)).await
    }
}
