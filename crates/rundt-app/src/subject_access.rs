//! The data subject's copy (GDPR art. 15, "indsigt" / "innsyn"): for one
//! person, everything Rundt holds about them — their record with the
//! national identifier in full, every family's case they take part in with
//! the documents of that course, and their access log (who did what with
//! their data, when, why, and whether it was refused).
//!
//! Who may: the auditor (the data protection officer's role) of the
//! person's country, and nobody else; a refusal is audited. What is logged:
//! the copy is one disclosure. Each case it reads is logged as
//! `case.subject_copy` once for every person in that case (the shared
//! documents are read, so every family member's log shows it, as a family
//! page's read does), and the copy itself as `person.subject_copy` for the
//! person, after their log has been read: it shows in their next copy.
//!
//! What is left out, and why (docs/SECURITY.md, "The data subject's copy"):
//! the other people of a family are named with their part only, without
//! birth date or national identifier; interviews are included only where
//! the person answered them. The family's documents (referral, assessment,
//! weekly summaries, discharge, follow-ups, the family's survey, supervision's
//! recommendations) are about the whole family's course and are included
//! whole, for the officer to review against art. 15(4) before handing the
//! copy over.
//!
//! An MST-CAN family's records (docs/MST-CAN.md, "The person's copy"): every
//! version of the safety plan, of the ecological map and of the treatment
//! plan, and the modules, are the family's documents and are in every
//! member's copy. An incident is about the children it involved and the
//! adults who care for them: a child's copy has the incidents that involved
//! the child, a caregiver's every incident of the family. What a child told
//! (the children's voice) is that child's alone: in no sibling's and no
//! caregiver's copy. The map's key persons are third parties: their part,
//! name, relation and the family's consent to contact them are in the map,
//! their phone and e-mail are not. A module's drug screens are a parent's
//! results: in the caregivers' copies, not the children's.
//!
//! An MST family's crisis plan (every version) and its crisis contacts are
//! the family's documents and are in every member's copy; the plan's
//! people to call are third parties: their name and relation are in it,
//! their phone is not.

use rundt_domain::country::programme_date;
use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use rundt_domain::access::{Action, Principal};
use rundt_domain::adherence::InterviewMode;
use rundt_domain::audit::{AuditAction, Object, ObjectKind};
use rundt_domain::can_plan::{DrugScreen, ModuleKind, ModuleStatus, TreatmentPlan};
use rundt_domain::country::Country;
use rundt_domain::discharge::{Discharge, FollowUp, UltimateOutcomes};
use rundt_domain::id::{CaseId, PersonId, UserId};
use rundt_domain::incident::Notification;
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::mapping::{KeyPersonRole, SystemMap, Voice};
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::referral::{ReferralDetails, Screening};
use rundt_domain::safety::SafetyPlan;
use rundt_domain::treatment::{Assessment, WeeklySummary};
use rundt_store::{CaseRecord, ParticipantRole, Person, PersonCase, Recommendation};
use serde::Serialize;

use crate::access_log::{AccessLogEntry, access_log_entries};
use crate::fidelity::ExperienceView;
use crate::{App, AppError, AppResult, access, audit_search};

/// The purpose every event of a copy carries.
pub const PURPOSE: &str = "GDPR art. 15: the data subject's copy";

/// Everything Rundt holds about one person, and who accessed it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubjectCopy {
    /// When the copy was made.
    pub produced_at: DateTime<Utc>,
    /// The auditor who made it (display name).
    pub produced_by: String,
    pub person: SubjectPerson,
    /// Every family's case the person takes part in, oldest first.
    pub cases: Vec<SubjectCase>,
    /// Every event about the person's data, oldest first (this copy's own
    /// reads of each case included).
    pub access_log: Vec<AccessLogEntry>,
}

/// The person as Rundt records them.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubjectPerson {
    pub id: PersonId,
    pub country: Country,
    pub given_name: String,
    pub family_name: String,
    pub birth_date: Option<NaiveDate>,
    /// In full (`DDMMYY-SSSS` or 11 digits): the person's own number.
    pub national_id: Option<String>,
    /// When Rundt first recorded the person.
    pub created_at: DateTime<Utc>,
}

