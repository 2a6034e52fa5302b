//! A new incident of violence or neglect during an MST-CAN course (issue
//! 12), and the duty to notify child welfare: an incident without a
//! recorded notification stays flagged until one is recorded, or until the
//! supervisor records why none was needed.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::country::programme_date;
use crate::error::{DomainError, Validator, clean_name, clean_text};
use crate::id::PersonId;
use crate::msg;

/// Whether child welfare was told of the incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Notification {
    /// Not (yet) recorded: the incident is flagged.
    Missing,
    /// Child welfare was notified on a day, by whom and to whom.
    Notified {
        on: NaiveDate,
        by: String,
        to: String,
    },
    /// The supervisor decided no notification was needed, and why (the
    /// service already knew of this very incident, for instance).
    NotNeeded { reason: String },
}

/// An incident as the therapist records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Incident {
    pub at: DateTime<Utc>,
    /// The children it involved (people of the case).
    pub children: Vec<PersonId>,
    pub what_happened: String,
    pub what_was_done: String,
    /// Police or emergency services were involved.
    pub emergency_services: bool,
    pub notification: Notification,
}

impl Incident {
    /// Dated by now, naming at least one child of the family, saying what
    /// happened and what was done; a notification says when (not in the
    /// future, not before the incident's day), by and to whom; "not needed"
    /// says why.
    pub fn validate(&self, now: DateTime<Utc>, family: &[PersonId]) -> Result<(), DomainError> {
        let mut v = Validator::new();
        v.check(self.at <= now, "at", msg!("incident-in-future"));
        v.check(
            !self.children.is_empty(),
            "children",
            msg!("incident-children-missing"),
        );
        v.check(
            self.children.iter().all(|c| family.contains(c)),
            "children",
            msg!("incident-child-not-in-family"),
        );
        v.take(clean_text("what_happened", &self.what_happened, 4000));
        v.take(clean_text("what_was_done", &self.what_was_done, 4000));
        match &self.notification {
            Notification::Missing => {}
            Notification::Notified { on, by, to } => {
                v.check(
                    *on <= programme_date(now),
                    "notification.on",
                    msg!("date-in-future"),
                );
                v.check(
                    *on >= programme_date(self.at),
                    "notification.on",
                    msg!("notification-before-incident"),
                );
                v.take(clean_name("notification.by", by, 200));
                v.take(clean_name("notification.to", to, 200));
            }
            Notification::NotNeeded { reason } => {
                v.take(clean_text("notification.reason", reason, 2000));
            }
        }
        v.finish()
    }

    /// Flagged until child welfare's notification, or the supervisor's
    /// reason why none was needed, is recorded.
    pub fn is_flagged(&self) -> bool {
        self.notification == Notification::Missing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    const EMMA: PersonId = PersonId::new(1);
    const JONAS: PersonId = PersonId::new(2);

    fn incident() -> Incident {
        Incident {
            at: at("2026-11-20T19:30:00Z"),
            children: vec![EMMA],
            what_happened: "Far slo Emma i armen under en krangel ved middagsbordet".into(),
            what_was_done:
                "Terapeuten kom på hjemmebesøk samme kveld; sikkerhetsplanen ble gått gjennom"
                    .into(),
            emergency_services: false,
            notification: Notification::Missing,
        }
    }

    #[test]
    fn an_incident_without_a_notification_is_flagged_until_one_is_recorded() {
        let mut i = incident();
        assert_eq!(
            i.validate(at("2026-11-25T12:00:00Z"), &[EMMA, JONAS]),
            Ok(())
        );
        assert!(i.is_flagged());
        i.notification = Notification::Notified {
            on: "2026-11-21".parse().unwrap(),
            by: "Nina (terapeut)".into(),
            to: "Barneverntjenesten i Bærum, saksbehandler Hansen".into(),
        };
        assert_eq!(
            i.validate(at("2026-11-25T12:00:00Z"), &[EMMA, JONAS]),
            Ok(())
        );
        assert!(!i.is_flagged());
    }

    #[test]
    fn the_supervisors_reason_why_none_was_needed_clears_the_flag() {
        let mut i = incident();
        i.notification = Notification::NotNeeded {
            reason: "Barneverntjenesten var til stede da det skjedde".into(),
        };
        assert!(!i.is_flagged());
        i.notification = Notification::NotNeeded { reason: " ".into() };
        assert!(i.validate(at("2026-11-25T12:00:00Z"), &[EMMA]).is_err());
    }

    #[test]
    fn an_incident_dated_in_the_future_or_with_no_child_of_the_family_is_refused() {
        let mut i = incident();
        i.at = at("2026-11-26T08:00:00Z");
        i.children = vec![PersonId::new(99)];
        let Err(DomainError::Invalid(fields)) = i.validate(at("2026-11-25T12:00:00Z"), &[EMMA])
        else {
            panic!("refused");
        };
        let codes: Vec<&str> = fields.iter().map(|f| f.message.code).collect();
        assert!(codes.contains(&"incident-in-future"), "{codes:?}");
        assert!(codes.contains(&"incident-child-not-in-family"), "{codes:?}");
    }

    #[test]
    fn a_notification_before_the_incident_is_refused() {
        let mut i = incident();
        i.notification = Notification::Notified {
            on: "2026-11-19".parse().unwrap(),
            by: "Nina".into(),
            to: "Barneverntjenesten".into(),
        };
        let Err(DomainError::Invalid(fields)) = i.validate(at("2026-11-25T12:00:00Z"), &[EMMA])
        else {
            panic!("refused");
        };
        assert_eq!(fields[0].message.code, "notification-before-incident");
    }
}
