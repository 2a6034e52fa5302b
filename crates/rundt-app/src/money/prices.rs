//! A team's price list: the price of a course from a day on, and of each
//! week beyond the planned length if the team charges it.

use rundt_domain::audit::{AuditAction, Object};
use rundt_domain::id::TeamId;
use rundt_domain::money::{NewTeamPrice, TeamPrice};

use super::who::{require_edit_team, require_view_team};
use super::{event, team};
use crate::{Actor, App, AppResult};

/// Sets the team's price from a day on (a price from the same day is
/// replaced); refused for a negative price or a currency the team does not
/// use, and nothing is stored.
pub async fn set_price(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
    price: &NewTeamPrice,
) -> AppResult<TeamPrice> {
    let action = AuditAction::MoneyTeamPriceSet;
    let team = team(app, team_id).await?;
    require_edit_team(app, actor, &team, action).await?;
    price.validate(team.country)?;
    Ok(app
        .store
        .set_team_price(
            team_id,
            price,
            &event(app, actor, action, Object::team(team_id)),
        )
        .await?)
}

/// The team's prices, oldest first.
pub async fn team_prices(app: &App, actor: &Actor, team_id: TeamId) -> AppResult<Vec<TeamPrice>> {
    let team = team(app, team_id).await?;
    require_view_team(app, actor, &team, AuditAction::MoneyTeamRead).await?;
    Ok(app.store.team_prices(team_id).await?)
}
