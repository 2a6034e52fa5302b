//! CSV for one table, ready for Excel and LibreOffice: RFC 4180 (comma,
//! decimal point) or the Nordic flavour Danish and Norwegian Excel opens as
//! columns (semicolon, decimal comma). The records are written by the `csv`
//! crate; what is Rundt's is the byte order mark, the cell formats and the
//! formula guard.

use csv::{QuoteStyle, Terminator, WriterBuilder};

use crate::model::{Cell, Table};
use crate::names::slug;
use crate::num::{Notation, fixed};

/// Byte order mark so Excel reads the file as UTF-8 (æ, ø, å).
const BOM: char = '\u{FEFF}';

/// The table as RFC 4180 CSV; see [`table_to_csv_in`].
pub fn table_to_csv(t: &Table) -> String {
    table_to_csv_in(t, Notation::Point)
}

/// The table as CSV: a UTF-8 byte order mark, a header row of column names,
/// then one record per row, each ended by CRLF. Fields are separated by a
/// comma ([`Notation::Point`]) or a semicolon ([`Notation::Comma`]) and
/// quoted when they contain the separator, a quote, CR or LF (and a record
/// of one empty field is `""`); quotes inside are doubled. Spaces are part
/// of a field and kept.
///
/// Numbers use the notation's decimal mark: integers plain,
/// [`Cell::Number`] with its decimals, [`Cell::Percent`] with one decimal
/// and no % sign, [`Cell::Money`] in kroner with two decimals and no
/// thousands separator ("299000,00"). Empty and non-finite numbers give an empty field;
/// suppressed cells their label.
///
/// Text that a spreadsheet would read as a formula (starting with `=`, `+`,
/// `-`, `@`, tab, CR or LF) is prefixed with `'` so it stays text.
///
/// Short rows are padded with empty fields; no cell is dropped.
pub fn table_to_csv_in(t: &Table, notation: Notation) -> String {
    let width = t
        .rows
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .max(t.columns.len());
    let mut out = String::new();
    out.push(BOM);
    if width == 0 {
        return out;
    }
    let header: Vec<String> = t.columns.iter().map(|c| guard_formula(c)).collect();
    let rows = t
        .rows
        .iter()
        .map(|row| row.iter().map(|c| cell_text(c, notation)).collect());
    // The writer's sink is memory, which cannot fail, and `csv` reports
    // nothing but its sink's errors; its output is our UTF-8 text with
    // ASCII punctuation, so the lossy conversion never replaces anything.
    let separator = match notation {
        Notation::Point => b',',
        Notation::Comma => b';',
    };
    let records =
        write_records(std::iter::once(header).chain(rows), width, separator).unwrap_or_default();
    out.push_str(&String::from_utf8_lossy(&records));
    out
}

/// Writes `width` fields per record, padding short records with empty ones.
fn write_records(
    records: impl Iterator<Item = Vec<String>>,
    width: usize,
    separator: u8,
) -> Result<Vec<u8>, csv::Error> {
    let mut writer = WriterBuilder::new()
        .delimiter(separator)
        .terminator(Terminator::CRLF)
        .quote_style(QuoteStyle::Necessary)
        .from_writer(Vec::new());
    for mut fields in records {
        if fields.len() < width {
            fields.resize(width, String::new());
        }
        writer.write_record(&fields)?;
    }
    writer.into_inner().map_err(|e| e.into_error().into())
}

/// A download name for a table's CSV, e.g. `team-results-2026.csv`.
pub fn csv_file_name(title: &str) -> String {
    format!("{}.csv", slug(title))
}

fn cell_text(cell: &Cell, notation: Notation) -> String {
    let number = |text: Option<String>| text.map(|t| notation.write(t)).unwrap_or_default();
    match cell {
        Cell::Text(s) | Cell::Suppressed(s) => guard_formula(s),
        Cell::Integer(i) => i.to_string(),
        Cell::Number(v, decimals) => number(fixed(*v, *decimals)),
        Cell::Percent(v) => number(fixed(*v, 1)),
        Cell::Money(minor) => notation.money(*minor),
        Cell::Empty => String::new(),
    }
}

