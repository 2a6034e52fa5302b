//! Audit events and the hash chain that makes the log tamper-evident.
//!
//! Each stored event carries `hash = SHA-256(prev_hash || canonical(event))`,
//! so editing, deleting or reordering any stored event breaks every later hash.

use crate::id::{CaseId, PersonId, TeamId, UserId};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The hash that precedes the first event.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Success,
    Denied,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Denied => "denied",
        }
    }
}

/// Declares an enum of audit names: each variant with its dotted name, as
/// stored in the log and hashed into the chain.
macro_rules! audit_names {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)+
        }

        impl $name {
            /// Every name, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The dotted name as stored in the audit log.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownAuditName;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    other => Err(UnknownAuditName(other.to_owned())),
                }
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }
    };
}

/// A name read back from the log that Rundt does not write.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown audit name: {0}")]
pub struct UnknownAuditName(pub String);

audit_names! {
    /// What was done: the verb of an audit event.
    AuditAction {
        ApiTokenCreate => "api_token.create",
        ApiTokenRevoke => "api_token.revoke",
        AccountNotificationsSave => "account.notifications.save",
        AuditRead => "audit.read",
        CaseAccept => "case.accept",
        CaseAcknowledge => "case.acknowledge",
        CaseAdherenceInterview => "case.adherence_interview",
        CaseAdherenceInterviews => "case.adherence_interviews",
        CaseAssessmentSave => "case.assessment.save",
        CaseAssign => "case.assign",
        CaseBreakGlass => "case.break_glass",
        CaseChildVoiceRecord => "case.child_voice.record",
        CaseConsultationAnswer => "case.consultation.answer",
        CaseConsultationEnd => "case.consultation.end",
        CaseConsultationRequest => "case.consultation.request",
        CaseCreate => "case.create",
        CaseCrisisContactLog => "case.crisis_contact.log",
        CaseCrisisContactLogOnCall => "case.crisis_contact.log.on_call",
        CaseCrisisContactRead => "case.crisis_contact.read",
        CaseCrisisEssentialsRead => "case.crisis_essentials.read",
        CaseCrisisEssentialsReadOnCall => "case.crisis_essentials.read.on_call",
        CaseCrisisPlanSave => "case.crisis_plan.save",
        CaseDecline => "case.decline",
        CaseDischarge => "case.discharge",
        CaseFamilyExperience => "case.family_experience",
        CaseFamilyExperienceRead => "case.family_experience.read",
        CaseFollowUp => "case.follow_up",
        CaseHomeSave => "case.home.save",
        CaseIncidentNotification => "case.incident.notification",
        CaseIncidentRecord => "case.incident.record",
        CaseList => "case.list",
        CaseListOnCall => "case.list.on_call",
        CaseMappingSave => "case.mapping.save",
        CaseModuleStart => "case.module.start",
        CaseModuleUpdate => "case.module.update",
        CaseRead => "case.read",
        CaseReadBreakGlass => "case.read.break_glass",
        CaseRefer => "case.refer",
        CaseReferralInformation => "case.referral.information",
        CaseReferralReceipt => "case.referral.receipt",
        CaseReferralRecord => "case.referral.record",
        CaseSafetyPlanSave => "case.safety_plan.save",
        CaseSubjectCopy => "case.subject_copy",
        CaseTreatmentPlanSave => "case.treatment_plan.save",
        CaseWeeklySummarySave => "case.weekly_summary.save",
        CaseWithdraw => "case.withdraw",
        DatabaseBackup => "database.backup",
        DatabaseRestore => "database.restore",
        FeasibilityStudyApprove => "feasibility.study.approve",
        FeasibilityStudyComment => "feasibility.study.comment",
        FeasibilityStudyCreate => "feasibility.study.create",
        FeasibilityStudyList => "feasibility.study.list",
        FeasibilityStudyRead => "feasibility.study.read",
        FeasibilityStudyReport => "feasibility.study.report",
        FeasibilityStudySave => "feasibility.study.save",
        FeasibilityTeamPlanRead => "feasibility.team_plan.read",
        FieldKeyCheck => "field_key.check",
        FieldKeyRotate => "field_key.rotate",
        LegalHoldLift => "legal_hold.lift",
        LegalHoldPlace => "legal_hold.place",
        LoginFailure => "login.failure",
        LoginPasswordOk => "login.password_ok",
        LoginSecondFactorFailure => "login.second_factor_failure",
        LoginSso => "login.sso",
        LoginSsoFailure => "login.sso_failure",
        LoginSuccess => "login.success",
        Logout => "logout",
        MoneyAgreementCreate => "money.agreement.create",
        MoneyAgreementUpdate => "money.agreement.update",
        MoneyBillingDetailsSave => "money.billing_details.save",
        MoneyBudgetSave => "money.budget.save",
        MoneyEInvoice => "money.einvoice",
        MoneyInvoicingRead => "money.invoicing.read",
        MoneyLicenceFeeSet => "money.licence_fee.set",
        MoneyMunicipalityRead => "money.municipality.read",
        MoneyNationalRead => "money.national.read",
        MoneyPlacementCostSet => "money.placement_cost.set",
        MoneyTeamPriceSet => "money.team_price.set",
        MoneyTeamRead => "money.team.read",
        NoticeMailSent => "notice.mail_sent",
        NoticeOutboxRead => "notice.outbox.read",
        NoticeQueue => "notice.queue",
        OnCallCalendarFeedCreate => "oncall.calendar_feed.create",
        OnCallCalendarFeedRevoke => "oncall.calendar_feed.revoke",
        OnCallGaps => "oncall.gaps",
        OnCallHours => "oncall.hours",
        OnCallLeaveRecord => "oncall.leave.record",
        OnCallLeaveRemove => "oncall.leave.remove",
        OnCallPublish => "oncall.publish",
        OnCallRead => "oncall.read",
        OnCallSettingsSave => "oncall.settings.save",
        OnCallShiftAdd => "oncall.shift.add",
        OnCallShiftChange => "oncall.shift.change",
        OnCallShiftRemove => "oncall.shift.remove",
        OnCallShiftsFill => "oncall.shifts.fill",
        OnCallSwapAnswer => "oncall.swap.answer",
        OnCallSwapPropose => "oncall.swap.propose",
        PeopleBoosterHold => "people.booster.hold",
        PeopleBoosterPlan => "people.booster.plan",
        PeopleCertificateRead => "people.certificate.read",
        PeopleConsultantRating => "people.consultant_rating",
        PeopleNationalRead => "people.national.read",
        PeoplePersonRead => "people.person.read",
        PeoplePlanReview => "people.plan.review",
        PeoplePlanSave => "people.plan.save",
        PeopleTeamRead => "people.team.read",
        PeopleTrainingExceptionRecord => "people.training_exception.record",
        PeopleTrainingRecord => "people.training.record",
        PersonAccessLogRead => "person.access_log.read",
        PersonLookup => "person.lookup",
        PersonSubjectCopy => "person.subject_copy",
        ReferenceDataSync => "reference_data.sync",
        ResultsFamilies => "results.families",
        ResultsMunicipality => "results.municipality",
        ResultsNational => "results.national",
        ResultsTeam => "results.team",
        ResultsView => "results.view",
        RetentionAnonymise => "retention.anonymise",
        RetentionDelete => "retention.delete",
        RetentionReview => "retention.review",
        SessionCreate => "session.create",
        SessionUpgrade => "session.upgrade",
        TeamCapacity => "team.capacity",
        TeamClose => "team.close",
        TeamCreate => "team.create",
        TeamInterviewsDue => "team.interviews_due",
        TeamMemberAdd => "team.member.add",
        TeamMemberEnd => "team.member.end",
        TeamOwnersReplace => "team.owners.replace",
        TeamRead => "team.read",
        TeamSupervisionAgenda => "team.supervision.agenda",
        TeamSupervisionRead => "team.supervision.read",
        TeamSupervisionRecord => "team.supervision.record",
        TeamSupervisorRating => "team.supervisor_rating",
        UserActivate => "user.activate",
        UserCreate => "user.create",
        UserDeactivate => "user.deactivate",
        UserIdentityLink => "user.identity_link",
        UserIdentityList => "user.identity_list",
        UserIdentityUnlink => "user.identity_unlink",
        UserLanguage => "user.language",
        UserList => "user.list",
        UserPasswordChange => "user.password_change",
        UserSecondFactorEnrolled => "user.second_factor_enrolled",
    }
}

