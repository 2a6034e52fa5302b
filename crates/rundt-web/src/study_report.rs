//! The feasibility study's report to the municipal councils: the study's
//! facts, the three scenarios side by side and year by year, the staffing
//! ramp month by month, the potential, the referral shares, the barriers
//! and every assumption with its source, and the cumulative net as a chart;
//! as tables (for CSV and XLSX) and as a PDF. Built from the domain's
//! records alone, in the reader's language.

use chrono::NaiveDate;
use rundt_domain::country::programme_date;
use rundt_domain::feasibility::{
    ByScenario, PlanMonth, PotentialMeasure, Scenario, ScenarioProjection, Study, StudyDocument,
    StudyProjection, StudyStatus, split_by_share,
};
use rundt_domain::money::Minor;
use rundt_domain::municipality::MunicipalityCode;
use rundt_export::{Cell, PdfOptions, Report, Series, Table, TrendChart};

use crate::i18n::Tr;
use crate::report::date;

/// What the report is made from: the study as stored (its newest version),
/// the projection of that version, the municipalities' names and the
/// programme's name.
pub(crate) struct StudyReportInput<'a> {
    pub study: &'a Study,
    pub projection: &'a StudyProjection,
    /// Names by code; a municipality not named shows its code.
    pub municipality_names: &'a [(MunicipalityCode, String)],
    /// The programme's name as people know it (e.g. "MST-CAN").
    pub model_name: &'a str,
    /// The day the report is made, printed in the facts and the footer.
    pub exported_on: NaiveDate,
}

impl StudyReportInput<'_> {
    fn document(&self) -> &StudyDocument {
        &self.study.current.document
    }

    fn municipality_name(&self, code: &MunicipalityCode) -> String {
        self.municipality_names
            .iter()
            .find(|(c, _)| c == code)
            .map_or_else(|| code.as_str().to_owned(), |(_, name)| name.clone())
    }
}

/// A scenario in the reader's language ("Forventet").
pub(crate) fn scenario_word(tr: Tr, scenario: Scenario) -> &'static str {
    tr.t(&format!("study-scenario-{}", scenario.as_str()))
}

/// A measure of the potential in the reader's language.
pub(crate) fn measure_word(tr: Tr, measure: PotentialMeasure) -> &'static str {
    tr.t(&format!("study-measure-{}", measure.as_str()))
}

/// The study's tables, for the report and for CSV and XLSX: the scenarios
/// side by side; each scenario year by year; the potential with its sources;
/// the referral shares; the barriers; every assumption with its value and
/// source; and the staffing ramp month by month. Every title is distinct
/// in its first 31 characters (one XLSX sheet each).
pub(crate) fn study_tables(tr: Tr, input: &StudyReportInput) -> Vec<Table> {
    let scenarios = ordered(input.projection);
    let mut tables = vec![summary_table(tr, input, &scenarios)];
    tables.extend(scenarios.iter().map(|s| years_table(tr, s)));
    tables.push(potential_table(tr, input));
    tables.push(shares_table(tr, input.document()));
    tables.push(barriers_table(tr, input.document()));
    tables.push(assumptions_table(tr, input.document()));
    tables.push(ramp_table(tr, &scenarios));
    tables.push(parts_table(tr, input, &scenarios));
    tables
}

/// The cumulative net of each scenario year by year, in millions of
/// kroner ("mio. kr."; the facts say which currency), on an axis rounded outward from the
/// data and always reaching 0.
pub(crate) fn study_chart(tr: Tr, projection: &StudyProjection) -> TrendChart {
    let scenarios = ordered(projection);
    let years = scenarios.iter().map(|s| s.years.len()).max().unwrap_or(0);
    let periods = (1..=years)
        .map(|n| tr.tf("study-report-year-n", &[("n", &n.to_string())]))
        .collect();
    let series: Vec<Series> = scenarios
        .iter()
        .map(|s| Series {
            label: scenario_word(tr, s.scenario).to_owned(),
            points: (0..years)
                .map(|i| s.years.get(i).map(|y| millions(y.cumulative_net)))
                .collect(),
        })
        .collect();
    let values = series
        .iter()
        .flat_map(|s| s.points.iter().flatten().copied());
    let (y_min, y_max) = rounded_outward(values);
    TrendChart {
        title: tr.t("study-report-chart-title").to_owned(),
        periods,
        series,
        target: None,
        y_min,
        y_max,
        unit: format!(" {}", tr.t("study-report-chart-unit")),
    }
}

