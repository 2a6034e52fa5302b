//! The team's requests to its psychiatrist (MST-CAN, issue 12): the
//! family's therapist or the team's supervisor asks one of the team's
//! psychiatrists a question about the family; the psychiatrist asked reads
//! the family while the request is open and answers here; the team ends
//! the request when it is settled. What the use cases refuse is shown
//! beside the form it came from, and nothing is stored.

use super::*;
use axum::extract::Path;
use chrono::{DateTime, Utc};
use rundt_app::consultation::{self, ConsultationFile};
use rundt_domain::consultation::{ConsultationRequest, ConsultationState};
use rundt_domain::id::UserId;
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::user::Role;

/// A request as the page shows it.
pub struct RequestShow {
    id: i64,
    version: i64,
    asked: String,
    psychiatrist: String,
    question: String,
    state: &'static str,
    /// Asked and not yet answered.
    awaiting: bool,
    answer: String,
    answered: String,
    ended: String,
    /// The reader is the psychiatrist asked, and the request is open.
    may_answer: bool,
    /// The reader may end it (writes the family's case).
    may_end: bool,
}

/// The forms as typed, when one was refused.
#[derive(Default)]
struct Typed {
    psychiatrist: String,
    question: String,
    /// The request whose answer was refused, and the answer typed.
    answer: Option<(i64, String)>,
    /// Which form the errors belong to: `request`, `answer-{id}`, `end-{id}`.
    failed: String,
}

#[derive(Template)]
#[template(path = "consultations.html")]
struct ConsultationsPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    csrf: String,
    case_id: CaseId,
    people: String,
    requests: Vec<RequestShow>,
    /// The reader may ask (the family's therapist or the team's supervisor,
    /// while the family is in treatment).
    may_ask: bool,
    psychiatrists: Vec<(String, String)>,
    psychiatrist: String,
    question: String,
    answer_typed: String,
    failed: String,
    errors: form::Errors,
}

fn local(file: &ConsultationFile, at: DateTime<Utc>) -> String {
    file.case.country.local_time(at)
}

fn state_word(state: ConsultationState) -> &'static str {
    match state {
        ConsultationState::Asked => "consultation_state_asked",
        ConsultationState::Answered => "consultation_state_answered",
        ConsultationState::Ended => "consultation_state_ended",
    }
}

fn page(
    p: &Page,
    status: StatusCode,
    file: ConsultationFile,
    typed: Typed,
    errors: form::Errors,
) -> PageResult {
    let tr = p.tr;
    let who = &p.who.principal;
    let case = &file.case;
    let of_team = who.team_ids.contains(&case.team_id);
    let writes = of_team
        && match who.role {
            Role::Supervisor => true,
            Role::Therapist => case.therapist_id == Some(who.user_id),
            _ => false,
        };
    let in_treatment = case.status == CaseStatus::InTreatment;
    let requests = file
        .requests
        .iter()
        .map(|r| {
            let state = r.state();
            let by = r
                .requested_by
                .map(|u| format!(" · {}", file.staff_name(u)))
                .unwrap_or_default();
            RequestShow {
                id: r.id,
                version: r.version,
                asked: format!("{}{by}", local(&file, r.requested_at)),
                psychiatrist: file.staff_name(r.psychiatrist_id),
                question: r.question.clone(),
                state: tr.t(state_word(state)),
                awaiting: state == ConsultationState::Asked,
                answer: r.answer.clone().unwrap_or_default(),
                answered: r.answered_at.map(|at| local(&file, at)).unwrap_or_default(),
                ended: match (r.ended_at, r.ended_by) {
                    (Some(at), Some(by)) => {
                        format!("{} · {}", local(&file, at), file.staff_name(by))
                    }
                    (Some(at), None) => local(&file, at),
                    _ => String::new(),
                },
                may_answer: state.is_open()
                    && who.role == Role::Psychiatrist
                    && who.user_id == r.psychiatrist_id,
                may_end: state.is_open() && writes,
            }
        })
        .collect();
    let people = people_line(case);
    let (answer_for, answer_typed) = typed.answer.unwrap_or_default();
    let failed = if typed.failed.is_empty() && answer_for > 0 {
        format!("answer-{answer_for}")
    } else {
        typed.failed
    };
    Ok(p.render(
        status,
        &ConsultationsPage {
            tr,
            title: family_title(tr, "consultations_title", case.id),
            nav: p.nav(),
            csrf: p.who.csrf_token().to_owned(),
            case_id: case.id,
            people,
            requests,
            may_ask: writes && in_treatment && !file.psychiatrists.is_empty(),
            psychiatrists: file
                .psychiatrists
                .iter()
                .map(|p| (p.user_id.to_string(), p.name.clone()))
                .collect(),
            psychiatrist: typed.psychiatrist,
            question: typed.question,
            answer_typed,
            failed,
            errors,
        },
    ))
}

