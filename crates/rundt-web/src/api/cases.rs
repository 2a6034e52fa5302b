//! Families' cases: referral, reading, break-glass, access logs.

use axum::http::StatusCode;
use axum::response::Response;
use rundt_app::cases::{self, AccessLogEntry, CaseSummary, CaseView, ReferFamily};
use rundt_app::referrals::{self, Received};
use rundt_domain::id::CaseId;
use rundt_domain::id::PersonId;
use serde::Deserialize;

use super::caller::{Caller, CreatedResult, JsonResult, created, json, json_each};
use super::versions;
use super::views::BreakGlassGrantView;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json, Path};

/// The cases the caller may see (no personal data in the list).
#[utoipa::path(get, path = "/api/v1/cases", tag = "cases",
    responses((status = 200, body = [CaseSummary]), (status = 403, body = ErrorBody)))]
pub async fn list(c: Caller) -> JsonResult<Vec<CaseSummary>> {
    json(cases::list_cases(&c.app, &c.actor()).await?)
}

/// A municipal caseworker refers a family to a team. The answer is the
/// case with its receipt: the referral number (the case's id), when it was
/// received (`received_at`, and on the country's clock), the team, and the
/// day the team acknowledges it by (`acknowledge_by`). Its `ETag` is the
/// version the team's first decision names in `If-Match`.
#[utoipa::path(post, path = "/api/v1/cases", tag = "cases", request_body = ReferFamily,
    responses((status = 201, body = Received, headers(("ETag" = String, description = "the case's version, for If-Match"))),
              (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn refer(c: Caller, Json(input): Json<ReferFamily>) -> Result<Response, ApiError> {
    let received = referrals::refer(&c.app, &c.actor(), &input).await?;
    Ok(versions::tagged(
        StatusCode::CREATED,
        received.case.version,
        received,
    ))
}

/// One family's case, with its people. Every read is audited per person.
/// The `ETag` is the version a change to the case names in `If-Match`.
#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "cases",
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, body = CaseView, headers(("ETag" = String, description = "the case's version, for If-Match"))),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_one(c: Caller, Path(id): Path<CaseId>) -> Result<Response, ApiError> {
    let case = cases::read_case(&c.app, &c.actor(), id).await?;
    Ok(versions::tagged(StatusCode::OK, case.version, case))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct BreakGlassRequest {
    /// Why access is needed now (at least 10 characters).
    pub reason: String,
}

/// Break-glass: time-limited access to a colleague's family, for a reason.
#[utoipa::path(post, path = "/api/v1/cases/{id}/break-glass", tag = "cases", request_body = BreakGlassRequest,
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 201, body = BreakGlassGrantView), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn break_glass(
    c: Caller,
    Path(id): Path<CaseId>,
    Json(input): Json<BreakGlassRequest>,
) -> CreatedResult<BreakGlassGrantView> {
    created(cases::break_glass(&c.app, c.principal(), id, &input.reason).await?)
}

/// Break-glass grants of the last 30 days, newest first: in the
/// supervisor's teams, or in every team of the auditor's country.
#[utoipa::path(get, path = "/api/v1/break-glass", tag = "cases",
    responses((status = 200, body = [BreakGlassGrantView]), (status = 403, body = ErrorBody)))]
pub async fn break_glass_overview(c: Caller) -> JsonResult<Vec<BreakGlassGrantView>> {
    json_each(cases::break_glass_overview(&c.app, c.principal()).await?)
}

/// Who accessed a person's data (the person's right of access).
#[utoipa::path(get, path = "/api/v1/persons/{id}/access-log", tag = "audit",
    params(("id" = i64, Path, description = "Person id")),
    responses((status = 200, body = [AccessLogEntry]), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn access_log(c: Caller, Path(id): Path<PersonId>) -> JsonResult<Vec<AccessLogEntry>> {
    json(cases::person_access_log(&c.app, &c.actor(), id).await?)
}
