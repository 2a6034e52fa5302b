//! Who is calling: a session cookie (browsers) or a bearer API token
//! (programs). Unsafe requests that ride on the cookie must also prove they
//! come from our own pages: an `X-CSRF-Token` header, or a same-origin form
//! post whose hidden `csrf_token` the form extractor checks.

use std::net::IpAddr;
use std::sync::OnceLock;

use axum::extract::{FromRequest, FromRequestParts, OriginalUri, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::response::{IntoResponse, Redirect, Response};
use rundt_app::auth::{self, SessionState};
use rundt_app::{Actor, AppError};
use rundt_domain::access::Principal;
use rundt_domain::message::Arg;
use rundt_domain::msg;
use rundt_domain::user::User;
use serde::de::DeserializeOwned;

use crate::error::ApiError;
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "rundt_session";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// Ties a login sent to an identity provider to the browser that began
/// it (single sign-on).
pub const SSO_LOGIN_COOKIE: &str = "rundt_oidc";
/// Which identity provider the session was begun at, to offer its
/// end-session after Rundt's own logout. Not a secret.
pub const SSO_PROVIDER_COOKIE: &str = "rundt_sso";

/// A cookie's value from the request, if any and not empty.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    let prefix = format!("{name}=");
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().strip_prefix(&prefix))
        .map(str::to_owned)
        .find(|t| !t.is_empty())
}

/// The raw session token from the request's cookie, if any.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    cookie(headers, SESSION_COOKIE)
}

/// `Set-Cookie` for one of single sign-on's cookies; `None` clears it.
/// `SameSite=Lax`: the provider's answer is a navigation from its site,
/// which a `Strict` cookie would not come with.
pub fn sso_cookie(
    name: &str,
    value: Option<&str>,
    path: &str,
    max_age: i64,
    secure: bool,
) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let text = match value {
        Some(v) => {
            format!("{name}={v}; Path={path}; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
        }
        None => format!("{name}=; Path={path}; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
    };
    HeaderValue::from_str(&text).unwrap_or(HeaderValue::from_static("rundt_oidc=; Max-Age=0"))
}

/// `Set-Cookie` for a session token; `None` clears the cookie.
pub fn session_cookie(token: Option<&str>, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let text = match token {
        Some(t) => format!("{SESSION_COOKIE}={t}; Path=/; HttpOnly; SameSite=Strict{secure}"),
        None => format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}"),
    };
    HeaderValue::from_str(&text).unwrap_or(HeaderValue::from_static("rundt_session=; Max-Age=0"))
}

/// The address used for login throttling: the peer's, or, when the peer is
/// one of the installation's reverse proxies, the client address the
/// proxies wrote into `X-Forwarded-For`.
pub fn client_address(parts_headers: &HeaderMap, peer: Option<std::net::SocketAddr>) -> String {
    client_address_behind(parts_headers, peer, trusted_proxies())
}

/// Whose `X-Forwarded-For` is believed.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Proxies {
    /// The reverse proxies at these addresses (`RUNDT_TRUSTED_PROXIES`).
    Listed(Vec<IpAddr>),
    /// Every peer is a proxy (the older switch `RUNDT_TRUST_FORWARDED`, for
    /// a Rundt nothing but its proxy can reach): the header's last entry.
    Any,
}

impl Proxies {
    fn trusts(&self, ip: &IpAddr) -> bool {
        match self {
            Self::Listed(ips) => ips.contains(ip),
            Self::Any => true,
        }
    }
}

/// `RUNDT_TRUSTED_PROXIES`, IP addresses separated by commas; else
/// `RUNDT_TRUST_FORWARDED`; else none: a header anyone can send is never
/// trusted by default.
fn trusted_proxies() -> &'static Proxies {
    static PROXIES: OnceLock<Proxies> = OnceLock::new();
    PROXIES.get_or_init(|| {
        let listed: Vec<IpAddr> = std::env::var("RUNDT_TRUSTED_PROXIES")
            .unwrap_or_default()
            .split(',')
            .filter_map(|a| {
                let a = a.trim();
                let parsed = a.parse().ok();
                if parsed.is_none() && !a.is_empty() {
                    tracing::warn!(
                        address = a,
                        "RUNDT_TRUSTED_PROXIES: not an IP address, ignored"
                    );
                }
                parsed
            })
            .collect();
        if listed.is_empty() && std::env::var_os("RUNDT_TRUST_FORWARDED").is_some() {
            Proxies::Any
        } else {
            Proxies::Listed(listed)
        }
    })
}

