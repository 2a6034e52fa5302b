//! Notices (issue 18): what needs a person, shown once on their start page
//! and, where they asked for it, mailed.
//!
//! Events raise their notices themselves, in their own transaction (the
//! store's audit append). What time raises — a referral not acknowledged
//! by its day, last week's summary missing, an interview due, a gap in the
//! rota — is found by [`scan`], which the server runs every few minutes;
//! the notices' keys make a second scan (or a second server) add nothing.
//! [`deliver_mail`] sends what is due through a [`Mailer`] and records the
//! outcome; a mail the server accepted is never sent again, one that failed
//! is retried with backoff and in the end left for the administrator.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::Duration;
use rundt_domain::audit::{AuditAction, Object, ObjectKind};
use rundt_domain::id::{CaseId, TeamId};
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::msg;
use rundt_domain::notice::{self, NewNotice};
use rundt_domain::user::Role;
use rundt_store::CaseFilter;
pub use rundt_store::{MailJob, MailTrouble, Notice, NotificationSettings, OutboxCounts};
use serde::{Deserialize, Serialize};

use crate::{Actor, App, AppError, AppResult, access};

/// How many unseen notices the start page shows at once (the rest next
/// time).
pub const START_PAGE_NOTICES: u32 = 20;
/// How long a worker holds the mail it took before another may take it,
/// unless the server is told otherwise: longer than a mail server takes to
/// answer (the SMTP client gives up after 30 seconds).
pub const MAIL_LEASE_SECONDS: i64 = 120;
/// How many mails one round of delivery sends at most.
pub const MAIL_BATCH: u32 = 20;

/// Sends one notice's e-mail. The adapter writes the text from the job
/// (kind, team name, the recipient's language) — the job holds nothing
/// about the family, so the mail cannot either.
#[async_trait]
pub trait Mailer: Send + Sync {
    /// `Ok` once the mail server accepted the mail; `Err` with what went
    /// wrong (said to the administrator) otherwise.
    async fn send(&self, job: &MailJob) -> Result<(), String>;
}

/// The person's notices not yet shown, which are now marked shown: the
/// start page shows each notice once. Nothing for the command line.
pub async fn show_unseen(app: &App, actor: &Actor) -> AppResult<UnseenNotices> {
    let Some(who) = actor.principal() else {
        return Ok(UnseenNotices::default());
    };
    let notices = app
        .store
        .unseen_notices(who.user_id, START_PAGE_NOTICES)
        .await?;
    let more = if notices.len() as u32 == START_PAGE_NOTICES {
        app.store
            .count_unseen_notices(who.user_id)
            .await?
            .saturating_sub(START_PAGE_NOTICES)
    } else {
        0
    };
    if !notices.is_empty() {
        let ids: Vec<i64> = notices.iter().map(|n| n.id).collect();
        app.store
            .mark_notices_seen(who.user_id, &ids, app.clock.now())
            .await?;
    }
    Ok(UnseenNotices { notices, more })
}

/// Notices to show, and how many more wait.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnseenNotices {
    pub notices: Vec<Notice>,
    /// Unseen notices beyond these (shown next time).
    pub more: u32,
}

/// The person's unseen notices, without marking them (for the API; a
/// client marks them with [`mark_seen`]).
pub async fn unseen(app: &App, actor: &Actor, limit: u32) -> AppResult<Vec<Notice>> {
    let Some(who) = actor.principal() else {
        return Ok(Vec::new());
    };
    Ok(app
        .store
        .unseen_notices(who.user_id, limit.clamp(1, 200))
        .await?)
}

/// Marks the person's notices `ids` as seen; another person's are left
/// alone. Returns how many changed.
pub async fn mark_seen(app: &App, actor: &Actor, ids: &[i64]) -> AppResult<u32> {
    let Some(who) = actor.principal() else {
        return Ok(0);
    };
    if ids.len() > 200 {
        return Err(AppError::invalid("ids", msg!("notices-at-most", max = 200)));
    }
    Ok(app
        .store
        .mark_notices_seen(who.user_id, ids, app.clock.now())
        .await?)
}

/// Finds what time has raised and queues it; returns how many notices were
/// added (a notice already queued is not added again).
pub async fn scan(app: &App) -> AppResult<u32> {
    let system = Actor::System;
    let mut raised: Vec<NewNotice> = Vec::new();
    for a in crate::referrals::awaiting(app, &system).await? {
        if a.overdue {
            raised.push(notice::acknowledgement_overdue(a.case_id, a.team_id));
        }
    }
    let in_treatment = app
        .store
        .list_cases(&CaseFilter {
            statuses: Some(vec![CaseStatus::InTreatment]),
            ..CaseFilter::default()
        })
        .await?;
    let team_of: HashMap<CaseId, TeamId> = in_treatment.iter().map(|c| (c.id, c.team_id)).collect();
    for o in crate::treatment::overdue_summaries(app, &system).await? {
        if let (Some(therapist), Some(team)) = (o.therapist_id, team_of.get(&o.case_id)) {
            raised.push(notice::weekly_summary_missing(
                o.case_id,
                *team,
                therapist,
                o.week_start,
            ));
        }
    }
    for team in app.store.list_teams().await? {
        if team.closed_on.is_some() {
            continue;
        }
        for due in crate::fidelity::interviews_due(app, &system, team.id).await? {
            raised.push(notice::interview_due(due.case_id, team.id, due.due));
        }
        raised.extend(crate::oncall::gap_notices(app, &team).await?);
    }
    if raised.is_empty() {
        return Ok(0);
    }
    let now = app.clock.now();
    let event = system.event(
        now,
        AuditAction::NoticeQueue,
        Object::of(ObjectKind::Notice),
    );
    Ok(app.store.queue_notices(&raised, now, &event).await?)
}

