//! Tests of the trend chart SVG.

use super::*;
use crate::model::{Series, TargetLine};

fn series(label: &str, points: &[Option<f64>]) -> Series {
    Series {
        label: label.to_owned(),
        points: points.to_vec(),
    }
}

fn chart(periods: &[&str], series: Vec<Series>) -> TrendChart {
    TrendChart {
        title: "Goals met".to_owned(),
        periods: periods.iter().map(|&p| p.to_owned()).collect(),
        series,
        target: Some(TargetLine {
            value: 90.0,
            label: "Target 90 %".to_owned(),
        }),
        y_min: 0.0,
        y_max: 100.0,
        unit: "%".to_owned(),
    }
}

fn two_teams() -> TrendChart {
    chart(
        &["Q1 2026", "Q2 2026", "Q3 2026", "Q4 2026"],
        vec![
            series("North", &[Some(81.27), Some(85.0), None, Some(92.5)]),
            series("South", &[Some(70.0), Some(75.0), Some(78.0), Some(80.0)]),
        ],
    )
}

fn between<'a>(s: &'a str, open: &str, close: &str) -> &'a str {
    let start = s.find(open).map_or(0, |i| i + open.len());
    let end = s[start..].find(close).map_or(s.len(), |i| start + i);
    &s[start..end]
}

fn count(s: &str, needle: &str) -> usize {
    s.matches(needle).count()
}

/// The `<g>` group drawing series `i`.
fn group(svg: &str, i: usize) -> &str {
    between(svg, &format!("<g data-series=\"{i}\">"), "</g>")
}

#[test]
fn the_root_is_a_scalable_accessible_image() {
    let svg = trend_svg(&two_teams());
    assert!(svg.starts_with(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 260\" width=\"100%\""
    ));
    assert!(svg.contains("role=\"img\""));
    assert!(svg.contains("aria-labelledby=\"rundt-chart-"));
    assert!(svg.contains("preserveAspectRatio=\"xMidYMid meet\""));
    assert!(svg.contains("font-family=\"system-ui,sans-serif\""));
    assert!(svg.ends_with("</svg>"));
    assert!(!svg.contains("<script"));
    assert!(!svg.contains("<style"));
    assert!(!svg.contains("href"));
}

#[test]
fn the_title_and_a_description_with_every_value_are_there_for_screen_readers() {
    let svg = trend_svg(&two_teams());
    assert_eq!(between(&svg, "-t\">", "</title>"), "Goals met");
    let desc = between(&svg, "-d\">", "</desc>");
    assert!(
        desc.contains("North: Q1 2026 81.27%, Q2 2026 85%, Q3 2026 –, Q4 2026 92.5%"),
        "{desc}"
    );
    assert!(
        desc.contains("South: Q1 2026 70%, Q2 2026 75%, Q3 2026 78%, Q4 2026 80%"),
        "{desc}"
    );
    assert!(desc.contains("Target 90 %: 90%"), "{desc}");
}

#[test]
fn two_series_differ_in_marker_and_dash_not_only_in_colour() {
    let svg = trend_svg(&two_teams());
    let (north, south) = (group(&svg, 0), group(&svg, 1));
    assert_eq!(count(north, "<circle"), 3);
    assert_eq!(count(north, "<rect"), 0);
    assert_eq!(count(south, "<rect"), 4);
    assert_eq!(count(south, "<circle"), 0);
    assert!(!north.contains("stroke-dasharray"));
    assert!(south.contains("stroke-dasharray=\"7 3\""));
    // The legend shows the same marker and dash with each label.
    let legend = &svg[..svg.find("<g data-series").unwrap_or(0)];
    assert!(legend.contains(">North</text>") && legend.contains(">South</text>"));
    assert!(legend.contains("<circle") && legend.contains("<rect"));
    assert!(legend.contains("stroke-dasharray=\"7 3\""));
}

#[test]
fn markers_cycle_through_four_shapes_then_hollow() {
    let points = [Some(50.0)];
    let many: Vec<Series> = (0..5).map(|i| series(&format!("S{i}"), &points)).collect();
    let svg = trend_svg(&chart(&["Q1"], many));
    assert!(group(&svg, 2).contains("<polygon"));
    assert!(group(&svg, 3).contains("<polygon"));
    assert_ne!(between(group(&svg, 2), "<polygon", "/>").len(), 0);
    assert!(group(&svg, 4).contains("<circle") && group(&svg, 4).contains("fill=\"#ffffff\""));
    assert!(!group(&svg, 0).contains("fill=\"#ffffff\""));
}

