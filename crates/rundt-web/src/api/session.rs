//! Logging in and out through the API. Browsers get the session in an
//! HttpOnly cookie; the JSON answer carries the CSRF token that unsafe
//! requests must echo in `X-CSRF-Token`.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rundt_app::AppError;
use rundt_app::auth;
use rundt_domain::msg;
use rundt_domain::user::User;
use serde::Deserialize;

use super::caller::{Caller, JsonResult, json};
use super::views::{EnrolmentAnswer, SessionAnswer};
use crate::auth::{ClientAddress, session_cookie, session_token};
use crate::error::{ApiError, ErrorBody};
use crate::extract::Json;
use crate::state::AppState;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SecondFactorRequest {
    /// The 6-digit code from the authenticator app.
    pub code: String,
}

/// `body` with the session cookie set (or cleared when `token` is `None`);
/// never cached, since it carries the CSRF token or ends a session.
fn with_cookie(state: &AppState, token: Option<&str>, body: impl IntoResponse) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::SET_COOKIE,
        session_cookie(token, state.secure_cookies),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A new session's cookie and its answer.
fn issued(state: &AppState, session: auth::IssuedSession) -> Response {
    let token = session.token.clone();
    with_cookie(
        state,
        Some(&token),
        axum::Json(SessionAnswer::from(session)),
    )
}

/// Step one of login: username and password. Refused (403) where the
/// installation has switched password login off: people there log in
/// through their organisation's identity provider (`/login/oidc/{id}`).
#[utoipa::path(post, path = "/api/v1/session", tag = "session",
    request_body(content = LoginRequest, example = json!({"username": "mette", "password": "eksempel-kodeord-2026"})),
    responses((status = 200, body = SessionAnswer), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody, description = "Password login is switched off in this installation"),
              (status = 429, body = ErrorBody)))]
pub async fn login(
    State(s): State<AppState>,
    ClientAddress(address): ClientAddress,
    Json(input): Json<LoginRequest>,
) -> Result<Response, ApiError> {
    let session = auth::login(&s.app, &input.username, &input.password, &address).await?;
    Ok(issued(&s, session))
}

/// The session token of a login that has passed the password step; the
/// later steps cannot start without one.
fn pending_token(headers: &HeaderMap) -> Result<String, ApiError> {
    session_token(headers).ok_or_else(|| AppError::Unauthenticated(msg!("password-first")).into())
}

/// The authenticator secret to enrol, during a pending login.
#[utoipa::path(get, path = "/api/v1/session/enrolment", tag = "session",
    responses((status = 200, body = EnrolmentAnswer), (status = 401, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn enrolment(
    State(s): State<AppState>,
    headers: HeaderMap,
) -> JsonResult<EnrolmentAnswer> {
    json(auth::enrolment(&s.app, &pending_token(&headers)?).await?)
}

/// Step two of login: the code from the authenticator app. A session that
/// has passed this step already is refused (409).
#[utoipa::path(post, path = "/api/v1/session/second-factor", tag = "session",
    request_body(content = SecondFactorRequest, example = json!({"code": "492017"})),
    responses((status = 200, body = SessionAnswer), (status = 401, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "The session is logged in already"),
              (status = 429, body = ErrorBody)))]
pub async fn second_factor(
    State(s): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    Json(input): Json<SecondFactorRequest>,
) -> Result<Response, ApiError> {
    let token = pending_token(&headers)?;
    let session = auth::complete_login(&s.app, &token, &input.code, &address).await?;
    Ok(issued(&s, session))
}

/// Logs out (ends the session in the cookie).
#[utoipa::path(delete, path = "/api/v1/session", tag = "session", responses((status = 204)))]
pub async fn logout(
    State(s): State<AppState>,
    c: Caller,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let Some(token) = session_token(&headers) {
        auth::logout(&c.app, &token).await?;
    }
    Ok(with_cookie(&s, None, StatusCode::NO_CONTENT))
}

/// The logged-in user.
#[utoipa::path(get, path = "/api/v1/me", tag = "session",
    responses((status = 200, body = User), (status = 401, body = ErrorBody)))]
pub async fn me(c: Caller) -> JsonResult<User> {
    // A session already holds the user; an API token's caller is looked up.
    match c.who.user {
        Some(user) => json(user),
        None => json(rundt_app::users::me(&c.app, c.principal()).await?),
    }
}
