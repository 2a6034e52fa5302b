//! How much of a team's capacity its families used: family-days in
//! treatment against the family-days its therapists could carry.

use chrono::NaiveDate;
use serde::Serialize;

use super::arith::{days_inclusive, div_half_up};

/// A stretch of days, both ends included; `until` none: still running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Span {
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
}

impl Span {
    /// The days of this span within `from`..=`to` (a span still running
    /// runs to `to`).
    pub fn days_within(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let start = self.from.max(from);
        let end = self.until.map_or(to, |u| u.min(to));
        days_inclusive(start, end)
    }
}

/// A team's use of its capacity over some days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Utilisation {
    /// Days families were in treatment, summed over the families.
    pub family_days: i64,
    /// Days therapists were in post, each times the families a therapist
    /// carries by the programme's norm.
    pub capacity_days: i64,
    /// `family_days` × 10,000 ÷ `capacity_days`, rounded half up (10,000 is
    /// full capacity; above it the team carries more than its norm); none
    /// when there was no capacity.
    pub basis_points: Option<u32>,
}

impl Utilisation {
    /// No days, no capacity.
    pub fn none() -> Self {
        Self {
            family_days: 0,
            capacity_days: 0,
            basis_points: None,
        }
    }
}

/// The team's utilisation from `from` to `to` (both included): the
/// capacity is, for each day, the therapists in post that day times
/// `families_per_therapist`, summed over the days; the family-days are
/// each course's days in treatment within the days, summed over the
/// courses. A span still running runs to `to`.
pub fn utilisation(
    from: NaiveDate,
    to: NaiveDate,
    therapists: &[Span],
    families_per_therapist: u8,
    courses: &[Span],
) -> Utilisation {
    // Σ over days of therapists in post = Σ over therapists of their days.
    let therapist_days: i64 = therapists.iter().map(|t| t.days_within(from, to)).sum();
    let capacity_days = therapist_days * i64::from(families_per_therapist);
    let family_days: i64 = courses.iter().map(|c| c.days_within(from, to)).sum();
    let basis_points = (capacity_days > 0).then(|| {
        let bp = div_half_up(i128::from(family_days) * 10_000, i128::from(capacity_days));
        u32::try_from(bp).unwrap_or(u32::MAX)
    });
    Utilisation {
        family_days,
        capacity_days,
        basis_points,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::day;

    fn span(from: &str, until: Option<&str>) -> Span {
        Span {
            from: day(from),
            until: until.map(day),
        }
    }

    #[test]
    fn a_month_when_one_of_three_therapists_leaves_on_the_fifteenth() {
        let therapists = [
            span("2024-08-01", None),
            span("2025-02-01", None),
            span("2024-08-01", Some("2026-03-15")),
        ];
        let courses = [
            span("2026-01-10", None),               // all March: 31
            span("2026-02-01", Some("2026-03-10")), // 1–10 March: 10
            span("2026-03-20", None),               // 20–31 March: 12
            span("2025-09-01", Some("2026-02-28")), // ended before: 0
            span("2026-03-05", Some("2026-03-25")), // 21
            span("2025-12-01", None),               // 31
            span("2026-01-15", None),               // 31
            span("2026-02-10", None),               // 31
        ];
        let u = utilisation(
            day("2026-03-01"),
            day("2026-03-31"),
            &therapists,
            4,
            &courses,
        );
        // (31 + 31 + 15) therapist-days × 4 families.
        assert_eq!(u.capacity_days, 308);
        assert_eq!(u.family_days, 167);
        // 167 ÷ 308 = 54.22 %.
        assert_eq!(u.basis_points, Some(5422));
    }

    #[test]
    fn no_capacity_has_no_percentage_and_a_half_basis_point_rounds_up() {
        let u = utilisation(
            day("2026-03-01"),
            day("2026-03-31"),
            &[],
            4,
            &[span("2026-03-01", None)],
        );
        assert_eq!(
            u,
            Utilisation {
                family_days: 31,
                capacity_days: 0,
                basis_points: None
            }
        );
        // 1 family-day of 20,000 capacity-days is half a basis point.
        let many: Vec<Span> = (0..5000)
            .map(|_| span("2026-03-01", Some("2026-03-01")))
            .collect();
        let u = utilisation(
            day("2026-03-01"),
            day("2026-03-01"),
            &many,
            4,
            &[span("2026-03-01", Some("2026-03-01"))],
        );
        assert_eq!(
            (u.family_days, u.capacity_days, u.basis_points),
            (1, 20_000, Some(1))
        );
        let reversed = utilisation(day("2026-03-31"), day("2026-03-01"), &many, 4, &[]);
        assert_eq!(reversed, Utilisation::none());
    }
}
