//! While the index is being built (the first start of a server, or after a corrupt index):
//! the initiatives whose name or summary contains the text, scanned in bounded windows of ids
//! (`after=` continues), so the page still answers and no request reads the whole dataset.

use super::params::Params;
use crate::error::WebError;
use crate::html::paragraphs;
use crate::urls;
use hoshin_app::App;
use hoshin_domain::*;
use maud::{html, Markup};
use std::collections::HashMap;

/// Initiative ids one request scans.
pub const WINDOW: i64 = 20_000;
const PER_PAGE: u32 = 50;

pub async fn results(app: &App, p: &Params) -> Result<Markup, WebError> {
    let hoshin_app::public::TextScan { items, next, orgs } =
        hoshin_app::public::scan_initiatives(app, &p.q, InitiativeId(p.after), WINDOW, PER_PAGE).await?;
    let orgs: HashMap<OrgId, Organization> = orgs.into_iter().map(|o| (o.id, o)).collect();
    Ok(html! {
        p.notice role="status" {
            "検索索引を準備しています。それまでの間、取組の名称と概要に「" (p.q) "」を含むものを、登録順に"
            (WINDOW) "件ずつ探して示します（絞り込みと並べ替えは索引の準備ができてから使えます）。"
        }
        @if items.is_empty() { p { "この範囲には見つかりませんでした。" } }
        ul.hits {
            @for i in &items {
                li {
                    a href=(urls::initiative(i.id)) { (i.name) }
                    span.muted {
                        @if let Some(o) = orgs.get(&i.org_id) { "・" (o.name) }
                        @if let Some(y) = i.fiscal_year { "・" (y.label()) }
                    }
                    @if let Some(s) = &i.summary { div.snippet { (paragraphs(s)) } }
                }
            }
        }
        @if let Some(next) = next {
            nav.pager aria-label="ページ送り" {
                ul { li { a href=(format!("{}&after={}", p.url(1), next.0)) rel="next" { "続きを探す" } } }
            }
        } @else {
            p.muted { "すべての取組を探し終えました。" }
        }
    })
}
