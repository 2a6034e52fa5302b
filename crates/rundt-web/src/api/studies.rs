//! Feasibility studies over the API (issue 16): the list, a draft with the
//! defaults, a study with its three scenarios worked out, its next version
//! (`If-Match`), the potential from a CSV text, versions, comments, the
//! municipalities' approvals (the last creates the team), and a team's plan
//! against what happened.

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use rundt_app::AppError;
use rundt_app::feasibility::{self, StudyView};
use rundt_domain::feasibility::{
    PlanAgainstActualMonth, ScenarioProjection, Study, StudyComment, StudyDocument,
    StudyProjection, StudySummary, StudyVersion,
};
use rundt_domain::id::TeamId;
use rundt_domain::msg;
use serde::{Deserialize, Serialize};

use super::caller::{Caller, JsonResult, json};
use super::versions;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json, Path, Query};

/// A study with its three scenarios worked out from its newest version.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StudyBody {
    pub study: Study,
    pub projection: StudyProjection,
}

impl From<StudyView> for StudyBody {
    fn from(v: StudyView) -> Self {
        Self {
            study: v.study,
            projection: v.projection,
        }
    }
}

/// A comment's text.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct CommentBody {
    pub text: String,
}

/// The potential as CSV text: a header row
/// `municipality;measure;count;source;year` (or comma-separated), one
/// figure a row.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct PotentialCsvBody {
    pub csv: String,
}

/// What a draft is made for.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DraftQuery {
    /// The other municipalities making the study with the caller's (four
    /// digits each), comma-separated; none for a study of its own.
    #[serde(default)]
    pub partners: Option<String>,
    /// `MST` or `MST-CAN`.
    pub programme_model: String,
    /// The day the team would start (its month's first day is used).
    pub starts_on: NaiveDate,
}

/// A team's plan from its study against what happened, month by month.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TeamPlanBody {
    pub study_id: i64,
    pub version: i64,
    /// The expected scenario the months are planned by.
    pub plan: ScenarioProjection,
    pub months: Vec<PlanAgainstActualMonth>,
}

async fn body_of(c: &Caller, id: i64) -> Result<StudyBody, ApiError> {
    Ok(feasibility::study_view(&c.app, &c.actor(), id)
        .await?
        .into())
}

/// The studies the caller may see: a municipal manager those naming the
/// municipality, the national office every study of its country.
#[utoipa::path(get, path = "/api/v1/studies", tag = "studies",
    responses((status = 200, body = Vec<StudySummary>),
              (status = 403, body = ErrorBody, description = "neither a municipal manager nor the national office")))]
pub async fn list(c: Caller) -> JsonResult<Vec<StudySummary>> {
    json(feasibility::studies(&c.app, &c.actor()).await?)
}

/// A first draft with the defaults: equal shares, the model's norms, the
/// country's start-up costs and the first municipality's placement cost.
/// Nothing is stored.
#[utoipa::path(get, path = "/api/v1/studies/draft", tag = "studies",
    params(DraftQuery),
    responses((status = 200, body = StudyDocument),
              (status = 400, body = ErrorBody, description = "a parameter missing or not of its shape"),
              (status = 403, body = ErrorBody, description = "not a municipal manager"),
              (status = 422, body = ErrorBody, description = "an unknown programme model or municipality code")))]
pub async fn draft(c: Caller, Query(q): Query<DraftQuery>) -> JsonResult<StudyDocument> {
    let who = c.principal();
    let partners = q.partners.as_deref().unwrap_or_default().split(',');
    let codes = feasibility::study_municipalities(who, partners)?;
    json(
        feasibility::new_study_draft(
            &c.app,
            &c.actor(),
            who.country,
            &codes,
            &q.programme_model,
            q.starts_on,
        )
        .await?,
    )
}

