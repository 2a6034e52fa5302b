//! The records the team's people are kept in: training, meeting
//! attendance, boosters, development plans and consultant ratings. The
//! rules that check and count them live in the sibling modules.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::id::{TeamId, UserId};
use crate::team::Position;

string_coded! {
    /// A course a person has taken. The initial training is the MST
    /// orientation (5 days); an MST-CAN team's people also take the MST-CAN
    /// days (4) and the trauma-treatment days (4); a supervisor also takes
    /// the supervisor training (2 days). DOMAIN.md §1 and §5.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum TrainingKind {
        MstOrientation => "mst_orientation",
        MstCan => "mst_can",
        TraumaTreatment => "trauma_treatment",
        SupervisorTraining => "supervisor_training",
        Other => "other",
    }
    unknown => ("kind", "training-kind-unknown")
}

string_coded! {
    /// The file types a certificate may be, told from the file's first
    /// bytes, never from its name or the browser's word.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum CertificateType {
        #[serde(rename = "application/pdf")]
        Pdf => "application/pdf",
        #[serde(rename = "image/png")]
        Png => "image/png",
        #[serde(rename = "image/jpeg")]
        Jpeg => "image/jpeg",
    }
    unknown => ("certificate", "certificate-type")
}

/// What is known of a stored certificate without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateInfo {
    /// The file's name as uploaded, cleaned (no path, at most 200 chars).
    pub file_name: String,
    pub content_type: CertificateType,
    pub size_bytes: u32,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
}

/// A certificate file: its description and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    pub info: CertificateInfo,
    pub bytes: Vec<u8>,
}

/// One course a person took, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingRecord {
    pub id: i64,
    pub user_id: UserId,
    pub kind: TrainingKind,
    /// The course's name; required for `other`, optional otherwise.
    pub title: Option<String>,
    /// Who gave the course, e.g. "MST Danmark" or "MST Services".
    pub provider: String,
    pub started_on: NaiveDate,
    pub finished_on: NaiveDate,
    /// Training days.
    pub days: u8,
    pub certificate: Option<CertificateInfo>,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: Option<UserId>,
}

/// A course to record (its certificate travels beside it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewTrainingRecord {
    pub kind: TrainingKind,
    #[serde(default)]
    pub title: Option<String>,
    pub provider: String,
    pub started_on: NaiveDate,
    pub finished_on: NaiveDate,
    pub days: u8,
}

/// The supervisor's recorded exception: a therapist without the initial
/// training may be assigned families in this team, for the reason given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingException {
    pub id: i64,
    pub team_id: TeamId,
    pub user_id: UserId,
    pub reason: String,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: Option<UserId>,
}

/// Whether a person's initial training is complete for their position in
/// a team of a programme model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InitialTraining {
    /// The courses the position needs, in the order they are taken.
    pub required: Vec<TrainingKind>,
    /// Those of `required` with no record.
    pub missing: Vec<TrainingKind>,
}

impl InitialTraining {
    pub fn complete(&self) -> bool {
        self.missing.is_empty()
    }
}

string_coded! {
    /// The two weekly meetings: the team's supervision, and the
    /// consultation with the team's MST expert (consultant).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum MeetingKind {
        Supervision => "supervision",
        Consultation => "consultation",
    }
    unknown => ("kind", "meeting-kind")
}

string_coded! {
    /// Why someone was not at a meeting.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum AbsenceReason {
        Illness => "illness",
        Leave => "leave",
        /// With a family in crisis at the time.
        FamilyCrisis => "family_crisis",
        Training => "training",
        Other => "other",
    }
    unknown => ("absence_reason", "absence-reason-unknown")
}

/// One team member at one meeting: there, or away for a reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingAttendance {
    pub user_id: UserId,
    pub present: bool,
    /// Required when absent, none when present.
    #[serde(default)]
    pub absence_reason: Option<AbsenceReason>,
}

/// A meeting held, with who was there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HeldMeeting {
    pub session_id: i64,
    pub held_on: NaiveDate,
    pub kind: MeetingKind,
    pub attendance: Vec<MeetingAttendance>,
}

/// A person's days in a team: from `since`, to `until` (included) if they
/// left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberSpan {
    pub user_id: UserId,
    pub position: Position,
    pub since: NaiveDate,
    pub until: Option<NaiveDate>,
}

/// A person's weeks without a meeting of one kind, over the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeeksMissed {
    pub user_id: UserId,
    pub kind: MeetingKind,
    /// Whole weeks of the window the person was in the team.
    pub weeks_counted: u32,
    /// Of those, weeks they were at no meeting of the kind.
    pub weeks_missed: u32,
    /// Missed weeks with a recorded absence reason (part of `weeks_missed`).
    pub weeks_excused: u32,
    /// `weeks_missed` reached the flag threshold.
    pub flagged: bool,
}

/// A method booster: planned for a day, later held with a topic, a trainer
/// and who attended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Booster {
    pub id: i64,
    pub team_id: TeamId,
    pub planned_on: NaiveDate,
    /// Set once held.
    pub held_on: Option<NaiveDate>,
    pub topic: String,
    pub trainer: String,
    /// Who attended (empty until held).
    pub attendees: Vec<UserId>,
    pub version: i64,
}

/// A booster to plan, or to record as held at once (`held_on` set, with
/// its attendees).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewBooster {
    pub planned_on: NaiveDate,
    pub topic: String,
    pub trainer: String,
    #[serde(default)]
    pub held_on: Option<NaiveDate>,
    #[serde(default)]
    pub attendees: Vec<UserId>,
}

/// Recording a planned booster as held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HoldBooster {
    pub held_on: NaiveDate,
    pub attendees: Vec<UserId>,
}

