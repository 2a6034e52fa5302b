//! What a dashboard is asked for: the scope, the months, the grouping and
//! the denominator, parsed from what a page or the API was given.

use chrono::NaiveDate;
use rundt_domain::access::Principal;
use rundt_domain::country::Country;
use rundt_domain::indicators::Denominator;
use rundt_domain::msg;
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::period::{Grouping, Month, MonthRange};
use rundt_domain::team::TeamId;
use rundt_domain::user::Role;

use crate::{AppError, AppResult};

/// Whose results.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    Team(TeamId),
    /// Families referred by a municipality, and the teams it owns.
    Municipality(MunicipalityCode),
    /// Every team of a country (only one's own may be seen).
    National(Country),
}

/// What a dashboard is asked for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DashboardRequest {
    pub scope: Scope,
    pub range: MonthRange,
    pub grouping: Grouping,
    pub denominator: Denominator,
}

/// Families on one page of a dashboard's per-family table. Each family
/// shown is an audited read, so a team's ten years (hundreds of families)
/// are shown a page at a time; exports carry every row.
pub const FAMILIES_PER_PAGE: u32 = 50;

/// Which rows of the per-family table a dashboard carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FamilyTable {
    /// One page of [`FAMILIES_PER_PAGE`] rows, the first being 1.
    Page(u32),
    /// Every row (exports).
    All,
}

impl FamilyTable {
    /// The page asked for (`families_page`), the first by default.
    pub fn page(s: Option<&str>) -> AppResult<Self> {
        match s.map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(Self::Page(1)),
            Some(s) => match s.parse::<u32>() {
                Ok(n) if n >= 1 => Ok(Self::Page(n)),
                _ => Err(AppError::invalid(
                    "families_page",
                    msg!("families-page-shape"),
                )),
            },
        }
    }

    /// The stretch of the list the store reads; `None` for all.
    pub fn rows(self) -> Option<rundt_store::RowPage> {
        match self {
            Self::Page(n) => Some(rundt_store::RowPage {
                offset: u64::from(n.saturating_sub(1)) * u64::from(FAMILIES_PER_PAGE),
                limit: FAMILIES_PER_PAGE,
            }),
            Self::All => None,
        }
    }
}

/// Where a person's results start: the scope their role looks at first.
pub fn home_scope(who: &Principal) -> Option<Scope> {
    match who.role {
        Role::NationalAdmin => Some(Scope::National(who.country)),
        Role::MunicipalManager | Role::MunicipalCaseworker => {
            who.municipality_code.clone().map(Scope::Municipality)
        }
        Role::Supervisor | Role::Therapist | Role::Consultant => {
            who.team_ids.first().copied().map(Scope::Team)
        }
        Role::Auditor | Role::CrisisCaseworker | Role::Psychiatrist => None,
    }
}

/// Parses the period of a request, defaulting to the last twelve months.
pub fn range_from(from: Option<&str>, to: Option<&str>, today: NaiveDate) -> AppResult<MonthRange> {
    let default = MonthRange::last_twelve_months(today);
    let parse = |s: Option<&str>, field: &str, d: Month| -> AppResult<Month> {
        match s.map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(d),
            Some(s) => Month::parse(s).ok_or_else(|| AppError::invalid(field, msg!("month-shape"))),
        }
    };
    let to_m = parse(to, "to", default.to)?;
    let from_m = parse(
        from,
        "from",
        if to.is_some() {
            to_m.minus(11)
        } else {
            default.from
        },
    )?;
    Ok(MonthRange::new(from_m, to_m)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a day")
    }

    #[test]
    fn without_months_the_last_twelve_are_shown() {
        let r = range_from(None, None, day(2026, 12, 3)).expect("default");
        assert_eq!(r, MonthRange::last_twelve_months(day(2026, 12, 3)));
    }

    #[test]
    fn a_last_month_alone_brings_the_eleven_before_it() {
        let r = range_from(None, Some("2026-06"), day(2026, 12, 3)).expect("a year");
        assert_eq!(r.from.to_string(), "2025-07");
        assert_eq!(r.to.to_string(), "2026-06");
    }

    #[test]
    fn the_families_table_starts_on_its_first_page() {
        assert_eq!(
            FamilyTable::page(None).expect("first"),
            FamilyTable::Page(1)
        );
        assert_eq!(
            FamilyTable::page(Some(" ")).expect("first"),
            FamilyTable::Page(1)
        );
        let third = FamilyTable::page(Some("3"))
            .expect("third")
            .rows()
            .expect("a page");
        assert_eq!((third.offset, third.limit), (100, FAMILIES_PER_PAGE));
        assert_eq!(FamilyTable::All.rows(), None);
    }

    #[test]
    fn a_families_page_that_is_no_page_number_is_refused_for_its_field() {
        for bad in ["0", "-1", "two", "1.5", "99999999999"] {
            match FamilyTable::page(Some(bad)) {
                Err(AppError::Invalid(e)) => {
                    assert_eq!(
                        e.first().map(|f| f.field.as_str()),
                        Some("families_page"),
                        "{bad}"
                    )
                }
                other => panic!("{bad}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_misshapen_month_is_refused_for_its_field() {
        assert!(matches!(
            range_from(Some("june"), None, day(2026, 12, 3)),
            Err(AppError::Invalid(_))
        ));
    }
}
