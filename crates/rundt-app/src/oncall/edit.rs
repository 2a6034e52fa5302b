//! The supervisor writes the rota: days filled from the team's pattern,
//! shifts added, changed and removed. The domain refuses a shift that ends
//! before it starts, is longer than a week, or is given to someone not on
//! call in the team.

use chrono::{NaiveDate, NaiveDateTime};
use rundt_domain::audit::AuditAction;
use rundt_domain::id::{TeamId, UserId};
use rundt_domain::msg;
use rundt_domain::oncall::clock::{end_instant, start_instant};
use rundt_domain::oncall::hours::Span;
use rundt_domain::oncall::rota::assign_in_turn;
use rundt_store::{NewShift, ShiftRecord};

use super::who::require_edit;
use super::{event, load};
use crate::{Actor, App, AppError, AppResult};

/// A shift as written on the team's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShiftInput {
    pub person_id: UserId,
    pub starts: NaiveDateTime,
    pub ends: NaiveDateTime,
}

/// Days to fill from the team's pattern, by the people given in turn (all
/// who may be on call, when none are given).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FillDays {
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub people: Vec<UserId>,
}

/// The longest stretch filled at once: a quarter of a year.
const MAX_FILL_DAYS: i64 = 92;

/// Adds a shift to the team's rota.
pub async fn add_shift(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
    input: &ShiftInput,
) -> AppResult<ShiftRecord> {
    let action = AuditAction::OnCallShiftAdd;
    let loaded = load(app, team_id).await?;
    require_edit(app, actor, &loaded.team, action).await?;
    let shift = loaded
        .on_call
        .shift(input.person_id, input.starts, input.ends)?;
    let mut written = app
        .store
        .add_shifts(
            team_id,
            &[shift.into()],
            &event(app, actor, action, team_id),
        )
        .await?;
    written
        .pop()
        .ok_or_else(|| AppError::Internal("a shift written and not returned".into()))
}

/// Changes a shift of the team still at `version`.
pub async fn change_shift(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
    id: i64,
    input: &ShiftInput,
    version: i64,
) -> AppResult<ShiftRecord> {
    let action = AuditAction::OnCallShiftChange;
    let loaded = load(app, team_id).await?;
    require_edit(app, actor, &loaded.team, action).await?;
    let shift = loaded
        .on_call
        .shift(input.person_id, input.starts, input.ends)?;
    Ok(app
        .store
        .change_shift(
            team_id,
            id,
            &shift.into(),
            version,
            &event(app, actor, action, team_id),
        )
        .await?)
}

/// Removes a shift of the team still at `version`.
pub async fn remove_shift(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
    id: i64,
    version: i64,
) -> AppResult<()> {
    let action = AuditAction::OnCallShiftRemove;
    let loaded = load(app, team_id).await?;
    require_edit(app, actor, &loaded.team, action).await?;
    Ok(app
        .store
        .remove_shift(team_id, id, version, &event(app, actor, action, team_id))
        .await?)
}

/// Fills the days from the team's pattern: each shift the pattern asks for
/// that no shift of the rota overlaps yet goes to the people given, in
/// turn. Returns the shifts written.
pub async fn fill_from_pattern(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
    fill: &FillDays,
) -> AppResult<Vec<ShiftRecord>> {
    let action = AuditAction::OnCallShiftsFill;
    let loaded = load(app, team_id).await?;
    require_edit(app, actor, &loaded.team, action).await?;
    if fill.last < fill.first {
        return Err(AppError::invalid(
            "last",
            msg!("oncall-fill-ends-before-start"),
        ));
    }
    if (fill.last - fill.first).num_days() >= MAX_FILL_DAYS {
        return Err(AppError::invalid(
            "last",
            msg!("oncall-fill-too-long", days = MAX_FILL_DAYS),
        ));
    }
    let country = loaded.team.country;
    let people: Vec<UserId> = if fill.people.is_empty() {
        loaded.on_call.people().collect()
    } else {
        fill.people.clone()
    };
    let slots = loaded.pattern().slots(country, fill.first, fill.last);
    let (Some(first), Some(last)) = (slots.first(), slots.last()) else {
        return Ok(Vec::new());
    };
    let existing: Vec<Span> = app
        .store
        .shifts_between(
            team_id,
            start_instant(country, first.starts),
            end_instant(country, last.ends),
        )
        .await?
        .iter()
        .map(|s| s.shift().span())
        .collect();
    let open: Vec<_> = slots
        .iter()
        .filter(|slot| {
            let span = Span::new(
                start_instant(country, slot.starts),
                end_instant(country, slot.ends),
            );
            !existing.iter().any(|e| e.overlaps(&span))
        })
        .copied()
        .collect();
    let shifts = assign_in_turn(&loaded.on_call, &open, &people)?;
    if shifts.is_empty() {
        return Ok(Vec::new());
    }
    let new: Vec<NewShift> = shifts.into_iter().map(NewShift::from).collect();
    Ok(app
        .store
        .add_shifts(team_id, &new, &event(app, actor, action, team_id))
        .await?)
}
