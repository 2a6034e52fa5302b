//! Adherence interviews, family-experience surveys, the summary tables and
//! the per-family results table.

use chrono::NaiveDate;
use rundt_domain::audit::AuditEvent;
use rundt_domain::country::Country;
use rundt_domain::id::{CaseId, PersonId, UserId};
use rundt_domain::msg;
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::team::TeamId;
use std::sync::LazyLock;

use rundt_store::{
    ADHERENCE_COLUMNS, AdherenceInterviewRecord, AdherenceRollupRow, AdherenceSummaryRow,
    EXPERIENCE_SELECT, FamilyExperienceRecord, FamilyResultRow, FamilyResults, FamilyResultsFilter,
    INTERVIEW_SELECT, INTERVIEW_STATE_COLUMNS, InterviewState, NewAdherenceInterview,
    NewSupervisorRating, OUTCOME_COLUMNS, OutcomeSummaryRow, ResultsStore, RowPage,
    SUPERVISION_COLUMNS, StoreError, StoreResult, SummaryDelta, SummaryFilter, SummaryKey,
    SupervisionSummaryRow, experience_delta, family_results_sqls, interview_delta, json_text,
    summary_columns, summary_month,
};
use rusqlite::types::Value;
use rusqlite::{Connection, params, params_from_iter};

use crate::audit;
use crate::cases::load_case;
use crate::convert::{date_text, db_err, id_json, id_list, time_text};
use crate::forward::forward;
use crate::query::{execute_unique, fetch_all, fetch_one, fetch_opt};

/// Adds a delta to its summary row (and its roll-ups), inside the caller's
/// transaction, and raises the summary tables' version in it.
pub fn apply_delta(tx: &Connection, d: &SummaryDelta) -> StoreResult<()> {
    add_delta(tx, d)?;
    raise_results_version(tx)
}

/// Raises the summary tables' version, inside the caller's transaction:
/// with every write that changes a summary row.
pub fn raise_results_version(tx: &Connection) -> StoreResult<()> {
    tx.execute(
        "UPDATE results_version SET version = version + 1 WHERE id = 1",
        [],
    )
    .map_err(db_err)?;
    Ok(())
}

pub fn results_version(conn: &Connection) -> StoreResult<i64> {
    fetch_one(conn, "SELECT version FROM results_version WHERE id = 1", [])
}

fn add_delta(tx: &Connection, d: &SummaryDelta) -> StoreResult<()> {
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
    for rollup in d.rollups() {
        add_delta(tx, &rollup)?;
    }
    Ok(())
}

fn team_list(ids: &Option<Vec<TeamId>>) -> Option<String> {
    ids.as_deref().map(id_list)
}

pub fn record_adherence_interview(
    tx: &Connection,
    i: &NewAdherenceInterview,
    event: &AuditEvent,
) -> StoreResult<AdherenceInterviewRecord> {
    let case = load_case(tx, i.case_id, false)?
        .ok_or_else(|| StoreError::NotFound(format!("case {}", i.case_id)))?;
    let month = summary_month(i.interviewed_on);
    let earlier = "SELECT count(*) FROM adherence_interviews WHERE case_id = ?1 AND substr(interviewed_on, 1, 7) = ?2";
    let earlier_this_month: i64 = fetch_one(tx, earlier, params![i.case_id, month])?;
    tx.execute(
        "INSERT INTO adherence_interviews (case_id, interviewed_on, interviewer_id, therapist_id,
             respondent_id, mode, answers, score, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            i.case_id,
            date_text(i.interviewed_on),
            i.interviewer_id,
            i.therapist_id,
            i.respondent_id,
            i.mode,
            json_text(&i.answers)?,
            i.score,
            time_text(i.created_at)
        ],
    )
    .map_err(db_err)?;
    let id = tx.last_insert_rowid();
    apply_delta(tx, &interview_delta(&case, i, earlier_this_month == 0))?;
    let mut e = event.clone();
    e.object_id = Some(id);
    audit::append(tx, &e)?;
    Ok(i.stored(id))
}

pub fn adherence_interviews(
    conn: &Connection,
    case_id: CaseId,
) -> StoreResult<Vec<AdherenceInterviewRecord>> {
    let sql =
        format!("{INTERVIEW_SELECT} WHERE case_id = ?1 ORDER BY interviewed_on DESC, id DESC");
    fetch_all(conn, &sql, [case_id])
}

