//! The log of changes the search index follows: trimmed once the index has caught up.

use crate::error::Result;
use sqlx::AnyConnection;

pub(crate) async fn prune_search_changes(c: &mut AnyConnection, before_ms: i64) -> Result<u64> {
    Ok(sqlx::query("DELETE FROM search_changes WHERE at < $1").bind(before_ms).execute(&mut *c).await?.rows_affected())
}

pub(crate) async fn clear_search_changes(c: &mut AnyConnection) -> Result<u64> {
    Ok(sqlx::query("DELETE FROM search_changes").execute(&mut *c).await?.rows_affected())
}
