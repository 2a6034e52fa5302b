//! The supervisor's decisions on the family page: accept, decline, assign.

use super::*;

/// A GET on an action's address leads to the family page.
pub async fn to_case(Path(id): Path<String>, Query(q): Query<LangQuery>) -> Redirect {
    Redirect::to(&with_lang(
        &format!("/cases/{}", parse_id(&id).unwrap_or(0)),
        &q,
    ))
}

/// After an action: back to the family page, or the page again with what
/// went wrong.
async fn after_action<T>(
    s: &AppState,
    tr: Tr,
    who: &Authenticated,
    id: i64,
    failed: &'static str,
    input: ActionInput,
    result: Result<T, AppError>,
) -> Response {
    match result {
        Ok(_) => Redirect::to(&format!("/cases/{id}")).into_response(),
        Err(e) => match form::form_error(tr, e) {
            Ok((status, errors)) => {
                family_page(
                    s,
                    tr,
                    who,
                    id,
                    status,
                    PageExtras {
                        failed,
                        errors,
                        input,
                        ..PageExtras::default()
                    },
                )
                .await
            }
            Err(AppError::Forbidden(_)) => locked(tr, who, id, None, StatusCode::FORBIDDEN),
            Err(e) => error_page(tr, Some(who), e),
        },
    }
}

fn version_of(f: &Fields) -> Result<i64, AppError> {
    f.version()
        .ok_or_else(|| AppError::VersionRequired(msg!("form-version-missing")))
}

pub async fn accept(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    PageId(id): PageId,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let tr = tr_for(&q, &headers);
    let f = Fields(pairs);
    let reason = form::multi_line(&f.text("override_reason"));
    let result = match version_of(&f) {
        Ok(v) => {
            treatment::accept(
                &s.app,
                &who.actor(),
                id,
                v,
                (!reason.is_empty()).then_some(reason.as_str()),
            )
            .await
        }
        Err(e) => Err(e),
    };
    let input = ActionInput {
        override_reason: reason,
        ..ActionInput::default()
    };
    after_action(&s, tr, &who, id, "accept", input, result).await
}

pub async fn decline(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    PageId(id): PageId,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let tr = tr_for(&q, &headers);
    let f = Fields(pairs);
    let reason = form::multi_line(&f.text("reason"));
    let result = match version_of(&f) {
        Ok(v) => treatment::decline(&s.app, &who.actor(), id, v, &reason).await,
        Err(e) => Err(e),
    };
    let input = ActionInput {
        decline_reason: reason,
        ..ActionInput::default()
    };
    after_action(&s, tr, &who, id, "decline", input, result).await
}

pub async fn assign(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    PageId(id): PageId,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let tr = tr_for(&q, &headers);
    let f = Fields(pairs);
    let input = ActionInput {
        therapist_id: f.get("therapist_id"),
        start: f.get("start"),
        note: form::one_line(&f.text("note")),
        ..ActionInput::default()
    };
    let mut problems = Vec::new();
    let therapist_id = input.therapist_id.parse::<i64>().ok();
    if therapist_id.is_none() {
        problems.push(rundt_domain::FieldError::new(
            "therapist_id",
            msg!("choose"),
        ));
    }
    let start = form::date(&input.start, "start", &mut problems, msg!("bad_date"));
    let result = match (version_of(&f), therapist_id) {
        (Ok(v), Some(therapist_id)) if problems.is_empty() => {
            let request = AssignTherapist {
                therapist_id,
                start,
                note: (!input.note.is_empty()).then(|| input.note.clone()),
            };
            treatment::assign(&s.app, &who.actor(), id, v, &request).await
        }
        (Err(e), _) => Err(e),
        _ => Err(AppError::Invalid(problems)),
    };
    match result {
        Ok(a) => {
            let name = a.therapist_name.clone();
            let warning = a.warning.as_ref().map(|_| {
                tr.tf(
                    "caseload_warning",
                    &[("name", &name), ("n", &a.open_families.to_string())],
                )
            });
            if warning.is_none() {
                return Redirect::to(&format!("/cases/{id}")).into_response();
            }
            family_page(
                &s,
                tr,
                &who,
                id,
                StatusCode::OK,
                PageExtras {
                    notice: Some(tr.tf("assigned_ok", &[("name", &name)])),
                    warning,
                    ..PageExtras::default()
                },
            )
            .await
        }
        Err(e) => after_action::<()>(&s, tr, &who, id, "assign", input, Err(e)).await,
    }
}
