//! A team's economy over a year, month by month: the budget spread over the
//! months, the courses begun and completed, the income they bring, the
//! utilisation, and what a course would have to cost for the team to break
//! even.
//!
//! Definitions (all integer øre, no floating point):
//! - a month's cost is the year's budget spread over the months by their
//!   days, with the largest remainder method so the months add up to the
//!   budget exactly;
//! - a month's actuals (courses, income, utilisation) count only the days
//!   up to today; a month that has not begun shows its cost and no actuals;
//! - income is what the month's invoice basis bills: the price of each
//!   course begun in the month and the extra weeks begun in it (see
//!   [`super::invoicing`]), in the budget's currency;
//! - cost per course: the month's cost ÷ the courses with a treatment day
//!   in it, rounded half up; cost per completed course: the cost ÷ the
//!   courses completed in it, rounded half up;
//! - break-even price: the cost ÷ the courses begun, rounded up — the
//!   course price at which the courses begun would have paid the cost;
//! - break-even at capacity: the year's budget ÷ the courses the team could
//!   run at its norm, rounded up, where the courses at capacity are the
//!   year's capacity in family-days (therapists in post, a therapist still
//!   in post assumed to stay the year) ÷ (planned weeks × 7). The planned
//!   weeks are those most of the courses' prices name (of equal counts the
//!   shorter), or 20 without priced courses. Computed as
//!   ⌈budget × planned weeks × 7 ÷ capacity family-days⌉.

use chrono::NaiveDate;
use serde::Serialize;

use crate::id::CaseId;
use crate::period::Month;

use super::arith::{div_ceil, div_half_up, to_minor, year_bounds};
use super::fee::split_largest_remainder;
use super::invoicing::{InvoiceCase, InvoicePeriod, invoicing_basis};
use super::pricing::DEFAULT_PLANNED_WEEKS;
use super::types::{Currency, Minor, ReferralPrice, TeamBudget};
use super::utilisation::{Span, Utilisation, utilisation};

/// A course as the economy counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseFact {
    pub case_id: CaseId,
    pub treatment_start: NaiveDate,
    /// The last day of treatment, if discharged.
    pub discharged_on: Option<NaiveDate>,
    /// Whether the course was completed (as opposed to ended early).
    pub completed: bool,
    /// The price fixed on the referral day, if the course was priced.
    pub price: Option<ReferralPrice>,
}

/// One month of a team's economy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthEconomy {
    #[serde(serialize_with = "month_text")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-07"))]
    pub month: Month,
    /// The month's part of the year's budget.
    pub cost: Minor,
    /// Whether the month has begun (false: cost only, the rest is 0/none).
    pub actuals: bool,
    pub courses_started: u32,
    pub courses_completed: u32,
    /// Courses with a treatment day in the month (up to today).
    pub courses_in_treatment: u32,
    pub income: Minor,
    pub utilisation: Utilisation,
    pub cost_per_course: Option<Minor>,
    pub cost_per_completed_course: Option<Minor>,
    pub break_even_price: Option<Minor>,
}

/// The year's figures up to today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EconomyTotals {
    /// The cost of the months that have begun (the ratios rest on it).
    pub cost_to_date: Minor,
    pub courses_started: u32,
    pub courses_completed: u32,
    /// Courses with a treatment day in the year up to today.
    pub courses_in_treatment: u32,
    pub income: Minor,
    /// From 1 January to today (or the whole year once it is over).
    pub utilisation: Utilisation,
    pub cost_per_course: Option<Minor>,
    pub cost_per_completed_course: Option<Minor>,
    pub break_even_price: Option<Minor>,
}

/// A team's economy for a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearEconomy {
    pub year: i32,
    pub currency: Currency,
    /// The sum of the budget's lines; the months' costs add up to it.
    pub budget_total: Minor,
    /// The planned course length the break-even at capacity rests on.
    pub planned_weeks: u16,
    /// January to December.
    pub months: Vec<MonthEconomy>,
    pub total: EconomyTotals,
    pub break_even_at_capacity: Option<Minor>,
}

fn month_text<S: serde::Serializer>(m: &Month, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&m.to_string())
}

