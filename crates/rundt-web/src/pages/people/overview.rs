//! `/people`: the people figures of many teams — every team of the
//! country for the national office, the teams a municipality owns for its
//! manager. Figures only; no person's record or plan.

use askama::Template;
use axum::http::StatusCode;
use rundt_app::people::{self, TeamFiguresRow};
use rundt_domain::user::Role;

use super::super::{Nav, OrPage, Page, PageContext, PageResult};
use super::figure_rows;
use crate::i18n::Tr;

struct TeamLine {
    id: String,
    name: String,
    model: String,
    figures: Vec<(&'static str, String, bool)>,
}

#[derive(Template)]
#[template(path = "people_overview.html")]
struct OverviewPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    teams: Vec<TeamLine>,
    /// The figure labels, the table's columns.
    columns: Vec<&'static str>,
}

/// The overview of the reader's teams' figures.
pub async fn overview(p: Page) -> PageResult {
    let tr = p.tr;
    let who = &p.who.principal;
    let rows: Vec<TeamFiguresRow> = if who.role == Role::MunicipalManager {
        people::municipality_people(p.app(), &p.actor())
            .await
            .on(&p)?
    } else {
        people::national_people(p.app(), &p.actor(), who.country)
            .await
            .on(&p)?
    };
    let teams: Vec<TeamLine> = rows
        .iter()
        .map(|r| TeamLine {
            id: r.team_id.to_string(),
            name: r.team_name.clone(),
            model: r.programme_model.clone(),
            figures: figure_rows(tr, &r.figures),
        })
        .collect();
    let columns = teams
        .first()
        .map(|t| t.figures.iter().map(|(label, _, _)| *label).collect())
        .unwrap_or_default();
    let page = OverviewPage {
        tr,
        title: tr.t("people_overview_title").to_owned(),
        nav: p.nav(),
        teams,
        columns,
    };
    Ok(p.render(StatusCode::OK, &page))
}
