//! Calendar feeds: a secret address a phone's calendar subscribes to, so
//! the rota shows among the person's own appointments. A person on the
//! team's rota makes one of their own shifts; the supervisor (and the
//! national office) one of the team's whole rota. The secret is shown once,
//! right after it is made; only its SHA-256 is kept. Whoever made a feed,
//! and whoever edits the rota, may revoke it.
//!
//! A feed carries no family data: who is on call, when, and the team's
//! on-call phone. A person's feed stops showing the team's shifts once
//! the person has left the team.

use chrono::{DateTime, Duration, Utc};
use rundt_domain::audit::AuditAction;
use rundt_domain::country::Country;
use rundt_domain::id::{TeamId, UserId};
use rundt_domain::msg;
use rundt_store::{CalendarFeedRecord, NewCalendarFeed, ShiftRecord};
use sha2::{Digest, Sha256};

use super::rota::PersonShift;
use super::who::{may_edit, may_read};
use super::{event, load, rota_object};
use crate::{Actor, App, AppError, AppResult, access};

/// A feed shows the shifts from this many weeks back…
pub const FEED_WEEKS_BACK: i64 = 4;
/// …to this many weeks ahead.
pub const FEED_WEEKS_AHEAD: i64 = 12;

/// Whose shifts a new feed shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedOf {
    /// The actor's own shifts in the team.
    Me,
    /// The team's whole rota (for whoever edits it).
    Team,
}

/// A feed just made, with its secret: shown this once, never again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedFeed {
    pub feed: FeedView,
    /// The secret, for the address `/calendar/<token>.ics`.
    pub token: String,
}

/// A feed as listed (no secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedView {
    pub record: CalendarFeedRecord,
    /// Whose shifts: the person's name, `None` for the whole team.
    pub person_name: Option<String>,
    pub created_by_name: Option<String>,
}

/// What a feed serves: the team, its on-call phone and the shifts.
#[derive(Debug, Clone)]
pub struct FeedContents {
    pub team_id: TeamId,
    pub team_name: String,
    pub country: Country,
    pub phone: Option<String>,
    /// Whose shifts: the person's name, `None` for the whole team.
    pub person_name: Option<String>,
    pub shifts: Vec<PersonShift>,
}

/// The secret's SHA-256, as stored (64 lower-case hex digits).
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A new secret: 32 random bytes, URL-safe base64 without padding.
fn new_token() -> AppResult<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
    Ok(data_encoding::BASE64URL_NOPAD.encode(&bytes))
}

