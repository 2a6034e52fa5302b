//! `/teams/{id}/people/{user_id}/plan`: a person's development plan — its
//! goals tied to the model's competences, actions and review date, its
//! reviews, the form to write the next version and the form to record a
//! review (for whoever writes the plan), and every earlier version.

use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use rundt_app::AppError;
use rundt_app::people::{self, PlanView};
use rundt_domain::id::{TeamId, UserId};
use rundt_domain::people::{
    Competence, DevelopmentGoal, DevelopmentPlan, MAX_GOALS, NewPlanReview, NewPlanVersion,
};
use rundt_domain::{Arg, FieldError};

use super::super::cases::day;
use super::super::form::{self, Errors, Fields};
use super::super::{Nav, OrPage, Page, PageContext, PageResult, parse_id};
use super::{competence_label, plan_line};
use crate::i18n::Tr;

/// A goal row of the form: (competence code, goal, actions).
type GoalRow = (String, String, String);

/// A version, as shown.
struct VersionLine {
    version: i64,
    written_on: String,
    review_on: String,
    goals: Vec<(&'static str, String, String)>,
}

/// What the reader typed in the forms.
#[derive(Default)]
struct Typed {
    goals: Vec<GoalRow>,
    review_on: String,
    reviewed_on: String,
    notes: String,
    next_review_on: String,
}

#[derive(Template)]
#[template(path = "people_plan.html")]
struct PlanPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    csrf: String,
    team_id: TeamId,
    user_id: UserId,
    team_name: String,
    current: Option<VersionLine>,
    /// (reviewed on, notes, next review).
    reviews: Vec<(String, String, String)>,
    due_line: String,
    overdue: bool,
    may_write: bool,
    version: Option<i64>,
    competences: Vec<(&'static str, &'static str)>,
    typed: Typed,
    errors: Errors,
    /// Earlier versions, newest first (only on the history page).
    history: Vec<VersionLine>,
    history_page: bool,
}

fn version_line(tr: Tr, p: &DevelopmentPlan) -> VersionLine {
    VersionLine {
        version: p.version,
        written_on: day(p.written_on),
        review_on: day(p.review_on),
        goals: p
            .goals
            .iter()
            .map(|g| {
                (
                    competence_label(tr, g.competence),
                    g.goal.clone(),
                    g.actions.clone(),
                )
            })
            .collect(),
    }
}

