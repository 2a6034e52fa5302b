//! The outbox of notices (issue 18). A notice raised by an event is written
//! by the backend's audit append, in the event's own transaction (see
//! `rundt_domain::notice::from_event`); one raised by the passage of time
//! (a referral not acknowledged, a summary missing) is queued by the
//! worker's scan. Either way one row per recipient and key: raising it
//! again adds nothing. Delivered on the start page once (`seen_at`) and, for
//! those who asked, by e-mail at least once, retried with backoff.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rundt_domain::audit::AuditEvent;
use rundt_domain::country::Country;
use rundt_domain::id::{CaseId, TeamId, UserId};
use rundt_domain::notice::{NewNotice, NoticeKind};
use serde::Serialize;

use crate::StoreResult;
use crate::row::{Columns, FromRow};

/// A notice for its recipient (in the API document `PersonNotice`: the
/// name `Notice` is the API's message beside a success).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = PersonNotice))]
pub struct Notice {
    pub id: i64,
    pub kind: NoticeKind,
    pub team_id: Option<TeamId>,
    /// The team's name, for the line on the start page.
    pub team_name: Option<String>,
    /// The case it is about, for the link (no name, no content).
    pub case_id: Option<CaseId>,
    pub created_at: DateTime<Utc>,
}

pub const NOTICE_COLUMNS: &str = "o.id, o.kind, o.team_id, t.name, o.case_id, o.created_at";

impl FromRow for Notice {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Notice {
            id: c.read()?,
            kind: c.parsed()?,
            team_id: c.read()?,
            team_name: c.read()?,
            case_id: c.read()?,
            created_at: c.read()?,
        })
    }
}

/// An e-mail to send: the notice's kind and team, and where and in which
/// language to send it. Nothing about the family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailJob {
    pub notice_id: i64,
    pub kind: NoticeKind,
    pub user_id: UserId,
    pub email: String,
    /// The language the person chose (`da`, `nb`, `en`), if any.
    pub language: Option<String>,
    pub country: Country,
    pub team_name: Option<String>,
    /// Failed tries so far.
    pub attempts: u32,
}

pub const MAIL_JOB_COLUMNS: &str =
    "o.id, o.kind, o.user_id, u.email, u.language, u.country, t.name, o.attempts";

impl FromRow for MailJob {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(MailJob {
            notice_id: c.read()?,
            kind: c.parsed()?,
            user_id: c.read()?,
            email: c.read()?,
            language: c.read()?,
            country: c.parsed()?,
            team_name: c.read()?,
            attempts: c.read()?,
        })
    }
}

/// An e-mail that failed at least once and is not sent: what the
/// administrator sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MailTrouble {
    pub notice_id: i64,
    pub kind: NoticeKind,
    pub user_id: UserId,
    pub username: String,
    pub created_at: DateTime<Utc>,
    pub attempts: u32,
    /// Given up: no more tries.
    pub failed: bool,
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// What the mail server (or the connection) said last.
    pub last_error: Option<String>,
}

pub const MAIL_TROUBLE_COLUMNS: &str = "o.id, o.kind, o.user_id, u.username, o.created_at, \
     o.attempts, o.mail_state = 'failed', o.next_attempt_at, o.last_error";

impl FromRow for MailTrouble {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(MailTrouble {
            notice_id: c.read()?,
            kind: c.parsed()?,
            user_id: c.read()?,
            username: c.read()?,
            created_at: c.read()?,
            attempts: c.read()?,
            failed: c.read()?,
            next_attempt_at: c.read()?,
            last_error: c.read()?,
        })
    }
}

/// How the outbox stands, for the administrator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxCounts {
    /// E-mails waiting to be sent (including those being retried).
    pub pending: u32,
    /// E-mails waiting after at least one failure.
    pub retrying: u32,
    pub sent: u32,
    /// E-mails given up on.
    pub failed: u32,
    /// Notices not yet shown on their recipient's start page.
    pub unseen: u32,
}

/// Where a person wants their notices.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationSettings {
    /// The address notices are sent to.
    pub email: Option<String>,
    /// Send notices by e-mail too (the start page shows them always).
    pub by_email: bool,
}

impl FromRow for OutboxCounts {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(OutboxCounts {
            pending: c.read()?,
            retrying: c.read()?,
            sent: c.read()?,
            failed: c.read()?,
            unseen: c.read()?,
        })
    }
}

impl FromRow for NotificationSettings {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(NotificationSettings {
            email: c.read()?,
            by_email: c.read()?,
        })
    }
}

#[async_trait]
pub trait OutboxStore: Send + Sync {
    /// Queues notices raised by the passage of time, one per recipient
    /// (resolved now), at `at`; a key already queued adds nothing. When
    /// anything new was queued, `audit` is appended in the same
    /// transaction. Returns how many rows were added.
    async fn queue_notices(
        &self,
        notices: &[NewNotice],
        at: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> StoreResult<u32>;

    /// A person's notices not yet shown on their start page, oldest first,
    /// at most `limit`.
    async fn unseen_notices(&self, user: UserId, limit: u32) -> StoreResult<Vec<Notice>>;

    /// How many of a person's notices are not yet shown.
    async fn count_unseen_notices(&self, user: UserId) -> StoreResult<u32>;

    /// Marks notices of `user` as shown at `at`; another person's ids and
    /// ids already seen are left as they are (showing twice is harmless).
    async fn mark_notices_seen(
        &self,
        user: UserId,
        ids: &[i64],
        at: DateTime<Utc>,
    ) -> StoreResult<u32>;

    /// When the next e-mail is due (the earliest try of one not held by a
    /// worker), or `None` when nothing waits: the worker's cheap look
    /// before it takes any.
    async fn next_mail_due(&self) -> StoreResult<Option<DateTime<Utc>>>;

    /// Takes up to `limit` e-mails due at `now` for one worker until
    /// `lease_until` (another worker, or this one after a restart, takes
    /// them again after it). Notices of people who no longer want e-mail,
    /// have no address or are deactivated are left unsent.
    async fn claim_mail(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> StoreResult<Vec<MailJob>>;

    /// The mail server accepted the notice's e-mail at `at`: it is never
    /// sent again. Appends `audit` in the same transaction.
    async fn mail_sent(
        &self,
        notice_id: i64,
        at: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> StoreResult<()>;

    /// Sending failed with `error`: try again at `retry_at`, or give up
    /// (`None`) and leave it for the administrator.
    async fn mail_failed(
        &self,
        notice_id: i64,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
    ) -> StoreResult<()>;

    /// E-mails that failed at least once and are not sent, newest first.
    async fn mail_troubles(&self, limit: u32) -> StoreResult<Vec<MailTrouble>>;

    async fn outbox_counts(&self) -> StoreResult<OutboxCounts>;

    async fn notification_settings(&self, user: UserId) -> StoreResult<NotificationSettings>;

    /// Saves where a person wants their notices; appends `audit`.
    async fn save_notification_settings(
        &self,
        user: UserId,
        settings: &NotificationSettings,
        audit: &AuditEvent,
    ) -> StoreResult<()>;
}
