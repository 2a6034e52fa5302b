use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::NaiveDate;
use rundt_app::organisation::{self, AddMember, CreateTeam, OwnerInput, TeamOverview};
use rundt_domain::id::TeamId;
use serde::Deserialize;

use super::caller::{Caller, CreatedResult, JsonResult, created, json};
use super::versions;
use super::views::TeamMemberView;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json, Path};

fn with_etag(status: StatusCode, team: TeamOverview) -> Response {
    versions::tagged(status, team.version, team)
}

/// All teams with their owners, staff and composition warnings.
#[utoipa::path(get, path = "/api/v1/teams", tag = "teams",
    responses((status = 200, body = [TeamOverview])))]
pub async fn list(c: Caller) -> JsonResult<Vec<TeamOverview>> {
    json(organisation::team_overviews(&c.app, &c.actor()).await?)
}

/// Creates a team owned by one or more municipalities.
#[utoipa::path(post, path = "/api/v1/teams", tag = "teams",
    request_body(content = CreateTeam, example = json!({
        "name": "MST Østjylland", "country": "DK", "programme_model": "MST",
        "owners": [{"municipality_code": "0751", "share_percent": 60}, {"municipality_code": "0746", "share_percent": 40}],
        "started_on": "2026-01-05"
    })),
    responses(
        (status = 201, body = TeamOverview, headers(("ETag" = String, description = "version for If-Match"))),
        (status = 400, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(c: Caller, Json(input): Json<CreateTeam>) -> Result<Response, ApiError> {
    let team = organisation::create_team(&c.app, &c.actor(), &input).await?;
    Ok(with_etag(StatusCode::CREATED, team))
}

/// One team.
#[utoipa::path(get, path = "/api/v1/teams/{id}", tag = "teams",
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 200, body = TeamOverview), (status = 404, body = ErrorBody)))]
pub async fn get_one(c: Caller, Path(id): Path<TeamId>) -> Result<Response, ApiError> {
    let team = organisation::team_overview(&c.app, &c.actor(), id).await?;
    Ok(with_etag(StatusCode::OK, team))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ReplaceOwners {
    pub owners: Vec<OwnerInput>,
}

/// Replaces a team's owning municipalities and shares. Needs `If-Match`.
#[utoipa::path(put, path = "/api/v1/teams/{id}/owners", tag = "teams",
    request_body(content = ReplaceOwners, example = json!({"owners": [{"municipality_code": "0751", "share_percent": 62.5}, {"municipality_code": "0746", "share_percent": 37.5}]})),
    params(("id" = i64, Path, description = "Team id"),
           ("If-Match" = String, Header, description = "ETag of the version being edited")),
    responses((status = 200, body = TeamOverview), (status = 404, body = ErrorBody),
              (status = 412, body = ErrorBody), (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)))]
pub async fn replace_owners(
    c: Caller,
    Path(id): Path<TeamId>,
    headers: HeaderMap,
    Json(input): Json<ReplaceOwners>,
) -> Result<Response, ApiError> {
    let version = versions::required(&headers)?;
    let team = organisation::replace_owners(&c.app, &c.actor(), id, version, &input.owners).await?;
    Ok(with_etag(StatusCode::OK, team))
}

/// Adds a staff member to a team in a position.
#[utoipa::path(post, path = "/api/v1/teams/{id}/members", tag = "teams",
    request_body(content = AddMember, example = json!({"user_id": 14, "position": "therapist", "since": "2026-12-01"})),
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 201, body = TeamMemberView), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_member(
    c: Caller,
    Path(id): Path<TeamId>,
    Json(input): Json<AddMember>,
) -> CreatedResult<TeamMemberView> {
    let member = organisation::add_member(&c.app, &c.actor(), id, &input).await?;
    created(member)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct EndMembership {
    /// Last day in the position; today when left out.
    pub until: Option<NaiveDate>,
}

/// Ends a team membership (kept for history).
#[utoipa::path(post, path = "/api/v1/teams/{id}/members/{membership_id}/end", tag = "teams",
    request_body(content = EndMembership, example = json!({"until": "2026-12-31"})),
    params(("id" = i64, Path, description = "Team id"), ("membership_id" = i64, Path, description = "Membership id")),
    responses((status = 200, body = TeamMemberView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn end_membership(
    c: Caller,
    Path((id, membership_id)): Path<(TeamId, i64)>,
    Json(input): Json<EndMembership>,
) -> JsonResult<TeamMemberView> {
    json(organisation::end_membership(&c.app, &c.actor(), id, membership_id, input.until).await?)
}

/// The last day a team works with families.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ClosedOn {
    /// `null`: the team goes on.
    pub closed_on: Option<NaiveDate>,
}

/// Records the last day the team works with families (the national
/// office); its licence fee is pro rata that year.
#[utoipa::path(put, path = "/api/v1/teams/{id}/closed-on", tag = "teams",
    request_body(content = ClosedOn, example = json!({"closed_on": "2026-12-31"})),
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 200, body = TeamOverview), (status = 403, body = ErrorBody, description = "not the national office of the team's country"),
              (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "a last day before the team started")))]
pub async fn close(
    c: Caller,
    Path(id): Path<TeamId>,
    Json(input): Json<ClosedOn>,
) -> Result<Response, ApiError> {
    let team = organisation::close_team(&c.app, &c.actor(), id, input.closed_on).await?;
    Ok(with_etag(StatusCode::OK, team))
}
