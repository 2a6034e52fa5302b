//! Feasibility studies: every version kept whole, the comments on a
//! version and the municipalities' approvals; the approval that completes a
//! study creates its team (as `create_team` does) in the same transaction.
//! One writer thread runs every write, so a version check and the write it
//! guards cannot be raced.

use rundt_domain::audit::AuditEvent;
use rundt_domain::country::Country;
use rundt_domain::feasibility::{Study, StudyComment, StudyDocument, StudySummary, StudyVersion};
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::team::TeamId;
use rundt_store::feasibility_sql::*;
use rundt_store::{
    FeasibilityStore, StoreError, StoreResult, StudyState, TeamFromStudy, Written, approval_exists,
    attach_study_municipalities, check_study_writable, json_text, study_missing,
    study_municipality_codes, study_version_missing,
};
use rusqlite::{Connection, params};

use crate::audit;
use crate::convert::{db_err, is_unique_violation, time_text};
use crate::forward::forward;
use crate::query::{fetch_all, fetch_one, fetch_opt};
use crate::teams;

fn vanished() -> StoreError {
    StoreError::Internal("feasibility study vanished".into())
}

/// Writes version `version` of a study with the municipalities it names.
fn insert_version(
    tx: &Connection,
    study_id: i64,
    version: i64,
    document: &StudyDocument,
    written: Written,
) -> StoreResult<()> {
    tx.execute(
        INSERT_VERSION,
        params![
            study_id,
            version,
            json_text(document)?,
            document.title,
            document.programme_model,
            time_text(written.at),
            written.by
        ],
    )
    .map_err(db_err)?;
    for code in study_municipality_codes(document) {
        tx.execute(
            INSERT_MUNICIPALITY,
            params![study_id, version, code.as_str()],
        )
        .map_err(db_err)?;
    }
    Ok(())
}

/// The study read by `sql` (`?1`: `key`) with its comments and approvals.
fn study_by(conn: &Connection, sql: &str, key: i64) -> StoreResult<Option<Study>> {
    let Some(mut study) = fetch_opt::<Study>(conn, sql, [key])? else {
        return Ok(None);
    };
    study.comments = fetch_all(conn, COMMENTS_OF_STUDY, [study.id])?;
    study.approvals = fetch_all(conn, APPROVALS_OF_STUDY, [study.id])?;
    Ok(Some(study))
}

pub fn study(conn: &Connection, study_id: i64) -> StoreResult<Option<Study>> {
    study_by(conn, STUDY_BY_ID, study_id)
}

fn state(tx: &Connection, study_id: i64) -> StoreResult<Option<StudyState>> {
    fetch_opt(tx, STUDY_STATE, [study_id])
}

pub fn create_study(
    tx: &Connection,
    document: &StudyDocument,
    written: Written,
    event: &AuditEvent,
) -> StoreResult<Study> {
    let id: i64 = fetch_one(
        tx,
        INSERT_STUDY,
        params![document.country.code(), time_text(written.at), written.by],
    )?;
    insert_version(tx, id, 1, document, written)?;
    audit::append(tx, &audit::with_object(event, id))?;
    study(tx, id)?.ok_or_else(vanished)
}

pub fn save_study_version(
    tx: &Connection,
    study_id: i64,
    expected_version: i64,
    document: &StudyDocument,
    written: Written,
    event: &AuditEvent,
) -> StoreResult<Study> {
    let next: Option<i64> = fetch_opt(tx, NEXT_VERSION, params![study_id, expected_version])?;
    let Some(version) = next else {
        check_study_writable(state(tx, study_id)?, study_id, expected_version)?;
        return Err(StoreError::Internal(format!(
            "feasibility study {study_id} refused a version it could take"
        )));
    };
    insert_version(tx, study_id, version, document, written)?;
    audit::append(tx, &audit::with_object(event, study_id))?;
    study(tx, study_id)?.ok_or_else(vanished)
}

pub fn study_versions(conn: &Connection, study_id: i64) -> StoreResult<Vec<StudyVersion>> {
    fetch_all(conn, VERSIONS_OF_STUDY, [study_id])
}

