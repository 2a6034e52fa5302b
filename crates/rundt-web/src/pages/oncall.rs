//! The on-call rota's pages (issue 13): a team's rota by week on the
//! team's clock, each shift with its person and true length, the gaps and
//! findings in plain words, and the forms to fill days from the pattern,
//! add, change and remove shifts, record leave, set the phone, the limits
//! and the pattern, publish, and propose and answer swaps. The national
//! office's page lists the teams with gaps. What a use case refuses is
//! shown beside the form it came from, and nothing is stored.

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
    let (id, feed_id) = ids(&p, &id, &feed_id)?;
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

fn person(f: &Fields, field: &str, errors: &mut Vec<FieldError>) -> Option<UserId> {
    match f.get(field).parse::<i64>() {
        Ok(n) => Some(UserId::new(n)),
        Err(_) => {
            errors.push(FieldError::new(field, msg!("oncall-person-not-on-team")));
            None
        }
    }
}

fn time(f: &Fields, field: &str, errors: &mut Vec<FieldError>) -> Option<NaiveDateTime> {
    let raw = f.get(field);
    let read = NaiveDateTime::parse_from_str(&raw, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(&raw, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(&raw, "%Y-%m-%d %H:%M"));
    match read {
        Ok(t) => Some(t),
        Err(_) => {
            errors.push(FieldError::new(
                field,
                msg!("oncall-time-shape", given = raw),
            ));
            None
        }
    }
}

fn day_of(f: &Fields, field: &str, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
    let raw = f.get(field);
    let day = form::date(&raw, field, errors, msg!("date-shape", given = &raw));
    if day.is_none() && raw.is_empty() {
        errors.push(FieldError::new(field, msg!("date-shape", given = "")));
    }
    day
}

fn number(
    f: &Fields,
    field: &str,
    errors: &mut Vec<FieldError>,
    wrong: rundt_domain::Message,
) -> Option<u32> {
    let raw = f.get(field);
    if raw.trim().is_empty() {
        return None;
    }
    match raw.trim().parse::<u32>() {
        Ok(n) => Some(n),
        Err(_) => {
            errors.push(FieldError::new(field, wrong));
            None
        }
    }
}

fn shift_input(f: &Fields) -> Result<ShiftInput, AppError> {
    let mut errors = Vec::new();
    let person = person(f, "person_id", &mut errors);
    let starts = time(f, "starts", &mut errors);
    let ends = time(f, "ends", &mut errors);
    match (person, starts, ends) {
        (Some(person_id), Some(starts), Some(ends)) if errors.is_empty() => Ok(ShiftInput {
            person_id,
            starts,
            ends,
        }),
        _ => Err(AppError::Invalid(errors)),
    }
}

fn typed_shift(f: &Fields, failed: String) -> Typed {
    Typed {
        failed,
        person: f.get("person_id"),
        starts: f.get("starts"),
        ends: f.get("ends"),
        ..Typed::default()
    }
}

/// Adds a shift.
pub async fn add_shift(p: Page, PageId(id): PageId<TeamId>, f: Fields) -> PageResult {
    let result = form::then(shift_input(&f), async |input| {
        oncall::add_shift(p.app(), &p.actor(), id, &input).await
    })
    .await;
    settle(&p, id, result, "rota", typed_shift(&f, "add".into())).await
}

fn ids(p: &Page, id: &str, other: &str) -> Result<(TeamId, i64), PageError> {
    parse_id::<TeamId>(id)
        .and_then(|id| Ok((id, parse_id::<i64>(other)?)))
        .on(p)
}

/// Changes a shift, or removes it (the form's `remove` button).
pub async fn change_shift(
    p: Page,
    Path((id, shift)): Path<(String, String)>,
    f: Fields,
) -> PageResult {
    let (id, shift) = ids(&p, &id, &shift)?;
    let version = f.required_version().on(&p)?;
    let failed = format!("shift-{shift}");
    if f.has("remove") {
        let result = oncall::remove_shift(p.app(), &p.actor(), id, shift, version).await;
        let typed = Typed {
            failed,
            ..Typed::default()
        };
        return settle(&p, id, result, "rota", typed).await;
    }
    let result = form::then(shift_input(&f), async |input| {
        oncall::change_shift(p.app(), &p.actor(), id, shift, &input, version).await
    })
    .await;
    settle(&p, id, result, "rota", typed_shift(&f, failed)).await
}

/// Fills days from the team's pattern.
pub async fn fill(p: Page, PageId(id): PageId<TeamId>, f: Fields) -> PageResult {
    let mut errors = Vec::new();
    let first = day_of(&f, "first", &mut errors);
    let last = day_of(&f, "last", &mut errors);
    let people = f
        .all("people")
        .iter()
        .filter_map(|s| s.parse::<i64>().ok())
        .map(UserId::new)
        .collect();
    let read = match (first, last) {
        (Some(first), Some(last)) if errors.is_empty() => Ok(FillDays {
            first,
            last,
            people,
        }),
        _ => Err(AppError::Invalid(errors)),
    };
    let result = form::then(read, async |fill| {
        oncall::fill_from_pattern(p.app(), &p.actor(), id, &fill).await
    })
    .await;
    let typed = Typed {
        failed: "fill".into(),
        ..Typed::default()
    };
    settle(&p, id, result, "rota", typed).await
}

/// Records leave, or removes it (`remove` names the leave).
pub async fn leave(p: Page, PageId(id): PageId<TeamId>, f: Fields) -> PageResult {
    let typed = Typed {
        failed: "leave".into(),
        ..Typed::default()
    };
    if let Ok(leave_id) = f.get("remove").parse::<i64>() {
        let result = oncall::remove_leave(p.app(), &p.actor(), id, leave_id).await;
        return settle(&p, id, result, "leave", typed).await;
    }
    let mut errors = Vec::new();
    let person = person(&f, "person_id", &mut errors);
    let first = day_of(&f, "first_day", &mut errors);
    let last = day_of(&f, "last_day", &mut errors);
    let read = match (person, first, last) {
        (Some(person_id), Some(first_day), Some(last_day)) if errors.is_empty() => Ok(LeaveInput {
            person_id,
            first_day,
            last_day,
        }),
        _ => Err(AppError::Invalid(errors)),
    };
    let result = form::then(read, async |input| {
        oncall::record_leave(p.app(), &p.actor(), id, &input).await
    })
    .await;
    settle(&p, id, result, "leave", typed).await
}

/// Saves the phone, the limits and the pattern.
pub async fn settings(p: Page, PageId(id): PageId<TeamId>, f: Fields) -> PageResult {
    let mut errors = Vec::new();
    let max_hours = number(
        &f,
        "max_hours_in_row",
        &mut errors,
        msg!("oncall-limit-hours", min = 1, max = 168),
    );
    let max_shifts = number(
        &f,
        "max_shifts_per_week",
        &mut errors,
        msg!("oncall-limit-shifts", min = 1, max = 14),
    );
    let split = number(
        &f,
        "weekday_split_hour",
        &mut errors,
        msg!("oncall-split-hour", min = 17, max = 23),
    );
    let read = if errors.is_empty() {
        Ok(SettingsInput {
            phone: Some(f.get("phone")),
            max_hours_in_row: max_hours,
            max_shifts_per_week: max_shifts,
            weekday_split_hour: split,
            off_days_whole: f.get("off_days") == "whole",
        })
    } else {
        Err(AppError::Invalid(errors))
    };
    let result = form::then(read, async |input| {
        oncall::save_settings(p.app(), &p.actor(), id, &input).await
    })
    .await;
    let typed = Typed {
        failed: "settings".into(),
        ..Typed::default()
    };
    settle(&p, id, result, "settings", typed).await
}

/// Publishes the rota (with a gap, only with a reason).
pub async fn publish(p: Page, PageId(id): PageId<TeamId>, f: Fields) -> PageResult {
    let reason = form::multi_line(&f.text("reason"));
    let result = oncall::publish(p.app(), &p.actor(), id, &reason).await;
    let typed = Typed {
        failed: "publish".into(),
        reason,
        ..Typed::default()
    };
    settle(&p, id, result, "publish", typed).await
}

/// Proposes a swap.
pub async fn propose_swap(p: Page, PageId(id): PageId<TeamId>, f: Fields) -> PageResult {
    let mut errors = Vec::new();
    let shift = f.get("shift_id").parse::<i64>().ok();
    if shift.is_none() {
        errors.push(FieldError::new(
            "shift_id",
            msg!("oncall-swap-shift-unknown"),
        ));
    }
    let to = person(&f, "to_person", &mut errors);
    let back = f.get("return_shift_id").parse::<i64>().ok();
    let read = match (shift, to) {
        (Some(shift_id), Some(to_person)) if errors.is_empty() => Ok(SwapInput {
            shift_id,
            to_person,
            return_shift_id: back,
        }),
        _ => Err(AppError::Invalid(errors)),
    };
    let result = form::then(read, async |input| {
        oncall::propose_swap(p.app(), &p.actor(), id, &input).await
    })
    .await;
    let typed = Typed {
        failed: "swap".into(),
        ..Typed::default()
    };
    settle(&p, id, result, "swaps", typed).await
}

/// Agrees to, declines or withdraws a swap.
pub async fn answer_swap(
    p: Page,
    Path((id, swap)): Path<(String, String)>,
    f: Fields,
) -> PageResult {
    let (id, swap) = ids(&p, &id, &swap)?;
    let version = f.required_version().on(&p)?;
    let answer = match f.get("answer").as_str() {
        "agree" => SwapAnswer::Agree,
        "withdraw" => SwapAnswer::Withdraw,
        _ => SwapAnswer::Decline,
    };
    let result = oncall::answer_swap(p.app(), &p.actor(), id, swap, answer, version).await;
    let typed = Typed {
        failed: format!("answer-{swap}"),
        ..Typed::default()
    };
    settle(&p, id, result, "swaps", typed).await
}

/// A team with gaps, as the national office's page lists it.
struct GapRow {
    team_id: TeamId,
    name: String,
    gaps: usize,
    findings: usize,
    published: bool,
    /// The share of this year so far covered.
    year: String,
}

#[derive(Template)]
#[template(path = "oncall_gaps.html")]
struct GapsPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    teams: Vec<GapRow>,
}

