//! `/studies`: the list and the first step of a new study; `/studies/new`
//! the whole form with the defaults; `/studies/{id}` a study worked out in
//! three scenarios, with its comments and approvals; `/studies/{id}/edit`
//! its next version; the import, the versions and the downloads.

use askama::Template;
use axum::extract::Query;
use axum::http::StatusCode;
use chrono::NaiveDate;
use rundt_app::AppError;
use rundt_app::feasibility::{self, StudyView};
use rundt_app::reference;
use rundt_domain::Arg;
use rundt_domain::feasibility::{
    PlanYear, Scenario, ScenarioProjection, StudyDocument, StudyVersion, split_by_share,
};
use rundt_domain::money::Currency;
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::period::Month;
use rundt_domain::user::Role;

use super::super::cases::day;
use super::super::download;
use super::super::form::{self, Errors, Fields};
use super::super::money::{amount, percent_bp};
use super::super::{Nav, OrPage, Page, PageContext, PageId, PageResult};
use super::form::{StudyForm, last_year};
use super::{families, measure_label, scenario_label, status_label};
use crate::auth::CsrfMultipart;
use crate::i18n::Tr;
use crate::study_report::{
    StudyReportInput, study_chart, study_file_stem, study_report_pdf, study_report_pdf_name,
    study_tables,
};

/// A line of the list.
struct StudyLine {
    id: i64,
    title: String,
    municipalities: String,
    programme: String,
    status: &'static str,
    version: i64,
    saved_on: String,
    team_id: Option<i64>,
}

#[derive(Template)]
#[template(path = "studies.html")]
struct StudiesPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    studies: Vec<StudyLine>,
    may_make: bool,
    own: Option<(String, String)>,
    others: Vec<(String, String)>,
    models: Vec<(String, String)>,
    starts: String,
}

/// The studies the reader may see, and the first step of a new one for a
/// municipal manager.
pub async fn studies(p: Page) -> PageResult {
    let tr = p.tr;
    let list = feasibility::studies(p.app(), &p.actor()).await.on(&p)?;
    let who = &p.who.principal;
    let municipalities = reference::municipalities(p.app(), Some(who.country), None, false)
        .await
        .on(&p)?;
    let name_of = |code: &MunicipalityCode| {
        municipalities
            .iter()
            .find(|m| &m.code == code)
            .map_or_else(|| code.to_string(), |m| m.name.clone())
    };
    let studies = list
        .iter()
        .map(|s| StudyLine {
            id: s.id,
            title: s.title.clone(),
            municipalities: s
                .municipalities
                .iter()
                .map(&name_of)
                .collect::<Vec<_>>()
                .join(", "),
            programme: s.programme_model.clone(),
            status: status_label(tr, s.status),
            version: s.version,
            saved_on: day(s.saved_at.date_naive()),
            team_id: s.team_id.map(|t| t.get()),
        })
        .collect();
    let may_make = who.role == Role::MunicipalManager && who.municipality_code.is_some();
    let own = who
        .municipality_code
        .as_ref()
        .map(|c| (c.to_string(), name_of(c)));
    let others = municipalities
        .iter()
        .filter(|m| Some(&m.code) != who.municipality_code.as_ref())
        .map(|m| (m.code.to_string(), m.name.clone()))
        .collect();
    let models = reference::programme_models(p.app())
        .await
        .on(&p)?
        .into_iter()
        .map(|m| (m.code, m.name))
        .collect();
    let next = Month::of(p.app().clock.today()).next().next().next();
    let page = StudiesPage {
        tr,
        title: tr.t("studies_title").into(),
        nav: p.nav(),
        studies,
        may_make,
        own,
        others,
        models,
        starts: next.to_string(),
    };
    Ok(p.render(StatusCode::OK, &page))
}

#[derive(Template)]
#[template(path = "study_form.html")]
struct FormPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    csrf: String,
    action: String,
    version: Option<i64>,
    back: String,
    typed: StudyForm,
    names: Vec<(String, String)>,
    measures: Vec<(&'static str, &'static str)>,
    positions: Vec<(&'static str, &'static str)>,
    errors: Errors,
}

