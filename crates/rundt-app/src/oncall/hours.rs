//! Hours on call per person per month: each shift's true length split at
//! the months' local midnights (the domain's
//! `figures::hours_per_person_per_month`, overlapping shifts of one person
//! counted once), and the shifts counted in the month they start. For the
//! team's supervisor and the national office; audited.

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};
use rundt_domain::audit::AuditAction;
use rundt_domain::country::Country;
use rundt_domain::id::{TeamId, UserId};
use rundt_domain::msg;
use rundt_domain::oncall::Shift;
use rundt_domain::oncall::figures::hours_per_person_per_month;

use super::who::require_edit;
use super::{event, load};
use crate::{Actor, App, AppError, AppResult};

/// The most months one export covers.
pub const MAX_MONTHS: u32 = 24;

/// One person's month on call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthHours {
    pub person_id: UserId,
    pub name: String,
    /// The month's first day.
    pub month: NaiveDate,
    /// Minutes on call in the month, clock changes included.
    pub minutes: i64,
    /// Shifts that start in the month.
    pub shifts: u32,
}

/// The first day of the month `months` after `first`'s.
fn month_after(first: NaiveDate, months: u32) -> NaiveDate {
    first
        .with_day(1)
        .and_then(|d| d.checked_add_months(Months::new(months)))
        .unwrap_or(first)
}

/// Minutes and starts per (person, month) over `months` months from the
/// month of `first`, on `country`'s clock.
pub fn by_month(
    country: Country,
    first: NaiveDate,
    months: u32,
    shifts: &[Shift],
) -> BTreeMap<(UserId, NaiveDate), (i64, u32)> {
    let from = month_after(first, 0);
    let until = month_after(from, months);
    let mut out: BTreeMap<(UserId, NaiveDate), (i64, u32)> = BTreeMap::new();
    for m in hours_per_person_per_month(country, shifts) {
        let Some(month) = m.month.first_day() else {
            continue;
        };
        if from <= month && month < until && m.minutes > 0 {
            out.entry((m.person, month)).or_default().0 += m.minutes;
        }
    }
    for s in shifts {
        let month = month_after(country.local_date(s.starts_at), 0);
        if from <= month && month < until {
            out.entry((s.person, month)).or_default().1 += 1;
        }
    }
    out
}

/// The team's hours on call per person per month, `months` months from
/// the month of `first`.
pub async fn hours_per_month(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
    first: NaiveDate,
    months: u32,
) -> AppResult<Vec<MonthHours>> {
    let action = AuditAction::OnCallHours;
    let loaded = load(app, team_id).await?;
    require_edit(app, actor, &loaded.team, action).await?;
    if !(1..=MAX_MONTHS).contains(&months) {
        return Err(AppError::invalid(
            "months",
            msg!("oncall-months", max = MAX_MONTHS),
        ));
    }
    let country = loaded.team.country;
    let first = month_after(first, 0);
    let shifts: Vec<Shift> = app
        .store
        .shifts_between(
            team_id,
            country.start_of_day(first),
            country.start_of_day(month_after(first, months)),
        )
        .await?
        .iter()
        .map(|r| r.shift())
        .collect();
    let mut out = Vec::new();
    for ((person_id, month), (minutes, shifts)) in by_month(country, first, months, &shifts) {
        let name = match loaded.names.get(&person_id) {
            Some(name) => name.clone(),
            None => app
                .store
                .get_user(person_id)
                .await?
                .map_or_else(|| format!("#{person_id}"), |u| u.display_name),
        };
        out.push(MonthHours {
            person_id,
            name,
            month,
            minutes,
            shifts,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name).then(a.month.cmp(&b.month)));
    app.store
        .append_audit(&event(app, actor, action, team_id))
        .await?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, NaiveDateTime, Utc};

    fn at(s: &str) -> DateTime<Utc> {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M")
            .unwrap()
            .and_utc()
    }

    #[test]
    fn a_night_across_the_month_is_split_at_local_midnight_and_counted_where_it_starts() {
        let bo = UserId::new(2);
        // 30 September 16:00 to 1 October 08:00, Copenhagen summer time.
        let night = Shift {
            person: bo,
            starts_at: at("2026-09-30 14:00"),
            ends_at: at("2026-10-01 06:00"),
        };
        // The night the clocks go back: 22:00 to 08:00 is 11 hours.
        let long = Shift {
            person: bo,
            starts_at: at("2026-10-24 20:00"),
            ends_at: at("2026-10-25 07:00"),
        };
        let sep = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
        let oct = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        let got = by_month(Country::DK, sep, 2, &[night, long]);
        assert_eq!(got[&(bo, sep)], (8 * 60, 1));
        assert_eq!(got[&(bo, oct)], (8 * 60 + 11 * 60, 1));
    }

    #[test]
    fn overlapping_shifts_of_one_person_count_their_common_time_once_and_both_starts() {
        let bo = UserId::new(2);
        // 16:00–08:00 and a shadow shift 20:00–23:00 the same night.
        let night = Shift {
            person: bo,
            starts_at: at("2026-11-02 15:00"),
            ends_at: at("2026-11-03 07:00"),
        };
        let shadow = Shift {
            person: bo,
            starts_at: at("2026-11-02 19:00"),
            ends_at: at("2026-11-02 22:00"),
        };
        let nov = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let got = by_month(Country::DK, nov, 1, &[night, shadow]);
        assert_eq!(got[&(bo, nov)], (16 * 60, 2));
        assert_eq!(got.len(), 1);
    }
}
