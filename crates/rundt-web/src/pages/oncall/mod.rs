//! The on-call rota's pages (issue 13): a team's rota by week on the
//! team's clock, each shift with its person and true length, the gaps and
//! findings in plain words, and the forms to fill days from the pattern,
//! add, change and remove shifts, record leave, set the phone, the limits
//! and the pattern, publish, and propose and answer swaps. The national
//! office's page lists the teams with gaps. What a use case refuses is
//! shown beside the form it came from, and nothing is stored.

mod exports;
mod forms;
mod gaps;

pub use exports::{contacts_csv, contacts_xlsx, hours_csv, hours_xlsx};
pub use forms::{
    add_shift, answer_swap, change_shift, fill, leave, propose_swap, publish, settings,
};
pub use gaps::gaps;

use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};
use rundt_app::AppError;
use rundt_app::oncall::{
    self, FillDays, LeaveInput, RotaView, SettingsInput, ShiftInput, SwapAnswer, SwapInput,
};
use rundt_app::records::SwapState;
use rundt_domain::country::Country;
use rundt_domain::id::{TeamId, UserId};
use rundt_domain::{Arg, FieldError, msg};

use super::form::{self, Errors, Fields};
use super::{Nav, OrPage, Page, PageContext, PageError, PageId, PageResult, parse_id};
use crate::i18n::Tr;

/// A shift as the rota lists it.
struct ShiftRow {
    id: i64,
    version: i64,
    /// "Mon 7 Dec".
    day: String,
    /// "16:00–08:00" (with the end's day when it is not the next).
    hours: String,
    person: String,
    person_id: String,
    /// "16 hours", "11 hours" the night the clocks go back.
    length: String,
    /// The form's values, `YYYY-MM-DDTHH:MM` on the team's clock.
    starts_input: String,
    ends_input: String,
    /// The reader's own shift.
    mine: bool,
    /// On now.
    now: bool,
}

/// A week of the rota.
struct WeekBlock {
    title: String,
    shifts: Vec<ShiftRow>,
}

/// A swap as listed.
struct SwapRow {
    id: i64,
    version: i64,
    text: String,
    state: String,
    may_answer: bool,
    may_withdraw: bool,
}

/// A calendar feed as listed.
struct FeedRow {
    id: i64,
    /// "Jonas Berg's shifts" or "The whole team's rota", with who made it.
    text: String,
}

/// The "Calendar on your phone" section.
#[derive(Default)]
struct CalendarPart {
    feeds: Vec<FeedRow>,
    /// The address of a feed just made: shown this once.
    new_url: String,
}

/// The forms as typed, when one was refused.
#[derive(Default)]
struct Typed {
    /// Which form the errors belong to: `fill`, `add`, `shift-{id}`,
    /// `leave`, `settings`, `publish`, `swap`, `answer-{id}`.
    failed: String,
    person: String,
    starts: String,
    ends: String,
    reason: String,
}

#[derive(Template)]
#[template(path = "oncall.html")]
struct RotaPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    csrf: String,
    team_id: TeamId,
    team_name: String,
    phone: String,
    /// "Published 2026-11-20 10:00 by Mette", or that it is not.
    published: String,
    published_reason: String,
    window: String,
    /// The share of this year so far covered.
    year: String,
    /// The team's crisis contacts per month: month, contacts, families,
    /// contacts per family in treatment, call-outs.
    contact_months: Vec<(String, u32, u32, String, u32)>,
    notices: Vec<String>,
    weeks: Vec<WeekBlock>,
    may_edit: bool,
    /// (id, name) of the people who may be on call.
    people: Vec<(String, String)>,
    /// (id, "name: first – last").
    leave: Vec<(i64, String)>,
    swaps: Vec<SwapRow>,
    /// (id, label) of the shifts not yet begun, for the swap form.
    future_shifts: Vec<(String, String)>,
    max_hours: String,
    max_shifts: String,
    split_hour: String,
    off_days_whole: bool,
    fill_first: String,
    fill_last: String,
    /// The reader may be on call in the team (and so have a feed of their own).
    on_rota: bool,
    calendar: CalendarPart,
    typed: Typed,
    errors: Errors,
}

