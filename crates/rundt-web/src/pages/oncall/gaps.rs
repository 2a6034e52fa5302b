//! The national office's list of teams with gaps in their rota.

use super::*;

/// A team with gaps, as the national office's page lists it.
struct GapRow {
    team_id: TeamId,
    name: String,
    gaps: usize,
    findings: usize,
    published: bool,
    /// The share of this year so far covered.
    year: String,
}

#[derive(Template)]
#[template(path = "oncall_gaps.html")]
struct GapsPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    teams: Vec<GapRow>,
}

/// The national office's page: which teams have gaps in the coming weeks.
pub async fn gaps(p: Page) -> PageResult {
    let teams = oncall::teams_with_gaps(p.app(), &p.actor()).await.on(&p)?;
    p.show(&GapsPage {
        tr: p.tr,
        title: p.tr.t("oncall_gaps_title").into(),
        nav: p.nav(),
        teams: teams
            .into_iter()
            .map(|t| GapRow {
                team_id: t.team_id,
                name: t.name,
                gaps: t.gaps,
                findings: t.findings,
                published: t.published,
                year: year_text(p.tr, &t.year),
            })
            .collect(),
    })
}
