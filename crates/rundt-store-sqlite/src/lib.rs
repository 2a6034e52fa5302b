//! Rundt's embedded default store: bundled SQLite (never the system library;
//! 3.51.3 or newer is required for the WAL-reset fix), WAL journal,
//! `synchronous=FULL`, foreign keys on, one writer thread and a reader pool.
#![forbid(unsafe_code)]

mod agenda;
mod audit;
mod calendar_feed;
mod can_plan;
mod can_results;
mod cases;
mod conn;
mod consultation;
mod convert;
mod crisis;
mod feasibility;
mod forward;
mod group_commit;
mod home;
mod identity;
mod mapping;
mod migrate;
mod money;
mod oncall;
pub(crate) mod outbox;
mod people;
mod protected;
mod query;
mod reference;
mod referrals;
mod results;
mod retention;
mod safety;
pub mod snapshot;
mod sso;
mod teams;
mod treatment;
mod users;
mod versioned;

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use rundt_domain::audit::AuditEvent;
use rundt_domain::country::Country;
use rundt_domain::municipality::{Municipality, MunicipalityCode};
use rundt_domain::national_office::NationalOffice;
use rundt_domain::programme::ProgrammeModel;
use rundt_domain::team::{NewTeam, Ownership, Position, Team, TeamId};
use rundt_domain::user::{NewUser, User, UserId};
use rundt_store::{
    AuditFilter, Backend, NewMembership, ReferenceData, ReferenceSyncReport, Store, StoreError,
    StoreResult, StoredAuditEvent, TeamAt, TeamMember,
};

use crate::forward::forward;

pub use audit::{
    person_log_page_statement as audit_person_log_page_statement,
    person_log_statement as audit_person_log_statement, search_statement as audit_search_statement,
};
pub use conn::MIN_SQLITE_VERSION;

/// The SQL of the dashboards' summary reads and "now" counts, for the
/// EXPLAIN QUERY PLAN test (`tests/query_plans.rs`): it plans exactly what
/// the store runs.
pub mod dashboard_sql {
    pub use crate::results::{
        INTERVIEW_STATES_SQL, adherence_rollup_sql, adherence_sql, outcome_sql, status_counts_sql,
        summary_where, supervision_sql,
    };
}
pub use migrate::MIGRATIONS;

/// The SQL of the outbox's frequent reads (the start page's unseen
/// notices, the worker's look for due mail), for the query-plan test.
pub mod outbox_sql {
    pub use crate::outbox::{COUNT_UNSEEN_SQL, DUE_MAIL_SQL, NEXT_MAIL_DUE_SQL, unseen_sql};
}

/// The per-family table's SQL of each filter shape, for the query-plan tests.
pub mod family_results_sql {
    pub use crate::results::FAMILY_RESULTS_SQL;
}

/// The SQL of a team's supervision history beyond its meetings (their
/// recommendations and attendance), for the query-plan test.
pub mod supervision_sql {
    pub use crate::treatment::{SESSIONS_ATTENDANCE_SQL, SESSIONS_RECOMMENDATIONS_SQL};
}

/// File name of the database inside the data folder.
pub const DATABASE_FILE: &str = "rundt.sqlite3";

const READERS: usize = 4;

pub struct SqliteStore {
    conns: conn::Connections,
    path: PathBuf,
}

impl SqliteStore {
    /// Opens (creating if needed) the database `rundt.sqlite3` in `data_dir`.
    pub fn open_in(data_dir: &Path) -> StoreResult<Self> {
        std::fs::create_dir_all(data_dir).map_err(|e| {
            StoreError::Unavailable(format!(
                "cannot create the data folder {}: {e}",
                data_dir.display()
            ))
        })?;
        Self::open_file(&data_dir.join(DATABASE_FILE))
    }

