//! `/orgs/{id}`: an organization's departments and one fiscal year's initiatives, paged.

use crate::error::WebError;
use crate::html::{escape, layout};
use axum::extract::{Path, Query, State};
use axum::response::Html;
use hoshin_app::{browse, App};
use hoshin_domain::{Department, FiscalYear, OrgId};
use serde::Deserialize;
use std::fmt::Write;

#[derive(Debug, Deserialize)]
pub struct ShowQuery {
    /// 西暦 or 和暦 (令和6年度).
    year: Option<String>,
    page: Option<u32>,
}

pub async fn show(
    State(app): State<App>,
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
) -> Result<Html<String>, WebError> {
    let year = match q.year.as_deref().filter(|y| !y.is_empty()) {
        Some(y) => Some(FiscalYear::parse(y).map_err(|e| WebError::BadRequest(e.to_string()))?),
        None => None,
    };
    let view = browse::organization(app.store.as_ref(), OrgId(id), year, q.page.unwrap_or(1)).await?;
    let org = &view.organization;
    let mut body = format!("<h1>{}</h1>\n", escape(&org.name));
    if let Some(p) = &org.prefecture {
        let _ = writeln!(body, "<p class=\"muted\">{}</p>", escape(p));
    }

    body.push_str("<h2>部局</h2>\n");
    if view.departments.is_empty() {
        body.push_str("<p class=\"muted\">部局は登録されていません。</p>\n");
    } else {
        body.push_str("<ul>\n");
        let tops = view.departments.iter().filter(|d| d.parent_id.is_none());
        for d in tops {
            let _ = write!(body, "<li>{}", escape(&d.name));
            let children: Vec<&Department> = view.departments.iter().filter(|c| c.parent_id == Some(d.id)).collect();
            if !children.is_empty() {
                let names: Vec<String> = children.iter().map(|c| escape(&c.name)).collect();
                let _ = write!(body, "（{}）", names.join("、"));
            }
            body.push_str("</li>\n");
        }
        body.push_str("</ul>\n");
    }

    match view.year {
        None => body.push_str("<h2>取組</h2>\n<p class=\"muted\">年度付きの取組はまだありません。</p>\n"),
        Some(y) => {
            let _ = writeln!(body, "<h2>{} の取組（{}件）</h2>", escape(&y.label()), view.total);
            body.push_str("<nav class=\"pager\">");
            if view.has_prev_year {
                if let Some(p) = y.prev() {
                    let _ = write!(body, "<a href=\"/orgs/{id}?year={}\">← {}</a>", p.year(), escape(&p.label()));
                }
            }
            if view.has_next_year {
                if let Some(n) = y.next() {
                    let _ = write!(body, "<a href=\"/orgs/{id}?year={}\">{} →</a>", n.year(), escape(&n.label()));
                }
            }
            body.push_str("</nav>\n");
            body.push_str(
                "<table>\n<thead><tr><th>取組</th><th>担当</th><th>種別</th><th>概要</th></tr></thead>\n<tbody>\n",
            );
            for i in &view.initiatives {
                let _ = writeln!(
                    body,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    escape(&i.name),
                    escape(view.department_name(i.department_id).unwrap_or("")),
                    escape(i.kind.label()),
                    escape(i.summary.as_deref().unwrap_or(""))
                );
            }
            body.push_str("</tbody>\n</table>\n<nav class=\"pager\">");
            if view.page > 1 {
                let _ =
                    write!(body, "<a href=\"/orgs/{id}?year={}&amp;page={}\">前のページ</a>", y.year(), view.page - 1);
            }
            let _ = write!(body, "<span>{} / {} ページ</span>", view.page, view.pages);
            if view.page < view.pages {
                let _ =
                    write!(body, "<a href=\"/orgs/{id}?year={}&amp;page={}\">次のページ</a>", y.year(), view.page + 1);
            }
            body.push_str("</nav>\n");
        }
    }
    Ok(Html(layout(&org.name, &body)))
}