/// The families in treatment of a list of teams (`?1`, ids joined by
/// commas) with their last adherence interview. Each team's cases are
/// searched through `cases_country_team_status` by the team's country, id
/// and status; without the country SQLite read every family in treatment
/// of both countries (`cases_status`) and kept the team's.
pub static INTERVIEW_STATES_SQL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {INTERVIEW_STATE_COLUMNS}
         FROM json_each('[' || ?1 || ']') j
         JOIN teams t ON t.id = j.value
         CROSS JOIN cases c
           ON c.country = t.country AND c.team_id = t.id AND c.status = 'in_treatment'
         WHERE c.treatment_start IS NOT NULL
         ORDER BY c.id"
    )
});

pub fn interview_states(
    conn: &Connection,
    team_ids: &[TeamId],
) -> StoreResult<Vec<InterviewState>> {
    fetch_all(conn, &INTERVIEW_STATES_SQL, [id_list(team_ids)])
}

pub fn record_family_experience(
    tx: &Connection,
    e: &FamilyExperienceRecord,
    event: &AuditEvent,
) -> StoreResult<()> {
    let case = load_case(tx, e.case_id, false)?
        .ok_or_else(|| StoreError::NotFound(format!("case {}", e.case_id)))?;
    let discharged_on = case
        .discharged_on
        .ok_or_else(|| StoreError::Conflict(msg!("survey-before-discharge")))?;
    execute_unique(
        tx,
        "INSERT INTO family_experience (case_id, answered_on, answers, score, recommends, comment, recorded_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            e.case_id,
            date_text(e.answered_on),
            json_text(&e.answers)?,
            e.score,
            e.recommends,
            e.comment,
            e.recorded_by,
            time_text(e.created_at)
        ],
        || StoreError::Conflict(msg!("survey-recorded")),
    )?;
    apply_delta(tx, &experience_delta(&case, discharged_on, e))?;
    audit::append(tx, event)?;
    Ok(())
}

pub fn family_experience(
    conn: &Connection,
    case_id: CaseId,
) -> StoreResult<Option<FamilyExperienceRecord>> {
    fetch_opt(
        conn,
        &format!("{EXPERIENCE_SELECT} WHERE case_id = ?1"),
        [case_id],
    )
}

/// The filter of a summary read, written for the filter's shape so that
/// every condition narrows the index search: the country's teams (or the
/// listed ones) or the municipality lead, and the month range bounds the
/// `(team_id, month)` / `(municipality_code, month)` indexes (migration
/// 0023). A `?N IS NULL OR …` condition would leave the planner only the
/// country. Parameters: `?1` country, `?2` team-id list, `?3`
/// municipality, `?4`/`?5` first and last month; an absent filter's
/// parameter is bound but not used. `with_municipality` is false for
/// summaries without a municipality (supervision).
pub fn summary_where(f: &SummaryFilter, with_municipality: bool) -> String {
    conditions(f, with_municipality, true)
}

/// [`summary_where`]'s conditions; `team_list` false when the list of
/// teams is joined instead ([`summary_source`]).
fn conditions(f: &SummaryFilter, with_municipality: bool, team_list: bool) -> String {
    let mut sql = String::from("t.country = ?1");
    if team_list && f.team_ids.is_some() {
        sql.push_str(" AND s.team_id IN (SELECT value FROM json_each('[' || ?2 || ']'))");
    }
    if with_municipality && f.municipality.is_some() {
        sql.push_str(" AND s.municipality_code = ?3");
    }
    sql.push_str(" AND s.month >= ?4 AND s.month <= ?5");
    sql
}

/// `FROM … WHERE …` of a summary read: [`summary_where`], except that a
/// list of teams drives the search (`CROSS JOIN` keeps the listed teams as
/// the outer loop), so a team's dashboard probes its own team's month range
/// instead of testing every team of the country against the list.
pub fn summary_source(table: &str, f: &SummaryFilter, with_municipality: bool) -> String {
    let condition = conditions(f, with_municipality, false);
    if f.team_ids.is_some() {
        format!(
            "FROM (SELECT DISTINCT value FROM json_each('[' || ?2 || ']')) j
         CROSS JOIN {table} s ON s.team_id = j.value
         JOIN teams t ON t.id = s.team_id WHERE {condition}"
        )
    } else {
        format!("FROM {table} s JOIN teams t ON t.id = s.team_id WHERE {condition}")
    }
}

/// The outcome summary's read, for a filter of this shape.
pub fn outcome_sql(f: &SummaryFilter) -> String {
    format!(
        "SELECT s.team_id, s.municipality_code, s.month, {} {}
         ORDER BY s.month, s.team_id, s.municipality_code",
        summary_columns(&OUTCOME_COLUMNS),
        summary_source("outcome_summary", f, true)
    )
}

