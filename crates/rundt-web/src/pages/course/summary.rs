//! The weekly summary: made for a phone; a new one starts from last week's
//! goals.

use super::*;
use axum::extract::Query;
use axum::response::{IntoResponse, Redirect};
use rundt_domain::id::CaseId;
use rundt_domain::safety::SafetyReview;
use rundt_domain::treatment::{MAX_CONTACTS_PER_WEEK, TreatmentWeeks};
use serde::Deserialize;

/// The contact rows the form offers: two contacts a day for a week. The
/// first few show; the rest wait under "Add a contact" (a script reveals
/// them one at a time; without it they fold out together).
pub const CONTACT_ROWS: usize = 14;

/// Contact rows shown open on a new form.
const OPEN_CONTACT_ROWS: usize = 3;

/// One contact row as typed.
#[derive(Debug, Clone, Default)]
pub struct ContactRow {
    date: String,
    minutes: String,
    with: String,
    place: String,
    mode: String,
}

/// Progress on a goal as typed.
#[derive(Debug, Clone, Default)]
pub struct ProgressRow {
    goal: String,
    attainment: String,
    note: String,
}

#[derive(Debug, Clone, Default)]
pub struct DriverRow {
    system: String,
    driver: String,
    prioritised: bool,
}

/// The weekly summary form as typed: rows that are empty are left out.
#[derive(Debug, Clone, Default)]
pub struct SummaryForm {
    week_start: String,
    contacts: Vec<ContactRow>,
    last_goals: Vec<ProgressRow>,
    advances: String,
    barriers: String,
    drivers: Vec<DriverRow>,
    next_goals: Vec<String>,
    overarching: Vec<ProgressRow>,
    safety: String,
    /// The safety plan's review (MST-CAN): holds, changed or broken.
    safety_review: String,
    questions: String,
}

fn progress_rows(f: &Fields, list: &str) -> Vec<ProgressRow> {
    (0..f.rows(list, 20))
        .map(|i| ProgressRow {
            goal: form::one_line(&f.text(&format!("{list}[{i}].goal"))),
            attainment: f.get(&format!("{list}[{i}].attainment")),
            note: form::one_line(&f.text(&format!("{list}[{i}].note"))),
        })
        .filter(|r| !(r.goal.is_empty() && r.attainment.is_empty() && r.note.is_empty()))
        .collect()
}

impl SummaryForm {
    fn from_fields(f: &Fields) -> Self {
        Self {
            week_start: f.get("week_start"),
            contacts: (0..f.rows("contacts", MAX_CONTACTS_PER_WEEK))
                .map(|i| ContactRow {
                    date: f.get(&format!("contacts[{i}].date")),
                    minutes: f.get(&format!("contacts[{i}].minutes")),
                    with: f.get(&format!("contacts[{i}].with")),
                    place: f.get(&format!("contacts[{i}].place")),
                    mode: f.get(&format!("contacts[{i}].mode")),
                })
                .filter(|c| form::any_filled(&[&c.date, &c.minutes, &c.with, &c.place]))
                .collect(),
            last_goals: progress_rows(f, "last_week_goals"),
            advances: f.text("advances").trim().to_owned(),
            barriers: f.text("barriers").trim().to_owned(),
            drivers: (0..f.rows("fit_drivers", 20))
                .map(|i| DriverRow {
                    system: f.get(&format!("fit_drivers[{i}].system")),
                    driver: form::one_line(&f.text(&format!("fit_drivers[{i}].driver"))),
                    prioritised: f.has(&format!("fit_drivers[{i}].prioritised")),
                })
                .filter(|d| !d.driver.is_empty())
                .collect(),
            next_goals: (0..f.rows("next_week_goals", 20))
                .map(|i| form::one_line(&f.text(&format!("next_week_goals[{i}]"))))
                .filter(|g| !g.is_empty())
                .collect(),
            overarching: progress_rows(f, "overarching_progress"),
            safety: f.text("safety").trim().to_owned(),
            safety_review: f.get("safety_review"),
            questions: f.text("questions").trim().to_owned(),
        }
    }

