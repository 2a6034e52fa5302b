//! Storage of people (young persons and caregivers), families' cases, and
//! break-glass grants.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use rundt_domain::audit::AuditEvent;
use rundt_domain::country::Country;
use rundt_domain::family_search::NameQuery;
use rundt_domain::id::{CaseId, PersonId};
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::money::ReferralPrice;
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::team::TeamId;

use crate::CASE_COLUMNS;
use crate::filter_shape::{Condition, referred_or_paid_by, set_conditions, shape_of};
use rundt_domain::user::UserId;
use serde::Serialize;

use crate::{StoreResult, StoredAuditEvent};

/// A person whose data Rundt holds. The national identifier is stored only
/// encrypted, with a keyed hash for exact look-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Person {
    pub id: PersonId,
    pub country: Country,
    pub given_name: String,
    pub family_name: String,
    pub birth_date: Option<NaiveDate>,
    /// Encrypted national identifier (never sent to clients).
    #[serde(skip)]
    pub national_id_sealed: Option<String>,
    /// When Rundt first recorded the person (the referral that named them).
    pub created_at: DateTime<Utc>,
}

/// A new person to store.
#[derive(Debug, Clone)]
pub struct NewPerson {
    pub country: Country,
    pub given_name: String,
    pub family_name: String,
    pub birth_date: Option<NaiveDate>,
    pub national_id_sealed: Option<String>,
    pub national_id_index: Option<String>,
    /// The identifier's index under the previous key while a key rotation
    /// is under way: a person stored before it is found under either.
    pub national_id_previous_index: Option<String>,
}

/// How a person takes part in a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ParticipantRole {
    YoungPerson,
    Caregiver,
}

impl ParticipantRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::YoungPerson => "young_person",
            Self::Caregiver => "caregiver",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "young_person" => Some(Self::YoungPerson),
            "caregiver" => Some(Self::Caregiver),
            _ => None,
        }
    }
}

/// A case a person takes part in, and their part in it: ids only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PersonCase {
    pub case_id: CaseId,
    pub role: ParticipantRole,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Participant {
    pub person: Person,
    pub role: ParticipantRole,
}

/// What a family list looks for among its cases' people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeopleSearch {
    /// A person whose names the words begin.
    Name(NameQuery),
    /// The person with one of these keyed hashes of a national identifier
    /// (the current key's, and the previous key's during a key rotation).
    NationalIdIndex(Vec<String>),
}

/// One of a case's people as a family list reads them, before a search:
/// the case, the person and their part, and their identifier's keyed hash.
#[derive(Debug, Clone)]
pub struct CandidatePerson {
    pub case_id: CaseId,
    pub participant: Participant,
    pub national_id_index: Option<String>,
}

/// A person a family list shows beside their case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedPerson {
    pub case_id: CaseId,
    pub participant: Participant,
    /// Whether the search found this person (always false without one).
    pub found: bool,
}

impl PeopleSearch {
    fn finds(&self, candidate: &CandidatePerson) -> bool {
        match self {
            Self::Name(q) => q.matches(
                &candidate.participant.person.given_name,
                &candidate.participant.person.family_name,
            ),
            Self::NationalIdIndex(indexes) => candidate
                .national_id_index
                .as_ref()
                .is_some_and(|i| indexes.contains(i)),
        }
    }
}

/// What a family list shows of its cases' people: each case's young
/// persons, and whoever the search found; without a search every case,
/// with one only the cases where it found somebody. Both backends read the
/// candidates, choose with this, and audit exactly the people chosen.
pub fn listed_people(
    candidates: Vec<CandidatePerson>,
    search: Option<&PeopleSearch>,
) -> Vec<ListedPerson> {
    let found_in: std::collections::HashSet<CaseId> = candidates
        .iter()
        .filter(|c| search.is_some_and(|s| s.finds(c)))
        .map(|c| c.case_id)
        .collect();
    candidates
        .into_iter()
        .filter(|c| search.is_none() || found_in.contains(&c.case_id))
        .filter_map(|c| {
            let found = search.is_some_and(|s| s.finds(&c));
            (found || c.participant.role == ParticipantRole::YoungPerson).then_some(ListedPerson {
                case_id: c.case_id,
                participant: c.participant,
                found,
            })
        })
        .collect()
}

