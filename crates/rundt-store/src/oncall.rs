//! The on-call rota of a team (issue 13): its settings, its shifts, the
//! staff's leave, its publications and the swaps between two of its
//! people. Staff schedules and leave are personal data: every write takes
//! the audit event that describes it and appends it in the same
//! transaction.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use rundt_domain::audit::AuditEvent;
use rundt_domain::id::{TeamId, UserId};
use rundt_domain::oncall::Shift;

use crate::StoreResult;
use crate::row::{Column, Columns, FromRow, bad_value};

/// A shift as stored: one person on call from one instant up to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftRecord {
    pub id: i64,
    pub team_id: TeamId,
    pub person_id: UserId,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub written_by: Option<UserId>,
    pub written_at: DateTime<Utc>,
    pub version: i64,
}

impl ShiftRecord {
    /// The shift as the domain's rules see it.
    pub fn shift(&self) -> Shift {
        Shift {
            person: self.person_id,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
        }
    }
}

/// A shift to write: who, from when, until when (checked by the domain's
/// `OnCallTeam::shift` before it gets here).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewShift {
    pub person_id: UserId,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

impl From<Shift> for NewShift {
    fn from(s: Shift) -> Self {
        Self {
            person_id: s.person,
            starts_at: s.starts_at,
            ends_at: s.ends_at,
        }
    }
}

/// A team's on-call settings: the phone families call, the limits, and
/// the pattern its rota follows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OnCallSettings {
    pub phone: Option<String>,
    pub max_hours_in_row: Option<u32>,
    pub max_shifts_per_week: Option<u32>,
    /// `None`: each weekday night is one shift; else the hour (17–23) the
    /// evening shift hands over to the night shift.
    pub weekday_split_hour: Option<u32>,
    /// Weekends and holidays as one shift from the last working day's
    /// afternoon to the next working day's morning (else one a day).
    pub off_days_whole: bool,
}

/// The settings as stored, with who changed them last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnCallSettingsRecord {
    pub team_id: TeamId,
    pub settings: OnCallSettings,
    pub changed_by: Option<UserId>,
    pub changed_at: DateTime<Utc>,
    pub version: i64,
}

/// A person's leave, as whole days of the team's clock, both included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaveRecord {
    pub id: i64,
    pub team_id: TeamId,
    pub person_id: UserId,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub written_by: Option<UserId>,
    pub written_at: DateTime<Utc>,
}

/// Leave to record (checked by the domain's `Leave::new` first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewLeave {
    pub person_id: UserId,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
}

/// A publication of the rota: the window it covered, how many gaps it
/// had then and the written reason (required when it had any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicationRecord {
    pub id: i64,
    pub team_id: TeamId,
    pub window_from: DateTime<Utc>,
    pub window_until: DateTime<Utc>,
    pub gaps: u32,
    pub reason: Option<String>,
    pub published_by: Option<UserId>,
    pub published_at: DateTime<Utc>,
}

/// A publication to record (checked by the domain's `check_publish`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPublication {
    pub window_from: DateTime<Utc>,
    pub window_until: DateTime<Utc>,
    pub gaps: u32,
    pub reason: Option<String>,
}

/// Where a swap stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SwapState {
    /// Proposed by one of the two, waiting for the other.
    Proposed,
    /// Both agreed: the shifts have changed hands.
    Agreed,
    /// The other said no.
    Declined,
    /// The one who proposed it took it back.
    Withdrawn,
}

impl SwapState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Proposed => "proposed",
            Self::Agreed => "agreed",
            Self::Declined => "declined",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::Proposed,
            Self::Agreed,
            Self::Declined,
            Self::Withdrawn,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

impl Column for SwapState {
    fn read(c: &mut dyn Columns) -> StoreResult<Self> {
        let text = String::read(c)?;
        Self::parse(&text).ok_or_else(|| bad_value(c, &text, "not a swap state"))
    }
}

