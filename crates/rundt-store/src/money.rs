//! Storage of money: team prices (effective-dated), purchase agreements,
//! the price each referral was bought at, licence fees, team budgets,
//! municipalities' placement costs and billing details. Every write
//! appends its audit event in the same transaction.

use async_trait::async_trait;
use chrono::NaiveDate;
use rundt_domain::DomainError;
use rundt_domain::audit::AuditEvent;
use rundt_domain::country::Country;
use rundt_domain::id::{CaseId, TeamId};
use rundt_domain::money::{
    BillingDetails, BudgetLine, CasePrice, Currency, LicenceFee, Minor, NewPlacementCost,
    NewPurchaseAgreement, NewTeamPrice, PlacementCost, PurchaseAgreement, ReferralPrice,
    TeamBudget, TeamPrice, check_no_overlap,
};
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::team::{Position, Team};

use crate::row::{Columns, FromRow};
use crate::{StoreError, StoreResult};

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

/// The rule both backends apply inside the write's transaction: an
/// agreement may not cover a day another agreement of the same team with
/// the same buyer covers (the domain's `check_no_overlap`). `others` are
/// the team's agreements with that buyer; `except` is the agreement being
/// changed, left out. The refusal is a conflict naming the other
/// agreement's days.
pub fn refuse_overlap(
    team_id: TeamId,
    agreement: &NewPurchaseAgreement,
    others: &[PurchaseAgreement],
    except: Option<i64>,
) -> StoreResult<()> {
    check_no_overlap(others, team_id, agreement, except).map_err(|e| match e {
        DomainError::Conflict(m) => StoreError::Conflict(m),
        DomainError::Invalid(_) => StoreError::Internal(format!("overlap check: {e}")),
    })
}

/// The SQL both backends share for money, written with `?N` placeholders
/// (PostgreSQL's store writes them `$N`).
pub mod money_sql {
    pub const PRICE_SELECT: &str = "SELECT id, team_id, effective_from, currency, course_price, \
         planned_weeks, extra_week_price, set_at, set_by FROM team_prices";
    /// A price from a day the team already has a price from replaces it.
    pub const UPSERT_PRICE: &str = "INSERT INTO team_prices (team_id, effective_from, currency, \
         course_price, planned_weeks, extra_week_price, set_at, set_by) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
         ON CONFLICT (team_id, effective_from) DO UPDATE SET currency = excluded.currency, \
         course_price = excluded.course_price, planned_weeks = excluded.planned_weeks, \
         extra_week_price = excluded.extra_week_price, set_at = excluded.set_at, \
         set_by = excluded.set_by RETURNING id";

    pub const AGREEMENT_SELECT: &str = "SELECT id, team_id, seller, buyer, basis, places, \
         currency, course_price, valid_from, valid_until, note, version, created_at, created_by \
         FROM purchase_agreements";
    /// Filtered by team (`?1`) and by a municipality buying or selling
    /// (`?2`), each when given.
    pub const AGREEMENTS_LISTED: &str = "SELECT id, team_id, seller, buyer, basis, places, \
         currency, course_price, valid_from, valid_until, note, version, created_at, created_by \
         FROM purchase_agreements \
         WHERE (CAST(?1 AS BIGINT) IS NULL OR team_id = ?1) \
           AND (CAST(?2 AS TEXT) IS NULL OR buyer = ?2 OR seller = ?2) \
         ORDER BY team_id, buyer, valid_from, id";
    pub const INSERT_AGREEMENT: &str = "INSERT INTO purchase_agreements (team_id, seller, buyer, \
         basis, places, currency, course_price, valid_from, valid_until, note, created_at, \
         created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id";
    /// The new terms `?2`..`?10` of agreement `?1` (its team stays).
    pub const UPDATE_AGREEMENT: &str = "UPDATE purchase_agreements SET seller = ?2, buyer = ?3, \
         basis = ?4, places = ?5, currency = ?6, course_price = ?7, valid_from = ?8, \
         valid_until = ?9, note = ?10, version = version + 1 WHERE id = ?1";