/// [`client_address`] with the proxies given. Only a trusted peer's header
/// is read, from the right: each proxy appends the address it saw, so the
/// first address from the right that is not one of ours is the client as
/// our outermost proxy saw it (with [`Proxies::Any`], the last one); what a
/// client wrote into the header itself stands further left and is never
/// reached.
fn client_address_behind(
    headers: &HeaderMap,
    peer: Option<std::net::SocketAddr>,
    proxies: &Proxies,
) -> String {
    let Some(peer) = peer.map(|p| p.ip()) else {
        return "unknown".into();
    };
    if proxies.trusts(&peer) {
        let hops: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .collect();
        for hop in hops.iter().rev() {
            match hop.trim().parse::<IpAddr>() {
                Ok(ip) if *proxies != Proxies::Any && proxies.trusts(&ip) => continue,
                Ok(ip) => return ip.to_string(),
                Err(_) => break,
            }
        }
    }
    peer.to_string()
}

fn same_origin(headers: &HeaderMap) -> bool {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    // Browsers send `Origin: null` for privacy-sensitive contexts; then the
    // fetch metadata tells whether the request came from our own pages.
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .filter(|o| *o != "null");
    match (origin, host) {
        (Some(origin), Some(host)) => {
            origin
                .strip_prefix("http://")
                .or_else(|| origin.strip_prefix("https://"))
                == Some(host)
        }
        (None, _) => matches!(
            headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()),
            Some("same-origin")
        ),
        _ => false,
    }
}

fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.starts_with("application/x-www-form-urlencoded")
                || v.starts_with("multipart/form-data")
        })
}

/// How the caller proved who they are.
#[derive(Debug, Clone)]
pub enum Via {
    /// A session cookie; the person's chosen page language came with it.
    Session {
        csrf_token: String,
        language: Option<String>,
    },
    ApiToken,
}

/// A fully logged-in caller (password and second factor).
#[derive(Debug, Clone)]
pub struct Authenticated {
    pub principal: Principal,
    pub user: Option<User>,
    pub via: Via,
}

impl Authenticated {
    pub fn actor(&self) -> Actor {
        Actor::User(self.principal.clone())
    }

    pub fn csrf_token(&self) -> &str {
        match &self.via {
            Via::Session { csrf_token, .. } => csrf_token,
            Via::ApiToken => "",
        }
    }
}

pub(crate) async fn authenticate(
    parts: &Parts,
    state: &AppState,
) -> Result<Authenticated, AppError> {
    if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
        let raw = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(|| AppError::Unauthenticated(msg!("bearer-token-shape")))?;
        let (principal, token) = auth::api_token_principal(&state.app, raw.trim()).await?;
        let read = matches!(parts.method, Method::GET | Method::HEAD);
        // Inside `/api/v1` the router sees the path without its prefix.
        let path = parts
            .extensions
            .get::<OriginalUri>()
            .map_or(parts.uri.path(), |o| o.0.path());
        if !token.scope.allows(read, path) {
            return Err(AppError::Forbidden(msg!(
                "api-token-scope",
                scope = Arg::word(format!("token_scope_{}", token.scope.as_str()))
            )));
        }
        state.token_limiter.check(token.id)?;
        return Ok(Authenticated {
            principal,
            user: None,
            via: Via::ApiToken,
        });
    }
    let token = session_token(&parts.headers)
        .ok_or_else(|| AppError::Unauthenticated(msg!("log-in-first")))?;
    match auth::session_state(&state.app, &token).await? {
        SessionState::Pending { .. } => {
            Err(AppError::Unauthenticated(msg!("second-factor-pending")))
        }
        SessionState::Active {
            principal,
            user,
            session,
            language,
        } => {
            let unsafe_method =
                !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
            if unsafe_method {
                let header_ok = parts
                    .headers
                    .get(CSRF_HEADER)
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|v| v == session.csrf_token);
                let form_ok = is_form(&parts.headers) && same_origin(&parts.headers);
                if !header_ok && !form_ok {
                    return Err(AppError::Forbidden(msg!("csrf-token-missing")));
                }
            }
            Ok(Authenticated {
                principal,
                user: Some(user),
                via: Via::Session {
                    csrf_token: session.csrf_token,
                    language,
                },
            })
        }
    }
}

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        authenticate(parts, state).await.map_err(ApiError::from)
    }
}

