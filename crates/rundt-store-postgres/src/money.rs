//! Money: team prices, purchase agreements, the prices cases were bought
//! at, licence fees, team budgets, placement costs and billing details.
//! The SQL is the SQLite store's (`money_sql`), its `?N` placeholders
//! written `$N`. A write of an agreement first locks its team's row, so two
//! writers cannot both pass the overlap check and both insert.

use chrono::NaiveDate;
use deadpool_postgres::{Pool, Transaction};
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
    AgreementFilter, StoreError, StoreResult, TEAM_COLUMNS, expect_version, refuse_overlap,
    stale_save,
};

use crate::audit::append_audit_tx;
use crate::query::{
    Params, client, dollars, execute, fetch_all, fetch_one, fetch_opt, transaction,
};
use crate::teams::owners_of;

fn vanished(what: &str) -> StoreError {
    StoreError::Internal(format!("{what} vanished"))
}

async fn require_team(tx: &Transaction<'_>, team_id: TeamId) -> StoreResult<()> {
    fetch_opt::<i64>(tx, &dollars(TEAM_EXISTS), &[&team_id])
        .await?
        .map(|_| ())
        .ok_or_else(|| StoreError::NotFound(format!("team {team_id}")))
}

/// Locks the team's row until the transaction ends, so the agreements of
/// one team are written one at a time (`NO KEY`: rows that refer to the
/// team can still be added meanwhile).
async fn lock_team(tx: &Transaction<'_>, team_id: TeamId) -> StoreResult<()> {
    let lock = "SELECT id FROM teams WHERE id = $1 FOR NO KEY UPDATE";
    fetch_opt::<i64>(tx, lock, &[&team_id])
        .await?
        .map(|_| ())
        .ok_or_else(|| StoreError::NotFound(format!("team {team_id}")))
}

pub(crate) async fn set_team_price(
    pool: &Pool,
    team_id: TeamId,
    price: &NewTeamPrice,
    audit: &AuditEvent,
) -> StoreResult<TeamPrice> {
    transaction(pool, async |tx| {
        require_team(tx, team_id).await?;
        let id: i64 = fetch_one(
            tx,
            &dollars(UPSERT_PRICE),
            &[
                &team_id,
                &price.effective_from,
                &price.currency,
                &price.course_price,
                &i64::from(price.planned_weeks),
                &price.extra_week_price,
                &audit.at,
                &audit.actor_user_id,
            ],
        )
        .await?;
        append_audit_tx(tx, audit).await?;
        fetch_opt(
            tx,
            &dollars(&format!("{PRICE_SELECT} WHERE id = ?1")),
            &[&id],
        )
        .await?
        .ok_or_else(|| vanished("team price"))
    })
    .await
}

pub(crate) async fn team_prices(pool: &Pool, team_id: TeamId) -> StoreResult<Vec<TeamPrice>> {
    let sql = dollars(&format!(
        "{PRICE_SELECT} WHERE team_id = ?1 ORDER BY effective_from"
    ));
    fetch_all(&client(pool).await?, &sql, &[&team_id]).await
}

async fn agreement_of(
    client: &impl deadpool_postgres::GenericClient,
    id: i64,
) -> StoreResult<Option<PurchaseAgreement>> {
    let sql = dollars(&format!("{AGREEMENT_SELECT} WHERE id = ?1"));
    fetch_opt(client, &sql, &[&id]).await
}

pub(crate) async fn get_agreement(pool: &Pool, id: i64) -> StoreResult<Option<PurchaseAgreement>> {
    agreement_of(&client(pool).await?, id).await
}

/// Refuses `agreement` if another of the team's agreements with its buyer
/// covers one of its days (`except`: the agreement being changed). The
/// caller holds the team's lock.
async fn check_overlap(
    tx: &Transaction<'_>,
    team_id: TeamId,
    agreement: &NewPurchaseAgreement,
    except: Option<i64>,
) -> StoreResult<()> {
    let sql = dollars(&format!(
        "{AGREEMENT_SELECT} WHERE team_id = ?1 AND buyer = ?2"
    ));
    let others: Vec<PurchaseAgreement> = fetch_all(tx, &sql, &[&team_id, &agreement.buyer]).await?;
    refuse_overlap(team_id, agreement, &others, except)
}

