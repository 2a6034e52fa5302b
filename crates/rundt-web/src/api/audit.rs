//! The audit log for auditors: newest first, narrowed by filters in the
//! query, a person found by national id (in the body, never in an
//! address, where proxies and browsers keep it), and a person's copy of
//! everything Rundt holds about them (GDPR art. 15), as JSON or PDF.

use axum::http::HeaderMap;
use axum::response::Response;
use rundt_app::audit_search::{self, AuditEntry, AuditQuery};
use rundt_app::subject_access::{self, SubjectCopy};
use rundt_domain::id::{PersonId, UserId};
use serde::{Deserialize, Serialize};

use super::caller::{Caller, JsonResult, json};
use crate::error::{ApiError, ErrorBody, QueryError};
use crate::extract::{Json, Query};
use crate::i18n::{Lang, Tr};
use crate::subject_copy_pdf;

/// How many events a page holds unless `limit` says.
const DEFAULT_LIMIT: u32 = 100;

/// The filters of the audit log; every one optional, all given must hold.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// Only events below this sequence number. For the next, older page,
    /// give the `seq` of the last event of this one.
    #[param(value_type = Option<i64>)]
    pub before: Option<String>,
    /// Only events above this sequence number.
    #[param(value_type = Option<i64>)]
    pub after: Option<String>,
    /// Only what this account did (its user id).
    #[param(value_type = Option<i64>)]
    pub user: Option<String>,
    /// Only this action (`case.read`), every action of a family (`login.*`,
    /// `case.*`, `team.*`, …) or every break-glass step (`break_glass`).
    pub action: Option<String>,
    /// Only events about this person's data (their person id; find it from
    /// a national id with `POST /api/v1/audit/person-lookup`). Reading a
    /// person's events is audited in their access log.
    #[param(value_type = Option<i64>)]
    pub person: Option<String>,
    /// Only events about this family's case (the case id).
    #[param(value_type = Option<i64>)]
    pub case: Option<String>,
    /// First day, `YYYY-MM-DD`, from its start on the caller's country's
    /// clock (Europe/Copenhagen or Europe/Oslo).
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD`, to its end on the caller's country's clock.
    pub to: Option<String>,
    /// At most this many events, 1-1000 (default 100).
    #[param(value_type = Option<u32>)]
    pub limit: Option<String>,
}

impl From<AuditParams> for AuditQuery {
    fn from(p: AuditParams) -> Self {
        AuditQuery {
            before: p.before,
            after: p.after,
            user: p.user,
            action: p.action,
            person: p.person,
            case: p.case,
            from: p.from,
            to: p.to,
            limit: p.limit,
        }
    }
}

/// One event of the audit log.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AuditEventView {
    pub seq: i64,
    pub at: chrono::DateTime<chrono::Utc>,
    pub actor_user_id: Option<UserId>,
    /// The acting account's display name; absent for Rundt itself and the
    /// command line.
    pub actor_name: Option<String>,
    pub actor_role: String,
    pub action: String,
    pub object_kind: String,
    pub object_id: Option<i64>,
    pub person_id: Option<PersonId>,
    pub purpose: Option<String>,
    pub outcome: String,
    pub hash: String,
}

impl From<AuditEntry> for AuditEventView {
    fn from(entry: AuditEntry) -> Self {
        let e = entry.event;
        Self {
            seq: e.seq,
            at: e.event.at,
            actor_user_id: e.event.actor_user_id,
            actor_name: entry.actor_name,
            actor_role: e.event.actor_role,
            action: e.event.action,
            object_kind: e.event.object_kind,
            object_id: e.event.object_id,
            person_id: e.event.person_id,
            purpose: e.event.purpose,
            outcome: e.event.outcome.as_str().to_owned(),
            hash: e.hash,
        }
    }
}

/// The audit log, newest first, for auditors and the national office. A
/// filter that cannot be used (a date that is not one, `from` after `to`,
/// an unknown action, account or person, an id that is not a number) is
/// answered 400 with each field that is wrong.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditParams),
    responses((status = 200, body = [AuditEventView], description = "Newest first"),
              (status = 400, body = ErrorBody, description = "A filter that cannot be used, each in `fields`"),
              (status = 403, body = ErrorBody)))]
pub async fn audit(
    c: Caller,
    Query(q): Query<AuditParams>,
) -> Result<axum::Json<Vec<AuditEventView>>, QueryError> {
    let criteria = AuditQuery::from(q).read()?;
    let listing = audit_search::search(&c.app, c.principal(), &criteria, DEFAULT_LIMIT).await?;
    Ok(axum::Json(
        listing
            .entries
            .into_iter()
            .map(AuditEventView::from)
            .collect(),
    ))
}

/// A national identifier to find a person by.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PersonLookup {
    /// A CPR number (DDMMYY-SSSS) for a Danish caller, a fødselsnummer or
    /// D-number (11 digits) for a Norwegian one.
    pub national_id: String,
}

/// The person a national identifier belongs to.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PersonFound {
    pub person_id: PersonId,
}

/// Finds the person with a national identifier among the people of the
/// caller's country, to read their access log
/// (`GET /api/v1/persons/{id}/access-log`, or the audit log with
/// `person`). The look-up is audited (`person.lookup`), found or not; the
/// number is never stored or repeated.
#[utoipa::path(post, path = "/api/v1/audit/person-lookup", tag = "audit",
    request_body(content = PersonLookup, example = json!({"national_id": "150311-4107"})),
    responses((status = 200, body = PersonFound),
              (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "Not a CPR number or fødselsnummer (`national_id`), or no person with it (`national-id-no-person`)")))]
pub async fn person_lookup(c: Caller, Json(body): Json<PersonLookup>) -> JsonResult<PersonFound> {
    let person_id = audit_search::find_person(&c.app, c.principal(), &body.national_id)
        .await
        .map_err(ApiError)?;
    json(PersonFound { person_id })
}

/// Everything Rundt holds about the person with a national identifier, and
/// who did what with their data, for the person's right of access (GDPR
/// art. 15): the person, every family's case they take part in with its
/// documents (the family's other people named with their part only; the
/// adherence interviews they answered), and their access log. Only the
/// auditor of the caller's country, and only people of that country. The
/// look-up (`person.lookup`), each case read (`case.subject_copy`, for
/// every person in the case) and the copy (`person.subject_copy`) are
/// audited; the number is in the body, never in the address.
#[utoipa::path(post, path = "/api/v1/audit/subject-copy", tag = "audit",
    request_body(content = PersonLookup, example = json!({"national_id": "150311-4107"})),
    responses((status = 200, body = SubjectCopy, description = "The person's copy"),
              (status = 403, body = ErrorBody, description = "Not the auditor of the caller's country (audited)"),
              (status = 422, body = ErrorBody, description = "Not a CPR number or fødselsnummer (`national_id`), or no person with it in the caller's country (`national-id-no-person`)")))]
pub async fn subject_copy(c: Caller, Json(body): Json<PersonLookup>) -> JsonResult<SubjectCopy> {
    json(subject_access::copy_by_national_id(&c.app, c.principal(), &body.national_id).await?)
}

/// The language of a document.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DocumentLanguage {
    /// `da`, `nb` or `en`; else the caller's Accept-Language, else Danish.
    lang: Option<String>,
}

/// The same copy as `POST /api/v1/audit/subject-copy`, as a PDF to hand
/// to the person: an attachment named by the person's id and the day,
/// never by the national id.
#[utoipa::path(post, path = "/api/v1/audit/subject-copy.pdf", tag = "audit",
    request_body(content = PersonLookup, example = json!({"national_id": "150311-4107"})),
    params(DocumentLanguage),
    responses((status = 200, content_type = "application/pdf", description = "The person's copy, as an attachment"),
              (status = 403, body = ErrorBody, description = "Not the auditor of the caller's country (audited)"),
              (status = 422, body = ErrorBody, description = "Not a CPR number or fødselsnummer (`national_id`), or no person with it in the caller's country (`national-id-no-person`)")))]
pub async fn subject_copy_pdf(
    c: Caller,
    Query(q): Query<DocumentLanguage>,
    headers: HeaderMap,
    Json(body): Json<PersonLookup>,
) -> Result<Response, ApiError> {
    let tr = Tr(Lang::negotiate(q.lang.as_deref(), &headers));
    let copy =
        subject_access::copy_by_national_id(&c.app, c.principal(), &body.national_id).await?;
    Ok(subject_copy_pdf::attachment(
        "application/pdf",
        &format!("{}.pdf", subject_copy_pdf::file_name(&copy)),
        subject_copy_pdf::render(tr, &copy),
    ))
}
