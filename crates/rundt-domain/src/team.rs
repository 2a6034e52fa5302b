//! Teams, the municipalities that own them, their staff positions, and the
//! check of a team's composition against its programme model's norms.
//! Composition outside the norms is a warning for people to act on, never an
//! error: teams are often short-staffed for a while.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::DomainError;
use crate::country::Country;
use crate::error::{Validator, clean_name};
use crate::message::{Arg, Message};
use crate::msg;
use crate::municipality::MunicipalityCode;
use crate::programme::ProgrammeModel;
use crate::user::Role;

pub use crate::id::TeamId;

/// 100 % in basis points.
pub const FULL_SHARE_BP: u32 = 10_000;

string_coded! {
    /// A staff position in a team.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum Position {
        Supervisor => "supervisor",
        Therapist => "therapist",
        CrisisCaseworker => "crisis_caseworker",
        Psychiatrist => "psychiatrist",
        MilieuTherapist => "milieu_therapist",
        Administrator => "administrator",
        /// The team's MST expert, who holds the weekly consultation.
        Consultant => "consultant",
    }
    unknown => ("position", "position-unknown")
}

impl Position {
    /// Whether a person with `role` may hold this position in a team: a
    /// supervisor's post needs a supervisor; a therapist's a therapist or a
    /// supervisor (who may also carry families); the other posts any of the
    /// team roles, consultants included; the crisis caseworker's and the
    /// psychiatrist's roles hold their own posts and no other; the
    /// consultant's post is the consultant's.
    pub fn open_to(self, role: Role) -> bool {
        match self {
            Self::Supervisor => role == Role::Supervisor,
            Self::Therapist => matches!(role, Role::Therapist | Role::Supervisor),
            Self::CrisisCaseworker => matches!(
                role,
                Role::CrisisCaseworker | Role::Therapist | Role::Supervisor | Role::Consultant
            ),
            Self::Psychiatrist => matches!(
                role,
                Role::Psychiatrist | Role::Therapist | Role::Supervisor | Role::Consultant
            ),
            Self::Consultant => role == Role::Consultant,
            Self::MilieuTherapist | Self::Administrator => {
                matches!(role, Role::Therapist | Role::Supervisor | Role::Consultant)
            }
        }
    }
}

/// A municipality's share in owning a team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ownership {
    pub municipality_code: MunicipalityCode,
    /// Share in basis points (1 % = 100); all shares of a team sum to 10,000.
    pub share_bp: u32,
}

/// A team as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Team {
    pub id: TeamId,
    pub name: String,
    pub country: Country,
    /// Code of the programme model, e.g. `MST`.
    pub programme_model: String,
    pub owners: Vec<Ownership>,
    /// The day the team starts (or started) working with families.
    pub started_on: NaiveDate,
    /// The last day the team works, once it is known; none: it goes on.
    /// A team closing within a year pays that year's licence fee pro rata.
    pub closed_on: Option<NaiveDate>,
    /// Optimistic-concurrency version; bumped on every change.
    pub version: i64,
}

impl Team {
    /// The last day the team works with families (none: it goes on); not
    /// before the day it started. The year it closes, its licence fee is
    /// pro rata ([`crate::money::split_licence_fee`]).
    pub fn check_closed_on(&self, closed_on: Option<NaiveDate>) -> Result<(), DomainError> {
        match closed_on {
            Some(day) if day < self.started_on => Err(DomainError::invalid(
                "closed_on",
                msg!("team-closes-before-it-starts", started_on = self.started_on),
            )),
            _ => Ok(()),
        }
    }
}

/// A validated request to create a team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTeam {
    pub name: String,
    pub country: Country,
    pub programme_model: String,
    pub owners: Vec<Ownership>,
    pub started_on: NaiveDate,
}

impl NewTeam {
    /// Validates the parts of a new team that need no look-ups. Whether the
    /// programme model and municipalities exist is checked by the caller.
    pub fn parse(
        name: &str,
        country: &str,
        programme_model: &str,
        owners: &[(String, f64)],
        started_on: NaiveDate,
    ) -> Result<Self, DomainError> {
        let mut v = Validator::new();
        let name = v.take(clean_name("name", name, 120));
        let country = v.take(country.parse::<Country>());
        let programme_model = programme_model.trim().to_ascii_uppercase();
        v.check(
            !programme_model.is_empty(),
            "programme_model",
            msg!("programme-model-missing"),
        );
        let owners = match country {
            Some(c) => v.take(parse_owners(c, owners)),
            None => None,
        };
        v.finish()?;
        match (name, country, owners) {
            (Some(name), Some(country), Some(owners)) => Ok(Self {
                name,
                country,
                programme_model,
                owners,
                started_on,
            }),
            _ => Err(DomainError::invalid("team", msg!("team-invalid"))),
        }
    }
}

