//! The team's economy for a year: its budget spread over the months, cost
//! per course and per completed course, utilisation, and the price at
//! which it breaks even; with its prices, the licence fee split between
//! its owners, and the places its owners sell.

use chrono::NaiveDate;
use rundt_domain::audit::{AuditAction, Object};
use rundt_domain::id::TeamId;
use rundt_domain::money::{
    Currency, FeeSplit, Span, TeamBudget, TeamPrice, YearEconomy, price_on, split_licence_fee,
    year_economy,
};
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::team::Position;
use serde::Serialize;

use super::agreements::{AgreementView, views};
use super::courses::{CourseQuery, courses};
use super::who::require_view_team;
use super::{event, municipality_name, team};
use crate::organisation::model_of;
use crate::{Actor, App, AppError, AppResult};

/// An owning municipality of a team, by code and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerName {
    pub code: MunicipalityCode,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamEconomy {
    pub team_id: TeamId,
    pub team_name: String,
    pub country: rundt_domain::country::Country,
    /// The owners' codes and names, as the team lists them.
    pub owners: Vec<OwnerName>,
    /// Whether the reader may set prices, the budget and agreements.
    pub may_edit: bool,
    /// The team's last day, once its closing is decided.
    pub closed_on: Option<chrono::NaiveDate>,
    pub year: i32,
    pub currency: Currency,
    /// The price a referral made today would be charged (the team's own).
    pub price_today: Option<TeamPrice>,
    pub prices: Vec<TeamPrice>,
    pub budget: TeamBudget,
    pub economy: YearEconomy,
    /// The year's licence fee and each owner's share; none until the
    /// national office has set the year's fee.
    pub licence_fee: Option<FeeSplit>,
    pub places_sold: Vec<AgreementView>,
    /// The model's families per therapist, the norm capacity is counted in.
    pub families_per_therapist: u8,
}

/// The team's economy for `year`, for those who see its money. Reading it
/// is audited once per family whose course is counted.
pub async fn team_economy(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
    year: i32,
) -> AppResult<TeamEconomy> {
    let action = AuditAction::MoneyTeamRead;
    let team = team(app, team_id).await?;
    require_view_team(app, actor, &team, action).await?;
    let (first, last) = year_days(year)?;
    let currency = Currency::of_country(team.country);
    let model = model_of(app, &team).await?;
    let budget = super::budget::stored_or_empty(app, team_id, year, currency).await?;
    let therapists: Vec<Span> = app
        .store
        .team_members_between(team_id, first, last)
        .await?
        .into_iter()
        .filter(|m| m.position == Position::Therapist)
        .map(|m| Span {
            from: m.since,
            until: m.until,
        })
        .collect();
    let audit = event(app, actor, action, Object::team(team_id));
    let facts: Vec<_> = courses(
        app,
        CourseQuery {
            country: team.country,
            team_ids: Some(vec![team_id]),
            municipality: None,
            from: first,
            to: last,
        },
        &audit,
    )
    .await?
    .iter()
    .filter_map(|c| c.fact())
    .collect();
    let economy = year_economy(
        &budget,
        &facts,
        &therapists,
        model.typical_families_per_therapist,
        app.clock.today(),
    );
    let prices = app.store.team_prices(team_id).await?;
    let licence_fee = app
        .store
        .licence_fees()
        .await?
        .into_iter()
        .find(|f| f.country == team.country && f.year == year)
        .map(|fee| split_licence_fee(&fee, &team, team.closed_on));
    let agreements = app
        .store
        .list_agreements(&rundt_store::AgreementFilter {
            team_id: Some(team_id),
            municipality: None,
        })
        .await?;
    let places_sold = views(app, std::slice::from_ref(&team), agreements).await?;
    let mut owners = Vec::new();
    for o in &team.owners {
        owners.push(OwnerName {
            code: o.municipality_code.clone(),
            name: municipality_name(app, team.country, &o.municipality_code).await?,
        });
    }
    Ok(TeamEconomy {
        team_id,
        team_name: team.name.clone(),
        country: team.country,
        owners,
        closed_on: team.closed_on,
        may_edit: actor
            .principal()
            .is_none_or(|p| super::who::may_edit_team(p, &team)),
        year,
        currency,
        price_today: price_on(&prices, app.clock.today()).cloned(),
        prices,
        budget,
        economy,
        licence_fee,
        places_sold,
        families_per_therapist: model.typical_families_per_therapist,
    })
}

/// The first and last day of `year`; a year outside 2000–2100 is refused.
pub(crate) fn year_days(year: i32) -> AppResult<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(year, 1, 1).filter(|_| (2000..=2100).contains(&year));
    let last = NaiveDate::from_ymd_opt(year, 12, 31);
    match (first, last) {
        (Some(first), Some(last)) => Ok((first, last)),
        _ => Err(AppError::Invalid(vec![rundt_domain::FieldError::new(
            "year",
            rundt_domain::msg!("money-year-out-of-range"),
        )])),
    }
}
