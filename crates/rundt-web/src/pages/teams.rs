//! The team list (front page) and a team's page.

use askama::Template;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::Redirect;
use rundt_app::organisation::{self, TeamAtHand, TeamOverview};
use rundt_app::treatment::{self, FamilyDiscussed, RecordSupervision};
use rundt_app::{AppError, supervision_agenda};
use rundt_domain::FieldError;
use rundt_domain::id::CaseId;
use rundt_domain::id::{TeamId, UserId};
use rundt_domain::people::{AbsenceReason, MeetingAttendance};
use rundt_domain::user::Role;
use rundt_domain::{Arg, msg};

use super::cases::{caseload_label, day};
use super::form::{self, Errors, Fields};
use super::team_admin::{AdminView, Refused, admin_view, share_text};
use super::{LangQuery, Nav, OrPage, Page, PageContext, PageId, PageResult, with_lang};
use crate::auth::Authenticated;
use crate::i18n::Tr;

/// A membership as the team page lists it.
struct MemberRow {
    /// The membership's id (the end form names it).
    id: i64,
    name: String,
    position: String,
    since: String,
    /// The last day, when the membership is ending; empty otherwise.
    until: String,
}

/// A team as the pages show it: everything already translated.
struct TeamView {
    id: TeamId,
    name: String,
    country: String,
    model: String,
    started_on: String,
    owners: Vec<(String, String)>,
    members: Vec<MemberRow>,
    warnings: Vec<String>,
    norms: Vec<(String, String)>,
}

/// A share as the page's readers write it: `33,33 %` in Danish and
/// Norwegian, `33.33 %` in English.
impl TeamView {
    /// Whether some membership has no last day yet (one the national
    /// office may end).
    fn has_open_memberships(&self) -> bool {
        self.members.iter().any(|m| m.until.is_empty())
    }
}

fn percent(tr: Tr, p: f64) -> String {
    format!("{}\u{a0}%", share_text(tr, p))
}

fn view(tr: Tr, t: &TeamOverview) -> TeamView {
    let m = &t.programme_model;
    TeamView {
        id: t.id,
        name: t.name.clone(),
        country: tr.t(t.country.code()).into(),
        model: m.code.clone(),
        started_on: day(t.started_on),
        owners: t
            .owners
            .iter()
            .map(|o| {
                let name = o.municipality_name.clone().unwrap_or_else(|| {
                    format!("{} ({})", o.municipality_code, tr.t("code_expired"))
                });
                (name, percent(tr, o.share_percent))
            })
            .collect(),
        members: t
            .members
            .iter()
            .map(|mem| MemberRow {
                id: mem.id,
                name: mem.display_name.clone(),
                position: tr.t(mem.position.as_str()).to_owned(),
                since: day(mem.since),
                until: mem.until.map(day).unwrap_or_default(),
            })
            .collect(),
        warnings: t.warnings.iter().map(|w| tr.warning(w)).collect(),
        norms: vec![
            (
                tr.t("ages").into(),
                format!("{}–{} {}", m.min_age, m.max_age, tr.t("years")),
            ),
            (
                tr.t("therapists").into(),
                format!("{}–{}", m.min_therapists, m.max_therapists),
            ),
            (
                tr.t("families_per_therapist").into(),
                format!(
                    "{} ({} {})",
                    m.typical_families_per_therapist,
                    tr.t("max"),
                    m.max_families_per_therapist
                ),
            ),
            (
                tr.t("duration_months").into(),
                format!("{}–{}", m.min_duration_months, m.max_duration_months),
            ),
        ],
    }
}

#[derive(Template)]
#[template(path = "teams.html")]
struct TeamsPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    teams: Vec<TeamView>,
    /// The national office of the visitor's country: offered a new team.
    can_create: bool,
}

/// A therapist's load, translated: (name, open families, level, level
/// code, expected ends).
struct LoadRow {
    name: String,
    open: u32,
    level: &'static str,
    warn: bool,
    ends: String,
}

