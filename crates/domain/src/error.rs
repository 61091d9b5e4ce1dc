//! The domain's one error type: invalid values rejected at construction time.

use thiserror::Error;

/// Why a value could not become a domain value.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DomainError {
    #[error("not a fiscal year: {0:?}")]
    FiscalYear(String),
    #[error("not a date: {0:?}")]
    Date(String),
    #[error("fiscal year {0} is out of range (1868–2200)")]
    FiscalYearRange(i64),
    #[error("not a 6-digit local government code: {0:?}")]
    OrgCodeFormat(String),
    #[error("local government code {code} has check digit {found}, expected {expected}")]
    OrgCodeCheckDigit { code: String, expected: u8, found: u8 },
    #[error("SDG goal must be 1–17, got {0}")]
    SdgGoal(i64),
    #[error("progress must be 0–100 %, got {0}")]
    Progress(i64),
    #[error("{field} must not be empty")]
    Empty { field: &'static str },
    #[error("unknown {kind}: {value:?}")]
    Unknown { kind: &'static str, value: String },
    #[error("invalid judgement scale: {0}")]
    Scale(String),
}
