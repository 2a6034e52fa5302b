//! What a municipality sends with a referral, and the eligibility screening
//! by the programme model's rules (DOMAIN.md §2, §5).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::country::Country;
use crate::error::{Validator, clean_name};
use crate::msg;
use crate::programme::ProgrammeModel;
use crate::{DomainError, FieldError};

/// A behaviour the family is referred for, described as MST does: how often,
/// how intense, for how long.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferralBehaviour {
    /// E.g. "truancy", "violence at home".
    pub behaviour: String,
    /// E.g. "3 times a week".
    pub frequency: String,
    /// E.g. "hits his mother; police called twice".
    pub intensity: String,
    /// E.g. "since the summer holidays".
    pub duration: String,
}

/// What rules the young person out of the programme (DOMAIN.md §2).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Exclusions {
    /// Lives independently, or no primary caregiver despite extensive search.
    #[serde(default)]
    pub no_primary_caregiver: bool,
    /// Referred primarily for suicidal, homicidal or psychotic behaviour.
    #[serde(default)]
    pub primarily_psychiatric_crisis: bool,
    /// Sex offending without other antisocial behaviour (MST-PSB territory).
    #[serde(default)]
    pub sex_offending_only: bool,
    /// Pervasive developmental delay (autism spectrum).
    #[serde(default)]
    pub pervasive_developmental_delay: bool,
}

/// Consent to the intervention (Barnets Lov § 32 stk. 2 needs parental consent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Consent {
    /// Who gave it, e.g. "mother and father".
    pub given_by: String,
    pub given_on: NaiveDate,
}

/// How the team reaches the caseworker who referred the family. The form
/// fills in the name and e-mail of the caseworker's account; an empty field
/// is "not recorded" (referrals stored before these fields read so too).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseworkerContact {
    #[serde(default)]
    pub name: String,
    /// E.g. "+45 87 13 20 00".
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
}

string_coded! {
    /// The out-of-home placement the municipality is considering if the
    /// family is not helped at home: the placement MST is meant to avoid,
    /// which the outcome "living at home" (DOMAIN.md §4.3, §6) is later read
    /// against.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum PlacementConsidered {
        /// No placement is being considered.
        #[serde(rename = "none")]
        NoPlacement => "none",
        /// Foster care (plejefamilie, fosterhjem).
        FosterCare => "foster_care",
        /// A residential institution (døgninstitution, barneverninstitusjon).
        ResidentialInstitution => "residential_institution",
        /// A secure unit (sikret institution, institusjon uten samtykke).
        SecureUnit => "secure_unit",
        /// Another placement (a boarding school, a relative's home, …).
        Other => "other",
    }
}

/// The referral's own content, beside the people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferralDetails {
    pub behaviours: Vec<ReferralBehaviour>,
    /// Legal basis, e.g. "Barnets Lov § 32, stk. 1, nr. 5" or "barnevernsloven § 3-1".
    pub legal_basis: String,
    pub consent: Option<Consent>,
    #[serde(default)]
    pub exclusions: Exclusions,
    /// MST-CAN: known to child protection for abuse or neglect within 180 days.
    #[serde(default)]
    pub known_to_child_protection_within_180_days: bool,
    /// Free text from the caseworker.
    #[serde(default)]
    pub notes: String,
    /// How the team reaches the referring caseworker.
    #[serde(default)]
    pub contact: CaseworkerContact,
    /// The young person's school; empty when not recorded.
    #[serde(default)]
    pub school: String,
    /// The out-of-home placement being considered; `None` when not recorded.
    #[serde(default)]
    pub placement_considered: Option<PlacementConsidered>,
    /// The child welfare service's own case reference (saksnummer,
    /// sagsnummer): MST-CAN works inside a child protection case, so its
    /// referral names it; empty when not recorded.
    #[serde(default)]
    pub child_welfare_case: String,
}

/// The legal basis the referral form suggests for each country.
pub fn default_legal_basis(country: Country) -> &'static str {
    match country {
        Country::DK => "Barnets Lov § 32, stk. 1, nr. 5 (familiebehandling)",
        Country::NO => "Barnevernsloven § 3-1 (hjelpetiltak)",
    }
}

