//! Accounts, for the national programme office.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use rundt_app::users::{self, CreateUser};
use rundt_app::{AppError, auth};
use std::collections::HashMap;

use rundt_domain::id::UserId;
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::user::User;
use serde::Deserialize;

use super::{Nav, OrPage, Page, PageContext, PageId, PageResult, role_label};
use crate::auth::CsrfForm;
use crate::i18n::Tr;

/// An account in the list, in the viewer's words.
struct UserRow {
    user: User,
    role: String,
    /// The municipality's name and code, for municipal roles.
    municipality: Option<String>,
    /// The administrator's own account: it cannot be deactivated here.
    is_self: bool,
}

#[derive(Template)]
#[template(path = "admin_users.html")]
struct UsersPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    users: Vec<UserRow>,
    roles: Vec<(String, String)>,
    /// The country's municipalities in force today: (code, name).
    municipalities: Vec<(String, String)>,
    created: Option<(String, String)>,
    error: Option<String>,
}

async fn page(
    p: &Page,
    status: StatusCode,
    created: Option<(String, String)>,
    error: Option<String>,
) -> PageResult {
    let list = users::list_users(p.app(), &p.actor()).await.on(p)?;
    let country = p.who.principal.country;
    // Every code the country has had (a code no longer in force is still
    // named); the list to choose from is those in force today.
    let all = rundt_app::reference::municipalities(p.app(), Some(country), None, true)
        .await
        .on(p)?;
    let today = p.app().clock.today();
    let in_force: Vec<(String, String)> = all
        .iter()
        .filter(|m| m.is_valid_on(today))
        .map(|m| (m.code.to_string(), m.name.clone()))
        .collect();
    let names: HashMap<MunicipalityCode, String> =
        all.into_iter().map(|m| (m.code, m.name)).collect();
    let tr = p.tr;
    let me = p.who.principal.user_id;
    Ok(p.render(
        status,
        &UsersPage {
            tr,
            title: tr.t("users").into(),
            nav: p.nav(),
            users: list
                .into_iter()
                .map(|u| UserRow {
                    role: role_label(tr, u.role).to_owned(),
                    municipality: u.municipality_code.as_ref().map(|c| match names.get(c) {
                        Some(name) => format!("{name} ({c})"),
                        None => c.to_string(),
                    }),
                    is_self: u.id == me,
                    user: u,
                })
                .collect(),
            municipalities: in_force,
            roles: rundt_domain::user::Role::ALL
                .iter()
                .map(|r| (r.as_str().to_owned(), role_label(tr, *r).to_owned()))
                .collect(),
            created,
            error,
        },
    ))
}

pub async fn list(p: Page) -> PageResult {
    page(&p, StatusCode::OK, None, None).await
}

#[derive(Debug, Deserialize)]
pub struct UserForm {
    username: String,
    display_name: String,
    email: Option<String>,
    role: String,
    municipality_code: Option<String>,
}

pub async fn create(p: Page, CsrfForm(input): CsrfForm<UserForm>) -> PageResult {
    let request = CreateUser {
        username: input.username,
        display_name: input.display_name,
        email: input.email.filter(|e| !e.trim().is_empty()),
        role: input.role,
        country: p.who.principal.country.code().to_owned(),
        municipality_code: input.municipality_code.filter(|m| !m.trim().is_empty()),
        password: None,
    };
    match users::create_user(p.app(), &p.actor(), &request).await {
        Ok(created) => {
            let shown = created
                .generated_password
                .map(|pw| (created.user.username.clone(), pw));
            page(&p, StatusCode::CREATED, shown, None).await
        }
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let error = Some(p.tr.error(&e));
            page(&p, StatusCode::UNPROCESSABLE_ENTITY, None, error).await
        }
        Err(e) => Err(p.fail(e)),
    }
}

#[derive(Debug, Deserialize)]
pub struct ActiveForm {
    active: bool,
}

pub async fn set_active(
    p: Page,
    PageId(id): PageId<UserId>,
    CsrfForm(input): CsrfForm<ActiveForm>,
) -> PageResult {
    auth::set_user_active(p.app(), &p.who.principal, id, input.active)
        .await
        .on(&p)?;
    Ok(Redirect::to("/admin/users").into_response())
}
