//! The therapist's forms during and after treatment: the weekly summary (made
//! for a phone), the assessment, the discharge and the follow-ups. Each
//! posts to its own address; what the use cases refuse is shown next to the
//! fields, and a stale version with a friendly message.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Duration, NaiveDate};
use rundt_app::AppError;
use rundt_app::treatment::{self, CaseFile};
use rundt_domain::FieldError;
use rundt_domain::discharge::{Discharge, DischargeReason, FollowUp, GoalResult, UltimateOutcomes};
use rundt_domain::lifecycle::{CaseStatus, Step, next_status};
use rundt_domain::treatment::{
    Assessment, Attainment, Contact, ContactMode, FitDriver, GoalProgress, KeyParticipant,
    OverarchingGoal, System, SystemAssessment, WeeklySummary, week_start_of,
};

use super::cases::{attainment_code, day, mode_code, system_label};
use super::form::{self, Errors, Fields};
use super::{LangQuery, Nav, error_page, nav, parse_id, render, tr_for};
use crate::auth::{Authenticated, CsrfForm, PageUser};
use crate::i18n::Tr;
use crate::state::AppState;

/// Choices of a select: (value, label).
type Choices = Vec<(&'static str, &'static str)>;

fn systems(tr: Tr) -> Choices {
    System::ALL
        .iter()
        .map(|s| (s.as_str(), system_label(tr, *s)))
        .collect()
}

fn modes(tr: Tr) -> Choices {
    [
        ContactMode::FaceToFace,
        ContactMode::Phone,
        ContactMode::Video,
    ]
    .iter()
    .map(|m| (mode_code(*m), tr.t(&format!("mode_{}", mode_code(*m)))))
    .collect()
}

fn attainments(tr: Tr) -> Choices {
    [Attainment::Met, Attainment::Partly, Attainment::NotMet]
        .iter()
        .map(|a| {
            (
                attainment_code(*a),
                tr.t(&format!("goal_{}", attainment_code(*a))),
            )
        })
        .collect()
}

fn parse_attainment(s: &str) -> Option<Attainment> {
    match s {
        "met" => Some(Attainment::Met),
        "partly" => Some(Attainment::Partly),
        "not_met" => Some(Attainment::NotMet),
        _ => None,
    }
}

fn parse_system(s: &str) -> Option<System> {
    System::ALL.into_iter().find(|x| x.as_str() == s)
}

fn parse_mode(s: &str) -> Option<ContactMode> {
    [
        ContactMode::FaceToFace,
        ContactMode::Phone,
        ContactMode::Video,
    ]
    .into_iter()
    .find(|m| mode_code(*m) == s)
}

/// The family's file, or the page that says why not.
async fn file_or_page(
    s: &AppState,
    tr: Tr,
    who: &Authenticated,
    id: i64,
) -> Result<CaseFile, Box<Response>> {
    treatment::case_file(&s.app, &who.actor(), id)
        .await
        .map_err(|e| Box::new(error_page(tr, Some(who), e)))
}

/// Why a step cannot be taken now (shown above a form opened too early or
/// too late), or nothing.
fn not_now(tr: Tr, file: &CaseFile, step: Step) -> Errors {
    let problem = file
        .case
        .status
        .parse::<CaseStatus>()
        .map_err(AppError::from)
        .and_then(|st| next_status(st, step, &[]).map_err(AppError::from));
    match problem {
        Ok(_) => Errors::none(),
        Err(e) => form::form_error(tr, e)
            .map(|(_, errors)| errors)
            .unwrap_or_default(),
    }
}

fn case_path(id: i64) -> String {
    format!("/cases/{id}")
}

fn required(field: &str, errors: &mut Vec<FieldError>, tr: Tr) {
    errors.push(FieldError::new(field, tr.t("required")));
}

// ---------------------------------------------------------------- weekly summary

/// One contact row as typed.
#[derive(Debug, Clone, Default)]
pub struct ContactRow {
    date: String,
    minutes: String,
    with: String,
    place: String,
    mode: String,
}

