//! The login pages: password, then the authenticator code (with enrolment
//! on first login), and logout.

use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use rundt_app::AppError;
use rundt_app::auth::{self, SessionState};
use serde::Deserialize;

use super::{Nav, OrPage, PageContext, PageResult, Visitor};
use crate::auth::{
    ClientAddress, CsrfForm, SSO_PROVIDER_COOKIE, session_cookie, session_token, sso_cookie,
};
use crate::i18n::Tr;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
    /// The identity provider whose session may outlive Rundt's, after a
    /// logout (its end-session is offered).
    ended: Option<String>,
}

/// A refused password or code, or too many of them: the status and the
/// words for the form shown again; any other error is the error page.
fn refused(v: &Visitor, e: AppError, wrong: &str) -> Result<(StatusCode, String), AppError> {
    match e {
        AppError::TooManyAttempts { .. } => Ok((
            StatusCode::TOO_MANY_REQUESTS,
            v.tr.t("too_many_attempts").to_owned(),
        )),
        AppError::Unauthenticated(_) => Ok((StatusCode::UNAUTHORIZED, v.tr.t(wrong).to_owned())),
        e => Err(e),
    }
}

/// A response that also sets the session cookie.
pub(super) fn with_session(mut response: Response, v: &Visitor, token: &str) -> Response {
    response.headers_mut().insert(
        header::SET_COOKIE,
        session_cookie(Some(token), v.state.secure_cookies),
    );
    response
}

/// Only local paths are followed after login (no open redirect).
pub(super) fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/".to_owned(),
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    next: String,
    username: String,
    error: Option<String>,
    /// Whether the username and password form is offered.
    password_login: bool,
    /// Each identity provider's button: its address and label.
    providers: Vec<(String, String)>,
    /// After a logout from a session begun at a provider: its label and
    /// end-session address.
    ended: Option<(String, String)>,
}

pub(super) fn login_page(
    v: &Visitor,
    status: StatusCode,
    next: String,
    username: String,
    error: Option<String>,
) -> Response {
    login_page_after(v, status, next, username, error, None)
}

fn login_page_after(
    v: &Visitor,
    status: StatusCode,
    next: String,
    username: String,
    error: Option<String>,
    ended: Option<(String, String)>,
) -> Response {
    let providers = v
        .state
        .sso
        .all()
        .map(|p| {
            (
                format!(
                    "/login/oidc/{}?next={}",
                    p.config.id,
                    crate::auth::urlencode(&next)
                ),
                p.config.label.clone(),
            )
        })
        .collect();
    v.render(
        status,
        &LoginPage {
            tr: v.tr,
            title: v.tr.t("log_in").into(),
            nav: None,
            next,
            username,
            error,
            password_login: v.app().password_login(),
            providers,
            ended,
        },
    )
}

pub async fn form(v: Visitor, Query(q): Query<LoginQuery>) -> Response {
    let next = safe_next(q.next.as_deref());
    let mut ended = None;
    if let Some(provider) = q.ended.as_deref().and_then(|id| v.state.sso.get(id))
        && let Some(url) = provider.end_session_url().await
    {
        ended = Some((provider.config.label.clone(), url));
    }
    login_page_after(&v, StatusCode::OK, next, String::new(), None, ended)
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    next: Option<String>,
}

pub async fn submit(
    v: Visitor,
    ClientAddress(address): ClientAddress,
    Form(input): Form<LoginForm>,
) -> PageResult {
    let next = safe_next(input.next.as_deref());
    if !v.app().password_login() {
        let message = v.tr.message(&rundt_domain::msg!("password-login-off"));
        return Ok(login_page(
            &v,
            StatusCode::FORBIDDEN,
            next,
            String::new(),
            Some(message),
        ));
    }
    match auth::login(v.app(), &input.username, &input.password, &address).await {
        Ok(issued) => {
            let to = format!(
                "/login/second-factor?next={}",
                crate::auth::urlencode(&next)
            );
            Ok(with_session(
                Redirect::to(&to).into_response(),
                &v,
                &issued.token,
            ))
        }
        Err(e) => {
            let (status, message) = refused(&v, e, "bad_login").on(&v)?;
            Ok(login_page(&v, status, next, input.username, Some(message)))
        }
    }
}

