//! The team asks its psychiatrist to consult on a family (MST-CAN, issue
//! 12). The family's therapist or the team's supervisor asks (a write of
//! the case); the psychiatrist asked reads the family while the request is
//! open (`CaseScope::consultation_open`) and answers it; whoever may write
//! the case ends it, and the psychiatrist's access ends with it. Every step
//! is audited in its transaction.

use chrono::{DateTime, Utc};
use rundt_domain::access::Action;
use rundt_domain::audit::{AuditAction, Object};
use rundt_domain::consultation::{ConsultationRequest, clean_answer};
use rundt_domain::id::CaseId;
use rundt_domain::msg;
use rundt_domain::team::{Position, TeamId};
use rundt_domain::user::{Role, UserId};
use rundt_store::{ConsultationChange, ConsultationRecord};
use serde::Serialize;

use crate::case_access::OpenCase;
use crate::case_write::{CaseWrite, IfMatch};
use crate::cases::scope_for;
use crate::{Actor, App, AppError, AppResult, access};

/// A psychiatrist of a team, to be asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamPsychiatrist {
    pub user_id: UserId,
    pub name: String,
}

/// The team's current psychiatrists: members in the psychiatrist's post
/// whose account has the psychiatrist's role (the role access follows).
pub async fn team_psychiatrists(app: &App, team_id: TeamId) -> AppResult<Vec<TeamPsychiatrist>> {
    let mut out = Vec::new();
    for m in app
        .store
        .list_team_members(team_id, app.clock.today())
        .await?
    {
        if m.position != Position::Psychiatrist {
            continue;
        }
        if let Some(user) = app.store.get_user(m.user_id).await?
            && user.role == Role::Psychiatrist
            && user.active
        {
            out.push(TeamPsychiatrist {
                user_id: m.user_id,
                name: m.display_name,
            });
        }
    }
    Ok(out)
}

/// The family's therapist or the team's supervisor asks one of the team's
/// psychiatrists to consult on the family.
pub async fn request(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    request: &ConsultationRequest,
) -> AppResult<ConsultationRecord> {
    let action = AuditAction::CaseConsultationRequest;
    let write = CaseWrite::open(app, actor, case_id, action, IfMatch::Nothing).await?;
    if write.status() != rundt_domain::lifecycle::CaseStatus::InTreatment {
        return Err(AppError::Conflict(msg!("consultation-not-in-treatment")));
    }
    let psychiatrists: Vec<UserId> = team_psychiatrists(app, write.case.team_id)
        .await?
        .into_iter()
        .map(|p| p.user_id)
        .collect();
    let request = request.validate(&psychiatrists)?;
    Ok(app
        .store
        .request_consultation(case_id, &request, &write.event)
        .await?)
}

/// The request `id` of the case, or `NotFound`.
async fn request_of(app: &App, case_id: CaseId, id: i64) -> AppResult<ConsultationRecord> {
    app.store
        .consultations(case_id)
        .await?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or_else(|| AppError::NotFound(format!("consultation {id}")))
}

/// The psychiatrist asked answers (again, while the request is open: the
/// latest answer stands, and each is audited).
pub async fn answer(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    id: i64,
    answer: &str,
    expected_version: i64,
) -> AppResult<ConsultationRecord> {
    let audit_action = AuditAction::CaseConsultationAnswer;
    let (_, scope, _) = scope_for(app, actor.principal(), case_id).await?;
    let object = Object::case(case_id);
    access::check(
        app,
        actor,
        &Action::AnswerConsultation(&scope),
        audit_action,
        object,
    )
    .await?;
    let stored = request_of(app, case_id, id).await?;
    if let Some(p) = actor.principal()
        && p.user_id != stored.psychiatrist_id
    {
        let why = msg!("consultation-answer-asked-only");
        return Err(access::refuse(app, p, audit_action, object, why).await);
    }
    if stored.version != expected_version {
        return Err(AppError::VersionMismatch {
            current: stored.version,
        });
    }
    stored.state().check_answerable()?;
    let answer = clean_answer(answer)?;
    let event = actor.event(app.clock.now(), audit_action, object);
    Ok(app
        .store
        .change_consultation(
            case_id,
            id,
            &ConsultationChange::Answer(answer),
            expected_version,
            &event,
        )
        .await?)
}

