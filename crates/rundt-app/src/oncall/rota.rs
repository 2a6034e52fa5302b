//! The team's rota over the coming weeks, with the coverage review, and
//! who is on call now and next.

use chrono::{DateTime, Duration, Utc};
use rundt_domain::audit::AuditAction;
use rundt_domain::country::Country;
use rundt_domain::id::{TeamId, UserId};
use rundt_domain::message::Message;
pub use rundt_domain::oncall::figures::Coverage as YearCoverage;
use rundt_domain::oncall::hours::{COMING_WEEKS, coming_weeks};
use rundt_domain::oncall::{
    CoverageReport, Leave, Limits, Pattern, Span, next_on_call, on_call_now, review,
};
use rundt_store::{LeaveRecord, OnCallSettings, PublicationRecord, ShiftRecord};

use super::swaps::{SwapView, swap_views};
use super::who::{may_edit, require_read};
use super::{Loaded, event, load};
use crate::organisation::TeamAtHand;
use crate::{Actor, App, AppResult};

/// A person who may be on call in the team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RotaPerson {
    pub user_id: UserId,
    pub name: String,
}

/// A shift with the name of the person on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonShift {
    pub record: ShiftRecord,
    pub name: String,
}

impl PersonShift {
    /// Its true length, clock changes included.
    pub fn length(&self) -> Duration {
        self.record.ends_at - self.record.starts_at
    }
}

/// Leave with the person's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RotaLeave {
    pub record: LeaveRecord,
    pub name: String,
}

/// The team's rota as its supervisor and staff see it.
#[derive(Debug, Clone)]
pub struct RotaView {
    pub team_id: TeamId,
    pub team_name: String,
    pub country: Country,
    /// The coming weeks the review looks at: from now to local midnight
    /// eight weeks ahead.
    pub window: Span,
    /// The shifts from the start of today (the team's clock) to the end of
    /// the window, by start.
    pub shifts: Vec<PersonShift>,
    pub people: Vec<RotaPerson>,
    pub leave: Vec<RotaLeave>,
    pub settings: OnCallSettings,
    pub settings_version: Option<i64>,
    pub pattern: Pattern,
    pub limits: Limits,
    pub report: CoverageReport,
    /// The gaps, then the findings, in plain words.
    pub notices: Vec<Message>,
    pub publication: Option<PublicationRecord>,
    /// Swaps of the team, newest first.
    pub swaps: Vec<SwapView>,
    /// Whether the reader edits the rota (else reads it, and swaps).
    pub may_edit: bool,
    /// The share of this year so far the rota covered.
    pub year: YearCoverage,
    /// The team's crisis contacts per month, the last six, oldest first.
    pub contact_months: Vec<super::contact_figures::ContactMonth>,
}

/// The coverage of the coming weeks, as the review sees it.
pub(crate) struct Coverage {
    pub window: Span,
    pub shifts: Vec<ShiftRecord>,
    pub leave: Vec<LeaveRecord>,
    pub report: CoverageReport,
}

pub(crate) async fn coverage(app: &App, loaded: &Loaded) -> AppResult<Coverage> {
    let window = coming_weeks(loaded.team.country, app.clock.now(), COMING_WEEKS);
    let day_start = start_of_today(loaded.team.country, app.clock.now());
    let shifts = app
        .store
        .shifts_between(loaded.team.id, day_start, window.until)
        .await?;
    coverage_by(app, loaded, window, shifts).await
}

/// The start of today on the team's clock: the coming weeks' shifts are
/// those from then.
fn start_of_today(country: Country, now: DateTime<Utc>) -> DateTime<Utc> {
    country.start_of_day(country.local_date(now))
}

/// [`coverage`] of `window` by `shifts`, which are the team's shifts
/// overlapping today's start to the window's end (read by the caller).
async fn coverage_by(
    app: &App,
    loaded: &Loaded,
    window: Span,
    shifts: Vec<ShiftRecord>,
) -> AppResult<Coverage> {
    let today = loaded.team.country.local_date(app.clock.now());
    let last_day = loaded.team.country.local_date(window.until);
    let leave = app
        .store
        .leave_between(loaded.team.id, today, last_day)
        .await?;
    let domain_leave: Vec<Leave> = leave
        .iter()
        .map(|l| Leave {
            person: l.person_id,
            first_day: l.first_day,
            last_day: l.last_day,
        })
        .collect();
    let domain_shifts: Vec<_> = shifts.iter().map(ShiftRecord::shift).collect();
    let report = review(
        &loaded.on_call,
        window,
        &domain_shifts,
        &domain_leave,
        loaded.limits(),
    );
    Ok(Coverage {
        window,
        shifts,
        leave,
        report,
    })
}

