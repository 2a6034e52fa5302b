//! The on-call rota over the API (issue 13): the team's rota over the
//! coming weeks with its gaps and findings, shifts, filling days from the
//! pattern, leave, the settings, publishing, swaps; and the national
//! office's list of teams with gaps. Times of a shift are written on the
//! team's clock (`YYYY-MM-DDTHH:MM:SS`, Europe/Copenhagen or Europe/Oslo)
//! and answered as instants (UTC) with their local times beside them.
//! Changing or removing a shift and answering a swap name its version in
//! `If-Match`.

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use rundt_app::oncall::{
    self, FillDays, LeaveInput, RotaView, SettingsInput, ShiftInput, SwapAnswer, SwapInput,
    TeamGaps,
};
use rundt_app::records::{
    LeaveRecord, OnCallSettings, OnCallSettingsRecord, PublicationRecord, ShiftRecord, SwapRecord,
};
use rundt_domain::country::Country;
use rundt_domain::id::{TeamId, UserId};
use rundt_domain::message::Message;
use serde::{Deserialize, Serialize};

use super::caller::{Caller, JsonResult, json};
use super::versions;
use crate::error::{ApiError, ErrorBody, english};
use crate::extract::{Json, Path};

/// A shift: one person on call from one instant up to another.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ShiftView {
    pub id: i64,
    pub person_id: UserId,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Its true length in minutes, clock changes included.
    pub minutes: i64,
    /// For the `If-Match` of a change or removal.
    pub version: i64,
}

impl From<ShiftRecord> for ShiftView {
    fn from(r: ShiftRecord) -> Self {
        Self {
            id: r.id,
            person_id: r.person_id,
            minutes: (r.ends_at - r.starts_at).num_minutes(),
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            version: r.version,
        }
    }
}

/// A shift in the rota, with the person's name and its local times.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RotaShiftView {
    #[serde(flatten)]
    pub shift: ShiftView,
    pub name: String,
    /// `YYYY-MM-DD HH:MM` on the team's clock.
    pub starts_local: String,
    pub ends_local: String,
}

/// A person's leave, whole days of the team's clock, both included.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LeaveView {
    pub id: i64,
    pub person_id: UserId,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
}

impl From<LeaveRecord> for LeaveView {
    fn from(r: LeaveRecord) -> Self {
        Self {
            id: r.id,
            person_id: r.person_id,
            first_day: r.first_day,
            last_day: r.last_day,
        }
    }
}

/// The team's on-call settings.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SettingsBody {
    /// The number families call outside office hours.
    pub phone: Option<String>,
    /// The most hours one person is on call in a row (1–168).
    pub max_hours_in_row: Option<u32>,
    /// The most shifts one person starts in a week (1–14).
    pub max_shifts_per_week: Option<u32>,
    /// `null`: each weekday night is one shift 16:00–08:00; else the hour
    /// (17–23) the evening shift hands over to the night.
    pub weekday_split_hour: Option<u32>,
    /// Weekends and holidays as one shift from the last working day's
    /// 16:00 to the next working day's 08:00 (else one shift a day).
    #[serde(default)]
    pub off_days_whole: bool,
}

impl From<OnCallSettings> for SettingsBody {
    fn from(s: OnCallSettings) -> Self {
        Self {
            phone: s.phone,
            max_hours_in_row: s.max_hours_in_row,
            max_shifts_per_week: s.max_shifts_per_week,
            weekday_split_hour: s.weekday_split_hour,
            off_days_whole: s.off_days_whole,
        }
    }
}

impl From<OnCallSettingsRecord> for SettingsBody {
    fn from(r: OnCallSettingsRecord) -> Self {
        r.settings.into()
    }
}

/// A publication of the rota.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicationView {
    pub id: i64,
    pub window_from: DateTime<Utc>,
    pub window_until: DateTime<Utc>,
    /// The gaps the rota had when it was published.
    pub gaps: u32,
    /// Why it was published with gaps.
    pub reason: Option<String>,
    pub published_by: Option<UserId>,
    pub published_at: DateTime<Utc>,
}

impl From<PublicationRecord> for PublicationView {
    fn from(r: PublicationRecord) -> Self {
        Self {
            id: r.id,
            window_from: r.window_from,
            window_until: r.window_until,
            gaps: r.gaps,
            reason: r.reason,
            published_by: r.published_by,
            published_at: r.published_at,
        }
    }
}

