//! The team's people: training records and their certificates, training
//! exceptions, the meetings' attendance, boosters, development plans with
//! every version and their reviews, and consultant ratings. One writer
//! thread runs every write, so a version check and the write it guards
//! cannot be raced.

use chrono::NaiveDate;
use rundt_domain::audit::AuditEvent;
use rundt_domain::id::{TeamId, UserId};
use rundt_domain::people::{
    Booster, Certificate, ConsultantRatingRow, DevelopmentPlan, HeldMeeting, HoldBooster,
    MeetingAttendance, NewBooster, NewPlanReview, NewPlanVersion, NewTrainingRecord, PlanReview,
    TrainingException, TrainingRecord,
};
use rundt_store::oncall_sql::TEAM_EXISTS;
use rundt_store::people_sql::*;
use rundt_store::{
    NewConsultantRatingRow, PeopleStore, StoreError, StoreResult, StoredCertificate, Written,
    attach_attendance, attach_attendees, attach_reviews, check_attendance, hold_refused, json_text,
    missing, plan_exists, plan_save_refused,
};
use rusqlite::{Connection, params};

use crate::audit;
use crate::convert::{date_text, db_err, id_list, time_text};
use crate::forward::forward;
use crate::query::{fetch_all, fetch_one, fetch_opt};

fn vanished(what: &str) -> StoreError {
    StoreError::Internal(format!("{what} vanished"))
}

fn require_team(conn: &Connection, team_id: TeamId) -> StoreResult<()> {
    fetch_opt::<i64>(conn, TEAM_EXISTS, [team_id])?
        .map(|_| ())
        .ok_or_else(|| missing("team", team_id))
}

fn require_user(conn: &Connection, user_id: UserId) -> StoreResult<()> {
    fetch_opt::<i64>(conn, USER_EXISTS, [user_id])?
        .map(|_| ())
        .ok_or_else(|| missing("user", user_id))
}

/// `column IN` the ids of `?n`, bound as [`id_list`].
fn in_list(column: &str, n: u8) -> String {
    format!("{column} IN (SELECT value FROM json_each('[' || ?{n} || ']'))")
}

fn training_record(conn: &Connection, id: i64) -> StoreResult<Option<TrainingRecord>> {
    fetch_opt(conn, TRAINING_BY_ID, [id])
}

pub fn add_training_record(
    tx: &Connection,
    user_id: UserId,
    record: &NewTrainingRecord,
    certificate: Option<&Certificate>,
    written: Written,
    event: &AuditEvent,
) -> StoreResult<TrainingRecord> {
    require_user(tx, user_id)?;
    let r = record;
    let id: i64 = fetch_one(
        tx,
        INSERT_TRAINING,
        params![
            user_id,
            r.kind,
            r.title,
            r.provider,
            date_text(r.started_on),
            date_text(r.finished_on),
            r.days,
            time_text(written.at),
            written.by
        ],
    )?;
    if let Some(c) = certificate {
        tx.execute(
            INSERT_CERTIFICATE,
            params![
                id,
                c.info.file_name,
                c.info.content_type,
                c.info.size_bytes,
                c.info.sha256,
                c.bytes
            ],
        )
        .map_err(db_err)?;
    }
    audit::append(tx, &audit::with_object(event, id))?;
    training_record(tx, id)?.ok_or_else(|| vanished("training record"))
}

pub fn training_records(
    conn: &Connection,
    user_ids: &[UserId],
) -> StoreResult<Vec<TrainingRecord>> {
    let sql = format!(
        "{TRAINING_SELECT} WHERE {}{TRAINING_ORDER}",
        in_list("r.user_id", 1)
    );
    fetch_all(conn, &sql, [id_list(user_ids)])
}

pub fn certificate(
    conn: &Connection,
    record_id: i64,
) -> StoreResult<Option<(TrainingRecord, Certificate)>> {
    fetch_opt::<StoredCertificate>(conn, CERTIFICATE_OF_RECORD, [record_id])?
        .map(StoredCertificate::into_parts)
        .transpose()
}

pub fn add_training_exception(
    tx: &Connection,
    team_id: TeamId,
    user_id: UserId,
    reason: &str,
    written: Written,
    event: &AuditEvent,
) -> StoreResult<TrainingException> {
    require_team(tx, team_id)?;
    require_user(tx, user_id)?;
    let id: i64 = fetch_one(
        tx,
        INSERT_EXCEPTION,
        params![team_id, user_id, reason, time_text(written.at), written.by],
    )?;
    audit::append(tx, &audit::with_object(event, id))?;
    fetch_opt(tx, &format!("{EXCEPTION_SELECT} WHERE id = ?1"), [id])?
        .ok_or_else(|| vanished("training exception"))
}