/// The gaps, then the findings, in plain words.
pub(crate) fn notices(loaded: &Loaded, report: &CoverageReport) -> Vec<Message> {
    let country = loaded.team.country;
    report
        .gaps
        .iter()
        .map(|g| g.message(country))
        .chain(
            report
                .findings
                .iter()
                .map(|f| f.message(country, &loaded.name(f.person()))),
        )
        .collect()
}

/// The team's rota over the coming weeks with what the review finds: for
/// its supervisor, its staff on call and the national office. Audited.
pub async fn rota(app: &App, actor: &Actor, team_id: TeamId) -> AppResult<RotaView> {
    let loaded = load(app, team_id).await?;
    let action = AuditAction::OnCallRead;
    require_read(app, actor, &loaded.team, action).await?;
    let c = coverage(app, &loaded).await?;
    let swaps = swap_views(app, &loaded).await?;
    let publication = app.store.latest_publication(team_id).await?;
    let contact_months =
        super::contact_figures::contact_months(app, team_id, loaded.team.country).await?;
    app.store
        .append_audit(&event(app, actor, action, team_id))
        .await?;
    let may_edit = actor.principal().is_none_or(|p| may_edit(p, &loaded.team));
    Ok(RotaView {
        contact_months,
        team_id,
        team_name: loaded.team.name.clone(),
        country: loaded.team.country,
        window: c.window,
        shifts: c
            .shifts
            .into_iter()
            .map(|record| PersonShift {
                name: loaded.name(record.person_id),
                record,
            })
            .collect(),
        people: loaded
            .on_call
            .people()
            .map(|user_id| RotaPerson {
                user_id,
                name: loaded.name(user_id),
            })
            .collect(),
        leave: c
            .leave
            .into_iter()
            .map(|record| RotaLeave {
                name: loaded.name(record.person_id),
                record,
            })
            .collect(),
        notices: notices(&loaded, &c.report),
        report: c.report,
        settings_version: loaded.settings_version,
        pattern: loaded.pattern(),
        limits: loaded.limits(),
        settings: loaded.settings,
        publication,
        swaps,
        may_edit,
        year: super::year::year_so_far(app, &loaded.team).await?,
    })
}

/// What the team page shows of the rota.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnCallSummary {
    /// The number families call outside office hours.
    pub phone: Option<String>,
    /// Who is on call now and next, and the gaps of the coming weeks:
    /// only for those who read the rota.
    pub rota: Option<RotaGlance>,
}

/// Who is on call now and next, and how many gaps the coming weeks have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RotaGlance {
    pub now: Vec<PersonShift>,
    pub next: Option<PersonShift>,
    pub gaps: usize,
    /// The share of this year so far the rota covered.
    pub year: YearCoverage,
}

/// The on-call phone of the team, and for those who read its rota who is
/// on call now and next and how many gaps the coming weeks have.
pub async fn on_call_summary(
    app: &App,
    actor: &Actor,
    team: &TeamAtHand,
) -> AppResult<OnCallSummary> {
    let team_id = team.team.id;
    let loaded = super::loaded_from(app, team).await?;
    let reads = actor
        .principal()
        .is_none_or(|p| super::who::may_read(p, &loaded.team));
    let phone = loaded.settings.phone.clone();
    if !reads {
        return Ok(OnCallSummary { phone, rota: None });
    }
    // One read of the shifts for the three views of them: the year so far,
    // the coming weeks' coverage, and who is on call now and next (up to
    // four weeks beyond).
    let (country, now) = (loaded.team.country, app.clock.now());
    let window = coming_weeks(country, now, COMING_WEEKS);
    let year = super::year::year_window(country, now);
    let day_start = start_of_today(country, now);
    let until = window.until + Duration::weeks(4);
    let read = app
        .store
        .shifts_between(team_id, year.from.min(day_start), until)
        .await?;
    let between = |from: DateTime<Utc>, until: DateTime<Utc>| -> Vec<ShiftRecord> {
        read.iter()
            .filter(|s| s.starts_at < until && s.ends_at > from)
            .cloned()
            .collect()
    };
    let c = coverage_by(app, &loaded, window, between(day_start, window.until)).await?;
    let all = between(day_start, until);
    let year = super::year::year_coverage(country, year, &between(year.from, year.until));
    let domain: Vec<_> = all.iter().map(ShiftRecord::shift).collect();
    let named = |s: rundt_domain::oncall::Shift| {
        all.iter()
            .find(|r| r.shift() == s)
            .map(|record| PersonShift {
                name: loaded.name(record.person_id),
                record: record.clone(),
            })
    };
    Ok(OnCallSummary {
        phone,
        rota: Some(RotaGlance {
            now: on_call_now(now, &domain)
                .into_iter()
                .filter_map(named)
                .collect(),
            next: next_on_call(now, &domain).and_then(named),
            gaps: c.report.gaps.len(),
            year,
        }),
    })
}
