//! What every API handler needs, resolved once: the application and the
//! authenticated caller. Handlers take a [`Caller`] and answer with
//! [`json`], [`json_each`] or [`created`], using `?` on use-case results.

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use rundt_app::{Actor, App};
use rundt_domain::access::Principal;

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;

/// An API request by an authenticated person or program.
pub struct Caller {
    pub app: App,
    pub who: Authenticated,
}

impl Caller {
    pub fn actor(&self) -> Actor {
        self.who.actor()
    }

    pub fn principal(&self) -> &Principal {
        &self.who.principal
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Ok(Caller {
            app: state.app.clone(),
            who: Authenticated::from_request_parts(parts, state).await?,
        })
    }
}

/// A JSON answer, or the error as JSON.
pub type JsonResult<T> = Result<axum::Json<T>, ApiError>;

/// `200 OK` with `value` as JSON.
pub fn json<T>(value: impl Into<T>) -> JsonResult<T> {
    Ok(axum::Json(value.into()))
}

/// `200 OK` with each of `records` in its wire view, as a JSON list.
pub fn json_each<V, R>(records: Vec<R>) -> JsonResult<Vec<V>>
where
    V: From<R>,
{
    json(records.into_iter().map(V::from).collect::<Vec<_>>())
}

/// A `201 Created` JSON answer, or the error as JSON.
pub type CreatedResult<T> = Result<(StatusCode, axum::Json<T>), ApiError>;

/// `201 Created` with `value` as JSON.
pub fn created<T>(value: impl Into<T>) -> CreatedResult<T> {
    Ok((StatusCode::CREATED, axum::Json(value.into())))
}
