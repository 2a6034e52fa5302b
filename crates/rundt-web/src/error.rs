//! The one mapping from use-case errors to HTTP. API responses are JSON
//! `{"error": code, "message": text}` (plus `fields` for validation errors);
//! internal details are logged, never sent.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rundt_app::AppError;
use rundt_domain::{FieldError, Message};
use rundt_i18n::Locale;
use serde::Serialize;

/// An error answer of the JSON API.
#[derive(Debug)]
pub struct ApiError(pub AppError);

/// Body of every error response.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(example = json!({
    "error": "invalid",
    "message": "expires_in_days: a token lives at least 1 and at most 365 days",
    "fields": [{
        "field": "expires_in_days",
        "code": "token-lifetime",
        "message": "a token lives at least 1 and at most 365 days"
    }]
}))]
pub struct ErrorBody {
    /// Machine-readable code, e.g. `invalid`, `not_found`, `conflict`.
    pub error: &'static str,
    /// What went wrong, in words a person can act on (English).
    pub message: String,
    /// The message's code in the catalogues (e.g. `step-refused`), for
    /// clients that say it in their own words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    /// For `invalid`: each rejected field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldProblem>,
}

/// One rejected field of an `invalid` answer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FieldProblem {
    /// Name of the offending field as the API spells it.
    pub field: String,
    /// The message's code in the catalogues, e.g. `text-too-long`.
    pub code: &'static str,
    /// What is wrong and what would be accepted (English).
    pub message: String,
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        Self(e)
    }
}

/// A message in the API's language.
pub(crate) fn english(m: &Message) -> String {
    rundt_i18n::message(Locale::En, m)
}

impl ApiError {
    pub fn bad_request(message: Message) -> Self {
        Self(AppError::Invalid(vec![FieldError::new("request", message)]))
    }

    /// Status, code and the body to send.
    pub fn parts(&self) -> (StatusCode, ErrorBody) {
        let said = self.0.message();
        let body = |error| ErrorBody {
            error,
            message: english(&said),
            code: Some(said.code),
            fields: Vec::new(),
        };
        match &self.0 {
            AppError::Invalid(fields) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorBody {
                    error: "invalid",
                    message: fields
                        .iter()
                        .map(|f| format!("{}: {}", f.field, english(&f.message)))
                        .collect::<Vec<_>>()
                        .join("; "),
                    code: None,
                    fields: fields
                        .iter()
                        .map(|f| FieldProblem {
                            field: f.field.clone(),
                            code: f.message.code,
                            message: english(&f.message),
                        })
                        .collect(),
                },
            ),
            AppError::NotFound(_) => (StatusCode::NOT_FOUND, body("not_found")),
            AppError::Unauthenticated(_) => (StatusCode::UNAUTHORIZED, body("unauthenticated")),
            AppError::Forbidden(_) => (StatusCode::FORBIDDEN, body("forbidden")),
            AppError::TooManyAttempts { .. } => {
                (StatusCode::TOO_MANY_REQUESTS, body("too_many_attempts"))
            }
            AppError::RateLimited { .. } => (StatusCode::TOO_MANY_REQUESTS, body("rate_limited")),
            AppError::Conflict(_) => (StatusCode::CONFLICT, body("conflict")),
            AppError::VersionMismatch { .. } => {
                (StatusCode::PRECONDITION_FAILED, body("version_mismatch"))
            }
            AppError::VersionRequired(_) => {
                (StatusCode::PRECONDITION_REQUIRED, body("version_required"))
            }
            AppError::Unavailable(detail) => {
                tracing::error!(%detail, "service unavailable");
                (StatusCode::SERVICE_UNAVAILABLE, body("unavailable"))
            }
            AppError::NotWritable(detail) => {
                tracing::error!(%detail, "the database cannot be written to");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    body("storage_not_writable"),
                )
            }
            AppError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, body("internal"))
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = self.parts();
        let mut response = (status, Json(body)).into_response();
        let retry_after = match &self.0 {
            AppError::TooManyAttempts {
                retry_after_minutes,
            } => Some(retry_after_minutes.saturating_mul(60).max(0).unsigned_abs()),
            AppError::RateLimited {
                retry_after_seconds,
            } => Some(u64::from(*retry_after_seconds)),
            _ => None,
        };
        if let Some(seconds) = retry_after
            && let Ok(v) = seconds.to_string().parse()
        {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, v);
        }
        response
    }
}

/// The error answer of a request whose query filters a list: a filter that
/// cannot be used is `400 Bad Request` with each wrong field (the body of a
/// `422`), anything else as [`ApiError`].
#[derive(Debug)]
pub struct QueryError(pub AppError);

impl From<AppError> for QueryError {
    fn from(e: AppError) -> Self {
        Self(e)
    }
}

impl IntoResponse for QueryError {
    fn into_response(self) -> Response {
        match self.0 {
            AppError::Invalid(fields) => {
                let (_, mut body) = ApiError(AppError::Invalid(fields)).parts();
                body.error = "bad_request";
                (StatusCode::BAD_REQUEST, Json(body)).into_response()
            }
            other => ApiError(other).into_response(),
        }
    }
}

/// A malformed request (bad JSON, bad path or query) as a 400.
pub fn malformed(status: StatusCode, message: String) -> Response {
    let status = if status.is_client_error() {
        status
    } else {
        StatusCode::BAD_REQUEST
    };
    (
        status,
        Json(ErrorBody {
            error: "bad_request",
            message,
            code: None,
            fields: Vec::new(),
        }),
    )
        .into_response()
}
