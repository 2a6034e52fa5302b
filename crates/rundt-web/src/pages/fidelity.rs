//! The supervisor's forms for what is collected from the caregivers: the
//! monthly adherence interview (TAM-R structure) and the family-experience
//! survey at discharge.

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use rundt_app::AppError;
use rundt_app::fidelity::{self, InterviewView};
use rundt_domain::FieldError;
use rundt_domain::adherence::{self, Interview};
use rundt_domain::experience::{self, FamilyExperience};
use rundt_domain::id::{CaseId, TeamId};
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::msg;

use super::cases::day;
use super::form::{self, Errors, Fields};
use super::{Nav, OrPage, Page, PageContext, PageId, PageResult, family_title};
use crate::auth::Authenticated;
use crate::i18n::Tr;
use crate::state::AppState;

/// Answers as typed: "" (not answered) or "1"–"5".
#[derive(Debug, Clone, Default)]
struct AnswersForm {
    date: String,
    answers: Vec<String>,
    comment: String,
}

impl AnswersForm {
    fn blank(n: usize, date: String) -> Self {
        Self {
            date,
            answers: vec![String::new(); n],
            comment: String::new(),
        }
    }

    fn read(f: &Fields, n: usize) -> Self {
        Self {
            date: f.get("date"),
            answers: (0..n).map(|i| f.get(&format!("answers[{i}]"))).collect(),
            comment: f.text("comment").trim().to_owned(),
        }
    }

    /// Whether item `i` was answered `v` (for the template's radios).
    fn is(&self, i: &usize, v: &u8) -> bool {
        self.answers.get(*i).is_some_and(|a| *a == v.to_string())
    }

    fn unanswered(&self, i: &usize) -> bool {
        self.answers.get(*i).is_none_or(String::is_empty)
    }
}

/// One question on the form: index, label.
type Item = (usize, String);

#[derive(Template)]
#[template(path = "answers_form.html")]
struct AnswersPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    csrf: String,
    q: Questions,
    form: AnswersForm,
    errors: Errors,
}

fn scale() -> [u8; 5] {
    [1, 2, 3, 4, 5]
}

impl AnswersPage {
    fn scale(&self) -> [u8; 5] {
        scale()
    }
}

fn history(tr: Tr, interviews: &[InterviewView]) -> Vec<(String, String, &'static str)> {
    interviews
        .iter()
        .map(|i| {
            (
                day(i.interviewed_on),
                i.score.map_or("–".into(), |s| format!("{s:.3}")),
                tr.t(match i.adherent {
                    Some(true) => "adherent",
                    Some(false) => "not_adherent",
                    None => "not_scored",
                }),
            )
        })
        .collect()
}

