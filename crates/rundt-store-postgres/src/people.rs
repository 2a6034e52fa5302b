//! The team's people: training records and their certificates, training
//! exceptions, the meetings' attendance, boosters, development plans with
//! every version and their reviews, and consultant ratings. The SQL is the
//! SQLite store's (`people_sql`), its `?N` placeholders written `$N`; lists
//! of ids are matched with `= ANY`. A booster's hold and a plan's next
//! version write only at the version read (`UPDATE … WHERE version = $n`,
//! which waits for a writer under way and then sees its version); a first
//! plan version inserts with `ON CONFLICT DO NOTHING`, so of two racing
//! first versions one stores and the other is a conflict. A read of
//! records and their child rows runs in one snapshot.

use chrono::NaiveDate;
use deadpool_postgres::{GenericClient, Pool, Transaction};
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
    AttendanceRow, NewConsultantRatingRow, StoreError, StoreResult, StoredCertificate, Written,
    attach_attendance, attach_attendees, attach_reviews, check_attendance, hold_refused, json_text,
    missing, plan_exists, plan_save_refused,
};

use crate::audit::{append_audit_tx, with_object_id};
use crate::error::pg;
use crate::query::{
    Params, client, dollars, execute, fetch_all, fetch_one, fetch_opt, snapshot, transaction,
};

fn vanished(what: &str) -> StoreError {
    StoreError::Internal(format!("{what} vanished"))
}

async fn require_team(tx: &Transaction<'_>, team_id: TeamId) -> StoreResult<()> {
    fetch_opt::<i64>(tx, &dollars(TEAM_EXISTS), &[&team_id])
        .await?
        .map(|_| ())
        .ok_or_else(|| missing("team", team_id))
}

async fn require_user(tx: &Transaction<'_>, user_id: UserId) -> StoreResult<()> {
    fetch_opt::<i64>(tx, &dollars(USER_EXISTS), &[&user_id])
        .await?
        .map(|_| ())
        .ok_or_else(|| missing("user", user_id))
}

async fn training_record(
    client: &impl GenericClient,
    id: i64,
) -> StoreResult<Option<TrainingRecord>> {
    fetch_opt(client, &dollars(TRAINING_BY_ID), &[&id]).await
}

pub(crate) async fn add_training_record(
    pool: &Pool,
    user_id: UserId,
    record: &NewTrainingRecord,
    certificate: Option<&Certificate>,
    written: Written,
    audit: &AuditEvent,
) -> StoreResult<TrainingRecord> {
    let r = record;
    transaction(pool, async |tx| {
        require_user(tx, user_id).await?;
        let id: i64 = fetch_one(
            tx,
            &dollars(INSERT_TRAINING),
            &[
                &user_id,
                &r.kind,
                &r.title,
                &r.provider,
                &r.started_on,
                &r.finished_on,
                &i64::from(r.days),
                &written.at,
                &written.by,
            ],
        )
        .await?;
        if let Some(c) = certificate {
            execute(
                tx,
                &dollars(INSERT_CERTIFICATE),
                &[
                    &id,
                    &c.info.file_name,
                    &c.info.content_type,
                    &i64::from(c.info.size_bytes),
                    &c.info.sha256,
                    &c.bytes,
                ],
            )
            .await?;
        }
        append_audit_tx(tx, &with_object_id(audit, id)).await?;
        training_record(tx, id)
            .await?
            .ok_or_else(|| vanished("training record"))
    })
    .await
}

pub(crate) async fn training_records(
    pool: &Pool,
    user_ids: &[UserId],
) -> StoreResult<Vec<TrainingRecord>> {
    let sql = format!("{TRAINING_SELECT} WHERE r.user_id = ANY($1){TRAINING_ORDER}");
    fetch_all(&client(pool).await?, &sql, &[&user_ids]).await
}

pub(crate) async fn certificate(
    pool: &Pool,
    record_id: i64,
) -> StoreResult<Option<(TrainingRecord, Certificate)>> {
    let sql = dollars(CERTIFICATE_OF_RECORD);
    fetch_opt::<StoredCertificate>(&client(pool).await?, &sql, &[&record_id])
        .await?
        .map(StoredCertificate::into_parts)
        .transpose()
}

