//! hoshin's domain core: the records a city's policy cycle is made of, and the pure
//! functions over them (和暦 ⇄ 西暦, Japanese number parsing, KPI achievement, judgement).
//!
//! This crate depends on no other crate of ours and does no I/O. Errors are
//! `thiserror` enums ([`DomainError`]); callers map them to their own layers.

pub mod achievement;
pub mod budget;
pub mod day;
pub mod error;
pub mod fiscal_year;
pub mod fold;
pub mod genre;
pub mod ids;
pub mod judgement;
pub mod model;
pub mod org_code;
pub mod period;
pub mod program;
pub mod quality;
pub mod quantity;
pub mod rollup;
pub mod similarity;
pub mod text;
pub mod workflow;

pub use achievement::{achievement_rate, expected_progress, Direction, KpiStatus};
pub use budget::{normalize_budget_code, parse_budget_codes, BudgetLine};
pub use day::Day;
pub use error::DomainError;
pub use fiscal_year::FiscalYear;
pub use genre::Genre;
pub use ids::*;
pub use judgement::{Band, JudgementScale};
pub use model::*;
pub use org_code::OrgCode;
pub use period::{InterimActual, InterimReview, ReportingPeriod};
pub use program::*;
pub use quantity::Quantity;
pub use workflow::*;