async fn names_of(
    p: &Page,
    codes: &[String],
) -> Result<Vec<(String, String)>, super::super::PageError> {
    let all = reference::municipalities(p.app(), Some(p.who.principal.country), None, false)
        .await
        .on(p)?;
    Ok(codes
        .iter()
        .map(|c| {
            let name = all
                .iter()
                .find(|m| m.code.as_str() == c)
                .map_or_else(|| c.clone(), |m| m.name.clone());
            (c.clone(), name)
        })
        .collect())
}

/// Where a form is posted to and what it is called.
struct FormTarget {
    title: String,
    action: String,
    back: String,
    version: Option<i64>,
}

async fn render_form(
    p: &Page,
    status: StatusCode,
    target: FormTarget,
    typed: StudyForm,
    errors: Errors,
) -> PageResult {
    let FormTarget {
        title,
        action,
        back,
        version,
    } = target;
    let tr = p.tr;
    let codes: Vec<String> = typed
        .municipalities
        .iter()
        .map(|(c, _)| c.clone())
        .collect();
    let names = names_of(p, &codes).await?;
    let page = FormPage {
        tr,
        title,
        nav: p.nav(),
        csrf: p.who.csrf_token().to_owned(),
        action,
        version,
        back,
        typed,
        names,
        measures: rundt_domain::feasibility::PotentialMeasure::ALL
            .iter()
            .map(|m| (m.as_str(), measure_label(tr, *m)))
            .collect(),
        positions: rundt_domain::team::Position::ALL
            .iter()
            .filter(|p| **p != rundt_domain::team::Position::Therapist)
            .map(|pos| (pos.as_str(), tr.t(pos.as_str())))
            .collect(),
        errors,
    };
    Ok(p.render(status, &page))
}

