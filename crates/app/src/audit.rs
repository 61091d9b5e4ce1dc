//! The audit trail: every change a use case makes is written, in the same transaction, as
//! one row of who, when, which record, what action, and the record before and after (JSON).
//! The table is append-only (database triggers refuse UPDATE and DELETE).

use crate::access::Actor;
use crate::error::Result;
use hoshin_store::{NewAuditEntry, Tx};
use serde::Serialize;

/// Writes one audit row. `before` is `None` for a creation, `after` for a deletion.
pub async fn record<T: Serialize + ?Sized, U: Serialize + ?Sized>(
    tx: &dyn Tx,
    actor: &Actor,
    table: &str,
    row_id: i64,
    action: &str,
    before: Option<&T>,
    after: Option<&U>,
) -> Result<()> {
    let entry = NewAuditEntry {
        actor_id: actor.audit_id(),
        table_name: table.to_string(),
        row_id,
        action: action.to_string(),
        before: before.map(serde_json::to_value).transpose().map_err(store_json)?,
        after: after.map(serde_json::to_value).transpose().map_err(store_json)?,
    };
    tx.record_audit(&entry).await?;
    Ok(())
}

fn store_json(e: serde_json::Error) -> crate::AppError {
    crate::AppError::Store(hoshin_store::StoreError::Corrupt(format!("audit JSON: {e}")))
}
