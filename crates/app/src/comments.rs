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

/// A revision's threads, each oldest first, with those of the department's earlier revisions
/// of the same year: a comment on an initiative joins the thread of the initiative that
/// continues it (the same published initiative), so a thread stays visible from one revision
/// to the next.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Threads {
    /// The revision the threads were read for.
    pub revision: Option<RevisionId>,
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

    /// The newest return comment of the revision itself (not of an earlier one).
    pub fn latest_return(&self) -> Option<&Posted> {
        self.policy
            .iter()
            .rev()
            .find(|p| p.comment.kind == CommentKind::Return && Some(p.comment.revision_id) == self.revision)
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
    let scope = crate::editing::staff_scope(db, actor, org, rev).await?;
    let r = crate::db::read(db);
    let items = r.revision_initiatives(rev).await?;
    let live: Vec<InitiativeId> = items.iter().map(|i| i.id).collect();
    // The published initiative each draft row continues, and back.
    let continues = |i: &Initiative| i.draft.and_then(|d| d.live_id).map(InitiativeId);
    let now_of: HashMap<InitiativeId, InitiativeId> =
        items.iter().filter_map(|i| continues(i).map(|l| (l, i.id))).collect();
    let mut all = Vec::new();
    let earlier = r.year_revisions(org, scope.revision.fiscal_year).await?;
    let mut earlier: Vec<&PolicyRevision> = earlier
        .iter()
        .filter(|e| e.department_id == scope.revision.department_id && e.number < scope.revision.number)
        .collect();
    earlier.sort_by_key(|e| e.number);
    for e in earlier {
        let comments = r.revision_comments(e.id).await?;
        if comments.is_empty() {
            continue;
        }
        let then: HashMap<InitiativeId, InitiativeId> = r
            .revision_initiatives(e.id)
            .await?
            .iter()
            .filter_map(|i| continues(i).and_then(|l| now_of.get(&l)).map(|now| (i.id, *now)))
            .collect();
        // On an initiative the revision still continues: that thread; else the policy's.
        all.extend(comments.into_iter().map(|mut c| {
            c.initiative_id = c.initiative_id.and_then(|i| then.get(&i).copied());
            c
        }));
    }
    all.extend(r.revision_comments(rev).await?);
    let mut names: HashMap<UserId, String> = HashMap::new();
    let mut out = Threads { revision: Some(rev), ..Threads::default() };
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
