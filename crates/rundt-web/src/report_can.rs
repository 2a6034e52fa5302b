//! The MST-CAN sections of the discharge report: safety (every version of
//! the safety plan, the incidents and how child welfare was told), the
//! ecological map with the children's voice, each child's outcome at
//! discharge, the treatment plan's goals
//! with the attainment per theme area, and the modules.

use std::collections::HashMap;

use rundt_app::family::SafetyFirstRecords;
use rundt_domain::can_plan::{PlanGoal, attainment_by_theme};
use rundt_domain::discharge::Discharge;
use rundt_domain::id::UserId;
use rundt_domain::mapping::Voice;
use rundt_pdf::Document;

use crate::i18n::Tr;
use crate::pdf_can;
use crate::report::{ReportContext, attainment, date, yes_no};

/// What the report needs to write an MST-CAN family's sections.
pub struct CanSections<'a> {
    pub records: &'a SafetyFirstRecords,
    /// Names of the staff the records mention.
    pub staff_names: &'a HashMap<UserId, String>,
}

impl CanSections<'_> {
    fn staff(&self, id: Option<UserId>) -> String {
        id.and_then(|u| self.staff_names.get(&u).cloned())
            .unwrap_or_default()
    }
}

/// Writes the sections after the course's figures; the goals of the
/// treatment plan are read against how `discharge` rated them.
pub fn write(
    tr: Tr,
    doc: &mut Document,
    ctx: &ReportContext,
    can: &CanSections<'_>,
    discharge: &Discharge,
) {
    safety(tr, doc, ctx, can);
    mapping(tr, doc, can);
    children_at_discharge(tr, doc, can, discharge);
    plan(tr, doc, can, discharge);
    modules(tr, doc, can);
}

/// Each child's outcome at discharge: living at home, a care order made
/// during treatment.
fn children_at_discharge(tr: Tr, doc: &mut Document, can: &CanSections<'_>, d: &Discharge) {
    if d.children.is_empty() {
        return;
    }
    doc.heading(tr.t("can_children_at_discharge"), 1);
    let name = |id| {
        can.records
            .mapping
            .children
            .iter()
            .find(|c| c.id == id)
            .map_or_else(|| id.to_string(), |c| c.given_name.clone())
    };
    let rows: Vec<Vec<String>> = d
        .children
        .iter()
        .map(|c| {
            vec![
                name(c.child),
                yes_no(tr, c.living_at_home).to_owned(),
                yes_no(tr, c.care_order_during_treatment).to_owned(),
            ]
        })
        .collect();
    doc.table(
        &[
            tr.t("voice_child"),
            tr.t("can_lives_at_home"),
            tr.t("can_care_order_during"),
        ],
        &rows,
        &[0.3, 0.35, 0.35],
    );
}

/// The plan's goals under their theme areas with how far each was reached,
/// and the attainment counted per theme area.
fn plan(tr: Tr, doc: &mut Document, can: &CanSections<'_>, discharge: &Discharge) {
    doc.heading(tr.t("treatment_plan"), 1);
    let Some(version) = &can.records.plan else {
        doc.paragraph(tr.t("no_treatment_plan"));
        return;
    };
    let result_of = |goal: &PlanGoal| {
        discharge
            .goals
            .iter()
            .find(|r| r.goal == goal.overarching)
            .map(|r| r.result)
    };
    let rows: Vec<Vec<String>> = version
        .plan
        .goals
        .iter()
        .map(|g| {
            vec![
                tr.t(&format!("theme_{}", g.theme.as_str())).to_owned(),
                g.overarching.clone(),
                g.measured_by.clone(),
                result_of(g).map_or("–", |a| attainment(tr, a)).to_owned(),
            ]
        })
        .collect();
    doc.table(
        &[
            tr.t("theme_area"),
            tr.t("overarching_goal"),
            tr.t("measured_by"),
            tr.t("result"),
        ],
        &rows,
        &[0.26, 0.3, 0.28, 0.16],
    );
    let rated = version
        .plan
        .goals
        .iter()
        .filter_map(|g| result_of(g).map(|r| (g, r)));
    let rows: Vec<Vec<String>> = attainment_by_theme(rated)
        .iter()
        .map(|a| {
            vec![
                tr.t(&format!("theme_{}", a.theme.as_str())).to_owned(),
                a.met.to_string(),
                a.partly_met.to_string(),
                a.not_met.to_string(),
            ]
        })
        .collect();
    if !rows.is_empty() {
        doc.heading(tr.t("attainment_by_theme"), 2);
        doc.table(
            &[
                tr.t("theme_area"),
                tr.t("goal_met"),
                tr.t("goal_partly"),
                tr.t("goal_not_met"),
            ],
            &rows,
            &[0.46, 0.18, 0.18, 0.18],
        );
    }
}

