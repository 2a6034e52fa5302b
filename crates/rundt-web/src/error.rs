//! The one mapping from use-case errors to HTTP. API responses are JSON
//! `{"error": code, "message": text}` (plus `fields` for validation errors);
//! internal details are logged, never sent.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rundt_app::AppError;
use rundt_domain::FieldError;
use serde::Serialize;

/// An error answer of the JSON API.
#[derive(Debug)]
pub struct ApiError(pub AppError);

/// Body of every error response.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Machine-readable code, e.g. `invalid`, `not_found`, `conflict`.
    pub error: &'static str,
    /// What went wrong, in words a person can act on.
    pub message: String,
    /// For `invalid`: each rejected field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        Self(e)
    }
}

impl ApiError {
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self(AppError::Invalid(vec![FieldError::new("request", message)]))
    }

    /// Status, code and the body to send.
    pub fn parts(&self) -> (StatusCode, ErrorBody) {
        let body = |error, message: String| ErrorBody {
            error,
            message,
            fields: Vec::new(),
        };
        match &self.0 {
            AppError::Invalid(fields) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorBody {
                    error: "invalid",
                    message: self.0.to_string(),
                    fields: fields.clone(),
                },
            ),
            AppError::NotFound(_) => (StatusCode::NOT_FOUND, body("not_found", self.0.to_string())),
            AppError::Unauthenticated(_) => (
                StatusCode::UNAUTHORIZED,
                body("unauthenticated", self.0.to_string()),
            ),
            AppError::Forbidden(_) => {
                (StatusCode::FORBIDDEN, body("forbidden", self.0.to_string()))
            }
            AppError::TooManyAttempts { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                body("too_many_attempts", self.0.to_string()),
            ),
            AppError::Conflict(_) => (StatusCode::CONFLICT, body("conflict", self.0.to_string())),
            AppError::VersionMismatch { .. } => (
                StatusCode::PRECONDITION_FAILED,
                body("version_mismatch", self.0.to_string()),
            ),
            AppError::VersionRequired(_) => (
                StatusCode::PRECONDITION_REQUIRED,
                body("version_required", self.0.to_string()),
            ),
            AppError::Unavailable(detail) => {
                tracing::error!(%detail, "service unavailable");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    body(
                        "unavailable",
                        "The database is not available right now; try again shortly.".into(),
                    ),
                )
            }
            AppError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    body(
                        "internal",
                        "Something went wrong on our side; it has been logged.".into(),
                    ),
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = self.parts();
        let mut response = (status, Json(body)).into_response();
        if let AppError::TooManyAttempts {
            retry_after_minutes,
        } = &self.0
            && let Ok(v) = (retry_after_minutes * 60).to_string().parse()
        {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, v);
        }
        response
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
            fields: Vec::new(),
        }),
    )
        .into_response()
}
