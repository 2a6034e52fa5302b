//! The follow-ups at 6, 12 and 18 months after discharge.

use super::*;
use rundt_domain::discharge::ChildFollowUp;
use rundt_domain::id::CaseId;

#[derive(Debug, Clone, Default)]
pub struct FollowUpForm {
    months: String,
    date: String,
    living_at_home: bool,
    in_school_or_working: bool,
    no_new_arrests: bool,
    notes: String,
    /// MST-CAN: one row per child.
    children: Vec<ChildRow>,
}

#[derive(Template)]
#[template(path = "follow_up_form.html")]
struct FollowUpPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    csrf: String,
    case_id: CaseId,
    version: i64,
    /// (months, label) of the follow-ups still to make.
    open: Vec<(u8, String)>,
    form: FollowUpForm,
    errors: Errors,
}

fn open_follow_ups(tr: Tr, file: &CaseFile) -> Vec<(u8, String)> {
    let done: Vec<u8> = file.follow_ups.iter().map(|f| f.months).collect();
    [6u8, 12, 18]
        .into_iter()
        .filter(|m| {
            next_status(file.case.status, Step::RecordFollowUp { months: *m }, &done).is_ok()
        })
        .map(|m| (m, tr.tf("months_n", &[("n", &m.to_string())])))
        .collect()
}

async fn follow_up_page(
    p: &Page,
    id: CaseId,
    status: StatusCode,
    typed: Option<FollowUpForm>,
    errors: Errors,
) -> PageResult {
    let file = case_file(p, id).await?;
    let tr = p.tr;
    let open = open_follow_ups(tr, &file);
    let form = typed.unwrap_or_else(|| FollowUpForm {
        months: open.first().map(|(m, _)| m.to_string()).unwrap_or_default(),
        date: day(p.app().clock.today()),
        children: child_rows(&file),
        ..FollowUpForm::default()
    });
    Ok(p.render(
        status,
        &FollowUpPage {
            tr,
            title: family_title(tr, "record_follow_up", id),
            nav: p.nav(),
            csrf: p.who.csrf_token().to_owned(),
            case_id: id,
            version: file.case.version,
            open,
            form,
            errors,
        },
    ))
}

pub async fn follow_up_form(p: Page, PageId(id): PageId<CaseId>) -> PageResult {
    follow_up_page(&p, id, StatusCode::OK, None, Errors::none()).await
}

pub async fn follow_up_submit(p: Page, PageId(id): PageId<CaseId>, f: Fields) -> PageResult {
    let typed = FollowUpForm {
        months: f.get("months"),
        date: f.get("date"),
        living_at_home: f.has("living_at_home"),
        in_school_or_working: f.has("in_school_or_working"),
        no_new_arrests: f.has("no_new_arrests"),
        notes: f.text("notes").trim().to_owned(),
        children: posted_child_rows(&f),
    };
    let version = f.required_version().on(&p)?;
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
                children: typed
                    .children
                    .iter()
                    .filter_map(|c| {
                        Some(ChildFollowUp {
                            child: row_child(c)?,
                            care_order: yes_no(&c.care_order)?,
                        })
                    })
                    .collect(),
            };
            treatment::follow_up(p.app(), &p.actor(), id, version, &fu).await
        }
        _ => Err(AppError::Invalid(errors)),
    };
    let target = format!("/cases/{id}#follow-ups");
    form::settle(&p, result, &target, |status, errors| {
        follow_up_page(&p, id, status, Some(typed), errors)
    })
    .await
}
