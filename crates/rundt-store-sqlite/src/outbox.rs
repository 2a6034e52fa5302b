//! The outbox of notices: raised in the transaction of the event (or the
//! scan) that raised them, shown once on the start page, mailed by the
//! worker with a lease, so that a worker that dies mid-send leaves the mail
//! to be taken again.

use chrono::{DateTime, Utc};
use rundt_domain::audit::AuditEvent;
use rundt_domain::id::UserId;
use rundt_domain::notice::{NewNotice, Recipients};
use rundt_store::{
    MAIL_JOB_COLUMNS, MAIL_TROUBLE_COLUMNS, MailJob, MailTrouble, NOTICE_COLUMNS, Notice,
    NotificationSettings, OutboxCounts, OutboxStore, StoreResult,
};
use rusqlite::types::Value;
use rusqlite::{Connection, params};

use crate::audit;
use crate::convert::{date_text, db_err, id_list, time_text};
use crate::forward::forward;
use crate::query::{fetch_all, fetch_one, fetch_opt};

/// Supervisors of a team on the day `?7`.
const SUPERVISOR_ON_DAY: &str = "m.position = 'supervisor' AND m.since <= ?7 \
     AND (m.until IS NULL OR m.until >= ?7)";

/// Writes one row per recipient of `notice` (resolved now) inside the
/// caller's transaction; a key already there adds nothing. Returns the rows
/// added.
pub fn raise(
    conn: &Connection,
    notice: &NewNotice,
    audit_seq: Option<i64>,
    at: DateTime<Utc>,
) -> StoreResult<usize> {
    let today = Value::Text(date_text(at.date_naive()));
    let (recipients, extra): (String, Vec<Value>) = match notice.recipients {
        Recipients::CaseTeamSupervisors(case) => (
            format!(
                "SELECT m.user_id, c.team_id FROM cases c \
                 JOIN team_memberships m ON m.team_id = c.team_id \
                 WHERE c.id = ?6 AND {SUPERVISOR_ON_DAY}"
            ),
            vec![Value::Integer(case.get()), today],
        ),
        Recipients::TeamSupervisors(team) => (
            format!(
                "SELECT m.user_id, m.team_id FROM team_memberships m \
                 WHERE m.team_id = ?6 AND {SUPERVISOR_ON_DAY}"
            ),
            vec![Value::Integer(team.get()), today],
        ),
        Recipients::CaseCountryAuditors(case) => (
            "SELECT a.id AS user_id, c.team_id FROM cases c \
             JOIN users a ON a.country = c.country AND a.role = 'auditor' WHERE c.id = ?6"
                .to_owned(),
            vec![Value::Integer(case.get())],
        ),
        Recipients::User(user) => (
            "SELECT a.id AS user_id, ?7 AS team_id FROM users a WHERE a.id = ?6".to_owned(),
            vec![
                Value::Integer(user.get()),
                notice
                    .team_id
                    .map_or(Value::Null, |t| Value::Integer(t.get())),
            ],
        ),
    };
    let sql = format!(
        "INSERT INTO outbox (dedupe_key, user_id, kind, team_id, case_id, audit_seq, created_at, \
             mail_state, next_attempt_at) \
         SELECT ?1 || ':' || r.user_id, r.user_id, ?2, r.team_id, ?3, ?4, ?5, \
             CASE WHEN u.notify_by_email = 1 AND u.email IS NOT NULL THEN 'pending' ELSE 'none' END, \
             CASE WHEN u.notify_by_email = 1 AND u.email IS NOT NULL THEN ?5 END \
         FROM ({recipients}) r JOIN users u ON u.id = r.user_id \
         WHERE u.active = 1 \
         ON CONFLICT (dedupe_key) DO NOTHING"
    );
    let mut values = vec![
        Value::Text(notice.key.clone()),
        Value::Text(notice.kind.as_str().to_owned()),
        notice
            .case_id
            .map_or(Value::Null, |c| Value::Integer(c.get())),
        audit_seq.map_or(Value::Null, Value::Integer),
        Value::Text(time_text(at)),
    ];
    values.extend(extra);
    let mut stmt = conn.prepare_cached(&sql).map_err(db_err)?;
    stmt.execute(rusqlite::params_from_iter(values))
        .map_err(db_err)
}