/// To the login page, and back here afterwards when this was a page view.
pub fn login_redirect(parts: &Parts) -> Response {
    let next = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let target = if next.starts_with('/') && !next.starts_with("//") && parts.method == Method::GET
    {
        format!("/login?next={}", urlencode(next))
    } else {
        "/login".into()
    };
    Redirect::to(&target).into_response()
}

/// Percent-encodes a path for a query parameter.
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The CSRF token of the request's session (signed in or half-way), or
/// the answer for a request without one.
async fn session_csrf(headers: &HeaderMap, state: &AppState) -> Result<String, Response> {
    match session_token(headers) {
        Some(token) => match auth::session_state(&state.app, &token).await {
            Ok(SessionState::Active { session, .. })
            | Ok(SessionState::Pending { session, .. }) => Ok(session.csrf_token),
            Err(e) => Err(ApiError::from(e).into_response()),
        },
        None => Err(Redirect::to("/login").into_response()),
    }
}

/// Compares the token a form sent with the session's: none sent, or a
/// stale one, is refused.
fn check_form_token(sent: Option<&str>, expected: &str) -> Result<(), AppError> {
    match sent {
        None => Err(AppError::Forbidden(msg!("form-csrf-missing"))),
        Some(t) if t != expected => Err(AppError::Forbidden(msg!("form-expired"))),
        Some(_) => Ok(()),
    }
}

/// A form post from our own pages: the body must carry the session's
/// `csrf_token`.
pub struct CsrfForm<T>(pub T);

#[derive(serde::Deserialize)]
struct CsrfField {
    csrf_token: String,
}

impl<T: DeserializeOwned + Send> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let expected = session_csrf(req.headers(), state).await?;
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let field: Option<CsrfField> = serde_urlencoded::from_bytes(&bytes).ok();
        check_form_token(field.as_ref().map(|f| f.csrf_token.as_str()), &expected)
            .map_err(|e| ApiError::from(e).into_response())?;
        let value: T = serde_urlencoded::from_bytes(&bytes).map_err(|e| {
            ApiError::bad_request(msg!("form-incomplete", detail = e.to_string())).into_response()
        })?;
        Ok(CsrfForm(value))
    }
}

/// A multipart form post from our own pages (a file with its fields): the
/// session's `csrf_token` must be among the fields. Text fields come as
/// pairs; the one file part (its field name, file name and bytes) beside
/// them. A file larger than `FILE_LIMIT` is cut there: the domain's size
/// check then refuses it with a message, instead of the connection
/// failing.
pub struct CsrfMultipart {
    pub fields: Vec<(String, String)>,
    pub file: Option<UploadedFile>,
}

