//! An MST family's crisis plan and crisis contact log on a phone (issue
//! 13). The crisis plan page puts the people to call first, each a large
//! link that dials; the family's therapist or the team's supervisor keeps
//! the plan current below it. The contact form asks eight things, one
//! under the other at 360 px, with the time set to now; the list shows the
//! family's contacts, those the reader has not opened marked unread.

use super::*;
use axum::extract::Path;
use chrono::{DateTime, LocalResult, NaiveTime, TimeZone, Utc};
use rundt_app::crisis_contact::{self, CaseCrisisContacts};
use rundt_app::crisis_plan::{self, CrisisPlanFile};
use rundt_app::records::CrisisContactRecord;
use rundt_domain::country::Country;
use rundt_domain::crisis_contact::{Caller, CrisisContact, CrisisResponse, CrisisRisk};
use rundt_domain::crisis_plan::{CrisisPlan, CrisisPlanDue, PersonToCall};
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::user::Role;

/// Rows of people to call the plan form offers beyond those filled in.
const SPARE_PEOPLE: usize = 1;

/// The crisis plan form as typed (or as the latest version says).
#[derive(Debug, Clone, Default)]
pub struct PlanForm {
    people: Vec<(String, String, String)>,
    what_calms: String,
    risks: String,
    agreements: String,
}

impl PlanForm {
    fn from_plan(p: &CrisisPlan) -> Self {
        Self {
            people: p
                .people_to_call
                .iter()
                .map(|c| (c.name.clone(), c.relation.clone(), c.phone.clone()))
                .collect(),
            what_calms: p.what_calms.clone(),
            risks: p.risks_and_warning_signs.clone(),
            agreements: p.agreements.clone(),
        }
    }

    fn from_fields(f: &Fields) -> Self {
        Self {
            people: (0..f.rows("people_to_call", 12))
                .map(|i| {
                    let field = |name: &str| {
                        form::one_line(&f.text(&format!("people_to_call[{i}].{name}")))
                    };
                    (field("name"), field("relation"), field("phone"))
                })
                .filter(|(n, r, t)| form::any_filled(&[n, r, t]))
                .collect(),
            what_calms: form::multi_line(&f.text("what_calms")),
            risks: form::multi_line(&f.text("risks_and_warning_signs")),
            agreements: form::multi_line(&f.text("agreements")),
        }
    }

    fn to_plan(&self) -> CrisisPlan {
        CrisisPlan {
            people_to_call: self
                .people
                .iter()
                .map(|(name, relation, phone)| PersonToCall {
                    name: name.clone(),
                    relation: relation.clone(),
                    phone: phone.clone(),
                })
                .collect(),
            what_calms: self.what_calms.clone(),
            risks_and_warning_signs: self.risks.clone(),
            agreements: self.agreements.clone(),
        }
    }

    fn padded(mut self) -> Self {
        let n = (self.people.len() + SPARE_PEOPLE).max(3);
        self.people.resize(n, Default::default());
        self
    }
}

/// A person to call as the page shows them: name, relation, the number
/// as written and as dialled.
pub struct CallShow {
    name: String,
    relation: String,
    phone: String,
    dial: String,
}

/// A version of the plan as the page shows it.
pub struct PlanShow {
    version: i64,
    saved: String,
    people: Vec<CallShow>,
    what_calms: String,
    risks: String,
    agreements: String,
}

#[derive(Template)]
#[template(path = "crisis_plan.html")]
struct CrisisPlanPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    csrf: String,
    case_id: CaseId,
    /// Read as the person on call: no way into the rest of the case.
    on_call: bool,
    due: String,
    latest: Option<PlanShow>,
    earlier: Vec<PlanShow>,
    /// The reader may save a new version now.
    may_write: bool,
    plan_version: String,
    plan: PlanForm,
    errors: Errors,
    notice: String,
}

/// A phone number as a `tel:` link dials it: digits and a leading `+`.
pub(super) fn dial(phone: &str) -> String {
    phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect()
}

fn due_text(tr: Tr, due: Option<CrisisPlanDue>) -> String {
    match due {
        Some(d) => tr.t(&format!("crisis_plan_due_{}", d.as_str())).to_owned(),
        None => String::new(),
    }
}

/// Whether the reader writes the family's records: its own therapist or
/// the team's supervisor.
pub(super) fn writes(
    p: &Page,
    team_id: rundt_domain::team::TeamId,
    therapist: Option<UserId>,
) -> bool {
    let who = &p.who.principal;
    who.team_ids.contains(&team_id)
        && match who.role {
            Role::Supervisor => true,
            Role::Therapist => therapist == Some(who.user_id),
            _ => false,
        }
}