/// The whole form of a new study, filled with the defaults for the
/// municipalities chosen.
///
/// The first step asks for `partner` (repeated, each may be empty),
/// `programme_model` and `starts` (`YYYY-MM`).
pub async fn new_form(p: Page, Query(pairs): Query<Vec<(String, String)>>) -> PageResult {
    let tr = p.tr;
    let who = p.who.principal.clone();
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let mut codes: Vec<MunicipalityCode> = who.municipality_code.iter().cloned().collect();
    for raw in pairs
        .iter()
        .filter(|(k, v)| k == "partner" && !v.trim().is_empty())
        .map(|(_, v)| v)
    {
        let code = MunicipalityCode::parse(who.country, raw)
            .map_err(AppError::from)
            .on(&p)?;
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    let starts = value("starts")
        .as_deref()
        .and_then(Month::parse)
        .and_then(Month::first_day)
        .unwrap_or_else(|| p.app().clock.today());
    let model = value("programme_model").unwrap_or_else(|| "MST".into());
    let draft =
        feasibility::new_study_draft(p.app(), &p.actor(), who.country, &codes, &model, starts)
            .await
            .on(&p)?;
    let typed = StudyForm::of(tr, &draft, last_year(p.app().clock.today()));
    render_form(
        &p,
        StatusCode::OK,
        FormTarget {
            title: tr.t("study_new_title").into(),
            action: "/studies".into(),
            back: "/studies".into(),
            version: None,
        },
        typed,
        Errors::none(),
    )
    .await
}

/// Stores a new study.
pub async fn create(p: Page, f: Fields) -> PageResult {
    let tr = p.tr;
    let typed = StudyForm::posted(&f);
    let country = p.who.principal.country;
    let result = form::then(typed.document(country), async |doc: StudyDocument| {
        feasibility::create_study(p.app(), &p.actor(), &doc).await
    })
    .await;
    match result {
        Ok(study) => super::super::go_to(&format!("/studies/{}", study.id)),
        Err(e) => {
            let (status, errors) = form::refused(&p, e)?;
            render_form(
                &p,
                status,
                FormTarget {
                    title: tr.t("study_new_title").into(),
                    action: "/studies".into(),
                    back: "/studies".into(),
                    version: None,
                },
                typed,
                errors,
            )
            .await
        }
    }
}

/// The edit form: the newest version, to save the next.
pub async fn edit_form(p: Page, PageId(id): PageId<i64>) -> PageResult {
    let view = feasibility::study_view(p.app(), &p.actor(), id)
        .await
        .on(&p)?;
    if view.study.team_id.is_some() {
        return Err(AppError::Conflict(rundt_domain::msg!(
            "study-already-approved"
        )))
        .on(&p);
    }
    if !view.may_edit {
        return Err(AppError::Forbidden(rundt_domain::msg!(
            "studies-not-for-role"
        )))
        .on(&p);
    }
    let typed = StudyForm::of(
        p.tr,
        &view.study.current.document,
        last_year(p.app().clock.today()),
    );
    render_form(
        &p,
        StatusCode::OK,
        FormTarget {
            title: edit_title(p.tr, &view),
            action: format!("/studies/{id}/edit"),
            back: format!("/studies/{id}"),
            version: Some(view.study.current.version),
        },
        typed,
        Errors::none(),
    )
    .await
}

fn edit_title(tr: Tr, view: &StudyView) -> String {
    tr.args(
        "study_edit_title",
        &[(
            "title",
            Arg::from(view.study.current.document.title.as_str()),
        )],
    )
}

/// Saves the next version.
pub async fn save(p: Page, PageId(id): PageId<i64>, f: Fields) -> PageResult {
    let typed = StudyForm::posted(&f);
    let version = f.version();
    let country = p.who.principal.country;
    let result = form::then(typed.document(country), async |doc: StudyDocument| {
        let Some(version) = version else {
            return Err(AppError::VersionRequired(rundt_domain::msg!(
                "if-match-missing"
            )));
        };
        feasibility::save_study(p.app(), &p.actor(), id, version, &doc).await
    })
    .await;
    match result {
        Ok(_) => super::super::go_to(&format!("/studies/{id}")),
        Err(e) => {
            let (status, errors) = form::refused(&p, e)?;
            let title = p.tr.t("study_edit_plain").to_owned();
            render_form(
                &p,
                status,
                FormTarget {
                    title,
                    action: format!("/studies/{id}/edit"),
                    back: format!("/studies/{id}"),
                    version,
                },
                typed,
                errors,
            )
            .await
        }
    }
}

/// A scenario's column on the page.
struct ScenarioColumn {
    label: String,
    families_per_year: String,
    therapists_needed: String,
    third_from: String,
    fourth_from: String,
    first_year_cost: String,
    total_cost: String,
    total_value: String,
    end_net: String,
    break_even: String,
    warnings: Vec<String>,
    years: Vec<YearLine>,
}

struct YearLine {
    year: u8,
    first_month: String,
    referrals: String,
    served: String,
    therapists: u8,
    cost: String,
    value: String,
    net: String,
    cumulative: String,
    negative: bool,
}

/// One month of the ramp: the month, therapists per scenario, the
/// expected scenario's referrals and cost.
struct RampLine {
    month: String,
    therapists: Vec<u8>,
    referrals: String,
    cost: String,
    changed: bool,
}

struct Line {
    label: String,
    value: String,
    source: String,
}

#[derive(Template)]
#[template(path = "study.html")]
struct StudyPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    csrf: String,
    id: i64,
    version: i64,
    status: &'static str,
    team_id: Option<i64>,
    saved_on: String,
    facts: Vec<(String, String)>,
    owners: Vec<(String, String, bool)>,
    /// Each municipality's part, for a joint study: (name, share, cost
    /// and value in the expected scenario, net per scenario).
    parts: Vec<(String, String, String, String, Vec<String>)>,
    columns: Vec<ScenarioColumn>,
    chart: String,
    ramp: Vec<RampLine>,
    /// (municipality, measure, count, source, year).
    potential: Vec<(String, &'static str, u32, String, i32)>,
    /// (measure, low, expected, high).
    shares: Vec<(&'static str, String, String, String)>,
    /// (text, note, owner, resolved).
    barriers: Vec<(String, String, String, bool)>,
    assumptions: Vec<Line>,
    start_up: Vec<Line>,
    /// (written on, version, who, text).
    comments: Vec<(String, i64, String, String)>,
    may_edit: bool,
    may_comment: bool,
    may_approve_for: Option<String>,
    errors: Errors,
}

fn money_text(tr: Tr, minor: i64, currency: Currency) -> String {
    amount(tr, minor, currency)
}

fn first_month_with(s: &ScenarioProjection, therapists: u8) -> String {
    s.months
        .iter()
        .find(|m| m.therapists >= therapists)
        .map_or_else(|| "–".to_owned(), |m| Month::of(m.month).to_string())
}

fn year_line(tr: Tr, y: &PlanYear, currency: Currency) -> YearLine {
    YearLine {
        year: y.year,
        first_month: Month::of(y.first_month).to_string(),
        referrals: families(tr, y.referrals),
        served: families(tr, y.served),
        therapists: y.therapists_at_end,
        cost: money_text(tr, y.cost, currency),
        value: money_text(tr, y.avoided_value, currency),
        net: money_text(tr, y.net, currency),
        cumulative: money_text(tr, y.cumulative_net, currency),
        negative: y.cumulative_net < 0,
    }
}

fn column(tr: Tr, s: &ScenarioProjection, currency: Currency, years: u8) -> ScenarioColumn {
    let total_cost: i64 = s.years.iter().map(|y| y.cost).sum();
    let total_value: i64 = s.years.iter().map(|y| y.avoided_value).sum();
    ScenarioColumn {
        label: scenario_label(tr, s.scenario).to_owned(),
        families_per_year: families(tr, s.families_per_year),
        therapists_needed: families(tr, s.therapists_needed),
        third_from: first_month_with(s, 3),
        fourth_from: first_month_with(s, 4),
        first_year_cost: s
            .years
            .first()
            .map_or_else(String::new, |y| money_text(tr, y.cost, currency)),
        total_cost: money_text(tr, total_cost, currency),
        total_value: money_text(tr, total_value, currency),
        end_net: s
            .years
            .last()
            .map_or_else(String::new, |y| money_text(tr, y.cumulative_net, currency)),
        break_even: match s.break_even_year {
            Some(year) => tr.args(
                "study_break_even_in",
                &[("year", Arg::from(i64::from(year)))],
            ),
            None => tr.args(
                "study_break_even_none",
                &[("years", Arg::from(i64::from(years)))],
            ),
        },
        warnings: s.warnings.iter().map(|w| tr.message(w)).collect(),
        years: s.years.iter().map(|y| year_line(tr, y, currency)).collect(),
    }
}

fn line(label: String, value: String, source: &str) -> Line {
    Line {
        label,
        value,
        source: source.to_owned(),
    }
}

fn assumption_lines(tr: Tr, doc: &StudyDocument) -> Vec<Line> {
    let a = &doc.assumptions;
    let c = doc.currency;
    let mut lines = vec![
        line(
            tr.t("study_starts").into(),
            Month::of(a.starts_on).to_string(),
            "",
        ),
        line(tr.t("study_years").into(), a.years.to_string(), ""),
        line(
            tr.t("study_ramp_up_months").into(),
            a.ramp_up_months.to_string(),
            "",
        ),
        line(
            tr.t("study_families_per_therapist").into(),
            a.families_per_therapist_year.to_string(),
            &a.families_per_therapist_source,
        ),
        line(
            tr.t("study_therapist_salary").into(),
            money_text(tr, a.therapist_salary, c),
            &a.salary_source,
        ),
    ];
    for post in &a.posts {
        lines.push(line(
            tr.args(
                "study_post_salary",
                &[
                    ("post", Arg::from(tr.t(post.position.as_str()))),
                    ("fte", Arg::from(percent_bp(tr, Some(post.fte_bp)).as_str())),
                ],
            ),
            money_text(tr, post.yearly, c),
            &a.salary_source,
        ));
    }
    lines.extend([
        line(
            tr.args(
                "study_licence_fee_from",
                &[("year", Arg::from(i64::from(a.licence_from_year)))],
            ),
            money_text(tr, a.licence_fee_per_year, c),
            &a.licence_source,
        ),
        line(
            tr.t("study_later_training").into(),
            money_text(tr, a.later_therapist_training, c),
            "",
        ),
        line(
            tr.t("study_travel").into(),
            money_text(tr, a.travel_per_year, c),
            "",
        ),
        line(
            tr.t("study_overhead").into(),
            percent_bp(tr, Some(a.overhead_bp)),
            "",
        ),
        line(
            tr.t("study_placement_cost").into(),
            money_text(tr, a.placement_cost_per_year, c),
            &a.placement_source,
        ),
        line(
            tr.t("study_placement_months").into(),
            a.placement_months.to_string(),
            &a.placement_source,
        ),
        line(
            tr.t("study_avoided_share").into(),
            format!(
                "{} / {} / {}",
                percent_bp(tr, Some(a.avoided_share_bp.low)),
                percent_bp(tr, Some(a.avoided_share_bp.expected)),
                percent_bp(tr, Some(a.avoided_share_bp.high))
            ),
            &a.avoided_source,
        ),
    ]);
    lines
}

async fn render_study(p: &Page, id: i64, status: StatusCode, errors: Errors) -> PageResult {
    let tr = p.tr;
    let view = feasibility::study_view(p.app(), &p.actor(), id)
        .await
        .on(p)?;
    let study = &view.study;
    let doc = &study.current.document;
    let currency = doc.currency;
    let name_of = |code: &MunicipalityCode| {
        view.municipality_names
            .iter()
            .find(|(c, _)| c == code)
            .map_or_else(|| code.to_string(), |(_, n)| n.clone())
    };
    let years = doc.assumptions.years;
    let columns: Vec<ScenarioColumn> = view
        .projection
        .scenarios
        .iter()
        .map(|s| column(tr, s, currency, years))
        .collect();
    let chart = rundt_export::trend_svg(&study_chart(tr, &view.projection));
    let parts = parts_lines(tr, &view, currency, &name_of);
    let ramp = ramp_lines(tr, &view, currency);
    let page = StudyPage {
        tr,
        title: doc.title.clone(),
        nav: p.nav(),
        csrf: p.who.csrf_token().to_owned(),
        id,
        version: study.current.version,
        status: status_label(tr, study.status),
        team_id: study.team_id.map(|t| t.get()),
        saved_on: day(study.current.saved_at.date_naive()),
        facts: vec![
            (tr.t("study_team_name").into(), doc.team_name.clone()),
            (tr.t("study_programme").into(), view.model.name.clone()),
            (
                tr.t("study_starts").into(),
                Month::of(doc.assumptions.starts_on).to_string(),
            ),
        ],
        owners: doc
            .municipalities
            .iter()
            .map(|o| {
                (
                    name_of(&o.municipality_code),
                    percent_bp(tr, Some(o.share_bp)),
                    view.approved_now.contains(&o.municipality_code),
                )
            })
            .collect(),
        parts,
        columns,
        chart,
        ramp,
        potential: doc
            .potential
            .iter()
            .map(|f| {
                (
                    name_of(&f.municipality),
                    measure_label(tr, f.measure),
                    f.count,
                    f.source.clone(),
                    f.year,
                )
            })
            .collect(),
        shares: doc
            .referral_shares
            .iter()
            .map(|s| {
                (
                    measure_label(tr, s.measure),
                    percent_bp(tr, Some(s.share_bp.low)),
                    percent_bp(tr, Some(s.share_bp.expected)),
                    percent_bp(tr, Some(s.share_bp.high)),
                )
            })
            .collect(),
        barriers: doc
            .barriers
            .iter()
            .map(|b| (b.text.clone(), b.note.clone(), b.owner.clone(), b.resolved))
            .collect(),
        assumptions: assumption_lines(tr, doc),
        start_up: doc
            .assumptions
            .start_up
            .iter()
            .map(|l| {
                line(
                    l.description.clone(),
                    money_text(tr, l.amount, currency),
                    &l.source,
                )
            })
            .collect(),
        comments: study
            .comments
            .iter()
            .map(|c| {
                (
                    day(c.written_at.date_naive()),
                    c.version,
                    c.written_by
                        .and_then(|u| view.names.get(&u).cloned())
                        .unwrap_or_default(),
                    c.text.clone(),
                )
            })
            .collect(),
        may_edit: view.may_edit,
        may_comment: view.may_comment,
        may_approve_for: view.may_approve_for.as_ref().map(name_of),
        errors,
    };
    Ok(p.render(status, &page))
}

/// Each municipality's part of a joint study: its share, the expected
/// scenario's cost and value over all years, and the net of each scenario.
fn parts_lines(
    tr: Tr,
    view: &StudyView,
    currency: Currency,
    name_of: &impl Fn(&MunicipalityCode) -> String,
) -> Vec<(String, String, String, String, Vec<String>)> {
    let owners = &view.study.current.document.municipalities;
    if owners.len() < 2 {
        return Vec::new();
    }
    let by_scenario: Vec<_> = view
        .projection
        .scenarios
        .iter()
        .map(|s| (s.scenario, split_by_share(s, owners)))
        .collect();
    owners
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let expected = by_scenario
                .iter()
                .find(|(s, _)| *s == Scenario::Expected)
                .and_then(|(_, parts)| parts.get(i));
            (
                name_of(&o.municipality_code),
                percent_bp(tr, Some(o.share_bp)),
                expected.map_or_else(String::new, |p| money_text(tr, p.cost, currency)),
                expected.map_or_else(String::new, |p| money_text(tr, p.avoided_value, currency)),
                by_scenario
                    .iter()
                    .map(|(_, parts)| {
                        parts
                            .get(i)
                            .map_or_else(String::new, |p| money_text(tr, p.net, currency))
                    })
                    .collect(),
            )
        })
        .collect()
}

