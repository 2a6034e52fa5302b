//! A municipality's potential read from a spreadsheet saved as CSV: a
//! header row `municipality;measure;count;source;year` (the columns in any
//! order, the names in any case, `;` or `,` between them), then one figure
//! a row.

use crate::DomainError;
use crate::country::Country;
use crate::error::FieldError;
use crate::msg;
use crate::municipality::MunicipalityCode;

use super::input::parse_count;
use super::types::{PotentialFigure, PotentialMeasure};

/// The most rows an import reads.
pub const MAX_CSV_ROWS: usize = 1_000;

/// The columns an import needs.
const COLUMNS: [&str; 5] = ["municipality", "measure", "count", "source", "year"];

/// The potential figures of `text`, a CSV file of `country`'s
/// municipalities (see the module's documentation). A UTF-8 byte-order mark
/// is ignored; fields may be quoted (a quoted field may hold the
/// separator); empty rows are skipped. The measure is given by its code
/// (`offences_or_at_risk`, `school_dropout`, `placed_out_of_home`), the
/// municipality by its code, the count as a whole number.
///
/// Refused, every problem at once, each naming the row as the spreadsheet
/// numbers it (`csv.row3.count`; the header is row 1): "csv-empty" (no
/// header), "csv-header-missing" (`column`), "csv-too-many-rows" (`max`),
/// "csv-row-unreadable" (a row the reader cannot split); in the fields the
/// messages of [`parse_count`], of [`MunicipalityCode::parse`], of an
/// unknown measure ("potential-measure-unknown"), "potential-source-missing"
/// and "potential-year-not-a-number" (`given`). Whether the municipalities
/// are the study's and the years in range is [`super::check_study`]'s.
pub fn parse_potential_csv(
    country: Country,
    text: &str,
) -> Result<Vec<PotentialFigure>, DomainError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(header_line) = text.lines().find(|l| !l.trim().is_empty()) else {
        return Err(DomainError::invalid("csv", msg!("csv-empty")));
    };
    let separator = if header_line.matches(';').count() >= header_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut records = reader
        .records()
        .skip_while(|r| r.as_ref().is_ok_and(|h| h.iter().all(str::is_empty)));
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(_)) => {
            return Err(DomainError::invalid("csv.row1", msg!("csv-row-unreadable")));
        }
        None => return Err(DomainError::invalid("csv", msg!("csv-empty"))),
    };
    let mut errors: Vec<FieldError> = Vec::new();
    let mut index = [0usize; 5];
    for (slot, name) in index.iter_mut().zip(COLUMNS) {
        match header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
        {
            Some(i) => *slot = i,
            None => errors.push(FieldError::new(
                "csv",
                msg!("csv-header-missing", column = name),
            )),
        }
    }
    if !errors.is_empty() {
        return Err(DomainError::Invalid(errors));
    }
    let mut figures = Vec::new();
    let mut rows = 0usize;
    for record in records {
        let row_number = reader_row(&record);
        let field = |name: &str| format!("csv.row{row_number}.{name}");
        let record = match record {
            Ok(r) => r,
            Err(_) => {
                errors.push(FieldError::new(
                    format!("csv.row{row_number}"),
                    msg!("csv-row-unreadable"),
                ));
                continue;
            }
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        rows += 1;
        if rows > MAX_CSV_ROWS {
            return Err(DomainError::invalid(
                "csv",
                msg!("csv-too-many-rows", max = MAX_CSV_ROWS),
            ));
        }
        let cell = |i: usize| record.get(index[i]).unwrap_or("").trim();
        let municipality = take(
            &mut errors,
            field("municipality"),
            MunicipalityCode::parse(country, cell(0)),
        );
        let measure = take(
            &mut errors,
            field("measure"),
            cell(1).parse::<PotentialMeasure>(),
        );
        let count = take(&mut errors, field("count"), parse_count("count", cell(2)));
        let source = cell(3).to_owned();
        if source.is_empty() {
            errors.push(FieldError::new(
                field("source"),
                msg!("potential-source-missing"),
            ));
        }
        let year = cell(4).parse::<i32>().ok();
        if year.is_none() {
            errors.push(FieldError::new(
                field("year"),
                msg!("potential-year-not-a-number", given = cell(4)),
            ));
        }
        if let (Some(municipality), Some(measure), Some(count), Some(year)) =
            (municipality, measure, count, year)
        {
            figures.push(PotentialFigure {
                municipality,
                measure,
                count,
                source,
                year,
            });
        }
    }
    if errors.is_empty() {
        Ok(figures)
    } else {
        Err(DomainError::Invalid(errors))
    }
}