use rundt_domain::id::UserId;

fn plan_page(
    p: &Page,
    status: StatusCode,
    file: CrisisPlanFile,
    may_write: bool,
    typed: Option<PlanForm>,
    errors: Errors,
    notice: String,
) -> PageResult {
    let tr = p.tr;
    let tz = file.country;
    let mut shows: Vec<PlanShow> = file
        .plans
        .iter()
        .map(|v| PlanShow {
            version: v.version,
            saved: format!(
                "{}{}",
                tz.local_time(v.saved_at),
                v.saved_by
                    .map(|u| format!(" · {}", file.staff_name(u)))
                    .unwrap_or_default()
            ),
            people: v
                .plan
                .people_to_call
                .iter()
                .map(|c| CallShow {
                    name: c.name.clone(),
                    relation: c.relation.clone(),
                    phone: c.phone.clone(),
                    dial: dial(&c.phone),
                })
                .collect(),
            what_calms: v.plan.what_calms.clone(),
            risks: v.plan.risks_and_warning_signs.clone(),
            agreements: v.plan.agreements.clone(),
        })
        .collect();
    let latest = (!shows.is_empty()).then(|| shows.remove(0));
    let plan = typed.unwrap_or_else(|| {
        file.plans
            .first()
            .map(|v| PlanForm::from_plan(&v.plan))
            .unwrap_or_default()
    });
    Ok(p.render(
        status,
        &CrisisPlanPage {
            tr,
            title: family_title(tr, "crisis_plan_title", file.case_id),
            nav: p.nav(),
            csrf: p.who.csrf_token().to_owned(),
            case_id: file.case_id,
            on_call: file.via_on_call,
            due: due_text(tr, file.due),
            plan_version: latest
                .as_ref()
                .map(|l| l.version.to_string())
                .unwrap_or_default(),
            latest,
            earlier: shows,
            may_write: may_write && !file.via_on_call && file.status == CaseStatus::InTreatment,
            plan: plan.padded(),
            errors,
            notice,
        },
    ))
}

async fn plan_again(
    p: &Page,
    id: CaseId,
    status: StatusCode,
    typed: Option<PlanForm>,
    errors: Errors,
) -> PageResult {
    let file = crisis_plan::read_plan(p.app(), &p.actor(), id)
        .await
        .on(p)?;
    let may_write = writes(p, file.team_id, file.therapist_id);
    plan_page(p, status, file, may_write, typed, errors, String::new())
}

/// What the page's address may add: that the plan or a contact was saved.
#[derive(Debug, Default, serde::Deserialize)]
pub struct SavedQuery {
    saved: Option<String>,
}

/// The family's crisis plan: the people to call first.
pub async fn crisis_plan_show(
    p: Page,
    PageId(id): PageId<CaseId>,
    axum::extract::Query(q): axum::extract::Query<SavedQuery>,
) -> PageResult {
    let file = crisis_plan::read_plan(p.app(), &p.actor(), id)
        .await
        .on(&p)?;
    let notice = match q.saved.as_deref() {
        Some("plan") => p.tr.t("crisis_plan_saved").to_owned(),
        _ => String::new(),
    };
    let may_write = writes(&p, file.team_id, file.therapist_id);
    plan_page(
        &p,
        StatusCode::OK,
        file,
        may_write,
        None,
        Errors::none(),
        notice,
    )
}

/// Saves a new version of the crisis plan.
pub async fn crisis_plan_submit(p: Page, PageId(id): PageId<CaseId>, f: Fields) -> PageResult {
    let typed = PlanForm::from_fields(&f);
    let version = f.version();
    let result = crisis_plan::save_plan(p.app(), &p.actor(), id, &typed.to_plan(), version).await;
    let target = format!("/cases/{id}/crisis-plan?saved=plan");
    form::settle(&p, result, &target, |status, errors| {
        plan_again(&p, id, status, Some(typed), errors)
    })
    .await
}

/// A contact as the list shows it.
pub struct ContactShow {
    id: i64,
    at: String,
    caller: &'static str,
    about: String,
    risk: &'static str,
    /// High or acute.
    serious: bool,
    responses: String,
    minutes: u32,
    follow_up: String,
    logged: String,
    unread: bool,
}

