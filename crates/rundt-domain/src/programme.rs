//! Programme models (MST, MST-CAN) and their norms. The norms are data: the
//! defaults below are what the programme descriptions say, and an installation
//! stores them in its database so they can be read by every rule and report.

use serde::{Deserialize, Serialize};

/// A treatment programme with the norms a team running it is held to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeModel {
    /// Stable code, e.g. `MST` or `MST-CAN`.
    pub code: String,
    pub name: String,
    /// Youngest age (years) at referral.
    pub min_age: u8,
    /// Oldest age (years) at referral.
    pub max_age: u8,
    pub supervisors: u8,
    pub min_therapists: u8,
    pub max_therapists: u8,
    /// Families a therapist typically holds at once.
    pub typical_families_per_therapist: u8,
    /// Above this many open families a therapist's caseload is flagged.
    pub max_families_per_therapist: u8,
    pub min_duration_months: u8,
    pub max_duration_months: u8,
    /// MST-CAN teams include a crisis caseworker.
    pub requires_crisis_caseworker: bool,
    /// MST-CAN teams include a part-time psychiatrist.
    pub requires_psychiatrist: bool,
}

pub const MST: &str = "MST";
pub const MST_CAN: &str = "MST-CAN";

impl ProgrammeModel {
    /// Standard MST: ages 12-17, one supervisor and 2-4 therapists with about
    /// four families each, 3-5 months of treatment.
    pub fn mst() -> Self {
        Self {
            code: MST.into(),
            name: "Multisystemic Therapy".into(),
            min_age: 12,
            max_age: 17,
            supervisors: 1,
            min_therapists: 2,
            max_therapists: 4,
            typical_families_per_therapist: 4,
            max_families_per_therapist: 6,
            min_duration_months: 3,
            max_duration_months: 5,
            requires_crisis_caseworker: false,
            requires_psychiatrist: false,
        }
    }

    /// MST for Child Abuse and Neglect: ages 6-18, one supervisor, 3-4
    /// therapists with at most four families (three typical), a crisis
    /// caseworker and a part-time psychiatrist, 6-9 months of treatment.
    pub fn mst_can() -> Self {
        Self {
            code: MST_CAN.into(),
            name: "Multisystemic Therapy for Child Abuse and Neglect".into(),
            min_age: 6,
            max_age: 18,
            supervisors: 1,
            min_therapists: 3,
            max_therapists: 4,
            typical_families_per_therapist: 3,
            max_families_per_therapist: 4,
            min_duration_months: 6,
            max_duration_months: 9,
            requires_crisis_caseworker: true,
            requires_psychiatrist: true,
        }
    }

    /// The models every installation starts with.
    pub fn defaults() -> Vec<Self> {
        vec![Self::mst(), Self::mst_can()]
    }

    /// Whether an age in whole years at referral is inside the model's range.
    pub fn accepts_age(&self, age_years: u8) -> bool {
        (self.min_age..=self.max_age).contains(&age_years)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mst_takes_young_people_from_twelve_to_seventeen() {
        let mst = ProgrammeModel::mst();
        assert!(!mst.accepts_age(11));
        assert!(mst.accepts_age(12));
        assert!(mst.accepts_age(17));
        assert!(!mst.accepts_age(18));
    }

    #[test]
    fn mst_can_takes_children_from_six_to_eighteen_with_smaller_caseloads() {
        let can = ProgrammeModel::mst_can();
        assert!(can.accepts_age(6) && can.accepts_age(18));
        assert!(!can.accepts_age(5));
        assert_eq!(can.max_families_per_therapist, 4);
        assert_eq!(can.typical_families_per_therapist, 3);
        assert!(can.requires_crisis_caseworker && can.requires_psychiatrist);
        assert_eq!((can.min_duration_months, can.max_duration_months), (6, 9));
    }
}