/// Progress on a goal as typed.
#[derive(Debug, Clone, Default)]
pub struct ProgressRow {
    goal: String,
    attainment: String,
    note: String,
}

#[derive(Debug, Clone, Default)]
pub struct DriverRow {
    system: String,
    driver: String,
    prioritised: bool,
}

/// The weekly summary form as typed: rows that are empty are left out.
#[derive(Debug, Clone, Default)]
pub struct SummaryForm {
    week_start: String,
    contacts: Vec<ContactRow>,
    last_goals: Vec<ProgressRow>,
    advances: String,
    barriers: String,
    drivers: Vec<DriverRow>,
    next_goals: Vec<String>,
    overarching: Vec<ProgressRow>,
    safety: String,
    questions: String,
}

fn progress_rows(f: &Fields, list: &str) -> Vec<ProgressRow> {
    (0..f.rows(list, 20))
        .map(|i| ProgressRow {
            goal: form::one_line(&f.text(&format!("{list}[{i}].goal"))),
            attainment: f.get(&format!("{list}[{i}].attainment")),
            note: form::one_line(&f.text(&format!("{list}[{i}].note"))),
        })
        .filter(|r| !(r.goal.is_empty() && r.attainment.is_empty() && r.note.is_empty()))
        .collect()
}

impl SummaryForm {
    fn from_fields(f: &Fields) -> Self {
        Self {
            week_start: f.get("week_start"),
            contacts: (0..f.rows("contacts", 60))
                .map(|i| ContactRow {
                    date: f.get(&format!("contacts[{i}].date")),
                    minutes: f.get(&format!("contacts[{i}].minutes")),
                    with: f.get(&format!("contacts[{i}].with")),
                    place: f.get(&format!("contacts[{i}].place")),
                    mode: f.get(&format!("contacts[{i}].mode")),
                })
                .filter(|c| {
                    !(c.date.is_empty()
                        && c.minutes.is_empty()
                        && c.with.is_empty()
                        && c.place.is_empty())
                })
                .collect(),
            last_goals: progress_rows(f, "last_week_goals"),
            advances: f.text("advances").trim().to_owned(),
            barriers: f.text("barriers").trim().to_owned(),
            drivers: (0..f.rows("fit_drivers", 20))
                .map(|i| DriverRow {
                    system: f.get(&format!("fit_drivers[{i}].system")),
                    driver: form::one_line(&f.text(&format!("fit_drivers[{i}].driver"))),
                    prioritised: f.has(&format!("fit_drivers[{i}].prioritised")),
                })
                .filter(|d| !d.driver.is_empty())
                .collect(),
            next_goals: (0..f.rows("next_week_goals", 20))
                .map(|i| form::one_line(&f.text(&format!("next_week_goals[{i}]"))))
                .filter(|g| !g.is_empty())
                .collect(),
            overarching: progress_rows(f, "overarching_progress"),
            safety: f.text("safety").trim().to_owned(),
            questions: f.text("questions").trim().to_owned(),
        }
    }

    fn from_summary(s: &WeeklySummary) -> Self {
        let progress = |g: &GoalProgress| ProgressRow {
            goal: g.goal.clone(),
            attainment: attainment_code(g.attainment).into(),
            note: g.note.clone(),
        };
        Self {
            week_start: day(s.week_start),
            contacts: s
                .contacts
                .iter()
                .map(|c| ContactRow {
                    date: day(c.date),
                    minutes: c.minutes.to_string(),
                    with: c.with.join(", "),
                    place: c.place.clone(),
                    mode: mode_code(c.mode).into(),
                })
                .collect(),
            last_goals: s.last_week_goals.iter().map(progress).collect(),
            advances: s.advances.clone(),
            barriers: s.barriers.clone(),
            drivers: s
                .fit_drivers
                .iter()
                .map(|d| DriverRow {
                    system: d.system.as_str().into(),
                    driver: d.driver.clone(),
                    prioritised: d.prioritised,
                })
                .collect(),
            next_goals: s.next_week_goals.clone(),
            overarching: s.overarching_progress.iter().map(progress).collect(),
            safety: s.safety.clone(),
            questions: s.questions.clone(),
        }
    }

