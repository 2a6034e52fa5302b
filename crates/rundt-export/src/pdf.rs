//! A whole dashboard as a PDF report, laid out by `rundt-pdf`.

use rundt_pdf::Document;

use crate::model::{Cell, Report, Table, TrendChart};
use crate::names::slug;
use crate::num::{fixed, short};

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
}

impl Default for PdfOptions {
    fn default() -> Self {
        Self {
            page_label: "Page {page} of {pages}".to_owned(),
            period_heading: "Period".to_owned(),
            created: None,
            author: None,
        }
    }
}

/// The report as PDF with English page labels ("Page 1 of 3"); see
/// [`report_to_pdf_with`].
pub fn report_to_pdf(r: &Report) -> Vec<u8> {
    report_to_pdf_with(r, &PdfOptions::default())
}

/// The report as PDF: the title, the facts as label/value pairs, each table
/// under its title (first column wider), then each chart under its title as
/// a table of its points, one row per period, a column per series and one
/// for the target. The footer text and page label are on every page.
///
/// Percentages read "87.5 %", numbers have their decimals with '.' as
/// decimal point, suppressed cells their label, empty cells "–".
pub fn report_to_pdf_with(r: &Report, options: &PdfOptions) -> Vec<u8> {
    let mut doc = Document::new(&r.title);
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
        write_table(&mut doc, table);
    }
    for chart in &r.charts {
        write_chart(&mut doc, chart, &options.period_heading);
    }
    doc.finish()
}

/// A download name for a report, e.g. `team-results-2026.pdf`.
pub fn pdf_file_name(title: &str) -> String {
    format!("{}.pdf", slug(title))
}

fn write_table(doc: &mut Document, table: &Table) {
    doc.heading(&table.title, 1);
    let rows: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|row| row.iter().map(cell_text).collect())
        .collect();
    let columns = rows
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .max(table.columns.len());
    doc.table(&table.columns, &rows, &first_wider(columns));
}

fn write_chart(doc: &mut Document, chart: &TrendChart, period_heading: &str) {
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
                row.push(value_text(point, &chart.unit));
            }
            if let Some(t) = target {
                row.push(value_text(Some(t.value), &chart.unit));
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

fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) | Cell::Suppressed(s) => s.clone(),
        Cell::Integer(i) => i.to_string(),
        Cell::Number(v, decimals) => fixed(*v, *decimals).unwrap_or_else(|| DASH.to_owned()),
        Cell::Percent(v) => fixed(*v, 1).map_or_else(|| DASH.to_owned(), |s| format!("{s} %")),
        Cell::Empty => DASH.to_owned(),
    }
}

fn value_text(v: Option<f64>, unit: &str) -> String {
    match v.filter(|v| v.is_finite()) {
        Some(v) => format!("{}{unit}", short(v, 1)),
        None => DASH.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Series, TargetLine};

    fn report() -> Report {
        Report {
            title: "Team results 2026".to_owned(),
            facts: vec![
                ("Scope".to_owned(), "MST Osterbro".to_owned()),
                ("Exported".to_owned(), "2026-11-25".to_owned()),
            ],
            tables: vec![Table {
                title: "Outcomes at discharge".to_owned(),
                columns: vec![
                    "Team".to_owned(),
                    "Goals met".to_owned(),
                    "Families".to_owned(),
                ],
                rows: vec![
                    vec![
                        Cell::Text("North".to_owned()),
                        Cell::Percent(87.5),
                        Cell::Integer(12),
                    ],
                    vec![
                        Cell::Text("South".to_owned()),
                        Cell::Empty,
                        Cell::Suppressed("< 5".to_owned()),
                    ],
                ],
            }],
            charts: vec![TrendChart {
                title: "Goals met by quarter".to_owned(),
                periods: vec!["Q1".to_owned(), "Q2".to_owned()],
                series: vec![Series {
                    label: "North".to_owned(),
                    points: vec![Some(81.27), None],
                }],
                target: Some(TargetLine {
                    value: 90.0,
                    label: "Target 90 %".to_owned(),
                }),
                y_max: 100.0,
                unit: "%".to_owned(),
            }],
            footer: "Rundt - 2026-11-25 - confidential".to_owned(),
        }
    }

    fn contains(haystack: &[u8], needle: &str) -> bool {
        haystack
            .windows(needle.len())
            .any(|w| w == needle.as_bytes())
    }

    #[test]
    fn the_report_is_a_pdf_with_its_title() {
        let pdf = report_to_pdf(&report());
        assert!(pdf.starts_with(b"%PDF"));
        assert!(contains(&pdf, "(Team results 2026) Tj"));
        assert!(contains(&pdf, "(Scope) Tj"));
        assert!(contains(&pdf, "(Outcomes at discharge) Tj"));
    }

    #[test]
    fn cells_read_as_people_write_them() {
        let pdf = report_to_pdf(&report());
        assert!(contains(&pdf, "(87.5 %) Tj"));
        assert!(contains(&pdf, "(< 5) Tj"));
        // "–" is byte 0226 in WinAnsi.
        assert!(contains(&pdf, "(\\226) Tj"));
    }

    #[test]
    fn a_chart_becomes_a_table_of_its_points_and_target() {
        let pdf = report_to_pdf(&report());
        assert!(contains(&pdf, "(Goals met by quarter) Tj"));
        assert!(contains(&pdf, "(Period) Tj"));
        assert!(contains(&pdf, "(Target 90 %) Tj"));
        assert!(contains(&pdf, "(81.3%) Tj"));
        assert!(contains(&pdf, "(90%) Tj"));
    }

    #[test]
    fn every_page_has_the_footer_and_page_label() {
        let pdf = report_to_pdf(&report());
        assert!(contains(&pdf, "(Rundt - 2026-11-25 - confidential) Tj"));
        assert!(contains(&pdf, "(Page 1 of 1) Tj"));
        let options = PdfOptions {
            page_label: "Side {page} af {pages}".to_owned(),
            period_heading: "Periode".to_owned(),
            created: Some("D:20261125120000Z".to_owned()),
            author: None,
        };
        let pdf = report_to_pdf_with(&report(), &options);
        assert!(contains(&pdf, "(Side 1 af 1) Tj"));
        assert!(contains(&pdf, "(Periode) Tj"));
        assert!(contains(&pdf, "D:20261125120000Z"));
    }

    #[test]
    fn the_same_report_gives_the_same_bytes() {
        assert_eq!(report_to_pdf(&report()), report_to_pdf(&report()));
    }

    #[test]
    fn an_empty_report_does_not_panic() {
        let empty = Report {
            title: String::new(),
            facts: vec![],
            tables: vec![Table {
                title: String::new(),
                columns: vec![],
                rows: vec![],
            }],
            charts: vec![TrendChart {
                title: String::new(),
                periods: vec![],
                series: vec![],
                target: Some(TargetLine {
                    value: f64::NAN,
                    label: String::new(),
                }),
                y_max: f64::NAN,
                unit: String::new(),
            }],
            footer: String::new(),
        };
        assert!(report_to_pdf(&empty).starts_with(b"%PDF"));
    }

    #[test]
    fn the_file_name_is_an_ascii_slug() {
        assert_eq!(pdf_file_name("Team results 2026"), "team-results-2026.pdf");
    }
}
