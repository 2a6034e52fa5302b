//! What both backends share for storing feasibility studies: the SQL (with
//! `?N` placeholders; PostgreSQL's store writes them `$N`), the reading of
//! rows into the study records, the assembly of a study from its rows and
//! the refusals a write can end in.

use rundt_domain::feasibility::{
    Study, StudyApproval, StudyComment, StudyStatus, StudySummary, StudyVersion,
};
use rundt_domain::msg;
use rundt_domain::municipality::MunicipalityCode;

use crate::row::{Columns, FromRow};
use crate::{StoreError, StoreResult, stale};

/// A study with its newest version (`s`: the study, `v`: the version); a
/// `WHERE` follows.
macro_rules! study_columns {
    () => {
        "SELECT s.id, s.status, s.team_id, s.created_at, s.created_by, v.study_id, v.version, \
         v.document, v.saved_at, v.saved_by FROM feasibility_studies s \
         JOIN feasibility_study_versions v ON v.study_id = s.id AND v.version = s.current_version"
    };
}

/// A line of the list of a country's (`?1`) studies (`s`: the study, `v`:
/// its newest version); the order or a municipality filter follows.
macro_rules! summary_columns {
    () => {
        "SELECT s.id, v.title, s.country, v.programme_model, s.status, s.team_id, v.version, \
         v.saved_at FROM feasibility_studies s \
         JOIN feasibility_study_versions v ON v.study_id = s.id AND v.version = s.current_version \
         WHERE s.country = ?1"
    };
}

/// Newest first: by the newest version's `saved_at`, then the newer study.
macro_rules! summary_order {
    () => {
        " ORDER BY v.saved_at DESC, s.id DESC"
    };
}

/// The SQL both backends share for feasibility studies.
pub mod feasibility_sql {
    /// A study with its newest version, by id (`?1`).
    pub const STUDY_BY_ID: &str = concat!(study_columns!(), " WHERE s.id = ?1");
    /// The study a team (`?1`) was created from.
    pub const STUDY_OF_TEAM: &str = concat!(study_columns!(), " WHERE s.team_id = ?1");
    pub const VERSIONS_OF_STUDY: &str = "SELECT study_id, version, document, saved_at, saved_by \
         FROM feasibility_study_versions WHERE study_id = ?1 ORDER BY version";
    /// Where a study stands: its newest version and its status.
    pub const STUDY_STATE: &str =
        "SELECT current_version, status FROM feasibility_studies WHERE id = ?1";
    pub const VERSION_EXISTS: &str =
        "SELECT version FROM feasibility_study_versions WHERE study_id = ?1 AND version = ?2";

    /// A new study of country `?1`, at version 1, a draft.
    pub const INSERT_STUDY: &str = "INSERT INTO feasibility_studies (country, status, \
         created_at, created_by, current_version) VALUES (?1, 'draft', ?2, ?3, 1) RETURNING id";
    pub const INSERT_VERSION: &str = "INSERT INTO feasibility_study_versions (study_id, version, \
         document, title, programme_model, saved_at, saved_by) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
    /// A municipality named twice in a version is listed once.
    pub const INSERT_MUNICIPALITY: &str = "INSERT INTO feasibility_study_municipalities \
         (study_id, version, municipality_code) VALUES (?1, ?2, ?3) \
         ON CONFLICT (study_id, version, municipality_code) DO NOTHING";
    /// The next version of study `?1`, only after the version read (`?2`)
    /// and only while it is a draft.
    pub const NEXT_VERSION: &str = "UPDATE feasibility_studies \
         SET current_version = current_version + 1 \
         WHERE id = ?1 AND current_version = ?2 AND status = 'draft' RETURNING current_version";

    /// The studies of a country (`?1`), newest first.
    pub const STUDIES_OF_COUNTRY: &str = concat!(summary_columns!(), summary_order!());
    /// The studies of a country (`?1`) whose newest version names the
    /// municipality `?2`, newest first.
    pub const STUDIES_NAMING: &str = concat!(
        summary_columns!(),
        " AND EXISTS (SELECT 1 FROM feasibility_study_municipalities m \
         WHERE m.study_id = s.id AND m.version = s.current_version \
         AND m.municipality_code = ?2)",
        summary_order!()
    );
    /// The municipalities the newest versions of a country's (`?1`)
    /// studies name, as (study id, code) rows.
    pub const MUNICIPALITIES_OF_COUNTRY: &str = "SELECT m.study_id, m.municipality_code \
         FROM feasibility_study_municipalities m \
         JOIN feasibility_studies s ON s.id = m.study_id AND m.version = s.current_version \
         WHERE s.country = ?1 ORDER BY m.study_id, m.municipality_code";

    pub const COMMENTS_OF_STUDY: &str = "SELECT id, study_id, version, text, written_at, \
         written_by FROM feasibility_study_comments WHERE study_id = ?1 ORDER BY written_at, id";
    pub const COMMENT_BY_ID: &str = "SELECT id, study_id, version, text, written_at, written_by \
         FROM feasibility_study_comments WHERE id = ?1";
    pub const INSERT_COMMENT: &str = "INSERT INTO feasibility_study_comments (study_id, version, \
         text, written_at, written_by) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id";

