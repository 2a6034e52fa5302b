//! How both backends read their records: the columns each record is
//! selected with, and its [`FromRow`] in that order.

use rundt_domain::adherence::InterviewMode;
use rundt_domain::audit::{Outcome, RecordedEvent};
use rundt_domain::discharge::DischargeReason;
use rundt_domain::id::PersonId;
use rundt_domain::municipality::Municipality;
use rundt_domain::national_office::NationalOffice;
use rundt_domain::programme::ProgrammeModel;
use rundt_domain::team::{Ownership, Position, Team, TeamId};
use rundt_domain::user::User;

use crate::row::{Columns, FromRow};
use crate::{
    AdherenceInterviewRecord, AdherenceRollupRow, AdherenceSummaryRow, ApiToken, BreakGlassGrant,
    CandidatePerson, CaseRecord, Credentials, DischargeRecord, FamilyExperienceRecord,
    FamilyResultRow, FollowUpRecord, InterviewState, OutcomeSummaryRow, OutcomeTriple, Participant,
    ParticipantRole, Person, PersonCase, Recommendation, ReferralAddition, ReferralRecord,
    SessionRecord, StatusChange, StoreResult, StoredAuditEvent, SupervisionRecord,
    SupervisionSummaryRow, TeamMember, VersionedDocument, WeeklySummaryRecord,
    adherence_counts_from, outcome_counts_from,
};

/// The columns of a [`User`] as a literal, so the credentials can extend
/// them without a second copy that could drift.
macro_rules! user_columns {
    () => {
        "id, username, display_name, email, role, country, municipality_code, active, version"
    };
}

/// The columns of a [`User`], from `users`.
pub const USER_COLUMNS: &str = user_columns!();

/// A user's [`Credentials`]: the user's columns, then the secrets and the
/// chosen language.
pub const CREDENTIAL_COLUMNS: &str = concat!(
    user_columns!(),
    ", password_hash, totp_secret, totp_last_step, language"
);

pub const SESSION_COLUMNS: &str = "token_hash, user_id, created_at, last_seen_at, expires_at, \
     mfa_verified, csrf_token, revoked_at";

pub const TOKEN_COLUMNS: &str =
    "id, user_id, name, created_at, last_used_at, revoked_at, scope, expires_at";

/// A [`TeamMember`], from `team_memberships m JOIN users u`.
pub const MEMBER_COLUMNS: &str =
    "m.id, m.team_id, m.user_id, u.display_name, m.position, m.since, m.until";

/// A [`Person`], from `persons p`.
pub const PERSON_COLUMNS: &str = "p.id, p.country, p.given_name, p.family_name, p.birth_date, p.national_id_sealed, \
     p.created_at";

/// A [`CaseRecord`] without payers and people, from `cases c`.
pub const CASE_COLUMNS: &str = "c.id, c.country, c.team_id, c.therapist_id, \
     c.referring_municipality, c.status, c.created_at, c.version, c.referred_on, \
     c.treatment_start, c.discharged_on, c.acknowledged_at, c.acknowledged_by";

/// A [`BreakGlassGrant`], with the joins it needs.
pub const GRANT_SELECT: &str = "SELECT g.id, g.case_id, c.team_id, g.user_id, u.display_name, \
     g.reason, g.granted_at, g.expires_at \
     FROM break_glass_grants g JOIN cases c ON c.id = g.case_id JOIN users u ON u.id = g.user_id";

pub const REFERRAL_SELECT: &str = "SELECT case_id, details, screening, eligible FROM referrals";

pub const ADDITION_SELECT: &str =
    "SELECT id, case_id, added_at, added_by, text FROM referral_additions";

pub const STATUS_SELECT: &str =
    "SELECT at, from_status, to_status, by_user_id, note FROM case_status_history";

pub const ASSESSMENT_COLUMNS: &str = "id, case_id, content, version, updated_at";

pub const SUMMARY_SELECT: &str = "SELECT id, case_id, week_start, therapist_id, content, \
     contact_count, contact_minutes, version, updated_at FROM weekly_summaries";

pub const DISCHARGE_SELECT: &str = "SELECT case_id, discharged_on, reason, content, \
     treatment_days, living_at_home, in_school_or_working, no_new_arrests FROM discharges";

