//! MST-CAN's ecological map and the children's voice (issue 12): the key
//! persons outside the family, the strengths and risks per system, and
//! for each child whether the child has been heard — the children not yet
//! heard marked — with a form for a new version of the map and one for a
//! child's voice. What the use cases refuse is shown beside the fields of
//! the form it came from, and nothing is stored.

use super::*;
use rundt_app::cases::PersonView;
use rundt_app::mapping::{self, CaseMapping};
use rundt_domain::id::{CaseId, PersonId};
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::mapping::{
    ChildVoice, HeardBy, KeyPerson, KeyPersonRole, Mapping, SystemMap, Voice,
};
use rundt_domain::user::Role;

/// A key person as the page shows them.
pub struct KeyPersonShow {
    role: &'static str,
    name: String,
    relation: String,
    phone: String,
    email: String,
    consent: &'static str,
}

/// A system's strengths and risks as shown.
pub struct SystemShow {
    label: &'static str,
    strengths: String,
    risks: String,
}

/// A child and whether the child has been heard.
pub struct ChildShow {
    name: String,
    heard: bool,
    /// The latest "not heard, because" of a child not yet heard.
    why_not: String,
}

/// An entry of the children's voice as shown.
pub struct VoiceShow {
    on: String,
    child: String,
    heard: bool,
    how: &'static str,
    present: String,
    said: String,
    wishes: String,
    reason: String,
}

/// A row of the key persons' form, as typed.
#[derive(Debug, Clone, Default)]
pub struct PersonRow {
    role: String,
    name: String,
    relation: String,
    phone: String,
    email: String,
    consent: bool,
}

/// A system's row of the form, as typed.
#[derive(Debug, Clone, Default)]
pub struct SystemRow {
    label: &'static str,
    strengths: String,
    risks: String,
}

/// The map's form as typed (or as stored).
#[derive(Debug, Clone, Default)]
pub struct MapForm {
    persons: Vec<PersonRow>,
    systems: Vec<SystemRow>,
    mapped_on: String,
}

/// The child's voice form as typed.
#[derive(Debug, Clone, Default)]
pub struct VoiceForm {
    child: String,
    on: String,
    state: String,
    how: String,
    present: String,
    said: String,
    wishes: String,
    reason: String,
}

#[derive(Template)]
#[template(path = "mapping.html")]
struct MappingPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    csrf: String,
    case_id: CaseId,
    /// The latest version of the map ("" before the first), for the form.
    version: String,
    mapped_on: String,
    key_persons: Vec<KeyPersonShow>,
    systems: Vec<SystemShow>,
    children: Vec<ChildShow>,
    not_heard: usize,
    voices: Vec<VoiceShow>,
    can_write: bool,
    roles: Choices,
    hows: Choices,
    /// (person id, name) of the family's children.
    child_choices: Vec<(String, String)>,
    map: MapForm,
    map_errors: Errors,
    voice: VoiceForm,
    voice_errors: Errors,
}

fn role_word(r: KeyPersonRole) -> String {
    format!("key_person_{}", r.as_str())
}

fn heard_by_word(h: HeardBy) -> String {
    format!("heard_by_{}", h.as_str())
}

fn name_of(p: &PersonView) -> String {
    format!("{} {}", p.given_name, p.family_name)
}

fn stored_form(tr: Tr, m: Option<&Mapping>, today: NaiveDate) -> MapForm {
    let persons = m
        .map(|m| {
            m.key_persons
                .iter()
                .map(|k| PersonRow {
                    role: k.role.as_str().to_owned(),
                    name: k.name.clone(),
                    relation: k.relation.clone(),
                    phone: k.phone.clone(),
                    email: k.email.clone(),
                    consent: k.consent_to_contact,
                })
                .collect()
        })
        .unwrap_or_default();
    let systems = System::ALL
        .iter()
        .map(|sys| {
            let stored = m.and_then(|m| m.systems.iter().find(|s| s.system == *sys));
            SystemRow {
                label: system_label(tr, *sys),
                strengths: stored.map(|s| s.strengths.clone()).unwrap_or_default(),
                risks: stored.map(|s| s.risks.clone()).unwrap_or_default(),
            }
        })
        .collect();
    MapForm {
        persons,
        systems,
        mapped_on: day(m.map_or(today, |m| m.mapped_on)),
    }
}

/// What the page shows with its two forms: as stored, or as typed when
/// one of them came back.
struct Shown {
    map: Option<MapForm>,
    map_errors: Errors,
    voice: Option<VoiceForm>,
    voice_errors: Errors,
}

impl Shown {
    fn fresh() -> Self {
        Self {
            map: None,
            map_errors: Errors::none(),
            voice: None,
            voice_errors: Errors::none(),
        }
    }
}

