//! Accounts, managed by the national programme office.

use axum::extract::State;
use axum::http::StatusCode;
use rundt_app::sso::{self, LinkIdentity, LinkedIdentity, UserIdentities};
use rundt_app::users::{self, CreateUser};
use rundt_app::{AppError, auth};
use rundt_domain::id::UserId;
use rundt_domain::msg;
use rundt_domain::user::User;
use serde::Serialize;

use super::caller::{Caller, CreatedResult, JsonResult, created, json};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json, Path};
use crate::state::AppState;

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
#[utoipa::path(post, path = "/api/v1/users", tag = "users",
    request_body(content = CreateUser, example = json!({"username": "louise.holm", "display_name": "Louise Holm", "email": "louise.holm@aarhus.dk",
        "role": "therapist", "country": "DK", "municipality_code": null, "password": "eksempel-kodeord-2026"})),
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

/// The identities linked to an account at the installation's identity
/// providers (single sign-on).
#[utoipa::path(get, path = "/api/v1/users/{id}/identities", tag = "users",
    params(("id" = i64, Path, description = "User id")),
    responses((status = 200, body = UserIdentities), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn identities(c: Caller, Path(id): Path<UserId>) -> JsonResult<UserIdentities> {
    json(sso::identities(&c.app, &c.actor(), id).await?)
}

/// Links a person's identity at a configured identity provider (its
/// subject there, never an e-mail address) to their account. An identity
/// linked to somebody already is refused (409); a provider that is not
/// configured or an empty subject, 422.
#[utoipa::path(post, path = "/api/v1/users/{id}/identities", tag = "users",
    request_body(content = LinkIdentity, example = json!({"provider": "aarhus", "subject": "00u1f7kq3xMette"})),
    params(("id" = i64, Path, description = "User id")),
    responses((status = 201, body = LinkedIdentity), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "The identity is linked to an account already"),
              (status = 422, body = ErrorBody)))]
pub async fn link_identity(
    State(s): State<AppState>,
    c: Caller,
    Path(id): Path<UserId>,
    Json(input): Json<LinkIdentity>,
) -> CreatedResult<LinkedIdentity> {
    let Some(provider) = s.sso.get(&input.provider) else {
        return Err(AppError::invalid("provider", msg!("sso-provider-unknown")).into());
    };
    let issuer = provider.config.issuer.clone();
    created(sso::link(&c.app, &c.actor(), id, &issuer, &input).await?)
}

/// Removes a linked identity: the person can no longer log in with it.
#[utoipa::path(delete, path = "/api/v1/users/{id}/identities/{provider}/{subject}", tag = "users",
    params(("id" = i64, Path, description = "User id"),
           ("provider" = String, Path, description = "The provider's id the identity was linked under"),
           ("subject" = String, Path, description = "The person's subject at the provider")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn unlink_identity(
    c: Caller,
    Path((id, provider, subject)): Path<(UserId, String, String)>,
) -> Result<StatusCode, ApiError> {
    sso::unlink(&c.app, &c.actor(), id, &provider, &subject).await?;
    Ok(StatusCode::NO_CONTENT)
}
