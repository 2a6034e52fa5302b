//! Storage of the team's people: training records with their
//! certificates, the supervisor's training exceptions, boosters,
//! development plans (every version kept) with their reviews, and the
//! team's ratings of its consultant. Meeting attendance is stored with the
//! meeting ([`crate::SupervisionRecord::attendance`]). Every write appends
//! its audit event in the same transaction; nothing is deleted.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use rundt_domain::audit::AuditEvent;
use rundt_domain::id::{TeamId, UserId};
use rundt_domain::people::{
    Booster, Certificate, ConsultantRatingRow, DevelopmentPlan, HeldMeeting, HoldBooster,
    NewBooster, NewPlanReview, NewPlanVersion, NewTrainingRecord, PlanReview, TrainingException,
    TrainingRecord,
};

use crate::StoreResult;

/// Who wrote a record, and when: stamped on training records, exceptions,
/// plan versions and reviews.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub by: Option<UserId>,
    pub at: DateTime<Utc>,
}

/// A consultant rating to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewConsultantRatingRow {
    pub team_id: TeamId,
    pub consultant_id: UserId,
    pub rater_id: UserId,
    pub rated_on: NaiveDate,
    pub answers: Vec<Option<u8>>,
    pub score: Option<f64>,
    pub created_at: DateTime<Utc>,
}

#[async_trait]
pub trait PeopleStore: Send + Sync {
    /// Records a course a person took, with its certificate if one came
    /// (bytes and description in the same transaction).
    async fn add_training_record(
        &self,
        user_id: UserId,
        record: &NewTrainingRecord,
        certificate: Option<&Certificate>,
        written: Written,
        audit: &AuditEvent,
    ) -> StoreResult<TrainingRecord>;

    /// The courses of these people, by person then `finished_on`, oldest
    /// first (certificate descriptions included, bytes not).
    async fn training_records(&self, user_ids: &[UserId]) -> StoreResult<Vec<TrainingRecord>>;

    /// A training record and its certificate's bytes; none when the record
    /// does not exist or has no certificate.
    async fn certificate(
        &self,
        record_id: i64,
    ) -> StoreResult<Option<(TrainingRecord, Certificate)>>;

    /// The supervisor's exception for a person without the initial
    /// training. A second exception for the same team and person is kept
    /// beside the first (the newest counts).
    async fn add_training_exception(
        &self,
        team_id: TeamId,
        user_id: UserId,
        reason: &str,
        written: Written,
        audit: &AuditEvent,
    ) -> StoreResult<TrainingException>;

    /// A team's exceptions, oldest first.
    async fn training_exceptions(&self, team_id: TeamId) -> StoreResult<Vec<TrainingException>>;

    /// The team's supervision and consultation meetings held from `from` to
    /// `to` (both included) with their attendance, oldest first.
    async fn team_meetings_between(
        &self,
        team_id: TeamId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<HeldMeeting>>;

    /// Plans a booster, or records one held (`held_on` and attendees set);
    /// version 1.
    async fn add_booster(
        &self,
        team_id: TeamId,
        booster: &NewBooster,
        audit: &AuditEvent,
    ) -> StoreResult<Booster>;

    /// Records a planned booster as held at `expected_version` (else
    /// `VersionMismatch`; `NotFound` when there is none); bumps the version.
    async fn hold_booster(
        &self,
        booster_id: i64,
        expected_version: i64,
        hold: &HoldBooster,
        audit: &AuditEvent,
    ) -> StoreResult<Booster>;

    async fn get_booster(&self, booster_id: i64) -> StoreResult<Option<Booster>>;

    /// The boosters of these teams planned or held on `since` or later,
    /// by `planned_on`, oldest first.
    async fn team_boosters(
        &self,
        team_ids: &[TeamId],
        since: NaiveDate,
    ) -> StoreResult<Vec<Booster>>;

    /// Writes a new version of a person's plan in a team on `written_on`:
    /// the first (`expected_version` none; `Conflict` when a plan exists)
    /// or the next after `expected_version` (else `VersionMismatch`).
    /// Returns the plan at the new version with all its reviews.
    #[allow(clippy::too_many_arguments)]
    async fn save_plan_version(
        &self,
        team_id: TeamId,
        user_id: UserId,
        expected_version: Option<i64>,
        plan: &NewPlanVersion,
        written_on: NaiveDate,
        written: Written,
        audit: &AuditEvent,
    ) -> StoreResult<DevelopmentPlan>;

    /// A person's plan in a team at its newest version, with its reviews.
    async fn development_plan(
        &self,
        team_id: TeamId,
        user_id: UserId,
    ) -> StoreResult<Option<DevelopmentPlan>>;

    /// Every version of a plan, oldest first, each with the reviews
    /// (all of the plan's reviews, the same list on every version).
    async fn plan_versions(&self, plan_id: i64) -> StoreResult<Vec<DevelopmentPlan>>;

    /// The newest version of every plan in these teams, with reviews.
    async fn team_plans(&self, team_ids: &[TeamId]) -> StoreResult<Vec<DevelopmentPlan>>;

    /// Records a review of a plan (`NotFound` when there is no such plan).
    async fn add_plan_review(
        &self,
        plan_id: i64,
        review: &NewPlanReview,
        written: Written,
        audit: &AuditEvent,
    ) -> StoreResult<PlanReview>;

    async fn record_consultant_rating(
        &self,
        rating: &NewConsultantRatingRow,
        audit: &AuditEvent,
    ) -> StoreResult<()>;

    /// Ratings of the consultants of these teams made on `since` or later,
    /// oldest first.
    async fn consultant_ratings(
        &self,
        team_ids: &[TeamId],
        since: NaiveDate,
    ) -> StoreResult<Vec<ConsultantRatingRow>>;

    /// The day `rater_id` last rated the consultant of `team_id`.
    async fn last_consultant_rating(
        &self,
        team_id: TeamId,
        rater_id: UserId,
    ) -> StoreResult<Option<NaiveDate>>;
}