/// A swap as stored: `to_person` takes `shift_id` over from
/// `from_person`, giving `return_shift_id` back, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwapRecord {
    pub id: i64,
    pub team_id: TeamId,
    pub shift_id: i64,
    pub from_person: UserId,
    pub to_person: UserId,
    pub return_shift_id: Option<i64>,
    pub state: SwapState,
    pub proposed_by: Option<UserId>,
    pub proposed_at: DateTime<Utc>,
    pub answered_by: Option<UserId>,
    pub answered_at: Option<DateTime<Utc>>,
    pub version: i64,
}

/// A swap to propose (checked against the rota first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewSwap {
    pub shift_id: i64,
    pub from_person: UserId,
    pub to_person: UserId,
    pub return_shift_id: Option<i64>,
}

#[async_trait]
pub trait OnCallStore: Send + Sync {
    /// The team's on-call settings; `None` until first saved.
    async fn oncall_settings(&self, team_id: TeamId) -> StoreResult<Option<OnCallSettingsRecord>>;

    /// Saves the team's settings (who and when: the audit event's);
    /// `NotFound` when there is no such team.
    async fn save_oncall_settings(
        &self,
        team_id: TeamId,
        settings: &OnCallSettings,
        audit: &AuditEvent,
    ) -> StoreResult<OnCallSettingsRecord>;

