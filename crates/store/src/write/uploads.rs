//! Writes of uploads waiting for a commit on the staff import page.

use crate::conv::now_ms;
use crate::error::Result;
use crate::records::NewUpload;
use sqlx::AnyConnection;

pub(crate) async fn insert_upload(c: &mut AnyConnection, new: &NewUpload) -> Result<i64> {
    let now = now_ms();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO import_uploads (batch, org_id, user_id, position, file_name, content_hash, size, bytes, \
         expires_at, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, 1) \
         RETURNING id",
    )
    .bind(&new.batch)
    .bind(new.org_id.0)
    .bind(new.user_id.0)
    .bind(new.position)
    .bind(&new.file_name)
    .bind(&new.content_hash)
    .bind(new.bytes.len() as i64)
    .bind(&new.bytes)
    .bind(new.expires_at)
    .bind(now)
    .fetch_one(&mut *c)
    .await?;
    Ok(id)
}

pub(crate) async fn delete_upload(c: &mut AnyConnection, id: i64) -> Result<()> {
    sqlx::query("DELETE FROM import_uploads WHERE id = $1").bind(id).execute(&mut *c).await?;
    Ok(())
}

/// Deletes uploads that expired before `now`; returns how many.
pub(crate) async fn purge_uploads(c: &mut AnyConnection, now: i64) -> Result<u64> {
    Ok(sqlx::query("DELETE FROM import_uploads WHERE expires_at <= $1")
        .bind(now)
        .execute(&mut *c)
        .await?
        .rows_affected())
}
