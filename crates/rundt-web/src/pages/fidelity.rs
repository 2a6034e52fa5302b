//! The supervisor's forms for what is collected from the caregivers: the
//! monthly adherence interview (TAM-R structure) and the family-experience
//! survey at discharge.

use std::collections::HashMap;

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use rundt_app::AppError;
use rundt_app::fidelity::{self, InterviewView};
use rundt_domain::FieldError;
use rundt_domain::adherence::{self, Interview, InterviewMode};
use rundt_domain::experience::{self, FamilyExperience};
use rundt_domain::id::{CaseId, PersonId, TeamId, UserId};
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::msg;

use super::cases::day;
use super::form::{self, Errors, Fields};
use super::{Nav, OrPage, Page, PageContext, PageId, PageResult, family_title};
use crate::auth::Authenticated;
use crate::i18n::Tr;
use crate::state::AppState;

/// Answers as typed: "" (not answered) or "1"–"5"; for an interview also
/// the respondent (a person id) and the mode (its code).
#[derive(Debug, Clone, Default)]
struct AnswersForm {
    date: String,
    respondent_id: String,
    mode: String,
    answers: Vec<String>,
    comment: String,
}

impl AnswersForm {
    fn blank(n: usize, date: String) -> Self {
        Self {
            date,
            answers: vec![String::new(); n],
            ..Self::default()
        }
    }

