//! The crisis contact log as the team keeps it (issue 13): a call or
//! visit outside office hours, logged by the family's own therapist, the
//! team's supervisor, or the team's person on call (an on-call access,
//! audited as such); read by the team with a receipt per person, so the
//! family's own therapist sees the night's contacts as unread until they
//! open them. Each log is audited in its transaction, each read once per
//! person of the family.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use rundt_domain::audit::AuditAction;
use rundt_domain::country::Country;
use rundt_domain::crisis_contact::{CrisisContact, may_log_for};
use rundt_domain::id::{CaseId, UserId};
use rundt_domain::lifecycle::CaseStatus;
use rundt_store::{CaseFilter, CrisisContactRecord};
use serde::Serialize;

use crate::case_write::CaseWrite;
use crate::{Actor, App, AppError, AppResult};

/// Logs a crisis contact with the family: only for a family in treatment,
/// at a time that has come. The one who logs it has read it.
pub async fn log(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    contact: &CrisisContact,
) -> AppResult<CrisisContactRecord> {
    let write = CaseWrite::open_for_crisis_contact(
        app,
        actor,
        case_id,
        AuditAction::CaseCrisisContactLog,
        AuditAction::CaseCrisisContactLogOnCall,
    )
    .await?;
    may_log_for(write.status())?;
    contact.validate(app.clock.now())?;
    Ok(app
        .store
        .log_crisis_contact(case_id, contact, &write.event)
        .await?)
}

/// A family's crisis contacts as its list shows them.
#[derive(Debug, Clone)]
pub struct CaseCrisisContacts {
    pub case_id: CaseId,
    pub status: CaseStatus,
    /// The team's country, whose clock the contacts are shown on.
    pub country: Country,
    /// The family's own therapist.
    pub therapist_id: Option<UserId>,
    /// Newest first.
    pub contacts: Vec<CrisisContactRecord>,
    /// Read by the team's person on call (an on-call access).
    pub via_on_call: bool,
    pub staff_names: HashMap<UserId, String>,
}

impl CaseCrisisContacts {
    /// A staff member's name as shown (`#id` when unknown).
    pub fn staff_name(&self, id: UserId) -> String {
        self.staff_names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("#{id}"))
    }

    /// The contacts on days of the week that starts on `week_start`, on
    /// the team's clock.
    pub fn of_week(&self, week_start: NaiveDate) -> Vec<&CrisisContactRecord> {
        of_week(&self.contacts, self.country, week_start)
    }
}

/// The contacts on days of the week that starts on `week_start` (on
/// `country`'s clock).
pub fn of_week(
    contacts: &[CrisisContactRecord],
    country: Country,
    week_start: NaiveDate,
) -> Vec<&CrisisContactRecord> {
    let end = week_start.checked_add_days(Days::new(7));
    contacts
        .iter()
        .filter(|c| {
            let day = c
                .contact
                .at
                .with_timezone(&country.time_zone())
                .date_naive();
            day >= week_start && end.is_some_and(|end| day < end)
        })
        .collect()
}

/// The country whose clock a family's crisis contacts are logged on (the
/// team's). Names no person.
pub async fn country_of(app: &App, case_id: CaseId) -> AppResult<Country> {
    let case = app
        .store
        .case_for_access_check(case_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("case {case_id}")))?;
    let team = app.store.get_team(case.team_id).await?;
    Ok(team.map_or(case.country, |t| t.country))
}

/// Opens the family's crisis essentials (a refusal audited) and reads its
/// crisis contacts, audited once per person of the family.
pub async fn list(app: &App, actor: &Actor, case_id: CaseId) -> AppResult<CaseCrisisContacts> {
    let own = AuditAction::CaseCrisisContactRead;
    let opened = crate::case_access::open_crisis_essentials(app, actor, case_id, own).await?;
    let (event, _) = crate::crisis_essentials::read_event(app, &opened, own).await?;
    let contacts = app.store.read_crisis_contacts(case_id, &event).await?;
    // The guard's record: the case was read a moment ago.
    let case = opened.record().clone();
    let team = app.store.get_team(case.team_id).await?;
    let mentioned: Vec<UserId> = contacts.iter().filter_map(|c| c.logged_by).collect();
    let mut staff_names = HashMap::new();
    crate::family::add_staff_names(app, &mut staff_names, &mentioned).await?;
    Ok(CaseCrisisContacts {
        case_id,
        status: case.status,
        country: team.map_or(case.country, |t| t.country),
        therapist_id: case.therapist_id,
        contacts,
        via_on_call: opened.via_on_call(),
        staff_names,
    })
}

/// Opens one crisis contact: the reader's receipt is recorded (the own
/// therapist no longer sees it unread) and the read audited once per
/// person of the family, in one transaction.
pub async fn open(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    contact_id: i64,
) -> AppResult<CrisisContactRecord> {
    let own = AuditAction::CaseCrisisContactRead;
    let opened = crate::case_access::open_crisis_essentials(app, actor, case_id, own).await?;
    let (event, _) = crate::crisis_essentials::read_event(app, &opened, own).await?;
    Ok(app
        .store
        .open_crisis_contact(case_id, contact_id, &event)
        .await?)
}

/// One of the actor's families with crisis contacts they have not read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnreadContacts {
    pub case_id: CaseId,
    pub unread: usize,
}

/// The therapist's own families in treatment with crisis contacts logged
/// by someone else that they have not opened yet. Reads no person and no
/// contact: the start page names the case and the count.
pub async fn unread_for(app: &App, actor: &Actor) -> AppResult<Vec<UnreadContacts>> {
    let Some(who) = actor.principal() else {
        return Ok(Vec::new());
    };
    if who.role != rundt_domain::user::Role::Therapist {
        return Ok(Vec::new());
    }
    let filter = CaseFilter {
        therapist_id: Some(who.user_id),
        statuses: Some(vec![CaseStatus::InTreatment]),
        ..CaseFilter::default()
    };
    let mut out = Vec::new();
    for case in app.store.list_cases(&filter).await? {
        let unread = app
            .store
            .crisis_contacts(case.id)
            .await?
            .iter()
            .filter(|c| !c.read_by(who.user_id))
            .count();
        if unread > 0 {
            out.push(UnreadContacts {
                case_id: case.id,
                unread,
            });
        }
    }
    Ok(out)
}
