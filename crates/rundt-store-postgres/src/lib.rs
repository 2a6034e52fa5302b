//! Rundt's PostgreSQL store, for installations that outgrow one machine.
//!
//! [`PostgresStore`] implements [`rundt_store::Store`] with tokio-postgres
//! over a deadpool connection pool (plain TCP, no TLS). Every write runs in
//! one transaction together with the append of its audit event.
#![forbid(unsafe_code)]

pub mod admin;
mod agenda;
mod audit;
mod audit_batch;
mod calendar_feed;
mod can_plan;
mod can_results;
mod cases;
mod connect;
mod consultation;
mod crisis;
mod error;
mod feasibility;
mod home;
mod identity;
mod mapping;
mod members;
mod migrate;
mod money;
mod oncall;
mod outbox;
mod people;
mod protected;
mod query;
mod reference;
mod referrals;
mod results;
mod retention;
mod safety;
mod sso;
mod statistics;
mod teams;
mod treatment;
mod users;
mod versioned;

use chrono::{DateTime, NaiveDate, Utc};
use deadpool_postgres::Pool;
use rundt_domain::audit::AuditEvent;
use rundt_domain::country::Country;
use rundt_domain::feasibility::{Study, StudyComment, StudyDocument, StudySummary, StudyVersion};
use rundt_domain::id::CaseId;
use rundt_domain::money::{
    BillingDetails, BudgetLine, CasePrice, Currency, LicenceFee, Minor, NewPlacementCost,
    NewPurchaseAgreement, NewTeamPrice, PlacementCost, PurchaseAgreement, ReferralPrice,
    TeamBudget, TeamPrice,
};
use rundt_domain::municipality::{Municipality, MunicipalityCode};
use rundt_domain::national_office::NationalOffice;
use rundt_domain::people::{
    Booster, Certificate, ConsultantRatingRow, DevelopmentPlan, HeldMeeting, HoldBooster,
    NewBooster, NewPlanReview, NewPlanVersion, NewTrainingRecord, PlanReview, TrainingException,
    TrainingRecord,
};
use rundt_domain::programme::ProgrammeModel;
use rundt_domain::team::{NewTeam, Ownership, Position, Team, TeamId};
use rundt_domain::user::{NewUser, User, UserId};
use rundt_store::{
    AgreementFilter, AuditFilter, Backend, FeasibilityStore, Migration, MoneyStore,
    NewConsultantRatingRow, NewMembership, PeopleStore, ReferenceData, ReferenceSyncReport, Store,
    StoreError, StoreResult, StoredAuditEvent, TeamAt, TeamFromStudy, TeamMember, Written,
};

use crate::error::{describe, pg};

/// The PostgreSQL schema migrations, in order. Versions and names match the
/// SQLite backend's list.
pub const MIGRATIONS: &[Migration] = include!(concat!(env!("OUT_DIR"), "/migrations.rs"));

/// A store backed by a PostgreSQL database. Cheap to clone: clones share
/// the connection pool.
#[derive(Clone)]
pub struct PostgresStore {
    pool: Pool,
    /// The reads' audit events, committed in batches.
    audit: audit_batch::AuditBatcher,
    /// `host:port/db`, for messages (never the user or password).
    target: String,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStore")
            .field("target", &self.target)
            .finish()
    }
}

impl PostgresStore {
    /// Connects to the database at `url` (e.g.
    /// `postgres://rundt:secret@db:5432/rundt`) and makes one round trip, so
    /// a wrong URL or an unreachable server is reported at start-up.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let config = connect::parse_config(url)?;
        let target = connect::target(&config);
        let pool = connect::build_pool(config)?;
        let unreachable = |reason: String| {
            StoreError::Unavailable(format!(
                "cannot reach PostgreSQL at {target}: {}",
                connect::redact(&reason, url)
            ))
        };
        let client = pool.get().await.map_err(|e| match e {
            deadpool_postgres::PoolError::Backend(e) => unreachable(describe(&e)),
            deadpool_postgres::PoolError::Timeout(_) => unreachable("timed out".into()),
            other => unreachable(other.to_string()),
        })?;
        client
            .simple_query("SELECT 1")
            .await
            .map_err(|e| unreachable(describe(&e)))?;
        drop(client);
        tracing::debug!(target = %target, "connected to PostgreSQL");
        Ok(Self {
            pool,
            audit: audit_batch::AuditBatcher::default(),
            target,
        })
    }

    /// `host:port/db` of the database, for logs and the health page.
    pub fn target(&self) -> &str {
        &self.target
    }
}

