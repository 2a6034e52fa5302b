//! The on-call rota of a team (issue 13), made real: the rota over the
//! coming weeks with its gaps and findings, filling days from the team's
//! pattern, shifts, leave, the team's settings, publishing, swaps, and who
//! is on call now. The rules are the domain's (`rundt_domain::oncall`);
//! this module loads what they need, checks who may, and stores the result
//! with its audit event.
//!
//! Who may: the team's supervisor and the national office of the team's
//! country edit the rota; the team's therapists and crisis caseworker read
//! it and propose and answer swaps of their own shifts; the national office
//! reads every team's gaps. Everyone else is refused, and the refusal is
//! audited.

mod calendar;
pub mod contact_figures;
mod edit;
mod gaps;
mod hours;
mod plan;
mod rota;
mod swaps;
mod who;
mod year;

pub use calendar::{
    CreatedFeed, FEED_WEEKS_AHEAD, FEED_WEEKS_BACK, FeedContents, FeedOf, FeedView,
    calendar_feed_contents, calendar_feeds, create_calendar_feed, feed_window,
    revoke_calendar_feed, token_hash,
};
pub use edit::{FillDays, ShiftInput, add_shift, change_shift, fill_from_pattern, remove_shift};
pub(crate) use gaps::gap_notices;
pub use gaps::{TeamGaps, TeamNotices, my_teams_notices, teams_with_gaps};
pub use hours::{MAX_MONTHS, MonthHours, hours_per_month};
pub use plan::{LeaveInput, SettingsInput, publish, record_leave, remove_leave, save_settings};
pub use rota::{
    OnCallSummary, PersonShift, RotaLeave, RotaPerson, RotaView, YearCoverage, on_call_summary,
    rota,
};
pub use swaps::{SwapAnswer, SwapInput, SwapView, answer_swap, propose_swap};
pub use who::{may_edit, may_read};

use std::collections::BTreeMap;

use rundt_domain::audit::{AuditAction, Object, ObjectKind};
use rundt_domain::id::{TeamId, UserId};
use rundt_domain::oncall::rota::{OffDays, WeekdayNights};
use rundt_domain::oncall::{Limits, OnCallTeam, Pattern};
use rundt_domain::team::Team;
use rundt_store::OnCallSettings;

use crate::organisation::{TeamAtHand, load_team};
use crate::{Actor, App, AppResult};

/// A team with what the rota's rules need of it.
pub(crate) struct Loaded {
    pub team: Team,
    pub on_call: OnCallTeam,
    /// Every current member's name (on call or not).
    pub names: BTreeMap<UserId, String>,
    pub settings: OnCallSettings,
    pub settings_version: Option<i64>,
}

impl Loaded {
    pub(crate) fn name(&self, person: UserId) -> String {
        self.names
            .get(&person)
            .cloned()
            .unwrap_or_else(|| format!("#{person}"))
    }

    pub(crate) fn pattern(&self) -> Pattern {
        pattern_of(&self.settings)
    }

    pub(crate) fn limits(&self) -> Limits {
        Limits {
            max_hours_in_row: self.settings.max_hours_in_row,
            max_shifts_per_week: self.settings.max_shifts_per_week,
        }
    }
}

/// The pattern the settings choose; the default when none was chosen.
pub fn pattern_of(settings: &OnCallSettings) -> Pattern {
    Pattern {
        weekday_nights: settings
            .weekday_split_hour
            .and_then(|h| WeekdayNights::split_at(h).ok())
            .unwrap_or(WeekdayNights::Whole),
        off_days: if settings.off_days_whole {
            OffDays::Whole
        } else {
            OffDays::Daily
        },
    }
}

pub(crate) async fn load(app: &App, team_id: TeamId) -> AppResult<Loaded> {
    loaded_from(app, &load_team(app, team_id).await?).await
}

/// The rota's team from a team already read (its page): only the rota's
/// settings are read.
pub(crate) async fn loaded_from(app: &App, at_hand: &TeamAtHand) -> AppResult<Loaded> {
    let TeamAtHand { team, members, .. } = at_hand;
    let on_call = OnCallTeam::new(
        team.country,
        members.iter().map(|m| (m.user_id, m.position)),
    );
    let names = members
        .iter()
        .map(|m| (m.user_id, m.display_name.clone()))
        .collect();
    let stored = app.store.oncall_settings(team.id).await?;
    Ok(Loaded {
        team: team.clone(),
        on_call,
        names,
        settings_version: stored.as_ref().map(|s| s.version),
        settings: stored.map(|s| s.settings).unwrap_or_default(),
    })
}

/// The audit event of a step on the team's rota.
pub(crate) fn event(
    app: &App,
    actor: &Actor,
    action: AuditAction,
    team_id: TeamId,
) -> rundt_domain::audit::AuditEvent {
    actor.event(app.clock.now(), action, rota_object(team_id))
}

pub(crate) fn rota_object(team_id: TeamId) -> Object {
    Object::keyed(ObjectKind::OnCallRota, team_id.get())
}
