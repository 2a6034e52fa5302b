//! Money (issue 14): the team's prices, the places its owners sell to other
//! municipalities, the licence fee and its split between owners, the team's
//! budget and utilisation, the invoicing basis and e-invoice, and what a
//! municipality spends against the placements it avoided.
//!
//! The rules are the domain's ([`rundt_domain::money`]); this module loads
//! what they need, checks who may (see [`who`]), and stores changes with
//! their audit event. Money views show case numbers at most, never names.

mod agreements;
mod budget;
mod courses;
mod economy;
mod einvoice;
mod invoicing;
mod licence;
mod municipality;
mod national;
mod prices;
mod referral_price;
mod settings;
mod who;

pub use agreements::{
    AgreementView, PlacesSold, create_agreement, team_agreements, update_agreement,
};
pub use budget::{save_budget, team_budget};
pub use economy::{TeamEconomy, team_economy};
pub use einvoice::{EInvoiceFile, einvoice};
pub use invoicing::{InvoicingBasis, InvoicingScope, invoicing_basis};
pub use licence::{licence_fees, set_licence_fee};
pub use municipality::{MunicipalityMoney, municipality_money};
pub use national::{NationalMoney, TeamMoneyRow, national_money};
pub use prices::{set_price, team_prices};
pub(crate) use referral_price::price_for_referral;
pub use referral_price::referral_price_preview;
pub use settings::{billing_details, placement_costs, save_billing_details, set_placement_cost};
pub use who::{
    may_edit_team, may_manage_licence_fees, may_view_municipality, may_view_overview, may_view_team,
};

use rundt_domain::audit::{AuditAction, AuditEvent, Object, ObjectKind};
use rundt_domain::country::Country;
use rundt_domain::id::TeamId;
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::team::Team;

use crate::{Actor, App, AppResult};

/// A municipality as an audited object: its four-digit code is its key.
pub(crate) fn municipality_object(code: &MunicipalityCode) -> Object {
    match code.as_str().parse() {
        Ok(key) => Object::keyed(ObjectKind::Municipality, key),
        Err(_) => Object::of(ObjectKind::Municipality),
    }
}

/// A country as an audited object (licence fees, national figures).
pub(crate) fn country_object(_country: Country) -> Object {
    Object::of(ObjectKind::Country)
}

pub(crate) fn event(app: &App, actor: &Actor, action: AuditAction, object: Object) -> AuditEvent {
    actor.event(app.clock.now(), action, object)
}

/// The team, or not found.
pub(crate) async fn team(app: &App, id: TeamId) -> AppResult<Team> {
    crate::organisation::get_team(app, id).await
}

/// The name of a municipality of `country` (its code when unknown).
pub(crate) async fn municipality_name(
    app: &App,
    country: Country,
    code: &MunicipalityCode,
) -> AppResult<String> {
    Ok(app
        .store
        .find_municipality(country, code, app.clock.today())
        .await?
        .map(|m| m.name)
        .unwrap_or_else(|| code.as_str().to_owned()))
}

/// The municipalities of `country` in force today, by name: the choices of
/// the money forms.
pub async fn municipalities(
    app: &App,
    country: Country,
) -> AppResult<Vec<rundt_domain::municipality::Municipality>> {
    let mut list = app
        .store
        .list_municipalities(Some(country), Some(app.clock.today()))
        .await?;
    list.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(list)
}
