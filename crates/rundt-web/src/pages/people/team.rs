//! `/teams/{id}/people`: the team's people figures for everyone who may
//! see them; for the supervisor and consultant also each person's flags,
//! the boosters (with the forms to plan one and record one held) and the
//! exceptions to the initial training (with the supervisor's form).

use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use rundt_app::AppError;
use rundt_app::people::{self, TeamPeople};
use rundt_domain::FieldError;
use rundt_domain::country::programme_date;
use rundt_domain::id::{TeamId, UserId};
use rundt_domain::msg;
use rundt_domain::people::{Booster, HoldBooster, NewBooster, PersonFlags};

use super::super::cases::day;
use super::super::form::{self, Errors, Fields};
use super::super::{Nav, OrPage, Page, PageContext, PageId, PageResult, parse_id};
use super::{
    ReminderLine, boosters_text, figure_rows, plan_line, reminder_line, training_label, weeks_text,
};
use crate::i18n::Tr;

/// A person's row, as shown.
struct PersonLine {
    id: UserId,
    name: String,
    position: &'static str,
    training: String,
    training_flag: bool,
    supervision: String,
    supervision_flag: bool,
    consultation: String,
    consultation_flag: bool,
    boosters: String,
    boosters_flag: bool,
    plan: String,
    plan_flag: bool,
}

/// A booster, as shown.
struct BoosterLine {
    id: i64,
    version: i64,
    planned_on: String,
    held_on: String,
    topic: String,
    trainer: String,
    attendees: String,
    held: bool,
}

/// What the reader typed in the booster form.
#[derive(Default)]
struct BoosterTyped {
    planned_on: String,
    topic: String,
    trainer: String,
    held_on: String,
    attendees: Vec<String>,
}

#[derive(Template)]
#[template(path = "people_team.html")]
struct TeamPeoplePage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    csrf: String,
    team_id: TeamId,
    team_name: String,
    figures: Vec<(&'static str, String, bool)>,
    detail: bool,
    people: Vec<PersonLine>,
    reminders: Vec<ReminderLine>,
    boosters: Vec<BoosterLine>,
    /// (id, name) of the people in the team today.
    members: Vec<(UserId, String)>,
    /// (id, name) of those an exception could be recorded for.
    untrained: Vec<(UserId, String)>,
    /// (name, reason, day) of the exceptions recorded.
    exceptions: Vec<(String, String, String)>,
    may_manage_boosters: bool,
    may_record_exception: bool,
    booster: BoosterTyped,
    exception_reason: String,
    errors: Errors,
}