/// The national office's page: which teams have gaps in the coming weeks.
pub async fn gaps(p: Page) -> PageResult {
    let teams = oncall::teams_with_gaps(p.app(), &p.actor()).await.on(&p)?;
    p.show(&GapsPage {
        tr: p.tr,
        title: p.tr.t("oncall_gaps_title").into(),
        nav: p.nav(),
        teams: teams
            .into_iter()
            .map(|t| GapRow {
                team_id: t.team_id,
                name: t.name,
                gaps: t.gaps,
                findings: t.findings,
                published: t.published,
                year: year_text(p.tr, &t.year),
            })
            .collect(),
    })
}

/// Which months the hours export covers: `from` (`YYYY-MM`) and how many.
#[derive(Debug, Default, serde::Deserialize)]
pub struct HoursQuery {
    from: Option<String>,
    months: Option<u32>,
}

/// The team's hours on call per person per month as CSV (the supervisor
/// and the national office): by default the two months before this one,
/// this one and the two after.
pub async fn hours_csv(
    p: Page,
    PageId(id): PageId<TeamId>,
    axum::extract::Query(q): axum::extract::Query<HoursQuery>,
) -> PageResult {
    let (table, name) = hours_table(&p, id, &q).await?;
    Ok(crate::subject_copy_pdf::attachment(
        "text/csv; charset=utf-8",
        &rundt_export::csv_file_name(&name),
        rundt_export::table_to_csv_in(&table, p.tr.notation()).into_bytes(),
    ))
}

