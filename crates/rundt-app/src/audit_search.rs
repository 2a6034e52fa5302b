//! The auditor's tools: the audit log newest first, narrowed by who did it,
//! what was done, whose data or which family it touched, and a period of
//! days on the auditor's clock; and a person found by their national
//! identifier, to read who accessed their data.
//!
//! Who may: whoever may read the audit log of their country (auditors and
//! the national office). Narrowing to one person reads that person's access
//! log, so it needs the right to read it (the person's country) and is
//! audited like the access log page; looking a person up by national id is
//! audited too, found or not.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use rundt_domain::access::{Action, Principal};
use rundt_domain::audit::{ActionFilter, AuditAction, Object, ObjectKind};
use rundt_domain::country::Country;
use rundt_domain::id::{CaseId, PersonId, UserId};
use rundt_domain::{DomainError, FieldError, msg, national_id};
use rundt_store::{AuditFilter, StoredAuditEvent};
use serde::{Deserialize, Serialize};

use crate::{App, AppError, AppResult, access};

/// The most events one page lists.
pub const MAX_LIMIT: u32 = 1000;

/// What an auditor asks of the audit log, as typed into a page's filter
/// or an API query: every field optional, read by [`AuditQuery::read`].
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AuditQuery {
    pub before: Option<String>,
    pub after: Option<String>,
    pub user: Option<String>,
    pub action: Option<String>,
    pub person: Option<String>,
    pub case: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: Option<String>,
}

/// An [`AuditQuery`] read and checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditCriteria {
    /// Events below this sequence number: the next, older page.
    pub before: Option<i64>,
    /// Events above this sequence number.
    pub after: Option<i64>,
    /// Done by this user.
    pub user: Option<UserId>,
    pub action: Option<ActionFilter>,
    /// About this person's data.
    pub person: Option<PersonId>,
    /// About this family's case.
    pub case: Option<CaseId>,
    /// From the start of this day, on the auditor's clock.
    pub from: Option<NaiveDate>,
    /// To the end of this day, on the auditor's clock.
    pub to: Option<NaiveDate>,
    /// At most this many events; the caller's default when `None`.
    pub limit: Option<u32>,
}

/// The text of a field, `None` when empty.
fn given(raw: &Option<String>) -> Option<&str> {
    raw.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl AuditQuery {
    /// Reads every field, or says what is wrong with each one that cannot
    /// be read. A number is never repeated back (someone may have typed a
    /// national id where a person id belongs).
    pub fn read(&self) -> AppResult<AuditCriteria> {
        let mut errors = Vec::new();
        let mut id = |field: &str, raw: &Option<String>| -> Option<i64> {
            let text = given(raw)?;
            match text.parse::<i64>() {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    errors.push(FieldError::new(field, msg!("audit-filter-id-shape")));
                    None
                }
            }
        };
        let before = id("before", &self.before);
        let after = id("after", &self.after);
        let user = id("user", &self.user).map(UserId::new);
        let person = id("person", &self.person).map(PersonId::new);
        let case = id("case", &self.case).map(CaseId::new);
        let action = given(&self.action).and_then(|text| {
            let parsed = ActionFilter::parse(text);
            if parsed.is_none() {
                errors.push(FieldError::new("action", msg!("audit-action-unknown")));
            }
            parsed
        });
        let mut day = |field: &str, raw: &Option<String>| -> Option<NaiveDate> {
            let text = given(raw)?;
            let parsed = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
            if parsed.is_none() {
                errors.push(FieldError::new(field, msg!("date-shape", given = text)));
            }
            parsed
        };
        let from = day("from", &self.from);
        let to = day("to", &self.to);
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            errors.push(FieldError::new(
                "from",
                msg!("period-reversed", from = f.to_string(), to = t.to_string()),
            ));
        }
        let limit = given(&self.limit).and_then(|text| match text.parse::<u32>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => Some(n),
            _ => {
                errors.push(FieldError::new(
                    "limit",
                    msg!("audit-limit-range", max = i64::from(MAX_LIMIT)),
                ));
                None
            }
        });
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        Ok(AuditCriteria {
            before,
            after,
            user,
            action,
            person,
            case,
            from,
            to,
            limit,
        })
    }
}

impl AuditCriteria {
    /// The store's filter, the days taken on `country`'s clock: from the
    /// first day's start to the start of the day after the last.
    pub fn filter(&self, country: Country) -> AuditFilter {
        AuditFilter {
            before_seq: self.before,
            after_seq: self.after,
            actor_user_id: self.user,
            actions: self.action.map(|a| a.actions()).unwrap_or_default(),
            person_id: self.person,
            object: self.case.map(Object::case),
            from: self.from.map(|d| country.start_of_day(d)),
            until: self
                .to
                .and_then(|d| d.checked_add_days(Days::new(1)))
                .map(|d| country.start_of_day(d)),
        }
    }