/// A study of two municipalities as its examples show it, with `barrier`
/// (the draft's still open, the saved version's resolved).
fn study_example(barrier: serde_json::Value) -> serde_json::Value {
    serde_json::json!({
        "title": "Forundersøgelse: MST Østjylland",
        "team_name": "MST Østjylland",
        "country": "DK",
        "programme_model": "MST",
        "currency": "DKK",
        "municipalities": [{"municipality_code": "0751", "share_bp": 5000}, {"municipality_code": "0746", "share_bp": 5000}],
        "potential": [
            {"municipality": "0751", "measure": "offences_or_at_risk", "count": 180, "source": "Aarhus Kommune 2025", "year": 2025},
            {"municipality": "0751", "measure": "placed_out_of_home", "count": 70, "source": "Danmarks Statistik", "year": 2025},
            {"municipality": "0746", "measure": "offences_or_at_risk", "count": 60, "source": "Skanderborg Kommune 2025", "year": 2025},
            {"municipality": "0746", "measure": "placed_out_of_home", "count": 20, "source": "Danmarks Statistik", "year": 2025}
        ],
        "referral_shares": [
            {"measure": "offences_or_at_risk", "share_bp": {"low": 300, "expected": 500, "high": 800}},
            {"measure": "placed_out_of_home", "share_bp": {"low": 800, "expected": 1200, "high": 1600}}
        ],
        "barriers": [barrier],
        "assumptions": {
            "starts_on": "2026-09-01", "years": 5, "ramp_up_months": 12,
            "families_per_therapist_year": 8, "families_per_therapist_source": "MST Danmark: ca. 8 familier om året",
            "therapist_salary": 60000000,
            "posts": [{"position": "supervisor", "yearly": 70000000, "fte_bp": 10000}],
            "salary_source": "Aarhus Kommunes lønniveau 2026",
            "licence_fee_per_year": 29900000, "licence_from_year": 2, "licence_source": "MST Danmark: 299.000 kr. pr. team om året",
            "start_up": [
                {"description": "Organisatorisk støtte", "amount": 5500000, "source": "Socialstyrelsen, MST – priser og økonomi"},
                {"description": "Uddannelse af terapeuter, 5 dage", "amount": 3500000, "source": "Socialstyrelsen, MST – priser og økonomi"},
                {"description": "Statsligt tilskud", "amount": -20000000, "source": "Socialstyrelsen, MST – priser og økonomi"}
            ],
            "later_therapist_training": 3500000, "travel_per_year": 6000000, "overhead_bp": 1000,
            "placement_cost_per_year": 115000000, "placement_months": 12,
            "placement_source": "Aarhus Kommune, gennemsnitlig anbringelse af 13-17-årige, regnskab 2025",
            "avoided_share_bp": {"low": 1500, "expected": 2500, "high": 3500},
            "avoided_source": "Socialstyrelsen, MST – resultater og erfaringer"
        }
    })
}

/// The example of a new study.
fn new_study_example() -> serde_json::Value {
    study_example(
        serde_json::json!({"text": "Behandlingskulturen", "note": "Temadag for sagsbehandlerne i juni", "owner": "Familiechef", "resolved": false}),
    )
}

/// The example of a study's next version: the barrier resolved.
fn saved_study_example() -> serde_json::Value {
    study_example(
        serde_json::json!({"text": "Behandlingskulturen", "note": "Temadag for sagsbehandlerne holdt 11. juni 2026", "owner": "Familiechef", "resolved": true}),
    )
}

/// Stores a new study as its version 1.
#[utoipa::path(post, path = "/api/v1/studies", tag = "studies",
    request_body(content = StudyDocument, example = new_study_example),
    responses((status = 201, body = StudyBody, headers(("ETag" = String, description = "the version"))),
              (status = 403, body = ErrorBody, description = "not the manager of a municipality in the study"),
              (status = 422, body = ErrorBody, description = "no municipality, shares not adding up to 100 %, a negative or missing count, a referral share over 100 % or scenarios out of order, a figure without its source, an unknown municipality or model, assumptions out of range; `fields` names each; nothing is stored")))]
pub async fn create(c: Caller, Json(body): Json<StudyDocument>) -> Result<Response, ApiError> {
    let study = feasibility::create_study(&c.app, &c.actor(), &body).await?;
    let out = body_of(&c, study.id).await?;
    Ok(versions::tagged(
        StatusCode::CREATED,
        out.study.current.version,
        out,
    ))
}

/// A study with its three scenarios worked out.
#[utoipa::path(get, path = "/api/v1/studies/{id}", tag = "studies",
    params(("id" = i64, Path, description = "Study id")),
    responses((status = 200, body = StudyBody, headers(("ETag" = String, description = "the newest version"))),
              (status = 403, body = ErrorBody, description = "not the manager of a municipality in the study nor the national office"),
              (status = 404, body = ErrorBody)))]
pub async fn show(c: Caller, Path(id): Path<i64>) -> Result<Response, ApiError> {
    let out = body_of(&c, id).await?;
    Ok(versions::tagged(
        StatusCode::OK,
        out.study.current.version,
        out,
    ))
}

/// Saves the study's next version (`If-Match` the newest).
#[utoipa::path(put, path = "/api/v1/studies/{id}", tag = "studies",
    request_body(content = StudyDocument, example = saved_study_example),
    params(("id" = i64, Path, description = "Study id"), ("If-Match" = String, Header, description = "the study's ETag")),
    responses((status = 200, body = StudyBody, headers(("ETag" = String, description = "the new version"))),
              (status = 400, body = ErrorBody, description = "If-Match not a version"),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "the study is approved: it has no more versions"),
              (status = 412, body = ErrorBody, description = "If-Match names an older version; nothing was changed"),
              (status = 422, body = ErrorBody, description = "as for a new study"),
              (status = 428, body = ErrorBody, description = "no If-Match")))]
pub async fn save(
    c: Caller,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Json(body): Json<StudyDocument>,
) -> Result<Response, ApiError> {
    let v = versions::required(&headers)?;
    feasibility::save_study(&c.app, &c.actor(), id, v, &body).await?;
    let out = body_of(&c, id).await?;
    Ok(versions::tagged(
        StatusCode::OK,
        out.study.current.version,
        out,
    ))
}

