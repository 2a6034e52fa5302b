//! The therapist's forms during and after treatment: the weekly summary (made
//! for a phone), the assessment, the discharge and the follow-ups. Each
//! posts to its own address; what the use cases refuse is shown next to the
//! fields, and a stale version with a friendly message. One module per
//! form; the helpers they share are here.

mod assessment;
mod consultation;
mod crisis;
mod discharge;
mod follow_up;
mod mapping;
mod on_call;
mod plan;
mod safety;
mod summary;

pub use assessment::{assessment_form, assessment_submit};
pub use consultation::{
    consultation_answer, consultation_end, consultation_request, consultations_show,
};
pub use crisis::{
    crisis_contact_new, crisis_contact_show, crisis_contact_submit, crisis_contacts_show,
    crisis_plan_show, crisis_plan_submit,
};
pub use discharge::{discharge_form, discharge_submit};
pub use follow_up::{follow_up_form, follow_up_submit};
pub use mapping::{child_voice_submit, mapping_show, mapping_submit};
pub use on_call::{crisis_essentials_show, home_show, home_submit, on_call_now_show};
pub(crate) use plan::{
    kind_label as module_kind_label, result_label as screen_result_label,
    status_label as module_status_label,
};
pub use plan::{module_start, module_update, plan_at, treatment_plan_show, treatment_plan_submit};
pub use safety::{incident_submit, notification_submit, plan_submit, safety_show};
pub use summary::{summary_create, summary_edit, summary_new, summary_update};

use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Duration, NaiveDate};
use rundt_app::AppError;
use rundt_app::treatment::{self, CaseFile};
use rundt_domain::FieldError;
use rundt_domain::discharge::{Discharge, DischargeReason, FollowUp, GoalResult, UltimateOutcomes};
use rundt_domain::id::{CaseId, PersonId};
use rundt_domain::lifecycle::{Step, next_status};
use rundt_domain::msg;
use rundt_domain::treatment::{
    Assessment, Attainment, Contact, ContactMode, FitDriver, GoalProgress, KeyParticipant,
    OverarchingGoal, System, SystemAssessment, WeeklySummary, week_start_of,
};

use super::cases::{attainment_code, day, mode_code, system_label};
use super::form::{self, Errors, Fields};
use super::{
    Nav, OrPage, Page, PageContext, PageError, PageId, PageResult, family_title, go_to, parse_id,
};
use crate::i18n::Tr;
use crate::report::goals_to_rate;

/// Choices of a select: (value, label).
type Choices = Vec<(&'static str, &'static str)>;

fn systems(tr: Tr) -> Choices {
    System::ALL
        .iter()
        .map(|s| (s.as_str(), system_label(tr, *s)))
        .collect()
}

fn modes(tr: Tr) -> Choices {
    [
        ContactMode::FaceToFace,
        ContactMode::Phone,
        ContactMode::Video,
    ]
    .iter()
    .map(|m| (mode_code(*m), tr.t(&format!("mode_{}", mode_code(*m)))))
    .collect()
}

fn attainments(tr: Tr) -> Choices {
    [Attainment::Met, Attainment::Partly, Attainment::NotMet]
        .iter()
        .map(|a| {
            (
                attainment_code(*a),
                tr.t(&format!("goal_{}", attainment_code(*a))),
            )
        })
        .collect()
}

fn parse_attainment(s: &str) -> Option<Attainment> {
    match s {
        "met" => Some(Attainment::Met),
        "partly" => Some(Attainment::Partly),
        "not_met" => Some(Attainment::NotMet),
        _ => None,
    }
}

fn parse_system(s: &str) -> Option<System> {
    System::ALL.into_iter().find(|x| x.as_str() == s)
}

fn parse_mode(s: &str) -> Option<ContactMode> {
    [
        ContactMode::FaceToFace,
        ContactMode::Phone,
        ContactMode::Video,
    ]
    .into_iter()
    .find(|m| mode_code(*m) == s)
}

/// The family's file, or the page that says why not.
async fn case_file(p: &Page, id: CaseId) -> Result<CaseFile, PageError> {
    treatment::case_file(p.app(), &p.actor(), id).await.on(p)
}

/// Why a step cannot be taken now (shown above a form opened too early or
/// too late), or nothing.
fn not_now(tr: Tr, file: &CaseFile, step: Step) -> Errors {
    let problem = next_status(file.case.status, step, &[]).map_err(AppError::from);
    match problem {
        Ok(_) => Errors::none(),
        Err(e) => form::form_error(tr, e)
            .map(|(_, errors)| errors)
            .unwrap_or_default(),
    }
}

fn case_path(id: CaseId) -> String {
    format!("/cases/{id}")
}

fn required(field: &str, errors: &mut Vec<FieldError>) {
    errors.push(FieldError::new(field, msg!("required")));
}

/// One child of an MST-CAN family on the discharge or follow-up form: who,
/// and the answers as posted (`"true"`, `"false"` or empty).
#[derive(Debug, Clone, Default)]
pub struct ChildRow {
    id: String,
    name: String,
    /// Living at home at discharge.
    at_home: String,
    /// A care order (during treatment at discharge; since, at follow-up).
    care_order: String,
}

/// The family's children, one row each, when its model follows each
/// child's outcomes (MST-CAN, the model that works safety first).
fn child_rows(file: &CaseFile) -> Vec<ChildRow> {
    if file.safety.is_none() {
        return Vec::new();
    }
    file.case
        .people
        .iter()
        .filter(|p| p.role == rundt_app::records::ParticipantRole::YoungPerson)
        .map(|p| ChildRow {
            id: p.id.to_string(),
            name: p.given_name.clone(),
            ..ChildRow::default()
        })
        .collect()
}

/// The children's rows as posted.
fn posted_child_rows(f: &Fields) -> Vec<ChildRow> {
    (0..f.rows("children", 20))
        .map(|i| ChildRow {
            id: f.get(&format!("children[{i}].child")),
            name: f.get(&format!("children[{i}].name")),
            at_home: f.get(&format!("children[{i}].at_home")),
            care_order: f.get(&format!("children[{i}].care_order")),
        })
        .filter(|c| !c.id.is_empty())
        .collect()
}

/// A yes or no as posted; `None` when not answered.
fn yes_no(s: &str) -> Option<bool> {
    match s {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// The child of a row, when its id is a number (the use case checks it is
/// one of the family's children).
fn row_child(c: &ChildRow) -> Option<PersonId> {
    c.id.parse().ok()
}

/// The family's people by name, the children first.
pub(super) fn people_line(case: &rundt_app::cases::CaseView) -> String {
    let mut people: Vec<_> = case.people.iter().collect();
    people.sort_by_key(|p| p.role != rundt_app::records::ParticipantRole::YoungPerson);
    people
        .iter()
        .map(|p| format!("{} {}", p.given_name, p.family_name))
        .collect::<Vec<_>>()
        .join(", ")
}
