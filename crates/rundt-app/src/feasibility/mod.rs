//! Starting a team (issue 16): the feasibility study municipalities make
//! before a team is started, kept in versions, commented on by the
//! national office, approved by each municipality in it — the last
//! approval creates the team — and, once the team works, its plan against
//! what happened. docs/START-UP.md.
//!
//! The rules are the domain's ([`rundt_domain::feasibility`]): the checks,
//! the projection in three scenarios, the CSV import, the comparison. This
//! module asks who may ([`rundt_domain::access`]), looks up what the rules
//! need (the model's norms, the municipalities, their placement cost) and
//! stores each change with its audit event.

mod approve;
mod studies;
mod team_plan;

pub use approve::approve_study;
pub use studies::{
    StudyView, comment_on_study, create_study, import_potential, new_study_draft, save_study,
    studies, study_municipalities, study_report, study_versions, study_view,
};
pub use team_plan::{TeamPlan, has_plan, team_plan};

use rundt_domain::access::StudyScope;
use rundt_domain::feasibility::StudyDocument;

/// A study's document as access control sees it.
pub(crate) fn scope_of(document: &StudyDocument) -> StudyScope {
    StudyScope {
        country: document.country,
        municipalities: document
            .municipalities
            .iter()
            .map(|o| o.municipality_code.clone())
            .collect(),
    }
}