/// One forwarded call (see [`rundt_store::forward_store`]):
/// `function(pool, args)`.
macro_rules! on_pool {
    ($store:ident, pool, $f:path $(, $arg:ident: $ty:ty)*) => {
        $f(&$store.pool $(, $arg)*).await
    };
    ($store:ident, batched, $f:path $(, $arg:ident: $ty:ty)*) => {
        $f(&$store.audit, &$store.pool $(, $arg)*).await
    };
}

rundt_store::forward_store! {
    on_pool, PostgresStore;
    impl Store {
        async fn migrate(&self) -> StoreResult<Vec<i64>> => pool migrate::migrate_all;
        async fn refresh_statistics(&self) -> StoreResult<()> => pool statistics::refresh;
        async fn applied_migrations(&self) -> StoreResult<Vec<i64>> => pool migrate::applied_migrations;
        async fn sync_reference_data(&self, data: &ReferenceData, audit: &AuditEvent) -> StoreResult<ReferenceSyncReport> => pool reference::sync_reference_data;
        async fn list_programme_models(&self) -> StoreResult<Vec<ProgrammeModel>> => pool reference::list_programme_models;
        async fn get_programme_model(&self, code: &str) -> StoreResult<Option<ProgrammeModel>> => pool reference::get_programme_model;
        async fn list_national_offices(&self) -> StoreResult<Vec<NationalOffice>> => pool reference::list_national_offices;
        async fn list_municipalities(&self, country: Option<Country>, on: Option<NaiveDate>) -> StoreResult<Vec<Municipality>> => pool reference::list_municipalities;
        async fn find_municipality(&self, country: Country, code: &MunicipalityCode, on: NaiveDate) -> StoreResult<Option<Municipality>> => pool reference::find_municipality;
        async fn create_team(&self, team: &NewTeam, audit: &AuditEvent) -> StoreResult<Team> => pool teams::create_team;
        async fn get_team(&self, id: TeamId) -> StoreResult<Option<Team>> => pool teams::get_team;
        async fn team_at(&self, id: TeamId, on: NaiveDate) -> StoreResult<Option<TeamAt>> => pool teams::team_at;
        async fn teams_at(&self, on: NaiveDate) -> StoreResult<Vec<TeamAt>> => pool teams::teams_at;
        async fn list_teams(&self) -> StoreResult<Vec<Team>> => pool teams::list_teams;
        async fn replace_team_owners(&self, id: TeamId, expected_version: i64, owners: &[Ownership], audit: &AuditEvent) -> StoreResult<Team> => pool teams::replace_team_owners;
        async fn create_user(&self, user: &NewUser, password_hash: &str, audit: &AuditEvent) -> StoreResult<User> => pool users::create_user;
        async fn create_user_in_team(&self, user: &NewUser, password_hash: &str, membership: &NewMembership, user_audit: &AuditEvent, member_audit: &AuditEvent) -> StoreResult<(User, TeamMember)> => pool users::create_user_in_team;
        async fn get_user(&self, id: UserId) -> StoreResult<Option<User>> => pool users::get_user;
        async fn find_user_by_username(&self, username: &str) -> StoreResult<Option<User>> => pool users::find_user_by_username;
        async fn list_users(&self) -> StoreResult<Vec<User>> => pool users::list_users;
        async fn users_by_ids(&self, ids: &[UserId]) -> StoreResult<Vec<User>> => pool users::users_by_ids;
        async fn add_team_member(&self, team_id: TeamId, user_id: UserId, position: Position, since: NaiveDate, audit: &AuditEvent) -> StoreResult<TeamMember> => pool members::add_team_member;
        async fn end_team_membership(&self, team_id: TeamId, membership_id: i64, until: NaiveDate, audit: &AuditEvent) -> StoreResult<TeamMember> => pool members::end_team_membership;
        async fn list_team_members(&self, team_id: TeamId, on: NaiveDate) -> StoreResult<Vec<TeamMember>> => pool members::list_team_members;
        async fn team_members_between(&self, team_id: TeamId, from: NaiveDate, to: NaiveDate) -> StoreResult<Vec<TeamMember>> => pool members::team_members_between;
        async fn append_audit(&self, audit: &AuditEvent) -> StoreResult<i64> => batched audit_batch::AuditBatcher::append;
        async fn append_audit_events(&self, events: &[AuditEvent]) -> StoreResult<Vec<i64>> => pool audit::append_audit_events;
        async fn audit_events(&self, after_seq: i64, limit: u32) -> StoreResult<Vec<StoredAuditEvent>> => pool audit::audit_events;
        async fn search_audit_events(&self, filter: &AuditFilter, limit: u32) -> StoreResult<Vec<StoredAuditEvent>> => pool audit::search_audit_events;
        async fn now(&self) -> StoreResult<DateTime<Utc>> => pool query::now;
    }
    {
        fn backend(&self) -> Backend {
            Backend::Postgres
        }

        async fn health(&self) -> StoreResult<()> {
            let client = query::client(&self.pool).await?;
            client.simple_query("SELECT 1").await.map_err(pg)?;
            Ok(())
        }

        /// Closes the pool: idle connections end now, busy ones when they
        /// are handed back; the server's own durability does the rest.
        async fn close(&self) -> StoreResult<()> {
            self.pool.close();
            Ok(())
        }
    }
}

