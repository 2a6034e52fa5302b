//! Accounts, managed by the national programme office.

use axum::extract::State;
use axum::http::StatusCode;
use rundt_app::auth;
use rundt_app::users::{self, CreateUser};
use rundt_domain::user::User;
use serde::Serialize;

use crate::auth::Authenticated;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json, Path};
use crate::state::AppState;

/// Accounts in the caller's country.
#[utoipa::path(get, path = "/api/v1/users", tag = "users",
    responses((status = 200, body = [User]), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(s): State<AppState>,
    auth: Authenticated,
) -> Result<axum::Json<Vec<User>>, ApiError> {
    Ok(axum::Json(users::list_users(&s.app, &auth.actor()).await?))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CreatedUserAnswer {
    pub user: User,
    /// The initial password, when Rundt generated it. Shown once.
    pub initial_password: Option<String>,
}

/// Creates an account.
#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = CreateUser,
    responses((status = 201, body = CreatedUserAnswer), (status = 403, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(s): State<AppState>,
    auth: Authenticated,
    Json(input): Json<CreateUser>,
) -> Result<(StatusCode, axum::Json<CreatedUserAnswer>), ApiError> {
    let created = users::create_user(&s.app, &auth.actor(), &input).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(CreatedUserAnswer {
            user: created.user,
            initial_password: created.generated_password,
        }),
    ))
}

/// Deactivates an account; its sessions and tokens end at once.
#[utoipa::path(post, path = "/api/v1/users/{id}/deactivate", tag = "users",
    params(("id" = i64, Path, description = "User id")),
    responses((status = 200, body = User), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn deactivate(
    State(s): State<AppState>,
    auth: Authenticated,
    Path(id): Path<i64>,
) -> Result<axum::Json<User>, ApiError> {
    Ok(axum::Json(
        auth::set_user_active(&s.app, &auth.principal, id, false).await?,
    ))
}

/// Reactivates an account.
#[utoipa::path(post, path = "/api/v1/users/{id}/activate", tag = "users",
    params(("id" = i64, Path, description = "User id")),
    responses((status = 200, body = User), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn activate(
    State(s): State<AppState>,
    auth: Authenticated,
    Path(id): Path<i64>,
) -> Result<axum::Json<User>, ApiError> {
    Ok(axum::Json(
        auth::set_user_active(&s.app, &auth.principal, id, true).await?,
    ))
}
