//! The storage boundary of Rundt.
//!
//! [`Store`] is implemented by `rundt-store-sqlite` (embedded, the default)
//! and `rundt-store-postgres`. Both pass the same test suite
//! (`rundt-testkit`). Every method that writes takes the [`AuditEvent`] that
//! describes the write and appends it, hash-chained, in the same transaction.
#![forbid(unsafe_code)]

mod agenda;
mod audit;
mod calendar_feed;
mod can_plan;
mod can_results;
mod cases;
mod consultation;
mod crisis;
mod error;
mod feasibility;
mod feasibility_rows;
mod filter_shape;
mod forward;
mod home;
mod identity;
mod mapping;
mod migrations;
mod money;
mod oncall;
mod outbox;
mod people;
mod people_rows;
mod protected;
mod records;
mod referrals;
mod results;
mod retention;
pub mod row;
mod safety;
mod sso;
mod treatment;
mod types;
mod version;

pub use agenda::*;
pub use audit::{AuditArg, AuditFilter};
pub use calendar_feed::*;
pub use can_plan::*;
pub use can_results::*;
pub use cases::*;
pub use consultation::*;
pub use crisis::*;
pub use error::{StoreError, StoreResult};
pub use feasibility::*;
pub use feasibility_rows::*;
pub use home::*;
pub use identity::*;
pub use mapping::*;
pub use migrations::{Migration, check_same_versions};
pub use money::*;
pub use oncall::*;
pub use outbox::*;
pub use people::*;
pub use people_rows::*;
pub use protected::*;
pub use records::*;
pub use referrals::*;
pub use results::*;
pub use retention::*;
pub use row::{Column, Columns, FromRow, json_text};
pub use safety::*;
pub use sso::*;
pub use treatment::*;
pub use types::*;
pub use version::{
    CRISIS_PLANS, HOME_DETAILS, MAPPINGS, SAFETY_PLANS, Save, TREATMENT_PLANS, VersionedTable,
    decide_save, expect_version, stale,
};

use async_trait::async_trait;

#[doc(hidden)]
pub use async_trait as __async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use rundt_domain::audit::AuditEvent;
use rundt_domain::country::Country;
use rundt_domain::municipality::{Municipality, MunicipalityCode};
use rundt_domain::national_office::NationalOffice;
use rundt_domain::programme::ProgrammeModel;
use rundt_domain::team::{NewTeam, Ownership, Position, Team, TeamId};
use rundt_domain::user::{NewUser, User, UserId};