#[test]
fn every_value_is_printed_with_its_unit() {
    let svg = trend_svg(&two_teams());
    for label in [">81.3%<", ">85%<", ">92.5%<", ">70%<", ">80%<"] {
        assert!(svg.contains(label), "{label}");
    }
}

#[test]
fn a_missing_value_leaves_a_gap_in_the_line() {
    let svg = trend_svg(&two_teams());
    let north = group(&svg, 0);
    let d = between(north, "<path d=\"", "\"");
    assert_eq!(count(d, "M"), 2, "{d}");
    assert_eq!(count(d, "L"), 1, "{d}");
    let south = between(group(&svg, 1), "<path d=\"", "\"");
    assert_eq!((count(south, "M"), count(south, "L")), (1, 3), "{south}");
}

#[test]
fn the_target_is_a_labelled_dashed_line() {
    let svg = trend_svg(&two_teams());
    // 90 of 100 on a plot from y=32 to y=236, ending where its label starts.
    let line = between(&svg, "<line x1=\"46\" y1=\"52.4\"", "/>");
    assert!(line.contains("y2=\"52.4\""), "{line}");
    assert!(line.contains("stroke-dasharray=\"5 4\""), "{line}");
    assert!(svg.contains(">Target 90 %</tspan></text>"));
}

#[test]
fn a_long_target_label_wraps_beside_the_plot_verbatim() {
    let mut c = two_teams();
    c.target = Some(TargetLine {
        value: 50.0,
        label: "Mål for Østerbro & Nord 50 %".to_owned(),
    });
    let svg = trend_svg(&c);
    assert!(svg.contains(">Mål for Østerbro</tspan>"), "{svg}");
    assert!(svg.contains(">&amp; Nord 50 %</tspan>"), "{svg}");
}

#[test]
fn value_labels_never_cover_each_other() {
    // Two series with the same values: one above, one below the points.
    let c = chart(
        &["Q1", "Q2"],
        vec![
            series("A", &[Some(50.0), Some(60.0)]),
            series("B", &[Some(50.0), Some(60.0)]),
        ],
    );
    let svg = trend_svg(&c);
    let ys = |g: &str| -> Vec<String> {
        g.split("<text")
            .skip(1)
            .map(|t| between(t, "y=\"", "\"").to_owned())
            .collect()
    };
    let (a, b) = (ys(group(&svg, 0)), ys(group(&svg, 1)));
    assert_eq!(a.len(), 2);
    assert_eq!(b.len(), 2);
    assert!(a.iter().all(|y| !b.contains(y)), "{a:?} {b:?}");
}

#[test]
fn the_y_axis_runs_from_zero_to_y_max_with_round_gridlines() {
    let svg = trend_svg(&two_teams());
    for label in [">0<", ">20<", ">40<", ">60<", ">80<", ">100<"] {
        assert!(svg.contains(label), "{label}");
    }
    assert_eq!(intervals(100.0), 5);
    assert_eq!(intervals(40.0), 4);
    assert_eq!(intervals(1.0), 5);
}

#[test]
fn values_outside_the_axis_are_clamped_but_printed_truthfully() {
    let c = chart(
        &["Q1", "Q2"],
        vec![series("North", &[Some(130.0), Some(-5.0)])],
    );
    let svg = trend_svg(&c);
    assert!(svg.contains(">130%<") && svg.contains(">-5%<"));
    let geo_top = between(group(&svg, 0), "<circle cx=\"", "/>");
    assert!(geo_top.contains("cy=\"32\""), "{geo_top}");
}

#[test]
fn labels_are_escaped_for_xml() {
    let mut c = chart(
        &["<Q1>"],
        vec![series("Ærø & \"Fanø\" <'x'>", &[Some(1.0)])],
    );
    c.title = "A & B <script>".to_owned();
    let svg = trend_svg(&c);
    assert!(svg.contains("Ærø &amp; &quot;Fanø&quot; &lt;&apos;x&apos;&gt;"));
    assert!(svg.contains("A &amp; B &lt;script&gt;"));
    assert!(svg.contains("&lt;Q1&gt;"));
    assert!(!svg.contains("<script"));
    assert!(!svg.contains("<Q1>"));
}

#[test]
fn non_finite_values_are_treated_as_missing() {
    let c = chart(
        &["Q1", "Q2", "Q3"],
        vec![series(
            "North",
            &[Some(f64::NAN), Some(50.0), Some(f64::INFINITY)],
        )],
    );
    let svg = trend_svg(&c);
    assert!(!svg.contains("NaN") && !svg.contains("inf"));
    assert_eq!(count(group(&svg, 0), "<circle"), 1);
    assert!(svg.contains("Q1 –, Q2 50%, Q3 –"));
}

