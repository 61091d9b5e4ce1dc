//! `/`: the organizations, one page at a time, each with its fiscal years and plans
//! (three queries per page whatever the number of organizations).

use super::{pager, PageResult};
use crate::html::{page, Crumb};
use crate::urls;
use axum::extract::{Query, State};

use hoshin_app::App;
use hoshin_domain::*;
use maud::html;
use serde::Deserialize;
use std::collections::HashMap;

/// Organizations per page.
pub const PER_PAGE: u32 = 30;

#[derive(Debug, Deserialize)]
pub struct Params {
    page: Option<u32>,
}

pub async fn show(State(app): State<App>, Query(p): Query<Params>) -> PageResult {
    let n = p.page.unwrap_or(1).max(1);
    let hoshin_app::public::HomePage { orgs, has_next, years: org_years, plans: org_plans } =
        hoshin_app::public::home(&app, n, PER_PAGE).await?;
    let mut years: HashMap<OrgId, Vec<FiscalYear>> = HashMap::new();
    for (o, y) in org_years {
        years.entry(o).or_default().push(y);
    }
    let mut plans: HashMap<OrgId, Vec<Plan>> = HashMap::new();
    for p in org_plans {
        plans.entry(p.org_id).or_default().push(p);
    }
    let body = html! {
        h1 { "自治体一覧" }
        p.lead { "登録されている自治体と、その年度・計画です。自治体名から部局運営方針や計画をご覧ください。" }
        @if orgs.is_empty() {
            p { "自治体はまだ登録されていません。" }
        } @else {
            table {
                caption { "自治体（" (n) "ページ目）" }
                thead { tr { th scope="col" { "自治体" } th scope="col" { "都道府県" } th scope="col" { "年度" } th scope="col" { "計画" } } }
                tbody {
                    @for o in &orgs {
                        tr {
                            th scope="row" { a href=(urls::org(o.id)) { (o.name) } }
                            td { @if let Some(p) = &o.prefecture { (p) } }
                            td {
                                ul.inline {
                                    @for y in years.get(&o.id).map(Vec::as_slice).unwrap_or(&[]) {
                                        li { a href=(urls::org_year(o.id, *y)) { (y.label()) } }
                                    }
                                }
                            }
                            td {
                                ul.plain {
                                    @for p in plans.get(&o.id).map(Vec::as_slice).unwrap_or(&[]) {
                                        li { a href=(urls::plan(p.id)) { (p.title) } " " span.muted { "（" (p.kind.label()) "）" } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        (pager(n, has_next, urls::home_page))
    };
    Ok(page("自治体一覧", &[Crumb::here("自治体一覧")], body))
}