    /// The summary to save, or what is unreadable. Progress rows without an
    /// attainment or a note are goals not looked at this week.
    fn to_summary(&self, tr: Tr) -> Result<WeeklySummary, Vec<FieldError>> {
        let mut errors = Vec::new();
        let week_start = form::date(
            &self.week_start,
            "week_start",
            &mut errors,
            tr.t("bad_date"),
        );
        if self.week_start.is_empty() {
            required("week_start", &mut errors, tr);
        }
        let mut contacts = Vec::new();
        for (i, c) in self.contacts.iter().enumerate() {
            let field = |f: &str| format!("contacts[{i}].{f}");
            let date = form::date(&c.date, &field("date"), &mut errors, tr.t("bad_date"));
            if c.date.is_empty() {
                required(&field("date"), &mut errors, tr);
            }
            let minutes = c.minutes.parse::<u16>().ok();
            if minutes.is_none() {
                errors.push(FieldError::new(field("minutes"), tr.t("bad_minutes")));
            }
            let mode = parse_mode(&c.mode).unwrap_or(ContactMode::FaceToFace);
            if let (Some(date), Some(minutes)) = (date, minutes) {
                contacts.push(Contact {
                    date,
                    minutes,
                    with: c
                        .with
                        .split(',')
                        .map(str::trim)
                        .filter(|w| !w.is_empty())
                        .map(str::to_owned)
                        .collect(),
                    place: c.place.clone(),
                    mode,
                });
            }
        }
        let progress = |list: &str, rows: &[ProgressRow], errors: &mut Vec<FieldError>| {
            let mut out = Vec::new();
            for (i, r) in rows.iter().enumerate() {
                match parse_attainment(&r.attainment) {
                    Some(attainment) => {
                        if r.goal.is_empty() {
                            required(&format!("{list}[{i}].goal"), errors, tr);
                        }
                        out.push(GoalProgress {
                            goal: r.goal.clone(),
                            attainment,
                            note: r.note.clone(),
                        });
                    }
                    None if !r.note.is_empty() => errors.push(FieldError::new(
                        format!("{list}[{i}].attainment"),
                        tr.t("choose_attainment"),
                    )),
                    None => {}
                }
            }
            out
        };
        let last_week_goals = progress("last_week_goals", &self.last_goals, &mut errors);
        let overarching_progress = progress("overarching_progress", &self.overarching, &mut errors);
        let fit_drivers = self
            .drivers
            .iter()
            .map(|d| FitDriver {
                system: parse_system(&d.system).unwrap_or(System::Individual),
                driver: d.driver.clone(),
                prioritised: d.prioritised,
            })
            .collect();
        match week_start {
            Some(week_start) if errors.is_empty() => Ok(WeeklySummary {
                week_start,
                contacts,
                last_week_goals,
                advances: self.advances.clone(),
                barriers: self.barriers.clone(),
                fit_drivers,
                next_week_goals: self.next_goals.clone(),
                overarching_progress,
                safety: self.safety.clone(),
                questions: self.questions.clone(),
            }),
            _ => Err(errors),
        }
    }

    /// Blank rows to type into.
    fn padded(mut self) -> Self {
        let at_least = |n: usize, min: usize, extra: usize| (n + extra).max(min);
        let n = at_least(self.contacts.len(), 3, 1);
        let mode = if self.contacts.is_empty() {
            "face_to_face".to_owned()
        } else {
            String::new()
        };
        self.contacts.resize(
            n,
            ContactRow {
                mode,
                ..ContactRow::default()
            },
        );
        let n = at_least(self.last_goals.len(), 3, 1);
        self.last_goals.resize(n, ProgressRow::default());
        let n = at_least(self.drivers.len(), 3, 1);
        self.drivers.resize(n, DriverRow::default());
        let n = at_least(self.next_goals.len(), 4, 1);
        self.next_goals.resize(n, String::new());
        if self.overarching.is_empty() {
            self.overarching.push(ProgressRow::default());
        }
        self
    }
}