pub const FOLLOW_UP_SELECT: &str = "SELECT case_id, months, done_on, living_at_home, \
     in_school_or_working, no_new_arrests, notes FROM follow_ups";

/// A [`SupervisionRecord`] without its recommendations.
pub const SUPERVISION_SELECT: &str =
    "SELECT id, team_id, held_on, kind, attendees FROM supervision_sessions";

pub const RECOMMENDATION_SELECT: &str = "SELECT s.id, s.held_on, s.kind, r.recommendation \
     FROM supervision_recommendations r JOIN supervision_sessions s ON s.id = r.session_id";

impl FromRow for User {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(User {
            id: c.read()?,
            username: c.read()?,
            display_name: c.read()?,
            email: c.read()?,
            role: c.parsed()?,
            country: c.parsed()?,
            municipality_code: c.read()?,
            active: c.read()?,
            version: c.read()?,
        })
    }
}

impl FromRow for Credentials {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Credentials {
            user: User::from_row(c)?,
            password_hash: c.read()?,
            totp_secret: c.read()?,
            totp_last_step: c.read()?,
            language: c.read()?,
        })
    }
}

impl FromRow for SessionRecord {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(SessionRecord {
            token_hash: c.read()?,
            user_id: c.read()?,
            created_at: c.read()?,
            last_seen_at: c.read()?,
            expires_at: c.read()?,
            mfa_verified: c.read()?,
            csrf_token: c.read()?,
            revoked_at: c.read()?,
        })
    }
}

impl FromRow for ApiToken {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(ApiToken {
            id: c.read()?,
            user_id: c.read()?,
            name: c.read()?,
            created_at: c.read()?,
            last_used_at: c.read()?,
            revoked_at: c.read()?,
            scope: c.parsed_with(rundt_domain::api_token::TokenScope::from_code)?,
            expires_at: c.read()?,
        })
    }
}

impl FromRow for TeamMember {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(TeamMember {
            id: c.read()?,
            team_id: c.read()?,
            user_id: c.read()?,
            display_name: c.read()?,
            position: c.parsed::<Position>()?,
            since: c.read()?,
            until: c.read()?,
        })
    }
}

impl FromRow for Person {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Person {
            id: c.read()?,
            country: c.parsed()?,
            given_name: c.read()?,
            family_name: c.read()?,
            birth_date: c.read()?,
            national_id_sealed: c.read()?,
            created_at: c.read()?,
        })
    }
}

/// A [`PersonCase`], from `case_participants cp`.
pub const PERSON_CASE_COLUMNS: &str = "cp.case_id, cp.role";

impl FromRow for PersonCase {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(PersonCase {
            case_id: c.read()?,
            role: c.parsed_with(ParticipantRole::parse)?,
        })
    }
}

/// A person's columns followed by the role column.
impl FromRow for Participant {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Participant {
            person: Person::from_row(c)?,
            role: c.parsed_with(ParticipantRole::parse)?,
        })
    }
}

/// A [`CandidatePerson`], from `case_participants cp JOIN persons p`.
pub const CANDIDATE_COLUMNS: &str = "cp.case_id, p.id, p.country, p.given_name, p.family_name, \
     p.birth_date, p.national_id_sealed, p.created_at, cp.role, p.national_id_index";

impl FromRow for CandidatePerson {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(CandidatePerson {
            case_id: c.read()?,
            participant: Participant::from_row(c)?,
            national_id_index: c.read()?,
        })
    }
}

/// The case's own columns; payers and people are read separately.
impl FromRow for CaseRecord {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(CaseRecord {
            id: c.read()?,
            country: c.parsed()?,
            team_id: c.read()?,
            therapist_id: c.read()?,
            referring_municipality: c.read()?,
            paying_municipalities: Vec::new(),
            status: c.parsed()?,
            created_at: c.read()?,
            version: c.read()?,
            referred_on: c.read()?,
            treatment_start: c.read()?,
            discharged_on: c.read()?,
            acknowledged_at: c.read()?,
            acknowledged_by: c.read()?,
            participants: Vec::new(),
        })
    }
}

impl FromRow for BreakGlassGrant {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(BreakGlassGrant {
            id: c.read()?,
            case_id: c.read()?,
            team_id: c.read()?,
            user_id: c.read()?,
            user_name: c.read()?,
            reason: c.read()?,
            granted_at: c.read()?,
            expires_at: c.read()?,
        })
    }
}

