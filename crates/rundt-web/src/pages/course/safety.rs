//! MST-CAN's safety page: the family's safety plan (every version kept, a
//! new one made from the latest), the incidents of violence or neglect with
//! their notification to child welfare (flagged until one is recorded), and
//! the forms for each. Norwegian first, like the teams that use it.

use super::*;
use axum::extract::Query;
use chrono::{DateTime, LocalResult, NaiveTime, TimeZone, Utc};
use rundt_app::records::ParticipantRole;
use rundt_app::safety::{self, SafetyFile};
use rundt_domain::incident::{Incident, Notification};
use rundt_domain::safety::{AdultAction, ChildContact, Risk, RiskKind, SafetyPlan};
use rundt_domain::user::Role;
use serde::Deserialize;

/// Rows the plan form offers beyond those filled in.
const SPARE_ROWS: usize = 1;

#[derive(Debug, Clone, Default)]
pub struct RiskRow {
    kind: String,
    from_whom: String,
    to_whom: String,
    situations: String,
}

#[derive(Debug, Clone, Default)]
pub struct ActionRow {
    adult: String,
    instead: String,
}

#[derive(Debug, Clone, Default)]
pub struct ContactRow {
    child: String,
    contact_person: String,
    how: String,
}

/// The safety plan form as typed (or as the latest version says).
#[derive(Debug, Clone, Default)]
pub struct PlanForm {
    risks: Vec<RiskRow>,
    warning_signs: Vec<String>,
    adult_actions: Vec<ActionRow>,
    child_contacts: Vec<ContactRow>,
    agreed: String,
    shared: String,
}

impl PlanForm {
    fn from_plan(p: &SafetyPlan) -> Self {
        Self {
            risks: p
                .risks
                .iter()
                .map(|r| RiskRow {
                    kind: r.kind.as_str().into(),
                    from_whom: r.from_whom.clone(),
                    to_whom: r.to_whom.clone(),
                    situations: r.situations.clone(),
                })
                .collect(),
            warning_signs: p.warning_signs.clone(),
            adult_actions: p
                .adult_actions
                .iter()
                .map(|a| ActionRow {
                    adult: a.adult.clone(),
                    instead: a.instead.clone(),
                })
                .collect(),
            child_contacts: p
                .child_contacts
                .iter()
                .map(|c| ContactRow {
                    child: c.child.clone(),
                    contact_person: c.contact_person.clone(),
                    how: c.how.clone(),
                })
                .collect(),
            agreed: day(p.agreed_with_family_on),
            shared: p.shared_with_child_welfare_on.map(day).unwrap_or_default(),
        }
    }

    fn from_fields(f: &Fields) -> Self {
        Self {
            risks: (0..f.rows("risks", 10))
                .map(|i| RiskRow {
                    kind: f.get(&format!("risks[{i}].kind")),
                    from_whom: form::one_line(&f.text(&format!("risks[{i}].from_whom"))),
                    to_whom: form::one_line(&f.text(&format!("risks[{i}].to_whom"))),
                    situations: form::multi_line(&f.text(&format!("risks[{i}].situations"))),
                })
                .filter(|r| form::any_filled(&[&r.from_whom, &r.to_whom, &r.situations]))
                .collect(),
            warning_signs: (0..f.rows("warning_signs", 10))
                .map(|i| form::one_line(&f.text(&format!("warning_signs[{i}]"))))
                .filter(|s| !s.is_empty())
                .collect(),
            adult_actions: (0..f.rows("adult_actions", 10))
                .map(|i| ActionRow {
                    adult: form::one_line(&f.text(&format!("adult_actions[{i}].adult"))),
                    instead: form::multi_line(&f.text(&format!("adult_actions[{i}].instead"))),
                })
                .filter(|a| form::any_filled(&[&a.adult, &a.instead]))
                .collect(),
            child_contacts: (0..f.rows("child_contacts", 10))
                .map(|i| ContactRow {
                    child: form::one_line(&f.text(&format!("child_contacts[{i}].child"))),
                    contact_person: form::one_line(
                        &f.text(&format!("child_contacts[{i}].contact_person")),
                    ),
                    how: form::one_line(&f.text(&format!("child_contacts[{i}].how"))),
                })
                .filter(|c| form::any_filled(&[&c.child, &c.contact_person, &c.how]))
                .collect(),
            agreed: f.get("agreed_with_family_on"),
            shared: f.get("shared_with_child_welfare_on"),
        }
    }