#[derive(Template)]
#[template(path = "weekly_summary_form.html")]
struct SummaryPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    csrf: String,
    case_id: i64,
    action: String,
    /// Editing a stored week (the week is then fixed).
    editing: bool,
    version: String,
    form: SummaryForm,
    errors: Errors,
    modes: Choices,
    systems: Choices,
    attainments: Choices,
    today: String,
}

#[allow(clippy::too_many_arguments, reason = "one page, many parts")]
fn summary_page(
    tr: Tr,
    who: &Authenticated,
    status: StatusCode,
    case_id: i64,
    editing: Option<(NaiveDate, i64)>,
    form: SummaryForm,
    errors: Errors,
    today: NaiveDate,
) -> Response {
    let (action, version) = match editing {
        Some((week, v)) => (
            format!("/cases/{case_id}/weekly-summaries/{}/edit", day(week)),
            v.to_string(),
        ),
        None => (
            format!("/cases/{case_id}/weekly-summaries/new"),
            String::new(),
        ),
    };
    render(
        status,
        &SummaryPage {
            tr,
            title: format!(
                "{} · {} {case_id}",
                tr.t("write_weekly_summary"),
                tr.t("family")
            ),
            nav: nav(tr, who),
            csrf: who.csrf_token().to_owned(),
            case_id,
            action,
            editing: editing.is_some(),
            version,
            form: form.padded(),
            errors,
            modes: modes(tr),
            systems: systems(tr),
            attainments: attainments(tr),
            today: day(today),
        },
        tr,
    )
}

/// A new summary starts from last week's goals and the assessment's goals.
fn new_summary(file: &CaseFile, today: NaiveDate) -> SummaryForm {
    let week = file
        .overdue_week
        .unwrap_or_else(|| week_start_of(today) - Duration::days(7));
    let previous = file
        .weekly_summaries
        .iter()
        .filter(|w| w.summary.week_start < week)
        .max_by_key(|w| w.summary.week_start);
    SummaryForm {
        week_start: day(week),
        last_goals: previous
            .map(|p| {
                p.summary
                    .next_week_goals
                    .iter()
                    .map(|g| ProgressRow {
                        goal: g.clone(),
                        ..ProgressRow::default()
                    })
                    .collect()
            })
            .unwrap_or_default(),
        overarching: file
            .assessment
            .as_ref()
            .map(|a| {
                a.assessment
                    .overarching_goals
                    .iter()
                    .map(|g| ProgressRow {
                        goal: g.goal.clone(),
                        ..ProgressRow::default()
                    })
                    .collect()
            })
            .unwrap_or_default(),
        ..SummaryForm::default()
    }
}

pub async fn summary_new(
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
    let file = match file_or_page(&s, tr, &who, id).await {
        Ok(f) => f,
        Err(page) => return *page,
    };
    let today = s.app.clock.today();
    summary_page(
        tr,
        &who,
        StatusCode::OK,
        id,
        None,
        new_summary(&file, today),
        not_now(tr, &file, Step::RecordWeeklySummary),
        today,
    )
}

fn parse_week(raw: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| AppError::NotFound(raw.to_owned()))
}

pub async fn summary_edit(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    Path((id, week)): Path<(String, String)>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let tr = tr_for(&q, &headers);
    let (id, week) = match (parse_id(&id), parse_week(&week)) {
        (Ok(id), Ok(week)) => (id, week),
        (Err(e), _) | (_, Err(e)) => return error_page(tr, Some(&who), e),
    };
    let file = match file_or_page(&s, tr, &who, id).await {
        Ok(f) => f,
        Err(page) => return *page,
    };
    let Some(stored) = file
        .weekly_summaries
        .iter()
        .find(|w| w.summary.week_start == week)
    else {
        return error_page(tr, Some(&who), AppError::NotFound(day(week)));
    };
    summary_page(
        tr,
        &who,
        StatusCode::OK,
        id,
        Some((week, stored.version)),
        SummaryForm::from_summary(&stored.summary),
        Errors::none(),
        s.app.clock.today(),
    )
}

