//! Audit pages: the audit log newest first with the auditor's filters (who,
//! what, whose data, which family, which days), a person's access log found
//! by their national id, and a person's access log (who accessed their
//! data, when and why).

use askama::Template;
use axum::extract::Query;
use axum::http::StatusCode;
use rundt_app::AppError;
use rundt_app::access_log::{self, AccessLogEntry, AccessLogQuery};
use rundt_app::audit_log;
use rundt_app::audit_search::{self, AccountName, AuditCriteria, AuditEntry, AuditQuery};
use rundt_app::cases;
use rundt_domain::audit::{ActionFilter, Outcome};
use rundt_domain::country::Country;
use rundt_domain::id::PersonId;
use rundt_domain::user::Role;
use serde::Deserialize;

use super::form::{Errors, form_error};
use super::{
    Nav, OrPage, Page, PageContext, PageId, PageResult, capitalised, go_to, message, role_label,
};
use crate::auth::CsrfForm;
use crate::i18n::Tr;

#[derive(Template)]
#[template(path = "access_log.html")]
struct AccessLogPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    person_id: PersonId,
    entries: Vec<AccessLogEntry>,
    /// The viewer's country's clock, on which times are shown.
    tz: chrono_tz::Tz,
    older_href: Option<String>,
    newest_href: Option<String>,
}

/// One page of a person's access log, newest first, with links to the
/// older entries and back to the newest.
pub async fn person_log(
    p: Page,
    PageId(id): PageId<PersonId>,
    Query(q): Query<AccessLogQuery>,
) -> PageResult {
    let cursor = match q.read() {
        Ok(cursor) => cursor,
        Err(e) => {
            let text = p.tr.error(&e);
            return Ok(message(
                StatusCode::BAD_REQUEST,
                p.tr,
                p.nav(),
                p.tr.t("access_log"),
                text,
            ));
        }
    };
    let page = cases::person_access_log(p.app(), &p.actor(), id, cursor)
        .await
        .on(&p)?;
    let address = |before: Option<i64>| {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(seq) = before {
            pairs.push(("before", seq.to_string()));
        }
        if cursor.limit != access_log::DEFAULT_PAGE {
            pairs.push(("limit", cursor.limit.to_string()));
        }
        match serde_urlencoded::to_string(&pairs) {
            Ok(q) if !q.is_empty() => format!("/persons/{id}/access-log?{q}"),
            _ => format!("/persons/{id}/access-log"),
        }
    };
    p.show(&AccessLogPage {
        tr: p.tr,
        title: p.tr.t("access_log").into(),
        nav: p.nav(),
        person_id: id,
        entries: page.entries,
        tz: p.who.principal.country.time_zone(),
        older_href: page.next_before.map(|seq| address(Some(seq))),
        newest_href: cursor.before.map(|_| address(None)),
    })
}

/// One event as the table shows it.
struct Row {
    seq: i64,
    /// Day and time on the viewer's clock.
    day: String,
    time: String,
    /// The account's name, or who acted when no account did.
    who: String,
    role: String,
    action: String,
    /// The record, e.g. `case 12`.
    object: String,
    /// For a family's case: the audit log narrowed to it.
    case_href: Option<String>,
    person: Option<PersonId>,
    purpose: Option<String>,
    denied: bool,
}

/// An option of a select.
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

/// The filter form's fields as they were typed.
#[derive(Default)]
struct Typed {
    person: String,
    case: String,
    from: String,
    to: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    /// The chain's state, checked on the first page only.
    chain: Option<ChainState>,
    typed: Typed,
    users: Vec<Choice>,
    actions: Vec<Choice>,
    action_kinds: Vec<Choice>,
    errors: Errors,
    /// Why the national id look-up found no one.
    lookup_error: Option<String>,
    /// Why the person's copy could not be made.
    copy_error: Option<String>,
    national_id_label: &'static str,
    /// Which clock the days of the filter are on.
    clock_note: String,
    events_heading: String,
    /// `None` when the filters cannot be used: no table then.
    rows: Option<Vec<Row>>,
    narrowed: bool,
    /// The person the list is narrowed to.
    person: Option<PersonId>,
    older_href: Option<String>,
    newest_href: Option<String>,
}

struct ChainState {
    intact: bool,
    total: u64,
    problems: Vec<String>,
}

/// How many events a page shows.
const PAGE: u32 = 50;

