//! The locked page with break-glass access, and the supervisor's review of
//! break-glass grants.

use super::*;

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

pub(super) fn locked(
    tr: Tr,
    who: &Authenticated,
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

#[derive(Debug, Deserialize)]
pub struct BreakGlassForm {
    reason: String,
}

pub async fn break_glass(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    PageId(id): PageId,
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
            Some(tr.error(&e)),
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