pub(crate) async fn create_agreement(
    pool: &Pool,
    team_id: TeamId,
    agreement: &NewPurchaseAgreement,
    audit: &AuditEvent,
) -> StoreResult<PurchaseAgreement> {
    transaction(pool, async |tx| {
        lock_team(tx, team_id).await?;
        check_overlap(tx, team_id, agreement, None).await?;
        let a = agreement;
        let id: i64 = fetch_one(
            tx,
            &dollars(INSERT_AGREEMENT),
            &[
                &team_id,
                &a.seller,
                &a.buyer,
                &a.basis,
                &a.places.map(i64::from),
                &a.currency,
                &a.course_price,
                &a.valid_from,
                &a.valid_until,
                &a.note,
                &audit.at,
                &audit.actor_user_id,
            ],
        )
        .await?;
        append_audit_tx(tx, audit).await?;
        agreement_of(tx, id)
            .await?
            .ok_or_else(|| vanished("agreement"))
    })
    .await
}

pub(crate) async fn update_agreement(
    pool: &Pool,
    id: i64,
    expected_version: i64,
    agreement: &NewPurchaseAgreement,
    audit: &AuditEvent,
) -> StoreResult<PurchaseAgreement> {
    let missing = || StoreError::NotFound(format!("agreement {id}"));
    transaction(pool, async |tx| {
        // An agreement never changes team: lock that team, then read the
        // agreement as the last writer left it.
        let team_id = agreement_of(tx, id).await?.ok_or_else(missing)?.team_id;
        lock_team(tx, team_id).await?;
        let stored = agreement_of(tx, id).await?.ok_or_else(missing)?;
        expect_version(stored.version, expected_version)?;
        check_overlap(tx, team_id, agreement, Some(id)).await?;
        let a = agreement;
        execute(
            tx,
            &dollars(UPDATE_AGREEMENT),
            &[
                &id,
                &a.seller,
                &a.buyer,
                &a.basis,
                &a.places.map(i64::from),
                &a.currency,
                &a.course_price,
                &a.valid_from,
                &a.valid_until,
                &a.note,
            ],
        )
        .await?;
        append_audit_tx(tx, audit).await?;
        agreement_of(tx, id)
            .await?
            .ok_or_else(|| vanished("agreement"))
    })
    .await
}

pub(crate) async fn list_agreements(
    pool: &Pool,
    filter: &AgreementFilter,
) -> StoreResult<Vec<PurchaseAgreement>> {
    let params: Params<'_> = &[&filter.team_id, &filter.municipality];
    fetch_all(&client(pool).await?, &dollars(AGREEMENTS_LISTED), params).await
}

/// Writes the price a new case was bought at (in `create_case`'s
/// transaction).
pub(crate) async fn insert_case_price(
    tx: &Transaction<'_>,
    case_id: CaseId,
    price: &ReferralPrice,
) -> StoreResult<()> {
    let p = price;
    execute(
        tx,
        &dollars(INSERT_CASE_PRICE),
        &[
            &case_id,
            &p.buyer,
            &p.seller,
            &p.basis,
            &p.agreement_id,
            &p.currency,
            &p.course_price,
            &i64::from(p.planned_weeks),
            &p.extra_week_price,
            &p.priced_on,
        ],
    )
    .await?;
    Ok(())
}

pub(crate) async fn case_price(pool: &Pool, case_id: CaseId) -> StoreResult<Option<ReferralPrice>> {
    fetch_opt(
        &client(pool).await?,
        &dollars(CASE_PRICE_OF_CASE),
        &[&case_id],
    )
    .await
}

