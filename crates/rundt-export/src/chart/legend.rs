//! The legend above a trend chart: each series' dash and marker beside
//! its name, wrapped into rows that fit the chart's width.

use std::fmt::Write as _;

use super::{
    CHAR_W, LEGEND_ROW, MAX_LEGEND_CHARS, PLOT_LEFT, WIDTH, dash_attribute, ellipsis, esc, marker,
    n, style,
};
use crate::model::TrendChart;

pub(super) struct LegendItem {
    pub(super) row: usize,
    pub(super) x: f64,
    /// Sample line and text, without the gap after it.
    pub(super) width: f64,
    text: String,
}

/// Middle of legend row `row`.
pub(super) fn legend_y(row: usize) -> f64 {
    4.0 + LEGEND_ROW * (row as f64 + 0.5)
}

pub(super) fn legend_layout(c: &TrendChart) -> Vec<LegendItem> {
    let mut items = Vec::with_capacity(c.series.len());
    let (mut row, mut x) = (0, PLOT_LEFT);
    for series in &c.series {
        let text = ellipsis(&series.label, MAX_LEGEND_CHARS);
        let width = 30.0 + text.chars().count() as f64 * CHAR_W;
        if x + width > WIDTH - 8.0 && x > PLOT_LEFT {
            row += 1;
            x = PLOT_LEFT;
        }
        items.push(LegendItem {
            row,
            x,
            width,
            text,
        });
        x += width + 16.0;
    }
    items
}

pub(super) fn draw_legend(out: &mut String, c: &TrendChart, items: &[LegendItem]) {
    for (i, item) in items.iter().enumerate().take(c.series.len()) {
        let st = style(i);
        let y = legend_y(item.row);
        let dash = dash_attribute(st);
        let _ = write!(
            out,
            "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{}\" stroke-width=\"1.75\"{dash}/>",
            n(item.x),
            n(item.x + 24.0),
            st.grey,
            y = n(y)
        );
        marker(out, st, item.x + 12.0, y);
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\">{}</text>",
            n(item.x + 30.0),
            n(y + 4.0),
            esc(&item.text)
        );
    }
}
