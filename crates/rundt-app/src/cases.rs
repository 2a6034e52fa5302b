//! Families' cases as far as access control needs them: referral by a
//! municipality, reading with an audit event per person, listing what one may
//! see, break-glass access, and each person's access log.

use rundt_domain::audit::{AuditAction, Object, ObjectKind};
use rundt_domain::id::{CaseId, PersonId, UserId};
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::user::role_word;
use rundt_domain::{Arg, msg};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rundt_domain::access::{
    Action, BREAK_GLASS_MIN_REASON_CHARS, BREAK_GLASS_MINUTES, CaseScope, Principal,
};
use rundt_domain::error::{Validator, clean_name};
use rundt_domain::handoff::{self, Awaiting};
use rundt_domain::national_id;
use rundt_domain::programme::ProgrammeModel;
use rundt_domain::referral::{ReferralDetails, Referred, check_birth_date};
use rundt_domain::team::TeamId;
use rundt_store::{BreakGlassGrant, CaseFilter, CaseRecord, NewCase, NewPerson, ParticipantRole};
use serde::{Deserialize, Serialize};

use crate::{Actor, App, AppError, AppResult, access};

pub use crate::access_log::{
    AccessLogCursor, AccessLogEntry, AccessLogPage, AccessLogQuery, person_access_log,
};

/// A person in a referral.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonInput {
    pub given_name: String,
    pub family_name: String,
    /// Danish CPR (DDMMYY-SSSS) or Norwegian fødselsnummer/D-number (11 digits).
    pub national_id: Option<String>,
    /// Needed when no national identifier is given.
    pub birth_date: Option<NaiveDate>,
}

/// A municipality refers a family to a team.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferFamily {
    pub team_id: TeamId,
    /// Set by the command line and the demo; a caseworker refers for their
    /// own municipality.
    pub referring_municipality: Option<String>,
    pub young_person: PersonInput,
    /// The other children of the household, for a whole-family model
    /// (MST-CAN): each of the model's ages, each with a national id.
    #[serde(default)]
    pub other_children: Vec<PersonInput>,
    #[serde(default)]
    pub caregivers: Vec<PersonInput>,
    /// Behaviours, legal basis, consent, exclusions.
    pub referral: rundt_domain::referral::ReferralDetails,
}

/// A person as shown to someone allowed to see the case.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonView {
    pub id: PersonId,
    pub role: ParticipantRole,
    pub given_name: String,
    pub family_name: String,
    pub birth_date: Option<NaiveDate>,
    /// Masked, e.g. `211062-XXXX`.
    pub national_id_masked: Option<String>,
}

/// A case as shown to someone allowed to see it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseView {
    pub id: CaseId,
    /// The team's country, whose clock and calendar the case keeps.
    pub country: rundt_domain::country::Country,
    pub team_id: TeamId,
    pub therapist_id: Option<UserId>,
    pub referring_municipality: MunicipalityCode,
    pub paying_municipalities: Vec<MunicipalityCode>,
    pub status: CaseStatus,
    pub created_at: DateTime<Utc>,
    pub version: i64,
    pub referred_on: Option<NaiveDate>,
    pub treatment_start: Option<NaiveDate>,
    pub discharged_on: Option<NaiveDate>,
    pub people: Vec<PersonView>,
    /// True when opened through break-glass access.
    pub break_glass: bool,
    /// When the team acknowledged the referral (its decision does too).
    pub acknowledged_at: Option<DateTime<Utc>>,
    /// Who acknowledged it (none for the command line).
    pub acknowledged_by: Option<UserId>,
    /// Set while the referral awaits the team's acknowledgement: until
    /// when, and whether that day has passed.
    pub awaiting_acknowledgement: Option<Awaiting>,
}

/// A case in a list: no personal data.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseSummary {
    pub id: CaseId,
    pub team_id: TeamId,
    pub therapist_id: Option<UserId>,
    pub referring_municipality: MunicipalityCode,
    pub status: CaseStatus,
    pub created_at: DateTime<Utc>,
    /// Day the referral was received.
    pub referred_on: Option<NaiveDate>,
    /// First day of treatment.
    pub treatment_start: Option<NaiveDate>,
}

struct ParsedPerson {
    person: NewPerson,
}

/// What a referral's people are checked against: the team's programme
/// model and the day of referral.
struct ReferralDay<'a> {
    model: &'a ProgrammeModel,
    referred_on: NaiveDate,
}