/// Which backend a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Everything a backend stores: the organisation, users and teams here;
/// each area in its own trait (cases, treatment, referrals, results, the
/// protected records, retention, safety, CAN plans and results, mapping,
/// consultations, home, on-call, crisis, calendar feeds, money, the team's
/// people and the feasibility studies that start a team).
#[async_trait]
pub trait Store:
    IdentityStore
    + AgendaStore
    + CaseStore
    + TreatmentStore
    + ReferralStore
    + ResultsStore
    + ProtectedStore
    + RetentionStore
    + SafetyStore
    + CanPlanStore
    + MappingStore
    + CanResultsStore
    + ConsultationStore
    + HomeStore
    + OnCallStore
    + OutboxStore
    + SsoStore
    + CrisisStore
    + CalendarFeedStore
    + MoneyStore
    + PeopleStore
    + FeasibilityStore
    + Send
    + Sync
    + 'static
{
    fn backend(&self) -> Backend;

    /// Cheap round trip to the database.
    async fn health(&self) -> StoreResult<()>;

    /// Makes the store ready for the process to end, called once when the
    /// server stops (after the last request): SQLite moves its write-ahead
    /// log into the database file and empties it; PostgreSQL closes its
    /// connection pool. Writes that come after it may fail.
    async fn close(&self) -> StoreResult<()>;

    /// Applies pending migrations; returns the versions applied now. Then
    /// refreshes the planner's statistics ([`Store::refresh_statistics`]).
    async fn migrate(&self) -> StoreResult<Vec<i64>>;

    /// Refreshes the query planner's statistics of the tables whose
    /// statistics are missing or stale (SQLite `PRAGMA optimize`,
    /// PostgreSQL `ANALYZE` of those tables): done at every start by
    /// [`Store::migrate`], and between starts by whoever loads much at once
    /// (the data generator, after each team).
    async fn refresh_statistics(&self) -> StoreResult<()>;

    /// Versions recorded as applied, ascending.
    async fn applied_migrations(&self) -> StoreResult<Vec<i64>>;

    /// Inserts or updates the shipped reference data (programme models,
    /// national offices, municipalities). Existing programme models keep any
    /// local changes to their norms.
    async fn sync_reference_data(
        &self,
        data: &ReferenceData,
        audit: &AuditEvent,
    ) -> StoreResult<ReferenceSyncReport>;

    async fn list_programme_models(&self) -> StoreResult<Vec<ProgrammeModel>>;
    async fn get_programme_model(&self, code: &str) -> StoreResult<Option<ProgrammeModel>>;
    async fn list_national_offices(&self) -> StoreResult<Vec<NationalOffice>>;

    /// Municipalities of a country (or both), optionally only those whose
    /// code is valid on a given day; ordered by country, code, valid_from.
    async fn list_municipalities(
        &self,
        country: Option<Country>,
        on: Option<NaiveDate>,
    ) -> StoreResult<Vec<Municipality>>;

    /// The municipality holding `code` on `on`.
    async fn find_municipality(
        &self,
        country: Country,
        code: &MunicipalityCode,
        on: NaiveDate,
    ) -> StoreResult<Option<Municipality>>;

    async fn create_team(&self, team: &NewTeam, audit: &AuditEvent) -> StoreResult<Team>;
    async fn get_team(&self, id: TeamId) -> StoreResult<Option<Team>>;
    /// The team with its programme model, its members on `on` and its
    /// owners' names on `on`, in one call: what a team's page and each of
    /// its sections need (issue 17: they read them four times over).
    async fn team_at(&self, id: TeamId, on: NaiveDate) -> StoreResult<Option<TeamAt>>;
    /// Every team as [`Store::team_at`] reads one, in [`Store::list_teams`]'
    /// order: the teams list's page in one call instead of one per team.
    async fn teams_at(&self, on: NaiveDate) -> StoreResult<Vec<TeamAt>>;
    async fn list_teams(&self) -> StoreResult<Vec<Team>>;

    /// Replaces a team's owners if the team is still at `expected_version`;
    /// otherwise [`StoreError::VersionMismatch`].
    async fn replace_team_owners(
        &self,
        id: TeamId,
        expected_version: i64,
        owners: &[Ownership],
        audit: &AuditEvent,
    ) -> StoreResult<Team>;

    /// Creates a user; a taken username is [`StoreError::Conflict`].
    async fn create_user(
        &self,
        user: &NewUser,
        password_hash: &str,
        audit: &AuditEvent,
    ) -> StoreResult<User>;
    /// Creates a user and makes them a member of a team in one transaction,
    /// appending both audit events (`user_audit` names the new account,
    /// `member_audit` the new membership): a taken username, an unknown
    /// team or any other refusal stores neither the account nor the
    /// membership nor either event.
    async fn create_user_in_team(
        &self,
        user: &NewUser,
        password_hash: &str,
        membership: &NewMembership,
        user_audit: &AuditEvent,
        member_audit: &AuditEvent,
    ) -> StoreResult<(User, TeamMember)>;
    async fn get_user(&self, id: UserId) -> StoreResult<Option<User>>;
    async fn find_user_by_username(&self, username: &str) -> StoreResult<Option<User>>;
    async fn list_users(&self) -> StoreResult<Vec<User>>;
    /// The users with these ids, in no particular order (an id of no user
    /// is left out): the names of whoever acted on one page of a log.
    async fn users_by_ids(&self, ids: &[UserId]) -> StoreResult<Vec<User>>;

    /// Adds a user to a team in a position from `since`. A user already
    /// holding the same position in the team is [`StoreError::Conflict`].
    async fn add_team_member(
        &self,
        team_id: TeamId,
        user_id: UserId,
        position: Position,
        since: NaiveDate,
        audit: &AuditEvent,
    ) -> StoreResult<TeamMember>;

    /// Ends a membership of `team_id` on `until` (kept for history, never
    /// deleted). A membership of another team is [`StoreError::NotFound`].
    async fn end_team_membership(
        &self,
        team_id: TeamId,
        membership_id: i64,
        until: NaiveDate,
        audit: &AuditEvent,
    ) -> StoreResult<TeamMember>;

    /// Memberships current on `on`, ordered by position then name.
    async fn list_team_members(
        &self,
        team_id: TeamId,
        on: NaiveDate,
    ) -> StoreResult<Vec<TeamMember>>;

    /// Memberships that overlap the days from `from` to `to` (both
    /// included), ended ones too, ordered by position, name and id: who was
    /// in post over a period (utilisation counts therapists day by day).
    async fn team_members_between(
        &self,
        team_id: TeamId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<TeamMember>>;

    /// Appends an event that has no write of its own (e.g. a read).
    async fn append_audit(&self, audit: &AuditEvent) -> StoreResult<i64>;

    /// Appends several events of one read (one per person it touched), in
    /// order, in one transaction: all of them or none.
    async fn append_audit_events(&self, events: &[AuditEvent]) -> StoreResult<Vec<i64>>;

    /// Stored audit events from `after_seq` (exclusive), oldest first.
    async fn audit_events(&self, after_seq: i64, limit: u32) -> StoreResult<Vec<StoredAuditEvent>>;

    /// Stored audit events matching `filter`, newest first, at most `limit`.
    async fn search_audit_events(
        &self,
        filter: &AuditFilter,
        limit: u32,
    ) -> StoreResult<Vec<StoredAuditEvent>>;

    /// The current time according to the database, for the health page.
    async fn now(&self) -> StoreResult<DateTime<Utc>>;
}
