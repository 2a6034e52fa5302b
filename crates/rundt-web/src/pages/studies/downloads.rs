//! A study's versions, its council report (PDF) and its numbers (CSV,
//! XLSX).

use askama::Template;
use axum::http::StatusCode;
use chrono::NaiveDate;
use rundt_app::feasibility::{self, StudyView};
use rundt_domain::Arg;
use rundt_domain::country::programme_date;
use rundt_domain::feasibility::StudyVersion;

use super::super::cases::day;
use super::super::download;
use super::super::money::percent_bp;
use super::super::{Nav, OrPage, Page, PageContext, PageId, PageResult};
use super::measure_label;
use crate::i18n::Tr;
use crate::study_report::{
    StudyReportInput, study_file_stem, study_report_pdf, study_report_pdf_name, study_tables,
};

#[derive(Template)]
#[template(path = "study_versions.html")]
struct VersionsPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    id: i64,
    /// (version, saved on, title, municipalities with shares, families a
    /// year expected, potential lines).
    versions: Vec<(i64, String, String, String, String)>,
}

fn version_line(tr: Tr, v: &StudyVersion) -> (i64, String, String, String, String) {
    let doc = &v.document;
    let owners = doc
        .municipalities
        .iter()
        .map(|o| {
            format!(
                "{} ({})",
                o.municipality_code,
                percent_bp(tr, Some(o.share_bp))
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let potential = doc
        .potential
        .iter()
        .map(|f| {
            format!(
                "{} {}: {}",
                f.municipality,
                measure_label(tr, f.measure),
                f.count
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    (
        v.version,
        day(programme_date(v.saved_at)),
        doc.title.clone(),
        owners,
        potential,
    )
}

/// Every version of a study, newest first.
pub async fn versions(p: Page, PageId(id): PageId<i64>) -> PageResult {
    let tr = p.tr;
    let list = feasibility::study_versions(p.app(), &p.actor(), id)
        .await
        .on(&p)?;
    let title = list
        .last()
        .map(|v| v.document.title.clone())
        .unwrap_or_default();
    let page = VersionsPage {
        tr,
        title: tr.args(
            "study_versions_title",
            &[("title", Arg::from(title.as_str()))],
        ),
        nav: p.nav(),
        id,
        versions: list.iter().rev().map(|v| version_line(tr, v)).collect(),
    };
    Ok(p.render(StatusCode::OK, &page))
}

fn report_input<'a>(view: &'a StudyView, today: NaiveDate) -> StudyReportInput<'a> {
    StudyReportInput {
        study: &view.study,
        projection: &view.projection,
        municipality_names: &view.municipality_names,
        model_name: &view.model.name,
        exported_on: today,
    }
}

/// The council report as PDF, in the reader's language.
pub async fn report_pdf(p: Page, PageId(id): PageId<i64>) -> PageResult {
    let view = feasibility::study_report(p.app(), &p.actor(), id)
        .await
        .on(&p)?;
    let input = report_input(&view, p.app().clock.today());
    let bytes = study_report_pdf(p.tr, &input);
    Ok(crate::subject_copy_pdf::attachment(
        "application/pdf",
        &study_report_pdf_name(p.tr, &input),
        bytes,
    ))
}

/// The study's numbers as CSV.
pub async fn report_csv(p: Page, id: PageId<i64>) -> PageResult {
    report_table(p, id, false).await
}

/// The study's numbers as an XLSX workbook.
pub async fn report_xlsx(p: Page, id: PageId<i64>) -> PageResult {
    report_table(p, id, true).await
}

async fn report_table(p: Page, PageId(id): PageId<i64>, xlsx: bool) -> PageResult {
    let view = feasibility::study_report(p.app(), &p.actor(), id)
        .await
        .on(&p)?;
    let input = report_input(&view, p.app().clock.today());
    let tables = study_tables(p.tr, &input);
    let name = study_file_stem(p.tr, &input);
    if xlsx {
        download::xlsx(&p, &tables, &name)
    } else {
        download::csv(&p, &tables, &name)
    }
}
