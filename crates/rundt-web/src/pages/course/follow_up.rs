//! The follow-ups at 6, 12 and 18 months after discharge.

use super::*;

#[derive(Debug, Clone, Default)]
pub struct FollowUpForm {
    months: String,
    date: String,
    living_at_home: bool,
    in_school_or_working: bool,
    no_new_arrests: bool,
    notes: String,
}

#[derive(Template)]
#[template(path = "follow_up_form.html")]
struct FollowUpPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    csrf: String,
    case_id: i64,
    version: i64,
    /// (months, label) of the follow-ups still to make.
    open: Vec<(u8, String)>,
    form: FollowUpForm,
    errors: Errors,
}

fn open_follow_ups(tr: Tr, file: &CaseFile) -> Vec<(u8, String)> {
    let status = file.case.status.parse::<CaseStatus>().ok();
    let done: Vec<u8> = file.follow_ups.iter().map(|f| f.months).collect();
    [6u8, 12, 18]
        .into_iter()
        .filter(|m| {
            status.is_some_and(|st| {
                next_status(st, Step::RecordFollowUp { months: *m }, &done).is_ok()
            })
        })
        .map(|m| (m, tr.tf("months_n", &[("n", &m.to_string())])))
        .collect()
}

async fn follow_up_page(
    s: &AppState,
    tr: Tr,
    who: &Authenticated,
    id: i64,
    status: StatusCode,
    typed: Option<FollowUpForm>,
    errors: Errors,
) -> Response {
    let file = match file_or_page(s, tr, who, id).await {
        Ok(f) => f,
        Err(page) => return *page,
    };
    let open = open_follow_ups(tr, &file);
    let form = typed.unwrap_or_else(|| FollowUpForm {
        months: open.first().map(|(m, _)| m.to_string()).unwrap_or_default(),
        date: day(s.app.clock.today()),
        ..FollowUpForm::default()
    });
    render(
        status,
        &FollowUpPage {
            tr,
            title: format!("{} · {} {id}", tr.t("record_follow_up"), tr.t("family")),
            nav: nav(tr, who),
            csrf: who.csrf_token().to_owned(),
            case_id: id,
            version: file.case.version,
            open,
            form,
            errors,
        },
        tr,
    )
}

pub async fn follow_up_form(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    PageId(id): PageId,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let tr = tr_for(&q, &headers);
    follow_up_page(&s, tr, &who, id, StatusCode::OK, None, Errors::none()).await
}

pub async fn follow_up_submit(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    PageId(id): PageId,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let tr = tr_for(&q, &headers);
    let f = Fields(pairs);
    let typed = FollowUpForm {
        months: f.get("months"),
        date: f.get("date"),
        living_at_home: f.has("living_at_home"),
        in_school_or_working: f.has("in_school_or_working"),
        no_new_arrests: f.has("no_new_arrests"),
        notes: f.text("notes").trim().to_owned(),
    };
    let version = f.version().unwrap_or(0);
    let mut errors = Vec::new();
    let months = typed.months.parse::<u8>().ok();
    if months.is_none() {
        errors.push(FieldError::new("months", msg!("choose")));
    }
    let date = form::date(&typed.date, "date", &mut errors, msg!("bad_date"));
    if typed.date.is_empty() {
        required("date", &mut errors);
    }
    let result = match (months, date) {
        (Some(months), Some(date)) if errors.is_empty() => {
            let fu = FollowUp {
                months,
                date,
                outcomes: UltimateOutcomes {
                    living_at_home: typed.living_at_home,
                    in_school_or_working: typed.in_school_or_working,
                    no_new_arrests: typed.no_new_arrests,
                },
                notes: typed.notes.clone(),
            };
            treatment::follow_up(&s.app, &who.actor(), id, version, &fu).await
        }
        _ => Err(AppError::Invalid(errors)),
    };
    match result {
        Ok(_) => Redirect::to(&format!("/cases/{id}#follow-ups")).into_response(),
        Err(e) => match form::form_error(tr, e) {
            Ok((status, errors)) => {
                follow_up_page(&s, tr, &who, id, status, Some(typed), errors).await
            }
            Err(e) => error_page(tr, Some(&who), e),
        },
    }
}