    fn from_summary(s: &WeeklySummary) -> Self {
        let progress = |g: &GoalProgress| ProgressRow {
            goal: g.goal.clone(),
            attainment: attainment_code(g.attainment).into(),
            note: g.note.clone(),
        };
        Self {
            week_start: day(s.week_start),
            contacts: s
                .contacts
                .iter()
                .map(|c| ContactRow {
                    date: day(c.date),
                    minutes: c.minutes.to_string(),
                    with: c.with.join(", "),
                    place: c.place.clone(),
                    mode: mode_code(c.mode).into(),
                })
                .collect(),
            last_goals: s.last_week_goals.iter().map(progress).collect(),
            advances: s.advances.clone(),
            barriers: s.barriers.clone(),
            drivers: s
                .fit_drivers
                .iter()
                .map(|d| DriverRow {
                    system: d.system.as_str().into(),
                    driver: d.driver.clone(),
                    prioritised: d.prioritised,
                })
                .collect(),
            next_goals: s.next_week_goals.clone(),
            overarching: s.overarching_progress.iter().map(progress).collect(),
            safety: s.safety.clone(),
            safety_review: s
                .safety_review
                .map(|r| r.as_str().to_owned())
                .unwrap_or_default(),
            questions: s.questions.clone(),
        }
    }

    /// The summary to save, or what is unreadable. Progress rows without an
    /// attainment or a note are goals not looked at this week.
    fn to_summary(&self) -> Result<WeeklySummary, Vec<FieldError>> {
        let mut errors = Vec::new();
        let week_start = form::date(
            &self.week_start,
            "week_start",
            &mut errors,
            msg!("bad_date"),
        );
        if self.week_start.is_empty() {
            required("week_start", &mut errors);
        }
        let mut contacts = Vec::new();
        for (i, c) in self.contacts.iter().enumerate() {
            let field = |f: &str| format!("contacts[{i}].{f}");
            let date = form::date(&c.date, &field("date"), &mut errors, msg!("bad_date"));
            if c.date.is_empty() {
                required(&field("date"), &mut errors);
            }
            let minutes = c.minutes.parse::<u16>().ok();
            if minutes.is_none() {
                errors.push(FieldError::new(field("minutes"), msg!("bad_minutes")));
            }
            let mode = parse_mode(&c.mode).unwrap_or(ContactMode::FaceToFace);
            if let (Some(date), Some(minutes)) = (date, minutes) {
                contacts.push(Contact {
                    date,
                    minutes,
                    with: c
                        .with
                        .split(',')
                        .map(str::trim)
                        .filter(|w| !w.is_empty())
                        .map(str::to_owned)
                        .collect(),
                    place: c.place.clone(),
                    mode,
                });
            }
        }
        let progress = |list: &str, rows: &[ProgressRow], errors: &mut Vec<FieldError>| {
            let mut out = Vec::new();
            for (i, r) in rows.iter().enumerate() {
                match parse_attainment(&r.attainment) {
                    Some(attainment) => {
                        if r.goal.is_empty() {
                            required(&format!("{list}[{i}].goal"), errors);
                        }
                        out.push(GoalProgress {
                            goal: r.goal.clone(),
                            attainment,
                            note: r.note.clone(),
                        });
                    }
                    None if !r.note.is_empty() => errors.push(FieldError::new(
                        format!("{list}[{i}].attainment"),
                        msg!("choose_attainment"),
                    )),
                    None => {}
                }
            }
            out
        };
        let last_week_goals = progress("last_week_goals", &self.last_goals, &mut errors);
        let overarching_progress = progress("overarching_progress", &self.overarching, &mut errors);
        let fit_drivers = self
            .drivers
            .iter()
            .map(|d| FitDriver {
                system: parse_system(&d.system).unwrap_or(System::Individual),
                driver: d.driver.clone(),
                prioritised: d.prioritised,
            })
            .collect();
        let safety_review = match self.safety_review.as_str() {
            "" => None,
            code => {
                let review = SafetyReview::from_code(code);
                if review.is_none() {
                    errors.push(FieldError::new(
                        "safety_review",
                        msg!("choose_safety_review"),
                    ));
                }
                review
            }
        };
        match week_start {
            Some(week_start) if errors.is_empty() => Ok(WeeklySummary {
                week_start,
                contacts,
                last_week_goals,
                advances: self.advances.clone(),
                barriers: self.barriers.clone(),
                fit_drivers,
                next_week_goals: self.next_goals.clone(),
                overarching_progress,
                safety: self.safety.clone(),
                safety_review,
                questions: self.questions.clone(),
            }),
            _ => Err(errors),
        }
    }

