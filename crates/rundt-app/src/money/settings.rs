//! A municipality's own money settings: what an out-of-home placement costs
//! it a year (the figure its avoided placements are valued at), and the
//! billing details its invoices carry.

use rundt_domain::audit::AuditAction;
use rundt_domain::country::Country;
use rundt_domain::money::{BillingDetails, NewPlacementCost, PlacementCost};
use rundt_domain::municipality::MunicipalityCode;

use super::who::{require_edit_municipality, require_view_municipality};
use super::{event, municipality_object};
use crate::{Actor, App, AppResult};

/// Sets the municipality's placement cost for a year.
pub async fn set_placement_cost(
    app: &App,
    actor: &Actor,
    country: Country,
    code: &MunicipalityCode,
    cost: &NewPlacementCost,
) -> AppResult<PlacementCost> {
    let action = AuditAction::MoneyPlacementCostSet;
    require_edit_municipality(app, actor, country, code, action).await?;
    cost.validate(country)?;
    Ok(app
        .store
        .set_placement_cost(
            country,
            code,
            cost,
            &event(app, actor, action, municipality_object(code)),
        )
        .await?)
}

/// The municipality's placement costs, newest year first.
pub async fn placement_costs(
    app: &App,
    actor: &Actor,
    country: Country,
    code: &MunicipalityCode,
) -> AppResult<Vec<PlacementCost>> {
    require_view_municipality(
        app,
        actor,
        country,
        code,
        AuditAction::MoneyMunicipalityRead,
    )
    .await?;
    Ok(app.store.placement_costs(country, code).await?)
}

/// The municipality's billing details, if saved.
pub async fn billing_details(
    app: &App,
    actor: &Actor,
    country: Country,
    code: &MunicipalityCode,
) -> AppResult<Option<BillingDetails>> {
    require_view_municipality(
        app,
        actor,
        country,
        code,
        AuditAction::MoneyMunicipalityRead,
    )
    .await?;
    Ok(app.store.billing_details(country, code).await?)
}

/// Saves the billing details at their version (0 for the first save).
pub async fn save_billing_details(
    app: &App,
    actor: &Actor,
    details: &BillingDetails,
) -> AppResult<BillingDetails> {
    let action = AuditAction::MoneyBillingDetailsSave;
    require_edit_municipality(app, actor, details.country, &details.municipality, action).await?;
    details.validate()?;
    Ok(app
        .store
        .save_billing_details(
            details,
            &event(
                app,
                actor,
                action,
                municipality_object(&details.municipality),
            ),
        )
        .await?)
}