rundt_store::forward_store! {
    on_pool, PostgresStore;
    impl MoneyStore {
        async fn set_team_price(&self, team_id: TeamId, price: &NewTeamPrice, audit: &AuditEvent) -> StoreResult<TeamPrice> => pool money::set_team_price;
        async fn team_prices(&self, team_id: TeamId) -> StoreResult<Vec<TeamPrice>> => pool money::team_prices;
        async fn create_agreement(&self, team_id: TeamId, agreement: &NewPurchaseAgreement, audit: &AuditEvent) -> StoreResult<PurchaseAgreement> => pool money::create_agreement;
        async fn update_agreement(&self, id: i64, expected_version: i64, agreement: &NewPurchaseAgreement, audit: &AuditEvent) -> StoreResult<PurchaseAgreement> => pool money::update_agreement;
        async fn get_agreement(&self, id: i64) -> StoreResult<Option<PurchaseAgreement>> => pool money::get_agreement;
        async fn list_agreements(&self, filter: &AgreementFilter) -> StoreResult<Vec<PurchaseAgreement>> => pool money::list_agreements;
        async fn case_price(&self, case_id: CaseId) -> StoreResult<Option<ReferralPrice>> => pool money::case_price;
        async fn case_prices(&self, team_id: Option<TeamId>) -> StoreResult<Vec<CasePrice>> => pool money::case_prices;
        async fn set_licence_fee(&self, country: Country, year: i32, currency: Currency, per_team: Minor, audit: &AuditEvent) -> StoreResult<LicenceFee> => pool money::set_licence_fee;
        async fn licence_fees(&self) -> StoreResult<Vec<LicenceFee>> => pool money::licence_fees;
        async fn team_budget(&self, team_id: TeamId, year: i32) -> StoreResult<Option<TeamBudget>> => pool money::team_budget;
        async fn save_team_budget(&self, team_id: TeamId, year: i32, currency: Currency, lines: &[BudgetLine], expected_version: i64, audit: &AuditEvent) -> StoreResult<TeamBudget> => pool money::save_team_budget;
        async fn set_placement_cost(&self, country: Country, municipality: &MunicipalityCode, cost: &NewPlacementCost, audit: &AuditEvent) -> StoreResult<PlacementCost> => pool money::set_placement_cost;
        async fn placement_costs(&self, country: Country, municipality: &MunicipalityCode) -> StoreResult<Vec<PlacementCost>> => pool money::placement_costs;
        async fn billing_details(&self, country: Country, municipality: &MunicipalityCode) -> StoreResult<Option<BillingDetails>> => pool money::billing_details;
        async fn save_billing_details(&self, details: &BillingDetails, audit: &AuditEvent) -> StoreResult<BillingDetails> => pool money::save_billing_details;
        async fn set_team_closed_on(&self, team_id: TeamId, closed_on: Option<NaiveDate>, audit: &AuditEvent) -> StoreResult<Team> => pool money::set_team_closed_on;
    }
}