async fn mapping_page(p: &Page, id: CaseId, status: StatusCode, shown: Shown) -> PageResult {
    let m: CaseMapping = mapping::case_mapping(p.app(), &p.actor(), id).await.on(p)?;
    let tr = p.tr;
    let today = p.app().clock.today();
    let current = m.current().map(|v| &v.mapping);
    let key_persons = current
        .map(|c| {
            c.key_persons
                .iter()
                .map(|k| KeyPersonShow {
                    role: tr.t(&role_word(k.role)),
                    name: k.name.clone(),
                    relation: k.relation.clone(),
                    phone: k.phone.clone(),
                    email: k.email.clone(),
                    consent: tr.t(if k.consent_to_contact { "yes" } else { "no" }),
                })
                .collect()
        })
        .unwrap_or_default();
    let systems = current
        .map(|c| {
            c.systems
                .iter()
                .map(|s| SystemShow {
                    label: system_label(tr, s.system),
                    strengths: s.strengths.clone(),
                    risks: s.risks.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    let children = m
        .children
        .iter()
        .map(|c| {
            let heard = !m.not_yet_heard.contains(&c.id);
            let why_not = m
                .voices
                .iter()
                .filter(|v| v.voice.child == c.id)
                .find_map(|v| match &v.voice.voice {
                    Voice::NotHeard { reason } if !heard => Some(reason.clone()),
                    _ => None,
                })
                .unwrap_or_default();
            ChildShow {
                name: name_of(c),
                heard,
                why_not,
            }
        })
        .collect();
    let voices = m
        .voices
        .iter()
        .map(|r| {
            let v = &r.voice;
            let child = m
                .children
                .iter()
                .find(|c| c.id == v.child)
                .map(name_of)
                .unwrap_or_default();
            let mut show = VoiceShow {
                on: day(v.on),
                child,
                heard: v.is_heard(),
                how: "",
                present: String::new(),
                said: String::new(),
                wishes: String::new(),
                reason: String::new(),
            };
            match &v.voice {
                Voice::Heard {
                    how,
                    present,
                    said,
                    wishes,
                } => {
                    show.how = tr.t(&heard_by_word(*how));
                    show.present = present.clone();
                    show.said = said.clone();
                    show.wishes = wishes.clone();
                }
                Voice::NotHeard { reason } => show.reason = reason.clone(),
            }
            show
        })
        .collect();
    let role = p.who.principal.role;
    let can_write = matches!(role, Role::Therapist | Role::Supervisor)
        && m.case.status == CaseStatus::InTreatment;
    let mut map = shown.map.unwrap_or_else(|| stored_form(tr, current, today));
    let rows = (map.persons.len() + 2).max(3);
    map.persons.resize(rows, PersonRow::default());
    let voice = shown.voice.unwrap_or_else(|| VoiceForm {
        on: day(today),
        ..VoiceForm::default()
    });
    Ok(p.render(
        status,
        &MappingPage {
            tr,
            title: family_title(tr, "mapping_title", id),
            nav: p.nav(),
            csrf: p.who.csrf_token().to_owned(),
            case_id: id,
            version: m
                .current()
                .map(|v| v.version.to_string())
                .unwrap_or_default(),
            mapped_on: current.map(|c| day(c.mapped_on)).unwrap_or_default(),
            key_persons,
            systems,
            not_heard: m.not_yet_heard.len(),
            children,
            voices,
            can_write,
            roles: KeyPersonRole::ALL
                .iter()
                .map(|r| (r.as_str(), tr.t(&role_word(*r))))
                .collect(),
            hows: HeardBy::ALL
                .iter()
                .map(|h| (h.as_str(), tr.t(&heard_by_word(*h))))
                .collect(),
            child_choices: m
                .children
                .iter()
                .map(|c| (c.id.to_string(), name_of(c)))
                .collect(),
            map,
            map_errors: shown.map_errors,
            voice,
            voice_errors: shown.voice_errors,
        },
    ))
}

fn mapping_path(id: CaseId) -> String {
    format!("/cases/{id}/mapping")
}

pub async fn mapping_show(p: Page, PageId(id): PageId<CaseId>) -> PageResult {
    mapping_page(&p, id, StatusCode::OK, Shown::fresh()).await
}

/// The map as the form sent it, and the systems' rows' places in the form
/// (the map holds only the systems with something written).
fn read_map(f: &Fields, tr: Tr) -> (MapForm, Result<(Mapping, Vec<usize>), AppError>) {
    let persons: Vec<PersonRow> = (0..f.rows("key_persons", 30))
        .map(|i| {
            let field = |n: &str| format!("key_persons[{i}].{n}");
            PersonRow {
                role: f.get(&field("role")),
                name: f.get(&field("name")),
                relation: f.get(&field("relation")),
                phone: f.get(&field("phone")),
                email: f.get(&field("email")),
                consent: f.has(&field("consent_to_contact")),
            }
        })
        .filter(|r| form::any_filled(&[&r.name, &r.relation, &r.phone, &r.email]))
        .collect();
    let systems: Vec<SystemRow> = System::ALL
        .iter()
        .enumerate()
        .map(|(i, sys)| SystemRow {
            label: system_label(tr, *sys),
            strengths: form::multi_line(&f.text(&format!("systems[{i}].strengths"))),
            risks: form::multi_line(&f.text(&format!("systems[{i}].risks"))),
        })
        .collect();
    let typed = MapForm {
        persons,
        systems,
        mapped_on: f.get("mapped_on"),
    };
    let mut errors = Vec::new();
    let key_persons = typed
        .persons
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let role = KeyPersonRole::from_code(&r.role);
            if role.is_none() {
                errors.push(FieldError::new(
                    format!("key_persons[{i}].role"),
                    msg!("choose"),
                ));
            }
            KeyPerson {
                role: role.unwrap_or(KeyPersonRole::Other),
                name: r.name.clone(),
                relation: r.relation.clone(),
                phone: r.phone.clone(),
                email: r.email.clone(),
                consent_to_contact: r.consent,
            }
        })
        .collect();
    let mut places = Vec::new();
    let mut systems = Vec::new();
    for (i, (sys, row)) in System::ALL.iter().zip(&typed.systems).enumerate() {
        if form::any_filled(&[&row.strengths, &row.risks]) {
            places.push(i);
            systems.push(SystemMap {
                system: *sys,
                strengths: row.strengths.clone(),
                risks: row.risks.clone(),
            });
        }
    }
    let mapped_on = form::date(&typed.mapped_on, "mapped_on", &mut errors, msg!("bad_date"));
    if typed.mapped_on.is_empty() {
        required("mapped_on", &mut errors);
    }
    let result = match mapped_on {
        Some(mapped_on) if errors.is_empty() => Ok((
            Mapping {
                key_persons,
                systems,
                mapped_on,
            },
            places,
        )),
        _ => Err(AppError::Invalid(errors)),
    };
    (typed, result)
}

/// The domain names a system by its place in the map; the form by its
/// place among all systems.
fn in_form_places(e: AppError, places: &[usize]) -> AppError {
    let AppError::Invalid(fields) = e else {
        return e;
    };
    let fields = fields
        .into_iter()
        .map(|mut f| {
            if let Some(rest) = f.field.strip_prefix("systems[")
                && let Some((k, tail)) = rest.split_once(']')
                && let Some(place) = k.parse::<usize>().ok().and_then(|k| places.get(k))
            {
                f.field = format!("systems[{place}]{tail}");
            }
            f
        })
        .collect();
    AppError::Invalid(fields)
}

pub async fn mapping_submit(p: Page, PageId(id): PageId<CaseId>, f: Fields) -> PageResult {
    let (typed, read) = read_map(&f, p.tr);
    let result = match read {
        Ok((m, places)) => mapping::save_mapping(p.app(), &p.actor(), id, &m, f.version())
            .await
            .map_err(|e| in_form_places(e, &places)),
        Err(e) => Err(e),
    };
    form::settle(&p, result, &mapping_path(id), |status, errors| {
        let shown = Shown {
            map: Some(typed),
            map_errors: errors,
            ..Shown::fresh()
        };
        mapping_page(&p, id, status, shown)
    })
    .await
}

fn read_voice(f: &Fields) -> (VoiceForm, Result<ChildVoice, AppError>) {
    let typed = VoiceForm {
        child: f.get("child"),
        on: f.get("on"),
        state: f.get("state"),
        how: f.get("how"),
        present: form::one_line(&f.text("present")),
        said: form::multi_line(&f.text("said")),
        wishes: form::multi_line(&f.text("wishes")),
        reason: form::multi_line(&f.text("reason")),
    };
    let mut errors = Vec::new();
    let child = typed.child.parse::<i64>().ok().map(PersonId::new);
    if child.is_none() {
        errors.push(FieldError::new("child", msg!("choose")));
    }
    let on = form::date(&typed.on, "on", &mut errors, msg!("bad_date"));
    if typed.on.is_empty() {
        required("on", &mut errors);
    }
    let voice = match typed.state.as_str() {
        "heard" => {
            let how = HeardBy::from_code(&typed.how);
            if how.is_none() {
                errors.push(FieldError::new("how", msg!("choose")));
            }
            how.map(|how| Voice::Heard {
                how,
                present: typed.present.clone(),
                said: typed.said.clone(),
                wishes: typed.wishes.clone(),
            })
        }
        "not_heard" => Some(Voice::NotHeard {
            reason: typed.reason.clone(),
        }),
        _ => {
            errors.push(FieldError::new("state", msg!("choose")));
            None
        }
    };
    let result = match (child, on, voice) {
        (Some(child), Some(on), Some(voice)) if errors.is_empty() => {
            Ok(ChildVoice { child, on, voice })
        }
        _ => Err(AppError::Invalid(errors)),
    };
    (typed, result)
}

pub async fn child_voice_submit(p: Page, PageId(id): PageId<CaseId>, f: Fields) -> PageResult {
    let (typed, read) = read_voice(&f);
    let result = form::then(read, async |v| {
        mapping::record_child_voice(p.app(), &p.actor(), id, &v).await
    })
    .await;
    let target = format!("{}#children-voice", mapping_path(id));
    form::settle(&p, result, &target, |status, errors| {
        let shown = Shown {
            voice: Some(typed),
            voice_errors: errors,
            ..Shown::fresh()
        };
        mapping_page(&p, id, status, shown)
    })
    .await
}