#[test]
fn an_empty_chart_shows_its_title_and_a_dash() {
    for c in [
        chart(&[], vec![series("North", &[Some(1.0)])]),
        chart(
            &["Q1", "Q2"],
            vec![series("North", &[None, Some(f64::NAN)])],
        ),
        chart(&["Q1"], vec![]),
    ] {
        let svg = trend_svg(&c);
        assert!(svg.contains("<title"), "{svg}");
        assert!(svg.contains(">Goals met</text>"), "{svg}");
        assert!(svg.contains(">–</text>"), "{svg}");
        assert!(svg.ends_with("</svg>"));
    }
}

#[test]
fn an_unusable_y_max_and_target_do_not_break_the_chart() {
    let mut c = two_teams();
    c.y_max = f64::NAN;
    c.target = Some(TargetLine {
        value: f64::INFINITY,
        label: "x".to_owned(),
    });
    let svg = trend_svg(&c);
    assert!(!svg.contains("NaN") && !svg.contains("inf"));
    assert!(svg.contains(">100<"), "axis rounds up above 92.5");
    assert!(!svg.contains("stroke-dasharray=\"5 4\""));
    c.y_max = 0.0;
    c.series = vec![series("Zero", &[Some(0.0)])];
    assert!(trend_svg(&c).contains(">1<"));
}

#[test]
fn many_periods_print_only_first_last_lowest_and_highest() {
    let periods: Vec<String> = (1..=24).map(|m| format!("2026-{m:02}")).collect();
    let periods: Vec<&str> = periods.iter().map(String::as_str).collect();
    let mut values: Vec<Option<f64>> = (0..24).map(|i| Some(50.0 + f64::from(i % 5))).collect();
    values[0] = None;
    values[7] = Some(10.0);
    values[15] = Some(99.0);
    let svg = trend_svg(&chart(&periods, vec![series("North", &values)]));
    let north = group(&svg, 0);
    assert_eq!(count(north, "<text"), 4, "{north}");
    for label in [">51%<", ">10%<", ">99%<", ">53%<"] {
        assert!(north.contains(label), "{label}");
    }
    // Many period labels are rotated.
    assert!(svg.contains("transform=\"rotate(-45"));
}

#[test]
fn very_many_periods_thin_out_the_x_labels() {
    let periods: Vec<String> = (0..120).map(|i| format!("W{i:03}")).collect();
    let periods: Vec<&str> = periods.iter().map(String::as_str).collect();
    let values: Vec<Option<f64>> = (0..120).map(|i| Some(f64::from(i % 100))).collect();
    let svg = trend_svg(&chart(&periods, vec![series("North", &values)]));
    let shown = (0..120)
        .filter(|i| svg.contains(&format!(">W{i:03}</text>")))
        .count();
    assert!(shown < 60 && shown > 20, "{shown}");
    assert!(svg.contains(">W000</text>"));
}

#[test]
fn series_with_fewer_or_more_points_than_periods_are_fitted() {
    let c = chart(
        &["Q1", "Q2"],
        vec![
            series("Short", &[Some(1.0)]),
            series("Long", &[Some(1.0), Some(2.0), Some(3.0)]),
        ],
    );
    let svg = trend_svg(&c);
    assert!(svg.contains("Short: Q1 1%, Q2 –"));
    assert!(svg.contains("Long: Q1 1%, Q2 2%."));
}

#[test]
fn the_same_chart_gives_the_same_svg_and_different_charts_different_ids() {
    assert_eq!(trend_svg(&two_teams()), trend_svg(&two_teams()));
    let mut other = two_teams();
    other.title = "Other".to_owned();
    let id = |s: &str| between(s, "aria-labelledby=\"", "\"").to_owned();
    assert_ne!(id(&trend_svg(&two_teams())), id(&trend_svg(&other)));
}

#[test]
fn extreme_inputs_do_not_panic() {
    let periods: Vec<String> = (0..300)
        .map(|i| format!("a very long period label {i}"))
        .collect();
    let periods: Vec<&str> = periods.iter().map(String::as_str).collect();
    let many: Vec<Series> = (0..30)
        .map(|s| {
            let values: Vec<Option<f64>> = (0..300)
                .map(|i| Some(f64::from(i * s) * 1e300 - 1e302))
                .collect();
            series(&"x".repeat(200), &values)
        })
        .collect();
    let mut c = chart(&periods, many);
    c.y_max = 1e-300;
    c.target = Some(TargetLine {
        value: -1e308,
        label: "word ".repeat(100),
    });
    let svg = trend_svg(&c);
    assert!(svg.ends_with("</svg>"));
    assert!(!svg.contains("NaN") && !svg.contains("inf"));
    c.y_max = f64::MAX;
    assert!(trend_svg(&c).ends_with("</svg>"));
    c.y_max = -1.0;
    assert!(trend_svg(&c).ends_with("</svg>"));
}

