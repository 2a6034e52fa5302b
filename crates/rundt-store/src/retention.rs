//! What retention reads and removes: the ended cases with their last
//! entry, the anonymising of one case, the deletion of old sign-in records,
//! and legal holds.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use rundt_domain::audit::AuditEvent;
use rundt_domain::country::Country;
use rundt_domain::id::{CaseId, PersonId};
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::team::TeamId;
use rundt_domain::user::UserId;

use rundt_domain::msg;

use crate::row::{Columns, FromRow};
use crate::{StoreError, StoreResult};

/// A family's case that has ended and is not yet anonymised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionCandidate {
    pub case_id: CaseId,
    pub country: Country,
    pub team_id: TeamId,
    pub status: CaseStatus,
    /// The day of the case's last entry: the latest of its creation,
    /// status changes, referral information, assessment, weekly summaries,
    /// discharge, follow-ups, survey and interviews.
    pub last_entry: NaiveDate,
    /// A legal hold is on the case.
    pub on_hold: bool,
}

/// The anonymising of one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseErasure {
    pub case_id: CaseId,
    /// The rule that made it due (e.g. `DK/course`).
    pub rule: String,
    /// The case must still have no entry after this day.
    pub last_entry_by: NaiveDate,
    pub on: NaiveDate,
}

/// What anonymising a case removed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ErasedCase {
    /// People removed: they took part in no other case.
    pub persons_removed: Vec<PersonId>,
    /// People unlinked from the case but kept for another case they are in.
    pub persons_kept: Vec<PersonId>,
}

/// A legal hold on a case: while it is on, retention never touches the
/// case (a complaint, a claim or an inquiry is pending).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalHold {
    pub id: i64,
    pub case_id: CaseId,
    /// The case's country.
    pub country: Country,
    pub reason: String,
    pub placed_by: Option<UserId>,
    pub placed_at: DateTime<Utc>,
    pub lifted_by: Option<UserId>,
    pub lifted_at: Option<DateTime<Utc>>,
    pub lift_reason: Option<String>,
}

impl LegalHold {
    pub fn is_active(&self) -> bool {
        self.lifted_at.is_none()
    }
}

/// A legal hold to place or lift.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoldChange {
    pub case_id: CaseId,
    pub reason: String,
    pub by: Option<UserId>,
    pub at: DateTime<Utc>,
}

#[async_trait]
pub trait RetentionStore: Send + Sync {
    /// Every ended case not yet anonymised, by id.
    async fn retention_candidates(&self) -> StoreResult<Vec<RetentionCandidate>>;

    /// Anonymises one ended case in one transaction: its people are
    /// unlinked (and removed when they are in no other case), its
    /// documents removed (referral, additions, assessment, weekly
    /// summaries, discharge, follow-ups, survey, interviews, supervision
    /// recommendations, break-glass grants), the notes of its status
    /// history emptied; the case row keeps team, municipality, status and
    /// dates, so counts and the summary tables stay right. `audit` is
    /// appended once per person of the case (with the person) or once when
    /// it has none. Refused (`Conflict`) when the case is on hold, not
    /// ended, already anonymised or has an entry after `last_entry_by`;
    /// `NotFound` when there is no such case.
    async fn erase_case(
        &self,
        erasure: &CaseErasure,
        audit: &AuditEvent,
    ) -> StoreResult<ErasedCase>;

    /// Sign-in attempts before `before` and sessions that ended (expired
    /// or revoked) before it.
    async fn count_sign_in_records(&self, before: DateTime<Utc>) -> StoreResult<u64>;

    /// Deletes what [`Self::count_sign_in_records`] counts, with `audit`,
    /// in one transaction; returns how many rows went.
    async fn delete_sign_in_records(
        &self,
        before: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> StoreResult<u64>;

    /// Places a hold on a case (`Conflict` when one is on already,
    /// `NotFound` when there is no such case).
    async fn place_legal_hold(
        &self,
        hold: &HoldChange,
        audit: &AuditEvent,
    ) -> StoreResult<LegalHold>;

    /// Lifts the hold on a case (`Conflict` when none is on).
    async fn lift_legal_hold(
        &self,
        lift: &HoldChange,
        audit: &AuditEvent,
    ) -> StoreResult<LegalHold>;

    /// Legal holds, newest first; only those still on when `active_only`.
    async fn legal_holds(&self, active_only: bool) -> StoreResult<Vec<LegalHold>>;

    /// After removals: makes what was removed unreadable in the database's
    /// own files where the backend can. SQLite overwrites freed pages as it
    /// deletes (`secure_delete`), and here empties its write-ahead log,
    /// whose older frames still hold the removed rows (`Unavailable` when a
    /// reader holds the log; run again). PostgreSQL leaves dead rows to
    /// VACUUM (docs/RETENTION.md).
    async fn scrub_removed(&self) -> StoreResult<()>;
}

/// The SQL both backends share for retention, written once.
pub mod retention_sql {
    use crate::Backend;

    /// Where a case's entries are dated outside its own row: table, column,
    /// and whether the column is a time (else a day).
    const ENTRY_DATES: &[(&str, &str, bool)] = &[
        ("case_status_history", "at", true),
        ("referral_additions", "added_at", true),
        ("assessments", "updated_at", true),
        ("weekly_summaries", "updated_at", true),
        ("discharges", "discharged_on", false),
        ("follow_ups", "done_on", false),
        ("family_experience", "created_at", true),
        ("adherence_interviews", "created_at", true),
        ("safety_plans", "saved_at", true),
        ("incidents", "recorded_at", true),
        ("treatment_plans", "saved_at", true),
        ("treatment_modules", "recorded_at", true),
        ("mappings", "saved_at", true),
        ("child_voices", "recorded_at", true),
        ("psychiatric_consultations", "requested_at", true),
        ("home_details", "saved_at", true),
        ("crisis_plans", "saved_at", true),
        ("crisis_contacts", "logged_at", true),
    ];

