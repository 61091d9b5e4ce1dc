//! Comment threads on a department's policy revision (issue 15, staged review): one thread
//! for the policy as a whole and one per draft initiative. Whoever may edit the department
//! posts (its editors, planning, admins — [`crate::access::require_department`]); every
//! staff member of the organization reads. A return's comment is the policy thread's entry of
//! kind [`CommentKind::Return`], written by [`crate::workflow::transition`] in the step's own
//! transaction, so it stays on the page after the revision is resubmitted. Comments are
//! appended and audited, never edited, and never shown on a public page.

use crate::access::{require_department, Actor};
use crate::audit;
use crate::error::{AppError, Result};
use hoshin_domain::*;
use hoshin_store::{CommentKind, NewReviewComment, ReviewComment, Tx};
use std::collections::HashMap;

/// The longest comment accepted, in characters.
pub const MAX_COMMENT_CHARS: usize = 4000;

/// A comment with its author's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posted {
    pub comment: ReviewComment,
    /// The author's display name, 「システム」 for the system, or 「（削除された利用者）」.
    pub author: String,
}

/// A revision's threads, each oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Threads {
    /// The policy as a whole, with the returns and the comments on initiatives since removed
    /// from the revision (their `initiative_name` says which).
    pub policy: Vec<Posted>,
    pub initiatives: HashMap<InitiativeId, Vec<Posted>>,
}

impl Threads {
    /// The thread of one initiative (empty when nobody wrote).
    pub fn of(&self, id: InitiativeId) -> &[Posted] {
        self.initiatives.get(&id).map_or(&[], Vec::as_slice)
    }

    /// The newest return comment of the revision.
    pub fn latest_return(&self) -> Option<&Posted> {
        self.policy.iter().rev().find(|p| p.comment.kind == CommentKind::Return)
    }
}

/// The comment threads of `rev`, for any staff member of its organization (404 for a revision
/// of another organization).
pub async fn threads(
    db: &(impl crate::ReadDb + ?Sized),
    actor: &Actor,
    org: OrgId,
    rev: RevisionId,
) -> Result<Threads> {
    crate::editing::staff_scope(db, actor, org, rev).await?;
    let r = crate::db::read(db);
    let all = r.revision_comments(rev).await?;
    let live: Vec<InitiativeId> = r.revision_initiatives(rev).await?.into_iter().map(|i| i.id).collect();
    let mut names: HashMap<UserId, String> = HashMap::new();
    let mut out = Threads::default();
    for c in all {
        let author = match c.author_id {
            None => "システム".to_string(),
            Some(u) => match names.get(&u) {
                Some(n) => n.clone(),
                None => {
                    let n = r.get_user(u).await.map_or_else(|_| "（削除された利用者）".to_string(), |u| u.display_name);
                    names.insert(u, n.clone());
                    n
                }
            },
        };
        let posted = Posted { comment: c, author };
        match posted.comment.initiative_id.filter(|i| live.contains(i)) {
            Some(i) => out.initiatives.entry(i).or_default().push(posted),
            None => out.policy.push(posted),
        }
    }
    Ok(out)
}

/// Checks a comment's text: not blank, at most [`MAX_COMMENT_CHARS`]. Returns it trimmed.
fn checked(body: &str, field: &'static str) -> Result<String> {
    let body = body.trim();
    if body.is_empty() {
        return Err(AppError::invalid(field, "コメントを入力してください"));
    }
    if body.chars().count() > MAX_COMMENT_CHARS {
        return Err(AppError::invalid(field, format!("コメントは{MAX_COMMENT_CHARS}文字以内で入力してください")));
    }
    Ok(body.to_string())
}

/// Posts a comment on `rev`: on the policy as a whole (`initiative` `None`) or on one of its
/// draft initiatives (else 404). One transaction, audited (`review_comments`, `comment`).
pub async fn post_comment(
    db: &(impl crate::Db + ?Sized),
    actor: &Actor,
    rev: RevisionId,
    initiative: Option<InitiativeId>,
    body: &str,
) -> Result<i64> {
    let store = crate::db::store(db);
    let tx = store.begin().await?;
    let revision = tx.get_revision(rev).await?;
    let dept = tx.get_department(revision.department_id).await?;
    require_department(actor, &dept)?;
    crate::stages::check_unlocked(tx.as_ref(), dept.org_id, revision.fiscal_year).await?;
    let body = checked(body, "body")?;
    let name = match initiative {
        Some(i) => Some(crate::editing::draft_row(tx.as_ref(), rev, i).await?.name),
        None => None,
    };
    let new = NewReviewComment {
        revision_id: rev,
        initiative_id: initiative,
        initiative_name: name,
        kind: CommentKind::Comment,
        body,
        author_id: actor.user_id(),
    };
    let id = insert(tx.as_ref(), actor, &new).await?;
    tx.commit().await?;
    Ok(id)
}

/// Writes the return comment of `rev` into its policy thread (inside the return's transaction).
pub(crate) async fn record_return(tx: &dyn Tx, actor: &Actor, rev: RevisionId, body: &str) -> Result<i64> {
    let new = NewReviewComment {
        revision_id: rev,
        initiative_id: None,
        initiative_name: None,
        kind: CommentKind::Return,
        body: checked(body, "comment")?,
        author_id: actor.user_id(),
    };
    insert(tx, actor, &new).await
}

async fn insert(tx: &dyn Tx, actor: &Actor, new: &NewReviewComment) -> Result<i64> {
    let id = tx.insert_comment(new).await?;
    let saved = tx.get_comment(id).await?;
    audit::record::<(), _>(tx, actor, "review_comments", id, new.kind.as_str(), None, Some(&saved)).await?;
    Ok(id)
}
