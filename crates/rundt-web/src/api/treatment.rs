//! A family's course over the API: decisions, assignment, assessment, weekly
//! summaries, discharge, follow-ups, supervision, capacity. Changes to a
//! case carry its version in `If-Match`; a stale one is refused with 412
//! before anything else about the change is asked (the use cases open every
//! change through `rundt_app`'s one `CaseWrite`), so 409 only ever means
//! that the case, at the version the client has seen, does not allow it.

use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use rundt_app::AppError;
use rundt_app::cases::CaseView;
use rundt_app::treatment::{
    self, AssessmentView, AssignTherapist, Capacity, CaseFile, OverdueSummary, RecordSupervision,
    WeeklySummaryView,
};
use rundt_domain::discharge::{Discharge, FollowUp};
use rundt_domain::id::CaseId;
use rundt_domain::id::TeamId;
use rundt_domain::msg;
use rundt_domain::treatment::{Assessment, WeeklySummary};
use rundt_domain::user::UserId;
use serde::Deserialize;

use super::caller::{Caller, CreatedResult, JsonResult, created, json};
use super::case_change::{CaseChange, changed};
use super::versions;
use super::views::{AssignmentView, SupervisionView};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json, Path};

/// Everything about a family: referral, screening, assessment, summaries,
/// recommendations, discharge, follow-ups, history. Audited per person.
#[utoipa::path(get, path = "/api/v1/cases/{id}/file", tag = "treatment",
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, body = CaseFile, headers(("ETag" = String, description = "the case's version, for If-Match"))),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn file(c: Caller, Path(id): Path<CaseId>) -> Result<Response, ApiError> {
    let f = treatment::case_file(&c.app, &c.actor(), id).await?;
    Ok(versions::tagged(StatusCode::OK, f.case.version, f))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct AcceptRequest {
    /// Needed when the referral failed screening.
    pub override_reason: Option<String>,
}

/// The supervisor accepts a referral onto the waiting list.
#[utoipa::path(post, path = "/api/v1/cases/{id}/accept", tag = "treatment",
    request_body(content = AcceptRequest, example = json!({"override_reason": "Mikkel fylder 12 år om tre uger; aftalt med MST-konsulenten, at familien tages ind nu"})),
    params(("id" = i64, Path, description = "Case id"), ("If-Match" = String, Header, description = "case ETag")),
    responses((status = 200, body = CaseView, headers(("ETag" = String, description = "the case's new version, for the next If-Match"))),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 412, body = ErrorBody, description = "If-Match names an older version; nothing was changed"),
              (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)))]
pub async fn accept(e: CaseChange, Json(input): Json<AcceptRequest>) -> Result<Response, ApiError> {
    let reason = input.override_reason.as_deref();
    changed(treatment::accept(e.app(), &e.actor(), e.id, e.version()?, reason).await?)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct DeclineRequest {
    pub reason: String,
}

/// The supervisor declines a referral.
#[utoipa::path(post, path = "/api/v1/cases/{id}/decline", tag = "treatment",
    request_body(content = DeclineRequest, example = json!({"reason": "Henvist primært for selvmordstanker; familien henvises til børne- og ungdomspsykiatrien"})),
    params(("id" = i64, Path, description = "Case id"), ("If-Match" = String, Header, description = "case ETag")),
    responses((status = 200, body = CaseView, headers(("ETag" = String, description = "the case's new version, for the next If-Match"))),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 412, body = ErrorBody, description = "If-Match names an older version; nothing was changed"),
              (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)))]
pub async fn decline(
    e: CaseChange,
    Json(input): Json<DeclineRequest>,
) -> Result<Response, ApiError> {
    changed(treatment::decline(e.app(), &e.actor(), e.id, e.version()?, &input.reason).await?)
}

/// Assigns a therapist (treatment starts) or changes therapist.
#[utoipa::path(post, path = "/api/v1/cases/{id}/assign", tag = "treatment",
    request_body(content = AssignTherapist, example = json!({"therapist_id": 12, "start": "2026-11-30"})),
    params(("id" = i64, Path, description = "Case id"), ("If-Match" = String, Header, description = "case ETag")),
    responses((status = 200, body = AssignmentView, headers(("ETag" = String, description = "the case's new version, for the next If-Match"))),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 412, body = ErrorBody, description = "If-Match names an older version; nothing was changed"),
              (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)))]
