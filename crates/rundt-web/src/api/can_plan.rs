//! MST-CAN's treatment plan and modules over the API (issue 12): the plan
//! made with the family in versions (a new one names the latest in
//! `If-Match`, none for the first) and the modules, each started once and
//! updated on the version named in `If-Match`.

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};
use rundt_app::can_plan;
use rundt_app::records::{ModuleRecord, TreatmentPlanVersion};
use rundt_domain::can_plan::{Module, ModuleProgress, NewModule, TreatmentPlan};
use rundt_domain::id::CaseId;
use rundt_domain::user::UserId;
use serde::Serialize;

use super::caller::Caller;
use super::versions;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json, Path};

/// The latest version of the family's treatment plan.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TreatmentPlanView {
    pub version: i64,
    pub plan: TreatmentPlan,
    pub saved_by: Option<UserId>,
    pub saved_at: DateTime<Utc>,
}

/// A treatment module with the version its update names.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ModuleView {
    pub id: i64,
    pub module: Module,
    pub recorded_by: Option<UserId>,
    pub recorded_at: DateTime<Utc>,
    /// For the `If-Match` of an update.
    pub version: i64,
}

/// A family's treatment plan and modules.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CasePlanView {
    /// The latest version of the plan; `null` before the first.
    pub plan: Option<TreatmentPlanView>,
    /// In the order they started.
    pub modules: Vec<ModuleView>,
}

impl From<TreatmentPlanVersion> for TreatmentPlanView {
    fn from(p: TreatmentPlanVersion) -> Self {
        Self {
            version: p.version,
            plan: p.plan,
            saved_by: p.saved_by,
            saved_at: p.saved_at,
        }
    }
}

impl From<ModuleRecord> for ModuleView {
    fn from(m: ModuleRecord) -> Self {
        Self {
            id: m.id,
            module: m.module,
            recorded_by: m.recorded_by,
            recorded_at: m.recorded_at,
            version: m.version,
        }
    }
}

/// The family's treatment plan (latest version) and modules. Audited per
/// person.
#[utoipa::path(get, path = "/api/v1/cases/{id}/treatment-plan", tag = "can_plan",
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, body = CasePlanView, headers(("ETag" = String, description = "the plan's latest version (0 before the first), for If-Match"))),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_plan(c: Caller, Path(id): Path<CaseId>) -> Result<Response, ApiError> {
    let p = can_plan::case_plan(&c.app, &c.actor(), id).await?;
    let latest = p.plan.as_ref().map_or(0, |v| v.version);
    let view = CasePlanView {
        plan: p.plan.map(Into::into),
        modules: p.modules.into_iter().map(Into::into).collect(),
    };
    Ok(versions::tagged(StatusCode::OK, latest, view))
}

/// Saves a new version of the treatment plan (If-Match: the latest
/// version; left out for the first plan). Earlier versions are kept.
#[utoipa::path(put, path = "/api/v1/cases/{id}/treatment-plan", tag = "can_plan",
    request_body(content = TreatmentPlan, example = json!({
        "goals": [
            {"theme": "safety", "overarching": "Emma er trygg hjemme, også om kvelden",
             "intermediate": ["Mor følger sikkerhetsplanen når det blir krangel",
                              "Emma har nummeret til mormor og naboen på mobilen"],
             "agreed_by": "Mor og saksbehandler i barneverntjenesten",
             "measured_by": "Kvelder uten roping eller slag, gått gjennom hver uke"},
            {"theme": "practical_needs", "overarching": "Familien har en plan for gjelden og beholder leiligheten",
             "intermediate": ["Møte med gjeldsrådgiver i NAV", "Husleien betales til forfall tre måneder på rad"],
             "agreed_by": "Mor og NAV-veileder",
             "measured_by": "Nedbetalingsplan signert; ingen nye inkassovarsler"}
        ],
        "made_with_family_on": "2026-10-14"
    })),
    params(("id" = i64, Path, description = "Case id"),
           ("If-Match" = Option<String>, Header, description = "the plan's latest ETag; left out for the first plan")),
    responses((status = 200, body = TreatmentPlanView, headers(("ETag" = String, description = "the new version, for the next If-Match"))),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "the family is not in treatment, or (MST-CAN) has no safety plan yet"),
              (status = 412, body = ErrorBody, description = "If-Match names an older version, or none while there is one; nothing was changed"),
              (status = 422, body = ErrorBody, description = "no goal, a part of a goal missing, or a date in the future; `fields` names each")))]
pub async fn save_plan(
    c: Caller,
    Path(id): Path<CaseId>,
    headers: HeaderMap,
    Json(plan): Json<TreatmentPlan>,
) -> Result<Response, ApiError> {
    let v = versions::optional(&headers)?;
    let saved = can_plan::save_plan(&c.app, &c.actor(), id, &plan, v).await?;
    Ok(versions::tagged(
        StatusCode::OK,
        saved.version,
        TreatmentPlanView::from(saved),
    ))
}

/// Records a module the family starts (or is planned to start).
#[utoipa::path(post, path = "/api/v1/cases/{id}/modules", tag = "can_plan",
    request_body(content = NewModule, example = json!({"kind": "rbt", "start": "2026-10-19", "sessions_held": 0, "delivered_by": "Nina Larsen", "status": "ongoing"})),
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 201, body = ModuleView, headers(("ETag" = String, description = "the module's version, for the If-Match of its update"))),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "the family is not in treatment, or (MST-CAN) has no safety plan yet"),
              (status = 422, body = ErrorBody, description = "no start date, an end before it or in the future, a status that does not fit the end, sessions out of 0–200, drug screens outside RBT or outside the module; `fields` names each")))]
pub async fn start_module(
    c: Caller,
    Path(id): Path<CaseId>,
    Json(module): Json<NewModule>,
) -> Result<Response, ApiError> {
    let r = can_plan::start_module(&c.app, &c.actor(), id, &module).await?;
    Ok(versions::tagged(
        StatusCode::CREATED,
        r.version,
        ModuleView::from(r),
    ))
}

/// Records how a module has gone: sessions, who delivers it, its status,
/// its end and (RBT) its drug screens. Its kind and start stay.
#[utoipa::path(put, path = "/api/v1/cases/{id}/modules/{module_id}", tag = "can_plan",
    request_body(content = ModuleProgress, example = json!({
        "sessions_held": 8, "delivered_by": "Nina Larsen", "status": "ongoing",
        "drug_screens": [{"on": "2026-10-22", "result": "negative"}, {"on": "2026-10-29", "result": "positive"},
                         {"on": "2026-11-05", "result": "negative"}]
    })),
    params(("id" = i64, Path, description = "Case id"), ("module_id" = i64, Path, description = "Module id"),
           ("If-Match" = String, Header, description = "the module's ETag")),
    responses((status = 200, body = ModuleView, headers(("ETag" = String, description = "the module's new version"))),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "the family is not in treatment, or (MST-CAN) has no safety plan yet"),
              (status = 412, body = ErrorBody, description = "If-Match names an older version; nothing was changed"),
              (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)))]
pub async fn update_module(
    c: Caller,
    Path((id, module_id)): Path<(CaseId, i64)>,
    headers: HeaderMap,
    Json(progress): Json<ModuleProgress>,
) -> Result<Response, ApiError> {
    let v = versions::required(&headers)?;
    let r = can_plan::update_module(&c.app, &c.actor(), id, module_id, &progress, v).await?;
    Ok(versions::tagged(
        StatusCode::OK,
        r.version,
        ModuleView::from(r),
    ))
}
