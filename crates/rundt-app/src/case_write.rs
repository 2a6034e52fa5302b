//! The steps every change to a family's case starts with, always in this
//! order: the case is loaded and the write authorized (a refusal is audited,
//! 403), a step that is the supervisor's alone refused to anyone else (403),
//! then the version the change was made on (`If-Match`) compared with the
//! stored one (stale: 412). Only then does the use case ask whether the
//! course allows the step now (409) and whether the input is valid (422), so
//! a client on a stale version always hears that it is stale, whatever the
//! case's state has become. The audit event that will describe the change
//! is put together here too. The use cases that follow (the team's
//! decisions, the assessment, summaries, discharge, follow-ups, interviews
//! and the survey) only say what changes.

use chrono::NaiveDate;
use rundt_domain::Message;
use rundt_domain::audit::{AuditAction, AuditEvent, Object};
use rundt_domain::id::CaseId;
use rundt_domain::lifecycle::{CaseStatus, Step, next_status};
use rundt_domain::user::Role;
use rundt_store::{CaseChange, CaseRecord};

use crate::case_access::{Intent, authorize};
use crate::cases::{CaseView, view};
use crate::{Actor, App, AppError, AppResult, access};

/// What a change's `If-Match` names: the version of the record the client
/// read before asking for the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IfMatch {
    /// The case itself (the team's decisions, assignment, discharge,
    /// follow-ups).
    Case(i64),
    /// The case's assessment; `None` for its first save.
    Assessment(Option<i64>),
    /// The summary of the week that starts on the day; `None` for its
    /// first save.
    WeeklySummary(NaiveDate, Option<i64>),
    /// The latest version of the family's safety plan; `None` for the
    /// first plan.
    SafetyPlan(Option<i64>),
    /// An incident (by id) at a version.
    Incident(i64, i64),
    /// The latest version of the family's crisis plan; `None` for the
    /// first plan.
    CrisisPlan(Option<i64>),
    /// The latest version of the family's treatment plan; `None` for the
    /// first plan.
    TreatmentPlan(Option<i64>),
    /// A treatment module (by id) at a version.
    Module(i64, i64),
    /// The latest version of the family's mapping; `None` for the first.
    Mapping(Option<i64>),
    /// A request to the psychiatrist (by id) at a version.
    Consultation(i64, i64),
    /// The latest version of the family's home details; `None` for the
    /// first.
    Home(Option<i64>),
    /// Nothing: the change adds a record of its own (an interview, a survey).
    Nothing,
}

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
    /// Loads case `case_id` for `audit_action`, checks that `actor` may
    /// write it, then that `if_match` is the stored version.
    pub(crate) async fn open(
        app: &App,
        actor: &Actor,
        case_id: CaseId,
        audit_action: AuditAction,
        if_match: IfMatch,
    ) -> AppResult<Self> {
        let write = Self::authorized(app, actor, case_id, Intent::Write, audit_action).await?;
        write.precondition(app, if_match).await?;
        Ok(write)
    }

    /// Like [`CaseWrite::open`] for a change of the referral by its
    /// referrer: the caseworker of the referring municipality (the command
    /// line and the demo loader act for them).
    pub(crate) async fn open_for_referrer(
        app: &App,
        actor: &Actor,
        case_id: CaseId,
        audit_action: AuditAction,
        if_match: IfMatch,
    ) -> AppResult<Self> {
        let intent = Intent::ChangeReferral;
        let write = Self::authorized(app, actor, case_id, intent, audit_action).await?;
        write.precondition(app, if_match).await?;
        Ok(write)
    }

    /// Like [`CaseWrite::open`] for logging a crisis contact: the family's
    /// own therapist and the team's supervisor, and the team's person on
    /// call, whose write is audited as an on-call access
    /// (`on_call_action`) instead of `audit_action`. A contact adds a record
    /// of its own: no version to compare.
    pub(crate) async fn open_for_crisis_contact(
        app: &App,
        actor: &Actor,
        case_id: CaseId,
        audit_action: AuditAction,
        on_call_action: AuditAction,
    ) -> AppResult<Self> {
        let intent = Intent::LogCrisisContact;
        let (case, scope, decision, _) =
            authorize(app, actor, case_id, intent, audit_action).await?;
        let now = app.clock.now();
        if decision != rundt_domain::access::Decision::AllowOnCall {
            let event = actor.event(now, audit_action, Object::case(case_id));
            return Ok(Self { case, event });
        }
        // On call: the shift that allowed it is the write's purpose.
        let mut event = actor.event(now, on_call_action, Object::case(case_id));
        if let Some(p) = actor.principal()
            && let Some(shift) =
                crate::on_call_access::open_shift(app, p.user_id, scope.team_id, now).await?
        {
            event.purpose = Some(crate::on_call_access::purpose(scope.country, &shift));
        }
        Ok(Self { case, event })
    }

    async fn authorized(
        app: &App,
        actor: &Actor,
        case_id: CaseId,
        intent: Intent,
        audit_action: AuditAction,
    ) -> AppResult<Self> {
        // The access check loaded the case; the write starts from that read.
        let (case, ..) = authorize(app, actor, case_id, intent, audit_action).await?;
        let event = actor.event(app.clock.now(), audit_action, Object::case(case_id));
        Ok(Self { case, event })
    }

    /// Refuses a change made on a version that is no longer stored
    /// (`VersionMismatch`, 412), before any rule of the course is asked.
    /// The store compares once more in the write's transaction, for a
    /// change that lands in between. A version of a record that is not
    /// there, or a first save over one that is, is left to the store.
    async fn precondition(&self, app: &App, if_match: IfMatch) -> AppResult<()> {
        let (stored, expected) = match if_match {
            IfMatch::Case(expected) => (Some(self.case.version), expected),
            IfMatch::Assessment(Some(expected)) => {
                let stored = app.store.assessment(self.id()).await?;
                (stored.map(|d| d.version), expected)
            }
            IfMatch::WeeklySummary(week, Some(expected)) => {
                let stored = app.store.weekly_summaries(self.id()).await?;
                let of_week = stored.into_iter().find(|s| s.week_start == week);
                (of_week.map(|s| s.version), expected)
            }
            IfMatch::SafetyPlan(Some(expected)) => {
                let stored = app.store.safety_plans(self.id()).await?;
                (stored.first().map(|p| p.version), expected)
            }
            IfMatch::CrisisPlan(Some(expected)) => {
                let stored = app.store.crisis_plans(self.id()).await?;
                (stored.first().map(|p| p.version), expected)
            }
            IfMatch::Mapping(Some(expected)) => {
                let stored = app.store.mappings(self.id()).await?;
                (stored.first().map(|m| m.version), expected)
            }
            IfMatch::Home(Some(expected)) => {
                let stored = app.store.homes(self.id()).await?;
                (stored.first().map(|h| h.version), expected)
            }
            IfMatch::Incident(id, expected) => {
                let stored = app.store.incidents(self.id()).await?;
                let incident = stored.into_iter().find(|i| i.id == id);
                (incident.map(|i| i.version), expected)
            }
            IfMatch::TreatmentPlan(Some(expected)) => {
                let stored = app.store.treatment_plans(self.id()).await?;
                (stored.first().map(|p| p.version), expected)
            }
            IfMatch::Module(id, expected) => {
                let stored = app.store.modules(self.id()).await?;
                let module = stored.into_iter().find(|m| m.id == id);
                (module.map(|m| m.version), expected)
            }
            IfMatch::Consultation(id, expected) => {
                let stored = app.store.consultations(self.id()).await?;
                let request = stored.into_iter().find(|c| c.id == id);
                (request.map(|c| c.version), expected)
            }
            IfMatch::Assessment(None)
            | IfMatch::WeeklySummary(_, None)
            | IfMatch::SafetyPlan(None)
            | IfMatch::CrisisPlan(None)
            | IfMatch::TreatmentPlan(None)
            | IfMatch::Mapping(None)
            | IfMatch::Home(None)
            | IfMatch::Nothing => {
                return Ok(());
            }
        };
        match stored {
            Some(current) if current != expected => Err(AppError::VersionMismatch { current }),
            _ => Ok(()),
        }
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
        if_match: IfMatch,
    ) -> AppResult<Self> {
        let write = Self::authorized(app, actor, case_id, Intent::Write, audit_action).await?;
        if let Some(p) = actor.principal()
            && p.role != Role::Supervisor
        {
            return Err(access::refuse(app, p, audit_action, Object::case(case_id), why).await);
        }
        write.precondition(app, if_match).await?;
        Ok(write)
    }

    /// The safety-first rule of MST-CAN: for a family of a safety-first
    /// model no treatment record (assessment, weekly summary, mapping,
    /// treatment plan, module) is saved before a safety plan exists; the
    /// refusal (409) says why. Other models pass. Returns whether the
    /// family's model is safety-first (its plan then exists).
    pub(crate) async fn safety_first(&self, app: &App) -> AppResult<bool> {
        let team = app
            .store
            .get_team(self.case.team_id)
            .await?
            .ok_or_else(|| AppError::Internal(format!("case {} has no team", self.id())))?;
        let model = crate::organisation::model_of(app, &team).await?;
        if !rundt_domain::safety::is_safety_first(&model) {
            return Ok(false);
        }
        let has_plan = !app.store.safety_plans(self.id()).await?.is_empty();
        rundt_domain::safety::require_safety_plan(&model, has_plan)?;
        Ok(true)
    }

    /// The case's version when it was opened: the one `If-Match` named,
    /// for a write opened with [`IfMatch::Case`].
    pub(crate) fn version(&self) -> i64 {
        self.case.version
    }

    /// Saves a change of the case's own fields, at the version it was
    /// opened at, with the case's audit event.
    pub(crate) async fn change(&self, app: &App, change: &CaseChange) -> AppResult<CaseView> {
        let updated = app
            .store
            .change_case(self.id(), self.version(), change, &self.event)
            .await?;
        Ok(view(app, updated, false))
    }
}

/// The change that moves a case to `status` and nothing else (yet).
pub(crate) fn status_change(status: CaseStatus) -> CaseChange {
    CaseChange::to(status)
}
