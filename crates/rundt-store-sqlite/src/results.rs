//! Adherence interviews, family-experience surveys, the summary tables and
//! the per-family results table.

use chrono::NaiveDate;
use rundt_domain::audit::AuditEvent;
use rundt_domain::country::Country;
use rundt_domain::msg;
use rundt_domain::team::TeamId;
use rundt_store::{
    ADHERENCE_COLUMNS, AdherenceInterviewRecord, AdherenceSummaryRow, FamilyExperienceRecord,
    FamilyResultRow, FamilyResultsFilter, InterviewState, NewAdherenceInterview,
    NewSupervisorRating, OUTCOME_COLUMN_COUNT, OUTCOME_COLUMNS, OutcomeSummaryRow, OutcomeTriple,
    SUPERVISION_COLUMNS, StoreError, StoreResult, SummaryDelta, SummaryFilter, SummaryKey,
    SupervisionSummaryRow, adherence_counts_from, experience_delta, interview_delta,
    outcome_counts_from, summary_month,
};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};

use crate::audit;
use crate::cases::load_case;
use crate::convert::{
    date_text, db_err, id_list, is_unique_violation, parse_date, parse_time, time_text,
};

/// Adds a delta to its summary row, inside the caller's transaction.
pub fn apply_delta(tx: &Connection, d: &SummaryDelta) -> StoreResult<()> {
    let sql = d.upsert_sql(|i| format!("?{i}"));
    let values: Vec<Value> = d
        .keys
        .iter()
        .map(|(_, k)| match k {
            SummaryKey::Int(i) => Value::Integer(*i),
            SummaryKey::Text(t) => Value::Text(t.clone()),
        })
        .chain(d.amounts.iter().map(|(_, v)| Value::Integer(*v)))
        .collect();
    tx.execute(&sql, params_from_iter(values)).map_err(db_err)?;
    Ok(())
}

fn team_list(ids: &Option<Vec<TeamId>>) -> Option<String> {
    ids.as_deref().map(id_list)
}

/// (id, case, day, interviewer, therapist, answers, score, created).
type InterviewRow = (i64, i64, String, i64, i64, String, Option<f64>, String);

fn interview_from(r: &Row<'_>) -> rusqlite::Result<InterviewRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
    ))
}

pub fn record_adherence_interview(
    conn: &mut Connection,
    i: &NewAdherenceInterview,
    event: &AuditEvent,
) -> StoreResult<AdherenceInterviewRecord> {
    let tx = conn.transaction().map_err(db_err)?;
    let case = load_case(&tx, i.case_id, false)?
        .ok_or_else(|| StoreError::NotFound(format!("case {}", i.case_id)))?;
    let month = summary_month(i.interviewed_on);
    let earlier_this_month: i64 = tx
        .query_row(
            "SELECT count(*) FROM adherence_interviews WHERE case_id = ?1 AND substr(interviewed_on, 1, 7) = ?2",
            params![i.case_id, month],
            |r| r.get(0),
        )
        .map_err(db_err)?;
    tx.execute(
        "INSERT INTO adherence_interviews (case_id, interviewed_on, interviewer_id, therapist_id, answers, score, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            i.case_id,
            date_text(i.interviewed_on),
            i.interviewer_id,
            i.therapist_id,
            i.answers,
            i.score,
            time_text(i.created_at)
        ],
    )
    .map_err(db_err)?;
    let id = tx.last_insert_rowid();
    apply_delta(&tx, &interview_delta(&case, i, earlier_this_month == 0))?;
    let mut e = event.clone();
    e.object_id = Some(id);
    audit::append(&tx, &e)?;
    tx.commit().map_err(db_err)?;
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

pub fn adherence_interviews(
    conn: &Connection,
    case_id: i64,
) -> StoreResult<Vec<AdherenceInterviewRecord>> {
    let mut stmt = conn
        .prepare(
            "SELECT id, case_id, interviewed_on, interviewer_id, therapist_id, answers, score, created_at
             FROM adherence_interviews WHERE case_id = ?1 ORDER BY interviewed_on DESC, id DESC",
        )
        .map_err(db_err)?;
    let rows = stmt
        .query_map([case_id], interview_from)
        .map_err(db_err)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(db_err)?;
    rows.into_iter()
        .map(
            |(id, case_id, on, interviewer_id, therapist_id, answers, score, at)| {
                Ok(AdherenceInterviewRecord {
                    id,
                    case_id,
                    interviewed_on: parse_date(&on)?,
                    interviewer_id,
                    therapist_id,
                    answers,
                    score,
                    created_at: parse_time(&at)?,
                })
            },
        )
        .collect()
}

