//! `/studies/new`: the whole form of a new study, filled with the
//! defaults; `/studies/{id}/edit`: its next version.

use askama::Template;
use axum::extract::Query;
use axum::http::StatusCode;
use rundt_app::AppError;
use rundt_app::feasibility::{self, StudyView};
use rundt_app::reference;
use rundt_domain::Arg;
use rundt_domain::feasibility::StudyDocument;
use rundt_domain::period::Month;

use super::super::form::{self, Errors, Fields};
use super::super::{Nav, OrPage, Page, PageContext, PageId, PageResult};
use super::form::{StudyForm, last_year};
use super::measure_label;
use crate::i18n::Tr;

#[derive(Template)]
#[template(path = "study_form.html")]
struct FormPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    csrf: String,
    action: String,
    version: Option<i64>,
    back: String,
    typed: StudyForm,
    names: Vec<(String, String)>,
    measures: Vec<(&'static str, &'static str)>,
    positions: Vec<(&'static str, &'static str)>,
    errors: Errors,
}

async fn names_of(
    p: &Page,
    codes: &[String],
) -> Result<Vec<(String, String)>, super::super::PageError> {
    let all = reference::municipalities(p.app(), Some(p.who.principal.country), None, false)
        .await
        .on(p)?;
    Ok(codes
        .iter()
        .map(|c| {
            let name = all
                .iter()
                .find(|m| m.code.as_str() == c)
                .map_or_else(|| c.clone(), |m| m.name.clone());
            (c.clone(), name)
        })
        .collect())
}

/// Where a form is posted to and what it is called.
struct FormTarget {
    title: String,
    action: String,
    back: String,
    version: Option<i64>,
}

async fn render_form(
    p: &Page,
    status: StatusCode,
    target: FormTarget,
    typed: StudyForm,
    errors: Errors,
) -> PageResult {
    let FormTarget {
        title,
        action,
        back,
        version,
    } = target;
    let tr = p.tr;
    let codes: Vec<String> = typed
        .municipalities
        .iter()
        .map(|(c, _)| c.clone())
        .collect();
    let names = names_of(p, &codes).await?;
    let page = FormPage {
        tr,
        title,
        nav: p.nav(),
        csrf: p.who.csrf_token().to_owned(),
        action,
        version,
        back,
        typed,
        names,
        measures: rundt_domain::feasibility::PotentialMeasure::ALL
            .iter()
            .map(|m| (m.as_str(), measure_label(tr, *m)))
            .collect(),
        positions: rundt_domain::team::Position::ALL
            .iter()
            .filter(|p| **p != rundt_domain::team::Position::Therapist)
            .map(|pos| (pos.as_str(), tr.t(pos.as_str())))
            .collect(),
        errors,
    };
    Ok(p.render(status, &page))
}

/// The whole form of a new study, filled with the defaults for the
/// municipalities chosen.
///
/// The first step asks for `partner` (repeated, each may be empty),
/// `programme_model` and `starts` (`YYYY-MM`).
pub async fn new_form(p: Page, Query(pairs): Query<Vec<(String, String)>>) -> PageResult {
    let tr = p.tr;
    let who = p.who.principal.clone();
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let partners = pairs
        .iter()
        .filter(|(k, _)| k == "partner")
        .map(|(_, v)| v.as_str());
    let codes = feasibility::study_municipalities(&who, partners).on(&p)?;
    let starts = value("starts")
        .as_deref()
        .and_then(Month::parse)
        .and_then(Month::first_day)
        .unwrap_or_else(|| p.app().clock.today());
    let model = value("programme_model").unwrap_or_else(|| "MST".into());
    let draft =
        feasibility::new_study_draft(p.app(), &p.actor(), who.country, &codes, &model, starts)
            .await
            .on(&p)?;
    let typed = StudyForm::of(tr, &draft, last_year(p.app().clock.today()));
    render_form(
        &p,
        StatusCode::OK,
        FormTarget {
            title: tr.t("study_new_title").into(),
            action: "/studies".into(),
            back: "/studies".into(),
            version: None,
        },
        typed,
        Errors::none(),
    )
    .await
}

/// Stores a new study.
pub async fn create(p: Page, f: Fields) -> PageResult {
    let tr = p.tr;
    let typed = StudyForm::posted(&f);
    let country = p.who.principal.country;
    let result = form::then(typed.document(country), async |doc: StudyDocument| {
        feasibility::create_study(p.app(), &p.actor(), &doc).await
    })
    .await;
    match result {
        Ok(study) => super::super::go_to(&format!("/studies/{}", study.id)),
        Err(e) => {
            let (status, errors) = form::refused(&p, e)?;
            render_form(
                &p,
                status,
                FormTarget {
                    title: tr.t("study_new_title").into(),
                    action: "/studies".into(),
                    back: "/studies".into(),
                    version: None,
                },
                typed,
                errors,
            )
            .await
        }
    }
}

/// The edit form: the newest version, to save the next.
pub async fn edit_form(p: Page, PageId(id): PageId<i64>) -> PageResult {
    let view = feasibility::study_view(p.app(), &p.actor(), id)
        .await
        .on(&p)?;
    if view.study.team_id.is_some() {
        return Err(AppError::Conflict(rundt_domain::msg!(
            "study-already-approved"
        )))
        .on(&p);
    }
    if !view.may_edit {
        return Err(AppError::Forbidden(rundt_domain::msg!(
            "studies-not-for-role"
        )))
        .on(&p);
    }
    let typed = StudyForm::of(
        p.tr,
        &view.study.current.document,
        last_year(p.app().clock.today()),
    );
    render_form(
        &p,
        StatusCode::OK,
        FormTarget {
            title: edit_title(p.tr, &view),
            action: format!("/studies/{id}/edit"),
            back: format!("/studies/{id}"),
            version: Some(view.study.current.version),
        },
        typed,
        Errors::none(),
    )
    .await
}

fn edit_title(tr: Tr, view: &StudyView) -> String {
    tr.args(
        "study_edit_title",
        &[(
            "title",
            Arg::from(view.study.current.document.title.as_str()),
        )],
    )
}

/// Saves the next version.
pub async fn save(p: Page, PageId(id): PageId<i64>, f: Fields) -> PageResult {
    let typed = StudyForm::posted(&f);
    let version = f.version();
    let country = p.who.principal.country;
    let result = form::then(typed.document(country), async |doc: StudyDocument| {
        let Some(version) = version else {
            return Err(AppError::VersionRequired(rundt_domain::msg!(
                "if-match-missing"
            )));
        };
        feasibility::save_study(p.app(), &p.actor(), id, version, &doc).await
    })
    .await;
    match result {
        Ok(_) => super::super::go_to(&format!("/studies/{id}")),
        Err(e) => {
            let (status, errors) = form::refused(&p, e)?;
            let title = p.tr.t("study_edit_plain").to_owned();
            render_form(
                &p,
                status,
                FormTarget {
                    title,
                    action: format!("/studies/{id}/edit"),
                    back: format!("/studies/{id}"),
                    version,
                },
                typed,
                errors,
            )
            .await
        }
    }
}
