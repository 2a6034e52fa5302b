//! Programme indicators from discharges, against the MST Programme
//! Implementation Review targets (DOMAIN.md §4.4), and the small-cell rule:
//! outside one's own families, figures about fewer than five families are
//! suppressed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub mod can;
mod catalogue;
#[cfg(feature = "openapi")]
mod schema;

pub use catalogue::{
    CATALOGUE, COUNTER_COLUMNS, COUNTER_LIST, COUNTERS, Chart, Comparator, Counter, Definition,
    OTHER_COUNTERS, catalogue, counter_index, definition,
};

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
    /// Families counted; `None` when hidden.
    pub count: Option<u32>,
    /// Families counted over; `None` when hidden.
    pub of: Option<u32>,
    /// Percent, one decimal; `None` when hidden or nothing to divide.
    pub percent: Option<f64>,
    /// Hidden by the small-cell rule (see [`reveals_few`]).
    pub hidden: bool,
}

impl Share {
    fn new(count: u32, of: u32) -> Self {
        let percent = (of > 0).then(|| (f64::from(count) * 1000.0 / f64::from(of)).round() / 10.0);
        Self {
            count: Some(count),
            of: Some(of),
            percent,
            hidden: false,
        }
    }

    /// `count` of `of` families; with `suppress`, hidden when it would tell
    /// about fewer than [`MIN_CELL`] families (see [`reveals_few`]).
    pub fn of_families(count: u32, of: u32, suppress: bool) -> Self {
        if suppress && reveals_few(count, of) {
            Self::HIDDEN
        } else {
            Self::new(count, of)
        }
    }

    /// A share hidden by the small-cell rule.
    pub const HIDDEN: Self = Self {
        count: None,
        of: None,
        percent: None,
        hidden: true,
    };
}

/// Whether showing `count` of `of` families tells something about fewer
/// than [`MIN_CELL`] families: fewer than that in all, or a count of 1 to
/// 4 — or one that leaves 1 to 4 in the rest ("placed: 1 of 8" and "at
/// home: 7 of 8" both point at one family). Nothing to count (0 of 0)
/// tells nothing.
pub fn reveals_few(count: u32, of: u32) -> bool {
    let few = |n: u32| (1..MIN_CELL).contains(&n);
    of > 0 && (of < MIN_CELL || few(count) || few(of.saturating_sub(count)))
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

/// The targets: each indicator's from the catalogue, and the length of
/// stay's range, which depends on the programme.
#[derive(Debug, Clone, PartialEq)]
pub struct Targets {
    /// Target percent by indicator key.
    pub shares: BTreeMap<&'static str, f64>,
    pub length_of_stay_min_days: f64,
    pub length_of_stay_max_days: f64,
}

impl Default for Targets {
    /// The PIR targets of the catalogue (90 % at home, in school or
    /// working, without new arrests; 85 % completing; under 5 % for lack of
    /// engagement; under 10 % placed); average stay 100–140 days.
    fn default() -> Self {
        Self {
            shares: CATALOGUE.iter().map(|d| (d.key, d.target)).collect(),
            length_of_stay_min_days: 100.0,
            length_of_stay_max_days: 140.0,
        }
    }
}

impl Targets {
    /// The targets for a programme: the PIR figures, with the length of stay
    /// from the programme's duration when it is not standard MST (MST-CAN
    /// runs 6–9 months).
    pub fn for_programme(code: &str, min_months: u8, max_months: u8) -> Self {
        let mut t = Self::default();
        if code != "MST" {
            t.length_of_stay_min_days = (f64::from(min_months) * 30.44).round();
            t.length_of_stay_max_days = (f64::from(max_months) * 30.44).round();
        }
        t
    }

    /// An indicator's target percent.
    pub fn of(&self, key: &str) -> Option<f64> {
        self.shares.get(key).copied()
    }
}

/// Serialized flat, as `living_at_home_min`, `placed_max`, …,
/// `length_of_stay_min_days`, `length_of_stay_max_days`.
impl Serialize for Targets {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(CATALOGUE.len() + 2))?;
        for d in CATALOGUE {
            if let Some(t) = self.of(d.key) {
                m.serialize_entry(&target_key(d), &t)?;
            }
        }
        m.serialize_entry("length_of_stay_min_days", &self.length_of_stay_min_days)?;
        m.serialize_entry("length_of_stay_max_days", &self.length_of_stay_max_days)?;
        m.end()
    }
}

