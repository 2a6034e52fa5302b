//! Calendar feeds of the on-call rota. The SQL is the SQLite store's
//! (`calendar_feed_sql`), its `?N` placeholders written `$N`.

use async_trait::async_trait;
use rundt_domain::audit::AuditEvent;
use rundt_domain::id::TeamId;
use rundt_store::calendar_feed_sql::*;
use rundt_store::{
    CalendarFeedRecord, CalendarFeedStore, NewCalendarFeed, StoreError, StoreResult,
};

use crate::PostgresStore;
use crate::audit::append_audit_tx;
use crate::query::{client, dollars, execute, fetch_all, fetch_one, fetch_opt, transaction};

fn vanished() -> StoreError {
    StoreError::Internal("calendar feed vanished".to_owned())
}

#[async_trait]
impl CalendarFeedStore for PostgresStore {
    async fn create_calendar_feed(
        &self,
        team_id: TeamId,
        feed: &NewCalendarFeed,
        audit: &AuditEvent,
    ) -> StoreResult<CalendarFeedRecord> {
        transaction(&self.pool, async |tx| {
            if fetch_opt::<i64>(tx, &dollars(TEAM_EXISTS), &[&team_id])
                .await?
                .is_none()
            {
                return Err(StoreError::NotFound(format!("team {team_id}")));
            }
            let id: i64 = fetch_one(
                tx,
                &dollars(INSERT_FEED),
                &[
                    &team_id,
                    &feed.person_id,
                    &feed.token_sha256,
                    &audit.actor_user_id,
                    &audit.at,
                ],
            )
            .await?;
            append_audit_tx(tx, audit).await?;
            fetch_opt(tx, &dollars(FEED_BY_ID), &[&team_id, &id])
                .await?
                .ok_or_else(vanished)
        })
        .await
    }

    async fn revoke_calendar_feed(
        &self,
        team_id: TeamId,
        id: i64,
        audit: &AuditEvent,
    ) -> StoreResult<CalendarFeedRecord> {
        transaction(&self.pool, async |tx| {
            let revoked = execute(
                tx,
                &dollars(REVOKE_FEED),
                &[&team_id, &id, &audit.actor_user_id, &audit.at],
            )
            .await?;
            if revoked == 0 {
                return Err(StoreError::NotFound(format!("calendar feed {id}")));
            }
            append_audit_tx(tx, audit).await?;
            fetch_opt(tx, &dollars(FEED_BY_ID), &[&team_id, &id])
                .await?
                .ok_or_else(vanished)
        })
        .await
    }

    async fn calendar_feed(
        &self,
        team_id: TeamId,
        id: i64,
    ) -> StoreResult<Option<CalendarFeedRecord>> {
        fetch_opt(
            &client(&self.pool).await?,
            &dollars(FEED_BY_ID),
            &[&team_id, &id],
        )
        .await
    }

    async fn calendar_feed_by_token(
        &self,
        token_sha256: &str,
    ) -> StoreResult<Option<CalendarFeedRecord>> {
        fetch_opt(
            &client(&self.pool).await?,
            &dollars(FEED_BY_TOKEN),
            &[&token_sha256],
        )
        .await
    }

    async fn calendar_feeds_of_team(
        &self,
        team_id: TeamId,
    ) -> StoreResult<Vec<CalendarFeedRecord>> {
        fetch_all(
            &client(&self.pool).await?,
            &dollars(FEEDS_OF_TEAM),
            &[&team_id],
        )
        .await
    }
}
