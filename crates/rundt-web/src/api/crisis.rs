//! An MST family's crisis plan and crisis contact log over the API
//! (issue 13). A new plan version names the latest in `If-Match` (none for
//! the first); a contact is logged on its own and opened by each reader,
//! whose receipt ends its being unread for them.

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use rundt_app::records::{CrisisContactRecord, CrisisPlanVersion};
use rundt_app::{crisis_contact, crisis_plan};
use rundt_domain::crisis_contact::CrisisContact;
use rundt_domain::crisis_plan::{CrisisPlan, CrisisPlanDue};
use rundt_domain::id::CaseId;
use rundt_domain::user::UserId;
use serde::Serialize;

use super::caller::{Caller, JsonResult};
use super::versions;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json, Path};

/// One version of the family's crisis plan.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CrisisPlanVersionView {
    pub version: i64,
    pub plan: CrisisPlan,
    pub saved_by: Option<UserId>,
    pub saved_at: DateTime<Utc>,
}

impl From<CrisisPlanVersion> for CrisisPlanVersionView {
    fn from(p: CrisisPlanVersion) -> Self {
        Self {
            version: p.version,
            plan: p.plan,
            saved_by: p.saved_by,
            saved_at: p.saved_at,
        }
    }
}

/// A family's crisis plan: every version, and whether a new one is due.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CrisisPlanView {
    /// Every version, newest first (empty before the first); the first is
    /// the plan.
    pub versions: Vec<CrisisPlanVersionView>,
    /// `missing`: two weeks in treatment and no plan; `not_current`: the
    /// latest is more than four weeks old.
    pub due: Option<CrisisPlanDue>,
}

/// A crisis contact as logged.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CrisisContactView {
    pub id: i64,
    pub contact: CrisisContact,
    pub logged_by: Option<UserId>,
    pub logged_at: DateTime<Utc>,
    /// The staff who have opened it, the one who logged it first.
    pub read_by: Vec<UserId>,
    /// The caller has not opened it yet.
    pub unread: bool,
}

fn contact_view(r: CrisisContactRecord, reader: Option<UserId>) -> CrisisContactView {
    CrisisContactView {
        unread: reader.is_some_and(|u| !r.read_by(u)),
        id: r.id,
        contact: r.contact,
        logged_by: r.logged_by,
        logged_at: r.logged_at,
        read_by: r.read_by,
    }
}

fn reader(c: &Caller) -> Option<UserId> {
    c.actor().principal().map(|p| p.user_id)
}

/// The family's crisis plan, every version. One of the crisis essentials:
/// the family's therapist, the team's supervisor and consultant read it,
/// and the team's person on call during their shift (an on-call access).
/// Audited per person of the family.
#[utoipa::path(get, path = "/api/v1/cases/{id}/crisis-plan", tag = "crisis",
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, body = CrisisPlanView, headers(("ETag" = String, description = "the latest crisis plan's version (0 before the first), for If-Match"))),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_plan(c: Caller, Path(id): Path<CaseId>) -> Result<Response, ApiError> {
    let f = crisis_plan::read_plan(&c.app, &c.actor(), id).await?;
    let latest = f.plans.first().map_or(0, |p| p.version);
    let view = CrisisPlanView {
        versions: f.plans.into_iter().map(Into::into).collect(),
        due: f.due,
    };
    Ok(versions::tagged(StatusCode::OK, latest, view))
}

/// Saves a new version of the family's crisis plan (If-Match: the latest
/// version; left out for the first plan). Earlier versions are kept.
#[utoipa::path(put, path = "/api/v1/cases/{id}/crisis-plan", tag = "crisis",
    request_body(content = CrisisPlan, example = json!({
        "people_to_call": [
            {"name": "Lone Andersen", "relation": "mor", "phone": "+45 20 48 31 77"},
            {"name": "Morfar Bent", "relation": "morfar, bor i samme by", "phone": "+45 40 62 19 05"},
            {"name": "MST-teamets vagttelefon", "relation": "hele døgnet", "phone": "+45 87 13 40 00"}
        ],
        "what_calms": "Mikkel falder til ro, når de voksne taler lavt og giver ham ti minutter alene på værelset.",
        "risks_and_warning_signs": "Mikkel har truet med at stikke af. Advarselstegn: svarer ikke på beskeder, smækker med døre, ældre venner venter udenfor.",
        "agreements": "Lone ringer til vagttelefonen før politiet, medmindre nogen er i fare. Ingen straf samme aften."
    })),
    params(("id" = i64, Path, description = "Case id"),
           ("If-Match" = Option<String>, Header, description = "the latest crisis plan's ETag; left out for the first plan")),
    responses((status = 200, body = CrisisPlanVersionView, headers(("ETag" = String, description = "the new version, for the next If-Match"))),
              (status = 403, body = ErrorBody, description = "not the family's therapist or the team's supervisor; the refusal is audited"),
              (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "the family is not in treatment"),
              (status = 412, body = ErrorBody, description = "If-Match names an older version, or none while there is one; nothing was changed"),
              (status = 422, body = ErrorBody, description = "nobody to call, a phone that cannot be dialled, or a part missing or too long; `fields` names each")))]