/// The key of an indicator's target: `living_at_home_min`, `placed_max`.
pub fn target_key(d: &Definition) -> String {
    format!("{}_{}", d.key, d.comparator.suffix())
}

/// Which discharges the ultimate outcomes are counted over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicators {
    pub discharges: u32,
    pub denominator: Denominator,
    /// Each indicator of the catalogue by key (serialized as fields of
    /// their own: `living_at_home`, `completed`, …).
    #[serde(flatten)]
    pub shares: BTreeMap<&'static str, Share>,
    /// Average treatment days; `None` when suppressed or no discharges.
    pub average_length_of_stay_days: Option<f64>,
    /// True when the figures were hidden by the small-cell rule.
    pub suppressed: bool,
}

impl Indicators {
    /// An indicator's share; nothing to divide when it is not in the
    /// catalogue.
    pub fn share(&self, key: &str) -> Share {
        self.shares.get(key).copied().unwrap_or(Share::new(0, 0))
    }
}

impl std::ops::Index<&str> for Indicators {
    type Output = Share;

    /// `indicators["completed"]`; an indicator outside the catalogue is a
    /// programming error.
    fn index(&self, key: &str) -> &Share {
        &self.shares[key]
    }
}

/// The counters behind the indicators: what one discharge adds to a summary
/// cell, and what summary cells add up to. Stores keep these per team,
/// municipality and month, updated in the transaction that records the
/// discharge, follow-up or survey.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutcomeCounts {
    pub discharges: u32,
    pub treatment_days: i64,
    /// The catalogue's counter columns, in the order of [`COUNTER_COLUMNS`].
    pub counters: [u32; COUNTERS],
}

impl OutcomeCounts {
    /// What one discharge adds.
    pub fn of(d: &DischargeFacts) -> Self {
        Self {
            discharges: 1,
            treatment_days: d.treatment_days,
            counters: COUNTER_LIST.map(|c| u32::from((c.counts)(d))),
        }
    }

    /// A counter column's count (0 for a column not in the catalogue).
    pub fn get(&self, column: &str) -> u32 {
        counter_index(column).map_or(0, |i| self.counters[i])
    }

    /// Sets a counter column's count; a column not in the catalogue is
    /// ignored.
    pub fn set(&mut self, column: &str, n: u32) {
        if let Some(i) = counter_index(column) {
            self.counters[i] = n;
        }
    }

    pub fn add(&mut self, o: &Self) {
        self.discharges += o.discharges;
        self.treatment_days += o.treatment_days;
        for (a, b) in self.counters.iter_mut().zip(o.counters) {
            *a += b;
        }
    }

    pub fn sum<'a>(all: impl IntoIterator<Item = &'a Self>) -> Self {
        let mut total = Self::default();
        for c in all {
            total.add(c);
        }
        total
    }

    /// The indicators; `suppress` applies the small-cell rule.
    pub fn indicators(&self, denominator: Denominator, suppress: bool) -> Indicators {
        let n = self.discharges;
        let hide = suppress && n < MIN_CELL;
        let shares = CATALOGUE
            .iter()
            .map(|d| {
                let (count, of) = match (denominator, d.completers) {
                    (Denominator::Completers, Some(c)) => {
                        (self.get(c.column), self.get("completed"))
                    }
                    _ => (self.get(d.counter.column), n),
                };
                let s = if hide {
                    Share::HIDDEN
                } else {
                    Share::of_families(count, of, suppress)
                };
                (d.key, s)
            })
            .collect();
        let los = (!hide && n > 0)
            .then(|| ((self.treatment_days as f64 / f64::from(n)) * 10.0).round() / 10.0);
        Indicators {
            discharges: if hide { 0 } else { n },
            denominator,
            shares,
            average_length_of_stay_days: los,
            suppressed: hide,
        }
    }
}

