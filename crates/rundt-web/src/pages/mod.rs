//! Server-rendered pages (askama), readable on a phone and a municipal PC,
//! in Danish, Norwegian Bokmål or English.

mod teams;

use askama::Template;
use axum::Router;
use axum::extract::Query;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use crate::i18n::{Lang, Tr};
use crate::router::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(teams::list))
        .route("/teams/{id}", get(teams::show))
        .route("/static/app.css", get(css))
}

#[derive(Debug, Default, Deserialize)]
pub struct LangQuery {
    pub lang: Option<String>,
}

/// The translator for this request.
pub fn tr_for(query: &LangQuery, headers: &HeaderMap) -> Tr {
    Tr(Lang::negotiate(query.lang.as_deref(), headers))
}

/// Renders a template; a template error is logged and shown as a plain 500.
pub fn render<T: Template>(status: StatusCode, page: &T, tr: Tr) -> Response {
    match page.render() {
        Ok(html) => {
            let mut response = (status, Html(html)).into_response();
            // Remember an explicit language choice.
            if let Ok(v) =
                format!("lang={}; Path=/; Max-Age=31536000; SameSite=Lax", tr.code()).parse()
            {
                response.headers_mut().insert(header::SET_COOKIE, v);
            }
            response
        }
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "Internal error").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "not_found.html")]
struct NotFoundPage {
    tr: Tr,
    title: String,
    message: String,
}

pub async fn not_found(Query(q): Query<LangQuery>, headers: HeaderMap) -> Response {
    let tr = tr_for(&q, &headers);
    page_not_found(tr, tr.t("not_found").into())
}

pub fn page_not_found(tr: Tr, message: String) -> Response {
    render(
        StatusCode::NOT_FOUND,
        &NotFoundPage {
            tr,
            title: tr.t("not_found").into(),
            message,
        },
        tr,
    )
}

async fn css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/app.css"),
    )
}
