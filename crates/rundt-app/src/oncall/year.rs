//! The share of the year so far the rota covered: of the hours outside
//! office hours from 1 January (the team's clock) to now, those someone
//! was on call (the domain's `figures::coverage`). A figure of the team,
//! not of any person.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rundt_domain::country::Country;
use rundt_domain::oncall::Span;
use rundt_domain::oncall::figures::{Coverage, coverage};
use rundt_domain::team::Team;
use rundt_store::ShiftRecord;

use crate::{App, AppResult};

/// The team's coverage from 1 January of this year (its clock) to now.
pub(crate) async fn year_so_far(app: &App, team: &Team) -> AppResult<Coverage> {
    let window = year_window(team.country, app.clock.now());
    let shifts = app
        .store
        .shifts_between(team.id, window.from, window.until)
        .await?;
    Ok(year_coverage(team.country, window, &shifts))
}

/// From 1 January of this year (the team's clock) to `now`.
pub(crate) fn year_window(country: Country, now: DateTime<Utc>) -> Span {
    let today = country.local_date(now);
    let first = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    Span {
        from: country.start_of_day(first),
        until: now,
    }
}

/// The coverage of `window` ([`year_window`]) by `shifts`, which hold at
/// least every shift overlapping it.
pub(crate) fn year_coverage(country: Country, window: Span, shifts: &[ShiftRecord]) -> Coverage {
    let shifts: Vec<_> = shifts.iter().map(ShiftRecord::shift).collect();
    coverage(country, window, &shifts)
}