fn modules(tr: Tr, doc: &mut Document, can: &CanSections<'_>) {
    doc.heading(tr.t("modules"), 1);
    if can.records.modules.is_empty() {
        doc.paragraph(tr.t("no_modules"));
        return;
    }
    let rows = can
        .records
        .modules
        .iter()
        .map(|r| {
            let m = &r.module;
            pdf_can::ModuleRow {
                kind: m.kind,
                start: m.start,
                end: m.end,
                sessions_held: m.sessions_held,
                delivered_by: &m.delivered_by,
                status: pdf_can::module_status(tr, m.status),
            }
        })
        .collect();
    pdf_can::modules(tr, doc, rows);
}

fn safety(tr: Tr, doc: &mut Document, ctx: &ReportContext, can: &CanSections<'_>) {
    let records = &can.records.safety;
    doc.heading(tr.t("safety"), 1);
    doc.heading(tr.t("safety_plan"), 2);
    if records.plans.is_empty() {
        doc.paragraph(tr.t("no_safety_plan"));
    } else {
        let rows: Vec<Vec<String>> = records
            .plans
            .iter()
            .rev()
            .map(|v| {
                vec![
                    v.version.to_string(),
                    date(Some(v.plan.agreed_with_family_on)),
                    date(v.plan.shared_with_child_welfare_on),
                    can.staff(v.saved_by),
                ]
            })
            .collect();
        doc.table(
            &[
                tr.t("version"),
                tr.t("agreed_with_family_on"),
                tr.t("shared_with_child_welfare_on"),
                tr.t("saved_by"),
            ],
            &rows,
            &[0.14, 0.26, 0.3, 0.3],
        );
        if let Some(latest) = records.plans.first() {
            let risks: Vec<String> = latest
                .plan
                .risks
                .iter()
                .map(|r| pdf_can::risk(tr, r))
                .collect();
            doc.paragraph(&format!("{}:", tr.t("safety_risks")));
            doc.bullets(&risks);
            let contacts: Vec<String> = latest
                .plan
                .child_contacts
                .iter()
                .map(pdf_can::contact)
                .collect();
            doc.paragraph(&format!("{}:", tr.t("child_contacts")));
            doc.bullets(&contacts);
        }
    }
    doc.heading(tr.t("incidents"), 2);
    if records.incidents.is_empty() {
        doc.paragraph(tr.t("no_incidents"));
        return;
    }
    let children = &can.records.mapping.children;
    let name = |id| {
        children
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.given_name.clone())
            .unwrap_or_else(|| format!("#{id}"))
    };
    let tz = ctx.country.time_zone();
    let rows: Vec<pdf_can::IncidentRow<'_>> = records
        .incidents
        .iter()
        .rev()
        .map(|r| {
            let i = &r.incident;
            pdf_can::IncidentRow {
                at: i.at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
                children: i
                    .children
                    .iter()
                    .map(|c| name(*c))
                    .collect::<Vec<_>>()
                    .join(", "),
                what_happened: &i.what_happened,
                what_was_done: &i.what_was_done,
                emergency_services: i.emergency_services,
                notification: &i.notification,
            }
        })
        .collect();
    pdf_can::incidents(tr, doc, &rows);
}

fn mapping(tr: Tr, doc: &mut Document, can: &CanSections<'_>) {
    let m = &can.records.mapping;
    doc.heading(tr.t("mapping_title"), 1);
    match m.current() {
        Some(current) => {
            doc.paragraph(&format!(
                "{}: {}",
                tr.t("mapping_mapped_on"),
                date(Some(current.mapping.mapped_on))
            ));
            pdf_can::key_persons(tr, doc, current.mapping.key_persons.iter().map(Into::into));
        }
        None => {
            doc.paragraph(tr.t("mapping_none"));
        }
    }
    doc.heading(tr.t("children_voice"), 2);
    let rows: Vec<Vec<String>> = m
        .children
        .iter()
        .map(|child| {
            let heard: Vec<_> = m
                .voices
                .iter()
                .filter(|r| r.voice.child == child.id && r.voice.is_heard())
                .collect();
            let wishes = heard
                .first()
                .map(|r| match &r.voice.voice {
                    Voice::Heard { wishes, .. } => wishes.clone(),
                    Voice::NotHeard { .. } => String::new(),
                })
                .unwrap_or_default();
            vec![
                child.given_name.clone(),
                if heard.is_empty() {
                    tr.t("child_not_yet_heard").to_owned()
                } else {
                    format!("{} ({})", tr.t("child_heard"), heard.len())
                },
                wishes,
            ]
        })
        .collect();
    doc.table(
        &[
            tr.t("voice_child"),
            tr.t("voice_state"),
            tr.t("voice_wishes"),
        ],
        &rows,
        &[0.2, 0.3, 0.5],
    );
}
