//! The supervisor's decisions on the family page: accept, decline, assign;
//! and what every action on the family page does afterwards.

use super::*;
use rundt_domain::id::CaseId;
use rundt_domain::id::UserId;

/// A GET on an action's address leads to the family page.
pub async fn to_case(PageId(id): PageId<CaseId>, Query(q): Query<LangQuery>) -> Redirect {
    Redirect::to(&with_lang(&format!("/cases/{id}"), &q))
}

/// After an action: back to the family page, or the page again with what
/// went wrong.
pub(super) async fn after_action<T>(
    p: &Page,
    id: CaseId,
    failed: &'static str,
    input: ActionInput,
    result: Result<T, AppError>,
) -> PageResult {
    let e = match result {
        Ok(_) => return Ok(Redirect::to(&format!("/cases/{id}")).into_response()),
        Err(e) => e,
    };
    match form::form_error(p.tr, e) {
        Ok((status, errors)) => {
            let extras = PageExtras {
                failed,
                errors,
                input,
                ..PageExtras::default()
            };
            family_page(p, id, status, extras).await
        }
        Err(AppError::Forbidden(_)) => Ok(locked(p, id, None, StatusCode::FORBIDDEN)),
        Err(e) => Err(p.fail(e)),
    }
}

/// Makes `change` to the family at the version the form was filled in on;
/// without a version, the change is refused.
pub(super) async fn at_version<T, Change>(
    f: &Fields,
    change: impl FnOnce(i64) -> Change,
) -> Result<T, AppError>
where
    Change: std::future::Future<Output = Result<T, AppError>>,
{
    change(f.required_version()?).await
}

/// Accepts the referral onto the waiting list or ("then=start", with a
/// therapist who has room) accepts it and starts treatment with that
/// therapist in one step.
pub async fn accept(p: Page, PageId(id): PageId<CaseId>, f: Fields) -> PageResult {
    let reason = form::multi_line(&f.text("override_reason"));
    let why = (!reason.is_empty()).then_some(reason.as_str());
    let input = ActionInput {
        override_reason: reason.clone(),
        therapist_id: f.get("therapist_id"),
        start: f.get("start"),
        ..ActionInput::default()
    };
    let actor = p.actor();
    if f.get("then") != "start" {
        let result = at_version(&f, |v| treatment::accept(p.app(), &actor, id, v, why)).await;
        return after_action(&p, id, "accept", input, result).await;
    }
    let (app, chosen, actor) = (p.app(), &input, &actor);
    let result = at_version(&f, |v| async move {
        let request = assign_request(chosen)?;
        treatment::accept_and_assign(app, actor, id, v, why, &request).await
    })
    .await;
    assigned(&p, id, "accept", input, result).await
}

/// The therapist and first day a form chose, or what is wrong with them.
fn assign_request(input: &ActionInput) -> Result<AssignTherapist, AppError> {
    let mut problems = Vec::new();
    let therapist_id = input.therapist_id.parse::<UserId>().ok();
    if therapist_id.is_none() {
        problems.push(rundt_domain::FieldError::new(
            "therapist_id",
            msg!("therapist-choose"),
        ));
    }
    let start = form::date(&input.start, "start", &mut problems, msg!("bad_date"));
    match therapist_id {
        Some(therapist_id) if problems.is_empty() => Ok(AssignTherapist {
            therapist_id,
            start,
            note: (!input.note.is_empty()).then(|| input.note.clone()),
        }),
        _ => Err(AppError::Invalid(problems)),
    }
}

/// After an assignment: the family page, with the caseload warning when
/// the therapist now holds more than the model's maximum.
async fn assigned(
    p: &Page,
    id: CaseId,
    failed: &'static str,
    input: ActionInput,
    result: Result<treatment::Assignment, AppError>,
) -> PageResult {
    let a = match result {
        Ok(a) => a,
        Err(e) => return after_action::<()>(p, id, failed, input, Err(e)).await,
    };
    if a.warning.is_none() {
        return Ok(Redirect::to(&format!("/cases/{id}")).into_response());
    }
    let tr = p.tr;
    let name = a.therapist_name;
    let extras = PageExtras {
        notice: Some(tr.tf("assigned_ok", &[("name", &name)])),
        warning: Some(tr.tf(
            "caseload_warning",
            &[("name", &name), ("n", &a.open_families.to_string())],
        )),
        ..PageExtras::default()
    };
    family_page(p, id, StatusCode::OK, extras).await
}

pub async fn decline(p: Page, PageId(id): PageId<CaseId>, f: Fields) -> PageResult {
    let reason = form::multi_line(&f.text("reason"));
    let actor = p.actor();
    let result = at_version(&f, |v| treatment::decline(p.app(), &actor, id, v, &reason)).await;
    let input = ActionInput {
        decline_reason: reason,
        ..ActionInput::default()
    };
    after_action(&p, id, "decline", input, result).await
}

pub async fn assign(p: Page, PageId(id): PageId<CaseId>, f: Fields) -> PageResult {
    let input = ActionInput {
        therapist_id: f.get("therapist_id"),
        start: f.get("start"),
        note: form::one_line(&f.text("note")),
        ..ActionInput::default()
    };
    let actor = p.actor();
    let (app, chosen, actor) = (p.app(), &input, &actor);
    let result = at_version(&f, |v| async move {
        let request = assign_request(chosen)?;
        treatment::assign(app, actor, id, v, &request).await
    })
    .await;
    assigned(&p, id, "assign", input, result).await
}
