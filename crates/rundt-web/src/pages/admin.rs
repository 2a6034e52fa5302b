//! Accounts, for the national programme office.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use rundt_app::organisation;
use rundt_app::users::{self, CreateUser, JoinTeam};
use rundt_app::{AppError, auth};
use std::collections::HashMap;

use rundt_domain::id::{TeamId, UserId};
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::team::Position;
use rundt_domain::user::User;
use rundt_domain::{Arg, FieldError, msg};
use serde::Deserialize;

use super::cases::day;
use super::form::{self, Errors};
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
    /// The country's teams a new account may join: (id, name).
    teams: Vec<(String, String)>,
    /// (code, label) of the positions in a team.
    positions: Vec<(&'static str, &'static str)>,
    /// The new-account form: blank, or as typed when it was refused.
    form: UserForm,
    errors: Errors,
    created: Option<(String, String)>,
    /// The team the new account joined, in words.
    joined: Option<String>,
}

/// What the page shows besides the list: the form (blank or as typed),
/// what was wrong with it, or what was just created.
#[derive(Default)]
struct Shown {
    form: Option<UserForm>,
    errors: Errors,
    created: Option<(String, String)>,
    joined: Option<String>,
}

async fn page(p: &Page, status: StatusCode, shown: Shown) -> PageResult {
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
    let teams = country_teams(p).await?;
    let tr = p.tr;
    let me = p.who.principal.user_id;
    let form = shown.form.unwrap_or_else(|| UserForm {
        team_since: day(today),
        ..UserForm::default()
    });
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
            teams,
            positions: Position::ALL
                .iter()
                .map(|p| (p.as_str(), tr.t(p.as_str())))
                .collect(),
            roles: rundt_domain::user::Role::ALL
                .iter()
                .map(|r| (r.as_str().to_owned(), role_label(tr, *r).to_owned()))
                .collect(),
            form,
            errors: shown.errors,
            created: shown.created,
            joined: shown.joined,
        },
    ))
}

/// The teams of the administrator's country: (id, name).
async fn country_teams(p: &Page) -> Result<Vec<(String, String)>, super::PageError> {
    let country = p.who.principal.country;
    Ok(organisation::team_names(p.app())
        .await
        .on(p)?
        .into_iter()
        .filter(|t| t.country == country)
        .map(|t| {
            (
                t.id.to_string(),
                format!("{} ({})", t.name, t.programme_model),
            )
        })
        .collect())
}

pub async fn list(p: Page) -> PageResult {
    page(&p, StatusCode::OK, Shown::default()).await
}

/// The new-account form as posted (and shown again when refused).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct UserForm {
    username: String,
    display_name: String,
    email: String,
    role: String,
    municipality_code: String,
    /// The team the account joins at once; empty for none.
    team_id: String,
    position: String,
    /// The first day in the team; today when empty.
    team_since: String,
}

/// Where the new account joins a team, if the form chose one.
fn joining(input: &UserForm) -> Result<Option<JoinTeam>, AppError> {
    if input.team_id.trim().is_empty() {
        return Ok(None);
    }
    let mut problems = Vec::new();
    let team_id = input.team_id.trim().parse::<TeamId>().ok();
    if team_id.is_none() {
        problems.push(FieldError::new(
            "team_id",
            msg!("team-unknown", id = input.team_id.trim()),
        ));
    }
    if input.position.trim().is_empty() {
        problems.push(FieldError::new("position", msg!("position-missing")));
    }
    let since = form::date(
        input.team_since.trim(),
        "team_since",
        &mut problems,
        msg!("bad_date"),
    );
    match team_id {
        Some(team_id) if problems.is_empty() => Ok(Some(JoinTeam {
            team_id,
            position: input.position.trim().to_owned(),
            since,
        })),
        _ => Err(AppError::Invalid(problems)),
    }
}

pub async fn create(p: Page, CsrfForm(input): CsrfForm<UserForm>) -> PageResult {
    let optional = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let request = CreateUser {
        username: input.username.clone(),
        display_name: input.display_name.clone(),
        email: optional(&input.email),
        role: input.role.clone(),
        country: p.who.principal.country.code().to_owned(),
        municipality_code: optional(&input.municipality_code),
        password: None,
    };
    let result = match joining(&input) {
        Ok(None) => users::create_user(p.app(), &p.actor(), &request)
            .await
            .map(|created| (created, None)),
        Ok(Some(join)) => users::create_user_in_team(p.app(), &p.actor(), &request, &join)
            .await
            .map(|m| (m.created, Some(m.membership))),
        Err(e) => Err(e),
    };
    match result {
        Ok((created, membership)) => {
            let tr = p.tr;
            let joined = match membership {
                Some(m) => {
                    let teams = country_teams(&p).await?;
                    let team = teams
                        .iter()
                        .find(|(id, _)| *id == m.team_id.to_string())
                        .map(|(_, name)| name.clone())
                        .unwrap_or_default();
                    Some(tr.args(
                        "user_in_team",
                        &[
                            ("name", Arg::from(m.display_name.as_str())),
                            ("team", Arg::from(team.as_str())),
                            ("position", Arg::from(tr.t(m.position.as_str()))),
                            ("date", Arg::from(day(m.since))),
                        ],
                    ))
                }
                None => None,
            };
            let shown = Shown {
                created: created
                    .generated_password
                    .map(|pw| (created.user.username.clone(), pw)),
                joined,
                ..Shown::default()
            };
            page(&p, StatusCode::CREATED, shown).await
        }
        Err(e) => {
            let (status, errors) = form::refused(&p, e)?;
            let shown = Shown {
                form: Some(input),
                errors,
                ..Shown::default()
            };
            page(&p, status, shown).await
        }
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
