//! Storage of feasibility studies: every version of a study kept whole (as
//! JSON beside the columns lists and access need), the comments and the
//! municipalities' approvals. The approval that completes a study creates
//! its team in the same transaction. Every write appends its audit event in
//! the same transaction; nothing is deleted.

use async_trait::async_trait;
use rundt_domain::audit::AuditEvent;
use rundt_domain::country::Country;
use rundt_domain::feasibility::{Study, StudyComment, StudyDocument, StudySummary, StudyVersion};
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::team::{NewTeam, TeamId};

use crate::StoreResult;
use crate::people::Written;

/// The team an approval creates, with the audit event of its creation.
#[derive(Debug, Clone, Copy)]
pub struct TeamFromStudy<'a> {
    pub team: &'a NewTeam,
    pub audit: &'a AuditEvent,
}

#[async_trait]
pub trait FeasibilityStore: Send + Sync {
    /// Stores a new study as its version 1 (status draft).
    async fn create_study(
        &self,
        document: &StudyDocument,
        written: Written,
        audit: &AuditEvent,
    ) -> StoreResult<Study>;

    /// Stores a new version of a study if its newest version is still
    /// `expected_version`; otherwise [`crate::StoreError::VersionMismatch`].
    /// A study that does not exist: [`crate::StoreError::NotFound`]; an
    /// approved study takes no more versions:
    /// [`crate::StoreError::Conflict`] `study-approved`.
    async fn save_study_version(
        &self,
        study_id: i64,
        expected_version: i64,
        document: &StudyDocument,
        written: Written,
        audit: &AuditEvent,
    ) -> StoreResult<Study>;

    /// A study with its newest version, comments and approvals.
    async fn study(&self, study_id: i64) -> StoreResult<Option<Study>>;

    /// Every version of a study, oldest first.
    async fn study_versions(&self, study_id: i64) -> StoreResult<Vec<StudyVersion>>;

    /// The studies of a country, newest first; with a municipality, only
    /// those whose newest version names it.
    async fn studies(
        &self,
        country: Country,
        municipality: Option<&MunicipalityCode>,
    ) -> StoreResult<Vec<StudySummary>>;

    /// Adds a comment on the study's version `version`; a study or a
    /// version that does not exist: [`crate::StoreError::NotFound`].
    async fn add_study_comment(
        &self,
        study_id: i64,
        version: i64,
        text: &str,
        written: Written,
        audit: &AuditEvent,
    ) -> StoreResult<StudyComment>;

    /// Records a municipality's approval of the study's version `version`
    /// (which must still be the newest: otherwise `VersionMismatch`). With
    /// `team`, the study is approved: the team is created, the study is
    /// marked approved and linked to it, all in the same transaction (the
    /// team's audit event appended after the approval's; a refused team,
    /// e.g. its name taken, writes nothing). The same municipality's
    /// approval of the same version twice: [`crate::StoreError::Conflict`]
    /// `record-exists`; an approved study: `Conflict` `study-approved`; a
    /// study that does not exist: `NotFound`.
    async fn approve_study(
        &self,
        study_id: i64,
        version: i64,
        municipality: &MunicipalityCode,
        written: Written,
        audit: &AuditEvent,
        team: Option<TeamFromStudy<'_>>,
    ) -> StoreResult<Study>;

    /// The approved study a team was created from.
    async fn study_of_team(&self, team_id: TeamId) -> StoreResult<Option<Study>>;
}