/// Which cells of a breakdown to hide so that no cell about fewer than
/// [`MIN_CELL`] families can be worked out, given the families per cell and
/// that the breakdown's total is shown. Cells under the limit are hidden;
/// if those hidden together hold fewer than the limit, the next smallest
/// cells are hidden too, until the hidden cells together hold at least the
/// limit (or every cell is hidden). Otherwise the total minus the shown
/// cells would give away the hidden one. Returns (hidden, and whether it
/// was hidden only to protect another cell) per cell.
pub fn protect_small_cells(families: &[u32]) -> Vec<(bool, bool)> {
    let mut out: Vec<(bool, bool)> = families
        .iter()
        .map(|n| (*n > 0 && *n < MIN_CELL, false))
        .collect();
    let hidden_sum = |out: &[(bool, bool)]| -> u32 {
        families
            .iter()
            .zip(out)
            .filter(|(_, (h, _))| *h)
            .map(|(n, _)| *n)
            .sum()
    };
    if !out.iter().any(|(h, _)| *h) {
        return out;
    }
    while hidden_sum(&out) < MIN_CELL {
        let next = families
            .iter()
            .enumerate()
            .filter(|(i, n)| **n > 0 && !out[*i].0)
            .min_by_key(|(i, n)| (**n, *i))
            .map(|(i, _)| i);
        match next {
            Some(i) => out[i] = (true, true),
            None => break,
        }
    }
    out
}

/// Counters of follow-ups made at one point (6, 12 or 18 months).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpCounts {
    pub done: u32,
    pub living_at_home: u32,
    pub in_school_or_working: u32,
    pub no_new_arrests: u32,
}

impl FollowUpCounts {
    pub fn of(living_at_home: bool, in_school_or_working: bool, no_new_arrests: bool) -> Self {
        Self {
            done: 1,
            living_at_home: u32::from(living_at_home),
            in_school_or_working: u32::from(in_school_or_working),
            no_new_arrests: u32::from(no_new_arrests),
        }
    }

    pub fn add(&mut self, o: &Self) {
        self.done += o.done;
        self.living_at_home += o.living_at_home;
        self.in_school_or_working += o.in_school_or_working;
        self.no_new_arrests += o.no_new_arrests;
    }

    pub fn figures(&self, months: u8, suppress: bool) -> FollowUpFigures {
        let hide = suppress && self.done < MIN_CELL;
        let share = |c: u32| {
            if hide {
                Share::HIDDEN
            } else {
                Share::of_families(c, self.done, suppress)
            }
        };
        FollowUpFigures {
            months,
            done: if hide { 0 } else { self.done },
            living_at_home: share(self.living_at_home),
            in_school_or_working: share(self.in_school_or_working),
            no_new_arrests: share(self.no_new_arrests),
            suppressed: hide,
        }
    }
}

/// The ultimate outcomes at a follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUpFigures {
    pub months: u8,
    pub done: u32,
    pub living_at_home: Share,
    pub in_school_or_working: Share,
    pub no_new_arrests: Share,
    pub suppressed: bool,
}

/// Computes the indicators; `suppress` applies the small-cell rule.
pub fn compute(facts: &[DischargeFacts], denominator: Denominator, suppress: bool) -> Indicators {
    let counts: Vec<OutcomeCounts> = facts.iter().map(OutcomeCounts::of).collect();
    OutcomeCounts::sum(&counts).indicators(denominator, suppress)
}

