//! MST-CAN's safety records as the team keeps them (issue 12): the family's
//! safety plan, saved in versions none of which is ever replaced, and the
//! incidents of violence or neglect with the notification to child welfare
//! that clears their flag. Each change goes through the one write guard
//! (`CaseWrite`: authorized, refusals audited, the version compared) and is
//! audited in its transaction.

use chrono::NaiveDate;
use rundt_domain::audit::AuditAction;
use rundt_domain::id::CaseId;
use rundt_domain::incident::{Incident, Notification};
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::msg;
use rundt_domain::programme::ProgrammeModel;
use rundt_domain::safety::{SafetyPlan, is_safety_first, safety_plan_overdue};
use rundt_domain::team::{Team, TeamId};
use rundt_store::{IncidentRecord, ParticipantRole, SafetyPlanVersion};
use serde::Serialize;

use crate::case_access::OpenCase;
use crate::case_write::{CaseWrite, IfMatch};
use crate::cases::CaseView;
use crate::{Actor, App, AppError, AppResult};

fn in_treatment(write: &CaseWrite) -> AppResult<()> {
    if write.status() == CaseStatus::InTreatment {
        Ok(())
    } else {
        Err(AppError::Conflict(msg!("safety-not-in-treatment")))
    }
}

/// An incident's checks against now and the family's children (the young
/// people of the case).
async fn valid_for_family(app: &App, case_id: CaseId, incident: &Incident) -> AppResult<()> {
    let children = app
        .store
        .case_people_in_role(case_id, ParticipantRole::YoungPerson)
        .await?;
    Ok(incident.validate(app.clock.now(), &children)?)
}

/// Saves the family's safety plan as a new version: the first with
/// `expected_version` `None`, every later one naming the latest it was made
/// on. Agreed with the family on a day that has come; every part filled in.
pub async fn save_plan(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    plan: &SafetyPlan,
    expected_version: Option<i64>,
) -> AppResult<SafetyPlanVersion> {
    let at = IfMatch::SafetyPlan(expected_version);
    let write = CaseWrite::open(app, actor, case_id, AuditAction::CaseSafetyPlanSave, at).await?;
    in_treatment(&write)?;
    plan.validate(app.clock.today())?;
    Ok(app
        .store
        .save_safety_plan(case_id, plan, expected_version, &write.event)
        .await?)
}

/// Every version of the opened family's safety plan, newest first.
pub async fn plans(app: &App, opened: &OpenCase) -> AppResult<Vec<SafetyPlanVersion>> {
    Ok(app.store.safety_plans(opened.id()).await?)
}

/// Records an incident involving children of the family; flagged until
/// its notification to child welfare is recorded.
pub async fn record_incident(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    incident: &Incident,
) -> AppResult<IncidentRecord> {
    let action = AuditAction::CaseIncidentRecord;
    let write = CaseWrite::open(app, actor, case_id, action, IfMatch::Nothing).await?;
    in_treatment(&write)?;
    valid_for_family(app, case_id, incident).await?;
    Ok(app
        .store
        .record_incident(case_id, incident, &write.event)
        .await?)
}

/// Records how child welfare was told of an incident, or, the supervisor's
/// step alone, why no notification was needed.
pub async fn record_notification(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    incident_id: i64,
    notification: &Notification,
    expected_version: i64,
) -> AppResult<IncidentRecord> {
    let action = AuditAction::CaseIncidentNotification;
    let at = IfMatch::Incident(incident_id, expected_version);
    let write = match notification {
        Notification::NotNeeded { .. } => {
            let why = msg!("notification-not-needed-supervisor");
            CaseWrite::open_for_supervisor(app, actor, case_id, action, why, at).await?
        }
        _ => CaseWrite::open(app, actor, case_id, action, at).await?,
    };
    let mut incident = app
        .store
        .incidents(case_id)
        .await?
        .into_iter()
        .find(|i| i.id == incident_id)
        .ok_or_else(|| AppError::NotFound(format!("incident {incident_id}")))?
        .incident;
    incident.notification = notification.clone();
    valid_for_family(app, case_id, &incident).await?;
    Ok(app
        .store
        .record_notification(
            case_id,
            incident_id,
            notification,
            expected_version,
            &write.event,
        )
        .await?)
}

/// The opened family's incidents, newest first.
pub async fn incidents(app: &App, opened: &OpenCase) -> AppResult<Vec<IncidentRecord>> {
    Ok(app.store.incidents(opened.id()).await?)
}

/// A family's safety records: every version of the safety plan, newest
/// first, and the incidents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseSafety {
    pub plans: Vec<SafetyPlanVersion>,
    pub incidents: Vec<IncidentRecord>,
}

