//! Purchase agreements: an owner of a team sells places in it to another
//! municipality, at a price, for a period. Agreements of the same team and
//! buyer never overlap.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use chrono::Datelike;
use rundt_domain::audit::{AuditAction, Object, ObjectKind};
use rundt_domain::id::TeamId;
use rundt_domain::money::{
    CasePrice, NewPurchaseAgreement, PurchaseAgreement, check_no_overlap, places_used,
};
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::team::Team;
use rundt_store::AgreementFilter;
use serde::Serialize;

use super::who::{require_edit_team, require_view_team};
use super::{event, municipality_name, team};
use crate::{Actor, App, AppError, AppResult};

/// An agreement as the money pages show it: with the municipalities'
/// names, the team's, and the places used this year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgreementView {
    pub agreement: PurchaseAgreement,
    pub team_name: String,
    pub seller_name: String,
    pub buyer_name: String,
    /// Courses referred under the agreement this year.
    pub used_this_year: u32,
    /// Whether the agreement covers today.
    pub in_force: bool,
}

/// The places a team's owners sell, agreement by agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlacesSold {
    pub agreements: Vec<AgreementView>,
}

fn agreement_object(id: i64) -> Object {
    Object::keyed(ObjectKind::PurchaseAgreement, id)
}

/// Makes an agreement selling places in the team; refused (nothing stored)
/// when the seller is not an owner, the buyer owns the team, the currency
/// is not the team's, the price is not positive, or it overlaps another
/// agreement of the same team and buyer.
pub async fn create_agreement(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
    input: &NewPurchaseAgreement,
) -> AppResult<PurchaseAgreement> {
    let action = AuditAction::MoneyAgreementCreate;
    let team = team(app, team_id).await?;
    require_edit_team(app, actor, &team, action).await?;
    input.validate(&team)?;
    let existing = app
        .store
        .list_agreements(&AgreementFilter {
            team_id: Some(team_id),
            municipality: None,
        })
        .await?;
    check_no_overlap(&existing, team_id, input, None)?;
    Ok(app
        .store
        .create_agreement(
            team_id,
            input,
            &event(app, actor, action, Object::team(team_id)),
        )
        .await?)
}

/// Changes an agreement's terms at `version`, with the same rules.
pub async fn update_agreement(
    app: &App,
    actor: &Actor,
    id: i64,
    version: i64,
    input: &NewPurchaseAgreement,
) -> AppResult<PurchaseAgreement> {
    let action = AuditAction::MoneyAgreementUpdate;
    let current = app
        .store
        .get_agreement(id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("agreement {id}")))?;
    let team = team(app, current.team_id).await?;
    require_edit_team(app, actor, &team, action).await?;
    input.validate(&team)?;
    let existing = app
        .store
        .list_agreements(&AgreementFilter {
            team_id: Some(team.id),
            municipality: None,
        })
        .await?;
    check_no_overlap(&existing, team.id, input, Some(id))?;
    Ok(app
        .store
        .update_agreement(
            id,
            version,
            input,
            &event(app, actor, action, agreement_object(id)),
        )
        .await?)
}

/// The agreements selling places in the team, for those who see its money.
pub async fn team_agreements(app: &App, actor: &Actor, team_id: TeamId) -> AppResult<PlacesSold> {
    let team = team(app, team_id).await?;
    require_view_team(app, actor, &team, AuditAction::MoneyTeamRead).await?;
    let agreements = app
        .store
        .list_agreements(&AgreementFilter {
            team_id: Some(team_id),
            municipality: None,
        })
        .await?;
    Ok(PlacesSold {
        agreements: views(app, &[team], agreements).await?,
    })
}

/// The agreements as the pages show them (`teams` holds each agreement's
/// team; an agreement of a team not given is left out). Each team's case
/// prices are read once; a price's `priced_on` is its referral day, so the
/// places used need no other look-up.
pub(crate) async fn views(
    app: &App,
    teams: &[Team],
    agreements: Vec<PurchaseAgreement>,
) -> AppResult<Vec<AgreementView>> {
    let today = app.clock.today();
    let year = today.year();
    let mut prices_of: HashMap<TeamId, Vec<CasePrice>> = HashMap::new();
    let mut out = Vec::with_capacity(agreements.len());
    for agreement in agreements {
        let Some(team) = teams.iter().find(|t| t.id == agreement.team_id) else {
            continue;
        };
        let prices = match prices_of.entry(team.id) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(app.store.case_prices(Some(team.id)).await?),
        };
        let used = places_used(&agreement, year, prices, &[]);
        out.push(AgreementView {
            team_name: team.name.clone(),
            seller_name: municipality_name(app, team.country, &agreement.seller).await?,
            buyer_name: municipality_name(app, team.country, &agreement.buyer).await?,
            used_this_year: used.used,
            in_force: agreement.valid_from <= today
                && agreement.valid_until.is_none_or(|end| today <= end),
            agreement,
        });
    }
    Ok(out)
}

/// Agreements in which `municipality` buys or sells, for its money page.
pub(crate) async fn municipality_agreements(
    app: &App,
    municipality: &MunicipalityCode,
) -> AppResult<Vec<PurchaseAgreement>> {
    Ok(app
        .store
        .list_agreements(&AgreementFilter {
            team_id: None,
            municipality: Some(municipality.clone()),
        })
        .await?)
}