impl ReferralDetails {
    /// Checks the form: at least one behaviour, each described by
    /// frequency, intensity and duration; a legal basis; consent not in the
    /// future.
    pub fn validate(&self, today: NaiveDate) -> Result<(), DomainError> {
        let mut v = Validator::new();
        v.check(
            !self.behaviours.is_empty(),
            "behaviours",
            msg!("behaviour-missing"),
        );
        v.check(
            self.behaviours.len() <= 20,
            "behaviours",
            msg!("behaviours-too-many", max = 20),
        );
        for (i, b) in self.behaviours.iter().enumerate() {
            for (field, value) in [
                ("behaviour", &b.behaviour),
                ("frequency", &b.frequency),
                ("intensity", &b.intensity),
                ("duration", &b.duration),
            ] {
                v.take(clean_name(&format!("behaviours[{i}].{field}"), value, 500));
            }
        }
        v.take(clean_name("legal_basis", &self.legal_basis, 200));
        if let Some(c) = &self.consent {
            v.take(clean_name("consent.given_by", &c.given_by, 200));
            v.check(
                c.given_on <= today,
                "consent.given_on",
                msg!("consent-in-future"),
            );
        }
        v.at_most_chars("notes", &self.notes, 5000);
        self.check_contact(&mut v);
        if !self.child_welfare_case.trim().is_empty() {
            v.take(clean_name(
                "child_welfare_case",
                &self.child_welfare_case,
                100,
            ));
        }
        if !self.school.trim().is_empty() {
            v.take(clean_name("school", &self.school, 200));
        }
        v.finish()
    }

    /// The contact fields may be empty; what is given must be usable.
    fn check_contact(&self, v: &mut Validator) {
        let c = &self.contact;
        if !c.name.trim().is_empty() {
            v.take(clean_name("contact.name", &c.name, 200));
        }
        if !c.phone.trim().is_empty() {
            v.take(check_phone("contact.phone", &c.phone));
        }
        if !c.email.trim().is_empty() {
            v.take(crate::user::check_email("contact.email", c.email.trim()));
        }
    }
}

/// A telephone number as people write it: digits with spaces, dashes,
/// dots, brackets and a leading `+`; at least six digits and at most 30
/// characters.
pub fn check_phone(field: &str, raw: &str) -> Result<String, DomainError> {
    let phone = raw.trim();
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let shaped = phone
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || " -.()".contains(c) || (c == '+' && i == 0));
    if shaped && (6..=20).contains(&digits) && phone.chars().count() <= 30 {
        Ok(phone.to_owned())
    } else {
        Err(DomainError::invalid(
            field,
            msg!("phone-invalid", given = phone),
        ))
    }
}

/// One reason a referral does or does not fit the programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ScreeningFinding {
    AgeOutsideRange { age: u32, min: u8, max: u8 },
    AgeUnknown,
    NoCaregiver,
    NoPrimaryCaregiver,
    PrimarilyPsychiatricCrisis,
    SexOffendingOnly,
    PervasiveDevelopmentalDelay,
    NoConsent,
    NotKnownToChildProtection,
}

impl ScreeningFinding {
    /// The finding as a message (its words are in the catalogues).
    pub fn message(&self) -> crate::Message {
        match self {
            Self::AgeOutsideRange { age, min, max } => {
                msg!("finding_age_outside_range", age = age, min = min, max = max)
            }
            Self::AgeUnknown => msg!("finding_age_unknown"),
            Self::NoCaregiver => msg!("finding_no_caregiver"),
            Self::NoPrimaryCaregiver => msg!("finding_no_primary_caregiver"),
            Self::PrimarilyPsychiatricCrisis => msg!("finding_primarily_psychiatric_crisis"),
            Self::SexOffendingOnly => msg!("finding_sex_offending_only"),
            Self::PervasiveDevelopmentalDelay => msg!("finding_pervasive_developmental_delay"),
            Self::NoConsent => msg!("finding_no_consent"),
            Self::NotKnownToChildProtection => msg!("finding_not_known_to_child_protection"),
        }
    }
}

/// The outcome of screening a referral.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Screening {
    pub eligible: bool,
    /// Everything that stands in the way (empty when eligible).
    pub findings: Vec<ScreeningFinding>,
}

