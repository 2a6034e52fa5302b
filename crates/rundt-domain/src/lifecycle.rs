//! A family's course as a state machine: referral, screening, the waiting
//! list, treatment, discharge, follow-up. An illegal step (say, discharge
//! before treatment has started) is refused with a reason a person can act on.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

use crate::DomainError;
use crate::message::Arg;
use crate::msg;

string_coded! {
    /// Where a family's course stands.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum CaseStatus {
        /// Referred by a municipality, not yet decided by the team.
        Referred => "referred",
        /// Not taken on (screened out or declined), with a reason.
        Declined => "declined",
        /// Accepted, waiting for a therapist.
        Waiting => "waiting",
        /// A therapist works with the family.
        InTreatment => "in_treatment",
        /// Treatment ended with a discharge report; follow-ups run.
        Discharged => "discharged",
        /// The last follow-up (18 months) is done.
        Closed => "closed",
        /// The referring caseworker withdrew the referral before the team
        /// decided, with a reason.
        Withdrawn => "withdrawn",
    }
}

impl CaseStatus {
    /// The family is the team's responsibility (for caseload counts).
    pub fn is_open(self) -> bool {
        matches!(self, CaseStatus::InTreatment)
    }

    /// The family is referred, waiting or in treatment: somebody still has
    /// to act for it, so the family list shows it first.
    pub fn is_current(self) -> bool {
        matches!(
            self,
            CaseStatus::Referred | CaseStatus::Waiting | CaseStatus::InTreatment
        )
    }
}

impl FromStr for CaseStatus {
    type Err = DomainError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CaseStatus::from_code(s)
            // Cases created before the lifecycle existed were stored as "active".
            .or((s == "active").then_some(CaseStatus::InTreatment))
            .ok_or_else(|| DomainError::invalid("status", msg!("status-unknown", given = s)))
    }
}

/// A step in a family's course.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The team confirms it has received the referral.
    Acknowledge,
    /// The referring caseworker withdraws the referral.
    Withdraw,
    /// The referring caseworker adds information to the referral.
    AddInformation,
    Accept,
    Decline,
    AssignTherapist,
    ReassignTherapist,
    RecordWeeklySummary,
    Discharge,
    RecordFollowUp {
        months: u8,
    },
}

impl Step {
    /// The step's name in the catalogues' `step-refused` message.
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Acknowledge => "acknowledge",
            Step::Withdraw => "withdraw",
            Step::AddInformation => "add_information",
            Step::Accept => "accept",
            Step::Decline => "decline",
            Step::AssignTherapist => "assign",
            Step::ReassignTherapist => "reassign",
            Step::RecordWeeklySummary => "weekly_summary",
            Step::Discharge => "discharge",
            Step::RecordFollowUp { .. } => "follow_up",
        }
    }
}

