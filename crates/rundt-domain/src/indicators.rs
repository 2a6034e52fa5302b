//! Programme indicators from discharges, against the MST Programme
//! Implementation Review targets (DOMAIN.md §4.4), and the small-cell rule:
//! outside one's own families, figures about fewer than five families are
//! suppressed.

use serde::{Deserialize, Serialize};

use crate::discharge::DischargeReason;

/// Aggregates below this many families are not shown to viewers who may
/// not see the families themselves.
pub const MIN_CELL: u32 = 5;

/// One discharged family, as the indicators need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DischargeFacts {
    pub reason: DischargeReason,
    pub treatment_days: i64,
    pub living_at_home: bool,
    pub in_school_or_working: bool,
    pub no_new_arrests: bool,
}

/// A share with its numerator and denominator.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Share {
    pub count: u32,
    pub of: u32,
    /// Percent, one decimal; `None` when suppressed or nothing to divide.
    pub percent: Option<f64>,
}

impl Share {
    fn new(count: u32, of: u32) -> Self {
        let percent = (of > 0).then(|| (f64::from(count) * 1000.0 / f64::from(of)).round() / 10.0);
        Self { count, of, percent }
    }

    fn suppressed(self) -> Self {
        Self {
            count: 0,
            of: 0,
            percent: None,
        }
    }
}

/// Whether a figure meets its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TargetStatus {
    Met,
    NotMet,
    /// Too few families, or suppressed.
    Unknown,
}

/// The PIR targets.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Targets {
    pub living_at_home_min: f64,
    pub in_school_or_working_min: f64,
    pub no_new_arrests_min: f64,
    pub completed_min: f64,
    pub lack_of_engagement_max: f64,
    pub placed_max: f64,
    pub length_of_stay_min_days: f64,
    pub length_of_stay_max_days: f64,
}

impl Default for Targets {
    /// 90 % at home, in school or working, without new arrests; 85 %
    /// completing; under 5 % for lack of engagement; under 10 % placed;
    /// average stay 100–140 days.
    fn default() -> Self {
        Self {
            living_at_home_min: 90.0,
            in_school_or_working_min: 90.0,
            no_new_arrests_min: 90.0,
            completed_min: 85.0,
            lack_of_engagement_max: 5.0,
            placed_max: 10.0,
            length_of_stay_min_days: 100.0,
            length_of_stay_max_days: 140.0,
        }
    }
}

/// Which discharges the ultimate outcomes are counted over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Denominator {
    /// All discharges (the stricter reading).
    #[default]
    AllDischarges,
    /// Only families who completed treatment.
    Completers,
}

/// The indicators of a set of discharges.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Indicators {
    pub discharges: u32,
    pub denominator: Denominator,
    pub living_at_home: Share,
    pub in_school_or_working: Share,
    pub no_new_arrests: Share,
    pub completed: Share,
    pub lack_of_engagement: Share,
    pub placed: Share,
    /// Average treatment days; `None` when suppressed or no discharges.
    pub average_length_of_stay_days: Option<f64>,
    /// True when the figures were hidden by the small-cell rule.
    pub suppressed: bool,
}

/// Computes the indicators; `suppress` applies the small-cell rule.
pub fn compute(facts: &[DischargeFacts], denominator: Denominator, suppress: bool) -> Indicators {
    let n = u32::try_from(facts.len()).unwrap_or(u32::MAX);
    let count = |f: &dyn Fn(&DischargeFacts) -> bool, set: &[&DischargeFacts]| {
        u32::try_from(set.iter().filter(|d| f(d)).count()).unwrap_or(u32::MAX)
    };
    let all: Vec<&DischargeFacts> = facts.iter().collect();
    let base: Vec<&DischargeFacts> = match denominator {
        Denominator::AllDischarges => all.clone(),
        Denominator::Completers => all
            .iter()
            .copied()
            .filter(|d| d.reason == DischargeReason::Completed)
            .collect(),
    };
    let of = u32::try_from(base.len()).unwrap_or(u32::MAX);
    let hide = suppress && n < MIN_CELL;
    let share = |c: u32, of: u32| {
        if hide {
            Share::new(c, of).suppressed()
        } else {
            Share::new(c, of)
        }
    };
    let los = (!hide && n > 0).then(|| {
        let total: i64 = facts.iter().map(|d| d.treatment_days).sum();
        ((total as f64 / f64::from(n)) * 10.0).round() / 10.0
    });
    Indicators {
        discharges: if hide { 0 } else { n },
        denominator,
        living_at_home: share(count(&|d| d.living_at_home, &base), of),
        in_school_or_working: share(count(&|d| d.in_school_or_working, &base), of),
        no_new_arrests: share(count(&|d| d.no_new_arrests, &base), of),
        completed: share(count(&|d| d.reason == DischargeReason::Completed, &all), n),
        lack_of_engagement: share(
            count(&|d| d.reason == DischargeReason::LackOfEngagement, &all),
            n,
        ),
        placed: share(count(&|d| d.reason == DischargeReason::Placed, &all), n),
        average_length_of_stay_days: los,
        suppressed: hide,
    }
}

