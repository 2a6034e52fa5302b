//! The one guard every read of a family passes: the case is loaded, the
//! actor authorized and a refusal audited once. The steps that follow (the
//! case itself, its file, interviews, the survey) take the [`OpenCase`]
//! handle instead of checking again.

use rundt_domain::access::{Action, CaseScope, Decision};
use rundt_domain::audit::{AuditAction, Object};
use rundt_domain::id::CaseId;
use rundt_domain::team::TeamId;
use rundt_store::CaseRecord;

use crate::cases::scope_for;
use crate::{Actor, App, AppResult, access};

/// A case the actor may read. Only [`open`] makes one, so holding it is
/// proof that the access rule allowed the read.
#[derive(Debug, Clone)]
pub struct OpenCase {
    actor: Actor,
    /// The case as the guard read it, so the steps after it need not read
    /// it again.
    record: CaseRecord,
    scope: CaseScope,
    decision: Decision,
    break_glass_reason: Option<String>,
    /// Opened by the safety rule alone (the crisis caseworker): the family's
    /// safety records and names, nothing else of the case.
    safety_only: bool,
}

impl OpenCase {
    pub fn id(&self) -> CaseId {
        self.scope.id
    }

    pub fn team_id(&self) -> TeamId {
        self.scope.team_id
    }

    /// The country of the family's team, whose clock it keeps.
    pub fn country(&self) -> rundt_domain::country::Country {
        self.scope.country
    }

    /// The case as the guard read it (the access check's record).
    pub(crate) fn record(&self) -> &CaseRecord {
        &self.record
    }

    /// Who opened the case.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Opened through a live break-glass grant.
    pub fn via_break_glass(&self) -> bool {
        self.decision == Decision::AllowBreakGlass
    }

    /// Opened for the safety records alone: the steps that read more of
    /// the family refuse it.
    pub fn safety_only(&self) -> bool {
        self.safety_only
    }

    /// Opened by the team's person on call, for the crisis essentials
    /// alone: an on-call access, audited as such and listed for review.
    pub fn via_on_call(&self) -> bool {
        self.decision == Decision::AllowOnCall
    }

    /// The reason given for the break-glass grant, when opened through one.
    pub fn break_glass_reason(&self) -> Option<&str> {
        self.break_glass_reason.as_deref()
    }
}

/// What the actor wants to do with the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Intent {
    Read,
    /// Read the safety plans and incidents (MST-CAN).
    ReadSafety,
    Write,
    /// Change the referral as its referrer (add information, withdraw).
    ChangeReferral,
    /// Read the crisis essentials (the crisis or safety plan, contacts,
    /// address, the latest risk notes), also as the person on call.
    ReadCrisisEssentials,
    /// Log a crisis contact, also as the person on call.
    LogCrisisContact,
}

/// Loads the case and its access scope and asks the access rule once
/// whether `actor` may read or write it; a refusal is audited as
/// `audit_action`. The loaded case comes back so a write need not read it
/// again.
pub(crate) async fn authorize(
    app: &App,
    actor: &Actor,
    id: CaseId,
    intent: Intent,
    audit_action: AuditAction,
) -> AppResult<(CaseRecord, CaseScope, Decision, Option<String>)> {
    let (case, scope, grant) = scope_for(app, actor.principal(), id).await?;
    let action = match intent {
        Intent::Read => Action::ReadCase(&scope),
        Intent::ReadSafety => Action::ReadSafety(&scope),
        Intent::Write => Action::WriteCase(&scope),
        Intent::ChangeReferral => Action::ChangeReferral(&scope),
        Intent::ReadCrisisEssentials => Action::ReadCrisisEssentials(&scope),
        Intent::LogCrisisContact => Action::LogCrisisContact(&scope),
    };
    let decision = access::check(app, actor, &action, audit_action, Object::case(id)).await?;
    Ok((case, scope, decision, grant.map(|g| g.reason)))
}

/// Opens a case for reading: the one guard of every read of a family.
pub async fn open(
    app: &App,
    actor: &Actor,
    id: CaseId,
    audit_action: AuditAction,
) -> AppResult<OpenCase> {
    opened(app, actor, id, Intent::Read, audit_action).await
}

/// Opens a family for its safety records: whoever reads the case, and the
/// team's crisis caseworker, who reads nothing else of it.
pub async fn open_safety(
    app: &App,
    actor: &Actor,
    id: CaseId,
    audit_action: AuditAction,
) -> AppResult<OpenCase> {
    opened(app, actor, id, Intent::ReadSafety, audit_action).await
}

/// Opens a family for its crisis essentials: whoever reads the case (or,
/// in MST-CAN, its safety records), and the team's person on call during
/// their shift and the hour after it ([`OpenCase::via_on_call`]). A refusal
/// is audited as `audit_action`.
pub async fn open_crisis_essentials(
    app: &App,
    actor: &Actor,
    id: CaseId,
    audit_action: AuditAction,
) -> AppResult<OpenCase> {
    opened(app, actor, id, Intent::ReadCrisisEssentials, audit_action).await
}

/// Opens the case for a read `intent` (a refusal audited).
async fn opened(
    app: &App,
    actor: &Actor,
    id: CaseId,
    intent: Intent,
    audit_action: AuditAction,
) -> AppResult<OpenCase> {
    let (record, scope, decision, break_glass_reason) =
        authorize(app, actor, id, intent, audit_action).await?;
    Ok(handle(
        actor,
        record,
        scope,
        decision,
        break_glass_reason,
        intent,
    ))
}

/// Opens a family's safety records when the access rule allows it, and
/// passes over it quietly when not: for lists of the families one may
/// read (a family passed over is not a refusal to audit).
pub(crate) async fn open_safety_if_allowed(
    app: &App,
    actor: &Actor,
    id: CaseId,
) -> AppResult<Option<OpenCase>> {
    let (record, scope, grant) = crate::cases::scope_for(app, actor.principal(), id).await?;
    let decision = match actor.principal() {
        Some(p) => rundt_domain::access::authorize(p, &Action::ReadSafety(&scope)),
        None => Decision::Allow,
    };
    Ok(decision.is_allowed().then(|| {
        let reason = grant.map(|g| g.reason);
        handle(actor, record, scope, decision, reason, Intent::ReadSafety)
    }))
}

/// The handle of a read `intent` allowed; `safety_only` when the case
/// itself could not have been read.
fn handle(
    actor: &Actor,
    record: CaseRecord,
    scope: CaseScope,
    decision: Decision,
    break_glass_reason: Option<String>,
    intent: Intent,
) -> OpenCase {
    let safety_only = intent == Intent::ReadSafety
        && actor.principal().is_some_and(|p| {
            !rundt_domain::access::authorize(p, &Action::ReadCase(&scope)).is_allowed()
        });
    OpenCase {
        actor: actor.clone(),
        record,
        scope,
        decision,
        break_glass_reason,
        safety_only,
    }
}
