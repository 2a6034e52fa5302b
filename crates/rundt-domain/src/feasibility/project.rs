//! A study worked out: each scenario's referrals, staffing ramp and cost
//! month by month, its years against the placements avoided, and the year
//! it breaks even.
//!
//! The rules, for a scenario s, with F = the assumed families one
//! therapist completes a year and D = the model's months of treatment
//! ([`treatment_months`]):
//!
//! - The full rate R (families a year) = Σ over the potential figures of
//!   count × the referral share (basis points, scenario s) of the figure's
//!   measure ÷ 10,000; a measure without a share counts 0.
//! - Month i = 1 ..= 12 · years: referrals_i = R ÷ 12 × min(1, i ÷
//!   ramp_up_months); a ramp-up of 0 months is the full rate from month 1.
//! - The therapists needed now: need_i = ⌈referrals_i × 12 ÷ F − 10⁻⁹⌉;
//!   therapists_i = max(therapists_{i−1}, clamp(need_i, the model's
//!   minimum, its maximum)), with therapists_0 = the model's minimum (MST
//!   starts with 2). Never below the minimum, never above the maximum,
//!   never falling.
//! - served_i = min(referrals_i, therapists_i × F ÷ 12); unmet_i =
//!   referrals_i − served_i; families_in_treatment_i = served over the last
//!   D months (the whole months, and the fractional part of the month
//!   before them).
//! - cost_i, in whole øre, each line rounded half up by itself:
//!   staff = therapists_i × therapist_salary ÷ 12 + Σ over the posts of
//!   yearly × fte_bp ÷ 10,000 ÷ 12 (each post rounded);
//!   overhead = staff × overhead_bp ÷ 10,000;
//!   licence = licence_fee_per_year ÷ 12 when month i's study year ≥
//!   licence_from_year, else 0;
//!   travel = travel_per_year ÷ 12;
//!   training = (in month 1: Σ start_up) + later_therapist_training ×
//!   (therapists_i − therapists_{i−1}) — so a therapist beyond the minimum
//!   already in month 1 is trained at the later price too;
//!   cost_i = staff + overhead + licence + travel + training.
//! - avoided_value_i = round(served_i × avoided_share_bp(s) ÷ 10,000 ×
//!   placement_cost_per_year × placement_months ÷ 12).
//! - A year (12 months from the start) sums its months; avoided_placements
//!   = Σ served × avoided_share; net = avoided_value − cost; cumulative_net
//!   is the running sum of net; the break-even year is the first year whose
//!   cumulative_net ≥ 0.
//! - therapists_needed = R ÷ F, before the model's limits.
//! - Warnings: "study-over-capacity" (families = R − max × F rounded, the
//!   families a year one team cannot take; max) when R > max × F;
//!   "study-below-minimum" (families = R rounded; min) when R < min × F;
//!   "study-no-break-even" (years) when no year breaks even.

use chrono::{Months, NaiveDate};

use crate::message::Message;
use crate::money::{Minor, div_half_up, to_minor};
use crate::msg;
use crate::programme::ProgrammeModel;

use super::norms::treatment_months;
use super::types::{
    PlanMonth, PlanYear, Scenario, ScenarioProjection, StudyDocument, StudyProjection,
};

/// The three scenarios in the order a study shows them.
pub const SCENARIOS: [Scenario; 3] = [Scenario::Low, Scenario::Expected, Scenario::High];

/// A month's cost by line, in øre.
#[derive(Debug, Clone, Copy, Default)]
struct MonthCost {
    staff: Minor,
    overhead: Minor,
    licence: Minor,
    training: Minor,
    travel: Minor,
}

impl MonthCost {
    fn total(&self) -> Minor {
        self.staff
            .saturating_add(self.overhead)
            .saturating_add(self.licence)
            .saturating_add(self.training)
            .saturating_add(self.travel)
    }
}

/// The three scenarios of `doc` worked out under `model`: low, expected,
/// high.
pub fn project(doc: &StudyDocument, model: &ProgrammeModel) -> StudyProjection {
    StudyProjection {
        scenarios: SCENARIOS
            .iter()
            .map(|s| project_scenario(doc, model, *s))
            .collect(),
    }
}

/// Families a year at the full referral rate in `scenario`.
pub fn families_per_year(doc: &StudyDocument, scenario: Scenario) -> f64 {
    doc.potential
        .iter()
        .map(|p| {
            let share = doc
                .referral_shares
                .iter()
                .find(|s| s.measure == p.measure)
                .map_or(0, |s| s.share_bp.of(scenario));
            f64::from(p.count) * f64::from(share) / 10_000.0
        })
        .sum()
}