    /// The plan to save, or what is unreadable (the use case checks the
    /// rest).
    fn to_plan(&self) -> Result<SafetyPlan, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut risks = Vec::new();
        for (i, r) in self.risks.iter().enumerate() {
            match RiskKind::from_code(&r.kind) {
                Some(kind) => risks.push(Risk {
                    kind,
                    from_whom: r.from_whom.clone(),
                    to_whom: r.to_whom.clone(),
                    situations: r.situations.clone(),
                }),
                None => errors.push(FieldError::new(
                    format!("risks[{i}].kind"),
                    msg!("choose_risk_kind"),
                )),
            }
        }
        let agreed = form::date(
            &self.agreed,
            "agreed_with_family_on",
            &mut errors,
            msg!("bad_date"),
        );
        if self.agreed.is_empty() {
            required("agreed_with_family_on", &mut errors);
        }
        let shared = form::date(
            &self.shared,
            "shared_with_child_welfare_on",
            &mut errors,
            msg!("bad_date"),
        );
        match agreed {
            Some(agreed) if errors.is_empty() => Ok(SafetyPlan {
                risks,
                warning_signs: self.warning_signs.clone(),
                adult_actions: self
                    .adult_actions
                    .iter()
                    .map(|a| AdultAction {
                        adult: a.adult.clone(),
                        instead: a.instead.clone(),
                    })
                    .collect(),
                child_contacts: self
                    .child_contacts
                    .iter()
                    .map(|c| ChildContact {
                        child: c.child.clone(),
                        contact_person: c.contact_person.clone(),
                        how: c.how.clone(),
                    })
                    .collect(),
                agreed_with_family_on: agreed,
                shared_with_child_welfare_on: shared,
            }),
            _ => Err(errors),
        }
    }

    /// Blank rows to type into.
    fn padded(mut self) -> Self {
        let n = (self.risks.len() + SPARE_ROWS).max(2);
        self.risks.resize(n, RiskRow::default());
        let n = (self.warning_signs.len() + SPARE_ROWS).max(3);
        self.warning_signs.resize(n, String::new());
        let n = (self.adult_actions.len() + SPARE_ROWS).max(2);
        self.adult_actions.resize(n, ActionRow::default());
        let n = (self.child_contacts.len() + SPARE_ROWS).max(2);
        self.child_contacts.resize(n, ContactRow::default());
        self
    }
}

/// The new-incident form as typed.
#[derive(Debug, Clone, Default)]
pub struct IncidentForm {
    date: String,
    time: String,
    children: Vec<String>,
    what_happened: String,
    what_was_done: String,
    emergency_services: bool,
}

/// The notification form of one incident as typed.
#[derive(Debug, Clone, Default)]
pub struct NotificationForm {
    on: String,
    by: String,
    to: String,
    reason: String,
}

/// A version of the plan as the page shows it.
struct PlanShow {
    version: i64,
    saved: String,
    saved_by: String,
    agreed: String,
    shared: String,
    risks: Vec<(&'static str, String, String, String)>,
    warning_signs: Vec<String>,
    adult_actions: Vec<(String, String)>,
    child_contacts: Vec<(String, String, String)>,
}

/// An incident as the page shows it.
struct IncidentShow {
    id: i64,
    version: i64,
    at: String,
    children: String,
    what_happened: String,
    what_was_done: String,
    emergency_services: bool,
    recorded: String,
    /// "Notified on … by … to …", or why none was needed; empty while
    /// flagged.
    notification: String,
    flagged: bool,
}

#[derive(Template)]
#[template(path = "safety.html")]
struct SafetyPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    csrf: String,
    case_id: CaseId,
    /// The family's page may be opened from here (not by the crisis
    /// caseworker, who reads the safety records alone).
    back_to_family: bool,
    /// The family's people by name, children first.
    people: String,
    /// The family is in treatment: its records can be added to.
    open: bool,
    /// The reader is the team's supervisor (who may say no notification
    /// was needed).
    supervisor: bool,
    /// The reader may write (a therapist or supervisor of the team).
    clinician: bool,
    plan_overdue: bool,
    latest: Option<PlanShow>,
    earlier: Vec<PlanShow>,
    /// The version a new plan is made on ("" for the first).
    plan_version: String,
    plan: PlanForm,
    risk_kinds: Choices,
    incidents: Vec<IncidentShow>,
    children: Vec<(String, String)>,
    incident: IncidentForm,
    /// The incident whose notification form came back, and what was typed.
    notification_for: i64,
    notification: NotificationForm,
    /// The form that failed: "plan", "incident", "notification".
    failed: &'static str,
    errors: Errors,
    notice: Option<String>,
}

