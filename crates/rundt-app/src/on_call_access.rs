//! When the team's person on call may open a family's crisis essentials:
//! during one of their shifts in the family's team and the hour after it
//! (`oncall::window`). The access rule reads this as `CaseScope::on_call`;
//! the reads and writes it allows are audited as on-call accesses with the
//! shift as their purpose, and listed for review like break-glass.

use chrono::{DateTime, Duration, Utc};
use rundt_domain::oncall::window::{AFTER_SHIFT, may_open_on_call};
use rundt_domain::team::TeamId;
use rundt_domain::user::{Role, UserId};
use rundt_store::ShiftRecord;

use crate::{App, AppResult};

/// The shift of `person` in `team` whose on-call window is open at `now`,
/// if any (the earliest, when two are).
pub async fn open_shift(
    app: &App,
    person: UserId,
    team: TeamId,
    now: DateTime<Utc>,
) -> AppResult<Option<ShiftRecord>> {
    // A window open now belongs to a shift that began by now and ended
    // less than an hour ago.
    let shifts = app
        .store
        .shifts_of_person_between(person, now - AFTER_SHIFT, now + Duration::seconds(1))
        .await?;
    Ok(shifts
        .into_iter()
        .filter(|s| s.team_id == team)
        .find(|s| may_open_on_call(now, &[s.shift()])))
}

/// Whether a person of `role` may be on call for a team's families at all:
/// its therapists, supervisor and crisis caseworker. (The supervisor reads
/// the team's families anyway; being on call adds nothing for them.)
pub(crate) fn may_be_on_call(role: Role) -> bool {
    matches!(
        role,
        Role::Therapist | Role::Supervisor | Role::CrisisCaseworker
    )
}

/// What the purpose of an on-call access begins with; the shift follows.
pub const PURPOSE_PREFIX: &str = "on call: ";

/// The purpose written on an on-call access: the shift it came from, on
/// the team's clock.
pub(crate) fn purpose(country: rundt_domain::country::Country, shift: &ShiftRecord) -> String {
    format!(
        "{PURPOSE_PREFIX}{} – {}",
        country.local_time(shift.starts_at),
        country.local_time(shift.ends_at)
    )
}

/// One on-call access, for review: who opened which family (or its list,
/// or logged a contact), when, and in which shift.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OnCallAccess {
    pub at: DateTime<Utc>,
    pub user_id: Option<UserId>,
    pub user_name: String,
    /// `case.crisis_essentials.read.on_call`, `case.crisis_contact.log.on_call`
    /// or `case.list.on_call`.
    pub action: String,
    /// The family opened; none for the list of the team's families.
    pub case_id: Option<rundt_domain::id::CaseId>,
    /// The shift, on the team's clock ("2026-11-25 16:00 – 2026-11-26
    /// 08:00").
    pub shift: Option<String>,
}

/// How many days the review of on-call accesses goes back.
pub const ON_CALL_REVIEW_DAYS: i64 = 30;

/// The on-call accesses of the last 30 days, newest first, one line per
/// opening (not per person of the family): by the people of the
/// supervisor's teams, or, for the auditor, every one of their country.
/// Like the break-glass review, this reads the audit log, not the families.
pub async fn on_call_review(
    app: &App,
    who: &rundt_domain::access::Principal,
) -> AppResult<Vec<OnCallAccess>> {
    use rundt_domain::audit::ActionFilter;
    let people: Option<std::collections::HashSet<UserId>> = match who.role {
        Role::Supervisor => {
            let mut ids = std::collections::HashSet::new();
            for team in &who.team_ids {
                for m in app
                    .store
                    .list_team_members(*team, app.clock.today())
                    .await?
                {
                    ids.insert(m.user_id);
                }
            }
            Some(ids)
        }
        Role::Auditor => {
            crate::audit_search::require_reader(app, who).await?;
            None
        }
        _ => {
            return Err(crate::AppError::Forbidden(rundt_domain::msg!(
                "break-glass-review-supervisor"
            )));
        }
    };
    let filter = rundt_store::AuditFilter {
        actions: ActionFilter::OnCall.actions(),
        from: Some(app.clock.now() - chrono::Duration::days(ON_CALL_REVIEW_DAYS)),
        ..Default::default()
    };
    let events = app.store.search_audit_events(&filter, 2000).await?;
    let mut out: Vec<OnCallAccess> = Vec::new();
    let mut names = std::collections::HashMap::new();
    for e in events {
        let r = e.event;
        if r.outcome != rundt_domain::audit::Outcome::Success {
            continue;
        }
        if let Some(people) = &people
            && !r.actor_user_id.is_some_and(|u| people.contains(&u))
        {
            continue;
        }
        // The list names the team's families: one line for the list.
        let case_id = (r.object_kind == "case"
            && r.action != rundt_domain::audit::AuditAction::CaseListOnCall.as_str())
        .then_some(r.object_id)
        .flatten()
        .map(rundt_domain::id::CaseId::new);
        // One line per opening: the store writes one event per person.
        if out.iter().any(|o| {
            o.at == r.at
                && o.user_id == r.actor_user_id
                && o.action == r.action
                && o.case_id == case_id
        }) {
            continue;
        }
        let ids: Vec<UserId> = r.actor_user_id.into_iter().collect();
        crate::family::add_staff_names(app, &mut names, &ids).await?;
        out.push(OnCallAccess {
            at: r.at,
            user_name: r
                .actor_user_id
                .and_then(|u| names.get(&u).cloned())
                .unwrap_or_default(),
            user_id: r.actor_user_id,
            action: r.action,
            case_id,
            shift: r
                .purpose
                .map(|p| p.strip_prefix(PURPOSE_PREFIX).unwrap_or(&p).to_owned()),
        });
    }
    Ok(out)
}
