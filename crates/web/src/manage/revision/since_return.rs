//! 「差戻し後の変更」 on the department's page (issue 15): what the department changed in the
//! open revision since it was last returned ([`hoshin_app::since_return`]), each record with
//! the history page's field-by-field diff ([`crate::views::diff`]) and a link to its history.

use hoshin_app::dashboard::wareki_time;
use hoshin_app::since_return::SinceReturn;
use maud::{html, Markup};

pub(super) fn section(s: &SinceReturn) -> Markup {
    html! {
        section #since-return aria-labelledby="since-return-h" {
            h2 #since-return-h { "差戻し後の変更" }
            p {
                (wareki_time(s.returned_at)) "に" (s.returned_by) "が差し戻した後の変更です"
                @if s.changes.is_empty() { "。" } @else { "（" (s.changes.len()) "件）。" }
            }
            @if s.truncated {
                p.muted { "変更が多いため、差戻し直後の変更の一部は表示されていません。各項目の変更履歴で確認してください。" }
            }
            @if s.changes.is_empty() {
                p { "差戻し後、内容は変更されていません。" }
            }
            @for c in &s.changes {
                article.change {
                    h3 {
                        (c.what)
                        @if c.before.is_none() { " " span.tag { "追加" } }
                        @if c.after.is_none() { " " span.tag { "削除" } }
                    }
                    @if !c.by.is_empty() { p.muted { "変更した人：" (c.by.join("、")) } }
                    (crate::views::diff::render(c.before.as_ref(), c.after.as_ref()))
                    p { a href={ "/manage/history/" (c.table) "/" (c.row_id) } { "変更履歴" span.visually-hidden { "：" (c.what) } } }
                }
            }
        }
    }
}