pub fn interview_states(
    conn: &Connection,
    team_ids: &[TeamId],
) -> StoreResult<Vec<InterviewState>> {
    let list = id_list(team_ids);
    let mut stmt = conn
        .prepare(
            "SELECT c.id, c.team_id, c.therapist_id, c.treatment_start,
                (SELECT max(a.interviewed_on) FROM adherence_interviews a WHERE a.case_id = c.id)
             FROM cases c
             WHERE c.status = 'in_treatment' AND c.treatment_start IS NOT NULL
               AND c.team_id IN (SELECT value FROM json_each('[' || ?1 || ']'))
             ORDER BY c.id",
        )
        .map_err(db_err)?;
    let rows = stmt
        .query_map([list], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })
        .map_err(db_err)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(db_err)?;
    rows.into_iter()
        .map(|(case_id, team_id, therapist_id, start, last)| {
            Ok(InterviewState {
                case_id,
                team_id,
                therapist_id,
                treatment_start: parse_date(&start)?,
                last_interview: last.as_deref().map(parse_date).transpose()?,
            })
        })
        .collect()
}

pub fn record_family_experience(
    conn: &mut Connection,
    e: &FamilyExperienceRecord,
    event: &AuditEvent,
) -> StoreResult<()> {
    let tx = conn.transaction().map_err(db_err)?;
    let case = load_case(&tx, e.case_id, false)?
        .ok_or_else(|| StoreError::NotFound(format!("case {}", e.case_id)))?;
    let discharged_on = case
        .discharged_on
        .ok_or_else(|| StoreError::Conflict(msg!("survey-before-discharge")))?;
    tx.execute(
        "INSERT INTO family_experience (case_id, answered_on, answers, score, recommends, comment, recorded_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            e.case_id,
            date_text(e.answered_on),
            e.answers,
            e.score,
            e.recommends,
            e.comment,
            e.recorded_by,
            time_text(e.created_at)
        ],
    )
    .map_err(|err| {
        if is_unique_violation(&err) {
            StoreError::Conflict(msg!("survey-recorded"))
        } else {
            db_err(err)
        }
    })?;
    apply_delta(&tx, &experience_delta(&case, discharged_on, e))?;
    audit::append(&tx, event)?;
    tx.commit().map_err(db_err)?;
    Ok(())
}

pub fn family_experience(
    conn: &Connection,
    case_id: i64,
) -> StoreResult<Option<FamilyExperienceRecord>> {
    let row = conn
        .query_row(
            "SELECT case_id, answered_on, answers, score, recommends, comment, recorded_by, created_at
             FROM family_experience WHERE case_id = ?1",
            [case_id],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, bool>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, i64>(6)?,
                    r.get::<_, String>(7)?,
                ))
            },
        )
        .optional()
        .map_err(db_err)?;
    row.map(
        |(case_id, on, answers, score, recommends, comment, recorded_by, at)| {
            Ok(FamilyExperienceRecord {
                case_id,
                answered_on: parse_date(&on)?,
                answers,
                score: u8::try_from(score).unwrap_or(0),
                recommends,
                comment,
                recorded_by,
                created_at: parse_time(&at)?,
            })
        },
    )
    .transpose()
}

const SUMMARY_WHERE: &str = "t.country = ?1
    AND (?2 IS NULL OR s.team_id IN (SELECT value FROM json_each('[' || ?2 || ']')))
    AND (?3 IS NULL OR s.municipality_code = ?3)
    AND s.month >= ?4 AND s.month <= ?5";

pub fn outcome_summary(
    conn: &Connection,
    f: &SummaryFilter,
) -> StoreResult<Vec<OutcomeSummaryRow>> {
    let sql = format!(
        "SELECT s.team_id, s.municipality_code, s.month, {} FROM outcome_summary s
         JOIN teams t ON t.id = s.team_id WHERE {SUMMARY_WHERE}
         ORDER BY s.month, s.team_id, s.municipality_code",
        OUTCOME_COLUMNS.map(|c| format!("s.{c}")).join(", ")
    );
    let mut stmt = conn.prepare_cached(&sql).map_err(db_err)?;
    let rows = stmt
        .query_map(
            params![
                f.country.code(),
                team_list(&f.team_ids),
                f.municipality,
                f.from_month,
                f.to_month
            ],
            |r| {
                let mut v = [0i64; OUTCOME_COLUMN_COUNT];
                for (i, x) in v.iter_mut().enumerate() {
                    *x = r.get(3 + i)?;
                }
                let (outcomes, follow_ups, experience) = outcome_counts_from(&v);
                Ok(OutcomeSummaryRow {
                    team_id: r.get(0)?,
                    municipality_code: r.get(1)?,
                    month: r.get(2)?,
                    outcomes,
                    follow_ups,
                    experience,
                })
            },
        )
        .map_err(db_err)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(db_err)?;
    Ok(rows)
}

