//! Trend charts as self-contained SVG that reads without colour.
//!
//! Every series has its own marker shape and dash pattern in dark greys,
//! values are printed next to the points, and a `<desc>` lists every value
//! for screen readers. No CSS, no scripts, no external resources; the same
//! chart always gives the same string.

use std::fmt::Write as _;

mod legend;

use crate::model::TrendChart;
use crate::num::short;
use legend::{draw_legend, legend_layout, legend_y};

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 260.0;
const FONT: &str = "system-ui,sans-serif";
const FONT_SIZE: f64 = 11.0;
const LABEL_SIZE: f64 = 10.0;
/// Rough advance of one character at [`FONT_SIZE`].
const CHAR_W: f64 = 6.2;

/// Rough advance of one bold character at [`FONT_SIZE`].
const BOLD_CHAR_W: f64 = 6.7;
/// Rough advance of one character at [`LABEL_SIZE`].
const LABEL_CHAR_W: f64 = 5.7;
const LINE_HEIGHT: f64 = 13.0;
/// Horizontal room one rotated x label needs.
const ROTATED_PITCH: f64 = 17.0;
/// Longest line of the target's label, in characters.
const TARGET_LABEL_MAX: usize = 16;
/// Half the size of a marker.
const MARKER_HALF: f64 = 4.6;

const PLOT_LEFT: f64 = 46.0;
/// Right end of the plot when there is no target label beside it.
const PLOT_RIGHT: f64 = 622.0;
const LEGEND_ROW: f64 = 16.0;
/// Above this many periods only the first, last, lowest and highest value
/// of each series is printed.
const MAX_LABELLED_PERIODS: usize = 16;
/// Longest x label when labels are rotated, in characters.
const MAX_ROTATED_CHARS: usize = 12;
/// Longest legend entry, in characters.
const MAX_LEGEND_CHARS: usize = 40;

const INK: &str = "#111111";
const GRID: &str = "#d9d9d9";
const AXIS: &str = "#737373";
const MUTED: &str = "#333333";
const GREYS: [&str; 3] = ["#111111", "#4d4d4d", "#333333"];
const DASHES: [&str; 5] = ["", "7 3", "2 3", "9 3 2 3", "14 4"];

#[derive(Clone, Copy)]
enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
}

const MARKERS: [Marker; 4] = [
    Marker::Circle,
    Marker::Square,
    Marker::Triangle,
    Marker::Diamond,
];

/// How series `i` is drawn.
#[derive(Clone, Copy)]
struct Style {
    marker: Marker,
    /// Second round of markers is drawn hollow.
    hollow: bool,
    dash: &'static str,
    grey: &'static str,
}

fn style(i: usize) -> Style {
    Style {
        marker: MARKERS[i % MARKERS.len()],
        hollow: (i / MARKERS.len()) % 2 == 1,
        dash: DASHES[i % DASHES.len()],
        grey: GREYS[i % GREYS.len()],
    }
}

