//! The public calendar feed: `GET /calendar/{token}.ics`, no login (the
//! secret in the address is the key). A secret not known and a revoked
//! feed are both 404, with no hint which. The events are written in the
//! team's language ("Vagt: Anne Holm", "Vakt: …") with the team's on-call
//! phone; no family data.

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, HOST};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use rundt_app::AppError;
use rundt_app::oncall::{self, FeedContents};
use rundt_domain::Arg;
use rundt_domain::country::Country;
use rundt_export::{CalendarShift, RotaCalendar, rota_to_ical};

use crate::error::ApiError;
use crate::extract::Path;
use crate::i18n::{Lang, Tr};
use crate::state::AppState;

/// The language of a team's feed: its country's.
pub(crate) fn team_lang(country: Country) -> Lang {
    match country {
        Country::DK => Lang::Da,
        Country::NO => Lang::Nb,
    }
}

/// The address a phone subscribes to, on the host the request came to:
/// `https://` (Rundt is served over TLS), `http://` only on this machine's
/// loopback.
pub(crate) fn feed_url(headers: &HeaderMap, token: &str) -> String {
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .unwrap_or("localhost");
    let name = host.rsplit_once(':').map_or(host, |(name, _)| name);
    let loopback = matches!(name, "localhost" | "127.0.0.1" | "[::1]");
    let scheme = if loopback { "http" } else { "https" };
    format!("{scheme}://{host}/calendar/{token}.ics")
}

/// The feed as iCalendar text.
pub(crate) fn feed_text(
    contents: &FeedContents,
    produced_at: chrono::DateTime<chrono::Utc>,
) -> String {
    let tr = Tr(team_lang(contents.country));
    let description = match contents.phone.as_deref() {
        Some(phone) => tr.args("oncall_feed_description", &[("phone", Arg::from(phone))]),
        None => tr.t("oncall_feed_description_no_phone").to_owned(),
    };
    let name = match &contents.person_name {
        Some(person) => tr.args(
            "oncall_feed_name_person",
            &[
                ("name", Arg::from(person)),
                ("team", Arg::from(&contents.team_name)),
            ],
        ),
        None => tr.args(
            "oncall_feed_name_team",
            &[("team", Arg::from(&contents.team_name))],
        ),
    };
    let calendar = RotaCalendar {
        name,
        time_zone: contents.country.time_zone(),
        produced_at,
        shifts: contents
            .shifts
            .iter()
            .map(|s| CalendarShift {
                uid: format!("shift-{}@rundt", s.record.id),
                starts_at: s.record.starts_at,
                ends_at: s.record.ends_at,
                summary: tr.args("oncall_feed_summary", &[("name", Arg::from(&s.name))]),
                description: description.clone(),
                sequence: u32::try_from(s.record.version).unwrap_or(0),
            })
            .collect(),
    };
    rota_to_ical(&calendar)
}

/// `GET /calendar/{token}.ics`.
pub async fn feed(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    // The same answer for a secret nobody knows and a revoked one.
    let not_found =
        || ApiError::from(AppError::NotFound("calendar feed".to_owned())).into_response();
    let Some(token) = file.strip_suffix(".ics") else {
        return not_found();
    };
    match oncall::calendar_feed_contents(&state.app, token).await {
        Ok(Some(contents)) => {
            let text = feed_text(&contents, state.app.clock.now());
            (
                [
                    (
                        CONTENT_TYPE,
                        HeaderValue::from_static("text/calendar; charset=utf-8"),
                    ),
                    (CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
                ],
                text,
            )
                .into_response()
        }
        Ok(None) => not_found(),
        Err(e) => ApiError::from(e).into_response(),
    }
}
