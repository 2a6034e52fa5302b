//! Retention as the operator and the data protection officer use it: what
//! the policy makes due today ([`review`]), anonymising one due case
//! ([`anonymise`]), deleting old sign-in records ([`delete_sign_in_records`]),
//! and legal holds ([`place_hold`], [`lift_hold`], [`holds`]).
//!
//! Nothing runs by itself: `rundt retention` calls these when an operator
//! runs it. Every step is audited; the audit log itself is never pruned, so
//! the chain stays verifiable and each anonymising is in it.

use chrono::{NaiveDate, NaiveTime};
use rundt_domain::access::Action;
use rundt_domain::audit::{AuditAction, Object, ObjectKind};
use rundt_domain::country::Country;
use rundt_domain::id::CaseId;
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::msg;
use rundt_domain::retention::{
    Disposal, RecordKind, RetentionPolicy, RetentionRule, Verdict, hold_reason, judge,
};
use rundt_domain::team::TeamId;
use rundt_store::{CaseErasure, ErasedCase, HoldChange, LegalHold};

use crate::{Actor, App, AppError, AppResult, access};

/// One ended case and what the policy says of it today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewedCase {
    pub case_id: CaseId,
    pub country: Country,
    pub team_id: TeamId,
    pub status: CaseStatus,
    pub kind: RecordKind,
    pub last_entry: NaiveDate,
    pub verdict: Verdict,
}

/// One rule and the records under it.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleReview {
    pub rule: RetentionRule,
    /// Records due today (case ids for family records).
    pub due: Vec<CaseId>,
    /// How many sign-in records are due (installation-wide rule only).
    pub sign_in_records_due: u64,
    pub not_yet: usize,
    /// The next day a record under this rule falls due.
    pub next_due: Option<NaiveDate>,
    pub on_hold: usize,
    pub kept: usize,
}

/// What the policy makes due today.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    pub today: NaiveDate,
    pub rules: Vec<RuleReview>,
    pub cases: Vec<ReviewedCase>,
}

impl Review {
    /// The cases due today, each with its rule.
    pub fn due_cases<'a>(
        &'a self,
        policy: &'a RetentionPolicy,
    ) -> impl Iterator<Item = (&'a ReviewedCase, &'a RetentionRule)> + 'a {
        self.cases
            .iter()
            .filter(|c| matches!(c.verdict, Verdict::Due(_)))
            .filter_map(|c| policy.for_case(c.country, c.kind).map(|r| (c, r)))
    }
}

/// The countries the actor may act on: the command line all, an auditor
/// their own (after the access rule allowed it, a refusal audited).
async fn countries(app: &App, actor: &Actor, audit: AuditAction) -> AppResult<Vec<Country>> {
    match actor.principal() {
        None => Ok(Country::ALL.to_vec()),
        Some(who) => {
            access::check(
                app,
                actor,
                &Action::ManageRetention(who.country),
                audit,
                Object::of(ObjectKind::Retention),
            )
            .await?;
            Ok(vec![who.country])
        }
    }
}

/// Judges every ended case and the sign-in records against `policy` today.
/// Reads case numbers and dates only, no personal data; audited as one
/// `retention.review`.
pub async fn review(app: &App, actor: &Actor, policy: &RetentionPolicy) -> AppResult<Review> {
    let countries = countries(app, actor, AuditAction::RetentionReview).await?;
    let today = app.clock.today();
    let mut cases = Vec::new();
    for c in app.store.retention_candidates().await? {
        if !countries.contains(&c.country) {
            continue;
        }
        let Some(kind) = RecordKind::of_case(c.status) else {
            continue;
        };
        let Some(rule) = policy.for_case(c.country, kind) else {
            continue;
        };
        cases.push(ReviewedCase {
            case_id: c.case_id,
            country: c.country,
            team_id: c.team_id,
            status: c.status,
            kind,
            last_entry: c.last_entry,
            verdict: judge(rule, c.last_entry, c.on_hold, today),
        });
    }
    let mut rules = Vec::new();
    for rule in &policy.rules {
        let mut r = RuleReview {
            rule: rule.clone(),
            due: Vec::new(),
            sign_in_records_due: 0,
            not_yet: 0,
            next_due: None,
            on_hold: 0,
            kept: 0,
        };
        match rule.country {
            Some(country) if !countries.contains(&country) => continue,
            Some(_) => {
                for c in cases
                    .iter()
                    .filter(|c| Some(c.country) == rule.country && c.kind == rule.kind)
                {
                    match c.verdict {
                        Verdict::Due(_) => r.due.push(c.case_id),
                        Verdict::NotYet(day) => {
                            r.not_yet += 1;
                            r.next_due = Some(r.next_due.map_or(day, |d| d.min(day)));
                        }
                        Verdict::OnHold => r.on_hold += 1,
                        Verdict::Kept => r.kept += 1,
                    }
                }
            }
            None if actor.principal().is_some() => continue,
            None => {
                if let Some(cutoff) = rule.cutoff(today) {
                    r.sign_in_records_due =
                        app.store.count_sign_in_records(start_of(cutoff)).await?;
                }
            }
        }
        rules.push(r);
    }
    let mut event = actor.event(
        app.clock.now(),
        AuditAction::RetentionReview,
        Object::of(ObjectKind::Retention),
    );
    let due: usize = rules.iter().map(|r| r.due.len()).sum();
    event.purpose = Some(format!("{due} case(s) due"));
    app.store.append_audit(&event).await?;
    Ok(Review {
        today,
        rules,
        cases,
    })
}

