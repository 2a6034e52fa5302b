//! Money over the API (issue 14): a team's prices, budget, economy and the
//! agreements selling its places; a municipality's money, placement cost
//! and billing details; the invoicing basis of a team or a municipality;
//! the national office's licence fees and teams; and the price a
//! caseworker's municipality pays for a course. Amounts are integers in
//! minor units (øre) with their currency beside them; names never appear,
//! case numbers at most.

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use rundt_app::AppError;
use rundt_app::money::{
    self, InvoicingBasis, InvoicingScope, MunicipalityMoney, NationalMoney, PlacesSold, TeamEconomy,
};
use rundt_domain::id::TeamId;
use rundt_domain::money::{
    BillingDetails, BudgetLine, InvoicePeriod, LicenceFee, Minor, NewPlacementCost,
    NewPurchaseAgreement, NewTeamPrice, PlacementCost, PurchaseAgreement, ReferralPrice,
    TeamBudget, TeamPrice,
};
use rundt_domain::msg;
use rundt_domain::municipality::MunicipalityCode;
use serde::Deserialize;

use super::caller::{Caller, JsonResult, json};
use super::versions;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json, Path, Query};

/// `?year=2026` (this year when missing).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearParams {
    /// The year, 2000–2100.
    pub year: Option<i32>,
}

impl YearParams {
    fn year(&self, c: &Caller) -> Result<i32, AppError> {
        match self.year {
            None => Ok(chrono::Datelike::year(&c.app.clock.today())),
            Some(y) if (2000..=2100).contains(&y) => Ok(y),
            Some(_) => Err(AppError::invalid("year", msg!("money-year-out-of-range"))),
        }
    }
}

/// `?period=2026-Q3` or `2026-07`.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodParams {
    /// A month (`YYYY-MM`) or a quarter (`YYYY-Qn`).
    pub period: String,
}

impl PeriodParams {
    fn period(&self) -> Result<InvoicePeriod, AppError> {
        InvoicePeriod::parse(&self.period).ok_or_else(|| {
            AppError::invalid("period", msg!("invoice-period-shape", given = &self.period))
        })
    }
}

/// `?municipality=0751`: the buyer a referral price is asked for.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BuyerParams {
    /// The municipality's code (four digits; Danish codes may be written
    /// with three).
    pub municipality: String,
}

fn code(c: &Caller, raw: &str) -> Result<MunicipalityCode, AppError> {
    let country = c.principal().country;
    MunicipalityCode::parse(country, raw)
        .map_err(|_| AppError::NotFound(format!("municipality {raw}")))
}

/// The team's economy for a year: budget, months, utilisation, prices,
/// licence fee split and places sold (audited per family counted).
#[utoipa::path(get, path = "/api/v1/teams/{id}/money", tag = "money",
    params(("id" = i64, Path, description = "Team id"), YearParams),
    responses((status = 200, body = TeamEconomy),
              (status = 403, body = ErrorBody, description = "not the team's supervisor, an owner's manager or the national office"),
              (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "a year outside 2000–2100")))]
pub async fn team_money(
    c: Caller,
    Path(id): Path<TeamId>,
    Query(q): Query<YearParams>,
) -> JsonResult<TeamEconomy> {
    let year = q.year(&c)?;
    json(money::team_economy(&c.app, &c.actor(), id, year).await?)
}

/// The team's prices, oldest first.
#[utoipa::path(get, path = "/api/v1/teams/{id}/prices", tag = "money",
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 200, body = Vec<TeamPrice>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn prices(c: Caller, Path(id): Path<TeamId>) -> JsonResult<Vec<TeamPrice>> {
    json(money::team_prices(&c.app, &c.actor(), id).await?)
}

/// Sets the team's price from a day on (an owner's manager or the
/// national office); a price from the same day is replaced.
#[utoipa::path(post, path = "/api/v1/teams/{id}/prices", tag = "money",
    request_body(content = NewTeamPrice, example = json!({"effective_from": "2026-01-01", "currency": "DKK", "course_price": 18500000, "planned_weeks": 20, "extra_week_price": 950000})),
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 201, body = TeamPrice),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "a price not above 0, a currency the team does not use, planned weeks outside 1–104; `fields` names each")))]
pub async fn set_price(
    c: Caller,
    Path(id): Path<TeamId>,
    Json(body): Json<NewTeamPrice>,
) -> Result<Response, ApiError> {
    let price = money::set_price(&c.app, &c.actor(), id, &body).await?;
    Ok((StatusCode::CREATED, axum::Json(price)).into_response())
}

