//! The auditor's retention page: what the country's retention rules make
//! due today (docs/RETENTION.md), and the legal holds, placed and lifted
//! here with a reason. Anonymising itself is the operator's command
//! (`rundt retention`), with the archive authority's decision.

use askama::Template;
use axum::http::StatusCode;
use chrono::NaiveDate;
use rundt_app::AppError;
use rundt_app::retention::{self, Review};
use rundt_domain::id::CaseId;
use rundt_domain::retention::{Disposal, RetentionPolicy};
use rundt_domain::{Arg, msg};
use serde::Deserialize;

use super::{Nav, Page, PageContext, PageId, PageResult, capitalised, go_to};
use crate::auth::CsrfForm;
use crate::i18n::Tr;

/// One rule as the page shows it.
struct RuleRow {
    kind: String,
    what: String,
    needs_decision: bool,
    due: usize,
    not_yet: usize,
    next_due: Option<NaiveDate>,
    on_hold: usize,
    kept: usize,
    sources: Vec<String>,
}

struct HoldRow {
    case_id: CaseId,
    placed_on: String,
    reason: String,
}

#[derive(Template)]
#[template(path = "retention.html")]
struct RetentionPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    today: NaiveDate,
    rules: Vec<RuleRow>,
    due: Vec<CaseId>,
    holds: Vec<HoldRow>,
    /// What went wrong with the last form, said for people.
    error: Option<String>,
    typed_case: String,
    typed_reason: String,
}

fn rule_rows(tr: Tr, review: &Review) -> Vec<RuleRow> {
    review
        .rules
        .iter()
        .filter(|r| r.rule.kind.is_case())
        .map(|r| {
            let rule = &r.rule;
            let what = match rule.then {
                Disposal::Keep => tr.t("retention_then_keep").to_owned(),
                _ => tr.args(
                    "retention_then_anonymise",
                    &[("months", Arg::from(i64::from(rule.keep_months)))],
                ),
            };
            RuleRow {
                kind: tr.t(&format!("retention_kind_{}", rule.kind)).to_owned(),
                what,
                needs_decision: rule.needs_authorisation,
                due: r.due.len(),
                not_yet: r.not_yet,
                next_due: r.next_due,
                on_hold: r.on_hold,
                kept: r.kept,
                sources: rule.sources.clone(),
            }
        })
        .collect()
}

async fn show(
    p: &Page,
    status: StatusCode,
    error: Option<String>,
    typed_case: String,
    typed_reason: String,
) -> PageResult {
    let policy = RetentionPolicy::built_in()
        .map_err(|e| p.fail(AppError::Internal(format!("the retention rules: {e}"))))?;
    let actor = p.actor();
    let review = retention::review(p.app(), &actor, &policy)
        .await
        .map_err(|e| p.fail(e))?;
    let holds = retention::holds(p.app(), &actor, true)
        .await
        .map_err(|e| p.fail(e))?;
    let tz = p.who.principal.country.time_zone();
    let page = RetentionPage {
        tr: p.tr,
        title: p.tr.t("retention").into(),
        nav: p.nav(),
        today: review.today,
        rules: rule_rows(p.tr, &review),
        due: review.rules.iter().flat_map(|r| r.due.clone()).collect(),
        holds: holds
            .into_iter()
            .map(|h| HoldRow {
                case_id: h.case_id,
                placed_on: h
                    .placed_at
                    .with_timezone(&tz)
                    .format("%Y-%m-%d")
                    .to_string(),
                reason: h.reason,
            })
            .collect(),
        error,
        typed_case,
        typed_reason,
    };
    Ok(p.render(status, &page))
}

pub async fn overview(p: Page) -> PageResult {
    show(&p, StatusCode::OK, None, String::new(), String::new()).await
}

#[derive(Debug, Deserialize)]
pub struct HoldForm {
    #[serde(default)]
    case_id: String,
    #[serde(default)]
    reason: String,
}

/// The answer to a hold form: back to the page, or the page again with
/// what to fix (a refusal or a missing case is its own page).
async fn after(
    p: &Page,
    done: Result<(), AppError>,
    typed_case: String,
    typed_reason: String,
) -> PageResult {
    let (status, said) = match done {
        Ok(()) => return go_to("/retention"),
        Err(AppError::Invalid(fields)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            fields
                .iter()
                .map(|f| p.tr.message(&f.message))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        Err(AppError::Conflict(m)) => (StatusCode::CONFLICT, p.tr.message(&m)),
        Err(e) => return Err(p.fail(e)),
    };
    show(
        p,
        status,
        Some(capitalised(&said)),
        typed_case,
        typed_reason,
    )
    .await
}

/// Places a legal hold on the case the form names.
pub async fn place(p: Page, CsrfForm(form): CsrfForm<HoldForm>) -> PageResult {
    let done = match form.case_id.trim().parse::<i64>() {
        Ok(id) if id > 0 => {
            retention::place_hold(p.app(), &p.actor(), CaseId::new(id), &form.reason)
                .await
                .map(|_| ())
        }
        _ => Err(AppError::invalid("case_id", msg!("legal-hold-case-number"))),
    };
    after(&p, done, form.case_id, form.reason).await
}

/// Lifts the legal hold on a case, with the reason the form gives.
pub async fn lift(
    p: Page,
    PageId(case): PageId<CaseId>,
    CsrfForm(form): CsrfForm<HoldForm>,
) -> PageResult {
    let done = retention::lift_hold(p.app(), &p.actor(), case, &form.reason)
        .await
        .map(|_| ());
    after(&p, done, String::new(), String::new()).await
}
