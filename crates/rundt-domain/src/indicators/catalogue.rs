//! The indicators, each defined once: its key, how it is judged against
//! which target, the counter columns of the outcome summary it is counted
//! in and the Fluent id of its label. The figures, the summary columns, the
//! tables, charts and exports and the OpenAPI schema follow from this list;
//! a new indicator is an entry here, a migration adding its columns and its
//! label in the three languages.

use crate::discharge::DischargeReason;

use super::DischargeFacts;

/// How a share is judged against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    /// Met at or above the target (`living_at_home_min`).
    AtLeast,
    /// Met only below the target (`placed_max`).
    Below,
}

impl Comparator {
    /// The suffix of the target's key: `min` or `max`.
    pub fn suffix(self) -> &'static str {
        match self {
            Comparator::AtLeast => "min",
            Comparator::Below => "max",
        }
    }
}

/// A counter column of the outcome summary and which discharges it counts.
#[derive(Debug, Clone, Copy)]
pub struct Counter {
    pub column: &'static str,
    pub counts: fn(&DischargeFacts) -> bool,
}

/// Where an indicator is drawn over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chart {
    /// With the ultimate outcomes.
    Outcomes,
    /// With completion.
    Completion,
    /// Only in the tables.
    None,
}

/// One indicator: a share of discharges with a target.
#[derive(Debug, Clone, Copy)]
pub struct Definition {
    /// Its name in the JSON, the targets and the summary columns.
    pub key: &'static str,
    /// Fluent id of its label (`results.ftl`).
    pub label: &'static str,
    pub comparator: Comparator,
    /// The target, in percent (DOMAIN.md §4.4).
    pub target: f64,
    /// Counted over all discharges.
    pub counter: Counter,
    /// The ultimate outcomes are also counted over completers, for the
    /// completers denominator; discharge reasons are always over all.
    pub completers: Option<Counter>,
    /// A column of the breakdowns (per period, team, municipality).
    pub in_breakdowns: bool,
    pub chart: Chart,
}

/// An ultimate outcome (living at home, in school or working, no new
/// arrests): counted over all discharges and over completers, at least 90 %.
macro_rules! ultimate_outcome {
    ($field:ident) => {
        Definition {
            key: stringify!($field),
            label: concat!("ind_", stringify!($field)),
            comparator: Comparator::AtLeast,
            target: 90.0,
            counter: Counter {
                column: stringify!($field),
                counts: |d| d.$field,
            },
            completers: Some(Counter {
                column: concat!("completers_", stringify!($field)),
                counts: |d| completed(d) && d.$field,
            }),
            in_breakdowns: true,
            chart: Chart::Outcomes,
        }
    };
}

/// A discharge reason that should stay rare: its share must be below
/// `target` percent; shown in the tables only.
macro_rules! rare_reason {
    ($key:ident, $reason:ident, $target:expr) => {
        Definition {
            key: stringify!($key),
            label: concat!("ind_", stringify!($key)),
            comparator: Comparator::Below,
            target: $target,
            counter: Counter {
                column: stringify!($key),
                counts: |d| d.reason == DischargeReason::$reason,
            },
            completers: None,
            in_breakdowns: false,
            chart: Chart::None,
        }
    };
}

/// The indicators, in the order they are shown.
pub const CATALOGUE: &[Definition] = &[
    ultimate_outcome!(living_at_home),
    ultimate_outcome!(in_school_or_working),
    ultimate_outcome!(no_new_arrests),
    Definition {
        key: "completed",
        label: "ind_completed",
        comparator: Comparator::AtLeast,
        target: 85.0,
        counter: Counter {
            column: "completed",
            counts: completed,
        },
        completers: None,
        in_breakdowns: true,
        chart: Chart::Completion,
    },
    rare_reason!(lack_of_engagement, LackOfEngagement, 5.0),
    rare_reason!(placed, Placed, 10.0),
];

/// Counted, but not an indicator of their own: the other discharge reasons.
pub const OTHER_COUNTERS: &[Counter] = &[
    Counter {
        column: "moved",
        counts: |d| d.reason == DischargeReason::Moved,
    },
    Counter {
        column: "other_reason",
        counts: |d| d.reason == DischargeReason::Other,
    },
];

fn completed(d: &DischargeFacts) -> bool {
    d.reason == DischargeReason::Completed
}

/// The indicator definitions.
pub fn catalogue() -> &'static [Definition] {
    CATALOGUE
}

/// The definition of an indicator by key.
pub fn definition(key: &str) -> Option<&'static Definition> {
    CATALOGUE.iter().find(|d| d.key == key)
}

const fn counter_count() -> usize {
    let mut n = OTHER_COUNTERS.len();
    let mut i = 0;
    while i < CATALOGUE.len() {
        n += 1;
        if CATALOGUE[i].completers.is_some() {
            n += 1;
        }
        i += 1;
    }
    n
}

/// How many counter columns the indicators need.
pub const COUNTERS: usize = counter_count();

const fn counter_list() -> [Counter; COUNTERS] {
    let mut out = [OTHER_COUNTERS[0]; COUNTERS];
    let mut n = 0;
    let mut i = 0;
    while i < CATALOGUE.len() {
        out[n] = CATALOGUE[i].counter;
        n += 1;
        if let Some(c) = CATALOGUE[i].completers {
            out[n] = c;
            n += 1;
        }
        i += 1;
    }
    let mut j = 0;
    while j < OTHER_COUNTERS.len() {
        out[n] = OTHER_COUNTERS[j];
        n += 1;
        j += 1;
    }
    out
}

/// Every counter column, in the order of [`OutcomeCounts::counters`](super::OutcomeCounts).
pub const COUNTER_LIST: [Counter; COUNTERS] = counter_list();

const fn column_list() -> [&'static str; COUNTERS] {
    let mut out = [""; COUNTERS];
    let mut i = 0;
    while i < COUNTERS {
        out[i] = COUNTER_LIST[i].column;
        i += 1;
    }
    out
}

/// The counter columns' names, in the same order.
pub const COUNTER_COLUMNS: [&str; COUNTERS] = column_list();

/// The position of a counter column.
pub fn counter_index(column: &str) -> Option<usize> {
    COUNTER_COLUMNS.iter().position(|c| *c == column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_indicator_and_counter_has_a_name_of_its_own() {
        let keys: BTreeSet<&str> = CATALOGUE.iter().map(|d| d.key).collect();
        assert_eq!(keys.len(), CATALOGUE.len());
        let columns: BTreeSet<&str> = COUNTER_COLUMNS.iter().copied().collect();
        assert_eq!(columns.len(), COUNTERS);
        for d in CATALOGUE {
            assert!(d.label.starts_with("ind_"), "{}", d.key);
            assert!(d.target > 0.0 && d.target < 100.0, "{}", d.key);
        }
    }

    #[test]
    fn the_pir_targets_are_the_catalogues() {
        let target = |k: &str| definition(k).map(|d| (d.comparator, d.target));
        assert_eq!(target("living_at_home"), Some((Comparator::AtLeast, 90.0)));
        assert_eq!(target("completed"), Some((Comparator::AtLeast, 85.0)));
        assert_eq!(target("lack_of_engagement"), Some((Comparator::Below, 5.0)));
        assert_eq!(target("placed"), Some((Comparator::Below, 10.0)));
        assert!(definition("made_up").is_none());
    }
}