/// The agreements selling places in the team.
#[utoipa::path(get, path = "/api/v1/teams/{id}/agreements", tag = "money",
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 200, body = PlacesSold), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn agreements(c: Caller, Path(id): Path<TeamId>) -> JsonResult<PlacesSold> {
    json(money::team_agreements(&c.app, &c.actor(), id).await?)
}

/// Makes an agreement selling places in the team to another municipality.
#[utoipa::path(post, path = "/api/v1/teams/{id}/agreements", tag = "money",
    request_body(content = NewPurchaseAgreement, example = json!({"seller": "0751", "buyer": "0727", "basis": "per_year", "places": 4, "currency": "DKK", "course_price": 19100000, "valid_from": "2026-01-01", "valid_until": "2026-12-31", "note": "Rammeaftale om 4 forløb i 2026"})),
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 201, body = PurchaseAgreement, headers(("ETag" = String, description = "the agreement's version, for If-Match"))),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "it overlaps another agreement of the team with the same buyer; nothing was stored"),
              (status = 422, body = ErrorBody, description = "the seller is no owner, the buyer owns the team, the currency is not the team's, the price is not above 0, the period ends before it starts")))]
pub async fn create_agreement(
    c: Caller,
    Path(id): Path<TeamId>,
    Json(body): Json<NewPurchaseAgreement>,
) -> Result<Response, ApiError> {
    let a = money::create_agreement(&c.app, &c.actor(), id, &body).await?;
    Ok(versions::tagged(StatusCode::CREATED, a.version, a))
}

/// Changes an agreement's terms at the version in `If-Match`.
#[utoipa::path(put, path = "/api/v1/agreements/{id}", tag = "money",
    request_body(content = NewPurchaseAgreement, example = json!({"seller": "0751", "buyer": "0727", "basis": "per_year", "places": 6, "currency": "DKK", "course_price": 19100000, "valid_from": "2026-01-01", "valid_until": "2026-12-31", "note": "Udvidet til 6 forløb fra 1. juli 2026"})),
    params(("id" = i64, Path, description = "Agreement id"), ("If-Match" = String, Header, description = "the agreement's ETag")),
    responses((status = 200, body = PurchaseAgreement, headers(("ETag" = String, description = "the new version"))),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "it would overlap another agreement of the team with the same buyer"),
              (status = 412, body = ErrorBody, description = "If-Match names an older version; nothing was changed"),
              (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)))]
pub async fn update_agreement(
    c: Caller,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Json(body): Json<NewPurchaseAgreement>,
) -> Result<Response, ApiError> {
    let v = versions::required(&headers)?;
    let a = money::update_agreement(&c.app, &c.actor(), id, v, &body).await?;
    Ok(versions::tagged(StatusCode::OK, a.version, a))
}

/// The team's budget for a year (version 0 before the first save).
#[utoipa::path(get, path = "/api/v1/teams/{id}/budget/{year}", tag = "money",
    params(("id" = i64, Path, description = "Team id"), ("year" = i32, Path, description = "The year")),
    responses((status = 200, body = TeamBudget, headers(("ETag" = String, description = "the budget's version"))),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn budget(
    c: Caller,
    Path((id, year)): Path<(TeamId, i32)>,
) -> Result<Response, ApiError> {
    let b = money::team_budget(&c.app, &c.actor(), id, year).await?;
    Ok(versions::tagged(StatusCode::OK, b.version, b))
}

/// Replaces the budget's lines at the version in `If-Match` (`"0"` for the
/// first save).
#[utoipa::path(put, path = "/api/v1/teams/{id}/budget/{year}", tag = "money",
    request_body(content = Vec<BudgetLine>, example = json!([
        {"category": "staff", "position": "therapist", "description": "Fire terapeuter", "amount": 240000000},
        {"category": "staff", "position": "supervisor", "description": "Supervisor", "amount": 70000000},
        {"category": "licence_fee", "position": null, "description": "MST-licens 2026", "amount": 29900000},
        {"category": "travel", "position": null, "description": "Kørsel til familierne", "amount": 6000000}
    ])),
    params(("id" = i64, Path, description = "Team id"), ("year" = i32, Path, description = "The year"),
           ("If-Match" = String, Header, description = "the budget's ETag")),
    responses((status = 200, body = TeamBudget, headers(("ETag" = String, description = "the new version"))),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 412, body = ErrorBody, description = "If-Match names an older version; nothing was changed"),
              (status = 422, body = ErrorBody, description = "a negative amount, staff without a position, too many lines"),
              (status = 428, body = ErrorBody)))]
