//! The municipal caseworker's referral form: the family, the behaviours it
//! is referred for, legal basis, consent and exclusions, the young person's
//! school, the placement being considered and how the team reaches the
//! caseworker. The team screens it; the caseworker gets a receipt
//! (`pages::cases::receipt`), and the family page shows the rest.

use askama::Template;
use axum::http::StatusCode;
use rundt_app::AppError;
use rundt_app::cases::{PersonInput, ReferFamily};
use rundt_app::referrals;
use rundt_domain::FieldError;
use rundt_domain::id::TeamId;
use rundt_domain::msg;
use rundt_domain::referral::{
    CaseworkerContact, Consent, Exclusions, PlacementConsidered, ReferralBehaviour,
    ReferralDetails, default_legal_basis,
};
use rundt_domain::user::Role;

use super::form::{self, Errors, Fields};
use super::{Nav, OrPage, Page, PageContext, PageError, PageResult, go_to};
use crate::i18n::Tr;

#[derive(Debug, Clone, Default)]
pub struct PersonRow {
    given_name: String,
    family_name: String,
    national_id: String,
    birth_date: String,
}

#[derive(Debug, Clone, Default)]
pub struct BehaviourRow {
    behaviour: String,
    frequency: String,
    intensity: String,
    duration: String,
}

/// The referral form as typed.
#[derive(Debug, Clone, Default)]
pub struct ReferralForm {
    team_id: String,
    young: PersonRow,
    /// The household's other children (MST-CAN).
    other_children: Vec<PersonRow>,
    caregivers: Vec<PersonRow>,
    behaviours: Vec<BehaviourRow>,
    legal_basis: String,
    consent_by: String,
    consent_on: String,
    /// (field name, label key, ticked).
    exclusions: Vec<(&'static str, &'static str, bool)>,
    known_to_cps: bool,
    notes: String,
    contact_name: String,
    contact_phone: String,
    contact_email: String,
    school: String,
    /// The placement's code; empty when not recorded.
    placement: String,
    /// The child welfare service's case number (MST-CAN).
    child_welfare_case: String,
}

/// The placements the form offers: (code, label key).
pub fn placement_options() -> Vec<(&'static str, String)> {
    PlacementConsidered::ALL
        .iter()
        .map(|p| (p.as_str(), placement_key(*p)))
        .collect()
}

/// The catalogue word of a placement.
pub fn placement_key(p: PlacementConsidered) -> String {
    format!("placement_{}", p.as_str())
}

const EXCLUSIONS: [&str; 4] = [
    "no_primary_caregiver",
    "primarily_psychiatric_crisis",
    "sex_offending_only",
    "pervasive_developmental_delay",
];

fn exclusion_rows(f: Option<&Fields>) -> Vec<(&'static str, &'static str, bool)> {
    EXCLUSIONS
        .iter()
        .map(|name| {
            let label = match *name {
                "no_primary_caregiver" => "exclusion_no_primary_caregiver",
                "primarily_psychiatric_crisis" => "exclusion_primarily_psychiatric_crisis",
                "sex_offending_only" => "exclusion_sex_offending_only",
                _ => "exclusion_pervasive_developmental_delay",
            };
            (*name, label, f.is_some_and(|f| f.has(name)))
        })
        .collect()
}

fn person(f: &Fields, prefix: &str) -> PersonRow {
    PersonRow {
        given_name: f.get(&format!("{prefix}.given_name")),
        family_name: f.get(&format!("{prefix}.family_name")),
        national_id: f.get(&format!("{prefix}.national_id")),
        birth_date: f.get(&format!("{prefix}.birth_date")),
    }
}

impl PersonRow {
    fn is_empty(&self) -> bool {
        self.given_name.is_empty()
            && self.family_name.is_empty()
            && self.national_id.is_empty()
            && self.birth_date.is_empty()
    }

    fn to_input(&self, field: &str, errors: &mut Vec<FieldError>) -> PersonInput {
        PersonInput {
            given_name: self.given_name.clone(),
            family_name: self.family_name.clone(),
            national_id: (!self.national_id.is_empty()).then(|| self.national_id.clone()),
            birth_date: form::date(
                &self.birth_date,
                &format!("{field}.birth_date"),
                errors,
                msg!("bad_date"),
            ),
        }
    }
}

