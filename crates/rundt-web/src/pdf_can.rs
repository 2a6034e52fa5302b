//! The pieces an MST-CAN family's records make in a PDF, written once for
//! the discharge report (`report_can`) and the person's copy
//! (`subject_copy_pdf`): how child welfare was told of an incident, the
//! incidents' table, the key persons' table, a risk and a child's contact
//! of the safety plan, and the modules' table.

use chrono::NaiveDate;
use rundt_domain::can_plan::{ModuleKind, ModuleStatus};
use rundt_domain::incident::Notification;
use rundt_domain::mapping::{KeyPerson, KeyPersonRole};
use rundt_domain::safety::{ChildContact, Risk};
use rundt_pdf::Document;

use crate::i18n::Tr;
use crate::report::{date, yes_no};

/// How child welfare was told of an incident, or why it was not needed;
/// a missing notification is marked.
pub fn notification(tr: Tr, n: &Notification) -> String {
    match n {
        Notification::Missing => format!("⚠ {}", tr.t("notification_missing")),
        Notification::Notified { on, by, to } => tr.tf(
            "notified_on_by_to",
            &[("on", &date(Some(*on))), ("by", by), ("to", to)],
        ),
        Notification::NotNeeded { reason } => {
            format!("{}: {reason}", tr.t("notification_not_needed"))
        }
    }
}

/// An incident as one row: when, the children by name, what happened and
/// was done, and the notification.
pub struct IncidentRow<'a> {
    pub at: String,
    pub children: String,
    pub what_happened: &'a str,
    pub what_was_done: &'a str,
    pub emergency_services: bool,
    pub notification: &'a Notification,
}

/// The incidents' table.
pub fn incidents(tr: Tr, doc: &mut Document, incidents: &[IncidentRow<'_>]) {
    let rows: Vec<Vec<String>> = incidents
        .iter()
        .map(|i| {
            vec![
                i.at.clone(),
                i.children.clone(),
                format!(
                    "{}\n{}: {}\n{}: {}",
                    i.what_happened,
                    tr.t("what_was_done"),
                    i.what_was_done,
                    tr.t("emergency_services"),
                    yes_no(tr, i.emergency_services)
                ),
                notification(tr, i.notification),
            ]
        })
        .collect();
    doc.table(
        &[
            tr.t("incident_date"),
            tr.t("children_involved"),
            tr.t("what_happened"),
            tr.t("child_welfare_notification"),
        ],
        &rows,
        &[0.17, 0.18, 0.4, 0.25],
    );
}

/// A key person as the PDF shows them: role, name, relation and consent
/// to contact — never their phone or e-mail.
pub struct KeyPersonRow<'a> {
    pub role: KeyPersonRole,
    pub name: &'a str,
    pub relation: &'a str,
    pub consent_to_contact: bool,
}

impl<'a> From<&'a KeyPerson> for KeyPersonRow<'a> {
    fn from(k: &'a KeyPerson) -> Self {
        Self {
            role: k.role,
            name: &k.name,
            relation: &k.relation,
            consent_to_contact: k.consent_to_contact,
        }
    }
}

/// The key persons' table.
pub fn key_persons<'a>(
    tr: Tr,
    doc: &mut Document,
    persons: impl Iterator<Item = KeyPersonRow<'a>>,
) {
    let rows: Vec<Vec<String>> = persons
        .map(|k| {
            vec![
                tr.t(&format!("key_person_{}", k.role.as_str())).to_owned(),
                k.name.to_owned(),
                k.relation.to_owned(),
                yes_no(tr, k.consent_to_contact).to_owned(),
            ]
        })
        .collect();
    doc.table(
        &[
            tr.t("key_person_role"),
            tr.t("name"),
            tr.t("relation"),
            tr.t("consent_short"),
        ],
        &rows,
        &[0.28, 0.24, 0.3, 0.18],
    );
}

/// A risk of the safety plan in a line: its kind, from whom, to whom, and
/// in which situations.
pub fn risk(tr: Tr, r: &Risk) -> String {
    format!(
        "{}: {} → {} ({})",
        tr.t(&format!("risk_{}", r.kind.as_str())),
        r.from_whom,
        r.to_whom,
        r.situations
    )
}

/// Whom a child can contact and how, in a line.
pub fn contact(c: &ChildContact) -> String {
    format!("{} → {} ({})", c.child, c.contact_person, c.how)
}

/// A module as one row; `status` is its status as written (the copy adds
/// a parent's drug screens).
pub struct ModuleRow<'a> {
    pub kind: ModuleKind,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub sessions_held: u32,
    pub delivered_by: &'a str,
    pub status: String,
}

/// A module's status as written.
pub fn module_status(tr: Tr, status: ModuleStatus) -> String {
    tr.t(&format!("module_status_{}", status.as_str()))
        .to_owned()
}

/// The modules' table.
pub fn modules(tr: Tr, doc: &mut Document, modules: Vec<ModuleRow<'_>>) {
    let rows: Vec<Vec<String>> = modules
        .into_iter()
        .map(|m| {
            vec![
                tr.t(&format!("module_{}", m.kind.as_str())).to_owned(),
                date(Some(m.start)),
                date(m.end),
                m.sessions_held.to_string(),
                m.delivered_by.to_owned(),
                m.status,
            ]
        })
        .collect();
    doc.table(
        &[
            tr.t("module_kind"),
            tr.t("module_start"),
            tr.t("module_end"),
            tr.t("sessions_held"),
            tr.t("delivered_by"),
            tr.t("module_status"),
        ],
        &rows,
        &[0.24, 0.12, 0.12, 0.1, 0.2, 0.22],
    );
}
