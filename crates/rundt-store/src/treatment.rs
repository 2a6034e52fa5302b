//! Storage of a family's course: the referral and its screening, status
//! changes with their history, the assessment, weekly summaries, supervision
//! recommendations, discharge and follow-ups. Clinical content is stored as
//! JSON documents (the domain types, serialised by the use cases); the
//! figures reports need are stored beside them as plain columns.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use rundt_domain::audit::AuditEvent;
use rundt_domain::discharge::{ChildFollowUp, ChildOutcome, Discharge, DischargeReason};
use rundt_domain::id::CaseId;
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::referral::{ReferralDetails, Screening};
use rundt_domain::team::TeamId;
use rundt_domain::treatment::{Assessment, WeeklySummary};
use rundt_domain::user::UserId;
use serde::Serialize;

use crate::{
    CanWrite, CaseRecord, ChildFollowUpRecord, StoreError, StoreResult, TreatmentPlanVersion,
};

/// The referral form and its screening.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReferralRecord {
    pub case_id: CaseId,
    pub details: ReferralDetails,
    pub screening: Screening,
    pub eligible: bool,
}

/// A change of a case's status and the fields that go with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseChange {
    pub status: CaseStatus,
    /// `Some(x)` sets the therapist to `x`.
    pub therapist_id: Option<Option<UserId>>,
    pub treatment_start: Option<NaiveDate>,
    pub discharged_on: Option<NaiveDate>,
    /// Why (a decline, an override of screening, a change of therapist).
    pub note: Option<String>,
    /// The change acknowledges the referral too, unless it is already
    /// (the team's decision on a referral).
    pub acknowledge: bool,
}

impl CaseChange {
    /// The change that moves a case to `status` and nothing else (yet).
    pub fn to(status: CaseStatus) -> Self {
        Self {
            status,
            therapist_id: None,
            treatment_start: None,
            discharged_on: None,
            note: None,
            acknowledge: false,
        }
    }
}

/// One of several changes of a case saved together (accept, then assign):
/// the change and the audit event that describes it.
#[derive(Debug, Clone)]
pub struct CaseStep {
    pub change: CaseChange,
    pub audit: AuditEvent,
}

/// One entry of a case's status history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusChange {
    pub at: DateTime<Utc>,
    pub from_status: CaseStatus,
    pub to_status: CaseStatus,
    pub by_user_id: Option<UserId>,
    pub note: Option<String>,
}

/// The stored assessment with its version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionedDocument {
    pub id: i64,
    pub case_id: CaseId,
    pub content: Assessment,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

/// A weekly summary as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WeeklySummaryRecord {
    pub id: i64,
    pub case_id: CaseId,
    pub week_start: NaiveDate,
    pub therapist_id: Option<UserId>,
    pub content: WeeklySummary,
    pub contact_count: u32,
    pub contact_minutes: u32,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

/// A new or changed weekly summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeeklySummaryWrite {
    pub case_id: CaseId,
    pub week_start: NaiveDate,
    pub therapist_id: Option<UserId>,
    pub content: WeeklySummary,
}

impl WeeklySummaryWrite {
    /// The contacts and their minutes, stored beside the summary for the
    /// reports: taken from the summary, so they cannot disagree with it.
    /// Both backends store them as 32-bit integers; a summary past that is
    /// refused by both alike.
    pub fn contact_figures(&self) -> StoreResult<(i32, i32)> {
        let fits = |column: &str, n: u64| {
            i32::try_from(n).map_err(|_| {
                StoreError::Internal(format!(
                    "{n} does not fit column weekly_summaries.{column} (at most {})",
                    i32::MAX
                ))
            })
        };
        let contacts = u64::try_from(self.content.contacts.len()).unwrap_or(u64::MAX);
        let minutes = self.content.contact_minutes();
        Ok((
            fits("contact_count", contacts)?,
            fits("contact_minutes", minutes)?,
        ))
    }
}

/// The discharge as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DischargeRecord {
    pub case_id: CaseId,
    pub discharged_on: NaiveDate,
    pub reason: DischargeReason,
    pub content: Discharge,
    pub treatment_days: i64,
    pub living_at_home: bool,
    pub in_school_or_working: bool,
    pub no_new_arrests: bool,
    /// MST-CAN: the children's outcomes and the family's facts for the
    /// results, stored in the same transaction (`None` when read back:
    /// the children's outcomes are in `content`).
    pub can: Option<CanWrite<ChildOutcome>>,
}

/// A follow-up as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUpRecord {
    pub case_id: CaseId,
    pub months: u8,
    pub done_on: NaiveDate,
    pub living_at_home: bool,
    pub in_school_or_working: bool,
    pub no_new_arrests: bool,
    pub notes: String,
    /// MST-CAN: the children's rows and the family's facts as they now
    /// stand, stored in the same transaction (`None` when read back; see
    /// [`crate::CanResultsStore::can_child_follow_ups`]).
    pub can: Option<CanWrite<ChildFollowUp>>,
}

/// A weekly supervision or consultation meeting of a team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupervisionRecord {
    pub id: i64,
    pub team_id: TeamId,
    pub held_on: NaiveDate,
    /// `supervision` or `consultation`.
    pub kind: String,
    /// Names of those present.
    pub attendees: Vec<String>,
    /// Each team member's attendance (empty for meetings recorded before
    /// attendance was kept).
    pub attendance: Vec<rundt_domain::people::MeetingAttendance>,
    /// (case id, recommendation).
    pub recommendations: Vec<(CaseId, String)>,
}

