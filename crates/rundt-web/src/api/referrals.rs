//! A referral's hand-off over the API: the receipt, the team's
//! acknowledgement, the referrals awaiting it, and the caseworker's added
//! information and withdrawal. The changes carry the case's version in
//! `If-Match` like every other change to a case: access (403), then the
//! version (412), then whether the referral still allows it (409), then the
//! input (422).

use axum::response::Response;
use rundt_app::cases::CaseView;
use rundt_app::referrals::{self, AwaitingReferral, ReferralReceipt};
use rundt_domain::id::CaseId;
use serde::Deserialize;

use super::caller::{Caller, JsonResult, json};
use super::case_change::{CaseChange, changed};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json, Path};

/// The receipt of a referral: its number, when it was received (also on
/// the country's clock), the team, and the day the team acknowledges it by.
#[utoipa::path(get, path = "/api/v1/cases/{id}/receipt", tag = "referrals",
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, body = ReferralReceipt), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn receipt(c: Caller, Path(id): Path<CaseId>) -> JsonResult<ReferralReceipt> {
    json(referrals::receipt(&c.app, &c.actor(), id).await?)
}

/// The referrals awaiting acknowledgement: a supervisor's teams', a
/// caseworker's municipality's; overdue ones first. Empty for anyone else.
#[utoipa::path(get, path = "/api/v1/referrals/awaiting", tag = "referrals",
    responses((status = 200, body = [AwaitingReferral])))]
pub async fn awaiting(c: Caller) -> JsonResult<Vec<AwaitingReferral>> {
    json(referrals::awaiting(&c.app, &c.actor()).await?)
}

/// The team's supervisor acknowledges a referral (once; who and when are
/// recorded). Accepting or declining it acknowledges it too.
#[utoipa::path(post, path = "/api/v1/cases/{id}/acknowledge", tag = "referrals",
    params(("id" = i64, Path, description = "Case id"), ("If-Match" = String, Header, description = "case ETag")),
    responses((status = 200, body = CaseView, headers(("ETag" = String, description = "the case's new version, for the next If-Match"))),
              (status = 403, body = ErrorBody, description = "not the team's supervisor"),
              (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "acknowledged already, or no longer a referral"),
              (status = 412, body = ErrorBody, description = "If-Match names an older version; nothing was changed"),
              (status = 428, body = ErrorBody)))]
pub async fn acknowledge(e: CaseChange) -> Result<Response, ApiError> {
    changed(referrals::acknowledge(e.app(), &e.actor(), e.id, e.version()?).await?)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct WithdrawRequest {
    /// Why the referral is withdrawn.
    pub reason: String,
}

/// The referring caseworker withdraws a referral the team has not decided
/// on; the case is kept as `withdrawn`.
#[utoipa::path(post, path = "/api/v1/cases/{id}/withdraw", tag = "referrals",
    request_body(content = WithdrawRequest, example = json!({"reason": "Familien er flyttet til Randers Kommune, som overtager sagen"})),
    params(("id" = i64, Path, description = "Case id"), ("If-Match" = String, Header, description = "case ETag")),
    responses((status = 200, body = CaseView, headers(("ETag" = String, description = "the case's new version, for the next If-Match"))),
              (status = 403, body = ErrorBody, description = "not the referring municipality's caseworker"),
              (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "the team has decided on the referral"),
              (status = 412, body = ErrorBody, description = "If-Match names an older version; nothing was changed"),
              (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)))]
pub async fn withdraw(
    e: CaseChange,
    Json(input): Json<WithdrawRequest>,
) -> Result<Response, ApiError> {
    changed(referrals::withdraw(e.app(), &e.actor(), e.id, e.version()?, &input.reason).await?)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct InformationRequest {
    /// What the team should know besides the referral.
    pub text: String,
}

/// The referring caseworker adds a dated note to a referral the team has
/// not decided on; the team sees it with the referral.
#[utoipa::path(post, path = "/api/v1/cases/{id}/referral-information", tag = "referrals",
    request_body(content = InformationRequest, example = json!({"text": "Skolen ringede 26. november: Mikkel har ikke været i skole i denne uge"})),
    params(("id" = i64, Path, description = "Case id"), ("If-Match" = String, Header, description = "case ETag")),
    responses((status = 200, body = CaseView, headers(("ETag" = String, description = "the case's new version, for the next If-Match"))),
              (status = 403, body = ErrorBody, description = "not the referring municipality's caseworker"),
              (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "the team has decided on the referral"),
              (status = 412, body = ErrorBody, description = "If-Match names an older version; nothing was changed"),
              (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)))]
pub async fn add_information(
    e: CaseChange,
    Json(input): Json<InformationRequest>,
) -> Result<Response, ApiError> {
    let text = &input.text;
    changed(referrals::add_information(e.app(), &e.actor(), e.id, e.version()?, text).await?)
}