    /// Blank rows to type into: all the contact rows the form offers
    /// (see [`Self::open_contacts`] for how many show at first).
    fn padded(mut self) -> Self {
        let at_least = |n: usize, min: usize, extra: usize| (n + extra).max(min);
        let n = self.contacts.len().max(CONTACT_ROWS);
        self.contacts.resize(
            n,
            ContactRow {
                mode: mode_code(ContactMode::FaceToFace).into(),
                ..ContactRow::default()
            },
        );
        let n = at_least(self.last_goals.len(), 3, 1);
        self.last_goals.resize(n, ProgressRow::default());
        let n = at_least(self.drivers.len(), 3, 1);
        self.drivers.resize(n, DriverRow::default());
        let n = at_least(self.next_goals.len(), 4, 1);
        self.next_goals.resize(n, String::new());
        if self.overarching.is_empty() {
            self.overarching.push(ProgressRow::default());
        }
        self
    }

    /// How many contact rows show open: those filled in and one more, at
    /// least three.
    fn open_contacts(&self) -> usize {
        let filled = self
            .contacts
            .iter()
            .rposition(|c| form::any_filled(&[&c.date, &c.minutes, &c.with, &c.place]))
            .map_or(0, |last| last + 1);
        (filled + 1).max(OPEN_CONTACT_ROWS).min(self.contacts.len())
    }
}

/// A week of the course as the form's week picker links it.
pub struct WeekLink {
    /// The treatment week's number, from 1.
    n: i64,
    monday: String,
    href: String,
    /// Its summary is written (the link edits it).
    written: bool,
    /// The week the form is for.
    current: bool,
}

/// The course's weeks so far, each linked to its new or written summary.
fn week_links(
    case_id: CaseId,
    weeks: TreatmentWeeks,
    until: NaiveDate,
    written: &[NaiveDate],
    chosen: NaiveDate,
) -> Vec<WeekLink> {
    (1..=weeks.current(until))
        .map(|n| {
            let monday = weeks.monday_of(n);
            let written = written.contains(&monday);
            let href = if written {
                format!("/cases/{case_id}/weekly-summaries/{}/edit", day(monday))
            } else {
                format!("/cases/{case_id}/weekly-summaries/new?week={n}")
            };
            WeekLink {
                n,
                monday: day(monday),
                href,
                written,
                current: monday == chosen,
            }
        })
        .collect()
}

/// The weeks of a family's course: from the start of treatment, or, for a
/// file without one, its first summary's week. The last day counted is
/// today, or the day of discharge.
fn course_weeks(file: &CaseFile, today: NaiveDate) -> Option<(TreatmentWeeks, NaiveDate)> {
    let first_summary = file
        .weekly_summaries
        .iter()
        .map(|w| w.summary.week_start)
        .min();
    let start = file.case.treatment_start.or(first_summary)?;
    let until = file.case.discharged_on.map_or(today, |d| d.min(today));
    Some((TreatmentWeeks::from_start(start), until))
}

fn written_weeks(file: &CaseFile) -> Vec<NaiveDate> {
    file.weekly_summaries
        .iter()
        .map(|w| w.summary.week_start)
        .collect()
}

#[derive(Template)]
#[template(path = "weekly_summary_form.html")]
struct SummaryPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    csrf: String,
    case_id: CaseId,
    action: String,
    /// Editing a stored week (the week is then fixed).
    editing: bool,
    version: String,
    form: SummaryForm,
    /// Contact rows shown open; the others fold under "Add a contact".
    open_contacts: usize,
    errors: Errors,
    modes: Choices,
    systems: Choices,
    attainments: Choices,
    today: String,
    /// The course's weeks, to choose another (none on a form sent back).
    weeks: Vec<WeekLink>,
    /// "Restored a draft saved at %TIME%": the script puts the time in.
    draft_notice: String,
    /// The draft kept on the device while typing: `new`, or `edit-v3` for
    /// the edit of version 3 (so a draft of an older version is not put
    /// over a newer one).
    draft_variant: String,
    /// The form comes back from a post: it shows what was sent, so a draft
    /// is not restored over it (the script keeps saving).
    posted: bool,
    /// An MST-CAN family: the form asks for the safety plan's review.
    safety_first: bool,
    /// (code, label) of the reviews.
    reviews: Choices,
    /// The week's crisis contacts, read-only above the form: (address,
    /// when, "who · risk · what about").
    crisis_week: Vec<(String, String, String)>,
}

/// How the summary form is drawn besides its fields.
#[derive(Default)]
struct Shape {
    /// Editing a stored week (the week is then fixed): its day and version.
    editing: Option<(NaiveDate, i64)>,
    weeks: Vec<WeekLink>,
    posted: bool,
    /// An MST-CAN family: the week's review of the safety plan is asked.
    safety_first: bool,
    /// The week's crisis contacts (an MST family's), as shown.
    crisis_week: Vec<(String, String, String)>,
}

