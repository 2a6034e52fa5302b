//! A municipality approves a study's newest version; when the last of its
//! municipalities approves, the team is created with the study's owners and
//! shares, in the same transaction, and the study is linked to it.

use rundt_domain::access::Action;
use rundt_domain::audit::{AuditAction, Object, ObjectKind};
use rundt_domain::feasibility::{Study, StudyStatus};
use rundt_domain::msg;
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::team::NewTeam;
use rundt_store::{TeamFromStudy, Written};

use super::scope_of;
use super::studies::{get_study, model};
use crate::{Actor, App, AppError, AppResult, access};

/// Approves version `version` of a study for `municipality` (a manager
/// approves for their own). Approving an older version than the newest is
/// refused as stale; so is a second approval.
pub async fn approve_study(
    app: &App,
    actor: &Actor,
    id: i64,
    version: i64,
    municipality: &MunicipalityCode,
) -> AppResult<Study> {
    let action = AuditAction::FeasibilityStudyApprove;
    let object = Object::keyed(ObjectKind::FeasibilityStudy, id);
    let study = get_study(app, id).await?;
    let document = &study.current.document;
    let scope = scope_of(document);
    access::check(
        app,
        actor,
        &Action::ApproveStudy {
            study: &scope,
            municipality,
        },
        action,
        object,
    )
    .await?;
    if !scope.municipalities.contains(municipality) {
        return Err(AppError::invalid(
            "municipality",
            msg!("study-municipality-not-in-study", code = municipality),
        ));
    }
    if study.status == StudyStatus::Approved {
        return Err(AppError::Conflict(msg!("study-already-approved")));
    }
    if version != study.current.version {
        return Err(AppError::VersionMismatch {
            current: study.current.version,
        });
    }
    if study
        .approvals
        .iter()
        .any(|a| a.version == version && &a.municipality == municipality)
    {
        return Err(AppError::Conflict(msg!(
            "study-already-approved-by",
            code = municipality
        )));
    }
    let approved_after: Vec<&MunicipalityCode> = study
        .approvals
        .iter()
        .filter(|a| a.version == version)
        .map(|a| &a.municipality)
        .chain(std::iter::once(municipality))
        .collect();
    let complete = scope
        .municipalities
        .iter()
        .all(|m| approved_after.contains(&m));
    let now = app.clock.now();
    let event = actor.event(now, action, object);
    let written = Written {
        by: actor.principal().map(|p| p.user_id),
        at: now,
    };
    if !complete {
        return Ok(app
            .store
            .approve_study(id, version, municipality, written, &event, None)
            .await?);
    }
    model(app, &document.programme_model).await?;
    let team = NewTeam {
        name: document.team_name.clone(),
        country: document.country,
        programme_model: document.programme_model.clone(),
        owners: document.municipalities.clone(),
        started_on: document.assumptions.starts_on,
    };
    let team_event = actor.event(now, AuditAction::TeamCreate, Object::of(ObjectKind::Team));
    Ok(app
        .store
        .approve_study(
            id,
            version,
            municipality,
            written,
            &event,
            Some(TeamFromStudy {
                team: &team,
                audit: &team_event,
            }),
        )
        .await?)
}
