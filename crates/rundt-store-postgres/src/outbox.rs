//! The outbox of notices. Semantics mirror the SQLite backend; workers on
//! several app servers take different mail (`FOR UPDATE SKIP LOCKED`), each
//! with a lease, so a worker that dies mid-send leaves its mail to be taken
//! again.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use deadpool_postgres::GenericClient;
use rundt_domain::audit::AuditEvent;
use rundt_domain::id::UserId;
use rundt_domain::notice::{NewNotice, Recipients};
use rundt_store::{
    MAIL_JOB_COLUMNS, MAIL_TROUBLE_COLUMNS, MailJob, MailTrouble, NOTICE_COLUMNS, Notice,
    NotificationSettings, OutboxCounts, OutboxStore, StoreResult,
};

use crate::PostgresStore;
use crate::audit::{append_audit_tx, with_object_id};
use crate::query::{client, execute, fetch_all, fetch_one, fetch_opt, transaction};

/// Supervisors of a team on the day `$7`.
const SUPERVISOR_ON_DAY: &str = "m.position = 'supervisor' AND m.since <= $7::date \
     AND (m.until IS NULL OR m.until >= $7::date)";

/// Writes one row per recipient of `notice` (resolved now) inside the
/// caller's transaction; a key already there adds nothing. Returns the rows
/// added.
pub(crate) async fn raise(
    tx: &impl GenericClient,
    notice: &NewNotice,
    audit_seq: Option<i64>,
    at: DateTime<Utc>,
) -> StoreResult<u64> {
    let today: NaiveDate = at.date_naive();
    let team: Option<i64> = notice.team_id.map(|t| t.get());
    let (recipients, target, seventh): (
        String,
        i64,
        Option<&(dyn tokio_postgres::types::ToSql + Sync)>,
    ) = match notice.recipients {
        Recipients::CaseTeamSupervisors(case) => (
            format!(
                "SELECT m.user_id, c.team_id FROM cases c \
                     JOIN team_memberships m ON m.team_id = c.team_id \
                     WHERE c.id = $6 AND {SUPERVISOR_ON_DAY}"
            ),
            case.get(),
            Some(&today),
        ),
        Recipients::TeamSupervisors(t) => (
            format!(
                "SELECT m.user_id, m.team_id FROM team_memberships m \
                     WHERE m.team_id = $6 AND {SUPERVISOR_ON_DAY}"
            ),
            t.get(),
            Some(&today),
        ),
        Recipients::CaseCountryAuditors(case) => (
            "SELECT a.id AS user_id, c.team_id FROM cases c \
                 JOIN users a ON a.country = c.country AND a.role = 'auditor' \
                 WHERE c.id = $6"
                .to_owned(),
            case.get(),
            None,
        ),
        Recipients::User(user) => (
            "SELECT a.id AS user_id, $7::bigint AS team_id FROM users a WHERE a.id = $6".to_owned(),
            user.get(),
            Some(&team),
        ),
    };
    let sql = format!(
        "INSERT INTO outbox (dedupe_key, user_id, kind, team_id, case_id, audit_seq, created_at, \
             mail_state, next_attempt_at) \
         SELECT $1::text || ':' || r.user_id::text, r.user_id, $2::text, r.team_id, $3::bigint, \
             $4::bigint, $5::timestamptz, \
             CASE WHEN u.notify_by_email AND u.email IS NOT NULL THEN 'pending' ELSE 'none' END, \
             CASE WHEN u.notify_by_email AND u.email IS NOT NULL THEN $5::timestamptz END \
         FROM ({recipients}) r JOIN users u ON u.id = r.user_id \
         WHERE u.active \
         ON CONFLICT (dedupe_key) DO NOTHING"
    );
    let case: Option<i64> = notice.case_id.map(|c| c.get());
    let kind = notice.kind.as_str();
    let mut params: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> =
        vec![&notice.key, &kind, &case, &audit_seq, &at, &target];
    params.extend(seventh);
    execute(tx, &sql, &params).await
}

async fn queue_notices(
    pool: &deadpool_postgres::Pool,
    notices: &[NewNotice],
    at: DateTime<Utc>,
    audit: &AuditEvent,
) -> StoreResult<u32> {
    transaction(pool, async |tx| {
        let mut added = 0;
        for n in notices {
            added += raise(tx, n, None, at).await?;
        }
        if added > 0 {
            append_audit_tx(tx, audit).await?;
        }
        Ok(u32::try_from(added).unwrap_or(u32::MAX))
    })
    .await
}

