//! Tables handed out as files: CSV in the reader's notation (several tables
//! one after another) and XLSX (one sheet each).

use rundt_app::AppError;
use rundt_export::Table;

use super::{OrPage, Page, PageResult};

/// The tables as one CSV file named after `name`.
pub(crate) fn csv(p: &Page, tables: &[Table], name: &str) -> PageResult {
    let text = tables
        .iter()
        .map(|t| rundt_export::table_to_csv_in(t, p.tr.notation()))
        .collect::<Vec<_>>()
        .join("\r\n");
    Ok(crate::subject_copy_pdf::attachment(
        "text/csv; charset=utf-8",
        &rundt_export::csv_file_name(name),
        text.into_bytes(),
    ))
}

/// The tables as an XLSX workbook named after `name`.
pub(crate) fn xlsx(p: &Page, tables: &[Table], name: &str) -> PageResult {
    let bytes = rundt_export::tables_to_xlsx(tables)
        .map_err(|e| AppError::Internal(e.to_string()))
        .on(p)?;
    Ok(crate::subject_copy_pdf::attachment(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &rundt_export::xlsx_file_name(name),
        bytes,
    ))
}