/// Opens the family's safety records (refusals audited) and reads them;
/// the read is audited once per person of the case, as any read of the
/// family. The team's crisis caseworker reads these and nothing else.
pub async fn case_safety(app: &App, actor: &Actor, case_id: CaseId) -> AppResult<CaseSafety> {
    let opened =
        crate::case_access::open_safety(app, actor, case_id, AuditAction::CaseRead).await?;
    crate::cases::read_opened(app, &opened).await?;
    Ok(CaseSafety {
        plans: plans(app, &opened).await?,
        incidents: incidents(app, &opened).await?,
    })
}

/// Where an MST-CAN family's safety work stands, for its page, the case
/// list and the supervisor's warning.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SafetyStatus {
    /// The latest version of the safety plan (`None` before the first).
    pub plan_version: Option<i64>,
    /// When the family agreed the latest version.
    pub plan_agreed_on: Option<NaiveDate>,
    /// When the latest version was shared with child welfare, if yet.
    pub plan_shared_on: Option<NaiveDate>,
    pub incidents: usize,
    /// Incidents with no notification to child welfare recorded.
    pub flagged_incidents: usize,
    /// In treatment for more than seven days without a safety plan.
    pub plan_overdue: bool,
}

impl SafetyStatus {
    /// Something the supervisor is warned about.
    pub fn needs_attention(&self) -> bool {
        self.plan_overdue || self.flagged_incidents > 0
    }
}

/// [`status_of`] for a family of `team`, whose model it reads.
async fn status_for_team(
    app: &App,
    case: &CaseView,
    team: &Team,
) -> AppResult<Option<SafetyStatus>> {
    let model = crate::organisation::model_of(app, team).await?;
    status_of(app, case, &model).await
}

/// The safety status of a case whose team works by `model`; `None` when the
/// model does not work safety first. The caller has opened (and audited) the
/// case or lists its own families.
pub(crate) async fn status_of(
    app: &App,
    case: &CaseView,
    model: &ProgrammeModel,
) -> AppResult<Option<SafetyStatus>> {
    if !is_safety_first(model) {
        return Ok(None);
    }
    let plans = app.store.safety_plans(case.id).await?;
    let incidents = app.store.incidents(case.id).await?;
    let latest = plans.first();
    let plan_overdue = case.status == CaseStatus::InTreatment
        && case.treatment_start.is_some_and(|start| {
            safety_plan_overdue(model, start, latest.is_some(), app.clock.today())
        });
    Ok(Some(SafetyStatus {
        plan_version: latest.map(|p| p.version),
        plan_agreed_on: latest.map(|p| p.plan.agreed_with_family_on),
        plan_shared_on: latest.and_then(|p| p.plan.shared_with_child_welfare_on),
        incidents: incidents.len(),
        flagged_incidents: incidents.iter().filter(|i| i.incident.is_flagged()).count(),
        plan_overdue,
    }))
}

/// A family in the actor's care whose safety needs the team's attention.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SafetyAttention {
    pub case_id: CaseId,
    pub status: SafetyStatus,
}

/// The MST-CAN families in treatment in the actor's care (a therapist's
/// own, a supervisor's or consultant's team's) without a safety plan after
/// seven days or with an incident not reported to child welfare. Reads no
/// person: the warning names the case.
pub async fn needing_attention(app: &App, actor: &Actor) -> AppResult<Vec<SafetyAttention>> {
    use rundt_domain::user::Role::*;
    let mut filter = rundt_store::CaseFilter {
        statuses: Some(vec![CaseStatus::InTreatment]),
        ..rundt_store::CaseFilter::default()
    };
    match actor.principal() {
        Some(p) if p.role == Therapist => filter.therapist_id = Some(p.user_id),
        Some(p) if matches!(p.role, Supervisor | Consultant) => {
            filter.team_ids = Some(p.team_ids.clone())
        }
        Some(_) => return Ok(Vec::new()),
        None => {}
    }
    let mut out = Vec::new();
    // Each team's programme model, read once for all its families.
    let mut models: Vec<(TeamId, ProgrammeModel)> = Vec::new();
    for case in app.store.list_cases(&filter).await? {
        let model = match models.iter().find(|(id, _)| *id == case.team_id) {
            Some((_, m)) => m.clone(),
            None => match app.store.get_team(case.team_id).await? {
                Some(t) => {
                    let m = crate::organisation::model_of(app, &t).await?;
                    models.push((t.id, m.clone()));
                    m
                }
                None => continue,
            },
        };
        let view = crate::cases::view(app, case, false);
        if let Some(status) = status_of(app, &view, &model).await?
            && status.needs_attention()
        {
            out.push(SafetyAttention {
                case_id: view.id,
                status,
            });
        }
    }
    Ok(out)
}