/// Age in whole years on a day.
pub fn age_on(birth: NaiveDate, day: NaiveDate) -> Option<u32> {
    use chrono::Datelike;
    if birth > day {
        return None;
    }
    let mut years = day.year() - birth.year();
    if (day.month(), day.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).ok()
}

/// How many years past the programme model's oldest age a young person's
/// birth date is still taken as written: screening then reports the age as
/// outside the range, and the supervisor decides (a 19-year-old in MST-CAN).
/// Further than that the date is a mistake and the referral is refused: with
/// MST's 17, a young person over 25.
pub const YEARS_PAST_MAX_AGE: u8 = 8;

/// The youngest a caregiver can plausibly be on the day of referral: a
/// teenage parent, or an older sibling who has taken over the care. Younger
/// is a mistake in the date (a child entered as the caregiver).
pub const CAREGIVER_MIN_AGE: u32 = 14;

/// The oldest a caregiver can plausibly be on the day of referral (a
/// great-grandparent caring for the young person): born before about 1926
/// for a referral in 2026 is a mistake in the date.
pub const CAREGIVER_MAX_AGE: u32 = 100;

/// Whose birth date a referral gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Referred {
    /// The young person the programme treats.
    YoungPerson,
    /// A child of a family a whole-family model (MST-CAN) treats: every
    /// child in the household must be of the model's ages on the day of
    /// referral, exactly — a child of 19 is not taken into MST-CAN.
    ChildOfFamily,
    /// A parent or another adult caring for them.
    Caregiver,
}

/// Refuses a birth date that cannot be right for `who` on the day of
/// referral: after that day, a young person far older than `model` ever
/// takes (more than [`YEARS_PAST_MAX_AGE`] past its oldest age), or a
/// caregiver younger than [`CAREGIVER_MIN_AGE`] or older than
/// [`CAREGIVER_MAX_AGE`]. A young person just outside the model's ages is
/// not refused here: [`screen`] reports it, and the supervisor decides.
pub fn check_birth_date(
    model: &ProgrammeModel,
    who: Referred,
    born: NaiveDate,
    referred_on: NaiveDate,
) -> Result<(), crate::Message> {
    let Some(age) = age_on(born, referred_on) else {
        return Err(msg!("born-after-referral", referred = referred_on));
    };
    match who {
        Referred::YoungPerson => {
            let oldest = u32::from(model.max_age) + u32::from(YEARS_PAST_MAX_AGE);
            if age > oldest {
                return Err(msg!(
                    "young-person-age-implausible",
                    age = age,
                    min = model.min_age,
                    max = model.max_age
                ));
            }
        }
        Referred::ChildOfFamily => {
            if !(u32::from(model.min_age)..=u32::from(model.max_age)).contains(&age) {
                return Err(msg!(
                    "child-age-outside-model",
                    age = age,
                    min = model.min_age,
                    max = model.max_age
                ));
            }
        }
        Referred::Caregiver => {
            if !(CAREGIVER_MIN_AGE..=CAREGIVER_MAX_AGE).contains(&age) {
                return Err(msg!(
                    "caregiver-age-implausible",
                    age = age,
                    min = CAREGIVER_MIN_AGE,
                    max = CAREGIVER_MAX_AGE
                ));
            }
        }
    }
    Ok(())
}