/// Validates owning municipalities and their percentage shares: at least one
/// owner, no municipality twice, each share above 0 with at most two decimals,
/// and all shares adding up to exactly 100 %.
pub fn parse_owners(
    country: Country,
    owners: &[(String, f64)],
) -> Result<Vec<Ownership>, DomainError> {
    let mut v = Validator::new();
    v.check(!owners.is_empty(), "owners", msg!("owners-missing"));
    let mut parsed: Vec<Ownership> = Vec::new();
    for (i, (code, percent)) in owners.iter().enumerate() {
        let field = format!("owners[{i}]");
        let Some(code) = v.take(MunicipalityCode::parse(country, code)) else {
            continue;
        };
        let bp = percent * 100.0;
        if !percent.is_finite() || *percent <= 0.0 || *percent > 100.0 {
            v.push(crate::FieldError::new(
                format!("{field}.share_percent"),
                msg!("share-out-of-range"),
            ));
            continue;
        }
        if (bp - bp.round()).abs() > 1e-6 {
            v.push(crate::FieldError::new(
                format!("{field}.share_percent"),
                msg!("share-too-precise"),
            ));
            continue;
        }
        if parsed.iter().any(|o| o.municipality_code == code) {
            v.push(crate::FieldError::new(
                format!("{field}.municipality_code"),
                msg!("owner-listed-twice", code = &code),
            ));
            continue;
        }
        // In range 0 < bp <= 10_000 after the checks above.
        let share_bp = bp.round() as u32;
        parsed.push(Ownership {
            municipality_code: code,
            share_bp,
        });
    }
    v.finish()?;
    let total: u32 = parsed.iter().map(|o| o.share_bp).sum();
    if total != FULL_SHARE_BP {
        return Err(DomainError::invalid(
            "owners",
            msg!(
                "shares-not-whole",
                total = Arg::Decimal(percent_number(total))
            ),
        ));
    }
    Ok(parsed)
}

/// Formats basis points as a percentage, e.g. 3333 -> "33.33 %".
pub fn format_percent(bp: u32) -> String {
    format!("{} %", percent_number(bp))
}

/// Basis points as a percentage number, e.g. 3333 -> "33.33", 5000 -> "50".
pub(crate) fn percent_number(bp: u32) -> String {
    if bp.is_multiple_of(100) {
        format!("{}", bp / 100)
    } else {
        format!("{}.{:02}", bp / 100, bp % 100)
    }
}

/// Something about a team's make-up that differs from its programme model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum CompositionWarning {
    NoSupervisor,
    TooManySupervisors { count: u32, norm: u32 },
    TooFewTherapists { count: u32, min: u32 },
    TooManyTherapists { count: u32, max: u32 },
    NoCrisisCaseworker,
    NoPsychiatrist,
}

impl CompositionWarning {
    /// The warning as a message (the catalogues say it in words).
    pub fn message(&self) -> Message {
        match self {
            Self::NoSupervisor => msg!("warning-no-supervisor"),
            Self::TooManySupervisors { count, norm } => {
                msg!("warning-too-many-supervisors", count = count, norm = norm)
            }
            Self::TooFewTherapists { count, min } => {
                msg!("warning-too-few-therapists", count = count, min = min)
            }
            Self::TooManyTherapists { count, max } => {
                msg!("warning-too-many-therapists", count = count, max = max)
            }
            Self::NoCrisisCaseworker => msg!("warning-no-crisis-caseworker"),
            Self::NoPsychiatrist => msg!("warning-no-psychiatrist"),
        }
    }
}

