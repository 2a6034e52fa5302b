//! Assembles the routes and the middleware every request passes through;
//! the handlers live in `api` and `pages`, their shared state in `state`.

use std::time::Duration;

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use rundt_app::App;
use serde_json::json;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::api;
use crate::pages;
use crate::state::AppState;

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
        .route("/healthz", get(api::health::healthz))
        .route("/api/openapi.json", get(api::document))
        .nest("/api/v1", api::routes().fallback(api::not_found))
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
