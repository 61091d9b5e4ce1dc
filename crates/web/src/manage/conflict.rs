//! The conflict page: a save lost an optimistic-lock race (someone saved the same record
//! after the form was drawn). Nothing was saved; the page shows, field by field, what the
//! user tried to save beside what is saved now — differing rows marked with a word, not
//! only a colour — and links to the form reopened with the latest version.

use super::column_heads;
use crate::error::WebError;
use crate::html::Crumb;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use hoshin_app::accounts::SessionUser;
use hoshin_app::dashboard::wareki_time;
use maud::html;

pub use hoshin_app::audit::LastChange;

/// The newest audit row of `table`/`row` as a [`LastChange`]; `None` when nothing is logged.
pub async fn last_change(
    db: &(impl hoshin_app::ReadDb + ?Sized),
    table: &str,
    row: i64,
) -> Result<Option<LastChange>, WebError> {
    Ok(hoshin_app::audit::last_change(db, table, row).await?)
}

/// A 409 page comparing `mine` (what was submitted) with `theirs` (what is stored now).
/// Rows are matched by label; `what` names the record (「取組「…」」); `last` says who saved
/// it in between.
pub fn page(
    su: &SessionUser,
    title: &str,
    what: &str,
    last: Option<LastChange>,
    mine: Vec<(&str, String)>,
    theirs: Vec<(&str, String)>,
    reload_href: &str,
) -> Response {
    let mut labels: Vec<&str> = mine.iter().map(|(l, _)| *l).collect();
    for (l, _) in &theirs {
        if !labels.contains(l) {
            labels.push(l);
        }
    }
    let value = |list: &[(&str, String)], label: &str| {
        list.iter().find(|(l, _)| *l == label).map(|(_, v)| v.clone()).unwrap_or_default()
    };
    let rows: Vec<(&str, String, String)> = labels.iter().map(|l| (*l, value(&mine, l), value(&theirs, l))).collect();
    let differing = rows.iter().filter(|(_, a, b)| a.trim() != b.trim()).count();
    let body = html! {
        h1 { (title) }
        p.error role="alert" {
            @match &last {
                Some(l) => {
                    (l.who) "さんが" (wareki_time(l.at)) "に" (what)
                    "を先に更新したため、あなたの変更は保存されていません。"
                }
                None => { "ほかの人が先に" (what) "を更新したため、あなたの変更は保存されていません。" }
            }
        }
        p {
            "下の表で、あなたが保存しようとした内容と現在保存されている内容を比べてください。"
            "必要な内容を控えてから、最新の内容でフォームを開き直して入力し直してください。"
        }
        p { (differing) "項目に相違があります。" }
        table.conflict {
            caption { (what) "の比較" }
            (column_heads(&["項目", "あなたが保存しようとした内容", "現在保存されている内容"]))
            tbody {
                @for (label, a, b) in &rows {
                    @let differs = a.trim() != b.trim();
                    tr class=[differs.then_some("differs")] {
                        th scope="row" {
                            (label)
                            @if differs { " " span.diff-mark { "相違" } }
                        }
                        td.pre { (a) }
                        td.pre { (b) }
                    }
                }
            }
        }
        p { a.button href=(reload_href) { "最新の内容でフォームを開き直す" } }
    };
    let crumbs = super::crumbs(vec![Crumb::here(title)]);
    crate::error::keep_body((StatusCode::CONFLICT, super::layout(title, su, &crumbs, body)).into_response())
}