impl ReferralDay<'_> {
    /// Refuses `born` for `who` (see [`check_birth_date`]) as an error of
    /// `field`: the birth date typed, or the national id it was read from.
    fn check(&self, who: Referred, born: Option<NaiveDate>, field: String, v: &mut Validator) {
        if let Some(Err(message)) =
            born.map(|b| check_birth_date(self.model, who, b, self.referred_on))
        {
            v.push(rundt_domain::FieldError::new(field, message));
        }
    }
}

fn parse_person(
    app: &App,
    country: rundt_domain::country::Country,
    field: &str,
    who: Referred,
    input: &PersonInput,
    day: &ReferralDay<'_>,
    v: &mut Validator,
) -> Option<ParsedPerson> {
    let given = v.take(clean_name(
        &format!("{field}.given_name"),
        &input.given_name,
        100,
    ));
    let family = v.take(clean_name(
        &format!("{field}.family_name"),
        &input.family_name,
        100,
    ));
    let id = match input
        .national_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(raw) => match national_id::parse(country, raw) {
            Ok(id) => Some(id),
            Err(rundt_domain::DomainError::Invalid(errors)) => {
                for e in errors {
                    v.push(rundt_domain::FieldError::new(
                        format!("{field}.national_id"),
                        e.message,
                    ));
                }
                None
            }
            Err(rundt_domain::DomainError::Conflict(message)) => {
                v.push(rundt_domain::FieldError::new(
                    format!("{field}.national_id"),
                    message,
                ));
                None
            }
        },
        None => None,
    };
    // A birth date typed and one read from the number are checked alike.
    let id_birth_date = id.as_ref().and_then(|i| i.birth_date());
    day.check(who, input.birth_date, format!("{field}.birth_date"), v);
    day.check(who, id_birth_date, format!("{field}.national_id"), v);
    let birth_date = input.birth_date.or(id_birth_date);
    if input.national_id.is_none() && birth_date.is_none() {
        v.push(rundt_domain::FieldError::new(
            format!("{field}.birth_date"),
            msg!("national-id-or-birth-date"),
        ));
    }
    let (sealed, index, previous_index) = match &id {
        Some(id) => match app.keys.encrypt_national_id(id) {
            Ok(sealed) => (
                Some(sealed),
                Some(app.keys.national_id_index(id)),
                app.keys.previous_national_id_index(id),
            ),
            Err(_) => {
                v.push(rundt_domain::FieldError::new(
                    format!("{field}.national_id"),
                    msg!("national-id-not-protected"),
                ));
                (None, None, None)
            }
        },
        None => (None, None, None),
    };
    Some(ParsedPerson {
        person: NewPerson {
            country,
            given_name: given?,
            family_name: family?,
            birth_date,
            national_id_sealed: sealed,
            national_id_index: index,
            national_id_previous_index: previous_index,
        },
    })
}

