//! The auditor's form for a person's copy of everything Rundt holds about
//! them (GDPR art. 15), on the audit page: a national id (or, on the log
//! narrowed to a person, that person) and the format, PDF in the page's
//! language or JSON. The answer is a download; a number of nobody is said
//! beside the form, a refusal is its own page.

use rundt_app::AppError;
use rundt_app::subject_access::{self, SubjectCopy};
use rundt_domain::id::PersonId;
use rundt_domain::msg;
use serde::Deserialize;

use super::audit::{Refused, said, show_refused};
use super::{Page, PageContext, PageResult};
use crate::auth::CsrfForm;
use crate::subject_copy_pdf;

#[derive(Debug, Deserialize)]
pub struct CopyForm {
    #[serde(default)]
    national_id: String,
    /// A person found before (the log narrowed to them).
    #[serde(default)]
    person: String,
    /// `pdf` or `json`.
    #[serde(default)]
    format: String,
}

/// Makes the person's copy and hands it over as a download.
pub async fn download(p: Page, CsrfForm(form): CsrfForm<CopyForm>) -> PageResult {
    let who = &p.who.principal;
    let person = form.person.trim();
    let made = if person.is_empty() {
        subject_access::copy_by_national_id(p.app(), who, &form.national_id).await
    } else {
        match person.parse::<i64>() {
            Ok(id) if id > 0 => subject_access::copy(p.app(), who, PersonId::new(id)).await,
            _ => Err(AppError::invalid("person", msg!("audit-filter-id-shape"))),
        }
    };
    match made {
        Ok(copy) => answer(&p, &form.format, &copy).map_err(|e| p.fail(e)),
        Err(AppError::Invalid(fields)) => show_refused(&p, Refused::Copy(said(&p, &fields))).await,
        Err(e) => Err(p.fail(e)),
    }
}

fn answer(
    p: &Page,
    format: &str,
    copy: &SubjectCopy,
) -> Result<axum::response::Response, AppError> {
    let name = subject_copy_pdf::file_name(copy);
    Ok(if format == "json" {
        let body = serde_json::to_vec_pretty(copy)
            .map_err(|e| AppError::Internal(format!("the copy as JSON: {e}")))?;
        subject_copy_pdf::attachment("application/json", &format!("{name}.json"), body)
    } else {
        let pdf = subject_copy_pdf::render(p.tr, copy);
        subject_copy_pdf::attachment("application/pdf", &format!("{name}.pdf"), pdf)
    })
}
