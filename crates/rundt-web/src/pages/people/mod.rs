//! The people pages (issue 15): a team's people with their flags and its
//! boosters, one person's training record and development plans, the
//! national office's and the municipal manager's overview of the teams'
//! figures, and the reminders on the start and team pages.

mod overview;
mod person;
mod plan;
mod team;

pub use overview::overview;
pub use person::{certificate, person_show, record_training};
pub use plan::{plan_form, plan_versions, review_plan, save_plan};
pub use team::{add_booster, exception, hold_booster, team_show};

use rundt_app::organisation::TeamAtHand;
use rundt_app::people::{self, PeopleReminder};
use rundt_domain::Arg;
use rundt_domain::people::{
    AbsenceReason, Competence, MeetingKind, PlanDue, TeamPeopleFigures, TrainingKind,
};

use super::cases::day;
use super::{OrPage, Page, PageError};
use crate::i18n::Tr;

pub use crate::auth::UPLOAD_BODY_LIMIT;

/// A reminder as a page says it: what, where to act, and whether it is
/// overdue.
pub struct ReminderLine {
    pub text: String,
    pub href: String,
    pub overdue: bool,
}

pub(crate) fn training_label(tr: Tr, kind: TrainingKind) -> &'static str {
    tr.t(&format!("training_{}", kind.as_str()))
}

pub(crate) fn meeting_label(tr: Tr, kind: MeetingKind) -> &'static str {
    tr.t(&format!("kind_{}", kind.as_str()))
}

pub(crate) fn absence_label(tr: Tr, reason: AbsenceReason) -> &'static str {
    tr.t(&format!("absence_{}", reason.as_str()))
}

pub(crate) fn competence_label(tr: Tr, c: Competence) -> &'static str {
    tr.t(&format!("competence_{}", c.as_str()))
}

/// A percentage with one decimal in the reader's notation, or a dash.
pub(crate) fn percent(tr: Tr, value: Option<f64>) -> String {
    match value {
        Some(v) => tr.args("people_percent", &[("value", Arg::decimal(v, 1))]),
        None => "–".to_owned(),
    }
}

/// Where a plan's review stands, as shown, and whether it is flagged: no
/// plan, overdue, or due on a day.
pub(crate) fn plan_line(tr: Tr, due: Option<PlanDue>) -> (String, bool) {
    match due {
        None => (tr.t("people_plan_none").to_owned(), true),
        Some(d) => {
            let key = if d.overdue {
                "people_plan_overdue"
            } else {
                "people_plan_due"
            };
            (
                tr.args(key, &[("due", Arg::from(day(d.due_on)))]),
                d.overdue,
            )
        }
    }
}

/// "2 af 12 uger uden": weeks without a meeting of the counted ones.
pub(crate) fn weeks_text(tr: Tr, missed: u32, counted: u32) -> String {
    tr.args(
        "people_weeks_missed",
        &[("missed", Arg::from(missed)), ("weeks", Arg::from(counted))],
    )
}

/// A person's boosters as shown: "3 af 4", or just the count when their
/// time in the team asks for none yet.
pub(crate) fn boosters_text(tr: Tr, attended: u32, expected: u32) -> String {
    if expected == 0 {
        return attended.to_string();
    }
    tr.args(
        "people_of_total",
        &[
            ("count", Arg::from(attended)),
            ("total", Arg::from(expected)),
        ],
    )
}

