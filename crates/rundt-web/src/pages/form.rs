//! Plain HTML forms: the posted fields (rows are named like the API's
//! fields, `contacts[0].date`), and the errors shown next to them.

use chrono::NaiveDate;
use rundt_app::AppError;
use rundt_domain::{FieldError, Message};

use crate::auth::CsrfForm;
use crate::state::AppState;

/// The fields of a posted form, in order. Checkboxes are present only when
/// ticked; a name may repeat.
#[derive(Debug, Clone, Default)]
pub struct Fields(pub Vec<(String, String)>);

/// A form post from our own pages (its CSRF token checked) read as fields.
impl axum::extract::FromRequest<AppState> for Fields {
    type Rejection = axum::response::Response;

    async fn from_request(
        req: axum::extract::Request,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let CsrfForm(pairs) = CsrfForm::from_request(req, state).await?;
        Ok(Fields(pairs))
    }
}

impl Fields {
    /// The first value of `name`, trimmed ("" when missing).
    pub fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    }

    /// The first value of `name`, untrimmed (for text areas).
    pub fn text(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.replace("\r\n", "\n"))
            .unwrap_or_default()
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// A ticked checkbox.
    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, v)| k == name && !v.is_empty())
    }

    /// How many rows of `list` the form sent (the highest index + 1), at
    /// most `max`.
    pub fn rows(&self, list: &str, max: usize) -> usize {
        let prefix = format!("{list}[");
        self.0
            .iter()
            .filter_map(|(k, _)| k.strip_prefix(&prefix))
            .filter_map(|rest| rest.split(']').next())
            .filter_map(|i| i.parse::<usize>().ok())
            .map(|i| i + 1)
            .max()
            .unwrap_or(0)
            .min(max)
    }

    /// The case or document version the form was made from.
    pub fn version(&self) -> Option<i64> {
        self.get("version").parse().ok()
    }

    /// The version a change is made at; a form without one is refused
    /// (never guessed: a made-up version would read as someone else's
    /// change).
    pub fn required_version(&self) -> Result<i64, AppError> {
        self.version()
            .ok_or_else(|| AppError::VersionRequired(rundt_domain::msg!("form-version-missing")))
    }
}

/// `step` (a use case) on what a form read, when the reading passed its
/// checks; otherwise the reading's error.
pub async fn then<T, U>(
    read: Result<T, AppError>,
    step: impl AsyncFnOnce(T) -> Result<U, AppError>,
) -> Result<U, AppError> {
    match read {
        Ok(v) => step(v).await,
        Err(e) => Err(e),
    }
}

/// Whether a row of a list was filled in at all: a row whose fields are all
/// empty is a spare row the form offered, not one the user meant.
pub fn any_filled(fields: &[&str]) -> bool {
    fields.iter().any(|f| !f.is_empty())
}

/// A text area's value with Windows line ends made `\n` and outer
/// whitespace trimmed; paragraphs are kept.
pub fn multi_line(s: &str) -> String {
    s.replace("\r\n", "\n").trim().to_owned()
}

/// Text for a field the use cases check with `clean_name` (which refuses
/// control characters): lines joined by spaces.
pub fn one_line(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A date from a date input (`YYYY-MM-DD`); `None` when empty, an error
/// pushed when unreadable.
pub fn date(
    raw: &str,
    field: &str,
    errors: &mut Vec<FieldError>,
    message: Message,
) -> Option<NaiveDate> {
    if raw.is_empty() {
        return None;
    }
    match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            errors.push(FieldError::new(field, message));
            None
        }
    }
}

/// A field's problem as the page says it.
#[derive(Debug, Clone)]
pub struct Shown {
    pub field: String,
    pub message: String,
}

/// What went wrong with a posted form.
#[derive(Debug, Clone, Default)]
pub struct Errors {
    pub fields: Vec<Shown>,
    /// A problem that belongs to no field (a stale version, a conflict).
    pub general: Option<String>,
}

impl Errors {
    pub fn none() -> Self {
        Self::default()
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.general.is_none()
    }

    /// The messages for a field, joined.
    pub fn at(&self, field: &str) -> Option<String> {
        let messages: Vec<&str> = self
            .fields
            .iter()
            .filter(|e| e.field == field)
            .map(|e| e.message.as_str())
            .collect();
        (!messages.is_empty()).then(|| messages.join("; "))
    }