fn risk_kinds(tr: Tr) -> Choices {
    RiskKind::ALL
        .iter()
        .map(|k| (k.as_str(), tr.t(&format!("risk_{}", k.as_str()))))
        .collect()
}

/// What came back to the page with a refused form.
#[derive(Default)]
struct Typed {
    plan: Option<PlanForm>,
    incident: Option<IncidentForm>,
    notification: Option<(i64, NotificationForm)>,
    failed: &'static str,
    errors: Errors,
    notice: Option<String>,
}

fn local(tz: chrono_tz::Tz, at: DateTime<Utc>) -> String {
    at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

fn safety_page(p: &Page, status: StatusCode, file: SafetyFile, typed: Typed) -> Response {
    let tr = p.tr;
    let family = &file;
    let case = &file.case;
    let tz = file.country.time_zone();
    let who = &p.who.principal;
    let of_team = who.team_ids.contains(&case.team_id);
    let supervisor = who.role == Role::Supervisor && of_team;
    let clinician = matches!(who.role, Role::Therapist | Role::Supervisor) && of_team;
    let open = case.status == rundt_domain::lifecycle::CaseStatus::InTreatment;
    let name_of = |id: rundt_domain::id::PersonId| {
        case.people
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.given_name.clone())
            .unwrap_or_else(|| format!("#{id}"))
    };
    let mut shows: Vec<PlanShow> = file
        .safety
        .plans
        .iter()
        .map(|v| PlanShow {
            version: v.version,
            saved: local(tz, v.saved_at),
            saved_by: v.saved_by.map(|u| family.staff_name(u)).unwrap_or_default(),
            agreed: day(v.plan.agreed_with_family_on),
            shared: v
                .plan
                .shared_with_child_welfare_on
                .map(day)
                .unwrap_or_default(),
            risks: v
                .plan
                .risks
                .iter()
                .map(|r| {
                    (
                        tr.t(&format!("risk_{}", r.kind.as_str())),
                        r.from_whom.clone(),
                        r.to_whom.clone(),
                        r.situations.clone(),
                    )
                })
                .collect(),
            warning_signs: v.plan.warning_signs.clone(),
            adult_actions: v
                .plan
                .adult_actions
                .iter()
                .map(|a| (a.adult.clone(), a.instead.clone()))
                .collect(),
            child_contacts: v
                .plan
                .child_contacts
                .iter()
                .map(|c| (c.child.clone(), c.contact_person.clone(), c.how.clone()))
                .collect(),
        })
        .collect();
    let latest = (!shows.is_empty()).then(|| shows.remove(0));
    let plan = typed.plan.unwrap_or_else(|| {
        file.safety
            .plans
            .first()
            .map(|v| PlanForm::from_plan(&v.plan))
            .unwrap_or_default()
    });
    let mut incidents: Vec<IncidentShow> = file
        .safety
        .incidents
        .iter()
        .map(|r| {
            let i = &r.incident;
            let notification = match &i.notification {
                Notification::Missing => String::new(),
                Notification::Notified { on, by, to } => tr.tf(
                    "notified_on_by_to",
                    &[("on", &day(*on)), ("by", by), ("to", to)],
                ),
                Notification::NotNeeded { reason } => {
                    format!("{}: {reason}", tr.t("notification_not_needed"))
                }
            };
            IncidentShow {
                id: r.id,
                version: r.version,
                at: local(tz, i.at),
                children: i
                    .children
                    .iter()
                    .map(|c| name_of(*c))
                    .collect::<Vec<_>>()
                    .join(", "),
                what_happened: i.what_happened.clone(),
                what_was_done: i.what_was_done.clone(),
                emergency_services: i.emergency_services,
                recorded: format!(
                    "{}{}",
                    local(tz, r.recorded_at),
                    r.recorded_by
                        .map(|u| format!(" · {}", family.staff_name(u)))
                        .unwrap_or_default()
                ),
                notification,
                flagged: i.is_flagged(),
            }
        })
        .collect();
    // The flagged first, each group newest first as stored.
    incidents.sort_by_key(|i| !i.flagged);
    let children = case
        .people
        .iter()
        .filter(|p| p.role == ParticipantRole::YoungPerson)
        .map(|p| (p.id.to_string(), p.given_name.clone()))
        .collect();
    let plan_overdue = file.status.as_ref().is_some_and(|s| s.plan_overdue);
    let (notification_for, notification) = typed.notification.unwrap_or_default();
    let incident = typed.incident.unwrap_or_else(|| IncidentForm {
        date: day(p.app().clock.today()),
        ..IncidentForm::default()
    });
    p.render(
        status,
        &SafetyPage {
            tr,
            title: family_title(tr, "safety", case.id),
            nav: p.nav(),
            csrf: p.who.csrf_token().to_owned(),
            case_id: case.id,
            back_to_family: !file.safety_only,
            people: people_line(case),
            open,
            supervisor,
            clinician,
            plan_overdue,
            plan_version: latest
                .as_ref()
                .map(|l| l.version.to_string())
                .unwrap_or_default(),
            latest,
            earlier: shows,
            plan: plan.padded(),
            risk_kinds: risk_kinds(tr),
            incidents,
            children,
            incident,
            notification_for,
            notification,
            failed: typed.failed,
            errors: typed.errors,
            notice: typed.notice,
        },
    )
}

