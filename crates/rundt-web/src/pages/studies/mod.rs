//! The feasibility study pages (issue 16): the list of studies and the
//! first step of a new one, the study with its three scenarios side by
//! side, its chart, ramp and assumptions, the form that saves its next
//! version, the CSV import of the potential, comments, approvals, the
//! versions, the council report and its numbers; and a team's plan against
//! what happened.

mod downloads;
mod edit;
mod form;
mod list;
mod plan;
mod show;

pub use downloads::{report_csv, report_pdf, report_xlsx, versions};
pub use edit::{create, edit_form, new_form, save};
pub use list::studies;
pub use plan::team_plan;
pub use show::{approve, comment, import_potential, show};

use rundt_domain::feasibility::StudyStatus;

pub(crate) use crate::study_report::{
    measure_word as measure_label, scenario_word as scenario_label,
};

use crate::i18n::Tr;

pub(crate) fn status_label(tr: Tr, s: StudyStatus) -> &'static str {
    tr.t(&format!("study_status_{}", s.as_str()))
}

/// Families (fractional) with one decimal in the reader's notation.
pub(crate) fn families(tr: Tr, value: f64) -> String {
    tr.notation().write(format!("{value:.1}"))
}
