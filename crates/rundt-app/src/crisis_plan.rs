//! An MST family's crisis plan as the team keeps it (issue 13): saved in
//! versions none of which is replaced, by the family's own therapist or
//! the team's supervisor (`CaseWrite`: authorized, refusals audited, the
//! version compared), and read as one of the family's crisis essentials —
//! also by the team's person on call at night, an on-call access. Every
//! save is audited in its transaction, every read once per person of the
//! family, so it shows in each one's access log.

use rundt_domain::country::programme_date;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rundt_domain::audit::AuditAction;
use rundt_domain::country::Country;
use rundt_domain::crisis_plan::{CrisisPlan, CrisisPlanDue, crisis_plan_due};
use rundt_domain::id::{CaseId, UserId};
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::msg;
use rundt_domain::programme::ProgrammeModel;
use rundt_store::{CaseRecord, CrisisPlanVersion};
use serde::Serialize;

use crate::case_write::{CaseWrite, IfMatch};
use crate::{Actor, App, AppError, AppResult};

/// Saves the family's crisis plan as a new version: the first with
/// `expected_version` `None`, every later one naming the latest it was
/// made on. Only while the family is in treatment; every part filled in.
pub async fn save_plan(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    plan: &CrisisPlan,
    expected_version: Option<i64>,
) -> AppResult<CrisisPlanVersion> {
    let at = IfMatch::CrisisPlan(expected_version);
    let action = AuditAction::CaseCrisisPlanSave;
    let write = CaseWrite::open(app, actor, case_id, action, at).await?;
    if write.status() != CaseStatus::InTreatment {
        return Err(AppError::Conflict(msg!("crisis-plan-not-in-treatment")));
    }
    plan.validate()?;
    Ok(app
        .store
        .save_crisis_plan(case_id, plan, expected_version, &write.event)
        .await?)
}

/// A family's crisis plan as its page and the API show it.
#[derive(Debug, Clone)]
pub struct CrisisPlanFile {
    pub case_id: CaseId,
    pub team_id: rundt_domain::team::TeamId,
    /// The family's own therapist.
    pub therapist_id: Option<UserId>,
    pub status: CaseStatus,
    /// The team's country, whose clock the page shows times on.
    pub country: Country,
    /// Every version, newest first (empty before the first).
    pub plans: Vec<CrisisPlanVersion>,
    pub due: Option<CrisisPlanDue>,
    /// Read by the team's person on call (an on-call access): the page
    /// offers no way into the rest of the family's case.
    pub via_on_call: bool,
    pub staff_names: HashMap<UserId, String>,
}

impl CrisisPlanFile {
    /// A staff member's name as shown (`#id` when unknown).
    pub fn staff_name(&self, id: UserId) -> String {
        self.staff_names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("#{id}"))
    }
}

/// Opens the family's crisis essentials (refusals audited) and reads its
/// crisis plan, audited once per person of the family in the read's
/// transaction (an on-call read as such).
pub async fn read_plan(app: &App, actor: &Actor, case_id: CaseId) -> AppResult<CrisisPlanFile> {
    let own = AuditAction::CaseCrisisEssentialsRead;
    let opened = crate::case_access::open_crisis_essentials(app, actor, case_id, own).await?;
    let (event, _) = crate::crisis_essentials::read_event(app, &opened, own).await?;
    let plans = app.store.read_crisis_plans(case_id, &event).await?;
    // The guard's record: the case was read a moment ago.
    let case = opened.record().clone();
    let team = app.store.get_team(case.team_id).await?;
    let due = match &team {
        Some(team) => {
            let model = crate::organisation::model_of(app, team).await?;
            due_of(app, &case, &model, plans.first())
        }
        None => None,
    };
    let mentioned: Vec<UserId> = plans.iter().filter_map(|p| p.saved_by).collect();
    let mut staff_names = HashMap::new();
    crate::family::add_staff_names(app, &mut staff_names, &mentioned).await?;
    Ok(CrisisPlanFile {
        case_id,
        team_id: case.team_id,
        therapist_id: case.therapist_id,
        status: case.status,
        country: team.map_or(case.country, |t| t.country),
        plans,
        due,
        via_on_call: opened.via_on_call(),
        staff_names,
    })
}

/// Whether the family's crisis plan is due (`None` for a model that works
/// safety first, whose families have their safety plan instead).
fn due_of(
    app: &App,
    case: &CaseRecord,
    model: &ProgrammeModel,
    latest: Option<&CrisisPlanVersion>,
) -> Option<CrisisPlanDue> {
    if rundt_domain::safety::is_safety_first(model) {
        return None;
    }
    crisis_plan_due(
        case.status == CaseStatus::InTreatment,
        case.treatment_start,
        latest.map(|p| programme_date(p.saved_at)),
        app.clock.today(),
    )
}

/// Where a family's crisis work stands, for its page and the supervision
/// agenda: no content of the plan or the contacts. Every family in
/// treatment may have crisis contacts; the crisis plan is MST's (an MST-CAN
/// family has its safety plan instead).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CrisisStatus {
    /// The family's model keeps a crisis plan (MST; not MST-CAN).
    pub plan_applies: bool,
    /// The latest version of the crisis plan (`None` before the first).
    pub plan_version: Option<i64>,
    pub plan_saved_at: Option<DateTime<Utc>>,
    /// Two weeks in treatment without a plan, or the plan more than four
    /// weeks old.
    pub plan_due: Option<CrisisPlanDue>,
    pub contacts: usize,
    /// Contacts the reader has not opened (logged by someone else).
    pub unread_contacts: usize,
}

/// The crisis status of a case of `team` for `reader`. The caller has
/// opened (and audited) the case.
pub(crate) async fn status_of(
    app: &App,
    case: &CaseRecord,
    model: &ProgrammeModel,
    reader: Option<UserId>,
) -> AppResult<Option<CrisisStatus>> {
    let plan_applies = !rundt_domain::safety::is_safety_first(model);
    let plans = if plan_applies {
        app.store.crisis_plans(case.id).await?
    } else {
        Vec::new()
    };
    let contacts = app.store.crisis_contacts(case.id).await?;
    let latest = plans.first();
    Ok(Some(CrisisStatus {
        plan_applies,
        plan_version: latest.map(|p| p.version),
        plan_saved_at: latest.map(|p| p.saved_at),
        plan_due: due_of(app, case, model, latest),
        contacts: contacts.len(),
        unread_contacts: reader.map_or(0, |u| contacts.iter().filter(|c| !c.read_by(u)).count()),
    }))
}
