//! Extractors whose rejections are JSON errors with readable messages instead
//! of axum's plain-text defaults.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts};
use axum::response::{IntoResponse, Response};

use crate::error::malformed;

pub struct Rejection(Response);

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        self.0
    }
}

impl From<JsonRejection> for Rejection {
    fn from(r: JsonRejection) -> Self {
        let message = match &r {
            JsonRejection::MissingJsonContentType(_) => {
                "send the body as JSON with the header Content-Type: application/json".to_owned()
            }
            JsonRejection::JsonSyntaxError(_) => {
                format!("the body is not valid JSON: {}", r.body_text())
            }
            JsonRejection::JsonDataError(_) => format!(
                "the JSON does not have the expected fields: {}",
                r.body_text()
            ),
            _ => r.body_text(),
        };
        Self(malformed(r.status(), message))
    }
}

impl From<PathRejection> for Rejection {
    fn from(r: PathRejection) -> Self {
        Self(malformed(
            axum::http::StatusCode::BAD_REQUEST,
            format!("bad path: {}", r.body_text()),
        ))
    }
}

impl From<QueryRejection> for Rejection {
    fn from(r: QueryRejection) -> Self {
        Self(malformed(
            axum::http::StatusCode::BAD_REQUEST,
            format!("bad query string: {}", r.body_text()),
        ))
    }
}

/// `Json` with JSON error answers.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(Rejection))]
pub struct Json<T>(pub T);

/// `Path` with JSON error answers.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(Rejection))]
pub struct Path<T>(pub T);

/// `Query` with JSON error answers.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(Rejection))]
pub struct Query<T>(pub T);