    /// The team's shifts overlapping `from..until`, by start.
    async fn shifts_between(
        &self,
        team_id: TeamId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> StoreResult<Vec<ShiftRecord>>;

    /// A person's shifts in any team overlapping `from..until`, by start.
    async fn shifts_of_person_between(
        &self,
        person: UserId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> StoreResult<Vec<ShiftRecord>>;

    /// One shift of the team.
    async fn oncall_shift(&self, team_id: TeamId, id: i64) -> StoreResult<Option<ShiftRecord>>;

    /// Writes shifts (one, or a pattern's worth) in one transaction;
    /// `NotFound` when there is no such team.
    async fn add_shifts(
        &self,
        team_id: TeamId,
        shifts: &[NewShift],
        audit: &AuditEvent,
    ) -> StoreResult<Vec<ShiftRecord>>;

    /// Changes a shift of the team still at `expected_version`
    /// (`VersionMismatch` otherwise, `NotFound` when the team has no such
    /// shift).
    async fn change_shift(
        &self,
        team_id: TeamId,
        id: i64,
        shift: &NewShift,
        expected_version: i64,
        audit: &AuditEvent,
    ) -> StoreResult<ShiftRecord>;

    /// Removes a shift of the team still at `expected_version`, with the
    /// swaps proposed for it.
    async fn remove_shift(
        &self,
        team_id: TeamId,
        id: i64,
        expected_version: i64,
        audit: &AuditEvent,
    ) -> StoreResult<()>;

    /// Records a person's leave in the team.
    async fn record_leave(
        &self,
        team_id: TeamId,
        leave: &NewLeave,
        audit: &AuditEvent,
    ) -> StoreResult<LeaveRecord>;

    /// Removes leave recorded in the team (`NotFound` otherwise).
    async fn remove_leave(&self, team_id: TeamId, id: i64, audit: &AuditEvent) -> StoreResult<()>;

    /// The team's leave touching the days `first..=last`, by first day.
    async fn leave_between(
        &self,
        team_id: TeamId,
        first: NaiveDate,
        last: NaiveDate,
    ) -> StoreResult<Vec<LeaveRecord>>;

    /// Records a publication of the team's rota.
    async fn publish_rota(
        &self,
        team_id: TeamId,
        publication: &NewPublication,
        audit: &AuditEvent,
    ) -> StoreResult<PublicationRecord>;

    /// The team's latest publication, if any.
    async fn latest_publication(&self, team_id: TeamId) -> StoreResult<Option<PublicationRecord>>;

    /// Records a proposed swap in the team.
    async fn propose_swap(
        &self,
        team_id: TeamId,
        swap: &NewSwap,
        audit: &AuditEvent,
    ) -> StoreResult<SwapRecord>;

    /// Settles a proposed swap still at `expected_version` as `state`
    /// (answered by and at: the audit event's). Agreed, the shifts change
    /// hands in the same transaction: `Conflict`-free only while each is
    /// still held by the person it was proposed from (else
    /// `VersionMismatch`, nothing changed).
    async fn settle_swap(
        &self,
        team_id: TeamId,
        id: i64,
        state: SwapState,
        expected_version: i64,
        audit: &AuditEvent,
    ) -> StoreResult<SwapRecord>;

    /// The team's swaps, newest first.
    async fn swaps_of_team(&self, team_id: TeamId) -> StoreResult<Vec<SwapRecord>>;
}

/// The SQL both backends share for the rota, written with `?N`
/// placeholders (PostgreSQL's store writes them `$N`).
pub mod oncall_sql {
    pub const SHIFT_SELECT: &str = "SELECT id, team_id, person_id, starts_at, ends_at, \
         written_by, written_at, version FROM oncall_shifts";
    pub const SHIFTS_OF_TEAM: &str = "SELECT id, team_id, person_id, starts_at, ends_at, \
         written_by, written_at, version FROM oncall_shifts \
         WHERE team_id = ?1 AND starts_at < ?3 AND ends_at > ?2 \
         ORDER BY starts_at, person_id, id";
    pub const SHIFTS_OF_PERSON: &str = "SELECT id, team_id, person_id, starts_at, ends_at, \
         written_by, written_at, version FROM oncall_shifts \
         WHERE person_id = ?1 AND starts_at < ?3 AND ends_at > ?2 \
         ORDER BY starts_at, team_id, id";
    pub const SHIFT_BY_ID: &str = "SELECT id, team_id, person_id, starts_at, ends_at, \
         written_by, written_at, version FROM oncall_shifts WHERE team_id = ?1 AND id = ?2";
    pub const INSERT_SHIFT: &str = "INSERT INTO oncall_shifts \
         (team_id, person_id, starts_at, ends_at, written_by, written_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id";
    pub const UPDATE_SHIFT: &str = "UPDATE oncall_shifts SET person_id = ?3, starts_at = ?4, \
         ends_at = ?5, written_by = ?6, written_at = ?7, version = version + 1 \
         WHERE team_id = ?1 AND id = ?2";
    pub const DELETE_SHIFT: &str = "DELETE FROM oncall_shifts WHERE team_id = ?1 AND id = ?2";
    /// Hands a shift to `?3` if `?4` still holds it.
    pub const HAND_OVER_SHIFT: &str = "UPDATE oncall_shifts SET person_id = ?3, \
         version = version + 1 WHERE team_id = ?1 AND id = ?2 AND person_id = ?4";

    pub const SETTINGS_SELECT: &str = "SELECT team_id, phone, max_hours_in_row, \
         max_shifts_per_week, weekday_split_hour, off_days, changed_by, changed_at, version \
         FROM oncall_settings WHERE team_id = ?1";
    pub const UPSERT_SETTINGS: &str = "INSERT INTO oncall_settings \
         (team_id, phone, max_hours_in_row, max_shifts_per_week, weekday_split_hour, off_days, \
          changed_by, changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
         ON CONFLICT (team_id) DO UPDATE SET phone = excluded.phone, \
         max_hours_in_row = excluded.max_hours_in_row, \
         max_shifts_per_week = excluded.max_shifts_per_week, \
         weekday_split_hour = excluded.weekday_split_hour, off_days = excluded.off_days, \
         changed_by = excluded.changed_by, changed_at = excluded.changed_at, \
         version = oncall_settings.version + 1";

    pub const LEAVE_SELECT: &str = "SELECT id, team_id, person_id, first_day, last_day, \
         written_by, written_at FROM oncall_leave";
    pub const LEAVE_OF_TEAM: &str = "SELECT id, team_id, person_id, first_day, last_day, \
         written_by, written_at FROM oncall_leave \
         WHERE team_id = ?1 AND first_day <= ?3 AND last_day >= ?2 \
         ORDER BY first_day, person_id, id";
    pub const INSERT_LEAVE: &str = "INSERT INTO oncall_leave \
         (team_id, person_id, first_day, last_day, written_by, written_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id";
    pub const DELETE_LEAVE: &str = "DELETE FROM oncall_leave WHERE team_id = ?1 AND id = ?2";

    pub const PUBLICATION_SELECT: &str = "SELECT id, team_id, window_from, window_until, gaps, \
         reason, published_by, published_at FROM oncall_publications";
    pub const INSERT_PUBLICATION: &str = "INSERT INTO oncall_publications \
         (team_id, window_from, window_until, gaps, reason, published_by, published_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id";

    pub const SWAP_SELECT: &str = "SELECT id, team_id, shift_id, from_person, to_person, \
         return_shift_id, state, proposed_by, proposed_at, answered_by, answered_at, version \
         FROM oncall_swaps";
    pub const INSERT_SWAP: &str = "INSERT INTO oncall_swaps \
         (team_id, shift_id, from_person, to_person, return_shift_id, proposed_by, proposed_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id";
    pub const SETTLE_SWAP: &str = "UPDATE oncall_swaps SET state = ?3, answered_by = ?4, \
         answered_at = ?5, version = version + 1 WHERE team_id = ?1 AND id = ?2";
    pub const TEAM_EXISTS: &str = "SELECT id FROM teams WHERE id = ?1";
}

impl FromRow for ShiftRecord {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Self {
            id: c.read()?,
            team_id: c.read()?,
            person_id: c.read()?,
            starts_at: c.read()?,
            ends_at: c.read()?,
            written_by: c.read()?,
            written_at: c.read()?,
            version: c.read()?,
        })
    }
}