async fn save_summary(
    s: &AppState,
    tr: Tr,
    who: &Authenticated,
    id: i64,
    editing: Option<(NaiveDate, i64)>,
    f: &Fields,
) -> Response {
    let mut typed = SummaryForm::from_fields(f);
    if let Some((week, _)) = editing {
        typed.week_start = day(week);
    }
    let today = s.app.clock.today();
    let result = match typed.to_summary(tr) {
        Ok(summary) => {
            treatment::save_weekly_summary(
                &s.app,
                &who.actor(),
                id,
                &summary,
                editing.map(|(_, v)| v),
            )
            .await
        }
        Err(fields) => Err(AppError::Invalid(fields)),
    };
    match result {
        Ok(_) => Redirect::to(&format!("/cases/{id}#summaries")).into_response(),
        Err(e) => match form::form_error(tr, e) {
            Ok((status, errors)) => {
                summary_page(tr, who, status, id, editing, typed, errors, today)
            }
            Err(e) => error_page(tr, Some(who), e),
        },
    }
}

pub async fn summary_create(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let tr = tr_for(&q, &headers);
    save_summary(&s, tr, &who, id, None, &Fields(pairs)).await
}

pub async fn summary_update(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    Path((id, week)): Path<(i64, String)>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let tr = tr_for(&q, &headers);
    let week = match parse_week(&week) {
        Ok(w) => w,
        Err(e) => return error_page(tr, Some(&who), e),
    };
    let f = Fields(pairs);
    let version = f.version().unwrap_or(0);
    save_summary(&s, tr, &who, id, Some((week, version)), &f).await
}

// ---------------------------------------------------------------- assessment

#[derive(Debug, Clone, Default)]
pub struct SystemRow {
    label: &'static str,
    strengths: String,
    needs: String,
}

#[derive(Debug, Clone, Default)]
pub struct ParticipantRow {
    name: String,
    relation: String,
    desired_outcome: String,
}

#[derive(Debug, Clone, Default)]
pub struct GoalRow {
    goal: String,
    measure: String,
}

#[derive(Template)]
#[template(path = "assessment_form.html")]
struct AssessmentPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    csrf: String,
    case_id: i64,
    version: String,
    systems: Vec<SystemRow>,
    participants: Vec<ParticipantRow>,
    goals: Vec<GoalRow>,
    errors: Errors,
}

#[allow(clippy::too_many_arguments, reason = "one page, many parts")]
fn assessment_page(
    tr: Tr,
    who: &Authenticated,
    status: StatusCode,
    case_id: i64,
    version: Option<i64>,
    systems: Vec<SystemRow>,
    mut participants: Vec<ParticipantRow>,
    mut goals: Vec<GoalRow>,
    errors: Errors,
) -> Response {
    let n = (participants.len() + 1).max(3);
    participants.resize(n, ParticipantRow::default());
    let n = (goals.len() + 1).clamp(3, 8);
    goals.resize(n, GoalRow::default());
    render(
        status,
        &AssessmentPage {
            tr,
            title: format!("{} · {} {case_id}", tr.t("assessment"), tr.t("family")),
            nav: nav(tr, who),
            csrf: who.csrf_token().to_owned(),
            case_id,
            version: version.map(|v| v.to_string()).unwrap_or_default(),
            systems,
            participants,
            goals,
            errors,
        },
        tr,
    )
}

fn system_rows(tr: Tr, a: Option<&Assessment>) -> Vec<SystemRow> {
    System::ALL
        .iter()
        .map(|sys| {
            let stored = a.and_then(|a| a.systems.iter().find(|x| x.system == *sys));
            SystemRow {
                label: system_label(tr, *sys),
                strengths: stored.map(|x| x.strengths.clone()).unwrap_or_default(),
                needs: stored.map(|x| x.needs.clone()).unwrap_or_default(),
            }
        })
        .collect()
}