pub async fn assign(
    e: CaseChange,
    Json(input): Json<AssignTherapist>,
) -> Result<Response, ApiError> {
    let a = treatment::assign(e.app(), &e.actor(), e.id, e.version()?, &input).await?;
    let version = a.case.version;
    Ok(versions::tagged(
        StatusCode::OK,
        version,
        AssignmentView::from(a),
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct AcceptAndAssignRequest {
    /// Needed when the referral failed screening.
    pub override_reason: Option<String>,
    pub therapist_id: UserId,
    /// First day of treatment; today when left out.
    pub start: Option<NaiveDate>,
}

/// The supervisor accepts a referral and assigns a therapist with room in
/// one step: both are saved, or neither (the case never waits).
#[utoipa::path(post, path = "/api/v1/cases/{id}/accept-and-assign", tag = "treatment",
    request_body(content = AcceptAndAssignRequest, example = json!({"therapist_id": 12, "start": "2026-11-30"})),
    params(("id" = i64, Path, description = "Case id"), ("If-Match" = String, Header, description = "case ETag")),
    responses((status = 200, body = AssignmentView, headers(("ETag" = String, description = "the case's new version, for the next If-Match"))),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 412, body = ErrorBody, description = "If-Match names an older version; nothing was changed"),
              (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)))]
pub async fn accept_and_assign(
    e: CaseChange,
    Json(input): Json<AcceptAndAssignRequest>,
) -> Result<Response, ApiError> {
    let assign = AssignTherapist {
        therapist_id: input.therapist_id,
        start: input.start,
        note: None,
    };
    let reason = input.override_reason.as_deref();
    let a = treatment::accept_and_assign(e.app(), &e.actor(), e.id, e.version()?, reason, &assign)
        .await?;
    let version = a.case.version;
    Ok(versions::tagged(
        StatusCode::OK,
        version,
        AssignmentView::from(a),
    ))
}

/// Saves the assessment (If-Match with its version to edit it).
#[utoipa::path(put, path = "/api/v1/cases/{id}/assessment", tag = "treatment",
    request_body(content = Assessment, example = json!({
        "systems": [
            {"system": "individual", "strengths": "God til fodbold og glad for sin træner",
             "needs": "Bliver vred og går sin vej, når han bliver irettesat"},
            {"system": "family", "strengths": "Mor vil have Mikkel hjemme og kommer til alle aftaler",
             "needs": "Ingen faste regler for hjemkomst; far arbejder om natten"},
            {"system": "peers", "strengths": "En god ven fra fodboldklubben",
             "needs": "Hænger ud med ældre drenge efter skole"},
            {"system": "school", "strengths": "Klasselæreren vil gerne samarbejde",
             "needs": "Fravær tre dage om ugen siden august"},
            {"system": "community", "strengths": "Fodboldklubben ligger fem minutter fra hjemmet",
             "needs": "Familien kender ingen voksne i nabolaget"}
        ],
        "key_participants": [
            {"name": "Lone Andersen", "relation": "mor", "desired_outcome": "Mikkel går i skole og er hjemme kl. 21"},
            {"name": "Hanne Lund", "relation": "klasselærer", "desired_outcome": "Mikkel møder hver dag og følger undervisningen"}
        ],
        "overarching_goals": [
            {"goal": "Mikkel går i skole hver dag", "measure": "5 af 5 dage i 4 uger i træk (skolens fraværsregistrering)"},
            {"goal": "Ingen vold i hjemmet", "measure": "Ingen episoder meldt af mor i 6 uger"}
        ]
    })),
    params(("id" = i64, Path, description = "Case id"),
           ("If-Match" = Option<String>, Header, description = "assessment ETag; left out for the first save")),
    responses((status = 200, body = AssessmentView, headers(("ETag" = String, description = "the assessment's new version, for the next If-Match"))),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 412, body = ErrorBody, description = "If-Match names an older version, or none while there is one; nothing was changed"),
              (status = 422, body = ErrorBody)))]
pub async fn assessment(
    c: Caller,
    Path(id): Path<CaseId>,
    headers: HeaderMap,
    Json(input): Json<Assessment>,
) -> Result<Response, ApiError> {
    let v = versions::optional(&headers)?;
    let a = treatment::save_assessment(&c.app, &c.actor(), id, &input, v).await?;
    Ok(versions::tagged(StatusCode::OK, a.version, a))
}

/// What a refused weekly summary's 422 names, field by field.
const SUMMARY_REFUSED: &str = "A rule of the summary is broken; `fields` names each field with its code: \
    the week is not a Monday inside treatment, a contact falls outside the week or in the future, \
    its minutes are not 1–720, nobody took part, a contact in person (`face_to_face`) has no place \
    (`contact-place-in-person`; phone and video need none), more than 60 contacts \
    (`contacts-too-many`), or no goal for next week";