/// The chart as an inline SVG (`viewBox="0 0 640 260"`, scaling to the
/// width of its container).
///
/// Each series gets its own marker (circle, square, triangle, diamond, then
/// the same hollow) and dash pattern, shown in a legend with its label.
/// Values are printed next to their points (with more than 16 periods only
/// each series' first, last, lowest and highest); a value whose label would
/// cover another is left to the description. Missing and non-finite values
/// leave a gap. The y axis runs from `y_min` (0 for most charts) to `y_max`;
/// values outside are drawn at the edge but printed as they are. When the
/// axis reaches below 0 a zero line is drawn across the plot, and the
/// gridlines fall on round steps through 0. The target is a dashed line
/// labelled at its right end. A chart with no values renders its title and
/// "–".
pub fn trend_svg(c: &TrendChart) -> String {
    let n = c.periods.len();
    let points: Vec<Vec<Option<f64>>> = c
        .series
        .iter()
        .map(|s| {
            (0..n)
                .map(|i| s.points.get(i).copied().flatten().filter(|v| v.is_finite()))
                .collect()
        })
        .collect();
    let id = format!("rundt-chart-{:08x}", fingerprint(c));
    if points.iter().flatten().all(Option::is_none) {
        return empty_svg(c, &id);
    }
    let target = c
        .target
        .as_ref()
        .filter(|t| t.value.is_finite())
        .map(|t| (t.value, t.label.as_str()));
    let (y_min, y_max) = axis_range(c.y_min, c.y_max, &points, target.map(|t| t.0));

    let mut out = String::with_capacity(8 * 1024);
    open_svg(&mut out, &id, HEIGHT);
    let _ = write!(
        out,
        "<title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        esc(&c.title),
        esc(&describe(c, &points, target))
    );

    // Legend rows on top, x labels at the bottom, the target's label on the
    // right, the plot in between.
    let legend = legend_layout(c);
    let legend_rows = legend.last().map_or(0, |item| item.row + 1);
    let top = (legend_rows as f64 * LEGEND_ROW + 16.0).min(HEIGHT - 120.0);
    let target_lines =
        target.map_or_else(Vec::new, |(_, label)| wrap_words(label, TARGET_LABEL_MAX));
    let target_width = target_lines
        .iter()
        .map(|l| l.chars().count() as f64 * BOLD_CHAR_W)
        .fold(0.0, f64::max);
    let right = if target_width > 0.0 {
        WIDTH - 6.0 - target_width - 6.0
    } else {
        PLOT_RIGHT
    };
    let slot = (right - PLOT_LEFT) / n as f64;
    let xl = x_labels_layout(&c.periods, slot);
    let geo = Geometry {
        right,
        top,
        bottom: HEIGHT - xl.reserve,
        slot,
        y_min,
        y_max,
    };

    draw_legend(&mut out, c, &legend);
    draw_y_axis(&mut out, &geo);
    draw_x_labels(&mut out, &c.periods, &xl, &geo);
    let mut taken: Vec<Area> = legend
        .iter()
        .map(|item| {
            let y = legend_y(item.row);
            Area {
                x0: item.x,
                y0: y - 7.0,
                x1: item.x + item.width,
                y1: y + 7.0,
            }
        })
        .collect();
    if let Some((value, _)) = target {
        taken.extend(draw_target(&mut out, value, &target_lines, &geo));
    }
    let labels = place_labels(&points, &c.unit, &geo, taken);
    for (i, series) in points.iter().enumerate() {
        let placed = labels.get(i).map_or(&[][..], Vec::as_slice);
        draw_series(&mut out, series, style(i), i, placed, &geo);
    }
    out.push_str("</svg>");
    out
}

struct Geometry {
    /// Right end of the plot (the left is [`PLOT_LEFT`]).
    right: f64,
    top: f64,
    bottom: f64,
    /// Width of one period.
    slot: f64,
    /// The bottom of the y axis.
    y_min: f64,
    /// The top of the y axis, above `y_min`.
    y_max: f64,
}

impl Geometry {
    fn x(&self, i: usize) -> f64 {
        PLOT_LEFT + self.slot * (i as f64 + 0.5)
    }

    fn y(&self, v: f64) -> f64 {
        let v = v.clamp(self.y_min, self.y_max);
        self.bottom - (self.bottom - self.top) * (v - self.y_min) / (self.y_max - self.y_min)
    }
}

/// An area taken by a label or marker.
#[derive(Clone, Copy)]
struct Area {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Area {
    fn around(x: f64, y: f64, half: f64) -> Self {
        Area {
            x0: x - half,
            y0: y - half,
            x1: x + half,
            y1: y + half,
        }
    }

    fn overlaps(&self, other: &Area) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }
}

/// A value label placed at (x, baseline y).
struct Label {
    x: f64,
    y: f64,
    text: String,
}

fn open_svg(out: &mut String, id: &str, height: f64) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"100%\" \
         preserveAspectRatio=\"xMidYMid meet\" role=\"img\" aria-labelledby=\"{id}-t\" \
         aria-describedby=\"{id}-d\" font-family=\"{FONT}\" font-size=\"{}\" fill=\"{INK}\">",
        n(WIDTH),
        n(height),
        n(FONT_SIZE)
    );
}

fn empty_svg(c: &TrendChart, id: &str) -> String {
    let mut out = String::new();
    open_svg(&mut out, id, 48.0);
    let title = esc(&c.title);
    let _ = write!(
        out,
        "<title id=\"{id}-t\">{title}</title><desc id=\"{id}-d\">{title}: –</desc>\
         <text x=\"8\" y=\"18\" font-weight=\"bold\">{title}</text>\
         <text x=\"8\" y=\"38\">–</text></svg>"
    );
    out
}