pub(crate) async fn case_prices(
    pool: &Pool,
    team_id: Option<TeamId>,
) -> StoreResult<Vec<CasePrice>> {
    let client = client(pool).await?;
    match team_id {
        Some(team_id) => fetch_all(&client, &dollars(CASE_PRICES_OF_TEAM), &[&team_id]).await,
        None => fetch_all(&client, CASE_PRICES, &[]).await,
    }
}

pub(crate) async fn set_licence_fee(
    pool: &Pool,
    country: Country,
    year: i32,
    currency: Currency,
    per_team: Minor,
    audit: &AuditEvent,
) -> StoreResult<LicenceFee> {
    let year = i64::from(year);
    transaction(pool, async |tx| {
        execute(
            tx,
            &dollars(UPSERT_LICENCE_FEE),
            &[
                &country,
                &year,
                &currency,
                &per_team,
                &audit.at,
                &audit.actor_user_id,
            ],
        )
        .await?;
        append_audit_tx(tx, audit).await?;
        let sql = dollars(&format!(
            "{LICENCE_FEE_SELECT} WHERE country = ?1 AND year = ?2"
        ));
        fetch_opt(tx, &sql, &[&country, &year])
            .await?
            .ok_or_else(|| vanished("licence fee"))
    })
    .await
}

pub(crate) async fn licence_fees(pool: &Pool) -> StoreResult<Vec<LicenceFee>> {
    let sql = format!("{LICENCE_FEE_SELECT} ORDER BY country COLLATE \"C\", year");
    fetch_all(&client(pool).await?, &sql, &[]).await
}

async fn budget_of(
    client: &impl deadpool_postgres::GenericClient,
    team_id: TeamId,
    year: i64,
) -> StoreResult<Option<TeamBudget>> {
    let params: Params<'_> = &[&team_id, &year];
    let Some(mut budget) = fetch_opt::<TeamBudget>(client, &dollars(BUDGET_SELECT), params).await?
    else {
        return Ok(None);
    };
    budget.lines = fetch_all(client, &dollars(BUDGET_LINES), params).await?;
    Ok(Some(budget))
}

pub(crate) async fn team_budget(
    pool: &Pool,
    team_id: TeamId,
    year: i32,
) -> StoreResult<Option<TeamBudget>> {
    budget_of(&client(pool).await?, team_id, i64::from(year)).await
}

pub(crate) async fn save_team_budget(
    pool: &Pool,
    team_id: TeamId,
    year: i32,
    currency: Currency,
    lines: &[BudgetLine],
    expected_version: i64,
    audit: &AuditEvent,
) -> StoreResult<TeamBudget> {
    let year = i64::from(year);
    transaction(pool, async |tx| {
        require_team(tx, team_id).await?;
        // The insert waits for a first save under way and then writes
        // nothing; the update takes the budget's row lock and writes only
        // at the version read.
        let who = &audit.actor_user_id;
        let written = if expected_version == 0 {
            let params: Params<'_> = &[&team_id, &year, &currency, &audit.at, who];
            execute(tx, &dollars(INSERT_BUDGET), params).await?
        } else {
            let params: Params<'_> = &[
                &team_id,
                &year,
                &currency,
                &audit.at,
                who,
                &expected_version,
            ];
            execute(tx, &dollars(UPDATE_BUDGET), params).await?
        };
        if written == 0 {
            let stored = fetch_opt(tx, &dollars(BUDGET_VERSION), &[&team_id, &year]).await?;
            return Err(stale_save(stored));
        }
        execute(tx, &dollars(DELETE_BUDGET_LINES), &[&team_id, &year]).await?;
        let insert = dollars(INSERT_BUDGET_LINE);
        for (line_no, line) in (1_i64..).zip(lines) {
            execute(
                tx,
                &insert,
                &[
                    &team_id,
                    &year,
                    &line_no,
                    &line.category,
                    &line.position,
                    &line.description,
                    &line.amount,
                ],
            )
            .await?;
        }
        append_audit_tx(tx, audit).await?;
        budget_of(tx, team_id, year)
            .await?
            .ok_or_else(|| vanished("budget"))
    })
    .await
}

