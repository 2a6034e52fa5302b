//! The supervision agenda's sources for a team's families: five queries
//! sent together on one connection (tokio-postgres pipelines them), one
//! round trip's wait where the family-by-family reads made twenty.

use async_trait::async_trait;
use chrono::NaiveDate;
use rundt_domain::id::CaseId;
use rundt_store::agenda_sql;
use rundt_store::{
    AgendaSources, AgendaStore, ContactReader, ContactRow, StoreResult, with_readers,
};

use crate::PostgresStore;
use crate::query::{client, fetch_all};

/// `case_id` among the array `$1`.
const CASES: &str = "= ANY($1)";

#[async_trait]
impl AgendaStore for PostgresStore {
    async fn agenda_sources(
        &self,
        case_ids: &[CaseId],
        summaries_since: NaiveDate,
    ) -> StoreResult<AgendaSources> {
        let client = client(&self.pool).await?;
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
        let (summaries, modules, crisis_plans_saved, rows, readers) = tokio::try_join!(
            fetch_all(&client, &summaries_sql, &with_since),
            fetch_all(&client, &modules_sql, &cases),
            fetch_all(&client, &plans_sql, &cases),
            fetch_all::<ContactRow>(&client, &contacts_sql, &cases),
            fetch_all::<ContactReader>(&client, &readers_sql, &cases),
        )?;
        Ok(AgendaSources {
            summaries,
            modules,
            crisis_plans_saved,
            crisis_contacts: with_readers(rows, &readers),
        })
    }
}
