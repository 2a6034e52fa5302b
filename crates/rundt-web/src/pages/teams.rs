//! The team list (front page) and a team's page.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use rundt_app::organisation::{self, TeamOverview};

use super::{LangQuery, Nav, error_page, nav, render, tr_for};
use crate::auth::PageUser;
use crate::i18n::Tr;
use crate::router::AppState;

/// A team as the pages show it: everything already translated.
struct TeamView {
    id: i64,
    name: String,
    country: String,
    model: String,
    owners: Vec<(String, String)>,
    members: Vec<(String, String, String)>,
    warnings: Vec<String>,
    norms: Vec<(String, String)>,
}

fn percent(p: f64) -> String {
    let s = format!("{p:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s}\u{a0}%")
}

fn view(tr: Tr, t: &TeamOverview) -> TeamView {
    let m = &t.programme_model;
    TeamView {
        id: t.id,
        name: t.name.clone(),
        country: tr.t(t.country.code()).into(),
        model: m.code.clone(),
        owners: t
            .owners
            .iter()
            .map(|o| {
                let name = o.municipality_name.clone().unwrap_or_else(|| {
                    format!("{} ({})", o.municipality_code, tr.t("code_expired"))
                });
                (name, percent(o.share_percent))
            })
            .collect(),
        members: t
            .members
            .iter()
            .map(|mem| {
                (
                    mem.display_name.clone(),
                    tr.t(mem.position.as_str()).to_owned(),
                    mem.since.format("%Y-%m-%d").to_string(),
                )
            })
            .collect(),
        warnings: t.warnings.iter().map(|w| tr.warning(w)).collect(),
        norms: vec![
            (
                tr.t("ages").into(),
                format!("{}–{} {}", m.min_age, m.max_age, tr.t("years")),
            ),
            (
                tr.t("therapists").into(),
                format!("{}–{}", m.min_therapists, m.max_therapists),
            ),
            (
                tr.t("families_per_therapist").into(),
                format!(
                    "{} ({} {})",
                    m.typical_families_per_therapist,
                    tr.t("max"),
                    m.max_families_per_therapist
                ),
            ),
            (
                tr.t("duration_months").into(),
                format!("{}–{}", m.min_duration_months, m.max_duration_months),
            ),
        ],
    }
}

#[derive(Template)]
#[template(path = "teams.html")]
struct TeamsPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    teams: Vec<TeamView>,
}

#[derive(Template)]
#[template(path = "team.html")]
struct TeamPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    team: TeamView,
}

pub async fn list(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let tr = tr_for(&q, &headers);
    match organisation::team_overviews(&s.app, &who.actor()).await {
        Ok(teams) => render(
            StatusCode::OK,
            &TeamsPage {
                tr,
                title: tr.t("teams").into(),
                nav: nav(tr, &who),
                teams: teams.iter().map(|t| view(tr, t)).collect(),
            },
            tr,
        ),
        Err(e) => error_page(tr, Some(&who), e),
    }
}

pub async fn show(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    Path(id): Path<String>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let tr = tr_for(&q, &headers);
    let Ok(id) = id.parse::<i64>() else {
        return error_page(tr, Some(&who), rundt_app::AppError::NotFound("team".into()));
    };
    match organisation::team_overview(&s.app, &who.actor(), id).await {
        Ok(team) => render(
            StatusCode::OK,
            &TeamPage {
                tr,
                title: team.name.clone(),
                nav: nav(tr, &who),
                team: view(tr, &team),
            },
            tr,
        ),
        Err(e) => error_page(tr, Some(&who), e),
    }
}
