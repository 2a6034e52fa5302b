//! The steps every change to a family's case starts with: the case is
//! loaded, the write authorized (a refusal is audited), and the audit event
//! that will describe the change is put together. The use cases that follow
//! (the team's decisions, the assessment, summaries, discharge, follow-ups,
//! interviews and the survey) only say what changes.

use rundt_domain::Message;
use rundt_domain::audit::{AuditAction, AuditEvent, Object};
use rundt_domain::id::CaseId;
use rundt_domain::lifecycle::{CaseStatus, Step, next_status};
use rundt_domain::user::Role;
use rundt_store::{CaseChange, CaseRecord};

use crate::case_access::{Intent, authorize};
use crate::cases::{CaseView, view};
use crate::{Actor, App, AppResult, access};

/// A case the actor may change, with the event its change is audited by.
/// Only [`CaseWrite::open`] makes one, so holding it is proof that the
/// access rule allowed the write.
#[derive(Debug, Clone)]
pub(crate) struct CaseWrite {
    pub case: CaseRecord,
    /// `audit_action` on this case by the actor, at the time it was opened.
    pub event: AuditEvent,
}

impl CaseWrite {
    /// Loads case `case_id` for `audit_action` and checks that `actor` may
    /// write it.
    pub(crate) async fn open(
        app: &App,
        actor: &Actor,
        case_id: CaseId,
        audit_action: AuditAction,
    ) -> AppResult<Self> {
        // The access check loaded the case; the write starts from that read.
        let (case, ..) = authorize(app, actor, case_id, Intent::Write, audit_action).await?;
        let event = actor.event(app.clock.now(), audit_action, Object::case(case_id));
        Ok(Self { case, event })
    }

    pub(crate) fn id(&self) -> CaseId {
        self.case.id
    }

    /// Where the case stands in its course.
    pub(crate) fn status(&self) -> CaseStatus {
        self.case.status
    }

    /// The status after `step`, refused when the course does not allow the
    /// step now (`done`: the follow-ups already recorded).
    pub(crate) fn next(&self, step: Step, done: &[u8]) -> AppResult<CaseStatus> {
        Ok(next_status(self.status(), step, done)?)
    }

    /// Like [`CaseWrite::open`] for a step that is the supervisor's alone:
    /// anyone else is refused (audited) with `why`, the rule that applies.
    /// The command line and the demo loader act for the supervisor.
    pub(crate) async fn open_for_supervisor(
        app: &App,
        actor: &Actor,
        case_id: CaseId,
        audit_action: AuditAction,
        why: Message,
    ) -> AppResult<Self> {
        let write = Self::open(app, actor, case_id, audit_action).await?;
        if let Some(p) = actor.principal()
            && p.role != Role::Supervisor
        {
            return Err(access::refuse(app, p, audit_action, Object::case(case_id), why).await);
        }
        Ok(write)
    }

    /// Saves a change of the case's own fields, at `version`, with the
    /// case's audit event.
    pub(crate) async fn change(
        &self,
        app: &App,
        version: i64,
        change: &CaseChange,
    ) -> AppResult<CaseView> {
        let updated = app
            .store
            .change_case(self.id(), version, change, &self.event)
            .await?;
        Ok(view(app, updated, false))
    }
}

/// The change that moves a case to `status` and nothing else (yet).
pub(crate) fn status_change(status: CaseStatus) -> CaseChange {
    CaseChange::to(status)
}
