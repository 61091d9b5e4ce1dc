//! A department's policy for one year laid out like the city's own 部局運営方針: the stance,
//! then the initiatives grouped by priority theme in tables (取組 · 概要 · 関連する計画 ·
//! 行革の視点 · SDGs). Shared by the department page and the city booklet.

use crate::html::{heading, paragraphs};
use crate::urls;
use hoshin_app::App;
use hoshin_domain::*;
use maud::{html, Markup};
use std::collections::HashMap;

/// What the tables need to name links: the nodes initiatives point to, their plans' kinds,
/// the year's themes and the department names.
#[derive(Debug, Default)]
pub struct Ctx {
    pub nodes: HashMap<NodeId, PlanNode>,
    pub plan_kinds: HashMap<PlanId, PlanKind>,
    pub themes: Vec<PriorityTheme>,
    pub dept_names: HashMap<DepartmentId, String>,
}

impl Ctx {
    /// Three queries: the linked nodes, the organization's plans, the year's published themes
    /// (none without a year).
    pub async fn load(
        app: &App,
        org: OrgId,
        year: Option<FiscalYear>,
        initiatives: &[Initiative],
        departments: &[Department],
    ) -> hoshin_app::Result<Self> {
        let c = hoshin_app::public::link_context(app, org, year, initiatives).await?;
        Ok(Self::of(c, departments))
    }

    /// The context of links already read (its themes, and the department names of
    /// `departments`).
    pub fn of(c: hoshin_app::public::LinkContext, departments: &[Department]) -> Self {
        let nodes = c.nodes.into_iter().map(|n| (n.id, n)).collect();
        let plan_kinds = c.plan_kinds.into_iter().collect();
        let dept_names = departments.iter().map(|d| (d.id, d.name.clone())).collect();
        Self { nodes, plan_kinds, themes: c.themes, dept_names }
    }

    pub fn theme_name(&self, id: Option<ThemeId>) -> Option<&str> {
        let id = id?;
        self.themes.iter().find(|t| t.id == id).map(|t| t.name.as_str())
    }

    /// The plan-node links of an initiative as (label, node) pairs: 基本政策 or the node's kind.
    pub fn links<'a>(&'a self, i: &Initiative) -> Vec<(String, &'a PlanNode)> {
        i.node_ids
            .iter()
            .filter_map(|n| self.nodes.get(n))
            .map(|n| (hoshin_app::program::link_label(n, self.plan_kinds.get(&n.plan_id).copied()), n))
            .collect()
    }
}

/// 「経1-1 コミュニティ活動の促進」.
pub fn node_label(n: &PlanNode) -> String {
    n.label()
}

/// Initiatives grouped by the year's themes in theme order, then those without a theme.
pub fn by_theme<'a>(ctx: &Ctx, items: &[&'a Initiative]) -> Vec<(Option<String>, Vec<&'a Initiative>)> {
    let mut groups: Vec<(Option<String>, Vec<&Initiative>)> = Vec::new();
    for t in &ctx.themes {
        let list: Vec<&Initiative> = items.iter().copied().filter(|i| i.theme_id == Some(t.id)).collect();
        if !list.is_empty() {
            groups.push((Some(t.name.clone()), list));
        }
    }
    let known: Vec<ThemeId> = ctx.themes.iter().map(|t| t.id).collect();
    let rest: Vec<&Initiative> =
        items.iter().copied().filter(|i| i.theme_id.is_none_or(|t| !known.contains(&t))).collect();
    if !rest.is_empty() {
        groups.push((None, rest));
    }
    groups
}

/// The stance and the themed tables of one department; headings start at `level`.
pub fn block(
    ctx: &Ctx,
    dept: &Department,
    policy: Option<&DepartmentPolicy>,
    items: &[&Initiative],
    level: u8,
) -> Markup {
    html! {
        (heading(level, None, html! { "部局運営に関する基本的考え方" }))
        @match policy {
            Some(p) => {
                div.stance { (paragraphs(&p.stance)) }
                @if let Some(n) = &p.notes { div.notes { (paragraphs(n)) } }
            }
            None => { p.muted { "この年度の基本的考え方は登録されていません。" } }
        }
        (heading(level, None, html! { "重点項目と取組" }))
        @if items.is_empty() {
            p.muted { "この年度の取組は登録されていません。" }
        }
        @for (theme, list) in by_theme(ctx, items) {
            (heading(level + 1, None, html! {
                @match &theme { Some(t) => { "重点項目：" (t) }, None => { "その他の取組" } }
            }))
            table.policy {
                caption {
                    (dept.name) "の取組"
                    @if let Some(t) = &theme { "（" (t) "）" }
                }
                @let cols = Columns::of(ctx, &list);
                thead {
                    tr {
                        th scope="col" { "取組" }
                        th scope="col" { "取組の概要" }
                        @if cols.links { th scope="col" { "関連する計画" } }
                        @if cols.perspectives { th scope="col" { "行革の視点" } }
                        @if cols.sdgs { th scope="col" { "SDGs" } }
                    }
                }
                tbody {
                    @for i in &list { (row(ctx, dept, i, cols)) }
                }
            }
        }
    }
}

/// Which optional columns a table needs: a document that has no 行革の視点 or SDGs gets no
/// empty columns for them.
#[derive(Debug, Clone, Copy)]
struct Columns {
    links: bool,
    perspectives: bool,
    sdgs: bool,
}

impl Columns {
    fn of(ctx: &Ctx, list: &[&Initiative]) -> Self {
        Self {
            links: list.iter().any(|i| !ctx.links(i).is_empty()),
            perspectives: list.iter().any(|i| !i.reform_perspectives.is_empty()),
            sdgs: list.iter().any(|i| !i.sdg_goals.is_empty()),
        }
    }
}

fn row(ctx: &Ctx, dept: &Department, i: &Initiative, cols: Columns) -> Markup {
    let section = i.department_id.filter(|d| *d != dept.id).and_then(|d| ctx.dept_names.get(&d));
    html! {
        tr {
            th scope="row" {
                a href=(urls::initiative(i.id)) { (i.name) }
                @if let Some(s) = section { br; span.muted { "（" (s) "）" } }
                @if i.kind != InitiativeKind::Annual { br; span.muted { (i.kind.label()) } }
            }
            td {
                @if let Some(s) = &i.summary { (paragraphs(s)) }
                @if let Some(r) = &i.reform_text {
                    p { strong { "行革の視点からの取組内容：" } }
                    (paragraphs(r))
                }
            }
            @if cols.links {
                td {
                    ul.plain {
                        @for (label, n) in ctx.links(i) {
                            li { span.muted { (label) } " " a href=(urls::node(n.id)) { (node_label(n)) } }
                        }
                    }
                }
            }
            @if cols.perspectives {
                td { ul.plain { @for p in &i.reform_perspectives { li { (p.display()) } } } }
            }
            @if cols.sdgs {
                td.sdgs { ul.plain { @for g in &i.sdg_goals { li { "目標" (g.number()) } } } }
            }
        }
    }
}