/// A file sent in a form (its field's name does not matter: a form
/// sends one).
pub struct UploadedFile {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// The largest training form or request taken: the largest certificate
/// (base64 in JSON takes a third more) and room for the fields.
pub const UPLOAD_BODY_LIMIT: usize = rundt_domain::people::MAX_CERTIFICATE_BYTES * 2;

/// How many bytes of a file a form keeps: one more than the largest
/// certificate, so a larger one is known to be too large.
pub const FILE_LIMIT: usize = rundt_domain::people::MAX_CERTIFICATE_BYTES + 1;

impl FromRequest<AppState> for CsrfMultipart {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let expected = session_csrf(req.headers(), state).await?;
        let incomplete = |detail: String| {
            ApiError::bad_request(msg!("form-incomplete", detail = detail)).into_response()
        };
        let mut multipart = axum::extract::Multipart::from_request(req, state)
            .await
            .map_err(|e| incomplete(e.body_text()))?;
        let mut fields = Vec::new();
        let mut file = None;
        while let Some(mut part) = multipart
            .next_field()
            .await
            .map_err(|e| incomplete(e.body_text()))?
        {
            let name = part.name().unwrap_or_default().to_owned();
            match part.file_name().map(str::to_owned) {
                Some(file_name) => {
                    let mut bytes = Vec::new();
                    while let Some(chunk) =
                        part.chunk().await.map_err(|e| incomplete(e.body_text()))?
                    {
                        let room = FILE_LIMIT.saturating_sub(bytes.len());
                        bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
                    }
                    if !(file_name.is_empty() && bytes.is_empty()) {
                        file = Some(UploadedFile { file_name, bytes });
                    }
                }
                None => {
                    let value = part.text().await.map_err(|e| incomplete(e.body_text()))?;
                    fields.push((name, value));
                }
            }
        }
        let token = fields
            .iter()
            .find(|(k, _)| k == "csrf_token")
            .map(|(_, v)| v.as_str());
        check_form_token(token, &expected).map_err(|e| ApiError::from(e).into_response())?;
        Ok(CsrfMultipart { fields, file })
    }
}

/// The caller's address, for login throttling.
pub struct ClientAddress(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0);
        Ok(ClientAddress(client_address(&parts.headers, peer)))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a failing test may panic")]

    use super::*;

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn peer(ip: &str) -> Option<std::net::SocketAddr> {
        Some(std::net::SocketAddr::new(ip.parse().unwrap(), 40000))
    }

    const PROXY: &str = "10.0.0.5";

    fn proxies() -> Proxies {
        Proxies::Listed(vec![PROXY.parse().unwrap()])
    }

    #[test]
    fn a_client_cannot_choose_its_address_by_sending_the_header_itself() {
        // Straight to Rundt: the header is the client's own words.
        let h = forwarded(&["203.0.113.9"]);
        assert_eq!(
            client_address_behind(&h, peer("198.51.100.7"), &proxies()),
            "198.51.100.7"
        );
        // Through our proxy, which appends the address it saw: the
        // client's own entry stands to the left and is not believed.
        let h = forwarded(&["203.0.113.9, 198.51.100.7"]);
        assert_eq!(
            client_address_behind(&h, peer(PROXY), &proxies()),
            "198.51.100.7"
        );
    }

    #[test]
    fn behind_two_of_our_proxies_the_address_the_outer_one_saw_is_the_client() {
        let both = Proxies::Listed(vec![PROXY.parse().unwrap(), "10.0.0.6".parse().unwrap()]);
        let h = forwarded(&["198.51.100.7", "10.0.0.6"]);
        assert_eq!(
            client_address_behind(&h, peer(PROXY), &both),
            "198.51.100.7"
        );
    }

    #[test]
    fn with_every_peer_trusted_the_last_address_appended_is_the_client() {
        let h = forwarded(&["203.0.113.9, 198.51.100.7"]);
        assert_eq!(
            client_address_behind(&h, peer(PROXY), &Proxies::Any),
            "198.51.100.7"
        );
        assert_eq!(
            client_address_behind(&HeaderMap::new(), peer(PROXY), &Proxies::Any),
            PROXY
        );
    }

    #[test]
    fn without_trusted_proxies_or_a_readable_header_the_peer_is_the_client() {
        let h = forwarded(&["203.0.113.9"]);
        assert_eq!(
            client_address_behind(&h, peer(PROXY), &Proxies::Listed(vec![])),
            PROXY
        );
        let h = forwarded(&["not-an-address"]);
        assert_eq!(client_address_behind(&h, peer(PROXY), &proxies()), PROXY);
        assert_eq!(
            client_address_behind(&HeaderMap::new(), None, &proxies()),
            "unknown"
        );
    }
}