/// One scenario of `doc` worked out under `model` (the rules in the
/// module's documentation).
pub fn project_scenario(
    doc: &StudyDocument,
    model: &ProgrammeModel,
    scenario: Scenario,
) -> ScenarioProjection {
    let a = &doc.assumptions;
    let rate = families_per_year(doc, scenario);
    let per_therapist = f64::from(a.families_per_therapist_year.max(1));
    let (min, max) = (
        model.min_therapists,
        model.max_therapists.max(model.min_therapists),
    );
    let months_total = u16::from(a.years) * 12;
    let avoided_share = f64::from(a.avoided_share_bp.of(scenario)) / 10_000.0;
    let placement_value = a.placement_cost_per_year as f64 * f64::from(a.placement_months) / 12.0;
    let posts_monthly: Minor = a
        .posts
        .iter()
        .map(|p| {
            to_minor(div_half_up(
                i128::from(p.yearly) * i128::from(p.fte_bp),
                120_000,
            ))
        })
        .fold(0, Minor::saturating_add);
    let start_up: Minor = a
        .start_up
        .iter()
        .map(|l| l.amount)
        .fold(0, Minor::saturating_add);

    let mut months = Vec::with_capacity(usize::from(months_total));
    let mut costs = Vec::with_capacity(usize::from(months_total));
    let mut therapists_before = min;
    for i in 1..=months_total {
        let ramp = if a.ramp_up_months == 0 {
            1.0
        } else {
            (f64::from(i) / f64::from(a.ramp_up_months)).min(1.0)
        };
        let referrals = rate / 12.0 * ramp;
        let need = (referrals * 12.0 / per_therapist - 1e-9).ceil();
        let need = need.clamp(0.0, f64::from(u8::MAX)) as u8;
        let therapists = therapists_before.max(need.max(min).min(max));
        let served = referrals.min(f64::from(therapists) * per_therapist / 12.0);
        let year = (i - 1) / 12 + 1;

        let staff = to_minor(div_half_up(
            i128::from(therapists) * i128::from(a.therapist_salary),
            12,
        ))
        .saturating_add(posts_monthly);
        let hired = i128::from(therapists.saturating_sub(therapists_before));
        let cost = MonthCost {
            staff,
            overhead: to_minor(div_half_up(
                i128::from(staff) * i128::from(a.overhead_bp),
                10_000,
            )),
            licence: if year >= u16::from(a.licence_from_year) {
                to_minor(div_half_up(i128::from(a.licence_fee_per_year), 12))
            } else {
                0
            },
            travel: to_minor(div_half_up(i128::from(a.travel_per_year), 12)),
            training: to_minor(
                i128::from(if i == 1 { start_up } else { 0 })
                    + hired * i128::from(a.later_therapist_training),
            ),
        };
        months.push(PlanMonth {
            month: month_start(a.starts_on, i),
            index: i,
            referrals,
            served,
            unmet: (referrals - served).max(0.0),
            families_in_treatment: 0.0,
            therapists,
            cost: cost.total(),
            avoided_value: (served * avoided_share * placement_value).round() as Minor,
        });
        costs.push(cost);
        therapists_before = therapists;
    }
    fill_in_treatment(&mut months, treatment_months(model));
    let years = sum_years(&months, &costs, avoided_share);
    let break_even_year = years.iter().find(|y| y.cumulative_net >= 0).map(|y| y.year);

    let mut warnings: Vec<Message> = Vec::new();
    let capacity = f64::from(max) * per_therapist;
    if rate > capacity {
        warnings.push(msg!(
            "study-over-capacity",
            families = (rate - capacity).round() as i64,
            max = max
        ));
    }
    if rate < f64::from(min) * per_therapist {
        warnings.push(msg!(
            "study-below-minimum",
            families = rate.round() as i64,
            min = min
        ));
    }
    if break_even_year.is_none() {
        warnings.push(msg!("study-no-break-even", years = a.years));
    }
    ScenarioProjection {
        scenario,
        families_per_year: rate,
        therapists_needed: rate / per_therapist,
        months,
        years,
        break_even_year,
        warnings,
    }
}

/// The first day of study month `i` (1-based) of a study starting on
/// `starts_on`.
fn month_start(starts_on: NaiveDate, i: u16) -> NaiveDate {
    starts_on
        .checked_add_months(Months::new(u32::from(i) - 1))
        .unwrap_or(starts_on)
}