/// The crisis contacts of the week that starts on `week`, read (audited)
/// only when the family has any.
async fn crisis_week(
    p: &Page,
    file: &CaseFile,
    week: NaiveDate,
) -> Result<Vec<(String, String, String)>, PageError> {
    if file.crisis.as_ref().is_none_or(|c| c.contacts == 0) {
        return Ok(Vec::new());
    }
    let tr = p.tr;
    let id = file.case.id;
    let contacts = rundt_app::crisis_contact::list(p.app(), &p.actor(), id)
        .await
        .on(p)?;
    Ok(contacts
        .of_week(week)
        .into_iter()
        .map(|r| {
            let c = &r.contact;
            (
                format!("/cases/{id}/crisis-contacts/{}", r.id),
                contacts.country.local_time(c.at),
                format!(
                    "{} · {} · {}",
                    tr.t(&format!("crisis_caller_{}", c.caller.as_str())),
                    tr.t(&format!("crisis_risk_{}", c.risk.as_str())),
                    c.about
                ),
            )
        })
        .collect())
}

fn summary_page(
    p: &Page,
    status: StatusCode,
    case_id: CaseId,
    shape: Shape,
    form: SummaryForm,
    errors: Errors,
) -> Response {
    let editing = shape.editing;
    let (action, version) = match editing {
        Some((week, v)) => (
            format!("/cases/{case_id}/weekly-summaries/{}/edit", day(week)),
            v.to_string(),
        ),
        None => (
            format!("/cases/{case_id}/weekly-summaries/new"),
            String::new(),
        ),
    };
    let tr = p.tr;
    let draft_variant = match editing {
        Some((_, v)) => format!("edit-v{v}"),
        None => "new".to_owned(),
    };
    let form = form.padded();
    p.render(
        status,
        &SummaryPage {
            tr,
            title: family_title(tr, "write_weekly_summary", case_id),
            nav: p.nav(),
            csrf: p.who.csrf_token().to_owned(),
            case_id,
            action,
            editing: editing.is_some(),
            version,
            open_contacts: form.open_contacts(),
            form,
            errors,
            modes: modes(tr),
            systems: systems(tr),
            attainments: attainments(tr),
            today: day(p.app().clock.today()),
            weeks: shape.weeks,
            draft_notice: tr.tf("draft_restored", &[("time", "%TIME%")]),
            draft_variant,
            posted: shape.posted,
            safety_first: shape.safety_first,
            reviews: SafetyReview::ALL
                .iter()
                .map(|r| (r.as_str(), tr.t(&format!("review_{}", r.as_str()))))
                .collect(),
            crisis_week: shape.crisis_week,
        },
    )
}

/// A new summary of `week` starts from the goals set the week before and
/// the assessment's goals.
fn new_summary(file: &CaseFile, week: NaiveDate) -> SummaryForm {
    let previous = file
        .weekly_summaries
        .iter()
        .filter(|w| w.summary.week_start < week)
        .max_by_key(|w| w.summary.week_start);
    SummaryForm {
        week_start: day(week),
        last_goals: previous
            .map(|p| {
                p.summary
                    .next_week_goals
                    .iter()
                    .map(|g| ProgressRow {
                        goal: g.clone(),
                        ..ProgressRow::default()
                    })
                    .collect()
            })
            .unwrap_or_default(),
        overarching: goals_to_rate(file)
            .iter()
            .map(|g| ProgressRow {
                goal: g.goal.clone(),
                ..ProgressRow::default()
            })
            .collect(),
        ..SummaryForm::default()
    }
}

/// The week a new summary's address asks for: `?week=N`, a treatment week
/// that has begun (N from 1).
#[derive(Debug, Default, Deserialize)]
pub struct WeekQuery {
    week: Option<String>,
    lang: Option<String>,
}

/// The week the new form is for: the one asked for, else the overdue or
/// the current treatment week; a week that is not one of the course's so
/// far is not found.
fn chosen_week(
    p: &Page,
    file: &CaseFile,
    asked: Option<&str>,
) -> Result<(NaiveDate, Vec<WeekLink>), PageError> {
    let today = p.app().clock.today();
    let written = written_weeks(file);
    let Some((weeks, until)) = course_weeks(file, today) else {
        // Not in treatment yet: last week, as a place to start (saving
        // says why it cannot be written now).
        if let Some(raw) = asked {
            return Err(AppError::NotFound(raw.to_owned())).on(p);
        }
        return Ok((week_start_of(today) - Duration::days(7), Vec::new()));
    };
    let week = match asked {
        Some(raw) => match raw.trim().parse::<i64>() {
            Ok(n) if (1..=weeks.current(until)).contains(&n) => weeks.monday_of(n),
            _ => return Err(AppError::NotFound(raw.to_owned())).on(p),
        },
        None => weeks.default_week(until, &written),
    };
    let links = week_links(file.case.id, weeks, until, &written, week);
    Ok((week, links))
}

