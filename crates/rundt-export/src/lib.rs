//! Tables and charts of results, and the forms they leave Rundt in: CSV and
//! XLSX for every table, PDF for a whole dashboard, SVG for trend charts,
//! the on-call rota as an iCalendar feed, and the e-invoice (UBL 2.1:
//! OIOUBL, Peppol BIS 3 / EHF) for MST places bought across municipalities.
//! Pure functions of the model below; no I/O.
#![forbid(unsafe_code)]

pub mod calendar;
pub mod chart;
pub mod csv;
pub mod einvoice;
pub mod error;
pub mod model;
mod names;
mod num;
pub mod pdf;
pub mod xlsx;

pub use calendar::{CalendarShift, RotaCalendar, rota_to_ical};
pub use chart::trend_svg;
pub use csv::{csv_file_name, table_to_csv, table_to_csv_in};
pub use einvoice::{
    EInvoice, EInvoiceLine, EInvoiceParty, EInvoiceProfile, einvoice_file_name, einvoice_xml,
};
pub use error::ExportError;
pub use model::*;
pub use num::Notation;
pub use pdf::{PdfOptions, pdf_file_name, report_to_pdf, report_to_pdf_with};
pub use xlsx::{tables_to_xlsx, tables_to_xlsx_created, xlsx_file_name};
