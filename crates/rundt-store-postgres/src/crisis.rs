//! An MST family's crisis plan versions and crisis contacts with their
//! readers.

use std::sync::LazyLock;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use deadpool_postgres::{GenericClient, Transaction};
use rundt_domain::audit::AuditEvent;
use rundt_domain::crisis_contact::CrisisContact;
use rundt_domain::crisis_plan::CrisisPlan;
use rundt_domain::id::CaseId;
use rundt_domain::team::TeamId;
use rundt_store::crisis_sql::{CONTACT_SELECT, READERS_SELECT, TEAM_CONTACTS_SINCE};
use rundt_store::{
    CRISIS_PLANS, ContactReader, ContactRow, CrisisContactRecord, CrisisPlanVersion, CrisisStore,
    StoreError, StoreResult, TeamCrisisContact, json_text, with_readers,
};

use crate::PostgresStore;
use crate::audit::{append_audit_tx, with_object_id};
use crate::cases::read_case_tx;
use crate::query::{client, dollars, execute, fetch_all, fetch_one, transaction};
use crate::safety::locked;
use crate::versioned::{save_version, versions};

/// The team's contacts from a time on, in PostgreSQL's placeholders.
static TEAM_CONTACTS_SINCE_SQL: LazyLock<String> = LazyLock::new(|| dollars(TEAM_CONTACTS_SINCE));

/// Appends `event` once per person of the case, in its transaction
/// (`NotFound` when there is no such case).
async fn audit_each_person(
    tx: &Transaction<'_>,
    case_id: CaseId,
    event: &AuditEvent,
) -> StoreResult<()> {
    read_case_tx(tx, case_id, event)
        .await?
        .map(|_| ())
        .ok_or_else(|| StoreError::NotFound(format!("case {case_id}")))
}

async fn contacts_where(
    client: &impl GenericClient,
    case_id: CaseId,
    only: Option<i64>,
) -> StoreResult<Vec<CrisisContactRecord>> {
    let sql = format!(
        "{CONTACT_SELECT} WHERE case_id = $1 AND ($2::bigint IS NULL OR id = $2) \
         ORDER BY at DESC, id DESC"
    );
    let rows: Vec<ContactRow> = fetch_all(client, &sql, &[&case_id, &only]).await?;
    let sql = format!(
        "{READERS_SELECT} WHERE c.case_id = $1 AND ($2::bigint IS NULL OR c.id = $2) \
         ORDER BY r.read_at, r.user_id"
    );
    let readers: Vec<ContactReader> = fetch_all(client, &sql, &[&case_id, &only]).await?;
    Ok(with_readers(rows, &readers))
}

async fn contact_of(
    client: &impl GenericClient,
    case_id: CaseId,
    id: i64,
) -> StoreResult<CrisisContactRecord> {
    contacts_where(client, case_id, Some(id))
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| StoreError::NotFound(format!("crisis contact {id}")))
}

async fn mark_read(
    tx: &Transaction<'_>,
    case_id: CaseId,
    contact_id: i64,
    event: &AuditEvent,
) -> StoreResult<()> {
    let Some(user) = event.actor_user_id else {
        return Ok(());
    };
    execute(
        tx,
        "INSERT INTO crisis_contact_reads (case_id, contact_id, user_id, read_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (contact_id, user_id) DO NOTHING",
        &[&case_id, &contact_id, &user, &event.at],
    )
    .await?;
    Ok(())
}

#[async_trait]
impl CrisisStore for PostgresStore {
    async fn save_crisis_plan(
        &self,
        case_id: CaseId,
        plan: &CrisisPlan,
        expected_version: Option<i64>,
        audit: &AuditEvent,
    ) -> StoreResult<CrisisPlanVersion> {
        let content = json_text(plan)?;
        save_version(
            &self.pool,
            CRISIS_PLANS,
            case_id,
            content,
            expected_version,
            audit,
        )
        .await
    }

    async fn crisis_plans(&self, case_id: CaseId) -> StoreResult<Vec<CrisisPlanVersion>> {
        versions(&self.pool, CRISIS_PLANS, case_id).await
    }

    async fn read_crisis_plans(
        &self,
        case_id: CaseId,
        audit: &AuditEvent,
    ) -> StoreResult<Vec<CrisisPlanVersion>> {
        transaction(&self.pool, async |tx| {
            audit_each_person(tx, case_id, audit).await?;
            let sql = format!(
                "{} WHERE case_id = $1 ORDER BY version DESC",
                CRISIS_PLANS.select()
            );
            fetch_all(tx, &sql, &[&case_id]).await
        })
        .await
    }

    async fn log_crisis_contact(
        &self,
        case_id: CaseId,
        contact: &CrisisContact,
        audit: &AuditEvent,
    ) -> StoreResult<CrisisContactRecord> {
        transaction(&self.pool, async |tx| {
            locked(tx, case_id).await?;
            let id: i64 = fetch_one(
                tx,
                "INSERT INTO crisis_contacts (case_id, at, content, logged_by, logged_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
                &[
                    &case_id,
                    &contact.at,
                    &json_text(contact)?,
                    &audit.actor_user_id,
                    &audit.at,
                ],
            )
            .await?;
            mark_read(tx, case_id, id, audit).await?;
            append_audit_tx(tx, &with_object_id(audit, case_id)).await?;
            contact_of(tx, case_id, id).await
        })
        .await
    }

    async fn crisis_contacts(&self, case_id: CaseId) -> StoreResult<Vec<CrisisContactRecord>> {
        contacts_where(&client(&self.pool).await?, case_id, None).await
    }

    async fn team_crisis_contacts_since(
        &self,
        team_id: TeamId,
        since: DateTime<Utc>,
    ) -> StoreResult<Vec<TeamCrisisContact>> {
        let sql = &TEAM_CONTACTS_SINCE_SQL;
        fetch_all(&client(&self.pool).await?, sql, &[&team_id, &since]).await
    }

    async fn read_crisis_contacts(
        &self,
        case_id: CaseId,
        audit: &AuditEvent,
    ) -> StoreResult<Vec<CrisisContactRecord>> {
        transaction(&self.pool, async |tx| {
            audit_each_person(tx, case_id, audit).await?;
            contacts_where(tx, case_id, None).await
        })
        .await
    }

    async fn open_crisis_contact(
        &self,
        case_id: CaseId,
        contact_id: i64,
        audit: &AuditEvent,
    ) -> StoreResult<CrisisContactRecord> {
        transaction(&self.pool, async |tx| {
            contact_of(tx, case_id, contact_id).await?;
            mark_read(tx, case_id, contact_id, audit).await?;
            audit_each_person(tx, case_id, audit).await?;
            contact_of(tx, case_id, contact_id).await
        })
        .await
    }
}
