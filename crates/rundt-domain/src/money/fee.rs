//! The yearly licence fee: what one team pays for the part of the year it
//! works, and how its owners share that by their shares.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::municipality::MunicipalityCode;
use crate::team::Team;

use super::arith::{days_inclusive, div_half_up, to_minor, year_bounds};
use super::types::{Currency, LicenceFee, Minor};

/// Splits `total` into shares proportional to `weights` that add up to
/// exactly `total`, by the largest remainder method: each share first gets
/// the whole øre of its exact proportion (rounded down), and the øre left
/// over go one each to the shares whose exact proportion lost the most;
/// on equal remainders to the larger weight, then to the earlier share.
///
/// No weights give no shares. When all weights are 0 there is nothing to
/// split by, and every share is 0 (the shares then do not add up to a
/// non-zero `total`; callers give weights that say who pays). A negative
/// `total` is split as its opposite and negated, so shares of a refund
/// mirror those of a charge.
pub fn split_largest_remainder(total: Minor, weights: &[u32]) -> Vec<Minor> {
    if total < 0 {
        let opposite = i128::from(total).unsigned_abs();
        // The opposite of i64::MIN does not fit: split i64::MAX, then add
        // the last øre to the first share that has one.
        let Ok(opposite) = Minor::try_from(opposite) else {
            let mut shares = split_largest_remainder(Minor::MAX, weights);
            if let Some(first) = shares.iter_mut().find(|s| **s > 0) {
                *first += 1;
            }
            return shares.into_iter().map(|s| -s).collect();
        };
        return split_largest_remainder(opposite, weights)
            .into_iter()
            .map(|s| -s)
            .collect();
    }
    let sum: i128 = weights.iter().map(|w| i128::from(*w)).sum();
    if sum == 0 {
        return vec![0; weights.len()];
    }
    let total_wide = i128::from(total);
    let mut shares: Vec<i128> = Vec::with_capacity(weights.len());
    let mut remainders: Vec<(i128, u32, usize)> = Vec::with_capacity(weights.len());
    for (i, w) in weights.iter().enumerate() {
        let exact = total_wide * i128::from(*w);
        shares.push(exact / sum);
        remainders.push((exact % sum, *w, i));
    }
    let given: i128 = shares.iter().sum();
    let left = usize::try_from(total_wide - given).unwrap_or(0);
    // Largest remainder first; then the larger weight; then the earlier.
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    for (_, _, i) in remainders.into_iter().take(left) {
        shares[i] += 1;
    }
    // Each share is at most `total`, so it fits.
    shares
        .into_iter()
        .map(|s| Minor::try_from(s).unwrap_or(Minor::MAX))
        .collect()
}

/// The days of `year` a team active from `active_from` to `active_until`
/// (inclusive; none: still active) works.
fn active_days_in(year: i32, active_from: NaiveDate, active_until: Option<NaiveDate>) -> i64 {
    let Some((first, last)) = year_bounds(year) else {
        return 0;
    };
    let from = active_from.max(first);
    let until = active_until.map_or(last, |u| u.min(last));
    days_inclusive(from, until)
}

fn days_in_year(year: i32) -> i64 {
    year_bounds(year).map_or(365, |(first, last)| days_inclusive(first, last))
}

/// The part of a yearly `total` for the days of `year` a team is active:
/// `total` × active days (from `active_from` to `active_until`, both
/// included, within the year) ÷ the days of the year, rounded half up.
pub fn pro_rata(
    total: Minor,
    year: i32,
    active_from: NaiveDate,
    active_until: Option<NaiveDate>,
) -> Minor {
    let active = active_days_in(year, active_from, active_until);
    to_minor(div_half_up(
        i128::from(total) * i128::from(active),
        i128::from(days_in_year(year)),
    ))
}

/// One owner's part of a team's licence fee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeeShare {
    pub municipality: MunicipalityCode,
    pub share_bp: u32,
    pub amount: Minor,
}

/// A team's licence fee for a year and how its owners share it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeeSplit {
    pub year: i32,
    pub currency: Currency,
    /// The fee for a whole year.
    pub full_fee: Minor,
    /// The days of the year the team works (started, not closed).
    pub active_days: u32,
    pub days_in_year: u32,
    /// What the team pays: the full fee pro rata its active days.
    pub team_total: Minor,
    /// The owners' parts, in the team's order of owners; they add up to
    /// `team_total` exactly.
    pub shares: Vec<FeeShare>,
}