fn person_line(tr: Tr, row: &people::TeamPersonRow) -> PersonLine {
    let f: &PersonFlags = &row.flags;
    let training_flag = !f.initial_training.complete() && !f.training_exception;
    let training = if f.initial_training.complete() {
        tr.t("people_training_complete").to_owned()
    } else if f.training_exception {
        tr.t("people_training_exception").to_owned()
    } else {
        f.initial_training
            .missing
            .iter()
            .map(|k| training_label(tr, *k))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (plan, plan_flag) = plan_line(tr, f.plan);
    PersonLine {
        id: row.user_id,
        name: row.name.clone(),
        position: tr.t(f.span.position.as_str()),
        training,
        training_flag,
        supervision: weeks_text(tr, f.supervision.weeks_missed, f.supervision.weeks_counted),
        supervision_flag: f.supervision.flagged,
        consultation: weeks_text(
            tr,
            f.consultation.weeks_missed,
            f.consultation.weeks_counted,
        ),
        consultation_flag: f.consultation.flagged,
        boosters: boosters_text(tr, f.boosters.attended, f.boosters.expected),
        boosters_flag: f.boosters.flagged,
        plan,
        plan_flag,
    }
}

fn booster_line(b: &Booster, names: &[(UserId, String)]) -> BoosterLine {
    BoosterLine {
        id: b.id,
        version: b.version,
        planned_on: day(b.planned_on),
        held_on: b.held_on.map(day).unwrap_or_default(),
        topic: b.topic.clone(),
        trainer: b.trainer.clone(),
        attendees: b
            .attendees
            .iter()
            .map(|id| {
                names
                    .iter()
                    .find(|(u, _)| u == id)
                    .map_or_else(|| id.to_string(), |(_, n)| n.clone())
            })
            .collect::<Vec<_>>()
            .join(", "),
        held: b.held_on.is_some(),
    }
}

async fn render(
    p: &Page,
    id: TeamId,
    status: StatusCode,
    booster: BoosterTyped,
    exception_reason: String,
    errors: Errors,
) -> PageResult {
    let tr = p.tr;
    let t: TeamPeople = people::team_people(p.app(), &p.actor(), id).await.on(p)?;
    let detail = t.people.is_some();
    let members: Vec<(UserId, String)> = t
        .members
        .iter()
        .map(|m| (m.user_id, m.name.clone()))
        .collect();
    let rows = t.people.clone().unwrap_or_default();
    let untrained = rows
        .iter()
        .filter(|r| !r.flags.initial_training.complete() && !r.flags.training_exception)
        .map(|r| (r.user_id, r.name.clone()))
        .collect();
    let name_of = |u: UserId| {
        rows.iter()
            .find(|r| r.user_id == u)
            .map_or_else(|| u.to_string(), |r| r.name.clone())
    };
    let reminders = t.reminders.iter().map(|r| reminder_line(tr, r)).collect();
    let page = TeamPeoplePage {
        tr,
        title: tr.args(
            "people_team_title",
            &[("team", rundt_domain::Arg::from(t.team_name.as_str()))],
        ),
        nav: p.nav(),
        csrf: p.who.csrf_token().to_owned(),
        team_id: id,
        team_name: t.team_name.clone(),
        figures: figure_rows(tr, &t.figures),
        detail,
        people: rows.iter().map(|r| person_line(tr, r)).collect(),
        reminders,
        boosters: t
            .boosters
            .iter()
            .rev()
            .map(|b| booster_line(b, &members))
            .collect(),
        untrained,
        exceptions: t
            .exceptions
            .iter()
            .map(|e| {
                (
                    name_of(e.user_id),
                    e.reason.clone(),
                    day(programme_date(e.recorded_at)),
                )
            })
            .collect(),
        members,
        may_manage_boosters: t.may_manage_boosters,
        may_record_exception: t.may_record_exception,
        booster,
        exception_reason,
        errors,
    };
    Ok(p.render(status, &page))
}

/// The team's people page.
pub async fn team_show(p: Page, PageId(id): PageId<TeamId>) -> PageResult {
    render(
        &p,
        id,
        StatusCode::OK,
        BoosterTyped::default(),
        String::new(),
        Errors::none(),
    )
    .await
}

/// The attendees ticked in a form, as ids.
fn ticked(f: &Fields, problems: &mut Vec<FieldError>) -> Vec<UserId> {
    let mut out = Vec::new();
    for raw in f.all("attendee") {
        match raw.parse::<UserId>() {
            Ok(id) => out.push(id),
            Err(_) => problems.push(FieldError::new("attendees", msg!("attendance-not-member"))),
        }
    }
    out
}

/// Plans a booster, or records one held.
pub async fn add_booster(p: Page, PageId(id): PageId<TeamId>, f: Fields) -> PageResult {
    let typed = BoosterTyped {
        planned_on: f.get("planned_on"),
        topic: f.get("topic"),
        trainer: f.get("trainer"),
        held_on: f.get("held_on"),
        attendees: f.all("attendee"),
    };
    let mut problems = Vec::new();
    let planned_on = form::date(
        &typed.planned_on,
        "planned_on",
        &mut problems,
        msg!("bad_date"),
    );
    let held_on = form::date(&typed.held_on, "held_on", &mut problems, msg!("bad_date"));
    let attendees = ticked(&f, &mut problems);
    if typed.planned_on.is_empty() && typed.held_on.is_empty() {
        problems.push(FieldError::new("planned_on", msg!("required")));
    }
    let read = match planned_on.or(held_on) {
        Some(planned_on) if problems.is_empty() => Ok(NewBooster {
            planned_on,
            topic: typed.topic.clone(),
            trainer: typed.trainer.clone(),
            held_on,
            attendees,
        }),
        _ => Err(AppError::Invalid(problems)),
    };
    let result = form::then(read, async |input| {
        people::add_booster(p.app(), &p.actor(), id, &input).await
    })
    .await;
    let target = format!("/teams/{id}/people#boosters");
    form::settle(&p, result, &target, |status, errors| {
        render(&p, id, status, typed, String::new(), errors)
    })
    .await
}

/// Records a planned booster as held.
pub async fn hold_booster(
    p: Page,
    Path((id, booster)): Path<(String, String)>,
    f: Fields,
) -> PageResult {
    let (id, booster) = parse_id::<TeamId>(&id)
        .and_then(|id| Ok((id, parse_id::<i64>(&booster)?)))
        .on(&p)?;
    let version = f.required_version().on(&p)?;
    let mut problems = Vec::new();
    let held_on = form::required_date(&f.get("held_on"), "held_on", &mut problems);
    let attendees = ticked(&f, &mut problems);
    let read = match held_on {
        Some(held_on) if problems.is_empty() => Ok(HoldBooster { held_on, attendees }),
        _ => Err(AppError::Invalid(problems)),
    };
    let result = form::then(read, async |input| {
        people::hold_booster(p.app(), &p.actor(), booster, version, &input).await
    })
    .await;
    let target = format!("/teams/{id}/people#boosters");
    form::settle(&p, result, &target, |status, errors| {
        render(
            &p,
            id,
            status,
            BoosterTyped::default(),
            String::new(),
            errors,
        )
    })
    .await
}

/// The supervisor records an exception to the initial training.
pub async fn exception(p: Page, Path((id, user)): Path<(String, String)>, f: Fields) -> PageResult {
    let (id, user) = parse_id::<TeamId>(&id)
        .and_then(|id| Ok((id, parse_id::<UserId>(&user)?)))
        .on(&p)?;
    let reason = f.text("reason");
    let result = people::record_training_exception(p.app(), &p.actor(), id, user, &reason).await;
    let target = format!("/teams/{id}/people#exceptions");
    form::settle(&p, result, &target, |status, errors| {
        render(
            &p,
            id,
            status,
            BoosterTyped::default(),
            reason.clone(),
            errors,
        )
    })
    .await
}
