//! `/search`: full-text search across every organization's published record — initiatives,
//! 事務事業, plan nodes, KPIs and department stances — ranked by relevance then year, with
//! facet counts and filters in the URL, highlighted snippets and paging. Signed-in staff also
//! find their own organization's drafts. Without a query: the themes most organizations share.

mod fallback;
mod params;
mod view;

use super::PageResult;
use crate::error::WebError;
use crate::html::{page, Crumb};
use crate::session::MaybeStaff;
use crate::urls;
use axum::extract::{RawQuery, State};
use hoshin_app::search::Request;
use hoshin_app::search::{Availability, Facet};
use hoshin_app::App;
use hoshin_domain::*;
use maud::{html, Markup};
use params::Params;
use std::collections::HashMap;

pub use params::MAX_QUERY;

pub const PER_PAGE: u32 = 20;

pub async fn show(State(app): State<App>, staff: MaybeStaff, RawQuery(raw): RawQuery) -> PageResult {
    let p = Params::parse(raw.as_deref()).map_err(WebError::BadRequest)?;
    let drafts_of = staff.0.as_ref().map(|s| s.user.org_id.0);
    let results = if p.is_empty() {
        html! {}
    } else {
        results(&app, &p, drafts_of).await?
    };
    let common = if p.is_empty() { hoshin_app::public::common_themes(&app, 30).await? } else { Vec::new() };
    let body = html! {
        h1 { "自治体横断検索" }
        p.lead { "すべての自治体の取組・事務事業・政策と施策・指標・部局運営方針を、言葉で探します。" }
        form.search method="get" action="/search" role="search" {
            label for="q" { "キーワード" }
            input #q type="search" name="q" value=(p.q) maxlength=(MAX_QUERY);
            @for (f, v) in &p.filters { input type="hidden" name=(f.key()) value=(v); }
            button type="submit" { "検索" }
            p.muted {
                "空白で区切った言葉はすべてを含むものを、\"…\" で囲んだ言葉はその並びのものを探します。"
                "「子ども・子供・こども」「ＤＸ・デジタル変革」「取組・取り組み」などの表記の違いは区別しません。"
            }
        }
        @if p.is_empty() {
            h2 { "よく使われている重点項目" }
            @if common.is_empty() { p.muted { "重点項目はまだ登録されていません。" } }
            ul { @for (name, k) in &common {
                li { a href=(format!("/search?q=&theme={}", urls::encode(name))) { (name) } " " span.muted { "（" (k) "団体）" } }
            } }
        } @else {
            (results)
        }
    };
    let title =
        if p.q.is_empty() { "自治体横断検索".to_string() } else { format!("「{}」の横断検索", p.q) };
    Ok(page(&title, &[Crumb::link("自治体一覧", urls::home()), Crumb::here("横断検索")], body))
}

async fn results(app: &App, p: &Params, drafts_of: Option<i64>) -> Result<Markup, crate::error::WebError> {
    let heading = if p.q.is_empty() { "検索結果".to_string() } else { format!("「{}」の検索結果", p.q) };
    let req = Request {
        text: p.q.clone(),
        filters: p.filters.clone(),
        drafts_of,
        offset: ((p.page - 1) * PER_PAGE) as usize,
        limit: PER_PAGE as usize,
        facets: true,
        facet_values: view::FACET_VALUES,
    };
    let found = match app.search.availability() {
        Availability::Ready => app.search.search(&req).await?,
        _ => None,
    };
    let Some(found) = found else {
        if p.q.is_empty() {
            return Ok(
                html! { h2 { (heading) } p.notice role="status" { "検索索引を準備しています。しばらくしてからもう一度お試しください。" } },
            );
        }
        return Ok(html! { h2 { (heading) } (fallback::results(app, p).await?) });
    };
    // Organization facet values are ids: name the ones shown.
    let mut ids: Vec<OrgId> = found
        .facets
        .iter()
        .filter(|(f, _)| *f == Facet::Org)
        .flat_map(|(_, v)| v.iter().take(12).filter_map(|(id, _)| id.parse().ok().map(OrgId)))
        .chain(p.filters.iter().filter(|(f, _)| *f == Facet::Org).filter_map(|(_, v)| v.parse().ok().map(OrgId)))
        .collect();
    ids.sort_by_key(|o| o.0);
    ids.dedup();
    let orgs: HashMap<i64, String> =
        hoshin_app::public::orgs_by_ids(app, &ids).await?.into_iter().map(|o| (o.id.0, o.name)).collect();
    let first = (p.page - 1) * PER_PAGE + 1;
    let shown = found.hits.len() as u32;
    let has_next = u64::from(first - 1 + shown) < found.total;
    Ok(html! {
        h2 { (heading) }
        p role="status" {
            (found.total) "件"
            @if shown > 0 { "（" (first) "〜" (first + shown - 1) "件目）" }
            @if drafts_of.is_some() { "。職員として、自分の団体の下書きも含めています。" }
        }
        div.search-results {
            (view::facets(p, &found.facets, found.facets_estimated, &orgs))
            div {
                @if found.hits.is_empty() { p { "該当するものは見つかりませんでした。" } }
                ol.hits start=(first) { @for h in &found.hits { (view::hit(h)) } }
                @if p.page > 1 || has_next {
                    nav.pager aria-label="ページ送り" {
                        ul {
                            @if p.page > 1 { li { a href=(p.url(p.page - 1)) rel="prev" { "前の" (PER_PAGE) "件" } } }
                            @if has_next { li { a href=(p.url(p.page + 1)) rel="next" { "次の" (PER_PAGE) "件" } } }
                        }
                    }
                }
            }
        }
    })
}
