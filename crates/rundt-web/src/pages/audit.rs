//! Audit pages: the chain's state and recent events, and a person's access
//! log (who accessed their data, when and why).

use askama::Template;
use axum::extract::Query;
use axum::response::{IntoResponse, Redirect};
use rundt_app::audit_log;
use rundt_app::cases::{self, AccessLogEntry};
use rundt_app::records::StoredAuditEvent;
use rundt_domain::id::PersonId;
use serde::Deserialize;

use super::{Nav, OrPage, Page, PageContext, PageId, PageResult};
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
}

pub async fn person_log(p: Page, PageId(id): PageId<PersonId>) -> PageResult {
    let entries = cases::person_access_log(p.app(), &p.actor(), id)
        .await
        .on(&p)?;
    p.show(&AccessLogPage {
        tr: p.tr,
        title: p.tr.t("access_log").into(),
        nav: p.nav(),
        person_id: id,
        entries,
        tz: p.who.principal.country.time_zone(),
    })
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    intact: bool,
    total: u64,
    problems: Vec<String>,
    events: Vec<StoredAuditEvent>,
    after: i64,
    next_after: Option<i64>,
    /// The viewer's country's clock, on which times are shown.
    tz: chrono_tz::Tz,
}

#[derive(Debug, Default, Deserialize)]
pub struct AuditQuery {
    after: Option<i64>,
    /// Jump to a person's access log.
    person: Option<PersonId>,
}

const PAGE: u32 = 50;

pub async fn overview(p: Page, Query(q): Query<AuditQuery>) -> PageResult {
    if let Some(person) = q.person {
        return Ok(Redirect::to(&format!("/persons/{person}/access-log")).into_response());
    }
    let after = q.after.unwrap_or(0).max(0);
    let events = audit_log::list(p.app(), &p.actor(), after, PAGE)
        .await
        .on(&p)?;
    let report = audit_log::verify(p.app()).await.on(&p)?;
    let next_after = (events.len() == PAGE as usize)
        .then(|| events.last().map(|e| e.seq))
        .flatten();
    let tr = p.tr;
    p.show(&AuditPage {
        tr,
        title: tr.t("audit").into(),
        nav: p.nav(),
        intact: report.is_intact(),
        total: report.events,
        problems: report
            .problems
            .iter()
            .map(|pr| tr.message(&pr.message()))
            .collect(),
        events,
        after,
        next_after,
        tz: p.who.principal.country.time_zone(),
    })
}
