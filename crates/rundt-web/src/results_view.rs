//! A dashboard as tables and charts in the viewer's language: what the
//! results page shows and what the CSV, XLSX and PDF exports carry. One
//! place builds them, so every table on the page can be exported as it is.

use std::collections::HashMap;

use rundt_app::records::OutcomeTriple;
use rundt_app::results::{CanResults, Dashboard, GroupFigures, ResultFigures};
use rundt_domain::discharge::DischargeReason;
use rundt_domain::id::TeamId;
use rundt_domain::indicators::can::CanIndicators;
use rundt_domain::indicators::{Chart, Comparator, Definition, Share, TargetStatus, catalogue};
use rundt_domain::period::Grouping;
use rundt_export::{Cell, Report, Series, Table, TargetLine, TrendChart};

use crate::i18n::Tr;

/// A table with the key that names it in export links.
pub struct KeyedTable {
    pub key: &'static str,
    pub table: Table,
}

fn share(tr: Tr, s: &Share, suppressed: bool) -> Cell {
    match s.percent {
        Some(p) => Cell::Percent(p),
        None if suppressed || s.hidden => Cell::Suppressed(tr.t("suppressed").into()),
        None => Cell::Empty,
    }
}

fn opt_number(tr: Tr, v: Option<f64>, decimals: u8, suppressed: bool) -> Cell {
    match v {
        Some(x) => Cell::Number(x, decimals),
        None if suppressed => Cell::Suppressed(tr.t("suppressed").into()),
        None => Cell::Empty,
    }
}

fn opt_percent(tr: Tr, v: Option<f64>, suppressed: bool) -> Cell {
    match v {
        Some(x) => Cell::Percent(x),
        None if suppressed => Cell::Suppressed(tr.t("suppressed").into()),
        None => Cell::Empty,
    }
}

fn count(tr: Tr, n: u32, suppressed: bool) -> Cell {
    if suppressed {
        Cell::Suppressed(tr.t("suppressed").into())
    } else {
        Cell::Integer(i64::from(n))
    }
}

fn status(tr: Tr, s: TargetStatus) -> Cell {
    Cell::Text(
        tr.t(match s {
            TargetStatus::Met => "target_met",
            TargetStatus::NotMet => "target_not_met",
            TargetStatus::Unknown => "target_unknown",
        })
        .into(),
    )
}

fn met(tr: Tr, m: Option<bool>) -> Cell {
    status(
        tr,
        match m {
            Some(true) => TargetStatus::Met,
            Some(false) => TargetStatus::NotMet,
            None => TargetStatus::Unknown,
        },
    )
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// The columns every breakdown row has (period, team, municipality): the
/// catalogue's indicators shown in breakdowns among the fixed figures.
fn figure_columns(tr: Tr) -> Vec<String> {
    let mut keys = vec!["discharges"];
    keys.extend(in_breakdowns().map(|d| d.label));
    keys.extend([
        "ind_length_of_stay",
        "ind_adherence_share",
        "ind_experience",
    ]);
    keys.iter().map(|k| tr.t(k).to_owned()).collect()
}

fn in_breakdowns() -> impl Iterator<Item = &'static Definition> {
    catalogue().iter().filter(|d| d.in_breakdowns)
}

fn figure_cells(tr: Tr, f: &ResultFigures) -> Vec<Cell> {
    if f.hidden_to_protect_others {
        return vec![Cell::Suppressed(tr.t("suppressed_other").into()); figure_columns(tr).len()];
    }
    let i = &f.indicators;
    let s = i.suppressed;
    let mut cells = vec![count(tr, i.discharges, s)];
    cells.extend(in_breakdowns().map(|d| share(tr, &i.share(d.key), s)));
    cells.extend([
        opt_number(tr, i.average_length_of_stay_days, 1, s),
        opt_percent(
            tr,
            f.adherence.adherent_percent,
            f.adherence.suppressed || f.adherence.scored > 0,
        ),
        opt_number(tr, f.experience.average_score, 1, f.experience.suppressed),
    ]);
    cells
}

fn breakdown(tr: Tr, title_key: &str, first: &str, rows: &[GroupFigures]) -> Table {
    let mut columns = vec![first.to_owned()];
    columns.extend(figure_columns(tr));
    Table {
        title: tr.t(title_key).into(),
        columns,
        rows: rows
            .iter()
            .map(|g| {
                let mut r = vec![text(g.name.clone())];
                r.extend(figure_cells(tr, &g.figures));
                r
            })
            .collect(),
    }
}