/// A swap between two people of the team.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SwapView {
    pub id: i64,
    pub shift_id: i64,
    pub from_person: UserId,
    pub to_person: UserId,
    pub return_shift_id: Option<i64>,
    /// `proposed`, `agreed`, `declined` or `withdrawn`.
    pub state: String,
    pub proposed_by: Option<UserId>,
    pub proposed_at: DateTime<Utc>,
    pub answered_by: Option<UserId>,
    pub answered_at: Option<DateTime<Utc>>,
    /// For the `If-Match` of an answer.
    pub version: i64,
}

impl From<SwapRecord> for SwapView {
    fn from(r: SwapRecord) -> Self {
        Self {
            id: r.id,
            shift_id: r.shift_id,
            from_person: r.from_person,
            to_person: r.to_person,
            return_shift_id: r.return_shift_id,
            state: r.state.as_str().to_owned(),
            proposed_by: r.proposed_by,
            proposed_at: r.proposed_at,
            answered_by: r.answered_by,
            answered_at: r.answered_at,
            version: r.version,
        }
    }
}

/// A stretch outside office hours nobody is on call.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GapView {
    pub from: DateTime<Utc>,
    pub until: DateTime<Utc>,
}

/// Something the supervisor should act on, in plain words.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NoticeView {
    /// The message's code in the catalogues, e.g. `oncall-gap`.
    pub code: &'static str,
    /// What it says (English).
    pub message: String,
}

impl From<&Message> for NoticeView {
    fn from(m: &Message) -> Self {
        Self {
            code: m.code,
            message: english(m),
        }
    }
}

/// A person who may be on call in the team.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OnCallPerson {
    pub user_id: UserId,
    pub name: String,
}

/// The team's rota over the coming weeks and what the review finds.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RotaBody {
    pub team_id: TeamId,
    /// `DK` or `NO`: the clock the rota is written on.
    #[schema(value_type = String)]
    pub country: Country,
    /// From now to local midnight eight weeks ahead.
    pub window_from: DateTime<Utc>,
    pub window_until: DateTime<Utc>,
    pub shifts: Vec<RotaShiftView>,
    pub people: Vec<OnCallPerson>,
    pub leave: Vec<LeaveView>,
    pub settings: SettingsBody,
    pub gaps: Vec<GapView>,
    /// The gaps, then people on call during leave or beyond the limits.
    pub notices: Vec<NoticeView>,
    pub publication: Option<PublicationView>,
    pub swaps: Vec<SwapView>,
    /// Whether the caller edits the rota (else reads it and swaps).
    pub may_edit: bool,
}

impl From<RotaView> for RotaBody {
    fn from(v: RotaView) -> Self {
        let country = v.country;
        Self {
            team_id: v.team_id,
            country,
            window_from: v.window.from,
            window_until: v.window.until,
            shifts: v
                .shifts
                .into_iter()
                .map(|s| RotaShiftView {
                    starts_local: country.local_time(s.record.starts_at),
                    ends_local: country.local_time(s.record.ends_at),
                    name: s.name,
                    shift: s.record.into(),
                })
                .collect(),
            people: v
                .people
                .into_iter()
                .map(|p| OnCallPerson {
                    user_id: p.user_id,
                    name: p.name,
                })
                .collect(),
            leave: v.leave.into_iter().map(|l| l.record.into()).collect(),
            settings: v.settings.into(),
            gaps: v
                .report
                .gaps
                .iter()
                .map(|g| GapView {
                    from: g.0.from,
                    until: g.0.until,
                })
                .collect(),
            notices: v.notices.iter().map(NoticeView::from).collect(),
            publication: v.publication.map(Into::into),
            swaps: v.swaps.into_iter().map(|s| s.record.into()).collect(),
            may_edit: v.may_edit,
        }
    }
}

/// A shift as written on the team's clock.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct ShiftBody {
    pub person_id: UserId,
    /// On the team's clock, e.g. `2026-12-07T16:00:00`.
    pub starts: NaiveDateTime,
    pub ends: NaiveDateTime,
}

impl From<&ShiftBody> for ShiftInput {
    fn from(b: &ShiftBody) -> Self {
        Self {
            person_id: b.person_id,
            starts: b.starts,
            ends: b.ends,
        }
    }
}

/// Days to fill from the team's pattern.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct FillBody {
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// The people to take the shifts in turn; all who may be on call when
    /// left out.
    #[serde(default)]
    pub people: Vec<UserId>,
}

