//! Reads of `revision_removals`: what publishing a revision will remove.

use crate::conv::{get, meta};
use crate::error::{Result, StoreError};
use crate::exec::{query, Db};
use crate::records::{Removal, RemovalKind};
use hoshin_domain::{RevisionId, UserId};

pub(crate) async fn revision_removals(c: &mut Db<'_>, rev: RevisionId) -> Result<Vec<Removal>> {
    let rows = query(
        "SELECT id, revision_id, kind, live_id, name, removed_by, created_at, updated_at, version \
         FROM revision_removals WHERE revision_id = $1 ORDER BY id",
    )
    .bind(rev.0)
    .fetch_all(&mut *c)
    .await?;
    rows.iter()
        .map(|row| {
            let kind: String = get(row, "kind")?;
            Ok(Removal {
                id: get(row, "id")?,
                revision_id: RevisionId(get(row, "revision_id")?),
                kind: RemovalKind::parse(&kind)
                    .ok_or_else(|| StoreError::Invalid(format!("unknown removal kind {kind:?}")))?,
                live_id: get(row, "live_id")?,
                name: get(row, "name")?,
                removed_by: get::<Option<i64>>(row, "removed_by")?.map(UserId),
                meta: meta(row)?,
            })
        })
        .collect()
}
