//! What both backends share for storing the team's people: the SQL (with
//! `?N` placeholders; PostgreSQL's store writes them `$N`), the reading of
//! rows into the people records, the assembly of a record from its parent
//! row and its child rows, and the refusals a write can end in.

use rundt_domain::id::{TeamId, UserId};
use rundt_domain::msg;
use rundt_domain::people::{
    AbsenceReason, Booster, Certificate, CertificateInfo, CertificateType, ConsultantRatingRow,
    DevelopmentPlan, HeldMeeting, MeetingAttendance, PlanReview, TrainingException, TrainingRecord,
};

use crate::row::{Columns, FromRow};
use crate::{StoreError, StoreResult, stale};

/// The columns of a training record with its certificate's description
/// (`r`: the record, `c`: its certificate, joined), never the bytes.
macro_rules! training_columns {
    () => {
        "r.id, r.user_id, r.kind, r.title, r.provider, r.started_on, r.finished_on, r.days, \
         c.file_name, c.content_type, c.size_bytes, c.sha256, r.recorded_at, r.recorded_by"
    };
}

/// The columns of a plan at one version (`p`: the plan, `v`: the version).
macro_rules! plan_columns {
    () => {
        "SELECT p.id, p.team_id, p.user_id, v.version, v.goals, v.review_on, p.started_on, \
         v.written_on, v.written_at, v.written_by FROM development_plans p \
         JOIN development_plan_versions v ON v.plan_id = p.id"
    };
}

/// The SQL both backends share for the team's people. Lists of ids are
/// matched the way each backend matches a list (SQLite `json_each`,
/// PostgreSQL `= ANY`), so those queries end where the list comes in.
pub mod people_sql {
    pub const USER_EXISTS: &str = "SELECT id FROM users WHERE id = ?1";

    /// Training records with their certificates' descriptions; a `WHERE`
    /// on `r` follows.
    pub const TRAINING_SELECT: &str = concat!(
        "SELECT ",
        training_columns!(),
        " FROM training_records r LEFT JOIN training_certificates c ON c.record_id = r.id"
    );
    /// The order of a person's courses.
    pub const TRAINING_ORDER: &str = " ORDER BY r.user_id, r.finished_on, r.id";
    pub const TRAINING_BY_ID: &str = concat!(
        "SELECT ",
        training_columns!(),
        " FROM training_records r LEFT JOIN training_certificates c ON c.record_id = r.id \
         WHERE r.id = ?1"
    );
    /// A record with its certificate and the certificate's bytes (last).
    pub const CERTIFICATE_OF_RECORD: &str = concat!(
        "SELECT ",
        training_columns!(),
        ", c.bytes FROM training_records r JOIN training_certificates c ON c.record_id = r.id \
         WHERE r.id = ?1"
    );
    pub const INSERT_TRAINING: &str = "INSERT INTO training_records (user_id, kind, title, \
         provider, started_on, finished_on, days, recorded_at, recorded_by) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id";
    pub const INSERT_CERTIFICATE: &str = "INSERT INTO training_certificates (record_id, \
         file_name, content_type, size_bytes, sha256, bytes) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

    pub const EXCEPTION_SELECT: &str = "SELECT id, team_id, user_id, reason, recorded_at, \
         recorded_by FROM training_exceptions";
    pub const EXCEPTIONS_OF_TEAM: &str = "SELECT id, team_id, user_id, reason, recorded_at, \
         recorded_by FROM training_exceptions WHERE team_id = ?1 ORDER BY recorded_at, id";
    pub const INSERT_EXCEPTION: &str = "INSERT INTO training_exceptions (team_id, user_id, \
         reason, recorded_at, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id";