/// The family's therapist or the team's supervisor ends a request: the
/// psychiatrist no longer reads the family by it.
pub async fn end(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    id: i64,
    expected_version: i64,
) -> AppResult<ConsultationRecord> {
    let action = AuditAction::CaseConsultationEnd;
    let at = IfMatch::Consultation(id, expected_version);
    let write = CaseWrite::open(app, actor, case_id, action, at).await?;
    request_of(app, case_id, id)
        .await?
        .state()
        .check_endable()?;
    Ok(app
        .store
        .change_consultation(
            case_id,
            id,
            &ConsultationChange::End,
            expected_version,
            &write.event,
        )
        .await?)
}

/// The opened family's requests, newest first.
pub async fn consultations_of(app: &App, opened: &OpenCase) -> AppResult<Vec<ConsultationRecord>> {
    Ok(app.store.consultations(opened.id()).await?)
}

/// A request waiting on a psychiatrist, for their start page: the family's
/// case number and the dates, not what was asked (no personal data).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsultationLine {
    pub id: i64,
    pub case_id: CaseId,
    pub requested_at: DateTime<Utc>,
    pub answered: bool,
}

/// The open requests to the psychiatrist acting, unanswered first.
pub async fn my_consultations(app: &App, actor: &Actor) -> AppResult<Vec<ConsultationLine>> {
    let Some(p) = actor.principal().filter(|p| p.role == Role::Psychiatrist) else {
        return Ok(Vec::new());
    };
    let mut lines: Vec<ConsultationLine> = app
        .store
        .open_consultations_of(p.user_id)
        .await?
        .into_iter()
        .map(|c| ConsultationLine {
            id: c.id,
            case_id: c.case_id,
            requested_at: c.requested_at,
            answered: c.answer.is_some(),
        })
        .collect();
    lines.sort_by_key(|l| (l.answered, std::cmp::Reverse(l.requested_at)));
    Ok(lines)
}

/// A family's consultations page: the family (opened once, audited per
/// person), its requests, the team's psychiatrists to ask, and the names
/// of the staff the requests mention.
#[derive(Debug, Clone)]
pub struct ConsultationFile {
    pub case: crate::cases::CaseView,
    pub requests: Vec<ConsultationRecord>,
    pub psychiatrists: Vec<TeamPsychiatrist>,
    pub staff_names: std::collections::HashMap<UserId, String>,
}

impl ConsultationFile {
    /// A staff member's name as shown (`#id` when unknown).
    pub fn staff_name(&self, id: UserId) -> String {
        self.staff_names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("#{id}"))
    }
}

/// Opens the family (refusals audited) for its consultations page: the
/// family's team, and the psychiatrist asked while the request is open.
pub async fn consultation_file(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
) -> AppResult<ConsultationFile> {
    let opened = crate::case_access::open(app, actor, case_id, AuditAction::CaseRead).await?;
    let case = crate::cases::read_opened(app, &opened).await?;
    let requests = consultations_of(app, &opened).await?;
    let psychiatrists = team_psychiatrists(app, case.team_id).await?;
    let mentioned: Vec<UserId> = requests
        .iter()
        .flat_map(|r| [Some(r.psychiatrist_id), r.requested_by, r.ended_by])
        .flatten()
        .collect();
    let mut staff_names = std::collections::HashMap::new();
    crate::family::add_staff_names(app, &mut staff_names, &mentioned).await?;
    Ok(ConsultationFile {
        case,
        requests,
        psychiatrists,
        staff_names,
    })
}