/// Screens a referral against the programme model.
pub fn screen(
    model: &ProgrammeModel,
    young_person_birth: Option<NaiveDate>,
    caregivers: usize,
    details: &ReferralDetails,
    referred_on: NaiveDate,
) -> Screening {
    let mut findings = Vec::new();
    match young_person_birth.and_then(|b| age_on(b, referred_on)) {
        Some(age) if age < u32::from(model.min_age) || age > u32::from(model.max_age) => {
            findings.push(ScreeningFinding::AgeOutsideRange {
                age,
                min: model.min_age,
                max: model.max_age,
            });
        }
        Some(_) => {}
        None => findings.push(ScreeningFinding::AgeUnknown),
    }
    if caregivers == 0 {
        findings.push(ScreeningFinding::NoCaregiver);
    }
    let e = &details.exclusions;
    for (flag, finding) in [
        (e.no_primary_caregiver, ScreeningFinding::NoPrimaryCaregiver),
        (
            e.primarily_psychiatric_crisis,
            ScreeningFinding::PrimarilyPsychiatricCrisis,
        ),
        (e.sex_offending_only, ScreeningFinding::SexOffendingOnly),
        (
            e.pervasive_developmental_delay,
            ScreeningFinding::PervasiveDevelopmentalDelay,
        ),
    ] {
        if flag {
            findings.push(finding);
        }
    }
    if details.consent.is_none() {
        findings.push(ScreeningFinding::NoConsent);
    }
    if model.requires_crisis_caseworker && !details.known_to_child_protection_within_180_days {
        findings.push(ScreeningFinding::NotKnownToChildProtection);
    }
    Screening {
        eligible: findings.is_empty(),
        findings,
    }
}

