//! Audit events and the hash chain that makes the log tamper-evident.
//!
//! Each stored event carries `hash = SHA-256(prev_hash || canonical(event))`,
//! so editing, deleting or reordering any stored event breaks every later hash.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The hash that precedes the first event.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Success,
    Denied,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Denied => "denied",
        }
    }
}

/// Who did what to which record, why, when and with what outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEvent {
    pub at: DateTime<Utc>,
    /// `None` for the system itself (migrations, the demo loader, the CLI).
    pub actor_user_id: Option<i64>,
    /// The role the actor acted in, or `system`/`cli`.
    pub actor_role: String,
    /// Verb, e.g. `team.create`, `user.create`, `case.read`.
    pub action: String,
    /// Kind of record, e.g. `team`, `user`.
    pub object_kind: String,
    /// The record's id, when it has one.
    pub object_id: Option<i64>,
    /// The person whose personal data was touched, when there is one.
    pub person_id: Option<i64>,
    /// The stated reason (mandatory for break-glass access).
    pub purpose: Option<String>,
    pub outcome: Outcome,
}

impl AuditEvent {
    /// An event done by Rundt itself or its command line.
    pub fn system(at: DateTime<Utc>, actor_role: &str, action: &str, object_kind: &str) -> Self {
        Self {
            at,
            actor_user_id: None,
            actor_role: actor_role.into(),
            action: action.into(),
            object_kind: object_kind.into(),
            object_id: None,
            person_id: None,
            purpose: None,
            outcome: Outcome::Success,
        }
    }

    /// A stable, unambiguous byte encoding of the event for hashing: fields in
    /// a fixed order, each length-prefixed.
    pub fn canonical(&self, seq: i64) -> Vec<u8> {
        let opt = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
        let fields = [
            seq.to_string(),
            self.at.to_rfc3339_opts(SecondsFormat::Micros, true),
            opt(self.actor_user_id),
            self.actor_role.clone(),
            self.action.clone(),
            self.object_kind.clone(),
            opt(self.object_id),
            opt(self.person_id),
            self.purpose.clone().unwrap_or_default(),
            self.outcome.as_str().to_owned(),
        ];
        let mut out = Vec::new();
        for f in fields {
            out.extend_from_slice(&(f.len() as u64).to_be_bytes());
            out.extend_from_slice(f.as_bytes());
        }
        out
    }
}

/// The hash of an event at position `seq` following `prev_hash` (hex).
pub fn chain_hash(prev_hash: &str, seq: i64, event: &AuditEvent) -> String {
    let mut h = Sha256::new();
    h.update(prev_hash.as_bytes());
    h.update(event.canonical(seq));
    hex::encode(h.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> AuditEvent {
        let at = DateTime::parse_from_rfc3339("2026-11-25T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        AuditEvent::system(at, "cli", "team.create", "team")
    }

    #[test]
    fn any_change_to_an_event_changes_its_hash() {
        let e = event();
        let h = chain_hash(GENESIS_HASH, 1, &e);
        assert_eq!(h.len(), 64);
        assert_eq!(h, chain_hash(GENESIS_HASH, 1, &e));
        let mut edited = e.clone();
        edited.object_id = Some(7);
        assert_ne!(h, chain_hash(GENESIS_HASH, 1, &edited));
        assert_ne!(
            h,
            chain_hash(GENESIS_HASH, 2, &e),
            "position is part of the hash"
        );
        assert_ne!(
            h,
            chain_hash(&h, 1, &e),
            "previous hash is part of the hash"
        );
    }

    #[test]
    fn fields_cannot_be_shifted_into_each_other() {
        let mut a = event();
        a.action = "ab".into();
        a.object_kind = "c".into();
        let mut b = event();
        b.action = "a".into();
        b.object_kind = "bc".into();
        assert_ne!(a.canonical(1), b.canonical(1));
    }
}