/// Families in treatment: the served of the last `d` months — the whole
/// months, and the fraction of the month before them.
fn fill_in_treatment(months: &mut [PlanMonth], d: f64) {
    let whole = d.floor().max(0.0) as usize;
    let part = d - d.floor();
    let served: Vec<f64> = months.iter().map(|m| m.served).collect();
    for (i, m) in months.iter_mut().enumerate() {
        let from = (i + 1).saturating_sub(whole);
        let mut sum: f64 = served[from..=i].iter().sum();
        if part > 0.0 && i >= whole {
            sum += part * served[i - whole];
        }
        m.families_in_treatment = sum;
    }
}

/// The study years, each summing its 12 months.
fn sum_years(months: &[PlanMonth], costs: &[MonthCost], avoided_share: f64) -> Vec<PlanYear> {
    let mut cumulative: Minor = 0;
    months
        .chunks(12)
        .zip(costs.chunks(12))
        .enumerate()
        .map(|(y, (ms, cs))| {
            let sum_cost =
                |line: fn(&MonthCost) -> Minor| cs.iter().map(line).fold(0, Minor::saturating_add);
            let served: f64 = ms.iter().map(|m| m.served).sum();
            let cost = cs
                .iter()
                .map(MonthCost::total)
                .fold(0, Minor::saturating_add);
            let avoided_value = ms
                .iter()
                .map(|m| m.avoided_value)
                .fold(0, Minor::saturating_add);
            let net = avoided_value.saturating_sub(cost);
            cumulative = cumulative.saturating_add(net);
            PlanYear {
                year: u8::try_from(y + 1).unwrap_or(u8::MAX),
                first_month: ms.first().map_or(NaiveDate::MIN, |m| m.month),
                referrals: ms.iter().map(|m| m.referrals).sum(),
                served,
                unmet: ms.iter().map(|m| m.unmet).sum(),
                therapists_at_end: ms.last().map_or(0, |m| m.therapists),
                staff_cost: sum_cost(|c| c.staff),
                overhead: sum_cost(|c| c.overhead),
                licence_fee: sum_cost(|c| c.licence),
                training: sum_cost(|c| c.training),
                travel: sum_cost(|c| c.travel),
                cost,
                avoided_placements: served * avoided_share,
                avoided_value,
                net,
                cumulative_net: cumulative,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feasibility::fixture::{kr, mst, study};
    use crate::testing::day;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    fn ramp(p: &ScenarioProjection, months: usize) -> Vec<u8> {
        p.months.iter().take(months).map(|m| m.therapists).collect()
    }

    #[test]
    fn the_expected_scenario_starts_with_two_and_hires_the_third_in_month_nine() {
        // R = 100 × 24 % = 24 families a year, 2 a month at the full rate.
        // Month i of the first year: referrals = 2 × i/12 = i/6; need =
        // ⌈i/6 × 12 ÷ 8⌉ = ⌈i/4⌉: 1 in months 1–4 (the minimum, 2, holds),
        // 2 in months 5–8, 3 in months 9–12; at the full rate ⌈3⌉ = 3.
        let p = project_scenario(&study(), &mst(), Scenario::Expected);
        assert!(close(p.families_per_year, 24.0));
        assert!(close(p.therapists_needed, 3.0));
        assert_eq!(ramp(&p, 12), vec![2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3]);
        assert!(p.months[12..].iter().all(|m| m.therapists == 3));
        assert!(close(p.months[2].referrals, 0.5));
        assert!(close(p.months[12].referrals, 2.0));
        // Capacity never falls short: everyone referred is served.
        assert!(p.months.iter().all(|m| m.unmet < 1e-9));
        assert_eq!(p.months[12].month, day("2028-01-01"));
        assert_eq!(p.months[12].index, 13);
        // In treatment: the served of the last 4 months. Month 3: (1+2+3)/6
        // = 1; in year 2, 4 × 2 = 8.
        assert!(close(p.months[2].families_in_treatment, 1.0));
        assert!(close(p.months[23].families_in_treatment, 8.0));
    }

    #[test]
    fn the_expected_scenarios_first_two_years_cost_and_break_even_in_year_three() {
        // Year 1: therapist-months 8 × 2 + 4 × 3 = 28 at 50,000 kr =
        // 1,400,000; supervisor 12 × 60,000 = 720,000 → staff 2,120,000;
        // overhead 10 % = 212,000; no licence (from year 2); travel 60,000;
        // training: start-up 280,000 − 200,000 = 80,000 in month 1, and
        // 35,000 for the third therapist in month 9 = 115,000.
        // Cost = 2,120,000 + 212,000 + 60,000 + 115,000 = 2,507,000 kr.
        // Served 1/6 + 2/6 + … + 12/6 = 13 families, 25 % avoid a placement
        // worth 600,000 × 12 ÷ 12: 13 × 150,000 = 1,950,000; net −557,000.
        // Year 2: staff 36 × 50,000 + 720,000 = 2,520,000; overhead
        // 252,000; licence 300,000; travel 60,000 → 3,132,000. Served 24 →
        // 3,600,000; net 468,000; cumulative −89,000.
        // Year 3 as year 2: cumulative 379,000 → break-even in year 3.
        let p = project_scenario(&study(), &mst(), Scenario::Expected);
        let y1 = &p.years[0];
        assert_eq!(y1.first_month, day("2027-01-01"));
        assert_eq!(y1.staff_cost, kr(2_120_000));
        assert_eq!(y1.overhead, kr(212_000));
        assert_eq!(y1.licence_fee, 0);
        assert_eq!(y1.travel, kr(60_000));
        assert_eq!(y1.training, kr(115_000));
        assert_eq!(y1.cost, kr(2_507_000));
        assert!(close(y1.served, 13.0));
        assert!(close(y1.avoided_placements, 3.25));
        assert_eq!(y1.avoided_value, kr(1_950_000));
        assert_eq!(y1.net, kr(-557_000));
        assert_eq!(y1.therapists_at_end, 3);
        let y2 = &p.years[1];
        assert_eq!(y2.licence_fee, kr(300_000));
        assert_eq!(y2.training, 0);
        assert_eq!(y2.cost, kr(3_132_000));
        assert_eq!(y2.avoided_value, kr(3_600_000));
        assert_eq!(y2.cumulative_net, kr(-89_000));
        assert_eq!(p.years[2].cumulative_net, kr(379_000));
        assert_eq!(p.break_even_year, Some(3));
        assert_eq!(p.years.len(), 5);
        assert!(p.warnings.is_empty());
        // The months add up to the years.
        let month_sum: Minor = p.months[..12].iter().map(|m| m.cost).sum();
        assert_eq!(month_sum, y1.cost);
        // Month 1: (2 × 50,000 + 60,000) × 1.1 + 5,000 travel + 80,000 start-up.
        assert_eq!(p.months[0].cost, kr(181_000 + 80_000));
    }

    #[test]
    fn the_high_scenario_hires_the_third_in_month_six_and_the_fourth_in_month_nine() {
        // R = 36: referrals = 3 × i/12 = i/4; need = ⌈3i/8⌉: 1 in months
        // 1–2, 2 in 3–5, 3 in 6–8, 4 from month 9 (3.375). At the full rate
        // 4.5 therapists are needed, one team takes 4 × 8 = 32: 4 families
        // a year are more than it can take.
        let p = project_scenario(&study(), &mst(), Scenario::High);
        assert_eq!(ramp(&p, 12), vec![2, 2, 2, 2, 2, 3, 3, 3, 4, 4, 4, 4]);
        assert!(close(p.therapists_needed, 4.5));
        assert!(close(p.years[1].unmet, 4.0));
        assert!(close(p.years[1].served, 32.0));
        assert_eq!(
            p.warnings,
            vec![msg!("study-over-capacity", families = 4i64, max = 4u8)]
        );
        // Training: start-up 80,000 + the third and fourth at 35,000.
        assert_eq!(p.years[0].training, kr(150_000));
    }

    #[test]
    fn the_low_scenario_is_below_the_minimum_and_never_breaks_even() {
        // R = 12 < 2 × 8: two therapists for 12 families a year.
        let p = project_scenario(&study(), &mst(), Scenario::Low);
        assert!(p.months.iter().all(|m| m.therapists == 2));
        // Year 1: (2 × 50,000 + 60,000) × 1.1 + 5,000 = 181,000 a month,
        // × 12 + 80,000 start-up = 2,252,000.
        assert_eq!(p.years[0].cost, kr(2_252_000));
        assert_eq!(p.break_even_year, None);
        assert_eq!(
            p.warnings,
            vec![
                msg!("study-below-minimum", families = 12i64, min = 2u8),
                msg!("study-no-break-even", years = 5u8),
            ]
        );
    }

    #[test]
    fn a_study_is_worked_out_low_expected_high() {
        let scenarios: Vec<Scenario> = project(&study(), &mst())
            .scenarios
            .iter()
            .map(|s| s.scenario)
            .collect();
        assert_eq!(scenarios, SCENARIOS.to_vec());
    }

    #[test]
    fn a_study_with_no_potential_has_no_break_even_and_says_so() {
        let mut doc = study();
        doc.potential[0].count = 0;
        let p = project_scenario(&doc, &mst(), Scenario::Expected);
        assert!(close(p.families_per_year, 0.0));
        assert!(
            p.months
                .iter()
                .all(|m| m.therapists == 2 && m.served == 0.0)
        );
        assert_eq!(p.break_even_year, None);
        let codes: Vec<&str> = p.warnings.iter().map(|w| w.code).collect();
        assert_eq!(codes, vec!["study-below-minimum", "study-no-break-even"]);
    }

    #[test]
    fn a_measure_without_a_share_counts_nothing() {
        let mut doc = study();
        doc.potential[0].measure = PotentialMeasure::SchoolDropout;
        assert!(close(families_per_year(&doc, Scenario::High), 0.0));
    }

    #[test]
    fn without_a_ramp_up_the_full_rate_comes_in_the_first_month() {
        // 36 a year from month 1 needs 4.5 therapists: 4 from the start,
        // the two beyond the minimum trained at the later price.
        let mut doc = study();
        doc.assumptions.ramp_up_months = 0;
        let p = project_scenario(&doc, &mst(), Scenario::High);
        assert!(p.months.iter().all(|m| m.therapists == 4));
        assert!(close(p.months[0].referrals, 3.0));
        assert_eq!(p.years[0].training, kr(80_000 + 2 * 35_000));
    }

    use crate::feasibility::types::PotentialMeasure;

    fn therapists_over(doc: &StudyDocument, model: &ProgrammeModel) -> Vec<Vec<u8>> {
        SCENARIOS
            .iter()
            .map(|s| {
                project_scenario(doc, model, *s)
                    .months
                    .iter()
                    .map(|m| m.therapists)
                    .collect()
            })
            .collect()
    }

    #[test]
    fn an_mst_ramp_never_plans_fewer_than_two_or_more_than_four_and_never_falls() {
        let model = mst();
        for count in (0..=600).step_by(7) {
            for ramp_up in [0u8, 1, 5, 12, 24, 36] {
                let mut doc = study();
                doc.potential[0].count = count;
                doc.assumptions.ramp_up_months = ramp_up;
                for ramp in therapists_over(&doc, &model) {
                    assert!(ramp.iter().all(|t| (2..=4).contains(t)), "{ramp:?}");
                    assert!(ramp.windows(2).all(|w| w[0] <= w[1]), "{ramp:?}");
                }
            }
        }
    }

    #[test]
    fn an_mst_can_ramp_never_plans_fewer_than_three() {
        let model = ProgrammeModel::mst_can();
        for count in (0..=300).step_by(11) {
            for ramp_up in [0u8, 6, 12, 36] {
                let mut doc = study();
                doc.programme_model = model.code.clone();
                doc.assumptions.families_per_therapist_year = 5;
                doc.potential[0].count = count;
                doc.assumptions.ramp_up_months = ramp_up;
                for ramp in therapists_over(&doc, &model) {
                    assert!(ramp.iter().all(|t| (3..=4).contains(t)), "{ramp:?}");
                    assert!(ramp.windows(2).all(|w| w[0] <= w[1]), "{ramp:?}");
                }
            }
        }
    }

    #[test]
    fn mst_can_families_in_treatment_count_half_of_the_eighth_month_back() {
        // 7.5 months of treatment: the last 7 months and half the one
        // before. At a steady 1 served a month: 7.5 in treatment.
        let mut doc = study();
        doc.programme_model = "MST-CAN".into();
        doc.assumptions.families_per_therapist_year = 5;
        doc.assumptions.ramp_up_months = 0;
        doc.referral_shares[0].share_bp.expected = 1_200;
        let p = project_scenario(&doc, &ProgrammeModel::mst_can(), Scenario::Expected);
        assert!(close(p.months[0].families_in_treatment, 1.0));
        assert!(close(p.months[6].families_in_treatment, 7.0));
        assert!(close(p.months[7].families_in_treatment, 7.5));
        assert!(close(p.months[30].families_in_treatment, 7.5));
    }
}
