//! Families' cases: referral, reading, break-glass, access logs.

use axum::http::StatusCode;
use axum::response::Response;
use rundt_app::cases::{self, AccessLogPage, AccessLogQuery, CaseSummary, CaseView, ReferFamily};
use rundt_app::referrals::{self, Received};
use rundt_domain::id::CaseId;
use rundt_domain::id::PersonId;
use serde::Deserialize;

use super::caller::{Caller, CreatedResult, JsonResult, created, json, json_each};
use super::versions;
use super::views::BreakGlassGrantView;
use crate::error::{ApiError, ErrorBody, QueryError};
use crate::extract::{Json, Path, Query};

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
#[utoipa::path(post, path = "/api/v1/cases", tag = "cases",
    request_body(content = ReferFamily, example = json!({
        "team_id": 3,
        "young_person": {"given_name": "Mikkel", "family_name": "Andersen", "national_id": "150311-4107"},
        "caregivers": [{"given_name": "Lone", "family_name": "Andersen", "birth_date": "1982-06-02"}],
        "referral": {
            "behaviours": [
                {"behaviour": "Pjækker fra skole", "frequency": "3 dage om ugen",
                 "intensity": "Har ikke været til matematik siden august", "duration": "4 måneder"},
                {"behaviour": "Vold i hjemmet", "frequency": "Hver uge",
                 "intensity": "Slår sin mor; politiet tilkaldt to gange", "duration": "Siden sommerferien"}
            ],
            "legal_basis": "Barnets Lov § 32, stk. 1, nr. 5",
            "consent": {"given_by": "mor", "given_on": "2026-11-20"},
            "contact": {"name": "Louise Winther", "phone": "+45 89 40 20 00", "email": "louise@aarhus.dk"},
            "school": "Skåde Skole",
            "placement_considered": "foster_care"
        }
    })),
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
#[utoipa::path(post, path = "/api/v1/cases/{id}/break-glass", tag = "cases",
    request_body(content = BreakGlassRequest, example = json!({"reason": "Vagt: moren ringede kl. 02.10, Mikkel er ikke kommet hjem"})),
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

/// Which page of a person's access log to read.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AccessLogParams {
    /// Only entries older than this one: the `next_before` of the page
    /// before. Absent for the newest page.
    #[param(value_type = Option<i64>, minimum = 1)]
    pub before: Option<String>,
    /// At most this many entries, 1-200 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
}

impl From<AccessLogParams> for AccessLogQuery {
    fn from(p: AccessLogParams) -> Self {
        AccessLogQuery {
            before: p.before,
            limit: p.limit,
        }
    }
}

/// Who accessed a person's data, when and why (the person's right of
/// access): one page, newest first. The next, older page is the same
/// address with `before` set to this page's `next_before`; there is none
/// when `next_before` is absent. Every read is itself in the person's log.
/// A `before` that is not a positive number or a `limit` outside 1-200 is
/// answered 400 with each field that is wrong.
#[utoipa::path(get, path = "/api/v1/persons/{id}/access-log", tag = "audit",
    params(("id" = i64, Path, description = "Person id"), AccessLogParams),
    responses((status = 200, body = AccessLogPage, description = "Newest first"),
              (status = 400, body = ErrorBody, description = "A `before` or `limit` that cannot be used, each in `fields`"),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn access_log(
    c: Caller,
    Path(id): Path<PersonId>,
    Query(q): Query<AccessLogParams>,
) -> Result<axum::Json<AccessLogPage>, QueryError> {
    let page = AccessLogQuery::from(q).read()?;
    Ok(axum::Json(
        cases::person_access_log(&c.app, &c.actor(), id, page).await?,
    ))
}
