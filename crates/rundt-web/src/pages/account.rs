//! One's account: the language of one's pages, change password, personal
//! API tokens.

use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use rundt_app::records::ApiToken;
use rundt_app::users::{self, LANGUAGES};
use rundt_app::{AppError, auth};
use serde::Deserialize;

use super::{Nav, OrPage, Page, PageContext, PageId, PageResult};
use crate::auth::{CsrfForm, session_cookie};
use crate::i18n::Tr;

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    /// (code, name, chosen) of each language one may choose.
    languages: Vec<(&'static str, &'static str, bool)>,
    browser_language: bool,
    tokens: Vec<ApiToken>,
    new_secret: Option<String>,
    error: Option<String>,
}

/// The name of a language in that language, as the language links say it.
fn language_name(code: &str) -> &'static str {
    match code {
        "da" => "Dansk",
        "nb" => "Norsk",
        _ => "English",
    }
}

async fn page(
    p: &Page,
    status: StatusCode,
    new_secret: Option<String>,
    error: Option<String>,
) -> PageResult {
    let tokens = auth::list_api_tokens(p.app(), &p.who.principal)
        .await
        .on(p)?;
    let chosen = users::language(p.app(), &p.who.principal).await.on(p)?;
    let tr = p.tr;
    Ok(p.render(
        status,
        &AccountPage {
            tr,
            title: tr.t("account").into(),
            nav: p.nav(),
            languages: LANGUAGES
                .iter()
                .map(|code| (*code, language_name(code), chosen.as_deref() == Some(code)))
                .collect(),
            browser_language: chosen.is_none(),
            tokens,
            new_secret,
            error,
        },
    ))
}

/// The account page again with what was wrong in a form, or the error page.
async fn form_failed(p: &Page, e: AppError) -> PageResult {
    match e {
        e @ (AppError::Invalid(_) | AppError::Conflict(_)) => {
            page(
                p,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                Some(p.tr.error(&e)),
            )
            .await
        }
        e => Err(p.fail(e)),
    }
}

pub async fn show(p: Page) -> PageResult {
    page(&p, StatusCode::OK, None, None).await
}

#[derive(Debug, Deserialize)]
pub struct LanguageForm {
    language: Option<String>,
}

/// Stores the language of one's pages; the account page then shows in it.
pub async fn set_language(p: Page, CsrfForm(input): CsrfForm<LanguageForm>) -> PageResult {
    match users::set_language(p.app(), &p.who.principal, input.language.as_deref()).await {
        Ok(()) => Ok(Redirect::to("/account").into_response()),
        Err(e) => form_failed(&p, e).await,
    }
}

#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
}

pub async fn change_password(p: Page, CsrfForm(input): CsrfForm<PasswordForm>) -> PageResult {
    let changed = auth::change_password(
        p.app(),
        &p.who.principal,
        &input.current_password,
        &input.new_password,
    )
    .await;
    if let Err(e) = changed {
        return form_failed(&p, e).await;
    }
    let tr = p.tr;
    let mut response = super::message(
        StatusCode::OK,
        tr,
        None,
        tr.t("change_password"),
        tr.t("password_changed").into(),
    );
    response.headers_mut().append(
        header::SET_COOKIE,
        session_cookie(None, p.state.secure_cookies),
    );
    Ok(response)
}

#[derive(Debug, Deserialize)]
pub struct TokenForm {
    name: String,
}

pub async fn create_token(p: Page, CsrfForm(input): CsrfForm<TokenForm>) -> PageResult {
    match auth::create_api_token(p.app(), &p.who.principal, &input.name).await {
        Ok((_, secret)) => page(&p, StatusCode::OK, Some(secret), None).await,
        Err(e) => form_failed(&p, e).await,
    }
}

#[derive(Debug, Deserialize)]
pub struct Empty {}

pub async fn revoke_token(p: Page, PageId(id): PageId, CsrfForm(_): CsrfForm<Empty>) -> PageResult {
    auth::revoke_api_token(p.app(), &p.who.principal, id)
        .await
        .on(&p)?;
    Ok(Redirect::to("/account").into_response())
}