struct CapacityView {
    therapists: Vec<LoadRow>,
    waiting: u32,
    referred: u32,
    /// "12 of 16 places (4 therapists × 4)".
    use_of_places: String,
    free_now: u32,
    /// (case id, position, referred, days waited, expected start).
    queue: Vec<(CaseId, u32, String, String, String)>,
}

/// The supervision form as shown (and as typed, when shown again).
struct SupervisionForm {
    held_on: String,
    kind: String,
    /// (user id, name, ticked present, absence reason code or "").
    members: Vec<(UserId, String, bool, String)>,
    others: String,
    /// The families in treatment, as the agenda puts them.
    families: Vec<AgendaRow>,
}

/// A family on the supervision agenda: who, what their week's summary
/// brings to the meeting, and the recommendation typed for them.
struct AgendaRow {
    case_id: CaseId,
    /// "Mikkel Andersen · Jonas Berg" (the young person, the therapist).
    label: String,
    /// "Week from 2026-11-23", when a summary of last or this week exists.
    week: Option<String>,
    /// "The weekly summary for the week from … is missing."
    missing: Option<String>,
    /// (heading, text) of the summary's points for the meeting.
    points: Vec<(&'static str, String)>,
    /// The recommendation as typed.
    text: String,
}

/// A past meeting in the supervision history.
struct MeetingRow {
    held_on: String,
    kind: String,
    attendees: String,
    /// "Name (reason)" of each member recorded absent.
    absent: String,
    recommendations: Vec<(CaseId, String)>,
}

#[derive(Template)]
#[template(path = "team.html")]
struct TeamPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    team: TeamView,
    csrf: String,
    capacity: Option<CapacityView>,
    meetings: Vec<MeetingRow>,
    supervision: Option<SupervisionForm>,
    errors: Errors,
    notice: Option<String>,
    /// The staff and owner forms, for the national office.
    admin: Option<AdminView>,
    oncall: OnCallView,
    /// The absence reasons' codes, for the attendance form.
    absence_reasons: Vec<&'static str>,
    /// The reader sees the team's people figures (a link to them).
    people: bool,
    /// The people reminders of this team, for its supervisor and
    /// consultant.
    reminders: Vec<super::people::ReminderLine>,
    /// The reader sees the team's money (its supervisor, its owners'
    /// managers, the national office).
    money: bool,
    /// The team was started from a feasibility study the reader may see
    /// its plan against actual of.
    plan: bool,
}

/// What the team page shows of the on-call rota: the phone, and for those
/// who read the rota who is on call now and next and the gaps.
struct OnCallView {
    phone: String,
    /// (now, next, gaps, the share of the year covered) for the rota's
    /// readers.
    rota: Option<(Vec<String>, String, usize, String)>,
}

async fn oncall_view(p: &Page, team: &TeamAtHand) -> Result<OnCallView, super::PageError> {
    let (tr, country) = (p.tr, team.team.country);
    let summary = rundt_app::oncall::on_call_summary(p.app(), &p.actor(), team)
        .await
        .on(p)?;
    let line = |s: &rundt_app::oncall::PersonShift| {
        format!(
            "{} ({} – {})",
            s.name,
            country.local_time(s.record.starts_at),
            country.local_time(s.record.ends_at)
        )
    };
    Ok(OnCallView {
        phone: summary.phone.unwrap_or_default(),
        rota: summary.rota.map(|r| {
            (
                r.now.iter().map(line).collect(),
                r.next
                    .as_ref()
                    .map_or_else(|| tr.t("oncall_nobody_next").to_owned(), line),
                r.gaps,
                super::oncall::year_text(tr, &r.year),
            )
        }),
    })
}