    /// The team's (`?1`) meetings from `?2` to `?3`, both included.
    pub const MEETINGS_BETWEEN: &str = "SELECT id, held_on, kind FROM supervision_sessions \
         WHERE team_id = ?1 AND held_on >= ?2 AND held_on <= ?3 ORDER BY held_on, id";
    /// The attendance at those meetings.
    pub const ATTENDANCE_BETWEEN: &str = "SELECT a.session_id, a.user_id, a.present, \
         a.absence_reason FROM meeting_attendance a \
         JOIN supervision_sessions s ON s.id = a.session_id \
         WHERE s.team_id = ?1 AND s.held_on >= ?2 AND s.held_on <= ?3 \
         ORDER BY a.session_id, a.user_id";
    /// Attendance rows; a `WHERE` on `session_id` follows.
    pub const ATTENDANCE_SELECT: &str =
        "SELECT session_id, user_id, present, absence_reason FROM meeting_attendance";
    pub const INSERT_ATTENDANCE: &str = "INSERT INTO meeting_attendance (session_id, user_id, \
         present, absence_reason) VALUES (?1, ?2, ?3, ?4)";

    pub const BOOSTER_SELECT: &str =
        "SELECT id, team_id, planned_on, held_on, topic, trainer, version FROM boosters";
    /// Boosters planned or held on `?2` or later; follows the team filter.
    pub const BOOSTERS_SINCE: &str =
        " AND (planned_on >= ?2 OR held_on >= ?2) ORDER BY planned_on, id";
    pub const INSERT_BOOSTER: &str = "INSERT INTO boosters (team_id, planned_on, held_on, topic, \
         trainer) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id";
    /// Holds booster `?1` on `?2`, only at the version read (`?3`).
    pub const HOLD_BOOSTER: &str = "UPDATE boosters SET held_on = ?2, version = version + 1 \
         WHERE id = ?1 AND version = ?3";
    pub const BOOSTER_VERSION: &str = "SELECT version FROM boosters WHERE id = ?1";
    pub const ATTENDEES_OF_BOOSTER: &str = "SELECT booster_id, user_id FROM booster_attendees \
         WHERE booster_id = ?1 ORDER BY user_id";
    /// Attendee rows; a `WHERE` on `booster_id` follows.
    pub const ATTENDEE_SELECT: &str = "SELECT booster_id, user_id FROM booster_attendees";
    pub const DELETE_ATTENDEES: &str = "DELETE FROM booster_attendees WHERE booster_id = ?1";
    /// A person named twice is one attendee.
    pub const INSERT_ATTENDEE: &str = "INSERT INTO booster_attendees (booster_id, user_id) \
         VALUES (?1, ?2) ON CONFLICT (booster_id, user_id) DO NOTHING";

    /// Plans at a version; a `WHERE` follows.
    pub const PLAN_SELECT: &str = plan_columns!();
    /// A person's (`?2`) plan in a team (`?1`) at its newest version.
    pub const PLAN_OF_PERSON: &str = concat!(
        plan_columns!(),
        " WHERE p.team_id = ?1 AND p.user_id = ?2 AND v.version = p.version"
    );
    pub const PLAN_VERSIONS: &str = concat!(plan_columns!(), " WHERE p.id = ?1 ORDER BY v.version");
    /// The newest version of the plans; follows the team filter.
    pub const PLANS_NEWEST: &str = " AND v.version = p.version ORDER BY p.team_id, p.user_id";
    /// The first version; writes nothing when the person has a plan.
    pub const INSERT_PLAN: &str = "INSERT INTO development_plans (team_id, user_id, started_on) \
         VALUES (?1, ?2, ?3) ON CONFLICT (team_id, user_id) DO NOTHING RETURNING id";
    /// A next version, only after the version read (`?3`).
    pub const NEXT_PLAN_VERSION: &str = "UPDATE development_plans SET version = version + 1 \
         WHERE team_id = ?1 AND user_id = ?2 AND version = ?3 RETURNING id, version";
    pub const PLAN_VERSION: &str =
        "SELECT version FROM development_plans WHERE team_id = ?1 AND user_id = ?2";
    pub const INSERT_PLAN_VERSION: &str = "INSERT INTO development_plan_versions (plan_id, \
         version, goals, review_on, written_on, written_at, written_by) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
    pub const PLAN_EXISTS: &str = "SELECT id FROM development_plans WHERE id = ?1";