/// The audit log as the query narrows it.
pub async fn overview(p: Page, Query(q): Query<AuditQuery>) -> PageResult {
    let typed = Typed {
        person: q.person.clone().unwrap_or_default(),
        case: q.case.clone().unwrap_or_default(),
        from: q.from.clone().unwrap_or_default(),
        to: q.to.clone().unwrap_or_default(),
    };
    match q.read() {
        Ok(criteria) => show_listing(&p, criteria, typed, None).await,
        Err(e) => {
            let (status, errors) = form_error(p.tr, e).on(&p)?;
            let accounts = audit_search::account_names(p.app(), &p.who.principal)
                .await
                .on(&p)?;
            let picked = Picked {
                user: q.user.unwrap_or_default(),
                action: q.action.unwrap_or_default(),
            };
            let page = page_without_rows(&p, typed, &accounts, &picked, errors, None);
            Ok(p.render(status, &page))
        }
    }
}

/// What the selects had chosen, as sent.
#[derive(Default)]
struct Picked {
    user: String,
    action: String,
}

/// A form of the page that was refused, and what is said beside it.
pub(super) enum Refused {
    /// The national id look-up.
    Lookup(String),
    /// The person's copy.
    Copy(String),
}

async fn show_listing(
    p: &Page,
    criteria: AuditCriteria,
    typed: Typed,
    refused: Option<Refused>,
) -> PageResult {
    let who = &p.who.principal;
    let tr = p.tr;
    let picked = Picked {
        user: criteria.user.map(|u| u.to_string()).unwrap_or_default(),
        action: criteria.action.map(|a| a.code()).unwrap_or_default(),
    };
    let listing = match audit_search::search(p.app(), who, &criteria, PAGE).await {
        Ok(listing) => listing,
        // A filter the store cannot satisfy (an account or a person that
        // does not exist) is shown by its field like the others; a refusal
        // is its own page.
        Err(e) => {
            let (status, errors) = form_error(tr, e).on(p)?;
            let accounts = audit_search::account_names(p.app(), who).await.on(p)?;
            let page = page_without_rows(p, typed, &accounts, &picked, errors, None);
            return Ok(p.render(status, &page));
        }
    };
    let chain = if criteria.before.is_none() {
        let report = audit_log::verify_since_last(p.app()).await.on(p)?;
        Some(ChainState {
            intact: report.is_intact(),
            total: u64::try_from(report.last_seq).unwrap_or_default(),
            problems: report
                .problems
                .iter()
                .map(|pr| tr.message(&pr.message()))
                .collect(),
        })
    } else {
        None
    };
    let tz = who.country.time_zone();
    let rows = listing
        .entries
        .into_iter()
        .map(|e| row(tr, tz, e))
        .collect();
    let older_href = listing.older.map(|seq| {
        href(&AuditCriteria {
            before: Some(seq),
            ..criteria.clone()
        })
    });
    let newest_href = criteria.before.map(|_| {
        href(&AuditCriteria {
            before: None,
            ..criteria.clone()
        })
    });
    let (status, lookup_error, copy_error) = match refused {
        Some(Refused::Lookup(e)) => (StatusCode::UNPROCESSABLE_ENTITY, Some(e), None),
        Some(Refused::Copy(e)) => (StatusCode::UNPROCESSABLE_ENTITY, None, Some(e)),
        None => (StatusCode::OK, None, None),
    };
    let mut page = page_without_rows(
        p,
        typed,
        &listing.accounts,
        &picked,
        Errors::none(),
        lookup_error,
    );
    page.copy_error = copy_error;
    page.chain = chain;
    page.rows = Some(rows);
    page.narrowed = criteria.is_narrowed();
    page.person = criteria.person;
    if let Some(person) = criteria.person {
        page.events_heading = tr.tf("audit_events_about_person", &[("id", &person.to_string())]);
    }
    page.older_href = older_href;
    page.newest_href = newest_href;
    Ok(p.render(status, &page))
}

