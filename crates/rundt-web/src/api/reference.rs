use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use rundt_app::{AppError, reference};
use rundt_domain::country::Country;
use rundt_domain::msg;
use rundt_domain::municipality::Municipality;
use rundt_domain::national_office::NationalOffice;
use rundt_domain::programme::ProgrammeModel;
use serde::Deserialize;

use crate::error::{ApiError, ErrorBody};
use crate::extract::Query;
use crate::state::AppState;

/// The programme models and their norms.
#[utoipa::path(get, path = "/api/v1/programme-models", tag = "reference",
    responses((status = 200, body = [ProgrammeModel])))]
pub async fn programme_models(
    State(s): State<AppState>,
) -> Result<Json<Vec<ProgrammeModel>>, ApiError> {
    Ok(Json(reference::programme_models(&s.app).await?))
}

/// The national programme offices.
#[utoipa::path(get, path = "/api/v1/national-offices", tag = "reference",
    responses((status = 200, body = [NationalOffice])))]
pub async fn national_offices(
    State(s): State<AppState>,
) -> Result<Json<Vec<NationalOffice>>, ApiError> {
    Ok(Json(reference::national_offices(&s.app).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct MunicipalityQuery {
    /// `DK` or `NO`; both when left out.
    country: Option<String>,
    /// Day (YYYY-MM-DD) on which codes must be valid; today when left out.
    on: Option<String>,
    /// `true` to list every code ever valid, ignoring `on`.
    all: Option<bool>,
}

/// Danish and Norwegian municipalities with effective-dated codes.
#[utoipa::path(get, path = "/api/v1/municipalities", tag = "reference", params(MunicipalityQuery),
    responses((status = 200, body = [Municipality]), (status = 422, body = ErrorBody)))]
pub async fn municipalities(
    State(s): State<AppState>,
    Query(q): Query<MunicipalityQuery>,
) -> Result<Json<Vec<Municipality>>, ApiError> {
    let country = q
        .country
        .as_deref()
        .map(str::parse::<Country>)
        .transpose()
        .map_err(AppError::from)?;
    let on =
        q.on.as_deref()
            .map(|d| {
                NaiveDate::parse_from_str(d, "%Y-%m-%d")
                    .map_err(|_| AppError::invalid("on", msg!("date-shape", given = d)))
            })
            .transpose()?;
    Ok(Json(
        reference::municipalities(&s.app, country, on, q.all.unwrap_or(false)).await?,
    ))
}
