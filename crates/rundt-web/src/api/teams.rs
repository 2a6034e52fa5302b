use axum::extract::State;
use axum::http::header::ETAG;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use rundt_app::organisation::{self, AddMember, CreateTeam, OwnerInput, TeamOverview};
use serde::Deserialize;

use super::versions;
use super::views::TeamMemberView;
use crate::auth::Authenticated;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json, Path};
use crate::state::AppState;

fn with_etag(status: StatusCode, team: TeamOverview) -> Response {
    let tag = versions::etag(team.version);
    (status, [(ETAG, tag)], axum::Json(team)).into_response()
}

/// All teams with their owners, staff and composition warnings.
#[utoipa::path(get, path = "/api/v1/teams", tag = "teams",
    responses((status = 200, body = [TeamOverview])))]
pub async fn list(
    State(s): State<AppState>,
    auth: Authenticated,
) -> Result<axum::Json<Vec<TeamOverview>>, ApiError> {
    Ok(axum::Json(
        organisation::team_overviews(&s.app, &auth.actor()).await?,
    ))
}

/// Creates a team owned by one or more municipalities.
#[utoipa::path(post, path = "/api/v1/teams", tag = "teams", request_body = CreateTeam,
    responses(
        (status = 201, body = TeamOverview, headers(("ETag" = String, description = "version for If-Match"))),
        (status = 400, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(s): State<AppState>,
    auth: Authenticated,
    Json(input): Json<CreateTeam>,
) -> Result<Response, ApiError> {
    let team = organisation::create_team(&s.app, &auth.actor(), &input).await?;
    Ok(with_etag(StatusCode::CREATED, team))
}

/// One team.
#[utoipa::path(get, path = "/api/v1/teams/{id}", tag = "teams",
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 200, body = TeamOverview), (status = 404, body = ErrorBody)))]
pub async fn get_one(
    State(s): State<AppState>,
    auth: Authenticated,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let team = organisation::team_overview(&s.app, &auth.actor(), id).await?;
    Ok(with_etag(StatusCode::OK, team))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ReplaceOwners {
    pub owners: Vec<OwnerInput>,
}

/// Replaces a team's owning municipalities and shares. Needs `If-Match`.
#[utoipa::path(put, path = "/api/v1/teams/{id}/owners", tag = "teams", request_body = ReplaceOwners,
    params(("id" = i64, Path, description = "Team id"),
           ("If-Match" = String, Header, description = "ETag of the version being edited")),
    responses((status = 200, body = TeamOverview), (status = 404, body = ErrorBody),
              (status = 412, body = ErrorBody), (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)))]
pub async fn replace_owners(
    State(s): State<AppState>,
    auth: Authenticated,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Json(input): Json<ReplaceOwners>,
) -> Result<Response, ApiError> {
    let version = versions::required(&headers)?;
    let team =
        organisation::replace_owners(&s.app, &auth.actor(), id, version, &input.owners).await?;
    Ok(with_etag(StatusCode::OK, team))
}

/// Adds a staff member to a team in a position.
#[utoipa::path(post, path = "/api/v1/teams/{id}/members", tag = "teams", request_body = AddMember,
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 201, body = TeamMemberView), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_member(
    State(s): State<AppState>,
    auth: Authenticated,
    Path(id): Path<i64>,
    Json(input): Json<AddMember>,
) -> Result<(StatusCode, axum::Json<TeamMemberView>), ApiError> {
    let member = organisation::add_member(&s.app, &auth.actor(), id, &input).await?;
    Ok((StatusCode::CREATED, axum::Json(member.into())))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct EndMembership {
    /// Last day in the position; today when left out.
    pub until: Option<NaiveDate>,
}

/// Ends a team membership (kept for history).
#[utoipa::path(post, path = "/api/v1/teams/{id}/members/{membership_id}/end", tag = "teams", request_body = EndMembership,
    params(("id" = i64, Path, description = "Team id"), ("membership_id" = i64, Path, description = "Membership id")),
    responses((status = 200, body = TeamMemberView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn end_membership(
    State(s): State<AppState>,
    auth: Authenticated,
    Path((id, membership_id)): Path<(i64, i64)>,
    Json(input): Json<EndMembership>,
) -> Result<axum::Json<TeamMemberView>, ApiError> {
    Ok(axum::Json(
        organisation::end_membership(&s.app, &auth.actor(), id, membership_id, input.until)
            .await?
            .into(),
    ))
}
