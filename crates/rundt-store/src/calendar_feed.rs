//! Calendar feeds of the on-call rota: a secret address a phone's calendar
//! subscribes to. Only the SHA-256 of the secret is stored; creating and
//! revoking a feed append their audit event in the same transaction.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rundt_domain::audit::AuditEvent;
use rundt_domain::id::{TeamId, UserId};

use crate::StoreResult;
use crate::row::{Columns, FromRow};

/// A feed as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarFeedRecord {
    pub id: i64,
    pub team_id: TeamId,
    /// Whose shifts; `None`: the team's whole rota.
    pub person_id: Option<UserId>,
    /// SHA-256 of the secret, 64 lower-case hex digits.
    pub token_sha256: String,
    pub created_by: Option<UserId>,
    pub created_at: DateTime<Utc>,
    pub revoked_by: Option<UserId>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl CalendarFeedRecord {
    pub fn is_revoked(&self) -> bool {
        self.revoked_at.is_some()
    }
}

/// A feed to create (who and when: the audit event's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCalendarFeed {
    pub person_id: Option<UserId>,
    pub token_sha256: String,
}

#[async_trait]
pub trait CalendarFeedStore: Send + Sync {
    /// Creates a feed of the team (`NotFound` when there is no such team).
    async fn create_calendar_feed(
        &self,
        team_id: TeamId,
        feed: &NewCalendarFeed,
        audit: &AuditEvent,
    ) -> StoreResult<CalendarFeedRecord>;

    /// Revokes a feed of the team not yet revoked (`NotFound` otherwise);
    /// who and when are the audit event's.
    async fn revoke_calendar_feed(
        &self,
        team_id: TeamId,
        id: i64,
        audit: &AuditEvent,
    ) -> StoreResult<CalendarFeedRecord>;

    /// One feed of the team, revoked or not.
    async fn calendar_feed(
        &self,
        team_id: TeamId,
        id: i64,
    ) -> StoreResult<Option<CalendarFeedRecord>>;

    /// The feed whose secret has this SHA-256, revoked or not.
    async fn calendar_feed_by_token(
        &self,
        token_sha256: &str,
    ) -> StoreResult<Option<CalendarFeedRecord>>;

    /// The team's feeds not revoked, oldest first.
    async fn calendar_feeds_of_team(&self, team_id: TeamId)
    -> StoreResult<Vec<CalendarFeedRecord>>;
}

impl FromRow for CalendarFeedRecord {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Self {
            id: c.read()?,
            team_id: c.read()?,
            person_id: c.read()?,
            token_sha256: c.read()?,
            created_by: c.read()?,
            created_at: c.read()?,
            revoked_by: c.read()?,
            revoked_at: c.read()?,
        })
    }
}

/// The SQL both backends share, with `?N` placeholders.
pub mod calendar_feed_sql {
    pub const FEED_SELECT: &str = "SELECT id, team_id, person_id, token_sha256, created_by, \
         created_at, revoked_by, revoked_at FROM oncall_calendar_feeds";
    pub const FEED_BY_ID: &str = "SELECT id, team_id, person_id, token_sha256, created_by, \
         created_at, revoked_by, revoked_at FROM oncall_calendar_feeds \
         WHERE team_id = ?1 AND id = ?2";
    pub const FEED_BY_TOKEN: &str = "SELECT id, team_id, person_id, token_sha256, created_by, \
         created_at, revoked_by, revoked_at FROM oncall_calendar_feeds \
         WHERE token_sha256 = ?1";
    pub const FEEDS_OF_TEAM: &str = "SELECT id, team_id, person_id, token_sha256, created_by, \
         created_at, revoked_by, revoked_at FROM oncall_calendar_feeds \
         WHERE team_id = ?1 AND revoked_at IS NULL ORDER BY created_at, id";
    pub const INSERT_FEED: &str = "INSERT INTO oncall_calendar_feeds \
         (team_id, person_id, token_sha256, created_by, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id";
    pub const REVOKE_FEED: &str = "UPDATE oncall_calendar_feeds SET revoked_by = ?3, \
         revoked_at = ?4 WHERE team_id = ?1 AND id = ?2 AND revoked_at IS NULL";
    pub const TEAM_EXISTS: &str = "SELECT id FROM teams WHERE id = ?1";
}
