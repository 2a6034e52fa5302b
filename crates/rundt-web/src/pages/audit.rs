//! Audit pages: the chain's state and recent events, and a person's access
//! log (who accessed their data, when and why).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use rundt_app::audit_log;
use rundt_app::cases::{self, AccessLogEntry};
use rundt_app::records::StoredAuditEvent;
use serde::Deserialize;

use super::{Nav, OrPage, PageId, PageResult, error_page, nav, render, tr_for};
use crate::auth::PageUser;
use crate::i18n::Tr;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "access_log.html")]
struct AccessLogPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    person_id: i64,
    entries: Vec<AccessLogEntry>,
}

pub async fn person_log(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    PageId(id): PageId,
    Query(q): Query<super::LangQuery>,
    headers: HeaderMap,
) -> PageResult {
    let tr = tr_for(&q, &headers);
    let entries = cases::person_access_log(&s.app, &who.actor(), id)
        .await
        .or_page(tr, Some(&who))?;
    Ok(render(
        StatusCode::OK,
        &AccessLogPage {
            tr,
            title: tr.t("access_log").into(),
            nav: nav(tr, &who),
            person_id: id,
            entries,
        },
        tr,
    ))
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
}

#[derive(Debug, Default, Deserialize)]
pub struct AuditQuery {
    lang: Option<String>,
    after: Option<i64>,
    /// Jump to a person's access log.
    person: Option<i64>,
}

const PAGE: u32 = 50;

pub async fn overview(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    Query(q): Query<AuditQuery>,
    headers: HeaderMap,
) -> Response {
    let tr = tr_for(
        &super::LangQuery {
            lang: q.lang.clone(),
        },
        &headers,
    );
    if let Some(person) = q.person {
        return axum::response::IntoResponse::into_response(axum::response::Redirect::to(
            &format!("/persons/{person}/access-log"),
        ));
    }
    let after = q.after.unwrap_or(0).max(0);
    let events = match audit_log::list(&s.app, &who.actor(), after, PAGE).await {
        Ok(e) => e,
        Err(e) => return error_page(tr, Some(&who), e),
    };
    let report = match audit_log::verify(&s.app).await {
        Ok(r) => r,
        Err(e) => return error_page(tr, Some(&who), e),
    };
    let next_after = (events.len() == PAGE as usize)
        .then(|| events.last().map(|e| e.seq))
        .flatten();
    render(
        StatusCode::OK,
        &AuditPage {
            tr,
            title: tr.t("audit").into(),
            nav: nav(tr, &who),
            intact: report.is_intact(),
            total: report.events,
            problems: report
                .problems
                .iter()
                .map(|p| tr.message(&p.message()))
                .collect(),
            events,
            after,
            next_after,
        },
        tr,
    )
}