async fn safety_file(p: &Page, id: CaseId) -> Result<SafetyFile, PageError> {
    safety::safety_file(p.app(), &p.actor(), id).await.on(p)
}

/// What the page's address may add: which record was just saved.
#[derive(Debug, Default, Deserialize)]
pub struct SafetyQuery {
    saved: Option<String>,
}

/// The family's safety page.
pub async fn safety_show(
    p: Page,
    PageId(id): PageId<CaseId>,
    Query(q): Query<SafetyQuery>,
) -> PageResult {
    let file = safety_file(&p, id).await?;
    if file.status.is_none() {
        // A model that does not work safety first has no safety page.
        return go_to(&case_path(id));
    }
    let notice = match q.saved.as_deref() {
        Some("plan") => Some(p.tr.t("safety_plan_saved").to_owned()),
        Some("incident") => Some(p.tr.t("incident_recorded").to_owned()),
        Some("notification") => Some(p.tr.t("notification_recorded").to_owned()),
        _ => None,
    };
    let typed = Typed {
        notice,
        ..Typed::default()
    };
    Ok(safety_page(&p, StatusCode::OK, file, typed))
}

/// Shows the page again after a form was refused.
async fn again(p: &Page, id: CaseId, status: StatusCode, typed: Typed) -> PageResult {
    let file = safety_file(p, id).await?;
    Ok(safety_page(p, status, file, typed))
}

fn saved(id: CaseId, key: &str) -> PageResult {
    go_to(&format!("/cases/{id}/safety?saved={key}"))
}