/// The licence fee `fee` for `team`: pro rata the days of the fee's year
/// from the team's start to `closed_on` (its last day, if it closed), then
/// split over the owners by their shares with the largest remainder
/// method, so the parts add up to the team's fee to the øre.
pub fn split_licence_fee(fee: &LicenceFee, team: &Team, closed_on: Option<NaiveDate>) -> FeeSplit {
    let active = active_days_in(fee.year, team.started_on, closed_on);
    let team_total = pro_rata(fee.per_team, fee.year, team.started_on, closed_on);
    let weights: Vec<u32> = team.owners.iter().map(|o| o.share_bp).collect();
    let amounts = split_largest_remainder(team_total, &weights);
    FeeSplit {
        year: fee.year,
        currency: fee.currency,
        full_fee: fee.per_team,
        active_days: u32::try_from(active).unwrap_or(0),
        days_in_year: u32::try_from(days_in_year(fee.year)).unwrap_or(365),
        team_total,
        shares: team
            .owners
            .iter()
            .zip(amounts)
            .map(|(o, amount)| FeeShare {
                municipality: o.municipality_code.clone(),
                share_bp: o.share_bp,
                amount,
            })
            .collect(),
    }
}

/// Whether `year` has 366 days.
pub fn is_leap_year(year: i32) -> bool {
    NaiveDate::from_ymd_opt(year, 12, 31).is_some_and(|d| d.ordinal() == 366)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::country::Country;
    use crate::id::TeamId;
    use crate::team::Ownership;
    use crate::testing::{code, day};
    use chrono::{TimeZone, Utc};

    fn team(started_on: &str, owners: &[(&str, u32)]) -> Team {
        Team {
            id: TeamId::new(1),
            name: "MST Vest".into(),
            country: Country::DK,
            programme_model: "MST".into(),
            owners: owners
                .iter()
                .map(|(c, bp)| Ownership {
                    municipality_code: code(c),
                    share_bp: *bp,
                })
                .collect(),
            started_on: day(started_on),
            closed_on: None,
            version: 1,
        }
    }

    fn fee(year: i32, per_team: Minor) -> LicenceFee {
        LicenceFee {
            country: Country::DK,
            year,
            currency: Currency::Dkk,
            per_team,
            set_at: Utc.with_ymd_and_hms(2025, 11, 1, 9, 0, 0).unwrap(),
            set_by: None,
        }
    }

    #[test]
    fn the_licence_fee_split_over_three_owners_sums_to_the_fee() {
        let t = team(
            "2020-01-01",
            &[("0101", 3333), ("0147", 3333), ("0151", 3334)],
        );
        let split = split_licence_fee(&fee(2026, 29_900_000), &t, None);
        assert_eq!(split.active_days, 365);
        assert_eq!(split.days_in_year, 365);
        assert_eq!(split.team_total, 29_900_000);
        let amounts: Vec<Minor> = split.shares.iter().map(|s| s.amount).collect();
        // 299,000 kr × 33.33 % = 99,656.70 kr; × 33.34 % = 99,686.60 kr.
        assert_eq!(amounts, vec![9_965_670, 9_965_670, 9_968_660]);
        assert_eq!(amounts.iter().sum::<Minor>(), 29_900_000);
        assert_eq!(split.shares[2].municipality, "0151");
    }

    #[test]
    fn the_ore_left_over_go_to_the_largest_remainders_then_the_larger_weight_then_the_earlier() {
        // 1.00 kr in thirds: one øre left, the three remainders are equal.
        assert_eq!(split_largest_remainder(100, &[1, 1, 1]), vec![34, 33, 33]);
        assert_eq!(split_largest_remainder(100, &[1, 2, 1]), vec![25, 50, 25]);
        // 10 øre by 3333/3333/3334: exact 3.333, 3.333, 3.334 → the larger weight gets the øre.
        assert_eq!(
            split_largest_remainder(10, &[3333, 3333, 3334]),
            vec![3, 3, 4]
        );
        // 11 øre: exact 3.6663, 3.6663, 3.6674 → the two largest remainders.
        assert_eq!(
            split_largest_remainder(11, &[3333, 3333, 3334]),
            vec![4, 3, 4]
        );
        assert_eq!(split_largest_remainder(7, &[]), Vec::<Minor>::new());
        assert_eq!(split_largest_remainder(7, &[0, 0]), vec![0, 0]);
        assert_eq!(
            split_largest_remainder(-100, &[1, 1, 1]),
            vec![-34, -33, -33]
        );
        let extreme = split_largest_remainder(Minor::MIN, &[1, 1]);
        assert_eq!(
            extreme.iter().map(|s| i128::from(*s)).sum::<i128>(),
            i128::from(Minor::MIN)
        );
    }

    #[test]
    fn a_team_starting_on_1_july_pays_184_of_365_days() {
        let t = team("2026-07-01", &[("0101", 5000), ("0147", 5000)]);
        let split = split_licence_fee(&fee(2026, 29_900_000), &t, None);
        assert_eq!(split.active_days, 184);
        // 29,900,000 × 184 ÷ 365 = 15,072,876.71… → 15,072,877 øre.
        assert_eq!(split.team_total, 15_072_877);
        assert_eq!(
            split.shares.iter().map(|s| s.amount).collect::<Vec<_>>(),
            vec![7_536_439, 7_536_438]
        );
    }

    #[test]
    fn a_team_closing_on_31_march_pays_90_of_365_days() {
        let t = team("2019-03-01", &[("0101", 10_000)]);
        let split = split_licence_fee(&fee(2026, 29_900_000), &t, Some(day("2026-03-31")));
        assert_eq!(split.active_days, 90);
        // 29,900,000 × 90 ÷ 365 = 7,372,602.74 → 7,372,603 øre.
        assert_eq!(split.team_total, 7_372_603);
        assert_eq!(split.shares[0].amount, 7_372_603);
    }

    #[test]
    fn in_a_leap_year_the_fee_is_shared_over_366_days() {
        assert!(is_leap_year(2028));
        let t = team("2028-07-01", &[("0101", 10_000)]);
        let split = split_licence_fee(&fee(2028, 29_900_000), &t, None);
        assert_eq!((split.active_days, split.days_in_year), (184, 366));
        // 29,900,000 × 184 ÷ 366 = 15,031,693.99 → 15,031,694 øre.
        assert_eq!(split.team_total, 15_031_694);
        assert_eq!(
            pro_rata(29_900_000, 2028, day("2020-01-01"), None),
            29_900_000
        );
    }

    #[test]
    fn a_team_not_active_in_the_year_pays_nothing_and_a_half_ore_rounds_up() {
        assert_eq!(pro_rata(29_900_000, 2026, day("2027-01-01"), None), 0);
        assert_eq!(
            pro_rata(29_900_000, 2026, day("2020-01-01"), Some(day("2025-12-31"))),
            0
        );
        // A 1-øre fee for about half a year: below ½ rounds down, ½ and above up.
        assert_eq!(pro_rata(1, 2026, day("2026-07-03"), None), 0); // 182/365 < ½
        assert_eq!(pro_rata(1, 2026, day("2026-07-02"), None), 1); // 183/365 > ½
        assert_eq!(pro_rata(2, 2028, day("2028-07-02"), None), 1); // 2 × 183/366 = 1
        assert_eq!(pro_rata(1, 2028, day("2028-07-02"), None), 1); // exactly ½ → up
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        // Any amount split by any weights adds up to the amount to the
        // øre, and each share is within one øre of its exact part.
        proptest! {
            #[test]
            fn shares_add_up_to_the_total_and_each_is_within_an_ore_of_its_part(
                total in 0i64..=10_000_000_000_000,
                weights in prop::collection::vec(0u32..=10_000, 1..12),
            ) {
                let shares = split_largest_remainder(total, &weights);
                prop_assert_eq!(shares.len(), weights.len());
                let sum_w: i128 = weights.iter().map(|w| i128::from(*w)).sum();
                if sum_w == 0 {
                    prop_assert!(shares.iter().all(|s| *s == 0));
                } else {
                    prop_assert_eq!(shares.iter().sum::<i64>(), total);
                    for (share, w) in shares.iter().zip(&weights) {
                        // |share − total × w ÷ Σw| < 1  ⇔  |share × Σw − total × w| < Σw
                        let exact = i128::from(total) * i128::from(*w);
                        let diff = (i128::from(*share) * sum_w - exact).abs();
                        prop_assert!(diff < sum_w, "share {} of weight {} off by {}/{}", share, w, diff, sum_w);
                        prop_assert!(*share >= 0);
                    }
                }
            }

            #[test]
            fn owners_shares_in_basis_points_split_any_fee_exactly(
                total in 0i64..=1_000_000_000_000,
                a in 1u32..=9_998,
                b in 1u32..=9_998,
            ) {
                prop_assume!(a + b < 10_000);
                let weights = [a, b, 10_000 - a - b];
                let shares = split_largest_remainder(total, &weights);
                prop_assert_eq!(shares.iter().sum::<i64>(), total);
            }
        }
    }
}