/// A person's leave.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct LeaveBody {
    pub person_id: UserId,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
}

/// Publishing the rota.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct PublishBody {
    /// Why the rota is published with gaps (required when it has any).
    #[serde(default)]
    pub reason: String,
}

/// A swap to propose.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct SwapBody {
    /// The shift taken over.
    pub shift_id: i64,
    /// Who takes it over.
    pub to_person: UserId,
    /// One of the taker's own shifts given back, if any.
    pub return_shift_id: Option<i64>,
}

/// The answer to a proposed swap.
#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SwapAnswerBody {
    /// The other of the two agrees: the shifts change hands.
    Agree,
    Decline,
    /// The one who proposed it takes it back.
    Withdraw,
}

/// The answer, in a body.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct AnswerBody {
    pub answer: SwapAnswerBody,
}

/// A team's gaps of the coming weeks.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TeamGapsView {
    pub team_id: TeamId,
    pub name: String,
    #[schema(value_type = String)]
    pub country: Country,
    pub gaps: usize,
    pub findings: usize,
    pub published: bool,
    /// The percentage of this year's hours outside office hours (from
    /// 1 January, the team's clock, to now) someone was on call, rounded
    /// down; `null` when there was nothing to cover yet.
    pub year_covered_percent: Option<i64>,
}

impl From<TeamGaps> for TeamGapsView {
    fn from(t: TeamGaps) -> Self {
        Self {
            team_id: t.team_id,
            name: t.name,
            country: t.country,
            gaps: t.gaps,
            findings: t.findings,
            published: t.published,
            year_covered_percent: t.year.percent(),
        }
    }
}

/// The team's rota over the coming eight weeks, its gaps and findings.
/// For its supervisor, its staff on call and the national office; audited.
#[utoipa::path(get, path = "/api/v1/teams/{id}/oncall", tag = "oncall",
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 200, body = RotaBody),
              (status = 403, body = ErrorBody, description = "not the team's staff on call, supervisor or national office"),
              (status = 404, body = ErrorBody)))]
pub async fn rota(c: Caller, Path(id): Path<TeamId>) -> JsonResult<RotaBody> {
    json(oncall::rota(&c.app, &c.actor(), id).await?)
}

/// Adds a shift (the team's supervisor or national office).
#[utoipa::path(post, path = "/api/v1/teams/{id}/oncall/shifts", tag = "oncall",
    request_body(content = ShiftBody, example = json!({"person_id": 7, "starts": "2026-12-07T16:00:00", "ends": "2026-12-08T08:00:00"})),
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 201, body = ShiftView, headers(("ETag" = String, description = "the shift's version, for If-Match"))),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "ends before it starts, longer than a week, or the person is not on call in the team; `fields` names each")))]
pub async fn add_shift(
    c: Caller,
    Path(id): Path<TeamId>,
    Json(body): Json<ShiftBody>,
) -> Result<Response, ApiError> {
    let s = oncall::add_shift(&c.app, &c.actor(), id, &(&body).into()).await?;
    Ok(versions::tagged(
        StatusCode::CREATED,
        s.version,
        ShiftView::from(s),
    ))
}

/// Changes a shift still at the version in `If-Match`.
#[utoipa::path(put, path = "/api/v1/teams/{id}/oncall/shifts/{shift_id}", tag = "oncall",
    request_body(content = ShiftBody, example = json!({"person_id": 9, "starts": "2026-12-07T16:00:00", "ends": "2026-12-08T08:00:00"})),
    params(("id" = i64, Path, description = "Team id"), ("shift_id" = i64, Path, description = "Shift id"),
           ("If-Match" = String, Header, description = "the shift's ETag")),
    responses((status = 200, body = ShiftView, headers(("ETag" = String, description = "the shift's new version"))),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 412, body = ErrorBody, description = "If-Match names an older version; nothing was changed"),
              (status = 422, body = ErrorBody, description = "ends before it starts, longer than a week, or the person is not on call in the team"),
              (status = 428, body = ErrorBody)))]
pub async fn change_shift(
    c: Caller,
    Path((id, shift_id)): Path<(TeamId, i64)>,
    headers: HeaderMap,
    Json(body): Json<ShiftBody>,
) -> Result<Response, ApiError> {
    let v = versions::required(&headers)?;
    let s = oncall::change_shift(&c.app, &c.actor(), id, shift_id, &(&body).into(), v).await?;
    Ok(versions::tagged(
        StatusCode::OK,
        s.version,
        ShiftView::from(s),
    ))
}

