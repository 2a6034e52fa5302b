//! The person on call over the API (issue 13): who they may open now, a
//! family's crisis essentials, and the family's home details, which its
//! own therapist keeps current (a new version names the latest in
//! `If-Match`, none for the first).

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, NaiveDate, Utc};
use rundt_app::cases::PersonView;
use rundt_app::records::{CrisisPlanVersion, HomeVersion, ShiftRecord};
use rundt_app::{crisis_essentials, home, on_call_now};
use rundt_domain::crisis_contact::CrisisContact;
use rundt_domain::crisis_plan::CrisisPlan;
use rundt_domain::home::HomeDetails;
use rundt_domain::id::CaseId;
use rundt_domain::safety::SafetyPlan;
use rundt_domain::team::TeamId;
use rundt_domain::user::UserId;
use serde::Serialize;

use super::caller::{Caller, JsonResult};
use super::versions;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json, Path};

/// A shift's times, as instants.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ShiftTimes {
    pub team_id: TeamId,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

impl From<&ShiftRecord> for ShiftTimes {
    fn from(s: &ShiftRecord) -> Self {
        Self {
            team_id: s.team_id,
            starts_at: s.starts_at,
            ends_at: s.ends_at,
        }
    }
}

/// A family the person on call may open.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OnCallFamilyView {
    pub case_id: CaseId,
    /// The young persons' names.
    pub young_persons: Vec<String>,
    pub therapist_id: Option<UserId>,
}

/// One team the caller is on call for now.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OnCallDutyView {
    pub team_id: TeamId,
    pub team_name: String,
    /// The shift whose window (the shift and the hour after it) is open.
    pub shift: ShiftTimes,
    pub team_phone: Option<String>,
    pub families: Vec<OnCallFamilyView>,
}

/// What the caller may open as the person on call now.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OnCallNowView {
    /// Empty outside every shift (and the hour after it).
    pub duties: Vec<OnCallDutyView>,
    /// When not on call: the caller's next shift within eight weeks.
    pub next_shift: Option<ShiftTimes>,
}

/// The teams the caller is on call for now, each with its families in
/// treatment (the young persons named, audited per person as an on-call
/// access). Empty outside every shift and the hour after it.
#[utoipa::path(get, path = "/api/v1/oncall/now", tag = "oncall",
    responses((status = 200, body = OnCallNowView), (status = 401, body = ErrorBody)))]
pub async fn now(c: Caller) -> JsonResult<OnCallNowView> {
    let mine = on_call_now::my_on_call(&c.app, &c.actor()).await?;
    Ok(axum::Json(OnCallNowView {
        duties: mine
            .duties
            .iter()
            .map(|d| OnCallDutyView {
                team_id: d.team_id,
                team_name: d.team_name.clone(),
                shift: (&d.shift).into(),
                team_phone: d.team_phone.clone(),
                families: d
                    .families
                    .iter()
                    .map(|f| OnCallFamilyView {
                        case_id: f.case_id,
                        young_persons: f.young_persons.clone(),
                        therapist_id: f.therapist_id,
                    })
                    .collect(),
            })
            .collect(),
        next_shift: mine.next_shift.as_ref().map(Into::into),
    }))
}

/// One version of the family's home details.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct HomeVersionView {
    pub version: i64,
    pub home: HomeDetails,
    pub saved_by: Option<UserId>,
    pub saved_at: DateTime<Utc>,
}

impl From<HomeVersion> for HomeVersionView {
    fn from(h: HomeVersion) -> Self {
        Self {
            version: h.version,
            home: h.home,
            saved_by: h.saved_by,
            saved_at: h.saved_at,
        }
    }
}

/// The latest crisis plan.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LatestCrisisPlan {
    pub version: i64,
    pub plan: CrisisPlan,
    pub saved_at: DateTime<Utc>,
}

impl From<CrisisPlanVersion> for LatestCrisisPlan {
    fn from(p: CrisisPlanVersion) -> Self {
        Self {
            version: p.version,
            plan: p.plan,
            saved_at: p.saved_at,
        }
    }
}

/// The latest safety plan (MST-CAN).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LatestSafetyPlan {
    pub version: i64,
    pub plan: SafetyPlan,
    pub saved_at: DateTime<Utc>,
}

/// The latest weekly summary's notes.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RiskNotesView {
    pub week_start: NaiveDate,
    pub safety: String,
    pub barriers: String,
}

