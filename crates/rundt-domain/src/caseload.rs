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

#[cfg(test)]
mod tests {
    use super::*;

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
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
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