pub async fn summary_new(
    p: Page,
    PageId(id): PageId<CaseId>,
    Query(q): Query<WeekQuery>,
) -> PageResult {
    let file = case_file(&p, id).await?;
    let (week, weeks) = chosen_week(&p, &file, q.week.as_deref())?;
    // A week already written opens for editing.
    if written_weeks(&file).contains(&week) {
        let edit = format!("/cases/{id}/weekly-summaries/{}/edit", day(week));
        let lang = crate::pages::LangQuery { lang: q.lang };
        return Ok(Redirect::to(&crate::pages::with_lang(&edit, &lang)).into_response());
    }
    let form = new_summary(&file, week);
    let errors = not_now(p.tr, &file, Step::RecordWeeklySummary);
    let shape = Shape {
        weeks,
        safety_first: file.safety.is_some(),
        crisis_week: crisis_week(&p, &file, week).await?,
        ..Shape::default()
    };
    Ok(summary_page(&p, StatusCode::OK, id, shape, form, errors))
}

/// The family and the week of a summary's address; the not-found page
/// when either is not one.
fn summary_address(p: &Page, id: &str, week: &str) -> Result<(CaseId, NaiveDate), PageError> {
    let week = NaiveDate::parse_from_str(week, "%Y-%m-%d")
        .map_err(|_| AppError::NotFound(week.to_owned()));
    parse_id(id).and_then(|id| Ok((id, week?))).on(p)
}

pub async fn summary_edit(p: Page, Path((id, week)): Path<(String, String)>) -> PageResult {
    let (id, week) = summary_address(&p, &id, &week)?;
    let file = case_file(&p, id).await?;
    let stored = file
        .weekly_summaries
        .iter()
        .find(|w| w.summary.week_start == week)
        .ok_or_else(|| AppError::NotFound(day(week)))
        .on(&p)?;
    let form = SummaryForm::from_summary(&stored.summary);
    let today = p.app().clock.today();
    let weeks = course_weeks(&file, today)
        .map(|(weeks, until)| week_links(id, weeks, until, &written_weeks(&file), week))
        .unwrap_or_default();
    let shape = Shape {
        editing: Some((week, stored.version)),
        weeks,
        posted: false,
        safety_first: file.safety.is_some(),
        crisis_week: crisis_week(&p, &file, week).await?,
    };
    Ok(summary_page(
        &p,
        StatusCode::OK,
        id,
        shape,
        form,
        Errors::none(),
    ))
}

async fn save_summary(
    p: &Page,
    id: CaseId,
    editing: Option<(NaiveDate, i64)>,
    f: &Fields,
) -> PageResult {
    let mut typed = SummaryForm::from_fields(f);
    if let Some((week, _)) = editing {
        typed.week_start = day(week);
    }
    let result = match typed.to_summary() {
        Ok(summary) => {
            let version = editing.map(|(_, v)| v);
            treatment::save_weekly_summary(p.app(), &p.actor(), id, &summary, version).await
        }
        Err(fields) => Err(AppError::Invalid(fields)),
    };
    // The family's page confirms the week, and so tells the device its
    // draft is done with.
    let target = match &result {
        Ok(saved) => format!(
            "/cases/{id}?summary_saved={}#summaries",
            day(saved.summary.week_start)
        ),
        Err(_) => String::new(),
    };
    form::settle(p, result, &target, |status, errors| {
        let shape = Shape {
            editing,
            weeks: Vec::new(),
            posted: true,
            safety_first: f.has("safety_first"),
            crisis_week: Vec::new(),
        };
        std::future::ready(Ok(summary_page(p, status, id, shape, typed, errors)))
    })
    .await
}

pub async fn summary_create(
    p: Page,
    PageId(id): PageId<CaseId>,
    Fields(pairs): Fields,
) -> PageResult {
    save_summary(&p, id, None, &Fields(pairs)).await
}

pub async fn summary_update(
    p: Page,
    Path((id, week)): Path<(String, String)>,
    Fields(pairs): Fields,
) -> PageResult {
    let (id, week) = summary_address(&p, &id, &week)?;
    let f = Fields(pairs);
    let version = f.required_version().on(&p)?;
    save_summary(&p, id, Some((week, version)), &f).await
}
