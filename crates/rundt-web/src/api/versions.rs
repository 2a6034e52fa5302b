//! Optimistic concurrency over HTTP: a record's version goes out as its
//! `ETag` and comes back in `If-Match`; a stale one is refused by the store
//! (412), a missing one here (428).

use axum::http::header::{ETAG, IF_MATCH};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use rundt_app::AppError;
use rundt_domain::msg;
use serde::Serialize;

use crate::error::ApiError;

/// The version an edit is based on, required.
pub fn required(headers: &HeaderMap) -> Result<i64, ApiError> {
    optional(headers)?.ok_or_else(|| AppError::VersionRequired(msg!("if-match-missing")).into())
}

/// The version an edit is based on, when the client sent one.
pub fn optional(headers: &HeaderMap) -> Result<Option<i64>, ApiError> {
    let Some(value) = headers.get(IF_MATCH) else {
        return Ok(None);
    };
    value
        .to_str()
        .ok()
        .map(|v| v.trim().trim_start_matches("W/").trim_matches('"'))
        .and_then(|v| v.parse::<i64>().ok())
        .map(Some)
        .ok_or_else(|| ApiError::bad_request(msg!("if-match-shape")))
}

/// `status` with `body` as JSON and `version` (the version of what `body`
/// shows) as its `ETag`, for the client's next `If-Match`.
pub fn tagged(status: StatusCode, version: i64, body: impl Serialize) -> Response {
    // A quoted integer is always a valid header value; axum would answer
    // 500 rather than send a made-up tag if it were not.
    (status, [(ETAG, format!("\"{version}\""))], axum::Json(body)).into_response()
}