/// Whether `token` could be a secret at all (43 URL-safe characters).
fn well_formed(token: &str) -> bool {
    token.len() == 43
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Makes a feed of the actor's own shifts in the team, or of the team's
/// whole rota.
pub async fn create_calendar_feed(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
    of: FeedOf,
) -> AppResult<CreatedFeed> {
    let action = AuditAction::OnCallCalendarFeedCreate;
    let loaded = load(app, team_id).await?;
    let person_id = match of {
        FeedOf::Team => {
            if let Some(p) = actor.principal()
                && !may_edit(p, &loaded.team)
            {
                return Err(access::refuse(
                    app,
                    p,
                    action,
                    rota_object(team_id),
                    msg!("oncall-edit-not-allowed"),
                )
                .await);
            }
            None
        }
        FeedOf::Me => {
            let Some(p) = actor.principal() else {
                return Err(AppError::invalid(
                    "of",
                    msg!("oncall-feed-own-needs-person"),
                ));
            };
            if !may_read(p, &loaded.team) || !loaded.on_call.may_be_on_call(p.user_id) {
                return Err(access::refuse(
                    app,
                    p,
                    action,
                    rota_object(team_id),
                    msg!("oncall-feed-not-on-rota"),
                )
                .await);
            }
            Some(p.user_id)
        }
    };
    let token = new_token()?;
    let record = app
        .store
        .create_calendar_feed(
            team_id,
            &NewCalendarFeed {
                person_id,
                token_sha256: token_hash(&token),
            },
            &event(app, actor, action, team_id),
        )
        .await?;
    Ok(CreatedFeed {
        feed: view(&loaded, record),
        token,
    })
}

fn view(loaded: &super::Loaded, record: CalendarFeedRecord) -> FeedView {
    FeedView {
        person_name: record.person_id.map(|p| loaded.name(p)),
        created_by_name: record.created_by.map(|p| loaded.name(p)),
        record,
    }
}

/// The team's feeds the actor may see and revoke: their own, and every
/// feed of the team for whoever edits the rota.
pub async fn calendar_feeds(app: &App, actor: &Actor, team_id: TeamId) -> AppResult<Vec<FeedView>> {
    let loaded = load(app, team_id).await?;
    // `Some(me)`: only the feeds the actor made.
    let only_of: Option<UserId> = match actor.principal() {
        Some(p) if !may_read(p, &loaded.team) => {
            return Err(access::refuse(
                app,
                p,
                AuditAction::OnCallRead,
                rota_object(team_id),
                msg!("oncall-read-not-allowed"),
            )
            .await);
        }
        Some(p) if may_edit(p, &loaded.team) => None,
        Some(p) => Some(p.user_id),
        None => None,
    };
    let feeds = app.store.calendar_feeds_of_team(team_id).await?;
    Ok(feeds
        .into_iter()
        .filter(|f| only_of.is_none_or(|me| f.created_by == Some(me)))
        .map(|f| view(&loaded, f))
        .collect())
}

/// Revokes a feed of the team: its creator, or whoever edits the rota.
pub async fn revoke_calendar_feed(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
    feed_id: i64,
) -> AppResult<FeedView> {
    let action = AuditAction::OnCallCalendarFeedRevoke;
    let loaded = load(app, team_id).await?;
    let feed = app
        .store
        .calendar_feed(team_id, feed_id)
        .await?
        .filter(|f| !f.is_revoked())
        .ok_or_else(|| AppError::NotFound(format!("calendar feed {feed_id}")))?;
    if let Some(p) = actor.principal()
        && !may_edit(p, &loaded.team)
        && feed.created_by != Some(p.user_id)
    {
        return Err(access::refuse(
            app,
            p,
            action,
            rota_object(team_id),
            msg!("oncall-feed-not-yours"),
        )
        .await);
    }
    let record = app
        .store
        .revoke_calendar_feed(team_id, feed_id, &event(app, actor, action, team_id))
        .await?;
    Ok(view(&loaded, record))
}

/// What the feed with this secret shows now: `None` for a secret not known
/// or revoked (the caller answers both alike). No login: the secret is the
/// key.
pub async fn calendar_feed_contents(app: &App, token: &str) -> AppResult<Option<FeedContents>> {
    if !well_formed(token) {
        return Ok(None);
    }
    let Some(feed) = app
        .store
        .calendar_feed_by_token(&token_hash(token))
        .await?
        .filter(|f| !f.is_revoked())
    else {
        return Ok(None);
    };
    let loaded = load(app, feed.team_id).await?;
    let now = app.clock.now();
    let (from, until) = feed_window(now);
    let records: Vec<ShiftRecord> = match feed.person_id {
        None => app.store.shifts_between(feed.team_id, from, until).await?,
        // Gone from the team: none of its shifts any more.
        Some(person) if !loaded.names.contains_key(&person) => Vec::new(),
        Some(person) => app
            .store
            .shifts_of_person_between(person, from, until)
            .await?
            .into_iter()
            .filter(|s| s.team_id == feed.team_id)
            .collect(),
    };
    let shifts = records
        .into_iter()
        .map(|record| PersonShift {
            name: loaded.name(record.person_id),
            record,
        })
        .collect();
    Ok(Some(FeedContents {
        team_id: feed.team_id,
        team_name: loaded.team.name.clone(),
        country: loaded.team.country,
        phone: loaded.settings.phone.clone(),
        person_name: feed.person_id.map(|p| loaded.name(p)),
        shifts,
    }))
}

/// The instants a feed covers around `now`.
pub fn feed_window(now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    (
        now - Duration::weeks(FEED_WEEKS_BACK),
        now + Duration::weeks(FEED_WEEKS_AHEAD),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_is_43_url_safe_characters_and_only_its_hash_is_kept() {
        let token = new_token().unwrap();
        assert!(well_formed(&token), "{token}");
        assert_ne!(new_token().unwrap(), token, "each secret is new");
        let hash = token_hash(&token);
        assert_eq!(hash.len(), 64);
        assert!(!hash.contains(&token));
        assert!(!well_formed("../../etc/passwd"));
        assert!(!well_formed(&format!("{token}x")));
    }
}