/// Plain-text summary: every series with its value per period.
fn describe(c: &TrendChart, points: &[Vec<Option<f64>>], target: Option<(f64, &str)>) -> String {
    let mut parts = Vec::with_capacity(points.len() + 2);
    if !c.title.is_empty() {
        parts.push(c.title.clone());
    }
    for (series, values) in c.series.iter().zip(points) {
        let values: Vec<String> = c
            .periods
            .iter()
            .zip(values)
            .map(|(period, v)| match v {
                Some(v) => format!("{period} {}{}", short(*v, 2), c.unit),
                None => format!("{period} –"),
            })
            .collect();
        parts.push(format!("{}: {}", series.label, values.join(", ")));
    }
    if let Some((value, label)) = target {
        parts.push(format!("{label}: {}{}", short(value, 2), c.unit));
    }
    let mut text = parts.join(". ");
    text.push('.');
    text
}

/// The bottom and top of the y axis: `y_min` (0 when not finite) and
/// `y_max` when it is above it; otherwise a round span above the bottom
/// reaching the data and the target; from 0 when nothing else works.
fn axis_range(
    y_min: f64,
    y_max: f64,
    points: &[Vec<Option<f64>>],
    target: Option<f64>,
) -> (f64, f64) {
    let bottom = if y_min.is_finite() { y_min } else { 0.0 };
    match axis_top(bottom, y_max, points, target) {
        Some(top) => (bottom, top),
        None => (0.0, axis_top(0.0, y_max, points, target).unwrap_or(1.0)),
    }
}

/// The top of an axis from `bottom`: `y_max` when usable, otherwise a round
/// number above the data; none when no top gives a finite span.
fn axis_top(
    bottom: f64,
    y_max: f64,
    points: &[Vec<Option<f64>>],
    target: Option<f64>,
) -> Option<f64> {
    let usable = |top: f64| top.is_finite() && top > bottom && (top - bottom).is_finite();
    if usable(y_max) {
        return Some(y_max);
    }
    let highest = points
        .iter()
        .flatten()
        .flatten()
        .copied()
        .chain(target)
        .fold(bottom, f64::max);
    let span = highest - bottom;
    let rounded = if span.is_finite() && span > 0.0 {
        bottom + round_up(span)
    } else {
        bottom + 1.0
    };
    [rounded, highest].into_iter().find(|t| usable(*t))
}

/// The smallest of 1, 2, 2.5, 5, 10 times a power of ten at or above `v`
/// (a positive, finite number), or `v` itself when none is finite.
fn round_up(v: f64) -> f64 {
    let magnitude = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|r| *r >= v && r.is_finite())
        .unwrap_or(v)
}

/// 5 or 4 intervals, whichever gives round steps (5 when neither does).
fn intervals(y_max: f64) -> usize {
    let round = |step: f64| {
        let magnitude = 10f64.powf(step.log10().floor());
        let m = step / magnitude;
        [1.0, 2.0, 2.5, 5.0, 10.0]
            .iter()
            .any(|r| (m - r).abs() < 1e-9)
    };
    if round(y_max / 5.0) || !round(y_max / 4.0) {
        5
    } else {
        4
    }
}

/// The values the y axis is labelled at: from 0, 4 or 5 even intervals up
/// to the top; from any other bottom, the multiples of a round step
/// between bottom and top (through 0 when the axis crosses it), and the
/// bottom itself.
fn y_ticks(y_min: f64, y_max: f64) -> Vec<f64> {
    if y_min == 0.0 {
        let k = intervals(y_max);
        return (0..=k).map(|j| y_max * j as f64 / k as f64).collect();
    }
    let span = y_max - y_min;
    let step = round_up(span / 5.0);
    if !(step.is_finite() && step > 0.0 && span / step <= 20.0) {
        return vec![y_min, y_max];
    }
    let first = (y_min / step).ceil();
    let mut ticks = vec![y_min];
    for i in 0..=21 {
        let v = (first + f64::from(i)) * step;
        if v > y_max + step * 1e-9 {
            break;
        }
        if ticks.last().is_some_and(|last| v > last + step * 1e-9) {
            ticks.push(v);
        }
    }
    ticks
}