    pub const APPROVALS_OF_STUDY: &str = "SELECT study_id, version, municipality_code, \
         approved_at, approved_by FROM feasibility_study_approvals WHERE study_id = ?1 \
         ORDER BY approved_at, version, municipality_code";
    pub const INSERT_APPROVAL: &str = "INSERT INTO feasibility_study_approvals (study_id, \
         version, municipality_code, approved_at, approved_by) VALUES (?1, ?2, ?3, ?4, ?5)";
    /// Marks study `?1` approved, linked to the team `?2` its approval
    /// created.
    pub const MARK_APPROVED: &str =
        "UPDATE feasibility_studies SET status = 'approved', team_id = ?2 WHERE id = ?1";
}

/// Where a study stands, read before a write that depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StudyState {
    pub current_version: i64,
    pub status: StudyStatus,
}

impl FromRow for StudyState {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Self {
            current_version: c.read()?,
            status: c.parsed()?,
        })
    }
}

impl FromRow for StudyVersion {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Self {
            study_id: c.read()?,
            version: c.read()?,
            document: c.json()?,
            saved_at: c.read()?,
            saved_by: c.read()?,
        })
    }
}

/// A study at its newest version, without its comments and approvals
/// (read separately).
impl FromRow for Study {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Self {
            id: c.read()?,
            status: c.parsed()?,
            team_id: c.read()?,
            created_at: c.read()?,
            created_by: c.read()?,
            current: c.read()?,
            comments: Vec::new(),
            approvals: Vec::new(),
        })
    }
}

/// A line of a list without its municipalities (read separately).
impl FromRow for StudySummary {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Self {
            id: c.read()?,
            title: c.read()?,
            country: c.parsed()?,
            programme_model: c.read()?,
            municipalities: Vec::new(),
            status: c.parsed()?,
            team_id: c.read()?,
            version: c.read()?,
            saved_at: c.read()?,
        })
    }
}

impl FromRow for StudyComment {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Self {
            id: c.read()?,
            study_id: c.read()?,
            version: c.read()?,
            text: c.read()?,
            written_at: c.read()?,
            written_by: c.read()?,
        })
    }
}

impl FromRow for StudyApproval {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Self {
            study_id: c.read()?,
            version: c.read()?,
            municipality: c.read()?,
            approved_at: c.read()?,
            approved_by: c.read()?,
        })
    }
}

/// Gives each listed study the municipalities of its newest version, from
/// (study id, code) rows.
pub fn attach_study_municipalities(
    studies: &mut [StudySummary],
    rows: Vec<(i64, MunicipalityCode)>,
) {
    for (study_id, code) in rows {
        if let Some(s) = studies.iter_mut().find(|s| s.id == study_id) {
            s.municipalities.push(code);
        }
    }
}

/// The codes a version names, each once, in the document's order.
pub fn study_municipality_codes(
    document: &rundt_domain::feasibility::StudyDocument,
) -> Vec<&MunicipalityCode> {
    let mut codes: Vec<&MunicipalityCode> = Vec::new();
    for o in &document.municipalities {
        if !codes.contains(&&o.municipality_code) {
            codes.push(&o.municipality_code);
        }
    }
    codes
}

/// The refusal of a write to a study that does not exist.
pub fn study_missing(study_id: i64) -> StoreError {
    StoreError::NotFound(format!("feasibility study {study_id}"))
}

/// The refusal of a write to an approved study: it takes no new version
/// and no further approval.
pub fn study_approved() -> StoreError {
    StoreError::Conflict(msg!("study-approved"))
}

/// The refusal of a comment on a version the study does not have.
pub fn study_version_missing(study_id: i64, version: i64) -> StoreError {
    StoreError::NotFound(format!("version {version} of feasibility study {study_id}"))
}

/// The refusal of a second approval of the same version by the same
/// municipality.
pub fn approval_exists(study_id: i64, version: i64, municipality: &MunicipalityCode) -> StoreError {
    StoreError::Conflict(msg!(
        "record-exists",
        what = format!(
            " (approval of version {version} of feasibility study {study_id} \
             by municipality {municipality})"
        )
    ))
}

/// Whether a study standing at `state` (none: there is no such study) may
/// take a write meant for its version `version`: a new version after it,
/// or an approval of it. An approved study takes neither
/// ([`study_approved`]); a version that is no longer the newest is
/// [`StoreError::VersionMismatch`].
pub fn check_study_writable(
    state: Option<StudyState>,
    study_id: i64,
    version: i64,
) -> StoreResult<()> {
    let state = state.ok_or_else(|| study_missing(study_id))?;
    if state.status == StudyStatus::Approved {
        return Err(study_approved());
    }
    if state.current_version != version {
        return Err(stale(state.current_version));
    }
    Ok(())
}
