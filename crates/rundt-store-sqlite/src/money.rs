//! Money: team prices, purchase agreements, the prices cases were bought
//! at, licence fees, team budgets, placement costs and billing details.
//! One writer thread runs every write, so the overlap check of an
//! agreement and its insert cannot be raced.

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
use rundt_store::money_sql::*;
use rundt_store::oncall_sql::TEAM_EXISTS;
use rundt_store::{
    AgreementFilter, MoneyStore, StoreError, StoreResult, expect_version, refuse_overlap,
    stale_save,
};
use rusqlite::{Connection, params};

use crate::audit;
use crate::convert::{date_text, db_err, time_text};
use crate::forward::forward;
use crate::query::{fetch_all, fetch_one, fetch_opt};
use crate::teams;

fn require_team(conn: &Connection, team_id: TeamId) -> StoreResult<()> {
    fetch_opt::<i64>(conn, TEAM_EXISTS, [team_id])?
        .map(|_| ())
        .ok_or_else(|| StoreError::NotFound(format!("team {team_id}")))
}

fn vanished(what: &str) -> StoreError {
    StoreError::Internal(format!("{what} vanished"))
}

pub fn set_team_price(
    tx: &Connection,
    team_id: TeamId,
    price: &NewTeamPrice,
    event: &AuditEvent,
) -> StoreResult<TeamPrice> {
    require_team(tx, team_id)?;
    let id: i64 = fetch_one(
        tx,
        UPSERT_PRICE,
        params![
            team_id,
            date_text(price.effective_from),
            price.currency,
            price.course_price,
            price.planned_weeks,
            price.extra_week_price,
            time_text(event.at),
            event.actor_user_id
        ],
    )?;
    audit::append(tx, event)?;
    fetch_opt(tx, &format!("{PRICE_SELECT} WHERE id = ?1"), [id])?
        .ok_or_else(|| vanished("team price"))
}

pub fn team_prices(conn: &Connection, team_id: TeamId) -> StoreResult<Vec<TeamPrice>> {
    let sql = format!("{PRICE_SELECT} WHERE team_id = ?1 ORDER BY effective_from");
    fetch_all(conn, &sql, [team_id])
}

pub fn get_agreement(conn: &Connection, id: i64) -> StoreResult<Option<PurchaseAgreement>> {
    fetch_opt(conn, &format!("{AGREEMENT_SELECT} WHERE id = ?1"), [id])
}

/// Refuses `agreement` if another of the team's agreements with its buyer
/// covers one of its days (`except`: the agreement being changed).
fn check_overlap(
    tx: &Connection,
    team_id: TeamId,
    agreement: &NewPurchaseAgreement,
    except: Option<i64>,
) -> StoreResult<()> {
    let sql = format!("{AGREEMENT_SELECT} WHERE team_id = ?1 AND buyer = ?2");
    let others: Vec<PurchaseAgreement> = fetch_all(tx, &sql, params![team_id, agreement.buyer])?;
    refuse_overlap(team_id, agreement, &others, except)
}

pub fn create_agreement(
    tx: &Connection,
    team_id: TeamId,
    agreement: &NewPurchaseAgreement,
    event: &AuditEvent,
) -> StoreResult<PurchaseAgreement> {
    require_team(tx, team_id)?;
    check_overlap(tx, team_id, agreement, None)?;
    let a = agreement;
    let id: i64 = fetch_one(
        tx,
        INSERT_AGREEMENT,
        params![
            team_id,
            a.seller,
            a.buyer,
            a.basis,
            a.places,
            a.currency,
            a.course_price,
            date_text(a.valid_from),
            a.valid_until.map(date_text),
            a.note,
            time_text(event.at),
            event.actor_user_id
        ],
    )?;
    audit::append(tx, event)?;
    get_agreement(tx, id)?.ok_or_else(|| vanished("agreement"))
}

pub fn update_agreement(
    tx: &Connection,
    id: i64,
    expected_version: i64,
    agreement: &NewPurchaseAgreement,
    event: &AuditEvent,
) -> StoreResult<PurchaseAgreement> {
    let stored =
        get_agreement(tx, id)?.ok_or_else(|| StoreError::NotFound(format!("agreement {id}")))?;
    expect_version(stored.version, expected_version)?;
    check_overlap(tx, stored.team_id, agreement, Some(id))?;
    let a = agreement;
    tx.execute(
        UPDATE_AGREEMENT,
        params![
            id,
            a.seller,
            a.buyer,
            a.basis,
            a.places,
            a.currency,
            a.course_price,
            date_text(a.valid_from),
            a.valid_until.map(date_text),
            a.note
        ],
    )
    .map_err(db_err)?;
    audit::append(tx, event)?;
    get_agreement(tx, id)?.ok_or_else(|| vanished("agreement"))
}

pub fn list_agreements(
    conn: &Connection,
    filter: &AgreementFilter,
) -> StoreResult<Vec<PurchaseAgreement>> {
    fetch_all(
        conn,
        AGREEMENTS_LISTED,
        params![filter.team_id, filter.municipality],
    )
}

