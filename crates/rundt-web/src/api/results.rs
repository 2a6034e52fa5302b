//! Results over the API: the dashboards (team, municipality, national) as
//! JSON, and their tables as CSV or XLSX and the whole as PDF; the adherence
//! interviews and the family-experience survey.

use rundt_domain::id::CaseId;
use rundt_domain::id::TeamId;
use rundt_domain::msg;
use rundt_domain::municipality::MunicipalityCode;
use rundt_export::Notation;
use std::collections::HashMap;

use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rundt_app::fidelity::{self, ExperienceView, InterviewDue, InterviewView, RatingDue};
use rundt_app::results::{self, Dashboard, DashboardRequest, FamilyTable, Scope};
use rundt_app::{Actor, App, AppError};
use rundt_domain::adherence::{Interview, SupervisorRating};
use rundt_domain::country::Country;
use rundt_domain::experience::FamilyExperience;
use rundt_domain::indicators::Denominator;
use rundt_domain::period::Grouping;
use serde::Deserialize;

use super::caller::{Caller, CreatedResult, JsonResult, created, json};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json, Path, Query};
use crate::i18n::{Lang, Tr};
use crate::results_view;

/// The period and reading of a dashboard.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ResultsQuery {
    /// First month, `YYYY-MM` (default: eleven months before `to`).
    pub from: Option<String>,
    /// Last month, `YYYY-MM` (default: this month).
    pub to: Option<String>,
    /// `month`, `quarter` (default) or `year`.
    pub by: Option<String>,
    /// `all_discharges` (default) or `completers`.
    pub denominator: Option<String>,
    /// The page of the per-family table, the first being 1 (default 1;
    /// 50 families a page, newest case first). Each family shown is
    /// logged; exports carry every family.
    pub families_page: Option<String>,
    /// For exports: `csv`, `xlsx` or `pdf`.
    pub format: Option<String>,
    /// For CSV: which table (`summary`, `now`, `follow_ups`, `trend`,
    /// `by_team`, `by_municipality`, `owned_teams`, `by_therapist`, `families`).
    pub table: Option<String>,
    /// Language of exported headings: `da`, `nb` or `en`.
    pub lang: Option<String>,
    /// For CSV: `regional` (semicolons and decimal commas, as Danish and
    /// Norwegian Excel opens them; the default in Danish and Norwegian) or
    /// `rfc4180` (commas and decimal points; the default in English).
    pub csv: Option<String>,
    /// Pages only: set after a supervisor rating was saved.
    #[param(ignore)]
    pub rated: Option<String>,
}

/// Reads the scope from the path and the period from the query.
pub(crate) fn request(
    app: &App,
    kind: &str,
    key: &str,
    q: &ResultsQuery,
) -> Result<DashboardRequest, AppError> {
    let scope = match kind {
        "team" => Scope::Team(
            key.parse()
                .map_err(|_| AppError::NotFound(format!("team {key}")))?,
        ),
        "municipality" => Scope::Municipality(
            MunicipalityCode::from_stored(key)
                .ok_or_else(|| AppError::NotFound(format!("municipality {key}")))?,
        ),
        "national" => Scope::National(
            key.to_ascii_uppercase()
                .parse::<Country>()
                .map_err(|_| AppError::NotFound(format!("country {key}")))?,
        ),
        _ => return Err(AppError::NotFound(format!("results for {kind} {key}"))),
    };
    let grouping = match q.by.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Grouping::default(),
        Some(s) => {
            Grouping::parse(s).ok_or_else(|| AppError::invalid("by", msg!("group-by-shape")))?
        }
    };
    let denominator = match q
        .denominator
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None | Some("all_discharges") => Denominator::AllDischarges,
        Some("completers") => Denominator::Completers,
        Some(_) => {
            return Err(AppError::invalid("denominator", msg!("denominator-shape")));
        }
    };
    let range = results::range_from(q.from.as_deref(), q.to.as_deref(), app.clock.today())?;
    Ok(DashboardRequest {
        scope,
        range,
        grouping,
        denominator,
    })
}

/// Team names for the per-family table.
pub(crate) async fn team_names(app: &App) -> Result<HashMap<TeamId, String>, AppError> {
    Ok(rundt_app::organisation::team_names(app)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect())
}

