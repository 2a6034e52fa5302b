//! Assembles the routes and the middleware every request passes through;
//! the handlers live in `api` and `pages`, their shared state in `state`.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
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
use crate::token_rate::{TokenLimiter, TokenRate};

/// The headers every answer carries: no content sniffing, no framing, no
/// referrer beyond our own origin, and only our own scripts and styles.
fn security_headers() -> [(HeaderName, &'static str); 4] {
    [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
        ),
    ]
}

/// How this server answers, beyond the app itself.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Mark cookies `Secure` (on unless serving plain HTTP beyond loopback).
    pub secure_cookies: bool,
    /// Each API token's quota; `None`: no limit.
    pub token_rate: Option<TokenRate>,
    /// The identity providers for single sign-on.
    pub sso: Arc<rundt_oidc::SsoProviders>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            secure_cookies: true,
            token_rate: Some(TokenRate::default()),
            sso: Arc::new(rundt_oidc::SsoProviders::none()),
        }
    }
}

/// The full application with secure cookies and the default token rate.
pub fn router(app: App) -> Router {
    router_with_settings(app, Settings::default())
}

pub fn router_with(app: App, secure_cookies: bool) -> Router {
    router_with_settings(
        app,
        Settings {
            secure_cookies,
            ..Settings::default()
        },
    )
}

pub fn router_with_settings(app: App, settings: Settings) -> Router {
    let state = AppState {
        app,
        secure_cookies: settings.secure_cookies,
        token_limiter: Arc::new(TokenLimiter::new(settings.token_rate)),
        sso: settings.sso,
    };
    let routes = Router::new()
        .route("/healthz", get(api::health::healthz))
        .route("/api/openapi.json", get(api::document))
        .route("/calendar/{file}", get(crate::calendar::feed))
        .nest("/api/v1", api::routes().fallback(api::not_found))
        .merge(pages::routes())
        .fallback(pages::not_found)
        .with_state(state);
    // Each security header is set unless a handler set its own.
    let routes = security_headers()
        .into_iter()
        .fold(routes, |routes, (name, value)| {
            routes.layer(SetResponseHeaderLayer::if_not_present(
                name,
                HeaderValue::from_static(value),
            ))
        });
    routes
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