/// The same table as an XLSX workbook, for payroll.
pub async fn hours_xlsx(
    p: Page,
    PageId(id): PageId<TeamId>,
    axum::extract::Query(q): axum::extract::Query<HoursQuery>,
) -> PageResult {
    let (table, name) = hours_table(&p, id, &q).await?;
    let bytes = rundt_export::tables_to_xlsx(&[table])
        .map_err(|e| AppError::Internal(e.to_string()))
        .on(&p)?;
    Ok(crate::subject_copy_pdf::attachment(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &rundt_export::xlsx_file_name(&name),
        bytes,
    ))
}

/// The hours per person per month as a table, and the file's name.
async fn hours_table(
    p: &Page,
    id: TeamId,
    q: &HoursQuery,
) -> Result<(rundt_export::Table, String), PageError> {
    let tr = p.tr;
    let today = p.app().clock.today();
    let first = match q.from.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(raw) => NaiveDate::parse_from_str(&format!("{raw}-01"), "%Y-%m-%d")
            .map_err(|_| AppError::invalid("from", msg!("month-shape")))
            .on(p)?,
        None => today
            .with_day(1)
            .and_then(|d| d.checked_sub_months(chrono::Months::new(2)))
            .unwrap_or(today),
    };
    let months = q.months.unwrap_or(5);
    let rows = oncall::hours_per_month(p.app(), &p.actor(), id, first, months)
        .await
        .on(p)?;
    let table = rundt_export::Table {
        title: tr.t("oncall_hours_title").to_owned(),
        columns: [
            "oncall_person",
            "oncall_month",
            "oncall_hours",
            "oncall_shifts",
        ]
        .iter()
        .map(|k| tr.t(k).to_owned())
        .collect(),
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    rundt_export::Cell::Text(r.name.clone()),
                    rundt_export::Cell::Text(r.month.format("%Y-%m").to_string()),
                    rundt_export::Cell::Number(r.minutes as f64 / 60.0, 1),
                    rundt_export::Cell::Integer(i64::from(r.shifts)),
                ]
            })
            .collect(),
    };
    let name = format!(
        "{} {} {}",
        tr.t("oncall_hours_title"),
        id,
        first.format("%Y-%m")
    );
    Ok((table, name))
}