/// A family's case: who referred it, which team holds it, which therapist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseRecord {
    pub id: CaseId,
    pub country: Country,
    pub team_id: TeamId,
    pub therapist_id: Option<UserId>,
    pub referring_municipality: MunicipalityCode,
    pub paying_municipalities: Vec<MunicipalityCode>,
    /// Where the family's course stands.
    pub status: CaseStatus,
    pub created_at: DateTime<Utc>,
    pub version: i64,
    /// Day the referral was received.
    pub referred_on: Option<NaiveDate>,
    /// First day of treatment (when a therapist was assigned).
    pub treatment_start: Option<NaiveDate>,
    pub discharged_on: Option<NaiveDate>,
    /// When the team acknowledged the referral (once; a decision on the
    /// referral acknowledges it too).
    pub acknowledged_at: Option<DateTime<Utc>>,
    /// Who acknowledged it (none for the command line).
    pub acknowledged_by: Option<UserId>,
    pub participants: Vec<Participant>,
}

/// A new case with its people (stored in one transaction).
#[derive(Debug, Clone)]
pub struct NewCase {
    pub country: Country,
    pub team_id: TeamId,
    pub therapist_id: Option<UserId>,
    pub referring_municipality: MunicipalityCode,
    pub paying_municipalities: Vec<MunicipalityCode>,
    pub status: CaseStatus,
    pub referred_on: Option<NaiveDate>,
    /// For cases created already in treatment (imports, the demo).
    pub treatment_start: Option<NaiveDate>,
    pub participants: Vec<(NewPerson, ParticipantRole)>,
    /// The price the course is bought at, fixed on the referral day; stored
    /// with the case in the same transaction (none: not priced, e.g. an
    /// import or a team without a price).
    pub price: Option<ReferralPrice>,
}

/// Filter for listing cases.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    pub country: Option<Country>,
    pub team_ids: Option<Vec<TeamId>>,
    pub therapist_id: Option<UserId>,
    /// Referred or paid for by this municipality.
    pub municipality: Option<MunicipalityCode>,
    /// Only cases in these statuses.
    pub statuses: Option<Vec<CaseStatus>>,
}

/// How many shapes a [`CaseFilter`] has: each of its five conditions is set
/// or not.
pub const CASE_FILTER_SHAPES: usize = 32;

impl CaseFilter {
    /// Which conditions are set, one bit each in the order of their
    /// parameters: country, therapist, municipality, teams, statuses.
    pub fn shape(&self) -> usize {
        shape_of(&[
            self.country.is_some(),
            self.therapist_id.is_some(),
            self.municipality.is_some(),
            self.team_ids.is_some(),
            self.statuses.is_some(),
        ])
    }
}

/// The case list's SQL for each [`CaseFilter::shape`], by shape: only the
/// conditions that are set, so that the database can use its index on the
/// team, the therapist or the status instead of reading every case.
/// `placeholder(n)` writes the n-th parameter (from 1); `in_list(column,
/// p)` tests a column against the list parameter `p` (the teams, the
/// statuses), each backend in its own way.
pub fn case_list_sqls(
    placeholder: fn(usize) -> String,
    in_list: fn(&str, &str) -> String,
) -> Vec<String> {
    (0..CASE_FILTER_SHAPES)
        .map(|shape| {
            let conditions: [Condition<'_>; 5] = [
                &|p| format!("c.country = {p}"),
                &|p| format!("c.therapist_id = {p}"),
                &referred_or_paid_by,
                &|p| in_list("c.team_id", p),
                &|p| in_list("c.status", p),
            ];
            let mut n = 0;
            let mut next = || {
                n += 1;
                placeholder(n)
            };
            let set = set_conditions(shape, &conditions, &mut next);
            format!("SELECT {CASE_COLUMNS} FROM cases c WHERE c.erased_on IS NULL{set} ORDER BY c.id DESC")
        })
        .collect()
}

