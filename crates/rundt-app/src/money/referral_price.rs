//! The price a referral's course is bought at: fixed on the referral day
//! from the team's prices and the buyer's agreements (the domain's
//! [`rundt_domain::money::price_referral`]) and stored with the case. The
//! referral form shows it to the caseworker before they send.

use chrono::NaiveDate;
use rundt_domain::access::Action;
use rundt_domain::audit::{AuditAction, Object};
use rundt_domain::id::TeamId;
use rundt_domain::money::{ReferralPrice, price_referral};
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::team::Team;
use rundt_store::AgreementFilter;

use super::team;
use crate::{Actor, App, AppResult, access};

/// The price `buyer` pays for a course in `team` referred on `day`; none
/// when the team has no price that day and no agreement covers the buyer.
pub(crate) async fn price_for_referral(
    app: &App,
    team: &Team,
    buyer: &MunicipalityCode,
    day: NaiveDate,
) -> AppResult<Option<ReferralPrice>> {
    let prices = app.store.team_prices(team.id).await?;
    let agreements = app
        .store
        .list_agreements(&AgreementFilter {
            team_id: Some(team.id),
            municipality: Some(buyer.clone()),
        })
        .await?;
    Ok(price_referral(team, &prices, &agreements, buyer, day).ok())
}

/// What the referral form shows the caseworker: the price their
/// municipality will pay for a course in the team if they send today. Only
/// for someone who may refer on the municipality's behalf.
pub async fn referral_price_preview(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
    buyer: &MunicipalityCode,
) -> AppResult<Option<ReferralPrice>> {
    let team = team(app, team_id).await?;
    access::check(
        app,
        actor,
        &Action::Refer {
            country: team.country,
            municipality: buyer,
        },
        AuditAction::CaseRefer,
        Object::team(team_id),
    )
    .await?;
    price_for_referral(app, &team, buyer, app.clock.today()).await
}