pub fn adherence_summary(
    conn: &Connection,
    f: &SummaryFilter,
) -> StoreResult<Vec<AdherenceSummaryRow>> {
    let sql = format!(
        "SELECT s.team_id, s.therapist_id, s.municipality_code, s.month, {}, s.families FROM adherence_summary s
         JOIN teams t ON t.id = s.team_id WHERE {SUMMARY_WHERE}
         ORDER BY s.month, s.team_id, s.therapist_id, s.municipality_code",
        ADHERENCE_COLUMNS.map(|c| format!("s.{c}")).join(", ")
    );
    let mut stmt = conn.prepare_cached(&sql).map_err(db_err)?;
    let rows = stmt
        .query_map(
            params![
                f.country.code(),
                team_list(&f.team_ids),
                f.municipality,
                f.from_month,
                f.to_month
            ],
            |r| {
                let mut v = [0i64; 4];
                for (i, x) in v.iter_mut().enumerate() {
                    *x = r.get(4 + i)?;
                }
                Ok(AdherenceSummaryRow {
                    team_id: r.get(0)?,
                    therapist_id: r.get(1)?,
                    municipality_code: r.get(2)?,
                    month: r.get(3)?,
                    counts: adherence_counts_from(&v),
                    families: r.get(8)?,
                })
            },
        )
        .map_err(db_err)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(db_err)?;
    Ok(rows)
}

fn triple(r: &Row<'_>, at: usize) -> rusqlite::Result<Option<OutcomeTriple>> {
    let home: Option<bool> = r.get(at)?;
    Ok(match home {
        None => None,
        Some(living_at_home) => Some(OutcomeTriple {
            living_at_home,
            in_school_or_working: r.get(at + 1)?,
            no_new_arrests: r.get(at + 2)?,
        }),
    })
}

type RawFamily = (FamilyResultRow, Option<String>, Option<String>, Option<i64>);

pub fn family_results(
    conn: &mut Connection,
    f: &FamilyResultsFilter,
    event: &AuditEvent,
) -> StoreResult<Vec<FamilyResultRow>> {
    let tx = conn.transaction().map_err(db_err)?;
    let raw: Vec<RawFamily> = {
        let mut stmt = tx
            .prepare_cached(
                "SELECT c.id, c.team_id, c.therapist_id, c.referring_municipality, c.status,
                    c.treatment_start, c.discharged_on, d.reason, d.treatment_days,
                    d.living_at_home, d.in_school_or_working, d.no_new_arrests,
                    f6.living_at_home, f6.in_school_or_working, f6.no_new_arrests,
                    f12.living_at_home, f12.in_school_or_working, f12.no_new_arrests,
                    f18.living_at_home, f18.in_school_or_working, f18.no_new_arrests,
                    e.score,
                    (SELECT count(*) FROM adherence_interviews a WHERE a.case_id = c.id),
                    (SELECT a.score FROM adherence_interviews a WHERE a.case_id = c.id
                        ORDER BY a.interviewed_on DESC, a.id DESC LIMIT 1),
                    (SELECT p.person_id FROM case_participants p
                        WHERE p.case_id = c.id AND p.role = 'young_person' ORDER BY p.person_id LIMIT 1)
                 FROM cases c
                 LEFT JOIN discharges d ON d.case_id = c.id
                 LEFT JOIN follow_ups f6 ON f6.case_id = c.id AND f6.months = 6
                 LEFT JOIN follow_ups f12 ON f12.case_id = c.id AND f12.months = 12
                 LEFT JOIN follow_ups f18 ON f18.case_id = c.id AND f18.months = 18
                 LEFT JOIN family_experience e ON e.case_id = c.id
                 WHERE c.country = ?1
                   AND (?2 IS NULL OR c.therapist_id = ?2)
                   AND (?3 IS NULL OR c.referring_municipality = ?3
                        OR EXISTS (SELECT 1 FROM case_payers cp WHERE cp.case_id = c.id AND cp.municipality_code = ?3))
                   AND (?4 IS NULL OR c.team_id IN (SELECT value FROM json_each('[' || ?4 || ']')))
                   AND c.treatment_start IS NOT NULL AND c.treatment_start <= ?5
                   AND (c.discharged_on IS NULL OR c.discharged_on >= ?6)
                 ORDER BY c.id DESC",
            )
            .map_err(db_err)?;
        stmt.query_map(
            params![
                f.country.code(),
                f.therapist_id,
                f.municipality,
                team_list(&f.team_ids),
                date_text(f.to),
                date_text(f.from)
            ],
            |r| {
                let score: Option<i64> = r.get(21)?;
                Ok((
                    FamilyResultRow {
                        case_id: r.get(0)?,
                        team_id: r.get(1)?,
                        therapist_id: r.get(2)?,
                        referring_municipality: r.get(3)?,
                        status: r.get(4)?,
                        treatment_start: None,
                        discharged_on: None,
                        discharge_reason: r.get(7)?,
                        treatment_days: r.get(8)?,
                        at_discharge: triple(r, 9)?,
                        follow_up_6: triple(r, 12)?,
                        follow_up_12: triple(r, 15)?,
                        follow_up_18: triple(r, 18)?,
                        experience_score: score.and_then(|s| u8::try_from(s).ok()),
                        interviews: r.get::<_, u32>(22)?,
                        last_adherence_score: r.get(23)?,
                    },
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, Option<i64>>(24)?,
                ))
            },
        )
        .map_err(db_err)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(db_err)?
    };
    let mut out = Vec::with_capacity(raw.len());
    for (mut row, start, discharged, young_person) in raw {
        row.treatment_start = start.as_deref().map(parse_date).transpose()?;
        row.discharged_on = discharged.as_deref().map(parse_date).transpose()?;
        let mut e = event.clone();
        e.object_id = Some(row.case_id);
        e.person_id = young_person;
        audit::append(&tx, &e)?;
        out.push(row);
    }
    tx.commit().map_err(db_err)?;
    Ok(out)
}