pub fn training_exceptions(
    conn: &Connection,
    team_id: TeamId,
) -> StoreResult<Vec<TrainingException>> {
    fetch_all(conn, EXCEPTIONS_OF_TEAM, [team_id])
}

/// Writes a meeting's attendance (in `create_supervision`'s transaction).
pub fn insert_attendance(
    tx: &Connection,
    session_id: i64,
    attendance: &[MeetingAttendance],
) -> StoreResult<()> {
    check_attendance(attendance)?;
    for a in attendance {
        tx.execute(
            INSERT_ATTENDANCE,
            params![session_id, a.user_id, a.present, a.absence_reason],
        )
        .map_err(db_err)?;
    }
    Ok(())
}

pub fn team_meetings_between(
    conn: &Connection,
    team_id: TeamId,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<HeldMeeting>> {
    let range = params![team_id, date_text(from), date_text(to)];
    let mut meetings: Vec<HeldMeeting> = fetch_all(conn, MEETINGS_BETWEEN, range)?;
    let rows = fetch_all(conn, ATTENDANCE_BETWEEN, range)?;
    attach_attendance(&mut meetings, rows);
    Ok(meetings)
}

/// Replaces a booster's attendees.
fn write_attendees(tx: &Connection, booster_id: i64, attendees: &[UserId]) -> StoreResult<()> {
    tx.execute(DELETE_ATTENDEES, [booster_id]).map_err(db_err)?;
    for user_id in attendees {
        tx.execute(INSERT_ATTENDEE, params![booster_id, user_id])
            .map_err(db_err)?;
    }
    Ok(())
}

pub fn get_booster(conn: &Connection, booster_id: i64) -> StoreResult<Option<Booster>> {
    let sql = format!("{BOOSTER_SELECT} WHERE id = ?1");
    let Some(mut booster) = fetch_opt::<Booster>(conn, &sql, [booster_id])? else {
        return Ok(None);
    };
    let rows = fetch_all(conn, ATTENDEES_OF_BOOSTER, [booster_id])?;
    attach_attendees(std::slice::from_mut(&mut booster), rows);
    Ok(Some(booster))
}

pub fn add_booster(
    tx: &Connection,
    team_id: TeamId,
    booster: &NewBooster,
    event: &AuditEvent,
) -> StoreResult<Booster> {
    require_team(tx, team_id)?;
    let b = booster;
    let id: i64 = fetch_one(
        tx,
        INSERT_BOOSTER,
        params![
            team_id,
            date_text(b.planned_on),
            b.held_on.map(date_text),
            b.topic,
            b.trainer
        ],
    )?;
    write_attendees(tx, id, &b.attendees)?;
    audit::append(tx, &audit::with_object(event, id))?;
    get_booster(tx, id)?.ok_or_else(|| vanished("booster"))
}

pub fn hold_booster(
    tx: &Connection,
    booster_id: i64,
    expected_version: i64,
    hold: &HoldBooster,
    event: &AuditEvent,
) -> StoreResult<Booster> {
    let written = tx
        .execute(
            HOLD_BOOSTER,
            params![booster_id, date_text(hold.held_on), expected_version],
        )
        .map_err(db_err)?;
    if written == 0 {
        let stored = fetch_opt(tx, BOOSTER_VERSION, [booster_id])?;
        return Err(hold_refused(stored, booster_id));
    }
    write_attendees(tx, booster_id, &hold.attendees)?;
    audit::append(tx, &audit::with_object(event, booster_id))?;
    get_booster(tx, booster_id)?.ok_or_else(|| vanished("booster"))
}

pub fn team_boosters(
    conn: &Connection,
    team_ids: &[TeamId],
    since: NaiveDate,
) -> StoreResult<Vec<Booster>> {
    let sql = format!(
        "{BOOSTER_SELECT} WHERE {}{BOOSTERS_SINCE}",
        in_list("team_id", 1)
    );
    let mut boosters: Vec<Booster> =
        fetch_all(conn, &sql, params![id_list(team_ids), date_text(since)])?;
    let ids: Vec<i64> = boosters.iter().map(|b| b.id).collect();
    let sql = format!(
        "{ATTENDEE_SELECT} WHERE {} ORDER BY booster_id, user_id",
        in_list("booster_id", 1)
    );
    let rows = fetch_all(conn, &sql, [id_list(&ids)])?;
    attach_attendees(&mut boosters, rows);
    Ok(boosters)
}

/// The plans' reviews, each plan's oldest first.
fn reviews_of(conn: &Connection, plan_ids: &[i64]) -> StoreResult<Vec<PlanReview>> {
    let sql = format!(
        "{REVIEW_SELECT} WHERE {}{REVIEW_ORDER}",
        in_list("plan_id", 1)
    );
    fetch_all(conn, &sql, [id_list(plan_ids)])
}

fn with_reviews(
    conn: &Connection,
    mut plans: Vec<DevelopmentPlan>,
) -> StoreResult<Vec<DevelopmentPlan>> {
    let mut ids: Vec<i64> = plans.iter().map(|p| p.id).collect();
    ids.dedup();
    let reviews = reviews_of(conn, &ids)?;
    attach_reviews(&mut plans, &reviews);
    Ok(plans)
}

pub fn development_plan(
    conn: &Connection,
    team_id: TeamId,
    user_id: UserId,
) -> StoreResult<Option<DevelopmentPlan>> {
    let Some(plan) = fetch_opt::<DevelopmentPlan>(conn, PLAN_OF_PERSON, params![team_id, user_id])?
    else {
        return Ok(None);
    };
    Ok(with_reviews(conn, vec![plan])?.pop())
}

#[allow(clippy::too_many_arguments)]
pub fn save_plan_version(
    tx: &Connection,
    team_id: TeamId,
    user_id: UserId,
    expected_version: Option<i64>,
    plan: &NewPlanVersion,
    written_on: NaiveDate,
    written: Written,
    event: &AuditEvent,
) -> StoreResult<DevelopmentPlan> {
    require_team(tx, team_id)?;
    require_user(tx, user_id)?;
    let (plan_id, version) = match expected_version {
        None => {
            let id: Option<i64> = fetch_opt(
                tx,
                INSERT_PLAN,
                params![team_id, user_id, date_text(written_on)],
            )?;
            (id.ok_or_else(|| plan_exists(team_id, user_id))?, 1)
        }
        Some(expected) => {
            let next: Option<(i64, i64)> =
                fetch_opt(tx, NEXT_PLAN_VERSION, params![team_id, user_id, expected])?;
            match next {
                Some(next) => next,
                None => {
                    let stored = fetch_opt(tx, PLAN_VERSION, params![team_id, user_id])?;
                    return Err(plan_save_refused(stored, team_id, user_id));
                }
            }
        }
    };
    tx.execute(
        INSERT_PLAN_VERSION,
        params![
            plan_id,
            version,
            json_text(&plan.goals)?,
            date_text(plan.review_on),
            date_text(written_on),
            time_text(written.at),
            written.by
        ],
    )
    .map_err(db_err)?;
    audit::append(tx, &audit::with_object(event, plan_id))?;
    development_plan(tx, team_id, user_id)?.ok_or_else(|| vanished("development plan"))
}

pub fn plan_versions(conn: &Connection, plan_id: i64) -> StoreResult<Vec<DevelopmentPlan>> {
    let plans = fetch_all(conn, PLAN_VERSIONS, [plan_id])?;
    with_reviews(conn, plans)
}

pub fn team_plans(conn: &Connection, team_ids: &[TeamId]) -> StoreResult<Vec<DevelopmentPlan>> {
    let sql = format!(
        "{PLAN_SELECT} WHERE {}{PLANS_NEWEST}",
        in_list("p.team_id", 1)
    );
    let plans = fetch_all(conn, &sql, [id_list(team_ids)])?;
    with_reviews(conn, plans)
}

pub fn add_plan_review(
    tx: &Connection,
    plan_id: i64,
    review: &NewPlanReview,
    written: Written,
    event: &AuditEvent,
) -> StoreResult<PlanReview> {
    fetch_opt::<i64>(tx, PLAN_EXISTS, [plan_id])?
        .ok_or_else(|| missing("development plan", plan_id))?;
    let r = review;
    let id: i64 = fetch_one(
        tx,
        INSERT_REVIEW,
        params![
            plan_id,
            date_text(r.reviewed_on),
            r.notes,
            date_text(r.next_review_on),
            time_text(written.at),
            written.by
        ],
    )?;
    audit::append(tx, &audit::with_object(event, plan_id))?;
    fetch_opt(tx, REVIEW_BY_ID, [id])?.ok_or_else(|| vanished("plan review"))
}

pub fn record_consultant_rating(
    tx: &Connection,
    rating: &NewConsultantRatingRow,
    event: &AuditEvent,
) -> StoreResult<()> {
    let r = rating;
    require_team(tx, r.team_id)?;
    let id: i64 = fetch_one(
        tx,
        INSERT_RATING,
        params![
            r.team_id,
            r.consultant_id,
            r.rater_id,
            date_text(r.rated_on),
            json_text(&r.answers)?,
            r.score,
            time_text(r.created_at)
        ],
    )?;
    audit::append(tx, &audit::with_object(event, id))?;
    Ok(())
}

pub fn consultant_ratings(
    conn: &Connection,
    team_ids: &[TeamId],
    since: NaiveDate,
) -> StoreResult<Vec<ConsultantRatingRow>> {
    let sql = format!(
        "{RATING_SELECT} WHERE {}{RATINGS_SINCE}",
        in_list("team_id", 1)
    );
    fetch_all(conn, &sql, params![id_list(team_ids), date_text(since)])
}

pub fn last_consultant_rating(
    conn: &Connection,
    team_id: TeamId,
    rater_id: UserId,
) -> StoreResult<Option<NaiveDate>> {
    fetch_one(conn, LAST_RATING, params![team_id, rater_id])
}

forward! {
    impl PeopleStore {
        async fn add_training_record(&self, user_id: UserId, record: &NewTrainingRecord, certificate: Option<&Certificate>, written: Written, audit: &AuditEvent) -> StoreResult<TrainingRecord> => write add_training_record;
        async fn training_records(&self, user_ids: &[UserId]) -> StoreResult<Vec<TrainingRecord>> => read training_records;
        async fn certificate(&self, record_id: i64) -> StoreResult<Option<(TrainingRecord, Certificate)>> => read certificate;
        async fn add_training_exception(&self, team_id: TeamId, user_id: UserId, reason: &str, written: Written, audit: &AuditEvent) -> StoreResult<TrainingException> => write add_training_exception;
        async fn training_exceptions(&self, team_id: TeamId) -> StoreResult<Vec<TrainingException>> => read training_exceptions;
        async fn team_meetings_between(&self, team_id: TeamId, from: NaiveDate, to: NaiveDate) -> StoreResult<Vec<HeldMeeting>> => read team_meetings_between;
        async fn add_booster(&self, team_id: TeamId, booster: &NewBooster, audit: &AuditEvent) -> StoreResult<Booster> => write add_booster;
        async fn hold_booster(&self, booster_id: i64, expected_version: i64, hold: &HoldBooster, audit: &AuditEvent) -> StoreResult<Booster> => write hold_booster;
        async fn get_booster(&self, booster_id: i64) -> StoreResult<Option<Booster>> => read get_booster;
        async fn team_boosters(&self, team_ids: &[TeamId], since: NaiveDate) -> StoreResult<Vec<Booster>> => read team_boosters;
        async fn save_plan_version(&self, team_id: TeamId, user_id: UserId, expected_version: Option<i64>, plan: &NewPlanVersion, written_on: NaiveDate, written: Written, audit: &AuditEvent) -> StoreResult<DevelopmentPlan> => write save_plan_version;
        async fn development_plan(&self, team_id: TeamId, user_id: UserId) -> StoreResult<Option<DevelopmentPlan>> => read development_plan;
        async fn plan_versions(&self, plan_id: i64) -> StoreResult<Vec<DevelopmentPlan>> => read plan_versions;
        async fn team_plans(&self, team_ids: &[TeamId]) -> StoreResult<Vec<DevelopmentPlan>> => read team_plans;
        async fn add_plan_review(&self, plan_id: i64, review: &NewPlanReview, written: Written, audit: &AuditEvent) -> StoreResult<PlanReview> => write add_plan_review;
        async fn record_consultant_rating(&self, rating: &NewConsultantRatingRow, audit: &AuditEvent) -> StoreResult<()> => write record_consultant_rating;
        async fn consultant_ratings(&self, team_ids: &[TeamId], since: NaiveDate) -> StoreResult<Vec<ConsultantRatingRow>> => read consultant_ratings;
        async fn last_consultant_rating(&self, team_id: TeamId, rater_id: UserId) -> StoreResult<Option<NaiveDate>> => read last_consultant_rating;
    }
}
