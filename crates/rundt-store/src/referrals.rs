//! Storage of a referral's hand-off from the municipality to the team: the
//! team's acknowledgement, recorded once, and the information the referring
//! caseworker adds while the team has not decided. Both change the case's
//! version (the team decides on what it has seen) and neither is ever
//! changed or removed afterwards.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rundt_domain::audit::AuditEvent;
use rundt_domain::id::CaseId;
use rundt_domain::user::UserId;
use serde::Serialize;

use crate::{CaseRecord, StoreResult};

/// Information the referring caseworker added to a referral.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferralAddition {
    pub id: i64,
    pub case_id: CaseId,
    pub added_at: DateTime<Utc>,
    /// Who added it (none for the command line).
    pub added_by: Option<UserId>,
    pub text: String,
}

#[async_trait]
pub trait ReferralStore: Send + Sync {
    /// Records that the team acknowledged the referral of `case_id`: by the
    /// event's actor, at the event's time. Refused when the case is not at
    /// `expected_version` (`VersionMismatch`) or was acknowledged already
    /// (`Conflict`; the first acknowledgement stays). Bumps the version.
    async fn acknowledge_referral(
        &self,
        case_id: CaseId,
        expected_version: i64,
        audit: &AuditEvent,
    ) -> StoreResult<CaseRecord>;

    /// Appends `text` to the referral of `case_id` (by the event's actor, at
    /// its time) at `expected_version` (else `VersionMismatch`) and bumps
    /// the case's version.
    async fn add_referral_information(
        &self,
        case_id: CaseId,
        expected_version: i64,
        text: &str,
        audit: &AuditEvent,
    ) -> StoreResult<CaseRecord>;

    /// The information added to a referral, oldest first.
    async fn referral_additions(&self, case_id: CaseId) -> StoreResult<Vec<ReferralAddition>>;
}
