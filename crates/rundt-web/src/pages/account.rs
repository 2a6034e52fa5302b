//! One's account: change password, personal API tokens.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use rundt_app::records::ApiToken;
use rundt_app::{AppError, auth};
use serde::Deserialize;

use super::{LangQuery, Nav, PageId, error_page, message, nav, render, tr_for};
use crate::auth::{Authenticated, CsrfForm, PageUser, session_cookie};
use crate::i18n::Tr;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    tokens: Vec<ApiToken>,
    new_secret: Option<String>,
    error: Option<String>,
}

async fn page(
    s: &AppState,
    tr: Tr,
    who: &Authenticated,
    status: StatusCode,
    new_secret: Option<String>,
    error: Option<String>,
) -> Response {
    match auth::list_api_tokens(&s.app, &who.principal).await {
        Ok(tokens) => render(
            status,
            &AccountPage {
                tr,
                title: tr.t("account").into(),
                nav: nav(tr, who),
                tokens,
                new_secret,
                error,
            },
            tr,
        ),
        Err(e) => error_page(tr, Some(who), e),
    }
}

pub async fn show(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let tr = tr_for(&q, &headers);
    page(&s, tr, &who, StatusCode::OK, None, None).await
}

#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
}

pub async fn change_password(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    CsrfForm(input): CsrfForm<PasswordForm>,
) -> Response {
    let tr = tr_for(&q, &headers);
    match auth::change_password(
        &s.app,
        &who.principal,
        &input.current_password,
        &input.new_password,
    )
    .await
    {
        Ok(()) => {
            let mut response = message(
                StatusCode::OK,
                tr,
                None,
                tr.t("change_password"),
                tr.t("password_changed").into(),
            );
            response
                .headers_mut()
                .append(header::SET_COOKIE, session_cookie(None, s.secure_cookies));
            response
        }
        Err(e @ AppError::Invalid(_)) => {
            page(
                &s,
                tr,
                &who,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                Some(tr.error(&e)),
            )
            .await
        }
        Err(e) => error_page(tr, Some(&who), e),
    }
}

#[derive(Debug, Deserialize)]
pub struct TokenForm {
    name: String,
}

pub async fn create_token(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    CsrfForm(input): CsrfForm<TokenForm>,
) -> Response {
    let tr = tr_for(&q, &headers);
    match auth::create_api_token(&s.app, &who.principal, &input.name).await {
        Ok((_, secret)) => page(&s, tr, &who, StatusCode::OK, Some(secret), None).await,
        Err(e @ AppError::Invalid(_)) => {
            page(
                &s,
                tr,
                &who,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                Some(tr.error(&e)),
            )
            .await
        }
        Err(e) => error_page(tr, Some(&who), e),
    }
}

#[derive(Debug, Deserialize)]
pub struct Empty {}

pub async fn revoke_token(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    PageId(id): PageId,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    CsrfForm(_): CsrfForm<Empty>,
) -> Response {
    let tr = tr_for(&q, &headers);
    match auth::revoke_api_token(&s.app, &who.principal, id).await {
        Ok(_) => Redirect::to("/account").into_response(),
        Err(e) => error_page(tr, Some(&who), e),
    }
}
