//! The results pages: the dashboard of a team, a municipality or the
//! country, with its trend charts and export links.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use rundt_app::results::{self, Dashboard, Scope};
use rundt_domain::msg;
use rundt_domain::period::Grouping;
use rundt_export::Cell;

use super::{LangQuery, Nav, error_page, nav, render, tr_for};
use crate::api::results::{ResultsQuery, export_response, request, team_names};
use crate::auth::PageUser;
use crate::i18n::Tr;
use crate::results_view::{self, serde_plain};
use crate::state::AppState;

pub struct ViewCell {
    pub text: String,
    pub href: Option<String>,
    pub class: &'static str,
}

pub struct ViewTable {
    pub key: &'static str,
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<ViewCell>>,
    pub csv_href: String,
}

pub struct DueView {
    pub case_id: i64,
    pub due: String,
    pub overdue: bool,
    pub last: String,
}

#[derive(Template)]
#[template(path = "results.html")]
struct ResultsPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    action: String,
    from: String,
    to: String,
    groupings: Vec<(&'static str, &'static str, bool)>,
    denominators: Vec<(&'static str, &'static str, bool)>,
    suppressed: bool,
    aggregates_only: bool,
    mixed_programmes: bool,
    tables: Vec<ViewTable>,
    charts: Vec<(String, String)>,
    due: Option<Vec<DueView>>,
    /// A therapist's own supervisor-rating reminders: (team id, due, overdue).
    sam_due: Vec<(i64, String, bool)>,
    notice: Option<String>,
    xlsx_href: String,
    pdf_href: String,
}

fn number(x: f64, decimals: u8) -> String {
    format!("{x:.*}", usize::from(decimals))
}