/// Which actions an auditor lists: one action, every action of a family
/// (`login.*`: each login step; `case.*`: everything done to families), or
/// every break-glass step (the access granted and each read under it), or
/// every on-call access (a family opened or a contact logged by the team's
/// person on call, not the family's own therapist).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActionFilter {
    One(AuditAction),
    /// The actions whose dotted name begins with this family's name.
    Family(&'static str),
    BreakGlass,
    OnCall,
}

impl ActionFilter {
    /// How the filter is written in a query: `case.read`, `login.*` or
    /// `break_glass`. `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if text == "break_glass" {
            return Some(Self::BreakGlass);
        }
        if text == "on_call" {
            return Some(Self::OnCall);
        }
        if let Some(family) = text.strip_suffix(".*") {
            return Self::families()
                .into_iter()
                .find(|f| *f == family)
                .map(Self::Family);
        }
        text.parse().ok().map(Self::One)
    }

    /// The filter as [`ActionFilter::parse`] reads it.
    pub fn code(&self) -> String {
        match self {
            Self::One(a) => a.as_str().to_owned(),
            Self::Family(f) => format!("{f}.*"),
            Self::BreakGlass => "break_glass".to_owned(),
            Self::OnCall => "on_call".to_owned(),
        }
    }

    /// The actions the filter lets through.
    pub fn actions(&self) -> Vec<AuditAction> {
        AuditAction::ALL
            .iter()
            .copied()
            .filter(|a| match self {
                Self::One(one) => a == one,
                Self::Family(f) => family_of(*a) == Some(*f),
                Self::BreakGlass => a.as_str().contains("break_glass"),
                Self::OnCall => a.as_str().ends_with(".on_call"),
            })
            .collect()
    }

    /// The families with more than one action, by name.
    fn families() -> Vec<&'static str> {
        let mut families: Vec<&'static str> = AuditAction::ALL
            .iter()
            .filter_map(|a| family_of(*a))
            .collect();
        families.sort_unstable();
        let mut many: Vec<&'static str> = families
            .windows(2)
            .filter(|w| w[0] == w[1])
            .map(|w| w[0])
            .collect();
        many.dedup();
        many
    }

    /// Every filter an auditor can choose: break-glass and on-call access
    /// first, then the families, then each action, by name.
    pub fn choices() -> Vec<Self> {
        let mut one: Vec<AuditAction> = AuditAction::ALL.to_vec();
        one.sort_by_key(|a| a.as_str());
        [Self::BreakGlass, Self::OnCall]
            .into_iter()
            .chain(Self::families().into_iter().map(Self::Family))
            .chain(one.into_iter().map(Self::One))
            .collect()
    }
}