/// The adherence summary's read (per therapist: team dashboards).
pub fn adherence_sql(f: &SummaryFilter) -> String {
    format!(
        "SELECT s.team_id, s.therapist_id, s.municipality_code, s.month, {}, s.families {}
         ORDER BY s.month, s.team_id, s.therapist_id, s.municipality_code",
        summary_columns(&ADHERENCE_COLUMNS),
        summary_source("adherence_summary", f, true)
    )
}

/// The adherence roll-up's read (national and municipality dashboards).
pub fn adherence_rollup_sql(f: &SummaryFilter) -> String {
    format!(
        "SELECT s.team_id, s.municipality_code, s.month, {}, s.families {}
         ORDER BY s.month, s.team_id, s.municipality_code",
        summary_columns(&ADHERENCE_COLUMNS),
        summary_source("adherence_rollup", f, true)
    )
}

/// The supervision summary's read (the municipality does not apply).
pub fn supervision_sql(f: &SummaryFilter) -> String {
    format!(
        "SELECT s.team_id, s.supervisor_id, s.month, {} {}
         ORDER BY s.month, s.team_id, s.supervisor_id",
        summary_columns(&SUPERVISION_COLUMNS),
        summary_source("supervision_summary", f, false)
    )
}

pub fn outcome_summary(
    conn: &Connection,
    f: &SummaryFilter,
) -> StoreResult<Vec<OutcomeSummaryRow>> {
    summary_rows(conn, &outcome_sql(f), f)
}

/// The rows of a summary selected with [`summary_where`].
pub(crate) fn summary_rows<T: rundt_store::FromRow>(
    conn: &Connection,
    sql: &str,
    f: &SummaryFilter,
) -> StoreResult<Vec<T>> {
    let params = params![
        f.country.code(),
        team_list(&f.team_ids),
        f.municipality,
        f.from_month,
        f.to_month
    ];
    fetch_all(conn, sql, params)
}

pub fn adherence_summary(
    conn: &Connection,
    f: &SummaryFilter,
) -> StoreResult<Vec<AdherenceSummaryRow>> {
    summary_rows(conn, &adherence_sql(f), f)
}

pub fn adherence_rollup(
    conn: &Connection,
    f: &SummaryFilter,
) -> StoreResult<Vec<AdherenceRollupRow>> {
    summary_rows(conn, &adherence_rollup_sql(f), f)
}

/// The per-family table's SQL, one per filter shape (see
/// [`family_results_sqls`]).
pub static FAMILY_RESULTS_SQL: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    family_results_sqls(
        |n| format!("?{n}"),
        |column, p| format!("{column} IN (SELECT value FROM json_each({p}))"),
    )
});

pub fn family_results(
    tx: &Connection,
    f: &FamilyResultsFilter,
    event: &AuditEvent,
) -> StoreResult<FamilyResults> {
    let mut filter: Vec<Value> = vec![Value::Text(f.country.code().into())];
    filter.extend(f.therapist_id.map(|t| Value::Integer(t.get())));
    filter.extend(f.municipality.as_ref().map(|m| Value::Text(m.to_string())));
    filter.extend(f.team_ids.as_deref().map(|ids| Value::Text(id_json(ids))));
    filter.extend([Value::Text(date_text(f.to)), Value::Text(date_text(f.from))]);
    let (limit, offset) = RowPage::sql_bounds(f.page);
    // A negative LIMIT is none in SQLite.
    let mut paged = filter.clone();
    paged.extend([Value::Integer(limit.unwrap_or(-1)), Value::Integer(offset)]);
    let (page_sql, count_sql) = &FAMILY_RESULTS_SQL[f.shape()];
    let raw: Vec<(FamilyResultRow, Option<PersonId>)> =
        fetch_all(tx, page_sql, params_from_iter(paged))?;
    let total = match f.page {
        None => raw.len() as u64,
        Some(_) => {
            let count: i64 = tx
                .query_row(count_sql, params_from_iter(filter), |r| r.get(0))
                .map_err(db_err)?;
            u64::try_from(count).unwrap_or(0)
        }
    };
    let (families, events) = FamilyResults::audited(raw, total, event);
    audit::append_all(tx, &events)?;
    Ok(families)
}

pub fn record_supervisor_rating(
    tx: &Connection,
    r: &NewSupervisorRating,
    event: &AuditEvent,
) -> StoreResult<i64> {
    tx.execute(
        "INSERT INTO supervisor_ratings (team_id, supervisor_id, therapist_id, rated_on, answers, score, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            r.team_id,
            r.supervisor_id,
            r.therapist_id,
            date_text(r.rated_on),
            json_text(&r.answers)?,
            r.score,
            time_text(r.created_at)
        ],
    )
    .map_err(db_err)?;
    let id = tx.last_insert_rowid();
    apply_delta(tx, &SummaryDelta::supervisor_rating(r))?;
    let mut e = event.clone();
    e.object_id = Some(id);
    audit::append(tx, &e)?;
    Ok(id)
}