fn view_cell(tr: Tr, c: &Cell) -> ViewCell {
    // Danish and Norwegian write a decimal comma.
    let local = |s: String| {
        if tr.code() == "en" {
            s
        } else {
            s.replace('.', ",")
        }
    };
    let (text, class) = match c {
        Cell::Text(t) => (t.clone(), ""),
        Cell::Integer(i) => (i.to_string(), "num"),
        Cell::Number(x, d) => (local(number(*x, *d)), "num"),
        Cell::Percent(p) => (format!("{} %", local(number(*p, 1))), "num"),
        Cell::Empty => ("–".to_owned(), "num"),
        Cell::Suppressed(t) => (t.clone(), "num suppressed"),
    };
    ViewCell {
        text,
        href: None,
        class,
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct HomeQuery {
    pub lang: Option<String>,
    /// Set after a supervisor rating was saved.
    pub rated: Option<String>,
}

/// `/results`: the dashboard a person's role looks at first.
pub async fn home(
    PageUser(who): PageUser,
    Query(q): Query<HomeQuery>,
    headers: HeaderMap,
) -> Response {
    let tr = tr_for(
        &LangQuery {
            lang: q.lang.clone(),
        },
        &headers,
    );
    let rated = if q.rated.is_some() { "&rated=1" } else { "" };
    let lang = format!("?lang={}{rated}", tr.code());
    match results::home_scope(&who.principal) {
        Some(Scope::Team(id)) => Redirect::to(&format!("/results/team/{id}{lang}")).into_response(),
        Some(Scope::Municipality(code)) => {
            Redirect::to(&format!("/results/municipality/{code}{lang}")).into_response()
        }
        Some(Scope::National(country)) => {
            Redirect::to(&format!("/results/national/{}{lang}", country.code())).into_response()
        }
        None => error_page(
            tr,
            Some(&who),
            rundt_app::AppError::Forbidden(msg!("role-sees-no-results")),
        ),
    }
}

fn query_string(d: &Dashboard, tr: Tr, extra: &str) -> String {
    format!(
        "from={}&to={}&by={}&denominator={}&lang={}{extra}",
        d.from,
        d.to,
        d.grouping.as_str(),
        serde_plain(&d.denominator),
        tr.code()
    )
}

/// `/results/{kind}/{key}`: the dashboard.
pub async fn show(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    Path((kind, key)): Path<(String, String)>,
    Query(q): Query<ResultsQuery>,
    headers: HeaderMap,
) -> Response {
    let tr = tr_for(
        &LangQuery {
            lang: q.lang.clone(),
        },
        &headers,
    );
    let actor = who.actor();
    let loaded = async {
        let req = request(&s.app, &kind, &key, &q)?;
        let d = results::dashboard(&s.app, &actor, &req).await?;
        let names = team_names(&s.app).await?;
        Ok::<_, rundt_app::AppError>((d, names))
    }
    .await;
    let (d, names) = match loaded {
        Ok(x) => x,
        Err(e) => return error_page(tr, Some(&who), e),
    };
    let base = format!("/results/{kind}/{key}");
    let tables = results_view::tables(tr, &d, &names)
        .into_iter()
        .map(|k| {
            // Where a row's first cell leads: the family, or the team's or
            // municipality's own dashboard.
            let links: Vec<String> = match k.key {
                "families" => d
                    .families
                    .as_ref()
                    .map(|f| f.iter().map(|r| format!("/cases/{}", r.case_id)).collect())
                    .unwrap_or_default(),
                "by_team" => d
                    .by_team
                    .iter()
                    .map(|g| format!("/results/team/{}", g.key))
                    .collect(),
                "owned_teams" => d
                    .owned_teams
                    .iter()
                    .map(|g| format!("/results/team/{}", g.key))
                    .collect(),
                "by_municipality" => d
                    .by_municipality
                    .iter()
                    .map(|g| format!("/results/municipality/{}", g.key))
                    .collect(),
                _ => Vec::new(),
            };
            ViewTable {
                key: k.key,
                csv_href: format!(
                    "{base}/export?{}",
                    query_string(&d, tr, &format!("&format=csv&table={}", k.key))
                ),
                title: k.table.title,
                columns: k.table.columns,
                rows: k
                    .table
                    .rows
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        r.iter()
                            .enumerate()
                            .map(|(j, c)| {
                                let mut v = view_cell(tr, c);
                                if j == 0 {
                                    v.href =
                                        links.get(i).map(|l| format!("{l}?lang={}", tr.code()));
                                }
                                v
                            })
                            .collect()
                    })
                    .collect(),
            }
        })
        .collect();
    let charts = results_view::charts(tr, &d)
        .iter()
        .map(|c| (c.title.clone(), rundt_export::trend_svg(c)))
        .collect();
    let due = (kind == "team" && !d.small_cells_suppressed).then(|| {
        d.interviews_due
            .iter()
            .map(|i| DueView {
                case_id: i.case_id,
                due: i.due.format("%Y-%m-%d").to_string(),
                overdue: i.overdue,
                last: i
                    .last_interview
                    .map_or("–".into(), |l| l.format("%Y-%m-%d").to_string()),
            })
            .collect()
    });
    let sam_due = rundt_app::fidelity::ratings_due(&s.app, &actor)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|r| (r.team_id, r.due.format("%Y-%m-%d").to_string(), r.overdue))
        .collect();
    let groupings = [Grouping::Month, Grouping::Quarter, Grouping::Year]
        .into_iter()
        .map(|g| {
            (
                g.as_str(),
                results_view::grouping_label(tr, g),
                g == d.grouping,
            )
        })
        .collect();
    let current = serde_plain(&d.denominator);
    let denominators = ["all_discharges", "completers"]
        .into_iter()
        .map(|k| (k, tr.t(&format!("denominator_{k}")), k == current))
        .collect();
    render(
        StatusCode::OK,
        &ResultsPage {
            tr,
            title: results_view::title(tr, &d),
            nav: nav(tr, &who),
            action: base.clone(),
            from: d.from.clone(),
            to: d.to.clone(),
            groupings,
            denominators,
            suppressed: d.small_cells_suppressed,
            aggregates_only: d.families.is_none(),
            mixed_programmes: d.programmes.len() > 1,
            tables,
            charts,
            due,
            sam_due,
            notice: q.rated.is_some().then(|| tr.t("sam_saved").to_owned()),
            xlsx_href: format!("{base}/export?{}", query_string(&d, tr, "&format=xlsx")),
            pdf_href: format!("{base}/export?{}", query_string(&d, tr, "&format=pdf")),
        },
        tr,
    )
}

/// `/results/{kind}/{key}/export`: CSV, XLSX or PDF with the session.
pub async fn export(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    Path((kind, key)): Path<(String, String)>,
    Query(q): Query<ResultsQuery>,
    headers: HeaderMap,
) -> Response {
    let tr = tr_for(
        &LangQuery {
            lang: q.lang.clone(),
        },
        &headers,
    );
    match export_response(&s.app, &who.actor(), tr, &kind, &key, &q).await {
        Ok(r) => r,
        Err(e) => error_page(tr, Some(&who), e),
    }
}