    /// The messages for `list[i].field`.
    pub fn at_row(&self, list: &str, i: &usize, field: &str) -> Option<String> {
        self.at(&format!("{list}[{i}].{field}"))
    }

    /// The messages for `list[i]`.
    pub fn at_item(&self, list: &str, i: &usize) -> Option<String> {
        self.at(&format!("{list}[{i}]"))
    }
}

/// How a use-case error shows on a form page: the status and what to say.
/// `None` for errors that get a page of their own (not found, forbidden…).
/// What the use case refused in a posted form: the status and the errors
/// to show the form again with; anything else is the error page.
pub fn refused(
    p: &super::Page,
    e: AppError,
) -> Result<(axum::http::StatusCode, Errors), super::PageError> {
    use super::OrPage;
    form_error(p.tr, e).on(p)
}

/// Where a form post ends: on to `target` when the use case took it;
/// otherwise the form again, drawn by `again` with the refusal's status and
/// what was wrong beside the fields. A refusal no form can show (say, no
/// access) is the error page instead.
pub async fn settle<T, Again>(
    p: &super::Page,
    result: Result<T, AppError>,
    target: &str,
    again: impl FnOnce(axum::http::StatusCode, Errors) -> Again,
) -> super::PageResult
where
    Again: std::future::Future<Output = super::PageResult>,
{
    match result {
        Ok(_) => super::go_to(target),
        Err(e) => {
            let (status, errors) = refused(p, e)?;
            again(status, errors).await
        }
    }
}

pub fn form_error(
    tr: crate::i18n::Tr,
    e: AppError,
) -> Result<(axum::http::StatusCode, Errors), AppError> {
    use axum::http::StatusCode;
    match e {
        AppError::Invalid(fields) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Errors {
                fields: fields
                    .into_iter()
                    .map(|f| Shown {
                        message: tr.message(&f.message),
                        field: f.field,
                    })
                    .collect(),
                general: None,
            },
        )),
        AppError::VersionMismatch { .. } | AppError::VersionRequired(_) => Ok((
            StatusCode::CONFLICT,
            Errors {
                fields: vec![],
                general: Some(tr.t("stale_version").into()),
            },
        )),
        AppError::Conflict(message) => Ok((
            StatusCode::CONFLICT,
            Errors {
                fields: vec![],
                general: Some(format!("{} {}", tr.t("cannot_now"), tr.message(&message))),
            },
        )),
        // Nothing was saved, but what the person typed is shown again, so
        // it is not lost while the administrator makes room.
        AppError::NotWritable(ref detail) => {
            tracing::error!(%detail, "form not saved: the database cannot be written to");
            Ok((
                StatusCode::SERVICE_UNAVAILABLE,
                Errors {
                    fields: vec![],
                    general: Some(tr.message(&e.message())),
                },
            ))
        }
        other => Err(other),
    }
}

/// A date the form must have: "required" when left empty, "bad_date" when
/// it is not a day.
pub fn required_date(raw: &str, field: &str, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
    if raw.is_empty() {
        errors.push(FieldError::new(field, rundt_domain::msg!("required")));
        return None;
    }
    date(raw, field, errors, rundt_domain::msg!("bad_date"))
}

/// A domain error's field errors (a conflict said of no field).
pub fn field_errors(e: rundt_domain::DomainError) -> Vec<FieldError> {
    match e {
        rundt_domain::DomainError::Invalid(errors) => errors,
        rundt_domain::DomainError::Conflict(m) => vec![FieldError::new("", m)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_counted_from_the_highest_index() {
        let f = Fields(vec![
            ("contacts[0].date".into(), "2026-11-17".into()),
            ("contacts[3].minutes".into(), "".into()),
            ("contactsx".into(), "".into()),
        ]);
        assert_eq!(f.rows("contacts", 10), 4);
        assert_eq!(f.rows("contacts", 2), 2);
        assert_eq!(f.rows("goals", 10), 0);
    }

    #[test]
    fn lines_are_joined_for_single_line_fields() {
        assert_eq!(one_line(" a\r\n\r\n b \n"), "a b");
    }
}
