//! The team's people over the API (issue 15): a team's people and
//! figures, one person's record, training records with certificates
//! (base64 in JSON, at most 5 MB, PDF, PNG or JPEG), the supervisor's
//! exceptions, boosters, development plans with their versions and
//! reviews, the team's rating of its consultant, the overview of many
//! teams' figures, and the reader's reminders.

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rundt_app::AppError;
use rundt_app::people::{
    self, CertificateUpload, PeopleReminder, PersonRecord, PlanView, TeamFiguresRow, TeamPeople,
};
use rundt_domain::id::{TeamId, UserId};
use rundt_domain::msg;
use rundt_domain::people::{
    Booster, ConsultantRating, DevelopmentPlan, HoldBooster, NewBooster, NewPlanReview,
    NewPlanVersion, NewTrainingRecord, PlanReview, TrainingException, TrainingRecord,
};
use rundt_domain::user::Role;
use serde::{Deserialize, Serialize};

use super::caller::{Caller, JsonResult, json};
use super::versions;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json, Path};

/// A certificate file in JSON.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct CertificateBody {
    /// The file's name, e.g. `orientation.pdf`.
    pub file_name: String,
    /// The file's bytes, base64 (standard alphabet, padded).
    pub content_base64: String,
}

/// A course to record, with its certificate if there is one.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct TrainingBody {
    #[serde(flatten)]
    pub record: NewTrainingRecord,
    #[serde(default)]
    pub certificate: Option<CertificateBody>,
}

/// Why the supervisor lets a therapist without the initial training take
/// families.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct ExceptionBody {
    pub reason: String,
}

/// A rating's score (none when too few items were answered).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RatingScore {
    pub score: Option<f64>,
}

/// The team's people: figures for everyone who may see them; person by
/// person, boosters and exceptions for its supervisor and consultant.
#[utoipa::path(get, path = "/api/v1/teams/{id}/people", tag = "people",
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 200, body = TeamPeople),
              (status = 403, body = ErrorBody, description = "not the team's supervisor or consultant, an owner's manager or the national office"),
              (status = 404, body = ErrorBody)))]
pub async fn team(c: Caller, Path(id): Path<TeamId>) -> JsonResult<TeamPeople> {
    json(people::team_people(&c.app, &c.actor(), id).await?)
}

/// One person's record: their courses and, in each team they share with
/// the reader, their flags, meetings, boosters, plan and exceptions.
#[utoipa::path(get, path = "/api/v1/people/{id}", tag = "people",
    params(("id" = i64, Path, description = "User id")),
    responses((status = 200, body = PersonRecord),
              (status = 403, body = ErrorBody, description = "neither the person nor the supervisor or consultant of a team they are in"),
              (status = 404, body = ErrorBody)))]
pub async fn person(c: Caller, Path(id): Path<UserId>) -> JsonResult<PersonRecord> {
    json(people::person_record(&c.app, &c.actor(), id).await?)
}

/// Records a course the person took, with its certificate.
#[utoipa::path(post, path = "/api/v1/people/{id}/training", tag = "people",
    request_body(content = TrainingBody, example = json!({
        "kind": "mst_orientation", "provider": "MST Danmark",
        "started_on": "2026-09-07", "finished_on": "2026-09-11", "days": 5,
        "certificate": {"file_name": "mst-orientering.pdf", "content_base64": "JVBERi0xLjQKMSAwIG9iaiA8PCA+PiBlbmRvYmoKJSVFT0YK"}
    })),
    params(("id" = i64, Path, description = "User id")),
    responses((status = 201, body = TrainingRecord),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "dates in the future or reversed, days out of range, no provider, a certificate that is not base64, not a PDF, PNG or JPEG, empty or over 5 MB; `fields` names each; nothing is stored")))]
pub async fn record_training(
    c: Caller,
    Path(id): Path<UserId>,
    Json(body): Json<TrainingBody>,
) -> Result<Response, ApiError> {
    let upload = match body.certificate {
        None => None,
        Some(cert) => {
            let bytes = data_encoding::BASE64
                .decode(cert.content_base64.trim().as_bytes())
                .map_err(|_| AppError::invalid("certificate", msg!("certificate-base64")))?;
            Some(CertificateUpload {
                file_name: cert.file_name,
                bytes,
            })
        }
    };
    let record = people::record_training(&c.app, &c.actor(), id, &body.record, upload).await?;
    Ok((StatusCode::CREATED, axum::Json(record)).into_response())
}