pub fn record_supervisor_rating(
    conn: &mut Connection,
    r: &NewSupervisorRating,
    event: &AuditEvent,
) -> StoreResult<i64> {
    let tx = conn.transaction().map_err(db_err)?;
    tx.execute(
        "INSERT INTO supervisor_ratings (team_id, supervisor_id, therapist_id, rated_on, answers, score, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            r.team_id,
            r.supervisor_id,
            r.therapist_id,
            date_text(r.rated_on),
            r.answers,
            r.score,
            time_text(r.created_at)
        ],
    )
    .map_err(db_err)?;
    let id = tx.last_insert_rowid();
    apply_delta(&tx, &SummaryDelta::supervisor_rating(r))?;
    let mut e = event.clone();
    e.object_id = Some(id);
    audit::append(&tx, &e)?;
    tx.commit().map_err(db_err)?;
    Ok(id)
}

pub fn last_supervisor_rating(
    conn: &Connection,
    team_id: TeamId,
    therapist_id: i64,
) -> StoreResult<Option<NaiveDate>> {
    let last: Option<String> = conn
        .query_row(
            "SELECT max(rated_on) FROM supervisor_ratings WHERE team_id = ?1 AND therapist_id = ?2",
            params![team_id, therapist_id],
            |r| r.get(0),
        )
        .map_err(db_err)?;
    last.as_deref().map(parse_date).transpose()
}

pub fn supervision_summary(
    conn: &Connection,
    f: &SummaryFilter,
) -> StoreResult<Vec<SupervisionSummaryRow>> {
    let sql = format!(
        "SELECT s.team_id, s.supervisor_id, s.month, {} FROM supervision_summary s
         JOIN teams t ON t.id = s.team_id
         WHERE t.country = ?1
           AND (?2 IS NULL OR s.team_id IN (SELECT value FROM json_each('[' || ?2 || ']')))
           AND s.month >= ?3 AND s.month <= ?4
         ORDER BY s.month, s.team_id, s.supervisor_id",
        SUPERVISION_COLUMNS.map(|c| format!("s.{c}")).join(", ")
    );
    let mut stmt = conn.prepare_cached(&sql).map_err(db_err)?;
    let rows = stmt
        .query_map(
            params![
                f.country.code(),
                team_list(&f.team_ids),
                f.from_month,
                f.to_month
            ],
            |r| {
                let mut v = [0i64; 4];
                for (i, x) in v.iter_mut().enumerate() {
                    *x = r.get(3 + i)?;
                }
                Ok(SupervisionSummaryRow {
                    team_id: r.get(0)?,
                    supervisor_id: r.get(1)?,
                    month: r.get(2)?,
                    counts: adherence_counts_from(&v),
                })
            },
        )
        .map_err(db_err)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(db_err)?;
    Ok(rows)
}

