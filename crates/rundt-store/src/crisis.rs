//! An MST family's crisis plan, every version kept, and its crisis
//! contact log with who of the staff has read each contact (issue 13).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rundt_domain::audit::AuditEvent;
use rundt_domain::crisis_contact::CrisisContact;
use rundt_domain::crisis_plan::CrisisPlan;
use rundt_domain::id::CaseId;
use rundt_domain::team::TeamId;
use rundt_domain::user::UserId;

use crate::StoreResult;
use crate::row::{Columns, FromRow};

/// One version of a family's crisis plan, as it was saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrisisPlanVersion {
    pub case_id: CaseId,
    /// 1 for the first plan; every change adds a version, none is replaced.
    pub version: i64,
    pub plan: CrisisPlan,
    pub saved_by: Option<UserId>,
    pub saved_at: DateTime<Utc>,
}

/// A crisis contact as logged, with the staff who have read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrisisContactRecord {
    pub id: i64,
    pub case_id: CaseId,
    pub contact: CrisisContact,
    pub logged_by: Option<UserId>,
    pub logged_at: DateTime<Utc>,
    /// Who has opened it (the one who logged it among them), in the order
    /// they did.
    pub read_by: Vec<UserId>,
}

impl CrisisContactRecord {
    /// Whether `user` has opened the contact (or logged it).
    pub fn read_by(&self, user: UserId) -> bool {
        self.read_by.contains(&user)
    }
}

#[async_trait]
pub trait CrisisStore: Send + Sync {
    /// Saves a new version of the case's crisis plan: the first when
    /// `expected_version` is `None` and there is none, else the next after
    /// `expected_version`, which must be the latest (`VersionMismatch`
    /// otherwise). Who and when are the audit event's.
    async fn save_crisis_plan(
        &self,
        case_id: CaseId,
        plan: &CrisisPlan,
        expected_version: Option<i64>,
        audit: &AuditEvent,
    ) -> StoreResult<CrisisPlanVersion>;

    /// Every version of the case's crisis plan, newest first, unaudited:
    /// for what is due and the version to compare; never shown.
    async fn crisis_plans(&self, case_id: CaseId) -> StoreResult<Vec<CrisisPlanVersion>>;

    /// Every version of the case's crisis plan, newest first, read for a
    /// person to see: `audit` is appended once per person of the case, in
    /// the same transaction.
    async fn read_crisis_plans(
        &self,
        case_id: CaseId,
        audit: &AuditEvent,
    ) -> StoreResult<Vec<CrisisPlanVersion>>;

    /// Logs a crisis contact (by and at: the audit event's); the one who
    /// logs it has read it. `NotFound` when there is no such case.
    async fn log_crisis_contact(
        &self,
        case_id: CaseId,
        contact: &CrisisContact,
        audit: &AuditEvent,
    ) -> StoreResult<CrisisContactRecord>;

    /// The case's crisis contacts, newest first, unaudited: for counting
    /// the unread and the week's; never shown without an audited read.
    async fn crisis_contacts(&self, case_id: CaseId) -> StoreResult<Vec<CrisisContactRecord>>;

    /// The crisis contacts of a team's families logged for a time at or
    /// after `since`, oldest first, unaudited: for the rota's monthly
    /// counts, which name no family. One query for the whole team.
    async fn team_crisis_contacts_since(
        &self,
        team_id: TeamId,
        since: DateTime<Utc>,
    ) -> StoreResult<Vec<TeamCrisisContact>>;

    /// The case's crisis contacts, newest first, read for a person to see:
    /// `audit` is appended once per person of the case, in the same
    /// transaction.
    async fn read_crisis_contacts(
        &self,
        case_id: CaseId,
        audit: &AuditEvent,
    ) -> StoreResult<Vec<CrisisContactRecord>>;

    /// Opens contact `contact_id` of the case for `audit`'s actor: records
    /// that they have read it (once), appends `audit` once per person of
    /// the case, in one transaction. `NotFound` when the case has no such
    /// contact.
    async fn open_crisis_contact(
        &self,
        case_id: CaseId,
        contact_id: i64,
        audit: &AuditEvent,
    ) -> StoreResult<CrisisContactRecord>;
}

/// The SQL both backends share for crisis records.
pub mod crisis_sql {
    pub const CONTACT_SELECT: &str =
        "SELECT id, case_id, content, logged_by, logged_at FROM crisis_contacts";
    /// A team's contacts from a time on (`?1` the team, `?2` the time):
    /// through the cases of the team, then each case's contacts on
    /// `crisis_contacts_case (case_id, at)`.
    pub const TEAM_CONTACTS_SINCE: &str = "SELECT c.case_id, c.content \
         FROM cases k JOIN crisis_contacts c ON c.case_id = k.id \
         WHERE k.team_id = ?1 AND c.at >= ?2 ORDER BY c.at, c.id";
    pub const READERS_SELECT: &str = "SELECT r.contact_id, r.user_id FROM crisis_contact_reads r \
         JOIN crisis_contacts c ON c.id = r.contact_id";
}

/// A crisis contact of one of a team's families, without its read
/// receipts: what the monthly counts need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamCrisisContact {
    pub case_id: CaseId,
    pub contact: CrisisContact,
}

impl FromRow for TeamCrisisContact {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(TeamCrisisContact {
            case_id: c.read()?,
            contact: c.json()?,
        })
    }
}

/// A contact's row before its readers are added.
pub struct ContactRow(pub CrisisContactRecord);

impl FromRow for ContactRow {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(ContactRow(CrisisContactRecord {
            id: c.read()?,
            case_id: c.read()?,
            contact: c.json()?,
            logged_by: c.read()?,
            logged_at: c.read()?,
            read_by: Vec::new(),
        }))
    }
}

/// One reading of a contact.
pub struct ContactReader {
    pub contact_id: i64,
    pub user_id: UserId,
}

impl FromRow for ContactReader {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(ContactReader {
            contact_id: c.read()?,
            user_id: c.read()?,
        })
    }
}

/// The contacts with their readers (given in the order they read).
pub fn with_readers(rows: Vec<ContactRow>, readers: &[ContactReader]) -> Vec<CrisisContactRecord> {
    rows.into_iter()
        .map(|ContactRow(mut r)| {
            r.read_by = readers
                .iter()
                .filter(|x| x.contact_id == r.id)
                .map(|x| x.user_id)
                .collect();
            r
        })
        .collect()
}

impl FromRow for CrisisPlanVersion {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(CrisisPlanVersion {
            case_id: c.read()?,
            version: c.read()?,
            plan: c.json()?,
            saved_by: c.read()?,
            saved_at: c.read()?,
        })
    }
}
