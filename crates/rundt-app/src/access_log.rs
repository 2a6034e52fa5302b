//! A person's access log: who accessed their data, when and why. Read a
//! page at a time, newest first (the person's log grows with every read of
//! their data, ten years of it at a busy team); the person's own copy
//! (GDPR art. 15) reads all of it. Every read of it is itself in the log.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use rundt_domain::access::Action;
use rundt_domain::audit::{AuditAction, Object};
use rundt_domain::id::{PersonId, UserId};
use rundt_domain::{FieldError, msg};
use rundt_store::StoredAuditEvent;
use serde::{Deserialize, Serialize};

use crate::{Actor, App, AppError, AppResult, access};

/// How many entries a page holds unless the caller says.
pub const DEFAULT_PAGE: u32 = 50;
/// The most entries one page holds.
pub const MAX_PAGE: u32 = 200;

/// One access to a person's data, for the person's right of access.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessLogEntry {
    pub at: DateTime<Utc>,
    /// The account's display name, or the role when no account acted.
    pub who: String,
    pub role: String,
    pub action: String,
    /// The kind of record (`case`, `person`, ...).
    pub object_kind: String,
    /// The record's id (the case's number for a case).
    pub object_id: Option<i64>,
    pub purpose: Option<String>,
    pub outcome: String,
}

/// Which page of the log to read, as typed into an address or an API
/// query: both fields optional, read by [`AccessLogQuery::read`].
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AccessLogQuery {
    pub before: Option<String>,
    pub limit: Option<String>,
}

/// A page of the log to read: the entries older than `before` (from the
/// newest when `None`), at most `limit` of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccessLogCursor {
    pub before: Option<i64>,
    pub limit: u32,
}

impl AccessLogCursor {
    /// The newest page, of the default size.
    pub fn newest() -> Self {
        Self {
            before: None,
            limit: DEFAULT_PAGE,
        }
    }

    /// The page older than the one that ended at `seq`.
    pub fn older_than(self, seq: i64) -> Self {
        Self {
            before: Some(seq),
            ..self
        }
    }
}

impl AccessLogQuery {
    /// Reads both fields, or says what is wrong with each one that cannot
    /// be read.
    pub fn read(&self) -> AppResult<AccessLogCursor> {
        let given = |raw: &Option<String>| {
            raw.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let mut errors = Vec::new();
        let before = given(&self.before).and_then(|text| match text.parse::<i64>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                errors.push(FieldError::new("before", msg!("audit-filter-id-shape")));
                None
            }
        });
        let limit = match given(&self.limit) {
            None => DEFAULT_PAGE,
            Some(text) => match text.parse::<u32>() {
                Ok(n) if (1..=MAX_PAGE).contains(&n) => n,
                _ => {
                    errors.push(FieldError::new(
                        "limit",
                        msg!("audit-limit-range", max = i64::from(MAX_PAGE)),
                    ));
                    DEFAULT_PAGE
                }
            },
        };
        if errors.is_empty() {
            Ok(AccessLogCursor { before, limit })
        } else {
            Err(AppError::Invalid(errors))
        }
    }
}

/// One page of a person's access log, newest first.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessLogPage {
    pub entries: Vec<AccessLogEntry>,
    /// The `before` of the next, older page; absent on the last page.
    pub next_before: Option<i64>,
}

/// One page of who accessed a person's data, when and why. Reading it is
/// authorized like the whole log was and appends one
/// `person.access_log.read` event about the person.
pub async fn person_access_log(
    app: &App,
    actor: &Actor,
    person_id: PersonId,
    page: AccessLogCursor,
) -> AppResult<AccessLogPage> {
    let person = app
        .store
        .get_person(person_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("person {person_id}")))?;
    access::check(
        app,
        actor,
        &Action::ReadPersonAccessLog(person.country),
        AuditAction::PersonAccessLogRead,
        Object::person(person_id),
    )
    .await?;
    let mut event = actor.event(
        app.clock.now(),
        AuditAction::PersonAccessLogRead,
        Object::person(person_id),
    );
    event.person_id = Some(person_id);
    let limit = page.limit.clamp(1, MAX_PAGE);
    // One more than the page: whether there is an older page.
    let mut events = app
        .store
        .person_access_log_page(person_id, page.before, limit + 1)
        .await?;
    let next_before = if events.len() > limit as usize {
        events.truncate(limit as usize);
        events.last().map(|e| e.seq)
    } else {
        None
    };
    let entries = named(app, events).await?;
    app.store.append_audit(&event).await?;
    Ok(AccessLogPage {
        entries,
        next_before,
    })
}

/// Every event about a person, oldest first, with the names of who acted.
/// Not authorized or audited here: for the use cases that have done both.
pub(crate) async fn access_log_entries(
    app: &App,
    person_id: PersonId,
) -> AppResult<Vec<AccessLogEntry>> {
    let events = app.store.person_access_log(person_id).await?;
    named(app, events).await
}

/// The events as entries, each named by the account that acted (only
/// those accounts are read).
async fn named(app: &App, events: Vec<StoredAuditEvent>) -> AppResult<Vec<AccessLogEntry>> {
    let actors: Vec<UserId> = events
        .iter()
        .filter_map(|e| e.event.actor_user_id)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let names: HashMap<UserId, String> = if actors.is_empty() {
        HashMap::new()
    } else {
        app.store
            .users_by_ids(&actors)
            .await?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect()
    };
    Ok(events
        .into_iter()
        .map(|e| AccessLogEntry {
            at: e.event.at,
            who: e
                .event
                .actor_user_id
                .and_then(|id| names.get(&id).cloned())
                .unwrap_or_else(|| e.event.actor_role.clone()),
            role: e.event.actor_role,
            action: e.event.action,
            object_kind: e.event.object_kind,
            object_id: e.event.object_id,
            purpose: e.event.purpose,
            outcome: e.event.outcome.as_str().to_owned(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(before: &str, limit: &str) -> AccessLogQuery {
        AccessLogQuery {
            before: Some(before.to_owned()),
            limit: Some(limit.to_owned()),
        }
    }

    fn fields(e: AppError) -> Vec<(String, &'static str)> {
        match e {
            AppError::Invalid(f) => f.into_iter().map(|f| (f.field, f.message.code)).collect(),
            other => panic!("not invalid: {other:?}"),
        }
    }

    #[test]
    fn no_page_asked_for_is_the_newest_page_of_the_default_size() {
        assert_eq!(
            AccessLogQuery::default().read().unwrap(),
            AccessLogCursor::newest()
        );
        assert_eq!(query(" ", "").read().unwrap(), AccessLogCursor::newest());
    }

    #[test]
    fn an_older_page_is_below_a_sequence_number() {
        let cursor = query("900", "200").read().unwrap();
        assert_eq!(
            cursor,
            AccessLogCursor {
                before: Some(900),
                limit: MAX_PAGE
            }
        );
    }

    #[test]
    fn a_cursor_or_size_that_cannot_be_used_says_which_and_why() {
        let e = query("yesterday", "201").read().unwrap_err();
        assert_eq!(
            fields(e),
            vec![
                ("before".to_owned(), "audit-filter-id-shape"),
                ("limit".to_owned(), "audit-limit-range"),
            ]
        );
        assert_eq!(
            fields(query("0", "0").read().unwrap_err()),
            vec![
                ("before".to_owned(), "audit-filter-id-shape"),
                ("limit".to_owned(), "audit-limit-range"),
            ]
        );
        assert_eq!(
            fields(query("-3", "50").read().unwrap_err()),
            vec![("before".to_owned(), "audit-filter-id-shape")]
        );
    }
}
