//! Who is acting: Rundt itself, an operator at the command line (who has the
//! database anyway), or a logged-in person, whose every step is authorized.

use chrono::{DateTime, Utc};
use rundt_domain::access::Principal;
use rundt_domain::audit::{AuditAction, AuditEvent, Object, Outcome};
use rundt_domain::id::UserId;

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

    /// The audit event for this actor doing `action` to `object`.
    pub fn event(&self, at: DateTime<Utc>, action: AuditAction, object: Object) -> AuditEvent {
        let user = self.principal().map(|p| p.user_id);
        success_event(at, user, self.role_name(), Record { action, object })
    }
}

/// What an audited step did (`action`) to which record (`object`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Record {
    pub action: AuditAction,
    pub object: Object,
}

/// The one place an audit event of a successful step is put together, for
/// every kind of actor (a person, the system, the command line, someone
/// logging in).
pub(crate) fn success_event(
    at: DateTime<Utc>,
    actor_user_id: Option<UserId>,
    actor_role: &str,
    record: Record,
) -> AuditEvent {
    AuditEvent {
        at,
        actor_user_id,
        actor_role: actor_role.to_owned(),
        action: record.action,
        object_kind: record.object.kind,
        object_id: record.object.id,
        person_id: None,
        purpose: None,
        outcome: Outcome::Success,
    }
}
