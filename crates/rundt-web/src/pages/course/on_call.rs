//! The person on call at night (issue 13), on a phone: "on call now" lists
//! the team's families in treatment while a shift (and the hour after it)
//! is on; each opens to the family's crisis essentials — the people, where
//! they live and their phones (each a large link that dials), the crisis
//! or safety plan, the latest weekly summary's notes and the latest crisis
//! contacts — with one button to log a contact. The family's own therapist
//! keeps the home details on their own small form.

use super::crisis::dial;
use super::*;
use rundt_app::crisis_essentials::{self, CrisisEssentials};
use rundt_app::home;
use rundt_app::on_call_now::{self, MyOnCall};
use rundt_domain::home::{HomeDetails, HomePhone};
use rundt_domain::lifecycle::CaseStatus;

/// A phone as the page shows it: who, the number as written and dialled.
pub struct PhoneShow {
    who: String,
    number: String,
    dial: String,
}

fn phone_show(who: &str, number: &str) -> PhoneShow {
    PhoneShow {
        who: who.to_owned(),
        number: number.to_owned(),
        dial: dial(number),
    }
}

/// A family on the on-call list.
pub struct FamilyShow {
    case_id: CaseId,
    names: String,
    therapist: String,
}

/// One team the reader is on call for.
pub struct DutyShow {
    team_name: String,
    shift: String,
    team_phone: Option<PhoneShow>,
    families: Vec<FamilyShow>,
}

#[derive(Template)]
#[template(path = "on_call_now.html")]
struct OnCallNowPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    duties: Vec<DutyShow>,
    /// When no shift is on: the next one, on the team's clock.
    next_shift: String,
}

fn shift_text(country: rundt_domain::country::Country, from: DateTime, until: DateTime) -> String {
    format!(
        "{} – {}",
        country.local_time(from),
        country.local_time(until)
    )
}

type DateTime = chrono::DateTime<chrono::Utc>;

/// The families the reader may open as the person on call now.
pub async fn on_call_now_show(p: Page) -> PageResult {
    let tr = p.tr;
    let mine: MyOnCall = on_call_now::my_on_call(p.app(), &p.actor()).await.on(&p)?;
    let name = |id: Option<rundt_domain::user::UserId>| {
        id.map(|u| {
            mine.staff_names
                .get(&u)
                .cloned()
                .unwrap_or_else(|| format!("#{u}"))
        })
        .unwrap_or_default()
    };
    let duties = mine
        .duties
        .iter()
        .map(|d| DutyShow {
            team_name: d.team_name.clone(),
            shift: shift_text(d.country, d.shift.starts_at, d.shift.ends_at),
            team_phone: d.team_phone.as_deref().map(|n| phone_show("", n)),
            families: d
                .families
                .iter()
                .map(|f| FamilyShow {
                    case_id: f.case_id,
                    names: if f.young_persons.is_empty() {
                        format!("{} {}", tr.t("family"), f.case_id)
                    } else {
                        f.young_persons.join(", ")
                    },
                    therapist: name(f.therapist_id),
                })
                .collect(),
        })
        .collect();
    let next_shift = mine
        .next_shift
        .as_ref()
        .map(|s| {
            let country = p.who.principal.country;
            shift_text(country, s.starts_at, s.ends_at)
        })
        .unwrap_or_default();
    Ok(p.render(
        StatusCode::OK,
        &OnCallNowPage {
            tr,
            title: tr.t("on_call_now_title").to_owned(),
            nav: p.nav(),
            duties,
            next_shift,
        },
    ))
}

/// The latest weekly summary's notes as shown.
pub struct NotesShow {
    week: String,
    safety: String,
    barriers: String,
}

/// A crisis contact in the short list.
pub struct RecentShow {
    at: String,
    about: String,
    risk: &'static str,
    by: String,
}

#[derive(Template)]
#[template(path = "crisis_essentials.html")]
struct EssentialsPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    case_id: CaseId,
    team_name: String,
    on_call: bool,
    shift: String,
    therapist: String,
    safety_first: bool,
    people: Vec<(String, &'static str)>,
    address: String,
    getting_there: String,
    phones: Vec<PhoneShow>,
    team_phone: Option<PhoneShow>,
    has_home: bool,
    may_edit_home: bool,
    calls: Vec<PhoneShow>,
    what_calms: String,
    risks: String,
    agreements: String,
    has_crisis_plan: bool,
    has_safety_plan: bool,
    notes: Option<NotesShow>,
    recent: Vec<RecentShow>,
    may_log: bool,
}

/// Whether the reader writes the family's records: its own therapist or
/// the team's supervisor.
fn writes(p: &Page, e: &CrisisEssentials) -> bool {
    super::crisis::writes(p, e.team_id, e.therapist_id)
}

