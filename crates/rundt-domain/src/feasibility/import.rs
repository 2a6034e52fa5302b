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
    let mut records = reader.records();
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