/// The economy of `budget`'s year as it stands on `today` (see the
/// module's definitions). `therapists` are the spans the team's therapists
/// were in post; `families_per_therapist` the programme's norm.
pub fn year_economy(
    budget: &TeamBudget,
    courses: &[CourseFact],
    therapists: &[Span],
    families_per_therapist: u8,
    today: NaiveDate,
) -> YearEconomy {
    let year = budget.year;
    let budget_total: Minor = budget.lines.iter().map(|l| l.amount).sum();
    let months: Vec<Month> = (1..=12).map(|month| Month { year, month }).collect();
    let month_days: Vec<(NaiveDate, NaiveDate)> = months
        .iter()
        .map(|m| {
            (
                m.first_day().unwrap_or(NaiveDate::MIN),
                m.last_day().unwrap_or(NaiveDate::MIN),
            )
        })
        .collect();
    let weights: Vec<u32> = month_days
        .iter()
        .map(|(first, last)| u32::try_from((*last - *first).num_days() + 1).unwrap_or(0))
        .collect();
    let costs = split_largest_remainder(budget_total, &weights);
    let invoice_cases: Vec<InvoiceCase> = courses
        .iter()
        .filter_map(|c| {
            c.price.as_ref().map(|p| InvoiceCase {
                case_id: c.case_id,
                treatment_start: Some(c.treatment_start),
                discharged_on: c.discharged_on,
                price: p.clone(),
            })
        })
        .collect();
    let course_spans: Vec<Span> = courses
        .iter()
        .map(|c| Span {
            from: c.treatment_start,
            until: c.discharged_on,
        })
        .collect();

    let mut out = Vec::with_capacity(12);
    for ((month, (first, last)), cost) in months.iter().zip(&month_days).zip(costs) {
        if *first > today {
            out.push(MonthEconomy {
                month: *month,
                cost,
                actuals: false,
                courses_started: 0,
                courses_completed: 0,
                courses_in_treatment: 0,
                income: 0,
                utilisation: Utilisation::none(),
                cost_per_course: None,
                cost_per_completed_course: None,
                break_even_price: None,
            });
            continue;
        }
        let until = (*last).min(today);
        let a = counts(*first, until, courses, &course_spans);
        let income = invoicing_basis(&InvoicePeriod::Month(*month), &invoice_cases, today)
            .iter()
            .filter(|i| i.currency == budget.currency)
            .map(|i| i.total)
            .sum();
        out.push(MonthEconomy {
            month: *month,
            cost,
            actuals: true,
            courses_started: a.started,
            courses_completed: a.completed,
            courses_in_treatment: a.in_treatment,
            income,
            utilisation: utilisation(
                *first,
                until,
                therapists,
                families_per_therapist,
                &course_spans,
            ),
            cost_per_course: per(cost, a.in_treatment, div_half_up),
            cost_per_completed_course: per(cost, a.completed, div_half_up),
            break_even_price: per(cost, a.started, div_ceil),
        });
    }

    let (year_first, year_last) = year_bounds(year).unwrap_or((NaiveDate::MIN, NaiveDate::MIN));
    let begun: Vec<&MonthEconomy> = out.iter().filter(|m| m.actuals).collect();
    let cost_to_date: Minor = begun.iter().map(|m| m.cost).sum();
    let total = if begun.is_empty() {
        EconomyTotals {
            cost_to_date,
            courses_started: 0,
            courses_completed: 0,
            courses_in_treatment: 0,
            income: 0,
            utilisation: Utilisation::none(),
            cost_per_course: None,
            cost_per_completed_course: None,
            break_even_price: None,
        }
    } else {
        let until = year_last.min(today);
        let c = counts(year_first, until, courses, &course_spans);
        EconomyTotals {
            cost_to_date,
            courses_started: c.started,
            courses_completed: c.completed,
            courses_in_treatment: c.in_treatment,
            income: begun.iter().map(|m| m.income).sum(),
            utilisation: utilisation(
                year_first,
                until,
                therapists,
                families_per_therapist,
                &course_spans,
            ),
            cost_per_course: per(cost_to_date, c.in_treatment, div_half_up),
            cost_per_completed_course: per(cost_to_date, c.completed, div_half_up),
            break_even_price: per(cost_to_date, c.started, div_ceil),
        }
    };

    let planned_weeks = usual_planned_weeks(courses);
    let capacity = utilisation(
        year_first,
        year_last,
        therapists,
        families_per_therapist,
        &[],
    )
    .capacity_days;
    let break_even_at_capacity = (capacity > 0).then(|| {
        to_minor(div_ceil(
            i128::from(budget_total) * i128::from(planned_weeks) * 7,
            i128::from(capacity),
        ))
    });

    YearEconomy {
        year,
        currency: budget.currency,
        budget_total,
        planned_weeks,
        months: out,
        total,
        break_even_at_capacity,
    }
}