impl ReferralForm {
    fn from_fields(f: &Fields) -> Self {
        Self {
            team_id: f.get("team_id"),
            young: person(f, "young_person"),
            other_children: (0..f.rows("other_children", 9))
                .map(|i| person(f, &format!("other_children[{i}]")))
                .filter(|p| !p.is_empty())
                .collect(),
            caregivers: (0..f.rows("caregivers", 10))
                .map(|i| person(f, &format!("caregivers[{i}]")))
                .filter(|p| !p.is_empty())
                .collect(),
            behaviours: (0..f.rows("referral.behaviours", 20))
                .map(|i| {
                    let get =
                        |x: &str| form::one_line(&f.text(&format!("referral.behaviours[{i}].{x}")));
                    BehaviourRow {
                        behaviour: get("behaviour"),
                        frequency: get("frequency"),
                        intensity: get("intensity"),
                        duration: get("duration"),
                    }
                })
                .filter(|b| {
                    form::any_filled(&[&b.behaviour, &b.frequency, &b.intensity, &b.duration])
                })
                .collect(),
            legal_basis: f.get("referral.legal_basis"),
            consent_by: f.get("referral.consent.given_by"),
            consent_on: f.get("referral.consent.given_on"),
            exclusions: exclusion_rows(Some(f)),
            known_to_cps: f.has("referral.known_to_child_protection_within_180_days"),
            notes: f.text("referral.notes").trim().to_owned(),
            contact_name: form::one_line(&f.text("referral.contact.name")),
            contact_phone: form::one_line(&f.text("referral.contact.phone")),
            contact_email: form::one_line(&f.text("referral.contact.email")),
            school: form::one_line(&f.text("referral.school")),
            placement: f.get("referral.placement_considered"),
            child_welfare_case: form::one_line(&f.text("referral.child_welfare_case")),
        }
    }

    fn to_request(&self) -> Result<ReferFamily, Vec<FieldError>> {
        let mut errors = Vec::new();
        let team_id = self.team_id.parse::<TeamId>().ok();
        if team_id.is_none() {
            errors.push(FieldError::new("team_id", msg!("choose")));
        }
        let young_person = self.young.to_input("young_person", &mut errors);
        let other_children = self
            .other_children
            .iter()
            .enumerate()
            .map(|(i, c)| c.to_input(&format!("other_children[{i}]"), &mut errors))
            .collect();
        let caregivers = self
            .caregivers
            .iter()
            .enumerate()
            .map(|(i, c)| c.to_input(&format!("caregivers[{i}]"), &mut errors))
            .collect();
        let consent_on = form::date(
            &self.consent_on,
            "referral.consent.given_on",
            &mut errors,
            msg!("bad_date"),
        );
        let consent = if self.consent_by.is_empty() && self.consent_on.is_empty() {
            None
        } else {
            if self.consent_on.is_empty() {
                errors.push(FieldError::new(
                    "referral.consent.given_on",
                    msg!("required"),
                ));
            }
            consent_on.map(|given_on| Consent {
                given_by: self.consent_by.clone(),
                given_on,
            })
        };
        let ticked = |name: &str| self.exclusions.iter().any(|(n, _, on)| *n == name && *on);
        let placement_considered = match self.placement.as_str() {
            "" => None,
            code => {
                let chosen = PlacementConsidered::from_code(code);
                if chosen.is_none() {
                    errors.push(FieldError::new(
                        "referral.placement_considered",
                        msg!("choose"),
                    ));
                }
                chosen
            }
        };
        let referral = ReferralDetails {
            behaviours: self
                .behaviours
                .iter()
                .map(|b| ReferralBehaviour {
                    behaviour: b.behaviour.clone(),
                    frequency: b.frequency.clone(),
                    intensity: b.intensity.clone(),
                    duration: b.duration.clone(),
                })
                .collect(),
            legal_basis: self.legal_basis.clone(),
            consent,
            exclusions: Exclusions {
                no_primary_caregiver: ticked("no_primary_caregiver"),
                primarily_psychiatric_crisis: ticked("primarily_psychiatric_crisis"),
                sex_offending_only: ticked("sex_offending_only"),
                pervasive_developmental_delay: ticked("pervasive_developmental_delay"),
            },
            known_to_child_protection_within_180_days: self.known_to_cps,
            notes: self.notes.clone(),
            contact: CaseworkerContact {
                name: self.contact_name.clone(),
                phone: self.contact_phone.clone(),
                email: self.contact_email.clone(),
            },
            school: self.school.clone(),
            placement_considered,
            child_welfare_case: self.child_welfare_case.clone(),
        };
        match team_id {
            Some(team_id) if errors.is_empty() => Ok(ReferFamily {
                team_id,
                referring_municipality: None,
                young_person,
                other_children,
                caregivers,
                referral,
            }),
            _ => Err(errors),
        }
    }