    /// Whether anything but the page narrows the list.
    pub fn is_narrowed(&self) -> bool {
        let page = Self {
            before: None,
            limit: None,
            ..self.clone()
        };
        page != Self::default()
    }
}

/// An account as the auditor sees it: who did something.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountName {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub country: Country,
}

/// One event of the list, with the name of whoever did it.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub event: StoredAuditEvent,
    /// The display name of the account that acted; `None` for Rundt itself
    /// and the command line.
    pub actor_name: Option<String>,
}

/// A page of the audit log.
#[derive(Debug, Clone)]
pub struct AuditListing {
    pub entries: Vec<AuditEntry>,
    /// Where the next, older page begins (its `before`); `None` on the
    /// last page.
    pub older: Option<i64>,
    /// Every account, by name: whom the list can be narrowed to.
    pub accounts: Vec<AccountName>,
}

/// A page of the audit log, newest first, as `criteria` narrow it
/// (`default_limit` events unless they say how many).
pub async fn search(
    app: &App,
    who: &Principal,
    criteria: &AuditCriteria,
    default_limit: u32,
) -> AppResult<AuditListing> {
    require_reader(app, who).await?;
    let accounts = accounts(app).await?;
    if let Some(user) = criteria.user
        && !accounts.iter().any(|a| a.id == user)
    {
        return Err(AppError::invalid("user", msg!("user-unknown")));
    }
    if let Some(person) = criteria.person {
        let found = app
            .store
            .get_person(person)
            .await?
            .ok_or_else(|| AppError::invalid("person", msg!("audit-person-unknown")))?;
        access::require(
            app,
            who,
            &Action::ReadPersonAccessLog(found.country),
            AuditAction::PersonAccessLogRead,
            Object::person(person),
        )
        .await?;
    }
    let limit = criteria.limit.unwrap_or(default_limit).clamp(1, MAX_LIMIT);
    let events = app
        .store
        .search_audit_events(&criteria.filter(who.country), limit)
        .await?;
    if let Some(person) = criteria.person {
        // Reading what was done with a person's data is itself in their
        // access log.
        let mut read = access::event(
            app,
            who,
            AuditAction::PersonAccessLogRead,
            Object::person(person),
        );
        read.person_id = Some(person);
        app.store.append_audit(&read).await?;
    }
    let older = (events.len() == limit as usize)
        .then(|| events.last().map(|e| e.seq))
        .flatten();
    let names: HashMap<UserId, &str> = accounts
        .iter()
        .map(|a| (a.id, a.display_name.as_str()))
        .collect();
    let entries = events
        .into_iter()
        .map(|event| AuditEntry {
            actor_name: event
                .event
                .actor_user_id
                .and_then(|id| names.get(&id).map(|n| (*n).to_owned())),
            event,
        })
        .collect();
    Ok(AuditListing {
        entries,
        older,
        accounts,
    })
}

/// Lets `who` read the audit log of their country (auditors and the
/// national office), or refuses, audited.
pub(crate) async fn require_reader(app: &App, who: &Principal) -> AppResult<()> {
    access::require(
        app,
        who,
        &Action::ReadAuditLog(who.country),
        AuditAction::AuditRead,
        Object::of(ObjectKind::AuditLog),
    )
    .await
    .map(|_| ())
}

/// Every account, by display name: whom the audit log can be narrowed to
/// (for whoever may read it).
pub async fn account_names(app: &App, who: &Principal) -> AppResult<Vec<AccountName>> {
    require_reader(app, who).await?;
    accounts(app).await
}

/// Every account, by display name.
async fn accounts(app: &App) -> AppResult<Vec<AccountName>> {
    let mut accounts: Vec<AccountName> = app
        .store
        .list_users()
        .await?
        .into_iter()
        .map(|u| AccountName {
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            country: u.country,
        })
        .collect();
    accounts.sort_by(|a, b| {
        a.display_name
            .to_lowercase()
            .cmp(&b.display_name.to_lowercase())
            .then(a.id.cmp(&b.id))
    });
    Ok(accounts)
}