/// The courses a stretch of days counted.
struct Counts {
    started: u32,
    completed: u32,
    in_treatment: u32,
}

/// The courses begun, completed and in treatment from `first` to `until`.
fn counts(first: NaiveDate, until: NaiveDate, courses: &[CourseFact], spans: &[Span]) -> Counts {
    let within = |d: NaiveDate| first <= d && d <= until;
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Counts {
        started: count(courses.iter().filter(|c| within(c.treatment_start)).count()),
        completed: count(
            courses
                .iter()
                .filter(|c| c.completed && c.discharged_on.is_some_and(within))
                .count(),
        ),
        in_treatment: count(
            spans
                .iter()
                .filter(|s| s.days_within(first, until) > 0)
                .count(),
        ),
    }
}

/// `cost` ÷ `n` by `divide`, none for no courses.
fn per(cost: Minor, n: u32, divide: fn(i128, i128) -> i128) -> Option<Minor> {
    (n > 0).then(|| to_minor(divide(i128::from(cost), i128::from(n))))
}

/// The planned weeks most of the courses' prices name (of equal counts the
/// shorter); [`DEFAULT_PLANNED_WEEKS`] without priced courses.
fn usual_planned_weeks(courses: &[CourseFact]) -> u16 {
    let mut counts: std::collections::BTreeMap<u16, usize> = std::collections::BTreeMap::new();
    for p in courses.iter().filter_map(|c| c.price.as_ref()) {
        *counts.entry(p.planned_weeks).or_default() += 1;
    }
    let mut best: Option<(u16, usize)> = None;
    for (weeks, n) in counts {
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((weeks, n));
        }
    }
    best.map_or(DEFAULT_PLANNED_WEEKS, |(w, _)| w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::TeamId;
    use crate::money::types::{BudgetCategory, BudgetLine, PricingBasis};
    use crate::team::Position;
    use crate::testing::{code, day};

    fn budget(lines: &[(BudgetCategory, Minor)]) -> TeamBudget {
        TeamBudget {
            team_id: TeamId::new(1),
            year: 2026,
            currency: Currency::Dkk,
            lines: lines
                .iter()
                .map(|(category, amount)| BudgetLine {
                    category: *category,
                    position: (*category == BudgetCategory::Staff).then_some(Position::Therapist),
                    description: "".into(),
                    amount: *amount,
                })
                .collect(),
            version: 1,
            saved_at: None,
            saved_by: None,
        }
    }

    fn course(
        id: i64,
        start: &str,
        discharged: Option<&str>,
        completed: bool,
        price: Option<Minor>,
    ) -> CourseFact {
        CourseFact {
            case_id: CaseId::new(id),
            treatment_start: day(start),
            discharged_on: discharged.map(day),
            completed,
            price: price.map(|p| ReferralPrice {
                buyer: code("0751"),
                seller: code("0101"),
                basis: PricingBasis::NoAgreement,
                agreement_id: None,
                currency: Currency::Dkk,
                course_price: p,
                planned_weeks: 20,
                extra_week_price: None,
                priced_on: day(start),
            }),
        }
    }

    fn three_therapists() -> Vec<Span> {
        (0..3)
            .map(|_| Span {
                from: day("2025-01-01"),
                until: None,
            })
            .collect()
    }

    #[test]
    fn the_budget_spread_over_the_months_by_their_days_adds_up_to_the_budget() {
        // 36,500,000 kr: exactly 100,000 kr a day.
        let b = budget(&[
            (BudgetCategory::Staff, 3_000_000_000),
            (BudgetCategory::LicenceFee, 29_900_000),
            (BudgetCategory::Other, 620_100_000),
        ]);
        let e = year_economy(&b, &[], &three_therapists(), 4, day("2026-03-15"));
        assert_eq!(e.budget_total, 3_650_000_000);
        let costs: Vec<Minor> = e.months.iter().map(|m| m.cost).collect();
        assert_eq!(costs[0], 310_000_000);
        assert_eq!(costs[1], 280_000_000);
        assert_eq!(costs[3], 300_000_000);
        assert_eq!(costs.iter().sum::<Minor>(), 3_650_000_000);
        // An uneven budget still adds up to the øre.
        let odd = budget(&[(BudgetCategory::Other, 1_000_000_007)]);
        let e = year_economy(&odd, &[], &[], 4, day("2026-03-15"));
        assert_eq!(
            e.months.iter().map(|m| m.cost).sum::<Minor>(),
            1_000_000_007
        );
        assert_eq!(e.break_even_at_capacity, None);
    }

    #[test]
    fn a_year_to_the_middle_of_march() {
        let b = budget(&[(BudgetCategory::Staff, 3_650_000_000)]);
        let courses = vec![
            course(1, "2025-10-06", Some("2026-02-20"), true, None),
            course(2, "2026-01-12", None, false, Some(29_900_000)),
            course(3, "2026-02-02", None, false, Some(31_500_000)),
            course(4, "2026-03-10", None, false, None),
            // Planned to begin after today.
            course(5, "2026-04-01", None, false, Some(29_900_000)),
        ];
        let e = year_economy(&b, &courses, &three_therapists(), 4, day("2026-03-15"));
        let jan = &e.months[0];
        assert_eq!(
            (jan.courses_started, jan.courses_in_treatment, jan.income),
            (1, 2, 29_900_000)
        );
        assert_eq!(jan.break_even_price, Some(310_000_000));
        assert_eq!(jan.cost_per_course, Some(155_000_000));
        assert_eq!(jan.cost_per_completed_course, None);
        // Courses 1 (31 days) and 2 (20 days) of 3 × 31 × 4 capacity-days.
        assert_eq!(jan.utilisation.family_days, 51);
        assert_eq!(jan.utilisation.capacity_days, 372);
        assert_eq!(jan.utilisation.basis_points, Some(1371));

        let feb = &e.months[1];
        assert_eq!(
            (
                feb.courses_started,
                feb.courses_completed,
                feb.courses_in_treatment
            ),
            (1, 1, 3)
        );
        assert_eq!(feb.income, 31_500_000);
        // 280,000,000 ÷ 3 = 93,333,333.33…
        assert_eq!(feb.cost_per_course, Some(93_333_333));
        assert_eq!(feb.cost_per_completed_course, Some(280_000_000));

        let mar = &e.months[2];
        assert!(mar.actuals);
        assert_eq!((mar.courses_started, mar.income), (1, 0));
        // To 15 March: courses 2 and 3 for 15 days, course 4 for 6, of 3 × 15 × 4.
        assert_eq!(mar.utilisation.family_days, 36);
        assert_eq!(mar.utilisation.capacity_days, 180);
        assert_eq!(mar.utilisation.basis_points, Some(2000));
        // One course begun: it alone would have had to pay the month.
        assert_eq!(mar.break_even_price, Some(310_000_000));
        // 310,000,000 ÷ 3 courses in treatment = 103,333,333.33…
        assert_eq!(mar.cost_per_course, Some(103_333_333));

        let apr = &e.months[3];
        assert!(!apr.actuals);
        assert_eq!(
            (apr.cost, apr.courses_started, apr.income),
            (300_000_000, 0, 0)
        );
        assert_eq!(apr.utilisation, Utilisation::none());

        let t = &e.total;
        assert_eq!(t.cost_to_date, 900_000_000);
        assert_eq!(
            (
                t.courses_started,
                t.courses_completed,
                t.courses_in_treatment
            ),
            (3, 1, 4)
        );
        assert_eq!(t.income, 61_400_000);
        assert_eq!(t.break_even_price, Some(300_000_000));
        assert_eq!(t.cost_per_course, Some(225_000_000));
        // 1 January to 15 March: 51 + 63 + 42 + 6 family-days of 3 × 74 × 4.
        assert_eq!(t.utilisation.family_days, 162);
        assert_eq!(t.utilisation.capacity_days, 888);
        assert_eq!(t.utilisation.basis_points, Some(1824));

        // A year at capacity: 3 × 365 × 4 = 4,380 family-days, 140 days a course.
        assert_eq!(e.planned_weeks, 20);
        assert_eq!(e.break_even_at_capacity, Some(116_666_667));
    }

    #[test]
    fn break_even_rounds_up_and_cost_per_course_half_up() {
        assert_eq!(per(10, 3, div_ceil), Some(4));
        assert_eq!(per(10, 3, div_half_up), Some(3));
        assert_eq!(per(11, 2, div_half_up), Some(6));
        assert_eq!(per(10, 0, div_ceil), None);
    }
}