impl FromRow for OnCallSettingsRecord {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        let team_id = c.read()?;
        let phone = c.read()?;
        let max_hours_in_row = c.read()?;
        let max_shifts_per_week = c.read()?;
        let weekday_split_hour = c.read()?;
        let off_days: String = c.read()?;
        let off_days_whole = match off_days.as_str() {
            "whole" => true,
            "daily" => false,
            other => return Err(bad_value(c, &other, "not 'daily' or 'whole'")),
        };
        Ok(Self {
            team_id,
            settings: OnCallSettings {
                phone,
                max_hours_in_row,
                max_shifts_per_week,
                weekday_split_hour,
                off_days_whole,
            },
            changed_by: c.read()?,
            changed_at: c.read()?,
            version: c.read()?,
        })
    }
}

impl FromRow for LeaveRecord {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Self {
            id: c.read()?,
            team_id: c.read()?,
            person_id: c.read()?,
            first_day: c.read()?,
            last_day: c.read()?,
            written_by: c.read()?,
            written_at: c.read()?,
        })
    }
}

impl FromRow for PublicationRecord {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Self {
            id: c.read()?,
            team_id: c.read()?,
            window_from: c.read()?,
            window_until: c.read()?,
            gaps: c.read()?,
            reason: c.read()?,
            published_by: c.read()?,
            published_at: c.read()?,
        })
    }
}

impl FromRow for SwapRecord {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Self {
            id: c.read()?,
            team_id: c.read()?,
            shift_id: c.read()?,
            from_person: c.read()?,
            to_person: c.read()?,
            return_shift_id: c.read()?,
            state: c.read()?,
            proposed_by: c.read()?,
            proposed_at: c.read()?,
            answered_by: c.read()?,
            answered_at: c.read()?,
            version: c.read()?,
        })
    }
}