pub async fn assessment_form(
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
    let file = match file_or_page(&s, tr, &who, id).await {
        Ok(f) => f,
        Err(page) => return *page,
    };
    let a = file.assessment.as_ref().map(|a| &a.assessment);
    assessment_page(
        tr,
        &who,
        StatusCode::OK,
        id,
        file.assessment.as_ref().map(|a| a.version),
        system_rows(tr, a),
        a.map(|a| {
            a.key_participants
                .iter()
                .map(|p| ParticipantRow {
                    name: p.name.clone(),
                    relation: p.relation.clone(),
                    desired_outcome: p.desired_outcome.clone(),
                })
                .collect()
        })
        .unwrap_or_default(),
        a.map(|a| {
            a.overarching_goals
                .iter()
                .map(|g| GoalRow {
                    goal: g.goal.clone(),
                    measure: g.measure.clone(),
                })
                .collect()
        })
        .unwrap_or_default(),
        Errors::none(),
    )
}

pub async fn assessment_submit(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let tr = tr_for(&q, &headers);
    let f = Fields(pairs);
    let systems: Vec<SystemRow> = System::ALL
        .iter()
        .enumerate()
        .map(|(i, sys)| SystemRow {
            label: system_label(tr, *sys),
            strengths: form::multi_line(&f.text(&format!("systems[{i}].strengths"))),
            needs: form::multi_line(&f.text(&format!("systems[{i}].needs"))),
        })
        .collect();
    let participants: Vec<ParticipantRow> = (0..f.rows("key_participants", 20))
        .map(|i| ParticipantRow {
            name: f.get(&format!("key_participants[{i}].name")),
            relation: f.get(&format!("key_participants[{i}].relation")),
            desired_outcome: form::multi_line(
                &f.text(&format!("key_participants[{i}].desired_outcome")),
            ),
        })
        .filter(|p| !(p.name.is_empty() && p.relation.is_empty() && p.desired_outcome.is_empty()))
        .collect();
    let goals: Vec<GoalRow> = (0..f.rows("overarching_goals", 8))
        .map(|i| GoalRow {
            goal: form::one_line(&f.text(&format!("overarching_goals[{i}].goal"))),
            measure: form::one_line(&f.text(&format!("overarching_goals[{i}].measure"))),
        })
        .filter(|g| !(g.goal.is_empty() && g.measure.is_empty()))
        .collect();
    let assessment = Assessment {
        systems: System::ALL
            .iter()
            .zip(&systems)
            .map(|(sys, row)| SystemAssessment {
                system: *sys,
                strengths: row.strengths.clone(),
                needs: row.needs.clone(),
            })
            .collect(),
        key_participants: participants
            .iter()
            .map(|p| KeyParticipant {
                name: p.name.clone(),
                relation: p.relation.clone(),
                desired_outcome: p.desired_outcome.clone(),
            })
            .collect(),
        overarching_goals: goals
            .iter()
            .map(|g| OverarchingGoal {
                goal: g.goal.clone(),
                measure: g.measure.clone(),
            })
            .collect(),
    };
    let version = f.version();
    match treatment::save_assessment(&s.app, &who.actor(), id, &assessment, version).await {
        Ok(_) => Redirect::to(&case_path(id)).into_response(),
        Err(e) => match form::form_error(tr, e) {
            Ok((status, errors)) => assessment_page(
                tr,
                &who,
                status,
                id,
                version,
                systems,
                participants,
                goals,
                errors,
            ),
            Err(e) => error_page(tr, Some(&who), e),
        },
    }
}

// ---------------------------------------------------------------- discharge

#[derive(Debug, Clone, Default)]
pub struct DischargeForm {
    date: String,
    reason: String,
    reason_note: String,
    clinical_evaluation: String,
    /// (goal, result code).
    goals: Vec<(String, String)>,
    living_at_home: bool,
    in_school_or_working: bool,
    no_new_arrests: bool,
}

#[derive(Template)]
#[template(path = "discharge_form.html")]
struct DischargePage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    csrf: String,
    case_id: i64,
    version: i64,
    form: DischargeForm,
    reasons: Choices,
    attainments: Choices,
    errors: Errors,
}

const REASONS: [DischargeReason; 5] = [
    DischargeReason::Completed,
    DischargeReason::LackOfEngagement,
    DischargeReason::Placed,
    DischargeReason::Moved,
    DischargeReason::Other,
];