async fn file_of(p: &Page, id: CaseId) -> Result<ConsultationFile, PageError> {
    consultation::consultation_file(p.app(), &p.actor(), id)
        .await
        .on(p)
}

/// The page again after a form was refused, with what was typed.
async fn again(
    p: &Page,
    id: CaseId,
    status: StatusCode,
    typed: Typed,
    errors: form::Errors,
) -> PageResult {
    let file = file_of(p, id).await?;
    page(p, status, file, typed, errors)
}

fn address(id: CaseId) -> String {
    format!("/cases/{id}/consultations")
}

/// The family's consultations page.
pub async fn consultations_show(p: Page, PageId(id): PageId<CaseId>) -> PageResult {
    let file = file_of(&p, id).await?;
    page(
        &p,
        StatusCode::OK,
        file,
        Typed::default(),
        form::Errors::default(),
    )
}

/// Asks one of the team's psychiatrists.
pub async fn consultation_request(p: Page, PageId(id): PageId<CaseId>, f: Fields) -> PageResult {
    let typed = Typed {
        psychiatrist: f.get("psychiatrist_id"),
        question: form::multi_line(&f.text("question")),
        failed: "request".into(),
        ..Typed::default()
    };
    let read = match typed.psychiatrist.parse::<i64>() {
        Ok(n) => Ok(ConsultationRequest {
            psychiatrist_id: UserId::new(n),
            question: typed.question.clone(),
        }),
        Err(_) => Err(AppError::invalid(
            "psychiatrist_id",
            msg!("consultation-not-teams-psychiatrist"),
        )),
    };
    let result = form::then(read, async |r| {
        consultation::request(p.app(), &p.actor(), id, &r).await
    })
    .await;
    let target = format!("{}#requests", address(id));
    form::settle(&p, result, &target, |status, errors| {
        again(&p, id, status, typed, errors)
    })
    .await
}

fn ids(p: &Page, id: &str, request: &str) -> Result<(CaseId, i64), PageError> {
    parse_id::<CaseId>(id)
        .and_then(|id| Ok((id, parse_id::<i64>(request)?)))
        .on(p)
}

/// The psychiatrist's answer.
pub async fn consultation_answer(
    p: Page,
    Path((id, request)): Path<(String, String)>,
    f: Fields,
) -> PageResult {
    let (id, request) = ids(&p, &id, &request)?;
    let version = f.required_version().on(&p)?;
    let answer = form::multi_line(&f.text("answer"));
    let result = consultation::answer(p.app(), &p.actor(), id, request, &answer, version).await;
    let target = format!("{}#request-{request}", address(id));
    let typed = Typed {
        answer: Some((request, answer)),
        ..Typed::default()
    };
    form::settle(&p, result, &target, |status, errors| {
        again(&p, id, status, typed, errors)
    })
    .await
}

/// The team ends a request.
pub async fn consultation_end(
    p: Page,
    Path((id, request)): Path<(String, String)>,
    f: Fields,
) -> PageResult {
    let (id, request) = ids(&p, &id, &request)?;
    let version = f.required_version().on(&p)?;
    let result = consultation::end(p.app(), &p.actor(), id, request, version).await;
    let target = format!("{}#request-{request}", address(id));
    let typed = Typed {
        failed: format!("end-{request}"),
        ..Typed::default()
    };
    form::settle(&p, result, &target, |status, errors| {
        again(&p, id, status, typed, errors)
    })
    .await
}