fn draw_y_axis(out: &mut String, geo: &Geometry) {
    for (j, v) in y_ticks(geo.y_min, geo.y_max).into_iter().enumerate() {
        let y = geo.y(v);
        let colour = if j == 0 { AXIS } else { GRID };
        let _ = write!(
            out,
            "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{colour}\" stroke-width=\"1\"/>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"{MUTED}\">{}</text>",
            n(PLOT_LEFT),
            n(geo.right),
            n(PLOT_LEFT - 6.0),
            n(y + 4.0),
            short(v, 2),
            y = n(y),
        );
    }
    // Below-zero values read against a zero line of their own.
    if geo.y_min < 0.0 && geo.y_max > 0.0 {
        let _ = write!(
            out,
            "<line data-zero=\"\" x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{INK}\" \
             stroke-width=\"1.25\"/>",
            n(PLOT_LEFT),
            n(geo.right),
            y = n(geo.y(0.0)),
        );
    }
}

struct XLabels {
    rotated: bool,
    /// Print every `step`th label.
    step: usize,
    /// Room below the plot.
    reserve: f64,
}

fn x_labels_layout(periods: &[String], slot: f64) -> XLabels {
    let longest = periods.iter().map(|p| p.chars().count()).max().unwrap_or(0);
    if longest as f64 * CHAR_W + 4.0 <= slot {
        return XLabels {
            rotated: false,
            step: 1,
            reserve: 24.0,
        };
    }
    // Rotated labels need a line height and some air between them.
    let step = (ROTATED_PITCH / slot).ceil().max(1.0) as usize;
    let chars = longest.min(MAX_ROTATED_CHARS) as f64;
    XLabels {
        rotated: true,
        step,
        reserve: 18.0 + chars * CHAR_W * std::f64::consts::FRAC_1_SQRT_2,
    }
}

fn draw_x_labels(out: &mut String, periods: &[String], layout: &XLabels, geo: &Geometry) {
    let last = periods.len().saturating_sub(1);
    let last_regular = last - last % layout.step;
    for (i, period) in periods.iter().enumerate() {
        // The last label is added when it does not crowd the one before.
        let shown =
            i % layout.step == 0 || (i == last && (last - last_regular) * 3 >= layout.step * 2);
        if !shown {
            continue;
        }
        let x = geo.x(i);
        let _ = write!(
            out,
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"{AXIS}\" stroke-width=\"1\"/>",
            n(geo.bottom),
            n(geo.bottom + 4.0),
            x = n(x)
        );
        if layout.rotated {
            let y = geo.bottom + 12.0;
            let _ = write!(
                out,
                "<text x=\"{x}\" y=\"{y}\" text-anchor=\"end\" fill=\"{MUTED}\" \
                 transform=\"rotate(-45 {x} {y})\">{}</text>",
                esc(&ellipsis(period, MAX_ROTATED_CHARS)),
                x = n(x + 3.0),
                y = n(y)
            );
        } else {
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{MUTED}\">{}</text>",
                n(x),
                n(geo.bottom + 16.0),
                esc(period)
            );
        }
    }
}

/// Words of `text` in lines of at most `max` characters (longer words get a
/// line of their own), at most three lines, the last cut with "…".
fn wrap_words(text: &str, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= max => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    if lines.len() > 3 {
        let rest = lines.split_off(2).join(" ");
        lines.push(ellipsis(&rest, max));
    }
    lines.into_iter().map(|l| ellipsis(&l, 2 * max)).collect()
}