    pub const CASE_PRICE_OF_CASE: &str = "SELECT buyer, seller, basis, agreement_id, currency, \
         course_price, planned_weeks, extra_week_price, priced_on FROM case_prices \
         WHERE case_id = ?1";
    pub const CASE_PRICES: &str = "SELECT p.case_id, p.buyer, p.seller, p.basis, \
         p.agreement_id, p.currency, p.course_price, p.planned_weeks, p.extra_week_price, \
         p.priced_on FROM case_prices p ORDER BY p.case_id";
    pub const CASE_PRICES_OF_TEAM: &str = "SELECT p.case_id, p.buyer, p.seller, p.basis, \
         p.agreement_id, p.currency, p.course_price, p.planned_weeks, p.extra_week_price, \
         p.priced_on FROM case_prices p JOIN cases c ON c.id = p.case_id \
         WHERE c.team_id = ?1 ORDER BY p.case_id";
    pub const INSERT_CASE_PRICE: &str = "INSERT INTO case_prices (case_id, buyer, seller, basis, \
         agreement_id, currency, course_price, planned_weeks, extra_week_price, priced_on) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

    pub const LICENCE_FEE_SELECT: &str =
        "SELECT country, year, currency, per_team, set_at, set_by FROM licence_fees";
    pub const UPSERT_LICENCE_FEE: &str = "INSERT INTO licence_fees (country, year, currency, \
         per_team, set_at, set_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
         ON CONFLICT (country, year) DO UPDATE SET currency = excluded.currency, \
         per_team = excluded.per_team, set_at = excluded.set_at, set_by = excluded.set_by";

    pub const BUDGET_SELECT: &str = "SELECT team_id, year, currency, version, saved_at, \
         saved_by FROM team_budgets WHERE team_id = ?1 AND year = ?2";
    pub const BUDGET_LINES: &str = "SELECT category, position, description, amount \
         FROM team_budget_lines WHERE team_id = ?1 AND year = ?2 ORDER BY line_no";
    pub const BUDGET_VERSION: &str =
        "SELECT version FROM team_budgets WHERE team_id = ?1 AND year = ?2";
    /// The first save (at version 0); writes nothing when another came
    /// first.
    pub const INSERT_BUDGET: &str = "INSERT INTO team_budgets (team_id, year, currency, \
         saved_at, saved_by) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (team_id, year) DO NOTHING";
    /// A later save, only at the version read (`?6`).
    pub const UPDATE_BUDGET: &str = "UPDATE team_budgets SET currency = ?3, saved_at = ?4, \
         saved_by = ?5, version = version + 1 WHERE team_id = ?1 AND year = ?2 AND version = ?6";
    pub const DELETE_BUDGET_LINES: &str =
        "DELETE FROM team_budget_lines WHERE team_id = ?1 AND year = ?2";
    pub const INSERT_BUDGET_LINE: &str = "INSERT INTO team_budget_lines (team_id, year, \
         line_no, category, position, description, amount) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

    pub const PLACEMENT_SELECT: &str = "SELECT country, municipality, year, currency, \
         yearly_cost, assumed_months, assumption, set_at, set_by FROM placement_costs";
    pub const UPSERT_PLACEMENT: &str = "INSERT INTO placement_costs (country, municipality, \
         year, currency, yearly_cost, assumed_months, assumption, set_at, set_by) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) \
         ON CONFLICT (country, municipality, year) DO UPDATE SET currency = excluded.currency, \
         yearly_cost = excluded.yearly_cost, assumed_months = excluded.assumed_months, \
         assumption = excluded.assumption, set_at = excluded.set_at, set_by = excluded.set_by";

