//! `/nodes/{node}`: one plan node — its place in the tree, 目指す姿, 現況と課題, SDGs,
//! children, indicators with their status, initiatives (paged) and related plans.

use super::{org_crumbs, pager, PageResult};
use crate::html::{page, paragraphs, Crumb};
use crate::urls;
use crate::views::policy::node_label;
use crate::views::status::{badge, latest_year};
use axum::extract::{Path, Query, State};

use hoshin_app::App;
use hoshin_domain::*;
use maud::html;
use serde::Deserialize;
use std::collections::HashMap;

const PER_PAGE: u32 = 50;
const MAX_DEPTH: usize = 16;

#[derive(Debug, Deserialize)]
pub struct Params {
    page: Option<u32>,
}

pub async fn show(State(app): State<App>, Path(id): Path<i64>, Query(p): Query<Params>) -> PageResult {
    let n_page = p.page.unwrap_or(1).max(1);
    let hoshin_app::public::NodePage {
        node,
        plan,
        org,
        ancestors,
        children,
        items,
        has_next,
        indicators,
        facts,
        related,
        departments,
    } = hoshin_app::public::node_page(&app, NodeId(id), n_page, PER_PAGE, MAX_DEPTH).await?;
    let depts: HashMap<DepartmentId, String> = departments.into_iter().map(|d| (d.id, d.name)).collect();
    let title = node_label(&node);
    let latest: Vec<_> = indicators.iter().filter_map(|k| latest_year(k).map(|y| (k, y))).collect();
    let statuses = hoshin_app::periods::statuses_with(&latest, &facts);

    let body = html! {
        h1 { (title) }
        p.lead { a href=(urls::plan(plan.id)) { (plan.title) } @if !node.kind_label.is_empty() { "・" (node.kind_label) } }
        @if let Some(v) = &node.vision { h2 { "目指す姿" } (paragraphs(v)) }
        @if let Some(v) = &node.current_issues { h2 { "現況と課題" } (paragraphs(v)) }
        @if let Some(v) = &node.sdgs_direction { h2 { "SDGsに向けた方向性" } (paragraphs(v)) }
        @if !node.sdg_goals.is_empty() {
            h2 { "関連するSDGs" }
            ul.tags { @for g in &node.sdg_goals { li { "目標" (g.number()) } } }
        }
        @if !children.is_empty() {
            h2 { "下位の項目" }
            ul { @for c in &children { li { a href=(urls::node(c.id)) { (node_label(c)) } } } }
        }
        h2 { "指標" }
        @if indicators.is_empty() {
            p.muted { "この項目の指標は登録されていません。" }
        } @else {
            table {
                caption { (title) "の指標" }
                thead { tr { th scope="col" { "指標" } th scope="col" { "基準値" } th scope="col" { "目標値" } th scope="col" { "最新の実績" } th scope="col" { "状況" } } }
                tbody {
                    @for i in &indicators {
                        @let last = i.actuals.iter().rev().find(|a| a.value.value.is_some());
                        tr {
                            th scope="row" { a href=(urls::indicator(i.id)) { (i.name) } }
                            td { @if let Some(b) = &i.baseline { (b.text) } @if let Some(y) = i.baseline_year { br; span.muted { (y.label()) } } }
                            td { @if let Some(t) = &i.target { (t.text) } @if let Some(y) = i.target_year { br; span.muted { (y.label()) } } }
                            td { @if let Some(a) = last { (a.value.text) br; span.muted { (a.fiscal_year.label()) } } @else { span.muted { "なし" } } }
                            td { (badge(statuses.get(&i.id).copied().unwrap_or(KpiStatus::NoData))) }
                        }
                    }
                }
            }
        }
        h2 { "取組" }
        @if items.is_empty() {
            p.muted { "この項目に結び付いた取組はありません。" }
        } @else {
            @let perspectives = items.iter().any(|i| !i.reform_perspectives.is_empty());
            table {
                caption { (title) "に結び付いた取組" }
                thead {
                    tr {
                        th scope="col" { "取組" }
                        th scope="col" { "内容" }
                        @if perspectives { th scope="col" { "行革の視点" } }
                        th scope="col" { "年度・担当" }
                    }
                }
                tbody {
                    @for i in &items {
                        tr {
                            th scope="row" { a href=(urls::initiative(i.id)) { (i.name) } }
                            td {
                                @if let Some(s) = &i.summary { (paragraphs(s)) }
                                @if let Some(r) = &i.reform_text {
                                    p { strong { "行革の視点からの取組内容：" } }
                                    (paragraphs(r))
                                }
                            }
                            @if perspectives {
                                td { ul.plain { @for p in &i.reform_perspectives { li { (p.display()) } } } }
                            }
                            td {
                                @if let Some(y) = i.fiscal_year { (y.label()) } @else { "計画期間" }
                                @if let Some(d) = i.department_id.and_then(|d| depts.get(&d)) { br; (d) }
                            }
                        }
                    }
                }
            }
            (pager(n_page, has_next, |k| format!("{}?page={k}", urls::node(node.id))))
        }
        @if !related.is_empty() {
            h2 { "関連計画" }
            dl.meta {
                @for r in &related {
                    dt { (r.name) }
                    dd { @if let Some(d) = &r.description { (paragraphs(d)) } @else { "—" } }
                }
            }
        }
    };
    let mut crumbs = org_crumbs(&org, None);
    crumbs.push(Crumb::link(plan.title.clone(), urls::plan(plan.id)));
    for a in &ancestors {
        crumbs.push(Crumb::link(node_label(a), urls::node(a.id)));
    }
    crumbs.push(Crumb::here(title.clone()));
    Ok(page(&title, &crumbs, body))
}
