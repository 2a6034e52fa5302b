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

/// The purpose written on an on-call access: the shift it came from, on
/// the team's clock.
pub(crate) fn purpose(country: rundt_domain::country::Country, shift: &ShiftRecord) -> String {
    format!(
        "on call: {} – {}",
        country.local_time(shift.starts_at),
        country.local_time(shift.ends_at)
    )
}