    pub const BILLING_SELECT: &str = "SELECT country, municipality, legal_name, \
         registration_number, endpoint_scheme, endpoint_id, street, postal_code, city, \
         bank_account, version FROM billing_details WHERE country = ?1 AND municipality = ?2";
    pub const BILLING_VERSION: &str =
        "SELECT version FROM billing_details WHERE country = ?1 AND municipality = ?2";
    /// The first save (at version 0); writes nothing when another came
    /// first.
    pub const INSERT_BILLING: &str = "INSERT INTO billing_details (country, municipality, \
         legal_name, registration_number, endpoint_scheme, endpoint_id, street, postal_code, \
         city, bank_account, saved_at, saved_by) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) \
         ON CONFLICT (country, municipality) DO NOTHING";
    /// A later save, only at the version read (`?13`).
    pub const UPDATE_BILLING: &str = "UPDATE billing_details SET legal_name = ?3, \
         registration_number = ?4, endpoint_scheme = ?5, endpoint_id = ?6, street = ?7, \
         postal_code = ?8, city = ?9, bank_account = ?10, saved_at = ?11, saved_by = ?12, \
         version = version + 1 WHERE country = ?1 AND municipality = ?2 AND version = ?13";

    pub const CLOSE_TEAM: &str =
        "UPDATE teams SET closed_on = ?2, version = version + 1 WHERE id = ?1";
}

/// The refusal of a versioned save (a budget, billing details) that wrote
/// nothing: another save came first, so the version read is stale. The
/// version now stored is named (0: none).
pub fn stale_save(stored: Option<i64>) -> StoreError {
    crate::stale(stored.unwrap_or(0))
}

impl FromRow for TeamPrice {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Self {
            id: c.read()?,
            team_id: c.read()?,
            effective_from: c.read()?,
            currency: c.parsed()?,
            course_price: c.read()?,
            planned_weeks: c.read()?,
            extra_week_price: c.read()?,
            set_at: c.read()?,
            set_by: c.read()?,
        })
    }
}

impl FromRow for PurchaseAgreement {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Self {
            id: c.read()?,
            team_id: c.read()?,
            seller: c.read()?,
            buyer: c.read()?,
            basis: c.parsed()?,
            places: c.read()?,
            currency: c.parsed()?,
            course_price: c.read()?,
            valid_from: c.read()?,
            valid_until: c.read()?,
            note: c.read()?,
            version: c.read()?,
            created_at: c.read()?,
            created_by: c.read()?,
        })
    }
}

impl FromRow for ReferralPrice {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Self {
            buyer: c.read()?,
            seller: c.read()?,
            basis: c.parsed()?,
            agreement_id: c.read()?,
            currency: c.parsed()?,
            course_price: c.read()?,
            planned_weeks: c.read()?,
            extra_week_price: c.read()?,
            priced_on: c.read()?,
        })
    }
}

impl FromRow for CasePrice {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Self {
            case_id: c.read()?,
            price: c.read()?,
        })
    }
}

impl FromRow for LicenceFee {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Self {
            country: c.parsed()?,
            year: c.read()?,
            currency: c.parsed()?,
            per_team: c.read()?,
            set_at: c.read()?,
            set_by: c.read()?,
        })
    }
}

/// A budget's own columns; its lines are read separately.
impl FromRow for TeamBudget {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Self {
            team_id: c.read()?,
            year: c.read()?,
            currency: c.parsed()?,
            lines: Vec::new(),
            version: c.read()?,
            saved_at: c.read()?,
            saved_by: c.read()?,
        })
    }
}

impl FromRow for BudgetLine {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Self {
            category: c.parsed()?,
            position: c.opt_parsed_with(Position::from_code)?,
            description: c.read()?,
            amount: c.read()?,
        })
    }
}

impl FromRow for PlacementCost {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Self {
            country: c.parsed()?,
            municipality: c.read()?,
            year: c.read()?,
            currency: c.parsed()?,
            yearly_cost: c.read()?,
            assumed_months: c.read()?,
            assumption: c.read()?,
            set_at: c.read()?,
            set_by: c.read()?,
        })
    }
}

impl FromRow for BillingDetails {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Self {
            country: c.parsed()?,
            municipality: c.read()?,
            legal_name: c.read()?,
            registration_number: c.read()?,
            endpoint_scheme: c.parsed()?,
            endpoint_id: c.read()?,
            street: c.read()?,
            postal_code: c.read()?,
            city: c.read()?,
            bank_account: c.read()?,
            version: c.read()?,
        })
    }
}