#[derive(Template)]
#[template(path = "second_factor.html")]
struct SecondFactorPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    next: String,
    csrf: String,
    enrol: Option<(String, String)>,
    error: Option<String>,
}

async fn second_factor_page(
    v: &Visitor,
    headers: &HeaderMap,
    next: String,
    status: StatusCode,
    error: Option<String>,
) -> PageResult {
    let Some(token) = session_token(headers) else {
        return Ok(Redirect::to("/login").into_response());
    };
    let (session, enrolled) = match auth::session_state(v.app(), &token).await {
        Ok(SessionState::Pending {
            session, enrolled, ..
        }) => (session, enrolled),
        Ok(SessionState::Active { .. }) => return Ok(Redirect::to(&next).into_response()),
        Err(_) => return Ok(Redirect::to("/login").into_response()),
    };
    let enrol = if enrolled {
        None
    } else {
        let e = auth::enrolment(v.app(), &token).await.on(v)?;
        let svg = qrcode::QrCode::new(e.otpauth_uri.as_bytes())
            .map(|code| {
                code.render::<qrcode::render::svg::Color<'_>>()
                    .min_dimensions(192, 192)
                    .quiet_zone(true)
                    .build()
            })
            .unwrap_or_default();
        Some((svg, e.secret_base32))
    };
    let title = if enrol.is_some() {
        "enrol_title"
    } else {
        "two_step"
    };
    Ok(v.render(
        status,
        &SecondFactorPage {
            tr: v.tr,
            title: v.tr.t(title).into(),
            nav: None,
            next,
            csrf: session.csrf_token,
            enrol,
            error,
        },
    ))
}

pub async fn second_factor_form(
    v: Visitor,
    Query(q): Query<LoginQuery>,
    headers: HeaderMap,
) -> PageResult {
    let next = safe_next(q.next.as_deref());
    second_factor_page(&v, &headers, next, StatusCode::OK, None).await
}

#[derive(Debug, Deserialize)]
pub struct CodeForm {
    code: String,
    next: Option<String>,
}

pub async fn second_factor_submit(
    v: Visitor,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    CsrfForm(input): CsrfForm<CodeForm>,
) -> PageResult {
    let next = safe_next(input.next.as_deref());
    let Some(token) = session_token(&headers) else {
        return Ok(Redirect::to("/login").into_response());
    };
    match auth::complete_login(v.app(), &token, &input.code, &address).await {
        Ok(issued) => Ok(with_session(
            Redirect::to(&next).into_response(),
            &v,
            &issued.token,
        )),
        Err(e) => {
            let (status, message) = refused(&v, e, "code_rejected").on(&v)?;
            second_factor_page(&v, &headers, next, status, Some(message)).await
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct Empty {}

pub async fn logout(
    State(s): State<AppState>,
    headers: HeaderMap,
    CsrfForm(_): CsrfForm<Empty>,
) -> Response {
    if let Some(token) = session_token(&headers)
        && let Err(e) = auth::logout(&s.app, &token).await
    {
        tracing::error!(error = ?e, "logout failed");
    }
    // A session begun at an identity provider may live on there: the
    // login page offers its end-session.
    let provider =
        crate::auth::cookie(&headers, SSO_PROVIDER_COOKIE).filter(|id| s.sso.get(id).is_some());
    let to = match &provider {
        Some(id) => format!("/login?ended={id}"),
        None => "/login".to_owned(),
    };
    let mut response = Redirect::to(&to).into_response();
    let h = response.headers_mut();
    h.insert(header::SET_COOKIE, session_cookie(None, s.secure_cookies));
    if provider.is_some() {
        h.append(
            header::SET_COOKIE,
            sso_cookie(SSO_PROVIDER_COOKIE, None, "/", 0, s.secure_cookies),
        );
    }
    response
}
