//! One error style for pages: a use-case error becomes the page that says
//! so, in the visitor's language and with the right status (404 for an
//! unknown record, 403 saying why, 409/412/422 explained), so handlers use
//! `?`; and a record id in the path that is not a number is the 404 page,
//! never a bare text answer.

use std::str::FromStr;

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use rundt_app::AppError;

use super::context::{PageContext, visitor_tr};
use super::{error_page, parse_id};
use crate::auth::Authenticated;
use crate::i18n::Tr;

/// Why a page cannot be shown, already rendered as the page that says so.
pub struct PageError(Box<Response>);

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        *self.0
    }
}

impl From<Response> for PageError {
    fn from(response: Response) -> Self {
        Self(Box::new(response))
    }
}

/// A page handler's answer.
pub type PageResult = Result<Response, PageError>;

/// Turns a use-case result into one a page handler can `?`.
pub trait OrPage<T> {
    fn or_page(self, tr: Tr, who: Option<&Authenticated>) -> Result<T, PageError>;

    /// The same for the request `ctx` (a [`super::Page`] or
    /// [`super::Visitor`]): `cases::show(..).await.on(&page)?`.
    fn on(self, ctx: &impl PageContext) -> Result<T, PageError>
    where
        Self: Sized,
    {
        self.or_page(ctx.tr(), ctx.who())
    }
}

impl<T> OrPage<T> for Result<T, AppError> {
    fn or_page(self, tr: Tr, who: Option<&Authenticated>) -> Result<T, PageError> {
        self.map_err(|e| PageError(Box::new(error_page(tr, who, e))))
    }
}

/// A record's id in a page's path (`/cases/{id}`, `/teams/{id}`, …), typed
/// by what it names (`PageId<CaseId>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageId<T = i64>(pub T);

impl<S: Send + Sync, T: FromStr> FromRequestParts<S> for PageId<T> {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, PageError> {
        let tr = visitor_tr(parts);
        let raw = Path::<String>::from_request_parts(parts, state)
            .await
            .map(|Path(raw)| raw)
            .map_err(|e| AppError::NotFound(e.body_text()))
            .or_page(tr, None)?;
        parse_id(&raw).map(PageId).or_page(tr, None)
    }
}
