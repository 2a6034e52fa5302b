//! Accounts, for the national programme office.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use rundt_app::users::{self, CreateUser};
use rundt_app::{AppError, auth};
use rundt_domain::user::User;
use serde::Deserialize;

use super::{LangQuery, Nav, PageId, error_page, nav, render, role_label, tr_for};
use crate::auth::{Authenticated, CsrfForm, PageUser};
use crate::i18n::Tr;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "admin_users.html")]
struct UsersPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    users: Vec<(User, String)>,
    roles: Vec<(String, String)>,
    created: Option<(String, String)>,
    error: Option<String>,
}

async fn page(
    s: &AppState,
    tr: Tr,
    who: &Authenticated,
    status: StatusCode,
    created: Option<(String, String)>,
    error: Option<String>,
) -> Response {
    match users::list_users(&s.app, &who.actor()).await {
        Ok(list) => render(
            status,
            &UsersPage {
                tr,
                title: tr.t("users").into(),
                nav: nav(tr, who),
                users: list
                    .into_iter()
                    .map(|u| {
                        let label = role_label(tr, u.role).to_owned();
                        (u, label)
                    })
                    .collect(),
                roles: rundt_domain::user::Role::ALL
                    .iter()
                    .map(|r| (r.as_str().to_owned(), role_label(tr, *r).to_owned()))
                    .collect(),
                created,
                error,
            },
            tr,
        ),
        Err(e) => error_page(tr, Some(who), e),
    }
}

pub async fn list(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let tr = tr_for(&q, &headers);
    page(&s, tr, &who, StatusCode::OK, None, None).await
}

#[derive(Debug, Deserialize)]
pub struct UserForm {
    username: String,
    display_name: String,
    email: Option<String>,
    role: String,
    municipality_code: Option<String>,
}

pub async fn create(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    CsrfForm(input): CsrfForm<UserForm>,
) -> Response {
    let tr = tr_for(&q, &headers);
    let request = CreateUser {
        username: input.username,
        display_name: input.display_name,
        email: input.email.filter(|e| !e.trim().is_empty()),
        role: input.role,
        country: who.principal.country.code().to_owned(),
        municipality_code: input.municipality_code.filter(|m| !m.trim().is_empty()),
        password: None,
    };
    match users::create_user(&s.app, &who.actor(), &request).await {
        Ok(created) => {
            let shown = created
                .generated_password
                .map(|p| (created.user.username.clone(), p));
            page(&s, tr, &who, StatusCode::CREATED, shown, None).await
        }
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
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
pub struct ActiveForm {
    active: bool,
}

pub async fn set_active(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    PageId(id): PageId,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    CsrfForm(input): CsrfForm<ActiveForm>,
) -> Response {
    let tr = tr_for(&q, &headers);
    match auth::set_user_active(&s.app, &who.principal, id, input.active).await {
        Ok(_) => Redirect::to("/admin/users").into_response(),
        Err(e) => error_page(tr, Some(&who), e),
    }
}
