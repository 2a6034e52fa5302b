//! Reporting periods: calendar months, grouped into quarters or years for
//! trends. Results are counted by the month a family was discharged (its
//! cohort); follow-ups and surveys belong to that cohort too.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::DomainError;
use crate::msg;

/// A calendar month, written `2026-07`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl Month {
    pub fn of(day: NaiveDate) -> Self {
        Self {
            year: day.year(),
            month: day.month(),
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let (y, m) = s.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let month: u32 = m.parse().ok()?;
        ((1..=12).contains(&month) && (1900..=9999).contains(&year)).then_some(Self { year, month })
    }

    pub fn next(self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// This month minus `n` months.
    pub fn minus(self, n: u32) -> Self {
        let total = self.year * 12 + self.month as i32 - 1 - n as i32;
        Self {
            year: total.div_euclid(12),
            month: total.rem_euclid(12) as u32 + 1,
        }
    }

    pub fn first_day(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)
    }

    pub fn last_day(self) -> Option<NaiveDate> {
        self.next().first_day().and_then(|d| d.pred_opt())
    }

    pub fn quarter(self) -> u32 {
        (self.month - 1) / 3 + 1
    }

    /// Months from `self` to `to`, both included (0 when `to` is earlier).
    pub fn months_until(self, to: Month) -> u32 {
        let a = self.year * 12 + self.month as i32;
        let b = to.year * 12 + to.month as i32;
        u32::try_from(b - a + 1).unwrap_or(0)
    }
}

// Bound as its text, `YYYY-MM`, which sorts like the months.
bind_as!(Month, String, |v| v.to_string());

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// How a trend groups months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Grouping {
    Month,
    #[default]
    Quarter,
    Year,
}

impl Grouping {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "month" => Some(Self::Month),
            "quarter" => Some(Self::Quarter),
            "year" => Some(Self::Year),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Month => "month",
            Self::Quarter => "quarter",
            Self::Year => "year",
        }
    }

    /// The label of the period a month falls in: `2026-07`, `2026-Q3`, `2026`.
    pub fn label(self, m: Month) -> String {
        match self {
            Self::Month => m.to_string(),
            Self::Quarter => format!("{}-Q{}", m.year, m.quarter()),
            Self::Year => m.year.to_string(),
        }
    }
}

/// The longest range a dashboard reports over: ten years.
pub const MAX_MONTHS: u32 = 120;

/// A range of whole months, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MonthRange {
    pub from: Month,
    pub to: Month,
}

impl MonthRange {
    /// Checks a range asked for: `from` not after `to`, at most ten years.
    pub fn new(from: Month, to: Month) -> Result<Self, DomainError> {
        if from > to {
            return Err(DomainError::invalid(
                "from",
                msg!(
                    "period-reversed",
                    from = from.to_string(),
                    to = to.to_string()
                ),
            ));
        }
        if from.months_until(to) > MAX_MONTHS {
            return Err(DomainError::invalid(
                "from",
                msg!("period-too-long", max = MAX_MONTHS),
            ));
        }
        Ok(Self { from, to })
    }

    /// The first day of `from` and the last day of `to`; a month outside
    /// the calendar is an error, never another day.
    pub fn days(&self) -> Result<(NaiveDate, NaiveDate), DomainError> {
        let outside = |m: Month| {
            DomainError::invalid("to", msg!("period-out-of-range", month = m.to_string()))
        };
        let first = self.from.first_day().ok_or_else(|| outside(self.from))?;
        let last = self.to.last_day().ok_or_else(|| outside(self.to))?;
        Ok((first, last))
    }

    /// The twelve months up to and including `today`'s month.
    pub fn last_twelve_months(today: NaiveDate) -> Self {
        let to = Month::of(today);
        Self {
            from: to.minus(11),
            to,
        }
    }

    pub fn contains(&self, m: Month) -> bool {
        self.from <= m && m <= self.to
    }

    /// Period labels for a trend, oldest first, without repeats.
    pub fn periods(&self, g: Grouping) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut m = self.from;
        while m <= self.to {
            let label = g.label(m);
            if out.last() != Some(&label) {
                out.push(label);
            }
            m = m.next();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_outside_the_calendar_is_an_error_not_another_day() {
        let from = Month::parse("2025-01").unwrap();
        let beyond = Month {
            year: 300_000,
            month: 12,
        };
        let range = MonthRange { from, to: beyond };
        assert!(range.days().is_err());
        let year = MonthRange {
            from,
            to: Month::parse("2025-12").unwrap(),
        };
        assert_eq!(
            year.days().unwrap(),
            (
                NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
                NaiveDate::from_ymd_opt(2025, 12, 31).unwrap()
            )
        );
    }

    fn m(s: &str) -> Month {
        Month::parse(s).unwrap()
    }

    #[test]
    fn months_parse_print_and_step_over_new_year() {
        assert_eq!(m("2026-12").next(), m("2027-01"));
        assert_eq!(m("2026-02").minus(3), m("2025-11"));
        assert_eq!(m("2026-07").to_string(), "2026-07");
        assert_eq!(Month::parse("2026-13"), None);
        assert_eq!(Month::parse("2026-7"), None);
        assert_eq!(Month::parse("x"), None);
        assert_eq!(m("2024-02").last_day().unwrap().to_string(), "2024-02-29");
    }

    #[test]
    fn a_range_groups_into_quarters_and_years() {
        let r = MonthRange::new(m("2025-11"), m("2026-04")).unwrap();
        assert_eq!(
            r.periods(Grouping::Quarter),
            vec!["2025-Q4", "2026-Q1", "2026-Q2"]
        );
        assert_eq!(r.periods(Grouping::Year), vec!["2025", "2026"]);
        assert_eq!(r.periods(Grouping::Month).len(), 6);
    }

    #[test]
    fn a_backwards_or_overlong_range_is_refused_with_a_reason() {
        assert!(MonthRange::new(m("2026-05"), m("2026-04")).is_err());
        assert!(MonthRange::new(m("2016-01"), m("2025-12")).is_ok());
        assert!(MonthRange::new(m("2015-12"), m("2025-12")).is_err());
    }
}