/// The family of an action: its name up to the first dot (`case` of
/// `case.read`); `None` for a name without one (`logout`).
fn family_of(action: AuditAction) -> Option<&'static str> {
    let name = action.as_str();
    name.find('.').map(|dot| &name[..dot])
}

audit_names! {
    /// What kind of record an audit event is about.
    ObjectKind {
        AdherenceInterview => "adherence_interview",
        ApiToken => "api_token",
        AuditLog => "audit_log",
        Booster => "booster",
        Case => "case",
        ConsultantRating => "consultant_rating",
        Country => "country",
        Database => "database",
        DevelopmentPlan => "development_plan",
        FeasibilityStudy => "feasibility_study",
        Municipality => "municipality",
        Notice => "notice",
        OnCallRota => "oncall_rota",
        Person => "person",
        PurchaseAgreement => "purchase_agreement",
        ReferenceData => "reference_data",
        Retention => "retention",
        Results => "results",
        Session => "session",
        SignInRecords => "sign_in_records",
        Supervision => "supervision",
        SupervisorRating => "supervisor_rating",
        Team => "team",
        TeamMembership => "team_membership",
        TrainingRecord => "training_record",
        User => "user",
    }
}

/// The record an audited step touches: its kind and, when it has one, its
/// id. The typed constructors keep kind and id together, so a team's event
/// cannot carry a case's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Object {
    pub kind: ObjectKind,
    pub id: Option<i64>,
}

impl Object {
    /// A record of `kind` without an id (not yet made, or one of many).
    pub const fn of(kind: ObjectKind) -> Self {
        Self { kind, id: None }
    }

