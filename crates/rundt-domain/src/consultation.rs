//! The team asks its psychiatrist to consult on a family (MST-CAN, issue
//! 12). The request names the psychiatrist and the question; while it is
//! open, that psychiatrist — and nobody else by it — reads the family and
//! answers. The therapist or supervisor who asked ends it when the
//! question is settled, and the psychiatrist's access ends with it.

use serde::{Deserialize, Serialize};

use crate::error::{DomainError, Validator, clean_text};
use crate::id::UserId;
use crate::msg;

/// The longest question or answer accepted.
pub const CONSULTATION_TEXT_MAX: usize = 4000;

/// What the team asks, and of whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsultationRequest {
    /// A psychiatrist of the family's team.
    pub psychiatrist_id: UserId,
    pub question: String,
}

impl ConsultationRequest {
    /// The question trimmed; refused when empty or too long, or when
    /// `psychiatrist_id` is not among the team's psychiatrists.
    pub fn validate(&self, team_psychiatrists: &[UserId]) -> Result<Self, DomainError> {
        let mut v = Validator::new();
        v.check(
            team_psychiatrists.contains(&self.psychiatrist_id),
            "psychiatrist_id",
            msg!("consultation-not-teams-psychiatrist"),
        );
        let question = v.take(clean_text(
            "question",
            &self.question,
            CONSULTATION_TEXT_MAX,
        ));
        v.finish()?;
        Ok(Self {
            psychiatrist_id: self.psychiatrist_id,
            question: question.unwrap_or_default(),
        })
    }
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConsultationState {
    /// Asked, not yet answered: the psychiatrist reads the family.
    Asked,
    /// Answered and still open (the team may follow up).
    Answered,
    /// Ended by the team: the psychiatrist no longer reads the family.
    Ended,
}

impl ConsultationState {
    pub fn of(answered: bool, ended: bool) -> Self {
        match (answered, ended) {
            (_, true) => Self::Ended,
            (true, false) => Self::Answered,
            (false, false) => Self::Asked,
        }
    }

    /// The psychiatrist asked reads the family while the request is open.
    pub fn is_open(self) -> bool {
        self != Self::Ended
    }

    /// An answer can be given (or given again) while the request is open.
    pub fn check_answerable(self) -> Result<(), DomainError> {
        if self.is_open() {
            Ok(())
        } else {
            Err(DomainError::Conflict(msg!("consultation-ended")))
        }
    }

    /// A request is ended once.
    pub fn check_endable(self) -> Result<(), DomainError> {
        self.check_answerable()
    }
}

/// The psychiatrist's answer, trimmed; refused when empty or too long.
pub fn clean_answer(answer: &str) -> Result<String, DomainError> {
    clean_text("answer", answer, CONSULTATION_TEXT_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(psychiatrist: i64, question: &str) -> ConsultationRequest {
        ConsultationRequest {
            psychiatrist_id: UserId::new(psychiatrist),
            question: question.into(),
        }
    }

    #[test]
    fn a_request_names_one_of_the_teams_psychiatrists_and_a_question() {
        let team = [UserId::new(7)];
        let ok = ask(7, "  Is the mother's depression treated?  ")
            .validate(&team)
            .unwrap();
        assert_eq!(ok.question, "Is the mother's depression treated?");
        let err = ask(8, "Is it?").validate(&team).unwrap_err();
        assert!(err.to_string().contains("psychiatrist_id"), "{err}");
        let err = ask(7, "   ").validate(&team).unwrap_err();
        assert!(err.to_string().contains("question"), "{err}");
        let long = "x".repeat(CONSULTATION_TEXT_MAX + 1);
        assert!(ask(7, &long).validate(&team).is_err());
    }

    #[test]
    fn an_ended_request_is_neither_answered_nor_ended_again() {
        assert_eq!(
            ConsultationState::of(false, false),
            ConsultationState::Asked
        );
        assert_eq!(
            ConsultationState::of(true, false),
            ConsultationState::Answered
        );
        assert_eq!(ConsultationState::of(true, true), ConsultationState::Ended);
        assert!(ConsultationState::Answered.check_answerable().is_ok());
        assert!(ConsultationState::Ended.check_answerable().is_err());
        assert!(ConsultationState::Ended.check_endable().is_err());
        assert!(!ConsultationState::Ended.is_open());
        assert!(ConsultationState::Asked.is_open());
    }

    #[test]
    fn an_answer_says_something() {
        assert!(clean_answer("  ").is_err());
        assert_eq!(clean_answer(" Refer to BUP. ").unwrap(), "Refer to BUP.");
    }
}
