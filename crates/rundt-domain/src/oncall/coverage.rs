//! Coverage: the hours of a window nobody is on call, two people on call at
//! once, and a person on call against their leave or beyond the team's
//! limits.
//!
//! Two people on call at once is allowed (a new therapist shadowing, a
//! handover) and only reported; a gap is what a supervisor must fill, or
//! explain before publishing the rota ([`check_publish`]).

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use crate::DomainError;
use crate::country::Country;
use crate::error::clean_text;
use crate::id::UserId;
use crate::message::Message;
use crate::msg;
use crate::oncall::hours::{Span, must_cover};
use crate::oncall::rota::{OnCallTeam, Shift};

/// The longest written reason for publishing a rota with a gap.
pub const MAX_REASON_CHARS: usize = 1000;

/// A stretch outside office hours with nobody on call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Gap(pub Span);

impl Gap {
    /// "Nobody is on call from … to …", on the team's clock.
    pub fn message(&self, country: Country) -> Message {
        msg!(
            "oncall-gap",
            from = country.local_time(self.0.from),
            until = country.local_time(self.0.until)
        )
    }
}

/// Two people on call at once: allowed, and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Overlap {
    pub span: Span,
    pub people: (UserId, UserId),
}

/// A person's leave, as whole days on the team's clock, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Leave {
    pub person: UserId,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
}

impl Leave {
    /// A person's leave from `first_day` to `last_day`, when it does not
    /// end before it begins (one day's leave has them the same).
    pub fn new(
        person: UserId,
        first_day: NaiveDate,
        last_day: NaiveDate,
    ) -> Result<Self, DomainError> {
        if last_day < first_day {
            return Err(DomainError::invalid(
                "last_day",
                msg!("oncall-leave-ends-before-start"),
            ));
        }
        Ok(Self {
            person,
            first_day,
            last_day,
        })
    }

    fn span(&self, country: Country) -> Span {
        let after = self.last_day.succ_opt().unwrap_or(self.last_day);
        Span::new(
            country.start_of_day(self.first_day),
            country.start_of_day(after),
        )
    }
}

/// The limits a team sets for one person's on-call load; none by default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Limits {
    /// The most hours one person is on call without a break.
    pub max_hours_in_row: Option<u32>,
    /// The most shifts one person starts in a week (Monday to Sunday).
    pub max_shifts_per_week: Option<u32>,
}

impl Limits {
    /// The limits a team typed: hours in a row from 1 to 168, shifts per
    /// week from 1 to 14; either may be left out.
    pub fn parse(
        max_hours_in_row: Option<u32>,
        max_shifts_per_week: Option<u32>,
    ) -> Result<Self, DomainError> {
        let mut v = crate::error::Validator::new();
        v.check(
            max_hours_in_row.is_none_or(|h| (1..=168).contains(&h)),
            "max_hours_in_row",
            msg!("oncall-limit-hours", min = 1, max = 168),
        );
        v.check(
            max_shifts_per_week.is_none_or(|s| (1..=14).contains(&s)),
            "max_shifts_per_week",
            msg!("oncall-limit-shifts", min = 1, max = 14),
        );
        v.finish()?;
        Ok(Self {
            max_hours_in_row,
            max_shifts_per_week,
        })
    }
}

/// A person on call where they should not be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Finding {
    /// A shift during the person's leave.
    OnLeave { person: UserId, shift: Span },
    /// Shifts back to back (or overlapping) longer than the team allows.
    TooManyHoursInRow { person: UserId, run: Span, max: u32 },
    /// More shifts starting in one ISO week than the team allows.
    TooManyShiftsInWeek {
        person: UserId,
        year: i32,
        week: u32,
        shifts: u32,
        max: u32,
    },
}

impl Finding {
    /// Whom it is about.
    pub fn person(&self) -> UserId {
        match self {
            Self::OnLeave { person, .. }
            | Self::TooManyHoursInRow { person, .. }
            | Self::TooManyShiftsInWeek { person, .. } => *person,
        }
    }