/// Replaces the study's potential with the figures of a CSV text, as its
/// next version (`If-Match` the newest).
#[utoipa::path(post, path = "/api/v1/studies/{id}/potential", tag = "studies",
    request_body(content = PotentialCsvBody, example = json!({"csv": "municipality;measure;count;source;year\n0751;school_dropout;120;Aarhus Kommune, skolefravær 2025;2025\n0746;school_dropout;35;Skanderborg Kommune, skolefravær 2025;2025\n"})),
    params(("id" = i64, Path, description = "Study id"), ("If-Match" = String, Header, description = "the study's ETag")),
    responses((status = 200, body = StudyBody, headers(("ETag" = String, description = "the new version"))),
              (status = 400, body = ErrorBody, description = "If-Match not a version"),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "the study is approved"),
              (status = 412, body = ErrorBody, description = "If-Match names an older version; nothing was changed"),
              (status = 422, body = ErrorBody, description = "a header column missing, a row with a bad municipality, measure, count or year, or no source; the row is named; nothing is stored"),
              (status = 428, body = ErrorBody, description = "no If-Match")))]
pub async fn import_potential(
    c: Caller,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Json(body): Json<PotentialCsvBody>,
) -> Result<Response, ApiError> {
    let v = versions::required(&headers)?;
    feasibility::import_potential(&c.app, &c.actor(), id, v, &body.csv).await?;
    let out = body_of(&c, id).await?;
    Ok(versions::tagged(
        StatusCode::OK,
        out.study.current.version,
        out,
    ))
}

/// Every version of the study, oldest first.
#[utoipa::path(get, path = "/api/v1/studies/{id}/versions", tag = "studies",
    params(("id" = i64, Path, description = "Study id")),
    responses((status = 200, body = Vec<StudyVersion>),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn versions_of(c: Caller, Path(id): Path<i64>) -> JsonResult<Vec<StudyVersion>> {
    json(feasibility::study_versions(&c.app, &c.actor(), id).await?)
}

/// A comment on the study's newest version: the national office's, or a
/// municipality's answer.
#[utoipa::path(post, path = "/api/v1/studies/{id}/comments", tag = "studies",
    request_body(content = CommentBody, example = json!({"text": "Husk at fordele licensen efter ejerandel."})),
    params(("id" = i64, Path, description = "Study id")),
    responses((status = 201, body = StudyComment),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "an empty comment or one over 2,000 characters")))]
pub async fn comment(
    c: Caller,
    Path(id): Path<i64>,
    Json(body): Json<CommentBody>,
) -> Result<Response, ApiError> {
    let comment = feasibility::comment_on_study(&c.app, &c.actor(), id, &body.text).await?;
    Ok((StatusCode::CREATED, axum::Json(comment)).into_response())
}

/// The caller's municipality approves the study's newest version
/// (`If-Match`); when every municipality has, the team is created with the
/// study's owners and shares (`study.team_id`).
#[utoipa::path(post, path = "/api/v1/studies/{id}/approvals", tag = "studies",
    params(("id" = i64, Path, description = "Study id"), ("If-Match" = String, Header, description = "the version approved")),
    responses((status = 200, body = StudyBody),
              (status = 400, body = ErrorBody, description = "If-Match not a version"),
              (status = 403, body = ErrorBody, description = "not the manager of a municipality in the study"),
              (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "already approved by this municipality, or the study is approved"),
              (status = 412, body = ErrorBody, description = "If-Match names an older version than the newest"),
              (status = 422, body = ErrorBody),
              (status = 428, body = ErrorBody, description = "no If-Match")))]
pub async fn approve(c: Caller, Path(id): Path<i64>, headers: HeaderMap) -> JsonResult<StudyBody> {
    let v = versions::required(&headers)?;
    let municipality = c
        .principal()
        .municipality_code
        .clone()
        .ok_or_else(|| AppError::Forbidden(msg!("studies-not-for-role")))?;
    feasibility::approve_study(&c.app, &c.actor(), id, v, &municipality).await?;
    json(body_of(&c, id).await?)
}

/// A team started from a study: its plan against what happened, month by
/// month — families referred, families in treatment, therapists in post,
/// cost.
#[utoipa::path(get, path = "/api/v1/teams/{id}/plan", tag = "studies",
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 200, body = TeamPlanBody),
              (status = 403, body = ErrorBody, description = "not the team's supervisor, an owner's manager or the national office"),
              (status = 404, body = ErrorBody, description = "no such team, or it was not started from a study")))]
pub async fn team_plan(c: Caller, Path(id): Path<TeamId>) -> JsonResult<TeamPlanBody> {
    let plan = feasibility::team_plan(&c.app, &c.actor(), id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("a study of team {id}")))?;
    json(TeamPlanBody {
        study_id: plan.study.id,
        version: plan.study.current.version,
        plan: plan.plan,
        months: plan.months,
    })
}