/// The weekly summary both the write and the edit show as their example.
fn weekly_summary_example() -> serde_json::Value {
    serde_json::json!({
        "week_start": "2026-11-16",
        "contacts": [
            {"date": "2026-11-17", "minutes": 90, "with": ["mor", "Mikkel"], "place": "hjemme", "mode": "face_to_face"},
            {"date": "2026-11-19", "minutes": 20, "with": ["klasselærer"], "mode": "phone"}
        ],
        "last_week_goals": [{"goal": "Mikkel er hjemme kl. 21", "attainment": "partly", "note": "3 af 5 aftener"}],
        "advances": "Mor holdt fast i hjemkomsttiden og roste Mikkel, når han kom til tiden",
        "barriers": "Far arbejder om natten og er ikke med til aftalerne",
        "fit_drivers": [{"system": "peers", "driver": "Ældre drenge venter på ham efter skole", "prioritised": true}],
        "next_week_goals": ["Mikkel er hjemme kl. 21 fire aftener", "Møde med skolen om et fremmødeskema"],
        "overarching_progress": [{"goal": "Mikkel går i skole hver dag", "attainment": "partly"}],
        "questions": "Hvordan får vi far med, når han arbejder om natten?"
    })
}

/// Writes the weekly summary of a week; edit it with PUT and If-Match.
/// A week holds up to 60 contacts; a contact in person (`face_to_face`)
/// names its place, while a phone or video contact may leave `place` out.
#[utoipa::path(post, path = "/api/v1/cases/{id}/weekly-summaries", tag = "treatment",
    request_body(content = WeeklySummary, example = weekly_summary_example),
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 201, body = WeeklySummaryView, headers(("ETag" = String, description = "the summary's version, for If-Match"))),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody, description = SUMMARY_REFUSED)))]
pub async fn create_summary(
    c: Caller,
    Path(id): Path<CaseId>,
    Json(input): Json<WeeklySummary>,
) -> Result<Response, ApiError> {
    let w = treatment::save_weekly_summary(&c.app, &c.actor(), id, &input, None).await?;
    Ok(versions::tagged(StatusCode::CREATED, w.version, w))
}

/// Edits the summary of a week (If-Match with its version).
#[utoipa::path(put, path = "/api/v1/cases/{id}/weekly-summaries/{week}", tag = "treatment",
    request_body(content = WeeklySummary, example = weekly_summary_example),
    params(("id" = i64, Path, description = "Case id"), ("week" = String, Path, description = "Monday, YYYY-MM-DD"),
           ("If-Match" = String, Header, description = "summary ETag")),
    responses((status = 200, body = WeeklySummaryView, headers(("ETag" = String, description = "the summary's new version, for the next If-Match"))),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 412, body = ErrorBody, description = "If-Match names an older version; nothing was changed"),
              (status = 422, body = ErrorBody, description = SUMMARY_REFUSED), (status = 428, body = ErrorBody)))]
pub async fn edit_summary(
    c: Caller,
    Path((id, week)): Path<(CaseId, NaiveDate)>,
    headers: HeaderMap,
    Json(input): Json<WeeklySummary>,
) -> Result<Response, ApiError> {
    let v = versions::required(&headers)?;
    if input.week_start != week {
        return Err(AppError::invalid("week_start", msg!("week-start-mismatch")).into());
    }
    let w = treatment::save_weekly_summary(&c.app, &c.actor(), id, &input, Some(v)).await?;
    Ok(versions::tagged(StatusCode::OK, w.version, w))
}

/// Families whose summary for last week is missing (own or team's).
#[utoipa::path(get, path = "/api/v1/weekly-summaries/overdue", tag = "treatment",
    responses((status = 200, body = [OverdueSummary])))]
pub async fn overdue(c: Caller) -> JsonResult<Vec<OverdueSummary>> {
    json(treatment::overdue_summaries(&c.app, &c.actor()).await?)
}

/// Discharges the family.
#[utoipa::path(post, path = "/api/v1/cases/{id}/discharge", tag = "treatment",
    request_body(content = Discharge, example = json!({
        "date": "2026-11-27", "reason": "completed",
        "clinical_evaluation": "Målene er nået og har holdt i fire uger. Mor sætter selv grænser, og Mikkel går i skole hver dag.",
        "goals": [{"goal": "Mikkel går i skole hver dag", "result": "met"}, {"goal": "Ingen vold i hjemmet", "result": "met"}],
        "outcomes": {"living_at_home": true, "in_school_or_working": true, "no_new_arrests": true}
    })),
    params(("id" = i64, Path, description = "Case id"), ("If-Match" = String, Header, description = "case ETag")),
    responses((status = 200, body = CaseView, headers(("ETag" = String, description = "the case's new version, for the next If-Match"))),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 412, body = ErrorBody, description = "If-Match names an older version; nothing was changed"),
              (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)))]
