//! Applying the domain's [`authorize`] in use cases: every decision that
//! denies is written to the audit log, so failed attempts are visible.

use rundt_domain::access::{
    Action, Decision, Principal, ResultsRefusal, ResultsScope, ResultsView, authorize,
};
use rundt_domain::audit::{AuditAction, AuditEvent, Object, ObjectKind, Outcome};
use rundt_domain::user::role_word;
use rundt_domain::{Arg, Message, msg};

use crate::{App, AppError, AppResult};

/// The audit event for `who` doing `action` on a record.
pub fn event(app: &App, who: &Principal, action: AuditAction, object: Object) -> AuditEvent {
    crate::Actor::User(who.clone()).event(app.clock.now(), action, object)
}

/// Decides; a denial is audited and returned as [`AppError::Forbidden`].
pub async fn require(
    app: &App,
    who: &Principal,
    action: &Action<'_>,
    audit_action: AuditAction,
    object: Object,
) -> AppResult<Decision> {
    let decision = authorize(who, action);
    if decision.is_allowed() {
        return Ok(decision);
    }
    Err(refuse_no_access(app, who, audit_action, object).await)
}

/// Audits a refusal and returns it as [`AppError::Forbidden`] with
/// `message` (for rules beyond [`authorize`], such as "only the team's
/// supervisor decides").
pub async fn refuse(
    app: &App,
    who: &Principal,
    audit_action: AuditAction,
    object: Object,
    message: Message,
) -> AppError {
    let mut denied = event(app, who, audit_action, object);
    denied.outcome = Outcome::Denied;
    match app.store.append_audit(&denied).await {
        Ok(_) => AppError::Forbidden(message),
        Err(e) => e.into(),
    }
}

/// Like [`require`] for any actor: the system and the command line are
/// trusted (they hold the database already); people are authorized.
pub async fn check(
    app: &App,
    actor: &crate::Actor,
    action: &Action<'_>,
    audit_action: AuditAction,
    object: Object,
) -> AppResult<Decision> {
    match actor.principal() {
        Some(who) => require(app, who, action, audit_action, object).await,
        None => Ok(Decision::Allow),
    }
}

/// What `who` may see of a scope's results ([`rundt_domain::access::results_view`]);
/// a refusal is audited like any other, under `audit_action` for the
/// scope's record.
pub async fn results_view(
    app: &App,
    who: &Principal,
    scope: &ResultsScope<'_>,
    audit_action: AuditAction,
    object: Object,
) -> AppResult<ResultsView> {
    match rundt_domain::access::results_view(who, scope) {
        Ok(view) => Ok(view),
        Err(ResultsRefusal::Auditor) => Err(refuse(
            app,
            who,
            AuditAction::ResultsView,
            Object::of(ObjectKind::Results),
            msg!("results-not-for-auditors"),
        )
        .await),
        Err(ResultsRefusal::NoAccess) => {
            Err(refuse_no_access(app, who, audit_action, object).await)
        }
    }
}

/// Audits a refusal by the role rule and says the role has no access to
/// records of `object`'s kind.
/// Who in a team may take a team-level step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InTeam {
    /// The team's supervisor alone (recording a meeting).
    Supervisor,
    /// The team's supervisor or consultant (reading its meetings).
    SupervisorOrConsultant,
}

/// Lets `actor` take a step of `who` in team `team_id`, or refuses (the
/// refusal audited as `audit_action`) saying `why`. The command line and
/// the system act for the team.
pub(crate) async fn require_in_team(
    app: &App,
    actor: &crate::Actor,
    team_id: rundt_domain::team::TeamId,
    who: InTeam,
    audit_action: AuditAction,
    why: Message,
) -> AppResult<()> {
    use rundt_domain::user::Role;
    let Some(p) = actor.principal() else {
        return Ok(());
    };
    let role_fits = match who {
        InTeam::Supervisor => p.role == Role::Supervisor,
        InTeam::SupervisorOrConsultant => matches!(p.role, Role::Supervisor | Role::Consultant),
    };
    if role_fits && p.team_ids.contains(&team_id) {
        Ok(())
    } else {
        Err(refuse(app, p, audit_action, Object::team(team_id), why).await)
    }
}

pub(crate) async fn refuse_no_access(
    app: &App,
    who: &Principal,
    audit_action: AuditAction,
    object: Object,
) -> AppError {
    let message = msg!(
        "role-no-access",
        role = Arg::word(role_word(who.role)),
        object = object.kind.as_str()
    );
    refuse(app, who, audit_action, object, message).await
}
