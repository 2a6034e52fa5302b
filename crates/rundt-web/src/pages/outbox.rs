//! The outbox, for the national office's administrator (issue 18): how
//! many notices' e-mails wait, were sent or given up, and each e-mail that
//! failed at least once with the mail server's last answer.

use askama::Template;
use rundt_app::notices;

use super::{Nav, OrPage, Page, PageContext, PageResult};
use crate::i18n::Tr;

/// A failing e-mail as the table shows it.
struct Row {
    kind: String,
    user: String,
    created: String,
    attempts: u32,
    /// The next try, or "given up".
    next: String,
    error: String,
    failed: bool,
}

#[derive(Template)]
#[template(path = "outbox.html")]
struct OutboxPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    /// (label, number) of each count.
    counts: Vec<(&'static str, u32)>,
    rows: Vec<Row>,
}

pub async fn show(p: Page) -> PageResult {
    let view = notices::outbox(p.app(), &p.actor()).await.on(&p)?;
    let tr = p.tr;
    let country = p.who.principal.country;
    let c = view.counts;
    p.show(&OutboxPage {
        tr,
        title: tr.t("outbox-title").into(),
        nav: p.nav(),
        counts: vec![
            (tr.t("outbox-pending"), c.pending),
            (tr.t("outbox-retrying"), c.retrying),
            (tr.t("outbox-sent"), c.sent),
            (tr.t("outbox-failed"), c.failed),
            (tr.t("outbox-unseen"), c.unseen),
        ],
        rows: view
            .troubles
            .into_iter()
            .map(|t| Row {
                kind: tr.t(&format!("notice-kind-{}", t.kind.as_str())).into(),
                user: t.username,
                created: country.local_time(t.created_at),
                attempts: t.attempts,
                next: match t.next_attempt_at {
                    Some(at) if !t.failed => country.local_time(at),
                    _ => tr.t("outbox-given-up").into(),
                },
                error: t.last_error.unwrap_or_default(),
                failed: t.failed,
            })
            .collect(),
    })
}