fn triple(t: Option<OutcomeTriple>) -> Cell {
    match t {
        None => Cell::Empty,
        Some(t) => text(format!(
            "{} {} {}",
            if t.living_at_home { "H" } else { "–" },
            if t.in_school_or_working { "S" } else { "–" },
            if t.no_new_arrests { "A" } else { "–" }
        )),
    }
}

/// The summary table: each indicator, its value, its target and whether it
/// is met.
fn summary(tr: Tr, d: &Dashboard) -> Table {
    let f = &d.totals;
    let i = &f.indicators;
    let s = i.suppressed;
    let t = &d.targets;
    let a = &f.against_targets;
    let pct = |x: f64| format!("{x:.0} %");
    let row = |key: &str, value: Cell, target: String, st: Cell| {
        vec![text(tr.t(key)), value, text(target), st]
    };
    let days = |x: f64| format!("{x:.0}");
    let mut rows = vec![row(
        "discharges",
        count(tr, i.discharges, s),
        String::new(),
        Cell::Empty,
    )];
    rows.extend(catalogue().iter().map(|def| {
        let sign = match def.comparator {
            Comparator::AtLeast => "≥",
            Comparator::Below => "<",
        };
        row(
            def.label,
            share(tr, &i.share(def.key), s),
            t.of(def.key)
                .map_or_else(String::new, |x| format!("{sign} {}", pct(x))),
            status(tr, a.of(def.key)),
        )
    }));
    rows.extend([
        row(
            "ind_length_of_stay",
            opt_number(tr, i.average_length_of_stay_days, 1, s),
            if d.programmes.len() > 1 {
                tr.t("per_programme").to_owned()
            } else {
                format!(
                    "{}–{}",
                    days(t.length_of_stay_min_days),
                    days(t.length_of_stay_max_days)
                )
            },
            status(tr, a.length_of_stay),
        ),
        row(
            "ind_treatment_days_total",
            match f.treatment_days_total {
                Some(n) => Cell::Integer(n),
                None if s => Cell::Suppressed(tr.t("suppressed").into()),
                None => Cell::Empty,
            },
            String::new(),
            Cell::Empty,
        ),
        row(
            "ind_adherence_mean",
            opt_number(tr, f.adherence.mean_score, 3, f.adherence.suppressed),
            format!("≥ {}", rundt_domain::adherence::THRESHOLD),
            match f.adherence.mean_score {
                Some(m) => met(tr, Some(m >= rundt_domain::adherence::THRESHOLD)),
                None => met(tr, None),
            },
        ),
        row(
            "ind_adherence_share",
            opt_percent(
                tr,
                f.adherence.adherent_percent,
                f.adherence.suppressed || f.adherence.scored > 0,
            ),
            format!("≥ {}", pct(rundt_domain::adherence::TEAM_TARGET_PERCENT)),
            met(tr, f.adherence.target_met),
        ),
        row(
            "ind_experience",
            opt_number(tr, f.experience.average_score, 1, f.experience.suppressed),
            String::new(),
            Cell::Empty,
        ),
        row(
            "ind_recommend",
            opt_percent(
                tr,
                f.experience.recommend_percent,
                f.experience.suppressed || f.experience.surveys > 0,
            ),
            String::new(),
            Cell::Empty,
        ),
    ]);
    if d.scope.kind != "municipality" {
        let sam = &f.supervisor_adherence;
        rows.push(row(
            "ind_supervisor_adherence",
            opt_number(tr, sam.mean_score, 3, sam.suppressed),
            String::new(),
            Cell::Empty,
        ));
    }
    Table {
        title: tr.t("results").into(),
        columns: ["indicator", "value", "target", "target_status"]
            .iter()
            .map(|k| tr.t(k).to_owned())
            .collect(),
        rows,
    }
}

fn follow_ups(tr: Tr, d: &Dashboard) -> Table {
    Table {
        title: tr.t("follow_ups_title").into(),
        columns: [
            "period",
            "done",
            "ind_living_at_home",
            "ind_in_school_or_working",
            "ind_no_new_arrests",
        ]
        .iter()
        .map(|k| tr.t(k).to_owned())
        .collect(),
        rows: d
            .totals
            .follow_ups
            .iter()
            .map(|f| {
                vec![
                    text(tr.nth("months_after", &f.months)),
                    count(tr, f.done, f.suppressed),
                    share(tr, &f.living_at_home, f.suppressed),
                    share(tr, &f.in_school_or_working, f.suppressed),
                    share(tr, &f.no_new_arrests, f.suppressed),
                ]
            })
            .collect(),
    }
}