pub async fn save_plan(
    c: Caller,
    Path(id): Path<CaseId>,
    headers: HeaderMap,
    Json(plan): Json<CrisisPlan>,
) -> Result<Response, ApiError> {
    let v = versions::optional(&headers)?;
    let saved = crisis_plan::save_plan(&c.app, &c.actor(), id, &plan, v).await?;
    Ok(versions::tagged(
        StatusCode::OK,
        saved.version,
        CrisisPlanVersionView::from(saved),
    ))
}

/// The family's crisis contacts, newest first, each with whether the
/// caller has opened it. Audited per person of the family.
#[utoipa::path(get, path = "/api/v1/cases/{id}/crisis-contacts", tag = "crisis",
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, body = Vec<CrisisContactView>),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_contacts(
    c: Caller,
    Path(id): Path<CaseId>,
) -> JsonResult<Vec<CrisisContactView>> {
    let f = crisis_contact::list(&c.app, &c.actor(), id).await?;
    let me = reader(&c);
    Ok(axum::Json(
        f.contacts
            .into_iter()
            .map(|r| contact_view(r, me))
            .collect(),
    ))
}

/// Logs a call or visit outside office hours: the family's therapist, the
/// team's supervisor, or the team's person on call (an on-call access).
/// The family's own therapist sees it unread until they open it.
#[utoipa::path(post, path = "/api/v1/cases/{id}/crisis-contacts", tag = "crisis",
    request_body(content = CrisisContact, example = json!({
        "at": "2026-11-24T21:40:00Z", "caller": "caregiver",
        "about": "Lone ringede: Mikkel var ikke kommet hjem og svarede ikke på sin telefon",
        "risk": "moderate", "responses": ["phone_advice"], "minutes": 25,
        "follow_up": "Gennemgå aftalen om hjemkomst med familien"
    })),
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 201, body = CrisisContactView),
              (status = 403, body = ErrorBody, description = "not the family's therapist, the team's supervisor or the team's person on call; the refusal is audited"),
              (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "the family is not in treatment: nothing was logged"),
              (status = 422, body = ErrorBody, description = "a time to come, nothing done, a duration outside 1 to 1440 minutes, or a part missing; `fields` names each")))]
pub async fn log_contact(
    c: Caller,
    Path(id): Path<CaseId>,
    Json(contact): Json<CrisisContact>,
) -> Result<Response, ApiError> {
    let r = crisis_contact::log(&c.app, &c.actor(), id, &contact).await?;
    let view = contact_view(r, reader(&c));
    Ok((StatusCode::CREATED, axum::Json(view)).into_response())
}

/// Opens one crisis contact: the caller's receipt is recorded, so it is no
/// longer unread for them. Audited per person of the family.
#[utoipa::path(post, path = "/api/v1/cases/{id}/crisis-contacts/{contact_id}/read", tag = "crisis",
    params(("id" = i64, Path, description = "Case id"), ("contact_id" = i64, Path, description = "Crisis contact id")),
    responses((status = 200, body = CrisisContactView),
              (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody, description = "no such case, or no such contact of the family")))]
pub async fn read_contact(
    c: Caller,
    Path((id, contact_id)): Path<(CaseId, i64)>,
) -> JsonResult<CrisisContactView> {
    let r = crisis_contact::open(&c.app, &c.actor(), id, contact_id).await?;
    Ok(axum::Json(contact_view(r, reader(&c))))
}