impl FromRow for ReferralRecord {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(ReferralRecord {
            case_id: c.read()?,
            details: c.json()?,
            screening: c.json()?,
            eligible: c.read()?,
        })
    }
}

impl FromRow for ReferralAddition {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(ReferralAddition {
            id: c.read()?,
            case_id: c.read()?,
            added_at: c.read()?,
            added_by: c.read()?,
            text: c.read()?,
        })
    }
}

impl FromRow for StatusChange {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(StatusChange {
            at: c.read()?,
            from_status: c.parsed()?,
            to_status: c.parsed()?,
            by_user_id: c.read()?,
            note: c.read()?,
        })
    }
}

impl FromRow for VersionedDocument {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(VersionedDocument {
            id: c.read()?,
            case_id: c.read()?,
            content: c.json()?,
            version: c.read()?,
            updated_at: c.read()?,
        })
    }
}

impl FromRow for WeeklySummaryRecord {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(WeeklySummaryRecord {
            id: c.read()?,
            case_id: c.read()?,
            week_start: c.read()?,
            therapist_id: c.read()?,
            content: c.json()?,
            contact_count: c.read()?,
            contact_minutes: c.read()?,
            version: c.read()?,
            updated_at: c.read()?,
        })
    }
}

impl FromRow for DischargeRecord {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(DischargeRecord {
            case_id: c.read()?,
            discharged_on: c.read()?,
            reason: c.parsed_with(DischargeReason::parse)?,
            content: c.json()?,
            treatment_days: c.read()?,
            living_at_home: c.read()?,
            in_school_or_working: c.read()?,
            no_new_arrests: c.read()?,
            can: None,
        })
    }
}

impl FromRow for FollowUpRecord {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(FollowUpRecord {
            case_id: c.read()?,
            months: c.read()?,
            done_on: c.read()?,
            living_at_home: c.read()?,
            in_school_or_working: c.read()?,
            no_new_arrests: c.read()?,
            notes: c.read()?,
            can: None,
        })
    }
}

/// A meeting without its recommendations (read separately).
impl FromRow for SupervisionRecord {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(SupervisionRecord {
            id: c.read()?,
            team_id: c.read()?,
            held_on: c.read()?,
            kind: c.read()?,
            attendees: c.json()?,
            attendance: Vec::new(),
            recommendations: Vec::new(),
        })
    }
}

impl FromRow for Recommendation {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Recommendation {
            session_id: c.read()?,
            held_on: c.read()?,
            kind: c.read()?,
            recommendation: c.read()?,
        })
    }
}

pub const INTERVIEW_SELECT: &str = "SELECT id, case_id, interviewed_on, interviewer_id, \
     therapist_id, respondent_id, mode, answers, score, created_at FROM adherence_interviews";

pub const EXPERIENCE_SELECT: &str = "SELECT case_id, answered_on, answers, score, recommends, \
     comment, recorded_by, created_at FROM family_experience";

/// An [`InterviewState`]'s columns, from `cases c`.
pub const INTERVIEW_STATE_COLUMNS: &str = "c.id, c.team_id, c.therapist_id, c.treatment_start, \
     (SELECT max(a.interviewed_on) FROM adherence_interviews a WHERE a.case_id = c.id)";

/// A [`FamilyResultRow`] and the young person's id, before the filter.
pub const FAMILY_RESULT_SELECT: &str = "SELECT c.id, c.team_id, c.therapist_id, \
     c.referring_municipality, c.status, c.treatment_start, c.discharged_on, d.reason, \
     d.treatment_days, \
     d.living_at_home, d.in_school_or_working, d.no_new_arrests, \
     f6.living_at_home, f6.in_school_or_working, f6.no_new_arrests, \
     f12.living_at_home, f12.in_school_or_working, f12.no_new_arrests, \
     f18.living_at_home, f18.in_school_or_working, f18.no_new_arrests, \
     e.score, \
     (SELECT count(*) FROM adherence_interviews a WHERE a.case_id = c.id), \
     (SELECT a.score FROM adherence_interviews a WHERE a.case_id = c.id \
         ORDER BY a.interviewed_on DESC, a.id DESC LIMIT 1), \
     (SELECT p.person_id FROM case_participants p \
         WHERE p.case_id = c.id AND p.role = 'young_person' ORDER BY p.person_id LIMIT 1) \
     FROM cases c \
     LEFT JOIN discharges d ON d.case_id = c.id \
     LEFT JOIN follow_ups f6 ON f6.case_id = c.id AND f6.months = 6 \
     LEFT JOIN follow_ups f12 ON f12.case_id = c.id AND f12.months = 12 \
     LEFT JOIN follow_ups f18 ON f18.case_id = c.id AND f18.months = 18 \
     LEFT JOIN family_experience e ON e.case_id = c.id";

