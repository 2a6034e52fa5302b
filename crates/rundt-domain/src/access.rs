//! Who may do what. One pure function, [`authorize`], decides every access
//! from the acting person's role, their relation to the record, and the
//! record's country; every use case calls it before touching data.
//!
//! The rules, in words:
//! - Nobody crosses a country border: Danish staff never see Norwegian data.
//! - A therapist sees the families assigned to them; a supervisor (and the
//!   team's consultant) the families of their teams. An on-call team member
//!   may open another therapist's family by break-glass, for a stated reason,
//!   for a limited time; such access is flagged.
//! - A municipal caseworker sees only the families their municipality
//!   referred or pays for, and changes only their municipality's referrals
//!   (adds information, withdraws them); a municipal manager only sees
//!   aggregates for their municipality; the national office aggregates
//!   across teams.
//! - In an MST-CAN team, the crisis caseworker sees the team's safety
//!   plans and incidents (and the names they are about), nothing else of
//!   the families; the part-time psychiatrist opens only the families the
//!   team has asked them to consult on, while the request is open, and
//!   answers it; neither writes the families' records nor sees results.
//! - Only the national office manages teams and accounts; only auditors (and
//!   the national office) read the audit log and people's access logs; only
//!   the auditor (the data protection officer's role) produces a person's
//!   copy of their data.

use serde::Serialize;

use crate::country::Country;
use crate::id::CaseId;
use crate::municipality::MunicipalityCode;
use crate::team::TeamId;
use crate::user::{Role, UserId};

/// The authenticated person acting, with the relations that matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub user_id: UserId,
    pub role: Role,
    pub country: Country,
    /// For municipal roles.
    pub municipality_code: Option<MunicipalityCode>,
    /// Teams the person currently works in.
    pub team_ids: Vec<TeamId>,
}

/// A team as access control sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamScope {
    pub id: TeamId,
    pub country: Country,
    pub owner_municipalities: Vec<MunicipalityCode>,
}

/// A feasibility study as access control sees it: its country and the
/// municipalities making it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudyScope {
    pub country: Country,
    pub municipalities: Vec<MunicipalityCode>,
}

/// A family's case as access control sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseScope {
    pub id: CaseId,
    pub country: Country,
    pub team_id: TeamId,
    pub therapist_id: Option<UserId>,
    pub referring_municipality: MunicipalityCode,
    /// Municipalities paying for the place (usually the referring one).
    pub paying_municipalities: Vec<MunicipalityCode>,
    /// The actor holds an unexpired break-glass grant for this case.
    pub break_glass_active: bool,
    /// The actor is a psychiatrist the team has asked to consult on this
    /// family, and the request is open.
    pub consultation_open: bool,
    /// The actor is on call for the case's team now: within one of their
    /// shifts or the hour after it (`oncall::window::may_open_on_call`).
    pub on_call: bool,
}