    /// Reviews; a `WHERE` on `plan_id` follows.
    pub const REVIEW_SELECT: &str = "SELECT id, plan_id, reviewed_on, notes, next_review_on, \
         reviewed_at, reviewed_by FROM development_plan_reviews";
    /// The order of a plan's reviews: oldest first.
    pub const REVIEW_ORDER: &str = " ORDER BY plan_id, reviewed_on, id";
    pub const REVIEWS_OF_PLAN: &str = "SELECT id, plan_id, reviewed_on, notes, next_review_on, \
         reviewed_at, reviewed_by FROM development_plan_reviews WHERE plan_id = ?1 \
         ORDER BY plan_id, reviewed_on, id";
    pub const REVIEW_BY_ID: &str = "SELECT id, plan_id, reviewed_on, notes, next_review_on, \
         reviewed_at, reviewed_by FROM development_plan_reviews WHERE id = ?1";
    pub const INSERT_REVIEW: &str = "INSERT INTO development_plan_reviews (plan_id, \
         reviewed_on, notes, next_review_on, reviewed_at, reviewed_by) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id";

    pub const INSERT_RATING: &str = "INSERT INTO consultant_ratings (team_id, consultant_id, \
         rater_id, rated_on, answers, score, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
         RETURNING id";
    /// Ratings; the team filter follows.
    pub const RATING_SELECT: &str =
        "SELECT team_id, consultant_id, rater_id, rated_on, score FROM consultant_ratings";
    /// Ratings made on `?2` or later; follows the team filter.
    pub const RATINGS_SINCE: &str = " AND rated_on >= ?2 ORDER BY rated_on, id";
    pub const LAST_RATING: &str =
        "SELECT max(rated_on) FROM consultant_ratings WHERE team_id = ?1 AND rater_id = ?2";
}

/// One attendance row and the meeting it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceRow {
    pub session_id: i64,
    pub attendance: MeetingAttendance,
}

/// A training record read with its certificate's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCertificate {
    pub record: TrainingRecord,
    pub bytes: Vec<u8>,
}

impl StoredCertificate {
    /// The record and its certificate (description and bytes).
    pub fn into_parts(self) -> StoreResult<(TrainingRecord, Certificate)> {
        let info = self.record.certificate.clone().ok_or_else(|| {
            StoreError::Internal(format!(
                "training record {} has bytes but no certificate",
                self.record.id
            ))
        })?;
        Ok((
            self.record,
            Certificate {
                info,
                bytes: self.bytes,
            },
        ))
    }
}

/// A record and its certificate's description, joined (see
/// `training_columns`): the certificate is there when its columns are.
impl FromRow for TrainingRecord {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        let id: i64 = c.read()?;
        let user_id = c.read()?;
        let kind = c.parsed()?;
        let title = c.read()?;
        let provider = c.read()?;
        let started_on = c.read()?;
        let finished_on = c.read()?;
        let days = c.read()?;
        let file_name: Option<String> = c.read()?;
        let content_type = c.opt_parsed_with(CertificateType::from_code)?;
        let size_bytes: Option<u32> = c.read()?;
        let sha256: Option<String> = c.read()?;
        let certificate = match (file_name, content_type, size_bytes, sha256) {
            (Some(file_name), Some(content_type), Some(size_bytes), Some(sha256)) => {
                Some(CertificateInfo {
                    file_name,
                    content_type,
                    size_bytes,
                    sha256,
                })
            }
            (None, None, None, None) => None,
            _ => {
                return Err(StoreError::Internal(format!(
                    "the certificate of training record {id} is stored in part"
                )));
            }
        };
        Ok(Self {
            id,
            user_id,
            kind,
            title,
            provider,
            started_on,
            finished_on,
            days,
            certificate,
            recorded_at: c.read()?,
            recorded_by: c.read()?,
        })
    }
}

impl FromRow for StoredCertificate {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Self {
            record: c.read()?,
            bytes: c.read()?,
        })
    }
}

impl FromRow for TrainingException {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Self {
            id: c.read()?,
            team_id: c.read()?,
            user_id: c.read()?,
            reason: c.read()?,
            recorded_at: c.read()?,
            recorded_by: c.read()?,
        })
    }
}

/// A meeting without its attendance (read separately).
impl FromRow for HeldMeeting {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Self {
            session_id: c.read()?,
            held_on: c.read()?,
            kind: c.parsed()?,
            attendance: Vec::new(),
        })
    }
}