/// `s.`-prefixed summary columns, for a SELECT list.
pub fn summary_columns(columns: &[&str]) -> String {
    columns
        .iter()
        .map(|c| format!("s.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl FromRow for AdherenceInterviewRecord {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(AdherenceInterviewRecord {
            id: c.read()?,
            case_id: c.read()?,
            interviewed_on: c.read()?,
            interviewer_id: c.read()?,
            therapist_id: c.read()?,
            respondent_id: c.read()?,
            mode: c.opt_parsed_with(InterviewMode::from_code)?,
            answers: c.json()?,
            score: c.read()?,
            created_at: c.read()?,
        })
    }
}

impl FromRow for FamilyExperienceRecord {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(FamilyExperienceRecord {
            case_id: c.read()?,
            answered_on: c.read()?,
            answers: c.json()?,
            score: c.read()?,
            recommends: c.read()?,
            comment: c.read()?,
            recorded_by: c.read()?,
            created_at: c.read()?,
        })
    }
}

impl FromRow for InterviewState {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(InterviewState {
            case_id: c.read()?,
            team_id: c.read()?,
            therapist_id: c.read()?,
            treatment_start: c.read()?,
            last_interview: c.read()?,
        })
    }
}

/// Summary counters in their columns' order.
fn counters<const N: usize>(c: &mut dyn Columns) -> StoreResult<[i64; N]> {
    let mut v = [0i64; N];
    for x in &mut v {
        *x = c.read()?;
    }
    Ok(v)
}

/// The keys, then [`OUTCOME_COLUMNS`](crate::OUTCOME_COLUMNS).
impl FromRow for OutcomeSummaryRow {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        let (team_id, municipality_code, month) = c.read()?;
        let (outcomes, follow_ups, experience) = outcome_counts_from(&counters(c)?)?;
        Ok(OutcomeSummaryRow {
            team_id,
            municipality_code,
            month,
            outcomes,
            follow_ups,
            experience,
        })
    }
}

/// The keys, then [`ADHERENCE_COLUMNS`](crate::ADHERENCE_COLUMNS), then families.
impl FromRow for AdherenceSummaryRow {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        let (team_id, therapist_id, municipality_code, month) = c.read()?;
        Ok(AdherenceSummaryRow {
            team_id,
            therapist_id,
            municipality_code,
            month,
            counts: adherence_counts_from(&counters(c)?)?,
            families: c.read()?,
        })
    }
}

/// The keys, then [`ADHERENCE_COLUMNS`](crate::ADHERENCE_COLUMNS) and
/// `families`.
impl FromRow for AdherenceRollupRow {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        let (team_id, municipality_code, month) = c.read()?;
        Ok(AdherenceRollupRow {
            team_id,
            municipality_code,
            month,
            counts: adherence_counts_from(&counters(c)?)?,
            families: c.read()?,
        })
    }
}

/// The keys, then [`SUPERVISION_COLUMNS`](crate::SUPERVISION_COLUMNS).
impl FromRow for SupervisionSummaryRow {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        let (team_id, supervisor_id, month) = c.read()?;
        Ok(SupervisionSummaryRow {
            team_id,
            supervisor_id,
            month,
            counts: adherence_counts_from(&counters(c)?)?,
        })
    }
}

/// Three outcome columns; none when the first is NULL (no such record).
fn triple(c: &mut dyn Columns) -> StoreResult<Option<OutcomeTriple>> {
    let (home, school, arrests): (Option<bool>, Option<bool>, Option<bool>) = c.read()?;
    Ok(match home {
        None => None,
        Some(living_at_home) => Some(OutcomeTriple {
            living_at_home,
            in_school_or_working: c.required(school)?,
            no_new_arrests: c.required(arrests)?,
        }),
    })
}