/// A municipality by code and name.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MunicipalityName {
    pub code: MunicipalityCode,
    /// The code when the name is not known.
    pub name: String,
}

/// Another person of the family: their part and name only.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FamilyMember {
    pub role: ParticipantRole,
    pub given_name: String,
    pub family_name: String,
}

/// Information the referring caseworker added to the referral.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdditionCopy {
    pub added_at: DateTime<Utc>,
    /// Who added it; absent for the command line.
    pub added_by: Option<String>,
    pub text: String,
}

/// A week's summary, whole, with the therapist who wrote it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SummaryCopy {
    pub week_start: NaiveDate,
    pub therapist: Option<String>,
    pub summary: WeeklySummary,
    pub updated_at: DateTime<Utc>,
}

/// An adherence interview the person answered.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InterviewCopy {
    pub interviewed_on: NaiveDate,
    /// Who asked the questions.
    pub interviewer: String,
    /// Whose work the answers rated.
    pub therapist: String,
    pub mode: Option<InterviewMode>,
    /// The answers, 1–5 or none, in the instrument's order.
    pub answers: Vec<Option<u8>>,
    pub score: Option<f64>,
}

/// One change of the case's status.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusCopy {
    pub at: DateTime<Utc>,
    pub from_status: CaseStatus,
    pub to_status: CaseStatus,
    /// Who changed it; absent for the command line.
    pub by: Option<String>,
    pub note: Option<String>,
}

/// A version of an MST-CAN family's safety plan, whole, with who saved it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SafetyPlanCopy {
    pub version: i64,
    pub plan: SafetyPlan,
    pub saved_by: Option<String>,
    pub saved_at: DateTime<Utc>,
}

/// A person to call in the family's crisis plan: a third party, so
/// without their phone.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonToCallCopy {
    pub name: String,
    pub relation: String,
}

/// A version of an MST family's crisis plan, with who saved it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CrisisPlanCopy {
    pub version: i64,
    pub people_to_call: Vec<PersonToCallCopy>,
    pub what_calms: String,
    pub risks_and_warning_signs: String,
    pub agreements: String,
    pub saved_by: Option<String>,
    pub saved_at: DateTime<Utc>,
}

/// A crisis contact with the family outside office hours, with who
/// logged it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CrisisContactCopy {
    pub contact: rundt_domain::crisis_contact::CrisisContact,
    pub logged_by: Option<String>,
    pub logged_at: DateTime<Utc>,
}

/// An incident of violence or neglect that concerns the person: one that
/// involved them (a child), or one in their family (a caregiver).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IncidentCopy {
    pub at: DateTime<Utc>,
    /// The children it involved, by name.
    pub children: Vec<String>,
    pub what_happened: String,
    pub what_was_done: String,
    /// Police or emergency services were involved.
    pub emergency_services: bool,
    /// How child welfare was told, or why it was not needed.
    pub notification: Notification,
    pub recorded_by: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

/// A key person of the family's map: a third party, so without their
/// phone and e-mail.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeyPersonCopy {
    pub role: KeyPersonRole,
    pub name: String,
    pub relation: String,
    /// The family consents to the team contacting them.
    pub consent_to_contact: bool,
}

/// A version of an MST-CAN family's ecological map.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MappingCopy {
    pub version: i64,
    pub mapped_on: NaiveDate,
    pub key_persons: Vec<KeyPersonCopy>,
    /// The strengths and risks in each system.
    pub systems: Vec<SystemMap>,
    pub saved_by: Option<String>,
    pub saved_at: DateTime<Utc>,
}

/// An occasion the child (the person) was heard, or not heard and why.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VoiceCopy {
    pub on: NaiveDate,
    pub voice: Voice,
    pub recorded_by: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

/// A version of an MST-CAN family's treatment plan, whole.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TreatmentPlanCopy {
    pub version: i64,
    pub plan: TreatmentPlan,
    pub saved_by: Option<String>,
    pub saved_at: DateTime<Utc>,
}

/// A treatment module of an MST-CAN family.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModuleCopy {
    pub kind: ModuleKind,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub sessions_held: u32,
    pub delivered_by: String,
    pub status: ModuleStatus,
    /// A parent's drug screens (RBT): in a caregiver's copy only.
    pub drug_screens: Vec<DrugScreen>,
    pub recorded_by: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