    /// A record of `kind` whose key has no id type of its own (a token, a
    /// membership, a session).
    pub const fn keyed(kind: ObjectKind, id: i64) -> Self {
        Self { kind, id: Some(id) }
    }

    pub const fn case(id: CaseId) -> Self {
        Self::keyed(ObjectKind::Case, id.get())
    }

    pub const fn team(id: TeamId) -> Self {
        Self::keyed(ObjectKind::Team, id.get())
    }

    pub const fn user(id: UserId) -> Self {
        Self::keyed(ObjectKind::User, id.get())
    }

    pub const fn person(id: PersonId) -> Self {
        Self::keyed(ObjectKind::Person, id.get())
    }
}

/// Who did what to which record, why, when and with what outcome.
///
/// Generic over how the names are held: Rundt writes [`AuditEvent`]s with
/// typed names; the log is read back as [`RecordedEvent`]s with the names as
/// stored, so that verification can still hash, and name, an edited event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord<A, K> {
    pub at: DateTime<Utc>,
    /// `None` for the system itself (migrations, the demo loader, the CLI).
    pub actor_user_id: Option<UserId>,
    /// The role the actor acted in, or `system`/`cli`.
    pub actor_role: String,
    /// Verb, e.g. `team.create`, `user.create`, `case.read`.
    pub action: A,
    /// Kind of record, e.g. `team`, `user`.
    pub object_kind: K,
    /// The record's id, when it has one.
    pub object_id: Option<i64>,
    /// The person whose personal data was touched, when there is one.
    pub person_id: Option<PersonId>,
    /// The stated reason (mandatory for break-glass access).
    pub purpose: Option<String>,
    pub outcome: Outcome,
}

/// An event as Rundt writes it.
pub type AuditEvent = AuditRecord<AuditAction, ObjectKind>;

/// An event as read back from the log.
pub type RecordedEvent = AuditRecord<String, String>;

impl AuditEvent {
    /// The same event about one case and the person whose data it shows:
    /// a read of many rows logs one event a row.
    pub fn about_case(&self, case_id: CaseId, person_id: Option<PersonId>) -> Self {
        Self {
            object_id: Some(case_id.get()),
            person_id,
            ..self.clone()
        }
    }

    /// An event done by Rundt itself or its command line.
    pub fn system(
        at: DateTime<Utc>,
        actor_role: &str,
        action: AuditAction,
        object_kind: ObjectKind,
    ) -> Self {
        Self {
            at,
            actor_user_id: None,
            actor_role: actor_role.into(),
            action,
            object_kind,
            object_id: None,
            person_id: None,
            purpose: None,
            outcome: Outcome::Success,
        }
    }

    /// The event as it reads back from the log.
    pub fn recorded(&self) -> RecordedEvent {
        RecordedEvent {
            at: self.at,
            actor_user_id: self.actor_user_id,
            actor_role: self.actor_role.clone(),
            action: self.action.as_str().to_owned(),
            object_kind: self.object_kind.as_str().to_owned(),
            object_id: self.object_id,
            person_id: self.person_id,
            purpose: self.purpose.clone(),
            outcome: self.outcome,
        }
    }
}

impl<A: AsRef<str>, K: AsRef<str>> AuditRecord<A, K> {
    /// A stable, unambiguous byte encoding of the event for hashing: fields in
    /// a fixed order, each length-prefixed.
    pub fn canonical(&self, seq: i64) -> Vec<u8> {
        let opt = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
        let fields = [
            seq.to_string(),
            self.at.to_rfc3339_opts(SecondsFormat::Micros, true),
            opt(self.actor_user_id.map(UserId::get)),
            self.actor_role.clone(),
            self.action.as_ref().to_owned(),
            self.object_kind.as_ref().to_owned(),
            opt(self.object_id),
            opt(self.person_id.map(PersonId::get)),
            self.purpose.clone().unwrap_or_default(),
            self.outcome.as_str().to_owned(),
        ];
        let mut out = Vec::new();
        for f in fields {
            out.extend_from_slice(&(f.len() as u64).to_be_bytes());
            out.extend_from_slice(f.as_bytes());
        }
        out
    }
}