    /// The tables whose rows about a case anonymising removes, children
    /// first.
    pub const CASE_DOCUMENTS: &[&str] = &[
        "can_child_outcomes",
        "can_child_follow_ups",
        "safety_plans",
        "incidents",
        "treatment_plans",
        "treatment_modules",
        "mappings",
        "child_voices",
        "psychiatric_consultations",
        "home_details",
        "crisis_plans",
        "crisis_contact_reads",
        "crisis_contacts",
        "referral_additions",
        "referrals",
        "assessments",
        "weekly_summaries",
        "discharges",
        "follow_ups",
        "family_experience",
        "adherence_interviews",
        "supervision_recommendations",
        "break_glass_grants",
    ];

    /// The statuses of an ended case, as an SQL list.
    pub const ENDED: &str = "('declined', 'withdrawn', 'discharged', 'closed')";

    fn day(backend: Backend, column: &str, time: bool) -> String {
        match (backend, time) {
            (Backend::Sqlite, true) => format!("substr({column}, 1, 10)"),
            (Backend::Postgres, true) => format!("({column} AT TIME ZONE 'UTC')::date"),
            (_, false) => column.to_owned(),
        }
    }

    /// The day of the last entry of the case `c`, as an SQL expression.
    pub fn last_entry(backend: Backend) -> String {
        let mut parts = vec![
            day(backend, "c.created_at", true),
            day(backend, "c.referred_on", false),
            day(backend, "c.treatment_start", false),
            day(backend, "c.discharged_on", false),
            day(backend, "c.acknowledged_at", true),
        ];
        for (table, column, time) in ENTRY_DATES {
            parts.push(format!(
                "(SELECT max({}) FROM {table} x WHERE x.case_id = c.id)",
                day(backend, &format!("x.{column}"), *time)
            ));
        }
        parts.push(
            "(SELECT max(s.held_on) FROM supervision_recommendations r \
             JOIN supervision_sessions s ON s.id = r.session_id WHERE r.case_id = c.id)"
                .to_owned(),
        );
        match backend {
            // SQLite's max() of several values is NULL when one is.
            Backend::Sqlite => format!(
                "max({})",
                parts
                    .iter()
                    .map(|p| format!("coalesce({p}, '')"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            // GREATEST skips NULLs.
            Backend::Postgres => format!("GREATEST({})", parts.join(", ")),
        }
    }

    /// A [`super::RetentionCandidate`]'s columns, from `cases c`.
    pub fn candidate_columns(backend: Backend) -> String {
        format!(
            "c.id, c.country, c.team_id, c.status, {}, \
             EXISTS (SELECT 1 FROM legal_holds l WHERE l.case_id = c.id AND l.lifted_at IS NULL)",
            last_entry(backend)
        )
    }

    /// A [`super::LegalHold`]'s columns and tables (`h`, `c`).
    pub const HOLD_SELECT: &str = "SELECT h.id, h.case_id, c.country, h.reason, h.placed_by, \
         h.placed_at, h.lifted_by, h.lifted_at, h.lift_reason \
         FROM legal_holds h JOIN cases c ON c.id = h.case_id";
}

/// Whether `erasure` may go ahead on the case as it stands in the
/// transaction: ended, not anonymised, not held, and no entry after the
/// day the rule was judged on.
pub fn check_erasable(
    case: &RetentionCandidate,
    already_erased: bool,
    erasure: &CaseErasure,
) -> StoreResult<()> {
    let refusal = if already_erased {
        Some(msg!("case-erased-already"))
    } else if rundt_domain::retention::RecordKind::of_case(case.status).is_none() {
        Some(msg!("case-erasure-not-ended"))
    } else if case.on_hold {
        Some(msg!("case-erasure-on-hold"))
    } else if case.last_entry > erasure.last_entry_by {
        Some(msg!("case-erasure-new-entry", day = case.last_entry))
    } else {
        None
    };
    refusal.map_or(Ok(()), |m| Err(StoreError::Conflict(m)))
}

/// The audit events of anonymising a case: `event` once per person who was
/// in it (so each person's log says so), or once when it had none.
pub fn erasure_events(event: &AuditEvent, case_id: CaseId, people: &[PersonId]) -> Vec<AuditEvent> {
    if people.is_empty() {
        let mut base = event.clone();
        base.object_id.get_or_insert(case_id.get());
        return vec![base];
    }
    case_person_events(event, case_id, people.iter().copied())
}

/// One event per person of case `case_id` a read or write touched:
/// `event` naming the case (unless it names another record) and the
/// person, so it shows in each one's access log.
pub fn case_person_events(
    event: &AuditEvent,
    case_id: CaseId,
    people: impl IntoIterator<Item = PersonId>,
) -> Vec<AuditEvent> {
    let mut base = event.clone();
    base.object_id.get_or_insert(case_id.get());
    people
        .into_iter()
        .map(|p| {
            let mut e = base.clone();
            e.person_id = Some(p);
            e
        })
        .collect()
}

impl FromRow for RetentionCandidate {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(RetentionCandidate {
            case_id: c.read()?,
            country: c.parsed()?,
            team_id: c.read()?,
            status: c.parsed()?,
            last_entry: c.read()?,
            on_hold: c.read()?,
        })
    }
}

impl FromRow for LegalHold {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(LegalHold {
            id: c.read()?,
            case_id: c.read()?,
            country: c.parsed()?,
            reason: c.read()?,
            placed_by: c.read()?,
            placed_at: c.read()?,
            lifted_by: c.read()?,
            lifted_at: c.read()?,
            lift_reason: c.read()?,
        })
    }
}