/// Compares the positions currently held in a team with its model's norms.
pub fn assess_composition(
    model: &ProgrammeModel,
    positions: &[Position],
) -> Vec<CompositionWarning> {
    let count = |p: Position| positions.iter().filter(|&&x| x == p).count() as u32;
    let mut warnings = Vec::new();
    let supervisors = count(Position::Supervisor);
    let norm = u32::from(model.supervisors);
    if supervisors == 0 {
        warnings.push(CompositionWarning::NoSupervisor);
    } else if supervisors > norm {
        warnings.push(CompositionWarning::TooManySupervisors {
            count: supervisors,
            norm,
        });
    }
    let therapists = count(Position::Therapist);
    if therapists < u32::from(model.min_therapists) {
        warnings.push(CompositionWarning::TooFewTherapists {
            count: therapists,
            min: u32::from(model.min_therapists),
        });
    } else if therapists > u32::from(model.max_therapists) {
        warnings.push(CompositionWarning::TooManyTherapists {
            count: therapists,
            max: u32::from(model.max_therapists),
        });
    }
    if model.requires_crisis_caseworker && count(Position::CrisisCaseworker) == 0 {
        warnings.push(CompositionWarning::NoCrisisCaseworker);
    }
    if model.requires_psychiatrist && count(Position::Psychiatrist) == 0 {
        warnings.push(CompositionWarning::NoPsychiatrist);
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use Position::*;

    fn owners(list: &[(&str, f64)]) -> Vec<(String, f64)> {
        list.iter().map(|(c, p)| ((*c).to_owned(), *p)).collect()
    }

    #[test]
    fn a_complete_mst_team_has_no_warnings() {
        let w = assess_composition(
            &ProgrammeModel::mst(),
            &[Supervisor, Therapist, Therapist, Therapist],
        );
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn a_team_without_supervisor_or_with_one_therapist_is_warned_about_not_refused() {
        let w = assess_composition(&ProgrammeModel::mst(), &[Therapist]);
        assert_eq!(
            w,
            vec![
                CompositionWarning::NoSupervisor,
                CompositionWarning::TooFewTherapists { count: 1, min: 2 }
            ]
        );
    }

    #[test]
    fn five_therapists_exceed_the_mst_norm() {
        let w = assess_composition(
            &ProgrammeModel::mst(),
            &[
                Supervisor, Therapist, Therapist, Therapist, Therapist, Therapist,
            ],
        );
        assert_eq!(
            w,
            vec![CompositionWarning::TooManyTherapists { count: 5, max: 4 }]
        );
    }

    #[test]
    fn an_mst_can_team_needs_a_crisis_caseworker_and_a_psychiatrist() {
        let w = assess_composition(
            &ProgrammeModel::mst_can(),
            &[Supervisor, Therapist, Therapist, Therapist],
        );
        assert_eq!(
            w,
            vec![
                CompositionWarning::NoCrisisCaseworker,
                CompositionWarning::NoPsychiatrist
            ]
        );
        let full = assess_composition(
            &ProgrammeModel::mst_can(),
            &[
                Supervisor,
                Therapist,
                Therapist,
                Therapist,
                CrisisCaseworker,
                Psychiatrist,
            ],
        );
        assert!(full.is_empty());
    }

    #[test]
    fn only_a_supervisor_holds_the_supervisors_post_and_no_municipal_role_joins_a_team() {
        assert!(Supervisor.open_to(Role::Supervisor));
        assert!(!Supervisor.open_to(Role::Therapist));
        assert!(Therapist.open_to(Role::Supervisor));
        assert!(CrisisCaseworker.open_to(Role::Consultant));
        for role in [
            Role::NationalAdmin,
            Role::MunicipalCaseworker,
            Role::MunicipalManager,
            Role::Auditor,
        ] {
            assert!(Position::ALL.iter().all(|p| !p.open_to(role)), "{role:?}");
        }
    }

    #[test]
    fn owners_shares_must_add_up_to_one_hundred_percent() {
        let ok = parse_owners(Country::DK, &owners(&[("101", 50.0), ("147", 50.0)])).unwrap();
        assert_eq!(ok[0].municipality_code, "0101");
        assert_eq!(ok[0].share_bp + ok[1].share_bp, FULL_SHARE_BP);
        let thirds = parse_owners(
            Country::DK,
            &owners(&[("101", 33.33), ("147", 33.33), ("151", 33.34)]),
        );
        assert!(thirds.is_ok());
        let err = parse_owners(Country::DK, &owners(&[("101", 50.0), ("147", 40.0)])).unwrap_err();
        assert!(
            err.to_string().contains("shares-not-whole (total=90)"),
            "{err}"
        );
    }

    #[test]
    fn owners_are_rejected_when_listed_twice_zero_or_too_precise() {
        assert!(parse_owners(Country::DK, &owners(&[("101", 50.0), ("0101", 50.0)])).is_err());
        assert!(parse_owners(Country::DK, &owners(&[("101", 0.0), ("147", 100.0)])).is_err());
        assert!(parse_owners(Country::DK, &owners(&[("101", 33.333), ("147", 66.667)])).is_err());
        assert!(parse_owners(Country::DK, &owners(&[("101", f64::NAN)])).is_err());
        assert!(parse_owners(Country::NO, &[]).is_err());
    }

    #[test]
    fn a_new_team_reports_every_problem_at_once() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        let err = NewTeam::parse(" ", "SE", "", &[], day).unwrap_err();
        let DomainError::Invalid(fields) = err else {
            panic!()
        };
        let names: Vec<_> = fields.iter().map(|f| f.field.as_str()).collect();
        assert!(names.contains(&"name"));
        assert!(names.contains(&"country"));
        assert!(names.contains(&"programme_model"));
    }
}