/// The family's crisis essentials on one page.
pub async fn crisis_essentials_show(p: Page, PageId(id): PageId<CaseId>) -> PageResult {
    let tr = p.tr;
    let e = crisis_essentials::crisis_essentials(p.app(), &p.actor(), id)
        .await
        .on(&p)?;
    let on_call = e.on_call_shift.is_some();
    let home = e.home.as_ref().map(|h| &h.home);
    let plan = e.crisis_plan.as_ref().map(|v| &v.plan);
    let may_write = writes(&p, &e);
    let page = EssentialsPage {
        tr,
        title: family_title(tr, "crisis_essentials_title", id),
        nav: p.nav(),
        case_id: id,
        team_name: e.team_name.clone(),
        on_call,
        shift: e
            .on_call_shift
            .as_ref()
            .map(|s| shift_text(e.country, s.starts_at, s.ends_at))
            .unwrap_or_default(),
        therapist: e.therapist_id.map(|t| e.staff_name(t)).unwrap_or_default(),
        safety_first: e.safety_first,
        people: e
            .people
            .iter()
            .map(|person| {
                (
                    format!("{} {}", person.given_name, person.family_name),
                    tr.t(person.role.as_str()),
                )
            })
            .collect(),
        address: home.map(|h| h.address.clone()).unwrap_or_default(),
        getting_there: home.map(|h| h.getting_there.clone()).unwrap_or_default(),
        phones: home
            .map(|h| {
                h.phones
                    .iter()
                    .map(|ph| phone_show(&ph.who, &ph.number))
                    .collect()
            })
            .unwrap_or_default(),
        team_phone: e.team_phone.as_deref().map(|n| phone_show("", n)),
        has_home: home.is_some(),
        may_edit_home: may_write
            && matches!(e.status, CaseStatus::Waiting | CaseStatus::InTreatment),
        calls: plan
            .map(|pl| {
                pl.people_to_call
                    .iter()
                    .map(|c| phone_show(&format!("{} · {}", c.name, c.relation), &c.phone))
                    .collect()
            })
            .unwrap_or_default(),
        what_calms: plan.map(|pl| pl.what_calms.clone()).unwrap_or_default(),
        risks: plan
            .map(|pl| pl.risks_and_warning_signs.clone())
            .unwrap_or_default(),
        agreements: plan.map(|pl| pl.agreements.clone()).unwrap_or_default(),
        has_crisis_plan: plan.is_some(),
        has_safety_plan: e.safety_plan.is_some(),
        notes: e.risk_notes.as_ref().map(|n| NotesShow {
            week: n.week_start.to_string(),
            safety: n.safety.clone(),
            barriers: n.barriers.clone(),
        }),
        recent: e
            .recent_contacts
            .iter()
            .map(|r| RecentShow {
                at: e.country.local_time(r.contact.at),
                about: r.contact.about.clone(),
                risk: tr.t(&format!("crisis_risk_{}", r.contact.risk.as_str())),
                by: r.logged_by.map(|u| e.staff_name(u)).unwrap_or_default(),
            })
            .collect(),
        may_log: e.status == CaseStatus::InTreatment,
    };
    Ok(p.render(StatusCode::OK, &page))
}

/// The home form as typed (or as the latest version says).
#[derive(Debug, Clone, Default)]
pub struct HomeForm {
    address: String,
    phones: Vec<(String, String)>,
    getting_there: String,
}

impl HomeForm {
    fn from_home(h: &HomeDetails) -> Self {
        Self {
            address: h.address.clone(),
            phones: h
                .phones
                .iter()
                .map(|ph| (ph.who.clone(), ph.number.clone()))
                .collect(),
            getting_there: h.getting_there.clone(),
        }
    }

    fn from_fields(f: &Fields) -> Self {
        Self {
            address: form::multi_line(&f.text("address")),
            phones: (0..f.rows("phones", 10))
                .map(|i| {
                    let field =
                        |name: &str| form::one_line(&f.text(&format!("phones[{i}].{name}")));
                    (field("who"), field("number"))
                })
                .filter(|(w, n)| form::any_filled(&[w, n]))
                .collect(),
            getting_there: form::multi_line(&f.text("getting_there")),
        }
    }

    fn to_home(&self) -> HomeDetails {
        HomeDetails {
            address: self.address.clone(),
            phones: self
                .phones
                .iter()
                .map(|(who, number)| HomePhone {
                    who: who.clone(),
                    number: number.clone(),
                })
                .collect(),
            getting_there: self.getting_there.clone(),
        }
    }

    fn padded(mut self) -> Self {
        let n = (self.phones.len() + 1).max(3);
        self.phones.resize(n, Default::default());
        self
    }
}

#[derive(Template)]
#[template(path = "home_form.html")]
struct HomePage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    csrf: String,
    case_id: CaseId,
    version: String,
    home: HomeForm,
    errors: Errors,
}

async fn home_page(
    p: &Page,
    id: CaseId,
    status: StatusCode,
    typed: Option<HomeForm>,
    errors: Errors,
) -> PageResult {
    let tr = p.tr;
    let e = crisis_essentials::crisis_essentials(p.app(), &p.actor(), id)
        .await
        .on(p)?;
    if !writes(p, &e) {
        Err::<(), _>(AppError::Forbidden(msg!("home-not-yours"))).on(p)?;
    }
    let home = typed.unwrap_or_else(|| {
        e.home
            .as_ref()
            .map(|h| HomeForm::from_home(&h.home))
            .unwrap_or_default()
    });
    Ok(p.render(
        status,
        &HomePage {
            tr,
            title: family_title(tr, "home_title", id),
            nav: p.nav(),
            csrf: p.who.csrf_token().to_owned(),
            case_id: id,
            version: e
                .home
                .as_ref()
                .map(|h| h.version.to_string())
                .unwrap_or_default(),
            home: home.padded(),
            errors,
        },
    ))
}

/// The family's home details, to keep current.
pub async fn home_show(p: Page, PageId(id): PageId<CaseId>) -> PageResult {
    home_page(&p, id, StatusCode::OK, None, Errors::none()).await
}

/// Saves a new version of the home details.
pub async fn home_submit(p: Page, PageId(id): PageId<CaseId>, f: Fields) -> PageResult {
    let typed = HomeForm::from_fields(&f);
    let version = f.version();
    let result = home::save_home(p.app(), &p.actor(), id, &typed.to_home(), version).await;
    let target = format!("/cases/{id}/crisis");
    form::settle(&p, result, &target, |status, errors| {
        home_page(&p, id, status, Some(typed), errors)
    })
    .await
}