fn start_of(day: NaiveDate) -> chrono::DateTime<chrono::Utc> {
    day.and_time(NaiveTime::MIN).and_utc()
}

/// Anonymises one case the policy makes due today. A rule that needs the
/// archive authority's decision acts only with `authorisation` (its
/// reference, recorded in the audit event). The case is judged again in
/// the transaction: a hold placed or an entry made meanwhile stops it.
pub async fn anonymise(
    app: &App,
    actor: &Actor,
    policy: &RetentionPolicy,
    case: &ReviewedCase,
    authorisation: Option<&str>,
) -> AppResult<ErasedCase> {
    countries(app, actor, AuditAction::RetentionAnonymise).await?;
    let rule = policy
        .for_case(case.country, case.kind)
        .ok_or_else(|| AppError::Conflict(msg!("case-erasure-not-ended")))?;
    if rule.then != Disposal::Anonymise {
        return Err(AppError::Conflict(msg!("retention-rule-keeps")));
    }
    let today = app.clock.today();
    let cutoff = rule
        .cutoff(today)
        .ok_or_else(|| AppError::Conflict(msg!("retention-rule-keeps")))?;
    let authorisation = authorisation.map(str::trim).filter(|a| !a.is_empty());
    if rule.needs_authorisation && authorisation.is_none() {
        return Err(AppError::invalid(
            "authorisation",
            msg!("retention-needs-authorisation", rule = rule.id()),
        ));
    }
    let mut event = actor.event(
        app.clock.now(),
        AuditAction::RetentionAnonymise,
        Object::case(case.case_id),
    );
    event.purpose = Some(match authorisation {
        Some(a) => format!("rule {}; authorisation: {a}", rule.id()),
        None => format!("rule {}", rule.id()),
    });
    let erasure = CaseErasure {
        case_id: case.case_id,
        rule: rule.id(),
        last_entry_by: cutoff,
        on: today,
    };
    Ok(app.store.erase_case(&erasure, &event).await?)
}

/// Deletes the sign-in records the installation-wide rule makes due;
/// returns how many went. The command line's step (an auditor acts on one
/// country, and these records belong to the installation).
pub async fn delete_sign_in_records(
    app: &App,
    actor: &Actor,
    policy: &RetentionPolicy,
) -> AppResult<u64> {
    if actor.principal().is_some() {
        countries(app, actor, AuditAction::RetentionDelete).await?;
        return Err(AppError::Conflict(msg!("retention-installation-only")));
    }
    let Some(cutoff) = policy
        .for_sign_in_records()
        .filter(|r| r.then == Disposal::Delete)
        .and_then(|r| r.cutoff(app.clock.today()))
    else {
        return Ok(0);
    };
    let before = start_of(cutoff);
    if app.store.count_sign_in_records(before).await? == 0 {
        return Ok(0);
    }
    let mut event = actor.event(
        app.clock.now(),
        AuditAction::RetentionDelete,
        Object::of(ObjectKind::SignInRecords),
    );
    event.purpose = Some(format!("rule all/sign_in_records; before {cutoff}"));
    Ok(app.store.delete_sign_in_records(before, &event).await?)
}

async fn change_hold(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    reason: &str,
    action: AuditAction,
) -> AppResult<LegalHold> {
    let reason = hold_reason(reason)?;
    let allowed = countries(app, actor, action).await?;
    if actor.principal().is_some() {
        // An auditor holds cases of their own country only; another
        // country's case is as unknown to them as a missing one.
        let country = app
            .store
            .case_for_access_check(case_id)
            .await?
            .map(|c| c.country);
        if !country.is_some_and(|c| allowed.contains(&c)) {
            return Err(AppError::NotFound(format!("case {case_id}")));
        }
    }
    let mut event = actor.event(app.clock.now(), action, Object::case(case_id));
    event.purpose = Some(reason.clone());
    let change = HoldChange {
        case_id,
        reason,
        by: actor.principal().map(|p| p.user_id),
        at: app.clock.now(),
    };
    Ok(match action {
        AuditAction::LegalHoldLift => app.store.lift_legal_hold(&change, &event).await?,
        _ => app.store.place_legal_hold(&change, &event).await?,
    })
}

/// Places a legal hold on a case: retention leaves it alone until the hold
/// is lifted. The reason is recorded in the hold and in the audit log.
pub async fn place_hold(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    reason: &str,
) -> AppResult<LegalHold> {
    change_hold(app, actor, case_id, reason, AuditAction::LegalHoldPlace).await
}

/// Lifts the legal hold on a case, saying why.
pub async fn lift_hold(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    reason: &str,
) -> AppResult<LegalHold> {
    change_hold(app, actor, case_id, reason, AuditAction::LegalHoldLift).await
}

/// After a run that removed anything: makes the removed rows unreadable in
/// the database's files where the backend can (see
/// `RetentionStore::scrub_removed`).
pub async fn scrub(app: &App, actor: &Actor) -> AppResult<()> {
    countries(app, actor, AuditAction::RetentionReview).await?;
    Ok(app.store.scrub_removed().await?)
}

/// Legal holds, newest first (only those still on when `active_only`).
pub async fn holds(app: &App, actor: &Actor, active_only: bool) -> AppResult<Vec<LegalHold>> {
    let allowed = countries(app, actor, AuditAction::RetentionReview).await?;
    let mut holds = app.store.legal_holds(active_only).await?;
    holds.retain(|h| allowed.contains(&h.country));
    Ok(holds)
}
