//! `/studies`: the studies a reader may see, and the first step of a new
//! one for a municipal manager.

use askama::Template;
use axum::http::StatusCode;
use rundt_app::feasibility::{self};
use rundt_app::reference;
use rundt_domain::country::programme_date;
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::period::Month;
use rundt_domain::user::Role;

use super::super::cases::day;
use super::super::{Nav, OrPage, Page, PageContext, PageResult};
use super::status_label;
use crate::i18n::Tr;

struct StudyLine {
    id: i64,
    title: String,
    municipalities: String,
    programme: String,
    status: &'static str,
    version: i64,
    saved_on: String,
    team_id: Option<i64>,
}

#[derive(Template)]
#[template(path = "studies.html")]
struct StudiesPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    studies: Vec<StudyLine>,
    may_make: bool,
    own: Option<(String, String)>,
    others: Vec<(String, String)>,
    models: Vec<(String, String)>,
    starts: String,
}

/// The studies the reader may see, and the first step of a new one for a
/// municipal manager.
pub async fn studies(p: Page) -> PageResult {
    let tr = p.tr;
    let list = feasibility::studies(p.app(), &p.actor()).await.on(&p)?;
    let who = &p.who.principal;
    let municipalities = reference::municipalities(p.app(), Some(who.country), None, false)
        .await
        .on(&p)?;
    let name_of = |code: &MunicipalityCode| {
        municipalities
            .iter()
            .find(|m| &m.code == code)
            .map_or_else(|| code.to_string(), |m| m.name.clone())
    };
    let studies = list
        .iter()
        .map(|s| StudyLine {
            id: s.id,
            title: s.title.clone(),
            municipalities: s
                .municipalities
                .iter()
                .map(&name_of)
                .collect::<Vec<_>>()
                .join(", "),
            programme: s.programme_model.clone(),
            status: status_label(tr, s.status),
            version: s.version,
            saved_on: day(programme_date(s.saved_at)),
            team_id: s.team_id.map(|t| t.get()),
        })
        .collect();
    let may_make = who.role == Role::MunicipalManager && who.municipality_code.is_some();
    let own = who
        .municipality_code
        .as_ref()
        .map(|c| (c.to_string(), name_of(c)));
    let others = municipalities
        .iter()
        .filter(|m| Some(&m.code) != who.municipality_code.as_ref())
        .map(|m| (m.code.to_string(), m.name.clone()))
        .collect();
    let models = reference::programme_models(p.app())
        .await
        .on(&p)?
        .into_iter()
        .map(|m| (m.code, m.name))
        .collect();
    let next = Month::of(p.app().clock.today()).next().next().next();
    let page = StudiesPage {
        tr,
        title: tr.t("studies_title").into(),
        nav: p.nav(),
        studies,
        may_make,
        own,
        others,
        models,
        starts: next.to_string(),
    };
    Ok(p.render(StatusCode::OK, &page))
}
