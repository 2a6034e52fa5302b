//! The start page: what needs the person today, by role (see
//! `rundt_app::start`). Managers go on to their results; the national
//! office and consultants start on the teams.

use askama::Template;
use axum::response::{IntoResponse, Redirect};
use chrono::NaiveDate;
use rundt_app::start::{self, FamilyLine, Start};
use rundt_app::treatment::OverdueSummary;
use rundt_domain::Arg;
use rundt_domain::id::CaseId;

use super::cases::day;
use super::{Nav, OrPage, Page, PageContext, PageResult};
use crate::i18n::Tr;

/// One thing to do: a link and what it is about.
struct Item {
    href: String,
    label: String,
    detail: String,
    /// Late: shown as a warning.
    late: bool,
}

/// A list of things of one kind, with what to say when there are none.
struct Section {
    id: String,
    title: String,
    empty: String,
    items: Vec<Item>,
}

/// A heading (a team's name) and its sections.
struct Group {
    title: Option<String>,
    sections: Vec<Section>,
}

#[derive(Template)]
#[template(path = "start.html")]
struct StartPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    intro: String,
    /// The reader is on call now: their shift, on the team's clock.
    on_duty: String,
    /// New since last time: each notice once (issue 18).
    notices: Vec<Item>,
    /// How many unseen notices wait beyond those, in words (empty for none).
    more_notices: String,
    groups: Vec<Group>,
}

/// Referrals older than this many days are shown as late.
const LATE_REFERRAL_DAYS: i64 = 5;
/// A wait from referral longer than this many days is shown as late.
const LATE_WAIT_DAYS: i64 = 30;

fn family(tr: Tr, l: &FamilyLine, detail: String, late: bool) -> Item {
    Item {
        href: case_href(l.case_id),
        label: format!("{} {}", tr.t("family"), l.case_id),
        detail,
        late,
    }
}

fn since(tr: Tr, key: &str, l: &FamilyLine) -> String {
    match (l.since, l.days) {
        (Some(d), Some(n)) => tr.args(key, &[("date", Arg::from(day(d))), ("days", Arg::from(n))]),
        _ => String::new(),
    }
}

fn section(tr: Tr, id: &str, items: Vec<Item>) -> Section {
    Section {
        id: id.to_owned(),
        title: tr.t(&format!("start_{id}")).to_owned(),
        empty: tr.t(&format!("start_{id}_none")).to_owned(),
        items,
    }
}

fn lines(tr: Tr, lines: &[FamilyLine], key: &str, late_after: i64) -> Vec<Item> {
    lines
        .iter()
        .map(|l| {
            let mut detail = since(tr, key, l);
            if let Some(by) = l.acknowledge_by {
                let key = if l.acknowledgement_overdue {
                    "acknowledgement_overdue"
                } else {
                    "acknowledgement_awaited"
                };
                detail = format!(
                    "{} · {detail}",
                    tr.args(key, &[("date", Arg::from(day(by)))])
                );
            }
            if let Some(position) = l.position {
                let start = match l.expected_start {
                    Some(d) => tr.args("start_expected_start", &[("date", Arg::from(day(d)))]),
                    None => tr.t("start_expected_start_unknown").to_owned(),
                };
                detail = format!(
                    "{} · {} · {detail}",
                    tr.args("start_queue_position", &[("n", Arg::from(position))]),
                    start
                );
            }
            let late = l.acknowledgement_overdue || l.days.is_some_and(|d| d > late_after);
            family(tr, l, detail, late)
        })
        .collect()
}

/// A family's link with a dated detail (`key` takes `$date`).
fn dated(tr: Tr, href: String, case: CaseId, key: &str, date: NaiveDate, late: bool) -> Item {
    Item {
        href,
        label: format!("{} {}", tr.t("family"), case),
        detail: tr.args(key, &[("date", Arg::from(day(date)))]),
        late,
    }
}

