//! Notices: what needs a person, told once on their start page and, where
//! they asked for it, by e-mail (issue 18). This module decides which
//! events raise a notice and for whom, the key that makes raising one twice
//! harmless, and how a failed e-mail is retried. The store writes a notice
//! in the transaction of the event that raised it (the outbox); a worker
//! delivers it.
//!
//! A notice carries no personal data: its kind, the team and, for the start
//! page's link, the case number. An e-mail says even less — the kind and
//! the team's name, and a link to log in.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::audit::{AuditAction, AuditEvent, ObjectKind, Outcome};
use crate::id::{CaseId, TeamId, UserId};

string_coded! {
    /// What a notice tells.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum NoticeKind {
        /// A municipality referred a family to the team.
        NewReferral => "new_referral",
        /// A referral's acknowledgement is past its last day.
        AcknowledgementOverdue => "acknowledgement_overdue",
        /// Last week's summary of a family in treatment is not written.
        WeeklySummaryMissing => "weekly_summary_missing",
        /// A family's adherence interview is due within a week.
        InterviewDue => "interview_due",
        /// The team's on-call rota has a gap in the coming weeks.
        OnCallGap => "oncall_gap",
        /// Someone opened a family's file by break-glass: to review.
        BreakGlassReview => "break_glass_review",
    }
    unknown => ("kind", "notice-kind-unknown")
}

/// Who a notice goes to. The store resolves them in the notice's
/// transaction, so whoever holds the post that day gets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipients {
    /// The supervisors of the case's team.
    CaseTeamSupervisors(CaseId),
    /// The supervisors of a team.
    TeamSupervisors(TeamId),
    /// The auditors of the case's country.
    CaseCountryAuditors(CaseId),
    /// One person (a family's therapist).
    User(UserId),
}

/// A notice to raise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNotice {
    pub kind: NoticeKind,
    pub recipients: Recipients,
    /// The team it is about, when known without the store (a case's team
    /// is read with the case).
    pub team_id: Option<TeamId>,
    pub case_id: Option<CaseId>,
    /// The same key raises the same notice: raising it again adds nothing.
    /// The store adds the recipient, so each person has one per key.
    pub key: String,
}

impl NewNotice {
    /// The key of one recipient's copy.
    pub fn key_for(&self, user: UserId) -> String {
        format!("{}:{user}", self.key)
    }
}

/// The notice an audit event raises, if any: a referral made (the case
/// created), a break-glass opened. `seq` is the event's place in the log.
pub fn from_event(seq: i64, event: &AuditEvent) -> Option<NewNotice> {
    if event.outcome != Outcome::Success || event.object_kind != ObjectKind::Case {
        return None;
    }
    let case_id = CaseId::new(event.object_id?);
    let (kind, recipients, key) = match event.action {
        // A case is made by its referral (`case.refer` names a refusal).
        AuditAction::CaseCreate => (
            NoticeKind::NewReferral,
            Recipients::CaseTeamSupervisors(case_id),
            format!("new_referral:{case_id}"),
        ),
        AuditAction::CaseBreakGlass => (
            NoticeKind::BreakGlassReview,
            Recipients::CaseCountryAuditors(case_id),
            format!("break_glass:{seq}"),
        ),
        _ => return None,
    };
    Some(NewNotice {
        kind,
        recipients,
        team_id: None,
        case_id: Some(case_id),
        key,
    })
}

/// A referral's acknowledgement is overdue: to the team's supervisors,
/// once per referral.
pub fn acknowledgement_overdue(case_id: CaseId, team_id: TeamId) -> NewNotice {
    NewNotice {
        kind: NoticeKind::AcknowledgementOverdue,
        recipients: Recipients::TeamSupervisors(team_id),
        team_id: Some(team_id),
        case_id: Some(case_id),
        key: format!("acknowledgement_overdue:{case_id}"),
    }
}

/// The week beginning `week_start` has no summary: to the family's
/// therapist, once per family and week.
pub fn weekly_summary_missing(
    case_id: CaseId,
    team_id: TeamId,
    therapist: UserId,
    week_start: NaiveDate,
) -> NewNotice {
    NewNotice {
        kind: NoticeKind::WeeklySummaryMissing,
        recipients: Recipients::User(therapist),
        team_id: Some(team_id),
        case_id: Some(case_id),
        key: format!("weekly_summary_missing:{case_id}:{week_start}"),
    }
}

/// An adherence interview is due on `due`: to the team's supervisors, once
/// per family and due day.
pub fn interview_due(case_id: CaseId, team_id: TeamId, due: NaiveDate) -> NewNotice {
    NewNotice {
        kind: NoticeKind::InterviewDue,
        recipients: Recipients::TeamSupervisors(team_id),
        team_id: Some(team_id),
        case_id: Some(case_id),
        key: format!("interview_due:{case_id}:{due}"),
    }
}

/// The rota has a gap beginning on `from`: to the team's supervisors, once
/// per team and day a gap begins.
pub fn oncall_gap(team_id: TeamId, from: NaiveDate) -> NewNotice {
    NewNotice {
        kind: NoticeKind::OnCallGap,
        recipients: Recipients::TeamSupervisors(team_id),
        team_id: Some(team_id),
        case_id: None,
        key: format!("oncall_gap:{team_id}:{from}"),
    }
}

/// How many times an e-mail is tried before it is left as failed for the
/// administrator (about a day of retries).
pub const MAX_MAIL_ATTEMPTS: u32 = 12;
/// The longest wait between two tries.
pub const MAX_RETRY_WAIT_MINUTES: i64 = 6 * 60;

