//! The weekly supervision's agenda, filled in from the therapists' weekly
//! summaries: for each family in treatment, the week's questions for
//! supervision, barriers, prioritised drivers, next week's goals and
//! safety notes, an MST-CAN family's treatment modules under way, an MST
//! family's crisis contacts since last week and a crisis plan that is due,
//! and the families whose summary for last week is missing.
//!
//! The summaries are about the families: reading them for the agenda is
//! audited per young person (`team.supervision.agenda`).

use chrono::{Duration, NaiveDate};
use rundt_domain::audit::{AuditAction, AuditEvent, Object};
use rundt_domain::country::programme_date;
use rundt_domain::crisis_plan::crisis_plan_due;
use rundt_domain::id::CaseId;
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::msg;
use rundt_domain::safety::is_safety_first;
use rundt_domain::team::TeamId;
use rundt_domain::treatment::{WeeklySummary, missing_last_week, week_start_of};
use rundt_domain::user::UserId;
use rundt_store::{AgendaSources, WeeklySummaryRecord};
use serde::Serialize;

use crate::access::{self, InTeam};
use crate::family_list::{Showing, find_families};
use crate::organisation::{TeamAtHand, load_team};
use crate::{Actor, App, AppResult};

/// One family on the agenda.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgendaItem {
    pub case_id: CaseId,
    /// "Given Family" of the young person(s).
    pub young_person: String,
    pub therapist_id: Option<UserId>,
    /// The newest summary of last week or this week, and its week.
    pub week_start: Option<NaiveDate>,
    pub summary: Option<WeeklySummary>,
    /// Last week's summary is due and missing.
    pub missing_week: Option<NaiveDate>,
    /// An MST-CAN family's treatment modules that have not ended (planned
    /// or ongoing), in the order they started.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modules: Vec<rundt_domain::can_plan::Module>,
    /// An MST family's crisis plan is due: none two weeks into treatment,
    /// or the latest more than four weeks old.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crisis_plan_due: Option<rundt_domain::crisis_plan::CrisisPlanDue>,
    /// The crisis contacts since the start of last week, newest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub crisis_contacts: Vec<rundt_domain::crisis_contact::CrisisContact>,
}

impl AgendaItem {
    /// What the meeting should take first: a missing summary, then a
    /// question for supervision, a safety note or a crisis contact.
    fn priority(&self) -> u8 {
        let asks = self
            .summary
            .as_ref()
            .is_some_and(|s| !s.questions.trim().is_empty() || !s.safety.trim().is_empty());
        // A crisis contact since last week is discussed like a question.
        let asks = asks || !self.crisis_contacts.is_empty();
        match (self.missing_week.is_some(), asks) {
            (true, _) => 0,
            (false, true) => 1,
            (false, false) => 2,
        }
    }
}

/// The agenda of team `team_id`'s supervision today, for its supervisor
/// and consultant: families in treatment, missing summaries and questions
/// first.
pub async fn agenda(app: &App, actor: &Actor, team_id: TeamId) -> AppResult<Vec<AgendaItem>> {
    require_reader(app, actor, team_id).await?;
    agenda_for(app, actor, &load_team(app, team_id).await?).await
}

/// [`agenda`] of a team already read (its page).
pub async fn agenda_of(app: &App, actor: &Actor, team: &TeamAtHand) -> AppResult<Vec<AgendaItem>> {
    require_reader(app, actor, team.team.id).await?;
    agenda_for(app, actor, team).await
}

/// The team's supervisor and consultant read its agenda; anyone else is
/// refused (audited).
async fn require_reader(app: &App, actor: &Actor, team_id: TeamId) -> AppResult<()> {
    let who = InTeam::SupervisorOrConsultant;
    let why = msg!("supervisor-records-meetings");
    let action = AuditAction::TeamSupervisionAgenda;
    access::require_in_team(app, actor, team_id, who, action, why).await?;
    Ok(())
}

async fn agenda_for(app: &App, actor: &Actor, team: &TeamAtHand) -> AppResult<Vec<AgendaItem>> {
    let action = AuditAction::TeamSupervisionAgenda;
    let team_id = team.team.id;
    let today = app.clock.today();
    let since = week_start_of(today) - Duration::days(7);
    let families = find_families(app, actor, Showing::Status(CaseStatus::InTreatment), "").await?;
    // Every family on the agenda is the team's own: its model and country
    // are the team's.
    let country = team.team.country;
    let keeps_crisis_plan = !is_safety_first(&team.model);
    let families: Vec<_> = families
        .into_iter()
        .filter(|f| f.case.team_id == team_id)
        .collect();
    let case_ids: Vec<CaseId> = families.iter().map(|f| f.case.id).collect();
    // One event per young person shown, appended in the transaction that
    // reads the agenda.
    let events: Vec<AuditEvent> = families
        .iter()
        .flat_map(|family| {
            family.young_persons.iter().map(|person| {
                let mut event = actor.event(app.clock.now(), action, Object::case(family.case.id));
                event.person_id = Some(person.person_id);
                event
            })
        })
        .collect();
    // Every family's sources in one store call (issue 17: four calls a
    // family made the supervisor's page the slowest of a working day).
    let sources = if case_ids.is_empty() {
        AgendaSources::default()
    } else {
        app.store.agenda_sources(&case_ids, since, &events).await?
    };
    let mut items = Vec::new();
    for family in families {
        let case = &family.case;
        let summaries: Vec<&WeeklySummaryRecord> = sources
            .summaries
            .iter()
            .filter(|s| s.case_id == case.id)
            .collect();
        let weeks: Vec<NaiveDate> = summaries.iter().map(|s| s.week_start).collect();
        // Newest week first.
        let newest = summaries.first();
        let modules = sources
            .modules
            .iter()
            .filter(|m| m.case_id == case.id && !m.module.status.has_ended())
            .map(|m| m.module.clone())
            .collect();
        let crisis_plan_due = if keeps_crisis_plan {
            let saved = sources
                .crisis_plans_saved
                .iter()
                .find(|(id, _)| *id == case.id)
                .map(|(_, at)| programme_date(*at));
            crisis_plan_due(
                case.status == CaseStatus::InTreatment,
                case.treatment_start,
                saved,
                today,
            )
        } else {
            None
        };
        let crisis_contacts = sources
            .crisis_contacts
            .iter()
            .filter(|c| {
                c.case_id == case.id
                    && c.contact
                        .at
                        .with_timezone(&country.time_zone())
                        .date_naive()
                        >= since
            })
            .map(|c| c.contact.clone())
            .collect();
        items.push(AgendaItem {
            case_id: case.id,
            young_person: family
                .young_persons
                .iter()
                .map(|p| format!("{} {}", p.given_name, p.family_name))
                .collect::<Vec<_>>()
                .join(", "),
            therapist_id: case.therapist_id,
            week_start: newest.map(|s| s.week_start),
            summary: newest.map(|s| s.content.clone()),
            missing_week: case
                .treatment_start
                .and_then(|start| missing_last_week(start, today, &weeks)),
            modules,
            crisis_plan_due,
            crisis_contacts,
        });
    }
    items.sort_by_key(AgendaItem::priority);
    Ok(items)
}