/// What one round of delivery did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delivery {
    pub sent: u32,
    pub failed: u32,
}

/// Sends the mail that is due, at most [`MAIL_BATCH`] in one round, one at
/// a time: each is taken for `lease` (longer than the mail server may take
/// to answer), sent, and its outcome recorded before the next is taken. A
/// mail the server accepted is marked sent at once, so a restart does not
/// send it again; a mail whose sending was cut off (the server stopped,
/// the process was killed) is taken again when its lease ends.
pub async fn deliver_mail(app: &App, mailer: &dyn Mailer, lease: Duration) -> AppResult<Delivery> {
    let mut done = Delivery::default();
    // The cheap look on a reader first: most rounds find nothing and never
    // queue behind the writer. Once something is due, taking mail says
    // itself when nothing more is.
    match app.store.next_mail_due().await? {
        Some(due) if due <= app.clock.now() => {}
        _ => return Ok(done),
    }
    while done.sent + done.failed < MAIL_BATCH {
        let now = app.clock.now();
        let Some(job) = app.store.claim_mail(now, now + lease, 1).await?.pop() else {
            break;
        };
        match mailer.send(&job).await {
            Ok(()) => {
                let at = app.clock.now();
                let event = Actor::System.event(
                    at,
                    AuditAction::NoticeMailSent,
                    Object::keyed(ObjectKind::Notice, job.notice_id),
                );
                app.store.mail_sent(job.notice_id, at, &event).await?;
                done.sent += 1;
            }
            Err(error) => {
                let at = app.clock.now();
                let retry = notice::retry_at(at, job.attempts + 1);
                tracing::warn!(notice = job.notice_id, attempts = job.attempts + 1, given_up = retry.is_none(), %error, "a notice's e-mail was not sent");
                let error: String = error.chars().take(500).collect();
                app.store.mail_failed(job.notice_id, &error, retry).await?;
                done.failed += 1;
            }
        }
    }
    Ok(done)
}

/// The outbox as the administrator sees it: counts, and the mail that
/// failed at least once and is not sent, newest first.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxView {
    pub counts: OutboxCounts,
    pub troubles: Vec<MailTrouble>,
}

/// For the national office's administrator only; audited.
pub async fn outbox(app: &App, actor: &Actor) -> AppResult<OutboxView> {
    let object = Object::of(ObjectKind::Notice);
    if let Some(p) = actor.principal()
        && p.role != Role::NationalAdmin
    {
        return Err(access::refuse(
            app,
            p,
            AuditAction::NoticeOutboxRead,
            object,
            msg!("outbox-not-allowed"),
        )
        .await);
    }
    let view = OutboxView {
        counts: app.store.outbox_counts().await?,
        troubles: app.store.mail_troubles(100).await?,
    };
    app.store
        .append_audit(&actor.event(app.clock.now(), AuditAction::NoticeOutboxRead, object))
        .await?;
    Ok(view)
}

/// Where a person wants their notices, as they send it.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaveNotificationSettings {
    /// The address for notices; empty or left out removes it.
    #[serde(default)]
    pub email: Option<String>,
    /// Send notices by e-mail too.
    #[serde(default)]
    pub by_email: bool,
}

/// The person's own notification settings.
pub async fn settings(app: &App, actor: &Actor) -> AppResult<NotificationSettings> {
    let who = actor
        .principal()
        .ok_or_else(|| AppError::Forbidden(msg!("notices-only-people")))?;
    Ok(app.store.notification_settings(who.user_id).await?)
}

/// Saves the person's own notification settings: an address that looks
/// like one, and e-mail only with an address. Audited.
pub async fn save_settings(
    app: &App,
    actor: &Actor,
    input: &SaveNotificationSettings,
) -> AppResult<NotificationSettings> {
    let who = actor
        .principal()
        .ok_or_else(|| AppError::Forbidden(msg!("notices-only-people")))?;
    let email = input
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(str::to_owned);
    if let Some(e) = &email
        && !notice::plausible_email(e)
    {
        return Err(AppError::invalid("email", msg!("email-not-plausible")));
    }
    if input.by_email && email.is_none() {
        return Err(AppError::invalid("email", msg!("email-needed-for-notices")));
    }
    let settings = NotificationSettings {
        email,
        by_email: input.by_email,
    };
    let event = access::event(
        app,
        who,
        AuditAction::AccountNotificationsSave,
        Object::user(who.user_id),
    );
    app.store
        .save_notification_settings(who.user_id, &settings, &event)
        .await?;
    Ok(settings)
}