/// A supervisor's override of a failed screening must say why.
pub fn check_override_reason(reason: Option<&str>) -> Result<String, DomainError> {
    match reason
        .map(|r| r.replace("\r\n", "\n"))
        .as_deref()
        .map(str::trim)
        .filter(|r| r.chars().count() >= 10 && !r.chars().any(|c| c.is_control() && c != '\n'))
    {
        Some(r) if r.chars().count() <= 1000 => Ok(r.to_owned()),
        _ => Err(DomainError::Invalid(vec![FieldError::new(
            "override_reason",
            msg!("override-reason-missing", min = 10),
        )])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::day;

    #[test]
    fn every_child_of_an_mst_can_family_is_six_to_eighteen_at_referral() {
        let can = crate::programme::ProgrammeModel {
            code: crate::programme::MST_CAN.into(),
            name: "MST-CAN".into(),
            min_age: 6,
            max_age: 18,
            supervisors: 1,
            min_therapists: 3,
            max_therapists: 4,
            typical_families_per_therapist: 4,
            max_families_per_therapist: 4,
            min_duration_months: 6,
            max_duration_months: 9,
            requires_crisis_caseworker: true,
            requires_psychiatrist: true,
        };
        let referred = day("2026-11-20");
        let child = Referred::ChildOfFamily;
        assert_eq!(
            check_birth_date(&can, child, day("2008-11-21"), referred),
            Ok(()),
            "18"
        );
        assert_eq!(
            check_birth_date(&can, child, day("2020-11-20"), referred),
            Ok(()),
            "6"
        );
        let nineteen = check_birth_date(&can, child, day("2007-11-20"), referred).unwrap_err();
        assert_eq!(nineteen.code, "child-age-outside-model");
        let five = check_birth_date(&can, child, day("2021-01-02"), referred).unwrap_err();
        assert_eq!(five.code, "child-age-outside-model");
        // A young person of 19 in MST is the supervisor's decision, not refused here.
        let young = Referred::YoungPerson;
        assert_eq!(
            check_birth_date(&can, young, day("2007-11-20"), referred),
            Ok(())
        );
    }

    fn details() -> ReferralDetails {
        ReferralDetails {
            behaviours: vec![ReferralBehaviour {
                behaviour: "truancy".into(),
                frequency: "3 days a week".into(),
                intensity: "has not attended maths since August".into(),
                duration: "4 months".into(),
            }],
            legal_basis: default_legal_basis(Country::DK).into(),
            consent: Some(Consent {
                given_by: "mother".into(),
                given_on: day("2026-11-20"),
            }),
            exclusions: Exclusions::default(),
            known_to_child_protection_within_180_days: false,
            notes: String::new(),
            contact: CaseworkerContact::default(),
            school: String::new(),
            placement_considered: None,
            child_welfare_case: String::new(),
        }
    }

    #[test]
    fn a_fifteen_year_old_with_a_caregiver_and_consent_is_eligible_for_mst() {
        let s = screen(
            &ProgrammeModel::mst(),
            Some(day("2011-03-15")),
            1,
            &details(),
            day("2026-11-25"),
        );
        assert!(s.eligible, "{s:?}");
    }

    #[test]
    fn age_is_checked_on_the_referral_day() {
        let mst = ProgrammeModel::mst();
        // Turns 12 the day after referral: not yet.
        let s = screen(
            &mst,
            Some(day("2014-11-26")),
            1,
            &details(),
            day("2026-11-25"),
        );
        assert_eq!(
            s.findings,
            vec![ScreeningFinding::AgeOutsideRange {
                age: 11,
                min: 12,
                max: 17
            }]
        );
        let s = screen(
            &mst,
            Some(day("2014-11-25")),
            1,
            &details(),
            day("2026-11-25"),
        );
        assert!(s.eligible);
        let s = screen(
            &mst,
            Some(day("2008-11-25")),
            1,
            &details(),
            day("2026-11-25"),
        );
        assert!(!s.eligible, "18 is too old for MST");
    }

    #[test]
    fn exclusions_and_missing_caregivers_are_all_reported() {
        let mut d = details();
        d.exclusions.primarily_psychiatric_crisis = true;
        d.exclusions.pervasive_developmental_delay = true;
        d.consent = None;
        let s = screen(
            &ProgrammeModel::mst(),
            Some(day("2011-03-15")),
            0,
            &d,
            day("2026-11-25"),
        );
        assert!(!s.eligible);
        assert_eq!(s.findings.len(), 4);
        assert!(s.findings.contains(&ScreeningFinding::NoCaregiver));
    }

    #[test]
    fn mst_can_needs_a_child_protection_case_within_180_days() {
        let mut d = details();
        let s = screen(
            &ProgrammeModel::mst_can(),
            Some(day("2018-01-01")),
            1,
            &d,
            day("2026-11-25"),
        );
        assert_eq!(
            s.findings,
            vec![ScreeningFinding::NotKnownToChildProtection]
        );
        d.known_to_child_protection_within_180_days = true;
        assert!(
            screen(
                &ProgrammeModel::mst_can(),
                Some(day("2018-01-01")),
                1,
                &d,
                day("2026-11-25")
            )
            .eligible
        );
    }

    #[test]
    fn a_referral_form_needs_behaviours_described_fully() {
        let mut d = details();
        d.behaviours[0].intensity = " ".into();
        let err = d.validate(day("2026-11-25")).unwrap_err();
        assert!(err.to_string().contains("behaviours[0].intensity"));
        d.behaviours.clear();
        assert!(d.validate(day("2026-11-25")).is_err());
        let mut future = details();
        future.consent = Some(Consent {
            given_by: "mother".into(),
            given_on: day("2027-01-01"),
        });
        assert!(future.validate(day("2026-11-25")).is_err());
    }

    #[test]
    fn contact_school_and_placement_may_be_left_out_but_must_be_usable_when_given() {
        let mut d = details();
        assert_eq!(d.validate(day("2026-11-25")), Ok(()));
        d.contact = CaseworkerContact {
            name: "Louise Winther".into(),
            phone: "+45 87 13 20 00".into(),
            email: "louise.winther@aarhus.dk".into(),
        };
        d.school = "Skåde Skole".into();
        d.placement_considered = Some(PlacementConsidered::FosterCare);
        assert_eq!(d.validate(day("2026-11-25")), Ok(()));
        d.contact.phone = "call me".into();
        d.contact.email = "louise at aarhus".into();
        let err = d.validate(day("2026-11-25")).unwrap_err();
        let DomainError::Invalid(fields) = err else {
            panic!("{err:?}")
        };
        let named: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(named, ["contact.phone", "contact.email"]);
        assert!(check_phone("p", "22 33 44 55").is_ok());
        assert!(check_phone("p", "45+22334455").is_err());
        assert!(check_phone("p", "123").is_err());
    }

    #[test]
    fn a_referral_stored_before_contact_school_and_placement_reads_as_not_recorded() {
        let stored = r#"{"behaviours": [], "legal_basis": "Barnets Lov § 32", "consent": null}"#;
        let d: ReferralDetails = serde_json::from_str(stored).unwrap();
        assert_eq!(d.contact, CaseworkerContact::default());
        assert_eq!(d.school, "");
        assert_eq!(d.placement_considered, None);
        let with: ReferralDetails = serde_json::from_str(
            r#"{"behaviours": [], "legal_basis": "x", "consent": null, "placement_considered": "none"}"#,
        )
        .unwrap();
        assert_eq!(
            with.placement_considered,
            Some(PlacementConsidered::NoPlacement)
        );
        let codes: Vec<String> = PlacementConsidered::ALL
            .iter()
            .map(|p| serde_json::to_string(p).unwrap())
            .collect();
        let expected: Vec<String> = PlacementConsidered::ALL
            .iter()
            .map(|p| format!("\"{}\"", p.as_str()))
            .collect();
        assert_eq!(codes, expected, "JSON carries the codes");
    }

    #[test]
    fn a_young_person_born_after_the_referral_day_is_refused() {
        let mst = ProgrammeModel::mst();
        let referred = day("2026-11-25");
        let err =
            check_birth_date(&mst, Referred::YoungPerson, day("2026-11-26"), referred).unwrap_err();
        assert_eq!(err.code, "born-after-referral");
        let err =
            check_birth_date(&mst, Referred::YoungPerson, day("2031-01-01"), referred).unwrap_err();
        assert_eq!(err.code, "born-after-referral");
    }

    #[test]
    fn a_young_person_just_outside_the_ages_is_left_to_screening() {
        let mst = ProgrammeModel::mst();
        let referred = day("2026-11-25");
        // Born on the day of referral, ten years old, 18, and 25: screening
        // reports each as outside 12-17 and the supervisor decides.
        for born in ["2026-11-25", "2016-05-05", "2008-11-25", "2001-11-25"] {
            assert_eq!(
                check_birth_date(&mst, Referred::YoungPerson, day(born), referred),
                Ok(()),
                "{born}"
            );
        }
    }

    #[test]
    fn a_young_person_far_older_than_the_programme_takes_is_refused() {
        let referred = day("2026-11-25");
        // 26 on the day of referral: more than eight years past MST's 17.
        let err = check_birth_date(
            &ProgrammeModel::mst(),
            Referred::YoungPerson,
            day("2000-11-25"),
            referred,
        )
        .unwrap_err();
        assert_eq!(
            err,
            msg!(
                "young-person-age-implausible",
                age = 26u32,
                min = 12u8,
                max = 17u8
            )
        );
        // MST-CAN takes them up to 18, so 26 is still a date to screen.
        assert!(
            check_birth_date(
                &ProgrammeModel::mst_can(),
                Referred::YoungPerson,
                day("2000-11-25"),
                referred
            )
            .is_ok()
        );
    }

    #[test]
    fn a_caregiver_born_in_1889_or_a_child_as_caregiver_is_refused() {
        let mst = ProgrammeModel::mst();
        let referred = day("2026-11-25");
        let err =
            check_birth_date(&mst, Referred::Caregiver, day("1889-04-20"), referred).unwrap_err();
        assert_eq!(
            err,
            msg!(
                "caregiver-age-implausible",
                age = 137u32,
                min = 14u32,
                max = 100u32
            )
        );
        let err =
            check_birth_date(&mst, Referred::Caregiver, day("2016-01-01"), referred).unwrap_err();
        assert_eq!(err.code, "caregiver-age-implausible");
        let err =
            check_birth_date(&mst, Referred::Caregiver, day("2027-01-01"), referred).unwrap_err();
        assert_eq!(err.code, "born-after-referral");
    }

    #[test]
    fn caregivers_from_fourteen_to_a_hundred_are_taken_as_written() {
        let mst = ProgrammeModel::mst();
        let referred = day("2026-11-25");
        for born in ["2012-11-25", "1982-06-02", "1926-11-26"] {
            assert_eq!(
                check_birth_date(&mst, Referred::Caregiver, day(born), referred),
                Ok(()),
                "{born}"
            );
        }
        // Fifteen days short of 14, and 101.
        for born in ["2012-12-10", "1925-11-25"] {
            assert!(
                check_birth_date(&mst, Referred::Caregiver, day(born), referred).is_err(),
                "{born}"
            );
        }
    }

    #[test]
    fn an_override_needs_a_reason() {
        assert!(check_override_reason(None).is_err());
        assert!(check_override_reason(Some("ok")).is_err());
        assert!(check_override_reason(Some("turns 12 in two weeks; team agrees")).is_ok());
    }
}
