//! The national office's view of money in its country: the licence fee per
//! team by year, and per team its price, budget, the fee's split between
//! its owners and the places its owners sell.

use rundt_domain::audit::AuditAction;
use rundt_domain::country::Country;
use rundt_domain::id::TeamId;
use rundt_domain::money::{
    Currency, FeeSplit, LicenceFee, Minor, TeamPrice, price_on, split_licence_fee,
};
use rundt_store::AgreementFilter;
use serde::Serialize;

use super::who::require_licence_fees;
use super::{country_object, event, municipality_name};
use crate::{Actor, App, AppResult};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamMoneyRow {
    pub team_id: TeamId,
    pub team_name: String,
    /// The owners' names, largest share first.
    pub owners: Vec<String>,
    pub price_today: Option<TeamPrice>,
    /// The year's budget total; none before a budget is saved.
    pub budget_total: Option<Minor>,
    pub licence_fee: Option<FeeSplit>,
    /// Agreements selling places in the team that cover today.
    pub agreements_in_force: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NationalMoney {
    pub country: Country,
    pub year: i32,
    pub currency: Currency,
    pub licence_fees: Vec<LicenceFee>,
    pub teams: Vec<TeamMoneyRow>,
    /// The licence fees of all teams in the year.
    pub licence_fee_total: Minor,
}

/// Money across the national office's country for `year`.
pub async fn national_money(
    app: &App,
    actor: &Actor,
    country: Country,
    year: i32,
) -> AppResult<NationalMoney> {
    let action = AuditAction::MoneyNationalRead;
    super::economy::year_days(year)?;
    require_licence_fees(app, actor, country, action).await?;
    app.store
        .append_audit(&event(app, actor, action, country_object(country)))
        .await?;
    let today = app.clock.today();
    let licence_fees: Vec<LicenceFee> = app
        .store
        .licence_fees()
        .await?
        .into_iter()
        .filter(|f| f.country == country)
        .collect();
    let fee = licence_fees.iter().find(|f| f.year == year);
    let mut teams = Vec::new();
    for team in app.store.list_teams().await? {
        if team.country != country {
            continue;
        }
        let mut owners_by_share = team.owners.clone();
        owners_by_share.sort_by_key(|o| std::cmp::Reverse(o.share_bp));
        let mut owners = Vec::new();
        for o in &owners_by_share {
            owners.push(municipality_name(app, country, &o.municipality_code).await?);
        }
        let prices = app.store.team_prices(team.id).await?;
        let budget_total = app
            .store
            .team_budget(team.id, year)
            .await?
            .map(|b| b.lines.iter().map(|l| l.amount).sum());
        let agreements_in_force = app
            .store
            .list_agreements(&AgreementFilter {
                team_id: Some(team.id),
                municipality: None,
            })
            .await?
            .iter()
            .filter(|a| a.valid_from <= today && a.valid_until.is_none_or(|end| today <= end))
            .count() as u32;
        teams.push(TeamMoneyRow {
            team_id: team.id,
            team_name: team.name.clone(),
            owners,
            price_today: price_on(&prices, today).cloned(),
            budget_total,
            licence_fee: fee.map(|f| split_licence_fee(f, &team, team.closed_on)),
            agreements_in_force,
        });
    }
    let licence_fee_total = teams
        .iter()
        .filter_map(|t| t.licence_fee.as_ref().map(|f| f.team_total))
        .sum();
    Ok(NationalMoney {
        country,
        year,
        currency: Currency::of_country(country),
        licence_fees,
        teams,
        licence_fee_total,
    })
}
