//! Writers for data going out of hoshin: a [`Table`] (typed fields with Japanese titles,
//! rows of [`Cell`]s) becomes CSV ([`csv`]: RFC 4180, UTF-8 with BOM or Shift_JIS, spreadsheet
//! formulas made inert), a Frictionless Data Package zip ([`datapackage`]) or an xlsx workbook
//! ([`xlsx`]). Knows nothing of the database or of the domain: `app` builds the tables.
//!
//! Errors: [`ExchangeError`] (thiserror); nothing here panics on any text.

pub mod csv;
pub mod datapackage;
pub mod table;
pub mod xlsx;

pub use table::{Cell, Field, FieldType, ForeignKey, Table};

/// What can go wrong while writing.
#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    #[error("CSV: {0}")]
    Csv(#[from] ::csv::Error),
    #[error("zip: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("xlsx: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("I/O: {0}")]
    Io(#[from] std::io::Error),
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
}

pub type Result<T> = std::result::Result<T, ExchangeError>;