/// The form's rows: the plan's goals, then blank rows up to two more
/// (never above the maximum).
fn goal_rows(plan: Option<&DevelopmentPlan>) -> Vec<GoalRow> {
    let mut rows: Vec<GoalRow> = plan
        .map(|p| {
            p.goals
                .iter()
                .map(|g| {
                    (
                        g.competence.as_str().to_owned(),
                        g.goal.clone(),
                        g.actions.clone(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let blanks = (rows.len() + 2).min(MAX_GOALS) - rows.len().min(MAX_GOALS);
    rows.extend(std::iter::repeat_n(
        (String::new(), String::new(), String::new()),
        blanks,
    ));
    rows
}

async fn render(
    p: &Page,
    team_id: TeamId,
    user_id: UserId,
    status: StatusCode,
    typed: Option<Typed>,
    errors: Errors,
    history_page: bool,
) -> PageResult {
    let tr = p.tr;
    let v: PlanView = people::plan_view(p.app(), &p.actor(), team_id, user_id)
        .await
        .on(p)?;
    let current = v.versions.last();
    let (due_line, overdue) = plan_line(tr, v.due);
    let mut typed = typed.unwrap_or_else(|| Typed {
        review_on: current.map(|c| day(c.review_on)).unwrap_or_default(),
        ..Typed::default()
    });
    if typed.goals.is_empty() {
        typed.goals = goal_rows(current);
    }
    let page = PlanPage {
        tr,
        title: tr.args("people_plan_title", &[("name", Arg::from(v.name.as_str()))]),
        nav: p.nav(),
        csrf: p.who.csrf_token().to_owned(),
        team_id,
        user_id,
        team_name: v.team_name.clone(),
        current: current.map(|c| version_line(tr, c)),
        reviews: current
            .map(|c| {
                c.reviews
                    .iter()
                    .rev()
                    .map(|r| (day(r.reviewed_on), r.notes.clone(), day(r.next_review_on)))
                    .collect()
            })
            .unwrap_or_default(),
        due_line,
        overdue,
        may_write: v.may_write && !history_page,
        version: current.map(|c| c.version),
        competences: Competence::ALL
            .iter()
            .map(|c| (c.as_str(), competence_label(tr, *c)))
            .collect(),
        typed,
        errors,
        history: if history_page {
            v.versions
                .iter()
                .rev()
                .map(|c| version_line(tr, c))
                .collect()
        } else {
            Vec::new()
        },
        history_page,
    };
    Ok(p.render(status, &page))
}

fn ids(p: &Page, team: &str, user: &str) -> Result<(TeamId, UserId), super::super::PageError> {
    parse_id::<TeamId>(team)
        .and_then(|t| Ok((t, parse_id::<UserId>(user)?)))
        .on(p)
}

/// The plan page.
pub async fn plan_form(p: Page, Path((team, user)): Path<(String, String)>) -> PageResult {
    let (team, user) = ids(&p, &team, &user)?;
    render(&p, team, user, StatusCode::OK, None, Errors::none(), false).await
}

/// Every version of the plan.
pub async fn plan_versions(p: Page, Path((team, user)): Path<(String, String)>) -> PageResult {
    let (team, user) = ids(&p, &team, &user)?;
    render(&p, team, user, StatusCode::OK, None, Errors::none(), true).await
}

/// Writes the plan's next version.
pub async fn save_plan(
    p: Page,
    Path((team, user)): Path<(String, String)>,
    f: Fields,
) -> PageResult {
    let (team, user) = ids(&p, &team, &user)?;
    let version = f.version();
    let rows = f.rows("goals", MAX_GOALS);
    let goals: Vec<GoalRow> = (0..rows)
        .map(|i| {
            (
                f.get(&format!("goals[{i}].competence")),
                f.text(&format!("goals[{i}].goal")),
                f.text(&format!("goals[{i}].actions")),
            )
        })
        .collect();
    let typed = Typed {
        goals: goals.clone(),
        review_on: f.get("review_on"),
        ..Typed::default()
    };
    let mut problems: Vec<FieldError> = Vec::new();
    let mut plan_goals = Vec::new();
    // Rows left wholly blank are not goals.
    for (i, (competence, goal, actions)) in goals.iter().enumerate() {
        if competence.is_empty() && goal.trim().is_empty() && actions.trim().is_empty() {
            continue;
        }
        match competence.parse::<Competence>() {
            Ok(competence) => plan_goals.push(DevelopmentGoal {
                competence,
                goal: goal.clone(),
                actions: actions.clone(),
            }),
            Err(e) => problems.extend(
                form::field_errors(e)
                    .into_iter()
                    .map(|fe| FieldError::new(format!("goals[{i}].competence"), fe.message)),
            ),
        }
    }
    let review_on = form::required_date(&typed.review_on, "review_on", &mut problems);
    let read = match review_on {
        Some(review_on) if problems.is_empty() => Ok(NewPlanVersion {
            goals: plan_goals,
            review_on,
        }),
        _ => Err(AppError::Invalid(problems)),
    };
    let result = form::then(read, async |input| {
        people::save_plan(p.app(), &p.actor(), team, user, version, &input).await
    })
    .await;
    let target = format!("/teams/{team}/people/{user}/plan");
    form::settle(&p, result, &target, |status, errors| {
        render(&p, team, user, status, Some(typed), errors, false)
    })
    .await
}

/// Records a review of the plan.
pub async fn review_plan(
    p: Page,
    Path((team, user)): Path<(String, String)>,
    f: Fields,
) -> PageResult {
    let (team, user) = ids(&p, &team, &user)?;
    let typed = Typed {
        reviewed_on: f.get("reviewed_on"),
        notes: f.text("notes"),
        next_review_on: f.get("next_review_on"),
        ..Typed::default()
    };
    let mut problems: Vec<FieldError> = Vec::new();
    let reviewed_on = form::required_date(&typed.reviewed_on, "reviewed_on", &mut problems);
    let next_review_on =
        form::required_date(&typed.next_review_on, "next_review_on", &mut problems);
    let read = match (reviewed_on, next_review_on) {
        (Some(reviewed_on), Some(next_review_on)) if problems.is_empty() => Ok(NewPlanReview {
            reviewed_on,
            notes: typed.notes.clone(),
            next_review_on,
        }),
        _ => Err(AppError::Invalid(problems)),
    };
    let result = form::then(read, async |input| {
        people::review_plan(p.app(), &p.actor(), team, user, &input).await
    })
    .await;
    let target = format!("/teams/{team}/people/{user}/plan#reviews");
    form::settle(&p, result, &target, |status, errors| {
        render(&p, team, user, status, Some(typed), errors, false)
    })
    .await
}
