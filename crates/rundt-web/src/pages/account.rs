//! One's account: the language of one's pages, change password, personal
//! API tokens.

use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use rundt_app::notices::{self, SaveNotificationSettings};
use rundt_app::records::ApiToken;
use rundt_app::users::{self, LANGUAGES};
use rundt_app::{AppError, auth};
use rundt_domain::api_token::{self, TokenScope};
use rundt_domain::country::{Country, programme_date};
use rundt_domain::msg;
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
    tokens: Vec<TokenRow>,
    /// (code, label) of each scope a new token may have.
    scopes: Vec<(&'static str, String)>,
    default_days: u32,
    new_secret: Option<String>,
    error: Option<String>,
    /// The address notices go to ("" for none) and whether they should.
    notify_email: String,
    notify_by_email: bool,
    /// The notification choice was just saved.
    notify_saved: bool,
}

/// A token as its owner's list shows it.
struct TokenRow {
    id: i64,
    name: String,
    scope: String,
    created: String,
    expires: String,
    expired: bool,
    last_used: Option<String>,
    revoked: bool,
}

fn token_row(
    tr: Tr,
    t: ApiToken,
    country: Country,
    now: chrono::DateTime<chrono::Utc>,
) -> TokenRow {
    TokenRow {
        id: t.id,
        name: t.name,
        scope: tr
            .t(&format!("token_scope_{}", t.scope.as_str()))
            .to_owned(),
        created: programme_date(t.created_at).to_string(),
        expires: programme_date(t.expires_at).to_string(),
        expired: !api_token::is_live(t.expires_at, now),
        last_used: t.last_used_at.map(|u| country.local_time(u)),
        revoked: t.revoked_at.is_some(),
    }
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
    page_with(p, status, new_secret, error, None).await
}

/// The page, with a notification choice as the person just sent it (kept
/// when it was refused) or as stored.
async fn page_with(
    p: &Page,
    status: StatusCode,
    new_secret: Option<String>,
    error: Option<String>,
    sent: Option<(&NotificationForm, bool)>,
) -> PageResult {
    let stored = notices::settings(p.app(), &p.actor()).await.on(p)?;
    let (notify_email, notify_by_email, notify_saved) = match sent {
        Some((form, saved)) => (form.email.clone(), form.by_email.is_some(), saved),
        None => (stored.email.unwrap_or_default(), stored.by_email, false),
    };
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
            tokens: tokens
                .into_iter()
                .map(|t| token_row(tr, t, p.who.principal.country, p.app().clock.now()))
                .collect(),
            scopes: TokenScope::ALL
                .iter()
                .map(|s| {
                    (
                        s.as_str(),
                        tr.t(&format!("token_scope_{}", s.as_str())).to_owned(),
                    )
                })
                .collect(),
            default_days: api_token::DEFAULT_LIFETIME_DAYS,
            new_secret,
            error,
            notify_email,
            notify_by_email,
            notify_saved,
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
    #[serde(default)]
    scope: String,
    #[serde(default)]
    expires_in_days: String,
}

/// A form's scope and days as the use case takes them: blank is the
/// default; a scope or a number of days that cannot be read is refused on
/// its field.
fn token_choices(input: &TokenForm) -> Result<(Option<TokenScope>, Option<u32>), AppError> {
    let scope = match input.scope.trim() {
        "" => None,
        code => Some(code.parse::<TokenScope>()?),
    };
    let days = match input.expires_in_days.trim() {
        "" => None,
        text => Some(text.parse::<u32>().map_err(|_| {
            AppError::invalid(
                "expires_in_days",
                msg!("token-lifetime", max = api_token::MAX_LIFETIME_DAYS),
            )
        })?),
    };
    Ok((scope, days))
}

pub async fn create_token(p: Page, CsrfForm(input): CsrfForm<TokenForm>) -> PageResult {
    let (scope, expires_in_days) = match token_choices(&input) {
        Ok(choices) => choices,
        Err(e) => return form_failed(&p, e).await,
    };
    let new = auth::NewToken {
        name: &input.name,
        scope,
        expires_in_days,
    };
    match auth::create_api_token(p.app(), &p.who.principal, &new).await {
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

#[derive(Debug, Deserialize)]
pub struct NotificationForm {
    #[serde(default)]
    email: String,
    /// The checkbox: present when ticked.
    by_email: Option<String>,
}

/// Saves where one wants one's notices; a refused choice is shown again as
/// it was sent, with what to do.
pub async fn save_notifications(
    p: Page,
    CsrfForm(input): CsrfForm<NotificationForm>,
) -> PageResult {
    let save = SaveNotificationSettings {
        email: Some(input.email.clone()),
        by_email: input.by_email.is_some(),
    };
    match notices::save_settings(p.app(), &p.actor(), &save).await {
        Ok(_) => page_with(&p, StatusCode::OK, None, None, Some((&input, true))).await,
        Err(e @ AppError::Invalid(_)) => {
            page_with(
                &p,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                Some(p.tr.error(&e)),
                Some((&input, false)),
            )
            .await
        }
        Err(e) => Err(p.fail(e)),
    }
}
