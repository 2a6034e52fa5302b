//! The discharge: reason, evaluation, goals and the three ultimate outcomes.

use super::*;
use rundt_domain::discharge::ChildOutcome;
use rundt_domain::id::CaseId;

#[derive(Debug, Clone, Default)]
pub struct DischargeForm {
    date: String,
    reason: String,
    reason_note: String,
    clinical_evaluation: String,
    /// (goal, result code).
    goals: Vec<(String, String)>,
    living_at_home: bool,
    in_school_or_working: bool,
    no_new_arrests: bool,
    /// MST-CAN: one row per child.
    children: Vec<ChildRow>,
}

#[derive(Template)]
#[template(path = "discharge_form.html")]
struct DischargePage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    csrf: String,
    case_id: CaseId,
    version: i64,
    form: DischargeForm,
    reasons: Choices,
    attainments: Choices,
    errors: Errors,
}

const REASONS: [DischargeReason; 5] = [
    DischargeReason::Completed,
    DischargeReason::LackOfEngagement,
    DischargeReason::Placed,
    DischargeReason::Moved,
    DischargeReason::Other,
];

fn discharge_page(
    p: &Page,
    status: StatusCode,
    case_id: CaseId,
    version: i64,
    form: DischargeForm,
    errors: Errors,
) -> Response {
    let tr = p.tr;
    p.render(
        status,
        &DischargePage {
            tr,
            title: family_title(tr, "discharge_family", case_id),
            nav: p.nav(),
            csrf: p.who.csrf_token().to_owned(),
            case_id,
            version,
            form,
            reasons: REASONS
                .iter()
                .map(|r| (r.as_str(), tr.t(&format!("reason_{}", r.as_str()))))
                .collect(),
            attainments: attainments(tr),
            errors,
        },
    )
}

pub async fn discharge_form(p: Page, PageId(id): PageId<CaseId>) -> PageResult {
    let file = case_file(&p, id).await?;
    let form = DischargeForm {
        date: day(p.app().clock.today()),
        reason: "completed".into(),
        goals: goals_to_rate(&file)
            .iter()
            .map(|g| (g.goal.clone(), String::new()))
            .collect(),
        children: child_rows(&file),
        ..DischargeForm::default()
    };
    let errors = not_now(p.tr, &file, Step::Discharge);
    Ok(discharge_page(
        &p,
        StatusCode::OK,
        id,
        file.case.version,
        form,
        errors,
    ))
}

pub async fn discharge_submit(p: Page, PageId(id): PageId<CaseId>, f: Fields) -> PageResult {
    let typed = DischargeForm {
        date: f.get("date"),
        reason: f.get("reason"),
        reason_note: form::multi_line(&f.text("reason_note")),
        clinical_evaluation: form::multi_line(&f.text("clinical_evaluation")),
        goals: (0..f.rows("goals", 8))
            .map(|i| {
                (
                    f.get(&format!("goals[{i}].goal")),
                    f.get(&format!("goals[{i}].result")),
                )
            })
            .filter(|(g, _)| !g.is_empty())
            .collect(),
        living_at_home: f.has("living_at_home"),
        in_school_or_working: f.has("in_school_or_working"),
        no_new_arrests: f.has("no_new_arrests"),
        children: posted_child_rows(&f),
    };
    let version = f.required_version().on(&p)?;
    let mut errors = Vec::new();
    let date = form::date(&typed.date, "date", &mut errors, msg!("bad_date"));
    if typed.date.is_empty() {
        required("date", &mut errors);
    }
    let reason = DischargeReason::parse(&typed.reason);
    if reason.is_none() {
        errors.push(FieldError::new("reason", msg!("choose")));
    }
    let result = match (date, reason) {
        (Some(date), Some(reason)) if errors.is_empty() => {
            let d = Discharge {
                date,
                reason,
                reason_note: typed.reason_note.clone(),
                clinical_evaluation: typed.clinical_evaluation.clone(),
                goals: typed
                    .goals
                    .iter()
                    .filter_map(|(goal, result)| {
                        parse_attainment(result).map(|result| GoalResult {
                            goal: goal.clone(),
                            result,
                        })
                    })
                    .collect(),
                outcomes: UltimateOutcomes {
                    living_at_home: typed.living_at_home,
                    in_school_or_working: typed.in_school_or_working,
                    no_new_arrests: typed.no_new_arrests,
                },
                // A row not fully answered is left out: the use case names
                // the child whose outcome is missing.
                children: typed
                    .children
                    .iter()
                    .filter_map(|c| {
                        Some(ChildOutcome {
                            child: row_child(c)?,
                            living_at_home: yes_no(&c.at_home)?,
                            care_order_during_treatment: yes_no(&c.care_order)?,
                        })
                    })
                    .collect(),
            };
            treatment::discharge(p.app(), &p.actor(), id, version, &d).await
        }
        _ => Err(AppError::Invalid(errors)),
    };
    let target = format!("/cases/{id}#discharge");
    form::settle(&p, result, &target, |status, errors| {
        std::future::ready(Ok(discharge_page(&p, status, id, version, typed, errors)))
    })
    .await
}