#[test]
fn numbers_in_attributes_have_at_most_two_decimals() {
    let svg = trend_svg(&two_teams());
    for attr in svg.split('"').skip(1).step_by(2) {
        for token in attr.split([' ', ',', 'M', 'L']) {
            if let Some((_, decimals)) = token.split_once('.')
                && token.parse::<f64>().is_ok()
            {
                assert!(decimals.len() <= 2, "{token} in {attr}");
            }
        }
    }
}

/// Cumulative net money per year: below zero at first, then above.
fn net_money() -> TrendChart {
    TrendChart {
        title: "Cumulative net".to_owned(),
        periods: vec![
            "Year 1".to_owned(),
            "Year 2".to_owned(),
            "Year 3".to_owned(),
        ],
        series: vec![
            series("Low", &[Some(-3.5), Some(-2.4), Some(-1.0)]),
            series("High", &[Some(-2.0), Some(1.5), Some(5.0)]),
        ],
        target: None,
        y_min: -4.0,
        y_max: 6.0,
        unit: " m".to_owned(),
    }
}

#[test]
fn a_negative_axis_has_round_gridlines_through_zero_and_a_zero_line() {
    let svg = trend_svg(&net_money());
    for label in [">-4<", ">-2<", ">0<", ">2<", ">4<", ">6<"] {
        assert!(svg.contains(label), "{label}");
    }
    assert_eq!(y_ticks(-4.0, 6.0), vec![-4.0, -2.0, 0.0, 2.0, 4.0, 6.0]);
    // 0 on a plot from y=32 (6) to y=236 (-4) lies 6/10 of the way down.
    let zero = between(&svg, "<line data-zero=\"\"", "/>");
    assert!(
        zero.contains("y1=\"154.4\"") && zero.contains("y2=\"154.4\""),
        "{zero}"
    );
    assert_eq!(count(&svg, "data-zero"), 1);
}

#[test]
fn values_below_zero_are_drawn_below_the_zero_line_and_printed_with_their_sign() {
    let svg = trend_svg(&net_money());
    let low = group(&svg, 0);
    // -3.5 of -4..6: 0.5/10 of 204 above the bottom at 236.
    assert!(low.contains("cy=\"225.8\""), "{low}");
    for label in [">-3.5 m<", ">-2.4 m<", ">-1 m<"] {
        assert!(svg.contains(label), "{label}");
    }
    let desc = between(&svg, "-d\">", "</desc>");
    assert!(
        desc.contains("Low: Year 1 -3.5 m, Year 2 -2.4 m, Year 3 -1 m"),
        "{desc}"
    );
    assert!(
        desc.contains("High: Year 1 -2 m, Year 2 1.5 m, Year 3 5 m"),
        "{desc}"
    );
    assert!(svg.contains("role=\"img\""));
}

#[test]
fn an_axis_from_zero_draws_no_zero_line_of_its_own() {
    assert!(!trend_svg(&two_teams()).contains("data-zero"));
    let mut c = net_money();
    c.y_max = 0.0;
    c.series = vec![series("Low", &[Some(-3.5), Some(-2.0), Some(-1.0)])];
    // Wholly below zero: the top of the axis is the zero line.
    let svg = trend_svg(&c);
    assert!(!svg.contains("data-zero"));
    assert!(svg.contains(">0<") && svg.contains(">-4<"));
}

#[test]
fn an_unusable_y_min_or_a_top_below_the_bottom_falls_back_to_a_round_axis() {
    let mut c = net_money();
    c.y_min = f64::NAN;
    c.series = vec![series("High", &[Some(1.0), Some(3.0), Some(4.5)])];
    let svg = trend_svg(&c);
    assert!(svg.contains(">0<") && svg.contains(">6<"), "{svg}");
    c.y_min = -4.0;
    c.y_max = -10.0;
    // The top is found from the data: a round span of 10 above -4.
    let svg = trend_svg(&c);
    assert!(svg.contains(">-4<") && svg.contains(">6<"), "{svg}");
    assert!(!svg.contains("NaN") && !svg.contains("inf"));
    for (lo, hi) in [
        (f64::MIN, f64::MAX),
        (-1e308, 1e308),
        (1e300, 1e300),
        (-1e-300, 0.0),
    ] {
        c.y_min = lo;
        c.y_max = hi;
        let svg = trend_svg(&c);
        assert!(svg.ends_with("</svg>"), "{lo} {hi}");
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{lo} {hi}");
    }
}