pub async fn discharge(e: CaseChange, Json(input): Json<Discharge>) -> Result<Response, ApiError> {
    changed(treatment::discharge(e.app(), &e.actor(), e.id, e.version()?, &input).await?)
}

/// Records a follow-up at 6, 12 or 18 months.
#[utoipa::path(post, path = "/api/v1/cases/{id}/follow-ups", tag = "treatment",
    request_body(content = FollowUp, example = json!({
        "months": 6, "date": "2026-11-26",
        "outcomes": {"living_at_home": true, "in_school_or_working": true, "no_new_arrests": true},
        "notes": "Mor fortæller, at Mikkel stadig går i skole; ingen nye sager hos politiet"
    })),
    params(("id" = i64, Path, description = "Case id"), ("If-Match" = String, Header, description = "case ETag")),
    responses((status = 200, body = CaseView, headers(("ETag" = String, description = "the case's new version, for the next If-Match"))),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 412, body = ErrorBody, description = "If-Match names an older version; nothing was changed"),
              (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)))]
pub async fn follow_up(e: CaseChange, Json(input): Json<FollowUp>) -> Result<Response, ApiError> {
    changed(treatment::follow_up(e.app(), &e.actor(), e.id, e.version()?, &input).await?)
}

/// The team's therapists, their caseloads and the waiting list.
#[utoipa::path(get, path = "/api/v1/teams/{id}/capacity", tag = "treatment",
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 200, body = Capacity), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn capacity(c: Caller, Path(id): Path<TeamId>) -> JsonResult<Capacity> {
    json(treatment::capacity(&c.app, &c.actor(), id).await?)
}

/// Records a supervision or consultation meeting with its recommendations.
#[utoipa::path(post, path = "/api/v1/teams/{id}/supervision", tag = "treatment",
    request_body(content = RecordSupervision, example = json!({
        "held_on": "2026-11-24", "kind": "supervision",
        "attendance": [{"user_id": 11, "present": true}, {"user_id": 12, "present": true},
                       {"user_id": 14, "present": false, "absence_reason": "illness"}],
        "families": [{"case_id": 1042, "recommendation": "Lav en ny fit-cirkel om fraværet og tag klasselæreren med i næste uges plan"}]
    })),
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 201, body = SupervisionView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn supervision(
    c: Caller,
    Path(id): Path<TeamId>,
    Json(input): Json<RecordSupervision>,
) -> CreatedResult<SupervisionView> {
    let record = treatment::record_supervision(&c.app, &c.actor(), id, &input).await?;
    let view = SupervisionView::from(record);
    created(view)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// `da`, `nb` or `en`; Danish by default.
    lang: Option<String>,
}

/// The discharge report as PDF, for the municipality's records.
#[utoipa::path(get, path = "/api/v1/cases/{id}/discharge-report.pdf", tag = "treatment",
    params(("id" = i64, Path, description = "Case id"), ReportQuery),
    responses((status = 200, content_type = "application/pdf", description = "the report"),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn discharge_report(
    c: Caller,
    Path(id): Path<CaseId>,
    crate::extract::Query(q): crate::extract::Query<ReportQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let tr = crate::i18n::Tr(crate::i18n::Lang::negotiate(q.lang.as_deref(), &headers));
    let report = rundt_app::family::report_file(&c.app, &c.actor(), id).await?;
    let family = report.family;
    let ctx = crate::report::ReportContext {
        therapist: family
            .file
            .case
            .therapist_id
            .and_then(|t| family.staff_names.get(&t).cloned())
            .unwrap_or_default(),
        team: family.team_name,
        on_call_phone: family.team_phone.unwrap_or_default(),
        municipality: family.referred_by,
        created: c.app.clock.now(),
        country: family.country,
    };
    let file = family.file;
    let names = family.staff_names;
    let can = report
        .safety_first
        .as_ref()
        .map(|records| crate::report::CanSections {
            records,
            staff_names: &names,
        });
    let pdf = crate::report::discharge_report(tr, &file, &ctx, can.as_ref())
        .ok_or_else(|| AppError::Conflict(msg!("not-discharged-yet")))?;
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                HeaderValue::from_static("application/pdf"),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!(
                    "attachment; filename=\"discharge-report-{id}.pdf\""
                ))
                .unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (
                axum::http::header::CACHE_CONTROL,
                HeaderValue::from_static("no-store"),
            ),
        ],
        pdf,
    )
        .into_response())
}