/// The team's crisis contacts per month as CSV (counts only, no family
/// named): the supervisor and the national office.
pub async fn contacts_csv(p: Page, PageId(id): PageId<TeamId>) -> PageResult {
    let (table, name) = contacts_table(&p, id).await?;
    Ok(crate::subject_copy_pdf::attachment(
        "text/csv; charset=utf-8",
        &rundt_export::csv_file_name(&name),
        rundt_export::table_to_csv_in(&table, p.tr.notation()).into_bytes(),
    ))
}

/// The same table as an XLSX workbook.
pub async fn contacts_xlsx(p: Page, PageId(id): PageId<TeamId>) -> PageResult {
    let (table, name) = contacts_table(&p, id).await?;
    let bytes = rundt_export::tables_to_xlsx(&[table])
        .map_err(|e| AppError::Internal(e.to_string()))
        .on(&p)?;
    Ok(crate::subject_copy_pdf::attachment(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &rundt_export::xlsx_file_name(&name),
        bytes,
    ))
}

/// The crisis contacts per month as a table, and the file's name.
async fn contacts_table(p: &Page, id: TeamId) -> Result<(rundt_export::Table, String), PageError> {
    let tr = p.tr;
    let months = oncall::contact_figures::team_contact_figures(p.app(), &p.actor(), id)
        .await
        .on(p)?;
    let table = rundt_export::Table {
        title: tr.t("oncall_contact_figures").to_owned(),
        columns: [
            "oncall_month",
            "oncall_contacts",
            "oncall_contact_families",
            "oncall_contacts_per_family",
            "oncall_call_outs",
        ]
        .iter()
        .map(|k| tr.t(k).to_owned())
        .collect(),
        rows: months
            .iter()
            .map(|m| {
                vec![
                    rundt_export::Cell::Text(m.month.to_string()),
                    rundt_export::Cell::Integer(i64::from(m.contacts)),
                    rundt_export::Cell::Integer(i64::from(m.families)),
                    m.per_family().map_or(rundt_export::Cell::Empty, |x| {
                        rundt_export::Cell::Number(x, 1)
                    }),
                    rundt_export::Cell::Integer(i64::from(m.call_outs)),
                ]
            })
            .collect(),
    };
    let name = format!("{} {}", tr.t("oncall_contact_figures"), id);
    Ok((table, name))
}