/// A dashboard: the figures against the PIR targets in total, per period,
/// per team and municipality, with small cells suppressed for viewers who
/// may not see every family behind them, and the per-family table for those
/// who may (audited per family).
#[utoipa::path(get, path = "/api/v1/results/{kind}/{key}", tag = "results",
    params(("kind" = String, Path, description = "`team`, `municipality` or `national`"),
           ("key" = String, Path, description = "Team id, municipality code, or country code (DK, NO)"),
           ResultsQuery),
    responses((status = 200, body = Dashboard), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn dashboard(
    c: Caller,
    Path((kind, key)): Path<(String, String)>,
    Query(q): Query<ResultsQuery>,
) -> JsonResult<Dashboard> {
    let req = request(&c.app, &kind, &key, &q)?;
    let families = FamilyTable::page(q.families_page.as_deref())?;
    json(results::dashboard(&c.app, &c.actor(), &req, families).await?)
}

fn attachment(content_type: &'static str, file_name: &str, body: Vec<u8>) -> Response {
    (
        StatusCode::OK,
        [
            (CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\""))
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response()
}

/// The export of a dashboard in a format, in a language.
pub(crate) async fn export_response(
    app: &App,
    actor: &Actor,
    tr: Tr,
    kind: &str,
    key: &str,
    q: &ResultsQuery,
) -> Result<Response, AppError> {
    let req = request(app, kind, key, q)?;
    let format = q.format.as_deref().unwrap_or("xlsx");
    if !matches!(format, "csv" | "xlsx" | "pdf") {
        return Err(AppError::invalid("format", msg!("export-format")));
    }
    if format == "csv" && q.table.as_deref().is_none_or(str::is_empty) {
        return Err(AppError::invalid("table", msg!("export-table-missing")));
    }
    // Danish and Norwegian readers write 87,5; English ones 87.5.
    let notation = tr.notation();
    let csv_notation = match q.csv.as_deref().map(str::trim) {
        None | Some("") => notation,
        Some("regional") => Notation::Comma,
        Some("rfc4180") => Notation::Point,
        Some(_) => return Err(AppError::invalid("csv", msg!("export-csv-flavour"))),
    };
    let d = results::dashboard(app, actor, &req, FamilyTable::All).await?;
    let names = team_names(app).await?;
    let title = results_view::title(tr, &d);
    let stamp = format!("{} {}–{}", title, d.from, d.to);
    match format {
        "csv" => {
            let wanted = q.table.as_deref().unwrap_or_default();
            let t = results_view::tables(tr, &d, &names)
                .into_iter()
                .find(|t| t.key == wanted)
                .ok_or_else(|| {
                    AppError::NotFound(format!("no table {wanted} on this dashboard"))
                })?;
            let name = rundt_export::csv_file_name(&format!("{stamp} {}", t.table.title));
            Ok(attachment(
                "text/csv; charset=utf-8",
                &name,
                rundt_export::table_to_csv_in(&t.table, csv_notation).into_bytes(),
            ))
        }
        "xlsx" => {
            let tables: Vec<_> = results_view::tables(tr, &d, &names)
                .into_iter()
                .map(|t| t.table)
                .collect();
            let bytes = rundt_export::tables_to_xlsx(&tables)
                .map_err(|e| AppError::Internal(e.to_string()))?;
            Ok(attachment(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                &rundt_export::xlsx_file_name(&stamp),
                bytes,
            ))
        }
        _ => {
            let now = app.clock.now();
            // On the reader's country's clock; UTC only for the command line.
            let exported = match actor.principal() {
                Some(p) => p.country.local_time(now),
                None => now.format("%Y-%m-%d %H:%M UTC").to_string(),
            };
            let report = results_view::report(tr, &d, &names, &exported);
            let options = rundt_export::PdfOptions {
                page_label: crate::i18n::page_of(tr),
                period_heading: tr.t("period").into(),
                created: Some(now.format("D:%Y%m%d%H%M%SZ").to_string()),
                author: Some("Rundt".into()),
                notation,
            };
            Ok(attachment(
                "application/pdf",
                &rundt_export::pdf_file_name(&stamp),
                rundt_export::report_to_pdf_with(&report, &options),
            ))
        }
    }
}

/// A dashboard's tables as CSV (one table) or XLSX (all), or the whole
/// dashboard as PDF.
#[utoipa::path(get, path = "/api/v1/results/{kind}/{key}/export", tag = "results",
    params(("kind" = String, Path, description = "`team`, `municipality` or `national`"),
           ("key" = String, Path, description = "Team id, municipality code, or country code"),
           ResultsQuery),
    responses((status = 200, content_type = "text/csv", description = "CSV, XLSX or PDF by `format`"),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn export(
    c: Caller,
    Path((kind, key)): Path<(String, String)>,
    Query(q): Query<ResultsQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let tr = Tr(Lang::negotiate(q.lang.as_deref(), &headers));
    Ok(export_response(&c.app, &c.actor(), tr, &kind, &key, &q).await?)
}

/// Records a caregiver adherence interview (the supervisor; never the
/// family's own therapist): who answered (`respondent_id`, one of the
/// family's caregivers), how (`mode`: `phone` or `in_person`) and the 28
/// answers, at least 24 of them given (fewer cannot be scored: 422 on
/// `answers`). The caller is recorded as the interviewer.
#[utoipa::path(post, path = "/api/v1/cases/{id}/adherence-interviews", tag = "results",
    request_body(content = Interview, example = json!({"date": "2026-11-16", "respondent_id": 41, "mode": "phone",
        "answers": [5, 4, 5, 4, 4, 5, 3, 4, 5, 5, 4, 4, null, 5, 4, 4, 5, 3, 4, 5, 4, 4, 5, 4, null, 4, 5, 4]})),
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 201, body = InterviewView, description = "Recorded, with its score and the interviewer"),
              (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "Too few answers to score, an answer off the scale, a date outside the treatment, or a respondent who is not one of the family's caregivers")))]