/// A municipality refers a family to a team. The case starts as `referred`.
pub async fn refer_family(app: &App, actor: &Actor, input: &ReferFamily) -> AppResult<CaseView> {
    let team =
        app.store.get_team(input.team_id).await?.ok_or_else(|| {
            AppError::invalid("team_id", msg!("team-missing", team = input.team_id))
        })?;
    let municipality = match (actor.principal(), &input.referring_municipality) {
        (Some(p), _) => match &p.municipality_code {
            Some(code) => code.clone(),
            // Only a municipality's caseworker refers a family.
            None => {
                return Err(access::refuse_no_access(
                    app,
                    p,
                    AuditAction::CaseRefer,
                    Object::of(ObjectKind::Case),
                )
                .await);
            }
        },
        (None, Some(m)) => MunicipalityCode::parse(team.country, m)?,
        (None, None) => {
            return Err(AppError::invalid(
                "referring_municipality",
                msg!("referring-municipality-missing"),
            ));
        }
    };
    access::check(
        app,
        actor,
        &Action::Refer {
            country: team.country,
            municipality: &municipality,
        },
        AuditAction::CaseRefer,
        Object::of(ObjectKind::Case),
    )
    .await?;
    if app
        .store
        .find_municipality(team.country, &municipality, app.clock.today())
        .await?
        .is_none()
    {
        return Err(AppError::invalid(
            "referring_municipality",
            msg!(
                "municipality-unknown-today",
                country = team.country.to_string(),
                code = &municipality
            ),
        ));
    }
    let model = crate::organisation::model_of(app, &team).await?;
    let details = with_contact(app, actor, &input.referral).await?;
    let today = app.clock.today();
    let day = ReferralDay {
        model: &model,
        referred_on: today,
    };
    let mut v = Validator::new();
    let mut participants = Vec::new();
    let country = team.country;
    // A whole-family model (MST-CAN) takes every child of the household,
    // each of its ages and with a national id; MST refers one young person.
    let whole_family = rundt_domain::safety::is_safety_first(&model);
    let child = if whole_family {
        Referred::ChildOfFamily
    } else {
        Referred::YoungPerson
    };
    // Other children of an MST family are refused as a whole, unread.
    let others: &[PersonInput] = if whole_family {
        &input.other_children
    } else {
        &[]
    };
    let children = std::iter::once(("young_person".to_owned(), &input.young_person)).chain(
        others
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("other_children[{i}]"), c)),
    );
    for (field, person) in children {
        let without_id = person
            .national_id
            .as_deref()
            .is_none_or(|id| id.trim().is_empty());
        if whole_family && without_id {
            let why = msg!("child-national-id-missing");
            v.push(rundt_domain::FieldError::new(
                format!("{field}.national_id"),
                why,
            ));
        }
        if let Some(p) = parse_person(app, country, &field, child, person, &day, &mut v) {
            participants.push((p.person, ParticipantRole::YoungPerson));
        }
    }
    v.check(
        whole_family || input.other_children.is_empty(),
        "other_children",
        msg!("other-children-whole-family-only"),
    );
    v.check(
        input.other_children.len() <= 9,
        "other_children",
        msg!("caregivers-too-many", max = 9),
    );
    v.check(
        !whole_family || !details.child_welfare_case.trim().is_empty(),
        "referral.child_welfare_case",
        msg!("child-welfare-case-missing"),
    );
    for (i, c) in input.caregivers.iter().enumerate() {
        let field = format!("caregivers[{i}]");
        let who = Referred::Caregiver;
        if let Some(p) = parse_person(app, country, &field, who, c, &day, &mut v) {
            participants.push((p.person, ParticipantRole::Caregiver));
        }
    }
    v.check(
        input.caregivers.len() <= 10,
        "caregivers",
        msg!("caregivers-too-many", max = 10),
    );
    if let Err(rundt_domain::DomainError::Invalid(errors)) = details.validate(today) {
        for e in errors {
            v.push(rundt_domain::FieldError::new(
                format!("referral.{}", e.field),
                e.message,
            ));
        }
    }
    v.finish()?;
    let young_birth = participants
        .iter()
        .find(|(_, r)| *r == ParticipantRole::YoungPerson)
        .and_then(|(p, _)| p.birth_date);
    let screening = rundt_domain::referral::screen(
        &model,
        young_birth,
        input.caregivers.len(),
        &details,
        today,
    );
    // The referral day fixes the price the municipality pays.
    let price = crate::money::price_for_referral(app, &team, &municipality, today).await?;
    let case = NewCase {
        country: team.country,
        team_id: team.id,
        therapist_id: None,
        referring_municipality: municipality.clone(),
        paying_municipalities: vec![municipality],
        status: rundt_domain::lifecycle::CaseStatus::Referred,
        referred_on: Some(today),
        treatment_start: None,
        participants,
        price,
    };
    let event = actor.event(
        app.clock.now(),
        AuditAction::CaseCreate,
        Object::of(ObjectKind::Case),
    );
    let record = app.store.create_case(&case, &event).await?;
    let referral = rundt_store::ReferralRecord {
        case_id: record.id,
        details,
        eligible: screening.eligible,
        screening,
    };
    let event = actor.event(
        app.clock.now(),
        AuditAction::CaseReferralRecord,
        Object::case(record.id),
    );
    app.store.save_referral(&referral, &event).await?;
    Ok(view(app, record, false))
}

/// The referral with the caseworker's name and e-mail from their account
/// where the form left them empty (the command line names its own).
async fn with_contact(
    app: &App,
    actor: &Actor,
    referral: &ReferralDetails,
) -> AppResult<ReferralDetails> {
    let mut details = referral.clone();
    let contact = &mut details.contact;
    let unnamed = contact.name.trim().is_empty() || contact.email.trim().is_empty();
    if let (Some(p), true) = (actor.principal(), unnamed)
        && let Some(user) = app.store.get_user(p.user_id).await?
    {
        if contact.name.trim().is_empty() {
            contact.name = user.display_name;
        }
        if contact.email.trim().is_empty() {
            contact.email = user.email.unwrap_or_default();
        }
    }
    Ok(details)
}

