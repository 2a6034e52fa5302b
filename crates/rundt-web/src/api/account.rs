//! One's own account: the language of one's pages, password and personal
//! API tokens.

use axum::http::StatusCode;
use rundt_app::{auth, users};
use rundt_domain::api_token::TokenScope;
use serde::{Deserialize, Serialize};

use super::caller::{Caller, CreatedResult, JsonResult, created, json, json_each};
use super::views::ApiTokenView;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json, Path};

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ChangePassword {
    pub current_password: String,
    /// At least 12 characters.
    pub new_password: String,
}

/// Changes one's password; all sessions and tokens of the account end.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "account",
    request_body(content = ChangePassword, example = json!({"current_password": "gammelt-eksempel-kodeord", "new_password": "nyt-eksempel-kodeord-2026"})),
    responses((status = 204), (status = 422, body = ErrorBody)))]
pub async fn change_password(
    c: Caller,
    Json(input): Json<ChangePassword>,
) -> Result<StatusCode, ApiError> {
    auth::change_password(
        &c.app,
        c.principal(),
        &input.current_password,
        &input.new_password,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[schema(example = json!({"name": "Monthly results to the city council", "scope": "results_only", "expires_in_days": 30}))]
pub struct CreateToken {
    /// What the token is for, e.g. "report export".
    pub name: String,
    /// How much of your rights the token carries: `full` (the default),
    /// `read_only` (GET only) or `results_only` (the results under
    /// `/api/v1/results/` and `/api/v1/me`).
    #[serde(default)]
    pub scope: Option<TokenScope>,
    /// Days until the token stops working: 1 to 365, 90 when left out.
    #[serde(default)]
    pub expires_in_days: Option<u32>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CreatedToken {
    pub token: ApiTokenView,
    /// Shown once: send it as `Authorization: Bearer <secret>`.
    pub secret: String,
}

/// One's personal API tokens.
#[utoipa::path(get, path = "/api/v1/me/tokens", tag = "account", responses((status = 200, body = [ApiTokenView])))]
pub async fn list_tokens(c: Caller) -> JsonResult<Vec<ApiTokenView>> {
    json_each(auth::list_api_tokens(&c.app, c.principal()).await?)
}

/// Creates a personal API token.
#[utoipa::path(post, path = "/api/v1/me/tokens", tag = "account",
    request_body(content = CreateToken, example = json!({"name": "Monthly results to the city council", "scope": "results_only", "expires_in_days": 30})),
    responses((status = 201, body = CreatedToken), (status = 422, body = ErrorBody)))]
pub async fn create_token(
    c: Caller,
    Json(input): Json<CreateToken>,
) -> CreatedResult<CreatedToken> {
    let new = auth::NewToken {
        name: &input.name,
        scope: input.scope,
        expires_in_days: input.expires_in_days,
    };
    let (token, secret) = auth::create_api_token(&c.app, c.principal(), &new).await?;
    created(CreatedToken {
        token: token.into(),
        secret,
    })
}

/// Revokes one of one's API tokens.
#[utoipa::path(delete, path = "/api/v1/me/tokens/{id}", tag = "account",
    params(("id" = i64, Path, description = "Token id")),
    responses((status = 200, body = ApiTokenView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn revoke_token(c: Caller, Path(id): Path<i64>) -> JsonResult<ApiTokenView> {
    json(auth::revoke_api_token(&c.app, c.principal(), id).await?)
}

/// The language of one's pages, as stored on one's account.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LanguageChoice {
    /// `da`, `nb` or `en`; `null` while the browser decides.
    pub language: Option<String>,
}

/// The language one chose for one's pages; `null` until one chooses.
#[utoipa::path(get, path = "/api/v1/me/language", tag = "account",
    responses((status = 200, body = LanguageChoice), (status = 401, body = ErrorBody)))]
pub async fn language(c: Caller) -> JsonResult<LanguageChoice> {
    let language = users::language(&c.app, c.principal()).await?;
    json(LanguageChoice { language })
}

/// Chooses the language of one's pages; `null` or `""` lets the browser
/// decide again. Answers with the choice as stored.
#[utoipa::path(put, path = "/api/v1/me/language", tag = "account",
    request_body(content = LanguageChoice, example = json!({"language": "da"})),
    responses((status = 200, body = LanguageChoice), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_language(
    c: Caller,
    Json(input): Json<LanguageChoice>,
) -> JsonResult<LanguageChoice> {
    users::set_language(&c.app, c.principal(), input.language.as_deref()).await?;
    language(c).await
}
