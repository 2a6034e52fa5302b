//! One's own account: password and personal API tokens.

use axum::extract::State;
use axum::http::StatusCode;
use rundt_app::auth;
use serde::{Deserialize, Serialize};

use super::views::ApiTokenView;
use crate::auth::Authenticated;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json, Path};
use crate::state::AppState;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ChangePassword {
    pub current_password: String,
    /// At least 12 characters.
    pub new_password: String,
}

/// Changes one's password; all sessions and tokens of the account end.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "account", request_body = ChangePassword,
    responses((status = 204), (status = 422, body = ErrorBody)))]
pub async fn change_password(
    State(s): State<AppState>,
    auth: Authenticated,
    Json(input): Json<ChangePassword>,
) -> Result<StatusCode, ApiError> {
    auth::change_password(
        &s.app,
        &auth.principal,
        &input.current_password,
        &input.new_password,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CreateToken {
    /// What the token is for, e.g. "report export".
    pub name: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CreatedToken {
    pub token: ApiTokenView,
    /// Shown once: send it as `Authorization: Bearer <secret>`.
    pub secret: String,
}

/// One's personal API tokens.
#[utoipa::path(get, path = "/api/v1/me/tokens", tag = "account", responses((status = 200, body = [ApiTokenView])))]
pub async fn list_tokens(
    State(s): State<AppState>,
    auth: Authenticated,
) -> Result<axum::Json<Vec<ApiTokenView>>, ApiError> {
    Ok(axum::Json(
        auth::list_api_tokens(&s.app, &auth.principal)
            .await?
            .into_iter()
            .map(ApiTokenView::from)
            .collect(),
    ))
}

/// Creates a personal API token.
#[utoipa::path(post, path = "/api/v1/me/tokens", tag = "account", request_body = CreateToken,
    responses((status = 201, body = CreatedToken), (status = 422, body = ErrorBody)))]
pub async fn create_token(
    State(s): State<AppState>,
    auth: Authenticated,
    Json(input): Json<CreateToken>,
) -> Result<(StatusCode, axum::Json<CreatedToken>), ApiError> {
    let (token, secret) = auth::create_api_token(&s.app, &auth.principal, &input.name).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(CreatedToken {
            token: token.into(),
            secret,
        }),
    ))
}

/// Revokes one of one's API tokens.
#[utoipa::path(delete, path = "/api/v1/me/tokens/{id}", tag = "account",
    params(("id" = i64, Path, description = "Token id")),
    responses((status = 200, body = ApiTokenView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn revoke_token(
    State(s): State<AppState>,
    auth: Authenticated,
    Path(id): Path<i64>,
) -> Result<axum::Json<ApiTokenView>, ApiError> {
    Ok(axum::Json(
        auth::revoke_api_token(&s.app, &auth.principal, id)
            .await?
            .into(),
    ))
}
