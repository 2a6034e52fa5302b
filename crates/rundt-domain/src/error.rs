//! Errors raised by domain rules. They always describe bad input as a
//! message code a person's language can say (see [`crate::message`]); they
//! never wrap I/O failures.

use serde::Serialize;

use crate::message::Message;
use crate::msg;

/// One rejected field with the reason, as a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// Name of the offending field as the API spells it.
    pub field: String,
    /// What is wrong and what would be accepted.
    pub message: Message,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: Message) -> Self {
        Self {
            field: field.into(),
            message,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    /// The input breaks one or more rules.
    #[error("{}", summarise(.0))]
    Invalid(Vec<FieldError>),
    /// The request is well-formed but conflicts with the current state.
    #[error("{0}")]
    Conflict(Message),
}

impl DomainError {
    pub fn invalid(field: impl Into<String>, message: Message) -> Self {
        Self::Invalid(vec![FieldError::new(field, message)])
    }
}

fn summarise(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Collects field errors so a caller can report all problems at once.
#[derive(Debug, Default)]
pub struct Validator {
    errors: Vec<FieldError>,
}

impl Validator {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn check(&mut self, ok: bool, field: &str, message: Message) {
        if !ok {
            self.errors.push(FieldError::new(field, message));
        }
    }

    /// Refuses a text (which may be empty) longer than `max` characters.
    pub fn at_most_chars(&mut self, field: &str, text: &str, max: usize) {
        self.check(
            text.chars().count() <= max,
            field,
            msg!("at-most-characters", max = max),
        );
    }

    pub fn push(&mut self, error: FieldError) {
        self.errors.push(error);
    }

    /// Records the error of a parse and returns its value, if any.
    pub fn take<T>(&mut self, result: Result<T, DomainError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(DomainError::Invalid(errs)) => {
                self.errors.extend(errs);
                None
            }
            Err(DomainError::Conflict(msg)) => {
                self.errors.push(FieldError::new("", msg));
                None
            }
        }
    }

    pub fn finish(self) -> Result<(), DomainError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(DomainError::Invalid(self.errors))
        }
    }
}

/// Checks a free-text name: trimmed, non-empty, bounded length, no control
/// characters.
pub fn clean_name(field: &str, value: &str, max_chars: usize) -> Result<String, DomainError> {
    trimmed_within(field, value, max_chars, |_| false)
}

/// Checks a free text that may span lines (an evaluation, a note): trimmed,
/// non-empty, bounded; line breaks and tabs are kept, other control
/// characters refused. Windows line ends become `\n`.
pub fn clean_text(field: &str, value: &str, max_chars: usize) -> Result<String, DomainError> {
    let text = value.replace("\r\n", "\n");
    trimmed_within(field, &text, max_chars, |c| c == '\n' || c == '\t')
}

/// `value` trimmed, when it is not empty, has at most `max_chars`
/// characters and no control characters but those `control_allowed` lets
/// through.
fn trimmed_within(
    field: &str,
    value: &str,
    max_chars: usize,
    control_allowed: fn(char) -> bool,
) -> Result<String, DomainError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(DomainError::invalid(field, msg!("text-empty")));
    }
    if trimmed.chars().count() > max_chars {
        return Err(DomainError::invalid(
            field,
            msg!("text-too-long", max = max_chars),
        ));
    }
    if trimmed
        .chars()
        .any(|c| c.is_control() && !control_allowed(c))
    {
        return Err(DomainError::invalid(field, msg!("text-control-characters")));
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_keep_their_paragraphs_but_names_do_not() {
        assert_eq!(
            clean_text("evaluation", " First.\r\n\r\nSecond. ", 100).unwrap(),
            "First.\n\nSecond."
        );
        assert!(clean_name("name", "A\nB", 100).is_err());
        assert!(clean_text("evaluation", "bell\u{7}", 100).is_err());
        assert!(clean_text("evaluation", " \n ", 100).is_err());
    }
}
