//! Storage of money: team prices (effective-dated), purchase agreements,
//! the price each referral was bought at, licence fees, team budgets,
//! municipalities' placement costs and billing details. Every write
//! appends its audit event in the same transaction.

use async_trait::async_trait;
use chrono::NaiveDate;
use rundt_domain::audit::AuditEvent;
use rundt_domain::country::Country;
use rundt_domain::id::{CaseId, TeamId};
use rundt_domain::money::{
    BillingDetails, BudgetLine, CasePrice, Currency, LicenceFee, Minor, NewPlacementCost,
    NewPurchaseAgreement, NewTeamPrice, PlacementCost, PurchaseAgreement, ReferralPrice,
    TeamBudget, TeamPrice,
};
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::team::Team;

use crate::StoreResult;

/// Which agreements to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgreementFilter {
    pub team_id: Option<TeamId>,
    /// Agreements where this municipality buys or sells.
    pub municipality: Option<MunicipalityCode>,
}

#[async_trait]
pub trait MoneyStore: Send + Sync {
    /// Sets the team's price from `price.effective_from` on; a price from
    /// the same day is replaced (the audit event keeps what it was).
    async fn set_team_price(
        &self,
        team_id: TeamId,
        price: &NewTeamPrice,
        audit: &AuditEvent,
    ) -> StoreResult<TeamPrice>;

    /// The team's prices, oldest `effective_from` first.
    async fn team_prices(&self, team_id: TeamId) -> StoreResult<Vec<TeamPrice>>;

    /// Makes an agreement. One that overlaps another agreement for the same
    /// team and buyer (the days from `valid_from` to `valid_until`, open
    /// ended when none) is [`crate::StoreError::Conflict`] and stores
    /// nothing; the check runs inside the transaction.
    async fn create_agreement(
        &self,
        team_id: TeamId,
        agreement: &NewPurchaseAgreement,
        audit: &AuditEvent,
    ) -> StoreResult<PurchaseAgreement>;

    /// Changes an agreement's terms at `expected_version` (else
    /// `VersionMismatch`), with the same overlap rule (the agreement itself
    /// left out); bumps the version.
    async fn update_agreement(
        &self,
        id: i64,
        expected_version: i64,
        agreement: &NewPurchaseAgreement,
        audit: &AuditEvent,
    ) -> StoreResult<PurchaseAgreement>;

    async fn get_agreement(&self, id: i64) -> StoreResult<Option<PurchaseAgreement>>;

    /// Agreements by team, then buyer, then `valid_from`.
    async fn list_agreements(
        &self,
        filter: &AgreementFilter,
    ) -> StoreResult<Vec<PurchaseAgreement>>;

    /// The price a case's course was bought at (written with the case by
    /// `create_case` when the referral had one).
    async fn case_price(&self, case_id: CaseId) -> StoreResult<Option<ReferralPrice>>;

    /// The prices of the team's cases (every team's with `None`), by case.
    async fn case_prices(&self, team_id: Option<TeamId>) -> StoreResult<Vec<CasePrice>>;

    /// Sets the licence fee per team for a country's year (replacing it).
    async fn set_licence_fee(
        &self,
        country: Country,
        year: i32,
        currency: Currency,
        per_team: Minor,
        audit: &AuditEvent,
    ) -> StoreResult<LicenceFee>;

    /// Licence fees, by country then year.
    async fn licence_fees(&self) -> StoreResult<Vec<LicenceFee>>;

    /// The team's budget for a year, if one was saved.
    async fn team_budget(&self, team_id: TeamId, year: i32) -> StoreResult<Option<TeamBudget>>;

    /// Replaces the team's budget lines for a year at `expected_version`
    /// (0 when none was saved; else `VersionMismatch`); bumps the version.
    async fn save_team_budget(
        &self,
        team_id: TeamId,
        year: i32,
        currency: Currency,
        lines: &[BudgetLine],
        expected_version: i64,
        audit: &AuditEvent,
    ) -> StoreResult<TeamBudget>;

    /// Sets a municipality's placement cost for a year (replacing it).
    async fn set_placement_cost(
        &self,
        country: Country,
        municipality: &MunicipalityCode,
        cost: &NewPlacementCost,
        audit: &AuditEvent,
    ) -> StoreResult<PlacementCost>;

    /// A municipality's placement costs, newest year first.
    async fn placement_costs(
        &self,
        country: Country,
        municipality: &MunicipalityCode,
    ) -> StoreResult<Vec<PlacementCost>>;

    /// A municipality's billing details, if saved.
    async fn billing_details(
        &self,
        country: Country,
        municipality: &MunicipalityCode,
    ) -> StoreResult<Option<BillingDetails>>;

    /// Saves billing details at `details.version` (0 when none were saved;
    /// else `VersionMismatch`); returns them with the version bumped.
    async fn save_billing_details(
        &self,
        details: &BillingDetails,
        audit: &AuditEvent,
    ) -> StoreResult<BillingDetails>;

    /// Records the last day a team works (none: it goes on), which makes
    /// its licence fee pro rata for that year.
    async fn set_team_closed_on(
        &self,
        team_id: TeamId,
        closed_on: Option<NaiveDate>,
        audit: &AuditEvent,
    ) -> StoreResult<Team>;
}
