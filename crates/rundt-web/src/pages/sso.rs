//! Logging in through the organisation's identity provider (OpenID
//! Connect, authorization code flow with PKCE): the button's address sends
//! the browser to the provider, and the provider sends it back to the
//! callback, where the answer is checked (`rundt_oidc`) and becomes a
//! session (`rundt_app::sso`).

use askama::Template;
use axum::extract::{Path, Query};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use rundt_app::AppError;
use rundt_app::sso::{self, LoginBegun, ProviderLogin};
use rundt_oidc::OidcError;
use serde::Deserialize;

use super::login::{login_page, safe_next, with_session};
use super::{Nav, PageContext, Visitor};
use crate::auth::{ClientAddress, SSO_LOGIN_COOKIE, SSO_PROVIDER_COOKIE, cookie, sso_cookie};
use crate::i18n::Tr;

/// The login cookie lives as long as a login may take.
const LOGIN_COOKIE_SECONDS: i64 = sso::LOGIN_MINUTES * 60;
/// The provider's cookie lives as long as a session may.
const PROVIDER_COOKIE_SECONDS: i64 = rundt_app::auth::ABSOLUTE_HOURS * 3600;

#[derive(Debug, Default, Deserialize)]
pub struct BeginQuery {
    next: Option<String>,
}

/// The login page again, with what went wrong.
fn login_again(v: &Visitor, status: StatusCode, message: String) -> Response {
    login_page(v, status, "/".to_owned(), String::new(), Some(message))
}

/// The provider could not be reached: nobody's fault here, try again.
fn unreachable(v: &Visitor, e: &OidcError) -> Response {
    tracing::warn!(error = %e, "identity provider unreachable");
    login_again(
        v,
        StatusCode::SERVICE_UNAVAILABLE,
        v.tr.t("sso_unreachable").to_owned(),
    )
}

/// A refusal from the use cases as the login page (401 with its reason,
/// 429 when there were too many), anything else as the error page.
fn refused(v: &Visitor, e: AppError) -> Response {
    match e {
        AppError::Unauthenticated(m) => login_again(
            v,
            StatusCode::UNAUTHORIZED,
            super::capitalised(&v.tr.message(&m)),
        ),
        AppError::TooManyAttempts { .. } => login_again(
            v,
            StatusCode::TOO_MANY_REQUESTS,
            v.tr.t("too_many_attempts").to_owned(),
        ),
        e => super::error_page(v.tr, None, e),
    }
}

/// `GET /login/oidc/{provider}`: begins a login at the provider.
pub async fn begin(v: Visitor, Path(id): Path<String>, Query(q): Query<BeginQuery>) -> Response {
    let Some(provider) = v.state.sso.get(&id) else {
        let m = v.tr.message(&rundt_domain::msg!("sso-provider-unknown"));
        return login_again(&v, StatusCode::NOT_FOUND, super::capitalised(&m));
    };
    let authorization = match provider.authorize().await {
        Ok(a) => a,
        Err(e) => return unreachable(&v, &e),
    };
    let begun = LoginBegun {
        provider: id,
        nonce: authorization.nonce,
        pkce_verifier: authorization.pkce_verifier,
        next: safe_next(q.next.as_deref()),
    };
    let browser = match sso::begin(v.app(), &authorization.state, &begun).await {
        Ok(b) => b,
        Err(e) => return super::error_page(v.tr, None, e),
    };
    let mut response = Redirect::to(&authorization.url).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        sso_cookie(
            SSO_LOGIN_COOKIE,
            Some(&browser),
            "/login/oidc",
            LOGIN_COOKIE_SECONDS,
            v.state.secure_cookies,
        ),
    );
    response
}

#[derive(Debug, Default, Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

#[derive(Template)]
#[template(path = "sso_continue.html")]
struct ContinuePage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    target: String,
}

/// `GET /login/oidc/callback`: the provider's answer.
pub async fn callback(
    v: Visitor,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    Query(q): Query<CallbackQuery>,
) -> Response {
    let mut response = answer(&v, &address, &headers, q).await;
    // The login's cookie has served, whatever came of it.
    response.headers_mut().append(
        header::SET_COOKIE,
        sso_cookie(
            SSO_LOGIN_COOKIE,
            None,
            "/login/oidc",
            0,
            v.state.secure_cookies,
        ),
    );
    response
}

async fn answer(v: &Visitor, address: &str, headers: &HeaderMap, q: CallbackQuery) -> Response {
    let Some(state) = q.state.as_deref().filter(|s| !s.is_empty()) else {
        let m = v.tr.message(&rundt_domain::msg!("sso-login-unknown"));
        return login_again(v, StatusCode::BAD_REQUEST, super::capitalised(&m));
    };
    let browser = cookie(headers, SSO_LOGIN_COOKIE);
    let begun = match sso::take(v.app(), state, browser.as_deref(), address).await {
        Ok(b) => b,
        Err(e) => return refused(v, e),
    };
    let Some(provider) = v.state.sso.get(&begun.provider) else {
        let e = sso::refused(
            v.app(),
            &begun.provider,
            "the provider is no longer configured",
            address,
        )
        .await;
        return refused(v, e);
    };
    if let Some(error) = q.error.as_deref() {
        let reason = format!(
            "the provider answered '{error}'{}",
            q.error_description
                .as_deref()
                .map(|d| format!(": {d}"))
                .unwrap_or_default()
        );
        return refused(
            v,
            sso::refused(v.app(), &begun.provider, &reason, address).await,
        );
    }
    let Some(code) = q.code.as_deref().filter(|c| !c.is_empty()) else {
        let e = sso::refused(v.app(), &begun.provider, "the answer had no code", address).await;
        return refused(v, e);
    };
    let identity = match provider
        .finish(code, &begun.pkce_verifier, &begun.nonce)
        .await
    {
        Ok(identity) => identity,
        Err(OidcError::Refused(reason)) => {
            return refused(
                v,
                sso::refused(v.app(), &begun.provider, &reason, address).await,
            );
        }
        Err(e) => return unreachable(v, &e),
    };
    let login = ProviderLogin {
        provider: &begun.provider,
        issuer: &identity.issuer,
        subject: &identity.subject,
        amr: &identity.amr,
        acr: identity.acr.as_deref(),
        mfa_acr_values: &provider.config.mfa_acr_values,
    };
    let issued = match sso::complete(v.app(), login, address).await {
        Ok(issued) => issued,
        Err(e) => return refused(v, e),
    };
    let target = if issued.next.is_some() {
        format!(
            "/login/second-factor?next={}",
            crate::auth::urlencode(&begun.next)
        )
    } else {
        begun.next.clone()
    };
    // A page that moves on by itself rather than a redirect: the session
    // cookie is `SameSite=Strict`, and a redirect would still count as
    // coming from the provider's site, so the next page would not get it.
    let page = v.render(
        StatusCode::OK,
        &ContinuePage {
            tr: v.tr,
            title: v.tr.t("log_in").into(),
            nav: None,
            target,
        },
    );
    let mut response = with_session(page, v, &issued.token);
    response.headers_mut().append(
        header::SET_COOKIE,
        sso_cookie(
            SSO_PROVIDER_COOKIE,
            Some(&begun.provider),
            "/",
            PROVIDER_COOKIE_SECONDS,
            v.state.secure_cookies,
        ),
    );
    response
}