/// What one answers form asks: everything but the answers.
struct Questions {
    title: String,
    /// The family asked about; `None` for the supervisor rating.
    case_id: Option<CaseId>,
    action: String,
    intro: &'static str,
    items: Vec<Item>,
    allow_skip: bool,
    with_comment: bool,
    date_label: &'static str,
    history: Vec<(String, String, &'static str)>,
}

/// An answers form: blank (dated today) or as typed.
fn answers_page(
    p: &Page,
    status: StatusCode,
    q: Questions,
    typed: Option<AnswersForm>,
    errors: Errors,
) -> Response {
    let form =
        typed.unwrap_or_else(|| AnswersForm::blank(q.items.len(), day(p.app().clock.today())));
    p.render(
        status,
        &AnswersPage {
            tr: p.tr,
            title: q.title.clone(),
            nav: p.nav(),
            csrf: p.who.csrf_token().to_owned(),
            q,
            form,
            errors,
        },
    )
}

/// Questions numbered 1 to `n`.
fn numbered(tr: Tr, n: usize) -> Vec<Item> {
    (0..n).map(|i| (i, tr.nth("item_n", &(i + 1)))).collect()
}

async fn interview_page(
    p: &Page,
    id: CaseId,
    status: StatusCode,
    typed: Option<AnswersForm>,
    errors: Errors,
) -> PageResult {
    let done = fidelity::interviews(p.app(), &p.actor(), id).await.on(p)?;
    let tr = p.tr;
    let questions = Questions {
        title: family_title(tr, "adherence_title", id),
        case_id: Some(id),
        action: format!("/cases/{id}/adherence"),
        intro: tr.t("adherence_intro"),
        items: numbered(tr, adherence::ITEMS),
        allow_skip: true,
        with_comment: false,
        date_label: tr.t("interview_date"),
        history: history(tr, &done),
    };
    Ok(answers_page(p, status, questions, typed, errors))
}

pub async fn interview_form(p: Page, PageId(id): PageId<CaseId>) -> PageResult {
    supervisor_only(&p)?;
    interview_page(&p, id, StatusCode::OK, None, Errors::none()).await
}

/// Reads the answers: each "" (unanswered, when allowed) or 1–5.
fn parse_answers(
    typed: &AnswersForm,
    allow_skip: bool,
    errors: &mut Vec<FieldError>,
) -> Vec<Option<u8>> {
    typed
        .answers
        .iter()
        .enumerate()
        .map(|(i, a)| {
            if a.is_empty() {
                if !allow_skip {
                    errors.push(FieldError::new(format!("answers[{i}]"), msg!("required")));
                }
                return None;
            }
            match a.parse::<u8>() {
                Ok(v) if (1..=5).contains(&v) => Some(v),
                _ => {
                    errors.push(FieldError::new(format!("answers[{i}]"), msg!("choose")));
                    None
                }
            }
        })
        .collect()
}

/// The date and the answers of a form that could be read.
type Posted = Result<(chrono::NaiveDate, Vec<Option<u8>>), AppError>;

/// A posted answers form: what was typed, and the date and answers when
/// they could be read (else the errors).
fn read_posted(
    pairs: Vec<(String, String)>,
    items: usize,
    allow_skip: bool,
) -> (AnswersForm, Posted) {
    let typed = AnswersForm::read(&Fields(pairs), items);
    let mut errors = Vec::new();
    let answers = parse_answers(&typed, allow_skip, &mut errors);
    let date = form::date(&typed.date, "date", &mut errors, msg!("bad_date"));
    if typed.date.is_empty() {
        errors.push(FieldError::new("date", msg!("required")));
    }
    let read = match date {
        Some(date) if errors.is_empty() => Ok((date, answers)),
        _ => Err(AppError::Invalid(errors)),
    };
    (typed, read)
}

/// Interviews and surveys are the supervisor's to collect.
fn supervisor_only(p: &Page) -> Result<(), super::PageError> {
    if p.who.principal.role == rundt_domain::user::Role::Supervisor {
        return Ok(());
    }
    Err(p.fail(AppError::Forbidden(msg!("collector-not-therapist"))))
}

pub async fn interview_submit(
    p: Page,
    PageId(id): PageId<CaseId>,
    Fields(pairs): Fields,
) -> PageResult {
    let (typed, read) = read_posted(pairs, adherence::ITEMS, true);
    let result = form::then(read, async |(date, answers)| {
        fidelity::record_interview(p.app(), &p.actor(), id, &Interview { date, answers }).await
    });
    let target = format!("/cases/{id}#adherence");
    form::settle(&p, result.await, &target, |status, errors| {
        interview_page(&p, id, status, Some(typed), errors)
    })
    .await
}

async fn experience_page(
    p: &Page,
    id: CaseId,
    status: StatusCode,
    typed: Option<AnswersForm>,
    errors: Errors,
) -> PageResult {
    fidelity::experience(p.app(), &p.actor(), id).await.on(p)?;
    let tr = p.tr;
    let questions = Questions {
        title: family_title(tr, "experience_title", id),
        case_id: Some(id),
        action: format!("/cases/{id}/experience"),
        intro: tr.t("experience_intro"),
        items: experience::ITEMS
            .iter()
            .enumerate()
            .map(|(i, k)| (i, tr.t(&format!("exp_{k}")).to_owned()))
            .collect(),
        allow_skip: false,
        with_comment: true,
        date_label: tr.t("survey_date"),
        history: Vec::new(),
    };
    Ok(answers_page(p, status, questions, typed, errors))
}

pub async fn experience_form(p: Page, PageId(id): PageId<CaseId>) -> PageResult {
    supervisor_only(&p)?;
    experience_page(&p, id, StatusCode::OK, None, Errors::none()).await
}

pub async fn experience_submit(
    p: Page,
    PageId(id): PageId<CaseId>,
    Fields(pairs): Fields,
) -> PageResult {
    let (typed, read) = read_posted(pairs, experience::ITEMS.len(), false);
    // Every item must be answered (the reading above refuses a gap).
    let answered = read.and_then(|(date, answers)| {
        let answers = answers.into_iter().collect::<Option<Vec<u8>>>();
        answers
            .map(|answers| (date, answers))
            .ok_or_else(|| AppError::Invalid(vec![FieldError::new("answers", msg!("required"))]))
    });
    let comment = typed.comment.clone();
    let result = form::then(answered, async |(date, answers)| {
        let survey = FamilyExperience {
            date,
            answers,
            comment,
        };
        fidelity::record_experience(p.app(), &p.actor(), id, &survey).await
    });
    let target = format!("/cases/{id}#experience");
    form::settle(&p, result.await, &target, |status, errors| {
        experience_page(&p, id, status, Some(typed), errors)
    })
    .await
}

/// What the family page shows of interviews and the survey.
#[derive(Default)]
pub struct FidelityShow {
    pub interviews: Vec<(String, String, &'static str)>,
    /// (due day, overdue) while the family is in treatment.
    pub next_due: Option<(String, bool)>,
    pub can_interview: bool,
    /// (date, score 0–100, recommends).
    pub experience: Option<(String, u8, &'static str)>,
    pub can_experience: bool,
}

impl FidelityShow {
    pub fn any(&self) -> bool {
        !self.interviews.is_empty()
            || self.next_due.is_some()
            || self.experience.is_some()
            || self.can_experience
    }
}

/// The family page's interview and survey sections.
/// The fidelity part of a family's page, from what the family page use case
/// read through the case guard.
pub fn fidelity_show(
    s: &AppState,
    tr: Tr,
    who: &Authenticated,
    case: &rundt_app::cases::CaseView,
    interviews: &[fidelity::InterviewView],
    experience: Option<fidelity::ExperienceView>,
) -> FidelityShow {
    let team_role = fidelity::reads_interviews(&who.actor());
    let supervisor = who.principal.role == rundt_domain::user::Role::Supervisor;
    let in_treatment = case.status == CaseStatus::InTreatment;
    let today = s.app.clock.today();
    let next_due = match (in_treatment && team_role, case.treatment_start) {
        (true, Some(start)) => {
            let done: Vec<_> = interviews.iter().map(|i| i.interviewed_on).collect();
            adherence::next_due(start, &done, None).map(|d| (day(d), d < today))
        }
        _ => None,
    };
    FidelityShow {
        interviews: history(tr, interviews),
        next_due,
        can_interview: supervisor && in_treatment,
        can_experience: supervisor
            && experience.is_none()
            && case.discharged_on.is_some_and(|d| {
                today <= d + chrono::Duration::days(rundt_domain::experience::ANSWER_WITHIN_DAYS)
            }),
        experience: experience.map(|e| {
            (
                day(e.answered_on),
                e.score,
                tr.t(if e.recommends { "yes" } else { "no" }),
            )
        }),
    }
}

fn rating_page(
    p: &Page,
    team_id: TeamId,
    status: StatusCode,
    typed: Option<AnswersForm>,
    errors: Errors,
) -> Response {
    let tr = p.tr;
    let questions = Questions {
        title: tr.t("sam_title").to_owned(),
        case_id: None,
        action: format!("/teams/{team_id}/supervisor-rating"),
        intro: tr.t("sam_intro"),
        items: numbered(tr, adherence::SAM_ITEMS),
        allow_skip: true,
        with_comment: false,
        date_label: tr.t("rating_date"),
        history: Vec::new(),
    };
    answers_page(p, status, questions, typed, errors)
}

/// `/teams/{id}/supervisor-rating`: a therapist's rating of the supervisor.
pub async fn rating_form(p: Page, PageId(id): PageId<TeamId>) -> PageResult {
    if !p.who.principal.team_ids.contains(&id) {
        return Err(p.fail(AppError::Forbidden(msg!("rating-own-team"))));
    }
    Ok(rating_page(&p, id, StatusCode::OK, None, Errors::none()))
}

pub async fn rating_submit(
    p: Page,
    PageId(id): PageId<TeamId>,
    Fields(pairs): Fields,
) -> PageResult {
    let (typed, read) = read_posted(pairs, adherence::SAM_ITEMS, true);
    let result = form::then(read, async |(date, answers)| {
        let rating = adherence::SupervisorRating { date, answers };
        fidelity::rate_supervisor(p.app(), &p.actor(), id, &rating).await
    })
    .await;
    let target = format!("/results?rated=1&lang={}", p.tr.code());
    form::settle(&p, result, &target, |status, errors| {
        std::future::ready(Ok(rating_page(&p, id, status, Some(typed), errors)))
    })
    .await
}