/// A family's case the person takes part in, with its documents.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubjectCase {
    pub case_id: CaseId,
    /// The person's part in it.
    pub role: ParticipantRole,
    pub team: String,
    pub therapist: Option<String>,
    pub referring_municipality: MunicipalityName,
    pub paying_municipalities: Vec<MunicipalityName>,
    pub status: CaseStatus,
    pub created_at: DateTime<Utc>,
    pub referred_on: Option<NaiveDate>,
    pub treatment_start: Option<NaiveDate>,
    pub discharged_on: Option<NaiveDate>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    /// The family's other people, by part and name.
    pub family: Vec<FamilyMember>,
    pub referral: Option<ReferralDetails>,
    pub screening: Option<Screening>,
    pub referral_additions: Vec<AdditionCopy>,
    pub assessment: Option<Assessment>,
    /// Oldest week first.
    pub weekly_summaries: Vec<SummaryCopy>,
    pub discharge: Option<Discharge>,
    pub treatment_days: Option<i64>,
    pub follow_ups: Vec<FollowUp>,
    pub family_experience: Option<ExperienceView>,
    /// Only the interviews the person answered, oldest first.
    pub adherence_interviews: Vec<InterviewCopy>,
    /// Supervision's recommendations about the family, oldest first.
    pub recommendations: Vec<Recommendation>,
    pub status_history: Vec<StatusCopy>,
    /// MST-CAN: every version of the family's safety plan, oldest first.
    pub safety_plans: Vec<SafetyPlanCopy>,
    /// MST-CAN: the incidents that concern the person, oldest first.
    pub incidents: Vec<IncidentCopy>,
    /// MST-CAN: every version of the family's ecological map, oldest first.
    pub mappings: Vec<MappingCopy>,
    /// MST-CAN: what the person told as a child of the family (their own
    /// entries only), oldest first.
    pub child_voices: Vec<VoiceCopy>,
    /// MST-CAN: every version of the family's treatment plan, oldest first.
    pub treatment_plans: Vec<TreatmentPlanCopy>,
    /// MST-CAN: the family's modules, in the order they started.
    pub modules: Vec<ModuleCopy>,
    /// MST: every version of the family's crisis plan, oldest first.
    pub crisis_plans: Vec<CrisisPlanCopy>,
    /// MST: the family's crisis contacts outside office hours, oldest
    /// first.
    pub crisis_contacts: Vec<CrisisContactCopy>,
}

/// The copy of the person with `national_id` in the auditor's country.
/// The right to make a copy is checked before the look-up (a refusal is
/// audited); the look-up is audited as `person.lookup`, and a number of
/// nobody is "no person with this national id".
pub async fn copy_by_national_id(
    app: &App,
    who: &Principal,
    national_id: &str,
) -> AppResult<SubjectCopy> {
    require(app, who, who.country, Object::of(ObjectKind::Person)).await?;
    let person = audit_search::find_person(app, who, national_id).await?;
    copy(app, who, person).await
}

/// The copy of the person `person_id` (found before, e.g. by national id).
pub async fn copy(app: &App, who: &Principal, person_id: PersonId) -> AppResult<SubjectCopy> {
    let person = app
        .store
        .get_person(person_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("person {person_id}")))?;
    require(app, who, person.country, Object::person(person_id)).await?;
    let mut names = StaffNames::default();
    let mut cases = Vec::new();
    for part in app.store.person_cases(person_id).await? {
        cases.push(case_copy(app, who, &person, part, &mut names).await?);
    }
    let access_log = access_log_entries(app, person_id).await?;
    let produced_by = names.name(app, who.user_id).await?;
    let mut produced = access::event(
        app,
        who,
        AuditAction::PersonSubjectCopy,
        Object::person(person_id),
    );
    produced.person_id = Some(person_id);
    produced.purpose = Some(PURPOSE.to_owned());
    app.store.append_audit(&produced).await?;
    Ok(SubjectCopy {
        produced_at: produced.at,
        produced_by,
        person: subject_person(app, person)?,
        cases,
        access_log,
    })
}

/// Lets `who` make a copy of a person of `country`, or refuses, audited.
async fn require(app: &App, who: &Principal, country: Country, object: Object) -> AppResult<()> {
    access::require(
        app,
        who,
        &Action::ProduceSubjectCopy(country),
        AuditAction::PersonSubjectCopy,
        object,
    )
    .await
    .map(|_| ())
}

