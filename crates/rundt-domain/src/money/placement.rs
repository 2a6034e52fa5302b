//! What the programme cost against what the placements it avoided would
//! have cost, at the municipality's own figure for a placement.

use serde::Serialize;

use super::arith::{div_half_up, to_minor};
use super::types::{Minor, PlacementCost};

/// Spending set against the value of avoided out-of-home placements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SpendingAgainstAvoided {
    /// What was spent on courses, in minor units.
    pub spent: Minor,
    pub avoided_placements: u32,
    /// One avoided placement: a year's cost × the assumed months ÷ 12.
    pub value_per_placement: Minor,
    pub avoided_value: Minor,
    /// `avoided_value` − `spent`: above 0 the avoided placements were worth
    /// more than was spent.
    pub difference: Minor,
}

/// The value of `avoided` placements: `avoided` × the yearly cost × the
/// assumed months ÷ 12, rounded half up.
pub fn value_avoided_placements(avoided: u32, cost: &PlacementCost) -> Minor {
    to_minor(div_half_up(
        i128::from(avoided) * i128::from(cost.yearly_cost) * i128::from(cost.assumed_months),
        12,
    ))
}

/// `spent` set against `avoided` placements valued at `cost`.
pub fn spending_against_avoided(
    spent: Minor,
    avoided: u32,
    cost: &PlacementCost,
) -> SpendingAgainstAvoided {
    let avoided_value = value_avoided_placements(avoided, cost);
    SpendingAgainstAvoided {
        spent,
        avoided_placements: avoided,
        value_per_placement: value_avoided_placements(1, cost),
        avoided_value,
        difference: to_minor(i128::from(avoided_value) - i128::from(spent)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::country::Country;
    use crate::money::Currency;
    use crate::testing::code;
    use chrono::{TimeZone, Utc};

    fn cost(yearly_cost: Minor, assumed_months: u16) -> PlacementCost {
        PlacementCost {
            country: Country::DK,
            municipality: code("0751"),
            year: 2026,
            currency: Currency::Dkk,
            yearly_cost,
            assumed_months,
            assumption: "Gennemsnit for anbringelser på opholdssted 2025".into(),
            set_at: Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap(),
            set_by: None,
        }
    }

    #[test]
    fn three_avoided_placements_of_eighteen_months_against_the_spending() {
        // 1,100,000 kr a year, assumed to last 18 months: 1,650,000 kr each.
        let c = cost(110_000_000, 18);
        assert_eq!(value_avoided_placements(1, &c), 165_000_000);
        let s = spending_against_avoided(299_000_000, 3, &c);
        assert_eq!(
            s,
            SpendingAgainstAvoided {
                spent: 299_000_000,
                avoided_placements: 3,
                value_per_placement: 165_000_000,
                avoided_value: 495_000_000,
                difference: 196_000_000,
            }
        );
        assert_eq!(
            spending_against_avoided(600_000_000, 3, &c).difference,
            -105_000_000
        );
    }

    #[test]
    fn a_part_of_an_ore_rounds_half_up() {
        // 1 øre × 6 ÷ 12 = ½ → 1; × 5 ÷ 12 → 0; 7 × 1 øre × 1 ÷ 12 → 1.
        assert_eq!(value_avoided_placements(1, &cost(1, 6)), 1);
        assert_eq!(value_avoided_placements(1, &cost(1, 5)), 0);
        assert_eq!(value_avoided_placements(7, &cost(1, 1)), 1);
        assert_eq!(value_avoided_placements(0, &cost(110_000_000, 18)), 0);
    }
}
