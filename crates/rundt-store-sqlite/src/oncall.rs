//! The on-call rota: settings, shifts, leave, publications and swaps.

use chrono::{DateTime, NaiveDate, Utc};
use rundt_domain::audit::AuditEvent;
use rundt_domain::id::{TeamId, UserId};
use rundt_store::oncall_sql::*;
use rundt_store::{
    LeaveRecord, NewLeave, NewPublication, NewShift, NewSwap, OnCallSettings, OnCallSettingsRecord,
    OnCallStore, PublicationRecord, ShiftRecord, StoreError, StoreResult, SwapRecord, SwapState,
    stale,
};
use rusqlite::{Connection, params};

use crate::audit;
use crate::convert::{date_text, db_err, time_text};
use crate::forward::forward;
use crate::query::{fetch_all, fetch_one, fetch_opt};

fn require_team(conn: &Connection, team_id: TeamId) -> StoreResult<()> {
    fetch_opt::<i64>(conn, TEAM_EXISTS, [team_id])?
        .map(|_| ())
        .ok_or_else(|| StoreError::NotFound(format!("team {team_id}")))
}

fn vanished(what: &str) -> StoreError {
    StoreError::Internal(format!("{what} vanished"))
}

pub fn oncall_settings(
    conn: &Connection,
    team_id: TeamId,
) -> StoreResult<Option<OnCallSettingsRecord>> {
    fetch_opt(conn, SETTINGS_SELECT, [team_id])
}

pub fn save_oncall_settings(
    tx: &Connection,
    team_id: TeamId,
    settings: &OnCallSettings,
    event: &AuditEvent,
) -> StoreResult<OnCallSettingsRecord> {
    require_team(tx, team_id)?;
    tx.execute(
        UPSERT_SETTINGS,
        params![
            team_id,
            settings.phone,
            settings.max_hours_in_row,
            settings.max_shifts_per_week,
            settings.weekday_split_hour,
            if settings.off_days_whole {
                "whole"
            } else {
                "daily"
            },
            event.actor_user_id,
            time_text(event.at)
        ],
    )
    .map_err(db_err)?;
    audit::append(tx, event)?;
    oncall_settings(tx, team_id)?.ok_or_else(|| vanished("on-call settings"))
}

