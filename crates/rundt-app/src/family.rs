//! A family as its page and its discharge report show it: the case file
//! with the names around it (team, referring municipality, staff), and for
//! the page the interviews, the survey and the team's caseloads. The case is
//! opened once by the guard ([`crate::case_access`]); every step after that
//! takes the handle.

use rundt_domain::id::{CaseId, UserId};
use std::collections::HashMap;

use rundt_domain::audit::AuditAction;
use rundt_domain::country::Country;
use rundt_domain::lifecycle::{Step, next_status};
use rundt_domain::user::Role;

use crate::case_access::{self, OpenCase};
use crate::fidelity::{self, ExperienceView, InterviewView};
use crate::treatment::{self, Capacity, CaseFile};
use crate::{Actor, App, AppResult};

/// The case file and the names it is shown with.
#[derive(Debug, Clone)]
pub struct Family {
    pub file: CaseFile,
    /// The team's name (empty when the team is gone).
    pub team_name: String,
    /// The team's on-call phone, which families reach around the clock
    /// (none until the team sets one).
    pub team_phone: Option<String>,
    pub country: Country,
    /// The referring municipality's name (its code when unknown).
    pub referred_by: String,
    /// Names of the staff the file mentions (the therapist, who changed the
    /// status, on the family's page who made each adherence interview, who
    /// acknowledged the referral or added to it); an unknown id is shown as
    /// `#id`.
    pub staff_names: HashMap<UserId, String>,
}

impl Family {
    /// A staff member's name as shown.
    pub fn staff_name(&self, id: UserId) -> String {
        self.staff_names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("#{id}"))
    }
}

/// Everything the family's page shows.
#[derive(Debug, Clone)]
pub struct FamilyPage {
    pub family: Family,
    /// Adherence interviews, newest first (for the team; empty otherwise).
    pub interviews: Vec<InterviewView>,
    pub experience: Option<ExperienceView>,
    /// The team's caseloads, for the team's supervisor when a therapist may
    /// be (re)assigned.
    pub capacity: Option<Capacity>,
    /// For an MST-CAN family, its treatment modules in the order they
    /// started; `None` for a family of another programme.
    pub can_modules: Option<Vec<crate::records::ModuleRecord>>,
}

/// Opens a family's case (audited per person) with its names.
pub async fn family(app: &App, actor: &Actor, case_id: CaseId) -> AppResult<Family> {
    let case = case_access::open(app, actor, case_id, AuditAction::CaseRead).await?;
    family_of(app, &case).await
}

/// A family's page: the case opened once, then its file, interviews,
/// survey and (for the team's supervisor) the caseloads.
pub async fn family_page(app: &App, actor: &Actor, case_id: CaseId) -> AppResult<FamilyPage> {
    let case = case_access::open(app, actor, case_id, AuditAction::CaseRead).await?;
    let mut family = family_of(app, &case).await?;
    let interviews = if fidelity::reads_interviews(actor) {
        fidelity::interviews_of(app, &case).await?
    } else {
        Vec::new()
    };
    // Who made each interview is shown with it.
    let interviewers: Vec<UserId> = interviews.iter().map(|i| i.interviewer_id).collect();
    add_staff_names(app, &mut family.staff_names, &interviewers).await?;
    let experience = fidelity::experience_of(app, &case).await?;
    let capacity = if may_assign(actor, &case, &family.file) {
        Some(treatment::capacity(app, actor, case.team_id()).await?)
    } else {
        None
    };
    let can_modules = if is_mst_can(app, &case).await? {
        Some(crate::can_plan::modules(app, &case).await?)
    } else {
        None
    };
    Ok(FamilyPage {
        family,
        interviews,
        experience,
        capacity,
        can_modules,
    })
}

/// Whether the family's team works with MST-CAN (safety first, a treatment
/// plan by theme area and modules).
async fn is_mst_can(app: &App, case: &OpenCase) -> AppResult<bool> {
    Ok(match app.store.get_team(case.team_id()).await? {
        Some(team) => {
            let model = crate::organisation::model_of(app, &team).await?;
            rundt_domain::safety::is_safety_first(&model)
        }
        None => false,
    })
}