pub fn status_counts(
    conn: &Connection,
    country: Country,
    team_ids: Option<&[TeamId]>,
    municipality: Option<&str>,
) -> StoreResult<Vec<(String, u32)>> {
    let teams = team_ids.map(id_list);
    let mut stmt = conn
        .prepare_cached(
            "SELECT c.status, count(*) FROM cases c
             WHERE c.country = ?1
               AND (?2 IS NULL OR c.team_id IN (SELECT value FROM json_each('[' || ?2 || ']')))
               AND (?3 IS NULL OR c.referring_municipality = ?3)
             GROUP BY c.status ORDER BY c.status",
        )
        .map_err(db_err)?;
    let rows = stmt
        .query_map(params![country.code(), teams, municipality], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?))
        })
        .map_err(db_err)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(db_err)?;
    Ok(rows)
}

#[async_trait::async_trait]
impl rundt_store::ResultsStore for crate::SqliteStore {
    async fn record_adherence_interview(
        &self,
        interview: &NewAdherenceInterview,
        audit: &AuditEvent,
    ) -> StoreResult<AdherenceInterviewRecord> {
        let (i, e) = (interview.clone(), audit.clone());
        self.conns
            .write(move |c| record_adherence_interview(c, &i, &e))
            .await
    }

    async fn adherence_interviews(
        &self,
        case_id: i64,
    ) -> StoreResult<Vec<AdherenceInterviewRecord>> {
        self.conns
            .read(move |c| adherence_interviews(c, case_id))
            .await
    }

    async fn interview_states(&self, team_ids: &[TeamId]) -> StoreResult<Vec<InterviewState>> {
        let ids = team_ids.to_vec();
        self.conns.read(move |c| interview_states(c, &ids)).await
    }

    async fn record_family_experience(
        &self,
        survey: &FamilyExperienceRecord,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        let (s, e) = (survey.clone(), audit.clone());
        self.conns
            .write(move |c| record_family_experience(c, &s, &e))
            .await
    }

    async fn family_experience(&self, case_id: i64) -> StoreResult<Option<FamilyExperienceRecord>> {
        self.conns
            .read(move |c| family_experience(c, case_id))
            .await
    }

    async fn outcome_summary(&self, filter: &SummaryFilter) -> StoreResult<Vec<OutcomeSummaryRow>> {
        let f = filter.clone();
        self.conns.read(move |c| outcome_summary(c, &f)).await
    }

    async fn adherence_summary(
        &self,
        filter: &SummaryFilter,
    ) -> StoreResult<Vec<AdherenceSummaryRow>> {
        let f = filter.clone();
        self.conns.read(move |c| adherence_summary(c, &f)).await
    }

    async fn family_results(
        &self,
        filter: &FamilyResultsFilter,
        audit: &AuditEvent,
    ) -> StoreResult<Vec<FamilyResultRow>> {
        let (f, e) = (filter.clone(), audit.clone());
        self.conns.write(move |c| family_results(c, &f, &e)).await
    }

    async fn record_supervisor_rating(
        &self,
        rating: &NewSupervisorRating,
        audit: &AuditEvent,
    ) -> StoreResult<i64> {
        let (r, e) = (rating.clone(), audit.clone());
        self.conns
            .write(move |c| record_supervisor_rating(c, &r, &e))
            .await
    }

    async fn last_supervisor_rating(
        &self,
        team_id: TeamId,
        therapist_id: i64,
    ) -> StoreResult<Option<NaiveDate>> {
        self.conns
            .read(move |c| last_supervisor_rating(c, team_id, therapist_id))
            .await
    }

    async fn supervision_summary(
        &self,
        filter: &SummaryFilter,
    ) -> StoreResult<Vec<SupervisionSummaryRow>> {
        let f = filter.clone();
        self.conns.read(move |c| supervision_summary(c, &f)).await
    }

    async fn status_counts(
        &self,
        country: Country,
        team_ids: Option<&[TeamId]>,
        municipality: Option<&str>,
    ) -> StoreResult<Vec<(String, u32)>> {
        let ids = team_ids.map(<[TeamId]>::to_vec);
        let m = municipality.map(str::to_owned);
        self.conns
            .read(move |c| status_counts(c, country, ids.as_deref(), m.as_deref()))
            .await
    }
}