    /// Opens (creating if needed) the database file at `path`.
    pub fn open_file(path: &Path) -> StoreResult<Self> {
        Ok(Self {
            conns: conn::Connections::open(path, READERS)?,
            path: path.to_owned(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// For tests of a full disk: lets the database grow by at most `pages`
    /// more pages (SQLite's `PRAGMA max_page_count` on the writing
    /// connection), or lifts the limit with `None`. A write that needs more
    /// room then fails with `SQLITE_FULL`, as on a full disk. Not part of
    /// [`Store`], so nothing over HTTP can reach it. Returns the limit now set.
    pub async fn limit_growth_for_tests(&self, pages: Option<i64>) -> StoreResult<i64> {
        self.conns
            .on_writer(move |c| {
                let limit = match pages {
                    Some(more) => {
                        let now: i64 = c
                            .query_row("PRAGMA page_count", [], |r| r.get(0))
                            .map_err(convert::db_err)?;
                        now.saturating_add(more)
                    }
                    // SQLite's own ceiling (4294967294 pages).
                    None => i64::from(u32::MAX - 1),
                };
                c.query_row(&format!("PRAGMA max_page_count = {limit}"), [], |r| {
                    r.get(0)
                })
                .map_err(convert::db_err)
            })
            .await
    }

    /// The SQLite library version in use.
    pub fn sqlite_version() -> &'static str {
        rusqlite::version()
    }
}

forward! {
    impl Store {
        async fn sync_reference_data(&self, data: &ReferenceData, audit: &AuditEvent) -> StoreResult<ReferenceSyncReport> => write reference::sync;
        async fn list_programme_models(&self) -> StoreResult<Vec<ProgrammeModel>> => read reference::list_models;
        async fn get_programme_model(&self, code: &str) -> StoreResult<Option<ProgrammeModel>> => read reference::get_model;
        async fn list_national_offices(&self) -> StoreResult<Vec<NationalOffice>> => read reference::list_offices;
        async fn list_municipalities(&self, country: Option<Country>, on: Option<NaiveDate>) -> StoreResult<Vec<Municipality>> => read reference::list_municipalities;
        async fn find_municipality(&self, country: Country, code: &MunicipalityCode, on: NaiveDate) -> StoreResult<Option<Municipality>> => read reference::find_municipality;
        async fn create_team(&self, team: &NewTeam, audit: &AuditEvent) -> StoreResult<Team> => write teams::create;
        async fn get_team(&self, id: TeamId) -> StoreResult<Option<Team>> => read teams::load;
        async fn team_at(&self, id: TeamId, on: NaiveDate) -> StoreResult<Option<TeamAt>> => read teams::at;
        async fn teams_at(&self, on: NaiveDate) -> StoreResult<Vec<TeamAt>> => read teams::all_at;
        async fn list_teams(&self) -> StoreResult<Vec<Team>> => read teams::list;
        async fn replace_team_owners(&self, id: TeamId, expected_version: i64, owners: &[Ownership], audit: &AuditEvent) -> StoreResult<Team> => write teams::replace_owners;
        async fn create_user(&self, user: &NewUser, password_hash: &str, audit: &AuditEvent) -> StoreResult<User> => write users::create;
        async fn create_user_in_team(&self, user: &NewUser, password_hash: &str, membership: &NewMembership, user_audit: &AuditEvent, member_audit: &AuditEvent) -> StoreResult<(User, TeamMember)> => write users::create_in_team;
        async fn get_user(&self, id: UserId) -> StoreResult<Option<User>> => read users::get;
        async fn find_user_by_username(&self, username: &str) -> StoreResult<Option<User>> => read users::by_username;
        async fn list_users(&self) -> StoreResult<Vec<User>> => read users::list;
        async fn users_by_ids(&self, ids: &[UserId]) -> StoreResult<Vec<User>> => read users::by_ids;
        async fn add_team_member(&self, team_id: TeamId, user_id: UserId, position: Position, since: NaiveDate, audit: &AuditEvent) -> StoreResult<TeamMember> => write teams::add_member;
        async fn end_team_membership(&self, team_id: TeamId, membership_id: i64, until: NaiveDate, audit: &AuditEvent) -> StoreResult<TeamMember> => write teams::end_member;
        async fn list_team_members(&self, team_id: TeamId, on: NaiveDate) -> StoreResult<Vec<TeamMember>> => read teams::list_members;
        async fn team_members_between(&self, team_id: TeamId, from: NaiveDate, to: NaiveDate) -> StoreResult<Vec<TeamMember>> => read teams::members_between;
        async fn append_audit(&self, audit: &AuditEvent) -> StoreResult<i64> => write audit::append;
        async fn append_audit_events(&self, events: &[AuditEvent]) -> StoreResult<Vec<i64>> => write audit::append_all;
        async fn audit_events(&self, after_seq: i64, limit: u32) -> StoreResult<Vec<StoredAuditEvent>> => read audit::list;
        async fn search_audit_events(&self, filter: &AuditFilter, limit: u32) -> StoreResult<Vec<StoredAuditEvent>> => read audit::search;
    }
    {
        fn backend(&self) -> Backend {
            Backend::Sqlite
        }

        async fn health(&self) -> StoreResult<()> {
            self.conns
                .read(|c| {
                    c.query_row("SELECT 1", [], |_| Ok(()))
                        .map_err(convert::db_err)
                })
                .await
        }

        async fn migrate(&self) -> StoreResult<Vec<i64>> {
            self.conns
                .on_writer(|c| {
                    let applied = migrate::migrate(c)?;
                    conn::optimize(c)?;
                    Ok(applied)
                })
                .await
        }

        async fn refresh_statistics(&self) -> StoreResult<()> {
            self.conns.on_writer(|c| conn::optimize(c)).await
        }

        /// Checkpoints the write-ahead log into the database file and
        /// truncates it, on the writer thread after every write queued
        /// before it, so the folder holds one complete file.
        async fn close(&self) -> StoreResult<()> {
            self.conns.on_writer(conn::checkpoint_truncate).await
        }

        async fn applied_migrations(&self) -> StoreResult<Vec<i64>> {
            // The ledger may not exist yet, so ask the writer (readers are query-only).
            self.conns.on_writer(|c| migrate::applied(c)).await
        }

        /// SQLite's clock (the host's, read by the database, not by Rundt).
        async fn now(&self) -> StoreResult<DateTime<Utc>> {
            let millis: i64 = self
                .conns
                .read(|c| {
                    c.query_row(
                        "SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER)",
                        [],
                        |r| r.get(0),
                    )
                    .map_err(convert::db_err)
                })
                .await?;
            DateTime::from_timestamp_millis(millis).ok_or_else(|| {
                StoreError::Internal(format!("SQLite's clock is out of range: {millis}"))
            })
        }
    }
}