rundt_store::forward_store! {
    on_pool, PostgresStore;
    impl FeasibilityStore {
        async fn create_study(&self, document: &StudyDocument, written: Written, audit: &AuditEvent) -> StoreResult<Study> => pool feasibility::create_study;
        async fn save_study_version(&self, study_id: i64, expected_version: i64, document: &StudyDocument, written: Written, audit: &AuditEvent) -> StoreResult<Study> => pool feasibility::save_study_version;
        async fn study(&self, study_id: i64) -> StoreResult<Option<Study>> => pool feasibility::study;
        async fn study_versions(&self, study_id: i64) -> StoreResult<Vec<StudyVersion>> => pool feasibility::study_versions;
        async fn studies(&self, country: Country, municipality: Option<&MunicipalityCode>) -> StoreResult<Vec<StudySummary>> => pool feasibility::studies;
        async fn add_study_comment(&self, study_id: i64, version: i64, text: &str, written: Written, audit: &AuditEvent) -> StoreResult<StudyComment> => pool feasibility::add_study_comment;
        async fn approve_study(&self, study_id: i64, version: i64, municipality: &MunicipalityCode, written: Written, audit: &AuditEvent, team: Option<TeamFromStudy<'_>>) -> StoreResult<Study> => pool feasibility::approve_study;
        async fn study_of_team(&self, team_id: TeamId) -> StoreResult<Option<Study>> => pool feasibility::study_of_team;
    }
}

rundt_store::forward_store! {
    on_pool, PostgresStore;
    impl PeopleStore {
        async fn add_training_record(&self, user_id: UserId, record: &NewTrainingRecord, certificate: Option<&Certificate>, written: Written, audit: &AuditEvent) -> StoreResult<TrainingRecord> => pool people::add_training_record;
        async fn training_records(&self, user_ids: &[UserId]) -> StoreResult<Vec<TrainingRecord>> => pool people::training_records;
        async fn certificate(&self, record_id: i64) -> StoreResult<Option<(TrainingRecord, Certificate)>> => pool people::certificate;
        async fn add_training_exception(&self, team_id: TeamId, user_id: UserId, reason: &str, written: Written, audit: &AuditEvent) -> StoreResult<TrainingException> => pool people::add_training_exception;
        async fn training_exceptions(&self, team_id: TeamId) -> StoreResult<Vec<TrainingException>> => pool people::training_exceptions;
        async fn team_meetings_between(&self, team_id: TeamId, from: NaiveDate, to: NaiveDate) -> StoreResult<Vec<HeldMeeting>> => pool people::team_meetings_between;
        async fn add_booster(&self, team_id: TeamId, booster: &NewBooster, audit: &AuditEvent) -> StoreResult<Booster> => pool people::add_booster;
        async fn hold_booster(&self, booster_id: i64, expected_version: i64, hold: &HoldBooster, audit: &AuditEvent) -> StoreResult<Booster> => pool people::hold_booster;
        async fn get_booster(&self, booster_id: i64) -> StoreResult<Option<Booster>> => pool people::get_booster;
        async fn team_boosters(&self, team_ids: &[TeamId], since: NaiveDate) -> StoreResult<Vec<Booster>> => pool people::team_boosters;
        async fn save_plan_version(&self, team_id: TeamId, user_id: UserId, expected_version: Option<i64>, plan: &NewPlanVersion, written_on: NaiveDate, written: Written, audit: &AuditEvent) -> StoreResult<DevelopmentPlan> => pool people::save_plan_version;
        async fn development_plan(&self, team_id: TeamId, user_id: UserId) -> StoreResult<Option<DevelopmentPlan>> => pool people::development_plan;
        async fn plan_versions(&self, plan_id: i64) -> StoreResult<Vec<DevelopmentPlan>> => pool people::plan_versions;
        async fn team_plans(&self, team_ids: &[TeamId]) -> StoreResult<Vec<DevelopmentPlan>> => pool people::team_plans;
        async fn add_plan_review(&self, plan_id: i64, review: &NewPlanReview, written: Written, audit: &AuditEvent) -> StoreResult<PlanReview> => pool people::add_plan_review;
        async fn record_consultant_rating(&self, rating: &NewConsultantRatingRow, audit: &AuditEvent) -> StoreResult<()> => pool people::record_consultant_rating;
        async fn consultant_ratings(&self, team_ids: &[TeamId], since: NaiveDate) -> StoreResult<Vec<ConsultantRatingRow>> => pool people::consultant_ratings;
        async fn last_consultant_rating(&self, team_id: TeamId, rater_id: UserId) -> StoreResult<Option<NaiveDate>> => pool people::last_consultant_rating;
    }
}
