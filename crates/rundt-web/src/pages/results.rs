//! The results pages: the dashboard of a team, a municipality or the
//! country, with its trend charts and export links.

use askama::Template;
use axum::extract::{Path, Query};
use axum::response::{IntoResponse, Redirect};
use rundt_app::AppError;
use rundt_app::results::{self, Dashboard, FamilyTable, Scope};
use rundt_domain::id::CaseId;
use rundt_domain::id::TeamId;
use rundt_domain::msg;
use rundt_domain::period::Grouping;
use rundt_export::Cell;

use super::{Nav, OrPage, Page, PageContext, PageResult};
use crate::api::results::{ResultsQuery, export_response, request, team_names};
use crate::i18n::Tr;
use crate::results_view::{self, serde_plain};

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
    /// The same table as RFC 4180 CSV (commas, decimal points), offered
    /// beside the regional default on Danish and Norwegian pages.
    pub csv_rfc_href: Option<String>,
}

pub struct DueView {
    pub case_id: CaseId,
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
    sam_due: Vec<(TeamId, String, bool)>,
    notice: Option<String>,
    xlsx_href: String,
    pdf_href: String,
    families_pager: Option<FamiliesPager>,
}

/// Where the per-family table's page stands in the list, and the links to
/// the pages beside it.
struct FamiliesPager {
    shown: String,
    previous_href: Option<String>,
    next_href: Option<String>,
}

/// The pager under the per-family table, when the list has more than one
/// page.
fn families_pager(d: &Dashboard, tr: Tr, base: &str) -> Option<FamiliesPager> {
    let (total, page) = (d.families_total?, d.families_page?);
    let per_page = u64::from(d.families_per_page);
    if total <= per_page && page == 1 {
        return None;
    }
    let first = u64::from(page - 1) * per_page;
    let shown = d.families.as_ref().map_or(0, |f| f.len() as u64);
    let href = |n: u32| {
        format!(
            "{base}?{}#table-families",
            query_string(d, tr, &format!("&families_page={n}"))
        )
    };
    Some(FamiliesPager {
        shown: if shown == 0 {
            tr.tf("families_page_past_end", &[("total", &total.to_string())])
        } else {
            tr.tf(
                "families_shown",
                &[
                    ("first", &(first + 1).to_string()),
                    ("last", &(first + shown).to_string()),
                    ("total", &total.to_string()),
                ],
            )
        },
        // Past the end, "previous" leads to the last page.
        previous_href: (page > 1).then(|| {
            let last_page = total.div_ceil(per_page).max(1);
            href(u32::try_from(last_page.min(u64::from(page - 1))).unwrap_or(1))
        }),
        next_href: (first + shown < total && shown > 0).then(|| href(page + 1)),
    })
}

fn number(x: f64, decimals: u8) -> String {
    format!("{x:.*}", usize::from(decimals))
}

fn view_cell(tr: Tr, c: &Cell) -> ViewCell {
    // Danish and Norwegian write a decimal comma.
    let notation = tr.notation();
    let local = |s: String| notation.write(s);
    let (text, class) = match c {
        Cell::Text(t) => (t.clone(), ""),
        Cell::Integer(i) => (i.to_string(), "num"),
        Cell::Number(x, d) => (local(number(*x, *d)), "num"),
        Cell::Percent(p) => (format!("{} %", local(number(*p, 1))), "num"),
        Cell::Money(m) => (notation.money(*m), "num"),
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
    /// Set after a supervisor rating was saved.
    pub rated: Option<String>,
}

/// `/results`: the dashboard a person's role looks at first.
pub async fn home(page: Page, Query(q): Query<HomeQuery>) -> PageResult {
    let tr = page.tr;
    let rated = if q.rated.is_some() { "&rated=1" } else { "" };
    let lang = format!("?lang={}{rated}", tr.code());
    let to = match results::home_scope(&page.who.principal) {
        Some(Scope::Team(id)) => format!("/results/team/{id}{lang}"),
        Some(Scope::Municipality(code)) => format!("/results/municipality/{code}{lang}"),
        Some(Scope::National(country)) => format!("/results/national/{}{lang}", country.code()),
        None => return Err(page.fail(AppError::Forbidden(msg!("role-sees-no-results")))),
    };
    Ok(Redirect::to(&to).into_response())
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
    page: Page,
    Path((kind, key)): Path<(String, String)>,
    Query(q): Query<ResultsQuery>,
) -> PageResult {
    let tr = page.tr;
    let actor = page.actor();
    let req = request(page.app(), &kind, &key, &q).on(&page)?;
    let families = FamilyTable::page(q.families_page.as_deref()).on(&page)?;
    let d = results::dashboard(page.app(), &actor, &req, families)
        .await
        .on(&page)?;
    let names = team_names(page.app()).await.on(&page)?;
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
                csv_rfc_href: (tr.0 != crate::i18n::Lang::En).then(|| {
                    format!(
                        "{base}/export?{}",
                        query_string(&d, tr, &format!("&format=csv&table={}&csv=rfc4180", k.key))
                    )
                }),
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
    let sam_due = rundt_app::fidelity::ratings_due(page.app(), &actor)
        .await
        .on(&page)?
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
    page.show(&ResultsPage {
        tr,
        title: results_view::title(tr, &d),
        nav: page.nav(),
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
        families_pager: families_pager(&d, tr, &base),
    })
}

/// `/results/{kind}/{key}/export`: CSV, XLSX or PDF with the session.
pub async fn export(
    page: Page,
    Path((kind, key)): Path<(String, String)>,
    Query(q): Query<ResultsQuery>,
) -> PageResult {
    export_response(page.app(), &page.actor(), page.tr, &kind, &key, &q)
        .await
        .on(&page)
}