/// When to try an e-mail again after its `attempts`-th failure: a minute,
/// then twice as long each time up to six hours; `None` once
/// [`MAX_MAIL_ATTEMPTS`] have failed.
pub fn retry_at(now: DateTime<Utc>, attempts: u32) -> Option<DateTime<Utc>> {
    if attempts >= MAX_MAIL_ATTEMPTS {
        return None;
    }
    let doubling = attempts.saturating_sub(1).min(16);
    let minutes = (1_i64 << doubling).min(MAX_RETRY_WAIT_MINUTES);
    Some(now + Duration::minutes(minutes))
}

/// Whether `text` may be kept as a person's address for notices: one `@`
/// with something on each side, no spaces, at most 254 characters. The
/// mail server has the last word; this catches a slip of the thumb.
pub fn plausible_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && text.len() <= 254
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::Object;
    use chrono::TimeZone;

    fn event(action: AuditAction, object: Object, outcome: Outcome) -> AuditEvent {
        let mut e = AuditEvent::system(
            Utc.with_ymd_and_hms(2026, 12, 6, 9, 0, 0).unwrap(),
            "municipal_caseworker",
            action,
            object.kind,
        );
        e.object_id = object.id;
        e.outcome = outcome;
        e
    }

    #[test]
    fn a_referral_tells_the_team_s_supervisors_once_per_case() {
        let case = CaseId::new(12);
        let first = from_event(
            100,
            &event(
                AuditAction::CaseCreate,
                Object::case(case),
                Outcome::Success,
            ),
        )
        .unwrap();
        let again = from_event(
            101,
            &event(
                AuditAction::CaseCreate,
                Object::case(case),
                Outcome::Success,
            ),
        )
        .unwrap();
        assert_eq!(first.kind, NoticeKind::NewReferral);
        assert_eq!(first.recipients, Recipients::CaseTeamSupervisors(case));
        assert_eq!(
            first.key, again.key,
            "a second event of the same referral is the same notice"
        );
        assert_eq!(first.key_for(UserId::new(3)), "new_referral:12:3");
    }

    #[test]
    fn each_break_glass_is_a_notice_for_the_country_s_auditors() {
        let case = CaseId::new(5);
        let one = from_event(
            7,
            &event(
                AuditAction::CaseBreakGlass,
                Object::case(case),
                Outcome::Success,
            ),
        )
        .unwrap();
        let two = from_event(
            9,
            &event(
                AuditAction::CaseBreakGlass,
                Object::case(case),
                Outcome::Success,
            ),
        )
        .unwrap();
        assert_eq!(one.recipients, Recipients::CaseCountryAuditors(case));
        assert_ne!(one.key, two.key, "every break-glass is reviewed");
    }

    #[test]
    fn refusals_reads_and_other_events_raise_nothing() {
        let case = Object::case(CaseId::new(5));
        assert!(from_event(1, &event(AuditAction::CaseCreate, case, Outcome::Denied)).is_none());
        assert!(from_event(1, &event(AuditAction::CaseRefer, case, Outcome::Denied)).is_none());
        assert!(from_event(1, &event(AuditAction::CaseRead, case, Outcome::Success)).is_none());
        assert!(
            from_event(
                1,
                &event(AuditAction::CaseReadBreakGlass, case, Outcome::Success)
            )
            .is_none()
        );
        assert!(
            from_event(
                1,
                &event(
                    AuditAction::CaseCreate,
                    Object::of(ObjectKind::Case),
                    Outcome::Success
                )
            )
            .is_none()
        );
    }

    #[test]
    fn a_failed_mail_waits_longer_each_time_and_gives_up_after_a_day() {
        let now = Utc.with_ymd_and_hms(2026, 12, 6, 9, 0, 0).unwrap();
        let waits: Vec<i64> = (1..MAX_MAIL_ATTEMPTS)
            .map(|a| (retry_at(now, a).unwrap() - now).num_minutes())
            .collect();
        assert_eq!(&waits[..4], &[1, 2, 4, 8]);
        assert!(waits.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(*waits.last().unwrap(), MAX_RETRY_WAIT_MINUTES);
        let total: i64 = waits.iter().sum();
        assert!(
            (12 * 60..=36 * 60).contains(&total),
            "{total} minutes of retries"
        );
        assert_eq!(retry_at(now, MAX_MAIL_ATTEMPTS), None);
    }

    #[test]
    fn time_raised_notices_are_keyed_by_what_they_are_about() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let (c, t, u) = (CaseId::new(4), TeamId::new(2), UserId::new(8));
        assert_eq!(
            weekly_summary_missing(c, t, u, d).key,
            "weekly_summary_missing:4:2026-11-30"
        );
        assert_eq!(
            weekly_summary_missing(c, t, u, d).recipients,
            Recipients::User(u)
        );
        assert_eq!(interview_due(c, t, d).key, "interview_due:4:2026-11-30");
        assert_eq!(oncall_gap(t, d).key, "oncall_gap:2:2026-11-30");
        assert_eq!(
            acknowledgement_overdue(c, t).recipients,
            Recipients::TeamSupervisors(t)
        );
    }

    #[test]
    fn an_address_needs_an_at_sign_and_a_domain() {
        assert!(plausible_email("mette.supervisor@aarhus.dk"));
        for bad in [
            "",
            "mette",
            "@aarhus.dk",
            "mette@",
            "mette@aarhus",
            "me tte@aarhus.dk",
            "a@b@c.dk",
            "m@.dk",
        ] {
            assert!(!plausible_email(bad), "{bad}");
        }
    }
}