    /// What to tell the supervisor, naming the person `name`.
    pub fn message(&self, country: Country, name: &str) -> Message {
        match *self {
            Self::OnLeave { shift, .. } => msg!(
                "oncall-on-leave",
                name = name,
                from = country.local_time(shift.from),
                until = country.local_time(shift.until)
            ),
            Self::TooManyHoursInRow { run, max, .. } => msg!(
                "oncall-too-many-hours",
                name = name,
                hours = run.length().num_hours(),
                from = country.local_time(run.from),
                max = max
            ),
            Self::TooManyShiftsInWeek {
                year,
                week,
                shifts,
                max,
                ..
            } => msg!(
                "oncall-too-many-shifts",
                name = name,
                shifts = shifts,
                monday = NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon)
                    .map_or_else(|| format!("{year}-W{week:02}"), |d| d.to_string()),
                max = max
            ),
        }
    }
}

/// What a look at the rota over a window finds.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct CoverageReport {
    pub gaps: Vec<Gap>,
    pub overlaps: Vec<Overlap>,
    pub findings: Vec<Finding>,
}

impl CoverageReport {
    /// Nothing for the supervisor to act on (overlaps are allowed).
    pub fn is_clear(&self) -> bool {
        self.gaps.is_empty() && self.findings.is_empty()
    }
}

/// The stretches of `window` outside office hours that no shift covers.
pub fn gaps(country: Country, window: Span, shifts: &[Shift]) -> Vec<Gap> {
    gaps_in(&must_cover(country, window), shifts)
}

/// The parts of `stretches` (in order, as [`must_cover`] gives them) that
/// no shift covers.
pub fn gaps_in(stretches: &[Span], shifts: &[Shift]) -> Vec<Gap> {
    let mut sorted: Vec<Span> = shifts.iter().map(Shift::span).collect();
    sorted.sort_by_key(|s| s.from);
    let mut gaps = Vec::new();
    for stretch in stretches.iter().copied() {
        let mut covered_to = stretch.from;
        for shift in &sorted {
            if shift.from >= stretch.until || covered_to >= stretch.until {
                break;
            }
            if shift.from > covered_to {
                gaps.push(Gap(Span::new(covered_to, shift.from)));
            }
            covered_to = covered_to.max(shift.until);
        }
        if covered_to < stretch.until {
            gaps.push(Gap(Span::new(covered_to, stretch.until)));
        }
    }
    gaps
}

/// Every pair of people on call at the same time, in order of time.
pub fn overlaps(shifts: &[Shift]) -> Vec<Overlap> {
    let mut sorted: Vec<&Shift> = shifts.iter().collect();
    sorted.sort_by_key(|s| (s.starts_at, s.person));
    let mut found = Vec::new();
    for (i, a) in sorted.iter().enumerate() {
        for b in sorted.iter().skip(i + 1) {
            if b.starts_at >= a.ends_at {
                break;
            }
            if a.person != b.person {
                found.push(Overlap {
                    span: Span::new(b.starts_at, a.ends_at.min(b.ends_at)),
                    people: (a.person, b.person),
                });
            }
        }
    }
    found
}

