//! Rundt's HTTP layer. Handlers turn requests into use-case calls
//! (`rundt-app`) and results into JSON or HTML; they never touch SQL.
#![forbid(unsafe_code)]

mod api;
mod auth;
mod calendar;
mod error;
mod extract;
mod i18n;
mod pages;
mod pdf_can;
mod report;
mod report_can;
mod results_view;
mod router;
mod state;
mod study_report;
mod subject_copy_pdf;
mod token_rate;

pub use api::ApiDoc;
pub use error::ApiError;
pub use router::{Settings, router, router_with, router_with_settings};
pub use state::AppState;
pub use token_rate::{DEFAULT_PER_MINUTE, TokenRate};
