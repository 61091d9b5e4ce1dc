//! Optimistic locking: how an UPDATE or DELETE that matched no row is explained (the row
//! is gone, or its version moved on).

use crate::error::{Result, StoreError};
use sqlx::AnyConnection;

/// `SELECT version FROM <table> WHERE id = $1` for a literal table name.
macro_rules! version_sql {
    ($table:literal) => {
        concat!("SELECT version FROM ", $table, " WHERE id = $1")
    };
}
pub(crate) use version_sql;

/// After an `UPDATE … WHERE id = $ AND version = $`: the new version, or why nothing matched.
pub(crate) async fn finish_update(
    c: &mut AnyConnection,
    table: &'static str,
    version_sql: &'static str,
    id: i64,
    expected: i64,
    affected: u64,
) -> Result<i64> {
    if affected == 1 {
        return Ok(expected + 1);
    }
    Err(explain(c, table, version_sql, id, expected).await)
}

/// After a `DELETE … WHERE id = $ AND version = $`.
pub(crate) async fn finish_delete(
    c: &mut AnyConnection,
    table: &'static str,
    version_sql: &'static str,
    id: i64,
    expected: i64,
    affected: u64,
) -> Result<()> {
    if affected == 1 {
        return Ok(());
    }
    Err(explain(c, table, version_sql, id, expected).await)
}

async fn explain(
    c: &mut AnyConnection,
    table: &'static str,
    version_sql: &'static str,
    id: i64,
    expected: i64,
) -> StoreError {
    match sqlx::query_scalar::<_, i64>(version_sql).bind(id).fetch_optional(&mut *c).await {
        Ok(Some(actual)) => StoreError::Conflict { table, id, expected_version: expected, actual_version: actual },
        Ok(None) => StoreError::not_found(table, id),
        Err(e) => e.into(),
    }
}

/// Fails unless a text field has something in it.
pub(crate) fn required(field: &'static str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(StoreError::Constraint {
            kind: crate::error::ConstraintKind::Check,
            constraint: format!("{field}_required"),
            field: Some(field.to_string()),
        });
    }
    Ok(())
}
