//! `/studies/{id}`: a study worked out in three scenarios — side by side,
//! the chart, year by year, the ramp, the municipalities' parts — with its
//! potential, barriers, assumptions, approvals and comments, and the forms
//! that comment, approve and import the potential.

use askama::Template;
use axum::http::StatusCode;
use rundt_app::AppError;
use rundt_app::feasibility::{self, StudyView};
use rundt_domain::Arg;
use rundt_domain::country::programme_date;
use rundt_domain::feasibility::{
    PlanYear, Scenario, ScenarioProjection, StudyDocument, split_by_share,
};
use rundt_domain::money::Currency;
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::period::Month;

use super::super::cases::day;
use super::super::form::{self, Errors, Fields};
use super::super::money::{amount, percent_bp};
use super::super::{Nav, OrPage, Page, PageContext, PageId, PageResult};
use super::{families, measure_label, scenario_label, status_label};
use crate::auth::CsrfMultipart;
use crate::i18n::Tr;
use crate::study_report::study_chart;

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
        saved_on: day(programme_date(study.current.saved_at)),
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
                    day(programme_date(c.written_at)),
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
