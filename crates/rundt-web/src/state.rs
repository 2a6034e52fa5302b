//! What every handler shares. Below the handlers: this module imports none
//! of them, so the router can import the handlers without a cycle.

use std::sync::Arc;

use rundt_app::App;

use crate::token_rate::TokenLimiter;

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    /// Mark cookies `Secure` (on unless serving plain HTTP beyond loopback).
    pub secure_cookies: bool,
    /// Each API token's rate.
    pub token_limiter: Arc<TokenLimiter>,
    /// The identity providers for single sign-on (none: password only).
    pub sso: Arc<rundt_oidc::SsoProviders>,
}