fn subject_person(app: &App, person: Person) -> AppResult<SubjectPerson> {
    let national_id = match person.national_id_sealed.as_deref() {
        Some(sealed) => {
            let digits = app
                .keys
                .decrypt(sealed, crate::protect::NATIONAL_ID_ASSOCIATED)?;
            Some(shown(person.country, &digits))
        }
        None => None,
    };
    Ok(SubjectPerson {
        id: person.id,
        country: person.country,
        given_name: person.given_name,
        family_name: person.family_name,
        birth_date: person.birth_date,
        national_id,
        created_at: person.created_at,
    })
}

/// A national identifier as people write it: a CPR number with its dash.
fn shown(country: Country, digits: &str) -> String {
    match (country, digits.get(..6), digits.get(6..)) {
        (Country::DK, Some(date), Some(serial)) if digits.len() == 10 => {
            format!("{date}-{serial}")
        }
        _ => digits.to_owned(),
    }
}

/// Display names of staff, read once each.
#[derive(Default)]
struct StaffNames(HashMap<UserId, String>);

impl StaffNames {
    async fn name(&mut self, app: &App, id: UserId) -> AppResult<String> {
        if let Some(name) = self.0.get(&id) {
            return Ok(name.clone());
        }
        let name = app
            .store
            .get_user(id)
            .await?
            .map(|u| u.display_name)
            .unwrap_or_else(|| format!("#{id}"));
        self.0.insert(id, name.clone());
        Ok(name)
    }

    async fn maybe(&mut self, app: &App, id: Option<UserId>) -> AppResult<Option<String>> {
        match id {
            Some(id) => self.name(app, id).await.map(Some),
            None => Ok(None),
        }
    }
}

async fn municipality(
    app: &App,
    case: &CaseRecord,
    code: &MunicipalityCode,
) -> AppResult<MunicipalityName> {
    let on = case
        .referred_on
        .unwrap_or_else(|| programme_date(case.created_at));
    let name = app
        .store
        .find_municipality(case.country, code, on)
        .await?
        .map(|m| m.name)
        .unwrap_or_else(|| code.to_string());
    Ok(MunicipalityName {
        code: code.clone(),
        name,
    })
}