/// Draws the target line and its label to the right of the plot; returns
/// the area the label takes.
fn draw_target(out: &mut String, value: f64, lines: &[String], geo: &Geometry) -> Option<Area> {
    let y = geo.y(value);
    let _ = write!(
        out,
        "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"#000000\" stroke-width=\"1.25\" \
         stroke-dasharray=\"5 4\"/>",
        n(PLOT_LEFT),
        n(geo.right),
        y = n(y)
    );
    if lines.is_empty() {
        return None;
    }
    let x = geo.right + 6.0;
    let height = LINE_HEIGHT * lines.len() as f64;
    // Centred on the line, kept inside the picture.
    let first = (y + 4.0 - (height - LINE_HEIGHT) / 2.0)
        .clamp(FONT_SIZE, HEIGHT - 4.0 - (height - LINE_HEIGHT));
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" font-weight=\"bold\">",
        n(x),
        n(first)
    );
    for (j, line) in lines.iter().enumerate() {
        let dy = if j == 0 { 0.0 } else { LINE_HEIGHT };
        let _ = write!(
            out,
            "<tspan x=\"{}\" dy=\"{}\">{}</tspan>",
            n(x),
            n(dy),
            esc(line)
        );
    }
    out.push_str("</text>");
    let width = lines
        .iter()
        .map(|l| l.chars().count() as f64 * BOLD_CHAR_W)
        .fold(0.0, f64::max);
    Some(Area {
        x0: x,
        y0: first - FONT_SIZE,
        x1: x + width,
        y1: first - FONT_SIZE + height,
    })
}

/// Chooses where each printed value goes: above or below its point
/// (alternating by series), else right or left of it, whichever side covers
/// no marker, legend or label placed before it; a value with no free side is
/// not printed (it is in the description).
fn place_labels(
    points: &[Vec<Option<f64>>],
    unit: &str,
    geo: &Geometry,
    mut taken: Vec<Area>,
) -> Vec<Vec<Label>> {
    for series in points {
        for (i, v) in series.iter().enumerate() {
            if let Some(v) = v {
                taken.push(Area::around(geo.x(i), geo.y(*v), MARKER_HALF));
            }
        }
    }
    let wanted: Vec<Vec<usize>> = points.iter().map(|s| labelled(s)).collect();
    let mut placed: Vec<Vec<Label>> = points.iter().map(|_| Vec::new()).collect();
    let periods = points.first().map_or(0, Vec::len);
    for i in 0..periods {
        for (s, series) in points.iter().enumerate() {
            let Some(Some(v)) = series.get(i) else {
                continue;
            };
            if !wanted.get(s).is_some_and(|w| w.contains(&i)) {
                continue;
            }
            let text = format!("{}{unit}", short(*v, 1));
            let half = (text.chars().count() as f64 * LABEL_CHAR_W) / 2.0 + 1.0;
            // Kept clear of the y axis labels and inside the picture.
            let x = geo.x(i).max(PLOT_LEFT - 2.0 + half).min(WIDTH - half - 1.0);
            let y = geo.y(*v);
            // Centres (x, baseline) above, below, right and left of the point.
            let px = geo.x(i);
            let above = (x, y - 7.0);
            let below = (x, y + 7.0 + LABEL_SIZE);
            let beside = y + LABEL_SIZE / 2.0 - 1.0;
            let right = (px + 7.0 + half, beside);
            let left = (px - 7.0 - half, beside);
            let sides = if s % 2 == 0 {
                [above, below, right, left]
            } else {
                [below, above, right, left]
            };
            let free = sides.into_iter().find_map(|(cx, baseline)| {
                let area = Area {
                    x0: cx - half,
                    y0: baseline - LABEL_SIZE + 1.0,
                    x1: cx + half,
                    y1: baseline + 2.0,
                };
                let inside = area.y0 >= 2.0
                    && area.y1 <= geo.bottom - 1.0
                    && area.x0 >= PLOT_LEFT - 4.0
                    && area.x1 <= WIDTH - 1.0;
                (inside && !taken.iter().any(|t| t.overlaps(&area))).then_some((cx, baseline, area))
            });
            if let Some((cx, baseline, area)) = free {
                taken.push(area);
                if let Some(list) = placed.get_mut(s) {
                    list.push(Label {
                        x: cx,
                        y: baseline,
                        text,
                    });
                }
            }
        }
    }
    placed
}