/// A share against its target.
pub fn judge(share: &Share, comparator: Comparator, target: f64) -> TargetStatus {
    match (share.percent, comparator) {
        (None, _) => TargetStatus::Unknown,
        (Some(p), Comparator::AtLeast) if p >= target => TargetStatus::Met,
        (Some(p), Comparator::Below) if p < target => TargetStatus::Met,
        (Some(_), _) => TargetStatus::NotMet,
    }
}

/// Each indicator against its target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetReport {
    /// By indicator key (serialized as fields of their own).
    #[serde(flatten)]
    pub shares: BTreeMap<&'static str, TargetStatus>,
    pub length_of_stay: TargetStatus,
}

impl TargetReport {
    /// An indicator's status; unknown outside the catalogue.
    pub fn of(&self, key: &str) -> TargetStatus {
        self.shares
            .get(key)
            .copied()
            .unwrap_or(TargetStatus::Unknown)
    }
}

impl std::ops::Index<&str> for TargetReport {
    type Output = TargetStatus;

    /// `against_targets["completed"]`; an indicator outside the catalogue
    /// is a programming error.
    fn index(&self, key: &str) -> &TargetStatus {
        &self.shares[key]
    }
}

pub fn against_targets(i: &Indicators, t: &Targets) -> TargetReport {
    TargetReport {
        shares: CATALOGUE
            .iter()
            .map(|d| {
                let target = t.of(d.key).unwrap_or(d.target);
                (d.key, judge(&i.share(d.key), d.comparator, target))
            })
            .collect(),
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
            i["completed"],
            Share {
                count: Some(8),
                of: Some(10),
                percent: Some(80.0),
                hidden: false,
            }
        );
        assert_eq!(i["living_at_home"].percent, Some(90.0));
        assert_eq!(i["in_school_or_working"].percent, Some(70.0));
        assert_eq!(i["no_new_arrests"].percent, Some(90.0));
        assert_eq!(i["lack_of_engagement"].percent, Some(10.0));
        assert_eq!(i["placed"].percent, Some(10.0));
        // (6*120 + 140 + 100 + 40 + 80) / 10 = 108
        assert_eq!(i.average_length_of_stay_days, Some(108.0));
        let t = against_targets(&i, &Targets::default());
        assert_eq!(t["living_at_home"], TargetStatus::Met);
        assert_eq!(t["in_school_or_working"], TargetStatus::NotMet);
        assert_eq!(t["completed"], TargetStatus::NotMet);
        assert_eq!(t["placed"], TargetStatus::NotMet, "10 % is not under 10 %");
        assert_eq!(t.length_of_stay, TargetStatus::Met);
    }

    #[test]
    fn outcomes_can_be_counted_over_completers_only() {
        let i = compute(&ten(), Denominator::Completers, false);
        assert_eq!(
            i["living_at_home"],
            Share {
                count: Some(8),
                of: Some(8),
                percent: Some(100.0),
                hidden: false,
            }
        );
        assert_eq!(
            i["in_school_or_working"],
            Share {
                count: Some(7),
                of: Some(8),
                percent: Some(87.5),
                hidden: false,
            }
        );
        assert_eq!(
            i["completed"].of,
            Some(10),
            "completion is always over all discharges"
        );
    }

    #[test]
    fn fewer_than_five_families_are_suppressed_for_outsiders_only() {
        let four = &ten()[..4];
        let hidden = compute(four, Denominator::AllDischarges, true);
        assert!(hidden.suppressed);
        assert_eq!(hidden["living_at_home"].percent, None);
        assert_eq!(hidden.discharges, 0);
        assert_eq!(
            against_targets(&hidden, &Targets::default())["living_at_home"],
            TargetStatus::Unknown
        );
        let own = compute(four, Denominator::AllDischarges, false);
        assert_eq!(own.discharges, 4);
        let five = compute(&ten()[..5], Denominator::AllDischarges, true);
        assert!(!five.suppressed);
    }

    #[test]
    fn one_placed_family_of_eight_is_hidden_from_an_outsider_and_so_is_its_complement() {
        // Eight discharges: one placed (so seven at home), one for lack of
        // engagement, six completed.
        let eight = &ten()[2..];
        let outsider = compute(eight, Denominator::AllDischarges, true);
        assert!(
            !outsider.suppressed,
            "eight families are enough for a total"
        );
        assert_eq!(outsider.discharges, 8);
        for key in ["placed", "lack_of_engagement", "living_at_home"] {
            assert_eq!(outsider[key], Share::HIDDEN, "{key}: 1 of 8 or 7 of 8");
        }
        assert_eq!(
            against_targets(&outsider, &Targets::default())["placed"],
            TargetStatus::Unknown
        );
        // Five of eight leaves three: hidden; none of eight tells nothing
        // about a family; the team sees everything.
        assert!(outsider["completed"].hidden, "6 of 8 leaves 2");
        let own = compute(eight, Denominator::AllDischarges, false);
        assert_eq!(own["placed"].count, Some(1));
        assert_eq!(own["placed"].percent, Some(12.5));
    }

    #[test]
    fn a_share_is_hidden_when_it_or_the_rest_counts_one_to_four_families() {
        assert!(!reveals_few(0, 0));
        assert!(reveals_few(0, 4), "four families in all");
        assert!(!reveals_few(0, 5), "none of five");
        assert!(!reveals_few(5, 5), "all of five");
        assert!(reveals_few(1, 10));
        assert!(reveals_few(9, 10), "leaves one");
        assert!(!reveals_few(5, 10));
        assert!(reveals_few(4, 20));
        assert!(!reveals_few(15, 20));
        assert!(reveals_few(16, 20), "leaves four");
    }

    #[test]
    fn summary_cells_add_up_to_the_same_indicators_as_the_families() {
        let data = ten();
        let (a, b) = data.split_at(3);
        let mut left = OutcomeCounts::sum(&a.iter().map(OutcomeCounts::of).collect::<Vec<_>>());
        let right = OutcomeCounts::sum(&b.iter().map(OutcomeCounts::of).collect::<Vec<_>>());
        left.add(&right);
        assert_eq!(left.discharges, 10);
        assert_eq!(left.treatment_days, 1080);
        assert_eq!(left.get("completed"), 8);
        assert_eq!(left.get("completers_in_school_or_working"), 7);
        assert_eq!(
            left.indicators(Denominator::Completers, false),
            compute(&data, Denominator::Completers, false)
        );
    }

    #[test]
    fn mst_can_is_held_to_its_own_length_of_stay() {
        let t = Targets::for_programme("MST-CAN", 6, 9);
        assert_eq!(t.length_of_stay_min_days, 183.0);
        assert_eq!(t.length_of_stay_max_days, 274.0);
        assert_eq!(Targets::for_programme("MST", 3, 5), Targets::default());
    }

    #[test]
    fn a_lone_small_cell_takes_its_smallest_neighbour_with_it() {
        // 3 + 9 + 7 = 19 shown as a total: hiding only the 3 would let
        // anyone work it out as 19 - 9 - 7.
        assert_eq!(
            protect_small_cells(&[3, 9, 7]),
            vec![(true, false), (false, false), (true, true)]
        );
        // Two small cells holding 6 together protect each other.
        assert_eq!(
            protect_small_cells(&[2, 4, 9]),
            vec![(true, false), (true, false), (false, false)]
        );
        // Nothing small, nothing hidden; empty cells stay empty.
        assert_eq!(
            protect_small_cells(&[5, 0, 8]),
            vec![(false, false), (false, false), (false, false)]
        );
        // Too little anywhere: everything goes.
        assert_eq!(
            protect_small_cells(&[1, 2]),
            vec![(true, false), (true, false)]
        );
    }

    #[test]
    fn no_discharges_give_no_percentages() {
        let i = compute(&[], Denominator::AllDischarges, false);
        assert_eq!(i["completed"].percent, None);
        assert_eq!(i.average_length_of_stay_days, None);
    }
}