pub async fn save_budget(
    c: Caller,
    Path((id, year)): Path<(TeamId, i32)>,
    headers: HeaderMap,
    Json(lines): Json<Vec<BudgetLine>>,
) -> Result<Response, ApiError> {
    let v = versions::required(&headers)?;
    let b = money::save_budget(&c.app, &c.actor(), id, year, &lines, v).await?;
    Ok(versions::tagged(StatusCode::OK, b.version, b))
}

/// The team's invoicing basis for a month or quarter.
#[utoipa::path(get, path = "/api/v1/teams/{id}/invoicing", tag = "money",
    params(("id" = i64, Path, description = "Team id"), PeriodParams),
    responses((status = 200, body = InvoicingBasis), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "the period is neither `YYYY-MM` nor `YYYY-Qn`")))]
pub async fn team_invoicing(
    c: Caller,
    Path(id): Path<TeamId>,
    Query(q): Query<PeriodParams>,
) -> JsonResult<InvoicingBasis> {
    let period = q.period()?;
    json(money::invoicing_basis(&c.app, &c.actor(), &InvoicingScope::Team(id), &period).await?)
}

/// What a course in the team costs the municipality if referred today
/// (`null` when the team has no price): for the municipality's caseworker.
#[utoipa::path(get, path = "/api/v1/teams/{id}/referral-price", tag = "money",
    params(("id" = i64, Path, description = "Team id"), BuyerParams),
    responses((status = 200, body = Option<ReferralPrice>), (status = 403, body = ErrorBody, description = "not a caseworker of the municipality"),
              (status = 404, body = ErrorBody)))]
pub async fn referral_price(
    c: Caller,
    Path(id): Path<TeamId>,
    Query(q): Query<BuyerParams>,
) -> JsonResult<Option<ReferralPrice>> {
    let buyer = code(&c, &q.municipality)?;
    json(money::referral_price_preview(&c.app, &c.actor(), id, &buyer).await?)
}

/// A municipality's money for a year: spending against placements
/// avoided, places bought and sold, licence fee shares.
#[utoipa::path(get, path = "/api/v1/municipalities/{code}/money", tag = "money",
    params(("code" = String, Path, description = "Municipality code"), YearParams),
    responses((status = 200, body = MunicipalityMoney),
              (status = 403, body = ErrorBody, description = "not the municipality's manager or the national office"),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn municipality_money(
    c: Caller,
    Path(raw): Path<String>,
    Query(q): Query<YearParams>,
) -> JsonResult<MunicipalityMoney> {
    let code = code(&c, &raw)?;
    let year = q.year(&c)?;
    json(money::municipality_money(&c.app, &c.actor(), c.principal().country, &code, year).await?)
}

/// A municipality's invoicing basis (what it buys and sells) for a month
/// or quarter.
#[utoipa::path(get, path = "/api/v1/municipalities/{code}/invoicing", tag = "money",
    params(("code" = String, Path, description = "Municipality code"), PeriodParams),
    responses((status = 200, body = InvoicingBasis), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn municipality_invoicing(
    c: Caller,
    Path(raw): Path<String>,
    Query(q): Query<PeriodParams>,
) -> JsonResult<InvoicingBasis> {
    let code = code(&c, &raw)?;
    let period = q.period()?;
    let scope = InvoicingScope::Municipality {
        country: c.principal().country,
        code,
    };
    json(money::invoicing_basis(&c.app, &c.actor(), &scope, &period).await?)
}

/// Sets the municipality's placement cost for a year.
#[utoipa::path(put, path = "/api/v1/municipalities/{code}/placement-cost", tag = "money",
    request_body(content = NewPlacementCost, example = json!({"year": 2026, "currency": "DKK", "yearly_cost": 115000000, "assumed_months": 12, "assumption": "Gennemsnit af Aarhus Kommunes udgifter til døgnanbringelse af 13-17-årige i plejefamilie og på institution, regnskab 2025."})),
    params(("code" = String, Path, description = "Municipality code")),
    responses((status = 200, body = PlacementCost), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "a cost not above 0, another currency, months outside 1–60, no assumption")))]