/// The council report: the study's facts (municipalities and shares,
/// programme, team, start, version, status, break-even and therapists per
/// scenario, each scenario's warnings), the tables of [`study_tables`] with
/// the warnings after the scenarios side by side, and the chart.
pub(crate) fn study_report(tr: Tr, input: &StudyReportInput) -> Report {
    let mut tables = study_tables(tr, input);
    if let Some(warnings) = warnings_table(tr, input.projection) {
        tables.insert(1, warnings);
    }
    Report {
        title: input.document().title.clone(),
        facts: facts(tr, input),
        tables,
        charts: vec![study_chart(tr, input.projection)],
        footer: footer(tr, input),
    }
}

/// The council report as a PDF in the reader's language and notation.
pub(crate) fn study_report_pdf(tr: Tr, input: &StudyReportInput) -> Vec<u8> {
    let options = PdfOptions {
        // The catalogue's "Side { $page } af { $pages }" with the PDF
        // writer's own placeholders.
        page_label: crate::i18n::page_of(tr),
        period_heading: tr.t("study-report-year").to_owned(),
        created: Some(input.exported_on.format("D:%Y%m%d000000Z").to_string()),
        author: Some("Rundt".to_owned()),
        notation: tr.notation(),
    };
    rundt_export::report_to_pdf_with(&study_report(tr, input), &options)
}

/// The name the study's files are given before their extension, e.g.
/// "forundersøgelse MST Østjylland version 3": hand it to
/// `rundt_export::{pdf,xlsx,csv}_file_name`, which make it a safe slug.
pub(crate) fn study_file_stem(tr: Tr, input: &StudyReportInput) -> String {
    tr.tf(
        "study-report-file",
        &[
            ("title", &input.document().title),
            ("version", &input.study.current.version.to_string()),
        ],
    )
}

/// The PDF's download name, e.g. `forundersoegelse-mst-oestjylland-version-3.pdf`.
pub(crate) fn study_report_pdf_name(tr: Tr, input: &StudyReportInput) -> String {
    rundt_export::pdf_file_name(&study_file_stem(tr, input))
}

/// The scenarios low, expected, high, whatever order they came in.
fn ordered(projection: &StudyProjection) -> Vec<&ScenarioProjection> {
    let mut scenarios: Vec<&ScenarioProjection> = projection.scenarios.iter().collect();
    scenarios.sort_by_key(|s| s.scenario);
    scenarios
}

