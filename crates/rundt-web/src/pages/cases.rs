//! Families: the list one may see, a family's page (with break-glass when
//! access is missing), and the supervisor's review of break-glass access.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use rundt_app::AppError;
use rundt_app::cases::{self, CaseSummary, CaseView};
use rundt_domain::user::Role;
use rundt_store::BreakGlassGrant;
use serde::Deserialize;

use super::{LangQuery, Nav, error_page, nav, render, tr_for};
use crate::auth::{CsrfForm, PageUser};
use crate::i18n::Tr;
use crate::router::AppState;

#[derive(Template)]
#[template(path = "cases.html")]
struct CasesPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    cases: Vec<CaseSummary>,
}

pub async fn list(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let tr = tr_for(&q, &headers);
    match cases::list_cases(&s.app, &who.actor()).await {
        Ok(cases) => render(
            StatusCode::OK,
            &CasesPage {
                tr,
                title: tr.t("families").into(),
                nav: nav(tr, &who),
                cases,
            },
            tr,
        ),
        Err(e) => error_page(tr, Some(&who), e),
    }
}

#[derive(Template)]
#[template(path = "case.html")]
struct CasePage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    case: CaseView,
    people: Vec<(String, String, String, String)>,
}

#[derive(Template)]
#[template(path = "case_locked.html")]
struct LockedPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    case_id: i64,
    can_break_glass: bool,
    error: Option<String>,
}

fn locked(
    tr: Tr,
    who: &crate::auth::Authenticated,
    id: i64,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let can_break_glass = matches!(who.principal.role, Role::Therapist | Role::Supervisor);
    render(
        status,
        &LockedPage {
            tr,
            title: tr.t("family").into(),
            nav: nav(tr, who),
            case_id: id,
            can_break_glass,
            error,
        },
        tr,
    )
}

pub async fn show(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    Path(id): Path<String>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let tr = tr_for(&q, &headers);
    let Ok(id) = id.parse::<i64>() else {
        return error_page(tr, Some(&who), AppError::NotFound("case".into()));
    };
    match cases::read_case(&s.app, &who.actor(), id).await {
        Ok(case) => {
            let people = case
                .people
                .iter()
                .map(|p| {
                    (
                        format!("{} {}", p.given_name, p.family_name),
                        tr.t(match p.role {
                            rundt_store::ParticipantRole::YoungPerson => "young_person",
                            rundt_store::ParticipantRole::Caregiver => "caregiver",
                        })
                        .to_owned(),
                        p.birth_date
                            .map(|d| d.format("%Y-%m-%d").to_string())
                            .unwrap_or_default(),
                        p.national_id_masked.clone().unwrap_or_default(),
                    )
                })
                .collect();
            render(
                StatusCode::OK,
                &CasePage {
                    tr,
                    title: format!("{} {}", tr.t("family"), case.id),
                    nav: nav(tr, &who),
                    case,
                    people,
                },
                tr,
            )
        }
        Err(AppError::Forbidden(_)) => locked(tr, &who, id, None, StatusCode::FORBIDDEN),
        Err(e) => error_page(tr, Some(&who), e),
    }
}

#[derive(Debug, Deserialize)]
pub struct BreakGlassForm {
    reason: String,
}

pub async fn break_glass(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    CsrfForm(input): CsrfForm<BreakGlassForm>,
) -> Response {
    let tr = tr_for(&q, &headers);
    match cases::break_glass(&s.app, &who.principal, id, &input.reason).await {
        Ok(_) => Redirect::to(&format!("/cases/{id}")).into_response(),
        Err(e @ AppError::Invalid(_)) => locked(
            tr,
            &who,
            id,
            Some(e.to_string()),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(e) => error_page(tr, Some(&who), e),
    }
}

#[derive(Template)]
#[template(path = "break_glass_review.html")]
struct ReviewPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    grants: Vec<BreakGlassGrant>,
}

pub async fn review(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let tr = tr_for(&q, &headers);
    match cases::break_glass_overview(&s.app, &who.principal).await {
        Ok(grants) => render(
            StatusCode::OK,
            &ReviewPage {
                tr,
                title: tr.t("break_glass_review").into(),
                nav: nav(tr, &who),
                grants,
            },
            tr,
        ),
        Err(e) => error_page(tr, Some(&who), e),
    }
}