pub fn shifts_between(
    conn: &Connection,
    team_id: TeamId,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> StoreResult<Vec<ShiftRecord>> {
    fetch_all(
        conn,
        SHIFTS_OF_TEAM,
        params![team_id, time_text(from), time_text(until)],
    )
}

pub fn shifts_of_person_between(
    conn: &Connection,
    person: UserId,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> StoreResult<Vec<ShiftRecord>> {
    fetch_all(
        conn,
        SHIFTS_OF_PERSON,
        params![person, time_text(from), time_text(until)],
    )
}

pub fn oncall_shift(
    conn: &Connection,
    team_id: TeamId,
    id: i64,
) -> StoreResult<Option<ShiftRecord>> {
    fetch_opt(conn, SHIFT_BY_ID, params![team_id, id])
}

pub fn add_shifts(
    tx: &Connection,
    team_id: TeamId,
    shifts: &[NewShift],
    event: &AuditEvent,
) -> StoreResult<Vec<ShiftRecord>> {
    require_team(tx, team_id)?;
    let written_at = time_text(event.at);
    let mut out = Vec::with_capacity(shifts.len());
    for s in shifts {
        let id: i64 = fetch_one(
            tx,
            INSERT_SHIFT,
            params![
                team_id,
                s.person_id,
                time_text(s.starts_at),
                time_text(s.ends_at),
                event.actor_user_id,
                written_at
            ],
        )?;
        out.push(oncall_shift(tx, team_id, id)?.ok_or_else(|| vanished("shift"))?);
    }
    audit::append(tx, event)?;
    Ok(out)
}

fn current_shift(
    tx: &Connection,
    team_id: TeamId,
    id: i64,
    expected_version: i64,
) -> StoreResult<ShiftRecord> {
    let stored = oncall_shift(tx, team_id, id)?
        .ok_or_else(|| StoreError::NotFound(format!("shift {id}")))?;
    if stored.version != expected_version {
        return Err(stale(stored.version));
    }
    Ok(stored)
}

pub fn change_shift(
    tx: &Connection,
    team_id: TeamId,
    id: i64,
    shift: &NewShift,
    expected_version: i64,
    event: &AuditEvent,
) -> StoreResult<ShiftRecord> {
    current_shift(tx, team_id, id, expected_version)?;
    tx.execute(
        UPDATE_SHIFT,
        params![
            team_id,
            id,
            shift.person_id,
            time_text(shift.starts_at),
            time_text(shift.ends_at),
            event.actor_user_id,
            time_text(event.at)
        ],
    )
    .map_err(db_err)?;
    audit::append(tx, event)?;
    oncall_shift(tx, team_id, id)?.ok_or_else(|| vanished("shift"))
}

pub fn remove_shift(
    tx: &Connection,
    team_id: TeamId,
    id: i64,
    expected_version: i64,
    event: &AuditEvent,
) -> StoreResult<()> {
    current_shift(tx, team_id, id, expected_version)?;
    tx.execute(DELETE_SHIFT, params![team_id, id])
        .map_err(db_err)?;
    audit::append(tx, event)?;
    Ok(())
}

pub fn record_leave(
    tx: &Connection,
    team_id: TeamId,
    leave: &NewLeave,
    event: &AuditEvent,
) -> StoreResult<LeaveRecord> {
    require_team(tx, team_id)?;
    let id: i64 = fetch_one(
        tx,
        INSERT_LEAVE,
        params![
            team_id,
            leave.person_id,
            date_text(leave.first_day),
            date_text(leave.last_day),
            event.actor_user_id,
            time_text(event.at)
        ],
    )?;
    audit::append(tx, event)?;
    fetch_opt(tx, &format!("{LEAVE_SELECT} WHERE id = ?1"), [id])?.ok_or_else(|| vanished("leave"))
}

pub fn remove_leave(
    tx: &Connection,
    team_id: TeamId,
    id: i64,
    event: &AuditEvent,
) -> StoreResult<()> {
    let removed = tx
        .execute(DELETE_LEAVE, params![team_id, id])
        .map_err(db_err)?;
    if removed == 0 {
        return Err(StoreError::NotFound(format!("leave {id}")));
    }
    audit::append(tx, event)?;
    Ok(())
}

pub fn leave_between(
    conn: &Connection,
    team_id: TeamId,
    first: NaiveDate,
    last: NaiveDate,
) -> StoreResult<Vec<LeaveRecord>> {
    fetch_all(
        conn,
        LEAVE_OF_TEAM,
        params![team_id, date_text(first), date_text(last)],
    )
}

pub fn publish_rota(
    tx: &Connection,
    team_id: TeamId,
    publication: &NewPublication,
    event: &AuditEvent,
) -> StoreResult<PublicationRecord> {
    require_team(tx, team_id)?;
    let id: i64 = fetch_one(
        tx,
        INSERT_PUBLICATION,
        params![
            team_id,
            time_text(publication.window_from),
            time_text(publication.window_until),
            publication.gaps,
            publication.reason,
            event.actor_user_id,
            time_text(event.at)
        ],
    )?;
    audit::append(tx, event)?;
    fetch_opt(tx, &format!("{PUBLICATION_SELECT} WHERE id = ?1"), [id])?
        .ok_or_else(|| vanished("publication"))
}

pub fn latest_publication(
    conn: &Connection,
    team_id: TeamId,
) -> StoreResult<Option<PublicationRecord>> {
    fetch_opt(
        conn,
        &format!("{PUBLICATION_SELECT} WHERE team_id = ?1 ORDER BY published_at DESC, id DESC"),
        [team_id],
    )
}

fn swap_of(conn: &Connection, team_id: TeamId, id: i64) -> StoreResult<Option<SwapRecord>> {
    fetch_opt(
        conn,
        &format!("{SWAP_SELECT} WHERE team_id = ?1 AND id = ?2"),
        params![team_id, id],
    )
}

pub fn propose_swap(
    tx: &Connection,
    team_id: TeamId,
    swap: &NewSwap,
    event: &AuditEvent,
) -> StoreResult<SwapRecord> {
    for shift in std::iter::once(swap.shift_id).chain(swap.return_shift_id) {
        oncall_shift(tx, team_id, shift)?
            .ok_or_else(|| StoreError::NotFound(format!("shift {shift}")))?;
    }
    let id: i64 = fetch_one(
        tx,
        INSERT_SWAP,
        params![
            team_id,
            swap.shift_id,
            swap.from_person,
            swap.to_person,
            swap.return_shift_id,
            event.actor_user_id,
            time_text(event.at)
        ],
    )?;
    audit::append(tx, event)?;
    swap_of(tx, team_id, id)?.ok_or_else(|| vanished("swap"))
}

pub fn settle_swap(
    tx: &Connection,
    team_id: TeamId,
    id: i64,
    state: SwapState,
    expected_version: i64,
    event: &AuditEvent,
) -> StoreResult<SwapRecord> {
    let stored =
        swap_of(tx, team_id, id)?.ok_or_else(|| StoreError::NotFound(format!("swap {id}")))?;
    if stored.version != expected_version || stored.state != SwapState::Proposed {
        return Err(stale(stored.version));
    }
    if state == SwapState::Agreed {
        let handed = tx
            .execute(
                HAND_OVER_SHIFT,
                params![
                    team_id,
                    stored.shift_id,
                    stored.to_person,
                    stored.from_person
                ],
            )
            .map_err(db_err)?;
        let returned = match stored.return_shift_id {
            Some(back) => tx
                .execute(
                    HAND_OVER_SHIFT,
                    params![team_id, back, stored.from_person, stored.to_person],
                )
                .map_err(db_err)?,
            None => 1,
        };
        if handed != 1 || returned != 1 {
            // A shift changed hands since the swap was proposed; the
            // transaction is rolled back.
            return Err(stale(stored.version));
        }
    }
    tx.execute(
        SETTLE_SWAP,
        params![
            team_id,
            id,
            state.as_str(),
            event.actor_user_id,
            time_text(event.at)
        ],
    )
    .map_err(db_err)?;
    audit::append(tx, event)?;
    swap_of(tx, team_id, id)?.ok_or_else(|| vanished("swap"))
}

pub fn swaps_of_team(conn: &Connection, team_id: TeamId) -> StoreResult<Vec<SwapRecord>> {
    fetch_all(
        conn,
        &format!("{SWAP_SELECT} WHERE team_id = ?1 ORDER BY proposed_at DESC, id DESC"),
        [team_id],
    )
}

forward! {
    impl OnCallStore {
        async fn oncall_settings(&self, team_id: TeamId) -> StoreResult<Option<OnCallSettingsRecord>> => read oncall_settings;
        async fn save_oncall_settings(&self, team_id: TeamId, settings: &OnCallSettings, audit: &AuditEvent) -> StoreResult<OnCallSettingsRecord> => write save_oncall_settings;
        async fn shifts_between(&self, team_id: TeamId, from: DateTime<Utc>, until: DateTime<Utc>) -> StoreResult<Vec<ShiftRecord>> => read shifts_between;
        async fn shifts_of_person_between(&self, person: UserId, from: DateTime<Utc>, until: DateTime<Utc>) -> StoreResult<Vec<ShiftRecord>> => read shifts_of_person_between;
        async fn oncall_shift(&self, team_id: TeamId, id: i64) -> StoreResult<Option<ShiftRecord>> => read oncall_shift;
        async fn add_shifts(&self, team_id: TeamId, shifts: &[NewShift], audit: &AuditEvent) -> StoreResult<Vec<ShiftRecord>> => write add_shifts;
        async fn change_shift(&self, team_id: TeamId, id: i64, shift: &NewShift, expected_version: i64, audit: &AuditEvent) -> StoreResult<ShiftRecord> => write change_shift;
        async fn remove_shift(&self, team_id: TeamId, id: i64, expected_version: i64, audit: &AuditEvent) -> StoreResult<()> => write remove_shift;
        async fn record_leave(&self, team_id: TeamId, leave: &NewLeave, audit: &AuditEvent) -> StoreResult<LeaveRecord> => write record_leave;
        async fn remove_leave(&self, team_id: TeamId, id: i64, audit: &AuditEvent) -> StoreResult<()> => write remove_leave;
        async fn leave_between(&self, team_id: TeamId, first: NaiveDate, last: NaiveDate) -> StoreResult<Vec<LeaveRecord>> => read leave_between;
        async fn publish_rota(&self, team_id: TeamId, publication: &NewPublication, audit: &AuditEvent) -> StoreResult<PublicationRecord> => write publish_rota;
        async fn latest_publication(&self, team_id: TeamId) -> StoreResult<Option<PublicationRecord>> => read latest_publication;
        async fn propose_swap(&self, team_id: TeamId, swap: &NewSwap, audit: &AuditEvent) -> StoreResult<SwapRecord> => write propose_swap;
        async fn settle_swap(&self, team_id: TeamId, id: i64, state: SwapState, expected_version: i64, audit: &AuditEvent) -> StoreResult<SwapRecord> => write settle_swap;
        async fn swaps_of_team(&self, team_id: TeamId) -> StoreResult<Vec<SwapRecord>> => read swaps_of_team;
    }
}
