//! A referral's hand-off from the municipality to the team, so that none is
//! lost between them (rules in `rundt_domain::handoff`): the caseworker's
//! receipt, the team's acknowledgement within the set working days, the
//! referrals awaiting it (overdue ones escalated to both sides), and the
//! caseworker's withdrawal or added information while the team has not
//! decided.

use chrono::{DateTime, NaiveDate, Utc};
use rundt_domain::audit::{AuditAction, Object};
use rundt_domain::country::Country;
use rundt_domain::handoff::{self, ACKNOWLEDGE_WITHIN_WORKING_DAYS};
use rundt_domain::id::{CaseId, TeamId, UserId};
use rundt_domain::lifecycle::{CaseStatus, Step};
use rundt_domain::msg;
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::user::Role;
use rundt_store::{CaseChange, CaseFilter, ReferralAddition};
use serde::Serialize;

use crate::case_access::{self, Intent, OpenCase};
use crate::case_write::{CaseWrite, IfMatch, status_change};
use crate::cases::{CaseView, ReferFamily, view};
use crate::{Actor, App, AppError, AppResult};

/// What the caseworker is told when the referral is received: the number
/// to quote, when it arrived, which team has it and by when the team
/// acknowledges it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferralReceipt {
    /// The referral number: the case's id.
    pub referral_number: CaseId,
    pub team_name: String,
    pub country: Country,
    /// When the referral was received.
    pub received_at: DateTime<Utc>,
    /// The same on the country's clock, `2026-11-25 13:00`.
    pub received_at_local: String,
    /// The country's time zone, e.g. `Europe/Copenhagen`.
    pub time_zone: String,
    /// The last day for the team to acknowledge the referral.
    pub acknowledge_by: NaiveDate,
    /// The working days the team has for that (weekends and the country's
    /// public holidays do not count).
    pub acknowledge_within_working_days: u32,
}

/// A referral as it was received: the case and its receipt.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Received {
    #[serde(flatten)]
    pub case: CaseView,
    #[serde(flatten)]
    pub receipt: ReferralReceipt,
}

/// The receipt of a referral received at `received_at` by `team_name`.
fn receipt_of(
    id: CaseId,
    team_name: String,
    country: Country,
    received_at: DateTime<Utc>,
) -> ReferralReceipt {
    ReferralReceipt {
        referral_number: id,
        team_name,
        country,
        received_at,
        received_at_local: country.local_time(received_at),
        time_zone: country.time_zone().name().to_owned(),
        acknowledge_by: handoff::acknowledge_by(country, received_at),
        acknowledge_within_working_days: ACKNOWLEDGE_WITHIN_WORKING_DAYS,
    }
}

/// A municipality refers a family ([`crate::cases::refer_family`]) and
/// gets the receipt.
pub async fn refer(app: &App, actor: &Actor, input: &ReferFamily) -> AppResult<Received> {
    let case = crate::cases::refer_family(app, actor, input).await?;
    let team = app
        .store
        .get_team(case.team_id)
        .await?
        .ok_or_else(|| AppError::Internal(format!("team {} of a new case", case.team_id)))?;
    let receipt = receipt_of(case.id, team.name, team.country, case.created_at);
    Ok(Received { case, receipt })
}

/// The receipt of a referral, again, for whoever may read the family
/// (audited as a look at the case, without its people).
pub async fn receipt(app: &App, actor: &Actor, case_id: CaseId) -> AppResult<ReferralReceipt> {
    let action = AuditAction::CaseReferralReceipt;
    let (case, ..) = case_access::authorize(app, actor, case_id, Intent::Read, action).await?;
    let team_name = app
        .store
        .get_team(case.team_id)
        .await?
        .map(|t| t.name)
        .unwrap_or_default();
    let event = actor.event(app.clock.now(), action, Object::case(case_id));
    app.store.append_audit(&event).await?;
    Ok(receipt_of(
        case.id,
        team_name,
        case.country,
        case.created_at,
    ))
}

/// The team's supervisor acknowledges a referral: recorded once, with who
/// and when. Accepting or declining it acknowledges it too.
pub async fn acknowledge(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    version: i64,
) -> AppResult<CaseView> {
    let why = msg!("supervisor-acknowledges");
    let at = IfMatch::Case(version);
    let action = AuditAction::CaseAcknowledge;
    let write = CaseWrite::open_for_supervisor(app, actor, case_id, action, why, at).await?;
    write.next(Step::Acknowledge, &[])?;
    if let Some(at) = write.case.acknowledged_at {
        let on = write.case.country.local_date(at);
        return Err(AppError::Conflict(msg!("referral-acknowledged", on = on)));
    }
    let record = app
        .store
        .acknowledge_referral(case_id, write.version(), &write.event)
        .await?;
    Ok(view(app, record, false))
}

