//! What the weekly supervision's agenda reads of a team's families in
//! treatment, for all of them at once: read family by family it took four
//! store calls a family, the supervisor's page the slowest of a working day
//! (issue 17).

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use rundt_domain::audit::AuditEvent;
use rundt_domain::id::CaseId;

use crate::{CrisisContactRecord, ModuleRecord, StoreResult, WeeklySummaryRecord};

/// The agenda's sources for a set of cases.
#[derive(Debug, Clone, Default)]
pub struct AgendaSources {
    /// The cases' weekly summaries of the weeks starting on or after the
    /// day asked for, newest week first.
    pub summaries: Vec<WeeklySummaryRecord>,
    /// Every treatment module of the cases, each case's in the order they
    /// started.
    pub modules: Vec<ModuleRecord>,
    /// When each case's newest crisis plan version was saved; a case with
    /// no crisis plan is not listed.
    pub crisis_plans_saved: Vec<(CaseId, DateTime<Utc>)>,
    /// Every crisis contact of the cases, newest first, with its readers.
    pub crisis_contacts: Vec<CrisisContactRecord>,
}

#[async_trait]
pub trait AgendaStore: Send + Sync {
    /// The agenda's sources of `case_ids`, read in one transaction with
    /// `audit`, the caller's events (one per young person whose family the
    /// agenda shows): the read and its log land together or not at all.
    async fn agenda_sources(
        &self,
        case_ids: &[CaseId],
        summaries_since: NaiveDate,
        audit: &[AuditEvent],
    ) -> StoreResult<AgendaSources>;
}

/// The SQL both backends share; `{cases}` is each backend's test of
/// `case_id` against the list of cases (`?1` / `$1`), `{since}` the day.
pub mod agenda_sql {
    use crate::SUMMARY_SELECT;
    use crate::can_plan_sql::MODULE_SELECT;
    use crate::crisis_sql::{CONTACT_SELECT, READERS_SELECT};

    pub fn summaries(cases: &str, since: &str) -> String {
        format!(
            "{SUMMARY_SELECT} WHERE case_id {cases} AND week_start >= {since} \
             ORDER BY week_start DESC, case_id"
        )
    }

    pub fn modules(cases: &str) -> String {
        format!("{MODULE_SELECT} WHERE case_id {cases} ORDER BY case_id, start_on, id")
    }

    pub fn crisis_plans_saved(cases: &str) -> String {
        format!(
            "SELECT p.case_id, p.saved_at FROM crisis_plans p WHERE p.case_id {cases} \
             AND p.version = (SELECT MAX(q.version) FROM crisis_plans q WHERE q.case_id = p.case_id) \
             ORDER BY p.case_id"
        )
    }

    pub fn crisis_contacts(cases: &str) -> String {
        format!("{CONTACT_SELECT} WHERE case_id {cases} ORDER BY at DESC, id DESC")
    }

    pub fn crisis_contact_readers(cases: &str) -> String {
        format!("{READERS_SELECT} WHERE c.case_id {cases} ORDER BY r.read_at, r.user_id")
    }
}
