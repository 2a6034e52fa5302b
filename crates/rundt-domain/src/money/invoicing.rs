//! The basis the owners invoice from: per buyer and seller, the courses in
//! treatment in a month or a quarter, the course prices that fall due and
//! the extra weeks beyond the planned length.
//!
//! The rules:
//! - a course appears in a period when it had a treatment day in it (from
//!   its start to its discharge day, or to today while it runs);
//! - the course price is billed in the period containing the start day;
//! - extra week n (n ≥ 1) begins on the start day + 7 × (planned weeks +
//!   n − 1) days, and is billed, when the price has an extra-week price, in
//!   the period containing that day, provided the course still runs that
//!   day (it is before the discharge day, or the course is not discharged)
//!   and the day is not after today.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::id::CaseId;
use crate::municipality::MunicipalityCode;
use crate::period::Month;

use super::arith::days_inclusive;
use super::types::{Currency, Minor, PricingBasis, ReferralPrice};

/// A month or a quarter to invoice. Crosses JSON as its code (`2026-07`,
/// `2026-Q3`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvoicePeriod {
    Month(Month),
    Quarter { year: i32, quarter: u8 },
}

impl Serialize for InvoicePeriod {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.code())
    }
}

impl InvoicePeriod {
    /// A period as written: `2026-07` (a month) or `2026-Q3` (a quarter,
    /// `q` in either case).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if let Some(m) = Month::parse(text) {
            return Some(Self::Month(m));
        }
        let (y, q) = text.split_once('-')?;
        let q = q.strip_prefix(['Q', 'q'])?;
        if y.len() != 4 || q.len() != 1 || !y.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let quarter: u8 = q.parse().ok()?;
        ((1..=4).contains(&quarter) && (1900..=9999).contains(&year))
            .then_some(Self::Quarter { year, quarter })
    }

    /// The period as written: `2026-07` or `2026-Q3`.
    pub fn code(&self) -> String {
        match self {
            Self::Month(m) => m.to_string(),
            Self::Quarter { year, quarter } => format!("{year:04}-Q{quarter}"),
        }
    }

    /// The period's first and last month.
    fn months(&self) -> (Month, Month) {
        match *self {
            Self::Month(m) => (m, m),
            Self::Quarter { year, quarter } => {
                let first = u32::from(quarter.clamp(1, 4)) * 3 - 2;
                (
                    Month { year, month: first },
                    Month {
                        year,
                        month: first + 2,
                    },
                )
            }
        }
    }

    /// The period's first day (for a period outside the calendar, the
    /// earliest day chrono knows).
    pub fn first_day(&self) -> NaiveDate {
        self.months().0.first_day().unwrap_or(NaiveDate::MIN)
    }

    /// The period's last day (for a period outside the calendar, the latest
    /// day chrono knows).
    pub fn last_day(&self) -> NaiveDate {
        self.months().1.last_day().unwrap_or(NaiveDate::MAX)
    }

    /// Whether `day` is in the period.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.first_day() <= day && day <= self.last_day()
    }
}

/// A course to invoice: its dates and the price fixed on its referral day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceCase {
    pub case_id: CaseId,
    /// None: not yet in treatment (nothing to invoice).
    pub treatment_start: Option<NaiveDate>,
    /// The last day of treatment, if discharged.
    pub discharged_on: Option<NaiveDate>,
    pub price: ReferralPrice,
}

/// One course on an invoice basis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceLine {
    pub case_id: CaseId,
    pub treatment_start: NaiveDate,
    pub discharged_on: Option<NaiveDate>,
    pub basis: PricingBasis,
    pub agreement_id: Option<i64>,
    /// Treatment days within the period.
    pub days_in_period: u32,
    /// Whether the course began in the period (its price falls due).
    pub started_in_period: bool,
    /// The course price if it began in the period, else 0.
    pub course_amount: Minor,
    /// Extra weeks begun in the period and billed.
    pub extra_weeks: u32,
    pub extra_week_price: Option<Minor>,
    pub extra_amount: Minor,
    /// `course_amount` + `extra_amount`.
    pub amount: Minor,
}

