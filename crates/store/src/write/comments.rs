//! Writes of `review_comments` (migration 0013): comments are appended, never edited.

use crate::conv::now_ms;
use crate::error::Result;
use crate::records::NewReviewComment;
use sqlx::AnyConnection;

/// Appends a comment; returns its id.
pub(crate) async fn insert_comment(c: &mut AnyConnection, new: &NewReviewComment) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO review_comments \
         (revision_id, initiative_id, initiative_name, kind, body, author_id, created_at, updated_at, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, 1) RETURNING id",
    )
    .bind(new.revision_id.0)
    .bind(new.initiative_id.map(|i| i.0))
    .bind(new.initiative_name.as_deref())
    .bind(new.kind.as_str())
    .bind(&new.body)
    .bind(new.author_id.map(|u| u.0))
    .bind(now_ms())
    .fetch_one(&mut *c)
    .await?;
    Ok(id)
}