/// One case and its documents, the read audited once per person in it.
async fn case_copy(
    app: &App,
    who: &Principal,
    person: &Person,
    part: PersonCase,
    names: &mut StaffNames,
) -> AppResult<SubjectCase> {
    let id = part.case_id;
    let mut read = access::event(app, who, AuditAction::CaseSubjectCopy, Object::case(id));
    read.purpose = Some(PURPOSE.to_owned());
    let case = app
        .store
        .read_case(id, &read)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("case {id}")))?;
    let team = app
        .store
        .get_team(case.team_id)
        .await?
        .map(|t| t.name)
        .unwrap_or_default();
    let referring_municipality = municipality(app, &case, &case.referring_municipality).await?;
    let mut paying_municipalities = Vec::new();
    for code in &case.paying_municipalities {
        paying_municipalities.push(municipality(app, &case, code).await?);
    }
    let referral = app.store.referral(id).await?;
    let mut referral_additions = Vec::new();
    for a in app.store.referral_additions(id).await? {
        referral_additions.push(AdditionCopy {
            added_at: a.added_at,
            added_by: names.maybe(app, a.added_by).await?,
            text: a.text,
        });
    }
    let mut weekly_summaries = Vec::new();
    for s in app.store.weekly_summaries(id).await?.into_iter().rev() {
        weekly_summaries.push(SummaryCopy {
            week_start: s.week_start,
            therapist: names.maybe(app, s.therapist_id).await?,
            summary: s.content,
            updated_at: s.updated_at,
        });
    }
    let discharge = app.store.discharge(id).await?;
    let child_follow_ups = app.store.can_child_follow_ups(id).await?;
    let mut adherence_interviews = Vec::new();
    for i in app.store.adherence_interviews(id).await?.into_iter().rev() {
        if i.respondent_id != Some(person.id) {
            continue;
        }
        adherence_interviews.push(InterviewCopy {
            interviewed_on: i.interviewed_on,
            interviewer: names.name(app, i.interviewer_id).await?,
            therapist: names.name(app, i.therapist_id).await?,
            mode: i.mode,
            answers: i.answers,
            score: i.score,
        });
    }
    let mut status_history = Vec::new();
    for h in app.store.status_history(id).await? {
        status_history.push(StatusCopy {
            at: h.at,
            from_status: h.from_status,
            to_status: h.to_status,
            by: names.maybe(app, h.by_user_id).await?,
            note: h.note,
        });
    }
    let mut recommendations = app.store.recommendations(id).await?;
    recommendations.reverse();
    let can = can_copy(app, &case, person.id, part.role, names).await?;
    let mut crisis_plans = Vec::new();
    for v in app.store.crisis_plans(id).await?.into_iter().rev() {
        crisis_plans.push(CrisisPlanCopy {
            version: v.version,
            people_to_call: v
                .plan
                .people_to_call
                .into_iter()
                .map(|p| PersonToCallCopy {
                    name: p.name,
                    relation: p.relation,
                })
                .collect(),
            what_calms: v.plan.what_calms,
            risks_and_warning_signs: v.plan.risks_and_warning_signs,
            agreements: v.plan.agreements,
            saved_by: names.maybe(app, v.saved_by).await?,
            saved_at: v.saved_at,
        });
    }
    let mut crisis_contacts = Vec::new();
    for c in app.store.crisis_contacts(id).await?.into_iter().rev() {
        crisis_contacts.push(CrisisContactCopy {
            contact: c.contact,
            logged_by: names.maybe(app, c.logged_by).await?,
            logged_at: c.logged_at,
        });
    }
    Ok(SubjectCase {
        case_id: id,
        role: part.role,
        team,
        therapist: names.maybe(app, case.therapist_id).await?,
        referring_municipality,
        paying_municipalities,
        status: case.status,
        created_at: case.created_at,
        referred_on: case.referred_on,
        treatment_start: case.treatment_start,
        discharged_on: case.discharged_on,
        acknowledged_at: case.acknowledged_at,
        family: case
            .participants
            .iter()
            .filter(|p| p.person.id != person.id)
            .map(|p| FamilyMember {
                role: p.role,
                given_name: p.person.given_name.clone(),
                family_name: p.person.family_name.clone(),
            })
            .collect(),
        screening: referral.as_ref().map(|r| r.screening.clone()),
        referral: referral.map(|r| r.details),
        referral_additions,
        assessment: app.store.assessment(id).await?.map(|d| d.content),
        weekly_summaries,
        treatment_days: discharge.as_ref().map(|d| d.treatment_days),
        discharge: discharge.map(|d| d.content),
        follow_ups: app
            .store
            .follow_ups(id)
            .await?
            .into_iter()
            .map(|f| FollowUp {
                months: f.months,
                date: f.done_on,
                outcomes: UltimateOutcomes {
                    living_at_home: f.living_at_home,
                    in_school_or_working: f.in_school_or_working,
                    no_new_arrests: f.no_new_arrests,
                },
                notes: f.notes,
                children: child_follow_ups
                    .iter()
                    .filter(|r| r.months == f.months)
                    .map(|r| r.row)
                    .collect(),
            })
            .collect(),
        family_experience: app
            .store
            .family_experience(id)
            .await?
            .map(crate::fidelity::experience_view),
        adherence_interviews,
        recommendations,
        status_history,
        safety_plans: can.safety_plans,
        incidents: can.incidents,
        mappings: can.mappings,
        child_voices: can.child_voices,
        treatment_plans: can.treatment_plans,
        modules: can.modules,
        crisis_plans,
        crisis_contacts,
    })
}

/// An MST-CAN family's records as far as they concern the person (the
/// rule in the module's documentation); empty for a family of another
/// model. Read within the case's read for the copy, audited with it.
#[derive(Default)]
struct CanCopy {
    safety_plans: Vec<SafetyPlanCopy>,
    incidents: Vec<IncidentCopy>,
    mappings: Vec<MappingCopy>,
    child_voices: Vec<VoiceCopy>,
    treatment_plans: Vec<TreatmentPlanCopy>,
    modules: Vec<ModuleCopy>,
}

