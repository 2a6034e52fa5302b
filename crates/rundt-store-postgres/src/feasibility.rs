//! Feasibility studies: every version kept whole, the comments on a
//! version and the municipalities' approvals; the approval that completes a
//! study creates its team (as `create_team` does) in the same transaction.
//! The SQL is the SQLite store's (`feasibility_sql`), its `?N` placeholders
//! written `$N`. A new version writes only after the version read (`UPDATE
//! … WHERE current_version = $2`, which waits for a writer under way and
//! then sees its version); an approval locks the study's row first, so a
//! version saved meanwhile makes it stale. A read of a study and its child
//! rows runs in one snapshot.

use deadpool_postgres::{GenericClient, Pool, Transaction};
use rundt_domain::audit::AuditEvent;
use rundt_domain::country::Country;
use rundt_domain::feasibility::{Study, StudyComment, StudyDocument, StudySummary, StudyVersion};
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::team::TeamId;
use rundt_store::feasibility_sql::*;
use rundt_store::{
    StoreError, StoreResult, StudyState, TeamFromStudy, Written, approval_exists,
    attach_study_municipalities, check_study_writable, json_text, study_missing,
    study_municipality_codes, study_version_missing,
};

use crate::audit::{append_audit_tx, with_object_id};
use crate::error::pg;
use crate::query::{
    Params, client, dollars, execute, execute_unique, fetch_all, fetch_one, fetch_opt, snapshot,
    transaction,
};
use crate::teams::insert_team;

fn vanished() -> StoreError {
    StoreError::Internal("feasibility study vanished".into())
}

/// Writes version `version` of a study with the municipalities it names.
async fn insert_version(
    tx: &Transaction<'_>,
    study_id: i64,
    version: i64,
    document: &StudyDocument,
    written: Written,
) -> StoreResult<()> {
    let json = json_text(document)?;
    let params: Params<'_> = &[
        &study_id,
        &version,
        &json,
        &document.title,
        &document.programme_model,
        &written.at,
        &written.by,
    ];
    execute(tx, &dollars(INSERT_VERSION), params).await?;
    let insert = dollars(INSERT_MUNICIPALITY);
    for code in study_municipality_codes(document) {
        execute(tx, &insert, &[&study_id, &version, &code.as_str()]).await?;
    }
    Ok(())
}

/// The study read by `sql` (`$1`: `key`) with its comments and approvals.
async fn study_by(
    client: &impl GenericClient,
    sql: &str,
    key: &(dyn tokio_postgres::types::ToSql + Sync),
) -> StoreResult<Option<Study>> {
    let Some(mut study) = fetch_opt::<Study>(client, &dollars(sql), &[key]).await? else {
        return Ok(None);
    };
    study.comments = fetch_all(client, &dollars(COMMENTS_OF_STUDY), &[&study.id]).await?;
    study.approvals = fetch_all(client, &dollars(APPROVALS_OF_STUDY), &[&study.id]).await?;
    Ok(Some(study))
}

/// The study just written, as stored.
async fn written_study(tx: &Transaction<'_>, study_id: i64) -> StoreResult<Study> {
    study_by(tx, STUDY_BY_ID, &study_id)
        .await?
        .ok_or_else(vanished)
}

/// A study read in one snapshot.
async fn read_study(
    pool: &Pool,
    sql: &str,
    key: &(dyn tokio_postgres::types::ToSql + Sync),
) -> StoreResult<Option<Study>> {
    let mut client = client(pool).await?;
    let tx = snapshot(&mut client).await?;
    let study = study_by(&tx, sql, key).await?;
    tx.commit().await.map_err(pg)?;
    Ok(study)
}

async fn state(tx: &Transaction<'_>, study_id: i64, lock: bool) -> StoreResult<Option<StudyState>> {
    let sql = if lock {
        format!("{} FOR UPDATE", dollars(STUDY_STATE))
    } else {
        dollars(STUDY_STATE)
    };
    fetch_opt(tx, &sql, &[&study_id]).await
}

pub(crate) async fn create_study(
    pool: &Pool,
    document: &StudyDocument,
    written: Written,
    audit: &AuditEvent,
) -> StoreResult<Study> {
    transaction(pool, async |tx| {
        let params: Params<'_> = &[&document.country.code(), &written.at, &written.by];
        let id: i64 = fetch_one(tx, &dollars(INSERT_STUDY), params).await?;
        insert_version(tx, id, 1, document, written).await?;
        append_audit_tx(tx, &with_object_id(audit, id)).await?;
        written_study(tx, id).await
    })
    .await
}

