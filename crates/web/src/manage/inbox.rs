//! `/manage/inbox` (お知らせ): the signed-in user's notifications, newest first, unread ones
//! marked with a word; marking one or all read; the address their notifications are mailed
//! to; and for planning and administrators the 「未更新の部局」 list (departments behind on the
//! current deadline of an open year). Everything is read and written through
//! `hoshin_app::notify`; a notification is only ever its owner's (someone else's id answers 404).

use super::{actor, crumbs, csrf_field, layout, see_other};
use crate::error::WebError;
use crate::html::{paragraphs, Crumb};
use crate::pages::PageResult;
use crate::session::Staff;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;
use hoshin_app::dashboard::wareki_time;
use hoshin_app::notify::deadlines::{not_updated_now, NotUpdated};
use hoshin_app::notify::inbox;
use hoshin_app::App;
use maud::{html, Markup};
use serde::Deserialize;

const TITLE: &str = "お知らせ";

pub async fn show(State(app): State<App>, Staff(su): Staff) -> PageResult {
    let me = actor(&su);
    let inbox = inbox::inbox(&app, &me).await?;
    let behind = if su.user.role.plans() { Some(not_updated_now(&app, &me, su.user.org_id).await?) } else { None };
    let body = html! {
        h1 { (TITLE) }
        @if let Some(rows) = &behind { (not_updated(rows)) }
        section aria-labelledby="inbox-h" {
            h2 #inbox-h { "受信したお知らせ" }
            p { "未読 " strong { (inbox.unread) } " 件（新しい順、最新" (inbox::INBOX_LIMIT) "件まで表示）" }
            @if inbox.unread > 0 {
                form method="post" action="/manage/inbox/read-all" {
                    (csrf_field(&su))
                    button type="submit" { "すべて既読にする" }
                }
            }
            @if inbox.items.is_empty() {
                p { "お知らせはありません。" }
            } @else {
                ol.inbox {
                    @for n in &inbox.items {
                        li class=(if n.read_at.is_none() { "unread" } else { "read" }) {
                            h3 {
                                @if n.read_at.is_none() { span.flag.unread { "未読" } " " }
                                @match n.link.as_deref().filter(|l| l.starts_with('/') && !l.starts_with("//")) {
                                    Some(link) => a href=(link) { (n.subject) },
                                    None => (n.subject),
                                }
                            }
                            p.meta { (wareki_time(n.created_at)) }
                            (paragraphs(&n.body))
                            @if n.read_at.is_none() {
                                form method="post" action={ "/manage/inbox/" (n.id) "/read" } {
                                    (csrf_field(&su))
                                    button type="submit" aria-label={ "「" (n.subject) "」を既読にする" } { "既読にする" }
                                }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="mail-h" {
            h2 #mail-h { "通知メール" }
            p.note {
                "お知らせは、ここに登録したアドレスにもメールで届きます（空欄にすると、この画面だけで受け取ります）。"
                "メールを送るかどうかはサーバーの設定によります。"
            }
            form.edit method="post" action="/manage/inbox/email" {
                (csrf_field(&su))
                p {
                    label for="email" { "メールアドレス" }
                    input #email type="email" name="email" autocomplete="email" value=(inbox.email.as_deref().unwrap_or(""));
                }
                p { button type="submit" { "保存する" } }
            }
        }
    };
    Ok(layout(TITLE, &su, &crumbs(vec![Crumb::here(TITLE)]), body))
}

fn not_updated(rows: &[NotUpdated]) -> Markup {
    html! {
        section aria-labelledby="behind-h" {
            h2 #behind-h { "未更新の部局" }
            @if rows.is_empty() {
                p { "期限が近い、または過ぎた提出・更新で、未対応の部局はありません。" }
            } @else {
                table {
                    caption { "期限が近い（または過ぎた）のに、まだ提出・更新していない部局" }
                    (super::column_heads(&["年度", "期限", "部局", "状態", "期限まで"]))
                    tbody {
                        @for r in rows {
                            tr {
                                td { (r.year.label()) }
                                td { (r.kind.label()) "：" (r.due.label()) }
                                td { a href={ "/manage/" (r.year.year()) "/departments/" (r.department.id) } { (r.department.name) } }
                                td { (r.state.map_or("未着手", |s| s.label())) }
                                td {
                                    @if r.days_left < 0 { span.flag.overdue { "期限超過 " (-r.days_left) "日" } }
                                    @else if r.days_left == 0 { "本日が期限" }
                                    @else { "あと" (r.days_left) "日" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub async fn read(State(app): State<App>, Staff(su): Staff, Path(id): Path<i64>) -> Result<Response, WebError> {
    inbox::mark_read(&app, &actor(&su), id).await?;
    Ok(see_other("/manage/inbox"))
}

pub async fn read_all(State(app): State<App>, Staff(su): Staff) -> Result<Response, WebError> {
    inbox::mark_all_read(&app, &actor(&su)).await?;
    Ok(see_other("/manage/inbox"))
}

#[derive(Debug, Deserialize)]
pub struct EmailForm {
    #[serde(default)]
    pub email: String,
}

pub async fn email(State(app): State<App>, Staff(su): Staff, Form(f): Form<EmailForm>) -> Result<Response, WebError> {
    inbox::set_email(&app, &actor(&su), &f.email).await?;
    Ok(see_other("/manage/inbox"))
}
