//! The store's one error type. Library code returns [`StoreError`] (thiserror); database
//! failures are classified so callers can react: a missing row is [`StoreError::NotFound`],
//! a stale version is [`StoreError::Conflict`], and a unique, foreign-key or check
//! violation is [`StoreError::Constraint`] naming the constraint and, when known, the
//! field, so a form can show the message beside that field.

use crate::constraints;
use thiserror::Error;

/// What kind of rule a write broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConstraintKind {
    Unique,
    ForeignKey,
    Check,
    NotNull,
}

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{table} row {id} not found")]
    NotFound { table: &'static str, id: String },
    #[error("{table} row {id} was changed by someone else (read version {expected_version}, now {actual_version})")]
    Conflict { table: &'static str, id: i64, expected_version: i64, actual_version: i64 },
    #[error("{kind:?} constraint {constraint} violated")]
    Constraint {
        kind: ConstraintKind,
        /// The constraint's name (identical on both backends for unique keys), e.g.
        /// `department_policies_department_year`; `foreign_key` when SQLite does not say which.
        constraint: String,
        /// The field a form should mark, when the constraint points at one.
        field: Option<String>,
    },
    #[error("invalid input: {0}")]
    Invalid(String),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    #[error("unsupported database URL {0:?} (use sqlite://PATH, a file path or postgres://…)")]
    Url(String),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Database(sqlx::Error),
}

impl StoreError {
    pub(crate) fn not_found(table: &'static str, id: impl ToString) -> Self {
        StoreError::NotFound { table, id: id.to_string() }
    }

    /// True for a [`StoreError::Constraint`] of the given name.
    pub fn is_constraint(&self, name: &str) -> bool {
        matches!(self, StoreError::Constraint { constraint, .. } if constraint == name)
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &e {
            if let Some(c) = constraints::classify(db.as_ref()) {
                return c;
            }
        }
        StoreError::Database(e)
    }
}

impl From<hoshin_domain::DomainError> for StoreError {
    fn from(e: hoshin_domain::DomainError) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