pub(crate) async fn save_study_version(
    pool: &Pool,
    study_id: i64,
    expected_version: i64,
    document: &StudyDocument,
    written: Written,
    audit: &AuditEvent,
) -> StoreResult<Study> {
    transaction(pool, async |tx| {
        let params: Params<'_> = &[&study_id, &expected_version];
        let next: Option<i64> = fetch_opt(tx, &dollars(NEXT_VERSION), params).await?;
        let Some(version) = next else {
            let stored = state(tx, study_id, false).await?;
            check_study_writable(stored, study_id, expected_version)?;
            return Err(StoreError::Internal(format!(
                "feasibility study {study_id} refused a version it could take"
            )));
        };
        insert_version(tx, study_id, version, document, written).await?;
        append_audit_tx(tx, &with_object_id(audit, study_id)).await?;
        written_study(tx, study_id).await
    })
    .await
}

pub(crate) async fn study(pool: &Pool, study_id: i64) -> StoreResult<Option<Study>> {
    read_study(pool, STUDY_BY_ID, &study_id).await
}

pub(crate) async fn study_versions(pool: &Pool, study_id: i64) -> StoreResult<Vec<StudyVersion>> {
    let sql = dollars(VERSIONS_OF_STUDY);
    fetch_all(&client(pool).await?, &sql, &[&study_id]).await
}

pub(crate) async fn studies(
    pool: &Pool,
    country: Country,
    municipality: Option<&MunicipalityCode>,
) -> StoreResult<Vec<StudySummary>> {
    let mut client = client(pool).await?;
    let tx = snapshot(&mut client).await?;
    let country = country.code();
    let mut studies: Vec<StudySummary> = match municipality {
        None => fetch_all(&tx, &dollars(STUDIES_OF_COUNTRY), &[&country]).await?,
        Some(code) => {
            let params: Params<'_> = &[&country, &code.as_str()];
            fetch_all(&tx, &dollars(STUDIES_NAMING), params).await?
        }
    };
    let rows = fetch_all(&tx, &dollars(MUNICIPALITIES_OF_COUNTRY), &[&country]).await?;
    tx.commit().await.map_err(pg)?;
    attach_study_municipalities(&mut studies, rows);
    Ok(studies)
}

pub(crate) async fn add_study_comment(
    pool: &Pool,
    study_id: i64,
    version: i64,
    text: &str,
    written: Written,
    audit: &AuditEvent,
) -> StoreResult<StudyComment> {
    transaction(pool, async |tx| {
        let key: Params<'_> = &[&study_id, &version];
        if fetch_opt::<i64>(tx, &dollars(VERSION_EXISTS), key)
            .await?
            .is_none()
        {
            return Err(match state(tx, study_id, false).await? {
                None => study_missing(study_id),
                Some(_) => study_version_missing(study_id, version),
            });
        }
        let params: Params<'_> = &[&study_id, &version, &text, &written.at, &written.by];
        let id: i64 = fetch_one(tx, &dollars(INSERT_COMMENT), params).await?;
        append_audit_tx(tx, &with_object_id(audit, study_id)).await?;
        fetch_opt(tx, &dollars(COMMENT_BY_ID), &[&id])
            .await?
            .ok_or_else(|| StoreError::Internal("study comment vanished".into()))
    })
    .await
}

pub(crate) async fn approve_study(
    pool: &Pool,
    study_id: i64,
    version: i64,
    municipality: &MunicipalityCode,
    written: Written,
    audit: &AuditEvent,
    team: Option<TeamFromStudy<'_>>,
) -> StoreResult<Study> {
    transaction(pool, async |tx| {
        check_study_writable(state(tx, study_id, true).await?, study_id, version)?;
        let code = municipality.as_str();
        let params: Params<'_> = &[&study_id, &version, &code, &written.at, &written.by];
        execute_unique(tx, &dollars(INSERT_APPROVAL), params, || {
            approval_exists(study_id, version, municipality)
        })
        .await?;
        append_audit_tx(tx, &with_object_id(audit, study_id)).await?;
        if let Some(t) = team {
            let created = insert_team(tx, t.team, t.audit).await?;
            execute(tx, &dollars(MARK_APPROVED), &[&study_id, &created.id]).await?;
        }
        written_study(tx, study_id).await
    })
    .await
}

pub(crate) async fn study_of_team(pool: &Pool, team_id: TeamId) -> StoreResult<Option<Study>> {
    read_study(pool, STUDY_OF_TEAM, &team_id).await
}