/// What is being attempted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action<'a> {
    /// See a team, its owners and staff.
    ViewTeam(&'a TeamScope),
    /// Create teams, change owners and staff in a country.
    ManageTeams(Country),
    /// Create, deactivate and list accounts in a country.
    ManageUsers(Country),
    /// Read a family's case and the people in it.
    ReadCase(&'a CaseScope),
    /// Read a family's safety plans and incidents (MST-CAN), with the
    /// names of the people they are about.
    ReadSafety(&'a CaseScope),
    /// Change a family's case.
    WriteCase(&'a CaseScope),
    /// Answer the team's request to consult on a family (the psychiatrist
    /// asked).
    AnswerConsultation(&'a CaseScope),
    /// Read a family's crisis essentials: the crisis plan (MST) or the
    /// safety plan (MST-CAN), the contacts and address, the latest weekly
    /// summary's risk notes. Whoever reads the case, and the team's person
    /// on call during their shift and the hour after it.
    ReadCrisisEssentials(&'a CaseScope),
    /// Log a crisis contact (a call or visit outside office hours) with a
    /// family: whoever writes the case, and the team's person on call.
    LogCrisisContact(&'a CaseScope),
    /// Change a referral as its referrer: add information, withdraw it
    /// (whether the course still allows it is the lifecycle's question).
    ChangeReferral(&'a CaseScope),
    /// Ask for break-glass access to another therapist's family.
    BreakGlass(&'a CaseScope),
    /// Refer a family on behalf of a municipality.
    Refer {
        country: Country,
        municipality: &'a MunicipalityCode,
    },
    /// Read the whole audit log of a country.
    ReadAuditLog(Country),
    /// Read who accessed a person's data (right of access).
    ReadPersonAccessLog(Country),
    /// Review what retention rules make due, and place or lift legal
    /// holds on a country's cases (the data protection officer's work).
    ManageRetention(Country),
    /// Produce a person's copy of everything Rundt holds about them and
    /// their access log (GDPR art. 15): the data protection officer's
    /// step, so the auditor of the person's country alone.
    ProduceSubjectCopy(Country),
    /// See aggregate figures for a municipality.
    ViewMunicipalityAggregates {
        country: Country,
        municipality: &'a MunicipalityCode,
    },
    /// See aggregate figures across all teams of a country.
    ViewNationalAggregates(Country),
    /// See a team's money: its prices, the places it sells, its budget,
    /// utilisation and invoicing basis (case numbers at most, no names).
    ViewTeamMoney(&'a TeamScope),
    /// Set a team's prices and budget and the agreements that sell its
    /// places: its owners' managers and the national office.
    EditTeamMoney(&'a TeamScope),
    /// See what a municipality spends and earns on MST: the places it buys
    /// and sells, its share of licence fees, the invoicing basis.
    ViewMunicipalityMoney {
        country: Country,
        municipality: &'a MunicipalityCode,
    },
    /// Set a municipality's placement cost and billing details.
    EditMunicipalityMoney {
        country: Country,
        municipality: &'a MunicipalityCode,
    },
    /// Set the yearly licence fee per team and see every team's money in
    /// a country.
    ManageLicenceFees(Country),
    /// See a team's people figures: training coverage, attendance rates,
    /// boosters, plans overdue, turnover; aggregates no person can be told
    /// from. The national office, the team's supervisor and consultant,
    /// the managers of the owning municipalities.
    ViewPeopleFigures(&'a TeamScope),
    /// See a team's people one by one (training, attendance, boosters,
    /// plans): the team's supervisor and consultant.
    ViewTeamPeople(&'a TeamScope),
    /// Plan and hold the team's boosters: its supervisor and consultant.
    ManageBoosters(&'a TeamScope),
    /// Record an exception to the initial training so a therapist may be
    /// assigned families: the team's supervisor alone.
    RecordTrainingException(&'a TeamScope),
    /// See one person's training record and development plans: the person,
    /// and the supervisor and consultant of a team the person is in now.
    ViewPersonRecord {
        person: UserId,
        person_teams: &'a [TeamId],
    },
    /// Record a course (with its certificate) for a person: the person,
    /// and the supervisor and consultant of a team the person is in now.
    RecordTraining {
        person: UserId,
        person_teams: &'a [TeamId],
    },
    /// Write or review a person's development plan in a team: the team's
    /// supervisor writes the therapists' plans with them, the team's
    /// consultant the supervisor's.
    WritePlan {
        team: &'a TeamScope,
        subject_is_supervisor: bool,
    },
    /// Make a feasibility study, or a new version of one: the managers of
    /// the municipalities making it.
    MakeStudy(&'a StudyScope),
    /// Read a feasibility study, its versions and its council report: the
    /// managers of the municipalities making it and the national office.
    ViewStudy(&'a StudyScope),
    /// Comment on a feasibility study: the national office, and the
    /// managers of the municipalities making it (their answers).
    CommentOnStudy(&'a StudyScope),
    /// Approve a feasibility study for one municipality: that
    /// municipality's manager, when the study names it.
    ApproveStudy {
        study: &'a StudyScope,
        municipality: &'a MunicipalityCode,
    },
    /// See a team's plan from its feasibility study against what happened:
    /// the national office, the owners' managers, the team's supervisor.
    ViewTeamPlan(&'a TeamScope),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Allow,
    /// Allowed only because of an active break-glass grant: flag it.
    AllowBreakGlass,
    /// Allowed only because the person is on call for the team now: an
    /// on-call access, audited and listed for review like break-glass.
    AllowOnCall,
    Deny,
}

impl Decision {
    pub fn is_allowed(self) -> bool {
        !matches!(self, Decision::Deny)
    }
}

fn allow_if(ok: bool) -> Decision {
    if ok { Decision::Allow } else { Decision::Deny }
}

impl Principal {
    fn in_team(&self, team: TeamId) -> bool {
        self.team_ids.contains(&team)
    }

    fn municipality_is(&self, code: &MunicipalityCode) -> bool {
        self.municipality_code.as_ref() == Some(code)
    }

    fn municipality_related(&self, case: &CaseScope) -> bool {
        self.municipality_is(&case.referring_municipality)
            || case
                .paying_municipalities
                .iter()
                .any(|m| self.municipality_is(m))
    }
}

/// Decides whether `who` may do `action`.
pub fn authorize(who: &Principal, action: &Action<'_>) -> Decision {
    use Role::*;
    match action {
        Action::ViewTeam(team) => {
            if team.country != who.country {
                return Decision::Deny;
            }
            allow_if(match who.role {
                NationalAdmin | Auditor => true,
                Supervisor | Therapist | Consultant | CrisisCaseworker | Psychiatrist => {
                    who.in_team(team.id)
                }
                MunicipalCaseworker | MunicipalManager => team
                    .owner_municipalities
                    .iter()
                    .any(|m| who.municipality_is(m)),
            })
        }
        Action::ManageTeams(country) | Action::ManageUsers(country) => {
            allow_if(who.role == NationalAdmin && *country == who.country)
        }
        Action::ReadCase(case) => {
            if case.country != who.country {
                return Decision::Deny;
            }
            match who.role {
                Therapist if case.therapist_id == Some(who.user_id) => Decision::Allow,
                Supervisor | Consultant if who.in_team(case.team_id) => Decision::Allow,
                MunicipalCaseworker if who.municipality_related(case) => Decision::Allow,
                Psychiatrist if case.consultation_open && who.in_team(case.team_id) => {
                    Decision::Allow
                }
                Therapist | Supervisor if case.break_glass_active && who.in_team(case.team_id) => {
                    Decision::AllowBreakGlass
                }
                _ => Decision::Deny,
            }
        }
        Action::ReadSafety(case) => match who.role {
            CrisisCaseworker if case.country == who.country && who.in_team(case.team_id) => {
                Decision::Allow
            }
            _ => authorize(who, &Action::ReadCase(case)),
        },
        Action::ReadCrisisEssentials(case) => on_call_or(who, case, Action::ReadSafety(case)),
        Action::LogCrisisContact(case) => on_call_or(who, case, Action::WriteCase(case)),
        Action::AnswerConsultation(case) => allow_if(
            case.country == who.country
                && who.role == Psychiatrist
                && case.consultation_open
                && who.in_team(case.team_id),
        ),
        Action::WriteCase(case) => {
            if case.country != who.country {
                return Decision::Deny;
            }
            match who.role {
                Therapist if case.therapist_id == Some(who.user_id) => Decision::Allow,
                Supervisor if who.in_team(case.team_id) => Decision::Allow,
                Therapist | Supervisor if case.break_glass_active && who.in_team(case.team_id) => {
                    Decision::AllowBreakGlass
                }
                _ => Decision::Deny,
            }
        }
        Action::ChangeReferral(case) => allow_if(
            case.country == who.country
                && who.role == MunicipalCaseworker
                && who.municipality_is(&case.referring_municipality),
        ),
        Action::BreakGlass(case) => allow_if(
            case.country == who.country
                && matches!(who.role, Therapist | Supervisor)
                && who.in_team(case.team_id)
                && case.therapist_id != Some(who.user_id),
        ),
        Action::Refer {
            country,
            municipality,
        } => allow_if(
            who.role == MunicipalCaseworker
                && *country == who.country
                && who.municipality_is(municipality),
        ),
        Action::ReadAuditLog(country) | Action::ReadPersonAccessLog(country) => {
            allow_if(matches!(who.role, Auditor | NationalAdmin) && *country == who.country)
        }
        Action::ManageRetention(country) | Action::ProduceSubjectCopy(country) => {
            allow_if(who.role == Auditor && *country == who.country)
        }
        Action::ViewMunicipalityAggregates {
            country,
            municipality,
        } => allow_if(
            *country == who.country
                && match who.role {
                    NationalAdmin => true,
                    MunicipalManager | MunicipalCaseworker => who.municipality_is(municipality),
                    _ => false,
                },
        ),
        Action::ViewNationalAggregates(country) | Action::ManageLicenceFees(country) => {
            allow_if(who.role == NationalAdmin && *country == who.country)
        }
        Action::ViewTeamMoney(team) => allow_if(
            team.country == who.country
                && match who.role {
                    NationalAdmin => true,
                    Supervisor => who.in_team(team.id),
                    MunicipalManager => owns(who, team),
                    _ => false,
                },
        ),
        Action::EditTeamMoney(team) => allow_if(
            team.country == who.country
                && match who.role {
                    NationalAdmin => true,
                    MunicipalManager => owns(who, team),
                    _ => false,
                },
        ),
        Action::ViewPeopleFigures(_)
        | Action::ViewTeamPeople(_)
        | Action::ManageBoosters(_)
        | Action::RecordTrainingException(_)
        | Action::ViewPersonRecord { .. }
        | Action::RecordTraining { .. }
        | Action::WritePlan { .. } => authorize_people(who, action),
        Action::MakeStudy(_)
        | Action::ViewStudy(_)
        | Action::CommentOnStudy(_)
        | Action::ApproveStudy { .. }
        | Action::ViewTeamPlan(_) => authorize_feasibility(who, action),
        Action::ViewMunicipalityMoney {
            country,
            municipality,
        }
        | Action::EditMunicipalityMoney {
            country,
            municipality,
        } => allow_if(
            *country == who.country
                && match who.role {
                    NationalAdmin => true,
                    MunicipalManager => who.municipality_is(municipality),
                    _ => false,
                },
        ),
    }
}

/// Whether `who` acts for one of the team's owners.
/// The people decisions ([`Action::ViewPeopleFigures`] and on).
fn authorize_people(who: &Principal, action: &Action<'_>) -> Decision {
    use Role::*;
    let leads = |team: &TeamScope| {
        team.country == who.country
            && matches!(who.role, Supervisor | Consultant)
            && who.in_team(team.id)
    };
    let shares_team = |teams: &[TeamId]| {
        matches!(who.role, Supervisor | Consultant) && teams.iter().any(|t| who.in_team(*t))
    };
    allow_if(match action {
        Action::ViewPeopleFigures(team) => {
            team.country == who.country
                && match who.role {
                    NationalAdmin => true,
                    Supervisor | Consultant => who.in_team(team.id),
                    MunicipalManager => owns(who, team),
                    _ => false,
                }
        }
        Action::ViewTeamPeople(team) | Action::ManageBoosters(team) => leads(team),
        Action::RecordTrainingException(team) => {
            team.country == who.country && who.role == Supervisor && who.in_team(team.id)
        }
        Action::ViewPersonRecord {
            person,
            person_teams,
        }
        | Action::RecordTraining {
            person,
            person_teams,
        } => who.user_id == *person || shares_team(person_teams),
        Action::WritePlan {
            team,
            subject_is_supervisor,
        } => {
            let writer = if *subject_is_supervisor {
                Consultant
            } else {
                Supervisor
            };
            team.country == who.country && who.role == writer && who.in_team(team.id)
        }
        _ => false,
    })
}

/// The feasibility-study decisions ([`Action::MakeStudy`] and on).
fn authorize_feasibility(who: &Principal, action: &Action<'_>) -> Decision {
    use Role::*;
    let makes = |study: &StudyScope| {
        study.country == who.country
            && who.role == MunicipalManager
            && study.municipalities.iter().any(|m| who.municipality_is(m))
    };
    allow_if(match action {
        Action::MakeStudy(study) => makes(study),
        Action::ViewStudy(study) | Action::CommentOnStudy(study) => {
            makes(study) || (study.country == who.country && who.role == NationalAdmin)
        }
        Action::ApproveStudy {
            study,
            municipality,
        } => {
            makes(study)
                && who.municipality_is(municipality)
                && study.municipalities.contains(municipality)
        }
        Action::ViewTeamPlan(team) => {
            team.country == who.country
                && match who.role {
                    NationalAdmin => true,
                    Supervisor => who.in_team(team.id),
                    MunicipalManager => owns(who, team),
                    _ => false,
                }
        }
        _ => false,
    })
}

fn owns(who: &Principal, team: &TeamScope) -> bool {
    team.owner_municipalities
        .iter()
        .any(|m| who.municipality_is(m))
}

/// The decision of `otherwise`, or, where that refuses, an on-call access
/// for the team's therapist, supervisor or crisis caseworker on call now.
fn on_call_or(who: &Principal, case: &CaseScope, otherwise: Action<'_>) -> Decision {
    match authorize(who, &otherwise) {
        Decision::Deny
            if case.on_call
                && case.country == who.country
                && who.in_team(case.team_id)
                && matches!(
                    who.role,
                    Role::Therapist | Role::Supervisor | Role::CrisisCaseworker
                ) =>
        {
            Decision::AllowOnCall
        }
        decision => decision,
    }
}

/// Whose results are looked at, as access control sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResultsScope<'a> {
    Team(&'a TeamScope),
    Municipality {
        country: Country,
        municipality: &'a MunicipalityCode,
    },
    National(Country),
}

/// Which families a results page lists by case number: all of a team, one
/// therapist's in a team, or those a municipality referred or pays for
/// (within a team, when `team` is set).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyRows {
    pub team: Option<TeamId>,
    pub therapist: Option<UserId>,
    pub municipality: Option<MunicipalityCode>,
}

/// What a person may see of a scope's results: the capability the results
/// use cases build their figures from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultsView {
    /// Cells about fewer than five families are hidden: the viewer may not
    /// see every family behind the figures.
    pub suppress_small_cells: bool,
    /// The per-family table; `None` for aggregate-only viewers.
    pub families: Option<FamilyRows>,
    /// Whether the per-family table carries each family's adherence (the
    /// team's own quality data: team members only).
    pub family_adherence: bool,
    /// Adherence per therapist and the interview reminders: the team's own
    /// supervisor and consultant.
    pub per_therapist: bool,
}

/// Why results are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultsRefusal {
    /// Auditors read the audit log, not results.
    Auditor,
    /// The scope is not the viewer's (another team, municipality or country).
    NoAccess,
}

/// Decides what `who` may see of a scope's results. Seeing a team's
/// results follows seeing the team, a municipality's or the country's
/// follows seeing their aggregates ([`authorize`]); inside that, only those
/// who may see every family behind a figure see small cells, and only those
/// who may read the families get the per-family table.
pub fn results_view(
    who: &Principal,
    scope: &ResultsScope<'_>,
) -> Result<ResultsView, ResultsRefusal> {
    use Role::*;
    if who.role == Auditor {
        return Err(ResultsRefusal::Auditor);
    }
    // Their work is one family's safety or one consultation, not results.
    if matches!(who.role, CrisisCaseworker | Psychiatrist) {
        return Err(ResultsRefusal::NoAccess);
    }
    let action = match scope {
        ResultsScope::Team(team) => Action::ViewTeam(team),
        ResultsScope::Municipality {
            country,
            municipality,
        } => Action::ViewMunicipalityAggregates {
            country: *country,
            municipality,
        },
        ResultsScope::National(country) => Action::ViewNationalAggregates(*country),
    };
    if !authorize(who, &action).is_allowed() {
        return Err(ResultsRefusal::NoAccess);
    }
    let rows = |team: Option<TeamId>,
                therapist: Option<UserId>,
                municipality: Option<&MunicipalityCode>| {
        Some(FamilyRows {
            team,
            therapist,
            municipality: municipality.cloned(),
        })
    };
    let (own, families) = match scope {
        ResultsScope::Team(team) => {
            let own = matches!(who.role, Supervisor | Consultant) && who.in_team(team.id);
            let families = match who.role {
                _ if own => rows(Some(team.id), None, None),
                Therapist => rows(Some(team.id), Some(who.user_id), None),
                MunicipalCaseworker => rows(Some(team.id), None, who.municipality_code.as_ref()),
                _ => None,
            };
            (own, families)
        }
        ResultsScope::Municipality { municipality, .. } => {
            let own = who.role == MunicipalCaseworker && who.municipality_is(municipality);
            (
                own,
                own.then(|| rows(None, None, Some(municipality))).flatten(),
            )
        }
        ResultsScope::National(_) => (false, None),
    };
    Ok(ResultsView {
        suppress_small_cells: !own,
        families,
        family_adherence: matches!(who.role, Therapist | Supervisor | Consultant),
        per_therapist: own && matches!(scope, ResultsScope::Team(_)),
    })
}

/// How much of a family's course a person reads once they may read the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CourseDetail {
    /// Everything: the team's own working notes included.
    Clinical,
    /// The course's decisions and results: the referral and screening,
    /// status and dates, the assessment and its goals, each week's
    /// progress on the overall goals and its number and time of contacts,
    /// the discharge report and follow-ups — but not the weekly summaries'
    /// working notes nor the supervision's recommendations (see
    /// docs/SECURITY.md, "What the municipality sees of a course").
    Municipal,
}

/// The detail `who` reads of a case they may read: municipal roles read the
/// municipal view, everyone else (the team, a break-glass reader, the
/// command line) the clinical one.
pub fn course_detail(who: Option<&Principal>) -> CourseDetail {
    match who.map(|p| p.role) {
        Some(Role::MunicipalCaseworker | Role::MunicipalManager) => CourseDetail::Municipal,
        _ => CourseDetail::Clinical,
    }
}

/// How long a break-glass grant lasts.
pub const BREAK_GLASS_MINUTES: i64 = 240;

/// The shortest reason accepted for break-glass access.
pub const BREAK_GLASS_MIN_REASON_CHARS: usize = 10;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::code;

    fn principal(role: Role, teams: &[i64], municipality: Option<&str>) -> Principal {
        Principal {
            user_id: UserId::new(10),
            role,
            country: Country::DK,
            municipality_code: municipality.map(code),
            team_ids: teams.iter().copied().map(TeamId::new).collect(),
        }
    }

    fn case(therapist: i64) -> CaseScope {
        CaseScope {
            id: CaseId::new(1),
            country: Country::DK,
            team_id: TeamId::new(1),
            therapist_id: Some(UserId::new(therapist)),
            referring_municipality: code("0751"),
            paying_municipalities: vec![code("0751")],
            break_glass_active: false,
            consultation_open: false,
            on_call: false,
        }
    }

    #[test]
    fn the_therapist_on_call_opens_a_colleagues_crisis_essentials_as_an_on_call_access() {
        let me = principal(Role::Therapist, &[1], None);
        let mut c = case(11);
        assert_eq!(
            authorize(&me, &Action::ReadCrisisEssentials(&c)),
            Decision::Deny
        );
        assert_eq!(
            authorize(&me, &Action::LogCrisisContact(&c)),
            Decision::Deny
        );
        c.on_call = true;
        assert_eq!(
            authorize(&me, &Action::ReadCrisisEssentials(&c)),
            Decision::AllowOnCall
        );
        assert_eq!(
            authorize(&me, &Action::LogCrisisContact(&c)),
            Decision::AllowOnCall
        );
        // Being on call opens the crisis essentials, never the whole case.
        assert_eq!(authorize(&me, &Action::ReadCase(&c)), Decision::Deny);
        assert_eq!(authorize(&me, &Action::WriteCase(&c)), Decision::Deny);
    }

    #[test]
    fn the_own_therapist_reads_the_crisis_essentials_without_being_on_call() {
        let me = principal(Role::Therapist, &[1], None);
        let mut c = case(10);
        assert_eq!(
            authorize(&me, &Action::ReadCrisisEssentials(&c)),
            Decision::Allow
        );
        c.on_call = true;
        assert_eq!(
            authorize(&me, &Action::LogCrisisContact(&c)),
            Decision::Allow
        );
    }

    #[test]
    fn on_call_opens_nothing_in_another_team_or_for_roles_never_on_call() {
        let mut c = case(11);
        c.on_call = true;
        for (role, teams) in [
            (Role::Therapist, &[2][..]),
            (Role::Psychiatrist, &[1][..]),
            (Role::Consultant, &[1][..]),
            (Role::MunicipalCaseworker, &[][..]),
            (Role::NationalAdmin, &[][..]),
            (Role::Auditor, &[][..]),
        ] {
            let who = principal(role, teams, None);
            assert_eq!(
                authorize(&who, &Action::ReadCrisisEssentials(&c)),
                if role == Role::Consultant {
                    Decision::Allow
                } else {
                    Decision::Deny
                },
                "{role:?}"
            );
            assert_eq!(
                authorize(&who, &Action::LogCrisisContact(&c)),
                Decision::Deny,
                "{role:?}"
            );
        }
    }

    #[test]
    fn a_therapist_sees_their_own_family_but_not_a_colleagues() {
        let me = principal(Role::Therapist, &[1], None);
        assert_eq!(
            authorize(&me, &Action::ReadCase(&case(10))),
            Decision::Allow
        );
        assert_eq!(authorize(&me, &Action::ReadCase(&case(11))), Decision::Deny);
    }

    #[test]
    fn break_glass_opens_a_colleagues_family_flagged_and_only_in_the_own_team() {
        let me = principal(Role::Therapist, &[1], None);
        let mut c = case(11);
        assert!(authorize(&me, &Action::BreakGlass(&c)).is_allowed());
        c.break_glass_active = true;
        assert_eq!(
            authorize(&me, &Action::ReadCase(&c)),
            Decision::AllowBreakGlass
        );
        let other_team = principal(Role::Therapist, &[2], None);
        assert_eq!(
            authorize(&other_team, &Action::ReadCase(&c)),
            Decision::Deny
        );
        assert_eq!(
            authorize(&other_team, &Action::BreakGlass(&c)),
            Decision::Deny
        );
    }

    #[test]
    fn a_supervisor_sees_the_teams_families_and_no_other_team() {
        assert!(
            authorize(
                &principal(Role::Supervisor, &[1], None),
                &Action::ReadCase(&case(11))
            )
            .is_allowed()
        );
        assert!(
            !authorize(
                &principal(Role::Supervisor, &[2], None),
                &Action::ReadCase(&case(11))
            )
            .is_allowed()
        );
    }

    #[test]
    fn a_caseworker_sees_only_families_their_municipality_referred_or_pays_for() {
        let aarhus = principal(Role::MunicipalCaseworker, &[], Some("0751"));
        let odense = principal(Role::MunicipalCaseworker, &[], Some("0461"));
        assert!(authorize(&aarhus, &Action::ReadCase(&case(11))).is_allowed());
        assert!(!authorize(&odense, &Action::ReadCase(&case(11))).is_allowed());
        let mut paid = case(11);
        paid.paying_municipalities.push(code("0461"));
        assert!(authorize(&odense, &Action::ReadCase(&paid)).is_allowed());
        assert!(!authorize(&aarhus, &Action::WriteCase(&paid)).is_allowed());
    }

    #[test]
    fn only_the_referring_municipalitys_caseworker_changes_a_referral() {
        let aarhus = principal(Role::MunicipalCaseworker, &[], Some("0751"));
        let odense = principal(Role::MunicipalCaseworker, &[], Some("0461"));
        let mut paid = case(11);
        paid.paying_municipalities.push(code("0461"));
        assert!(authorize(&aarhus, &Action::ChangeReferral(&paid)).is_allowed());
        // Paying for the place is not referring the family.
        assert!(!authorize(&odense, &Action::ChangeReferral(&paid)).is_allowed());
        for role in [Role::Supervisor, Role::Therapist, Role::MunicipalManager] {
            let who = principal(role, &[1], Some("0751"));
            assert!(!authorize(&who, &Action::ChangeReferral(&paid)).is_allowed());
        }
        let mut norwegian = principal(Role::MunicipalCaseworker, &[], Some("0751"));
        norwegian.country = Country::NO;
        assert!(!authorize(&norwegian, &Action::ChangeReferral(&paid)).is_allowed());
    }

    #[test]
    fn managers_and_the_national_office_see_aggregates_not_families() {
        let manager = principal(Role::MunicipalManager, &[], Some("0751"));
        let national = principal(Role::NationalAdmin, &[], None);
        for who in [&manager, &national] {
            assert!(!authorize(who, &Action::ReadCase(&case(11))).is_allowed());
        }
        assert!(
            authorize(
                &manager,
                &Action::ViewMunicipalityAggregates {
                    country: Country::DK,
                    municipality: &code("0751")
                }
            )
            .is_allowed()
        );
        assert!(
            !authorize(
                &manager,
                &Action::ViewMunicipalityAggregates {
                    country: Country::DK,
                    municipality: &code("0461")
                }
            )
            .is_allowed()
        );
        assert!(authorize(&national, &Action::ViewNationalAggregates(Country::DK)).is_allowed());
        assert!(!authorize(&manager, &Action::ViewNationalAggregates(Country::DK)).is_allowed());
    }

    #[test]
    fn nobody_crosses_the_border() {
        let mut norwegian_case = case(10);
        norwegian_case.country = Country::NO;
        for role in Role::ALL {
            let who = principal(role, &[1], Some("0751"));
            assert!(
                !authorize(&who, &Action::ReadCase(&norwegian_case)).is_allowed(),
                "{role}"
            );
            assert!(
                !authorize(&who, &Action::ManageTeams(Country::NO)).is_allowed(),
                "{role}"
            );
            assert!(
                !authorize(&who, &Action::ReadAuditLog(Country::NO)).is_allowed(),
                "{role}"
            );
            assert!(
                !authorize(&who, &Action::ManageRetention(Country::NO)).is_allowed(),
                "{role}"
            );
        }
    }

    #[test]
    fn only_the_countrys_auditor_manages_retention_and_legal_holds() {
        for role in Role::ALL {
            let who = principal(role, &[1], Some("0751"));
            assert_eq!(
                authorize(&who, &Action::ManageRetention(Country::DK)).is_allowed(),
                role == Role::Auditor,
                "{role}"
            );
        }
    }

    #[test]
    fn only_the_auditor_of_the_persons_country_produces_their_copy() {
        for role in Role::ALL {
            let who = principal(role, &[1], Some("0751"));
            assert_eq!(
                authorize(&who, &Action::ProduceSubjectCopy(Country::DK)).is_allowed(),
                role == Role::Auditor,
                "{role}"
            );
            assert!(
                !authorize(&who, &Action::ProduceSubjectCopy(Country::NO)).is_allowed(),
                "{role}"
            );
        }
    }

    #[test]
    fn the_crisis_caseworker_reads_the_teams_safety_records_and_nothing_else() {
        let crisis = principal(Role::CrisisCaseworker, &[1], None);
        let x = case(11);
        assert_eq!(authorize(&crisis, &Action::ReadSafety(&x)), Decision::Allow);
        for action in [
            Action::ReadCase(&x),
            Action::WriteCase(&x),
            Action::BreakGlass(&x),
            Action::ChangeReferral(&x),
            Action::AnswerConsultation(&x),
        ] {
            assert_eq!(authorize(&crisis, &action), Decision::Deny, "{action:?}");
        }
        let other_team = principal(Role::CrisisCaseworker, &[2], None);
        assert_eq!(
            authorize(&other_team, &Action::ReadSafety(&x)),
            Decision::Deny
        );
        let team = team_one();
        assert!(authorize(&crisis, &Action::ViewTeam(&team)).is_allowed());
        assert_eq!(
            results_view(&crisis, &ResultsScope::Team(&team)),
            Err(ResultsRefusal::NoAccess)
        );
    }

    #[test]
    fn the_psychiatrist_opens_only_a_family_they_are_asked_to_consult_on() {
        let psychiatrist = principal(Role::Psychiatrist, &[1], None);
        let mut x = case(11);
        for action in [
            Action::ReadCase(&x),
            Action::ReadSafety(&x),
            Action::AnswerConsultation(&x),
        ] {
            assert_eq!(authorize(&psychiatrist, &action), Decision::Deny);
        }
        x.consultation_open = true;
        assert_eq!(
            authorize(&psychiatrist, &Action::ReadCase(&x)),
            Decision::Allow
        );
        assert!(authorize(&psychiatrist, &Action::ReadSafety(&x)).is_allowed());
        assert!(authorize(&psychiatrist, &Action::AnswerConsultation(&x)).is_allowed());
        assert!(!authorize(&psychiatrist, &Action::WriteCase(&x)).is_allowed());
        assert!(!authorize(&psychiatrist, &Action::BreakGlass(&x)).is_allowed());
        // An open request names the psychiatrist, not their role: another
        // team's psychiatrist is still refused.
        let elsewhere = principal(Role::Psychiatrist, &[2], None);
        assert!(!authorize(&elsewhere, &Action::ReadCase(&x)).is_allowed());
        // Nobody else gains from a consultation.
        let therapist = principal(Role::Therapist, &[1], None);
        assert!(!authorize(&therapist, &Action::AnswerConsultation(&x)).is_allowed());
    }

    #[test]
    fn the_family_s_own_team_reads_its_safety_as_it_reads_the_case() {
        let x = case(10);
        for (role, expected) in [
            (Role::Therapist, true),
            (Role::Supervisor, true),
            (Role::Consultant, true),
            (Role::MunicipalCaseworker, true),
            (Role::MunicipalManager, false),
            (Role::NationalAdmin, false),
            (Role::Auditor, false),
        ] {
            let who = principal(role, &[1], Some("0751"));
            assert_eq!(
                authorize(&who, &Action::ReadSafety(&x)).is_allowed(),
                expected,
                "{role}"
            );
        }
    }

    fn team_one() -> TeamScope {
        TeamScope {
            id: TeamId::new(1),
            country: Country::DK,
            owner_municipalities: vec![code("0751")],
        }
    }

    #[test]
    fn a_teams_people_figures_are_for_the_office_the_owners_and_the_teams_leads() {
        let team = team_one();
        let allowed = |p: &Principal, a: &Action<'_>| authorize(p, a).is_allowed();
        let figures = Action::ViewPeopleFigures(&team);
        for who in [
            principal(Role::NationalAdmin, &[], None),
            principal(Role::MunicipalManager, &[], Some("0751")),
            principal(Role::Supervisor, &[1], None),
            principal(Role::Consultant, &[1], None),
        ] {
            assert!(allowed(&who, &figures), "{:?}", who.role);
        }
        for who in [
            principal(Role::MunicipalManager, &[], Some("0730")),
            principal(Role::MunicipalCaseworker, &[], Some("0751")),
            principal(Role::Therapist, &[1], None),
            principal(Role::Supervisor, &[2], None),
            principal(Role::Auditor, &[], None),
        ] {
            assert!(!allowed(&who, &figures), "{:?}", who.role);
        }
    }

    #[test]
    fn a_municipal_manager_never_sees_a_persons_record_or_the_team_person_by_person() {
        let team = team_one();
        let manager = principal(Role::MunicipalManager, &[], Some("0751"));
        let national = principal(Role::NationalAdmin, &[], None);
        let teams = [TeamId::new(1)];
        let record = Action::ViewPersonRecord {
            person: UserId::new(3),
            person_teams: &teams,
        };
        for who in [&manager, &national] {
            assert!(!authorize(who, &Action::ViewTeamPeople(&team)).is_allowed());
            assert!(!authorize(who, &record).is_allowed());
        }
    }

    #[test]
    fn a_person_sees_their_own_record_and_their_teams_leads_see_it_too() {
        let teams = [TeamId::new(1)];
        let own = Principal {
            user_id: UserId::new(3),
            ..principal(Role::Therapist, &[1], None)
        };
        let record = Action::ViewPersonRecord {
            person: UserId::new(3),
            person_teams: &teams,
        };
        assert!(authorize(&own, &record).is_allowed());
        assert!(
            authorize(
                &own,
                &Action::RecordTraining {
                    person: UserId::new(3),
                    person_teams: &teams
                }
            )
            .is_allowed()
        );
        assert!(authorize(&principal(Role::Supervisor, &[1], None), &record).is_allowed());
        assert!(authorize(&principal(Role::Consultant, &[1], None), &record).is_allowed());
        // Another therapist of the team, and another team's supervisor, do not.
        assert!(!authorize(&principal(Role::Therapist, &[1], None), &record).is_allowed());
        assert!(!authorize(&principal(Role::Supervisor, &[2], None), &record).is_allowed());
    }

    #[test]
    fn the_supervisor_writes_the_therapists_plans_and_the_consultant_the_supervisors() {
        let team = team_one();
        let supervisor = principal(Role::Supervisor, &[1], None);
        let consultant = principal(Role::Consultant, &[1], None);
        let therapists = Action::WritePlan {
            team: &team,
            subject_is_supervisor: false,
        };
        let supervisors = Action::WritePlan {
            team: &team,
            subject_is_supervisor: true,
        };
        assert!(authorize(&supervisor, &therapists).is_allowed());
        assert!(!authorize(&supervisor, &supervisors).is_allowed());
        assert!(authorize(&consultant, &supervisors).is_allowed());
        assert!(!authorize(&consultant, &therapists).is_allowed());
        assert!(!authorize(&principal(Role::Therapist, &[1], None), &therapists).is_allowed());
        // Only the supervisor records an exception; both leads run boosters.
        assert!(authorize(&supervisor, &Action::RecordTrainingException(&team)).is_allowed());
        assert!(!authorize(&consultant, &Action::RecordTrainingException(&team)).is_allowed());
        assert!(authorize(&consultant, &Action::ManageBoosters(&team)).is_allowed());
    }

    #[test]
    fn money_is_for_the_national_office_the_owners_managers_and_the_teams_supervisor() {
        let team = team_one();
        let allowed = |p: &Principal, a: &Action<'_>| authorize(p, a).is_allowed();
        let owner_manager = principal(Role::MunicipalManager, &[], Some("0751"));
        let other_manager = principal(Role::MunicipalManager, &[], Some("0730"));
        let supervisor = principal(Role::Supervisor, &[1], None);
        let national = principal(Role::NationalAdmin, &[], None);
        for who in [&owner_manager, &supervisor, &national] {
            assert!(
                allowed(who, &Action::ViewTeamMoney(&team)),
                "{:?}",
                who.role
            );
        }
        assert!(allowed(&owner_manager, &Action::EditTeamMoney(&team)));
        assert!(allowed(&national, &Action::EditTeamMoney(&team)));
        // The supervisor sees the team's money but does not set its prices.
        assert!(!allowed(&supervisor, &Action::EditTeamMoney(&team)));
        assert!(!allowed(&other_manager, &Action::ViewTeamMoney(&team)));
        assert!(!allowed(
            &principal(Role::Supervisor, &[2], None),
            &Action::ViewTeamMoney(&team)
        ));
        assert!(allowed(&national, &Action::ManageLicenceFees(Country::DK)));
        assert!(!allowed(
            &owner_manager,
            &Action::ManageLicenceFees(Country::DK)
        ));
        assert!(!allowed(&national, &Action::ManageLicenceFees(Country::NO)));
    }

    #[test]
    fn a_therapist_caseworker_auditor_or_consultant_never_sees_money() {
        let team = team_one();
        let aarhus = code("0751");
        for who in [
            principal(Role::Therapist, &[1], None),
            principal(Role::Consultant, &[1], None),
            principal(Role::CrisisCaseworker, &[1], None),
            principal(Role::Psychiatrist, &[1], None),
            principal(Role::MunicipalCaseworker, &[], Some("0751")),
            principal(Role::Auditor, &[], None),
        ] {
            for action in [
                Action::ViewTeamMoney(&team),
                Action::EditTeamMoney(&team),
                Action::ViewMunicipalityMoney {
                    country: Country::DK,
                    municipality: &aarhus,
                },
                Action::EditMunicipalityMoney {
                    country: Country::DK,
                    municipality: &aarhus,
                },
                Action::ManageLicenceFees(Country::DK),
            ] {
                assert_eq!(
                    authorize(&who, &action),
                    Decision::Deny,
                    "{:?} {action:?}",
                    who.role
                );
            }
        }
    }

    #[test]
    fn a_manager_sees_and_sets_only_their_own_municipalitys_money() {
        let aarhus = code("0751");
        let skanderborg = code("0746");
        let manager = principal(Role::MunicipalManager, &[], Some("0751"));
        let own = Action::ViewMunicipalityMoney {
            country: Country::DK,
            municipality: &aarhus,
        };
        let other = Action::EditMunicipalityMoney {
            country: Country::DK,
            municipality: &skanderborg,
        };
        assert!(authorize(&manager, &own).is_allowed());
        assert_eq!(authorize(&manager, &other), Decision::Deny);
    }

    #[test]
    fn the_teams_supervisor_sees_its_results_whole_with_families_and_therapists() {
        let team = team_one();
        let v = results_view(
            &principal(Role::Supervisor, &[1], None),
            &ResultsScope::Team(&team),
        );
        assert_eq!(
            v,
            Ok(ResultsView {
                suppress_small_cells: false,
                families: Some(FamilyRows {
                    team: Some(TeamId::new(1)),
                    therapist: None,
                    municipality: None
                }),
                family_adherence: true,
                per_therapist: true,
            })
        );
    }

    #[test]
    fn a_therapist_sees_the_teams_results_suppressed_with_only_their_own_families() {
        let team = team_one();
        let v = results_view(
            &principal(Role::Therapist, &[1], None),
            &ResultsScope::Team(&team),
        )
        .expect("own team");
        assert!(v.suppress_small_cells);
        assert!(!v.per_therapist);
        assert_eq!(v.families.and_then(|f| f.therapist), Some(UserId::new(10)));
    }

    #[test]
    fn an_owning_caseworker_sees_the_team_suppressed_with_their_municipalitys_families() {
        let team = team_one();
        let v = results_view(
            &principal(Role::MunicipalCaseworker, &[], Some("0751")),
            &ResultsScope::Team(&team),
        )
        .expect("owner");
        assert!(v.suppress_small_cells);
        assert!(!v.family_adherence, "adherence is the team's own data");
        assert_eq!(v.families.and_then(|f| f.municipality), Some(code("0751")));
    }

    #[test]
    fn a_caseworker_sees_their_municipality_whole_and_a_manager_only_suppressed_aggregates() {
        let aarhus = ResultsScope::Municipality {
            country: Country::DK,
            municipality: &code("0751"),
        };
        let caseworker = results_view(
            &principal(Role::MunicipalCaseworker, &[], Some("0751")),
            &aarhus,
        )
        .expect("own municipality");
        assert!(!caseworker.suppress_small_cells);
        assert!(caseworker.families.is_some());
        let manager = results_view(
            &principal(Role::MunicipalManager, &[], Some("0751")),
            &aarhus,
        )
        .expect("own municipality");
        assert!(manager.suppress_small_cells);
        assert_eq!(manager.families, None);
        assert_eq!(
            results_view(
                &principal(Role::MunicipalManager, &[], Some("0461")),
                &aarhus
            ),
            Err(ResultsRefusal::NoAccess)
        );
    }

    #[test]
    fn the_national_office_sees_only_suppressed_aggregates_and_auditors_no_results() {
        let national = results_view(
            &principal(Role::NationalAdmin, &[], None),
            &ResultsScope::National(Country::DK),
        )
        .expect("own country");
        assert!(national.suppress_small_cells);
        assert_eq!(national.families, None);
        assert_eq!(
            results_view(
                &principal(Role::NationalAdmin, &[], None),
                &ResultsScope::National(Country::NO)
            ),
            Err(ResultsRefusal::NoAccess)
        );
        let team = team_one();
        assert_eq!(
            results_view(
                &principal(Role::Auditor, &[], None),
                &ResultsScope::Team(&team)
            ),
            Err(ResultsRefusal::Auditor)
        );
    }

    fn study_of_aarhus_and_skanderborg() -> StudyScope {
        StudyScope {
            country: Country::DK,
            municipalities: vec![code("0751"), code("0746")],
        }
    }

    #[test]
    fn a_manager_of_a_municipality_in_the_study_makes_reads_and_comments_on_it() {
        let study = study_of_aarhus_and_skanderborg();
        let manager = principal(Role::MunicipalManager, &[], Some("0746"));
        for action in [
            Action::MakeStudy(&study),
            Action::ViewStudy(&study),
            Action::CommentOnStudy(&study),
        ] {
            assert_eq!(authorize(&manager, &action), Decision::Allow, "{action:?}");
        }
    }

    #[test]
    fn a_manager_of_a_municipality_not_in_the_study_cannot_read_it() {
        let study = study_of_aarhus_and_skanderborg();
        let outsider = principal(Role::MunicipalManager, &[], Some("0101"));
        for action in [
            Action::MakeStudy(&study),
            Action::ViewStudy(&study),
            Action::CommentOnStudy(&study),
            Action::ApproveStudy {
                study: &study,
                municipality: &code("0751"),
            },
        ] {
            assert_eq!(authorize(&outsider, &action), Decision::Deny, "{action:?}");
        }
    }

    #[test]
    fn the_national_office_reads_and_comments_but_cannot_make_or_approve() {
        let study = study_of_aarhus_and_skanderborg();
        let office = principal(Role::NationalAdmin, &[], None);
        assert!(authorize(&office, &Action::ViewStudy(&study)).is_allowed());
        assert!(authorize(&office, &Action::CommentOnStudy(&study)).is_allowed());
        assert_eq!(
            authorize(&office, &Action::MakeStudy(&study)),
            Decision::Deny
        );
        assert_eq!(
            authorize(
                &office,
                &Action::ApproveStudy {
                    study: &study,
                    municipality: &code("0751"),
                }
            ),
            Decision::Deny
        );
        // A Norwegian study is not the Danish office's to read.
        let norwegian = StudyScope {
            country: Country::NO,
            municipalities: vec![code("0301")],
        };
        assert_eq!(
            authorize(&office, &Action::ViewStudy(&norwegian)),
            Decision::Deny
        );
    }

    #[test]
    fn a_manager_approves_only_for_her_own_municipality() {
        let study = study_of_aarhus_and_skanderborg();
        let aarhus = principal(Role::MunicipalManager, &[], Some("0751"));
        let approve = |m: &str| {
            let municipality = code(m);
            authorize(
                &aarhus,
                &Action::ApproveStudy {
                    study: &study,
                    municipality: &municipality,
                },
            )
        };
        assert_eq!(approve("0751"), Decision::Allow);
        assert_eq!(approve("0746"), Decision::Deny);
        // Her own municipality, but not one of the study's.
        let other_study = StudyScope {
            country: Country::DK,
            municipalities: vec![code("0746")],
        };
        assert_eq!(
            authorize(
                &aarhus,
                &Action::ApproveStudy {
                    study: &other_study,
                    municipality: &code("0751"),
                }
            ),
            Decision::Deny
        );
    }

    #[test]
    fn people_outside_the_municipalities_and_the_office_have_no_part_in_a_study() {
        let study = study_of_aarhus_and_skanderborg();
        for who in [
            principal(Role::MunicipalCaseworker, &[], Some("0751")),
            principal(Role::Supervisor, &[1], None),
            principal(Role::Therapist, &[1], None),
            principal(Role::Auditor, &[], None),
        ] {
            assert_eq!(
                authorize(&who, &Action::ViewStudy(&study)),
                Decision::Deny,
                "{who:?}"
            );
            assert_eq!(
                authorize(&who, &Action::MakeStudy(&study)),
                Decision::Deny,
                "{who:?}"
            );
        }
    }

    #[test]
    fn a_supervisor_sees_her_own_teams_plan_not_anothers() {
        let team = team_one();
        let plan = Action::ViewTeamPlan(&team);
        assert!(authorize(&principal(Role::Supervisor, &[1], None), &plan).is_allowed());
        assert_eq!(
            authorize(&principal(Role::Supervisor, &[2], None), &plan),
            Decision::Deny
        );
        assert!(authorize(&principal(Role::NationalAdmin, &[], None), &plan).is_allowed());
        assert!(
            authorize(&principal(Role::MunicipalManager, &[], Some("0751")), &plan).is_allowed()
        );
        for who in [
            principal(Role::MunicipalManager, &[], Some("0746")),
            principal(Role::Therapist, &[1], None),
            principal(Role::MunicipalCaseworker, &[], Some("0751")),
        ] {
            assert_eq!(authorize(&who, &plan), Decision::Deny, "{who:?}");
        }
    }
}
