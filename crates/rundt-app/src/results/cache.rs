//! The summary figures of recent dashboards, kept per app server.
//!
//! A figure is kept under what it was computed for (scope, months,
//! grouping, denominator, suppression, day) and the summary tables'
//! version read before its rows, so it is never older than that version.
//! It is used only while the version is the same and with the same
//! context (teams, models, names), so a write to a summary table, on this
//! server or another one on the same database, makes the next read
//! compute afresh. The oldest-used entry goes when the cache is full.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::NaiveDate;
use rundt_domain::country::Country;

use super::DashboardRequest;
use super::aggregate::SummaryFigures;
use super::load::SummaryContext;

/// How many dashboards' figures one app server keeps.
pub const CAPACITY: usize = 256;

/// What a dashboard's summary figures were computed for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FiguresKey {
    pub country: Country,
    pub request: DashboardRequest,
    pub suppress_small_cells: bool,
    /// MST-CAN's counts judge a family's length of stay on the day.
    pub today: NaiveDate,
}

#[derive(Debug)]
struct Entry {
    version: i64,
    context: Arc<SummaryContext>,
    figures: Arc<SummaryFigures>,
    last_used: u64,
}

#[derive(Debug, Default)]
struct Entries {
    by_key: HashMap<FiguresKey, Entry>,
    clock: u64,
}

/// A bounded cache of summary figures, shared by an app's clones.
#[derive(Debug)]
pub struct FiguresCache {
    entries: Mutex<Entries>,
    capacity: usize,
}

impl Default for FiguresCache {
    fn default() -> Self {
        Self::with_capacity(CAPACITY)
    }
}

impl FiguresCache {
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            entries: Mutex::default(),
            capacity: capacity.max(1),
        }
    }

    /// The figures kept for `key` at `version`, computed in `context`.
    pub fn get(
        &self,
        key: &FiguresKey,
        version: i64,
        context: &SummaryContext,
    ) -> Option<Arc<SummaryFigures>> {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.clock += 1;
        let now = entries.clock;
        let entry = entries.by_key.get_mut(key)?;
        if entry.version != version || *entry.context != *context {
            return None;
        }
        entry.last_used = now;
        Some(entry.figures.clone())
    }

    /// Keeps figures computed from rows read after the summary tables'
    /// version was `version`. Figures of a later version already kept stay.
    pub fn put(
        &self,
        key: FiguresKey,
        version: i64,
        context: SummaryContext,
        figures: Arc<SummaryFigures>,
    ) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.clock += 1;
        let now = entries.clock;
        if entries
            .by_key
            .get(&key)
            .is_some_and(|e| e.version > version)
        {
            return;
        }
        if !entries.by_key.contains_key(&key) && entries.by_key.len() >= self.capacity {
            let oldest = entries
                .by_key
                .iter()
                .min_by_key(|(_, e)| e.last_used)
                .map(|(k, _)| k.clone());
            if let Some(oldest) = oldest {
                entries.by_key.remove(&oldest);
            }
        }
        entries.by_key.insert(
            key,
            Entry {
                version,
                context: Arc::new(context),
                figures,
                last_used: now,
            },
        );
    }

    /// How many dashboards' figures are kept.
    pub fn len(&self) -> usize {
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .by_key
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rundt_domain::indicators::Denominator;
    use rundt_domain::period::{Grouping, Month, MonthRange};
    use rundt_domain::team::TeamId;

    use crate::results::Scope;
    use crate::results::aggregate::summary_figures;
    use crate::results::load::SummaryData;

    fn key(team: i64) -> FiguresKey {
        FiguresKey {
            country: Country::DK,
            request: DashboardRequest {
                scope: Scope::Team(TeamId::new(team)),
                range: MonthRange {
                    from: Month {
                        year: 2026,
                        month: 1,
                    },
                    to: Month {
                        year: 2026,
                        month: 12,
                    },
                },
                grouping: Grouping::Quarter,
                denominator: Denominator::AllDischarges,
            },
            suppress_small_cells: true,
            today: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap_or_default(),
        }
    }

    fn context() -> SummaryContext {
        SummaryContext {
            scope_teams: vec![TeamId::new(1)],
            teams: Vec::new(),
            models: Vec::new(),
            municipalities: Arc::default(),
        }
    }

    /// Figures told apart by their programmes.
    fn figures(programme: &str) -> Arc<SummaryFigures> {
        let k = key(1);
        let mut f = summary_figures(
            &k.request,
            true,
            &context(),
            &SummaryData::default(),
            k.today,
        );
        f.programmes = vec![programme.to_owned()];
        Arc::new(f)
    }

    fn programme(f: Option<Arc<SummaryFigures>>) -> Option<String> {
        f.map(|f| f.programmes[0].clone())
    }

    #[test]
    fn figures_are_served_only_at_the_version_and_context_they_were_kept_under() {
        let cache = FiguresCache::default();
        cache.put(key(1), 7, context(), figures("MST"));
        assert_eq!(
            programme(cache.get(&key(1), 7, &context())),
            Some("MST".into())
        );
        assert_eq!(
            cache.get(&key(1), 8, &context()),
            None,
            "a write came since"
        );
        assert_eq!(cache.get(&key(2), 7, &context()), None, "another team");
        let renamed = SummaryContext {
            scope_teams: vec![TeamId::new(1), TeamId::new(3)],
            ..context()
        };
        assert_eq!(cache.get(&key(1), 7, &renamed), None, "the teams changed");
    }

    #[test]
    fn a_slow_reader_does_not_replace_newer_figures() {
        let cache = FiguresCache::default();
        cache.put(key(1), 9, context(), figures("newer"));
        cache.put(key(1), 8, context(), figures("older"));
        assert_eq!(
            programme(cache.get(&key(1), 9, &context())),
            Some("newer".into())
        );
        cache.put(key(1), 10, context(), figures("newest"));
        assert_eq!(
            programme(cache.get(&key(1), 10, &context())),
            Some("newest".into())
        );
        assert_eq!(cache.len(), 1, "one entry per dashboard");
    }

    #[test]
    fn when_full_the_least_recently_used_goes() {
        let cache = FiguresCache::with_capacity(2);
        cache.put(key(1), 1, context(), figures("one"));
        cache.put(key(2), 1, context(), figures("two"));
        assert!(cache.get(&key(1), 1, &context()).is_some());
        cache.put(key(3), 1, context(), figures("three"));
        assert_eq!(cache.len(), 2);
        assert!(cache.get(&key(2), 1, &context()).is_none(), "least used");
        assert!(cache.get(&key(1), 1, &context()).is_some());
        assert!(cache.get(&key(3), 1, &context()).is_some());
    }
}