fn facts(tr: Tr, input: &StudyReportInput) -> Vec<(String, String)> {
    let doc = input.document();
    let owners = doc
        .municipalities
        .iter()
        .map(|o| {
            tr.tf(
                "study-report-municipality-share",
                &[
                    ("name", &input.municipality_name(&o.municipality_code)),
                    ("share", &percent_text(tr, o.share_bp)),
                ],
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let version = &input.study.current;
    let status = tr.t(match input.study.status {
        StudyStatus::Draft => "study-report-status-draft",
        StudyStatus::Approved => "study-report-status-approved",
    });
    let mut facts = vec![
        (
            tr.t("study-report-document").to_owned(),
            tr.t("study-report-document-value").to_owned(),
        ),
        (tr.t("study-report-municipalities").to_owned(), owners),
        (
            tr.t("study-report-programme").to_owned(),
            input.model_name.to_owned(),
        ),
        (
            tr.t("study-report-team-name").to_owned(),
            doc.team_name.clone(),
        ),
        (
            tr.t("study-report-starts").to_owned(),
            date(Some(doc.assumptions.starts_on)),
        ),
        (
            tr.t("study-report-version").to_owned(),
            tr.tf(
                "study-report-version-value",
                &[
                    ("version", &version.version.to_string()),
                    ("saved", &date(Some(programme_date(version.saved_at)))),
                ],
            ),
        ),
        (tr.t("study-report-status").to_owned(), status.to_owned()),
        (
            tr.t("study-report-currency").to_owned(),
            doc.currency.as_str().to_owned(),
        ),
    ];
    let scenarios = ordered(input.projection);
    for s in &scenarios {
        let word = scenario_word(tr, s.scenario);
        facts.push((
            tr.tf("study-report-break-even", &[("scenario", word)]),
            break_even_text(tr, s, doc.assumptions.years),
        ));
    }
    for s in &scenarios {
        let word = scenario_word(tr, s.scenario);
        let last = s.years.last();
        facts.push((
            tr.tf("study-report-therapists", &[("scenario", word)]),
            tr.tf(
                "study-report-therapists-value",
                &[
                    ("needed", &one_decimal(tr, s.therapists_needed)),
                    (
                        "planned",
                        &last.map_or(0, |y| y.therapists_at_end).to_string(),
                    ),
                    ("year", &last.map_or(0, |y| y.year).to_string()),
                ],
            ),
        ));
    }
    if scenarios.iter().all(|s| s.warnings.is_empty()) {
        facts.push((
            tr.t("study-report-warnings").to_owned(),
            tr.t("study-report-no-warnings").to_owned(),
        ));
    }
    facts.push((
        tr.t("study-report-exported").to_owned(),
        date(Some(input.exported_on)),
    ));
    facts
}

fn footer(tr: Tr, input: &StudyReportInput) -> String {
    tr.tf(
        "study-report-footer",
        &[
            ("title", &input.document().title),
            ("version", &input.study.current.version.to_string()),
            ("date", &date(Some(input.exported_on))),
        ],
    )
}

/// "i år 4 (fra 01.03.2030)" or "ikke inden for 5 år".
fn break_even_text(tr: Tr, s: &ScenarioProjection, years: u8) -> String {
    match s.break_even_year {
        Some(year) => {
            let from = s
                .years
                .iter()
                .find(|y| y.year == year)
                .map(|y| date(Some(y.first_month)))
                .unwrap_or_else(|| "–".to_owned());
            tr.tf(
                "study-report-break-even-in",
                &[("year", &year.to_string()), ("from", &from)],
            )
        }
        None => tr.tf(
            "study-report-break-even-none",
            &[("years", &years.to_string())],
        ),
    }
}

fn columns(tr: Tr, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| tr.t(k).to_owned()).collect()
}

/// What each municipality carries of each scenario over all its years, by
/// its share of the team.
fn parts_table(tr: Tr, input: &StudyReportInput, scenarios: &[&ScenarioProjection]) -> Table {
    let owners = &input.document().municipalities;
    let rows = scenarios
        .iter()
        .flat_map(|s| {
            split_by_share(s, owners).into_iter().map(move |part| {
                vec![
                    Cell::Text(input.municipality_name(&part.municipality)),
                    Cell::Percent(f64::from(part.share_bp) / 100.0),
                    Cell::Text(scenario_word(tr, s.scenario).to_owned()),
                    Cell::Money(part.cost),
                    Cell::Money(part.avoided_value),
                    Cell::Money(part.net),
                ]
            })
        })
        .collect();
    Table {
        title: tr.t("study-report-parts-title").to_owned(),
        columns: columns(
            tr,
            &[
                "study-report-municipality",
                "study-report-parts-share",
                "study-report-scenario",
                "study-report-total-cost",
                "study-report-total-value",
                "study-report-parts-net",
            ],
        ),
        rows,
    }
}

fn summary_table(tr: Tr, input: &StudyReportInput, scenarios: &[&ScenarioProjection]) -> Table {
    let years = input.document().assumptions.years;
    let rows = scenarios
        .iter()
        .map(|s| {
            let last = s.years.last();
            vec![
                Cell::Text(scenario_word(tr, s.scenario).to_owned()),
                Cell::Number(s.families_per_year, 1),
                Cell::Number(s.therapists_needed, 1),
                Cell::Integer(last.map_or(0, |y| i64::from(y.therapists_at_end))),
                Cell::Money(s.years.iter().map(|y| y.cost).sum()),
                Cell::Money(s.years.iter().map(|y| y.avoided_value).sum()),
                Cell::Money(last.map_or(0, |y| y.cumulative_net)),
                Cell::Text(break_even_text(tr, s, years)),
            ]
        })
        .collect();
    Table {
        title: tr.t("study-report-summary-title").to_owned(),
        columns: columns(
            tr,
            &[
                "study-report-scenario",
                "study-report-families-per-year",
                "study-report-therapists-needed",
                "study-report-therapists-at-end",
                "study-report-total-cost",
                "study-report-total-value",
                "study-report-end-net",
                "study-report-break-even-col",
            ],
        ),
        rows,
    }
}

fn years_table(tr: Tr, s: &ScenarioProjection) -> Table {
    let rows = s
        .years
        .iter()
        .map(|y| {
            vec![
                Cell::Integer(i64::from(y.year)),
                Cell::Number(y.referrals, 1),
                Cell::Number(y.served, 1),
                Cell::Number(y.unmet, 1),
                Cell::Integer(i64::from(y.therapists_at_end)),
                Cell::Money(y.cost),
                Cell::Number(y.avoided_placements, 1),
                Cell::Money(y.avoided_value),
                Cell::Money(y.net),
                Cell::Money(y.cumulative_net),
            ]
        })
        .collect();
    Table {
        title: tr.tf(
            "study-report-years-title",
            &[("scenario", scenario_word(tr, s.scenario))],
        ),
        columns: columns(
            tr,
            &[
                "study-report-year",
                "study-report-referred",
                "study-report-served",
                "study-report-unmet",
                "study-report-therapists-year-end",
                "study-report-cost",
                "study-report-avoided",
                "study-report-avoided-value",
                "study-report-net",
                "study-report-cumulative",
            ],
        ),
        rows,
    }
}

/// Month by month: the therapists of each scenario, then each scenario's
/// referrals, then each scenario's cost.
fn ramp_table(tr: Tr, scenarios: &[&ScenarioProjection]) -> Table {
    let per_scenario = |key: &str| {
        scenarios
            .iter()
            .map(|s| tr.tf(key, &[("scenario", scenario_word(tr, s.scenario))]))
            .collect::<Vec<_>>()
    };
    let mut header = vec![tr.t("study-report-month").to_owned()];
    header.extend(per_scenario("study-report-therapists-in"));
    header.extend(per_scenario("study-report-referrals-in"));
    header.extend(per_scenario("study-report-cost-in"));
    let spine = scenarios
        .iter()
        .max_by_key(|s| s.months.len())
        .map_or(&[][..], |s| s.months.as_slice());
    let rows =
        spine
            .iter()
            .map(|m| {
                let of = |s: &ScenarioProjection| month_of(s, m.index).cloned();
                let mut row = vec![Cell::Text(m.month.format("%Y-%m").to_string())];
                row.extend(scenarios.iter().map(|s| {
                    of(s).map_or(Cell::Empty, |x| Cell::Integer(i64::from(x.therapists)))
                }));
                row.extend(
                    scenarios
                        .iter()
                        .map(|s| of(s).map_or(Cell::Empty, |x| Cell::Number(x.referrals, 1))),
                );
                row.extend(
                    scenarios
                        .iter()
                        .map(|s| of(s).map_or(Cell::Empty, |x| Cell::Money(x.cost))),
                );
                row
            })
            .collect();
    Table {
        title: tr.t("study-report-ramp-title").to_owned(),
        columns: header,
        rows,
    }
}

/// The scenario's month with this 1-based index.
fn month_of(s: &ScenarioProjection, index: u16) -> Option<&PlanMonth> {
    s.months.iter().find(|m| m.index == index)
}

/// The potential per municipality (in the study's order) and measure.
fn potential_table(tr: Tr, input: &StudyReportInput) -> Table {
    let doc = input.document();
    let position = |code: &MunicipalityCode| {
        doc.municipalities
            .iter()
            .position(|o| &o.municipality_code == code)
            .unwrap_or(usize::MAX)
    };
    let mut figures: Vec<_> = doc.potential.iter().collect();
    figures.sort_by_key(|f| (position(&f.municipality), f.measure));
    let rows = figures
        .into_iter()
        .map(|f| {
            vec![
                Cell::Text(input.municipality_name(&f.municipality)),
                Cell::Text(measure_word(tr, f.measure).to_owned()),
                Cell::Integer(i64::from(f.count)),
                Cell::Text(f.source.clone()),
                Cell::Integer(i64::from(f.year)),
            ]
        })
        .collect();
    Table {
        title: tr.t("study-report-potential-title").to_owned(),
        columns: columns(
            tr,
            &[
                "study-report-municipality",
                "study-report-measure",
                "study-report-count",
                "study-report-source",
                "study-report-figure-year",
            ],
        ),
        rows,
    }
}

fn shares_table(tr: Tr, doc: &StudyDocument) -> Table {
    let mut columns = vec![tr.t("study-report-measure").to_owned()];
    columns.extend(
        [Scenario::Low, Scenario::Expected, Scenario::High]
            .map(|s| scenario_word(tr, s).to_owned()),
    );
    let rows = doc
        .referral_shares
        .iter()
        .map(|share| {
            let mut row = vec![Cell::Text(measure_word(tr, share.measure).to_owned())];
            row.extend(by_scenario(share.share_bp).map(|bp| Cell::Percent(percent(bp))));
            row
        })
        .collect();
    Table {
        title: tr.t("study-report-shares-title").to_owned(),
        columns,
        rows,
    }
}

fn barriers_table(tr: Tr, doc: &StudyDocument) -> Table {
    let rows = doc
        .barriers
        .iter()
        .map(|b| {
            vec![
                Cell::Text(b.text.clone()),
                Cell::Text(b.note.clone()),
                Cell::Text(b.owner.clone()),
                Cell::Text(
                    tr.t(if b.resolved {
                        "study-report-yes"
                    } else {
                        "study-report-no"
                    })
                    .to_owned(),
                ),
            ]
        })
        .collect();
    Table {
        title: tr.t("study-report-barriers-title").to_owned(),
        columns: columns(
            tr,
            &[
                "study-report-barrier",
                "study-report-note",
                "study-report-owner",
                "study-report-resolved",
            ],
        ),
        rows,
    }
}

/// Every assumption: what, its value, and its source where the study gives
/// one.
fn assumptions_table(tr: Tr, doc: &StudyDocument) -> Table {
    let a = &doc.assumptions;
    let text = |s: &str| {
        if s.trim().is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.to_owned())
        }
    };
    let row = |label: String, value: Cell, source: Cell| vec![Cell::Text(label), value, source];
    let word = |key: &str| tr.t(key).to_owned();
    let mut rows = vec![
        row(
            word("study-report-starts"),
            Cell::Text(date(Some(a.starts_on))),
            Cell::Empty,
        ),
        row(
            word("study-report-a-years"),
            Cell::Integer(i64::from(a.years)),
            Cell::Empty,
        ),
        row(
            word("study-report-a-ramp-up"),
            Cell::Integer(i64::from(a.ramp_up_months)),
            Cell::Empty,
        ),
        row(
            word("study-report-a-families-per-therapist"),
            Cell::Integer(i64::from(a.families_per_therapist_year)),
            text(&a.families_per_therapist_source),
        ),
        row(
            word("study-report-a-therapist-salary"),
            Cell::Money(a.therapist_salary),
            text(&a.salary_source),
        ),
    ];
    for post in &a.posts {
        let position = match tr.t(post.position.as_str()) {
            "" => post.position.as_str(),
            w => w,
        };
        rows.push(row(
            tr.tf(
                "study-report-a-post-salary",
                &[("post", position), ("fte", &percent_text(tr, post.fte_bp))],
            ),
            Cell::Money(post.yearly),
            text(&a.salary_source),
        ));
    }
    rows.push(row(
        word("study-report-a-licence-fee"),
        Cell::Money(a.licence_fee_per_year),
        text(&a.licence_source),
    ));
    rows.push(row(
        word("study-report-a-licence-from"),
        Cell::Integer(i64::from(a.licence_from_year)),
        text(&a.licence_source),
    ));
    for line in &a.start_up {
        rows.push(row(
            tr.tf("study-report-a-start-up", &[("what", &line.description)]),
            Cell::Money(line.amount),
            text(&line.source),
        ));
    }
    rows.push(row(
        word("study-report-a-later-training"),
        Cell::Money(a.later_therapist_training),
        Cell::Empty,
    ));
    rows.push(row(
        word("study-report-a-travel"),
        Cell::Money(a.travel_per_year),
        Cell::Empty,
    ));
    rows.push(row(
        word("study-report-a-overhead"),
        Cell::Percent(percent(a.overhead_bp)),
        Cell::Empty,
    ));
    rows.push(row(
        word("study-report-a-placement-cost"),
        Cell::Money(a.placement_cost_per_year),
        text(&a.placement_source),
    ));
    rows.push(row(
        word("study-report-a-placement-months"),
        Cell::Integer(i64::from(a.placement_months)),
        text(&a.placement_source),
    ));
    for (scenario, bp) in [Scenario::Low, Scenario::Expected, Scenario::High]
        .into_iter()
        .zip(by_scenario(a.avoided_share_bp))
    {
        rows.push(row(
            tr.tf(
                "study-report-a-avoided-share",
                &[("scenario", scenario_word(tr, scenario))],
            ),
            Cell::Percent(percent(bp)),
            text(&a.avoided_source),
        ));
    }
    Table {
        title: tr.t("study-report-assumptions-title").to_owned(),
        columns: columns(
            tr,
            &[
                "study-report-assumption",
                "study-report-value",
                "study-report-source",
            ],
        ),
        rows,
    }
}

