//! `/plans/{plan}`: a plan's whole tree, any depth, with codes and 目指す姿; each level is
//! a `<details>` element (collapsible without script) and each node links to its own page.

use super::{org_crumbs, PageResult};
use crate::html::{page, Crumb};
use crate::urls;
use crate::views::policy::node_label;
use axum::extract::{Path, Query, State};
use hoshin_app::App;
use hoshin_domain::rollup::Rollup;
use hoshin_domain::*;
use maud::{html, Markup};
use serde::Deserialize;
use std::collections::HashMap;

/// Deeper levels than this are not drawn (a guard against a corrupt parent cycle).
const MAX_DEPTH: usize = 16;

#[derive(Debug, Deserialize)]
pub struct Params {
    /// The year of the progress roll-up (西暦 or 和暦); the latest measured one without it.
    year: Option<String>,
}

pub async fn show(State(app): State<App>, Path(id): Path<i64>, Query(q): Query<Params>) -> PageResult {
    let year = q.year.as_deref().map(super::parse_year).transpose()?;
    let today = app.today().fiscal_year();
    let hoshin_app::public::PlanPage { plan, org, nodes, parent_plan, progress } =
        hoshin_app::public::plan_page(&app, PlanId(id), year, today).await?;
    let mut children: HashMap<Option<NodeId>, Vec<&PlanNode>> = HashMap::new();
    for n in &nodes {
        children.entry(n.parent_id).or_default().push(n);
    }
    let body = html! {
        h1 { (plan.title) }
        p.lead {
            (org.name) "・" (plan.kind.label())
            @if let (Some(s), Some(e)) = (plan.period_start, plan.period_end) { "・計画期間 " (s.label()) "～" (e.label()) }
        }
        @if let Some(p) = &parent_plan { p { "上位の計画：" a href=(urls::plan(p.id)) { (p.title) } } }
        @if plan.kind == PlanKind::DepartmentPolicy {
            @if let Some(y) = plan.period_start {
                p { a href=(urls::booklet(org.id, y)) { (y.label()) "の部局運営方針（市全体の冊子）を見る" } }
            }
        }
        h2 { "体系（" (nodes.len()) "項目）" }
        @if nodes.is_empty() {
            p.muted { "この計画の項目は登録されていません。" }
        } @else {
            p.muted.no-print { "見出しを選ぶと下位の項目を開閉できます。" }
            @if let Some(y) = progress.year {
                p.rollup-note {
                    "進捗は" (y.label()) "のもの：各項目の指標の達成度と結び付いた取組の進捗率を、下位の項目から積み上げた加重平均です（括弧内は元になった指標・取組の数）。"
                }
            }
            div.tree-top { (level(&children, &progress.nodes, None, 0)) }
        }
    };
    let mut crumbs = org_crumbs(&org, None);
    crumbs.push(Crumb::here(plan.title.clone()));
    Ok(page(&plan.title, &crumbs, body))
}

fn level(
    children: &HashMap<Option<NodeId>, Vec<&PlanNode>>,
    progress: &HashMap<NodeId, Rollup>,
    parent: Option<NodeId>,
    depth: usize,
) -> Markup {
    let Some(list) = children.get(&parent) else { return html! {} };
    if depth > MAX_DEPTH {
        return html! {};
    }
    html! {
        ul.tree {
            @for n in list {
                li {
                    @if children.contains_key(&Some(n.id)) {
                        details.node open {
                            summary { strong { (node_label(n)) } " " span.muted { "（" (n.kind_label) "）" } (rollup(progress.get(&n.id))) }
                            (node_text(n, false))
                            (level(children, progress, Some(n.id), depth + 1))
                        }
                    } @else {
                        (node_text(n, true))
                        (rollup(progress.get(&n.id)))
                    }
                }
            }
        }
    }
}

/// A node's rolled-up progress: 「進捗 58%（4件）」, nothing when unmeasured.
fn rollup(r: Option<&Rollup>) -> Markup {
    html! {
        @if let Some((p, k)) = r.and_then(|r| r.percent().map(|p| (p, r.measures))) {
            " " span.rollup { "進捗 " strong { (p) "%" } span.muted { "（" (k) "件）" } }
        }
    }
}

/// The node's link and first line of 目指す姿; under a `<summary>` that already shows the
/// label, the link reads 「詳細」 (with the label for screen readers).
fn node_text(n: &PlanNode, leaf: bool) -> Markup {
    let first = n.vision.as_deref().and_then(|v| v.lines().map(str::trim).find(|l| !l.is_empty()));
    html! {
        div.node-body {
            @if leaf {
                a href=(urls::node(n.id)) { (node_label(n)) }
                @if !n.kind_label.is_empty() { " " span.muted { "（" (n.kind_label) "）" } }
            } @else {
                a href=(urls::node(n.id)) { "詳細" span.visually-hidden { "：" (node_label(n)) } }
            }
            @if let Some(v) = first { p.node-text { "目指す姿：" (v) } }
        }
    }
}
