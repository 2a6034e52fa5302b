//! `/people/{id}`: one person's record — the courses they took with their
//! certificates (and the form to record one, with its file), and in each
//! team they share with the reader their flags, their meetings of the
//! last twelve weeks, the boosters of the year and their development plan.

use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use rundt_app::AppError;
use rundt_app::people::{self, CertificateUpload, PersonInTeam, PersonRecord};
use rundt_domain::FieldError;
use rundt_domain::country::programme_date;
use rundt_domain::id::UserId;
use rundt_domain::msg;
use rundt_domain::people::{NewTrainingRecord, TrainingKind, TrainingRecord};

use super::super::cases::day;
use super::super::form::{self, Errors, Fields};
use super::super::{Nav, OrPage, Page, PageContext, PageId, PageResult, parse_id};
use super::{
    absence_label, boosters_text, competence_label, meeting_label, plan_line, training_label,
    weeks_text,
};
use crate::auth::CsrfMultipart;
use crate::i18n::Tr;

/// A course, as shown.
struct CourseLine {
    id: i64,
    kind: &'static str,
    title: String,
    provider: String,
    period: String,
    days: u8,
    /// (file name, size in kB) of its certificate.
    certificate: Option<(String, u32)>,
}

/// A team the person is in, as shown.
struct TeamPart {
    team_id: String,
    team_name: String,
    position: &'static str,
    /// (label, value, flagged).
    flags: Vec<(&'static str, String, bool)>,
    /// (day, meeting, how the person was there).
    meetings: Vec<(String, &'static str, String, bool)>,
    /// (day, topic, attended).
    boosters: Vec<(String, String, String)>,
    /// (competence, goal, actions).
    goals: Vec<(&'static str, String, String)>,
    plan_line: String,
    plan_overdue: bool,
    exceptions: Vec<(String, String)>,
    may_write_plan: bool,
}

/// What the reader typed in the training form.
#[derive(Default)]
struct TrainingTyped {
    kind: String,
    title: String,
    provider: String,
    started_on: String,
    finished_on: String,
    days: String,
}

#[derive(Template)]
#[template(path = "people_person.html")]
struct PersonPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    csrf: String,
    user_id: UserId,
    own: bool,
    courses: Vec<CourseLine>,
    teams: Vec<TeamPart>,
    may_record_training: bool,
    kinds: Vec<(&'static str, &'static str)>,
    typed: TrainingTyped,
    max_mb: usize,
    errors: Errors,
}

fn course_line(tr: Tr, r: &TrainingRecord) -> CourseLine {
    CourseLine {
        id: r.id,
        kind: training_label(tr, r.kind),
        title: r.title.clone().unwrap_or_default(),
        provider: r.provider.clone(),
        period: if r.started_on == r.finished_on {
            day(r.started_on)
        } else {
            format!("{} – {}", day(r.started_on), day(r.finished_on))
        },
        days: r.days,
        certificate: r
            .certificate
            .as_ref()
            .map(|c| (c.file_name.clone(), c.size_bytes.div_ceil(1024))),
    }
}

fn team_part(tr: Tr, t: &PersonInTeam) -> TeamPart {
    let mut flags = Vec::new();
    if let Some(f) = &t.flags {
        let training = if f.initial_training.complete() {
            tr.t("people_training_complete").to_owned()
        } else {
            let missing = f
                .initial_training
                .missing
                .iter()
                .map(|k| training_label(tr, *k))
                .collect::<Vec<_>>()
                .join(", ");
            if f.training_exception {
                format!("{missing} · {}", tr.t("people_training_exception"))
            } else {
                missing
            }
        };
        let flagged = !f.initial_training.complete() && !f.training_exception;
        flags.push(("people_initial_training", training, flagged));
        for w in [&f.supervision, &f.consultation] {
            let label = match w.kind {
                rundt_domain::people::MeetingKind::Supervision => "people_supervision_missed",
                rundt_domain::people::MeetingKind::Consultation => "people_consultation_missed",
            };
            let value = weeks_text(tr, w.weeks_missed, w.weeks_counted);
            flags.push((label, value, w.flagged));
        }
        let boosters = boosters_text(tr, f.boosters.attended, f.boosters.expected);
        flags.push(("people_boosters_year", boosters, f.boosters.flagged));
    }
    let due = t.flags.as_ref().and_then(|f| f.plan);
    let (plan_line, plan_overdue) = plan_line(tr, due);
    TeamPart {
        team_id: t.team_id.to_string(),
        team_name: t.team_name.clone(),
        position: tr.t(t.position.as_str()),
        flags,
        meetings: t
            .meetings
            .iter()
            .map(|m| {
                let (how, missed) = match (m.present, m.absence_reason) {
                    (Some(true), _) => (tr.t("people_present").to_owned(), false),
                    (Some(false), Some(r)) => (absence_label(tr, r).to_owned(), true),
                    (Some(false), None) => (tr.t("absent").to_owned(), true),
                    (None, _) => (tr.t("people_not_listed").to_owned(), false),
                };
                (day(m.held_on), meeting_label(tr, m.kind), how, missed)
            })
            .collect(),
        boosters: t
            .boosters
            .iter()
            .map(|b| {
                let attended = match b.held_on {
                    None => tr.t("people_booster_planned"),
                    Some(_)
                        if b.attendees
                            .iter()
                            .any(|a| t.flags.as_ref().is_some_and(|f| f.span.user_id == *a)) =>
                    {
                        tr.t("people_attended")
                    }
                    Some(_) => tr.t("people_not_attended"),
                };
                (
                    day(b.held_on.unwrap_or(b.planned_on)),
                    b.topic.clone(),
                    attended.to_owned(),
                )
            })
            .collect(),
        goals: t
            .plan
            .iter()
            .flat_map(|p| p.goals.iter())
            .map(|g| {
                (
                    competence_label(tr, g.competence),
                    g.goal.clone(),
                    g.actions.clone(),
                )
            })
            .collect(),
        plan_line,
        plan_overdue,
        exceptions: t
            .exceptions
            .iter()
            .map(|e| (day(programme_date(e.recorded_at)), e.reason.clone()))
            .collect(),
        may_write_plan: t.may_write_plan,
    }
}

async fn render(
    p: &Page,
    user_id: UserId,
    status: StatusCode,
    typed: TrainingTyped,
    errors: Errors,
) -> PageResult {
    let tr = p.tr;
    let r: PersonRecord = people::person_record(p.app(), &p.actor(), user_id)
        .await
        .on(p)?;
    let page = PersonPage {
        tr,
        title: r.name.clone(),
        nav: p.nav(),
        csrf: p.who.csrf_token().to_owned(),
        user_id,
        own: r.own,
        courses: r.training.iter().map(|c| course_line(tr, c)).collect(),
        teams: r.teams.iter().map(|t| team_part(tr, t)).collect(),
        may_record_training: r.may_record_training,
        kinds: TrainingKind::ALL
            .iter()
            .map(|k| (k.as_str(), training_label(tr, *k)))
            .collect(),
        typed,
        max_mb: rundt_domain::people::MAX_CERTIFICATE_BYTES / (1024 * 1024),
        errors,
    };
    Ok(p.render(status, &page))
}

/// A person's record.
pub async fn person_show(p: Page, PageId(id): PageId<UserId>) -> PageResult {
    render(
        &p,
        id,
        StatusCode::OK,
        TrainingTyped::default(),
        Errors::none(),
    )
    .await
}

/// Records a course with its certificate (a multipart form).
pub async fn record_training(
    p: Page,
    PageId(id): PageId<UserId>,
    upload: CsrfMultipart,
) -> PageResult {
    let f = Fields(upload.fields);
    let typed = TrainingTyped {
        kind: f.get("kind"),
        title: f.get("title"),
        provider: f.get("provider"),
        started_on: f.get("started_on"),
        finished_on: f.get("finished_on"),
        days: f.get("days"),
    };
    let mut problems: Vec<FieldError> = Vec::new();
    let kind = match typed.kind.parse::<TrainingKind>() {
        Ok(k) => Some(k),
        Err(e) => {
            problems.extend(form::field_errors(e));
            None
        }
    };
    let started_on = form::required_date(&typed.started_on, "started_on", &mut problems);
    let finished_on = form::required_date(&typed.finished_on, "finished_on", &mut problems);
    let days = match typed.days.parse::<u8>() {
        Ok(d) => Some(d),
        Err(_) => {
            problems.push(FieldError::new("days", msg!("training-days", max = 60)));
            None
        }
    };
    let read = match (kind, started_on, finished_on, days) {
        (Some(kind), Some(started_on), Some(finished_on), Some(days)) if problems.is_empty() => {
            Ok(NewTrainingRecord {
                kind,
                title: Some(typed.title.clone()).filter(|t| !t.is_empty()),
                provider: typed.provider.clone(),
                started_on,
                finished_on,
                days,
            })
        }
        _ => Err(AppError::Invalid(problems)),
    };
    let file = upload.file.map(|u| CertificateUpload {
        file_name: u.file_name,
        bytes: u.bytes,
    });
    let result = form::then(read, async |input| {
        people::record_training(p.app(), &p.actor(), id, &input, file).await
    })
    .await;
    let target = format!("/people/{id}#training");
    form::settle(&p, result, &target, |status, errors| {
        render(&p, id, status, typed, errors)
    })
    .await
}

/// A training record's certificate, as a file.
pub async fn certificate(p: Page, Path((user, record)): Path<(String, String)>) -> PageResult {
    let (user, record) = parse_id::<UserId>(&user)
        .and_then(|u| Ok((u, parse_id::<i64>(&record)?)))
        .on(&p)?;
    let (training, file) = people::certificate(p.app(), &p.actor(), record)
        .await
        .on(&p)?;
    if training.user_id != user {
        return Err(p.fail(AppError::NotFound(format!("certificate {record}"))));
    }
    let (content_type, extension) = match file.info.content_type {
        rundt_domain::people::CertificateType::Pdf => ("application/pdf", "pdf"),
        rundt_domain::people::CertificateType::Png => ("image/png", "png"),
        rundt_domain::people::CertificateType::Jpeg => ("image/jpeg", "jpg"),
    };
    Ok(crate::subject_copy_pdf::attachment(
        content_type,
        &format!("certificate-{record}.{extension}"),
        file.bytes,
    ))
}
