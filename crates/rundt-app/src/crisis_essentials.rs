//! A family's crisis essentials (issue 13): what the team's person on call
//! needs at night, on one page — the people of the family, where they live
//! and their phones, the crisis plan (MST) or the safety plan (MST-CAN),
//! the latest weekly summary's notes on safety and barriers, the team's
//! latest crisis contacts with the family, and the team's on-call phone.
//!
//! Opened through `case_access::open_crisis_essentials`: the family's own
//! readers, the team's crisis caseworker (MST-CAN), and the team's
//! therapist or crisis caseworker on call during their shift and the hour
//! after it. The read is audited once per person of the family in its
//! transaction; an on-call read as `case.crisis_essentials.read.on_call`
//! with the shift as its purpose, so it shows in every member's access
//! log and in the review of on-call accesses. Outside the window the
//! refusal is audited.

use std::collections::HashMap;

use chrono::NaiveDate;
use rundt_domain::audit::{AuditAction, AuditEvent, Object};
use rundt_domain::country::Country;
use rundt_domain::id::CaseId;
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::team::TeamId;
use rundt_domain::user::UserId;
use rundt_store::{
    CrisisContactRecord, CrisisPlanVersion, HomeVersion, SafetyPlanVersion, ShiftRecord,
};

use crate::case_access::OpenCase;
use crate::cases::{PersonView, view};
use crate::{Actor, App, AppError, AppResult};

/// How many of the latest crisis contacts the essentials show.
pub const RECENT_CONTACTS: usize = 3;

/// The latest weekly summary's notes the person on call should know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskNotes {
    /// Monday of the week summarised.
    pub week_start: NaiveDate,
    /// Safety, if anything to note.
    pub safety: String,
    /// The barriers to effectiveness the therapist saw.
    pub barriers: String,
}

/// Everything the person on call needs about one family.
#[derive(Debug, Clone)]
pub struct CrisisEssentials {
    pub case_id: CaseId,
    pub team_id: TeamId,
    pub team_name: String,
    /// The team's country, whose clock times are shown on.
    pub country: Country,
    pub status: CaseStatus,
    /// The family's own therapist.
    pub therapist_id: Option<UserId>,
    /// The team works safety first (MST-CAN): the safety plan instead of a
    /// crisis plan.
    pub safety_first: bool,
    pub people: Vec<PersonView>,
    /// The latest version of the home details, if any.
    pub home: Option<HomeVersion>,
    /// MST: the latest crisis plan, if any.
    pub crisis_plan: Option<CrisisPlanVersion>,
    /// MST-CAN: the latest safety plan, if any.
    pub safety_plan: Option<SafetyPlanVersion>,
    pub risk_notes: Option<RiskNotes>,
    /// The latest crisis contacts, newest first.
    pub recent_contacts: Vec<CrisisContactRecord>,
    /// The team's on-call phone.
    pub team_phone: Option<String>,
    /// Opened as the person on call: the shift that allowed it.
    pub on_call_shift: Option<ShiftRecord>,
    pub staff_names: HashMap<UserId, String>,
}

impl CrisisEssentials {
    /// A member of staff by name, or `#id` when unknown.
    pub fn staff_name(&self, id: UserId) -> String {
        self.staff_names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("#{id}"))
    }
}

/// The event a read of a family's crisis essentials is audited with: `own`
/// for the family's own readers; for the person on call the on-call action
/// with the shift as its purpose. Also the shift, when on call.
pub(crate) async fn read_event(
    app: &App,
    opened: &OpenCase,
    own: AuditAction,
) -> AppResult<(AuditEvent, Option<ShiftRecord>)> {
    let now = app.clock.now();
    if !opened.via_on_call() {
        let mut event = opened.actor().event(now, own, Object::case(opened.id()));
        if opened.via_break_glass() {
            event.purpose = opened
                .break_glass_reason()
                .map(|r| format!("break-glass: {r}"));
        }
        return Ok((event, None));
    }
    let action = AuditAction::CaseCrisisEssentialsReadOnCall;
    let mut event = opened.actor().event(now, action, Object::case(opened.id()));
    let shift = match opened.actor().principal() {
        Some(p) => crate::on_call_access::open_shift(app, p.user_id, opened.team_id(), now).await?,
        None => None,
    };
    event.purpose = Some(match &shift {
        Some(s) => crate::on_call_access::purpose(opened.country(), s),
        None => "on call".to_owned(),
    });
    Ok((event, shift))
}

/// Opens the family's crisis essentials (a refusal audited) and reads them,
/// audited once per person of the family.
pub async fn crisis_essentials(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
) -> AppResult<CrisisEssentials> {
    let own = AuditAction::CaseCrisisEssentialsRead;
    let opened = crate::case_access::open_crisis_essentials(app, actor, case_id, own).await?;
    let (event, on_call_shift) = read_event(app, &opened, own).await?;
    let record = app
        .store
        .read_case(case_id, &event)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("case {case_id}")))?;
    let team = app
        .store
        .get_team(record.team_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("team {}", record.team_id)))?;
    let model = crate::organisation::model_of(app, &team).await?;
    let safety_first = rundt_domain::safety::is_safety_first(&model);
    let home = app.store.homes(case_id).await?.into_iter().next();
    let (crisis_plan, safety_plan) = if safety_first {
        (
            None,
            app.store.safety_plans(case_id).await?.into_iter().next(),
        )
    } else {
        (
            app.store.crisis_plans(case_id).await?.into_iter().next(),
            None,
        )
    };
    let risk_notes = app
        .store
        .weekly_summaries(case_id)
        .await?
        .into_iter()
        .max_by_key(|s| s.week_start)
        .map(|s| RiskNotes {
            week_start: s.week_start,
            safety: s.content.safety,
            barriers: s.content.barriers,
        });
    let mut recent_contacts = app.store.crisis_contacts(case_id).await?;
    recent_contacts.sort_by_key(|c| std::cmp::Reverse(c.contact.at));
    recent_contacts.truncate(RECENT_CONTACTS);
    let team_phone = app
        .store
        .oncall_settings(team.id)
        .await?
        .and_then(|s| s.settings.phone);
    let mut mentioned: Vec<UserId> = recent_contacts.iter().filter_map(|c| c.logged_by).collect();
    mentioned.extend(record.therapist_id);
    let mut staff_names = HashMap::new();
    crate::family::add_staff_names(app, &mut staff_names, &mentioned).await?;
    let case = view(app, record, opened.via_break_glass());
    Ok(CrisisEssentials {
        case_id,
        team_id: team.id,
        team_name: team.name,
        country: team.country,
        status: case.status,
        therapist_id: case.therapist_id,
        safety_first,
        people: case.people,
        home,
        crisis_plan,
        safety_plan,
        risk_notes,
        recent_contacts,
        team_phone,
        on_call_shift,
        staff_names,
    })
}
