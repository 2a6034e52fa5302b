//! Notices (issue 18): one's unseen notices and marking them seen, where
//! one wants them (the e-mail choice), and the outbox for the national
//! office's administrator.

use rundt_app::notices::{
    self, Notice, NotificationSettings, OutboxView, SaveNotificationSettings,
};
use serde::{Deserialize, Serialize};

use super::caller::{Caller, JsonResult, json};
use crate::error::ErrorBody;
use crate::extract::Json;

/// How many unseen notices one answer holds at most.
const UNSEEN_LIMIT: u32 = 100;

/// One's notices not yet seen, oldest first (at most 100). Reading them
/// does not mark them: a client marks what it showed with
/// `POST /api/v1/me/notices/seen`.
#[utoipa::path(get, path = "/api/v1/me/notices", tag = "notices",
    responses((status = 200, body = [Notice])))]
pub async fn unseen(c: Caller) -> JsonResult<Vec<Notice>> {
    json(notices::unseen(&c.app, &c.actor(), UNSEEN_LIMIT).await?)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[schema(example = json!({"ids": [12, 13]}))]
pub struct SeenNotices {
    /// The notices shown (at most 200); another person's are ignored.
    pub ids: Vec<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SeenCount {
    /// How many of them were unseen until now.
    pub marked: u32,
}

/// Marks notices as seen; ids already seen or not one's own change nothing.
#[utoipa::path(post, path = "/api/v1/me/notices/seen", tag = "notices",
    request_body(content = SeenNotices, example = json!({"ids": [12, 13]})),
    responses((status = 200, body = SeenCount), (status = 400, body = ErrorBody),
              (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn mark_seen(c: Caller, Json(input): Json<SeenNotices>) -> JsonResult<SeenCount> {
    let marked = notices::mark_seen(&c.app, &c.actor(), &input.ids).await?;
    json(SeenCount { marked })
}

/// Where one wants one's notices: the start page always, e-mail too when
/// `by_email`.
#[utoipa::path(get, path = "/api/v1/me/notifications", tag = "notices",
    responses((status = 200, body = NotificationSettings), (status = 403, body = ErrorBody)))]
pub async fn settings(c: Caller) -> JsonResult<NotificationSettings> {
    json(notices::settings(&c.app, &c.actor()).await?)
}

/// Chooses whether notices also come by e-mail, and to which address. An
/// address that does not look like one, or e-mail without an address, is
/// answered 422 naming `email`. Answers with the choice as stored.
#[utoipa::path(put, path = "/api/v1/me/notifications", tag = "notices",
    request_body(content = SaveNotificationSettings,
        example = json!({"email": "mette.supervisor@aarhus.dk", "by_email": true})),
    responses((status = 200, body = NotificationSettings), (status = 400, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 415, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn save_settings(
    c: Caller,
    Json(input): Json<SaveNotificationSettings>,
) -> JsonResult<NotificationSettings> {
    json(notices::save_settings(&c.app, &c.actor(), &input).await?)
}

/// The outbox: how many e-mails wait, were sent or given up, and each
/// e-mail that failed at least once with the mail server's last answer.
/// For the national office's administrator; audited.
#[utoipa::path(get, path = "/api/v1/admin/outbox", tag = "notices",
    responses((status = 200, body = OutboxView), (status = 403, body = ErrorBody)))]
pub async fn outbox(c: Caller) -> JsonResult<OutboxView> {
    json(notices::outbox(&c.app, &c.actor()).await?)
}