impl SupervisionRecord {
    /// Gives each of `meetings` its recommendations, (meeting id, case,
    /// text) rows, and its attendance rows, each in the rows' order: how
    /// both backends put a team's history together from one query each.
    pub fn attach(
        meetings: &mut [SupervisionRecord],
        recommendations: Vec<(i64, CaseId, String)>,
        attendance: Vec<crate::AttendanceRow>,
    ) {
        for (session_id, case_id, text) in recommendations {
            if let Some(m) = meetings.iter_mut().find(|m| m.id == session_id) {
                m.recommendations.push((case_id, text));
            }
        }
        for row in attendance {
            if let Some(m) = meetings.iter_mut().find(|m| m.id == row.session_id) {
                m.attendance.push(row.attendance);
            }
        }
    }
}

/// A recommendation from supervision shown on the family's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Recommendation {
    pub session_id: i64,
    pub held_on: NaiveDate,
    pub kind: String,
    pub recommendation: String,
}

/// What a family's file shows of one case's course, read together: on
/// one SQLite reader, or pipelined on one PostgreSQL connection, where
/// reading each on its own cost a pool checkout and a round trip apiece.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRecords {
    pub referral: Option<ReferralRecord>,
    /// Newest week first, as [`TreatmentStore::weekly_summaries`].
    pub weekly_summaries: Vec<WeeklySummaryRecord>,
    pub assessment: Option<VersionedDocument>,
    pub discharge: Option<DischargeRecord>,
    pub follow_ups: Vec<FollowUpRecord>,
    /// MST-CAN's per-child follow-ups, as `can_child_follow_ups`.
    pub child_follow_ups: Vec<ChildFollowUpRecord>,
    pub recommendations: Vec<Recommendation>,
    pub status_history: Vec<StatusChange>,
    /// MST-CAN's treatment plan, newest version first, as `treatment_plans`.
    pub treatment_plans: Vec<TreatmentPlanVersion>,
}

#[async_trait]
pub trait TreatmentStore: Send + Sync {
    /// The course records of one case (see [`CaseRecords`]): each field as
    /// its own read would answer.
    async fn case_records(&self, case_id: CaseId) -> StoreResult<CaseRecords>;

    /// Stores the referral form and screening of a case (once).
    async fn save_referral(&self, referral: &ReferralRecord, audit: &AuditEvent)
    -> StoreResult<()>;
    async fn referral(&self, case_id: CaseId) -> StoreResult<Option<ReferralRecord>>;

    /// Changes a case at `expected_version` (else `VersionMismatch`), records
    /// the status history, bumps the version.
    async fn change_case(
        &self,
        case_id: CaseId,
        expected_version: i64,
        change: &CaseChange,
        audit: &AuditEvent,
    ) -> StoreResult<CaseRecord>;

    /// Like [`Self::change_case`] for each step in turn (the first at
    /// `expected_version`, each next at the version the one before left),
    /// all in one transaction: every step is saved, or none.
    async fn change_case_in_steps(
        &self,
        case_id: CaseId,
        expected_version: i64,
        steps: &[CaseStep],
    ) -> StoreResult<CaseRecord>;

    async fn status_history(&self, case_id: CaseId) -> StoreResult<Vec<StatusChange>>;

    /// Inserts (expected `None`) or replaces (expected `Some(version)`) the
    /// case's assessment; returns the stored document.
    async fn save_assessment(
        &self,
        case_id: CaseId,
        content: &Assessment,
        expected_version: Option<i64>,
        audit: &AuditEvent,
    ) -> StoreResult<VersionedDocument>;
    async fn assessment(&self, case_id: CaseId) -> StoreResult<Option<VersionedDocument>>;

    /// Inserts a weekly summary (a second one for the same week is a
    /// `Conflict`) or, with `expected_version`, replaces it.
    async fn save_weekly_summary(
        &self,
        summary: &WeeklySummaryWrite,
        expected_version: Option<i64>,
        audit: &AuditEvent,
    ) -> StoreResult<WeeklySummaryRecord>;
    /// A case's summaries, newest week first.
    async fn weekly_summaries(&self, case_id: CaseId) -> StoreResult<Vec<WeeklySummaryRecord>>;
    /// (case id, week start) of every summary of the given cases since a day.
    async fn summarised_weeks(
        &self,
        case_ids: &[CaseId],
        since: NaiveDate,
    ) -> StoreResult<Vec<(CaseId, NaiveDate)>>;

    /// Records the discharge and changes the case to `change` in one
    /// transaction, at `expected_version`.
    async fn discharge_case(
        &self,
        discharge: &DischargeRecord,
        expected_version: i64,
        change: &CaseChange,
        audit: &AuditEvent,
    ) -> StoreResult<CaseRecord>;
    async fn discharge(&self, case_id: CaseId) -> StoreResult<Option<DischargeRecord>>;

    /// Records a follow-up (once per 6/12/18) and changes the case.
    async fn record_follow_up(
        &self,
        follow_up: &FollowUpRecord,
        expected_version: i64,
        change: &CaseChange,
        audit: &AuditEvent,
    ) -> StoreResult<CaseRecord>;
    async fn follow_ups(&self, case_id: CaseId) -> StoreResult<Vec<FollowUpRecord>>;

    async fn create_supervision(
        &self,
        record: &SupervisionRecord,
        audit: &AuditEvent,
    ) -> StoreResult<SupervisionRecord>;
    /// A team's meetings, newest first, with `audit` (the reading of them)
    /// appended in the same transaction: the recommendations are about
    /// families.
    async fn team_supervisions(
        &self,
        team_id: TeamId,
        limit: u32,
        audit: &AuditEvent,
    ) -> StoreResult<Vec<SupervisionRecord>>;
    /// Recommendations about a case, newest first.
    async fn recommendations(&self, case_id: CaseId) -> StoreResult<Vec<Recommendation>>;
}
