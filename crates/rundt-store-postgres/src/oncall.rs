//! The on-call rota: settings, shifts, leave, publications and swaps. The
//! SQL is the SQLite store's (`oncall_sql`), its `?N` placeholders written
//! `$N`.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use deadpool_postgres::Transaction;
use rundt_domain::audit::AuditEvent;
use rundt_domain::id::{TeamId, UserId};
use rundt_store::oncall_sql::*;
use rundt_store::{
    LeaveRecord, NewLeave, NewPublication, NewShift, NewSwap, OnCallSettings, OnCallSettingsRecord,
    OnCallStore, PublicationRecord, ShiftRecord, StoreError, StoreResult, SwapRecord, SwapState,
    stale,
};

use crate::PostgresStore;
use crate::audit::append_audit_tx;
use crate::query::{client, dollars, execute, fetch_all, fetch_one, fetch_opt, transaction};

fn wide(n: Option<u32>) -> Option<i64> {
    n.map(i64::from)
}

fn vanished(what: &str) -> StoreError {
    StoreError::Internal(format!("{what} vanished"))
}

async fn require_team(tx: &Transaction<'_>, team_id: TeamId) -> StoreResult<()> {
    fetch_opt::<i64>(tx, &dollars(TEAM_EXISTS), &[&team_id])
        .await?
        .map(|_| ())
        .ok_or_else(|| StoreError::NotFound(format!("team {team_id}")))
}

async fn shift_of(
    tx: &Transaction<'_>,
    team_id: TeamId,
    id: i64,
) -> StoreResult<Option<ShiftRecord>> {
    fetch_opt(tx, &dollars(SHIFT_BY_ID), &[&team_id, &id]).await
}

async fn current_shift(
    tx: &Transaction<'_>,
    team_id: TeamId,
    id: i64,
    expected_version: i64,
) -> StoreResult<ShiftRecord> {
    let stored = shift_of(tx, team_id, id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("shift {id}")))?;
    if stored.version != expected_version {
        return Err(stale(stored.version));
    }
    Ok(stored)
}

async fn swap_of(
    tx: &Transaction<'_>,
    team_id: TeamId,
    id: i64,
) -> StoreResult<Option<SwapRecord>> {
    let sql = dollars(&format!(
        "{SWAP_SELECT} WHERE team_id = ?1 AND id = ?2 FOR UPDATE"
    ));
    fetch_opt(tx, &sql, &[&team_id, &id]).await
}

#[async_trait]
impl OnCallStore for PostgresStore {
    async fn oncall_settings(&self, team_id: TeamId) -> StoreResult<Option<OnCallSettingsRecord>> {
        fetch_opt(
            &client(&self.pool).await?,
            &dollars(SETTINGS_SELECT),
            &[&team_id],
        )
        .await
    }

    async fn save_oncall_settings(
        &self,
        team_id: TeamId,
        settings: &OnCallSettings,
        audit: &AuditEvent,
    ) -> StoreResult<OnCallSettingsRecord> {
        transaction(&self.pool, async |tx| {
            require_team(tx, team_id).await?;
            let off_days = if settings.off_days_whole {
                "whole"
            } else {
                "daily"
            };
            execute(
                tx,
                &dollars(UPSERT_SETTINGS),
                &[
                    &team_id,
                    &settings.phone,
                    &wide(settings.max_hours_in_row),
                    &wide(settings.max_shifts_per_week),
                    &wide(settings.weekday_split_hour),
                    &off_days,
                    &audit.actor_user_id,
                    &audit.at,
                ],
            )
            .await?;
            append_audit_tx(tx, audit).await?;
            fetch_opt(tx, &dollars(SETTINGS_SELECT), &[&team_id])
                .await?
                .ok_or_else(|| vanished("on-call settings"))
        })
        .await
    }

