//! Logging in and out through the API. Browsers get the session in an
//! HttpOnly cookie; the JSON answer carries the CSRF token that unsafe
//! requests must echo in `X-CSRF-Token`.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rundt_app::AppError;
use rundt_app::auth::{self, NextStep};
use rundt_domain::msg;
use rundt_domain::user::User;
use serde::{Deserialize, Serialize};

use crate::auth::{Authenticated, ClientAddress, session_cookie, session_token};
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

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SessionAnswer {
    /// `enrol` (set up the authenticator first), `verify` (type a code) or
    /// `done`.
    pub next: &'static str,
    /// Echo this in `X-CSRF-Token` on unsafe requests.
    pub csrf_token: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EnrolmentAnswer {
    /// Base32 secret for manual entry.
    pub secret: String,
    /// `otpauth://` URI (what the QR code holds).
    pub otpauth_uri: String,
}

fn with_cookie(state: &AppState, token: Option<&str>, body: impl IntoResponse) -> Response {
    let mut response = body.into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        session_cookie(token, state.secure_cookies),
    );
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    response
}

/// Step one of login: username and password.
#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = LoginRequest,
    responses((status = 200, body = SessionAnswer), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn login(
    State(s): State<AppState>,
    ClientAddress(address): ClientAddress,
    Json(input): Json<LoginRequest>,
) -> Result<Response, ApiError> {
    let issued = auth::login(&s.app, &input.username, &input.password, &address).await?;
    let next = match issued.next {
        Some(NextStep::Enrol) => "enrol",
        _ => "verify",
    };
    Ok(with_cookie(
        &s,
        Some(&issued.token),
        axum::Json(SessionAnswer {
            next,
            csrf_token: issued.csrf_token,
        }),
    ))
}

fn pending_token(headers: &HeaderMap) -> Result<String, ApiError> {
    session_token(headers).ok_or_else(|| AppError::Unauthenticated(msg!("password-first")).into())
}

/// The authenticator secret to enrol, during a pending login.
#[utoipa::path(get, path = "/api/v1/session/enrolment", tag = "session",
    responses((status = 200, body = EnrolmentAnswer), (status = 401, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn enrolment(
    State(s): State<AppState>,
    headers: HeaderMap,
) -> Result<axum::Json<EnrolmentAnswer>, ApiError> {
    let e = auth::enrolment(&s.app, &pending_token(&headers)?).await?;
    Ok(axum::Json(EnrolmentAnswer {
        secret: e.secret_base32,
        otpauth_uri: e.otpauth_uri,
    }))
}

/// Step two of login: the code from the authenticator app.
#[utoipa::path(post, path = "/api/v1/session/second-factor", tag = "session", request_body = SecondFactorRequest,
    responses((status = 200, body = SessionAnswer), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn second_factor(
    State(s): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    Json(input): Json<SecondFactorRequest>,
) -> Result<Response, ApiError> {
    let issued =
        auth::complete_login(&s.app, &pending_token(&headers)?, &input.code, &address).await?;
    Ok(with_cookie(
        &s,
        Some(&issued.token),
        axum::Json(SessionAnswer {
            next: "done",
            csrf_token: issued.csrf_token,
        }),
    ))
}

/// Logs out (ends the session in the cookie).
#[utoipa::path(delete, path = "/api/v1/session", tag = "session", responses((status = 204)))]
pub async fn logout(
    State(s): State<AppState>,
    _auth: Authenticated,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let Some(token) = session_token(&headers) {
        auth::logout(&s.app, &token).await?;
    }
    Ok(with_cookie(&s, None, StatusCode::NO_CONTENT))
}

/// The logged-in user.
#[utoipa::path(get, path = "/api/v1/me", tag = "session",
    responses((status = 200, body = User), (status = 401, body = ErrorBody)))]
pub async fn me(
    State(s): State<AppState>,
    auth: Authenticated,
) -> Result<axum::Json<User>, ApiError> {
    let user = match auth.user {
        Some(u) => u,
        None => rundt_app::users::me(&s.app, &auth.principal).await?,
    };
    Ok(axum::Json(user))
}