pub async fn record_interview(
    c: Caller,
    Path(id): Path<CaseId>,
    Json(input): Json<Interview>,
) -> CreatedResult<InterviewView> {
    created(fidelity::record_interview(&c.app, &c.actor(), id, &input).await?)
}

/// A family's adherence interviews, newest first, each with its
/// interviewer, respondent and mode (`null` where an interview recorded
/// before they were asked did not record them).
#[utoipa::path(get, path = "/api/v1/cases/{id}/adherence-interviews", tag = "results",
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, body = Vec<InterviewView>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn interviews(c: Caller, Path(id): Path<CaseId>) -> JsonResult<Vec<InterviewView>> {
    json(fidelity::interviews(&c.app, &c.actor(), id).await?)
}

/// The team's adherence interviews due within a week or overdue.
#[utoipa::path(get, path = "/api/v1/teams/{id}/adherence-interviews/due", tag = "results",
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 200, body = Vec<InterviewDue>), (status = 403, body = ErrorBody)))]
pub async fn interviews_due(c: Caller, Path(id): Path<TeamId>) -> JsonResult<Vec<InterviewDue>> {
    json(fidelity::interviews_due(&c.app, &c.actor(), id).await?)
}

/// Records the family's experience of treatment (once, at discharge).
#[utoipa::path(post, path = "/api/v1/cases/{id}/family-experience", tag = "results",
    request_body(content = FamilyExperience, example = json!({"date": "2026-11-20", "answers": [5, 4, 5, 4, 5], "comment": "Det hjalp, at terapeuten kunne komme hjem til os om aftenen."})),
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 201, body = ExperienceView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn record_experience(
    c: Caller,
    Path(id): Path<CaseId>,
    Json(input): Json<FamilyExperience>,
) -> CreatedResult<ExperienceView> {
    created(fidelity::record_experience(&c.app, &c.actor(), id, &input).await?)
}

/// The family's experience survey, if answered.
#[utoipa::path(get, path = "/api/v1/cases/{id}/family-experience", tag = "results",
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, body = Option<ExperienceView>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn experience(c: Caller, Path(id): Path<CaseId>) -> JsonResult<Option<ExperienceView>> {
    json(fidelity::experience(&c.app, &c.actor(), id).await?)
}

/// The score of a saved rating (the rating itself is never shown back).
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct RatingSaved {
    /// 0–1; `None` with too few answers to score.
    pub score: Option<f64>,
}

/// A therapist rates the team's supervisor (SAM structure; about every two
/// months). Only means over at least five ratings are ever shown.
#[utoipa::path(post, path = "/api/v1/teams/{id}/supervisor-ratings", tag = "results",
    request_body(content = SupervisorRating, example = json!({"date": "2026-11-18",
        "answers": [4, 5, 4, 4, 3, 5, 4, 4, 5, 4, 4, 4, 5, 3, 4, 4, 5, 4, 4, 4, 5, 4,
                    4, 3, 4, 5, 4, 4, null, 4, 4, 5, 4, 4, 4, 3, 4, 5, 4, 4, 4, 5, 4]})),
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 201, body = RatingSaved), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn rate_supervisor(
    c: Caller,
    Path(id): Path<TeamId>,
    Json(input): Json<SupervisorRating>,
) -> CreatedResult<RatingSaved> {
    let score = fidelity::rate_supervisor(&c.app, &c.actor(), id, &input).await?;
    created(RatingSaved { score })
}

/// The logged-in therapist's supervisor ratings due, per team.
#[utoipa::path(get, path = "/api/v1/me/supervisor-ratings/due", tag = "results",
    responses((status = 200, body = Vec<RatingDue>)))]
pub async fn ratings_due(c: Caller) -> JsonResult<Vec<RatingDue>> {
    json(fidelity::ratings_due(&c.app, &c.actor()).await?)
}