/// Writes the price a new case was bought at (in `create_case`'s
/// transaction).
pub fn insert_case_price(
    tx: &Connection,
    case_id: CaseId,
    price: &ReferralPrice,
) -> StoreResult<()> {
    let p = price;
    tx.execute(
        INSERT_CASE_PRICE,
        params![
            case_id,
            p.buyer,
            p.seller,
            p.basis,
            p.agreement_id,
            p.currency,
            p.course_price,
            p.planned_weeks,
            p.extra_week_price,
            date_text(p.priced_on)
        ],
    )
    .map_err(db_err)?;
    Ok(())
}

pub fn case_price(conn: &Connection, case_id: CaseId) -> StoreResult<Option<ReferralPrice>> {
    fetch_opt(conn, CASE_PRICE_OF_CASE, [case_id])
}

pub fn case_prices(conn: &Connection, team_id: Option<TeamId>) -> StoreResult<Vec<CasePrice>> {
    match team_id {
        Some(team_id) => fetch_all(conn, CASE_PRICES_OF_TEAM, [team_id]),
        None => fetch_all(conn, CASE_PRICES, []),
    }
}

pub fn set_licence_fee(
    tx: &Connection,
    country: Country,
    year: i32,
    currency: Currency,
    per_team: Minor,
    event: &AuditEvent,
) -> StoreResult<LicenceFee> {
    tx.execute(
        UPSERT_LICENCE_FEE,
        params![
            country,
            year,
            currency,
            per_team,
            time_text(event.at),
            event.actor_user_id
        ],
    )
    .map_err(db_err)?;
    audit::append(tx, event)?;
    let sql = format!("{LICENCE_FEE_SELECT} WHERE country = ?1 AND year = ?2");
    fetch_opt(tx, &sql, params![country, year])?.ok_or_else(|| vanished("licence fee"))
}

pub fn licence_fees(conn: &Connection) -> StoreResult<Vec<LicenceFee>> {
    fetch_all(
        conn,
        &format!("{LICENCE_FEE_SELECT} ORDER BY country, year"),
        [],
    )
}

pub fn team_budget(
    conn: &Connection,
    team_id: TeamId,
    year: i32,
) -> StoreResult<Option<TeamBudget>> {
    let Some(mut budget) = fetch_opt::<TeamBudget>(conn, BUDGET_SELECT, params![team_id, year])?
    else {
        return Ok(None);
    };
    budget.lines = fetch_all(conn, BUDGET_LINES, params![team_id, year])?;
    Ok(Some(budget))
}

pub fn save_team_budget(
    tx: &Connection,
    team_id: TeamId,
    year: i32,
    currency: Currency,
    lines: &[BudgetLine],
    expected_version: i64,
    event: &AuditEvent,
) -> StoreResult<TeamBudget> {
    require_team(tx, team_id)?;
    let at = time_text(event.at);
    let written = if expected_version == 0 {
        tx.execute(
            INSERT_BUDGET,
            params![team_id, year, currency, at, event.actor_user_id],
        )
    } else {
        tx.execute(
            UPDATE_BUDGET,
            params![
                team_id,
                year,
                currency,
                at,
                event.actor_user_id,
                expected_version
            ],
        )
    }
    .map_err(db_err)?;
    if written == 0 {
        let stored = fetch_opt(tx, BUDGET_VERSION, params![team_id, year])?;
        return Err(stale_save(stored));
    }
    tx.execute(DELETE_BUDGET_LINES, params![team_id, year])
        .map_err(db_err)?;
    for (line_no, line) in (1_i64..).zip(lines) {
        tx.execute(
            INSERT_BUDGET_LINE,
            params![
                team_id,
                year,
                line_no,
                line.category,
                line.position,
                line.description,
                line.amount
            ],
        )
        .map_err(db_err)?;
    }
    audit::append(tx, event)?;
    team_budget(tx, team_id, year)?.ok_or_else(|| vanished("budget"))
}

pub fn set_placement_cost(
    tx: &Connection,
    country: Country,
    municipality: &MunicipalityCode,
    cost: &NewPlacementCost,
    event: &AuditEvent,
) -> StoreResult<PlacementCost> {
    tx.execute(
        UPSERT_PLACEMENT,
        params![
            country,
            municipality,
            cost.year,
            cost.currency,
            cost.yearly_cost,
            cost.assumed_months,
            cost.assumption,
            time_text(event.at),
            event.actor_user_id
        ],
    )
    .map_err(db_err)?;
    audit::append(tx, event)?;
    let sql = format!("{PLACEMENT_SELECT} WHERE country = ?1 AND municipality = ?2 AND year = ?3");
    fetch_opt(tx, &sql, params![country, municipality, cost.year])?
        .ok_or_else(|| vanished("placement cost"))
}

