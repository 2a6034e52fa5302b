//! The yearly licence fee per team, set by the national office per country
//! and year (Denmark 2026: 299,000 DKK), and split between each team's
//! owners by their shares (see [`rundt_domain::money::split_licence_fee`]).

use rundt_domain::audit::AuditAction;
use rundt_domain::country::Country;
use rundt_domain::money::{Currency, LicenceFee, Minor, validate_licence_fee};

use super::who::require_licence_fees;
use super::{country_object, event};
use crate::{Actor, App, AppResult};

/// Sets the fee per team for a year of the national office's country.
pub async fn set_licence_fee(
    app: &App,
    actor: &Actor,
    country: Country,
    year: i32,
    per_team: Minor,
) -> AppResult<LicenceFee> {
    let action = AuditAction::MoneyLicenceFeeSet;
    require_licence_fees(app, actor, country, action).await?;
    validate_licence_fee(year, per_team)?;
    Ok(app
        .store
        .set_licence_fee(
            country,
            year,
            Currency::of_country(country),
            per_team,
            &event(app, actor, action, country_object(country)),
        )
        .await?)
}

/// The licence fees of a country, by year.
pub async fn licence_fees(
    app: &App,
    actor: &Actor,
    country: Country,
) -> AppResult<Vec<LicenceFee>> {
    require_licence_fees(app, actor, country, AuditAction::MoneyNationalRead).await?;
    Ok(app
        .store
        .licence_fees()
        .await?
        .into_iter()
        .filter(|f| f.country == country)
        .collect())
}
