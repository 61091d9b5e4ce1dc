//! Writes of the audit log and per-table row counts.

use crate::conv::{now_ms, to_json};
use crate::error::Result;
use crate::records::*;
use sqlx::AnyConnection;

pub(crate) async fn record_audit(c: &mut AnyConnection, e: &NewAuditEntry) -> Result<i64> {
    let before = e.before.as_ref().map(to_json).transpose()?;
    let after = e.after.as_ref().map(to_json).transpose()?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO audit_log (actor_id, at, table_name, row_id, action, before_json, after_json, created_at, \
         updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $2, $2, 1) RETURNING id",
    )
    .bind(e.actor_id)
    .bind(now_ms())
    .bind(&e.table_name)
    .bind(e.row_id)
    .bind(&e.action)
    .bind(before)
    .bind(after)
    .fetch_one(&mut *c)
    .await?;
    Ok(id)
}
