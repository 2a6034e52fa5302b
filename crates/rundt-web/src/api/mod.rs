//! The JSON API under `/api/v1` and its OpenAPI document.

mod reference;
mod teams;

use axum::Router;
use axum::routing::{get, post, put};
use utoipa::OpenApi;

use crate::router::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Rundt API",
        description = "Programme administration for Multisystemic Therapy (MST, MST-CAN) in Denmark and Norway. \
            Errors are JSON `{error, message}`; validation errors add `fields`.",
        version = "1"
    ),
    paths(
        reference::programme_models,
        reference::national_offices,
        reference::municipalities,
        teams::list,
        teams::create,
        teams::get_one,
        teams::replace_owners,
        teams::add_member,
        teams::end_membership,
    ),
    components(schemas(crate::error::ErrorBody)),
    tags(
        (name = "reference", description = "Programme models, national offices, municipalities"),
        (name = "teams", description = "Teams, their owners and staff"),
    )
)]
pub struct ApiDoc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/programme-models", get(reference::programme_models))
        .route("/national-offices", get(reference::national_offices))
        .route("/municipalities", get(reference::municipalities))
        .route("/teams", get(teams::list).post(teams::create))
        .route("/teams/{id}", get(teams::get_one))
        .route("/teams/{id}/owners", put(teams::replace_owners))
        .route("/teams/{id}/members", post(teams::add_member))
        .route("/memberships/{id}/end", post(teams::end_membership))
}
