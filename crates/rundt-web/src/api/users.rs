//! Accounts, managed by the national programme office.

use rundt_app::auth;
use rundt_app::users::{self, CreateUser};
use rundt_domain::id::UserId;
use rundt_domain::user::User;
use serde::Serialize;

use super::caller::{Caller, CreatedResult, JsonResult, created, json};
use crate::error::ErrorBody;
use crate::extract::{Json, Path};

/// Accounts in the caller's country.
#[utoipa::path(get, path = "/api/v1/users", tag = "users",
    responses((status = 200, body = [User]), (status = 403, body = ErrorBody)))]
pub async fn list(c: Caller) -> JsonResult<Vec<User>> {
    json(users::list_users(&c.app, &c.actor()).await?)
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
pub async fn create(c: Caller, Json(input): Json<CreateUser>) -> CreatedResult<CreatedUserAnswer> {
    let made = users::create_user(&c.app, &c.actor(), &input).await?;
    created(CreatedUserAnswer {
        user: made.user,
        initial_password: made.generated_password,
    })
}

/// Deactivates an account; its sessions and tokens end at once. One's own
/// account cannot be deactivated (409).
#[utoipa::path(post, path = "/api/v1/users/{id}/deactivate", tag = "users",
    params(("id" = i64, Path, description = "User id")),
    responses((status = 200, body = User), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "The account is the caller's own")))]
pub async fn deactivate(c: Caller, Path(id): Path<UserId>) -> JsonResult<User> {
    json(auth::set_user_active(&c.app, c.principal(), id, false).await?)
}

/// Reactivates an account.
#[utoipa::path(post, path = "/api/v1/users/{id}/activate", tag = "users",
    params(("id" = i64, Path, description = "User id")),
    responses((status = 200, body = User), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn activate(c: Caller, Path(id): Path<UserId>) -> JsonResult<User> {
    json(auth::set_user_active(&c.app, c.principal(), id, true).await?)
}
