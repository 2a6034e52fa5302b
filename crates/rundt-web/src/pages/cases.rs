//! Families: the list one may see, a family's page (with break-glass when
//! access is missing), and the supervisor's review of break-glass access.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use rundt_app::AppError;
use rundt_app::cases;
use rundt_app::family::FamilyPage;
use rundt_app::records::BreakGlassGrant;
use rundt_app::treatment::{self, AssignTherapist};
use rundt_domain::country::Country;
use rundt_domain::discharge::{FOLLOW_UP_EARLY_DAYS, follow_up_due};
use rundt_domain::lifecycle::{CaseStatus, Step, next_status};
use rundt_domain::treatment::{Attainment, ContactMode, System};
use rundt_domain::user::Role;
use serde::Deserialize;

use super::form::{self, Errors, Fields};
use super::{LangQuery, Nav, error_page, nav, parse_id, render, tr_for, with_lang};
use crate::auth::{Authenticated, CsrfForm, PageUser};
use crate::i18n::Tr;
use crate::state::AppState;

pub fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn opt_day(d: Option<NaiveDate>) -> String {
    d.map(day).unwrap_or_default()
}

pub fn system_label(tr: Tr, s: System) -> &'static str {
    tr.t(&format!("system_{}", s.as_str()))
}

pub fn attainment_code(a: Attainment) -> &'static str {
    match a {
        Attainment::Met => "met",
        Attainment::Partly => "partly",
        Attainment::NotMet => "not_met",
    }
}

pub fn attainment_label(tr: Tr, a: Attainment) -> &'static str {
    tr.t(&format!("goal_{}", attainment_code(a)))
}

pub fn mode_code(m: ContactMode) -> &'static str {
    match m {
        ContactMode::FaceToFace => "face_to_face",
        ContactMode::Phone => "phone",
        ContactMode::Video => "video",
    }
}

pub fn yes_no(tr: Tr, b: bool) -> &'static str {
    tr.t(if b { "yes" } else { "no" })
}

/// The three ultimate outcomes, labelled.
pub fn outcomes(
    tr: Tr,
    o: &rundt_domain::discharge::UltimateOutcomes,
) -> Vec<(&'static str, &'static str)> {
    vec![
        (tr.t("living_at_home"), yes_no(tr, o.living_at_home)),
        (
            tr.t("in_school_or_working"),
            yes_no(tr, o.in_school_or_working),
        ),
        (tr.t("no_new_arrests"), yes_no(tr, o.no_new_arrests)),
    ]
}

/// The names of municipalities by country and code (the newest name of a code).
async fn municipality_names(s: &AppState) -> HashMap<(Country, String), String> {
    match rundt_app::reference::municipalities(&s.app, None, None, true).await {
        Ok(list) => list
            .into_iter()
            .map(|m| ((m.country, m.code), m.name))
            .collect(),
        Err(e) => {
            tracing::warn!(error = %e, "municipality names unavailable");
            HashMap::new()
        }
    }
}

/// A family in the list, translated.
struct CaseRow {
    id: i64,
    status: String,
    municipality: String,
    team: String,
    created: String,
    overdue: bool,
    /// An adherence interview is due within a week (supervisors).
    interview_due: bool,
}