/// A person's boosters over the last 12 months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonBoosters {
    pub user_id: UserId,
    pub attended: u32,
    /// What the person's time in the team asks for: four a year, fewer for
    /// someone who joined within the year.
    pub expected: u32,
    /// `attended < expected`.
    pub flagged: bool,
}

/// The team's boosters over the last 12 months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamBoosters {
    pub held: u32,
    pub expected: u32,
    /// Planned, not yet held, with a day from today on.
    pub planned_ahead: u32,
    pub flagged: bool,
}

string_coded! {
    /// The model's competences a development-plan goal is tied to: the
    /// nine principles, the analytic process (the do-loop), engagement,
    /// and adherence findings (TAM-R). DOMAIN.md §3.1, §3.2, §4.1.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum Competence {
        #[serde(rename = "principle_1")]
        Principle1 => "principle_1",
        #[serde(rename = "principle_2")]
        Principle2 => "principle_2",
        #[serde(rename = "principle_3")]
        Principle3 => "principle_3",
        #[serde(rename = "principle_4")]
        Principle4 => "principle_4",
        #[serde(rename = "principle_5")]
        Principle5 => "principle_5",
        #[serde(rename = "principle_6")]
        Principle6 => "principle_6",
        #[serde(rename = "principle_7")]
        Principle7 => "principle_7",
        #[serde(rename = "principle_8")]
        Principle8 => "principle_8",
        #[serde(rename = "principle_9")]
        Principle9 => "principle_9",
        AnalyticProcess => "analytic_process",
        Engagement => "engagement",
        AdherenceFindings => "adherence_findings",
    }
    unknown => ("competence", "competence-unknown")
}

/// One goal of a development plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DevelopmentGoal {
    pub competence: Competence,
    pub goal: String,
    pub actions: String,
}

/// A person's development plan in a team at one version. Every version is
/// kept; a review does not change the version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DevelopmentPlan {
    pub id: i64,
    pub team_id: TeamId,
    pub user_id: UserId,
    /// 1 for the first version.
    pub version: i64,
    pub goals: Vec<DevelopmentGoal>,
    /// The review date this version set.
    pub review_on: NaiveDate,
    /// The day the plan was first written (version 1's `written_on`).
    pub started_on: NaiveDate,
    /// The day this version was written.
    pub written_on: NaiveDate,
    pub written_at: DateTime<Utc>,
    pub written_by: Option<UserId>,
    /// The plan's reviews, oldest first (all versions').
    pub reviews: Vec<PlanReview>,
}

/// A plan version to write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPlanVersion {
    pub goals: Vec<DevelopmentGoal>,
    pub review_on: NaiveDate,
}

/// A review of a plan: what came of it, and when to look again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanReview {
    pub id: i64,
    pub plan_id: i64,
    pub reviewed_on: NaiveDate,
    pub notes: String,
    pub next_review_on: NaiveDate,
    pub reviewed_at: DateTime<Utc>,
    pub reviewed_by: Option<UserId>,
}

/// A review to record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPlanReview {
    pub reviewed_on: NaiveDate,
    pub notes: String,
    pub next_review_on: NaiveDate,
}

/// Where a plan's review stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanDue {
    /// The next review: the last review's `next_review_on`, or the current
    /// version's `review_on` when there is no review since it was written.
    pub due_on: NaiveDate,
    pub overdue: bool,
}

/// One team member's rating of the team's consultant (CAM structure).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsultantRating {
    pub date: NaiveDate,
    pub answers: Vec<Option<u8>>,
}

/// A stored consultant rating, for the figures: whose, and its score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConsultantRatingRow {
    pub team_id: TeamId,
    pub consultant_id: UserId,
    pub rater_id: UserId,
    pub rated_on: NaiveDate,
    /// None when too few items were answered to score.
    pub score: Option<f64>,
}

/// The consultant-adherence figure: the mean of the scored ratings, shown
/// only over at least [`crate::people::CAM_MIN_RATINGS`] of them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CamFigure {
    pub ratings: u32,
    /// None below the minimum.
    pub mean: Option<f64>,
}

/// Joins and leaves of a team in one calendar year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearTurnover {
    pub year: i32,
    pub joined: u32,
    pub left: u32,
}

/// A team's people figures: what the national office and the owning
/// municipalities see; no person can be told from them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamPeopleFigures {
    /// Therapists and the supervisor in post today.
    pub people: u32,
    /// Of those, with the initial training complete.
    pub initial_training_complete: u32,
    /// `initial_training_complete` ÷ `people`, percent with one decimal.
    pub training_coverage_percent: Option<f64>,
    /// Attended weeks ÷ counted weeks over the last 12 weeks, percent.
    pub supervision_attendance_percent: Option<f64>,
    pub consultation_attendance_percent: Option<f64>,
    pub boosters: TeamBoosters,
    /// People whose plan review is overdue.
    pub plans_overdue: u32,
    /// People without a plan.
    pub plans_missing: u32,
    pub cam: CamFigure,
    /// Oldest year first, from the team's first membership to this year.
    pub turnover: Vec<YearTurnover>,
}

/// One person's flags in a team, for their supervisor, consultant and
/// themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonFlags {
    pub span: MemberSpan,
    pub initial_training: InitialTraining,
    /// The supervisor recorded an exception to the initial training.
    pub training_exception: bool,
    pub supervision: WeeksMissed,
    pub consultation: WeeksMissed,
    pub boosters: PersonBoosters,
    /// None: no plan.
    pub plan: Option<PlanDue>,
}

impl PersonFlags {
    /// Whether anything about the person needs someone to act.
    pub fn any(&self) -> bool {
        (!self.initial_training.complete() && !self.training_exception)
            || self.supervision.flagged
            || self.consultation.flagged
            || self.boosters.flagged
            || self.plan.is_none_or(|p| p.overdue)
    }
}
