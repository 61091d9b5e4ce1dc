//! `/orgs/{org}/years/{year}/indicators`: the organization's indicators, a page at a time,
//! each with its status as of the year.

use super::{org_crumbs, organization, pager, parse_year, PageResult};
use crate::html::{page, Crumb};
use crate::urls;
use crate::views::status::badge;
use axum::extract::{Path, Query, State};
use hoshin_app::records::Page;
use hoshin_app::App;
use maud::html;
use serde::Deserialize;

const PER_PAGE: u32 = 50;

#[derive(Debug, Deserialize)]
pub struct Params {
    page: Option<u32>,
}

pub async fn show(
    State(app): State<App>,
    Path((org_id, year)): Path<(i64, String)>,
    Query(p): Query<Params>,
) -> PageResult {
    let year = parse_year(&year)?;
    let n = p.page.unwrap_or(1).max(1);
    let rows = Page { limit: PER_PAGE + 1, offset: (n - 1).saturating_mul(PER_PAGE) };
    // Read at once: on PostgreSQL they leave together (`store/src/pgread.rs`).
    let (org, (mut list, statuses)) = tokio::try_join!(organization(&app, org_id), async {
        Ok::<_, crate::error::WebError>(
            hoshin_app::periods::indicator_list(&app, hoshin_domain::OrgId(org_id), rows, year).await?,
        )
    })?;
    let has_next = list.len() > PER_PAGE as usize;
    list.truncate(PER_PAGE as usize);
    let title = format!("{} 指標の一覧 {}", org.name, year.label());
    let body = html! {
        h1 { (org.name) " 指標の一覧" }
        p.lead { (year.label()) "時点の状況" }
        ul.inline.no-print {
            li { a href=(urls::indicators_csv(org.id, year)) download { "CSVでダウンロード" } " " span.muted { "（全指標と" (year.label()) "の実績、UTF-8）" } }
            li { a href=(format!("{}?encoding=sjis", urls::indicators_csv(org.id, year))) download { "CSV（Shift_JIS）" } }
            li { a href=(urls::indicators_xlsx(org.id, year)) download { "Excelで開く" } " " span.muted { "（全指標と年度ごとの実績、xlsx）" } }
        }
        @if list.is_empty() {
            p.muted { "指標は登録されていません。" }
        } @else {
            table {
                caption { "指標（" (n) "ページ目）" }
                thead { tr { th scope="col" { "指標" } th scope="col" { "基準値" } th scope="col" { "目標値" } th scope="col" { "状況" } } }
                tbody {
                    @for i in &list {
                        tr {
                            th scope="row" { a href=(urls::indicator(i.id)) { (i.name) } }
                            td { @if let Some(b) = &i.baseline { (b.text) } }
                            td { @if let Some(t) = &i.target { (t.text) } @if let Some(y) = i.target_year { " " span.muted { "（" (y.label()) "）" } } }
                            td { (badge(statuses.get(&i.id).copied().unwrap_or_else(|| i.status_in(year)))) }
                        }
                    }
                }
            }
        }
        (pager(n, has_next, |k| format!("{}?page={k}", urls::indicators(org.id, year))))
    };
    let mut crumbs = org_crumbs(&org, Some(year));
    crumbs.push(Crumb::here("指標の一覧"));
    Ok(page(&title, &crumbs, body))
}