fn ramp_lines(tr: Tr, view: &StudyView, currency: Currency) -> Vec<RampLine> {
    let scenarios = &view.projection.scenarios;
    let Some(expected) = scenarios
        .iter()
        .find(|s| s.scenario == rundt_domain::feasibility::Scenario::Expected)
    else {
        return Vec::new();
    };
    expected
        .months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let therapists: Vec<u8> = scenarios
                .iter()
                .map(|s| s.months.get(i).map_or(0, |x| x.therapists))
                .collect();
            let changed = i == 0
                || scenarios.iter().any(|s| {
                    s.months.get(i).map(|x| x.therapists)
                        != s.months.get(i - 1).map(|x| x.therapists)
                });
            RampLine {
                month: Month::of(m.month).to_string(),
                therapists,
                referrals: families(tr, m.referrals),
                cost: money_text(tr, m.cost, currency),
                changed,
            }
        })
        .collect()
}

/// Where a form on the study page ends: back at `anchor` of the study when
/// the use case took it, otherwise the study again with what was wrong.
async fn back_to_study<T>(
    p: &Page,
    id: i64,
    anchor: &str,
    result: Result<T, AppError>,
) -> PageResult {
    form::settle(
        p,
        result,
        &format!("/studies/{id}#{anchor}"),
        |status, errors| render_study(p, id, status, errors),
    )
    .await
}

