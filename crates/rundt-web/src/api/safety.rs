//! MST-CAN's safety records over the API (issue 12): the family's safety
//! plan in versions and its incidents with the notification to child
//! welfare. A new plan version names the latest in `If-Match` (none for the
//! first); a notification names its incident's version.

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};
use rundt_app::records::{IncidentRecord, SafetyPlanVersion};
use rundt_app::safety;
use rundt_domain::id::CaseId;
use rundt_domain::incident::{Incident, Notification};
use rundt_domain::safety::SafetyPlan;
use rundt_domain::user::UserId;
use serde::Serialize;

use super::caller::Caller;
use super::versions;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json, Path};

/// One version of the family's safety plan.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SafetyPlanVersionView {
    pub version: i64,
    pub plan: SafetyPlan,
    pub saved_by: Option<UserId>,
    pub saved_at: DateTime<Utc>,
}

/// An incident with its notification; `flagged` while none is recorded.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct IncidentView {
    pub id: i64,
    pub incident: Incident,
    pub flagged: bool,
    pub recorded_by: Option<UserId>,
    pub recorded_at: DateTime<Utc>,
    /// For the `If-Match` of the notification.
    pub version: i64,
}

/// A family's safety records.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SafetyView {
    /// Every version of the safety plan, newest first (empty before the
    /// first).
    pub plans: Vec<SafetyPlanVersionView>,
    /// Newest first.
    pub incidents: Vec<IncidentView>,
}

impl From<SafetyPlanVersion> for SafetyPlanVersionView {
    fn from(p: SafetyPlanVersion) -> Self {
        Self {
            version: p.version,
            plan: p.plan,
            saved_by: p.saved_by,
            saved_at: p.saved_at,
        }
    }
}

impl From<IncidentRecord> for IncidentView {
    fn from(i: IncidentRecord) -> Self {
        Self {
            id: i.id,
            flagged: i.incident.is_flagged(),
            incident: i.incident,
            recorded_by: i.recorded_by,
            recorded_at: i.recorded_at,
            version: i.version,
        }
    }
}

/// The family's safety plan versions and incidents. Audited per person.
#[utoipa::path(get, path = "/api/v1/cases/{id}/safety", tag = "safety",
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, body = SafetyView, headers(("ETag" = String, description = "the latest safety plan's version (0 before the first), for If-Match"))),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_safety(c: Caller, Path(id): Path<CaseId>) -> Result<Response, ApiError> {
    let s = safety::case_safety(&c.app, &c.actor(), id).await?;
    let latest = s.plans.first().map_or(0, |p| p.version);
    let view = SafetyView {
        plans: s.plans.into_iter().map(Into::into).collect(),
        incidents: s.incidents.into_iter().map(Into::into).collect(),
    };
    Ok(versions::tagged(StatusCode::OK, latest, view))
}

/// Saves a new version of the safety plan (If-Match: the latest version;
/// left out for the first plan). Earlier versions are kept.
#[utoipa::path(put, path = "/api/v1/cases/{id}/safety-plan", tag = "safety",
    request_body(content = SafetyPlan, example = json!({
        "risks": [{"kind": "physical_violence", "from_whom": "Mor", "to_whom": "Emma",
                   "situations": "Om kvelden når det er krangel om leggetid og mor er sliten etter jobb"}],
        "warning_signs": ["Mor hever stemmen og begynner å gå fram og tilbake i stua",
                          "Emma trekker seg inn på rommet og svarer ikke"],
        "adult_actions": [{"adult": "Mor", "instead": "Går ut på verandaen i ti minutter og ringer terapeuten før hun tar opp saken igjen"}],
        "child_contacts": [{"child": "Emma", "contact_person": "Mormor Randi", "how": "Ringer mormor på 915 00 000 eller går til henne i nr. 12"}],
        "agreed_with_family_on": "2026-10-09",
        "shared_with_child_welfare_on": "2026-10-09"
    })),
    params(("id" = i64, Path, description = "Case id"),
           ("If-Match" = Option<String>, Header, description = "the latest safety plan's ETag; left out for the first plan")),
    responses((status = 200, body = SafetyPlanVersionView, headers(("ETag" = String, description = "the new version, for the next If-Match"))),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "the family is not in treatment"),
              (status = 412, body = ErrorBody, description = "If-Match names an older version, or none while there is one; nothing was changed"),
              (status = 422, body = ErrorBody, description = "a part of the plan is missing or a date is in the future; `fields` names each")))]
