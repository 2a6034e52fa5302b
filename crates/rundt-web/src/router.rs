//! Assembles the routes and the middleware every request passes through.

use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use rundt_app::App;
use serde_json::json;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;

use crate::api::{self, ApiDoc};
use crate::pages;

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    /// Mark cookies `Secure` (on unless serving plain HTTP beyond loopback).
    pub secure_cookies: bool,
}

/// The full application with secure cookies.
pub fn router(app: App) -> Router {
    router_with(app, true)
}

pub fn router_with(app: App, secure_cookies: bool) -> Router {
    let state = AppState {
        app,
        secure_cookies,
    };
    Router::new()
        .route("/healthz", get(healthz))
        .route("/api/openapi.json", get(openapi))
        .nest("/api/v1", api::routes().fallback(api_not_found))
        .merge(pages::routes())
        .fallback(pages::not_found)
        .with_state(state)
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'; img-src 'self' data:; frame-ancestors 'none'"),
        ))
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, Duration::from_secs(30)))
        .layer(CatchPanicLayer::custom(|_| {
            tracing::error!("a handler panicked");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                axum::Json(json!({"error": "internal", "message": "Something went wrong on our side; it has been logged."})),
            )
                .into_response()
        }))
        .layer(TraceLayer::new_for_http())
}

async fn healthz(State(s): State<AppState>) -> Response {
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

async fn openapi() -> impl IntoResponse {
    axum::Json(ApiDoc::openapi())
}

async fn api_not_found(uri: Uri) -> Response {
    (
        StatusCode::NOT_FOUND,
        axum::Json(
            json!({"error": "not_found", "message": format!("no API endpoint at {}", uri.path())}),
        ),
    )
        .into_response()
}