pub fn studies(
    conn: &Connection,
    country: Country,
    municipality: Option<&MunicipalityCode>,
) -> StoreResult<Vec<StudySummary>> {
    let mut studies: Vec<StudySummary> = match municipality {
        None => fetch_all(conn, STUDIES_OF_COUNTRY, [country.code()])?,
        Some(code) => fetch_all(conn, STUDIES_NAMING, [country.code(), code.as_str()])?,
    };
    let rows = fetch_all(conn, MUNICIPALITIES_OF_COUNTRY, [country.code()])?;
    attach_study_municipalities(&mut studies, rows);
    Ok(studies)
}

pub fn add_study_comment(
    tx: &Connection,
    study_id: i64,
    version: i64,
    text: &str,
    written: Written,
    event: &AuditEvent,
) -> StoreResult<StudyComment> {
    if fetch_opt::<i64>(tx, VERSION_EXISTS, params![study_id, version])?.is_none() {
        return Err(match state(tx, study_id)? {
            None => study_missing(study_id),
            Some(_) => study_version_missing(study_id, version),
        });
    }
    let id: i64 = fetch_one(
        tx,
        INSERT_COMMENT,
        params![study_id, version, text, time_text(written.at), written.by],
    )?;
    audit::append(tx, &audit::with_object(event, study_id))?;
    fetch_opt(tx, COMMENT_BY_ID, [id])?
        .ok_or_else(|| StoreError::Internal("study comment vanished".into()))
}

pub fn approve_study(
    tx: &Connection,
    study_id: i64,
    version: i64,
    municipality: &MunicipalityCode,
    written: Written,
    event: &AuditEvent,
    team: Option<TeamFromStudy<'_>>,
) -> StoreResult<Study> {
    check_study_writable(state(tx, study_id)?, study_id, version)?;
    tx.execute(
        INSERT_APPROVAL,
        params![
            study_id,
            version,
            municipality.as_str(),
            time_text(written.at),
            written.by
        ],
    )
    .map_err(|e| {
        if is_unique_violation(&e) {
            approval_exists(study_id, version, municipality)
        } else {
            db_err(e)
        }
    })?;
    audit::append(tx, &audit::with_object(event, study_id))?;
    if let Some(t) = team {
        let created = teams::create(tx, t.team, t.audit)?;
        tx.execute(MARK_APPROVED, params![study_id, created.id])
            .map_err(db_err)?;
    }
    study(tx, study_id)?.ok_or_else(vanished)
}

pub fn study_of_team(conn: &Connection, team_id: TeamId) -> StoreResult<Option<Study>> {
    study_by(conn, STUDY_OF_TEAM, team_id.get())
}

forward! {
    impl FeasibilityStore {
        async fn create_study(&self, document: &StudyDocument, written: Written, audit: &AuditEvent) -> StoreResult<Study> => write create_study;
        async fn save_study_version(&self, study_id: i64, expected_version: i64, document: &StudyDocument, written: Written, audit: &AuditEvent) -> StoreResult<Study> => write save_study_version;
        async fn study(&self, study_id: i64) -> StoreResult<Option<Study>> => read study;
        async fn study_versions(&self, study_id: i64) -> StoreResult<Vec<StudyVersion>> => read study_versions;
        async fn studies(&self, country: Country, municipality: Option<&MunicipalityCode>) -> StoreResult<Vec<StudySummary>> => read studies;
        async fn add_study_comment(&self, study_id: i64, version: i64, text: &str, written: Written, audit: &AuditEvent) -> StoreResult<StudyComment> => write add_study_comment;
        async fn approve_study(&self, study_id: i64, version: i64, municipality: &MunicipalityCode, written: Written, audit: &AuditEvent, team: Option<TeamFromStudy<'_>>) -> StoreResult<Study> => write approve_study;
        async fn study_of_team(&self, team_id: TeamId) -> StoreResult<Option<Study>> => read study_of_team;
    }
}