fn weekday(tr: Tr, day: NaiveDate) -> String {
    let key = match day.weekday() {
        chrono::Weekday::Mon => "oncall_mon",
        chrono::Weekday::Tue => "oncall_tue",
        chrono::Weekday::Wed => "oncall_wed",
        chrono::Weekday::Thu => "oncall_thu",
        chrono::Weekday::Fri => "oncall_fri",
        chrono::Weekday::Sat => "oncall_sat",
        chrono::Weekday::Sun => "oncall_sun",
    };
    format!("{} {}", tr.t(key), day.format("%Y-%m-%d"))
}

/// The share of the year so far the rota covered, in words.
pub(crate) fn year_text(tr: Tr, year: &oncall::YearCoverage) -> String {
    match year.percent() {
        Some(percent) => tr.args("oncall_year_covered", &[("percent", Arg::from(percent))]),
        None => tr.t("oncall_year_nothing").to_owned(),
    }
}

/// A true length in hours (and minutes) in the page's language.
pub(crate) fn length_text(tr: Tr, minutes: i64) -> String {
    let (hours, rest) = (minutes / 60, minutes % 60);
    if rest == 0 {
        tr.args("oncall_length_hours", &[("hours", Arg::from(hours))])
    } else {
        tr.args(
            "oncall_length_hours_minutes",
            &[("hours", Arg::from(hours)), ("minutes", Arg::from(rest))],
        )
    }
}

fn local(country: Country, at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&country.time_zone()).naive_local()
}

fn input_time(country: Country, at: DateTime<Utc>) -> String {
    local(country, at).format("%Y-%m-%dT%H:%M").to_string()
}

fn weeks(tr: Tr, view: &RotaView, me: UserId, now: DateTime<Utc>) -> Vec<WeekBlock> {
    let country = view.country;
    let mut weeks: Vec<WeekBlock> = Vec::new();
    let mut current: Option<(i32, u32)> = None;
    for s in &view.shifts {
        let starts = local(country, s.record.starts_at);
        let ends = local(country, s.record.ends_at);
        let week = starts.date().iso_week();
        if current != Some((week.year(), week.week())) {
            current = Some((week.year(), week.week()));
            let monday = NaiveDate::from_isoywd_opt(week.year(), week.week(), chrono::Weekday::Mon)
                .unwrap_or(starts.date());
            weeks.push(WeekBlock {
                title: tr.args(
                    "oncall_week",
                    &[("n", Arg::from(week.week())), ("monday", Arg::from(monday))],
                ),
                shifts: Vec::new(),
            });
        }
        let next_day = starts.date().succ_opt();
        let until = if ends.date() == starts.date() || Some(ends.date()) == next_day {
            ends.format("%H:%M").to_string()
        } else {
            format!("{} {}", weekday(tr, ends.date()), ends.format("%H:%M"))
        };
        let row = ShiftRow {
            id: s.record.id,
            version: s.record.version,
            day: weekday(tr, starts.date()),
            hours: format!("{}–{}", starts.format("%H:%M"), until),
            person: s.name.clone(),
            person_id: s.record.person_id.to_string(),
            length: length_text(tr, s.length().num_minutes()),
            starts_input: input_time(country, s.record.starts_at),
            ends_input: input_time(country, s.record.ends_at),
            mine: s.record.person_id == me,
            now: s.record.starts_at <= now && now < s.record.ends_at,
        };
        if let Some(w) = weeks.last_mut() {
            w.shifts.push(row);
        }
    }
    weeks
}