    async fn shifts_between(
        &self,
        team_id: TeamId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> StoreResult<Vec<ShiftRecord>> {
        let sql = dollars(SHIFTS_OF_TEAM);
        fetch_all(&client(&self.pool).await?, &sql, &[&team_id, &from, &until]).await
    }

    async fn shifts_of_person_between(
        &self,
        person: UserId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> StoreResult<Vec<ShiftRecord>> {
        let sql = dollars(SHIFTS_OF_PERSON);
        fetch_all(&client(&self.pool).await?, &sql, &[&person, &from, &until]).await
    }

    async fn oncall_shift(&self, team_id: TeamId, id: i64) -> StoreResult<Option<ShiftRecord>> {
        fetch_opt(
            &client(&self.pool).await?,
            &dollars(SHIFT_BY_ID),
            &[&team_id, &id],
        )
        .await
    }

    async fn add_shifts(
        &self,
        team_id: TeamId,
        shifts: &[NewShift],
        audit: &AuditEvent,
    ) -> StoreResult<Vec<ShiftRecord>> {
        transaction(&self.pool, async |tx| {
            require_team(tx, team_id).await?;
            let insert = dollars(INSERT_SHIFT);
            let mut out = Vec::with_capacity(shifts.len());
            for s in shifts {
                let id: i64 = fetch_one(
                    tx,
                    &insert,
                    &[
                        &team_id,
                        &s.person_id,
                        &s.starts_at,
                        &s.ends_at,
                        &audit.actor_user_id,
                        &audit.at,
                    ],
                )
                .await?;
                out.push(
                    shift_of(tx, team_id, id)
                        .await?
                        .ok_or_else(|| vanished("shift"))?,
                );
            }
            append_audit_tx(tx, audit).await?;
            Ok(out)
        })
        .await
    }

    async fn change_shift(
        &self,
        team_id: TeamId,
        id: i64,
        shift: &NewShift,
        expected_version: i64,
        audit: &AuditEvent,
    ) -> StoreResult<ShiftRecord> {
        transaction(&self.pool, async |tx| {
            current_shift(tx, team_id, id, expected_version).await?;
            execute(
                tx,
                &dollars(UPDATE_SHIFT),
                &[
                    &team_id,
                    &id,
                    &shift.person_id,
                    &shift.starts_at,
                    &shift.ends_at,
                    &audit.actor_user_id,
                    &audit.at,
                ],
            )
            .await?;
            append_audit_tx(tx, audit).await?;
            shift_of(tx, team_id, id)
                .await?
                .ok_or_else(|| vanished("shift"))
        })
        .await
    }

    async fn remove_shift(
        &self,
        team_id: TeamId,
        id: i64,
        expected_version: i64,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        transaction(&self.pool, async |tx| {
            current_shift(tx, team_id, id, expected_version).await?;
            execute(tx, &dollars(DELETE_SHIFT), &[&team_id, &id]).await?;
            append_audit_tx(tx, audit).await?;
            Ok(())
        })
        .await
    }

    async fn record_leave(
        &self,
        team_id: TeamId,
        leave: &NewLeave,
        audit: &AuditEvent,
    ) -> StoreResult<LeaveRecord> {
        transaction(&self.pool, async |tx| {
            require_team(tx, team_id).await?;
            let id: i64 = fetch_one(
                tx,
                &dollars(INSERT_LEAVE),
                &[
                    &team_id,
                    &leave.person_id,
                    &leave.first_day,
                    &leave.last_day,
                    &audit.actor_user_id,
                    &audit.at,
                ],
            )
            .await?;
            append_audit_tx(tx, audit).await?;
            fetch_opt(
                tx,
                &dollars(&format!("{LEAVE_SELECT} WHERE id = ?1")),
                &[&id],
            )
            .await?
            .ok_or_else(|| vanished("leave"))
        })
        .await
    }

    async fn remove_leave(&self, team_id: TeamId, id: i64, audit: &AuditEvent) -> StoreResult<()> {
        transaction(&self.pool, async |tx| {
            let removed = execute(tx, &dollars(DELETE_LEAVE), &[&team_id, &id]).await?;
            if removed == 0 {
                return Err(StoreError::NotFound(format!("leave {id}")));
            }
            append_audit_tx(tx, audit).await?;
            Ok(())
        })
        .await
    }

    async fn leave_between(
        &self,
        team_id: TeamId,
        first: NaiveDate,
        last: NaiveDate,
    ) -> StoreResult<Vec<LeaveRecord>> {
        let sql = dollars(LEAVE_OF_TEAM);
        fetch_all(&client(&self.pool).await?, &sql, &[&team_id, &first, &last]).await
    }

    async fn publish_rota(
        &self,
        team_id: TeamId,
        publication: &NewPublication,
        audit: &AuditEvent,
    ) -> StoreResult<PublicationRecord> {
        transaction(&self.pool, async |tx| {
            require_team(tx, team_id).await?;
            let id: i64 = fetch_one(
                tx,
                &dollars(INSERT_PUBLICATION),
                &[
                    &team_id,
                    &publication.window_from,
                    &publication.window_until,
                    &i64::from(publication.gaps),
                    &publication.reason,
                    &audit.actor_user_id,
                    &audit.at,
                ],
            )
            .await?;
            append_audit_tx(tx, audit).await?;
            fetch_opt(
                tx,
                &dollars(&format!("{PUBLICATION_SELECT} WHERE id = ?1")),
                &[&id],
            )
            .await?
            .ok_or_else(|| vanished("publication"))
        })
        .await
    }

    async fn latest_publication(&self, team_id: TeamId) -> StoreResult<Option<PublicationRecord>> {
        let sql = dollars(&format!(
            "{PUBLICATION_SELECT} WHERE team_id = ?1 ORDER BY published_at DESC, id DESC LIMIT 1"
        ));
        fetch_opt(&client(&self.pool).await?, &sql, &[&team_id]).await
    }

    async fn propose_swap(
        &self,
        team_id: TeamId,
        swap: &NewSwap,
        audit: &AuditEvent,
    ) -> StoreResult<SwapRecord> {
        transaction(&self.pool, async |tx| {
            for shift in std::iter::once(swap.shift_id).chain(swap.return_shift_id) {
                shift_of(tx, team_id, shift)
                    .await?
                    .ok_or_else(|| StoreError::NotFound(format!("shift {shift}")))?;
            }
            let id: i64 = fetch_one(
                tx,
                &dollars(INSERT_SWAP),
                &[
                    &team_id,
                    &swap.shift_id,
                    &swap.from_person,
                    &swap.to_person,
                    &swap.return_shift_id,
                    &audit.actor_user_id,
                    &audit.at,
                ],
            )
            .await?;
            append_audit_tx(tx, audit).await?;
            swap_of(tx, team_id, id)
                .await?
                .ok_or_else(|| vanished("swap"))
        })
        .await
    }

    async fn settle_swap(
        &self,
        team_id: TeamId,
        id: i64,
        state: SwapState,
        expected_version: i64,
        audit: &AuditEvent,
    ) -> StoreResult<SwapRecord> {
        transaction(&self.pool, async |tx| {
            let stored = swap_of(tx, team_id, id)
                .await?
                .ok_or_else(|| StoreError::NotFound(format!("swap {id}")))?;
            if stored.version != expected_version || stored.state != SwapState::Proposed {
                return Err(stale(stored.version));
            }
            if state == SwapState::Agreed {
                let hand_over = dollars(HAND_OVER_SHIFT);
                let handed = execute(
                    tx,
                    &hand_over,
                    &[
                        &team_id,
                        &stored.shift_id,
                        &stored.to_person,
                        &stored.from_person,
                    ],
                )
                .await?;
                let returned = match stored.return_shift_id {
                    Some(back) => {
                        execute(
                            tx,
                            &hand_over,
                            &[&team_id, &back, &stored.from_person, &stored.to_person],
                        )
                        .await?
                    }
                    None => 1,
                };
                if handed != 1 || returned != 1 {
                    // A shift changed hands since the swap was proposed;
                    // dropping the transaction rolls the hand-over back.
                    return Err(stale(stored.version));
                }
            }
            execute(
                tx,
                &dollars(SETTLE_SWAP),
                &[
                    &team_id,
                    &id,
                    &state.as_str(),
                    &audit.actor_user_id,
                    &audit.at,
                ],
            )
            .await?;
            append_audit_tx(tx, audit).await?;
            swap_of(tx, team_id, id)
                .await?
                .ok_or_else(|| vanished("swap"))
        })
        .await
    }

    async fn swaps_of_team(&self, team_id: TeamId) -> StoreResult<Vec<SwapRecord>> {
        let sql = dollars(&format!(
            "{SWAP_SELECT} WHERE team_id = ?1 ORDER BY proposed_at DESC, id DESC"
        ));
        fetch_all(&client(&self.pool).await?, &sql, &[&team_id]).await
    }
}