#[async_trait]
impl OutboxStore for PostgresStore {
    async fn queue_notices(
        &self,
        notices: &[NewNotice],
        at: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> StoreResult<u32> {
        queue_notices(&self.pool, notices, at, audit).await
    }

    async fn unseen_notices(&self, user: UserId, limit: u32) -> StoreResult<Vec<Notice>> {
        let sql = format!(
            "SELECT {NOTICE_COLUMNS} FROM outbox o LEFT JOIN teams t ON t.id = o.team_id \
             WHERE o.user_id = $1 AND o.seen_at IS NULL ORDER BY o.id LIMIT $2"
        );
        fetch_all(
            &client(&self.pool).await?,
            &sql,
            &[&user, &i64::from(limit)],
        )
        .await
    }

    async fn count_unseen_notices(&self, user: UserId) -> StoreResult<u32> {
        let n: u32 = fetch_one(
            &client(&self.pool).await?,
            "SELECT count(*) FROM outbox WHERE user_id = $1 AND seen_at IS NULL",
            &[&user],
        )
        .await?;
        Ok(n)
    }

    async fn mark_notices_seen(
        &self,
        user: UserId,
        ids: &[i64],
        at: DateTime<Utc>,
    ) -> StoreResult<u32> {
        if ids.is_empty() {
            return Ok(0);
        }
        let n = execute(
            &client(&self.pool).await?,
            "UPDATE outbox SET seen_at = $3 WHERE user_id = $1 AND seen_at IS NULL \
             AND id = ANY($2)",
            &[&user, &ids, &at],
        )
        .await?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    async fn next_mail_due(&self) -> StoreResult<Option<DateTime<Utc>>> {
        let due: Option<DateTime<Utc>> = fetch_one(
            &client(&self.pool).await?,
            "SELECT min(greatest(next_attempt_at, claimed_until)) FROM outbox \
             WHERE mail_state = 'pending'",
            &[],
        )
        .await?;
        Ok(due)
    }

    async fn claim_mail(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> StoreResult<Vec<MailJob>> {
        transaction(&self.pool, async |tx| {
            // Whoever no longer wants e-mail (or has no address, or left)
            // gets none of what waits for them.
            execute(
                tx,
                "UPDATE outbox o SET mail_state = 'none', next_attempt_at = NULL \
                 FROM users u WHERE u.id = o.user_id AND o.mail_state = 'pending' \
                 AND (NOT u.notify_by_email OR u.email IS NULL OR NOT u.active)",
                &[],
            )
            .await?;
            let ids: Vec<i64> = fetch_all(
                tx,
                "UPDATE outbox SET claimed_until = $2 WHERE id IN ( \
                     SELECT id FROM outbox WHERE mail_state = 'pending' \
                     AND next_attempt_at <= $1 \
                     AND (claimed_until IS NULL OR claimed_until <= $1) \
                     ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED) \
                 RETURNING id",
                &[&now, &lease_until, &i64::from(limit)],
            )
            .await?;
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            let sql = format!(
                "SELECT {MAIL_JOB_COLUMNS} FROM outbox o JOIN users u ON u.id = o.user_id \
                 LEFT JOIN teams t ON t.id = o.team_id WHERE o.id = ANY($1) ORDER BY o.id"
            );
            fetch_all(tx, &sql, &[&ids]).await
        })
        .await
    }

    async fn mail_sent(
        &self,
        notice_id: i64,
        at: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        transaction(&self.pool, async |tx| {
            let n = execute(
                tx,
                "UPDATE outbox SET mail_state = 'sent', sent_at = $2, claimed_until = NULL, \
                     next_attempt_at = NULL \
                 WHERE id = $1 AND mail_state = 'pending'",
                &[&notice_id, &at],
            )
            .await?;
            if n > 0 {
                append_audit_tx(tx, &with_object_id(audit, notice_id)).await?;
            }
            Ok(())
        })
        .await
    }

    async fn mail_failed(
        &self,
        notice_id: i64,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
    ) -> StoreResult<()> {
        execute(
            &client(&self.pool).await?,
            "UPDATE outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3, \
                 mail_state = CASE WHEN $3::timestamptz IS NULL THEN 'failed' ELSE 'pending' END, \
                 claimed_until = NULL \
             WHERE id = $1 AND mail_state = 'pending'",
            &[&notice_id, &error, &retry_at],
        )
        .await?;
        Ok(())
    }

    async fn mail_troubles(&self, limit: u32) -> StoreResult<Vec<MailTrouble>> {
        let sql = format!(
            "SELECT {MAIL_TROUBLE_COLUMNS} FROM outbox o JOIN users u ON u.id = o.user_id \
             WHERE o.attempts > 0 AND o.mail_state <> 'sent' ORDER BY o.id DESC LIMIT $1"
        );
        fetch_all(&client(&self.pool).await?, &sql, &[&i64::from(limit)]).await
    }

    async fn outbox_counts(&self) -> StoreResult<OutboxCounts> {
        fetch_one(
            &client(&self.pool).await?,
            "SELECT count(*) FILTER (WHERE mail_state = 'pending'), \
                 count(*) FILTER (WHERE mail_state = 'pending' AND attempts > 0), \
                 count(*) FILTER (WHERE mail_state = 'sent'), \
                 count(*) FILTER (WHERE mail_state = 'failed'), \
                 count(*) FILTER (WHERE seen_at IS NULL) FROM outbox",
            &[],
        )
        .await
    }

    async fn notification_settings(&self, user: UserId) -> StoreResult<NotificationSettings> {
        Ok(fetch_opt(
            &client(&self.pool).await?,
            "SELECT email, notify_by_email FROM users WHERE id = $1",
            &[&user],
        )
        .await?
        .unwrap_or_default())
    }

    async fn save_notification_settings(
        &self,
        user: UserId,
        settings: &NotificationSettings,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        transaction(&self.pool, async |tx| {
            execute(
                tx,
                "UPDATE users SET email = $2, notify_by_email = $3 WHERE id = $1",
                &[&user, &settings.email, &settings.by_email],
            )
            .await?;
            if !settings.by_email || settings.email.is_none() {
                execute(
                    tx,
                    "UPDATE outbox SET mail_state = 'none', next_attempt_at = NULL \
                     WHERE user_id = $1 AND mail_state = 'pending'",
                    &[&user],
                )
                .await?;
            }
            append_audit_tx(tx, audit).await?;
            Ok(())
        })
        .await
    }
}