/// A family's safety page: the family's people (opened once, audited per
/// person), its safety status, the names of the staff its records mention,
/// and its safety records — never the rest of the case, which the crisis
/// caseworker does not read.
#[derive(Debug, Clone)]
pub struct SafetyFile {
    pub case: CaseView,
    pub country: rundt_domain::country::Country,
    /// `None` for a model that does not work safety first.
    pub status: Option<SafetyStatus>,
    pub staff_names: std::collections::HashMap<rundt_domain::id::UserId, String>,
    pub safety: CaseSafety,
    /// Opened by the safety rule alone (the crisis caseworker): the page
    /// offers no way into the rest of the family's case.
    pub safety_only: bool,
}

impl SafetyFile {
    /// A staff member's name as shown (`#id` when unknown).
    pub fn staff_name(&self, id: rundt_domain::id::UserId) -> String {
        self.staff_names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("#{id}"))
    }
}

/// Opens the family's safety records (refusals audited) for its safety
/// page.
pub async fn safety_file(app: &App, actor: &Actor, case_id: CaseId) -> AppResult<SafetyFile> {
    let opened =
        crate::case_access::open_safety(app, actor, case_id, AuditAction::CaseRead).await?;
    let case = crate::cases::read_opened(app, &opened).await?;
    let team = app.store.get_team(case.team_id).await?;
    let status = match &team {
        Some(team) => status_for_team(app, &case, team).await?,
        None => None,
    };
    let safety = CaseSafety {
        plans: plans(app, &opened).await?,
        incidents: incidents(app, &opened).await?,
    };
    let mentioned: Vec<rundt_domain::id::UserId> = safety
        .plans
        .iter()
        .filter_map(|p| p.saved_by)
        .chain(safety.incidents.iter().filter_map(|i| i.recorded_by))
        .collect();
    let mut staff_names = std::collections::HashMap::new();
    crate::family::add_staff_names(app, &mut staff_names, &mentioned).await?;
    Ok(SafetyFile {
        country: team.map(|t| t.country).unwrap_or(case.country),
        case,
        status,
        staff_names,
        safety,
        safety_only: opened.safety_only(),
    })
}

/// One MST-CAN family in treatment as its team's safety overview shows it:
/// the children's names and where the safety work stands.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FamilySafety {
    pub case_id: CaseId,
    /// The children's names, as given and family name.
    pub children: Vec<String>,
    pub status: SafetyStatus,
}

/// A team's MST-CAN families in treatment and their safety.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamSafety {
    pub team_id: TeamId,
    pub team_name: String,
    /// Those needing attention first, then by case number.
    pub families: Vec<FamilySafety>,
}

/// The safety overview of the actor's MST-CAN teams: every family in
/// treatment whose safety records the actor may read (the crisis
/// caseworker, supervisor and consultant all of the team's; a therapist
/// their own), each opened by the safety rule and its people's reading
/// audited. A team that does not work safety first is left out.
pub async fn team_safety(app: &App, actor: &Actor) -> AppResult<Vec<TeamSafety>> {
    let Some(who) = actor.principal() else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for &team_id in &who.team_ids {
        let Some(team) = app.store.get_team(team_id).await? else {
            continue;
        };
        let model = crate::organisation::model_of(app, &team).await?;
        if !is_safety_first(&model) {
            continue;
        }
        let filter = rundt_store::CaseFilter {
            team_ids: Some(vec![team_id]),
            statuses: Some(vec![CaseStatus::InTreatment]),
            ..rundt_store::CaseFilter::default()
        };
        let mut families = Vec::new();
        for record in app.store.list_cases(&filter).await? {
            let Some(opened) =
                crate::case_access::open_safety_if_allowed(app, actor, record.id).await?
            else {
                continue;
            };
            let case = crate::cases::read_opened(app, &opened).await?;
            let children = case
                .people
                .iter()
                .filter(|p| p.role == ParticipantRole::YoungPerson)
                .map(|p| format!("{} {}", p.given_name, p.family_name))
                .collect();
            if let Some(status) = status_of(app, &case, &model).await? {
                families.push(FamilySafety {
                    case_id: case.id,
                    children,
                    status,
                });
            }
        }
        families.sort_by_key(|f| (!f.status.needs_attention(), f.case_id));
        out.push(TeamSafety {
            team_id,
            team_name: team.name,
            families,
        });
    }
    Ok(out)
}