pub fn queue_notices(
    tx: &Connection,
    notices: &[NewNotice],
    at: DateTime<Utc>,
    event: &AuditEvent,
) -> StoreResult<u32> {
    let mut added = 0;
    for n in notices {
        added += raise(tx, n, None, at)?;
    }
    if added > 0 {
        audit::append(tx, event)?;
    }
    Ok(u32::try_from(added).unwrap_or(u32::MAX))
}

/// A person's unseen notices (`?1` the person, `?2` how many), through the
/// partial index of unseen rows (public for the query-plan test).
pub fn unseen_sql() -> String {
    format!(
        "SELECT {NOTICE_COLUMNS} FROM outbox o LEFT JOIN teams t ON t.id = o.team_id \
         WHERE o.user_id = ?1 AND o.seen_at IS NULL ORDER BY o.id LIMIT ?2"
    )
}

/// How many of a person's notices (`?1`) are unseen.
pub const COUNT_UNSEEN_SQL: &str =
    "SELECT count(*) FROM outbox WHERE user_id = ?1 AND seen_at IS NULL";

/// When the next mail is due: the pending rows' partial index only.
pub const NEXT_MAIL_DUE_SQL: &str = "SELECT min(max(next_attempt_at, coalesce(claimed_until, next_attempt_at))) FROM outbox \
     WHERE mail_state = 'pending'";

/// The next mail a worker may take at `?1` (`?2` how many).
pub const DUE_MAIL_SQL: &str = "SELECT id FROM outbox WHERE mail_state = 'pending' \
     AND next_attempt_at <= ?1 AND (claimed_until IS NULL OR claimed_until <= ?1) \
     ORDER BY next_attempt_at, id LIMIT ?2";

pub fn unseen_notices(conn: &Connection, user: UserId, limit: u32) -> StoreResult<Vec<Notice>> {
    fetch_all(conn, &unseen_sql(), params![user, limit])
}

pub fn count_unseen_notices(conn: &Connection, user: UserId) -> StoreResult<u32> {
    let n: u32 = fetch_one(conn, COUNT_UNSEEN_SQL, [user])?;
    Ok(n)
}