fn at_least(share: &Share, min: f64) -> TargetStatus {
    match share.percent {
        Some(p) if p >= min => TargetStatus::Met,
        Some(_) => TargetStatus::NotMet,
        None => TargetStatus::Unknown,
    }
}

fn at_most(share: &Share, max: f64) -> TargetStatus {
    match share.percent {
        Some(p) if p < max => TargetStatus::Met,
        Some(_) => TargetStatus::NotMet,
        None => TargetStatus::Unknown,
    }
}

/// Each indicator against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TargetReport {
    pub living_at_home: TargetStatus,
    pub in_school_or_working: TargetStatus,
    pub no_new_arrests: TargetStatus,
    pub completed: TargetStatus,
    pub lack_of_engagement: TargetStatus,
    pub placed: TargetStatus,
    pub length_of_stay: TargetStatus,
}

pub fn against_targets(i: &Indicators, t: &Targets) -> TargetReport {
    TargetReport {
        living_at_home: at_least(&i.living_at_home, t.living_at_home_min),
        in_school_or_working: at_least(&i.in_school_or_working, t.in_school_or_working_min),
        no_new_arrests: at_least(&i.no_new_arrests, t.no_new_arrests_min),
        completed: at_least(&i.completed, t.completed_min),
        lack_of_engagement: at_most(&i.lack_of_engagement, t.lack_of_engagement_max),
        placed: at_most(&i.placed, t.placed_max),
        length_of_stay: match i.average_length_of_stay_days {
            Some(d) if (t.length_of_stay_min_days..=t.length_of_stay_max_days).contains(&d) => {
                TargetStatus::Met
            }
            Some(_) => TargetStatus::NotMet,
            None => TargetStatus::Unknown,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DischargeReason::*;

    fn d(
        reason: DischargeReason,
        days: i64,
        home: bool,
        school: bool,
        arrests: bool,
    ) -> DischargeFacts {
        DischargeFacts {
            reason,
            treatment_days: days,
            living_at_home: home,
            in_school_or_working: school,
            no_new_arrests: arrests,
        }
    }

    /// Ten discharges with known answers: 8 completed, 1 lack of
    /// engagement, 1 placed; 8 at home, 7 in school, 9 without arrests.
    fn ten() -> Vec<DischargeFacts> {
        let mut v = vec![d(Completed, 120, true, true, true); 6];
        v.push(d(Completed, 140, true, false, true));
        v.push(d(Completed, 100, true, true, false));
        v.push(d(LackOfEngagement, 40, true, false, true));
        v.push(d(Placed, 80, false, false, true));
        v
    }

    #[test]
    fn indicators_on_known_data() {
        let i = compute(&ten(), Denominator::AllDischarges, false);
        assert_eq!(i.discharges, 10);
        assert_eq!(
            i.completed,
            Share {
                count: 8,
                of: 10,
                percent: Some(80.0)
            }
        );
        assert_eq!(i.living_at_home.percent, Some(90.0));
        assert_eq!(i.in_school_or_working.percent, Some(70.0));
        assert_eq!(i.no_new_arrests.percent, Some(90.0));
        assert_eq!(i.lack_of_engagement.percent, Some(10.0));
        assert_eq!(i.placed.percent, Some(10.0));
        // (6*120 + 140 + 100 + 40 + 80) / 10 = 108
        assert_eq!(i.average_length_of_stay_days, Some(108.0));
        let t = against_targets(&i, &Targets::default());
        assert_eq!(t.living_at_home, TargetStatus::Met);
        assert_eq!(t.in_school_or_working, TargetStatus::NotMet);
        assert_eq!(t.completed, TargetStatus::NotMet);
        assert_eq!(t.placed, TargetStatus::NotMet, "10 % is not under 10 %");
        assert_eq!(t.length_of_stay, TargetStatus::Met);
    }

    #[test]
    fn outcomes_can_be_counted_over_completers_only() {
        let i = compute(&ten(), Denominator::Completers, false);
        assert_eq!(
            i.living_at_home,
            Share {
                count: 8,
                of: 8,
                percent: Some(100.0)
            }
        );
        assert_eq!(
            i.in_school_or_working,
            Share {
                count: 7,
                of: 8,
                percent: Some(87.5)
            }
        );
        assert_eq!(
            i.completed.of, 10,
            "completion is always over all discharges"
        );
    }

    #[test]
    fn fewer_than_five_families_are_suppressed_for_outsiders_only() {
        let four = &ten()[..4];
        let hidden = compute(four, Denominator::AllDischarges, true);
        assert!(hidden.suppressed);
        assert_eq!(hidden.living_at_home.percent, None);
        assert_eq!(hidden.discharges, 0);
        assert_eq!(
            against_targets(&hidden, &Targets::default()).living_at_home,
            TargetStatus::Unknown
        );
        let own = compute(four, Denominator::AllDischarges, false);
        assert_eq!(own.discharges, 4);
        let five = compute(&ten()[..5], Denominator::AllDischarges, true);
        assert!(!five.suppressed);
    }

    #[test]
    fn no_discharges_give_no_percentages() {
        let i = compute(&[], Denominator::AllDischarges, false);
        assert_eq!(i.completed.percent, None);
        assert_eq!(i.average_length_of_stay_days, None);
    }
}
