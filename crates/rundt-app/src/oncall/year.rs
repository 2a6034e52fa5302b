//! The share of the year so far the rota covered: of the hours outside
//! office hours from 1 January (the team's clock) to now, those someone
//! was on call (the domain's `figures::coverage`). A figure of the team,
//! not of any person.

use chrono::{Datelike, NaiveDate};
use rundt_domain::oncall::Span;
use rundt_domain::oncall::figures::{Coverage, coverage};
use rundt_domain::team::Team;
use rundt_store::ShiftRecord;

use crate::{App, AppResult};

/// The team's coverage from 1 January of this year (its clock) to now.
pub(crate) async fn year_so_far(app: &App, team: &Team) -> AppResult<Coverage> {
    let now = app.clock.now();
    let country = team.country;
    let today = country.local_date(now);
    let first = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    let window = Span {
        from: country.start_of_day(first),
        until: now,
    };
    let shifts: Vec<_> = app
        .store
        .shifts_between(team.id, window.from, window.until)
        .await?
        .iter()
        .map(ShiftRecord::shift)
        .collect();
    Ok(coverage(country, window, &shifts))
}