/// The rota over `window`: its gaps, its overlaps, and everyone on call
/// against their leave or beyond the team's limits. Only shifts that touch
/// the window count.
pub fn review(
    team: &OnCallTeam,
    window: Span,
    shifts: &[Shift],
    leave: &[Leave],
    limits: Limits,
) -> CoverageReport {
    let country = team.country();
    let mut in_window: Vec<Shift> = shifts
        .iter()
        .filter(|s| s.span().overlaps(&window))
        .copied()
        .collect();
    in_window.sort_by_key(|s| (s.starts_at, s.person));
    let mut findings = Vec::new();
    for shift in &in_window {
        for l in leave.iter().filter(|l| l.person == shift.person) {
            if shift.span().overlaps(&l.span(country)) {
                findings.push(Finding::OnLeave {
                    person: shift.person,
                    shift: shift.span(),
                });
                break;
            }
        }
    }
    if let Some(max) = limits.max_hours_in_row {
        for (person, run) in runs(&in_window) {
            if run.length() > Duration::hours(i64::from(max)) {
                findings.push(Finding::TooManyHoursInRow { person, run, max });
            }
        }
    }
    if let Some(max) = limits.max_shifts_per_week {
        let mut per_week: BTreeMap<(UserId, i32, u32), u32> = BTreeMap::new();
        for shift in &in_window {
            let week = country.local_date(shift.starts_at).iso_week();
            *per_week
                .entry((shift.person, week.year(), week.week()))
                .or_default() += 1;
        }
        for ((person, year, week), shifts) in per_week {
            if shifts > max {
                findings.push(Finding::TooManyShiftsInWeek {
                    person,
                    year,
                    week,
                    shifts,
                    max,
                });
            }
        }
    }
    CoverageReport {
        gaps: gaps(country, window, &in_window),
        overlaps: overlaps(&in_window),
        findings,
    }
}

/// Each person's stretches on call without a break: shifts that meet or
/// overlap make one run. Sorted by person, then time.
fn runs(shifts: &[Shift]) -> Vec<(UserId, Span)> {
    let mut by_person: BTreeMap<UserId, Vec<Span>> = BTreeMap::new();
    for shift in shifts {
        by_person
            .entry(shift.person)
            .or_default()
            .push(shift.span());
    }
    let mut runs = Vec::new();
    for (person, mut spans) in by_person {
        spans.sort_by_key(|s| s.from);
        let mut current: Option<Span> = None;
        for span in spans {
            current = match current {
                Some(run) if span.from <= run.until => {
                    Some(Span::new(run.from, run.until.max(span.until)))
                }
                Some(run) => {
                    runs.push((person, run));
                    Some(span)
                }
                None => Some(span),
            };
        }
        runs.extend(current.map(|run| (person, run)));
    }
    runs
}