/// Removes a shift still at the version in `If-Match`, with the swaps
/// proposed for it.
#[utoipa::path(delete, path = "/api/v1/teams/{id}/oncall/shifts/{shift_id}", tag = "oncall",
    params(("id" = i64, Path, description = "Team id"), ("shift_id" = i64, Path, description = "Shift id"),
           ("If-Match" = String, Header, description = "the shift's ETag")),
    responses((status = 204, description = "removed"),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 412, body = ErrorBody, description = "If-Match names an older version; nothing was removed"),
              (status = 428, body = ErrorBody)))]
pub async fn remove_shift(
    c: Caller,
    Path((id, shift_id)): Path<(TeamId, i64)>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let v = versions::required(&headers)?;
    oncall::remove_shift(&c.app, &c.actor(), id, shift_id, v).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Fills days from the team's pattern: every shift the pattern asks for
/// that no shift overlaps yet goes to the people given, in turn.
#[utoipa::path(post, path = "/api/v1/teams/{id}/oncall/fill", tag = "oncall",
    request_body(content = FillBody, example = json!({"first": "2026-12-01", "last": "2026-12-31", "people": [7, 9, 11]})),
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 201, body = Vec<ShiftView>, description = "the shifts written"),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "the last day before the first, too many days, or a person not on call in the team")))]
pub async fn fill(
    c: Caller,
    Path(id): Path<TeamId>,
    Json(body): Json<FillBody>,
) -> Result<(StatusCode, axum::Json<Vec<ShiftView>>), ApiError> {
    let fill = FillDays {
        first: body.first,
        last: body.last,
        people: body.people,
    };
    let written = oncall::fill_from_pattern(&c.app, &c.actor(), id, &fill).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(written.into_iter().map(ShiftView::from).collect()),
    ))
}

/// Records the leave of one of the team's people on call.
#[utoipa::path(post, path = "/api/v1/teams/{id}/oncall/leave", tag = "oncall",
    request_body(content = LeaveBody, example = json!({"person_id": 9, "first_day": "2026-12-21", "last_day": "2026-12-27"})),
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 201, body = LeaveView),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "ends before it begins, or the person is not on call in the team")))]
pub async fn record_leave(
    c: Caller,
    Path(id): Path<TeamId>,
    Json(body): Json<LeaveBody>,
) -> Result<(StatusCode, axum::Json<LeaveView>), ApiError> {
    let input = LeaveInput {
        person_id: body.person_id,
        first_day: body.first_day,
        last_day: body.last_day,
    };
    let leave = oncall::record_leave(&c.app, &c.actor(), id, &input).await?;
    Ok((StatusCode::CREATED, axum::Json(leave.into())))
}

/// Removes leave recorded in the team.
#[utoipa::path(delete, path = "/api/v1/teams/{id}/oncall/leave/{leave_id}", tag = "oncall",
    params(("id" = i64, Path, description = "Team id"), ("leave_id" = i64, Path, description = "Leave id")),
    responses((status = 204, description = "removed"),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn remove_leave(
    c: Caller,
    Path((id, leave_id)): Path<(TeamId, i64)>,
) -> Result<StatusCode, ApiError> {
    oncall::remove_leave(&c.app, &c.actor(), id, leave_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Saves the team's on-call phone, limits and pattern.
#[utoipa::path(put, path = "/api/v1/teams/{id}/oncall/settings", tag = "oncall",
    request_body(content = SettingsBody, example = json!({"phone": "+45 70 20 30 41", "max_hours_in_row": 24, "max_shifts_per_week": 3, "weekday_split_hour": 22, "off_days_whole": false})),
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 200, body = SettingsBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "a phone number that is not one, a limit out of range, or a split hour outside 17–23; `fields` names each")))]
pub async fn save_settings(
    c: Caller,
    Path(id): Path<TeamId>,
    Json(body): Json<SettingsBody>,
) -> JsonResult<SettingsBody> {
    let input = SettingsInput {
        phone: body.phone,
        max_hours_in_row: body.max_hours_in_row,
        max_shifts_per_week: body.max_shifts_per_week,
        weekday_split_hour: body.weekday_split_hour,
        off_days_whole: body.off_days_whole,
    };
    json(oncall::save_settings(&c.app, &c.actor(), id, &input).await?)
}

