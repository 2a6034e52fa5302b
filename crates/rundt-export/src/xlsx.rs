//! XLSX workbooks: one worksheet per table, numbers as real numbers.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use crate::error::ExportError;
use crate::model::{Cell, Table};
use crate::names::slug;
use crate::num::{MAX_DECIMALS, fixed, minor_units};

/// Excel's limit on a sheet name, in UTF-16 code units.
const MAX_SHEET_NAME: usize = 31;
/// Excel's limit on the text in one cell, in UTF-16 code units.
const MAX_CELL_TEXT: usize = 32_767;
/// Column widths, in characters.
const MIN_WIDTH: usize = 8;
const MAX_WIDTH: usize = 60;
/// Number format of money cells: two decimals, thousands grouped.
const MONEY_FORMAT: &str = "#,##0.00";

/// A workbook with one worksheet per table, in order.
///
/// Sheet names come from the titles, made valid for Excel (at most 31
/// characters, none of `[]:*?/\`, not empty) and unique (" (2)", " (3)" …).
/// The header row is bold and frozen. Integers, numbers and percentages are
/// stored as numbers: a percentage as e.g. 87.5 shown as `0.0`, a number
/// with a format of its decimals. Text and suppressed cells are stored as
/// strings (never formulas, whatever they start with); empty cells and
/// non-finite numbers are left out.
///
/// The document's creation time is the current time, as Excel does; use
/// [`tables_to_xlsx_created`] for byte-identical output.
pub fn tables_to_xlsx(tables: &[Table]) -> Result<Vec<u8>, ExportError> {
    build(tables, None)
}

/// As [`tables_to_xlsx`], with the creation time stored in the document
/// given as `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS[Z]` (UTC). The same input
/// gives the same bytes.
pub fn tables_to_xlsx_created(tables: &[Table], created: &str) -> Result<Vec<u8>, ExportError> {
    let date = parse_date(created).ok_or_else(|| ExportError::InvalidDate(created.to_owned()))?;
    build(tables, Some(date))
}

/// A download name for a workbook, e.g. `team-results-2026.xlsx`.
pub fn xlsx_file_name(title: &str) -> String {
    format!("{}.xlsx", slug(title))
}

fn xlsx_error(e: XlsxError) -> ExportError {
    ExportError::Xlsx(e.to_string())
}

fn parse_date(created: &str) -> Option<ExcelDateTime> {
    let s = created.trim();
    let bytes = s.as_bytes();
    // YYYY-MM-DD, optionally followed by THH:MM:SS and Z.
    let shape_ok = match bytes.len() {
        10 => true,
        19 | 20 => {
            bytes.get(10) == Some(&b'T') && (bytes.len() == 19 || bytes.get(19) == Some(&b'Z'))
        }
        _ => false,
    };
    if !shape_ok {
        return None;
    }
    let num = |from: usize, to: usize| s.get(from..to)?.parse::<u16>().ok();
    let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    if s.get(4..5) != Some("-") || s.get(7..8) != Some("-") {
        return None;
    }
    let date =
        ExcelDateTime::from_ymd(year, u8::try_from(month).ok()?, u8::try_from(day).ok()?).ok()?;
    if bytes.len() == 10 {
        return Some(date);
    }
    if s.get(13..14) != Some(":") || s.get(16..17) != Some(":") {
        return None;
    }
    let (h, m, sec) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    if h > 23 || m > 59 || sec > 59 {
        return None;
    }
    date.and_hms(h, u8::try_from(m).ok()?, sec).ok()
}

fn build(tables: &[Table], created: Option<ExcelDateTime>) -> Result<Vec<u8>, ExportError> {
    let mut workbook = Workbook::new();
    if let Some(date) = created {
        workbook.set_properties(&DocProperties::new().set_creation_datetime(&date));
    }
    let header = Format::new().set_bold();
    let percent = Format::new().set_num_format("0.0");
    // Money with two decimals and thousands grouped; Excel shows the
    // reader's own separators ("299.000,00" in Danish).
    let money = Format::new().set_num_format(MONEY_FORMAT);
    let mut used: Vec<String> = Vec::with_capacity(tables.len());
    for table in tables {
        let name = sheet_name(&table.title, &used);
        used.push(name.to_lowercase());
        let sheet = workbook.add_worksheet();
        sheet.set_name(name).map_err(xlsx_error)?;
        write_table(sheet, table, &header, &percent, &money).map_err(xlsx_error)?;
    }
    workbook.save_to_buffer().map_err(xlsx_error)
}