/// Whether a rota with `gaps` may be published with `reason`: a rota with
/// a gap needs a written reason; one without needs none (a reason given
/// anyway is kept). Returns the reason to keep.
pub fn check_publish(gaps: &[Gap], reason: &str) -> Result<Option<String>, DomainError> {
    if reason.trim().is_empty() {
        if gaps.is_empty() {
            return Ok(None);
        }
        return Err(DomainError::invalid(
            "reason",
            msg!("oncall-gap-reason-missing", gaps = gaps.len()),
        ));
    }
    clean_text("reason", reason, MAX_REASON_CHARS).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oncall::rota::{Pattern, assign_in_turn};
    use crate::oncall::test_support::{ANNE, BO, CARL, shift, team};
    use crate::testing::day;

    /// The days `first` to `last` on the team's clock, from midnight.
    fn days(country: Country, first: &str, last: &str) -> Span {
        let after = day(last).succ_opt().unwrap();
        Span::new(
            country.start_of_day(day(first)),
            country.start_of_day(after),
        )
    }

    /// The default rota from the day before `first` to `last`, in turn.
    fn default_rota(country: Country, first: &str, last: &str) -> Vec<Shift> {
        let slots = Pattern::default().slots(country, day(first).pred_opt().unwrap(), day(last));
        assign_in_turn(&team(country), &slots, &[ANNE, BO, CARL]).unwrap()
    }

    fn written(country: Country, gaps: &[Gap]) -> Vec<(String, String, i64)> {
        gaps.iter()
            .map(|g| {
                (
                    country.local_time(g.0.from),
                    country.local_time(g.0.until),
                    g.0.length().num_hours(),
                )
            })
            .collect()
    }

    fn without(shifts: &[Shift], country: Country, starting: &str) -> Vec<Shift> {
        shifts
            .iter()
            .filter(|s| country.local_time(s.starts_at) != starting)
            .copied()
            .collect()
    }

    #[test]
    fn the_default_pattern_leaves_no_gap_over_eight_weeks() {
        for country in Country::ALL {
            let rota = default_rota(country, "2026-12-01", "2027-01-25");
            let window = days(country, "2026-12-01", "2027-01-25");
            let report = review(&team(country), window, &rota, &[], Limits::default());
            assert!(report.is_clear(), "{country}: {report:?}");
            assert!(report.overlaps.is_empty());
        }
    }

    #[test]
    fn the_default_pattern_covers_every_hour_outside_office_hours_2024_to_2030() {
        for country in Country::ALL {
            let slots = Pattern::default().slots(country, day("2023-12-31"), day("2030-12-31"));
            let rota = assign_in_turn(&team(country), &slots, &[ANNE, BO, CARL]).unwrap();
            let window = days(country, "2024-01-01", "2030-12-31");
            assert!(gaps(country, window, &rota).is_empty(), "{country}");
            assert!(overlaps(&rota).is_empty(), "{country}");
            // Weekday nights last 16 hours and other days 24, but for the
            // Saturdays into the Sundays the clocks change: 23 hours in March,
            // 25 in October (a weekday night never spans a change).
            for shift in &rota {
                let hours = shift.length().num_hours();
                assert!([16, 23, 24, 25].contains(&hours), "{shift:?}");
            }
            let changed = |h: i64| rota.iter().filter(|s| s.length().num_hours() == h).count();
            assert_eq!((changed(23), changed(25)), (7, 7), "{country}");
        }
    }

    #[test]
    fn an_empty_rota_is_one_gap_per_stretch_outside_office_hours() {
        // Friday 4 December 2026 to Sunday: the night before, then from the
        // office's closing on Friday to the end of Sunday.
        let found = gaps(
            Country::DK,
            days(Country::DK, "2026-12-04", "2026-12-06"),
            &[],
        );
        assert_eq!(
            written(Country::DK, &found),
            [
                ("2026-12-04 00:00".into(), "2026-12-04 08:00".into(), 8),
                ("2026-12-04 16:00".into(), "2026-12-07 00:00".into(), 56),
            ]
        );
    }

    #[test]
    fn a_missing_saturday_the_clocks_go_forward_is_a_gap_of_twenty_three_hours() {
        for country in Country::ALL {
            let rota = default_rota(country, "2026-03-23", "2026-04-05");
            let window = days(country, "2026-03-23", "2026-04-05");
            assert!(gaps(country, window, &rota).is_empty(), "{country}");
            let holed = without(&rota, country, "2026-03-28 08:00");
            assert_eq!(
                written(country, &gaps(country, window, &holed)),
                [("2026-03-28 08:00".into(), "2026-03-29 08:00".into(), 23)],
                "{country}"
            );
        }
    }

    #[test]
    fn a_missing_saturday_the_clocks_go_back_is_a_gap_of_twenty_five_hours() {
        for country in Country::ALL {
            let rota = default_rota(country, "2026-10-19", "2026-11-01");
            let window = days(country, "2026-10-19", "2026-11-01");
            assert!(gaps(country, window, &rota).is_empty(), "{country}");
            let holed = without(&rota, country, "2026-10-24 08:00");
            assert_eq!(
                written(country, &gaps(country, window, &holed)),
                [("2026-10-24 08:00".into(), "2026-10-25 08:00".into(), 25)],
                "{country}"
            );
        }
    }

    #[test]
    fn shifts_meeting_in_the_skipped_spring_hour_leave_no_gap() {
        for country in Country::ALL {
            let window = Span::new(
                crate::oncall::clock::start_instant(
                    country,
                    day("2026-03-28").and_hms_opt(22, 0, 0).unwrap(),
                ),
                crate::oncall::clock::start_instant(
                    country,
                    day("2026-03-29").and_hms_opt(8, 0, 0).unwrap(),
                ),
            );
            let rota = [
                shift(country, ANNE, "2026-03-28 22:00", "2026-03-29 02:30"),
                shift(country, BO, "2026-03-29 02:30", "2026-03-29 08:00"),
            ];
            assert!(gaps(country, window, &rota).is_empty(), "{country}");
            assert!(overlaps(&rota).is_empty(), "{country}");
            assert_eq!(rota[0].length() + rota[1].length(), Duration::hours(9));
        }
    }

    #[test]
    fn shifts_meeting_in_the_repeated_autumn_hour_overlap_by_that_hour() {
        for country in Country::ALL {
            let rota = [
                shift(country, ANNE, "2026-10-24 22:00", "2026-10-25 02:30"),
                shift(country, BO, "2026-10-25 02:30", "2026-10-25 08:00"),
            ];
            let window = Span::new(rota[0].starts_at, rota[1].ends_at);
            assert!(gaps(country, window, &rota).is_empty(), "{country}");
            let found = overlaps(&rota);
            assert_eq!(found.len(), 1);
            assert_eq!(found[0].span.length(), Duration::hours(1));
            assert_eq!(found[0].people, (ANNE, BO));
        }
    }

    #[test]
    fn a_shift_ending_early_leaves_a_gap_until_the_office_opens() {
        let rota = [shift(
            Country::NO,
            BO,
            "2026-12-07 16:00",
            "2026-12-08 06:00",
        )];
        let window = days(Country::NO, "2026-12-07", "2026-12-08");
        let found = gaps(Country::NO, window, &rota);
        assert_eq!(
            written(Country::NO, &found[1..2]),
            [("2026-12-08 06:00".into(), "2026-12-08 08:00".into(), 2)]
        );
        assert_eq!(
            found[1].message(Country::NO),
            msg!(
                "oncall-gap",
                from = "2026-12-08 06:00",
                until = "2026-12-08 08:00"
            )
        );
    }

    #[test]
    fn two_people_on_call_at_once_is_allowed_and_shown() {
        let rota = [
            shift(Country::DK, ANNE, "2026-12-07 16:00", "2026-12-08 08:00"),
            shift(Country::DK, BO, "2026-12-07 20:00", "2026-12-07 23:00"),
        ];
        let window = Span::new(rota[0].starts_at, rota[0].ends_at);
        let report = review(&team(Country::DK), window, &rota, &[], Limits::default());
        assert!(report.is_clear());
        assert_eq!(report.overlaps.len(), 1);
        assert_eq!(report.overlaps[0].span, rota[1].span());
    }

    #[test]
    fn a_shift_during_the_persons_leave_is_flagged() {
        let rota = [
            // The night into the first day of leave, and one before it.
            shift(Country::DK, BO, "2026-12-06 08:00", "2026-12-07 08:00"),
            shift(Country::DK, BO, "2026-12-05 08:00", "2026-12-06 08:00"),
            shift(Country::DK, ANNE, "2026-12-08 16:00", "2026-12-09 08:00"),
        ];
        let leave = [Leave::new(BO, day("2026-12-07"), day("2026-12-11")).unwrap()];
        let window = days(Country::DK, "2026-12-05", "2026-12-11");
        let report = review(&team(Country::DK), window, &rota, &leave, Limits::default());
        assert_eq!(
            report.findings,
            [Finding::OnLeave {
                person: BO,
                shift: rota[0].span()
            }]
        );
        assert_eq!(
            report.findings[0].message(Country::DK, "Bo"),
            msg!(
                "oncall-on-leave",
                name = "Bo",
                from = "2026-12-06 08:00",
                until = "2026-12-07 08:00"
            )
        );
    }

    #[test]
    fn back_to_back_shifts_beyond_the_teams_limit_of_hours_in_a_row_are_flagged() {
        let rota = [
            shift(Country::NO, CARL, "2026-12-04 16:00", "2026-12-05 08:00"),
            shift(Country::NO, CARL, "2026-12-05 08:00", "2026-12-06 08:00"),
        ];
        let window = days(Country::NO, "2026-12-04", "2026-12-06");
        let strict = Limits::parse(Some(24), None).unwrap();
        let report = review(&team(Country::NO), window, &rota, &[], strict);
        let run = Span::new(rota[0].starts_at, rota[1].ends_at);
        assert_eq!(
            report.findings,
            [Finding::TooManyHoursInRow {
                person: CARL,
                run,
                max: 24
            }]
        );
        assert_eq!(
            report.findings[0].message(Country::NO, "Carl").arg("hours"),
            Some(&40.into())
        );
        let lenient = Limits::parse(Some(40), None).unwrap();
        let report = review(&team(Country::NO), window, &rota, &[], lenient);
        assert!(report.findings.is_empty());
    }

    #[test]
    fn a_saturday_the_clocks_go_back_is_twenty_five_hours_in_a_row() {
        let rota = [shift(
            Country::DK,
            ANNE,
            "2026-10-24 08:00",
            "2026-10-25 08:00",
        )];
        let window = days(Country::DK, "2026-10-24", "2026-10-24");
        let limits = Limits::parse(Some(24), None).unwrap();
        let report = review(&team(Country::DK), window, &rota, &[], limits);
        assert_eq!(report.findings.len(), 1, "{report:?}");
        assert_eq!(report.findings[0].person(), ANNE);
    }

    #[test]
    fn more_shifts_in_a_week_than_the_team_allows_are_flagged() {
        // Monday 7 to Thursday 10 December 2026 is ISO week 50.
        let rota: Vec<Shift> = ["07", "08", "09", "10"]
            .iter()
            .map(|d| {
                let next = format!("2026-12-{:02} 08:00", d.parse::<u32>().unwrap() + 1);
                shift(Country::DK, BO, &format!("2026-12-{d} 16:00"), &next)
            })
            .collect();
        let window = days(Country::DK, "2026-12-07", "2026-12-13");
        let limits = Limits::parse(None, Some(3)).unwrap();
        let report = review(&team(Country::DK), window, &rota, &[], limits);
        assert_eq!(
            report.findings,
            [Finding::TooManyShiftsInWeek {
                person: BO,
                year: 2026,
                week: 50,
                shifts: 4,
                max: 3
            }]
        );
        let limits = Limits::parse(None, Some(4)).unwrap();
        assert!(
            review(&team(Country::DK), window, &rota, &[], limits)
                .findings
                .is_empty()
        );
    }

    #[test]
    fn leave_cannot_end_before_it_begins() {
        assert_eq!(
            Leave::new(BO, day("2026-12-11"), day("2026-12-07")).unwrap_err(),
            DomainError::invalid("last_day", msg!("oncall-leave-ends-before-start"))
        );
        // A single day's leave covers that day on the local clock.
        let one_day = Leave::new(BO, day("2026-12-07"), day("2026-12-07")).unwrap();
        assert_eq!(one_day.span(Country::NO).length(), Duration::hours(24));
    }

    #[test]
    fn limits_are_whole_numbers_in_range() {
        assert!(Limits::parse(Some(0), None).is_err());
        assert!(Limits::parse(Some(169), None).is_err());
        assert!(Limits::parse(None, Some(15)).is_err());
        assert_eq!(Limits::parse(None, None).unwrap(), Limits::default());
    }

    #[test]
    fn a_rota_with_a_gap_is_published_only_with_a_written_reason() {
        let gap = Gap(days(Country::DK, "2026-12-24", "2026-12-24"));
        let refused = check_publish(&[gap], "  ").unwrap_err();
        assert_eq!(
            refused,
            DomainError::invalid("reason", msg!("oncall-gap-reason-missing", gaps = 1usize))
        );
        assert_eq!(
            check_publish(&[gap], " The neighbouring team covers Christmas Eve. ").unwrap(),
            Some("The neighbouring team covers Christmas Eve.".to_owned())
        );
        assert!(check_publish(&[gap], &"x".repeat(MAX_REASON_CHARS + 1)).is_err());
        assert_eq!(check_publish(&[], "").unwrap(), None);
    }
}