/// A training record's certificate, as the file it was.
#[utoipa::path(get, path = "/api/v1/training-records/{id}/certificate", tag = "people",
    params(("id" = i64, Path, description = "Training record id")),
    responses((status = 200, description = "the file as it was uploaded",
               content((Vec<u8> = "application/pdf"), (Vec<u8> = "image/png"), (Vec<u8> = "image/jpeg"))),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody, description = "no such record, or it has no certificate")))]
pub async fn certificate(c: Caller, Path(id): Path<i64>) -> Result<Response, ApiError> {
    let (_, file) = people::certificate(&c.app, &c.actor(), id).await?;
    let content_type = file.info.content_type.as_str();
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        file.bytes,
    )
        .into_response())
}

/// The supervisor records why a therapist without the initial training
/// may be assigned families.
#[utoipa::path(post, path = "/api/v1/teams/{id}/people/{user_id}/training-exception", tag = "people",
    request_body(content = ExceptionBody, example = json!({"reason": "Orienteringskurset starter 7. december; Nora går med Jonas på alle besøg indtil da"})),
    params(("id" = i64, Path, description = "Team id"), ("user_id" = i64, Path, description = "User id")),
    responses((status = 201, body = TrainingException),
              (status = 403, body = ErrorBody, description = "not the team's supervisor"), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "the person's initial training is complete"),
              (status = 422, body = ErrorBody, description = "no reason, or the person is not in the team")))]
pub async fn training_exception(
    c: Caller,
    Path((id, user)): Path<(TeamId, UserId)>,
    Json(body): Json<ExceptionBody>,
) -> Result<Response, ApiError> {
    let e = people::record_training_exception(&c.app, &c.actor(), id, user, &body.reason).await?;
    Ok((StatusCode::CREATED, axum::Json(e)).into_response())
}

/// Plans a booster, or records one held (with `held_on` and attendees).
#[utoipa::path(post, path = "/api/v1/teams/{id}/boosters", tag = "people",
    request_body(content = NewBooster, example = json!({"planned_on": "2026-12-10", "topic": "Sikkerhedsplaner", "trainer": "Henrik Dam"})),
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 201, body = Booster, headers(("ETag" = String, description = "the booster's version"))),
              (status = 403, body = ErrorBody, description = "not the team's supervisor or consultant"), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "held in the future, no topic or trainer, attendees who were not in the team")))]
pub async fn add_booster(
    c: Caller,
    Path(id): Path<TeamId>,
    Json(body): Json<NewBooster>,
) -> Result<Response, ApiError> {
    let b = people::add_booster(&c.app, &c.actor(), id, &body).await?;
    Ok(versions::tagged(StatusCode::CREATED, b.version, b))
}

/// Records a planned booster as held, at the version in `If-Match`.
#[utoipa::path(post, path = "/api/v1/boosters/{id}/held", tag = "people",
    request_body(content = HoldBooster, example = json!({"held_on": "2026-12-10", "attendees": [11, 12, 14]})),
    params(("id" = i64, Path, description = "Booster id"), ("If-Match" = String, Header, description = "the booster's ETag")),
    responses((status = 200, body = Booster, headers(("ETag" = String, description = "the new version"))),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "already held"),
              (status = 412, body = ErrorBody, description = "If-Match names an older version; nothing was changed"),
              (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)))]
pub async fn hold_booster(
    c: Caller,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Json(body): Json<HoldBooster>,
) -> Result<Response, ApiError> {
    let v = versions::required(&headers)?;
    let b = people::hold_booster(&c.app, &c.actor(), id, v, &body).await?;
    Ok(versions::tagged(StatusCode::OK, b.version, b))
}

/// The person's development plan in the team, every version.
#[utoipa::path(get, path = "/api/v1/teams/{id}/people/{user_id}/plan", tag = "people",
    params(("id" = i64, Path, description = "Team id"), ("user_id" = i64, Path, description = "User id")),
    responses((status = 200, body = PlanView),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "the person holds no therapist's or supervisor's post in the team")))]
pub async fn plan(c: Caller, Path((id, user)): Path<(TeamId, UserId)>) -> JsonResult<PlanView> {
    json(people::plan_view(&c.app, &c.actor(), id, user).await?)
}