fn discharge_page(
    tr: Tr,
    who: &Authenticated,
    status: StatusCode,
    case_id: i64,
    version: i64,
    form: DischargeForm,
    errors: Errors,
) -> Response {
    render(
        status,
        &DischargePage {
            tr,
            title: format!(
                "{} · {} {case_id}",
                tr.t("discharge_family"),
                tr.t("family")
            ),
            nav: nav(tr, who),
            csrf: who.csrf_token().to_owned(),
            case_id,
            version,
            form,
            reasons: REASONS
                .iter()
                .map(|r| (r.as_str(), tr.t(&format!("reason_{}", r.as_str()))))
                .collect(),
            attainments: attainments(tr),
            errors,
        },
        tr,
    )
}

pub async fn discharge_form(
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
    let file = match file_or_page(&s, tr, &who, id).await {
        Ok(f) => f,
        Err(page) => return *page,
    };
    let form = DischargeForm {
        date: day(s.app.clock.today()),
        reason: "completed".into(),
        goals: file
            .assessment
            .as_ref()
            .map(|a| {
                a.assessment
                    .overarching_goals
                    .iter()
                    .map(|g| (g.goal.clone(), String::new()))
                    .collect()
            })
            .unwrap_or_default(),
        ..DischargeForm::default()
    };
    discharge_page(
        tr,
        &who,
        StatusCode::OK,
        id,
        file.case.version,
        form,
        not_now(tr, &file, Step::Discharge),
    )
}

pub async fn discharge_submit(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let tr = tr_for(&q, &headers);
    let f = Fields(pairs);
    let typed = DischargeForm {
        date: f.get("date"),
        reason: f.get("reason"),
        reason_note: form::multi_line(&f.text("reason_note")),
        clinical_evaluation: form::multi_line(&f.text("clinical_evaluation")),
        goals: (0..f.rows("goals", 8))
            .map(|i| {
                (
                    f.get(&format!("goals[{i}].goal")),
                    f.get(&format!("goals[{i}].result")),
                )
            })
            .filter(|(g, _)| !g.is_empty())
            .collect(),
        living_at_home: f.has("living_at_home"),
        in_school_or_working: f.has("in_school_or_working"),
        no_new_arrests: f.has("no_new_arrests"),
    };
    let version = f.version().unwrap_or(0);
    let mut errors = Vec::new();
    let date = form::date(&typed.date, "date", &mut errors, tr.t("bad_date"));
    if typed.date.is_empty() {
        required("date", &mut errors, tr);
    }
    let reason = DischargeReason::parse(&typed.reason);
    if reason.is_none() {
        errors.push(FieldError::new("reason", tr.t("choose")));
    }
    let result = match (date, reason) {
        (Some(date), Some(reason)) if errors.is_empty() => {
            let d = Discharge {
                date,
                reason,
                reason_note: typed.reason_note.clone(),
                clinical_evaluation: typed.clinical_evaluation.clone(),
                goals: typed
                    .goals
                    .iter()
                    .filter_map(|(goal, result)| {
                        parse_attainment(result).map(|result| GoalResult {
                            goal: goal.clone(),
                            result,
                        })
                    })
                    .collect(),
                outcomes: UltimateOutcomes {
                    living_at_home: typed.living_at_home,
                    in_school_or_working: typed.in_school_or_working,
                    no_new_arrests: typed.no_new_arrests,
                },
            };
            treatment::discharge(&s.app, &who.actor(), id, version, &d).await
        }
        _ => Err(AppError::Invalid(errors)),
    };
    match result {
        Ok(_) => Redirect::to(&format!("/cases/{id}#discharge")).into_response(),
        Err(e) => match form::form_error(tr, e) {
            Ok((status, errors)) => discharge_page(tr, &who, status, id, version, typed, errors),
            Err(e) => error_page(tr, Some(&who), e),
        },
    }
}

// ---------------------------------------------------------------- follow-up