fn write_table(
    sheet: &mut Worksheet,
    table: &Table,
    header: &Format,
    percent: &Format,
    money: &Format,
) -> Result<(), XlsxError> {
    // Widest text per column, in characters.
    let mut widths: Vec<usize> = Vec::new();
    let mut widen = |col: usize, chars: usize| {
        if widths.len() <= col {
            widths.resize(col + 1, 0);
        }
        if let Some(w) = widths.get_mut(col) {
            *w = (*w).max(chars);
        }
    };
    // Formats for Number cells, by decimals (0 ..= MAX_DECIMALS).
    let mut number_formats: Vec<Option<Format>> = vec![None; usize::from(MAX_DECIMALS) + 1];

    for (c, name) in table.columns.iter().enumerate() {
        let col = column(c)?;
        sheet.write_string_with_format(0, col, cell_string(name), header)?;
        // Bold text is a little wider.
        widen(c, name.chars().count() + name.chars().count() / 8 + 1);
    }
    for (r, cells) in table.rows.iter().enumerate() {
        let row = u32::try_from(r + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        for (c, cell) in cells.iter().enumerate() {
            let col = column(c)?;
            match cell {
                Cell::Text(s) | Cell::Suppressed(s) => {
                    sheet.write_string(row, col, cell_string(s))?;
                    widen(c, s.chars().count());
                }
                Cell::Integer(i) => {
                    // Above 2^53 Excel cannot hold the exact value either.
                    sheet.write_number(row, col, *i as f64)?;
                    widen(c, i.to_string().len());
                }
                Cell::Number(v, decimals) => {
                    if let Some(text) = fixed(*v, *decimals) {
                        let d = decimals.min(&MAX_DECIMALS);
                        let format = number_formats
                            .get_mut(usize::from(*d))
                            .map(|slot| slot.get_or_insert_with(|| number_format(*d)).clone())
                            .unwrap_or_default();
                        sheet.write_number_with_format(row, col, *v, &format)?;
                        widen(c, text.len());
                    }
                }
                Cell::Percent(v) => {
                    if let Some(text) = fixed(*v, 1) {
                        sheet.write_number_with_format(row, col, *v, percent)?;
                        widen(c, text.len());
                    }
                }
                Cell::Money(minor) => {
                    // Excel holds every number as a double; øre / 100 is
                    // the double nearest the exact amount (IEEE division is
                    // correctly rounded, and øre below 2^53 are exact).
                    sheet.write_number_with_format(row, col, *minor as f64 / 100.0, money)?;
                    // Room for the thousands separators the format adds.
                    let text = minor_units(*minor);
                    widen(c, text.len() + text.len() / 3);
                }
                Cell::Empty => {}
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        let width = (w + 2).clamp(MIN_WIDTH, MAX_WIDTH);
        sheet.set_column_width(column(c)?, width as f64)?;
    }
    if !table.columns.is_empty() {
        sheet.set_freeze_panes(1, 0)?;
    }
    Ok(())
}

fn column(c: usize) -> Result<u16, XlsxError> {
    u16::try_from(c).map_err(|_| XlsxError::RowColumnLimitError)
}

fn number_format(decimals: u8) -> Format {
    let pattern = if decimals == 0 {
        "0".to_owned()
    } else {
        format!("0.{}", "0".repeat(usize::from(decimals)))
    };
    Format::new().set_num_format(pattern)
}

/// Text cut to Excel's per-cell limit.
fn cell_string(s: &str) -> String {
    if s.len() <= MAX_CELL_TEXT {
        return s.to_owned();
    }
    let mut units = 0;
    s.chars()
        .take_while(|ch| {
            units += ch.len_utf16();
            units <= MAX_CELL_TEXT
        })
        .collect()
}

/// A valid, unique (case-insensitively, against `used`, which holds lower
/// case names) Excel sheet name for `title`.
fn sheet_name(title: &str, used: &[String]) -> String {
    let cleaned: String = title
        .chars()
        .map(|ch| if ch.is_control() { ' ' } else { ch })
        .filter(|ch| !matches!(ch, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .collect();
    let collapsed = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    let base = tidy(&collapsed, MAX_SHEET_NAME);
    let base = if base.is_empty() {
        "Sheet".to_owned()
    } else {
        base
    };
    let taken = |name: &str| {
        let lower = name.to_lowercase();
        // "History" is reserved by Excel.
        lower == "history" || used.contains(&lower)
    };
    if !taken(&base) {
        return base;
    }
    let mut n = 2_usize;
    loop {
        let suffix = format!(" ({n})");
        let room = MAX_SHEET_NAME - suffix.len();
        let candidate = format!("{}{suffix}", tidy(&base, room));
        if !taken(&candidate) {
            return candidate;
        }
        n += 1;
    }
}

/// `s` within `max_units` UTF-16 units, without apostrophes or spaces at
/// either end (Excel rejects names that start or end with `'`). A longer
/// `s` is shortened at a word boundary and ends in "…", so a reader sees
/// that it was shortened and no word is cut in half (unless its first
/// word alone is too long).
fn tidy(s: &str, max_units: usize) -> String {
    const ELLIPSIS: char = '…';
    let trim = |t: &str| {
        t.trim_matches(|c: char| c == '\'' || c.is_whitespace())
            .to_owned()
    };
    let whole = trim(s);
    let units = |t: &str| t.chars().map(char::len_utf16).sum::<usize>();
    if units(&whole) <= max_units {
        return whole;
    }
    let room = max_units.saturating_sub(ELLIPSIS.len_utf16());
    let mut cut = String::new();
    for ch in whole.chars() {
        if units(&cut) + ch.len_utf16() > room {
            break;
        }
        cut.push(ch);
    }
    // Back to the last word boundary, when there is one.
    let next_is_space = whole[cut.len()..].starts_with(char::is_whitespace);
    if !next_is_space && let Some(space) = cut.rfind(char::is_whitespace) {
        cut.truncate(space);
    }
    let mut out = trim(&cut);
    out.push(ELLIPSIS);
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::io::{Cursor, Read as _};

    use super::*;

    fn table(title: &str, columns: &[&str], rows: Vec<Vec<Cell>>) -> Table {
        Table {
            title: title.to_owned(),
            columns: columns.iter().map(|&c| c.to_owned()).collect(),
            rows,
        }
    }

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }

    struct Unzipped(zip::ZipArchive<Cursor<Vec<u8>>>, Vec<String>);

    impl Unzipped {
        fn new(bytes: Vec<u8>) -> Self {
            let archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
            let names = archive
                .file_names()
                .map(|n| n.expect("a file name").into_owned())
                .collect();
            Self(archive, names)
        }

        fn has(&self, name: &str) -> bool {
            self.1.iter().any(|n| n == name)
        }

        fn read(&mut self, name: &str) -> String {
            let mut out = String::new();
            self.0
                .by_name(name)
                .unwrap_or_else(|_| panic!("{name} missing"))
                .read_to_string(&mut out)
                .unwrap();
            out
        }

        fn sheets(&self) -> usize {
            self.1
                .iter()
                .filter(|n| n.starts_with("xl/worksheets/sheet") && n.ends_with(".xml"))
                .count()
        }
    }

    fn results() -> Table {
        table(
            "Team results 2026",
            &["Team", "Families", "Goals met", "Days"],
            vec![
                vec![
                    text("Østerbro"),
                    Cell::Integer(12),
                    Cell::Percent(87.5),
                    Cell::Number(143.25, 2),
                ],
                vec![
                    text("Nord"),
                    Cell::Suppressed("< 5".to_owned()),
                    Cell::Empty,
                    Cell::Number(f64::NAN, 1),
                ],
                vec![
                    text("=cmd|' /C calc'!A0"),
                    Cell::Integer(-3),
                    Cell::Percent(100.0),
                    Cell::Number(7.0, 0),
                ],
            ],
        )
    }

    #[test]
    fn each_table_becomes_a_named_worksheet() {
        let bytes = tables_to_xlsx(&[results(), table("Referrals", &["Month"], vec![])]).unwrap();
        let mut zip = Unzipped::new(bytes);
        assert!(zip.has("xl/workbook.xml"));
        assert_eq!(zip.sheets(), 2);
        let workbook = zip.read("xl/workbook.xml");
        assert!(
            workbook.contains(r#"name="Team results 2026""#),
            "{workbook}"
        );
        assert!(workbook.contains(r#"name="Referrals""#), "{workbook}");
    }

    #[test]
    fn numbers_and_percentages_are_stored_as_numbers() {
        let mut zip = Unzipped::new(tables_to_xlsx(&[results()]).unwrap());
        let sheet = zip.read("xl/worksheets/sheet1.xml");
        assert!(sheet.contains("<v>87.5</v>"), "{sheet}");
        assert!(sheet.contains("<v>12</v>"), "{sheet}");
        assert!(sheet.contains("<v>143.25</v>"), "{sheet}");
        assert!(sheet.contains("<v>-3</v>"), "{sheet}");
        let styles = zip.read("xl/styles.xml");
        assert!(styles.contains(r#"formatCode="0.0""#), "{styles}");
        assert!(styles.contains(r#"formatCode="0.00""#), "{styles}");
    }

    /// The `numFmtId` and format code (built-in or declared) of the style
    /// a cell of the first sheet uses.
    fn cell_number_format(zip: &mut Unzipped, cell: &str) -> (String, Option<String>) {
        let sheet = zip.read("xl/worksheets/sheet1.xml");
        let start = sheet.find(&format!(r#"<c r="{cell}""#)).expect("the cell");
        let tag = &sheet[start..start + sheet[start..].find('>').unwrap()];
        let style: usize = tag
            .split(r#" s=""#)
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("a style")
            .parse()
            .unwrap();
        let styles = zip.read("xl/styles.xml");
        let xfs = styles.split("<cellXfs").nth(1).unwrap();
        let xf = xfs.split("<xf ").nth(style + 1).unwrap();
        let id = xf
            .split(r#"numFmtId=""#)
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let code = styles
            .split(&format!(r#"<numFmt numFmtId="{id}" formatCode=""#))
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .map(str::to_owned);
        (id.to_owned(), code)
    }

    #[test]
    fn money_is_a_number_in_kroner_with_two_decimals_and_grouped_thousands() {
        let t = table(
            "Placement costs",
            &["Price", "Refund"],
            vec![vec![Cell::Money(29_900_000), Cell::Money(-123_450)]],
        );
        let mut zip = Unzipped::new(tables_to_xlsx(&[t]).unwrap());
        let sheet = zip.read("xl/worksheets/sheet1.xml");
        assert!(sheet.contains("<v>299000</v>"), "{sheet}");
        assert!(sheet.contains("<v>-1234.5</v>"), "{sheet}");
        for cell in ["A2", "B2"] {
            let (id, code) = cell_number_format(&mut zip, cell);
            // Excel's built-in format 4 is "#,##0.00"; a declared one must
            // say so itself.
            assert!(
                id == "4" || code.as_deref() == Some("#,##0.00"),
                "{cell}: numFmtId {id}, code {code:?}"
            );
        }
    }

    #[test]
    fn text_that_looks_like_a_formula_is_stored_as_a_string() {
        let mut zip = Unzipped::new(tables_to_xlsx(&[results()]).unwrap());
        let sheet = zip.read("xl/worksheets/sheet1.xml");
        assert!(!sheet.contains("<f>"), "{sheet}");
        assert!(!sheet.contains("<f "), "{sheet}");
        let strings = zip.read("xl/sharedStrings.xml");
        assert!(
            strings.contains("=cmd|&apos; /C calc&apos;!A0")
                || strings.contains("=cmd|' /C calc'!A0"),
            "{strings}"
        );
        assert!(strings.contains("Østerbro"), "{strings}");
    }

    #[test]
    fn a_suppressed_cell_is_written_as_its_label_not_a_number() {
        let mut zip = Unzipped::new(tables_to_xlsx(&[results()]).unwrap());
        let strings = zip.read("xl/sharedStrings.xml");
        assert!(strings.contains("&lt; 5"), "{strings}");
        let sheet = zip.read("xl/worksheets/sheet1.xml");
        // B3 (Nord's families) refers to a shared string.
        assert!(sheet.contains(r#"<c r="B3" t="s">"#), "{sheet}");
        // Empty and NaN cells are left out.
        assert!(!sheet.contains(r#"r="C3""#), "{sheet}");
        assert!(!sheet.contains(r#"r="D3""#), "{sheet}");
    }

    #[test]
    fn the_header_row_is_bold_and_frozen() {
        let mut zip = Unzipped::new(tables_to_xlsx(&[results()]).unwrap());
        let sheet = zip.read("xl/worksheets/sheet1.xml");
        assert!(sheet.contains(r#"state="frozen""#), "{sheet}");
        assert!(sheet.contains("<cols>"), "{sheet}");
        let styles = zip.read("xl/styles.xml");
        assert!(styles.contains("<b/>"), "{styles}");
    }

    #[test]
    fn sheet_names_are_made_valid_and_unique() {
        let long = "A very long title that Excel would never accept as a sheet name";
        let tables = [
            table("Mål: Q1/Q2 [2026]?", &["a"], vec![]),
            table("Team", &["a"], vec![]),
            table("team", &["a"], vec![]),
            table("", &["a"], vec![]),
            table(long, &["a"], vec![]),
            table(long, &["a"], vec![]),
            table("'History'", &["a"], vec![]),
        ];
        let mut zip = Unzipped::new(tables_to_xlsx(&tables).unwrap());
        assert_eq!(zip.sheets(), 7);
        let workbook = zip.read("xl/workbook.xml");
        for name in [
            "Mål Q1Q2 2026",
            "Team",
            "team (2)",
            "Sheet",
            "A very long title that Excel…",
            "A very long title that… (2)",
            "History (2)",
        ] {
            assert!(
                workbook.contains(&format!(r#"name="{name}""#)),
                "{name}: {workbook}"
            );
        }
    }

    #[test]
    fn a_fixed_creation_date_gives_identical_bytes() {
        let a = tables_to_xlsx_created(&[results()], "2026-11-25T12:00:00Z").unwrap();
        let b = tables_to_xlsx_created(&[results()], "2026-11-25T12:00:00Z").unwrap();
        assert_eq!(a, b);
        let mut zip = Unzipped::new(a);
        assert!(
            zip.read("docProps/core.xml")
                .contains("2026-11-25T12:00:00Z")
        );
        assert_eq!(
            tables_to_xlsx_created(&[], "25/11/2026"),
            Err(ExportError::InvalidDate("25/11/2026".to_owned()))
        );
        assert!(tables_to_xlsx_created(&[], "2026-02-30").is_err());
        assert!(tables_to_xlsx_created(&[], "2026-02-28").is_ok());
    }

    #[test]
    fn no_tables_still_gives_an_openable_workbook() {
        let zip = Unzipped::new(tables_to_xlsx(&[]).unwrap());
        assert!(zip.has("xl/workbook.xml"));
    }

    #[test]
    fn too_many_columns_is_an_error_not_a_panic() {
        let columns: Vec<String> = (0..20_000).map(|i| i.to_string()).collect();
        let t = Table {
            title: "Wide".to_owned(),
            columns,
            rows: vec![],
        };
        assert!(matches!(tables_to_xlsx(&[t]), Err(ExportError::Xlsx(_))));
    }

    #[test]
    fn the_file_name_is_an_ascii_slug() {
        assert_eq!(
            xlsx_file_name("Team results 2026"),
            "team-results-2026.xlsx"
        );
    }
}
