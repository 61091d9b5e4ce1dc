//! Reads of uploads waiting for a commit on the staff import page.

use crate::conv::{get, meta};
use crate::error::Result;
use crate::exec::{query, Db, Row};
use crate::records::StoredUpload;
use hoshin_domain::*;

fn upload(row: &Row) -> Result<StoredUpload> {
    Ok(StoredUpload {
        id: get(row, "id")?,
        batch: get(row, "batch")?,
        org_id: OrgId(get(row, "org_id")?),
        user_id: UserId(get(row, "user_id")?),
        position: get(row, "position")?,
        file_name: get(row, "file_name")?,
        content_hash: get(row, "content_hash")?,
        bytes: get(row, "bytes")?,
        expires_at: get(row, "expires_at")?,
        meta: meta(row)?,
    })
}

/// The files of one batch not expired at `now`, in upload order.
pub(crate) async fn batch_uploads(c: &mut Db<'_>, batch: &str, now: i64) -> Result<Vec<StoredUpload>> {
    let rows = query(
        "SELECT id, batch, org_id, user_id, position, file_name, content_hash, bytes, expires_at, created_at, \
         updated_at, version FROM import_uploads WHERE batch = $1 AND expires_at > $2 ORDER BY position, id",
    )
    .bind(batch)
    .bind(now)
    .fetch_all(&mut *c)
    .await?;
    rows.iter().map(upload).collect()
}