fn contact_show(
    tr: Tr,
    file: &CaseCrisisContacts,
    r: &CrisisContactRecord,
    reader: UserId,
) -> ContactShow {
    let c = &r.contact;
    ContactShow {
        id: r.id,
        at: file.country.local_time(c.at),
        caller: tr.t(&format!("crisis_caller_{}", c.caller.as_str())),
        about: c.about.clone(),
        risk: tr.t(&format!("crisis_risk_{}", c.risk.as_str())),
        serious: c.risk >= CrisisRisk::High,
        responses: c
            .responses
            .iter()
            .map(|x| tr.t(&format!("crisis_response_{}", x.as_str())))
            .collect::<Vec<_>>()
            .join(", "),
        minutes: c.minutes,
        follow_up: c.follow_up.clone(),
        logged: format!(
            "{}{}",
            file.country.local_time(r.logged_at),
            r.logged_by
                .map(|u| format!(" · {}", file.staff_name(u)))
                .unwrap_or_default()
        ),
        unread: !r.read_by(reader),
    }
}

#[derive(Template)]
#[template(path = "crisis_contacts.html")]
struct ContactsPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    case_id: CaseId,
    on_call: bool,
    /// The one contact opened (its own page), or none for the list.
    opened: Option<ContactShow>,
    contacts: Vec<ContactShow>,
    may_log: bool,
    notice: String,
}

/// The family's crisis contacts, newest first, the unread marked.
pub async fn crisis_contacts_show(
    p: Page,
    PageId(id): PageId<CaseId>,
    axum::extract::Query(q): axum::extract::Query<SavedQuery>,
) -> PageResult {
    let file = crisis_contact::list(p.app(), &p.actor(), id).await.on(&p)?;
    let tr = p.tr;
    let me = p.who.principal.user_id;
    let contacts = file
        .contacts
        .iter()
        .map(|r| contact_show(tr, &file, r, me))
        .collect();
    let notice = match q.saved.as_deref() {
        Some("contact") => tr.t("crisis_contact_saved").to_owned(),
        _ => String::new(),
    };
    Ok(p.render(
        StatusCode::OK,
        &ContactsPage {
            tr,
            title: family_title(tr, "crisis_contacts_title", id),
            nav: p.nav(),
            case_id: id,
            on_call: file.via_on_call,
            opened: None,
            contacts,
            may_log: file.status == CaseStatus::InTreatment,
            notice,
        },
    ))
}

/// One crisis contact, opened: it is no longer unread for the reader.
pub async fn crisis_contact_show(
    p: Page,
    Path((id, contact)): Path<(String, String)>,
) -> PageResult {
    let id: CaseId = parse_id(&id).on(&p)?;
    let contact: i64 = parse_id(&contact).on(&p)?;
    let record = crisis_contact::open(p.app(), &p.actor(), id, contact)
        .await
        .on(&p)?;
    let file = crisis_contact::list(p.app(), &p.actor(), id).await.on(&p)?;
    let tr = p.tr;
    let me = p.who.principal.user_id;
    Ok(p.render(
        StatusCode::OK,
        &ContactsPage {
            tr,
            title: family_title(tr, "crisis_contact_title", id),
            nav: p.nav(),
            case_id: id,
            on_call: file.via_on_call,
            opened: Some(contact_show(tr, &file, &record, me)),
            contacts: Vec::new(),
            may_log: false,
            notice: String::new(),
        },
    ))
}

/// The contact form as typed.
#[derive(Debug, Clone, Default)]
pub struct ContactForm {
    date: String,
    time: String,
    caller: String,
    about: String,
    risk: String,
    responses: Vec<String>,
    minutes: String,
    follow_up: String,
}

/// Choices of a set of radio buttons or boxes: (value, label, chosen).
type Picks = Vec<(&'static str, &'static str, bool)>;

#[derive(Template)]
#[template(path = "crisis_contact_form.html")]
struct ContactFormPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    csrf: String,
    case_id: CaseId,
    form: ContactForm,
    callers: Picks,
    risks: Picks,
    responses: Picks,
    errors: Errors,
}

fn contact_form_page(
    p: &Page,
    status: StatusCode,
    id: CaseId,
    form: ContactForm,
    errors: Errors,
) -> PageResult {
    let tr = p.tr;
    let callers = Caller::ALL
        .iter()
        .map(|c| {
            let code = c.as_str();
            (
                code,
                tr.t(&format!("crisis_caller_{code}")),
                form.caller == code,
            )
        })
        .collect();
    let risks = CrisisRisk::ALL
        .iter()
        .map(|r| {
            let code = r.as_str();
            (
                code,
                tr.t(&format!("crisis_risk_{code}")),
                form.risk == code,
            )
        })
        .collect();
    let responses = CrisisResponse::ALL
        .iter()
        .map(|r| {
            let code = r.as_str();
            (
                code,
                tr.t(&format!("crisis_response_{code}")),
                form.responses.iter().any(|x| x == code),
            )
        })
        .collect();
    Ok(p.render(
        status,
        &ContactFormPage {
            tr,
            title: family_title(tr, "crisis_contact_new_title", id),
            nav: p.nav(),
            csrf: p.who.csrf_token().to_owned(),
            case_id: id,
            form,
            callers,
            risks,
            responses,
            errors,
        },
    ))
}