/// The figures as the pages show them, row by row: (label, value, flagged).
pub(crate) fn figure_rows(tr: Tr, f: &TeamPeopleFigures) -> Vec<(&'static str, String, bool)> {
    let training = tr.args(
        "people_of_total",
        &[
            ("count", Arg::from(f.initial_training_complete)),
            ("total", Arg::from(f.people)),
        ],
    );
    let boosters = tr.args(
        "people_of_total",
        &[
            ("count", Arg::from(f.boosters.held)),
            ("total", Arg::from(f.boosters.expected)),
        ],
    );
    let cam = match f.cam.mean {
        Some(mean) => tr.args(
            "people_cam_mean",
            &[
                ("mean", Arg::decimal(mean, 2)),
                ("count", Arg::from(f.cam.ratings)),
            ],
        ),
        None => tr.args("people_cam_hidden", &[("count", Arg::from(f.cam.ratings))]),
    };
    let turnover = f
        .turnover
        .iter()
        .rev()
        .take(3)
        .map(|y| {
            tr.args(
                "people_turnover_year",
                &[
                    ("year", Arg::from(y.year)),
                    ("joined", Arg::from(y.joined)),
                    ("left", Arg::from(y.left)),
                ],
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    vec![
        (
            "people_training_coverage",
            format!("{training} ({})", percent(tr, f.training_coverage_percent)),
            f.initial_training_complete < f.people,
        ),
        (
            "people_supervision_attendance",
            percent(tr, f.supervision_attendance_percent),
            false,
        ),
        (
            "people_consultation_attendance",
            percent(tr, f.consultation_attendance_percent),
            false,
        ),
        ("people_boosters_held", boosters, f.boosters.flagged),
        (
            "people_plans_overdue",
            f.plans_overdue.to_string(),
            f.plans_overdue > 0,
        ),
        (
            "people_plans_missing",
            f.plans_missing.to_string(),
            f.plans_missing > 0,
        ),
        ("people_cam", cam, false),
        ("people_turnover", turnover, false),
    ]
}

/// How a page says one reminder.
pub(crate) fn reminder_line(tr: Tr, r: &PeopleReminder) -> ReminderLine {
    match r {
        PeopleReminder::TrainingMissing {
            user_id,
            name,
            missing,
            ..
        } => ReminderLine {
            text: tr.args(
                "people_reminder_training",
                &[
                    ("name", Arg::from(name.as_str())),
                    (
                        "missing",
                        Arg::from(
                            missing
                                .iter()
                                .map(|k| training_label(tr, *k))
                                .collect::<Vec<_>>()
                                .join(", "),
                        ),
                    ),
                ],
            ),
            href: format!("/people/{user_id}#training"),
            overdue: true,
        },
        PeopleReminder::MeetingsMissed {
            user_id,
            name,
            meeting,
            weeks_missed,
            weeks_counted,
            ..
        } => ReminderLine {
            text: tr.args(
                "people_reminder_meetings",
                &[
                    ("name", Arg::from(name.as_str())),
                    ("meeting", Arg::from(meeting_label(tr, *meeting))),
                    ("missed", Arg::from(*weeks_missed)),
                    ("weeks", Arg::from(*weeks_counted)),
                ],
            ),
            href: format!("/people/{user_id}#meetings"),
            overdue: true,
        },
        PeopleReminder::PersonBoosters {
            user_id,
            name,
            attended,
            expected,
            ..
        } => ReminderLine {
            text: tr.args(
                "people_reminder_person_boosters",
                &[
                    ("name", Arg::from(name.as_str())),
                    ("attended", Arg::from(*attended)),
                    ("expected", Arg::from(*expected)),
                ],
            ),
            href: format!("/people/{user_id}#boosters"),
            overdue: false,
        },
        PeopleReminder::TeamBoosters {
            team_id,
            team_name,
            held,
            expected,
        } => ReminderLine {
            text: tr.args(
                "people_reminder_team_boosters",
                &[
                    ("team", Arg::from(team_name.as_str())),
                    ("held", Arg::from(*held)),
                    ("expected", Arg::from(*expected)),
                ],
            ),
            href: format!("/teams/{team_id}/people#boosters"),
            overdue: true,
        },
        PeopleReminder::PlanMissing {
            team_id,
            user_id,
            name,
        } => ReminderLine {
            text: tr.args(
                "people_reminder_plan_missing",
                &[("name", Arg::from(name.as_str()))],
            ),
            href: format!("/teams/{team_id}/people/{user_id}/plan"),
            overdue: false,
        },
        PeopleReminder::PlanReview {
            team_id,
            user_id,
            name,
            due_on,
            overdue,
        } => ReminderLine {
            text: tr.args(
                if *overdue {
                    "people_reminder_plan_overdue"
                } else {
                    "people_reminder_plan_soon"
                },
                &[
                    ("name", Arg::from(name.as_str())),
                    ("due", Arg::from(day(*due_on))),
                ],
            ),
            href: format!("/teams/{team_id}/people/{user_id}/plan#review"),
            overdue: *overdue,
        },
        PeopleReminder::ConsultantRating {
            team_id,
            team_name,
            due_on,
            overdue,
        } => ReminderLine {
            text: tr.args(
                if *overdue {
                    "people_reminder_cam_overdue"
                } else {
                    "people_reminder_cam_soon"
                },
                &[
                    ("team", Arg::from(team_name.as_str())),
                    ("due", Arg::from(day(*due_on))),
                ],
            ),
            href: format!("/teams/{team_id}/consultant-rating"),
            overdue: *overdue,
        },
    }
}

/// The reminders of one team (its page), for its supervisor and
/// consultant.
pub(crate) async fn team_reminder_lines(
    p: &Page,
    team: &TeamAtHand,
) -> Result<Vec<ReminderLine>, PageError> {
    let reminders = people::team_reminders_for(p.app(), &p.actor(), team)
        .await
        .on(p)?;
    Ok(reminders.iter().map(|r| reminder_line(p.tr, r)).collect())
}