/// Last week's missing summaries, linked to `href` of each case.
fn missing(tr: Tr, list: &[OverdueSummary], href: impl Fn(CaseId) -> String) -> Vec<Item> {
    list.iter()
        .map(|o| {
            dated(
                tr,
                href(o.case_id),
                o.case_id,
                "start_week_of",
                o.week_start,
                true,
            )
        })
        .collect()
}

/// Where a family's safety work stands, in a line.
fn safety_detail(tr: Tr, s: &rundt_app::safety::SafetyStatus) -> String {
    let mut parts = Vec::new();
    match (s.plan_version, s.plan_agreed_on) {
        (Some(v), Some(on)) => parts.push(tr.args(
            "safety_plan_version_agreed",
            &[("version", Arg::from(v)), ("date", Arg::from(day(on)))],
        )),
        _ => parts.push(tr.t("safety_plan_none").to_owned()),
    }
    if s.plan_overdue {
        parts.push(tr.t("safety_plan_overdue_short").to_owned());
    }
    if s.flagged_incidents > 0 {
        parts.push(tr.args(
            "incidents_not_notified",
            &[("n", Arg::from(s.flagged_incidents))],
        ));
    } else if s.incidents > 0 {
        parts.push(tr.args("incidents_count", &[("n", Arg::from(s.incidents))]));
    }
    parts.join(" · ")
}

/// The therapist's families with crisis contacts logged by someone else
/// that they have not opened: first on the page, and only when there are.
fn crisis_unread(tr: Tr, unread: &[rundt_app::crisis_contact::UnreadContacts]) -> Option<Section> {
    (!unread.is_empty()).then(|| {
        section(
            tr,
            "crisis_unread",
            unread
                .iter()
                .map(|u| Item {
                    href: format!("/cases/{}/crisis-contacts", u.case_id),
                    label: format!("{} {}", tr.t("family"), u.case_id),
                    detail: tr.args("crisis_unread_n", &[("n", Arg::from(u.unread))]),
                    late: true,
                })
                .collect(),
        )
    })
}

/// The people reminders of one team (or all), as a section.
fn people_section(
    tr: Tr,
    reminders: &[rundt_app::people::PeopleReminder],
    team: Option<rundt_domain::id::TeamId>,
) -> Section {
    section(
        tr,
        "people",
        reminders
            .iter()
            .filter(|r| team.is_none_or(|t| r.team_id() == t))
            .map(|r| {
                let line = super::people::reminder_line(tr, r);
                Item {
                    href: line.href,
                    label: line.text,
                    detail: String::new(),
                    late: line.overdue,
                }
            })
            .collect(),
    )
}

/// A consultant's start: each of their teams with its people reminders.
async fn consultant_groups(
    p: &Page,
    reminders: &[rundt_app::people::PeopleReminder],
) -> Result<Vec<Group>, super::PageError> {
    let tr = p.tr;
    let mut groups = Vec::new();
    for team_id in &p.who.principal.team_ids {
        let team = rundt_app::organisation::team_overview(p.app(), &p.actor(), *team_id)
            .await
            .on(p)?;
        let link = Item {
            href: format!("/teams/{team_id}"),
            label: team.name.clone(),
            detail: tr.t("start_open_team").to_owned(),
            late: false,
        };
        groups.push(Group {
            title: Some(team.name.clone()),
            sections: vec![
                people_section(tr, reminders, Some(*team_id)),
                section(tr, "team", vec![link]),
            ],
        });
    }
    Ok(groups)
}

fn case_href(id: CaseId) -> String {
    format!("/cases/{id}")
}

