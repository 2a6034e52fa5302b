//! Who is acting: Rundt itself, an operator at the command line (who has the
//! database anyway), or a logged-in person, whose every step is authorized.

use chrono::{DateTime, Utc};
use rundt_domain::access::Principal;
use rundt_domain::audit::{AuditAction, AuditEvent, ObjectKind, Outcome};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// Rundt itself (migrations, reference data).
    System,
    /// An operator at the command line.
    Cli,
    /// A logged-in person.
    User(Principal),
}

impl Actor {
    pub fn system() -> Self {
        Actor::System
    }

    pub fn cli() -> Self {
        Actor::Cli
    }

    pub fn principal(&self) -> Option<&Principal> {
        match self {
            Actor::User(p) => Some(p),
            _ => None,
        }
    }

    pub fn role_name(&self) -> &str {
        match self {
            Actor::System => "system",
            Actor::Cli => "cli",
            Actor::User(p) => p.role.as_str(),
        }
    }

    /// The audit event for this actor doing `action` on a record.
    pub fn event(
        &self,
        at: DateTime<Utc>,
        action: AuditAction,
        object_kind: ObjectKind,
        object_id: Option<i64>,
    ) -> AuditEvent {
        AuditEvent {
            at,
            actor_user_id: self.principal().map(|p| p.user_id),
            actor_role: self.role_name().to_owned(),
            action,
            object_kind,
            object_id,
            person_id: None,
            purpose: None,
            outcome: Outcome::Success,
        }
    }
}