async fn can_copy(
    app: &App,
    case: &CaseRecord,
    person: PersonId,
    role: ParticipantRole,
    names: &mut StaffNames,
) -> AppResult<CanCopy> {
    let id = case.id;
    let mut out = CanCopy::default();
    for v in app.store.safety_plans(id).await?.into_iter().rev() {
        out.safety_plans.push(SafetyPlanCopy {
            version: v.version,
            plan: v.plan,
            saved_by: names.maybe(app, v.saved_by).await?,
            saved_at: v.saved_at,
        });
    }
    let child_name = |child: PersonId| {
        case.participants
            .iter()
            .find(|p| p.person.id == child)
            .map(|p| format!("{} {}", p.person.given_name, p.person.family_name))
            .unwrap_or_else(|| format!("#{child}"))
    };
    for r in app.store.incidents(id).await?.into_iter().rev() {
        let i = r.incident;
        if !concerns(role, person, &i.children) {
            continue;
        }
        out.incidents.push(IncidentCopy {
            at: i.at,
            children: i.children.iter().map(|c| child_name(*c)).collect(),
            what_happened: i.what_happened,
            what_was_done: i.what_was_done,
            emergency_services: i.emergency_services,
            notification: i.notification,
            recorded_by: names.maybe(app, r.recorded_by).await?,
            recorded_at: r.recorded_at,
        });
    }
    for v in app.store.mappings(id).await?.into_iter().rev() {
        out.mappings.push(MappingCopy {
            version: v.version,
            mapped_on: v.mapping.mapped_on,
            key_persons: v
                .mapping
                .key_persons
                .into_iter()
                .map(|k| KeyPersonCopy {
                    role: k.role,
                    name: k.name,
                    relation: k.relation,
                    consent_to_contact: k.consent_to_contact,
                })
                .collect(),
            systems: v.mapping.systems,
            saved_by: names.maybe(app, v.saved_by).await?,
            saved_at: v.saved_at,
        });
    }
    for r in app.store.child_voices(id).await?.into_iter().rev() {
        if r.voice.child != person {
            continue;
        }
        out.child_voices.push(VoiceCopy {
            on: r.voice.on,
            voice: r.voice.voice,
            recorded_by: names.maybe(app, r.recorded_by).await?,
            recorded_at: r.recorded_at,
        });
    }
    for v in app.store.treatment_plans(id).await?.into_iter().rev() {
        out.treatment_plans.push(TreatmentPlanCopy {
            version: v.version,
            plan: v.plan,
            saved_by: names.maybe(app, v.saved_by).await?,
            saved_at: v.saved_at,
        });
    }
    for r in app.store.modules(id).await? {
        let m = r.module;
        out.modules.push(ModuleCopy {
            kind: m.kind,
            start: m.start,
            end: m.end,
            sessions_held: m.sessions_held,
            delivered_by: m.delivered_by,
            status: m.status,
            drug_screens: match role {
                ParticipantRole::Caregiver => m.drug_screens,
                ParticipantRole::YoungPerson => Vec::new(),
            },
            recorded_by: names.maybe(app, r.recorded_by).await?,
            recorded_at: r.recorded_at,
        });
    }
    Ok(out)
}

/// Whether an incident that involved `children` concerns the person: a
/// child it involved, or any caregiver of the family.
fn concerns(role: ParticipantRole, person: PersonId, children: &[PersonId]) -> bool {
    match role {
        ParticipantRole::Caregiver => true,
        ParticipantRole::YoungPerson => children.contains(&person),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_incident_concerns_the_children_it_involved_and_every_caregiver() {
        let (emma, jonas, tone) = (PersonId::new(1), PersonId::new(2), PersonId::new(3));
        let involved = [emma];
        assert!(concerns(ParticipantRole::YoungPerson, emma, &involved));
        assert!(!concerns(ParticipantRole::YoungPerson, jonas, &involved));
        assert!(concerns(ParticipantRole::Caregiver, tone, &involved));
    }

    #[test]
    fn a_cpr_number_is_shown_with_its_dash_and_a_norwegian_one_as_its_digits() {
        assert_eq!(shown(Country::DK, "1503114107"), "150311-4107");
        assert_eq!(shown(Country::NO, "15108695088"), "15108695088");
    }
}
