//! Reference data: programme models, national offices, municipalities.
//! Served without login (README: anyone may read the reference lists), so
//! the handlers take the application state instead of a [`super::caller::Caller`].

use axum::extract::State;
use chrono::NaiveDate;
use rundt_app::{AppError, reference};
use rundt_domain::country::Country;
use rundt_domain::msg;
use rundt_domain::municipality::Municipality;
use rundt_domain::national_office::NationalOffice;
use rundt_domain::programme::ProgrammeModel;
use serde::Deserialize;

use super::caller::{JsonResult, json};
use crate::error::ErrorBody;
use crate::extract::Query;
use crate::state::AppState;

/// The programme models and their norms.
#[utoipa::path(get, path = "/api/v1/programme-models", tag = "reference",
    responses((status = 200, body = [ProgrammeModel])))]
pub async fn programme_models(State(s): State<AppState>) -> JsonResult<Vec<ProgrammeModel>> {
    json(reference::programme_models(&s.app).await?)
}

/// The national programme offices.
#[utoipa::path(get, path = "/api/v1/national-offices", tag = "reference",
    responses((status = 200, body = [NationalOffice])))]
pub async fn national_offices(State(s): State<AppState>) -> JsonResult<Vec<NationalOffice>> {
    json(reference::national_offices(&s.app).await?)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MunicipalityQuery {
    /// `DK` or `NO`; both when left out.
    country: Option<String>,
    /// Day (YYYY-MM-DD) on which codes must be valid; today when left out.
    on: Option<String>,
    /// `true` to list every code ever valid, ignoring `on`.
    all: Option<bool>,
}

impl MunicipalityQuery {
    fn country(&self) -> Result<Option<Country>, AppError> {
        let country = self.country.as_deref().map(str::parse::<Country>);
        Ok(country.transpose()?)
    }

    fn on(&self) -> Result<Option<NaiveDate>, AppError> {
        let parse = |d: &str| {
            NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| AppError::invalid("on", msg!("date-shape", given = d)))
        };
        self.on.as_deref().map(parse).transpose()
    }
}

/// Danish and Norwegian municipalities with effective-dated codes.
#[utoipa::path(get, path = "/api/v1/municipalities", tag = "reference", params(MunicipalityQuery),
    responses((status = 200, body = [Municipality]), (status = 400, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn municipalities(
    State(s): State<AppState>,
    Query(q): Query<MunicipalityQuery>,
) -> JsonResult<Vec<Municipality>> {
    let all_dates = q.all.unwrap_or(false);
    json(reference::municipalities(&s.app, q.country()?, q.on()?, all_dates).await?)
}