/// Each scenario's warnings in the reader's language; none when no
/// scenario has any.
fn warnings_table(tr: Tr, projection: &StudyProjection) -> Option<Table> {
    let rows: Vec<Vec<Cell>> = ordered(projection)
        .into_iter()
        .flat_map(|s| {
            s.warnings.iter().map(move |w| {
                vec![
                    Cell::Text(scenario_word(tr, s.scenario).to_owned()),
                    Cell::Text(tr.message(w)),
                ]
            })
        })
        .collect();
    (!rows.is_empty()).then(|| Table {
        title: tr.t("study-report-warnings").to_owned(),
        columns: columns(tr, &["study-report-scenario", "study-report-warning"]),
        rows,
    })
}

/// Low, expected, high.
fn by_scenario(v: ByScenario) -> [u32; 3] {
    [v.low, v.expected, v.high]
}

/// Basis points as a percentage (1,250 → 12.5).
fn percent(bp: u32) -> f64 {
    f64::from(bp) / 100.0
}

/// Basis points as the reader writes a percentage: "60 %", "12,5 %".
fn percent_text(tr: Tr, bp: u32) -> String {
    let (whole, hundredths) = (bp / 100, bp % 100);
    if hundredths == 0 {
        return format!("{whole} %");
    }
    let decimals = format!("{hundredths:02}");
    let number = format!("{whole}.{}", decimals.trim_end_matches('0'));
    format!("{} %", tr.notation().write(number))
}

/// A number with one decimal in the reader's notation ("3,6").
fn one_decimal(tr: Tr, v: f64) -> String {
    if v.is_finite() {
        tr.notation().write(format!("{v:.1}"))
    } else {
        "–".to_owned()
    }
}

/// An amount in minor units as millions of the currency.
fn millions(minor: Minor) -> f64 {
    minor as f64 / 100_000_000.0
}

/// An axis reaching 0 and every value, its ends on round steps (1, 2, 2.5
/// or 5 times a power of ten) of about a fifth of its span.
fn rounded_outward(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (low, high) = values
        .filter(|v| v.is_finite())
        .fold((0.0_f64, 0.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let span = high - low;
    if !(span.is_finite() && span > 0.0) {
        return (0.0, 1.0);
    }
    let rough = span / 5.0;
    let magnitude = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= rough)
        .unwrap_or(rough);
    let y_min = (low / step).floor() * step;
    let y_max = (high / step).ceil() * step;
    if y_max > y_min {
        (y_min, y_max)
    } else {
        (y_min, y_min + step)
    }
}

#[cfg(test)]
mod tests;
