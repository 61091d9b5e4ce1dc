//! `/orgs/{org}`: an organization's fiscal years and plans, the doors to everything else.

use super::{org_and_years, PageResult};
use crate::html::{page, Crumb};
use crate::urls;
use axum::extract::{Path, State};
use hoshin_app::App;
use maud::html;

pub async fn show(State(app): State<App>, Path(id): Path<i64>) -> PageResult {
    // Read at once: on PostgreSQL they leave together (`store/src/pgread.rs`).
    let ((org, years), plans) = tokio::try_join!(org_and_years(&app, id), async {
        Ok(hoshin_app::public::org_plans(&app, hoshin_domain::OrgId(id)).await?)
    },)?;
    let body = html! {
        h1 { (org.name) }
        @if let Some(p) = &org.prefecture { p.lead { (p) } }
        h2 { "年度" }
        @if years.is_empty() {
            p.muted { "年度ごとの取組はまだ登録されていません。" }
        } @else {
            ul {
                @for y in years.iter().rev() {
                    li {
                        a href=(urls::org_year(org.id, *y)) { (y.label()) }
                        " — "
                        a href=(urls::booklet(org.id, *y)) { "部局運営方針（冊子）" }
                    }
                }
            }
        }
        h2 { "計画" }
        @if plans.is_empty() {
            p.muted { "計画はまだ登録されていません。" }
        } @else {
            ul {
                @for p in &plans {
                    li {
                        a href=(urls::plan(p.id)) { (p.title) } " "
                        span.muted {
                            "（" (p.kind.label())
                            @if let (Some(s), Some(e)) = (p.period_start, p.period_end) { "・" (s.label()) "～" (e.label()) }
                            "）"
                        }
                    }
                }
            }
        }
        h2 { "横断検索" }
        p { a href=(urls::search("", 1)) { "他の自治体と取組を比べる" } }
    };
    let crumbs = [Crumb::link("自治体一覧", urls::home()), Crumb::here(org.name.clone())];
    Ok(page(&org.name, &crumbs, body))
}