/// The value of a cell's parse, or its refusal recorded under `field`.
fn take<T>(
    errors: &mut Vec<FieldError>,
    field: String,
    result: Result<T, DomainError>,
) -> Option<T> {
    match result {
        Ok(v) => Some(v),
        Err(DomainError::Invalid(errs)) => {
            errors.extend(
                errs.into_iter()
                    .map(|e| FieldError::new(field.clone(), e.message)),
            );
            None
        }
        Err(DomainError::Conflict(m)) => {
            errors.push(FieldError::new(field, m));
            None
        }
    }
}

/// The 1-based line a record starts on (the spreadsheet's row number).
fn reader_row(record: &Result<csv::StringRecord, csv::Error>) -> u64 {
    match record {
        Ok(r) => r.position().map_or(0, |p| p.line()),
        Err(e) => e.position().map_or(0, |p| p.line()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::code;

    fn refused(r: Result<Vec<PotentialFigure>, DomainError>) -> Vec<(String, &'static str)> {
        match r {
            Err(DomainError::Invalid(errs)) => errs
                .into_iter()
                .map(|e| (e.field, e.message.code))
                .collect(),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_danish_spreadsheet_with_semicolons_and_a_byte_order_mark_is_read() {
        let text = "\u{feff}Municipality;Measure;Count;Source;Year\r\n\
                    751;offences_or_at_risk;120;Danmarks Statistik, STRAF10;2025\r\n\
                    \r\n\
                    0751;placed_out_of_home;35;\"Egen opgørelse; BUF\";2024\r\n";
        let figures = parse_potential_csv(Country::DK, text).unwrap();
        assert_eq!(
            figures,
            vec![
                PotentialFigure {
                    municipality: code("0751"),
                    measure: PotentialMeasure::OffencesOrAtRisk,
                    count: 120,
                    source: "Danmarks Statistik, STRAF10".into(),
                    year: 2025,
                },
                PotentialFigure {
                    municipality: code("0751"),
                    measure: PotentialMeasure::PlacedOutOfHome,
                    count: 35,
                    source: "Egen opgørelse; BUF".into(),
                    year: 2024,
                },
            ]
        );
    }

    #[test]
    fn commas_and_columns_in_another_order_are_read_too_with_quoted_commas() {
        let text = "year,SOURCE,count,measure,municipality\n\
                    2025,\"SSB, tabell 12345\",40,school_dropout,0301\n";
        let figures = parse_potential_csv(Country::NO, text).unwrap();
        assert_eq!(figures.len(), 1);
        assert_eq!(figures[0].source, "SSB, tabell 12345");
        assert_eq!(figures[0].municipality, code("0301"));
        assert_eq!(figures[0].measure, PotentialMeasure::SchoolDropout);
    }

    #[test]
    fn every_bad_cell_is_named_by_its_row() {
        let text = "municipality;measure;count;source;year\n\
                    0751;offences_or_at_risk;-3;Register;2025\n\
                    12;crime;many;;last year\n";
        let errors = refused(parse_potential_csv(Country::DK, text));
        assert_eq!(
            errors,
            vec![
                ("csv.row2.count".to_owned(), "count-negative"),
                ("csv.row3.municipality".to_owned(), "municipality-code-dk"),
                ("csv.row3.measure".to_owned(), "potential-measure-unknown"),
                ("csv.row3.count".to_owned(), "count-not-a-number"),
                ("csv.row3.source".to_owned(), "potential-source-missing"),
                ("csv.row3.year".to_owned(), "potential-year-not-a-number"),
            ]
        );
    }

    #[test]
    fn a_missing_column_or_an_empty_file_is_refused() {
        let errors = refused(parse_potential_csv(
            Country::DK,
            "municipality;count;source\n0751;3;x\n",
        ));
        assert_eq!(
            errors,
            vec![
                ("csv".to_owned(), "csv-header-missing"),
                ("csv".to_owned(), "csv-header-missing"),
            ]
        );
        assert_eq!(
            parse_potential_csv(
                Country::DK,
                " \nmunicipality;measure;count;source;year\n0751;school_dropout;4;R;2025\n"
            )
            .map(|f| f.len()),
            Ok(1)
        );
        assert_eq!(
            refused(parse_potential_csv(Country::DK, "\u{feff} \n")),
            vec![("csv".to_owned(), "csv-empty")]
        );
    }

    #[test]
    fn more_than_a_thousand_rows_are_refused() {
        let mut text = String::from("municipality;measure;count;source;year\n");
        for _ in 0..=MAX_CSV_ROWS {
            text.push_str("0751;school_dropout;1;Register;2025\n");
        }
        assert_eq!(
            refused(parse_potential_csv(Country::DK, &text)),
            vec![("csv".to_owned(), "csv-too-many-rows")]
        );
        let ok: String = text
            .lines()
            .take(MAX_CSV_ROWS + 1)
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(
            parse_potential_csv(Country::DK, &ok).unwrap().len(),
            MAX_CSV_ROWS
        );
    }
}