pub async fn list(p: Page) -> PageResult {
    let teams = organisation::team_overviews(p.app(), &p.actor())
        .await
        .on(&p)?;
    p.show(&TeamsPage {
        tr: p.tr,
        title: p.tr.t("teams").into(),
        nav: p.nav(),
        teams: teams.iter().map(|t| view(p.tr, t)).collect(),
        can_create: organisation::manages_teams(&p.who.principal, p.who.principal.country),
    })
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct TeamQuery {
    recorded: Option<String>,
    /// What a form of the page just did (`member_added`, …).
    done: Option<String>,
}

pub async fn show(p: Page, PageId(id): PageId<TeamId>, Query(q): Query<TeamQuery>) -> PageResult {
    let done = match q.done.as_deref() {
        Some("member_added") => Some("notice_member_added"),
        Some("membership_ended") => Some("notice_membership_ended"),
        Some("owners_saved") => Some("notice_owners_saved"),
        _ => q.recorded.is_some().then_some("supervision_recorded"),
    };
    let notice = done.map(|key| p.tr.t(key).to_owned());
    let page = Shown {
        notice,
        ..Shown::new(StatusCode::OK)
    };
    team_page(&p, id, page).await
}

/// The team page after an administration form was refused: the form as
/// typed, with what was wrong.
pub(super) async fn team_page_after(
    p: &Page,
    id: TeamId,
    status: StatusCode,
    refused: Refused,
) -> PageResult {
    let page = Shown {
        refused,
        ..Shown::new(status)
    };
    team_page(p, id, page).await
}

/// How the team page is shown: its status, a form as typed when it was
/// refused and what was wrong, or a notice of what was just done.
struct Shown {
    status: StatusCode,
    supervision: Option<SupervisionForm>,
    errors: Errors,
    notice: Option<String>,
    refused: Refused,
}

impl Shown {
    fn new(status: StatusCode) -> Self {
        Self {
            status,
            supervision: None,
            errors: Errors::none(),
            notice: None,
            refused: Refused::Nothing,
        }
    }
}

/// The team's supervisor (and the national office) see its capacity; the
/// supervisor records its meetings.
fn sees_capacity(who: &Authenticated, team_id: TeamId) -> (bool, bool) {
    let p = &who.principal;
    let in_team = p.team_ids.contains(&team_id);
    let supervisor = p.role == Role::Supervisor && in_team;
    let consultant = p.role == Role::Consultant && in_team;
    (
        supervisor || p.role == Role::NationalAdmin,
        supervisor || consultant,
    )
}

async fn team_page(p: &Page, id: TeamId, shown: Shown) -> PageResult {
    let Shown {
        status,
        supervision: typed,
        errors,
        notice,
        refused,
    } = shown;
    let (tr, who) = (p.tr, &p.who);
    // Read once; every section below takes it as it is.
    let at_hand = organisation::team_at_hand(p.app(), &p.actor(), id)
        .await
        .on(p)?;
    let team = at_hand.overview();
    let (show_capacity, records) = sees_capacity(who, id);
    let money = rundt_app::money::may_view_overview(&who.principal, &team);
    let people = rundt_app::people::may_view_figures(&who.principal, &team);
    // The sections read independently of each other, so they read at the
    // same time: the page waits for the slowest, not for their sum, and
    // the access-log events of its audited reads share one commit.
    let (at_hand, team) = (&at_hand, &team);
    let (admin, capacity, supervision, meetings, oncall, plan, reminders) = tokio::try_join!(
        async {
            if organisation::manages_teams(&who.principal, team.country) {
                admin_view(p, team, refused).await.map(Some)
            } else {
                Ok(None)
            }
        },
        capacity_section(p, at_hand, show_capacity),
        async move {
            match typed {
                Some(t) if records => Ok(Some(t)),
                None if records => supervision_form(p, team, at_hand).await.on(p).map(Some),
                _ => Ok(None),
            }
        },
        meetings_section(p, team, records),
        oncall_view(p, at_hand),
        async {
            rundt_app::feasibility::has_plan(p.app(), &who.principal, team)
                .await
                .on(p)
        },
        async {
            if records {
                super::people::team_reminder_lines(p, at_hand).await
            } else {
                Ok(Vec::new())
            }
        },
    )?;
    Ok(p.render(
        status,
        &TeamPage {
            tr,
            title: team.name.clone(),
            nav: p.nav(),
            team: view(tr, team),
            csrf: who.csrf_token().to_owned(),
            capacity,
            supervision,
            meetings,
            errors,
            notice,
            admin,
            oncall,
            absence_reasons: AbsenceReason::ALL.iter().map(|r| r.as_str()).collect(),
            people,
            reminders,
            money,
            plan,
        },
    ))
}

/// The team's capacity, for those who see it (see [`sees_capacity`]).
async fn capacity_section(
    p: &Page,
    at_hand: &TeamAtHand,
    shown: bool,
) -> Result<Option<CapacityView>, super::PageError> {
    if !shown {
        return Ok(None);
    }
    let tr = p.tr;
    Ok(
        match treatment::capacity_of(p.app(), &p.actor(), at_hand).await {
            Ok(c) => Some(CapacityView {
                therapists: c
                    .therapists
                    .iter()
                    .map(|t| LoadRow {
                        name: t.name.clone(),
                        open: t.open_families,
                        level: caseload_label(tr, t.caseload),
                        warn: t.caseload == rundt_domain::caseload::CaseloadLevel::AboveMaximum,
                        ends: t
                            .expected_ends
                            .iter()
                            .map(|d| day(*d))
                            .collect::<Vec<_>>()
                            .join(", "),
                    })
                    .collect(),
                waiting: c.waiting,
                referred: c.referred,
                use_of_places: tr.args(
                    "use_of_places",
                    &[
                        ("open", Arg::from(c.open_families)),
                        ("places", Arg::from(c.norm_places)),
                    ],
                ),
                free_now: c.free_places_now,
                queue: c
                    .waiting_list
                    .iter()
                    .map(|w| {
                        let today = p.app().clock.today();
                        (
                            w.case_id,
                            w.position,
                            w.referred_on.map(day).unwrap_or_default(),
                            w.referred_on
                                .map(|d| (today - d).num_days().to_string())
                                .unwrap_or_default(),
                            w.expected_start.map_or_else(
                                || tr.t("start_expected_start_unknown").to_owned(),
                                day,
                            ),
                        )
                    })
                    .collect(),
            }),
            Err(AppError::Forbidden(_)) => None,
            Err(e) => return Err(p.fail(e)),
        },
    )
}

/// Past meetings, for the supervisor: (date, kind, attendees, (case,
/// recommendation)).
async fn meetings_section(
    p: &Page,
    team: &TeamOverview,
    records: bool,
) -> Result<Vec<MeetingRow>, super::PageError> {
    if !records {
        return Ok(Vec::new());
    }
    let tr = p.tr;
    Ok(treatment::supervision_history(p.app(), &p.actor(), team.id)
        .await
        .on(p)?
        .into_iter()
        .map(|m| MeetingRow {
            held_on: day(m.held_on),
            kind: tr
                .t(if m.kind == "consultation" {
                    "kind_consultation"
                } else {
                    "kind_supervision"
                })
                .to_owned(),
            attendees: m.attendees.join(", "),
            absent: absences(tr, team, &m.attendance),
            recommendations: m.recommendations,
        })
        .collect())
}

/// A blank supervision form: today, everyone present, the families in
/// treatment.
async fn supervision_form(
    p: &Page,
    team: &TeamOverview,
    at_hand: &TeamAtHand,
) -> Result<SupervisionForm, AppError> {
    Ok(SupervisionForm {
        held_on: day(p.app().clock.today()),
        kind: "supervision".into(),
        members: attendance_rows(team)
            .into_iter()
            .map(|(id, name)| (id, name, true, String::new()))
            .collect(),
        others: String::new(),
        families: families_in_treatment(p, at_hand).await?,
    })
}

/// The team's members today, each once: whose attendance a meeting keeps.
fn attendance_rows(team: &TeamOverview) -> Vec<(UserId, String)> {
    let mut rows: Vec<(UserId, String)> = Vec::new();
    for m in &team.members {
        if !rows.iter().any(|(id, _)| *id == m.user_id) {
            rows.push((m.user_id, m.display_name.clone()));
        }
    }
    rows
}

/// The attendance a form sent: each member ticked present, or absent with
/// the reason chosen (none chosen: the domain asks for one).
fn attendance_from(
    members: &[(UserId, String, bool, String)],
    problems: &mut Vec<FieldError>,
) -> Vec<MeetingAttendance> {
    members
        .iter()
        .enumerate()
        .map(|(i, (id, _, present, reason))| {
            let absence_reason = if *present || reason.is_empty() {
                None
            } else {
                match reason.parse::<AbsenceReason>() {
                    Ok(r) => Some(r),
                    Err(e) => {
                        problems.extend(rename_fields(e, &format!("attendance[{i}]")));
                        None
                    }
                }
            };
            MeetingAttendance {
                user_id: *id,
                present: *present,
                absence_reason,
            }
        })
        .collect()
}

/// A domain error's field errors, said of `field`.
fn rename_fields(e: rundt_domain::DomainError, field: &str) -> Vec<FieldError> {
    form::field_errors(e)
        .into_iter()
        .map(|fe| FieldError::new(field, fe.message))
        .collect()
}

/// The agenda's families, filled in from this week's summaries.
async fn families_in_treatment(p: &Page, team: &TeamAtHand) -> Result<Vec<AgendaRow>, AppError> {
    let tr = p.tr;
    let name_of = |user| {
        team.members
            .iter()
            .find(|m| Some(m.user_id) == user)
            .map(|m| m.display_name.clone())
    };
    Ok(supervision_agenda::agenda_of(p.app(), &p.actor(), team)
        .await?
        .into_iter()
        .map(|item| {
            let mut points = Vec::new();
            if let Some(s) = &item.summary {
                let drivers: Vec<String> = s
                    .fit_drivers
                    .iter()
                    .filter(|d| d.prioritised)
                    .map(|d| format!("{}: {}", super::cases::system_label(tr, d.system), d.driver))
                    .collect();
                for (heading, text) in [
                    ("questions", s.questions.clone()),
                    ("safety", s.safety.clone()),
                    ("barriers", s.barriers.clone()),
                    ("prioritised_drivers", drivers.join("; ")),
                    ("next_week_goals", s.next_week_goals.join("; ")),
                ] {
                    if !text.trim().is_empty() {
                        points.push((heading, text));
                    }
                }
            }
            let modules: Vec<String> = item
                .modules
                .iter()
                .map(|m| {
                    let mut text = format!(
                        "{}: {} · {} {}",
                        crate::pages::course::module_kind_label(tr, m.kind),
                        crate::pages::course::module_status_label(tr, m.status),
                        tr.t("sessions_held"),
                        m.sessions_held
                    );
                    if let Some(s) = m.last_screen() {
                        let result = crate::pages::course::screen_result_label(tr, s.result);
                        text.push_str(&format!(
                            " · {} {} {result}",
                            tr.t("drug_screens"),
                            day(s.on)
                        ));
                    }
                    text
                })
                .collect();
            if !modules.is_empty() {
                points.push(("modules", modules.join("; ")));
            }
            if let Some(due) = item.crisis_plan_due {
                let text = tr.t(&format!("crisis_plan_due_{}", due.as_str()));
                points.push(("crisis_plan_title", text.to_owned()));
            }
            let contacts: Vec<String> = item
                .crisis_contacts
                .iter()
                .map(|c| {
                    format!(
                        "{} · {} · {} · {}",
                        p.who.principal.country.local_time(c.at),
                        tr.t(&format!("crisis_caller_{}", c.caller.as_str())),
                        tr.t(&format!("crisis_risk_{}", c.risk.as_str())),
                        c.about
                    )
                })
                .collect();
            if !contacts.is_empty() {
                points.push(("crisis_agenda_contacts", contacts.join("; ")));
            }
            let label = match name_of(item.therapist_id) {
                Some(therapist) => format!("{} · {therapist}", item.young_person),
                None => item.young_person.clone(),
            };
            AgendaRow {
                case_id: item.case_id,
                label,
                week: item
                    .week_start
                    .map(|w| format!("{} {}", tr.t("week_of"), day(w))),
                missing: item
                    .missing_week
                    .map(|w| tr.tf("summary_overdue", &[("week", &day(w))])),
                points,
                text: String::new(),
            }
        })
        .collect())
}

/// "Name (reason)" of each member recorded absent from a meeting.
fn absences(tr: Tr, team: &TeamOverview, attendance: &[MeetingAttendance]) -> String {
    attendance
        .iter()
        .filter(|a| !a.present)
        .map(|a| {
            let name = team
                .members
                .iter()
                .find(|m| m.user_id == a.user_id)
                .map_or_else(|| a.user_id.to_string(), |m| m.display_name.clone());
            match a.absence_reason {
                Some(r) => format!("{name} ({})", tr.t(&format!("absence_{}", r.as_str()))),
                None => name,
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A GET on the supervision address leads to the team page.
pub async fn to_team(PageId(id): PageId<TeamId>, Query(q): Query<LangQuery>) -> Redirect {
    Redirect::to(&with_lang(&format!("/teams/{id}"), &q))
}

pub async fn record_supervision(p: Page, PageId(id): PageId<TeamId>, f: Fields) -> PageResult {
    let at_hand = organisation::team_at_hand(p.app(), &p.actor(), id)
        .await
        .on(&p)?;
    let team = at_hand.overview();
    let ticked = f.all("present");
    let others = f.get("other_attendees");
    let mut families = families_in_treatment(&p, &at_hand).await.on(&p)?;
    for row in &mut families {
        row.text = form::multi_line(&f.text(&format!("rec[{}]", row.case_id)));
    }
    let typed = SupervisionForm {
        held_on: f.get("held_on"),
        kind: f.get("kind"),
        members: attendance_rows(&team)
            .into_iter()
            .map(|(id, name)| {
                let present = ticked.contains(&id.to_string());
                let reason = f.get(&format!("absence[{id}]"));
                (id, name, present, reason)
            })
            .collect(),
        others: others.clone(),
        families,
    };
    let mut problems: Vec<FieldError> = Vec::new();
    let held_on = form::date(&typed.held_on, "held_on", &mut problems, msg!("bad_date"));
    let attendance = attendance_from(&typed.members, &mut problems);
    let attendees: Vec<String> = others
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_owned)
        .collect();
    let result = match held_on {
        Some(held_on) if problems.is_empty() => {
            let input = RecordSupervision {
                held_on,
                kind: typed.kind.clone(),
                attendees,
                attendance,
                families: typed
                    .families
                    .iter()
                    .filter(|row| !row.text.is_empty())
                    .map(|row| FamilyDiscussed {
                        case_id: row.case_id,
                        recommendation: row.text.clone(),
                    })
                    .collect(),
            };
            treatment::record_supervision(p.app(), &p.actor(), id, &input).await
        }
        _ => {
            if typed.held_on.is_empty() {
                problems.push(FieldError::new("held_on", msg!("required")));
            }
            Err(AppError::Invalid(problems))
        }
    };
    let target = format!("/teams/{id}?recorded=1");
    form::settle(&p, result, &target, |status, errors| {
        let page = Shown {
            supervision: Some(typed),
            errors,
            ..Shown::new(status)
        };
        team_page(&p, id, page)
    })
    .await
}