/// The status after `step`, or why the step is not possible now.
pub fn next_status(
    current: CaseStatus,
    step: Step,
    follow_ups_done: &[u8],
) -> Result<CaseStatus, DomainError> {
    use CaseStatus::*;
    let next = match (current, step) {
        (Referred, Step::Acknowledge | Step::AddInformation) => Some(Referred),
        (Referred, Step::Withdraw) => Some(Withdrawn),
        (Referred, Step::Accept) => Some(Waiting),
        (Referred | Waiting, Step::Decline) => Some(Declined),
        (Waiting, Step::AssignTherapist) => Some(InTreatment),
        (InTreatment, Step::ReassignTherapist) => Some(InTreatment),
        (InTreatment, Step::RecordWeeklySummary) => Some(InTreatment),
        (InTreatment, Step::Discharge) => Some(Discharged),
        (Discharged, Step::RecordFollowUp { months }) => {
            if !matches!(months, 6 | 12 | 18) {
                return Err(DomainError::invalid("months", msg!("follow-up-months")));
            }
            if follow_ups_done.contains(&months) {
                return Err(DomainError::Conflict(msg!(
                    "follow-up-recorded",
                    months = months
                )));
            }
            let all_done = [6u8, 12, 18]
                .iter()
                .all(|m| *m == months || follow_ups_done.contains(m));
            Some(if all_done { Closed } else { Discharged })
        }
        _ => None,
    };
    next.ok_or_else(|| {
        let hint = match (current, step) {
            (Withdrawn, _) => "withdrawn",
            (_, Step::Withdraw | Step::AddInformation) => "team_decided",
            (Referred, Step::AssignTherapist) => "accept_first",
            (Referred | Waiting, Step::Discharge) => "not_started",
            (Discharged | Closed, Step::Discharge) => "already_discharged",
            (Referred | Waiting | Declined, Step::RecordWeeklySummary) => "not_started",
            (_, Step::RecordFollowUp { .. }) => "after_discharge",
            _ => "none",
        };
        DomainError::Conflict(msg!(
            "step-refused",
            step = step.as_str(),
            status = Arg::word(format!("status_{}", current.as_str())),
            hint = hint
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use CaseStatus::*;

    #[test]
    fn a_family_goes_from_referral_through_treatment_to_closed() {
        let mut s = Referred;
        s = next_status(s, Step::Accept, &[]).unwrap();
        assert_eq!(s, Waiting);
        s = next_status(s, Step::AssignTherapist, &[]).unwrap();
        assert_eq!(s, InTreatment);
        s = next_status(s, Step::RecordWeeklySummary, &[]).unwrap();
        s = next_status(s, Step::Discharge, &[]).unwrap();
        assert_eq!(s, Discharged);
        s = next_status(s, Step::RecordFollowUp { months: 6 }, &[]).unwrap();
        assert_eq!(s, Discharged);
        s = next_status(s, Step::RecordFollowUp { months: 12 }, &[6]).unwrap();
        s = next_status(s, Step::RecordFollowUp { months: 18 }, &[6, 12]).unwrap();
        assert_eq!(s, Closed);
    }

    #[test]
    fn discharge_before_start_is_refused_with_a_reason() {
        let err = next_status(Waiting, Step::Discharge, &[]).unwrap_err();
        let DomainError::Conflict(reason) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(reason.code, "step-refused");
        assert_eq!(reason.arg("hint"), Some(&Arg::from("not_started")), "{err}");
        assert!(
            next_status(Referred, Step::AssignTherapist, &[])
                .unwrap_err()
                .to_string()
                .contains("accept")
        );
        assert!(next_status(Discharged, Step::Discharge, &[]).is_err());
        assert!(next_status(InTreatment, Step::RecordFollowUp { months: 6 }, &[]).is_err());
    }

    #[test]
    fn follow_ups_are_at_six_twelve_and_eighteen_months_once_each() {
        assert!(matches!(
            next_status(Discharged, Step::RecordFollowUp { months: 3 }, &[]),
            Err(DomainError::Invalid(_))
        ));
        assert!(matches!(
            next_status(Discharged, Step::RecordFollowUp { months: 6 }, &[6]),
            Err(DomainError::Conflict(_))
        ));
    }

    #[test]
    fn a_referral_is_acknowledged_added_to_and_withdrawn_only_before_the_team_decides() {
        assert_eq!(
            next_status(Referred, Step::Acknowledge, &[]).unwrap(),
            Referred
        );
        assert_eq!(
            next_status(Referred, Step::AddInformation, &[]).unwrap(),
            Referred
        );
        assert_eq!(
            next_status(Referred, Step::Withdraw, &[]).unwrap(),
            Withdrawn
        );
        for decided in [Waiting, Declined, InTreatment, Discharged, Closed] {
            for step in [Step::Withdraw, Step::AddInformation] {
                let err = next_status(decided, step, &[]).unwrap_err();
                let DomainError::Conflict(reason) = &err else {
                    panic!("{err:?}")
                };
                assert_eq!(reason.arg("hint"), Some(&Arg::from("team_decided")));
            }
            assert!(next_status(decided, Step::Acknowledge, &[]).is_err());
        }
    }

    #[test]
    fn withdrawn_is_final() {
        for step in [
            Step::Accept,
            Step::Decline,
            Step::AssignTherapist,
            Step::Discharge,
            Step::Acknowledge,
        ] {
            let err = next_status(Withdrawn, step, &[]).unwrap_err();
            let DomainError::Conflict(reason) = &err else {
                panic!("{err:?}")
            };
            assert_eq!(reason.arg("hint"), Some(&Arg::from("withdrawn")));
        }
    }

    #[test]
    fn declined_and_closed_are_final() {
        for step in [
            Step::Accept,
            Step::AssignTherapist,
            Step::Discharge,
            Step::RecordWeeklySummary,
        ] {
            assert!(next_status(Declined, step, &[]).is_err());
            assert!(next_status(Closed, step, &[]).is_err());
        }
    }
}
