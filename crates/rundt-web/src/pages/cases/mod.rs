//! Families: the list one may see, a family's page (with break-glass when
//! access is missing), and the supervisor's review of break-glass access.
//! One module per job; the labels they share are here.

mod actions;
mod break_glass;
mod family;
mod handoff;
mod list;

pub use actions::{accept, assign, decline, to_case};
pub use break_glass::{break_glass, review};
pub use family::show;
pub use handoff::{acknowledge, add_information, receipt, withdraw};
pub use list::list;

use actions::{after_action, at_version};
use break_glass::locked;
use family::{ActionInput, PageExtras, family_page};

use std::collections::HashMap;

use askama::Template;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use rundt_app::AppError;
use rundt_app::cases;
use rundt_app::family::FamilyPage;
use rundt_app::records::BreakGlassGrant;
use rundt_app::treatment::{self, AssignTherapist};
use rundt_domain::country::Country;
use rundt_domain::discharge::{FOLLOW_UP_EARLY_DAYS, follow_up_due};
use rundt_domain::lifecycle::{CaseStatus, Step, next_status};
use rundt_domain::msg;
use rundt_domain::treatment::{Attainment, ContactMode, System};
use rundt_domain::user::Role;
use serde::Deserialize;

use super::form::{self, Errors, Fields};
use super::{LangQuery, Nav, OrPage, Page, PageContext, PageId, PageResult, with_lang};
use crate::auth::CsrfForm;
use crate::i18n::Tr;

pub fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn opt_day(d: Option<NaiveDate>) -> String {
    d.map(day).unwrap_or_default()
}

pub fn system_label(tr: Tr, s: System) -> &'static str {
    tr.t(&format!("system_{}", s.as_str()))
}

pub fn attainment_code(a: Attainment) -> &'static str {
    match a {
        Attainment::Met => "met",
        Attainment::Partly => "partly",
        Attainment::NotMet => "not_met",
    }
}

pub fn attainment_label(tr: Tr, a: Attainment) -> &'static str {
    tr.t(&format!("goal_{}", attainment_code(a)))
}

pub fn mode_code(m: ContactMode) -> &'static str {
    match m {
        ContactMode::FaceToFace => "face_to_face",
        ContactMode::Phone => "phone",
        ContactMode::Video => "video",
    }
}

pub fn yes_no(tr: Tr, b: bool) -> &'static str {
    tr.t(if b { "yes" } else { "no" })
}

/// The three ultimate outcomes, labelled.
pub fn outcomes(
    tr: Tr,
    o: &rundt_domain::discharge::UltimateOutcomes,
) -> Vec<(&'static str, &'static str)> {
    vec![
        (tr.t("living_at_home"), yes_no(tr, o.living_at_home)),
        (
            tr.t("in_school_or_working"),
            yes_no(tr, o.in_school_or_working),
        ),
        (tr.t("no_new_arrests"), yes_no(tr, o.no_new_arrests)),
    ]
}

pub fn caseload_label(tr: Tr, level: rundt_domain::caseload::CaseloadLevel) -> &'static str {
    use rundt_domain::caseload::CaseloadLevel::*;
    tr.t(match level {
        Below => "caseload_below",
        AtNorm => "caseload_at_norm",
        AboveNorm => "caseload_above_norm",
        AboveMaximum => "caseload_above_maximum",
    })
}
