//! Writes of `revision_removals`: the published rows an editor removed in a revision.

use crate::conv::now_ms;
use crate::error::Result;
use crate::records::NewRemoval;
use sqlx::AnyConnection;

/// Records a removal; removing the same published row twice in one revision records it once.
pub(crate) async fn insert_removal(c: &mut AnyConnection, new: &NewRemoval) -> Result<()> {
    sqlx::query(
        "INSERT INTO revision_removals (revision_id, kind, live_id, name, removed_by, created_at, updated_at, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $6, 1) ON CONFLICT (revision_id, kind, live_id) DO NOTHING",
    )
    .bind(new.revision_id.0)
    .bind(new.kind.as_str())
    .bind(new.live_id)
    .bind(&new.name)
    .bind(new.removed_by.map(|u| u.0))
    .bind(now_ms())
    .execute(&mut *c)
    .await?;
    Ok(())
}