/// A study worked out.
pub async fn show(p: Page, PageId(id): PageId<i64>) -> PageResult {
    render_study(&p, id, StatusCode::OK, Errors::none()).await
}

/// A comment on the newest version.
pub async fn comment(p: Page, PageId(id): PageId<i64>, f: Fields) -> PageResult {
    let text = f.text("text");
    let result = feasibility::comment_on_study(p.app(), &p.actor(), id, &text).await;
    back_to_study(&p, id, "comments", result).await
}

/// The reader's municipality approves the version shown.
pub async fn approve(p: Page, PageId(id): PageId<i64>, f: Fields) -> PageResult {
    let municipality = p.who.principal.municipality_code.clone();
    let result = async {
        let version = f.required_version()?;
        let municipality = municipality
            .ok_or_else(|| AppError::Forbidden(rundt_domain::msg!("studies-not-for-role")))?;
        feasibility::approve_study(p.app(), &p.actor(), id, version, &municipality).await
    }
    .await;
    back_to_study(&p, id, "approvals", result).await
}

/// Replaces the potential with a CSV file's figures, as the next version.
pub async fn import_potential(
    p: Page,
    PageId(id): PageId<i64>,
    upload: CsrfMultipart,
) -> PageResult {
    let f = Fields(upload.fields);
    let result = async {
        let version = f.required_version()?;
        let Some(file) = upload.file.filter(|f| !f.bytes.is_empty()) else {
            return Err(AppError::invalid(
                "file",
                rundt_domain::msg!("study-import-no-file"),
            ));
        };
        let text = String::from_utf8(file.bytes)
            .map_err(|_| AppError::invalid("file", rundt_domain::msg!("study-import-not-text")))?;
        feasibility::import_potential(p.app(), &p.actor(), id, version, &text).await
    }
    .await;
    back_to_study(&p, id, "potential", result).await
}

