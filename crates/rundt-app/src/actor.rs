//! Who is acting. Until sessions arrive every request is anonymous; the
//! command line and the system act in their own names.

use chrono::{DateTime, Utc};
use rundt_domain::audit::{AuditEvent, Outcome};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<i64>,
    /// The role acted in, as written to the audit log.
    pub role: String,
}

impl Actor {
    /// Rundt itself (migrations, reference data).
    pub fn system() -> Self {
        Self {
            user_id: None,
            role: "system".into(),
        }
    }

    /// An operator at the command line.
    pub fn cli() -> Self {
        Self {
            user_id: None,
            role: "cli".into(),
        }
    }

    /// An API or page request with no session.
    pub fn anonymous() -> Self {
        Self {
            user_id: None,
            role: "anonymous".into(),
        }
    }

    /// The audit event for this actor doing `action` on a record.
    pub fn event(
        &self,
        at: DateTime<Utc>,
        action: &str,
        object_kind: &str,
        object_id: Option<i64>,
    ) -> AuditEvent {
        AuditEvent {
            at,
            actor_user_id: self.user_id,
            actor_role: self.role.clone(),
            action: action.into(),
            object_kind: object_kind.into(),
            object_id,
            person_id: None,
            purpose: None,
            outcome: Outcome::Success,
        }
    }
}