    fn padded(mut self) -> Self {
        self.other_children
            .resize(self.other_children.len().max(2), PersonRow::default());
        self.caregivers
            .resize(self.caregivers.len().max(2), PersonRow::default());
        let n = (self.behaviours.len() + 1).max(3);
        self.behaviours.resize(n, BehaviourRow::default());
        self
    }
}

#[derive(Template)]
#[template(path = "referral_form.html")]
struct ReferralPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    csrf: String,
    teams: Vec<(TeamId, String)>,
    /// (team, what a course costs the caseworker's municipality there).
    prices: Vec<(String, String)>,
    placements: Vec<(&'static str, String)>,
    form: ReferralForm,
    errors: Errors,
}

/// What a course in each team costs the caseworker's municipality if they
/// send the referral today, and what the price rests on.
async fn prices(p: &Page, teams: &[(TeamId, String)]) -> Result<Vec<(String, String)>, PageError> {
    let tr = p.tr;
    let Some(municipality) = p.who.principal.municipality_code.clone() else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (id, name) in teams {
        let price =
            rundt_app::money::referral_price_preview(p.app(), &p.actor(), *id, &municipality)
                .await
                .on(p)?;
        let text = match price {
            Some(price) => format!(
                "{} ({})",
                super::money::amount(tr, price.course_price, price.currency),
                tr.t(&format!("money_pricing_{}", price.basis.as_str()))
            ),
            None => tr.t("money_no_price").to_owned(),
        };
        out.push((name.clone(), text));
    }
    Ok(out)
}

async fn page(
    p: &Page,
    status: StatusCode,
    form: Option<ReferralForm>,
    errors: Errors,
) -> PageResult {
    let country = p.who.principal.country;
    let teams: Vec<(TeamId, String)> = rundt_app::organisation::team_names(p.app())
        .await
        .on(p)?
        .into_iter()
        .filter(|t| t.country == country)
        .map(|t| (t.id, format!("{} ({})", t.name, t.programme_model)))
        .collect();
    let form = match form {
        Some(typed) => typed,
        None => {
            // The caseworker's own name and e-mail, from their account.
            let me = rundt_app::users::me(p.app(), &p.who.principal)
                .await
                .on(p)?;
            ReferralForm {
                team_id: match teams.as_slice() {
                    [(only, _)] => only.to_string(),
                    _ => String::new(),
                },
                legal_basis: default_legal_basis(country).into(),
                exclusions: exclusion_rows(None),
                contact_name: me.display_name,
                contact_email: me.email.unwrap_or_default(),
                ..ReferralForm::default()
            }
        }
    };
    let prices = prices(p, &teams).await?;
    Ok(p.render(
        status,
        &ReferralPage {
            tr: p.tr,
            title: p.tr.t("refer_family").into(),
            nav: p.nav(),
            csrf: p.who.csrf_token().to_owned(),
            prices,
            teams,
            placements: placement_options(),
            form: form.padded(),
            errors,
        },
    ))
}

pub async fn form(p: Page) -> PageResult {
    if p.who.principal.role != Role::MunicipalCaseworker {
        return Err(p.fail(AppError::Forbidden(msg!("caseworkers-refer"))));
    }
    page(&p, StatusCode::OK, None, Errors::none()).await
}

pub async fn submit(p: Page, f: Fields) -> PageResult {
    let typed = ReferralForm::from_fields(&f);
    let result = match typed.to_request() {
        Ok(request) => referrals::refer(p.app(), &p.actor(), &request).await,
        Err(fields) => Err(AppError::Invalid(fields)),
    };
    match result {
        // The receipt: the number, the time received, the team, the deadline.
        Ok(received) => go_to(&format!("/cases/{}/receipt", received.case.id)),
        Err(e) => {
            let (status, errors) = form::refused(&p, e)?;
            page(&p, status, Some(typed), errors).await
        }
    }
}