/// The hash of an event at position `seq` following `prev_hash` (hex).
pub fn chain_hash<A: AsRef<str>, K: AsRef<str>>(
    prev_hash: &str,
    seq: i64,
    event: &AuditRecord<A, K>,
) -> String {
    let mut h = Sha256::new();
    h.update(prev_hash.as_bytes());
    h.update(event.canonical(seq));
    hex::encode(h.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> AuditEvent {
        let at = DateTime::parse_from_rfc3339("2026-11-25T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        AuditEvent::system(at, "cli", AuditAction::TeamCreate, ObjectKind::Team)
    }

    #[test]
    fn any_change_to_an_event_changes_its_hash() {
        let e = event();
        let h = chain_hash(GENESIS_HASH, 1, &e);
        assert_eq!(h.len(), 64);
        assert_eq!(h, chain_hash(GENESIS_HASH, 1, &e));
        let mut edited = e.clone();
        edited.object_id = Some(7);
        assert_ne!(h, chain_hash(GENESIS_HASH, 1, &edited));
        assert_ne!(
            h,
            chain_hash(GENESIS_HASH, 2, &e),
            "position is part of the hash"
        );
        assert_ne!(
            h,
            chain_hash(&h, 1, &e),
            "previous hash is part of the hash"
        );
    }

    #[test]
    fn fields_cannot_be_shifted_into_each_other() {
        let mut a = event().recorded();
        a.action = "ab".into();
        a.object_kind = "c".into();
        let mut b = event().recorded();
        b.action = "a".into();
        b.object_kind = "bc".into();
        assert_ne!(a.canonical(1), b.canonical(1));
    }

    #[test]
    fn a_typed_event_hashes_as_it_reads_back() {
        let e = event();
        assert_eq!(
            chain_hash(GENESIS_HASH, 4, &e),
            chain_hash(GENESIS_HASH, 4, &e.recorded())
        );
    }

    #[test]
    fn every_audit_name_reads_back_as_itself_and_names_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for a in AuditAction::ALL {
            assert_eq!(a.as_str().parse::<AuditAction>(), Ok(*a));
            assert!(seen.insert(a.as_str()), "{a} twice");
        }
        for k in ObjectKind::ALL {
            assert_eq!(k.as_str().parse::<ObjectKind>(), Ok(*k));
            assert!(seen.insert(k.as_str()), "{k} twice");
        }
        assert!("case.shred".parse::<AuditAction>().is_err());
    }

    #[test]
    fn an_action_filter_names_one_action_a_family_or_every_break_glass_step() {
        assert_eq!(
            ActionFilter::parse("case.read"),
            Some(ActionFilter::One(AuditAction::CaseRead))
        );
        assert_eq!(
            ActionFilter::parse("case.read").map(|f| f.actions()),
            Some(vec![AuditAction::CaseRead]),
            "one action is not its family"
        );
        let logins = ActionFilter::parse("login.*").unwrap().actions();
        assert_eq!(
            logins,
            vec![
                AuditAction::LoginFailure,
                AuditAction::LoginPasswordOk,
                AuditAction::LoginSecondFactorFailure,
                AuditAction::LoginSso,
                AuditAction::LoginSsoFailure,
                AuditAction::LoginSuccess,
            ]
        );
        assert_eq!(
            ActionFilter::BreakGlass.actions(),
            vec![AuditAction::CaseBreakGlass, AuditAction::CaseReadBreakGlass]
        );
        assert_eq!(ActionFilter::parse("on_call"), Some(ActionFilter::OnCall));
        assert_eq!(
            ActionFilter::OnCall.actions(),
            vec![
                AuditAction::CaseCrisisContactLogOnCall,
                AuditAction::CaseCrisisEssentialsReadOnCall,
                AuditAction::CaseListOnCall,
            ]
        );
        for unknown in [
            "",
            "case.shred",
            "shred.*",
            "audit.*",
            "logout.*",
            "*",
            "case",
        ] {
            assert_eq!(ActionFilter::parse(unknown), None, "{unknown:?}");
        }
        // Every choice reads back as itself and lets something through.
        let choices = ActionFilter::choices();
        assert_eq!(choices[0], ActionFilter::BreakGlass);
        assert!(choices.contains(&ActionFilter::Family("case")));
        assert!(choices.contains(&ActionFilter::One(AuditAction::Logout)));
        for c in &choices {
            assert_eq!(ActionFilter::parse(&c.code()), Some(*c));
            assert!(!c.actions().is_empty(), "{c:?}");
        }
    }
}