/// A row of [`FAMILY_RESULT_SELECT`]: the family and its young person's id.
impl FromRow for (FamilyResultRow, Option<PersonId>) {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok((
            FamilyResultRow {
                case_id: c.read()?,
                team_id: c.read()?,
                therapist_id: c.read()?,
                referring_municipality: c.read()?,
                status: c.parsed()?,
                treatment_start: c.read()?,
                discharged_on: c.read()?,
                discharge_reason: c.opt_parsed_with(DischargeReason::parse)?,
                treatment_days: c.read()?,
                at_discharge: triple(c)?,
                follow_up_6: triple(c)?,
                follow_up_12: triple(c)?,
                follow_up_18: triple(c)?,
                experience_score: c.read()?,
                interviews: c.read()?,
                last_adherence_score: c.read()?,
            },
            c.read()?,
        ))
    }
}

/// A [`Team`] without its owners, from `teams`.
pub const TEAM_COLUMNS: &str = "id, name, country, programme_model, started_on, closed_on, version";

/// Every team's owners as (team id, [`Ownership`]), for a WHERE or ORDER BY.
pub const OWNER_SELECT: &str = "SELECT team_id, municipality_code, share_bp FROM team_owners";

/// A team's own columns; its owners are read separately.
impl FromRow for Team {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Team {
            id: c.read()?,
            name: c.read()?,
            country: c.parsed()?,
            programme_model: c.read()?,
            owners: Vec::new(),
            started_on: c.read()?,
            closed_on: c.read()?,
            version: c.read()?,
        })
    }
}

impl FromRow for (TeamId, Ownership) {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok((
            c.read()?,
            Ownership {
                municipality_code: c.read()?,
                share_bp: c.read()?,
            },
        ))
    }
}

/// A [`ProgrammeModel`], from `programme_models`.
pub const MODEL_COLUMNS: &str = "code, name, min_age, max_age, supervisors, min_therapists, \
     max_therapists, typical_families_per_therapist, max_families_per_therapist, \
     min_duration_months, max_duration_months, requires_crisis_caseworker, \
     requires_psychiatrist";

pub const OFFICE_SELECT: &str = "SELECT country, name FROM national_offices";

/// A [`Municipality`], from `municipalities`.
pub const MUNICIPALITY_COLUMNS: &str = "country, code, name, valid_from, valid_to";

/// A [`StoredAuditEvent`], from `audit_events`.
pub const AUDIT_SELECT: &str = "SELECT seq, at, actor_user_id, actor_role, action, \
     object_kind, object_id, person_id, purpose, outcome, prev_hash, hash FROM audit_events";

impl FromRow for ProgrammeModel {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(ProgrammeModel {
            code: c.read()?,
            name: c.read()?,
            min_age: c.read()?,
            max_age: c.read()?,
            supervisors: c.read()?,
            min_therapists: c.read()?,
            max_therapists: c.read()?,
            typical_families_per_therapist: c.read()?,
            max_families_per_therapist: c.read()?,
            min_duration_months: c.read()?,
            max_duration_months: c.read()?,
            requires_crisis_caseworker: c.read()?,
            requires_psychiatrist: c.read()?,
        })
    }
}

impl FromRow for NationalOffice {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(NationalOffice {
            country: c.parsed()?,
            name: c.read()?,
        })
    }
}

impl FromRow for Municipality {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(Municipality {
            country: c.parsed()?,
            code: c.read()?,
            name: c.read()?,
            valid_from: c.read()?,
            valid_to: c.read()?,
        })
    }
}

fn outcome(s: &str) -> Option<Outcome> {
    [Outcome::Success, Outcome::Denied]
        .into_iter()
        .find(|o| o.as_str() == s)
}

impl FromRow for StoredAuditEvent {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(StoredAuditEvent {
            seq: c.read()?,
            event: RecordedEvent {
                at: c.read()?,
                actor_user_id: c.read()?,
                actor_role: c.read()?,
                action: c.read()?,
                object_kind: c.read()?,
                object_id: c.read()?,
                person_id: c.read()?,
                purpose: c.read()?,
                outcome: c.parsed_with(outcome)?,
            },
            prev_hash: c.read()?,
            hash: c.read()?,
        })
    }
}
