//! `/search?q=…`: one theme or keyword across every organization, grouped by organization.
//! By default the initiatives under priority themes whose name contains the text (through the
//! theme index, paged); with `in=text` the initiatives whose name or summary contains it,
//! scanned in bounded windows of ids (`after=` continues), so no request reads the whole
//! national dataset. Without a query: the themes most organizations share.

use super::{pager, PageResult};
use crate::html::{page, paragraphs, Crumb};
use crate::urls;
use axum::extract::{Query, State};
use hoshin_app::store::Page;
use hoshin_app::App;
use hoshin_domain::*;
use maud::html;
use serde::Deserialize;
use std::collections::HashMap;

pub const PER_PAGE: u32 = 50;
/// Initiative ids one keyword request scans.
pub const WINDOW: i64 = 20_000;
/// Longest query accepted (characters).
const MAX_QUERY: usize = 100;

#[derive(Debug, Deserialize)]
pub struct Params {
    q: Option<String>,
    page: Option<u32>,
    /// `text`: names and summaries; anything else: priority themes.
    #[serde(rename = "in")]
    scope: Option<String>,
    after: Option<i64>,
}

pub async fn show(State(app): State<App>, Query(p): Query<Params>) -> PageResult {
    let store = app.store.as_ref();
    let q: String = p.q.as_deref().unwrap_or("").trim().chars().take(MAX_QUERY).collect();
    let n = p.page.unwrap_or(1).max(1);
    let text_mode = p.scope.as_deref() == Some("text");
    let after = InitiativeId(p.after.unwrap_or(0).max(0));
    let (items, has_next, next_after) = if q.is_empty() {
        (Vec::new(), false, None)
    } else if text_mode {
        let (items, next) = store.search_initiatives(&q, after, WINDOW, PER_PAGE).await?;
        (items, false, next)
    } else {
        let mut items =
            store.theme_initiatives(&q, Page { limit: PER_PAGE + 1, offset: (n - 1).saturating_mul(PER_PAGE) }).await?;
        let more = items.len() > PER_PAGE as usize;
        items.truncate(PER_PAGE as usize);
        (items, more, None)
    };
    let mut org_ids: Vec<OrgId> = items.iter().map(|i| i.org_id).collect();
    org_ids.sort_by_key(|o| o.0);
    org_ids.dedup();
    let orgs: HashMap<OrgId, Organization> =
        store.orgs_by_ids(&org_ids).await?.into_iter().map(|o| (o.id, o)).collect();
    let mut theme_ids: Vec<ThemeId> = items.iter().filter_map(|i| i.theme_id).collect();
    theme_ids.sort_by_key(|t| t.0);
    theme_ids.dedup();
    let themes: HashMap<ThemeId, String> =
        store.themes_by_ids(&theme_ids).await?.into_iter().map(|t| (t.id, t.name)).collect();
    let mut dept_ids: Vec<DepartmentId> = items.iter().filter_map(|i| i.department_id).collect();
    dept_ids.sort_by_key(|d| d.0);
    dept_ids.dedup();
    let depts: HashMap<DepartmentId, String> =
        store.departments_by_ids(&dept_ids).await?.into_iter().map(|d| (d.id, d.name)).collect();
    let mut groups: Vec<(OrgId, Vec<&Initiative>)> = Vec::new();
    for i in &items {
        match groups.iter_mut().find(|(o, _)| *o == i.org_id) {
            Some((_, list)) => list.push(i),
            None => groups.push((i.org_id, vec![i])),
        }
    }
    let common = if q.is_empty() { store.common_themes(30).await? } else { Vec::new() };

    let body = html! {
        h1 { "自治体横断検索" }
        p.lead { "テーマや言葉で、すべての自治体の取組を探し、自治体ごとに示します。" }
        form.search method="get" action="/search" role="search" {
            label for="q" { "テーマ・キーワード" }
            input #q type="search" name="q" value=(q) maxlength="100";
            fieldset {
                legend { "探す対象" }
                input #in-theme type="radio" name="in" value="theme" checked[!text_mode];
                label for="in-theme" { "重点項目（テーマ）の名前" }
                " "
                input #in-text type="radio" name="in" value="text" checked[text_mode];
                label for="in-text" { "取組の名称と概要" }
            }
            button type="submit" { "検索" }
        }
        @if q.is_empty() {
            h2 { "よく使われている重点項目" }
            @if common.is_empty() { p.muted { "重点項目はまだ登録されていません。" } }
            ul { @for (name, k) in &common { li { a href=(urls::search(name, 1)) { (name) } " " span.muted { "（" (k) "団体）" } } } }
        } @else {
            h2 { "「" (q) "」の検索結果" }
            @if items.is_empty() { p { "該当する取組は見つかりませんでした。" } }
            @if text_mode {
                p.muted { "取組の名称と概要を、登録順に" (WINDOW) "件ずつ探しています（表示は" (PER_PAGE) "件まで）。" }
            } @else {
                p.muted { "名前に「" (q) "」を含む重点項目の取組です。" (n) "ページ目（1ページに" (PER_PAGE) "件まで）" }
            }
            @for (org_id, list) in &groups {
                section aria-labelledby=(format!("org-{}", org_id.0)) {
                    h3 id=(format!("org-{}", org_id.0)) {
                        @match orgs.get(org_id) {
                            Some(o) => { a href=(urls::org(o.id)) { (o.name) } @if let Some(p) = &o.prefecture { " " span.muted { "（" (p) "）" } } },
                            None => { "（不明な自治体）" },
                        }
                    }
                    ul {
                        @for i in list {
                            li {
                                a href=(urls::initiative(i.id)) { (i.name) }
                                span.muted {
                                    @if let Some(y) = i.fiscal_year { "・" (y.label()) }
                                    @if let Some(d) = i.department_id.and_then(|d| depts.get(&d)) { "・" (d) }
                                    @if let Some(t) = i.theme_id.and_then(|t| themes.get(&t)) { "・重点項目：" (t) }
                                }
                                @if let Some(s) = &i.summary { div.snippet { (paragraphs(s)) } }
                            }
                        }
                    }
                }
            }
            @if text_mode {
                @if let Some(next) = next_after {
                    nav.pager aria-label="ページ送り" {
                        ul { li { a href=(format!("{}&in=text&after={}", urls::search(&q, 1), next.0)) rel="next" { "続きを探す" } } }
                    }
                } @else {
                    p.muted { "すべての取組を探し終えました。" }
                }
            } @else {
                (pager(n, has_next, |k| urls::search(&q, k)))
            }
        }
    };
    let title = if q.is_empty() { "自治体横断検索".to_string() } else { format!("「{q}」の横断検索") };
    Ok(page(&title, &[Crumb::link("自治体一覧", urls::home()), Crumb::here("横断検索")], body))
}