/// The team's supervisor, while a therapist may be assigned or reassigned.
/// The team's supervisor, deciding on a referral or a therapist (accepting
/// offers to start treatment at once with a therapist who has room).
fn may_assign(actor: &Actor, case: &OpenCase, file: &CaseFile) -> bool {
    let supervisor = actor
        .principal()
        .is_some_and(|p| p.role == Role::Supervisor && p.team_ids.contains(&case.team_id()));
    let status = file.case.status;
    supervisor
        && [Step::Accept, Step::AssignTherapist, Step::ReassignTherapist]
            .into_iter()
            .any(|step| next_status(status, step, &[]).is_ok())
}

pub(crate) async fn family_of(app: &App, case: &OpenCase) -> AppResult<Family> {
    let file = treatment::file_of(app, case).await?;
    let team = app.store.get_team(file.case.team_id).await?;
    let country = team.as_ref().map(|t| t.country).unwrap_or(Country::DK);
    let referred_by = app
        .store
        .find_municipality(
            country,
            &file.case.referring_municipality,
            file.case.referred_on.unwrap_or_else(|| app.clock.today()),
        )
        .await?
        .map(|m| m.name)
        .unwrap_or_else(|| file.case.referring_municipality.to_string());
    let mut staff_names = HashMap::new();
    let mentioned: Vec<UserId> = file
        .case
        .therapist_id
        .into_iter()
        .chain(file.history.iter().filter_map(|h| h.by_user_id))
        .chain(crate::referrals::people_of(&file.case, &file.handoff))
        .collect();
    add_staff_names(app, &mut staff_names, &mentioned).await?;
    let team_phone = match &team {
        Some(t) => app
            .store
            .oncall_settings(t.id)
            .await?
            .and_then(|s| s.settings.phone),
        None => None,
    };
    Ok(Family {
        file,
        team_phone,
        team_name: team.map(|t| t.name).unwrap_or_default(),
        country,
        referred_by,
        staff_names,
    })
}

/// Adds the names of the staff `ids` names that `names` lacks (an unknown
/// id is left out, and shown as `#id`).
pub(crate) async fn add_staff_names(
    app: &App,
    names: &mut HashMap<UserId, String>,
    ids: &[UserId],
) -> AppResult<()> {
    for &id in ids {
        if names.contains_key(&id) {
            continue;
        }
        if let Some(user) = app.store.get_user(id).await? {
            names.insert(id, user.display_name);
        }
    }
    Ok(())
}

/// What an MST-CAN family's discharge report adds: the safety records
/// (every plan version, the incidents and their notifications), the
/// ecological map with the children's voice, and the treatment plan with
/// its modules.
#[derive(Debug, Clone)]
pub struct SafetyFirstRecords {
    pub safety: crate::safety::CaseSafety,
    pub mapping: crate::mapping::CaseMapping,
    /// The latest version of the treatment plan, if one was made.
    pub plan: Option<rundt_store::TreatmentPlanVersion>,
    pub modules: Vec<rundt_store::ModuleRecord>,
}

/// A family's discharge report: the family (opened once, audited per
/// person) and, for a safety-first model, its MST-CAN records.
#[derive(Debug, Clone)]
pub struct ReportFile {
    pub family: Family,
    pub safety_first: Option<SafetyFirstRecords>,
}

/// Opens a family (refusals audited) for its discharge report.
pub async fn report_file(app: &App, actor: &Actor, case_id: CaseId) -> AppResult<ReportFile> {
    let case = case_access::open(app, actor, case_id, AuditAction::CaseRead).await?;
    let family = family_of(app, &case).await?;
    let safety_first = match family.file.safety {
        Some(_) => Some(SafetyFirstRecords {
            safety: crate::safety::CaseSafety {
                plans: crate::safety::plans(app, &case).await?,
                incidents: crate::safety::incidents(app, &case).await?,
            },
            mapping: crate::mapping::mapping_of(app, &case, family.file.case.clone()).await?,
            plan: crate::can_plan::plans(app, &case).await?.into_iter().next(),
            modules: crate::can_plan::modules(app, &case).await?,
        }),
        None => None,
    };
    Ok(ReportFile {
        family,
        safety_first,
    })
}