impl FromRow for AttendanceRow {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Self {
            session_id: c.read()?,
            attendance: MeetingAttendance {
                user_id: c.read()?,
                present: c.read()?,
                absence_reason: c.opt_parsed_with(AbsenceReason::from_code)?,
            },
        })
    }
}

/// A booster without its attendees (read separately).
impl FromRow for Booster {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Self {
            id: c.read()?,
            team_id: c.read()?,
            planned_on: c.read()?,
            held_on: c.read()?,
            topic: c.read()?,
            trainer: c.read()?,
            attendees: Vec::new(),
            version: c.read()?,
        })
    }
}

/// A plan at one version without its reviews (read separately).
impl FromRow for DevelopmentPlan {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Self {
            id: c.read()?,
            team_id: c.read()?,
            user_id: c.read()?,
            version: c.read()?,
            goals: c.json()?,
            review_on: c.read()?,
            started_on: c.read()?,
            written_on: c.read()?,
            written_at: c.read()?,
            written_by: c.read()?,
            reviews: Vec::new(),
        })
    }
}

impl FromRow for PlanReview {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Self {
            id: c.read()?,
            plan_id: c.read()?,
            reviewed_on: c.read()?,
            notes: c.read()?,
            next_review_on: c.read()?,
            reviewed_at: c.read()?,
            reviewed_by: c.read()?,
        })
    }
}

impl FromRow for ConsultantRatingRow {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Self {
            team_id: c.read()?,
            consultant_id: c.read()?,
            rater_id: c.read()?,
            rated_on: c.read()?,
            score: c.read()?,
        })
    }
}

/// Gives each meeting its attendance rows (in the rows' order).
pub fn attach_attendance(meetings: &mut [HeldMeeting], rows: Vec<AttendanceRow>) {
    for row in rows {
        if let Some(m) = meetings.iter_mut().find(|m| m.session_id == row.session_id) {
            m.attendance.push(row.attendance);
        }
    }
}

/// Gives each booster its attendees, from (booster id, user id) rows.
pub fn attach_attendees(boosters: &mut [Booster], rows: Vec<(i64, UserId)>) {
    for (booster_id, user_id) in rows {
        if let Some(b) = boosters.iter_mut().find(|b| b.id == booster_id) {
            b.attendees.push(user_id);
        }
    }
}

/// Gives each plan (at any version) all its plan's reviews.
pub fn attach_reviews(plans: &mut [DevelopmentPlan], reviews: &[PlanReview]) {
    for plan in plans {
        plan.reviews = reviews
            .iter()
            .filter(|r| r.plan_id == plan.id)
            .cloned()
            .collect();
    }
}

/// A meeting's attendance names each person at most once.
pub fn check_attendance(attendance: &[MeetingAttendance]) -> StoreResult<()> {
    for (i, a) in attendance.iter().enumerate() {
        if attendance[..i].iter().any(|b| b.user_id == a.user_id) {
            return Err(StoreError::Conflict(msg!(
                "record-exists",
                what = format!(" (meeting_attendance: user {})", a.user_id)
            )));
        }
    }
    Ok(())
}

/// The refusal of a first plan version for a person who has a plan.
pub fn plan_exists(team_id: TeamId, user_id: UserId) -> StoreError {
    StoreError::Conflict(msg!(
        "record-exists",
        what = format!(" (development plan of user {user_id} in team {team_id})")
    ))
}

/// The refusal of a next plan version that wrote nothing: there is no plan
/// (`stored` none), or it is at another version.
pub fn plan_save_refused(stored: Option<i64>, team_id: TeamId, user_id: UserId) -> StoreError {
    match stored {
        None => StoreError::NotFound(format!(
            "development plan of user {user_id} in team {team_id}"
        )),
        Some(current) => stale(current),
    }
}

/// The refusal of a booster's hold that wrote nothing: there is no such
/// booster (`stored` none), or it is at another version.
pub fn hold_refused(stored: Option<i64>, booster_id: i64) -> StoreError {
    match stored {
        None => StoreError::NotFound(format!("booster {booster_id}")),
        Some(current) => stale(current),
    }
}

/// The refusal of a write about a missing record.
pub fn missing(what: &str, id: impl std::fmt::Display) -> StoreError {
    StoreError::NotFound(format!("{what} {id}"))
}