pub async fn show(p: Page) -> PageResult {
    let tr = p.tr;
    let start = start::start(p.app(), &p.actor()).await.on(&p)?;
    let oncall = rundt_app::oncall::my_teams_notices(p.app(), &p.actor())
        .await
        .on(&p)?;
    let unread = rundt_app::crisis_contact::unread_for(p.app(), &p.actor())
        .await
        .on(&p)?;
    let on_duty = rundt_app::on_call_now::on_duty(p.app(), &p.actor())
        .await
        .on(&p)?
        .map(|(s, country)| {
            format!(
                "{} – {}",
                country.local_time(s.starts_at),
                country.local_time(s.ends_at)
            )
        })
        .unwrap_or_default();
    let reminders = rundt_app::people::people_reminders(p.app(), &p.actor())
        .await
        .on(&p)?;
    let groups = match start {
        Start::Results => return Ok(Redirect::to("/results").into_response()),
        Start::Teams if p.who.principal.role == rundt_domain::user::Role::Consultant => {
            consultant_groups(&p, &reminders).await?
        }
        Start::Teams => return super::teams::list(p).await,
        Start::Supervisor { teams } => teams
            .iter()
            .map(|t| Group {
                title: Some(t.team_name.clone()),
                sections: vec![
                    section(
                        tr,
                        "new_referrals",
                        lines(
                            tr,
                            &t.new_referrals,
                            "start_referred_since",
                            LATE_REFERRAL_DAYS,
                        ),
                    ),
                    section(
                        tr,
                        "waiting",
                        lines(tr, &t.waiting, "start_waiting_since", LATE_WAIT_DAYS),
                    ),
                    section(
                        tr,
                        "missing_summaries",
                        missing(tr, &t.missing_summaries, case_href),
                    ),
                    section(
                        tr,
                        "interviews_due",
                        t.interviews_due
                            .iter()
                            .map(|i| {
                                dated(
                                    tr,
                                    case_href(i.case_id),
                                    i.case_id,
                                    "start_due",
                                    i.due,
                                    i.overdue,
                                )
                            })
                            .collect(),
                    ),
                    section(
                        tr,
                        "oncall",
                        oncall
                            .iter()
                            .filter(|o| o.team_id == t.team_id)
                            .flat_map(|o| o.notices.iter())
                            .map(|m| Item {
                                href: format!("/teams/{}/oncall", t.team_id),
                                label: tr.message(m),
                                detail: String::new(),
                                late: true,
                            })
                            .collect(),
                    ),
                    people_section(tr, &reminders, Some(t.team_id)),
                    section(
                        tr,
                        "room",
                        t.room
                            .iter()
                            .map(|r| Item {
                                href: format!("/teams/{}", t.team_id),
                                label: r.name.clone(),
                                detail: tr
                                    .args("families_count", &[("n", Arg::from(r.open_families))]),
                                late: false,
                            })
                            .collect(),
                    ),
                ],
            })
            .collect(),
        Start::Therapist(week) => vec![Group {
            title: Some(tr.args("start_week", &[("date", Arg::from(day(week.week_start)))])),
            sections: crisis_unread(tr, &unread)
                .into_iter()
                .chain([
                    section(
                        tr,
                        "missing_summaries",
                        missing(tr, &week.missing_summaries, |id| {
                            format!("/cases/{id}/weekly-summaries/new")
                        }),
                    ),
                    section(
                        tr,
                        "my_families",
                        lines(tr, &week.families, "start_in_treatment_since", i64::MAX),
                    ),
                    people_section(tr, &reminders, None),
                ])
                .collect(),
        }],
        Start::Caseworker(desk) => vec![Group {
            title: None,
            sections: vec![
                section(
                    tr,
                    "my_referrals",
                    lines(
                        tr,
                        &desk.referred,
                        "start_referred_since",
                        LATE_REFERRAL_DAYS,
                    ),
                ),
                section(
                    tr,
                    "waiting",
                    lines(tr, &desk.waiting, "start_waiting_since", LATE_WAIT_DAYS),
                ),
                section(
                    tr,
                    "in_treatment",
                    lines(tr, &desk.in_treatment, "start_in_treatment_since", i64::MAX),
                ),
            ],
        }],
        Start::Safety { teams } => teams
            .iter()
            .map(|t| Group {
                title: Some(t.team_name.clone()),
                sections: vec![section(
                    tr,
                    "safety_plans",
                    t.families
                        .iter()
                        .map(|f| Item {
                            href: format!("/cases/{}/safety", f.case_id),
                            label: format!(
                                "{} {} · {}",
                                tr.t("family"),
                                f.case_id,
                                f.children.join(", ")
                            ),
                            detail: safety_detail(tr, &f.status),
                            late: f.status.needs_attention(),
                        })
                        .collect(),
                )],
            })
            .collect(),
        Start::Consultations { requests } => vec![Group {
            title: None,
            sections: vec![section(
                tr,
                "consultations",
                requests
                    .iter()
                    .map(|r| Item {
                        href: format!("/cases/{}#consultations", r.case_id),
                        label: format!("{} {}", tr.t("family"), r.case_id),
                        detail: format!(
                            "{} · {}",
                            tr.args(
                                "consultation_asked_on",
                                &[(
                                    "date",
                                    Arg::from(p.who.principal.country.local_time(r.requested_at))
                                )]
                            ),
                            tr.t(if r.answered {
                                "consultation_answered"
                            } else {
                                "consultation_awaiting_answer"
                            })
                        ),
                        late: !r.answered,
                    })
                    .collect(),
            )],
        }],
        Start::Auditor { break_glass, .. } => vec![Group {
            title: None,
            sections: vec![section(
                tr,
                "break_glass",
                break_glass
                    .iter()
                    .map(|g| Item {
                        href: format!("/audit?case={}", g.case_id),
                        label: format!("{} {} · {}", tr.t("family"), g.case_id, g.user_name),
                        detail: format!(
                            "{} · {}",
                            p.who.principal.country.local_time(g.granted_at),
                            g.reason
                        ),
                        late: false,
                    })
                    .collect(),
            )],
        }],
    };
    // Marked seen only now that the page is the start page itself (not a
    // redirect to results or teams).
    let unseen = rundt_app::notices::show_unseen(p.app(), &p.actor())
        .await
        .on(&p)?;
    let notices = unseen.notices.iter().map(|n| notice_item(&p, n)).collect();
    // Section ids are unique on the page: a supervisor of two teams has two
    // of each.
    let mut groups = groups;
    for (g, group) in groups.iter_mut().enumerate() {
        for s in &mut group.sections {
            if g > 0 {
                s.id = format!("{}-{}", s.id, g + 1);
            }
        }
    }
    p.show(&StartPage {
        tr,
        title: tr.t("start").into(),
        nav: p.nav(),
        intro: tr
            .t(&format!("start_intro_{}", p.who.principal.role.as_str()))
            .to_owned(),
        on_duty,
        notices,
        more_notices: if unseen.more > 0 {
            tr.args("notices-more", &[("count", Arg::from(unseen.more))])
        } else {
            String::new()
        },
        groups,
    })
}