/// The team's country (for the clock the form is filled in on).
async fn country_of(p: &Page, id: CaseId) -> Result<Country, PageError> {
    crisis_contact::country_of(p.app(), id).await.on(p)
}

/// The form to log a crisis contact, the time set to now.
pub async fn crisis_contact_new(p: Page, PageId(id): PageId<CaseId>) -> PageResult {
    // Only those who may log see the form (a refusal is audited).
    crisis_contact::list(p.app(), &p.actor(), id).await.on(&p)?;
    let country = country_of(&p, id).await?;
    let now = p.app().clock.now().with_timezone(&country.time_zone());
    let form = ContactForm {
        date: now.format("%Y-%m-%d").to_string(),
        time: now.format("%H:%M").to_string(),
        ..ContactForm::default()
    };
    contact_form_page(&p, StatusCode::OK, id, form, Errors::none())
}

/// The moment the contact began, read on the team's clock.
fn contact_time(
    country: Country,
    form: &ContactForm,
    errors: &mut Vec<FieldError>,
) -> Option<DateTime<Utc>> {
    let date = form::date(&form.date, "at", errors, msg!("bad_date"));
    if form.date.is_empty() {
        errors.push(FieldError::new("at", msg!("required")));
    }
    let time = NaiveTime::parse_from_str(&form.time, "%H:%M").ok();
    if time.is_none() {
        errors.push(FieldError::new("at", msg!("bad_time")));
    }
    let local = date?.and_time(time?);
    match country.time_zone().from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Some(t.with_timezone(&Utc)),
        LocalResult::None => {
            errors.push(FieldError::new("at", msg!("bad_time")));
            None
        }
    }
}

/// The contact as typed, or what is unreadable or missing (the use case
/// checks the rest).
fn read_contact(country: Country, form: &ContactForm) -> Result<CrisisContact, AppError> {
    let mut errors = Vec::new();
    let at = contact_time(country, form, &mut errors);
    let caller = Caller::from_code(&form.caller);
    if caller.is_none() {
        errors.push(FieldError::new("caller", msg!("required")));
    }
    let risk = CrisisRisk::from_code(&form.risk);
    if risk.is_none() {
        errors.push(FieldError::new("risk", msg!("required")));
    }
    let minutes = form.minutes.trim().parse::<u32>().ok();
    if minutes.is_none() {
        errors.push(FieldError::new(
            "minutes",
            msg!(
                "crisis-contact-minutes",
                max = rundt_domain::crisis_contact::MAX_MINUTES
            ),
        ));
    }
    match (at, caller, risk, minutes) {
        (Some(at), Some(caller), Some(risk), Some(minutes)) if errors.is_empty() => {
            Ok(CrisisContact {
                at,
                caller,
                about: form.about.clone(),
                risk,
                responses: form
                    .responses
                    .iter()
                    .filter_map(|r| CrisisResponse::from_code(r))
                    .collect(),
                minutes,
                follow_up: form.follow_up.clone(),
            })
        }
        _ => Err(AppError::Invalid(errors)),
    }
}

/// Logs a crisis contact and goes to the family's list of contacts.
pub async fn crisis_contact_submit(p: Page, PageId(id): PageId<CaseId>, f: Fields) -> PageResult {
    let typed = ContactForm {
        date: f.get("date"),
        time: f.get("time"),
        caller: f.get("caller"),
        about: form::multi_line(&f.text("about")),
        risk: f.get("risk"),
        responses: f.all("responses"),
        minutes: f.get("minutes"),
        follow_up: form::multi_line(&f.text("follow_up")),
    };
    let country = country_of(&p, id).await?;
    let result = form::then(read_contact(country, &typed), async |c| {
        crisis_contact::log(p.app(), &p.actor(), id, &c).await
    })
    .await;
    let target = format!("/cases/{id}/crisis-contacts?saved=contact");
    let p = &p;
    form::settle(p, result, &target, |status, errors| async move {
        contact_form_page(p, status, id, typed, errors)
    })
    .await
}
