//! The team's settings (the on-call phone, the limits, the pattern), the
//! staff's leave, and publishing the rota: with a gap, only with a written
//! reason.

use chrono::NaiveDate;
use rundt_domain::audit::AuditAction;
use rundt_domain::error::Validator;
use rundt_domain::id::{TeamId, UserId};
use rundt_domain::msg;
use rundt_domain::oncall::rota::WeekdayNights;
use rundt_domain::oncall::{Leave, Limits, check_publish};
use rundt_store::{
    LeaveRecord, NewLeave, NewPublication, OnCallSettings, OnCallSettingsRecord, PublicationRecord,
};

use super::rota::coverage;
use super::who::require_edit;
use super::{event, load};
use crate::{Actor, App, AppError, AppResult};

/// The longest on-call phone number, as written.
const MAX_PHONE_CHARS: usize = 30;

/// The settings as the supervisor types them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SettingsInput {
    pub phone: Option<String>,
    pub max_hours_in_row: Option<u32>,
    pub max_shifts_per_week: Option<u32>,
    /// `None`: each weekday night one shift; else the hour (17–23) the
    /// evening shift ends.
    pub weekday_split_hour: Option<u32>,
    /// Weekends and holidays as one shift (else one a day).
    pub off_days_whole: bool,
}

/// A phone number: digits, spaces, `+`, `-`, `(` and `)`, with at least
/// six digits; an empty one is none.
fn clean_phone(phone: Option<&str>) -> Result<Option<String>, rundt_domain::DomainError> {
    let Some(phone) = phone.map(str::trim).filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let allowed = phone
        .chars()
        .all(|c| c.is_ascii_digit() || " +-()".contains(c));
    if !allowed || digits < 6 || phone.chars().count() > MAX_PHONE_CHARS {
        return Err(rundt_domain::DomainError::invalid(
            "phone",
            msg!("oncall-phone-invalid", max = MAX_PHONE_CHARS),
        ));
    }
    Ok(Some(phone.to_owned()))
}

/// Saves the team's on-call settings, every problem reported at once.
pub async fn save_settings(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
    input: &SettingsInput,
) -> AppResult<OnCallSettingsRecord> {
    let action = AuditAction::OnCallSettingsSave;
    let loaded = load(app, team_id).await?;
    require_edit(app, actor, &loaded.team, action).await?;
    let mut v = Validator::new();
    let phone = v.take(clean_phone(input.phone.as_deref()));
    let limits = v.take(Limits::parse(
        input.max_hours_in_row,
        input.max_shifts_per_week,
    ));
    if let Some(hour) = input.weekday_split_hour {
        v.take(WeekdayNights::split_at(hour));
    }
    v.finish()?;
    let settings = OnCallSettings {
        phone: phone.flatten(),
        max_hours_in_row: limits.and_then(|l| l.max_hours_in_row),
        max_shifts_per_week: limits.and_then(|l| l.max_shifts_per_week),
        weekday_split_hour: input.weekday_split_hour,
        off_days_whole: input.off_days_whole,
    };
    Ok(app
        .store
        .save_oncall_settings(team_id, &settings, &event(app, actor, action, team_id))
        .await?)
}

/// A person's leave as the supervisor types it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeaveInput {
    pub person_id: UserId,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
}

/// Records the leave of one of the team's people on call.
pub async fn record_leave(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
    input: &LeaveInput,
) -> AppResult<LeaveRecord> {
    let action = AuditAction::OnCallLeaveRecord;
    let loaded = load(app, team_id).await?;
    require_edit(app, actor, &loaded.team, action).await?;
    if !loaded.on_call.may_be_on_call(input.person_id) {
        return Err(AppError::invalid(
            "person_id",
            msg!("oncall-person-not-on-team"),
        ));
    }
    let leave = Leave::new(input.person_id, input.first_day, input.last_day)?;
    let new = NewLeave {
        person_id: leave.person,
        first_day: leave.first_day,
        last_day: leave.last_day,
    };
    Ok(app
        .store
        .record_leave(team_id, &new, &event(app, actor, action, team_id))
        .await?)
}

/// Removes leave recorded in the team.
pub async fn remove_leave(app: &App, actor: &Actor, team_id: TeamId, id: i64) -> AppResult<()> {
    let action = AuditAction::OnCallLeaveRemove;
    let loaded = load(app, team_id).await?;
    require_edit(app, actor, &loaded.team, action).await?;
    Ok(app
        .store
        .remove_leave(team_id, id, &event(app, actor, action, team_id))
        .await?)
}

/// Publishes the rota of the coming weeks; a rota with a gap only with a
/// written reason, which is kept with the publication.
pub async fn publish(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
    reason: &str,
) -> AppResult<PublicationRecord> {
    let action = AuditAction::OnCallPublish;
    let loaded = load(app, team_id).await?;
    require_edit(app, actor, &loaded.team, action).await?;
    let c = coverage(app, &loaded).await?;
    let reason = check_publish(&c.report.gaps, reason)?;
    let publication = NewPublication {
        window_from: c.window.from,
        window_until: c.window.until,
        gaps: u32::try_from(c.report.gaps.len()).unwrap_or(u32::MAX),
        reason,
    };
    Ok(app
        .store
        .publish_rota(team_id, &publication, &event(app, actor, action, team_id))
        .await?)
}