/// A notice as a line: what, where it leads, the team and the case number.
fn notice_item(p: &Page, n: &rundt_app::notices::Notice) -> Item {
    use rundt_domain::notice::NoticeKind;
    let tr = p.tr;
    let href = match (n.kind, n.case_id, n.team_id) {
        (NoticeKind::BreakGlassReview, Some(case), _) => format!("/audit?case={case}"),
        (NoticeKind::WeeklySummaryMissing, Some(case), _) => {
            format!("/cases/{case}/weekly-summaries/new")
        }
        (NoticeKind::OnCallGap, _, Some(team)) => format!("/teams/{team}/oncall"),
        (_, Some(case), _) => case_href(case),
        (_, None, Some(team)) => format!("/teams/{team}"),
        (_, None, None) => "/".to_owned(),
    };
    let mut detail: Vec<String> = Vec::new();
    if let Some(team) = &n.team_name {
        detail.push(team.clone());
    }
    if let Some(case) = n.case_id {
        detail.push(format!("{} {case}", tr.t("family")));
    }
    detail.push(p.who.principal.country.local_time(n.created_at).to_string());
    Item {
        href,
        label: tr.t(&format!("notice-kind-{}", n.kind.as_str())).to_owned(),
        detail: detail.join(" · "),
        late: matches!(
            n.kind,
            NoticeKind::AcknowledgementOverdue | NoticeKind::BreakGlassReview
        ),
    }
}
