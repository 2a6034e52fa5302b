//! A whole dashboard as a PDF report, laid out by `rundt-pdf`.

use rundt_pdf::{Document, PageSize};

use crate::model::{Cell, Report, Table, TrendChart};
use crate::names::slug;
use crate::num::{Notation, fixed, short};

/// Shown for empty cells and missing points.
const DASH: &str = "–";

/// Words and metadata around the report's own content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfOptions {
    /// Page number template; `{page}` and `{pages}` are replaced.
    pub page_label: String,
    /// Header of the first column of a chart's table.
    pub period_heading: String,
    /// Creation date stored in the file, as a PDF date
    /// (`"D:20261125120000Z"`); none by default.
    pub created: Option<String>,
    /// Author stored in the file.
    pub author: Option<String>,
    /// The reader's decimal mark.
    pub notation: Notation,
}

impl Default for PdfOptions {
    fn default() -> Self {
        Self {
            page_label: "Page {page} of {pages}".to_owned(),
            period_heading: "Period".to_owned(),
            created: None,
            author: None,
            notation: Notation::Point,
        }
    }
}

/// The report as PDF with English page labels ("Page 1 of 3"); see
/// [`report_to_pdf_with`].
pub fn report_to_pdf(r: &Report) -> Vec<u8> {
    report_to_pdf_with(r, &PdfOptions::default())
}

/// The report as PDF (A4 landscape): the title, the facts as label/value pairs, each table
/// under its title (first column wider), then each chart under its title as
/// a table of its points, one row per period, a column per series and one
/// for the target. The footer text and page label are on every page.
///
/// A chart's values below zero keep their sign ("-2,5 mio. kr.").
///
/// Percentages read "87.5 %" ("87,5 %" with a decimal comma), numbers have
/// their decimals in the options' notation, suppressed cells their label,
/// empty cells "–".
pub fn report_to_pdf_with(r: &Report, options: &PdfOptions) -> Vec<u8> {
    // Landscape: a breakdown has a column per indicator, and Danish and
    // Norwegian headers hold long words ("Behandlingslængde") that must not
    // be broken.
    let mut doc = Document::with_page_size(&r.title, PageSize::A4_LANDSCAPE);
    if let Some(created) = &options.created {
        doc = doc.created(created);
    }
    if let Some(author) = &options.author {
        doc = doc.author(author);
    }
    doc.footer_text(&r.footer);
    doc.page_label(&options.page_label);
    doc.key_values(&r.facts);
    for table in &r.tables {
        write_table(&mut doc, table, options.notation);
    }
    for chart in &r.charts {
        write_chart(&mut doc, chart, &options.period_heading, options.notation);
    }
    doc.finish()
}

/// A download name for a report, e.g. `team-results-2026.pdf`.
pub fn pdf_file_name(title: &str) -> String {
    format!("{}.pdf", slug(title))
}

fn write_table(doc: &mut Document, table: &Table, notation: Notation) {
    doc.heading(&table.title, 1);
    let rows: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|row| row.iter().map(|c| cell_text(c, notation)).collect())
        .collect();
    let columns = rows
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .max(table.columns.len());
    doc.table(&table.columns, &rows, &first_wider(columns));
}

fn write_chart(doc: &mut Document, chart: &TrendChart, period_heading: &str, notation: Notation) {
    doc.heading(&chart.title, 1);
    let target = chart.target.as_ref().filter(|t| t.value.is_finite());
    let mut headers: Vec<&str> = vec![period_heading];
    headers.extend(chart.series.iter().map(|s| s.label.as_str()));
    if let Some(t) = target {
        headers.push(&t.label);
    }
    let rows: Vec<Vec<String>> = chart
        .periods
        .iter()
        .enumerate()
        .map(|(i, period)| {
            let mut row = vec![period.clone()];
            for series in &chart.series {
                let point = series.points.get(i).copied().flatten();
                row.push(value_text(point, &chart.unit, notation));
            }
            if let Some(t) = target {
                row.push(value_text(Some(t.value), &chart.unit, notation));
            }
            row
        })
        .collect();
    doc.table(&headers, &rows, &first_wider(headers.len()));
}

/// Column shares: the first column twice as wide as the others.
fn first_wider(columns: usize) -> Vec<f32> {
    (0..columns)
        .map(|i| if i == 0 { 2.0 } else { 1.0 })
        .collect()
}

fn cell_text(cell: &Cell, notation: Notation) -> String {
    match cell {
        Cell::Text(s) | Cell::Suppressed(s) => s.clone(),
        Cell::Integer(i) => i.to_string(),
        Cell::Number(v, decimals) => {
            fixed(*v, *decimals).map_or_else(|| DASH.to_owned(), |s| notation.write(s))
        }
        Cell::Percent(v) => {
            fixed(*v, 1).map_or_else(|| DASH.to_owned(), |s| format!("{} %", notation.write(s)))
        }
        Cell::Money(minor) => notation.money(*minor),
        Cell::Empty => DASH.to_owned(),
    }
}

fn value_text(v: Option<f64>, unit: &str, notation: Notation) -> String {
    match v.filter(|v| v.is_finite()) {
        Some(v) => format!("{}{unit}", notation.write(short(v, 1))),
        None => DASH.to_owned(),
    }
}