fn trend(tr: Tr, d: &Dashboard) -> Table {
    let mut columns = vec![tr.t("period").to_owned()];
    columns.extend(figure_columns(tr));
    Table {
        title: tr.t("trend").into(),
        columns,
        rows: d
            .trend
            .iter()
            .map(|p| {
                let mut r = vec![text(p.period.clone())];
                r.extend(figure_cells(tr, &p.figures));
                r
            })
            .collect(),
    }
}

fn now(tr: Tr, d: &Dashboard) -> Table {
    Table {
        title: tr.t("now_in_programme").into(),
        columns: vec![tr.t("status").into(), tr.t("families").into()],
        rows: d
            .now
            .iter()
            .map(|s| {
                vec![
                    text(tr.status(&s.status)),
                    match s.families {
                        Some(n) => Cell::Integer(i64::from(n)),
                        None => Cell::Suppressed(tr.t("suppressed").into()),
                    },
                ]
            })
            .collect(),
    }
}

fn therapists(tr: Tr, d: &Dashboard) -> Table {
    Table {
        title: tr.t("by_therapist").into(),
        columns: [
            "therapist",
            "interviews",
            "ind_adherence_mean",
            "ind_adherence_share",
            "target_status",
        ]
        .iter()
        .map(|k| tr.t(k).to_owned())
        .collect(),
        rows: d
            .by_therapist
            .iter()
            .map(|t| {
                vec![
                    text(t.name.clone()),
                    Cell::Integer(i64::from(t.adherence.interviews)),
                    opt_number(tr, t.adherence.mean_score, 3, false),
                    opt_percent(tr, t.adherence.adherent_percent, false),
                    met(tr, t.adherence.target_met),
                ]
            })
            .collect(),
    }
}

fn families(tr: Tr, d: &Dashboard, team_names: &HashMap<TeamId, String>) -> Option<Table> {
    let rows = d.families.as_ref()?;
    let fu = |n: u8| tr.nth("fu_short", &n);
    let mut columns: Vec<String> = [
        "family",
        "team",
        "status",
        "treatment_start",
        "discharged_on",
        "discharge_reason",
        "treatment_days_short",
        "at_discharge",
    ]
    .iter()
    .map(|k| tr.t(k).to_owned())
    .collect();
    columns.extend([fu(6), fu(12), fu(18)]);
    columns.push(tr.t("experience_score").to_owned());
    if d.families_show_adherence {
        columns.extend(
            ["interviews", "last_tam"]
                .iter()
                .map(|k| tr.t(k).to_owned()),
        );
    }
    let day = |d: Option<chrono::NaiveDate>| {
        d.map_or(Cell::Empty, |d| text(d.format("%Y-%m-%d").to_string()))
    };
    Some(Table {
        title: tr.t("families_results").into(),
        columns,
        rows: rows
            .iter()
            .map(|r| {
                let mut cells = vec![
                    text(format!("{} {}", tr.t("family"), r.case_id)),
                    text(
                        team_names
                            .get(&r.team_id)
                            .cloned()
                            .unwrap_or_else(|| r.team_id.to_string()),
                    ),
                    text(tr.status(r.status.as_str())),
                    day(r.treatment_start),
                    day(r.discharged_on),
                    r.discharge_reason
                        .map(DischargeReason::as_str)
                        .map_or(Cell::Empty, |x| text(tr.t(&format!("reason_{x}")))),
                    r.treatment_days.map_or(Cell::Empty, Cell::Integer),
                    triple(r.at_discharge),
                    triple(r.follow_up_6),
                    triple(r.follow_up_12),
                    triple(r.follow_up_18),
                    r.experience_score
                        .map_or(Cell::Empty, |s| Cell::Integer(i64::from(s))),
                ];
                if d.families_show_adherence {
                    cells.push(Cell::Integer(i64::from(r.interviews)));
                    cells.push(
                        r.last_adherence_score
                            .map_or(Cell::Empty, |s| Cell::Number(s, 3)),
                    );
                }
                cells
            })
            .collect(),
    })
}