pub fn placement_costs(
    conn: &Connection,
    country: Country,
    municipality: &MunicipalityCode,
) -> StoreResult<Vec<PlacementCost>> {
    let sql =
        format!("{PLACEMENT_SELECT} WHERE country = ?1 AND municipality = ?2 ORDER BY year DESC");
    fetch_all(conn, &sql, params![country, municipality])
}

pub fn billing_details(
    conn: &Connection,
    country: Country,
    municipality: &MunicipalityCode,
) -> StoreResult<Option<BillingDetails>> {
    fetch_opt(conn, BILLING_SELECT, params![country, municipality])
}

pub fn save_billing_details(
    tx: &Connection,
    details: &BillingDetails,
    event: &AuditEvent,
) -> StoreResult<BillingDetails> {
    let d = details;
    let at = time_text(event.at);
    let terms = params![
        d.country,
        d.municipality,
        d.legal_name,
        d.registration_number,
        d.endpoint_scheme,
        d.endpoint_id,
        d.street,
        d.postal_code,
        d.city,
        d.bank_account,
        at,
        event.actor_user_id,
        d.version
    ];
    let written = if d.version == 0 {
        tx.execute(INSERT_BILLING, &terms[..12])
    } else {
        tx.execute(UPDATE_BILLING, terms)
    }
    .map_err(db_err)?;
    if written == 0 {
        let stored = fetch_opt(tx, BILLING_VERSION, params![d.country, d.municipality])?;
        return Err(stale_save(stored));
    }
    audit::append(tx, event)?;
    billing_details(tx, d.country, &d.municipality)?.ok_or_else(|| vanished("billing details"))
}

pub fn set_team_closed_on(
    tx: &Connection,
    team_id: TeamId,
    closed_on: Option<NaiveDate>,
    event: &AuditEvent,
) -> StoreResult<Team> {
    let changed = tx
        .execute(CLOSE_TEAM, params![team_id, closed_on.map(date_text)])
        .map_err(db_err)?;
    if changed == 0 {
        return Err(StoreError::NotFound(format!("team {team_id}")));
    }
    audit::append(tx, event)?;
    teams::load(tx, team_id)?.ok_or_else(|| vanished("team"))
}

forward! {
    impl MoneyStore {
        async fn set_team_price(&self, team_id: TeamId, price: &NewTeamPrice, audit: &AuditEvent) -> StoreResult<TeamPrice> => write set_team_price;
        async fn team_prices(&self, team_id: TeamId) -> StoreResult<Vec<TeamPrice>> => read team_prices;
        async fn create_agreement(&self, team_id: TeamId, agreement: &NewPurchaseAgreement, audit: &AuditEvent) -> StoreResult<PurchaseAgreement> => write create_agreement;
        async fn update_agreement(&self, id: i64, expected_version: i64, agreement: &NewPurchaseAgreement, audit: &AuditEvent) -> StoreResult<PurchaseAgreement> => write update_agreement;
        async fn get_agreement(&self, id: i64) -> StoreResult<Option<PurchaseAgreement>> => read get_agreement;
        async fn list_agreements(&self, filter: &AgreementFilter) -> StoreResult<Vec<PurchaseAgreement>> => read list_agreements;
        async fn case_price(&self, case_id: CaseId) -> StoreResult<Option<ReferralPrice>> => read case_price;
        async fn case_prices(&self, team_id: Option<TeamId>) -> StoreResult<Vec<CasePrice>> => read case_prices;
        async fn set_licence_fee(&self, country: Country, year: i32, currency: Currency, per_team: Minor, audit: &AuditEvent) -> StoreResult<LicenceFee> => write set_licence_fee;
        async fn licence_fees(&self) -> StoreResult<Vec<LicenceFee>> => read licence_fees;
        async fn team_budget(&self, team_id: TeamId, year: i32) -> StoreResult<Option<TeamBudget>> => read team_budget;
        async fn save_team_budget(&self, team_id: TeamId, year: i32, currency: Currency, lines: &[BudgetLine], expected_version: i64, audit: &AuditEvent) -> StoreResult<TeamBudget> => write save_team_budget;
        async fn set_placement_cost(&self, country: Country, municipality: &MunicipalityCode, cost: &NewPlacementCost, audit: &AuditEvent) -> StoreResult<PlacementCost> => write set_placement_cost;
        async fn placement_costs(&self, country: Country, municipality: &MunicipalityCode) -> StoreResult<Vec<PlacementCost>> => read placement_costs;
        async fn billing_details(&self, country: Country, municipality: &MunicipalityCode) -> StoreResult<Option<BillingDetails>> => read billing_details;
        async fn save_billing_details(&self, details: &BillingDetails, audit: &AuditEvent) -> StoreResult<BillingDetails> => write save_billing_details;
        async fn set_team_closed_on(&self, team_id: TeamId, closed_on: Option<NaiveDate>, audit: &AuditEvent) -> StoreResult<Team> => write set_team_closed_on;
    }
}
