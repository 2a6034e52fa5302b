//! How full a therapist's caseload is, against the programme model's norms.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::programme::ProgrammeModel;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CaseloadLevel {
    /// Room for another family.
    Below,
    /// At the model's typical number.
    AtNorm,
    /// Above the typical number, within the maximum.
    AboveNorm,
    /// Above the model's maximum: a warning to the supervisor.
    AboveMaximum,
}

/// The level with `open` families (after any new assignment).
pub fn level(model: &ProgrammeModel, open: u32) -> CaseloadLevel {
    let typical = u32::from(model.typical_families_per_therapist);
    let max = u32::from(model.max_families_per_therapist);
    if open > max {
        CaseloadLevel::AboveMaximum
    } else if open > typical {
        CaseloadLevel::AboveNorm
    } else if open == typical {
        CaseloadLevel::AtNorm
    } else {
        CaseloadLevel::Below
    }
}

/// When a family that started treatment on `start` is expected to finish:
/// after the model's longest duration.
pub fn expected_end(model: &ProgrammeModel, start: NaiveDate) -> NaiveDate {
    start
        .checked_add_months(Months::new(u32::from(model.max_duration_months)))
        .unwrap_or(start)
}

/// The days a therapist can take another family: today for each place
/// below the model's typical caseload, then the expected end of each family
/// whose finishing brings them below it (one above the norm frees no
/// place). `ends` are the expected ends of the therapist's families.
pub fn free_places(model: &ProgrammeModel, ends: &[NaiveDate], today: NaiveDate) -> Vec<NaiveDate> {
    let typical = usize::from(model.typical_families_per_therapist);
    let mut ends = ends.to_vec();
    ends.sort();
    let open = ends.len();
    let mut places = vec![today; typical.saturating_sub(open)];
    // The k-th family to finish (1-based) frees a place when open − k < typical.
    places.extend(
        ends.iter()
            .enumerate()
            .filter(|(i, _)| open - (i + 1) < typical)
            .map(|(_, end)| (*end).max(today)),
    );
    places
}

/// When each family on a team's waiting list can expect to start, in queue
/// order: the n-th family takes the n-th place to come free among the
/// team's therapists (see [`free_places`]); `None` beyond the places known.
pub fn expected_starts(mut places: Vec<NaiveDate>, waiting: usize) -> Vec<Option<NaiveDate>> {
    places.sort();
    (0..waiting).map(|n| places.get(n).copied()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_therapist_below_the_norm_has_places_today_and_as_families_finish() {
        let mst = ProgrammeModel::mst();
        let today = d("2026-12-04");
        // Two families: two places now, then one at each end.
        let ends = [d("2027-03-01"), d("2027-01-15")];
        assert_eq!(
            free_places(&mst, &ends, today),
            vec![today, today, d("2027-01-15"), d("2027-03-01")]
        );
        // Five families, one above the norm of four: the first to finish
        // frees no place, the second does.
        let five = [
            d("2027-01-01"),
            d("2027-02-01"),
            d("2027-03-01"),
            d("2027-04-01"),
            d("2027-05-01"),
        ];
        let places = free_places(&mst, &five, today);
        assert_eq!(places.first(), Some(&d("2027-02-01")));
        assert_eq!(places.len(), 4);
    }

    #[test]
    fn the_waiting_list_takes_the_places_in_the_order_they_come_free() {
        let places = vec![d("2027-02-01"), d("2026-12-04"), d("2027-01-10")];
        assert_eq!(
            expected_starts(places, 4),
            vec![
                Some(d("2026-12-04")),
                Some(d("2027-01-10")),
                Some(d("2027-02-01")),
                None
            ]
        );
    }

    #[test]
    fn an_mst_therapist_is_at_norm_with_four_and_warned_above_six() {
        let mst = ProgrammeModel::mst();
        assert_eq!(level(&mst, 3), CaseloadLevel::Below);
        assert_eq!(level(&mst, 4), CaseloadLevel::AtNorm);
        assert_eq!(level(&mst, 5), CaseloadLevel::AboveNorm);
        assert_eq!(level(&mst, 7), CaseloadLevel::AboveMaximum);
    }

    #[test]
    fn an_mst_can_therapist_is_warned_above_four() {
        let can = ProgrammeModel::mst_can();
        assert_eq!(level(&can, 3), CaseloadLevel::AtNorm);
        assert_eq!(level(&can, 5), CaseloadLevel::AboveMaximum);
    }

    #[test]
    fn families_are_expected_to_finish_after_the_longest_duration() {
        assert_eq!(
            expected_end(&ProgrammeModel::mst(), d("2026-09-01")),
            d("2027-02-01")
        );
        assert_eq!(
            expected_end(&ProgrammeModel::mst_can(), d("2026-09-01")),
            d("2027-06-01")
        );
    }
}
