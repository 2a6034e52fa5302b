//! What each municipality of a joint study would carry: the scenario's
//! cost over all its years, the value of the placements avoided and the
//! net, split by the shares the municipalities would own the team by (the
//! licence fee is shared the same way, DOMAIN.md §6.1). Split by largest
//! remainder, so the parts add up to the whole to the øre.

use serde::Serialize;

use crate::money::{Minor, split_largest_remainder};
use crate::municipality::MunicipalityCode;
use crate::team::Ownership;

use super::types::ScenarioProjection;

/// One municipality's part of a scenario over all its years.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MunicipalityPart {
    pub municipality: MunicipalityCode,
    pub share_bp: u32,
    pub cost: Minor,
    pub avoided_value: Minor,
    pub net: Minor,
}

/// The scenario's cost, value and net over all its years, split by the
/// owners' shares, in the owners' order.
pub fn split_by_share(
    scenario: &ScenarioProjection,
    owners: &[Ownership],
) -> Vec<MunicipalityPart> {
    let weights: Vec<u32> = owners.iter().map(|o| o.share_bp).collect();
    if weights.iter().all(|w| *w == 0) {
        return Vec::new();
    }
    let cost: Minor = scenario.years.iter().map(|y| y.cost).sum();
    let value: Minor = scenario.years.iter().map(|y| y.avoided_value).sum();
    let costs = split_largest_remainder(cost, &weights);
    let values = split_largest_remainder(value, &weights);
    owners
        .iter()
        .zip(costs.into_iter().zip(values))
        .map(|(o, (cost, avoided_value))| MunicipalityPart {
            municipality: o.municipality_code.clone(),
            share_bp: o.share_bp,
            cost,
            avoided_value,
            net: avoided_value - cost,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feasibility::{PlanYear, Scenario};
    use crate::testing::{code, day};

    fn year(n: u8, cost: Minor, value: Minor) -> PlanYear {
        PlanYear {
            year: n,
            first_month: day("2027-03-01"),
            referrals: 0.0,
            served: 0.0,
            unmet: 0.0,
            therapists_at_end: 2,
            staff_cost: cost,
            overhead: 0,
            licence_fee: 0,
            training: 0,
            travel: 0,
            cost,
            avoided_placements: 0.0,
            avoided_value: value,
            net: value - cost,
            cumulative_net: value - cost,
        }
    }

    fn scenario(years: Vec<PlanYear>) -> ScenarioProjection {
        ScenarioProjection {
            scenario: Scenario::Expected,
            families_per_year: 0.0,
            therapists_needed: 0.0,
            months: Vec::new(),
            years,
            break_even_year: None,
            warnings: Vec::new(),
        }
    }

    fn owner(c: &str, share_bp: u32) -> Ownership {
        Ownership {
            municipality_code: code(c),
            share_bp,
        }
    }

    #[test]
    fn a_joint_team_is_carried_by_the_owners_shares_to_the_ore() {
        // 1,000,000.01 kr. over two years, a third each to three owners
        // (33.34 / 33.33 / 33.33 %): the parts add up exactly.
        let s = scenario(vec![
            year(1, 60_000_000, 10_000_000),
            year(2, 40_000_001, 50_000_000),
        ]);
        let parts = split_by_share(
            &s,
            &[
                owner("0167", 3_334),
                owner("0165", 3_333),
                owner("0153", 3_333),
            ],
        );
        let costs: Vec<Minor> = parts.iter().map(|p| p.cost).collect();
        assert_eq!(costs.iter().sum::<Minor>(), 100_000_001);
        assert_eq!(costs, [33_340_001, 33_330_000, 33_330_000]);
        let values: Vec<Minor> = parts.iter().map(|p| p.avoided_value).collect();
        assert_eq!(values, [20_004_000, 19_998_000, 19_998_000]);
        assert_eq!(parts[0].net, 20_004_000 - 33_340_001);
    }

    #[test]
    fn one_municipality_carries_it_all() {
        let s = scenario(vec![year(1, 100, 250)]);
        let parts = split_by_share(&s, &[owner("0751", 10_000)]);
        assert_eq!(parts.len(), 1);
        assert_eq!(
            (parts[0].cost, parts[0].avoided_value, parts[0].net),
            (100, 250, 150)
        );
    }
}
