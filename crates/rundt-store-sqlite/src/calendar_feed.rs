//! Calendar feeds of the on-call rota.

use rundt_domain::audit::AuditEvent;
use rundt_domain::id::TeamId;
use rundt_store::calendar_feed_sql::*;
use rundt_store::{
    CalendarFeedRecord, CalendarFeedStore, NewCalendarFeed, StoreError, StoreResult,
};
use rusqlite::{Connection, params};

use crate::audit;
use crate::convert::{db_err, time_text};
use crate::forward::forward;
use crate::query::{fetch_all, fetch_one, fetch_opt};

fn vanished() -> StoreError {
    StoreError::Internal("calendar feed vanished".to_owned())
}

pub fn create_calendar_feed(
    tx: &Connection,
    team_id: TeamId,
    feed: &NewCalendarFeed,
    event: &AuditEvent,
) -> StoreResult<CalendarFeedRecord> {
    if fetch_opt::<i64>(tx, TEAM_EXISTS, [team_id])?.is_none() {
        return Err(StoreError::NotFound(format!("team {team_id}")));
    }
    let id: i64 = fetch_one(
        tx,
        INSERT_FEED,
        params![
            team_id,
            feed.person_id,
            feed.token_sha256,
            event.actor_user_id,
            time_text(event.at)
        ],
    )?;
    audit::append(tx, event)?;
    calendar_feed(tx, team_id, id)?.ok_or_else(vanished)
}

pub fn revoke_calendar_feed(
    tx: &Connection,
    team_id: TeamId,
    id: i64,
    event: &AuditEvent,
) -> StoreResult<CalendarFeedRecord> {
    let revoked = tx
        .execute(
            REVOKE_FEED,
            params![team_id, id, event.actor_user_id, time_text(event.at)],
        )
        .map_err(db_err)?;
    if revoked == 0 {
        return Err(StoreError::NotFound(format!("calendar feed {id}")));
    }
    audit::append(tx, event)?;
    calendar_feed(tx, team_id, id)?.ok_or_else(vanished)
}

pub fn calendar_feed(
    conn: &Connection,
    team_id: TeamId,
    id: i64,
) -> StoreResult<Option<CalendarFeedRecord>> {
    fetch_opt(conn, FEED_BY_ID, params![team_id, id])
}

pub fn calendar_feed_by_token(
    conn: &Connection,
    token_sha256: &str,
) -> StoreResult<Option<CalendarFeedRecord>> {
    fetch_opt(conn, FEED_BY_TOKEN, [token_sha256])
}

pub fn calendar_feeds_of_team(
    conn: &Connection,
    team_id: TeamId,
) -> StoreResult<Vec<CalendarFeedRecord>> {
    fetch_all(conn, FEEDS_OF_TEAM, [team_id])
}

forward! {
    impl CalendarFeedStore {
        async fn create_calendar_feed(&self, team_id: TeamId, feed: &NewCalendarFeed, audit: &AuditEvent) -> StoreResult<CalendarFeedRecord> => write create_calendar_feed;
        async fn revoke_calendar_feed(&self, team_id: TeamId, id: i64, audit: &AuditEvent) -> StoreResult<CalendarFeedRecord> => write revoke_calendar_feed;
        async fn calendar_feed(&self, team_id: TeamId, id: i64) -> StoreResult<Option<CalendarFeedRecord>> => read calendar_feed;
        async fn calendar_feed_by_token(&self, token_sha256: &str) -> StoreResult<Option<CalendarFeedRecord>> => read calendar_feed_by_token;
        async fn calendar_feeds_of_team(&self, team_id: TeamId) -> StoreResult<Vec<CalendarFeedRecord>> => read calendar_feeds_of_team;
    }
}
