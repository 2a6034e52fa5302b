//! Rundt's application layer: one function per use case. Each validates its
//! input with the domain rules, checks what needs a look-up, and calls the
//! store with the audit event that describes the change. HTTP handlers and
//! the command line call these functions and nothing below them.
#![forbid(unsafe_code)]

pub mod access;
pub mod access_log;
pub mod actor;
pub mod audit_log;
pub mod audit_search;
pub mod auth;
pub mod backup;
pub mod can_plan;
mod can_results;
mod capacity;
pub mod case_access;
mod case_write;
pub mod cases;
pub mod clock;
pub mod consultation;
pub mod crisis_contact;
pub mod crisis_essentials;
pub mod crisis_plan;
mod decisions;
pub mod error;
pub mod family;
pub mod family_list;
pub mod feasibility;
pub mod fidelity;
pub mod health;
pub mod home;
pub mod key_rotation;
pub mod keyring;
pub mod mapping;
pub mod money;
pub mod notices;
pub mod on_call_access;
pub mod on_call_now;
pub mod oncall;
pub mod organisation;
pub mod password;
pub mod people;
pub mod protect;
pub mod records;
pub mod reference;
pub mod referrals;
pub mod results;
pub mod retention;
pub mod safety;
pub mod sso;
pub mod start;
pub mod subject_access;
pub mod supervision_agenda;
pub mod treatment;
pub mod users;

use std::sync::Arc;

use rundt_store::Store;

pub use actor::Actor;
pub use clock::{Clock, FileClock, SystemClock};
pub use error::{AppError, AppResult};

/// Everything a use case needs: the store, the clock and the keys that
/// protect identifiers and second factors at rest. The store is private to
/// this crate: the web layer and the command line reach it only through the
/// use cases, which authorize and audit.
#[derive(Clone)]
pub struct App {
    pub(crate) store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    pub keys: Arc<keyring::KeyRing>,
    /// The audit chain's head as last verified intact (seq, hash): where
    /// the auditor's page continues verifying from.
    pub(crate) audit_verified: Arc<std::sync::Mutex<Option<(i64, String)>>>,
    /// Dashboards' summary figures, kept under the summary tables' version.
    pub(crate) results_cache: Arc<results::cache::FiguresCache>,
    /// Dashboards' municipality names, kept under the same version.
    pub(crate) municipality_names: Arc<results::names::NamesCache>,
    /// Whether people may log in with Rundt's own password; an
    /// installation whose people all log in through their organisation's
    /// identity provider turns it off (`rundt_domain::sso`).
    password_login: bool,
}

impl App {
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, keys: Arc<keyring::KeyRing>) -> Self {
        Self {
            store,
            clock,
            keys,
            audit_verified: Arc::default(),
            results_cache: Arc::default(),
            municipality_names: Arc::default(),
            password_login: true,
        }
    }

    /// The same app with password login on or off.
    pub fn with_password_login(mut self, on: bool) -> Self {
        self.password_login = on;
        self
    }

    /// Whether people may log in with Rundt's own password.
    pub fn password_login(&self) -> bool {
        self.password_login
    }

    /// The same app on a clock stopped at noon (UTC) of `day`: the demo and
    /// the benchmark data replay courses that happened in the past.
    pub fn on_day(&self, day: chrono::NaiveDate) -> Self {
        let noon = day
            .and_hms_opt(12, 0, 0)
            .map(|t| t.and_utc())
            .unwrap_or_else(|| self.clock.now());
        self.with_clock(Arc::new(clock::FixedClock(noon)))
    }

    /// The same app seen from another clock (tests, demo back-dating).
    pub fn with_clock(&self, clock: Arc<dyn Clock>) -> Self {
        Self {
            store: self.store.clone(),
            clock,
            keys: self.keys.clone(),
            audit_verified: self.audit_verified.clone(),
            results_cache: self.results_cache.clone(),
            municipality_names: self.municipality_names.clone(),
            password_login: self.password_login,
        }
    }

    /// The migration versions the database has applied, oldest first.
    pub async fn schema_versions(&self) -> AppResult<Vec<i64>> {
        Ok(self.store.applied_migrations().await?)
    }

    /// Readies the database for the process to end: called once, after the
    /// server has answered its last request (SQLite empties its write-ahead
    /// log into the database file; PostgreSQL closes its pool).
    pub async fn close(&self) -> AppResult<()> {
        Ok(self.store.close().await?)
    }

    /// Refreshes the database's planner statistics where they are missing
    /// or stale: for a load of much data at once between two starts (the
    /// data generator), which a busy database's own upkeep may not have
    /// caught up with.
    pub async fn refresh_statistics(&self) -> AppResult<()> {
        Ok(self.store.refresh_statistics().await?)
    }

    /// Migrates the database and brings the shipped reference data up to date.
    pub async fn prepare(&self) -> AppResult<Vec<i64>> {
        let applied = self.store.migrate().await?;
        reference::sync(self).await?;
        Ok(applied)
    }
}