/// Writes the plan's next version (`If-Match` the current one), or its
/// first (no `If-Match`).
#[utoipa::path(put, path = "/api/v1/teams/{id}/people/{user_id}/plan", tag = "people",
    request_body(content = NewPlanVersion, example = json!({
        "goals": [
            {"competence": "principle_1", "goal": "Laver fit-cirkler, der forklarer adfærden",
             "actions": "Tager en fit-cirkel med til hver supervision"},
            {"competence": "engagement", "goal": "Får fædrene med i behandlingen",
             "actions": "Rollespil om engagement i supervisionen; et aftenbesøg om ugen"}
        ],
        "review_on": "2026-12-15"
    })),
    params(("id" = i64, Path, description = "Team id"), ("user_id" = i64, Path, description = "User id"),
           ("If-Match" = Option<String>, Header, description = "the plan's ETag; leave out for the first version")),
    responses((status = 200, body = DevelopmentPlan, headers(("ETag" = String, description = "the new version"))),
              (status = 403, body = ErrorBody, description = "not the plan's writer: the supervisor writes therapists' plans, the consultant the supervisor's"),
              (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "a first version when the plan exists"),
              (status = 412, body = ErrorBody, description = "If-Match names an older version; nothing was changed"),
              (status = 422, body = ErrorBody, description = "no goals or more than 12, a goal or action left empty, a review date not within the next year")))]
pub async fn save_plan(
    c: Caller,
    Path((id, user)): Path<(TeamId, UserId)>,
    headers: HeaderMap,
    Json(body): Json<NewPlanVersion>,
) -> Result<Response, ApiError> {
    let v = versions::optional(&headers)?;
    let plan = people::save_plan(&c.app, &c.actor(), id, user, v, &body).await?;
    Ok(versions::tagged(StatusCode::OK, plan.version, plan))
}

/// Records a review of the person's plan.
#[utoipa::path(post, path = "/api/v1/teams/{id}/people/{user_id}/plan/reviews", tag = "people",
    request_body(content = NewPlanReview, example = json!({"reviewed_on": "2026-09-15", "notes": "Godt i gang: en fit-cirkel til hver supervision; engagement af fædre øves fortsat",
     "next_review_on": "2026-12-15"})),
    params(("id" = i64, Path, description = "Team id"), ("user_id" = i64, Path, description = "User id")),
    responses((status = 201, body = PlanReview),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "the person has no plan yet"),
              (status = 422, body = ErrorBody, description = "a review before the plan was written or in the future, a next review not after it, no notes")))]
pub async fn review_plan(
    c: Caller,
    Path((id, user)): Path<(TeamId, UserId)>,
    Json(body): Json<NewPlanReview>,
) -> Result<Response, ApiError> {
    let r = people::review_plan(&c.app, &c.actor(), id, user, &body).await?;
    Ok((StatusCode::CREATED, axum::Json(r)).into_response())
}

/// A team member rates the team's consultant (CAM structure); only the
/// mean of at least five ratings is ever shown.
#[utoipa::path(post, path = "/api/v1/teams/{id}/consultant-ratings", tag = "people",
    request_body(content = ConsultantRating, example = json!({"date": "2026-11-20", "answers": [4, 5, 4, 4, 3, 5, 4, 4, 5, 4, 3, 4, 4, 5, 4, null, 4, 5, 4, 4]})),
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 201, body = RatingScore),
              (status = 403, body = ErrorBody, description = "not a therapist or the supervisor of the team"), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "the team has no consultant"),
              (status = 422, body = ErrorBody, description = "not 20 answers of 1–5, or a date outside the last month")))]
pub async fn rate_consultant(
    c: Caller,
    Path(id): Path<TeamId>,
    Json(body): Json<ConsultantRating>,
) -> Result<Response, ApiError> {
    let score = people::rate_consultant(&c.app, &c.actor(), id, &body).await?;
    Ok((StatusCode::CREATED, axum::Json(RatingScore { score })).into_response())
}

/// The people figures of the reader's teams: every team of the country
/// for the national office, the teams their municipality owns for a
/// municipal manager.
#[utoipa::path(get, path = "/api/v1/people/figures", tag = "people",
    responses((status = 200, body = Vec<TeamFiguresRow>),
              (status = 403, body = ErrorBody, description = "neither the national office nor a municipal manager")))]
pub async fn figures(c: Caller) -> JsonResult<Vec<TeamFiguresRow>> {
    let who = c.principal();
    if who.role == Role::MunicipalManager {
        json(people::municipality_people(&c.app, &c.actor()).await?)
    } else {
        let country = who.country;
        json(people::national_people(&c.app, &c.actor(), country).await?)
    }
}

/// What the people rules ask the reader to act on.
#[utoipa::path(get, path = "/api/v1/people/reminders", tag = "people",
    responses((status = 200, body = Vec<PeopleReminder>)))]
pub async fn reminders(c: Caller) -> JsonResult<Vec<PeopleReminder>> {
    json(people::people_reminders(&c.app, &c.actor()).await?)
}
