//! `/manage/documents`: the documents imported into the organization (`hoshin import`), a page
//! at a time — what each was read as, for which year, from which file and when — with a link
//! to each document's audit history (every import and re-import writes one row there). Any
//! staff member of the organization.

use super::{actor, column_heads, crumbs, layout};
use crate::html::Crumb;
use crate::pages::{pager, PageResult};
use crate::session::Staff;
use axum::extract::{Query, State};
use hoshin_app::access::require_staff;
use hoshin_app::dashboard::wareki_time;
use hoshin_app::records::Page;
use hoshin_app::App;
use maud::html;
use serde::Deserialize;

const PER_PAGE: u32 = 100;

#[derive(Debug, Deserialize)]
pub struct Params {
    page: Option<u32>,
}

/// `GET /manage/documents`.
pub async fn list(State(app): State<App>, Staff(su): Staff, Query(p): Query<Params>) -> PageResult {
    let org = su.user.org_id;
    require_staff(&actor(&su), org)?;
    let n = p.page.unwrap_or(1).max(1);
    let page = Page { limit: PER_PAGE + 1, offset: (n - 1).saturating_mul(PER_PAGE) };
    let mut docs = hoshin_app::import::documents(&app, org, page).await?;
    let has_next = docs.len() > PER_PAGE as usize;
    docs.truncate(PER_PAGE as usize);
    let title = "取り込んだ文書";
    let body = html! {
        h1 { (title) }
        p {
            "計画書や部局運営方針などのテキストを " code { "hoshin import" }
            " で取り込むと、ここに記録されます。同じ文書（内容が同じもの、または同じ種類・年度・表題のもの）を"
            "取り込み直すと、新しく作らずに更新します。"
        }
        @if docs.is_empty() {
            p.muted { "取り込んだ文書はまだありません。" }
        } @else {
            table {
                caption { "文書の一覧（" (docs.len()) "件" @if has_next || n > 1 { "・" (n) "ページ目" } "）" }
                (column_heads(&["表題", "種類", "年度", "ファイル", "最後に取り込んだ日時", "履歴"]))
                tbody {
                    @for d in &docs {
                        tr {
                            th scope="row" { (d.title) }
                            td { (d.genre.label()) }
                            td { @match d.fiscal_year { Some(y) => (y.label()), None => "－" } }
                            td { @match &d.file_name { Some(f) => code { (f) }, None => "－" } }
                            td { (wareki_time(d.imported_at)) }
                            td { a href={ "/manage/history/documents/" (d.id.0) } { "変更履歴" span.visually-hidden { "：" (d.title) } } }
                        }
                    }
                }
            }
        }
        (pager(n, has_next, |k| format!("/manage/documents?page={k}")))
    };
    Ok(layout(title, &su, &crumbs(vec![Crumb::here(title)]), body))
}