pub(crate) async fn add_training_exception(
    pool: &Pool,
    team_id: TeamId,
    user_id: UserId,
    reason: &str,
    written: Written,
    audit: &AuditEvent,
) -> StoreResult<TrainingException> {
    transaction(pool, async |tx| {
        require_team(tx, team_id).await?;
        require_user(tx, user_id).await?;
        let params: Params<'_> = &[&team_id, &user_id, &reason, &written.at, &written.by];
        let id: i64 = fetch_one(tx, &dollars(INSERT_EXCEPTION), params).await?;
        append_audit_tx(tx, &with_object_id(audit, id)).await?;
        let sql = format!("{EXCEPTION_SELECT} WHERE id = $1");
        fetch_opt(tx, &sql, &[&id])
            .await?
            .ok_or_else(|| vanished("training exception"))
    })
    .await
}

pub(crate) async fn training_exceptions(
    pool: &Pool,
    team_id: TeamId,
) -> StoreResult<Vec<TrainingException>> {
    let sql = dollars(EXCEPTIONS_OF_TEAM);
    fetch_all(&client(pool).await?, &sql, &[&team_id]).await
}

/// Writes a meeting's attendance (in `create_supervision`'s transaction).
pub(crate) async fn insert_attendance(
    tx: &Transaction<'_>,
    session_id: i64,
    attendance: &[MeetingAttendance],
) -> StoreResult<()> {
    check_attendance(attendance)?;
    let insert = dollars(INSERT_ATTENDANCE);
    for a in attendance {
        let params: Params<'_> = &[&session_id, &a.user_id, &a.present, &a.absence_reason];
        execute(tx, &insert, params).await?;
    }
    Ok(())
}

/// The attendance at these meetings, by meeting then person.
pub(crate) async fn attendance_of(
    client: &impl GenericClient,
    session_ids: &[i64],
) -> StoreResult<Vec<AttendanceRow>> {
    let sql =
        format!("{ATTENDANCE_SELECT} WHERE session_id = ANY($1) ORDER BY session_id, user_id");
    fetch_all(client, &sql, &[&session_ids]).await
}

