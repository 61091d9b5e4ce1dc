//! Reads of `review_comments` (migration 0013): the comment threads of revisions.

use crate::conv::{get, meta};
use crate::error::{Result, StoreError};
use crate::exec::{query, Db, Row};
use crate::records::{CommentKind, ReviewComment};
use hoshin_domain::{InitiativeId, RevisionId, UserId};

/// The columns of a comment, in the order [`comment`] reads them.
macro_rules! cols {
    () => {
        "id, revision_id, initiative_id, initiative_name, kind, body, author_id, created_at, updated_at, version"
    };
}

fn comment(row: &Row) -> Result<ReviewComment> {
    let kind: String = get(row, "kind")?;
    Ok(ReviewComment {
        id: get(row, "id")?,
        revision_id: RevisionId(get(row, "revision_id")?),
        initiative_id: get::<Option<i64>>(row, "initiative_id")?.map(InitiativeId),
        initiative_name: get(row, "initiative_name")?,
        kind: CommentKind::parse(&kind).ok_or_else(|| StoreError::Invalid(format!("unknown comment kind {kind:?}")))?,
        body: get(row, "body")?,
        author_id: get::<Option<i64>>(row, "author_id")?.map(UserId),
        meta: meta(row)?,
    })
}

/// Every comment of a revision, oldest first.
pub(crate) async fn revision_comments(c: &mut Db<'_>, rev: RevisionId) -> Result<Vec<ReviewComment>> {
    query(concat!("SELECT ", cols!(), " FROM review_comments WHERE revision_id = $1 ORDER BY id"))
        .bind(rev.0)
        .fetch_all(&mut *c)
        .await?
        .iter()
        .map(comment)
        .collect()
}

/// One comment by id.
pub(crate) async fn get_comment(c: &mut Db<'_>, id: i64) -> Result<ReviewComment> {
    let row = query(concat!("SELECT ", cols!(), " FROM review_comments WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *c)
        .await?
        .ok_or_else(|| StoreError::not_found("review_comments", id))?;
    comment(&row)
}
