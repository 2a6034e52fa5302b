//! The programme norms a study computes with: how many families one
//! full-time therapist completes a year, and how long a course lasts.

use crate::programme::{MST, MST_CAN, ProgrammeModel};

/// Families one full-time therapist completes a year under `model`.
///
/// - MST: 8 — about four families at a time, about eight a year
///   (DOMAIN.md §1, mstdanmark.dk; seed 000).
/// - MST-CAN: 5 — three families at a time over 6–9 months of treatment:
///   3 × 12 ÷ 7.5 ≈ 4.8, rounded to 5 [I: inferred from the model's
///   caseload and duration, not a published figure].
/// - Any other model: twice the families a therapist typically holds at
///   once (a course of about six months).
pub fn families_per_therapist_year(model: &ProgrammeModel) -> u16 {
    match model.code.as_str() {
        MST => 8,
        MST_CAN => 5,
        _ => u16::from(model.typical_families_per_therapist) * 2,
    }
}

/// The months a course lasts under `model`: the midpoint of its shortest
/// and longest duration (MST 3–5 → 4.0, MST-CAN 6–9 → 7.5).
pub fn treatment_months(model: &ProgrammeModel) -> f64 {
    (f64::from(model.min_duration_months) + f64::from(model.max_duration_months)) / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_mst_therapist_completes_about_eight_families_a_year_in_four_months_each() {
        let mst = ProgrammeModel::mst();
        assert_eq!(families_per_therapist_year(&mst), 8);
        assert!((treatment_months(&mst) - 4.0).abs() < 1e-9);
    }

    #[test]
    fn an_mst_can_therapist_completes_about_five_families_a_year_in_seven_and_a_half_months() {
        let can = ProgrammeModel::mst_can();
        assert_eq!(families_per_therapist_year(&can), 5);
        assert!((treatment_months(&can) - 7.5).abs() < 1e-9);
    }

    #[test]
    fn another_model_completes_twice_its_caseload_a_year() {
        let mut other = ProgrammeModel::mst();
        other.code = "MST-PSB".into();
        other.typical_families_per_therapist = 5;
        other.min_duration_months = 5;
        other.max_duration_months = 7;
        assert_eq!(families_per_therapist_year(&other), 10);
        assert!((treatment_months(&other) - 6.0).abs() < 1e-9);
    }
}