pub(crate) async fn team_meetings_between(
    pool: &Pool,
    team_id: TeamId,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<HeldMeeting>> {
    let mut client = client(pool).await?;
    let tx = snapshot(&mut client).await?;
    let range: Params<'_> = &[&team_id, &from, &to];
    let mut meetings: Vec<HeldMeeting> = fetch_all(&tx, &dollars(MEETINGS_BETWEEN), range).await?;
    let rows = fetch_all(&tx, &dollars(ATTENDANCE_BETWEEN), range).await?;
    tx.commit().await.map_err(pg)?;
    attach_attendance(&mut meetings, rows);
    Ok(meetings)
}

/// Replaces a booster's attendees.
async fn write_attendees(
    tx: &Transaction<'_>,
    booster_id: i64,
    attendees: &[UserId],
) -> StoreResult<()> {
    execute(tx, &dollars(DELETE_ATTENDEES), &[&booster_id]).await?;
    let insert = dollars(INSERT_ATTENDEE);
    for user_id in attendees {
        execute(tx, &insert, &[&booster_id, user_id]).await?;
    }
    Ok(())
}

/// The boosters' attendees, as (booster id, user id) rows.
async fn attendees_of(
    client: &impl GenericClient,
    booster_ids: &[i64],
) -> StoreResult<Vec<(i64, UserId)>> {
    let sql = format!("{ATTENDEE_SELECT} WHERE booster_id = ANY($1) ORDER BY booster_id, user_id");
    fetch_all(client, &sql, &[&booster_ids]).await
}

async fn booster_of(client: &impl GenericClient, booster_id: i64) -> StoreResult<Option<Booster>> {
    let sql = format!("{BOOSTER_SELECT} WHERE id = $1");
    let Some(mut booster) = fetch_opt::<Booster>(client, &sql, &[&booster_id]).await? else {
        return Ok(None);
    };
    let rows = attendees_of(client, &[booster_id]).await?;
    attach_attendees(std::slice::from_mut(&mut booster), rows);
    Ok(Some(booster))
}

pub(crate) async fn get_booster(pool: &Pool, booster_id: i64) -> StoreResult<Option<Booster>> {
    let mut client = client(pool).await?;
    let tx = snapshot(&mut client).await?;
    let booster = booster_of(&tx, booster_id).await?;
    tx.commit().await.map_err(pg)?;
    Ok(booster)
}

pub(crate) async fn add_booster(
    pool: &Pool,
    team_id: TeamId,
    booster: &NewBooster,
    audit: &AuditEvent,
) -> StoreResult<Booster> {
    let b = booster;
    transaction(pool, async |tx| {
        require_team(tx, team_id).await?;
        let params: Params<'_> = &[&team_id, &b.planned_on, &b.held_on, &b.topic, &b.trainer];
        let id: i64 = fetch_one(tx, &dollars(INSERT_BOOSTER), params).await?;
        write_attendees(tx, id, &b.attendees).await?;
        append_audit_tx(tx, &with_object_id(audit, id)).await?;
        booster_of(tx, id).await?.ok_or_else(|| vanished("booster"))
    })
    .await
}

pub(crate) async fn hold_booster(
    pool: &Pool,
    booster_id: i64,
    expected_version: i64,
    hold: &HoldBooster,
    audit: &AuditEvent,
) -> StoreResult<Booster> {
    transaction(pool, async |tx| {
        let params: Params<'_> = &[&booster_id, &hold.held_on, &expected_version];
        let written = execute(tx, &dollars(HOLD_BOOSTER), params).await?;
        if written == 0 {
            let stored = fetch_opt(tx, &dollars(BOOSTER_VERSION), &[&booster_id]).await?;
            return Err(hold_refused(stored, booster_id));
        }
        write_attendees(tx, booster_id, &hold.attendees).await?;
        append_audit_tx(tx, &with_object_id(audit, booster_id)).await?;
        booster_of(tx, booster_id)
            .await?
            .ok_or_else(|| vanished("booster"))
    })
    .await
}

pub(crate) async fn team_boosters(
    pool: &Pool,
    team_ids: &[TeamId],
    since: NaiveDate,
) -> StoreResult<Vec<Booster>> {
    let mut client = client(pool).await?;
    let tx = snapshot(&mut client).await?;
    let sql = dollars(&format!(
        "{BOOSTER_SELECT} WHERE team_id = ANY(?1){BOOSTERS_SINCE}"
    ));
    let mut boosters: Vec<Booster> = fetch_all(&tx, &sql, &[&team_ids, &since]).await?;
    let ids: Vec<i64> = boosters.iter().map(|b| b.id).collect();
    let rows = attendees_of(&tx, &ids).await?;
    tx.commit().await.map_err(pg)?;
    attach_attendees(&mut boosters, rows);
    Ok(boosters)
}

/// Gives the plans their plans' reviews, each plan's oldest first.
async fn with_reviews(
    client: &impl GenericClient,
    mut plans: Vec<DevelopmentPlan>,
) -> StoreResult<Vec<DevelopmentPlan>> {
    let mut ids: Vec<i64> = plans.iter().map(|p| p.id).collect();
    ids.dedup();
    let sql = format!("{REVIEW_SELECT} WHERE plan_id = ANY($1){REVIEW_ORDER}");
    let reviews: Vec<PlanReview> = fetch_all(client, &sql, &[&ids]).await?;
    attach_reviews(&mut plans, &reviews);
    Ok(plans)
}

async fn plan_of(
    client: &impl GenericClient,
    team_id: TeamId,
    user_id: UserId,
) -> StoreResult<Option<DevelopmentPlan>> {
    let sql = dollars(PLAN_OF_PERSON);
    let Some(plan) = fetch_opt::<DevelopmentPlan>(client, &sql, &[&team_id, &user_id]).await?
    else {
        return Ok(None);
    };
    Ok(with_reviews(client, vec![plan]).await?.pop())
}

pub(crate) async fn development_plan(
    pool: &Pool,
    team_id: TeamId,
    user_id: UserId,
) -> StoreResult<Option<DevelopmentPlan>> {
    let mut client = client(pool).await?;
    let tx = snapshot(&mut client).await?;
    let plan = plan_of(&tx, team_id, user_id).await?;
    tx.commit().await.map_err(pg)?;
    Ok(plan)
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn save_plan_version(
    pool: &Pool,
    team_id: TeamId,
    user_id: UserId,
    expected_version: Option<i64>,
    plan: &NewPlanVersion,
    written_on: NaiveDate,
    written: Written,
    audit: &AuditEvent,
) -> StoreResult<DevelopmentPlan> {
    transaction(pool, async |tx| {
        require_team(tx, team_id).await?;
        require_user(tx, user_id).await?;
        let (plan_id, version): (i64, i64) = match expected_version {
            None => {
                let params: Params<'_> = &[&team_id, &user_id, &written_on];
                let id: Option<i64> = fetch_opt(tx, &dollars(INSERT_PLAN), params).await?;
                (id.ok_or_else(|| plan_exists(team_id, user_id))?, 1)
            }
            Some(expected) => {
                let params: Params<'_> = &[&team_id, &user_id, &expected];
                match fetch_opt(tx, &dollars(NEXT_PLAN_VERSION), params).await? {
                    Some(next) => next,
                    None => {
                        let key: Params<'_> = &[&team_id, &user_id];
                        let stored = fetch_opt(tx, &dollars(PLAN_VERSION), key).await?;
                        return Err(plan_save_refused(stored, team_id, user_id));
                    }
                }
            }
        };
        execute(
            tx,
            &dollars(INSERT_PLAN_VERSION),
            &[
                &plan_id,
                &version,
                &json_text(&plan.goals)?,
                &plan.review_on,
                &written_on,
                &written.at,
                &written.by,
            ],
        )
        .await?;
        append_audit_tx(tx, &with_object_id(audit, plan_id)).await?;
        plan_of(tx, team_id, user_id)
            .await?
            .ok_or_else(|| vanished("development plan"))
    })
    .await
}

pub(crate) async fn plan_versions(pool: &Pool, plan_id: i64) -> StoreResult<Vec<DevelopmentPlan>> {
    let mut client = client(pool).await?;
    let tx = snapshot(&mut client).await?;
    let plans = fetch_all(&tx, &dollars(PLAN_VERSIONS), &[&plan_id]).await?;
    let plans = with_reviews(&tx, plans).await?;
    tx.commit().await.map_err(pg)?;
    Ok(plans)
}

pub(crate) async fn team_plans(
    pool: &Pool,
    team_ids: &[TeamId],
) -> StoreResult<Vec<DevelopmentPlan>> {
    let mut client = client(pool).await?;
    let tx = snapshot(&mut client).await?;
    let sql = format!("{PLAN_SELECT} WHERE p.team_id = ANY($1){PLANS_NEWEST}");
    let plans = fetch_all(&tx, &sql, &[&team_ids]).await?;
    let plans = with_reviews(&tx, plans).await?;
    tx.commit().await.map_err(pg)?;
    Ok(plans)
}

pub(crate) async fn add_plan_review(
    pool: &Pool,
    plan_id: i64,
    review: &NewPlanReview,
    written: Written,
    audit: &AuditEvent,
) -> StoreResult<PlanReview> {
    let r = review;
    transaction(pool, async |tx| {
        fetch_opt::<i64>(tx, &dollars(PLAN_EXISTS), &[&plan_id])
            .await?
            .ok_or_else(|| missing("development plan", plan_id))?;
        let id: i64 = fetch_one(
            tx,
            &dollars(INSERT_REVIEW),
            &[
                &plan_id,
                &r.reviewed_on,
                &r.notes,
                &r.next_review_on,
                &written.at,
                &written.by,
            ],
        )
        .await?;
        append_audit_tx(tx, &with_object_id(audit, plan_id)).await?;
        fetch_opt(tx, &dollars(REVIEW_BY_ID), &[&id])
            .await?
            .ok_or_else(|| vanished("plan review"))
    })
    .await
}

pub(crate) async fn record_consultant_rating(
    pool: &Pool,
    rating: &NewConsultantRatingRow,
    audit: &AuditEvent,
) -> StoreResult<()> {
    let r = rating;
    transaction(pool, async |tx| {
        require_team(tx, r.team_id).await?;
        let id: i64 = fetch_one(
            tx,
            &dollars(INSERT_RATING),
            &[
                &r.team_id,
                &r.consultant_id,
                &r.rater_id,
                &r.rated_on,
                &json_text(&r.answers)?,
                &r.score,
                &r.created_at,
            ],
        )
        .await?;
        append_audit_tx(tx, &with_object_id(audit, id)).await?;
        Ok(())
    })
    .await
}

pub(crate) async fn consultant_ratings(
    pool: &Pool,
    team_ids: &[TeamId],
    since: NaiveDate,
) -> StoreResult<Vec<ConsultantRatingRow>> {
    let sql = dollars(&format!(
        "{RATING_SELECT} WHERE team_id = ANY(?1){RATINGS_SINCE}"
    ));
    fetch_all(&client(pool).await?, &sql, &[&team_ids, &since]).await
}

pub(crate) async fn last_consultant_rating(
    pool: &Pool,
    team_id: TeamId,
    rater_id: UserId,
) -> StoreResult<Option<NaiveDate>> {
    let sql = dollars(LAST_RATING);
    fetch_one(&client(pool).await?, &sql, &[&team_id, &rater_id]).await
}
