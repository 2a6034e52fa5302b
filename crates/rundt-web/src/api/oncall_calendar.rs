//! Calendar feeds of the on-call rota over the API: a person on the team's
//! rota makes a feed of their own shifts, the supervisor one of the team's
//! whole rota; the secret address is answered once, at creation. The feed
//! itself is `GET /calendar/{token}.ics` (no login), documented here too.

use axum::http::{HeaderMap, StatusCode};
use chrono::{DateTime, Utc};
use rundt_app::oncall::{self, CreatedFeed, FeedOf, FeedView};
use rundt_domain::id::{TeamId, UserId};
use serde::{Deserialize, Serialize};

use super::caller::{Caller, JsonResult};
use crate::calendar::feed_url;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json, Path};

/// A calendar feed (its secret address is answered only at creation).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CalendarFeedView {
    pub id: i64,
    /// Whose shifts; `null`: the team's whole rota.
    pub person_id: Option<UserId>,
    pub person_name: Option<String>,
    pub created_by: Option<UserId>,
    pub created_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
    /// Set once revoked.
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<FeedView> for CalendarFeedView {
    fn from(v: FeedView) -> Self {
        Self {
            id: v.record.id,
            person_id: v.record.person_id,
            person_name: v.person_name,
            created_by: v.record.created_by,
            created_by_name: v.created_by_name,
            created_at: v.record.created_at,
            revoked_at: v.record.revoked_at,
        }
    }
}

/// A feed just made, with the address to subscribe to: shown this once.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CreatedFeedView {
    #[serde(flatten)]
    pub feed: CalendarFeedView,
    /// `https://<host>/calendar/<secret>.ics`; not shown again.
    pub url: String,
}

/// Whose shifts a new feed shows.
#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FeedOfBody {
    /// The caller's own shifts in the team.
    Me,
    /// The team's whole rota (the supervisor, the national office).
    Team,
}

/// A feed to make.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct CalendarFeedBody {
    pub of: FeedOfBody,
}

fn created(headers: &HeaderMap, c: CreatedFeed) -> CreatedFeedView {
    CreatedFeedView {
        url: feed_url(headers, &c.token),
        feed: c.feed.into(),
    }
}

/// The team's calendar feeds the caller may see: their own, or all of
/// the team's for whoever edits the rota.
#[utoipa::path(get, path = "/api/v1/teams/{id}/oncall/calendar-feeds", tag = "oncall",
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 200, body = Vec<CalendarFeedView>),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list(c: Caller, Path(id): Path<TeamId>) -> JsonResult<Vec<CalendarFeedView>> {
    let feeds = oncall::calendar_feeds(&c.app, &c.actor(), id).await?;
    Ok(axum::Json(feeds.into_iter().map(Into::into).collect()))
}

/// Makes a calendar feed: of the caller's own shifts (anyone on the team's
/// rota) or of the team's whole rota (whoever edits it). The answer holds
/// the secret address, shown this once.
#[utoipa::path(post, path = "/api/v1/teams/{id}/oncall/calendar-feeds", tag = "oncall",
    request_body(content = CalendarFeedBody, example = json!({"of": "me"})),
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 201, body = CreatedFeedView, description = "made; `url` is shown only now"),
              (status = 403, body = ErrorBody, description = "not on the team's rota, or (for the whole team) not its supervisor or national office"),
              (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "`of` is neither `me` nor `team`")))]
pub async fn create(
    c: Caller,
    Path(id): Path<TeamId>,
    headers: HeaderMap,
    Json(body): Json<CalendarFeedBody>,
) -> Result<(StatusCode, axum::Json<CreatedFeedView>), ApiError> {
    let of = match body.of {
        FeedOfBody::Me => FeedOf::Me,
        FeedOfBody::Team => FeedOf::Team,
    };
    let feed = oncall::create_calendar_feed(&c.app, &c.actor(), id, of).await?;
    Ok((StatusCode::CREATED, axum::Json(created(&headers, feed))))
}

/// Revokes a calendar feed: its address answers 404 from now on. For the
/// one who made it and whoever edits the rota.
#[utoipa::path(delete, path = "/api/v1/teams/{id}/oncall/calendar-feeds/{feed_id}", tag = "oncall",
    params(("id" = i64, Path, description = "Team id"), ("feed_id" = i64, Path, description = "Feed id")),
    responses((status = 204, description = "revoked"),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody, description = "no such feed of the team, or already revoked")))]
pub async fn revoke(
    c: Caller,
    Path((id, feed_id)): Path<(TeamId, i64)>,
) -> Result<StatusCode, ApiError> {
    oncall::revoke_calendar_feed(&c.app, &c.actor(), id, feed_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The calendar feed itself, for a phone's calendar to subscribe to. No
/// login: the secret in the address is the key. The team's shifts (or the
/// person's) from 4 weeks back to 12 weeks ahead as iCalendar (RFC 5545),
/// times on the team's clock with its time zone. No family data.
#[utoipa::path(get, path = "/calendar/{token}.ics", tag = "oncall", security(()),
    params(("token" = String, Path, description = "The feed's secret")),
    responses((status = 200, content_type = "text/calendar", body = String, description = "the feed (`text/calendar; charset=utf-8`)"),
              (status = 400, body = ErrorBody, description = "the address cannot be read"),
              (status = 404, body = ErrorBody, description = "no such feed, or revoked (not said which)"),
              (status = 500, body = ErrorBody), (status = 503, body = ErrorBody)))]
#[allow(
    dead_code,
    reason = "documents the public route served by `crate::calendar::feed`"
)]
pub async fn feed_document() {}