/// What one owner invoices one buyer for a period, in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BuyerInvoice {
    pub buyer: MunicipalityCode,
    pub seller: MunicipalityCode,
    pub currency: Currency,
    /// By treatment start, then case.
    pub lines: Vec<InvoiceLine>,
    /// Courses begun in the period.
    pub families_started: u32,
    /// Treatment days in the period, over all the lines.
    pub days: u64,
    /// The sum of the lines' amounts.
    pub total: Minor,
}

/// The invoice basis of `period` as it stands on `today`: one per buyer,
/// seller and currency, ordered by buyer, then seller, then currency. See
/// the module's rules. Treatment days run to the discharge day, or while a
/// course runs to `today`, and never past `today`.
pub fn invoicing_basis(
    period: &InvoicePeriod,
    cases: &[InvoiceCase],
    today: NaiveDate,
) -> Vec<BuyerInvoice> {
    let mut groups: BTreeMap<(MunicipalityCode, MunicipalityCode, &'static str), BuyerInvoice> =
        BTreeMap::new();
    for case in cases {
        let Some(line) = invoice_line(period, case, today) else {
            continue;
        };
        let p = &case.price;
        let invoice = groups
            .entry((p.buyer.clone(), p.seller.clone(), p.currency.as_str()))
            .or_insert_with(|| BuyerInvoice {
                buyer: p.buyer.clone(),
                seller: p.seller.clone(),
                currency: p.currency,
                lines: Vec::new(),
                families_started: 0,
                days: 0,
                total: 0,
            });
        invoice.families_started += u32::from(line.started_in_period);
        invoice.days += u64::from(line.days_in_period);
        invoice.total += line.amount;
        invoice.lines.push(line);
    }
    groups
        .into_values()
        .map(|mut invoice| {
            invoice
                .lines
                .sort_by_key(|l| (l.treatment_start, l.case_id));
            invoice
        })
        .collect()
}

/// The line of `case` for `period`, if it had a treatment day in it.
fn invoice_line(
    period: &InvoicePeriod,
    case: &InvoiceCase,
    today: NaiveDate,
) -> Option<InvoiceLine> {
    let start = case.treatment_start?;
    let (first, last) = (period.first_day(), period.last_day());
    let treated_until = case.discharged_on.unwrap_or(today).min(today);
    let days = days_inclusive(start.max(first), treated_until.min(last));
    if days == 0 {
        return None;
    }
    let price = &case.price;
    let started_in_period = period.contains(start);
    let course_amount = if started_in_period {
        price.course_price
    } else {
        0
    };
    let extra_weeks = match price.extra_week_price {
        Some(_) => extra_weeks_in(
            start,
            price.planned_weeks,
            case.discharged_on,
            today,
            first,
            last,
        ),
        None => 0,
    };
    let extra_amount = price
        .extra_week_price
        .map_or(0, |p| p.saturating_mul(Minor::from(extra_weeks)));
    Some(InvoiceLine {
        case_id: case.case_id,
        treatment_start: start,
        discharged_on: case.discharged_on,
        basis: price.basis,
        agreement_id: price.agreement_id,
        days_in_period: u32::try_from(days).unwrap_or(u32::MAX),
        started_in_period,
        course_amount,
        extra_weeks,
        extra_week_price: price.extra_week_price,
        extra_amount,
        amount: course_amount.saturating_add(extra_amount),
    })
}

/// The extra weeks that begin from `first` to `last` while the course
/// still runs and not after `today`.
fn extra_weeks_in(
    start: NaiveDate,
    planned_weeks: u16,
    discharged_on: Option<NaiveDate>,
    today: NaiveDate,
    first: NaiveDate,
    last: NaiveDate,
) -> u32 {
    let mut count = 0;
    let mut week = u64::from(planned_weeks);
    loop {
        let Some(begins) = start.checked_add_days(Days::new(7 * week)) else {
            return count;
        };
        if begins > last || begins > today || discharged_on.is_some_and(|d| begins >= d) {
            return count;
        }
        if begins >= first {
            count += 1;
        }
        week += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{code, day};

    fn price(
        buyer: &str,
        seller: &str,
        basis: PricingBasis,
        course: Minor,
        extra: Option<Minor>,
    ) -> ReferralPrice {
        ReferralPrice {
            buyer: code(buyer),
            seller: code(seller),
            basis,
            agreement_id: (basis == PricingBasis::Agreement).then_some(9),
            currency: Currency::Dkk,
            course_price: course,
            planned_weeks: 20,
            extra_week_price: extra,
            priced_on: day("2025-09-01"),
        }
    }

    fn case(
        id: i64,
        start: Option<&str>,
        discharged: Option<&str>,
        price: ReferralPrice,
    ) -> InvoiceCase {
        InvoiceCase {
            case_id: CaseId::new(id),
            treatment_start: start.map(day),
            discharged_on: discharged.map(day),
            price,
        }
    }

    fn cases() -> Vec<InvoiceCase> {
        use PricingBasis::*;
        vec![
            // Started before the quarter, runs through it; its extra weeks begin 20 April.
            case(
                1,
                Some("2025-12-01"),
                None,
                price("0751", "0101", Agreement, 31_500_000, Some(1_200_000)),
            ),
            // Started in the quarter.
            case(
                2,
                Some("2026-02-02"),
                None,
                price("0751", "0101", Agreement, 31_500_000, Some(1_200_000)),
            ),
            // Extra weeks begin 23 February and 2 March; discharged on 9 March,
            // the day a third would have begun.
            case(
                3,
                Some("2025-10-06"),
                Some("2026-03-09"),
                price("0751", "0101", NoAgreement, 29_900_000, Some(1_200_000)),
            ),
            // An owner's own course, discharged mid-quarter.
            case(
                4,
                Some("2025-11-17"),
                Some("2026-02-13"),
                price("0101", "0101", Internal, 29_900_000, None),
            ),
            // Started and discharged within the quarter.
            case(
                5,
                Some("2026-01-12"),
                Some("2026-03-20"),
                price("0461", "0101", NoAgreement, 29_900_000, None),
            ),
            // Discharged before the quarter, and one not yet begun.
            case(
                6,
                Some("2025-06-02"),
                Some("2025-12-19"),
                price("0751", "0101", Agreement, 31_500_000, None),
            ),
            case(
                7,
                None,
                None,
                price("0751", "0101", Agreement, 31_500_000, None),
            ),
        ]
    }

    #[test]
    fn periods_are_written_as_months_or_quarters() {
        let q = InvoicePeriod::parse("2026-Q3").unwrap();
        assert_eq!(
            q,
            InvoicePeriod::Quarter {
                year: 2026,
                quarter: 3
            }
        );
        assert_eq!(InvoicePeriod::parse("2026-q3"), Some(q));
        assert_eq!(q.code(), "2026-Q3");
        assert_eq!(serde_json::to_string(&q).unwrap(), "\"2026-Q3\"");
        assert_eq!(
            (q.first_day(), q.last_day()),
            (day("2026-07-01"), day("2026-09-30"))
        );
        let m = InvoicePeriod::parse("2024-02").unwrap();
        assert_eq!(m.code(), "2024-02");
        assert_eq!(
            (m.first_day(), m.last_day()),
            (day("2024-02-01"), day("2024-02-29"))
        );
        let q4 = InvoicePeriod::parse("2026-Q4").unwrap();
        assert_eq!(q4.last_day(), day("2026-12-31"));
        for bad in [
            "2026-Q5", "2026-Q0", "2026-13", "26-Q1", "2026Q1", "2026-Q", "2026-QQ", "",
        ] {
            assert_eq!(InvoicePeriod::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_quarters_invoices_per_buyer_and_seller_add_up_to_their_lines() {
        let q1 = InvoicePeriod::parse("2026-Q1").unwrap();
        let invoices = invoicing_basis(&q1, &cases(), day("2026-04-15"));
        let parties: Vec<(&str, &str)> = invoices
            .iter()
            .map(|i| (i.buyer.as_str(), i.seller.as_str()))
            .collect();
        assert_eq!(
            parties,
            vec![("0101", "0101"), ("0461", "0101"), ("0751", "0101")]
        );

        let own = &invoices[0];
        assert_eq!(own.lines.len(), 1);
        // 1 January to the discharge on 13 February.
        assert_eq!(own.lines[0].days_in_period, 44);
        assert_eq!((own.lines[0].started_in_period, own.total), (false, 0));

        let short = &invoices[1];
        assert_eq!(short.lines[0].days_in_period, 68);
        assert_eq!((short.families_started, short.total), (1, 29_900_000));

        let bought = &invoices[2];
        let ids: Vec<i64> = bought.lines.iter().map(|l| l.case_id.get()).collect();
        assert_eq!(ids, vec![3, 1, 2]);
        let by_case = |id: i64| bought.lines.iter().find(|l| l.case_id.get() == id).unwrap();
        // Before the quarter: every day of it, nothing due yet.
        assert_eq!((by_case(1).days_in_period, by_case(1).amount), (90, 0));
        // Begun 2 February: 58 days and the course price.
        assert_eq!(by_case(2).days_in_period, 58);
        assert_eq!(
            (by_case(2).course_amount, by_case(2).amount),
            (31_500_000, 31_500_000)
        );
        // Two extra weeks; the week that would begin on the discharge day is not billed.
        let extra = by_case(3);
        assert_eq!((extra.days_in_period, extra.extra_weeks), (68, 2));
        assert_eq!((extra.extra_amount, extra.amount), (2_400_000, 2_400_000));
        assert_eq!(bought.families_started, 1);
        assert_eq!(bought.days, 90 + 58 + 68);
        assert_eq!(bought.total, 33_900_000);

        for invoice in &invoices {
            assert_eq!(
                invoice.total,
                invoice.lines.iter().map(|l| l.amount).sum::<Minor>()
            );
            assert_eq!(
                invoice.days,
                invoice
                    .lines
                    .iter()
                    .map(|l| u64::from(l.days_in_period))
                    .sum::<u64>()
            );
            for l in &invoice.lines {
                assert_eq!(l.amount, l.course_amount + l.extra_amount);
            }
        }
    }

    #[test]
    fn the_months_of_a_quarter_add_up_to_the_quarter() {
        let q1 = InvoicePeriod::parse("2026-Q1").unwrap();
        let today = day("2026-04-15");
        let total = |p: &InvoicePeriod| {
            invoicing_basis(p, &cases(), today)
                .iter()
                .map(|i| i.total)
                .sum::<Minor>()
        };
        let months: Minor = ["2026-01", "2026-02", "2026-03"]
            .iter()
            .map(|m| total(&InvoicePeriod::parse(m).unwrap()))
            .sum();
        assert_eq!(total(&q1), 29_900_000 + 33_900_000);
        assert_eq!(months, total(&q1));
        let feb = invoicing_basis(&InvoicePeriod::parse("2026-02").unwrap(), &cases(), today);
        let week_in_feb = feb
            .iter()
            .flat_map(|i| &i.lines)
            .find(|l| l.case_id.get() == 3)
            .unwrap();
        assert_eq!(week_in_feb.extra_weeks, 1);
    }

    #[test]
    fn nothing_is_billed_or_counted_after_today() {
        let q1 = InvoicePeriod::parse("2026-Q1").unwrap();
        let invoices = invoicing_basis(&q1, &cases(), day("2026-02-25"));
        let bought = invoices.iter().find(|i| i.buyer == "0751").unwrap();
        let by_case = |id: i64| bought.lines.iter().find(|l| l.case_id.get() == id).unwrap();
        // Begun 2 February, counted to today: 24 days.
        assert_eq!(by_case(2).days_in_period, 24);
        // Only the extra week of 23 February has begun by today.
        assert_eq!(by_case(3).extra_weeks, 1);
        assert_eq!(bought.total, 31_500_000 + 1_200_000);
        // The case discharged on 13 February still counts its days to then.
        let own = invoices.iter().find(|i| i.buyer == "0101").unwrap();
        assert_eq!(own.lines[0].days_in_period, 44);
        // A quarter that has not begun has nothing to invoice.
        let q2 = InvoicePeriod::parse("2026-Q2").unwrap();
        assert!(invoicing_basis(&q2, &cases(), day("2026-02-25")).is_empty());
    }
}