/// A recent crisis contact.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RecentContactView {
    pub id: i64,
    pub contact: CrisisContact,
    pub logged_by: Option<UserId>,
}

/// A family's crisis essentials.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CrisisEssentialsView {
    pub case_id: CaseId,
    pub team_id: TeamId,
    pub therapist_id: Option<UserId>,
    /// MST-CAN: the safety plan instead of a crisis plan.
    pub safety_first: bool,
    /// Opened as the person on call: the shift that allowed it.
    pub on_call_shift: Option<ShiftTimes>,
    pub people: Vec<PersonView>,
    pub home: Option<HomeVersionView>,
    pub crisis_plan: Option<LatestCrisisPlan>,
    pub safety_plan: Option<LatestSafetyPlan>,
    pub risk_notes: Option<RiskNotesView>,
    /// The latest three, newest first.
    pub recent_contacts: Vec<RecentContactView>,
    pub team_phone: Option<String>,
}

/// A family's crisis essentials: the family's readers, the team's crisis
/// caseworker (MST-CAN) and the team's person on call during their shift
/// and the hour after it (an on-call access, audited as such with the
/// shift). Audited per person of the family; a refusal is audited.
#[utoipa::path(get, path = "/api/v1/cases/{id}/crisis-essentials", tag = "oncall",
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, body = CrisisEssentialsView),
              (status = 403, body = ErrorBody, description = "neither the family's reader nor on call for its team now; the refusal is audited"),
              (status = 404, body = ErrorBody)))]
pub async fn essentials(c: Caller, Path(id): Path<CaseId>) -> JsonResult<CrisisEssentialsView> {
    let e = crisis_essentials::crisis_essentials(&c.app, &c.actor(), id).await?;
    Ok(axum::Json(CrisisEssentialsView {
        case_id: e.case_id,
        team_id: e.team_id,
        therapist_id: e.therapist_id,
        safety_first: e.safety_first,
        on_call_shift: e.on_call_shift.as_ref().map(Into::into),
        people: e.people,
        home: e.home.map(Into::into),
        crisis_plan: e.crisis_plan.map(Into::into),
        safety_plan: e.safety_plan.map(|p| LatestSafetyPlan {
            version: p.version,
            plan: p.plan,
            saved_at: p.saved_at,
        }),
        risk_notes: e.risk_notes.map(|n| RiskNotesView {
            week_start: n.week_start,
            safety: n.safety,
            barriers: n.barriers,
        }),
        recent_contacts: e
            .recent_contacts
            .into_iter()
            .map(|r| RecentContactView {
                id: r.id,
                contact: r.contact,
                logged_by: r.logged_by,
            })
            .collect(),
        team_phone: e.team_phone,
    }))
}

/// Saves a new version of the family's home details (If-Match: the latest
/// version; left out for the first). Earlier versions are kept.
#[utoipa::path(put, path = "/api/v1/cases/{id}/home", tag = "oncall",
    request_body(content = HomeDetails, example = json!({
        "address": "Lærkevej 14, 1. tv., 8260 Viby J",
        "phones": [{"who": "Lone (mor)", "number": "+45 20 12 34 56"}, {"who": "Mikkel", "number": "+45 31 44 27 90"}],
        "getting_there": "Opgangen har kode 2580. Der er en venlig hund i lejligheden."
    })),
    params(("id" = i64, Path, description = "Case id"),
           ("If-Match" = Option<String>, Header, description = "the latest home details' version; left out for the first")),
    responses((status = 200, body = HomeVersionView, headers(("ETag" = String, description = "the new version, for the next If-Match"))),
              (status = 403, body = ErrorBody, description = "not the family's therapist or the team's supervisor; the refusal is audited"),
              (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "the family is neither waiting nor in treatment"),
              (status = 412, body = ErrorBody, description = "If-Match names an older version, or none while there is one; nothing was changed"),
              (status = 422, body = ErrorBody, description = "no address, no phone, a number that is not a phone, or a part too long; `fields` names each")))]
pub async fn save_home(
    c: Caller,
    Path(id): Path<CaseId>,
    headers: HeaderMap,
    Json(details): Json<HomeDetails>,
) -> Result<Response, ApiError> {
    let v = versions::optional(&headers)?;
    let saved = home::save_home(&c.app, &c.actor(), id, &details, v).await?;
    Ok(versions::tagged(
        StatusCode::OK,
        saved.version,
        HomeVersionView::from(saved),
    ))
}
