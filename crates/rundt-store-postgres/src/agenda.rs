//! The supervision agenda's sources for a team's families: five queries
//! sent together in one transaction (tokio-postgres pipelines them), one
//! round trip's wait where the family-by-family reads made twenty, then the
//! agenda's audit events in the same transaction.

use async_trait::async_trait;
use chrono::NaiveDate;
use rundt_domain::audit::AuditEvent;
use rundt_domain::id::CaseId;
use rundt_store::agenda_sql;
use rundt_store::{
    AgendaSources, AgendaStore, ContactReader, ContactRow, StoreResult, with_readers,
};

use crate::PostgresStore;
use crate::audit::append_audit_all_tx;
use crate::query::{fetch_all, transaction};

/// `case_id` among the array `$1`.
const CASES: &str = "= ANY($1)";

#[async_trait]
impl AgendaStore for PostgresStore {
    async fn agenda_sources(
        &self,
        case_ids: &[CaseId],
        summaries_since: NaiveDate,
        audit: &[AuditEvent],
    ) -> StoreResult<AgendaSources> {
        let (summaries_sql, modules_sql, plans_sql, contacts_sql, readers_sql) = (
            agenda_sql::summaries(CASES, "$2"),
            agenda_sql::modules(CASES),
            agenda_sql::crisis_plans_saved(CASES),
            agenda_sql::crisis_contacts(CASES),
            agenda_sql::crisis_contact_readers(CASES),
        );
        let (cases, with_since) = (
            [&case_ids as &(dyn tokio_postgres::types::ToSql + Sync)],
            [
                &case_ids as &(dyn tokio_postgres::types::ToSql + Sync),
                &summaries_since,
            ],
        );
        transaction(&self.pool, async |tx| {
            let (summaries, modules, crisis_plans_saved, rows, readers) = tokio::try_join!(
                fetch_all(tx, &summaries_sql, &with_since),
                fetch_all(tx, &modules_sql, &cases),
                fetch_all(tx, &plans_sql, &cases),
                fetch_all::<ContactRow>(tx, &contacts_sql, &cases),
                fetch_all::<ContactReader>(tx, &readers_sql, &cases),
            )?;
            // The log is locked from here to the commit: after the reads.
            append_audit_all_tx(tx, audit).await?;
            Ok(AgendaSources {
                summaries,
                modules,
                crisis_plans_saved,
                crisis_contacts: with_readers(rows, &readers),
            })
        })
        .await
    }
}