#[derive(Template)]
#[template(path = "cases.html")]
struct CasesPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    rows: Vec<CaseRow>,
    total: usize,
    statuses: Vec<(&'static str, String, bool)>,
    can_refer: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct CasesQuery {
    lang: Option<String>,
    status: Option<String>,
}

pub async fn list(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    Query(q): Query<CasesQuery>,
    headers: HeaderMap,
) -> Response {
    let tr = tr_for(
        &LangQuery {
            lang: q.lang.clone(),
        },
        &headers,
    );
    let actor = who.actor();
    let all = match cases::list_cases(&s.app, &actor).await {
        Ok(c) => c,
        Err(e) => return error_page(tr, Some(&who), e),
    };
    let filter = q
        .status
        .as_deref()
        .and_then(|st| st.parse::<CaseStatus>().ok());
    let overdue: Vec<i64> = treatment::overdue_summaries(&s.app, &actor)
        .await
        .map(|o| o.into_iter().map(|o| o.case_id).collect())
        .unwrap_or_default();
    let mut interviews_due: Vec<i64> = Vec::new();
    if who.principal.role == Role::Supervisor {
        for team in &who.principal.team_ids {
            if let Ok(due) = rundt_app::fidelity::interviews_due(&s.app, &actor, *team).await {
                interviews_due.extend(due.into_iter().map(|d| d.case_id));
            }
        }
    }
    let teams: HashMap<i64, (String, Country)> = rundt_app::organisation::team_names(&s.app)
        .await
        .map(|ts| {
            ts.into_iter()
                .map(|t| (t.id, (t.name, t.country)))
                .collect()
        })
        .unwrap_or_default();
    let names = municipality_names(&s).await;
    let total = all.len();
    let rows = all
        .into_iter()
        .filter(|c| filter.is_none_or(|f| c.status.parse::<CaseStatus>().ok() == Some(f)))
        .map(|c| {
            let (team, country) = teams
                .get(&c.team_id)
                .cloned()
                .unwrap_or_else(|| (c.team_id.to_string(), Country::DK));
            CaseRow {
                id: c.id,
                status: tr.status(&c.status),
                municipality: names
                    .get(&(country, c.referring_municipality.clone()))
                    .cloned()
                    .unwrap_or(c.referring_municipality),
                team,
                created: c.created_at.format("%Y-%m-%d").to_string(),
                overdue: overdue.contains(&c.id),
                interview_due: interviews_due.contains(&c.id),
            }
        })
        .collect();
    let statuses = CaseStatus::ALL
        .iter()
        .map(|st| (st.as_str(), tr.status(st.as_str()), Some(*st) == filter))
        .collect();
    render(
        StatusCode::OK,
        &CasesPage {
            tr,
            title: tr.t("families").into(),
            nav: nav(tr, &who),
            rows,
            total,
            statuses,
            can_refer: who.principal.role == Role::MunicipalCaseworker,
        },
        tr,
    )
}

/// A weekly summary as the family page shows it.
struct SummaryShow {
    week: String,
    contacts: u32,
    minutes: u32,
    contact_rows: Vec<(String, u16, String, String, &'static str)>,
    last_goals: Vec<(String, &'static str, String)>,
    advances: String,
    barriers: String,
    drivers: Vec<(&'static str, String, bool)>,
    next_goals: Vec<String>,
    overarching: Vec<(String, &'static str, String)>,
    safety: String,
    questions: String,
}

struct ReferralShow {
    behaviours: Vec<rundt_domain::referral::ReferralBehaviour>,
    legal_basis: String,
    consent: Option<(String, String)>,
    exclusions: Vec<&'static str>,
    known_to_cps: bool,
    notes: String,
}

struct AssessmentShow {
    systems: Vec<(&'static str, String, String)>,
    participants: Vec<rundt_domain::treatment::KeyParticipant>,
    goals: Vec<rundt_domain::treatment::OverarchingGoal>,
}

struct DischargeShow {
    date: String,
    reason: &'static str,
    reason_note: String,
    evaluation: String,
    goals: Vec<(String, &'static str)>,
    outcomes: Vec<(&'static str, &'static str)>,
    treatment_days: String,
}

struct FollowUpShow {
    months: String,
    date: String,
    outcomes: Vec<(&'static str, &'static str)>,
    notes: String,
}

/// What the person may do next, by status and role.
#[derive(Default)]
struct Can {
    accept: bool,
    decline: bool,
    assign: bool,
    reassign: bool,
    summary: bool,
    assessment: bool,
    discharge: bool,
    follow_up: bool,
}

impl Can {
    fn any(&self) -> bool {
        self.accept
            || self.decline
            || self.assign
            || self.reassign
            || self.summary
            || self.assessment
            || self.discharge
            || self.follow_up
    }
}

/// A family's page, everything translated.
struct FamilyView {
    id: i64,
    version: i64,
    status: String,
    status_code: &'static str,
    break_glass: bool,
    team: String,
    team_id: i64,
    therapist: String,
    referred_by: String,
    referred_on: String,
    treatment_start: String,
    discharged_on: String,
    people: Vec<(String, String, String, String)>,
    referral: Option<ReferralShow>,
    screening: Option<(bool, Vec<String>)>,
    history: Vec<(String, String, String, String, String)>,
    assessment: Option<AssessmentShow>,
    summaries: Vec<SummaryShow>,
    recommendations: Vec<(String, &'static str, String)>,
    discharge: Option<DischargeShow>,
    follow_ups: Vec<FollowUpShow>,
    overdue: Option<String>,
    can: Can,
    needs_override: bool,
    /// (user id, "name · n families · level").
    therapists: Vec<(i64, String)>,
    report_href: String,
    fidelity: super::fidelity::FidelityShow,
}

/// The values of the action forms, kept when one is shown again.
#[derive(Default)]
struct ActionInput {
    override_reason: String,
    decline_reason: String,
    therapist_id: String,
    start: String,
    note: String,
}

#[derive(Template)]
#[template(path = "case.html")]
struct CasePage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    f: FamilyView,
    csrf: String,
    /// The action form that failed ("accept", "decline", "assign").
    failed: String,
    errors: Errors,
    input: ActionInput,
    notice: Option<String>,
    warning: Option<String>,
}

fn status_code(status: CaseStatus) -> &'static str {
    status.as_str()
}

fn family_view(
    s: &AppState,
    tr: Tr,
    who: &Authenticated,
    page: FamilyPage,
) -> Result<FamilyView, AppError> {
    let FamilyPage {
        family,
        interviews,
        experience,
        capacity,
    } = page;
    let file = &family.file;
    let case = &file.case;
    let status = case.status.parse::<CaseStatus>()?;
    let therapist = case
        .therapist_id
        .map(|t| family.staff_name(t))
        .unwrap_or_default();
    let people = case
        .people
        .iter()
        .map(|p| {
            (
                format!("{} {}", p.given_name, p.family_name),
                tr.t(p.role.as_str()).to_owned(),
                opt_day(p.birth_date),
                p.national_id_masked.clone().unwrap_or_default(),
            )
        })
        .collect();
    let referral = file.referral.as_ref().map(|r| {
        let e = &r.exclusions;
        ReferralShow {
            behaviours: r.behaviours.clone(),
            legal_basis: r.legal_basis.clone(),
            consent: r
                .consent
                .as_ref()
                .map(|c| (c.given_by.clone(), day(c.given_on))),
            exclusions: [
                (e.no_primary_caregiver, "exclusion_no_primary_caregiver"),
                (
                    e.primarily_psychiatric_crisis,
                    "exclusion_primarily_psychiatric_crisis",
                ),
                (e.sex_offending_only, "exclusion_sex_offending_only"),
                (
                    e.pervasive_developmental_delay,
                    "exclusion_pervasive_developmental_delay",
                ),
            ]
            .into_iter()
            .filter(|(on, _)| *on)
            .map(|(_, k)| tr.t(k))
            .collect(),
            known_to_cps: r.known_to_child_protection_within_180_days,
            notes: r.notes.clone(),
        }
    });
    let screening = file.screening.as_ref().map(|sc| {
        (
            sc.eligible,
            sc.findings.iter().map(|f| tr.finding(f)).collect(),
        )
    });
    let mut history = Vec::new();
    for h in &file.history {
        let by = h
            .by_user_id
            .map(|u| family.staff_name(u))
            .unwrap_or_default();
        history.push((
            h.at.format("%Y-%m-%d").to_string(),
            tr.status(&h.from_status),
            tr.status(&h.to_status),
            by,
            h.note.clone().unwrap_or_default(),
        ));
    }
    let assessment = file.assessment.as_ref().map(|a| AssessmentShow {
        systems: a
            .assessment
            .systems
            .iter()
            .map(|sy| {
                (
                    system_label(tr, sy.system),
                    sy.strengths.clone(),
                    sy.needs.clone(),
                )
            })
            .collect(),
        participants: a.assessment.key_participants.clone(),
        goals: a.assessment.overarching_goals.clone(),
    });
    let mut summaries: Vec<SummaryShow> = file
        .weekly_summaries
        .iter()
        .map(|w| {
            let progress = |g: &rundt_domain::treatment::GoalProgress| {
                (
                    g.goal.clone(),
                    attainment_label(tr, g.attainment),
                    g.note.clone(),
                )
            };
            let sm = &w.summary;
            SummaryShow {
                week: day(sm.week_start),
                contacts: w.contact_count,
                minutes: w.contact_minutes,
                contact_rows: sm
                    .contacts
                    .iter()
                    .map(|c| {
                        (
                            day(c.date),
                            c.minutes,
                            c.with.join(", "),
                            c.place.clone(),
                            tr.t(&format!("mode_{}", mode_code(c.mode))),
                        )
                    })
                    .collect(),
                last_goals: sm.last_week_goals.iter().map(progress).collect(),
                advances: sm.advances.clone(),
                barriers: sm.barriers.clone(),
                drivers: sm
                    .fit_drivers
                    .iter()
                    .map(|d| (system_label(tr, d.system), d.driver.clone(), d.prioritised))
                    .collect(),
                next_goals: sm.next_week_goals.clone(),
                overarching: sm.overarching_progress.iter().map(progress).collect(),
                safety: sm.safety.clone(),
                questions: sm.questions.clone(),
            }
        })
        .collect();
    summaries.sort_by(|a, b| b.week.cmp(&a.week));
    let recommendations = file
        .recommendations
        .iter()
        .map(|r| {
            (
                day(r.held_on),
                tr.t(&format!("kind_{}", r.kind)),
                r.recommendation.clone(),
            )
        })
        .collect();
    let discharge = file.discharge.as_ref().map(|d| DischargeShow {
        date: day(d.date),
        reason: tr.t(&format!("reason_{}", d.reason.as_str())),
        reason_note: d.reason_note.clone(),
        evaluation: d.clinical_evaluation.clone(),
        goals: d
            .goals
            .iter()
            .map(|g| (g.goal.clone(), attainment_label(tr, g.result)))
            .collect(),
        outcomes: outcomes(tr, &d.outcomes),
        treatment_days: file
            .treatment_days
            .map(|n| n.to_string())
            .unwrap_or_default(),
    });
    let follow_ups = file
        .follow_ups
        .iter()
        .map(|f| FollowUpShow {
            months: tr.tf("months_n", &[("n", &f.months.to_string())]),
            date: day(f.date),
            outcomes: outcomes(tr, &f.outcomes),
            notes: f.notes.clone(),
        })
        .collect();
    let p = &who.principal;
    let team_supervisor = p.role == Role::Supervisor && p.team_ids.contains(&case.team_id);
    let clinician = matches!(p.role, Role::Therapist | Role::Supervisor);
    let ok = |step| next_status(status, step, &[]).is_ok();
    let done: Vec<u8> = file.follow_ups.iter().map(|f| f.months).collect();
    let can = Can {
        accept: team_supervisor && ok(Step::Accept),
        decline: team_supervisor && ok(Step::Decline),
        assign: team_supervisor && ok(Step::AssignTherapist),
        reassign: team_supervisor && ok(Step::ReassignTherapist),
        summary: clinician && ok(Step::RecordWeeklySummary),
        assessment: clinician && status == CaseStatus::InTreatment,
        discharge: clinician && ok(Step::Discharge),
        // Offered once the next follow-up may be made (30 days before it is due).
        follow_up: clinician
            && [6u8, 12, 18].iter().any(|m| {
                next_status(status, Step::RecordFollowUp { months: *m }, &done).is_ok()
                    && case.discharged_on.is_some_and(|d| {
                        s.app.clock.today()
                            >= follow_up_due(d, *m) - chrono::Duration::days(FOLLOW_UP_EARLY_DAYS)
                    })
            }),
    };
    let mut therapists = Vec::new();
    if can.assign || can.reassign {
        for l in capacity.iter().flat_map(|c| &c.therapists) {
            let label = format!(
                "{} · {} · {}",
                l.name,
                tr.tf("families_count", &[("n", &l.open_families.to_string())]),
                caseload_label(tr, l.caseload)
            );
            therapists.push((l.therapist_id, label));
        }
    }
    Ok(FamilyView {
        id: case.id,
        version: case.version,
        status: tr.status(&case.status),
        status_code: status_code(status),
        break_glass: case.break_glass,
        team: family.team_name.clone(),
        team_id: case.team_id,
        therapist,
        referred_by: family.referred_by.clone(),
        referred_on: opt_day(case.referred_on),
        treatment_start: opt_day(case.treatment_start),
        discharged_on: opt_day(case.discharged_on),
        people,
        needs_override: file.screening.as_ref().is_some_and(|sc| !sc.eligible),
        referral,
        screening,
        history,
        assessment,
        summaries,
        recommendations,
        discharge,
        follow_ups,
        overdue: file
            .overdue_week
            .map(|w| tr.tf("summary_overdue", &[("week", &day(w))])),
        fidelity: super::fidelity::fidelity_show(s, tr, who, case, &interviews, experience),
        can,
        therapists,
        report_href: format!(
            "/api/v1/cases/{}/discharge-report.pdf?lang={}",
            case.id,
            tr.code()
        ),
    })
}

pub fn caseload_label(tr: Tr, level: rundt_domain::caseload::CaseloadLevel) -> &'static str {
    use rundt_domain::caseload::CaseloadLevel::*;
    tr.t(match level {
        Below => "caseload_below",
        AtNorm => "caseload_at_norm",
        AboveNorm => "caseload_above_norm",
        AboveMaximum => "caseload_above_maximum",
    })
}

/// What the family page shows besides the family.
#[derive(Default)]
struct PageExtras {
    failed: &'static str,
    errors: Errors,
    input: ActionInput,
    notice: Option<String>,
    warning: Option<String>,
}

/// The family page, or the locked page when the person may not see it.
async fn family_page(
    s: &AppState,
    tr: Tr,
    who: &Authenticated,
    id: i64,
    status: StatusCode,
    extras: PageExtras,
) -> Response {
    let file = match rundt_app::family::family_page(&s.app, &who.actor(), id).await {
        Ok(f) => f,
        Err(AppError::Forbidden(_)) => return locked(tr, who, id, None, StatusCode::FORBIDDEN),
        Err(e) => return error_page(tr, Some(who), e),
    };
    let mut input = extras.input;
    if input.start.is_empty() {
        input.start = day(s.app.clock.today());
    }
    match family_view(s, tr, who, file) {
        Ok(f) => render(
            status,
            &CasePage {
                tr,
                title: format!("{} {}", tr.t("family"), f.id),
                nav: nav(tr, who),
                csrf: who.csrf_token().to_owned(),
                f,
                failed: extras.failed.into(),
                errors: extras.errors,
                input,
                notice: extras.notice,
                warning: extras.warning,
            },
            tr,
        ),
        Err(e) => error_page(tr, Some(who), e),
    }
}

pub async fn show(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    Path(id): Path<String>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let tr = tr_for(&q, &headers);
    let id = match parse_id(&id) {
        Ok(id) => id,
        Err(e) => return error_page(tr, Some(&who), e),
    };
    family_page(&s, tr, &who, id, StatusCode::OK, PageExtras::default()).await
}

/// A GET on an action's address leads to the family page.
pub async fn to_case(Path(id): Path<String>, Query(q): Query<LangQuery>) -> Redirect {
    Redirect::to(&with_lang(
        &format!("/cases/{}", parse_id(&id).unwrap_or(0)),
        &q,
    ))
}

/// After an action: back to the family page, or the page again with what
/// went wrong.
async fn after_action<T>(
    s: &AppState,
    tr: Tr,
    who: &Authenticated,
    id: i64,
    failed: &'static str,
    input: ActionInput,
    result: Result<T, AppError>,
) -> Response {
    match result {
        Ok(_) => Redirect::to(&format!("/cases/{id}")).into_response(),
        Err(e) => match form::form_error(tr, e) {
            Ok((status, errors)) => {
                family_page(
                    s,
                    tr,
                    who,
                    id,
                    status,
                    PageExtras {
                        failed,
                        errors,
                        input,
                        ..PageExtras::default()
                    },
                )
                .await
            }
            Err(AppError::Forbidden(_)) => locked(tr, who, id, None, StatusCode::FORBIDDEN),
            Err(e) => error_page(tr, Some(who), e),
        },
    }
}

fn version_of(f: &Fields) -> Result<i64, AppError> {
    f.version()
        .ok_or_else(|| AppError::VersionRequired("the form lacks the family's version".into()))
}

pub async fn accept(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let tr = tr_for(&q, &headers);
    let f = Fields(pairs);
    let reason = form::multi_line(&f.text("override_reason"));
    let result = match version_of(&f) {
        Ok(v) => {
            treatment::accept(
                &s.app,
                &who.actor(),
                id,
                v,
                (!reason.is_empty()).then_some(reason.as_str()),
            )
            .await
        }
        Err(e) => Err(e),
    };
    let input = ActionInput {
        override_reason: reason,
        ..ActionInput::default()
    };
    after_action(&s, tr, &who, id, "accept", input, result).await
}

pub async fn decline(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let tr = tr_for(&q, &headers);
    let f = Fields(pairs);
    let reason = form::multi_line(&f.text("reason"));
    let result = match version_of(&f) {
        Ok(v) => treatment::decline(&s.app, &who.actor(), id, v, &reason).await,
        Err(e) => Err(e),
    };
    let input = ActionInput {
        decline_reason: reason,
        ..ActionInput::default()
    };
    after_action(&s, tr, &who, id, "decline", input, result).await
}

pub async fn assign(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let tr = tr_for(&q, &headers);
    let f = Fields(pairs);
    let input = ActionInput {
        therapist_id: f.get("therapist_id"),
        start: f.get("start"),
        note: form::one_line(&f.text("note")),
        ..ActionInput::default()
    };
    let mut problems = Vec::new();
    let therapist_id = input.therapist_id.parse::<i64>().ok();
    if therapist_id.is_none() {
        problems.push(rundt_domain::FieldError::new(
            "therapist_id",
            tr.t("choose"),
        ));
    }
    let start = form::date(&input.start, "start", &mut problems, "YYYY-MM-DD");
    let result = match (version_of(&f), therapist_id) {
        (Ok(v), Some(therapist_id)) if problems.is_empty() => {
            let request = AssignTherapist {
                therapist_id,
                start,
                note: (!input.note.is_empty()).then(|| input.note.clone()),
            };
            treatment::assign(&s.app, &who.actor(), id, v, &request).await
        }
        (Err(e), _) => Err(e),
        _ => Err(AppError::Invalid(problems)),
    };
    match result {
        Ok(a) => {
            let name = a.therapist_name.clone();
            let warning = a.warning.as_ref().map(|_| {
                tr.tf(
                    "caseload_warning",
                    &[("name", &name), ("n", &a.open_families.to_string())],
                )
            });
            if warning.is_none() {
                return Redirect::to(&format!("/cases/{id}")).into_response();
            }
            family_page(
                &s,
                tr,
                &who,
                id,
                StatusCode::OK,
                PageExtras {
                    notice: Some(tr.tf("assigned_ok", &[("name", &name)])),
                    warning,
                    ..PageExtras::default()
                },
            )
            .await
        }
        Err(e) => after_action::<()>(&s, tr, &who, id, "assign", input, Err(e)).await,
    }
}

#[derive(Template)]
#[template(path = "case_locked.html")]
struct LockedPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    case_id: i64,
    can_break_glass: bool,
    error: Option<String>,
}

fn locked(
    tr: Tr,
    who: &Authenticated,
    id: i64,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let can_break_glass = matches!(who.principal.role, Role::Therapist | Role::Supervisor);
    render(
        status,
        &LockedPage {
            tr,
            title: tr.t("family").into(),
            nav: nav(tr, who),
            case_id: id,
            can_break_glass,
            error,
        },
        tr,
    )
}

#[derive(Debug, Deserialize)]
pub struct BreakGlassForm {
    reason: String,
}

pub async fn break_glass(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    CsrfForm(input): CsrfForm<BreakGlassForm>,
) -> Response {
    let tr = tr_for(&q, &headers);
    match cases::break_glass(&s.app, &who.principal, id, &input.reason).await {
        Ok(_) => Redirect::to(&format!("/cases/{id}")).into_response(),
        Err(e @ AppError::Invalid(_)) => locked(
            tr,
            &who,
            id,
            Some(tr.error(&e)),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(e) => error_page(tr, Some(&who), e),
    }
}

#[derive(Template)]
#[template(path = "break_glass_review.html")]
struct ReviewPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    grants: Vec<BreakGlassGrant>,
}

pub async fn review(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let tr = tr_for(&q, &headers);
    match cases::break_glass_overview(&s.app, &who.principal).await {
        Ok(grants) => render(
            StatusCode::OK,
            &ReviewPage {
                tr,
                title: tr.t("break_glass_review").into(),
                nav: nav(tr, &who),
                grants,
            },
            tr,
        ),
        Err(e) => error_page(tr, Some(&who), e),
    }
}