fn swap_rows(tr: Tr, view: &RotaView, me: UserId) -> Vec<SwapRow> {
    let country = view.country;
    let when = |s: &Option<rundt_app::records::ShiftRecord>| {
        s.as_ref()
            .map(|s| {
                format!(
                    "{} – {}",
                    country.local_time(s.starts_at),
                    country.local_time(s.ends_at)
                )
            })
            .unwrap_or_default()
    };
    view.swaps
        .iter()
        .map(|s| {
            let proposed = s.record.state == SwapState::Proposed;
            let mut text = tr.args(
                "oncall_swap_line",
                &[
                    ("to", Arg::from(&s.to_name)),
                    ("from", Arg::from(&s.from_name)),
                    ("shift", Arg::from(when(&s.shift))),
                ],
            );
            if s.in_return.is_some() {
                text = format!(
                    "{text} {}",
                    tr.args(
                        "oncall_swap_in_return",
                        &[("shift", Arg::from(when(&s.in_return)))]
                    )
                );
            }
            SwapRow {
                id: s.record.id,
                version: s.record.version,
                text,
                state: tr
                    .t(&format!("oncall_swap_{}", s.record.state.as_str()))
                    .to_owned(),
                may_answer: proposed && s.answerer() == me && s.record.proposed_by != Some(me),
                may_withdraw: proposed && s.record.proposed_by == Some(me),
            }
        })
        .collect()
}

fn page(
    p: &Page,
    status: StatusCode,
    view: RotaView,
    calendar: CalendarPart,
    typed: Typed,
    errors: Errors,
) -> PageResult {
    let tr = p.tr;
    let me = p.who.principal.user_id;
    let now = p.app().clock.now();
    let country = view.country;
    let name_of = |id: Option<UserId>| {
        id.and_then(|id| {
            view.people
                .iter()
                .find(|p| p.user_id == id)
                .map(|p| p.name.clone())
        })
        .unwrap_or_default()
    };
    let (published, published_reason) = match &view.publication {
        Some(pb) => (
            tr.args(
                "oncall_published_at",
                &[
                    ("at", Arg::from(country.local_time(pb.published_at))),
                    ("by", Arg::from(name_of(pb.published_by))),
                    ("gaps", Arg::from(pb.gaps)),
                ],
            ),
            pb.reason.clone().unwrap_or_default(),
        ),
        None => (tr.t("oncall_not_published").to_owned(), String::new()),
    };
    let today = country.local_date(now);
    let s = &view.settings;
    let opt = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
    let rota = RotaPage {
        tr,
        title: tr.args("oncall_title", &[("team", Arg::from(&view.team_name))]),
        nav: p.nav(),
        csrf: p.who.csrf_token().to_owned(),
        team_id: view.team_id,
        team_name: view.team_name.clone(),
        phone: s.phone.clone().unwrap_or_default(),
        published,
        published_reason,
        window: format!(
            "{} – {}",
            country.local_time(view.window.from),
            country.local_time(view.window.until)
        ),
        year: year_text(tr, &view.year),
        contact_months: view
            .contact_months
            .iter()
            .map(|m| {
                (
                    m.month.to_string(),
                    m.contacts,
                    m.families,
                    m.per_family()
                        .map(|x| {
                            let text = format!("{x:.1}");
                            if tr.0 == crate::i18n::Lang::En {
                                text
                            } else {
                                text.replace('.', ",")
                            }
                        })
                        .unwrap_or_else(|| "–".into()),
                    m.call_outs,
                )
            })
            .collect(),
        notices: view.notices.iter().map(|m| tr.message(m)).collect(),
        weeks: weeks(tr, &view, me, now),
        may_edit: view.may_edit,
        people: view
            .people
            .iter()
            .map(|p| (p.user_id.to_string(), p.name.clone()))
            .collect(),
        leave: view
            .leave
            .iter()
            .map(|l| {
                (
                    l.record.id,
                    format!("{}: {} – {}", l.name, l.record.first_day, l.record.last_day),
                )
            })
            .collect(),
        swaps: swap_rows(tr, &view, me),
        future_shifts: view
            .shifts
            .iter()
            .filter(|s| s.record.starts_at > now)
            .map(|s| {
                (
                    s.record.id.to_string(),
                    format!(
                        "{} – {} · {}",
                        country.local_time(s.record.starts_at),
                        country.local_time(s.record.ends_at),
                        s.name
                    ),
                )
            })
            .collect(),
        max_hours: opt(s.max_hours_in_row),
        max_shifts: opt(s.max_shifts_per_week),
        split_hour: opt(s.weekday_split_hour),
        off_days_whole: s.off_days_whole,
        fill_first: today.to_string(),
        fill_last: (today + chrono::Duration::weeks(8)).to_string(),
        on_rota: view.people.iter().any(|p| p.user_id == me),
        calendar,
        typed,
        errors,
    };
    Ok(p.render(status, &rota))
}