pub(crate) fn view(app: &App, record: CaseRecord, break_glass: bool) -> CaseView {
    let people = record
        .participants
        .into_iter()
        .map(|p| {
            let masked = p.person.national_id_sealed.as_deref().and_then(|sealed| {
                let digits = app
                    .keys
                    .decrypt(sealed, crate::protect::NATIONAL_ID_ASSOCIATED)
                    .ok()?;
                national_id::parse(p.person.country, &digits)
                    .ok()
                    .map(|id| id.masked())
            });
            PersonView {
                id: p.person.id,
                role: p.role,
                given_name: p.person.given_name,
                family_name: p.person.family_name,
                birth_date: p.person.birth_date,
                national_id_masked: masked,
            }
        })
        .collect();
    let awaiting_acknowledgement = handoff::awaiting(
        record.country,
        record.status,
        record.created_at,
        record.acknowledged_at.is_some(),
        app.clock.now(),
    );
    CaseView {
        id: record.id,
        country: record.country,
        team_id: record.team_id,
        therapist_id: record.therapist_id,
        referring_municipality: record.referring_municipality,
        paying_municipalities: record.paying_municipalities,
        status: record.status,
        created_at: record.created_at,
        version: record.version,
        referred_on: record.referred_on,
        treatment_start: record.treatment_start,
        discharged_on: record.discharged_on,
        people,
        break_glass,
        acknowledged_at: record.acknowledged_at,
        acknowledged_by: record.acknowledged_by,
        awaiting_acknowledgement,
    }
}

/// The access-control view of a case for `who`, including any live grant.
pub(crate) async fn scope_for(
    app: &App,
    who: Option<&Principal>,
    id: CaseId,
) -> AppResult<(CaseRecord, CaseScope, Option<BreakGlassGrant>)> {
    let found = match who {
        Some(p) => {
            app.store
                .case_for_reader(id, p.user_id, app.clock.now())
                .await?
        }
        None => app
            .store
            .case_for_access_check(id)
            .await?
            .map(|c| (c, None)),
    };
    let (case, grant) = found.ok_or_else(|| AppError::NotFound(format!("case {id}")))?;
    let consultation_open = match who {
        Some(p) if p.role == rundt_domain::user::Role::Psychiatrist => app
            .store
            .open_consultations_of(p.user_id)
            .await?
            .iter()
            .any(|c| c.case_id == id),
        _ => false,
    };
    // Only a colleague of the family's therapist can need the rota: the
    // family's own therapist and the supervisor read the family anyway.
    let on_call = match who {
        Some(p)
            if crate::on_call_access::may_be_on_call(p.role)
                && p.role != rundt_domain::user::Role::Supervisor
                && p.team_ids.contains(&case.team_id)
                && case.therapist_id != Some(p.user_id) =>
        {
            crate::on_call_access::open_shift(app, p.user_id, case.team_id, app.clock.now())
                .await?
                .is_some()
        }
        _ => false,
    };
    let scope = CaseScope {
        id,
        country: case.country,
        team_id: case.team_id,
        therapist_id: case.therapist_id,
        referring_municipality: case.referring_municipality.clone(),
        paying_municipalities: case.paying_municipalities.clone(),
        break_glass_active: grant.is_some(),
        consultation_open,
        on_call,
    };
    Ok((case, scope, grant))
}

/// Opens a family's case. Every person in it gets an audit event; access by
/// break-glass is flagged with its reason.
pub async fn read_case(app: &App, actor: &Actor, id: CaseId) -> AppResult<CaseView> {
    let case = crate::case_access::open(app, actor, id, AuditAction::CaseRead).await?;
    read_opened(app, &case).await
}

/// Reads a case the guard has opened, with one audit event per person.
pub async fn read_opened(app: &App, case: &crate::case_access::OpenCase) -> AppResult<CaseView> {
    let id = case.id();
    let break_glass = case.via_break_glass();
    let mut event = case.actor().event(
        app.clock.now(),
        if break_glass {
            AuditAction::CaseReadBreakGlass
        } else {
            AuditAction::CaseRead
        },
        Object::case(id),
    );
    if break_glass {
        event.purpose = case
            .break_glass_reason()
            .map(|r| format!("break-glass: {r}"));
    }
    let record = app
        .store
        .read_case(id, &event)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("case {id}")))?;
    Ok(view(app, record, break_glass))
}

/// The cases the actor may see, without personal data.
pub async fn list_cases(app: &App, actor: &Actor) -> AppResult<Vec<CaseSummary>> {
    list_cases_in(app, actor, None).await
}

