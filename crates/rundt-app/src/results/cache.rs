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