/// The referring caseworker withdraws a referral the team has not decided
/// on, saying why. The case is kept, withdrawn; nothing is deleted.
pub async fn withdraw(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    version: i64,
    reason: &str,
) -> AppResult<CaseView> {
    let at = IfMatch::Case(version);
    let action = AuditAction::CaseWithdraw;
    let write = CaseWrite::open_for_referrer(app, actor, case_id, action, at).await?;
    let next = write.next(Step::Withdraw, &[])?;
    let reason = handoff::check_withdrawal_reason(reason)?;
    let change = CaseChange {
        note: Some(reason),
        ..status_change(next)
    };
    write.change(app, &change).await
}

/// The referring caseworker adds a dated note to a referral the team has
/// not decided on; the team sees it with the referral.
pub async fn add_information(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    version: i64,
    text: &str,
) -> AppResult<CaseView> {
    let at = IfMatch::Case(version);
    let action = AuditAction::CaseReferralInformation;
    let write = CaseWrite::open_for_referrer(app, actor, case_id, action, at).await?;
    write.next(Step::AddInformation, &[])?;
    let text = handoff::check_added_information(text)?;
    let record = app
        .store
        .add_referral_information(case_id, write.version(), &text, &write.event)
        .await?;
    Ok(view(app, record, false))
}

/// The hand-off of a family's referral as its file shows it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Handoff {
    pub receipt: ReferralReceipt,
    /// When the team acknowledged the referral, on the country's clock.
    pub acknowledged_at_local: Option<String>,
    /// Information the caseworker added, oldest first.
    pub additions: Vec<ReferralAddition>,
}

/// The hand-off of a case the guard has opened (its people are read, and
/// audited, by the file).
pub(crate) async fn handoff_of(
    app: &App,
    opened: &OpenCase,
    case: &CaseView,
    team_name: String,
) -> AppResult<Handoff> {
    let country = case.country;
    Ok(Handoff {
        receipt: receipt_of(case.id, team_name, country, case.created_at),
        acknowledged_at_local: case.acknowledged_at.map(|at| country.local_time(at)),
        additions: app.store.referral_additions(opened.id()).await?,
    })
}

/// A referral waiting for its team to acknowledge it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AwaitingReferral {
    pub case_id: CaseId,
    pub team_id: TeamId,
    pub referring_municipality: MunicipalityCode,
    pub received_at: DateTime<Utc>,
    /// The last day to acknowledge it, on the team's country's calendar.
    pub acknowledge_by: NaiveDate,
    /// That day has passed: escalated to the team's supervisor and the
    /// referring caseworker alike.
    pub overdue: bool,
}

/// The referrals awaiting acknowledgement that `actor` answers for or
/// waits on: a supervisor's teams' referrals, a caseworker's
/// municipality's referrals (the command line: all), overdue ones first,
/// then by deadline. Anyone else waits on none. Computed from the clock
/// when asked; no personal data.
pub async fn awaiting(app: &App, actor: &Actor) -> AppResult<Vec<AwaitingReferral>> {
    let mut filter = CaseFilter {
        statuses: Some(vec![CaseStatus::Referred]),
        ..CaseFilter::default()
    };
    let mut referred_by: Option<MunicipalityCode> = None;
    if let Some(p) = actor.principal() {
        filter.country = Some(p.country);
        match (p.role, &p.municipality_code) {
            (Role::Supervisor, _) => filter.team_ids = Some(p.team_ids.clone()),
            (Role::MunicipalCaseworker, Some(code)) => {
                filter.municipality = Some(code.clone());
                referred_by = Some(code.clone());
            }
            _ => return Ok(Vec::new()),
        }
    }
    let now = app.clock.now();
    let mut waiting: Vec<AwaitingReferral> = app
        .store
        .list_cases(&filter)
        .await?
        .into_iter()
        // A municipality that only pays for a place does not wait on it.
        .filter(|c| {
            referred_by
                .as_ref()
                .is_none_or(|m| *m == c.referring_municipality)
        })
        .filter_map(|c| {
            let acknowledged = c.acknowledged_at.is_some();
            let a = handoff::awaiting(c.country, c.status, c.created_at, acknowledged, now)?;
            Some(AwaitingReferral {
                case_id: c.id,
                team_id: c.team_id,
                referring_municipality: c.referring_municipality,
                received_at: c.created_at,
                acknowledge_by: a.acknowledge_by,
                overdue: a.overdue,
            })
        })
        .collect();
    waiting.sort_by_key(|a| (!a.overdue, a.acknowledge_by, a.case_id));
    Ok(waiting)
}

/// Who acknowledged or added to referrals, for the names a page shows.
pub(crate) fn people_of(case: &CaseView, handoff: &Handoff) -> Vec<UserId> {
    case.acknowledged_by
        .into_iter()
        .chain(handoff.additions.iter().filter_map(|a| a.added_by))
        .collect()
}
