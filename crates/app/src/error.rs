//! The app layer's one error type (thiserror). Store and domain errors pass through
//! unchanged so front-ends can map them (a constraint to a field error, a conflict to 409);
//! the app adds its own failures: bad demo data, an import that cannot be placed.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] hoshin_store::StoreError),
    #[error(transparent)]
    Domain(#[from] hoshin_domain::DomainError),
    /// The document could not be read (binary, not UTF-8, not a plan document).
    #[error(transparent)]
    Extract(#[from] hoshin_importer::ImportError),
    /// The bundled demo city data does not parse or refers to something it does not define.
    #[error("demo data: {0}")]
    Demo(String),
    /// A document could be read but not stored: what was missing or contradictory.
    #[error("import: {0}")]
    Import(String),
    /// Generator options out of range, or a database that already holds generated data.
    #[error("gen: {0}")]
    Gen(String),
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;
