//! What can go wrong while exporting.

/// An export that could not be produced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    /// The spreadsheet writer refused the content (e.g. more rows or
    /// columns than Excel allows).
    #[error("could not write the spreadsheet: {0}")]
    Xlsx(String),
    /// A creation date that is not `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS[Z]`.
    #[error("invalid creation date {0:?}")]
    InvalidDate(String),
    /// An e-invoice that would be invalid or inconsistent (amounts that do
    /// not add up, a malformed identifier, a missing required field).
    #[error("could not write the e-invoice: {0}")]
    EInvoice(String),
}
