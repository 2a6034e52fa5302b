//! `/healthz`: whether the app and its database answer.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::state::AppState;

pub async fn healthz(State(s): State<AppState>) -> Response {
    let health = rundt_app::health::check(&s.app).await;
    let backend = health.database;
    match health.problem {
        None => axum::Json(json!({"status": "ok", "database": backend})).into_response(),
        Some(e) => {
            tracing::error!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(json!({"status": "unavailable", "database": backend})),
            )
                .into_response()
        }
    }
}