fn draw_series(
    out: &mut String,
    points: &[Option<f64>],
    st: Style,
    index: usize,
    labels: &[Label],
    geo: &Geometry,
) {
    let _ = write!(out, "<g data-series=\"{index}\">");
    // Lines through runs of consecutive values; a missing value breaks it.
    let mut path = String::new();
    let mut run = 0;
    for (i, v) in points.iter().enumerate() {
        match v {
            Some(v) => {
                let cmd = if run == 0 { 'M' } else { 'L' };
                let _ = write!(path, "{cmd}{} {}", n(geo.x(i)), n(geo.y(*v)));
                run += 1;
            }
            None => run = 0,
        }
    }
    if points.windows(2).any(|w| w[0].is_some() && w[1].is_some()) {
        let dash = dash_attribute(st);
        let _ = write!(
            out,
            "<path d=\"{path}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.75\" \
             stroke-linejoin=\"round\"{dash}/>",
            st.grey
        );
    }
    for (i, v) in points.iter().enumerate() {
        if let Some(v) = v {
            marker(out, st, geo.x(i), geo.y(*v));
        }
    }
    for label in labels {
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"{}\" fill=\"{}\" \
             stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">{}</text>",
            n(label.x),
            n(label.y),
            n(LABEL_SIZE),
            st.grey,
            esc(&label.text)
        );
    }
    out.push_str("</g>");
}

/// Indices of the points whose values are printed.
fn labelled(points: &[Option<f64>]) -> Vec<usize> {
    let present: Vec<(usize, f64)> = points
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .collect();
    if points.len() <= MAX_LABELLED_PERIODS {
        return present.iter().map(|(i, _)| *i).collect();
    }
    let mut picked: Vec<usize> = Vec::with_capacity(4);
    let by_value = |a: &&(usize, f64), b: &&(usize, f64)| a.1.total_cmp(&b.1);
    let candidates = [
        present.first(),
        present.last(),
        present.iter().min_by(by_value),
        // Ties resolve to the earliest point, like the minimum.
        present.iter().rev().max_by(by_value),
    ];
    for (i, _) in candidates.into_iter().flatten() {
        if !picked.contains(i) {
            picked.push(*i);
        }
    }
    picked.sort_unstable();
    picked
}

/// The SVG attribute that dashes a series' line, or nothing for a solid
/// one: the same in the plot and in its legend.
fn dash_attribute(st: Style) -> String {
    if st.dash.is_empty() {
        String::new()
    } else {
        format!(" stroke-dasharray=\"{}\"", st.dash)
    }
}

fn marker(out: &mut String, st: Style, x: f64, y: f64) {
    let fill = if st.hollow { "#ffffff" } else { st.grey };
    let paint = format!(
        "fill=\"{fill}\" stroke=\"{}\" stroke-width=\"1.5\"",
        st.grey
    );
    let _ = match st.marker {
        Marker::Circle => write!(
            out,
            "<circle cx=\"{}\" cy=\"{}\" r=\"3.5\" {paint}/>",
            n(x),
            n(y)
        ),
        Marker::Square => write!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"6.4\" height=\"6.4\" {paint}/>",
            n(x - 3.2),
            n(y - 3.2)
        ),
        Marker::Triangle => write!(
            out,
            "<polygon points=\"{},{} {},{} {},{}\" {paint}/>",
            n(x),
            n(y - 4.4),
            n(x + 4.2),
            n(y + 3.0),
            n(x - 4.2),
            n(y + 3.0)
        ),
        Marker::Diamond => write!(
            out,
            "<polygon points=\"{},{} {},{} {},{} {},{}\" {paint}/>",
            n(x),
            n(y - 4.6),
            n(x + 4.6),
            n(y),
            n(x),
            n(y + 4.6),
            n(x - 4.6),
            n(y)
        ),
    };
}

/// `s` cut to `max` characters, ending in "…" when cut.
fn ellipsis(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A coordinate with at most one decimal.
fn n(v: f64) -> String {
    short(v, 1)
}

/// Text escaped for XML content and attributes; characters XML 1.0 does
/// not allow are dropped.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A stable id for the chart's content, so several charts on one page get
/// different element ids.
fn fingerprint(c: &TrendChart) -> u32 {
    const PRIME: u64 = 0x0100_0000_01b3;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(PRIME);
        }
        h ^= 0xff;
        h = h.wrapping_mul(PRIME);
    };
    eat(c.title.as_bytes());
    for p in &c.periods {
        eat(p.as_bytes());
    }
    for s in &c.series {
        eat(s.label.as_bytes());
        for v in &s.points {
            eat(&v.map_or(u64::MAX, f64::to_bits).to_le_bytes());
        }
    }
    (h ^ (h >> 32)) as u32
}

#[cfg(test)]
mod tests;
