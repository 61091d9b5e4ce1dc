//! The comment threads of a revision on the department's page (issue 15, staged review): the
//! policy's thread (its returns included, so a return stays readable after resubmission) and
//! one per initiative, each with a form for those who may edit the department, and the post
//! handler. Comments are staff-only; maud escapes every comment as text.

use super::forms::Fields;
use super::{page_at, posted, Posted as PostedForm};
use crate::error::WebError;
use crate::html::paragraphs;
use crate::manage::{actor, csrf_field, see_other};
use crate::session::Staff;
use axum::extract::{Path, State};
use axum::response::Response;
use hoshin_app::accounts::SessionUser;
use hoshin_app::comments::{post_comment, Posted, MAX_COMMENT_CHARS};
use hoshin_app::dashboard::wareki_time;
use hoshin_app::records::CommentKind;
use hoshin_app::App;
use hoshin_domain::*;
use maud::{html, Markup};

/// The page anchor of a thread.
pub(super) fn anchor(initiative: Option<InitiativeId>) -> String {
    match initiative {
        Some(i) => format!("comments-{i}"),
        None => "comments".to_string(),
    }
}

/// One thread: its comments, oldest first, then (for those who may post) the form.
/// `initiative`: the initiative's id and name, `None` for the policy's thread.
pub(super) fn thread(
    su: &SessionUser,
    rev: &PolicyRevision,
    initiative: Option<(InitiativeId, &str)>,
    posts: &[Posted],
    may_post: bool,
) -> Markup {
    let id = initiative.map(|(i, _)| i);
    let field = format!("{}-body", anchor(id));
    html! {
        @if posts.is_empty() {
            p.muted { "コメントはまだありません。" }
        } @else {
            ol.comments {
                @for p in posts {
                    @let returned = p.comment.kind == CommentKind::Return;
                    li.comment.return[returned] id={ "comment-" (p.comment.id) } {
                        p.comment-head {
                            @if returned { strong.state.state-returned { "差戻し" } " " }
                            @if let (None, Some(n)) = (id, &p.comment.initiative_name) {
                                span.muted { "（取組「" (n) "」について）" } " "
                            }
                            (p.author) " " span.muted { (wareki_time(p.comment.meta.created_at)) }
                        }
                        div.comment-body { (paragraphs(&p.comment.body)) }
                    }
                }
            }
        }
        @if may_post {
            form.comment method="post" action={ "/manage/revisions/" (rev.id) "/comments" } {
                (csrf_field(su))
                @if let Some(i) = id { input type="hidden" name="initiative" value=(i); }
                p {
                    label for=(field) {
                        @match initiative {
                            Some((_, name)) => { "取組「" (name) "」へのコメント" },
                            None => { "部局運営方針全体へのコメント" },
                        }
                    }
                    textarea id=(field) name="body" rows="2" maxlength=(MAX_COMMENT_CHARS) required {}
                }
                button type="submit" { "コメントを投稿する" }
            }
        }
    }
}

/// Posts a comment (`body`; `initiative`: one of the revision's initiatives, or none for the
/// policy as a whole) and goes back to its thread.
pub async fn post(
    State(app): State<App>,
    Staff(su): Staff,
    Path(rev): Path<i64>,
    form: PostedForm,
) -> Result<Response, WebError> {
    let (f, r, _): (Fields, _, _) = posted(&app, &su, rev, form).await?;
    let initiative = match f.text("initiative") {
        None => None,
        Some(t) => {
            Some(InitiativeId(t.parse().map_err(|_| WebError::BadRequest("取組の指定が正しくありません".into()))?))
        }
    };
    post_comment(&app, &actor(&su), r.id, initiative, f.get("body").unwrap_or_default()).await?;
    Ok(see_other(&page_at(&r, &anchor(initiative))))
}