pub async fn save_plan(
    c: Caller,
    Path(id): Path<CaseId>,
    headers: HeaderMap,
    Json(plan): Json<SafetyPlan>,
) -> Result<Response, ApiError> {
    let v = versions::optional(&headers)?;
    let saved = safety::save_plan(&c.app, &c.actor(), id, &plan, v).await?;
    Ok(versions::tagged(
        StatusCode::OK,
        saved.version,
        SafetyPlanVersionView::from(saved),
    ))
}

/// Records an incident involving children of the family.
#[utoipa::path(post, path = "/api/v1/cases/{id}/incidents", tag = "safety",
    request_body(content = Incident, example = json!({
        "at": "2026-11-20T19:30:00Z",
        "children": [5231],
        "what_happened": "Mor ristet Emma i armen under en krangel om skjermtid; Emma fikk et blåmerke",
        "what_was_done": "Terapeuten kom på hjemmebesøk samme kveld; sikkerhetsplanen ble gått gjennom og naboen lagt til som kontakt",
        "emergency_services": false,
        "notification": {"state": "missing"}
    })),
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 201, body = IncidentView, headers(("ETag" = String, description = "the incident's version, for the notification's If-Match"))),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "the family is not in treatment"),
              (status = 422, body = ErrorBody, description = "dated in the future, no child of the family, or a part missing; `fields` names each")))]
pub async fn record_incident(
    c: Caller,
    Path(id): Path<CaseId>,
    Json(incident): Json<Incident>,
) -> Result<Response, ApiError> {
    let r = safety::record_incident(&c.app, &c.actor(), id, &incident).await?;
    Ok(versions::tagged(
        StatusCode::CREATED,
        r.version,
        IncidentView::from(r),
    ))
}

/// Records how child welfare was told of an incident, or (the supervisor
/// alone) why no notification was needed.
#[utoipa::path(put, path = "/api/v1/cases/{id}/incidents/{incident_id}/notification", tag = "safety",
    request_body(content = Notification, example = json!({"state": "notified", "on": "2026-11-21", "by": "Nina Larsen (terapeut)", "to": "Barneverntjenesten i Bærum, saksbehandler Linn Halvorsen"})),
    params(("id" = i64, Path, description = "Case id"), ("incident_id" = i64, Path, description = "Incident id"),
           ("If-Match" = String, Header, description = "the incident's ETag")),
    responses((status = 200, body = IncidentView, headers(("ETag" = String, description = "the incident's new version"))),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 412, body = ErrorBody, description = "If-Match names an older version; nothing was changed"),
              (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)))]
pub async fn record_notification(
    c: Caller,
    Path((id, incident_id)): Path<(CaseId, i64)>,
    headers: HeaderMap,
    Json(notification): Json<Notification>,
) -> Result<Response, ApiError> {
    let v = versions::required(&headers)?;
    let r =
        safety::record_notification(&c.app, &c.actor(), id, incident_id, &notification, v).await?;
    Ok(versions::tagged(
        StatusCode::OK,
        r.version,
        IncidentView::from(r),
    ))
}

/// The safety overview of the caller's MST-CAN teams: each family in
/// treatment whose safety records the caller may read (the team's crisis
/// caseworker, supervisor and consultant: all; a therapist: their own),
/// with the children's names and where the safety work stands. Audited per
/// person.
#[utoipa::path(get, path = "/api/v1/safety", tag = "safety",
    responses((status = 200, body = Vec<rundt_app::safety::TeamSafety>)))]
pub async fn overview(c: Caller) -> super::caller::JsonResult<Vec<rundt_app::safety::TeamSafety>> {
    Ok(axum::Json(safety::team_safety(&c.app, &c.actor()).await?))
}
