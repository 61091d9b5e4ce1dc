//! `/`: the organizations, one page at a time.

use crate::error::WebError;
use crate::html::{escape, layout};
use axum::extract::{Query, State};
use axum::response::Html;
use hoshin_app::{browse, App};
use serde::Deserialize;
use std::fmt::Write;

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    page: Option<u32>,
}

pub async fn list(State(app): State<App>, Query(q): Query<ListQuery>) -> Result<Html<String>, WebError> {
    let list = browse::organizations(app.store.as_ref(), q.page.unwrap_or(1)).await?;
    let mut body = String::from("<h1>自治体一覧</h1>\n");
    if list.organizations.is_empty() {
        body.push_str(
            "<p class=\"muted\">まだ自治体が登録されていません。<code>hoshin demo</code> または <code>hoshin import</code> でデータを取り込んでください。</p>\n",
        );
    } else {
        body.push_str(
            "<table>\n<thead><tr><th>自治体</th><th>都道府県</th><th>団体コード</th></tr></thead>\n<tbody>\n",
        );
        for o in &list.organizations {
            let _ = writeln!(
                body,
                "<tr><td><a href=\"/orgs/{}\">{}</a></td><td>{}</td><td>{}</td></tr>",
                o.id,
                escape(&o.name),
                escape(o.prefecture.as_deref().unwrap_or("")),
                escape(o.code.as_ref().map(|c| c.as_str()).unwrap_or(""))
            );
        }
        body.push_str("</tbody>\n</table>\n");
    }
    body.push_str("<nav class=\"pager\">");
    if list.page > 1 {
        let _ = write!(body, "<a href=\"/?page={}\">前のページ</a>", list.page - 1);
    }
    let _ = write!(body, "<span>{}ページ目</span>", list.page);
    if list.has_next {
        let _ = write!(body, "<a href=\"/?page={}\">次のページ</a>", list.page + 1);
    }
    body.push_str("</nav>\n");
    Ok(Html(layout("自治体一覧", &body)))
}