async fn view_of(p: &Page, id: TeamId) -> Result<RotaView, PageError> {
    oncall::rota(p.app(), &p.actor(), id).await.on(p)
}

/// The reader's calendar feeds of the team, and the address of one just
/// made.
async fn calendar_of(
    p: &Page,
    id: TeamId,
    country: Country,
    new_url: String,
) -> Result<CalendarPart, PageError> {
    let tr = p.tr;
    let feeds = oncall::calendar_feeds(p.app(), &p.actor(), id)
        .await
        .on(p)?;
    let rows = feeds
        .into_iter()
        .map(|f| {
            let whose = match &f.person_name {
                Some(name) => tr.args("oncall_feed_of_person", &[("name", Arg::from(name))]),
                None => tr.t("oncall_feed_of_team").to_owned(),
            };
            let made = tr.args(
                "oncall_feed_made",
                &[
                    (
                        "by",
                        Arg::from(f.created_by_name.clone().unwrap_or_default()),
                    ),
                    ("at", Arg::from(country.local_time(f.record.created_at))),
                ],
            );
            FeedRow {
                id: f.record.id,
                text: format!("{whose} · {made}"),
            }
        })
        .collect();
    Ok(CalendarPart {
        feeds: rows,
        new_url,
    })
}

async fn again(
    p: &Page,
    id: TeamId,
    status: StatusCode,
    typed: Typed,
    errors: Errors,
) -> PageResult {
    let view = view_of(p, id).await?;
    let calendar = calendar_of(p, id, view.country, String::new()).await?;
    page(p, status, view, calendar, typed, errors)
}

fn address(id: TeamId) -> String {
    format!("/teams/{id}/oncall")
}

/// The team's rota page.
pub async fn show(p: Page, PageId(id): PageId<TeamId>) -> PageResult {
    let view = view_of(&p, id).await?;
    let calendar = calendar_of(&p, id, view.country, String::new()).await?;
    page(
        &p,
        StatusCode::OK,
        view,
        calendar,
        Typed::default(),
        Errors::none(),
    )
}

/// Makes a calendar feed (of the reader's own shifts, or the team's whole
/// rota) and shows its address this once.
pub async fn create_feed(
    p: Page,
    PageId(id): PageId<TeamId>,
    headers: axum::http::HeaderMap,
    f: Fields,
) -> PageResult {
    let of = if f.get("of") == "team" {
        oncall::FeedOf::Team
    } else {
        oncall::FeedOf::Me
    };
    match oncall::create_calendar_feed(p.app(), &p.actor(), id, of).await {
        Ok(made) => {
            let url = crate::calendar::feed_url(&headers, &made.token);
            let view = view_of(&p, id).await?;
            let calendar = calendar_of(&p, id, view.country, url).await?;
            page(
                &p,
                StatusCode::CREATED,
                view,
                calendar,
                Typed::default(),
                Errors::none(),
            )
        }
        Err(e) => {
            let typed = Typed {
                failed: "calendar".into(),
                ..Typed::default()
            };
            settle::<()>(&p, id, Err(e), "calendar", typed).await
        }
    }
}

/// Revokes a calendar feed.
pub async fn revoke_feed(
    p: Page,
    Path((id, feed_id)): Path<(String, String)>,
    _checked: Fields,
) -> PageResult {
    let (id, feed_id) = forms::ids(&p, &id, &feed_id)?;
    let result = oncall::revoke_calendar_feed(p.app(), &p.actor(), id, feed_id).await;
    let typed = Typed {
        failed: "calendar".into(),
        ..Typed::default()
    };
    settle(&p, id, result, "calendar", typed).await
}

/// Settles a posted form: on to the rota at `anchor`, or the page again
/// with what was wrong beside the form `typed.failed` names.
async fn settle<T>(
    p: &Page,
    id: TeamId,
    result: Result<T, AppError>,
    anchor: &str,
    typed: Typed,
) -> PageResult {
    let target = format!("{}#{anchor}", address(id));
    form::settle(p, result, &target, |status, errors| {
        again(p, id, status, typed, errors)
    })
    .await
}
