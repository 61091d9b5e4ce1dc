//! The cases of the store suite, each an async fn taking a fresh [`TestDb`].

pub mod audit;
pub mod bulk;
pub mod editing;
pub mod errors;
pub mod generation;
pub mod indicators;
pub mod initiatives;
pub mod organizations;
pub mod plans;
pub mod program;
pub mod records;
pub mod text;
pub mod transactions;

use hoshin_store::TableCount;

/// Rows in a table according to `stats()`.
pub fn count(stats: &[TableCount], table: &str) -> i64 {
    stats.iter().find(|t| t.table == table).map(|t| t.rows).unwrap_or(-1)
}