/// Finds the person with `national_id` (a CPR number for a Danish auditor,
/// a fødselsnummer or D-number for a Norwegian one) among the people of the
/// auditor's country, to read their access log. The look-up is audited
/// (`person.lookup`, with the person when found). The number is never
/// stored or repeated: a person not found is "no person with this national
/// id".
pub async fn find_person(app: &App, who: &Principal, national_id: &str) -> AppResult<PersonId> {
    access::require(
        app,
        who,
        &Action::ReadPersonAccessLog(who.country),
        AuditAction::PersonLookup,
        Object::of(ObjectKind::Person),
    )
    .await?;
    let typed = national_id.trim();
    if typed.is_empty() {
        return Err(AppError::invalid("national_id", msg!("text-empty")));
    }
    let id = national_id::parse(who.country, typed).map_err(|e| match e {
        DomainError::Invalid(fields) => AppError::Invalid(fields),
        DomainError::Conflict(m) => AppError::Invalid(vec![FieldError::new("national_id", m)]),
    })?;
    let index = app.keys.national_id_index(&id);
    let previous = app.keys.previous_national_id_index(&id);
    let found = app
        .store
        .find_person_by_national_id(who.country, &index, previous.as_deref())
        .await?;
    let mut looked_up = access::event(
        app,
        who,
        AuditAction::PersonLookup,
        found
            .as_ref()
            .map_or(Object::of(ObjectKind::Person), |p| Object::person(p.id)),
    );
    looked_up.person_id = found.as_ref().map(|p| p.id);
    app.store.append_audit(&looked_up).await?;
    found
        .map(|p| p.id)
        .ok_or_else(|| AppError::invalid("national_id", msg!("national-id-no-person")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> AuditQuery {
        let mut q = AuditQuery::default();
        for (k, v) in pairs {
            let v = Some((*v).to_owned());
            match *k {
                "before" => q.before = v,
                "user" => q.user = v,
                "action" => q.action = v,
                "person" => q.person = v,
                "case" => q.case = v,
                "from" => q.from = v,
                "to" => q.to = v,
                "limit" => q.limit = v,
                other => panic!("no field {other}"),
            }
        }
        q
    }

    fn fields(e: AppError) -> Vec<(String, &'static str)> {
        match e {
            AppError::Invalid(f) => f.into_iter().map(|f| (f.field, f.message.code)).collect(),
            other => panic!("not invalid: {other:?}"),
        }
    }

    #[test]
    fn empty_fields_of_a_filter_form_narrow_nothing() {
        let c = query(&[("user", ""), ("action", " "), ("from", ""), ("person", "")])
            .read()
            .unwrap();
        assert_eq!(c, AuditCriteria::default());
        assert!(!c.is_narrowed());
    }

    #[test]
    fn a_filter_reads_ids_an_action_and_a_period() {
        let c = query(&[
            ("user", "7"),
            ("action", "login.*"),
            ("person", "12"),
            ("from", "2026-03-01"),
            ("to", "2026-03-31"),
            ("before", "900"),
        ])
        .read()
        .unwrap();
        assert_eq!(c.user, Some(UserId::new(7)));
        assert_eq!(c.action, Some(ActionFilter::Family("login")));
        assert!(c.is_narrowed());
        let f = c.filter(Country::DK);
        assert_eq!(f.before_seq, Some(900));
        assert_eq!(f.person_id, Some(PersonId::new(12)));
        assert_eq!(
            f.actions.len(),
            6,
            "the login family, single sign-on included"
        );
        // March on the Danish clock: from CET midnight to CEST midnight.
        assert_eq!(f.from.unwrap().to_rfc3339(), "2026-02-28T23:00:00+00:00");
        assert_eq!(f.until.unwrap().to_rfc3339(), "2026-03-31T22:00:00+00:00");
        let paged_only = query(&[("before", "900")]).read().unwrap();
        assert!(!paged_only.is_narrowed(), "paging alone narrows nothing");
    }

    #[test]
    fn every_unreadable_field_is_named_and_no_number_is_repeated() {
        let e = query(&[
            ("person", "150311-4107"),
            ("user", "nobody"),
            ("case", "-3"),
            ("action", "case.shred"),
            ("from", "2026-04-01"),
            ("to", "2026-03-01"),
            ("limit", "5000"),
        ])
        .read()
        .unwrap_err();
        assert!(!format!("{e:?}").contains("4107"), "{e:?}");
        assert_eq!(
            fields(e),
            vec![
                ("user".to_owned(), "audit-filter-id-shape"),
                ("person".to_owned(), "audit-filter-id-shape"),
                ("case".to_owned(), "audit-filter-id-shape"),
                ("action".to_owned(), "audit-action-unknown"),
                ("from".to_owned(), "period-reversed"),
                ("limit".to_owned(), "audit-limit-range"),
            ]
        );
        let e = query(&[("to", "31.03.2026")]).read().unwrap_err();
        assert_eq!(fields(e), vec![("to".to_owned(), "date-shape")]);
    }
}