#[derive(Debug, Clone, Default)]
pub struct FollowUpForm {
    months: String,
    date: String,
    living_at_home: bool,
    in_school_or_working: bool,
    no_new_arrests: bool,
    notes: String,
}

#[derive(Template)]
#[template(path = "follow_up_form.html")]
struct FollowUpPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    csrf: String,
    case_id: i64,
    version: i64,
    /// (months, label) of the follow-ups still to make.
    open: Vec<(u8, String)>,
    form: FollowUpForm,
    errors: Errors,
}

fn open_follow_ups(tr: Tr, file: &CaseFile) -> Vec<(u8, String)> {
    let status = file.case.status.parse::<CaseStatus>().ok();
    let done: Vec<u8> = file.follow_ups.iter().map(|f| f.months).collect();
    [6u8, 12, 18]
        .into_iter()
        .filter(|m| {
            status.is_some_and(|st| {
                next_status(st, Step::RecordFollowUp { months: *m }, &done).is_ok()
            })
        })
        .map(|m| (m, tr.tf("months_n", &[("n", &m.to_string())])))
        .collect()
}

async fn follow_up_page(
    s: &AppState,
    tr: Tr,
    who: &Authenticated,
    id: i64,
    status: StatusCode,
    typed: Option<FollowUpForm>,
    errors: Errors,
) -> Response {
    let file = match file_or_page(s, tr, who, id).await {
        Ok(f) => f,
        Err(page) => return *page,
    };
    let open = open_follow_ups(tr, &file);
    let form = typed.unwrap_or_else(|| FollowUpForm {
        months: open.first().map(|(m, _)| m.to_string()).unwrap_or_default(),
        date: day(s.app.clock.today()),
        ..FollowUpForm::default()
    });
    render(
        status,
        &FollowUpPage {
            tr,
            title: format!("{} · {} {id}", tr.t("record_follow_up"), tr.t("family")),
            nav: nav(tr, who),
            csrf: who.csrf_token().to_owned(),
            case_id: id,
            version: file.case.version,
            open,
            form,
            errors,
        },
        tr,
    )
}

pub async fn follow_up_form(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    Path(id): Path<String>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let tr = tr_for(&q, &headers);
    match parse_id(&id) {
        Ok(id) => follow_up_page(&s, tr, &who, id, StatusCode::OK, None, Errors::none()).await,
        Err(e) => error_page(tr, Some(&who), e),
    }
}

pub async fn follow_up_submit(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let tr = tr_for(&q, &headers);
    let f = Fields(pairs);
    let typed = FollowUpForm {
        months: f.get("months"),
        date: f.get("date"),
        living_at_home: f.has("living_at_home"),
        in_school_or_working: f.has("in_school_or_working"),
        no_new_arrests: f.has("no_new_arrests"),
        notes: f.text("notes").trim().to_owned(),
    };
    let version = f.version().unwrap_or(0);
    let mut errors = Vec::new();
    let months = typed.months.parse::<u8>().ok();
    if months.is_none() {
        errors.push(FieldError::new("months", tr.t("choose")));
    }
    let date = form::date(&typed.date, "date", &mut errors, tr.t("bad_date"));
    if typed.date.is_empty() {
        required("date", &mut errors, tr);
    }
    let result = match (months, date) {
        (Some(months), Some(date)) if errors.is_empty() => {
            let fu = FollowUp {
                months,
                date,
                outcomes: UltimateOutcomes {
                    living_at_home: typed.living_at_home,
                    in_school_or_working: typed.in_school_or_working,
                    no_new_arrests: typed.no_new_arrests,
                },
                notes: typed.notes.clone(),
            };
            treatment::follow_up(&s.app, &who.actor(), id, version, &fu).await
        }
        _ => Err(AppError::Invalid(errors)),
    };
    match result {
        Ok(_) => Redirect::to(&format!("/cases/{id}#follow-ups")).into_response(),
        Err(e) => match form::form_error(tr, e) {
            Ok((status, errors)) => {
                follow_up_page(&s, tr, &who, id, status, Some(typed), errors).await
            }
            Err(e) => error_page(tr, Some(&who), e),
        },
    }
}