#[derive(Template)]
#[template(path = "study_versions.html")]
struct VersionsPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    id: i64,
    /// (version, saved on, title, municipalities with shares, families a
    /// year expected, potential lines).
    versions: Vec<(i64, String, String, String, String)>,
}

fn version_line(tr: Tr, v: &StudyVersion) -> (i64, String, String, String, String) {
    let doc = &v.document;
    let owners = doc
        .municipalities
        .iter()
        .map(|o| {
            format!(
                "{} ({})",
                o.municipality_code,
                percent_bp(tr, Some(o.share_bp))
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let potential = doc
        .potential
        .iter()
        .map(|f| {
            format!(
                "{} {}: {}",
                f.municipality,
                measure_label(tr, f.measure),
                f.count
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    (
        v.version,
        day(v.saved_at.date_naive()),
        doc.title.clone(),
        owners,
        potential,
    )
}

/// Every version of a study, newest first.
pub async fn versions(p: Page, PageId(id): PageId<i64>) -> PageResult {
    let tr = p.tr;
    let list = feasibility::study_versions(p.app(), &p.actor(), id)
        .await
        .on(&p)?;
    let title = list
        .last()
        .map(|v| v.document.title.clone())
        .unwrap_or_default();
    let page = VersionsPage {
        tr,
        title: tr.args(
            "study_versions_title",
            &[("title", Arg::from(title.as_str()))],
        ),
        nav: p.nav(),
        id,
        versions: list.iter().rev().map(|v| version_line(tr, v)).collect(),
    };
    Ok(p.render(StatusCode::OK, &page))
}

fn report_input<'a>(view: &'a StudyView, today: NaiveDate) -> StudyReportInput<'a> {
    StudyReportInput {
        study: &view.study,
        projection: &view.projection,
        municipality_names: &view.municipality_names,
        model_name: &view.model.name,
        exported_on: today,
    }
}

/// The council report as PDF, in the reader's language.
pub async fn report_pdf(p: Page, PageId(id): PageId<i64>) -> PageResult {
    let view = feasibility::study_report(p.app(), &p.actor(), id)
        .await
        .on(&p)?;
    let input = report_input(&view, p.app().clock.today());
    let bytes = study_report_pdf(p.tr, &input);
    Ok(crate::subject_copy_pdf::attachment(
        "application/pdf",
        &study_report_pdf_name(p.tr, &input),
        bytes,
    ))
}

/// The study's numbers as CSV.
pub async fn report_csv(p: Page, id: PageId<i64>) -> PageResult {
    report_table(p, id, false).await
}

/// The study's numbers as an XLSX workbook.
pub async fn report_xlsx(p: Page, id: PageId<i64>) -> PageResult {
    report_table(p, id, true).await
}

async fn report_table(p: Page, PageId(id): PageId<i64>, xlsx: bool) -> PageResult {
    let view = feasibility::study_report(p.app(), &p.actor(), id)
        .await
        .on(&p)?;
    let input = report_input(&view, p.app().clock.today());
    let tables = study_tables(p.tr, &input);
    let name = study_file_stem(p.tr, &input);
    if xlsx {
        download::xlsx(&p, &tables, &name)
    } else {
        download::csv(&p, &tables, &name)
    }
}
