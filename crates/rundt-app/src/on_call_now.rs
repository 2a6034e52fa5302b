//! "On call now" for the person on call (issue 13): during a shift and the
//! hour after it, the team's families in treatment, each to be opened for
//! its crisis essentials. The list names the young persons, so a family
//! is found by the name a caller gives; it is read with one audit event per
//! person named (`case.list.on_call`, the shift as its purpose), like any
//! family list. Outside every window the list is empty and the person's
//! next shift is said instead; nothing is read.

use chrono::Duration;
use rundt_domain::audit::{AuditAction, Object, ObjectKind};
use rundt_domain::country::Country;
use rundt_domain::id::CaseId;
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::oncall::window::{AFTER_SHIFT, may_open_on_call};
use rundt_domain::team::TeamId;
use rundt_domain::user::UserId;
use rundt_store::{CaseFilter, ParticipantRole, ShiftRecord};

use crate::{Actor, App, AppResult};

/// How far ahead the next shift is looked for.
const NEXT_SHIFT_WEEKS: i64 = 8;

/// A family the person on call may open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnCallFamily {
    pub case_id: CaseId,
    /// The young persons' names, "given family".
    pub young_persons: Vec<String>,
    /// The family's own therapist.
    pub therapist_id: Option<UserId>,
}

/// One team the person is on call for now.
#[derive(Debug, Clone)]
pub struct OnCallDuty {
    pub team_id: TeamId,
    pub team_name: String,
    pub country: Country,
    /// The shift whose window is open (it may have ended less than an hour
    /// ago).
    pub shift: ShiftRecord,
    pub team_phone: Option<String>,
    pub families: Vec<OnCallFamily>,
}

/// What "on call now" shows the person asking.
#[derive(Debug, Clone, Default)]
pub struct MyOnCall {
    /// The teams whose window is open now (usually one).
    pub duties: Vec<OnCallDuty>,
    /// The person's next shift in any team, when no window is open.
    pub next_shift: Option<ShiftRecord>,
    /// Names of the staff the page mentions.
    pub staff_names: std::collections::HashMap<UserId, String>,
}

/// The actor's on-call duties now, with the families of each team.
pub async fn my_on_call(app: &App, actor: &Actor) -> AppResult<MyOnCall> {
    let Some(p) = actor.principal() else {
        return Ok(MyOnCall::default());
    };
    if !crate::on_call_access::may_be_on_call(p.role) {
        return Ok(MyOnCall::default());
    }
    let now = app.clock.now();
    // The shifts whose window is open now, the earliest first, one per
    // team of the person's.
    let mut open: Vec<ShiftRecord> = Vec::new();
    for shift in app
        .store
        .shifts_of_person_between(p.user_id, now - AFTER_SHIFT, now + Duration::seconds(1))
        .await?
    {
        if p.team_ids.contains(&shift.team_id)
            && may_open_on_call(now, &[shift.shift()])
            && !open.iter().any(|s| s.team_id == shift.team_id)
        {
            open.push(shift);
        }
    }
    let mut out = MyOnCall::default();
    for shift in open {
        let team_id = shift.team_id;
        let Some(team) = app.store.get_team(team_id).await? else {
            continue;
        };
        let cases = app
            .store
            .list_cases(&CaseFilter {
                team_ids: Some(vec![team_id]),
                statuses: Some(vec![CaseStatus::InTreatment]),
                ..CaseFilter::default()
            })
            .await?;
        let ids: Vec<CaseId> = cases.iter().map(|c| c.id).collect();
        let mut event = actor.event(
            now,
            AuditAction::CaseListOnCall,
            Object::of(ObjectKind::Case),
        );
        event.purpose = Some(crate::on_call_access::purpose(team.country, &shift));
        let people = if ids.is_empty() {
            Vec::new()
        } else {
            app.store.family_list_people(&ids, None, &event).await?
        };
        let families = cases
            .iter()
            .map(|c| OnCallFamily {
                case_id: c.id,
                young_persons: people
                    .iter()
                    .filter(|l| {
                        l.case_id == c.id && l.participant.role == ParticipantRole::YoungPerson
                    })
                    .map(|l| {
                        format!(
                            "{} {}",
                            l.participant.person.given_name, l.participant.person.family_name
                        )
                    })
                    .collect(),
                therapist_id: c.therapist_id,
            })
            .collect::<Vec<_>>();
        let team_phone = app
            .store
            .oncall_settings(team_id)
            .await?
            .and_then(|s| s.settings.phone);
        let therapists: Vec<UserId> = families.iter().filter_map(|f| f.therapist_id).collect();
        crate::family::add_staff_names(app, &mut out.staff_names, &therapists).await?;
        out.duties.push(OnCallDuty {
            team_id,
            team_name: team.name,
            country: team.country,
            shift,
            team_phone,
            families,
        });
    }
    if out.duties.is_empty() {
        out.next_shift = app
            .store
            .shifts_of_person_between(p.user_id, now, now + Duration::weeks(NEXT_SHIFT_WEEKS))
            .await?
            .into_iter()
            .filter(|s| s.starts_at >= now && p.team_ids.contains(&s.team_id))
            .min_by_key(|s| s.starts_at);
    }
    Ok(out)
}

/// The actor's shift whose on-call window is open now, if any (the
/// earliest), without reading any family: for the start page's notice.
pub async fn on_duty(app: &App, actor: &Actor) -> AppResult<Option<(ShiftRecord, Country)>> {
    let Some(p) = actor.principal() else {
        return Ok(None);
    };
    if !crate::on_call_access::may_be_on_call(p.role) {
        return Ok(None);
    }
    let now = app.clock.now();
    for team in &p.team_ids {
        if let Some(shift) = crate::on_call_access::open_shift(app, p.user_id, *team, now).await? {
            let country = app
                .store
                .get_team(*team)
                .await?
                .map_or(p.country, |t| t.country);
            return Ok(Some((shift, country)));
        }
    }
    Ok(None)
}