/// The cases the actor may see that are in one of `statuses` (all of them
/// for `None`), without personal data. The store leaves the others out, so
/// a team's years of discharged families are not read to show the ones in
/// treatment.
pub async fn list_cases_in(
    app: &App,
    actor: &Actor,
    statuses: Option<Vec<CaseStatus>>,
) -> AppResult<Vec<CaseSummary>> {
    use rundt_domain::user::Role::*;
    let filter = match actor.principal() {
        None => CaseFilter {
            statuses,
            ..CaseFilter::default()
        },
        Some(p) => {
            let mut f = CaseFilter {
                country: Some(p.country),
                statuses,
                ..CaseFilter::default()
            };
            match p.role {
                Therapist => f.therapist_id = Some(p.user_id),
                Supervisor | Consultant => f.team_ids = Some(p.team_ids.clone()),
                MunicipalCaseworker => {
                    // A caseworker's account always names a municipality.
                    let Some(code) = &p.municipality_code else {
                        return Err(AppError::Forbidden(msg!(
                            "role-needs-municipality",
                            role = Arg::word(role_word(p.role))
                        )));
                    };
                    f.municipality = Some(code.clone());
                }
                // The families the psychiatrist is asked to consult on,
                // picked from their teams' below.
                Psychiatrist => f.team_ids = Some(p.team_ids.clone()),
                CrisisCaseworker => {
                    return Err(AppError::Forbidden(msg!("role-sees-safety-only")));
                }
                NationalAdmin | MunicipalManager | Auditor => {
                    return Err(AppError::Forbidden(msg!(
                        "role-sees-aggregates",
                        role = Arg::word(role_word(p.role))
                    )));
                }
            }
            f
        }
    };
    let consulted: Option<Vec<CaseId>> = match actor.principal() {
        Some(p) if p.role == Psychiatrist => Some(
            app.store
                .open_consultations_of(p.user_id)
                .await?
                .into_iter()
                .map(|c| c.case_id)
                .collect(),
        ),
        _ => None,
    };
    Ok(app
        .store
        .list_cases(&filter)
        .await?
        .into_iter()
        .filter(|c| consulted.as_ref().is_none_or(|ids| ids.contains(&c.id)))
        .map(|c| CaseSummary {
            id: c.id,
            team_id: c.team_id,
            therapist_id: c.therapist_id,
            referring_municipality: c.referring_municipality,
            status: c.status,
            created_at: c.created_at,
            referred_on: c.referred_on,
            treatment_start: c.treatment_start,
        })
        .collect())
}

/// Break-glass: an on-call team member opens another therapist's family for
/// a stated reason, for a limited time. The supervisor sees every grant.
pub async fn break_glass(
    app: &App,
    who: &Principal,
    case_id: CaseId,
    reason: &str,
) -> AppResult<BreakGlassGrant> {
    let reason = reason.trim();
    if reason.chars().count() < BREAK_GLASS_MIN_REASON_CHARS {
        return Err(AppError::invalid(
            "reason",
            msg!(
                "break-glass-reason-short",
                min = BREAK_GLASS_MIN_REASON_CHARS
            ),
        ));
    }
    if reason.chars().count() > 500 {
        return Err(AppError::invalid(
            "reason",
            msg!("at-most-characters", max = 500),
        ));
    }
    let (_, scope, _) = scope_for(app, Some(who), case_id).await?;
    access::require(
        app,
        who,
        &Action::BreakGlass(&scope),
        AuditAction::CaseBreakGlass,
        Object::case(case_id),
    )
    .await?;
    let now = app.clock.now();
    let mut event = access::event(app, who, AuditAction::CaseBreakGlass, Object::case(case_id));
    event.purpose = Some(reason.to_owned());
    Ok(app
        .store
        .grant_break_glass(
            case_id,
            who.user_id,
            reason,
            now + Duration::minutes(BREAK_GLASS_MINUTES),
            &event,
        )
        .await?)
}

/// Break-glass grants over the last 30 days, newest first: in the
/// supervisor's teams, or in every team of the auditor's country.
pub async fn break_glass_overview(app: &App, who: &Principal) -> AppResult<Vec<BreakGlassGrant>> {
    use rundt_domain::user::Role;
    let team_ids = match who.role {
        Role::Supervisor => who.team_ids.clone(),
        // The auditor reviews every team of their country.
        Role::Auditor => {
            crate::audit_search::require_reader(app, who).await?;
            app.store
                .list_teams()
                .await?
                .into_iter()
                .filter(|t| t.country == who.country)
                .map(|t| t.id)
                .collect()
        }
        _ => return Err(AppError::Forbidden(msg!("break-glass-review-supervisor"))),
    };
    let since = app.clock.now() - Duration::days(BREAK_GLASS_REVIEW_DAYS);
    let mut grants = app.store.break_glass_for_teams(&team_ids, since).await?;
    grants.sort_by_key(|g| std::cmp::Reverse(g.granted_at));
    Ok(grants)
}

/// How many days the review of break-glass accesses goes back.
pub const BREAK_GLASS_REVIEW_DAYS: i64 = 30;
