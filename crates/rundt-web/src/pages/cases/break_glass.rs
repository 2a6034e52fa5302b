//! The locked page with break-glass access, and the supervisor's review of
//! break-glass grants.

use super::*;
use rundt_domain::id::CaseId;

#[derive(Template)]
#[template(path = "case_locked.html")]
struct LockedPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    case_id: CaseId,
    can_break_glass: bool,
    error: Option<String>,
}

pub(super) fn locked(p: &Page, id: CaseId, error: Option<String>, status: StatusCode) -> Response {
    let can_break_glass = matches!(p.who.principal.role, Role::Therapist | Role::Supervisor);
    p.render(
        status,
        &LockedPage {
            tr: p.tr,
            title: p.tr.t("family").into(),
            nav: p.nav(),
            case_id: id,
            can_break_glass,
            error,
        },
    )
}

#[derive(Debug, Deserialize)]
pub struct BreakGlassForm {
    reason: String,
}

pub async fn break_glass(
    p: Page,
    PageId(id): PageId<CaseId>,
    CsrfForm(input): CsrfForm<BreakGlassForm>,
) -> PageResult {
    match cases::break_glass(p.app(), &p.who.principal, id, &input.reason).await {
        Ok(_) => Ok(Redirect::to(&format!("/cases/{id}")).into_response()),
        Err(e @ AppError::Invalid(_)) => Ok(locked(
            &p,
            id,
            Some(p.tr.error(&e)),
            StatusCode::UNPROCESSABLE_ENTITY,
        )),
        Err(e) => Err(p.fail(e)),
    }
}

/// One on-call access as the review lists it.
pub struct OnCallLine {
    at: String,
    who: String,
    what: String,
    case_id: String,
    shift: String,
}

#[derive(Template)]
#[template(path = "break_glass_review.html")]
struct ReviewPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    grants: Vec<BreakGlassGrant>,
    /// The on-call accesses of the same days.
    on_call: Vec<OnCallLine>,
    /// The auditor reviews from the audit log (events about the family);
    /// the supervisor opens the family.
    auditor: bool,
    /// The viewer's country's clock, on which times are shown.
    tz: chrono_tz::Tz,
}

/// The break-glass accesses of the last 30 days: the supervisor's teams',
/// or, for the auditor, every team's in their country.
pub async fn review(p: Page) -> PageResult {
    let grants = cases::break_glass_overview(p.app(), &p.who.principal)
        .await
        .on(&p)?;
    let auditor = p.who.principal.role == Role::Auditor;
    let tz = p.who.principal.country.time_zone();
    let on_call = rundt_app::on_call_access::on_call_review(p.app(), &p.who.principal)
        .await
        .on(&p)?
        .into_iter()
        .map(|a| OnCallLine {
            at: a.at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
            who: a.user_name,
            what: p
                .tr
                .t(&format!("on_call_review_{}", a.action.replace('.', "_")))
                .to_owned(),
            case_id: a.case_id.map(|c| c.to_string()).unwrap_or_default(),
            shift: a.shift.unwrap_or_default(),
        })
        .collect();
    p.show(&ReviewPage {
        tr: p.tr,
        title: p
            .tr
            .t(if auditor {
                "start_break_glass"
            } else {
                "break_glass_review"
            })
            .into(),
        nav: p.nav(),
        grants,
        on_call,
        auditor,
        tz: p.who.principal.country.time_zone(),
    })
}