/// Publishes the rota of the coming weeks; with a gap, only with a
/// written reason.
#[utoipa::path(post, path = "/api/v1/teams/{id}/oncall/publish", tag = "oncall",
    request_body(content = PublishBody, example = json!({"reason": "To nætter i december dækkes af MST Fyns vagttelefon."})),
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 201, body = PublicationView),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "the rota has gaps and no reason was written, or the reason is too long")))]
pub async fn publish(
    c: Caller,
    Path(id): Path<TeamId>,
    Json(body): Json<PublishBody>,
) -> Result<(StatusCode, axum::Json<PublicationView>), ApiError> {
    let p = oncall::publish(&c.app, &c.actor(), id, &body.reason).await?;
    Ok((StatusCode::CREATED, axum::Json(p.into())))
}

/// One of the two people proposes a swap; the other answers.
#[utoipa::path(post, path = "/api/v1/teams/{id}/oncall/swaps", tag = "oncall",
    request_body(content = SwapBody, example = json!({"shift_id": 318, "to_person": 9, "return_shift_id": 322})),
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 201, body = SwapView, headers(("ETag" = String, description = "the swap's version, for If-Match"))),
              (status = 403, body = ErrorBody, description = "not one of the two people of the swap"),
              (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "the same person, someone not on call in the team, a shift begun, or a shift given back that is not the taker's")))]
pub async fn propose_swap(
    c: Caller,
    Path(id): Path<TeamId>,
    Json(body): Json<SwapBody>,
) -> Result<Response, ApiError> {
    let input = SwapInput {
        shift_id: body.shift_id,
        to_person: body.to_person,
        return_shift_id: body.return_shift_id,
    };
    let s = oncall::propose_swap(&c.app, &c.actor(), id, &input).await?;
    Ok(versions::tagged(
        StatusCode::CREATED,
        s.version,
        SwapView::from(s),
    ))
}

/// The other of the two agrees or declines; the one who proposed may
/// withdraw. Agreed, the shifts change hands.
#[utoipa::path(post, path = "/api/v1/teams/{id}/oncall/swaps/{swap_id}/answer", tag = "oncall",
    request_body(content = AnswerBody, example = json!({"answer": "agree"})),
    params(("id" = i64, Path, description = "Team id"), ("swap_id" = i64, Path, description = "Swap id"),
           ("If-Match" = String, Header, description = "the swap's ETag")),
    responses((status = 200, body = SwapView, headers(("ETag" = String, description = "the swap's new version"))),
              (status = 403, body = ErrorBody, description = "not the one to answer (or withdraw) it"),
              (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "already answered or withdrawn"),
              (status = 412, body = ErrorBody, description = "If-Match names an older version, or a shift changed hands since; nothing was changed"),
              (status = 422, body = ErrorBody, description = "a shift has begun, or one of the two is no longer on call in the team"),
              (status = 428, body = ErrorBody)))]
pub async fn answer_swap(
    c: Caller,
    Path((id, swap_id)): Path<(TeamId, i64)>,
    headers: HeaderMap,
    Json(body): Json<AnswerBody>,
) -> Result<Response, ApiError> {
    let v = versions::required(&headers)?;
    let answer = match body.answer {
        SwapAnswerBody::Agree => SwapAnswer::Agree,
        SwapAnswerBody::Decline => SwapAnswer::Decline,
        SwapAnswerBody::Withdraw => SwapAnswer::Withdraw,
    };
    let s = oncall::answer_swap(&c.app, &c.actor(), id, swap_id, answer, v).await?;
    Ok(versions::tagged(
        StatusCode::OK,
        s.version,
        SwapView::from(s),
    ))
}

/// The national office: its country's teams with the gaps and findings of
/// their coming eight weeks, teams with gaps first. Audited.
#[utoipa::path(get, path = "/api/v1/oncall/gaps", tag = "oncall",
    responses((status = 200, body = Vec<TeamGapsView>),
              (status = 403, body = ErrorBody, description = "not the national office")))]
pub async fn gaps(c: Caller) -> JsonResult<Vec<TeamGapsView>> {
    let teams = oncall::teams_with_gaps(&c.app, &c.actor()).await?;
    json(
        teams
            .into_iter()
            .map(TeamGapsView::from)
            .collect::<Vec<_>>(),
    )
}