    fn read(f: &Fields, n: usize) -> Self {
        Self {
            date: f.get("date"),
            respondent_id: f.get("respondent_id"),
            mode: f.get("mode"),
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

/// An interview in a list: when, its score, who answered, how, and who
/// asked; what an earlier interview did not record says so.
pub struct InterviewShow {
    pub date: String,
    pub score: String,
    pub status: &'static str,
    pub respondent: String,
    pub mode: &'static str,
    pub interviewer: String,
}

/// The interviews as listed, with the names of the people in the case
/// (`people`) and of the staff (`staff`).
fn history(
    tr: Tr,
    interviews: &[InterviewView],
    people: &HashMap<PersonId, String>,
    staff: &HashMap<UserId, String>,
) -> Vec<InterviewShow> {
    let not_recorded = || tr.t("not_recorded").to_owned();
    interviews
        .iter()
        .map(|i| InterviewShow {
            date: day(i.interviewed_on),
            score: i.score.map_or("–".into(), |s| format!("{s:.3}")),
            status: tr.t(match i.adherent {
                Some(true) => "adherent",
                Some(false) => "not_adherent",
                None => "not_scored",
            }),
            respondent: i.respondent_id.map_or_else(not_recorded, |id| {
                people.get(&id).cloned().unwrap_or_else(|| format!("#{id}"))
            }),
            mode: match i.mode {
                Some(m) => tr.t(&mode_word(m)),
                None => tr.t("not_recorded"),
            },
            interviewer: staff
                .get(&i.interviewer_id)
                .cloned()
                .unwrap_or_else(|| format!("#{}", i.interviewer_id)),
        })
        .collect()
}

/// The catalogue word of an interview mode (`interview_mode_phone`).
pub fn mode_word(mode: InterviewMode) -> String {
    format!("interview_mode_{}", mode.as_str())
}

/// What the interview form asks besides the answers: which caregiver
/// answered and how.
struct InterviewChoices {
    /// (person id, name) of each of the family's caregivers.
    caregivers: Vec<(String, String)>,
    /// (code, label) of each mode.
    modes: Vec<(&'static str, &'static str)>,
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
    /// The respondent and the mode, for the adherence interview.
    interview: Option<InterviewChoices>,
    history: Vec<InterviewShow>,
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
    let form = fidelity::interview_form(p.app(), &p.actor(), id)
        .await
        .on(p)?;
    let tr = p.tr;
    let people: HashMap<PersonId, String> = form.caregivers.iter().cloned().collect();
    // With one caregiver there is no one else to choose.
    let typed = typed.or_else(|| {
        let [(only, _)] = form.caregivers.as_slice() else {
            return None;
        };
        let mut blank = AnswersForm::blank(adherence::ITEMS, day(p.app().clock.today()));
        blank.respondent_id = only.to_string();
        Some(blank)
    });
    let choices = InterviewChoices {
        caregivers: form
            .caregivers
            .iter()
            .map(|(id, name)| (id.to_string(), name.clone()))
            .collect(),
        modes: InterviewMode::ALL
            .iter()
            .map(|m| (m.as_str(), tr.t(&mode_word(*m))))
            .collect(),
    };
    let questions = Questions {
        title: family_title(tr, "adherence_title", id),
        case_id: Some(id),
        action: format!("/cases/{id}/adherence"),
        intro: tr.t("adherence_intro"),
        items: numbered(tr, adherence::ITEMS),
        allow_skip: true,
        with_comment: false,
        date_label: tr.t("interview_date"),
        interview: Some(choices),
        history: history(tr, &form.interviews, &people, &form.interviewers),
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

/// The respondent and the mode as chosen on the interview form.
fn read_respondent_and_mode(
    typed: &AnswersForm,
    errors: &mut Vec<FieldError>,
) -> Option<(PersonId, InterviewMode)> {
    let respondent = match typed.respondent_id.as_str() {
        "" => Err(msg!("required")),
        id => id.parse::<PersonId>().map_err(|_| msg!("choose")),
    };
    let mode = match typed.mode.as_str() {
        "" => Err(msg!("required")),
        code => InterviewMode::from_code(code).ok_or(msg!("choose")),
    };
    let respondent = respondent
        .map_err(|m| errors.push(FieldError::new("respondent_id", m)))
        .ok();
    let mode = mode
        .map_err(|m| errors.push(FieldError::new("mode", m)))
        .ok();
    respondent.zip(mode)
}

pub async fn interview_submit(
    p: Page,
    PageId(id): PageId<CaseId>,
    Fields(pairs): Fields,
) -> PageResult {
    let (typed, read) = read_posted(pairs, adherence::ITEMS, true);
    let mut errors = Vec::new();
    let chosen = read_respondent_and_mode(&typed, &mut errors);
    let read = match (read, chosen) {
        (Ok((date, answers)), Some((respondent_id, mode))) => Ok(Interview {
            date,
            respondent_id,
            mode,
            answers,
        }),
        (Err(AppError::Invalid(mut more)), _) => {
            more.append(&mut errors);
            Err(AppError::Invalid(more))
        }
        (Err(e), _) => Err(e),
        (Ok(_), None) => Err(AppError::Invalid(errors)),
    };
    let result = form::then(read, async |interview| {
        fidelity::record_interview(p.app(), &p.actor(), id, &interview).await
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
        interview: None,
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
    pub interviews: Vec<InterviewShow>,
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
    staff: &HashMap<UserId, String>,
    experience: Option<fidelity::ExperienceView>,
) -> FidelityShow {
    let people: HashMap<PersonId, String> = case
        .people
        .iter()
        .map(|p| (p.id, format!("{} {}", p.given_name, p.family_name)))
        .collect();
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
        interviews: history(tr, interviews, &people, staff),
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

/// Whom a team member rates: the supervisor (SAM structure, by the
/// therapists) or the consultant (CAM structure, by the supervisor and the
/// therapists).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rated {
    Supervisor,
    Consultant,
}

impl Rated {
    fn items(self) -> usize {
        match self {
            Self::Supervisor => adherence::SAM_ITEMS,
            Self::Consultant => rundt_domain::people::CAM_ITEMS,
        }
    }

    /// The form's address and its words' keys (title, intro).
    fn parts(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Self::Supervisor => ("supervisor-rating", "sam_title", "sam_intro"),
            Self::Consultant => ("consultant-rating", "cam_title", "cam_intro"),
        }
    }
}

fn rating_page(
    p: &Page,
    team_id: TeamId,
    rated: Rated,
    status: StatusCode,
    typed: Option<AnswersForm>,
    errors: Errors,
) -> Response {
    let tr = p.tr;
    let (path, title, intro) = rated.parts();
    let questions = Questions {
        title: tr.t(title).to_owned(),
        case_id: None,
        action: format!("/teams/{team_id}/{path}"),
        intro: tr.t(intro),
        items: numbered(tr, rated.items()),
        allow_skip: true,
        with_comment: false,
        date_label: tr.t("rating_date"),
        interview: None,
        history: Vec::new(),
    };
    answers_page(p, status, questions, typed, errors)
}

fn own_team_rating(p: &Page, id: TeamId, rated: Rated) -> PageResult {
    if !p.who.principal.team_ids.contains(&id) {
        return Err(p.fail(AppError::Forbidden(msg!("rating-own-team"))));
    }
    Ok(rating_page(
        p,
        id,
        rated,
        StatusCode::OK,
        None,
        Errors::none(),
    ))
}

/// `/teams/{id}/supervisor-rating`: a therapist's rating of the supervisor.
pub async fn rating_form(p: Page, PageId(id): PageId<TeamId>) -> PageResult {
    own_team_rating(&p, id, Rated::Supervisor)
}

/// `/teams/{id}/consultant-rating`: a team member's rating of the
/// team's consultant.
pub async fn cam_form(p: Page, PageId(id): PageId<TeamId>) -> PageResult {
    own_team_rating(&p, id, Rated::Consultant)
}

pub async fn rating_submit(p: Page, PageId(id): PageId<TeamId>, f: Fields) -> PageResult {
    submit_rating(p, id, Rated::Supervisor, f).await
}

pub async fn cam_submit(p: Page, PageId(id): PageId<TeamId>, f: Fields) -> PageResult {
    submit_rating(p, id, Rated::Consultant, f).await
}

async fn submit_rating(p: Page, id: TeamId, rated: Rated, Fields(pairs): Fields) -> PageResult {
    let (typed, read) = read_posted(pairs, rated.items(), true);
    let result = form::then(read, async |(date, answers)| match rated {
        Rated::Supervisor => {
            let rating = adherence::SupervisorRating { date, answers };
            fidelity::rate_supervisor(p.app(), &p.actor(), id, &rating).await
        }
        Rated::Consultant => {
            let rating = rundt_domain::people::ConsultantRating { date, answers };
            rundt_app::people::rate_consultant(p.app(), &p.actor(), id, &rating).await
        }
    })
    .await;
    let target = match rated {
        Rated::Supervisor => format!("/results?rated=1&lang={}", p.tr.code()),
        Rated::Consultant => format!("/?rated_consultant=1&lang={}", p.tr.code()),
    };
    form::settle(&p, result, &target, |status, errors| {
        std::future::ready(Ok(rating_page(&p, id, rated, status, Some(typed), errors)))
    })
    .await
}
