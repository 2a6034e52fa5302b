//! What a municipality gets for its money in a year: what it spent on MST
//! (courses it bought and its share of the licence fees of the teams it
//! owns), what it earned selling places, the places it bought and sold,
//! and its spending against the out-of-home placements avoided, valued at
//! the placement cost it entered (the assumptions shown beside it).

use rundt_domain::audit::AuditAction;
use rundt_domain::country::Country;
use rundt_domain::money::{
    BuyerInvoice, Currency, FeeShare, InvoicePeriod, Minor, PlacementCost, SpendingAgainstAvoided,
    invoicing_basis, spending_against_avoided, split_licence_fee,
};
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::period::Month;
use rundt_store::SummaryFilter;
use serde::Serialize;

use super::agreements::{AgreementView, municipality_agreements, views};
use super::courses::Course;
use super::economy::year_days;
use super::invoicing::{municipality_courses, owned_teams};
use super::who::require_view_municipality;
use super::{event, municipality_name, municipality_object};
use crate::{Actor, App, AppResult};

/// The municipality's share of one owned team's licence fee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnedTeamFee {
    pub team_name: String,
    pub share: FeeShare,
    /// The team's whole fee for the year (pro rata when it started or
    /// stopped in it).
    pub team_total: Minor,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MunicipalityMoney {
    pub country: Country,
    pub code: MunicipalityCode,
    pub name: String,
    pub year: i32,
    pub currency: Currency,
    /// Courses the municipality pays for (at an agreement's, the team's
    /// own or the list price), started or extended in the year.
    pub courses_bought: Minor,
    /// Families it paid for that started in the year.
    pub families_started: u32,
    /// Its share of the licence fees of the teams it owns.
    pub licence_fees: Vec<OwnedTeamFee>,
    pub licence_fee_total: Minor,
    /// Courses bought plus the licence fee shares.
    pub spent: Minor,
    /// What other municipalities pay it for places in its teams.
    pub earned_from_places_sold: Minor,
    pub places_bought: Vec<AgreementView>,
    pub places_sold: Vec<AgreementView>,
    /// The year's placement cost, if the municipality entered one.
    pub placement_cost: Option<PlacementCost>,
    /// Families it referred or paid for, discharged in the year living at
    /// home: each counted as one out-of-home placement avoided.
    pub living_at_home_at_discharge: u32,
    pub discharged: u32,
    pub against_avoided: Option<SpendingAgainstAvoided>,
}

/// The municipality's money for `year`, for its manager and the national
/// office; reading it is audited (per family whose course is counted).
pub async fn municipality_money(
    app: &App,
    actor: &Actor,
    country: Country,
    code: &MunicipalityCode,
    year: i32,
) -> AppResult<MunicipalityMoney> {
    let action = AuditAction::MoneyMunicipalityRead;
    let (first, last) = year_days(year)?;
    require_view_municipality(app, actor, country, code, action).await?;
    let audit = event(app, actor, action, municipality_object(code));
    let found: Vec<Course> = municipality_courses(app, country, code, first, last, &audit).await?;
    let cases: Vec<_> = found.iter().filter_map(Course::invoice_case).collect();
    let mut bought: Vec<BuyerInvoice> = Vec::new();
    let mut sold: Vec<BuyerInvoice> = Vec::new();
    for quarter in 1..=4u8 {
        let period = InvoicePeriod::Quarter { year, quarter };
        for invoice in invoicing_basis(&period, &cases, app.clock.today()) {
            if &invoice.buyer == code {
                bought.push(invoice);
            } else if &invoice.seller == code {
                sold.push(invoice);
            }
        }
    }
    let courses_bought: Minor = bought.iter().map(|i| i.total).sum();
    let families_started: u32 = bought.iter().map(|i| i.families_started).sum();
    let earned_from_places_sold: Minor = sold.iter().map(|i| i.total).sum();

    let fee = app
        .store
        .licence_fees()
        .await?
        .into_iter()
        .find(|f| f.country == country && f.year == year);
    let mut licence_fees = Vec::new();
    let owned = owned_teams(app, country, code).await?;
    if let Some(fee) = &fee {
        for team in &owned {
            let split = split_licence_fee(fee, team, team.closed_on);
            if let Some(share) = split.shares.into_iter().find(|s| &s.municipality == code) {
                licence_fees.push(OwnedTeamFee {
                    team_name: team.name.clone(),
                    share,
                    team_total: split.team_total,
                });
            }
        }
    }
    let licence_fee_total: Minor = licence_fees.iter().map(|f| f.share.amount).sum();
    let spent = courses_bought + licence_fee_total;

    let agreements = municipality_agreements(app, code).await?;
    let teams = app.store.list_teams().await?;
    let (as_buyer, as_seller): (Vec<_>, Vec<_>) =
        agreements.into_iter().partition(|a| &a.buyer == code);
    let places_bought = views(app, &teams, as_buyer).await?;
    let places_sold = views(app, &teams, as_seller).await?;

    let placement_cost = app
        .store
        .placement_costs(country, code)
        .await?
        .into_iter()
        .find(|p| p.year == year);
    let outcomes = app
        .store
        .outcome_summary(&SummaryFilter {
            country,
            team_ids: None,
            municipality: Some(code.clone()),
            from_month: Month { year, month: 1 },
            to_month: Month { year, month: 12 },
        })
        .await?;
    let living_at_home_at_discharge: u32 = outcomes
        .iter()
        .map(|r| r.outcomes.get("living_at_home"))
        .sum();
    let discharged: u32 = outcomes.iter().map(|r| r.outcomes.discharges).sum();
    let against_avoided = placement_cost
        .as_ref()
        .map(|cost| spending_against_avoided(spent, living_at_home_at_discharge, cost));
    Ok(MunicipalityMoney {
        country,
        code: code.clone(),
        name: municipality_name(app, country, code).await?,
        year,
        currency: Currency::of_country(country),
        courses_bought,
        families_started,
        licence_fees,
        licence_fee_total,
        spent,
        earned_from_places_sold,
        places_bought,
        places_sold,
        placement_cost,
        living_at_home_at_discharge,
        discharged,
        against_avoided,
    })
}