/// MST-CAN's figures: (label, value) per row, with the programme's months
/// in the length-of-stay labels.
fn can_rows(tr: Tr, i: &CanIndicators) -> Vec<(String, Cell)> {
    let s = i.suppressed;
    let (min, max) = (i.min_months.to_string(), i.max_months.to_string());
    let months = |key: &str| tr.tf(key, &[("min", &min), ("max", &max)]);
    vec![
        (
            tr.t("ind_can_discharged").into(),
            count(tr, i.discharged, s),
        ),
        (tr.t("ind_can_children").into(), count(tr, i.children, s)),
        (
            tr.t("ind_can_living_at_home_at_discharge").into(),
            share(tr, &i.living_at_home_at_discharge, s),
        ),
        (
            tr.t("ind_can_care_order_during_treatment").into(),
            share(tr, &i.care_order_during_treatment, s),
        ),
        (
            tr.t("ind_can_care_order_in_follow_up").into(),
            share(tr, &i.care_order_in_follow_up, s),
        ),
        (
            tr.t("ind_can_new_incident_during_treatment").into(),
            share(tr, &i.new_incident_during_treatment, s),
        ),
        (
            tr.t("ind_can_safety_plan_within_7_days").into(),
            share(tr, &i.safety_plan_within_7_days, false),
        ),
        (
            tr.t("ind_can_children_heard").into(),
            share(tr, &i.children_heard, s),
        ),
        (
            months("ind_can_stay_within_months"),
            share(tr, &i.stay_within_months, s),
        ),
        (
            months("ind_can_stay_shorter"),
            share(tr, &i.stay_shorter, s),
        ),
        (months("ind_can_stay_longer"), share(tr, &i.stay_longer, s)),
        (
            tr.t("ind_can_median_treatment_days").into(),
            opt_number(tr, i.median_treatment_days, 1, s),
        ),
    ]
}

/// MST-CAN's results, apart from the MST figures.
fn can_summary(tr: Tr, can: &CanResults) -> Table {
    Table {
        title: tr.t("can_results").into(),
        columns: ["indicator", "value"]
            .iter()
            .map(|k| tr.t(k).to_owned())
            .collect(),
        rows: can_rows(tr, &can.totals)
            .into_iter()
            .map(|(label, value)| vec![text(label), value])
            .collect(),
    }
}

/// MST-CAN's results per team: a column per figure.
fn can_by_team(tr: Tr, can: &CanResults) -> Table {
    let mut columns = vec![tr.t("team").to_owned()];
    if let Some(first) = can.by_team.first() {
        columns.extend(can_rows(tr, &first.indicators).into_iter().map(|(l, _)| l));
    }
    Table {
        title: tr.t("can_by_team").into(),
        columns,
        rows: can
            .by_team
            .iter()
            .map(|g| {
                let mut r = vec![text(g.name.clone())];
                r.extend(can_rows(tr, &g.indicators).into_iter().map(|(_, v)| {
                    if g.hidden_to_protect_others {
                        Cell::Suppressed(tr.t("suppressed_other").into())
                    } else {
                        v
                    }
                }));
                r
            })
            .collect(),
    }
}

/// Every table of the dashboard, in page order.
pub fn tables(tr: Tr, d: &Dashboard, team_names: &HashMap<TeamId, String>) -> Vec<KeyedTable> {
    let mut out = vec![
        KeyedTable {
            key: "summary",
            table: summary(tr, d),
        },
        KeyedTable {
            key: "now",
            table: now(tr, d),
        },
        KeyedTable {
            key: "follow_ups",
            table: follow_ups(tr, d),
        },
        KeyedTable {
            key: "trend",
            table: trend(tr, d),
        },
    ];
    if let Some(can) = &d.can {
        out.push(KeyedTable {
            key: "can_results",
            table: can_summary(tr, can),
        });
        if !can.by_team.is_empty() {
            out.push(KeyedTable {
                key: "can_by_team",
                table: can_by_team(tr, can),
            });
        }
    }
    // The breakdowns a dashboard has rows for, each keyed by its title.
    let breakdowns = [
        ("by_team", "team", &d.by_team),
        ("by_municipality", "municipality", &d.by_municipality),
        ("owned_teams", "team", &d.owned_teams),
    ];
    for (key, first, rows) in breakdowns {
        if !rows.is_empty() {
            out.push(KeyedTable {
                key,
                table: breakdown(tr, key, tr.t(first), rows),
            });
        }
    }
    if !d.by_therapist.is_empty() {
        out.push(KeyedTable {
            key: "by_therapist",
            table: therapists(tr, d),
        });
    }
    if let Some(t) = families(tr, d, team_names) {
        out.push(KeyedTable {
            key: "families",
            table: t,
        });
    }
    out
}

