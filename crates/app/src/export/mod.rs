//! Data out: the tables behind the CSV downloads of the public table pages ([`tables`]), the
//! per-organization, per-year open-data bundle with its catalogue ([`opendata`]) and the
//! print-ready workbook of `hoshin export --format xlsx` and the web's xlsx downloads
//! ([`workbook`]: the organization-year, one department, the KPI table; [`sheet`]: one
//! 事務事業評価シート per initiative; [`xlsx`]: the web's entry points). Every one reads
//! through [`crate::public`], the same reads the pages use: published data only.
//! [`hoshin_exchange`] writes the bytes.

pub mod opendata;
pub mod sheet;
pub mod tables;
pub mod workbook;
pub mod xlsx;

use hoshin_domain::*;
pub use hoshin_exchange as exchange;

/// A table with the file name a person downloading it sees.
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    /// Japanese, for `filename*` (`サンプル市_令和6年度_こども未来部_取組.csv`).
    pub file_name: String,
    /// ASCII only, the fallback `filename` (`org1_2024_department3_initiatives.csv`).
    pub ascii_name: String,
    pub table: exchange::Table,
}

/// A file with the file name a person downloading it sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedFile {
    /// Japanese, for `filename*` (`サンプル市_令和6年度_こども未来部_部局運営方針.xlsx`).
    pub file_name: String,
    /// ASCII only, the fallback `filename` (`142352_2024_department3_policy.xlsx`).
    pub ascii_name: String,
    pub bytes: Vec<u8>,
}

/// The media type of an xlsx workbook.
pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `サンプル市_令和6年度` — the start of every file name for one organization-year.
pub fn file_prefix(org: &Organization, year: FiscalYear) -> String {
    format!("{}_{}", safe_name(&org.name), year.wareki())
}

/// `142352_2024` (or `org1_2024` without a code) — the ASCII start of file names.
pub fn ascii_prefix(org: &Organization, year: FiscalYear) -> String {
    match &org.code {
        Some(c) => format!("{}_{}", c.as_str(), year.year()),
        None => format!("org{}_{}", org.id.0, year.year()),
    }
}

/// A name without characters file systems refuse (`/ \ : * ? " < > |` and controls).
pub fn safe_name(s: &str) -> String {
    s.chars().map(|c| if c.is_control() || "/\\:*?\"<>|".contains(c) { '_' } else { c }).collect()
}
