//! What is exported: titled tables of typed cells, trend charts, and a
//! report made of both.

/// One cell of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Integer(i64),
    /// A number shown with this many decimals.
    Number(f64, u8),
    /// An amount of money in minor units (øre), e.g. 29_900_000 for
    /// 299 000 kr; shown with two decimals, never through floating point
    /// in text exports.
    Money(i64),
    /// A percentage, e.g. 87.5 for 87.5 %, one decimal.
    Percent(f64),
    /// Nothing to show (no data).
    Empty,
    /// Hidden by the small-cell rule; the text says so in the viewer's
    /// language (e.g. "hidden (fewer than 5)").
    Suppressed(String),
}

/// A titled table; every row has as many cells as there are columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// One line of a trend chart: a value (or none) per period.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    pub points: Vec<Option<f64>>,
}

/// A horizontal reference line (a programme target).
#[derive(Debug, Clone, PartialEq)]
pub struct TargetLine {
    pub value: f64,
    pub label: String,
}

/// A line chart over periods (months, quarters, years).
#[derive(Debug, Clone, PartialEq)]
pub struct TrendChart {
    pub title: String,
    /// One label per period, oldest first.
    pub periods: Vec<String>,
    pub series: Vec<Series>,
    pub target: Option<TargetLine>,
    /// The bottom of the y axis: 0 for counts and shares; below 0 for
    /// values that go negative (a cumulative net amount), when a zero line
    /// is drawn across the plot.
    pub y_min: f64,
    /// The top of the y axis (100 for percentages).
    pub y_max: f64,
    /// Unit shown after values, e.g. "%" or " days".
    pub unit: String,
}

/// A whole dashboard for the PDF export.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub title: String,
    /// Lines under the title: scope, period, denominator, date of export.
    pub facts: Vec<(String, String)>,
    pub tables: Vec<Table>,
    /// Charts are rendered in the PDF as tables of their points.
    pub charts: Vec<TrendChart>,
    /// Footer text on each page (e.g. "Rundt – 2026-11-25 – confidential").
    pub footer: String,
}
