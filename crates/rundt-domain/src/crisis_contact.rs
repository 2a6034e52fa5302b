//! The crisis contact log (issue 13): a call or a visit outside office
//! hours, entered on a phone in under a minute by whoever took it — the
//! family's own therapist, the supervisor or the team's person on call.
//! The family's own therapist reads it the next morning.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{DomainError, Validator, clean_text};
use crate::lifecycle::CaseStatus;
use crate::msg;

/// The longest contact, in minutes: a whole day.
pub const MAX_MINUTES: u32 = 1440;

string_coded! {
    /// Who reached the team.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum Caller {
        YoungPerson => "young_person",
        Caregiver => "caregiver",
        OtherFamilyMember => "other_family_member",
        School => "school",
        Police => "police",
        Other => "other",
    }
}

string_coded! {
    /// How great the risk was judged to be during the contact.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum CrisisRisk {
        NoRisk => "none",
        Low => "low",
        Moderate => "moderate",
        High => "high",
        Acute => "acute",
    }
}

string_coded! {
    /// What the person on the phone did.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum CrisisResponse {
        PhoneAdvice => "phone_advice",
        HomeVisit => "home_visit",
        Police => "police",
        EmergencyServices => "emergency_services",
        /// The child welfare out-of-hours service (the Danish
        /// "socialvagt", the Norwegian "barnevernvakt").
        ChildWelfareOutOfHours => "child_welfare_out_of_hours",
        PsychiatricEmergency => "psychiatric_emergency",
    }
}

/// One crisis contact as logged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CrisisContact {
    /// When the call came or the visit began.
    pub at: DateTime<Utc>,
    pub caller: Caller,
    /// What it was about, in a line or two.
    pub about: String,
    pub risk: CrisisRisk,
    /// What was done: one or more.
    pub responses: Vec<CrisisResponse>,
    /// How long it took, in minutes (1 to 1440).
    pub minutes: u32,
    /// What the family's own therapist should follow up (may be empty).
    #[serde(default)]
    pub follow_up: String,
}

impl CrisisContact {
    /// A time that has come, what it was about, at least one thing done,
    /// a duration of 1 to 1440 minutes, texts within their bounds.
    pub fn validate(&self, now: DateTime<Utc>) -> Result<(), DomainError> {
        let mut v = Validator::new();
        v.check(self.at <= now, "at", msg!("crisis-contact-in-future"));
        v.take(clean_text("about", &self.about, 1000));
        v.check(
            !self.responses.is_empty(),
            "responses",
            msg!("crisis-contact-response-missing"),
        );
        v.check(
            (1..=MAX_MINUTES).contains(&self.minutes),
            "minutes",
            msg!("crisis-contact-minutes", max = MAX_MINUTES),
        );
        v.at_most_chars("follow_up", &self.follow_up, 2000);
        v.finish()
    }

    /// Whether the contact brought someone out to the family.
    pub fn is_call_out(&self) -> bool {
        self.responses.iter().any(|r| {
            matches!(
                r,
                CrisisResponse::HomeVisit
                    | CrisisResponse::Police
                    | CrisisResponse::EmergencyServices
                    | CrisisResponse::ChildWelfareOutOfHours
                    | CrisisResponse::PsychiatricEmergency
            )
        })
    }
}

/// A crisis contact is logged only for a family in treatment.
pub fn may_log_for(status: CaseStatus) -> Result<(), DomainError> {
    if status == CaseStatus::InTreatment {
        Ok(())
    } else {
        Err(DomainError::Conflict(msg!(
            "crisis-contact-not-in-treatment"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn contact() -> CrisisContact {
        CrisisContact {
            at: at("2026-11-25T01:40:00Z"),
            caller: Caller::Caregiver,
            about: "Mikkel er ikke kommet hjem, mor er bange".into(),
            risk: CrisisRisk::Moderate,
            responses: vec![CrisisResponse::PhoneAdvice, CrisisResponse::HomeVisit],
            minutes: 75,
            follow_up: "Tal med mor om aftalen om hjemkomst".into(),
        }
    }

    #[test]
    fn a_contact_of_last_night_is_accepted() {
        assert_eq!(contact().validate(at("2026-11-25T07:00:00Z")), Ok(()));
        assert!(contact().is_call_out());
    }

    #[test]
    fn a_contact_in_the_future_nothing_done_and_a_duration_out_of_bounds_are_each_named() {
        let mut c = contact();
        c.at = at("2026-11-25T08:00:00Z");
        c.responses.clear();
        c.minutes = 0;
        c.about = " ".into();
        let Err(DomainError::Invalid(fields)) = c.validate(at("2026-11-25T07:00:00Z")) else {
            panic!("refused");
        };
        let named: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(named, ["at", "about", "responses", "minutes"]);
        assert_eq!(fields[0].message.code, "crisis-contact-in-future");
        let mut long = contact();
        long.minutes = MAX_MINUTES + 1;
        assert!(long.validate(at("2026-11-25T07:00:00Z")).is_err());
        long.minutes = MAX_MINUTES;
        assert!(long.validate(at("2026-11-25T07:00:00Z")).is_ok());
    }

    #[test]
    fn a_crisis_contact_is_logged_only_for_a_family_in_treatment() {
        assert_eq!(may_log_for(CaseStatus::InTreatment), Ok(()));
        for status in [
            CaseStatus::Waiting,
            CaseStatus::Discharged,
            CaseStatus::Referred,
        ] {
            assert_eq!(
                may_log_for(status),
                Err(DomainError::Conflict(msg!(
                    "crisis-contact-not-in-treatment"
                )))
            );
        }
    }

    #[test]
    fn advice_by_phone_alone_is_no_call_out() {
        let mut c = contact();
        c.responses = vec![CrisisResponse::PhoneAdvice];
        assert!(!c.is_call_out());
    }
}
