//! What every page request needs, resolved once by an extractor: the
//! signed-in person ([`Page`]) or nobody yet ([`Visitor`], the login
//! pages), and the language of the answer. Handlers take one of them,
//! use `?` on use-case results (`.on(&page)?`), and the error page is
//! rendered here, in the visitor's language.
//!
//! The language: `?lang=` for this one page, then the signed-in person's
//! stored choice, then the `lang` cookie, then the browser's
//! Accept-Language, then Danish.

use askama::Template;
use axum::extract::{FromRequestParts, Query};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use rundt_app::{Actor, App, AppError};

use super::{LangQuery, Nav, PageError, PageResult, error_page, nav, render};
use crate::auth::{Authenticated, Via, authenticate, login_redirect};
use crate::i18n::{Lang, Tr};
use crate::state::AppState;

/// The `?lang=` of a request, if it has one.
pub fn query_lang(parts: &Parts) -> Option<String> {
    Query::<LangQuery>::try_from_uri(&parts.uri)
        .ok()
        .and_then(|Query(q)| q.lang)
}

/// The language a page request was answered in, once it is known; later
/// extractors of the same request (a bad `PageId`) answer in it too.
#[derive(Debug, Clone, Copy)]
pub struct ChosenLanguage(pub Tr);

/// The translator for a request whose person, if any, is not known.
pub fn visitor_tr(parts: &Parts) -> Tr {
    if let Some(ChosenLanguage(tr)) = parts.extensions.get::<ChosenLanguage>() {
        return *tr;
    }
    Tr(Lang::choose(
        query_lang(parts).as_deref(),
        None,
        &parts.headers,
    ))
}

/// A page request by a signed-in person.
#[derive(Clone)]
pub struct Page {
    pub state: AppState,
    pub who: Authenticated,
    pub tr: Tr,
}

/// A page request by someone not signed in (yet): the login pages.
#[derive(Clone)]
pub struct Visitor {
    pub state: AppState,
    pub tr: Tr,
}

/// What error pages need of a request: its language and, if known, who
/// asked (for the navigation bar).
pub trait PageContext {
    fn tr(&self) -> Tr;
    fn who(&self) -> Option<&Authenticated>;

    /// The page that says why the request failed.
    fn error(&self, e: AppError) -> Response {
        error_page(self.tr(), self.who(), e)
    }

    /// The same, as a handler's `Err`.
    fn fail(&self, e: AppError) -> PageError {
        PageError::from(self.error(e))
    }

    /// A page with a template, in this request's language.
    fn render<T: Template>(&self, status: StatusCode, page: &T) -> Response {
        render(status, page, self.tr())
    }

    /// A template as the `200 OK` answer.
    fn show<T: Template>(&self, page: &T) -> PageResult {
        Ok(self.render(StatusCode::OK, page))
    }
}

impl PageContext for Page {
    fn tr(&self) -> Tr {
        self.tr
    }

    fn who(&self) -> Option<&Authenticated> {
        Some(&self.who)
    }
}

impl PageContext for Visitor {
    fn tr(&self) -> Tr {
        self.tr
    }

    fn who(&self) -> Option<&Authenticated> {
        None
    }
}

impl Page {
    pub fn app(&self) -> &App {
        &self.state.app
    }

    pub fn actor(&self) -> Actor {
        self.who.actor()
    }

    /// The navigation bar of the signed-in person.
    pub fn nav(&self) -> Option<Nav> {
        nav(self.tr, &self.who)
    }
}

impl Visitor {
    pub fn app(&self) -> &App {
        &self.state.app
    }
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Visitor {
            state: state.clone(),
            tr: visitor_tr(parts),
        })
    }
}

/// The language the signed-in person chose for their pages. A session read
/// it with the person's other details, so a page costs no second read; a
/// bearer token (rare on pages) reads it now.
async fn stored_language(state: &AppState, who: &Authenticated) -> Option<String> {
    match &who.via {
        Via::Session { language, .. } => language.clone(),
        Via::ApiToken => match rundt_app::users::language(&state.app, &who.principal).await {
            Ok(stored) => stored,
            Err(e) => {
                tracing::warn!(error = %e, "stored language unavailable");
                None
            }
        },
    }
}

impl FromRequestParts<AppState> for Page {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageError> {
        let who = match authenticate(parts, state).await {
            Ok(who) => who,
            Err(AppError::Unauthenticated(_)) => return Err(login_redirect(parts).into()),
            Err(e) => return Err(PageError::from(error_page(visitor_tr(parts), None, e))),
        };
        let stored = stored_language(state, &who).await;
        let tr = Tr(Lang::choose(
            query_lang(parts).as_deref(),
            stored.as_deref(),
            &parts.headers,
        ));
        parts.extensions.insert(ChosenLanguage(tr));
        Ok(Page {
            state: state.clone(),
            who,
            tr,
        })
    }
}