pub async fn set_placement_cost(
    c: Caller,
    Path(raw): Path<String>,
    Json(body): Json<NewPlacementCost>,
) -> JsonResult<PlacementCost> {
    let code = code(&c, &raw)?;
    json(money::set_placement_cost(&c.app, &c.actor(), c.principal().country, &code, &body).await?)
}

/// The municipality's billing details (`null` before the first save).
#[utoipa::path(get, path = "/api/v1/municipalities/{code}/billing-details", tag = "money",
    params(("code" = String, Path, description = "Municipality code")),
    responses((status = 200, body = Option<BillingDetails>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn billing_details(
    c: Caller,
    Path(raw): Path<String>,
) -> JsonResult<Option<BillingDetails>> {
    let code = code(&c, &raw)?;
    json(money::billing_details(&c.app, &c.actor(), c.principal().country, &code).await?)
}

/// Saves the billing details at the body's `version` (0 for the first
/// save); the path names the municipality.
#[utoipa::path(put, path = "/api/v1/municipalities/{code}/billing-details", tag = "money",
    request_body(content = BillingDetails, example = json!({"country": "DK", "municipality": "0751", "legal_name": "Aarhus Kommune",
        "registration_number": "29189846", "endpoint_scheme": "0088", "endpoint_id": "5798000007512",
        "street": "Rådhuspladsen 2", "postal_code": "8000", "city": "Aarhus C",
        "bank_account": "2211 0001234567", "version": 0})),
    params(("code" = String, Path, description = "Municipality code")),
    responses((status = 200, body = BillingDetails), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 412, body = ErrorBody, description = "`version` is older than the saved details"),
              (status = 422, body = ErrorBody, description = "a registration number or electronic address that is not valid for the country")))]
pub async fn save_billing_details(
    c: Caller,
    Path(raw): Path<String>,
    Json(body): Json<BillingDetails>,
) -> JsonResult<BillingDetails> {
    let code = code(&c, &raw)?;
    let details = BillingDetails {
        country: c.principal().country,
        municipality: code,
        ..body
    };
    json(money::save_billing_details(&c.app, &c.actor(), &details).await?)
}

/// Money across the national office's country for a year.
#[utoipa::path(get, path = "/api/v1/money/national", tag = "money",
    params(YearParams),
    responses((status = 200, body = NationalMoney), (status = 403, body = ErrorBody, description = "not the national office"),
              (status = 422, body = ErrorBody)))]
pub async fn national(c: Caller, Query(q): Query<YearParams>) -> JsonResult<NationalMoney> {
    let year = q.year(&c)?;
    json(money::national_money(&c.app, &c.actor(), c.principal().country, year).await?)
}

/// The yearly licence fee per team.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct LicenceFeeBody {
    /// In minor units (øre) of the country's currency.
    pub per_team: Minor,
}

/// Sets the licence fee per team for a year of the national office's
/// country.
#[utoipa::path(put, path = "/api/v1/licence-fees/{year}", tag = "money",
    request_body(content = LicenceFeeBody, example = json!({"per_team": 29900000})),
    params(("year" = i32, Path, description = "The year")),
    responses((status = 200, body = LicenceFee), (status = 403, body = ErrorBody, description = "not the national office"),
              (status = 422, body = ErrorBody, description = "a fee not above 0 or a year outside 2000–2100")))]
pub async fn set_licence_fee(
    c: Caller,
    Path(year): Path<i32>,
    Json(body): Json<LicenceFeeBody>,
) -> JsonResult<LicenceFee> {
    json(
        money::set_licence_fee(
            &c.app,
            &c.actor(),
            c.principal().country,
            year,
            body.per_team,
        )
        .await?,
    )
}