/// Prefixes text that a spreadsheet would evaluate with a single quote.
fn guard_formula(text: &str) -> String {
    const TRIGGERS: [char; 11] = [
        '=', '+', '-', '@', '\t', '\r', '\n', // ASCII
        '＝', '＋', '－', '＠', // full-width forms some spreadsheets accept
    ];
    if text.starts_with(TRIGGERS) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_excel_gets_semicolons_and_decimal_commas() {
        let t = table(
            &["Team", "Hjemme", "Familier"],
            vec![vec![
                text("Aarhus; Nord"),
                Cell::Percent(87.46),
                Cell::Integer(12),
            ]],
        );
        assert_eq!(
            body_in(&t, Notation::Comma),
            "Team;Hjemme;Familier\r\n\"Aarhus; Nord\";87,5;12\r\n"
        );
        assert_eq!(
            body_in(&t, Notation::Point),
            "Team,Hjemme,Familier\r\nAarhus; Nord,87.5,12\r\n"
        );
    }

    fn body_in(t: &Table, notation: Notation) -> String {
        table_to_csv_in(t, notation)
            .trim_start_matches(BOM)
            .to_owned()
    }

    fn table(columns: &[&str], rows: Vec<Vec<Cell>>) -> Table {
        Table {
            title: "Team results".to_owned(),
            columns: columns.iter().map(|&c| c.to_owned()).collect(),
            rows,
        }
    }

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }

    /// The CSV without its byte order mark.
    fn body(t: &Table) -> String {
        let csv = table_to_csv(t);
        csv.strip_prefix('\u{FEFF}')
            .unwrap_or("<no BOM>")
            .to_owned()
    }

    /// The CSV body of a one-column table `x` of texts.
    fn column_of_texts(texts: &[&str]) -> String {
        body(&table(
            &["x"],
            texts.iter().map(|t| vec![text(t)]).collect(),
        ))
    }

    #[test]
    fn the_file_starts_with_a_utf8_bom_and_uses_crlf() {
        let t = table(
            &["Team", "Families"],
            vec![vec![text("Østerbro"), Cell::Integer(12)]],
        );
        let csv = table_to_csv(&t);
        assert!(csv.as_bytes().starts_with(&[0xEF, 0xBB, 0xBF]));
        assert_eq!(body(&t), "Team,Families\r\nØsterbro,12\r\n");
    }

    #[test]
    fn numbers_use_a_decimal_point_and_percent_has_one_decimal_and_no_sign() {
        let t = table(
            &["a", "b", "c", "d"],
            vec![vec![
                Cell::Number(1.23456, 2),
                Cell::Percent(87.46),
                Cell::Number(-2.0, 0),
                Cell::Integer(-7),
            ]],
        );
        assert_eq!(body(&t), "a,b,c,d\r\n1.23,87.5,-2,-7\r\n");
    }

    #[test]
    fn money_is_written_in_kroner_with_two_decimals_in_the_readers_notation() {
        let t = table(
            &["Price", "Refund", "Fee"],
            vec![vec![
                Cell::Money(29_900_000),
                Cell::Money(-123_405),
                Cell::Money(7),
            ]],
        );
        assert_eq!(body(&t), "Price,Refund,Fee\r\n299000.00,-1234.05,0.07\r\n");
        assert_eq!(
            body_in(&t, Notation::Comma),
            "Price;Refund;Fee\r\n299000,00;-1234,05;0,07\r\n"
        );
    }

    #[test]
    fn a_suppressed_cell_is_written_as_its_label_not_a_number() {
        let t = table(
            &["Team", "Families"],
            vec![vec![text("Nord"), Cell::Suppressed("< 5".to_owned())]],
        );
        assert_eq!(body(&t), "Team,Families\r\nNord,< 5\r\n");
    }

    #[test]
    fn empty_and_non_finite_cells_are_empty_fields() {
        let t = table(
            &["a", "b", "c"],
            vec![vec![
                Cell::Empty,
                Cell::Number(f64::NAN, 1),
                Cell::Percent(f64::INFINITY),
            ]],
        );
        assert_eq!(body(&t), "a,b,c\r\n,,\r\n");
    }

    #[test]
    fn fields_with_commas_quotes_or_newlines_are_quoted() {
        let csv = column_of_texts(&["Jensen, Anne", "say \"hi\"", "two\r\nlines", "plain words"]);
        assert_eq!(
            csv,
            "x\r\n\"Jensen, Anne\"\r\n\"say \"\"hi\"\"\"\r\n\"two\r\nlines\"\r\nplain words\r\n"
        );
    }

    #[test]
    fn spaces_at_the_edges_of_a_field_survive_a_round_trip() {
        let t = table(&["x", "y"], vec![vec![text(" padded "), text("\u{a0}x ")]]);
        let csv = body(&t);
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(csv.as_bytes());
        let records: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
        assert_eq!(
            records,
            vec![vec![" padded ".to_owned(), "\u{a0}x ".to_owned()]]
        );
    }

    #[test]
    fn a_record_of_one_empty_field_is_not_an_empty_line() {
        let t = table(&["x"], vec![vec![Cell::Empty], vec![Cell::Integer(1)]]);
        assert_eq!(body(&t), "x\r\n\"\"\r\n1\r\n");
    }

    #[test]
    fn text_that_looks_like_a_formula_is_prefixed_with_a_quote() {
        let csv = column_of_texts(&[
            "=cmd|' /C calc'!A0",
            "+1",
            "-1",
            "@SUM(A1)",
            "\tTab",
            "\rCR",
            "a=b",
        ]);
        assert_eq!(
            csv,
            "x\r\n'=cmd|' /C calc'!A0\r\n'+1\r\n'-1\r\n'@SUM(A1)\r\n'\tTab\r\n\"'\rCR\"\r\na=b\r\n"
        );
    }

    #[test]
    fn negative_numbers_are_not_mistaken_for_formulas() {
        let t = table(&["x"], vec![vec![Cell::Percent(-3.0)]]);
        assert_eq!(body(&t), "x\r\n-3.0\r\n");
    }

    #[test]
    fn column_names_are_guarded_and_quoted_too() {
        let t = table(&["=HYPERLINK()", "a,b"], vec![]);
        assert_eq!(body(&t), "'=HYPERLINK(),\"a,b\"\r\n");
    }

    #[test]
    fn ragged_rows_are_padded_and_nothing_is_dropped() {
        let t = table(
            &["a", "b"],
            vec![
                vec![Cell::Integer(1)],
                vec![Cell::Integer(1), Cell::Integer(2), Cell::Integer(3)],
            ],
        );
        assert_eq!(body(&t), "a,b,\r\n1,,\r\n1,2,3\r\n");
    }

    #[test]
    fn a_table_without_columns_is_just_the_bom() {
        assert_eq!(table_to_csv(&table(&[], vec![])), "\u{FEFF}");
    }

    #[test]
    fn the_file_name_is_an_ascii_slug() {
        assert_eq!(csv_file_name("Team results 2026"), "team-results-2026.csv");
        assert_eq!(
            csv_file_name("Mål nået – Østerbro"),
            "maal-naaet-oesterbro.csv"
        );
        assert_eq!(csv_file_name(""), "export.csv");
    }
}