fn page_without_rows(
    p: &Page,
    typed: Typed,
    accounts: &[AccountName],
    picked: &Picked,
    errors: Errors,
    lookup_error: Option<String>,
) -> AuditPage {
    let tr = p.tr;
    let country = p.who.principal.country;
    let users = accounts
        .iter()
        .map(|a| {
            let value = a.id.to_string();
            Choice {
                selected: value == picked.user,
                label: if a.country == country {
                    format!("{} ({})", a.display_name, a.username)
                } else {
                    format!("{} ({}, {})", a.display_name, a.username, a.country)
                },
                value,
            }
        })
        .collect();
    let choice = |f: ActionFilter, label: String| {
        let value = f.code();
        Choice {
            selected: value == picked.action,
            label,
            value,
        }
    };
    let (kinds, each): (Vec<ActionFilter>, Vec<ActionFilter>) = ActionFilter::choices()
        .into_iter()
        .partition(|f| !matches!(f, ActionFilter::One(_)));
    AuditPage {
        tr,
        title: tr.t("audit").into(),
        nav: p.nav(),
        chain: None,
        typed,
        users,
        action_kinds: kinds
            .into_iter()
            .map(|f| {
                let label = match f {
                    ActionFilter::Family(family) => {
                        tr.tf("audit_action_family", &[("family", family)])
                    }
                    ActionFilter::OnCall => tr.t("audit_action_on_call").to_owned(),
                    _ => tr.t("audit_action_break_glass").to_owned(),
                };
                choice(f, label)
            })
            .collect(),
        actions: each.into_iter().map(|f| choice(f, f.code())).collect(),
        errors,
        lookup_error,
        copy_error: None,
        national_id_label: match country {
            Country::DK => tr.t("audit_national_id_dk"),
            Country::NO => tr.t("audit_national_id_no"),
        },
        clock_note: tr.tf(
            "audit_days_on_clock",
            &[("zone", country.time_zone().name())],
        ),
        events_heading: tr.t("audit_events").to_owned(),
        rows: None,
        narrowed: false,
        person: None,
        older_href: None,
        newest_href: None,
    }
}

fn row(tr: Tr, tz: chrono_tz::Tz, entry: AuditEntry) -> Row {
    let e = entry.event.event;
    let at = e.at.with_timezone(&tz);
    // Rundt itself and the command line have no role beside their name.
    let role = match Role::from_code(&e.actor_role) {
        Some(r) => role_label(tr, r).to_owned(),
        None => String::new(),
    };
    let who = entry
        .actor_name
        .unwrap_or_else(|| match e.actor_role.as_str() {
            "cli" => tr.t("audit_by_cli").to_owned(),
            _ => tr.t("audit_by_rundt").to_owned(),
        });
    let object = match e.object_id {
        Some(id) => format!("{} {id}", e.object_kind),
        None => e.object_kind.clone(),
    };
    let case_href = match (e.object_kind.as_str(), e.object_id) {
        ("case", Some(id)) => Some(format!("/audit?case={id}")),
        _ => None,
    };
    Row {
        seq: entry.event.seq,
        day: at.format("%Y-%m-%d").to_string(),
        time: at.format("%H:%M:%S").to_string(),
        who,
        role,
        action: e.action,
        object,
        case_href,
        person: e.person_id,
        purpose: e.purpose,
        denied: e.outcome == Outcome::Denied,
    }
}

/// The address of the audit log narrowed by `c`.
fn href(c: &AuditCriteria) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    let mut put = |k, v: Option<String>| {
        if let Some(v) = v {
            pairs.push((k, v));
        }
    };
    put("person", c.person.map(|x| x.to_string()));
    put("user", c.user.map(|x| x.to_string()));
    put("action", c.action.map(|a| a.code()));
    put("case", c.case.map(|x| x.to_string()));
    put("from", c.from.map(|d| d.to_string()));
    put("to", c.to.map(|d| d.to_string()));
    put("after", c.after.map(|x| x.to_string()));
    put("before", c.before.map(|x| x.to_string()));
    match serde_urlencoded::to_string(&pairs) {
        Ok(q) if !q.is_empty() => format!("/audit?{q}"),
        _ => "/audit".to_owned(),
    }
}

#[derive(Debug, Deserialize)]
pub struct LookupForm {
    national_id: String,
}

/// Finds a person by national id and shows the audit log narrowed to
/// them; a number that is not one, or of nobody, is said on the page.
pub async fn lookup(p: Page, CsrfForm(form): CsrfForm<LookupForm>) -> PageResult {
    match audit_search::find_person(p.app(), &p.who.principal, &form.national_id).await {
        Ok(person) => go_to(&format!("/audit?person={person}")),
        Err(AppError::Invalid(fields)) => {
            let said = said(&p, &fields);
            show_refused(&p, Refused::Lookup(said)).await
        }
        Err(e) => Err(p.fail(e)),
    }
}

/// What is wrong with each field, in one sentence.
pub(super) fn said(p: &Page, fields: &[rundt_domain::FieldError]) -> String {
    let said = fields
        .iter()
        .map(|f| p.tr.message(&f.message))
        .collect::<Vec<_>>()
        .join("; ");
    capitalised(&said)
}

/// The audit log's first page with a refused form's reason beside it.
pub(super) async fn show_refused(p: &Page, refused: Refused) -> PageResult {
    show_listing(p, AuditCriteria::default(), Typed::default(), Some(refused)).await
}
