//! The login pages: password, then the authenticator code (with enrolment
//! on first login), and logout.

use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use rundt_app::AppError;
use rundt_app::auth::{self, SessionState};
use serde::Deserialize;

use super::{LangQuery, Nav, error_page, render, tr_for};
use crate::auth::{ClientAddress, CsrfForm, session_cookie, session_token};
use crate::i18n::Tr;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct LoginQuery {
    lang: Option<String>,
    next: Option<String>,
}

/// Only local paths are followed after login (no open redirect).
fn safe_next(next: Option<&str>) -> String {
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
}

fn login_page(
    tr: Tr,
    status: StatusCode,
    next: String,
    username: String,
    error: Option<String>,
) -> Response {
    render(
        status,
        &LoginPage {
            tr,
            title: tr.t("log_in").into(),
            nav: None,
            next,
            username,
            error,
        },
        tr,
    )
}

pub async fn form(Query(q): Query<LoginQuery>, headers: HeaderMap) -> Response {
    let tr = tr_for(
        &LangQuery {
            lang: q.lang.clone(),
        },
        &headers,
    );
    login_page(
        tr,
        StatusCode::OK,
        safe_next(q.next.as_deref()),
        String::new(),
        None,
    )
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    next: Option<String>,
}

pub async fn submit(
    State(s): State<AppState>,
    ClientAddress(address): ClientAddress,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    Form(input): Form<LoginForm>,
) -> Response {
    let tr = tr_for(&q, &headers);
    let next = safe_next(input.next.as_deref());
    match auth::login(&s.app, &input.username, &input.password, &address).await {
        Ok(issued) => {
            let mut response = Redirect::to(&format!(
                "/login/second-factor?next={}",
                crate::auth::urlencode(&next)
            ))
            .into_response();
            response.headers_mut().insert(
                header::SET_COOKIE,
                session_cookie(Some(&issued.token), s.secure_cookies),
            );
            response
        }
        Err(e @ (AppError::Unauthenticated(_) | AppError::TooManyAttempts { .. })) => {
            let status = if matches!(e, AppError::TooManyAttempts { .. }) {
                StatusCode::TOO_MANY_REQUESTS
            } else {
                StatusCode::UNAUTHORIZED
            };
            let message = if matches!(e, AppError::TooManyAttempts { .. }) {
                tr.t("too_many_attempts")
            } else {
                tr.t("bad_login")
            };
            login_page(tr, status, next, input.username, Some(message.to_owned()))
        }
        Err(e) => error_page(tr, None, e),
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
    s: &AppState,
    tr: Tr,
    headers: &HeaderMap,
    next: String,
    status: StatusCode,
    error: Option<String>,
) -> Response {
    let Some(token) = session_token(headers) else {
        return Redirect::to("/login").into_response();
    };
    let (session, enrolled) = match auth::session_state(&s.app, &token).await {
        Ok(SessionState::Pending {
            session, enrolled, ..
        }) => (session, enrolled),
        Ok(SessionState::Active { .. }) => return Redirect::to(&next).into_response(),
        Err(_) => return Redirect::to("/login").into_response(),
    };
    let enrol = if enrolled {
        None
    } else {
        match auth::enrolment(&s.app, &token).await {
            Ok(e) => {
                let svg = qrcode::QrCode::new(e.otpauth_uri.as_bytes())
                    .map(|code| {
                        code.render::<qrcode::render::svg::Color<'_>>()
                            .min_dimensions(192, 192)
                            .quiet_zone(true)
                            .build()
                    })
                    .unwrap_or_default();
                Some((svg, e.secret_base32))
            }
            Err(e) => return error_page(tr, None, e),
        }
    };
    render(
        status,
        &SecondFactorPage {
            tr,
            title: tr
                .t(if enrol.is_some() {
                    "enrol_title"
                } else {
                    "two_step"
                })
                .into(),
            nav: None,
            next,
            csrf: session.csrf_token,
            enrol,
            error,
        },
        tr,
    )
}

pub async fn second_factor_form(
    State(s): State<AppState>,
    Query(q): Query<LoginQuery>,
    headers: HeaderMap,
) -> Response {
    let tr = tr_for(
        &LangQuery {
            lang: q.lang.clone(),
        },
        &headers,
    );
    second_factor_page(
        &s,
        tr,
        &headers,
        safe_next(q.next.as_deref()),
        StatusCode::OK,
        None,
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct CodeForm {
    code: String,
    next: Option<String>,
}

pub async fn second_factor_submit(
    State(s): State<AppState>,
    ClientAddress(address): ClientAddress,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    CsrfForm(input): CsrfForm<CodeForm>,
) -> Response {
    let tr = tr_for(&q, &headers);
    let next = safe_next(input.next.as_deref());
    let Some(token) = session_token(&headers) else {
        return Redirect::to("/login").into_response();
    };
    match auth::complete_login(&s.app, &token, &input.code, &address).await {
        Ok(issued) => {
            let mut response = Redirect::to(&next).into_response();
            response.headers_mut().insert(
                header::SET_COOKIE,
                session_cookie(Some(&issued.token), s.secure_cookies),
            );
            response
        }
        Err(e @ (AppError::Unauthenticated(_) | AppError::TooManyAttempts { .. })) => {
            let status = if matches!(e, AppError::TooManyAttempts { .. }) {
                StatusCode::TOO_MANY_REQUESTS
            } else {
                StatusCode::UNAUTHORIZED
            };
            let message = if matches!(e, AppError::TooManyAttempts { .. }) {
                tr.t("too_many_attempts")
            } else {
                tr.t("code_rejected")
            };
            second_factor_page(&s, tr, &headers, next, status, Some(message.to_owned())).await
        }
        Err(e) => error_page(tr, None, e),
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
    let mut response = Redirect::to("/login").into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session_cookie(None, s.secure_cookies));
    response
}
