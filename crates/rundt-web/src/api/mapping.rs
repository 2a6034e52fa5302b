//! MST-CAN's mapping over the API (issue 12): the family's ecological map
//! in versions, the children's voice, and which children have not yet
//! been heard. A new mapping version names the latest in `If-Match` (none
//! for the first); an entry of a child's voice is only ever added.

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};
use rundt_app::mapping;
use rundt_app::records::{ChildVoiceRecord, MappingVersion};
use rundt_domain::id::{CaseId, PersonId};
use rundt_domain::mapping::{ChildVoice, Mapping};
use rundt_domain::user::UserId;
use serde::Serialize;

use super::caller::Caller;
use super::versions;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json, Path};

/// One version of the family's mapping.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MappingVersionView {
    pub version: i64,
    pub mapping: Mapping,
    pub saved_by: Option<UserId>,
    pub saved_at: DateTime<Utc>,
}

/// One entry of the children's voice.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ChildVoiceView {
    pub id: i64,
    pub entry: ChildVoice,
    pub recorded_by: Option<UserId>,
    pub recorded_at: DateTime<Utc>,
}

/// A child of the family and whether the child has been heard.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MappedChild {
    pub id: PersonId,
    pub given_name: String,
    pub family_name: String,
    /// Heard at least once; "not heard, because" entries do not count.
    pub heard: bool,
}

/// A family's mapping and the children's voice.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MappingView {
    /// The latest version of the mapping; null before the first.
    pub current: Option<MappingVersionView>,
    /// How many versions were saved (the earlier ones are kept).
    pub versions: usize,
    /// The children's voice, newest first.
    pub voices: Vec<ChildVoiceView>,
    /// The family's children (the case's young people).
    pub children: Vec<MappedChild>,
    /// The children not yet heard: no entry, or only "not heard" ones.
    pub not_yet_heard: Vec<PersonId>,
}

impl From<MappingVersion> for MappingVersionView {
    fn from(m: MappingVersion) -> Self {
        Self {
            version: m.version,
            mapping: m.mapping,
            saved_by: m.saved_by,
            saved_at: m.saved_at,
        }
    }
}

impl From<ChildVoiceRecord> for ChildVoiceView {
    fn from(v: ChildVoiceRecord) -> Self {
        Self {
            id: v.id,
            entry: v.voice,
            recorded_by: v.recorded_by,
            recorded_at: v.recorded_at,
        }
    }
}

/// The family's mapping, the children's voice and who has not yet been
/// heard. Audited per person.
#[utoipa::path(get, path = "/api/v1/cases/{id}/mapping", tag = "mapping",
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, body = MappingView, headers(("ETag" = String, description = "the latest mapping's version (0 before the first), for If-Match"))),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_mapping(c: Caller, Path(id): Path<CaseId>) -> Result<Response, ApiError> {
    let m = mapping::case_mapping(&c.app, &c.actor(), id).await?;
    let latest = m.current().map_or(0, |v| v.version);
    let children = m
        .children
        .iter()
        .map(|p| MappedChild {
            id: p.id,
            given_name: p.given_name.clone(),
            family_name: p.family_name.clone(),
            heard: !m.not_yet_heard.contains(&p.id),
        })
        .collect();
    let view = MappingView {
        versions: m.versions.len(),
        current: m.versions.into_iter().next().map(Into::into),
        voices: m.voices.into_iter().map(Into::into).collect(),
        children,
        not_yet_heard: m.not_yet_heard,
    };
    Ok(versions::tagged(StatusCode::OK, latest, view))
}

/// Saves a new version of the mapping (If-Match: the latest version; left
/// out for the first). Earlier versions are kept.
#[utoipa::path(put, path = "/api/v1/cases/{id}/mapping", tag = "mapping",
    request_body(content = Mapping, example = json!({
        "key_persons": [
            {"role": "child_welfare_caseworker", "name": "Linn Halvorsen", "relation": "Saksbehandler i barneverntjenesten",
             "email": "linn.halvorsen@baerum.kommune.no", "consent_to_contact": true},
            {"role": "extended_family", "name": "Randi Olsen", "relation": "Mormor, bor fem minutter unna",
             "phone": "915 00 000", "consent_to_contact": true}
        ],
        "systems": [
            {"system": "family", "strengths": "Mormor kan hente Emma når det blir vanskelig hjemme",
             "risks": "Krangel om kvelden når mor er sliten"},
            {"system": "school", "strengths": "Kontaktlæreren følger Emma tett og sier fra når noe er galt"}
        ],
        "mapped_on": "2026-10-15"
    })),
    params(("id" = i64, Path, description = "Case id"),
           ("If-Match" = Option<String>, Header, description = "the latest mapping's ETag; left out for the first")),
    responses((status = 200, body = MappingVersionView, headers(("ETag" = String, description = "the new version, for the next If-Match"))),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "the family is not in treatment, or an MST-CAN family has no safety plan yet"),
              (status = 412, body = ErrorBody, description = "If-Match names an older version, or none while there is one; nothing was changed"),
              (status = 422, body = ErrorBody, description = "no key person, unusable contact details, a system twice or empty, or a date in the future; `fields` names each")))]
pub async fn save_mapping(
    c: Caller,
    Path(id): Path<CaseId>,
    headers: HeaderMap,
    Json(body): Json<Mapping>,
) -> Result<Response, ApiError> {
    let v = versions::optional(&headers)?;
    let saved = mapping::save_mapping(&c.app, &c.actor(), id, &body, v).await?;
    Ok(versions::tagged(
        StatusCode::OK,
        saved.version,
        MappingVersionView::from(saved),
    ))
}

/// Records what a child of the family said, or why the child was not
/// heard.
#[utoipa::path(post, path = "/api/v1/cases/{id}/child-voices", tag = "mapping",
    request_body(content = ChildVoice, example = json!({
        "child": 5231, "on": "2026-11-17",
        "voice": {"state": "heard", "how": "drawing", "present": "Terapeuten, uten mamma i rommet",
                  "said": "Tegnet huset med mamma i døra og seg selv hos mormor",
                  "wishes": "At mamma ikke roper, og å være mer hos mormor i helgene"}
    })),
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 201, body = ChildVoiceView),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "the family is not in treatment, or an MST-CAN family has no safety plan yet"),
              (status = 422, body = ErrorBody, description = "not one of the family's children, a day in the future, or a text missing; `fields` names each")))]
pub async fn record_child_voice(
    c: Caller,
    Path(id): Path<CaseId>,
    Json(voice): Json<ChildVoice>,
) -> Result<Response, ApiError> {
    let r = mapping::record_child_voice(&c.app, &c.actor(), id, &voice).await?;
    Ok(axum::response::IntoResponse::into_response((
        StatusCode::CREATED,
        axum::Json(ChildVoiceView::from(r)),
    )))
}