pub fn mark_notices_seen(
    tx: &Connection,
    user: UserId,
    ids: &[i64],
    at: DateTime<Utc>,
) -> StoreResult<u32> {
    if ids.is_empty() {
        return Ok(0);
    }
    let n = tx
        .execute(
            "UPDATE outbox SET seen_at = ?3 WHERE user_id = ?1 AND seen_at IS NULL \
             AND id IN (SELECT value FROM json_each('[' || ?2 || ']'))",
            params![user, id_list(ids), time_text(at)],
        )
        .map_err(db_err)?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

pub fn next_mail_due(conn: &Connection) -> StoreResult<Option<DateTime<Utc>>> {
    let due: Option<Option<DateTime<Utc>>> = fetch_opt(conn, NEXT_MAIL_DUE_SQL, [])?;
    Ok(due.flatten())
}

pub fn claim_mail(
    tx: &Connection,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: u32,
) -> StoreResult<Vec<MailJob>> {
    // Whoever no longer wants e-mail (or has no address, or left) gets
    // none of what waits for them.
    tx.execute(
        "UPDATE outbox SET mail_state = 'none', next_attempt_at = NULL \
         WHERE mail_state = 'pending' AND EXISTS (SELECT 1 FROM users u \
             WHERE u.id = outbox.user_id \
             AND (u.notify_by_email = 0 OR u.email IS NULL OR u.active = 0))",
        [],
    )
    .map_err(db_err)?;
    let now = time_text(now);
    let ids: Vec<i64> = fetch_all(tx, DUE_MAIL_SQL, params![now, limit])?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids = id_list(&ids);
    tx.execute(
        "UPDATE outbox SET claimed_until = ?2 \
         WHERE id IN (SELECT value FROM json_each('[' || ?1 || ']'))",
        params![ids, time_text(lease_until)],
    )
    .map_err(db_err)?;
    let sql = format!(
        "SELECT {MAIL_JOB_COLUMNS} FROM outbox o JOIN users u ON u.id = o.user_id \
         LEFT JOIN teams t ON t.id = o.team_id \
         WHERE o.id IN (SELECT value FROM json_each('[' || ?1 || ']')) ORDER BY o.id"
    );
    fetch_all(tx, &sql, [ids])
}

pub fn mail_sent(
    tx: &Connection,
    notice_id: i64,
    at: DateTime<Utc>,
    event: &AuditEvent,
) -> StoreResult<()> {
    let n = tx
        .execute(
            "UPDATE outbox SET mail_state = 'sent', sent_at = ?2, claimed_until = NULL, \
                 next_attempt_at = NULL \
             WHERE id = ?1 AND mail_state = 'pending'",
            params![notice_id, time_text(at)],
        )
        .map_err(db_err)?;
    if n > 0 {
        audit::append(tx, &audit::with_object(event, notice_id))?;
    }
    Ok(())
}

pub fn mail_failed(
    tx: &Connection,
    notice_id: i64,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> StoreResult<()> {
    tx.execute(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3, \
             mail_state = CASE WHEN ?3 IS NULL THEN 'failed' ELSE 'pending' END, \
             claimed_until = NULL \
         WHERE id = ?1 AND mail_state = 'pending'",
        params![notice_id, error, retry_at.map(time_text)],
    )
    .map_err(db_err)?;
    Ok(())
}

pub fn mail_troubles(conn: &Connection, limit: u32) -> StoreResult<Vec<MailTrouble>> {
    let sql = format!(
        "SELECT {MAIL_TROUBLE_COLUMNS} FROM outbox o JOIN users u ON u.id = o.user_id \
         WHERE o.attempts > 0 AND o.mail_state <> 'sent' ORDER BY o.id DESC LIMIT ?1"
    );
    fetch_all(conn, &sql, [limit])
}

pub fn outbox_counts(conn: &Connection) -> StoreResult<OutboxCounts> {
    fetch_one(
        conn,
        "SELECT coalesce(sum(mail_state = 'pending'), 0), \
             coalesce(sum(mail_state = 'pending' AND attempts > 0), 0), \
             coalesce(sum(mail_state = 'sent'), 0), coalesce(sum(mail_state = 'failed'), 0), \
             coalesce(sum(seen_at IS NULL), 0) FROM outbox",
        [],
    )
}

pub fn notification_settings(conn: &Connection, user: UserId) -> StoreResult<NotificationSettings> {
    Ok(fetch_opt(
        conn,
        "SELECT email, notify_by_email FROM users WHERE id = ?1",
        [user],
    )?
    .unwrap_or_default())
}

pub fn save_notification_settings(
    tx: &Connection,
    user: UserId,
    settings: &NotificationSettings,
    event: &AuditEvent,
) -> StoreResult<()> {
    tx.execute(
        "UPDATE users SET email = ?2, notify_by_email = ?3 WHERE id = ?1",
        params![user, settings.email, settings.by_email],
    )
    .map_err(db_err)?;
    if !settings.by_email || settings.email.is_none() {
        tx.execute(
            "UPDATE outbox SET mail_state = 'none', next_attempt_at = NULL \
             WHERE user_id = ?1 AND mail_state = 'pending'",
            [user],
        )
        .map_err(db_err)?;
    }
    audit::append(tx, event)?;
    Ok(())
}

forward! {
    impl OutboxStore {
        async fn queue_notices(&self, notices: &[NewNotice], at: DateTime<Utc>, audit: &AuditEvent) -> StoreResult<u32> => write queue_notices;
        async fn unseen_notices(&self, user: UserId, limit: u32) -> StoreResult<Vec<Notice>> => read unseen_notices;
        async fn count_unseen_notices(&self, user: UserId) -> StoreResult<u32> => read count_unseen_notices;
        async fn mark_notices_seen(&self, user: UserId, ids: &[i64], at: DateTime<Utc>) -> StoreResult<u32> => write mark_notices_seen;
        async fn next_mail_due(&self) -> StoreResult<Option<DateTime<Utc>>> => read next_mail_due;
        async fn claim_mail(&self, now: DateTime<Utc>, lease_until: DateTime<Utc>, limit: u32) -> StoreResult<Vec<MailJob>> => write claim_mail;
        async fn mail_sent(&self, notice_id: i64, at: DateTime<Utc>, audit: &AuditEvent) -> StoreResult<()> => write mail_sent;
        async fn mail_failed(&self, notice_id: i64, error: &str, retry_at: Option<DateTime<Utc>>) -> StoreResult<()> => write mail_failed;
        async fn mail_troubles(&self, limit: u32) -> StoreResult<Vec<MailTrouble>> => read mail_troubles;
        async fn outbox_counts(&self) -> StoreResult<OutboxCounts> => read outbox_counts;
        async fn notification_settings(&self, user: UserId) -> StoreResult<NotificationSettings> => read notification_settings;
        async fn save_notification_settings(&self, user: UserId, settings: &NotificationSettings, audit: &AuditEvent) -> StoreResult<()> => write save_notification_settings;
    }
}