/// Saves a new version of the safety plan.
pub async fn plan_submit(p: Page, PageId(id): PageId<CaseId>, fields: Fields) -> PageResult {
    let typed = PlanForm::from_fields(&fields);
    let version = fields.version();
    let result = match typed.to_plan() {
        Ok(plan) => safety::save_plan(p.app(), &p.actor(), id, &plan, version).await,
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    match result {
        Ok(_) => saved(id, "plan"),
        Err(e) => {
            let (status, errors) = form::refused(&p, e)?;
            let back = Typed {
                plan: Some(typed),
                failed: "plan",
                errors,
                ..Typed::default()
            };
            again(&p, id, status, back).await
        }
    }
}

/// The moment an incident happened, read in the family's time zone.
fn incident_time(
    tz: chrono_tz::Tz,
    form: &IncidentForm,
    errors: &mut Vec<FieldError>,
) -> Option<DateTime<Utc>> {
    let date = form::date(&form.date, "at", errors, msg!("bad_date"));
    if form.date.is_empty() {
        required("at", errors);
    }
    let time = if form.time.is_empty() {
        Some(NaiveTime::MIN)
    } else {
        let t = NaiveTime::parse_from_str(&form.time, "%H:%M").ok();
        if t.is_none() {
            errors.push(FieldError::new("at", msg!("bad_time")));
        }
        t
    };
    let local = date?.and_time(time?);
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Some(t.with_timezone(&Utc)),
        LocalResult::None => {
            errors.push(FieldError::new("at", msg!("bad_time")));
            None
        }
    }
}

/// Records a new incident.
pub async fn incident_submit(p: Page, PageId(id): PageId<CaseId>, fields: Fields) -> PageResult {
    let typed = IncidentForm {
        date: fields.get("date"),
        time: fields.get("time"),
        children: fields.all("children"),
        what_happened: form::multi_line(&fields.text("what_happened")),
        what_was_done: form::multi_line(&fields.text("what_was_done")),
        emergency_services: fields.has("emergency_services"),
    };
    let file = safety_file(&p, id).await?;
    let tz = file.country.time_zone();
    let mut errors = Vec::new();
    let at = incident_time(tz, &typed, &mut errors);
    let children: Vec<rundt_domain::id::PersonId> = typed
        .children
        .iter()
        .filter_map(|c| c.parse::<i64>().ok())
        .map(rundt_domain::id::PersonId::new)
        .collect();
    let result = match at {
        Some(at) if errors.is_empty() => {
            let incident = Incident {
                at,
                children,
                what_happened: typed.what_happened.clone(),
                what_was_done: typed.what_was_done.clone(),
                emergency_services: typed.emergency_services,
                notification: Notification::Missing,
            };
            safety::record_incident(p.app(), &p.actor(), id, &incident).await
        }
        _ => Err(AppError::Invalid(errors)),
    };
    match result {
        Ok(_) => saved(id, "incident"),
        Err(e) => {
            let (status, errors) = form::refused(&p, e)?;
            let back = Typed {
                incident: Some(typed),
                failed: "incident",
                errors,
                ..Typed::default()
            };
            Ok(safety_page(&p, status, file, back))
        }
    }
}

/// Records an incident's notification to child welfare, or (the
/// supervisor) why none was needed.
pub async fn notification_submit(
    p: Page,
    Path((id, incident_id)): Path<(String, String)>,
    fields: Fields,
) -> PageResult {
    let id: CaseId = parse_id(&id).on(&p)?;
    let incident_id: i64 = parse_id(&incident_id).on(&p)?;
    let typed = NotificationForm {
        on: fields.get("on"),
        by: form::one_line(&fields.text("by")),
        to: form::one_line(&fields.text("to")),
        reason: form::multi_line(&fields.text("reason")),
    };
    let not_needed = fields.get("kind") == "not_needed";
    let mut errors = Vec::new();
    let notification = if not_needed {
        Some(Notification::NotNeeded {
            reason: typed.reason.clone(),
        })
    } else {
        let on = form::date(&typed.on, "notification.on", &mut errors, msg!("bad_date"));
        if typed.on.is_empty() {
            required("notification.on", &mut errors);
        }
        on.map(|on| Notification::Notified {
            on,
            by: typed.by.clone(),
            to: typed.to.clone(),
        })
    };
    let result = match (notification, fields.required_version()) {
        (Some(n), Ok(version)) if errors.is_empty() => {
            safety::record_notification(p.app(), &p.actor(), id, incident_id, &n, version).await
        }
        (_, Err(e)) => Err(e),
        _ => Err(AppError::Invalid(errors)),
    };
    match result {
        Ok(_) => saved(id, "notification"),
        Err(e) => {
            let (status, errors) = form::refused(&p, e)?;
            let back = Typed {
                notification: Some((incident_id, typed)),
                failed: "notification",
                errors,
                ..Typed::default()
            };
            again(&p, id, status, back).await
        }
    }
}