/// Time-limited access to another therapist's family, for a stated reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BreakGlassGrant {
    pub id: i64,
    pub case_id: CaseId,
    pub team_id: TeamId,
    pub user_id: UserId,
    pub user_name: String,
    pub reason: String,
    pub granted_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[async_trait]
pub trait CaseStore: Send + Sync {
    /// Creates the people and the case; `audit` is written once per person
    /// (with `person_id` set) and once for the case.
    async fn create_case(&self, case: &NewCase, audit: &AuditEvent) -> StoreResult<CaseRecord>;

    /// Reads a case without auditing: only for access-control decisions.
    async fn case_for_access_check(&self, id: CaseId) -> StoreResult<Option<CaseRecord>>;

    /// Reads a case and appends one audit event per person in it (the
    /// event's `person_id` set to each), in one transaction.
    async fn read_case(&self, id: CaseId, audit: &AuditEvent) -> StoreResult<Option<CaseRecord>>;

    /// Cases matching a filter, without their people (no personal data but
    /// ids), newest first.
    async fn list_cases(&self, filter: &CaseFilter) -> StoreResult<Vec<CaseRecord>>;

    /// The people a family list shows for `case_ids` (see
    /// [`listed_people`]), newest case first, then by part and id;
    /// one audit event per person returned (its object the case, its
    /// `person_id` the person), in one transaction with the read.
    async fn family_list_people(
        &self,
        case_ids: &[CaseId],
        search: Option<&PeopleSearch>,
        audit: &AuditEvent,
    ) -> StoreResult<Vec<ListedPerson>>;

    /// The ids of the people taking part in a case in `role`, in id order.
    /// Ids only, no personal data, so the read is not audited (the
    /// adherence interview checks its respondent against the caregivers, an
    /// incident its children against the young people).
    async fn case_people_in_role(
        &self,
        case_id: CaseId,
        role: ParticipantRole,
    ) -> StoreResult<Vec<PersonId>>;

    /// Finds a person by the keyed hash of their national identifier (or
    /// its hash under the previous key, during a key rotation).
    async fn find_person_by_national_id(
        &self,
        country: Country,
        index: &str,
        previous_index: Option<&str>,
    ) -> StoreResult<Option<Person>>;

    async fn get_person(&self, id: PersonId) -> StoreResult<Option<Person>>;
    /// The cases a person takes part in with their part in each, oldest
    /// case first. Ids only, no personal data, so the read is not audited
    /// (the subject's copy audits each case it then reads).
    async fn person_cases(&self, person_id: PersonId) -> StoreResult<Vec<PersonCase>>;

    async fn grant_break_glass(
        &self,
        case_id: CaseId,
        user_id: UserId,
        reason: &str,
        expires_at: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> StoreResult<BreakGlassGrant>;

    /// A case for the access rules, as [`Self::case_for_access_check`], with
    /// the user's grant on it unexpired at `at`, if any: what opening a
    /// family asks, in one read.
    async fn case_for_reader(
        &self,
        case_id: CaseId,
        user_id: UserId,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<(CaseRecord, Option<BreakGlassGrant>)>>;

    /// Grants in the given teams since a moment, newest first.
    async fn break_glass_for_teams(
        &self,
        team_ids: &[TeamId],
        since: DateTime<Utc>,
    ) -> StoreResult<Vec<BreakGlassGrant>>;

    /// Every audit event about a person, oldest first.
    async fn person_access_log(&self, person_id: PersonId) -> StoreResult<Vec<StoredAuditEvent>>;

    /// One page of the audit events about a person, newest first: those
    /// below `before_seq` (from the newest when `None`), at most `limit`.
    /// Read by the (person, seq) index, so a page costs the same however
    /// long the person's log is.
    async fn person_access_log_page(
        &self,
        person_id: PersonId,
        before_seq: Option<i64>,
        limit: u32,
    ) -> StoreResult<Vec<StoredAuditEvent>>;
}