pub(crate) async fn set_placement_cost(
    pool: &Pool,
    country: Country,
    municipality: &MunicipalityCode,
    cost: &NewPlacementCost,
    audit: &AuditEvent,
) -> StoreResult<PlacementCost> {
    let year = i64::from(cost.year);
    transaction(pool, async |tx| {
        execute(
            tx,
            &dollars(UPSERT_PLACEMENT),
            &[
                &country,
                municipality,
                &year,
                &cost.currency,
                &cost.yearly_cost,
                &i64::from(cost.assumed_months),
                &cost.assumption,
                &audit.at,
                &audit.actor_user_id,
            ],
        )
        .await?;
        append_audit_tx(tx, audit).await?;
        let sql = dollars(&format!(
            "{PLACEMENT_SELECT} WHERE country = ?1 AND municipality = ?2 AND year = ?3"
        ));
        fetch_opt(tx, &sql, &[&country, municipality, &year])
            .await?
            .ok_or_else(|| vanished("placement cost"))
    })
    .await
}

pub(crate) async fn placement_costs(
    pool: &Pool,
    country: Country,
    municipality: &MunicipalityCode,
) -> StoreResult<Vec<PlacementCost>> {
    let sql = dollars(&format!(
        "{PLACEMENT_SELECT} WHERE country = ?1 AND municipality = ?2 ORDER BY year DESC"
    ));
    fetch_all(&client(pool).await?, &sql, &[&country, municipality]).await
}

pub(crate) async fn billing_details(
    pool: &Pool,
    country: Country,
    municipality: &MunicipalityCode,
) -> StoreResult<Option<BillingDetails>> {
    let sql = dollars(BILLING_SELECT);
    fetch_opt(&client(pool).await?, &sql, &[&country, municipality]).await
}

pub(crate) async fn save_billing_details(
    pool: &Pool,
    details: &BillingDetails,
    audit: &AuditEvent,
) -> StoreResult<BillingDetails> {
    let d = details;
    transaction(pool, async |tx| {
        let terms: [&(dyn tokio_postgres::types::ToSql + Sync); 13] = [
            &d.country,
            &d.municipality,
            &d.legal_name,
            &d.registration_number,
            &d.endpoint_scheme,
            &d.endpoint_id,
            &d.street,
            &d.postal_code,
            &d.city,
            &d.bank_account,
            &audit.at,
            &audit.actor_user_id,
            &d.version,
        ];
        let written = if d.version == 0 {
            execute(tx, &dollars(INSERT_BILLING), &terms[..12]).await?
        } else {
            execute(tx, &dollars(UPDATE_BILLING), &terms).await?
        };
        let key: Params<'_> = &[&d.country, &d.municipality];
        if written == 0 {
            let stored = fetch_opt(tx, &dollars(BILLING_VERSION), key).await?;
            return Err(stale_save(stored));
        }
        append_audit_tx(tx, audit).await?;
        fetch_opt(tx, &dollars(BILLING_SELECT), key)
            .await?
            .ok_or_else(|| vanished("billing details"))
    })
    .await
}

pub(crate) async fn set_team_closed_on(
    pool: &Pool,
    team_id: TeamId,
    closed_on: Option<NaiveDate>,
    audit: &AuditEvent,
) -> StoreResult<Team> {
    transaction(pool, async |tx| {
        let sql = dollars(&format!("{CLOSE_TEAM} RETURNING {TEAM_COLUMNS}"));
        let Some(mut team) = fetch_opt::<Team>(tx, &sql, &[&team_id, &closed_on]).await? else {
            return Err(StoreError::NotFound(format!("team {team_id}")));
        };
        team.owners = owners_of(tx, Some(&[team_id]))
            .await?
            .remove(&team_id)
            .unwrap_or_default();
        append_audit_tx(tx, audit).await?;
        Ok(team)
    })
    .await
}
