//! A change to one family's case over the API: who asks, which case, and
//! the version of it the client last saw. Every decision on a case carries
//! that version in `If-Match`, so a change without one is refused (428) —
//! after the body is read, so a malformed body is still answered as such
//! first — and a stale one too (412), by the use case before it asks
//! whether the case's state allows the change (409).

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use rundt_app::cases::CaseView;
use rundt_app::{Actor, App};
use rundt_domain::id::CaseId;

use super::caller::Caller;
use super::versions;
use crate::error::ApiError;
use crate::extract::Path;
use crate::state::AppState;

pub struct CaseChange {
    pub caller: Caller,
    /// The case's id from the path.
    pub id: CaseId,
    headers: HeaderMap,
}

impl CaseChange {
    pub fn app(&self) -> &App {
        &self.caller.app
    }

    pub fn actor(&self) -> Actor {
        self.caller.actor()
    }

    /// The version from `If-Match`, required.
    pub fn version(&self) -> Result<i64, ApiError> {
        versions::required(&self.headers)
    }
}

impl FromRequestParts<AppState> for CaseChange {
    type Rejection = Response;

    /// Not logged in (401) is answered before a bad path (400).
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let caller = Caller::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let Path(id) = Path::<CaseId>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(Self {
            caller,
            id,
            headers: parts.headers.clone(),
        })
    }
}

/// The changed case, with its new version as the `ETag`.
pub fn changed(case: CaseView) -> Result<Response, ApiError> {
    Ok(versions::tagged(
        axum::http::StatusCode::OK,
        case.version,
        case,
    ))
}