pub fn last_supervisor_rating(
    conn: &Connection,
    team_id: TeamId,
    therapist_id: UserId,
) -> StoreResult<Option<NaiveDate>> {
    let sql =
        "SELECT max(rated_on) FROM supervisor_ratings WHERE team_id = ?1 AND therapist_id = ?2";
    fetch_one(conn, sql, params![team_id, therapist_id])
}

pub fn supervision_summary(
    conn: &Connection,
    f: &SummaryFilter,
) -> StoreResult<Vec<SupervisionSummaryRow>> {
    summary_rows(conn, &supervision_sql(f), f)
}

/// The "now" counts' read, for a scope of this shape: the country's cases
/// (national), its teams' or its municipality's, each read from the
/// covering index `cases_country_team_status` or
/// `cases_country_municipality_status` (migration 0023). Parameters, in
/// order: the country, then the team-id list and the municipality when
/// present.
pub fn status_counts_sql(teams: bool, municipality: bool) -> String {
    let mut sql = String::from("SELECT c.status, count(*) FROM cases c WHERE c.country = ?1");
    let mut n = 1;
    if teams {
        n += 1;
        sql.push_str(&format!(
            " AND c.team_id IN (SELECT value FROM json_each('[' || ?{n} || ']'))"
        ));
    }
    if municipality {
        n += 1;
        sql.push_str(&format!(" AND c.referring_municipality = ?{n}"));
    }
    sql.push_str(" GROUP BY c.status ORDER BY c.status");
    sql
}

pub fn status_counts(
    conn: &Connection,
    country: Country,
    team_ids: Option<&[TeamId]>,
    municipality: Option<&MunicipalityCode>,
) -> StoreResult<Vec<(String, u32)>> {
    let sql = status_counts_sql(team_ids.is_some(), municipality.is_some());
    let mut values = vec![Value::Text(country.code().into())];
    values.extend(team_ids.map(|ids| Value::Text(id_list(ids))));
    values.extend(municipality.map(|m| Value::Text(m.to_string())));
    fetch_all(conn, &sql, params_from_iter(values))
}

forward! {
    impl ResultsStore {
        async fn record_adherence_interview(&self, interview: &NewAdherenceInterview, audit: &AuditEvent) -> StoreResult<AdherenceInterviewRecord> => write record_adherence_interview;
        async fn adherence_interviews(&self, case_id: CaseId) -> StoreResult<Vec<AdherenceInterviewRecord>> => read adherence_interviews;
        async fn interview_states(&self, team_ids: &[TeamId]) -> StoreResult<Vec<InterviewState>> => read interview_states;
        async fn record_family_experience(&self, survey: &FamilyExperienceRecord, audit: &AuditEvent) -> StoreResult<()> => write record_family_experience;
        async fn family_experience(&self, case_id: CaseId) -> StoreResult<Option<FamilyExperienceRecord>> => read family_experience;
        async fn results_version(&self) -> StoreResult<i64> => read results_version;
        async fn outcome_summary(&self, filter: &SummaryFilter) -> StoreResult<Vec<OutcomeSummaryRow>> => read outcome_summary;
        async fn adherence_summary(&self, filter: &SummaryFilter) -> StoreResult<Vec<AdherenceSummaryRow>> => read adherence_summary;
        async fn adherence_rollup(&self, filter: &SummaryFilter) -> StoreResult<Vec<AdherenceRollupRow>> => read adherence_rollup;
        async fn family_results(&self, filter: &FamilyResultsFilter, audit: &AuditEvent) -> StoreResult<FamilyResults> => write family_results;
        async fn record_supervisor_rating(&self, rating: &NewSupervisorRating, audit: &AuditEvent) -> StoreResult<i64> => write record_supervisor_rating;
        async fn last_supervisor_rating(&self, team_id: TeamId, therapist_id: UserId) -> StoreResult<Option<NaiveDate>> => read last_supervisor_rating;
        async fn supervision_summary(&self, filter: &SummaryFilter) -> StoreResult<Vec<SupervisionSummaryRow>> => read supervision_summary;
        async fn status_counts(&self, country: Country, team_ids: Option<&[TeamId]>, municipality: Option<&MunicipalityCode>) -> StoreResult<Vec<(String, u32)>> => read status_counts;
    }
}
