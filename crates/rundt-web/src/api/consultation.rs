//! MST-CAN's psychiatric consultations over the API (issue 12): the
//! family's therapist or the team's supervisor asks one of the team's
//! psychiatrists; the psychiatrist asked reads the family while the request
//! is open and answers; the team ends it. Answering and ending name the
//! request's version in `If-Match`.

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};
use rundt_app::consultation::{self, TeamPsychiatrist};
use rundt_app::records::ConsultationRecord;
use rundt_domain::consultation::{ConsultationRequest, ConsultationState};
use rundt_domain::id::CaseId;
use rundt_domain::user::UserId;
use serde::{Deserialize, Serialize};

use super::caller::{Caller, JsonResult};
use super::versions;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json, Path};

/// A request to the psychiatrist.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ConsultationView {
    pub id: i64,
    pub psychiatrist_id: UserId,
    pub question: String,
    pub requested_by: Option<UserId>,
    pub requested_at: DateTime<Utc>,
    pub state: ConsultationState,
    pub answer: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
    pub ended_by: Option<UserId>,
    pub ended_at: Option<DateTime<Utc>>,
    /// For the `If-Match` of an answer or the end.
    pub version: i64,
}

impl From<ConsultationRecord> for ConsultationView {
    fn from(r: ConsultationRecord) -> Self {
        Self {
            state: r.state(),
            id: r.id,
            psychiatrist_id: r.psychiatrist_id,
            question: r.question,
            requested_by: r.requested_by,
            requested_at: r.requested_at,
            answer: r.answer,
            answered_at: r.answered_at,
            ended_by: r.ended_by,
            ended_at: r.ended_at,
            version: r.version,
        }
    }
}

/// A family's requests and the team's psychiatrists who may be asked.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ConsultationsView {
    /// Newest first.
    pub requests: Vec<ConsultationView>,
    pub psychiatrists: Vec<TeamPsychiatrist>,
}

/// The psychiatrist's answer.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct AnswerBody {
    pub answer: String,
}

/// The family's requests to the psychiatrist. Audited per person.
#[utoipa::path(get, path = "/api/v1/cases/{id}/consultations", tag = "consultations",
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, body = ConsultationsView),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list(c: Caller, Path(id): Path<CaseId>) -> JsonResult<ConsultationsView> {
    let f = consultation::consultation_file(&c.app, &c.actor(), id).await?;
    Ok(axum::Json(ConsultationsView {
        requests: f.requests.into_iter().map(Into::into).collect(),
        psychiatrists: f.psychiatrists,
    }))
}

/// Asks one of the team's psychiatrists to consult on the family (its
/// therapist or the team's supervisor, while the family is in treatment).
#[utoipa::path(post, path = "/api/v1/cases/{id}/consultations", tag = "consultations",
    request_body(content = ConsultationRequest, example = json!({"psychiatrist_id": 27,
     "question": "Emma sover dårlig og har mareritt etter hendelsen i november. Bør hun utredes for PTSD før vi starter TF-CBT?"})),
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 201, body = ConsultationView, headers(("ETag" = String, description = "the request's version, for If-Match"))),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "the family is not in treatment"),
              (status = 422, body = ErrorBody, description = "not one of the team's psychiatrists, or no question; `fields` names each")))]
pub async fn request(
    c: Caller,
    Path(id): Path<CaseId>,
    Json(body): Json<ConsultationRequest>,
) -> Result<Response, ApiError> {
    let r = consultation::request(&c.app, &c.actor(), id, &body).await?;
    Ok(versions::tagged(
        StatusCode::CREATED,
        r.version,
        ConsultationView::from(r),
    ))
}

/// The psychiatrist asked answers (again, while the request is open).
#[utoipa::path(post, path = "/api/v1/cases/{id}/consultations/{request_id}/answer", tag = "consultations",
    request_body(content = AnswerBody, example = json!({"answer": "Symptomene passer med en akutt stressreaksjon. Start TF-CBT som planlagt; henvis til BUP om marerittene varer mer enn fire uker."})),
    params(("id" = i64, Path, description = "Case id"), ("request_id" = i64, Path, description = "Request id"),
           ("If-Match" = String, Header, description = "the request's ETag")),
    responses((status = 200, body = ConsultationView, headers(("ETag" = String, description = "the request's new version"))),
              (status = 403, body = ErrorBody, description = "not the psychiatrist asked, or the request has ended"),
              (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "the request has ended"),
              (status = 412, body = ErrorBody, description = "If-Match names an older version; nothing was changed"),
              (status = 422, body = ErrorBody, description = "no answer, or too long"),
              (status = 428, body = ErrorBody)))]
pub async fn answer(
    c: Caller,
    Path((id, request_id)): Path<(CaseId, i64)>,
    headers: HeaderMap,
    Json(body): Json<AnswerBody>,
) -> Result<Response, ApiError> {
    let v = versions::required(&headers)?;
    let r = consultation::answer(&c.app, &c.actor(), id, request_id, &body.answer, v).await?;
    Ok(versions::tagged(
        StatusCode::OK,
        r.version,
        ConsultationView::from(r),
    ))
}

/// The family's therapist or the team's supervisor ends a request; the
/// psychiatrist no longer reads the family by it.
#[utoipa::path(post, path = "/api/v1/cases/{id}/consultations/{request_id}/end", tag = "consultations",
    params(("id" = i64, Path, description = "Case id"), ("request_id" = i64, Path, description = "Request id"),
           ("If-Match" = String, Header, description = "the request's ETag")),
    responses((status = 200, body = ConsultationView, headers(("ETag" = String, description = "the request's new version"))),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "the request has already ended"),
              (status = 412, body = ErrorBody, description = "If-Match names an older version; nothing was changed"),
              (status = 428, body = ErrorBody)))]
pub async fn end(
    c: Caller,
    Path((id, request_id)): Path<(CaseId, i64)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let v = versions::required(&headers)?;
    let r = consultation::end(&c.app, &c.actor(), id, request_id, v).await?;
    Ok(versions::tagged(
        StatusCode::OK,
        r.version,
        ConsultationView::from(r),
    ))
}