/// The trend charts.
pub fn charts(tr: Tr, d: &Dashboard) -> Vec<TrendChart> {
    let periods: Vec<String> = d.trend.iter().map(|p| p.period.clone()).collect();
    let series = |key: &str, f: &dyn Fn(&ResultFigures) -> Option<f64>| Series {
        label: tr.t(key).into(),
        points: d.trend.iter().map(|p| f(&p.figures)).collect(),
    };
    let target = |v: f64, label: String| {
        Some(TargetLine {
            value: v,
            label: tr.tf("target_line", &[("n", &label)]),
        })
    };
    let t = &d.targets;
    let max_days = d
        .trend
        .iter()
        .filter_map(|p| p.figures.indicators.average_length_of_stay_days)
        .fold(t.length_of_stay_max_days * 1.25, f64::max);
    let share_chart = |chart: Chart, title: &str| {
        let defs: Vec<&Definition> = catalogue().iter().filter(|d| d.chart == chart).collect();
        let line = defs.first().and_then(|d| t.of(d.key));
        TrendChart {
            title: tr.t(title).into(),
            periods: periods.clone(),
            series: defs
                .iter()
                .map(|d| series(d.label, &|f| f.indicators.share(d.key).percent))
                .collect(),
            target: line.and_then(|v| target(v, format!("{v:.0} %"))),
            y_min: 0.0,
            y_max: 100.0,
            unit: " %".into(),
        }
    };
    vec![
        share_chart(Chart::Outcomes, "chart_outcomes"),
        share_chart(Chart::Completion, "chart_completion"),
        TrendChart {
            title: tr.t("chart_length").into(),
            periods: periods.clone(),
            series: vec![series("ind_length_of_stay", &|f| {
                f.indicators.average_length_of_stay_days
            })],
            target: target(
                t.length_of_stay_max_days,
                format!(
                    "{:.0}–{:.0}",
                    t.length_of_stay_min_days, t.length_of_stay_max_days
                ),
            ),
            y_min: 0.0,
            y_max: (max_days / 50.0).ceil() * 50.0,
            unit: String::new(),
        },
        TrendChart {
            title: tr.t("chart_adherence").into(),
            periods,
            series: vec![series("ind_adherence_share", &|f| {
                f.adherence.adherent_percent
            })],
            target: target(
                rundt_domain::adherence::TEAM_TARGET_PERCENT,
                format!("{:.0} %", rundt_domain::adherence::TEAM_TARGET_PERCENT),
            ),
            y_min: 0.0,
            y_max: 100.0,
            unit: " %".into(),
        },
    ]
}

/// The dashboard's title in this language.
pub fn title(tr: Tr, d: &Dashboard) -> String {
    let key = match d.scope.kind.as_str() {
        "team" => "results_team",
        "municipality" => "results_municipality",
        _ => "results_national",
    };
    let name = if d.scope.kind == "national" {
        tr.t(d.scope.country.code()).to_owned()
    } else {
        d.scope.name.clone()
    };
    format!("{}: {name}", tr.t(key))
}

pub fn grouping_label(tr: Tr, g: Grouping) -> &'static str {
    tr.t(match g {
        Grouping::Month => "by_month",
        Grouping::Quarter => "by_quarter",
        Grouping::Year => "by_year",
    })
}

/// The whole dashboard for the PDF export.
pub fn report(
    tr: Tr,
    d: &Dashboard,
    team_names: &HashMap<TeamId, String>,
    exported: &str,
) -> Report {
    let denominator = tr.t(&format!("denominator_{}", serde_plain(&d.denominator)));
    let mut facts = vec![
        (tr.t("period").to_owned(), format!("{} – {}", d.from, d.to)),
        (
            tr.t("group_by").to_owned(),
            grouping_label(tr, d.grouping).to_owned(),
        ),
        (tr.t("denominator").to_owned(), denominator.to_owned()),
    ];
    if d.small_cells_suppressed {
        facts.push((
            tr.t("suppressed").to_owned(),
            tr.t("suppressed_note").to_owned(),
        ));
    }
    Report {
        title: title(tr, d),
        facts,
        tables: tables(tr, d, team_names)
            .into_iter()
            .map(|k| k.table)
            .collect(),
        charts: charts(tr, d),
        footer: format!("Rundt – {exported}"),
    }
}

/// A unit enum's serde name (`all_discharges`).
pub fn serde_plain<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn every_indicator_is_named_in_every_language() {
        for lang in Lang::ALL {
            for d in catalogue() {
                assert!(
                    rundt_i18n::word(lang.locale(), d.label).is_some(),
                    "{} has no {} label",
                    lang.code(),
                    d.label
                );
            }
        }
    }
}
