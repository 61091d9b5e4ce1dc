//! The edit page of one initiative of a revision: its fields, each KPI with its own form,
//! a form to add a KPI, and the review of the revision's year. Also the form fields an
//! initiative shares with the add form on the department page (plan nodes to link,
//! grouped by plan in `<details>` to keep the page short).

use super::forms::{initiative_as_input, milestones_text, perspectives_text};
use super::page_url;
use crate::manage::{crumbs, csrf_field, layout};
use crate::pages::PageResult;
use crate::views::policy::node_label;
use hoshin_app::access::may_edit_department;
use hoshin_app::accounts::SessionUser;
use hoshin_app::dashboard::wareki_time;
use hoshin_app::editing::EDITABLE_KINDS;
use hoshin_app::editing::{IndicatorInput, InitiativeInput};
use hoshin_app::field_text::yearly_targets_text;
use hoshin_app::App;
use hoshin_domain::*;
use maud::{html, Markup};
use std::collections::HashMap;

/// The most nodes offered per plan.
const MAX_NODES: usize = 400;

/// What the initiative form offers as choices: the plan nodes (as checkboxes), nodes already
/// linked that are not among them (offered too, so saving never drops a link silently), and
/// the 行革の視点 the organization uses.
#[derive(Debug, Default)]
pub(super) struct NodeChoices {
    pub plans: Vec<(Plan, Vec<(PlanNode, usize)>)>,
    pub others: Vec<PlanNode>,
    pub perspectives: Vec<ReformPerspective>,
}

impl NodeChoices {
    pub async fn load(app: &App, org: OrgId, selected: &[NodeId]) -> hoshin_app::Result<Self> {
        let linkable = hoshin_app::manage::linkable_plans(app, org, selected).await?;
        let mut plans = Vec::new();
        let mut shown = Vec::new();
        let mut cut = Vec::new();
        for (plan, nodes) in linkable.plans {
            let mut list: Vec<(PlanNode, usize)> = tree_order(nodes);
            cut.extend(list.split_off(MAX_NODES.min(list.len())).into_iter().map(|(n, _)| n));
            shown.extend(list.iter().map(|(n, _)| n.id));
            plans.push((plan, list));
        }
        // Linked nodes not offered above: of other plans, or beyond a plan's first MAX_NODES.
        let mut others = linkable.others;
        others.extend(cut.into_iter().filter(|n| selected.contains(&n.id) && !shown.contains(&n.id)));
        let perspectives = hoshin_app::manage::reform_perspectives(app, org).await?;
        Ok(Self { plans, others, perspectives })
    }
}

/// Nodes in tree order (each node followed by its children) with their depth.
fn tree_order(nodes: Vec<PlanNode>) -> Vec<(PlanNode, usize)> {
    let ids: Vec<NodeId> = nodes.iter().map(|n| n.id).collect();
    let mut children: HashMap<Option<NodeId>, Vec<PlanNode>> = HashMap::new();
    for n in nodes {
        // A node whose parent is not in the plan is shown at the top level.
        let parent = n.parent_id.filter(|p| ids.contains(p));
        children.entry(parent).or_default().push(n);
    }
    for list in children.values_mut() {
        list.sort_by_key(|n| (n.sort_order, n.id.0));
    }
    let mut out = Vec::new();
    let mut stack: Vec<(PlanNode, usize)> =
        children.remove(&None).unwrap_or_default().into_iter().rev().map(|n| (n, 0)).collect();
    while let Some((n, depth)) = stack.pop() {
        if let Some(kids) = children.remove(&Some(n.id)) {
            stack.extend(kids.into_iter().rev().map(|k| (k, depth + 1)));
        }
        out.push((n, depth));
    }
    out
}

fn node_box(prefix: &str, n: &PlanNode, depth: usize, checked: bool) -> Markup {
    let id = format!("{prefix}-node-{}", n.id);
    html! {
        li class={ "depth-" (depth.min(4)) } {
            input type="checkbox" name="node_ids" value=(n.id) id=(id) checked[checked];
            " "
            label for=(id) { @if !n.kind_label.is_empty() { span.muted { (n.kind_label) } " " } (node_label(n)) }
        }
    }
}

/// The fields of an initiative form; `prefix` keeps ids unique on the page.
pub(super) fn initiative_fields(
    prefix: &str,
    input: &InitiativeInput,
    themes: &[PriorityTheme],
    choices: &NodeChoices,
    sections: &[(DepartmentId, String)],
) -> Markup {
    let id = |f: &str| format!("{prefix}-{f}");
    html! {
        p {
            label for=(id("name")) { "取組名（必須）" }
            input.wide type="text" id=(id("name")) name="name" value=(input.name) required maxlength="200";
        }
        @if input.kind.is_none_or(|k| EDITABLE_KINDS.contains(&k)) {
            p {
                label for=(id("kind")) { "種別" }
                select id=(id("kind")) name="kind" {
                    @for k in EDITABLE_KINDS {
                        option value=(k.as_str()) selected[input.kind.unwrap_or(InitiativeKind::Annual) == k] { (k.label()) }
                    }
                }
            }
        }
        @if sections.len() > 1 {
            p {
                label for=(id("section")) { "担当課" }
                select id=(id("section")) name="section" {
                    @for (n, (d, name)) in sections.iter().enumerate() {
                        option value=(d.0) selected[input.section == Some(*d) || (input.section.is_none() && n == 0)] { (name) }
                    }
                }
            }
        }
        p {
            label for=(id("budget-codes")) { "予算細事業コード（財務会計の細事業コード。複数あるときは「、」または改行で区切ります）" }
            input type="text" id=(id("budget-codes")) name="budget_codes" value=(input.budget_codes.as_deref().unwrap_or_default().join("、")) maxlength="1000";
        }
        p {
            label for=(id("summary")) { "取組の概要" }
            textarea id=(id("summary")) name="summary" rows="4" { (input.summary.as_deref().unwrap_or_default()) }
        }
        p {
            label for=(id("theme")) { "重点項目" }
            select id=(id("theme")) name="theme_id" {
                option value="" selected[input.theme_id.is_none()] { "重点項目なし" }
                @for t in themes {
                    option value=(t.id) selected[input.theme_id == Some(t.id)] { (t.name) }
                }
            }
        }
        fieldset.choices.sdgs {
            legend { "SDGs（関連する目標を選ぶ）" }
            ul.choices {
                @for g in SdgGoal::all() {
                    @let gid = format!("{}-sdg-{}", prefix, g.number());
                    li {
                        input type="checkbox" id=(gid) name="sdg_goals" value=(g.number()) checked[input.sdg_goals.contains(&g)];
                        " "
                        label for=(gid) { (g.number()) " " (g.name()) }
                    }
                }
            }
        }
        p {
            label for=(id("milestones")) { "スケジュール（1行に1件。先頭に 2025-06-30 や 令和7年6月30日 のような日付を書くと期限に、「済 」を付けると完了になります）" }
            textarea id=(id("milestones")) name="milestones" rows="3" { (milestones_text(&input.milestones)) }
        }
        @let others: Vec<ReformPerspective> =
            input.reform_perspectives.iter().filter(|p| !choices.perspectives.contains(p)).cloned().collect();
        @if choices.perspectives.is_empty() {
            p {
                label for=(id("perspectives")) { "行革の視点（1行に1件。例：① 財務体質の強化）" }
                textarea id=(id("perspectives")) name="reform_perspectives" rows="2" { (perspectives_text(&others)) }
            }
        } @else {
            fieldset.choices {
                legend { "行革の視点（この市で使われているもの）" }
                ul.choices {
                    @for (n, rp) in choices.perspectives.iter().enumerate() {
                        @let pid = format!("{prefix}-rp-{n}");
                        li {
                            input type="checkbox" id=(pid) name="reform_perspectives" value=(rp.display()) checked[input.reform_perspectives.contains(rp)];
                            " "
                            label for=(pid) { (rp.display()) }
                        }
                    }
                }
                p {
                    label for=(id("perspectives")) { "ほかの行革の視点（1行に1件）" }
                    textarea id=(id("perspectives")) name="reform_perspectives" rows="2" { (perspectives_text(&others)) }
                }
            }
        }
        p {
            label for=(id("reform-text")) { "行革の視点からの取組内容" }
            textarea id=(id("reform-text")) name="reform_text" rows="2" { (input.reform_text.as_deref().unwrap_or_default()) }
        }
        fieldset.nodes {
            legend { "関連する計画（施策・基本政策）" }
            @if choices.plans.is_empty() && choices.others.is_empty() {
                p.muted { "関連付けられる計画が登録されていません。" }
            }
            @for (plan, nodes) in &choices.plans {
                @let n_sel = nodes.iter().filter(|(n, _)| input.node_ids.contains(&n.id)).count();
                details open[n_sel > 0] {
                    summary { (plan.kind.label()) "：" (plan.title) "（登録済み" (n_sel) "件）" }
                    ul.nodes {
                        @for (n, depth) in nodes { (node_box(prefix, n, *depth, input.node_ids.contains(&n.id))) }
                    }
                    // Counts the ticks as they change, without script (CSS counters).
                    p.sel-count aria-hidden="true" {}
                }
            }
            @if !choices.others.is_empty() {
                p { "ほかの計画との関連付け（外すとき以外はそのままにしてください）" }
                ul.nodes { @for n in &choices.others { (node_box(prefix, n, 0, input.node_ids.contains(&n.id))) } }
            }
        }
    }
}

/// The fields of a KPI form. `context` names the KPI in each label for screen readers (a page
/// holds a form per KPI, so 「指標名」 alone would not say which).
fn indicator_fields(prefix: &str, context: &str, i: Option<&IndicatorInput>, facts: Option<&IndicatorFacts>) -> Markup {
    let of = html! { span.visually-hidden { "（" (context) "）" } };
    let id = |f: &str| format!("{prefix}-{f}");
    let text = |o: Option<&Option<String>>| o.and_then(|v| v.clone()).unwrap_or_default();
    let year = |y: Option<FiscalYear>| y.map(|y| y.year().to_string()).unwrap_or_default();
    let dir = i.map_or(Direction::Up, |i| i.direction);
    // A short text field; its id is the name with dashes.
    let short = |name: &str, label: &str, size: u8, value: String| {
        let fid = id(&name.replace('_', "-"));
        html! {
            p {
                label for=(fid) { (label) (of) }
                input type="text" id=(fid) name=(name) size=(size) value=(value);
            }
        }
    };
    html! {
        p {
            label for=(id("name")) { "指標名（必須）" (of) }
            input.wide type="text" id=(id("name")) name="name" value=(i.map(|i| i.name.as_str()).unwrap_or_default()) required;
        }
        div.row {
            (short("unit", "単位", 6, text(i.map(|i| &i.unit))))
            p {
                label for=(id("direction")) { "望ましい方向" (of) }
                select id=(id("direction")) name="direction" {
                    @for d in [Direction::Up, Direction::Down] {
                        option value=(d.as_str()) selected[d == dir] { (d.label()) }
                    }
                }
            }
            p {
                input type="checkbox" id=(id("cumulative")) name="cumulative" value="on" checked[i.is_some_and(|i| i.cumulative)];
                " "
                label for=(id("cumulative")) { "累計で目標と比べる" (of) }
            }
        }
        div.row {
            (short("baseline", "現状値", 12, text(i.map(|i| &i.baseline))))
            (short("baseline_year", "基準年度（例：2024、令和6年度）", 10, year(i.and_then(|i| i.baseline_year))))
            (short("target", "目標値", 12, text(i.map(|i| &i.target))))
            (short("target_year", "目標年度", 10, year(i.and_then(|i| i.target_year))))
        }
        p {
            label for=(id("yearly")) { "年度別目標（1行に「年度 値」。例：2026 120件）" (of) }
            textarea id=(id("yearly")) name="yearly_targets" rows="3" { (facts.map(yearly_targets_text).unwrap_or_default()) }
        }
    }
}

/// The department and its sections, for the 担当課 choice (the department first): the rule
/// of `hoshin_app::editing::family`, with names.
pub(super) fn sections(dept: &Department, all: &[Department]) -> Vec<(DepartmentId, String)> {
    let mut out = vec![(dept.id, dept.name.clone())];
    out.extend(all.iter().filter(|d| d.parent_id == Some(dept.id)).map(|d| (d.id, d.name.clone())));
    out
}

pub(super) async fn render(
    app: &App,
    su: &SessionUser,
    rev: &PolicyRevision,
    dept: &Department,
    item: &Initiative,
) -> PageResult {
    let year = rev.fiscal_year;
    let editable = rev.state.editable() && may_edit_department(&su.user, dept);
    let hoshin_app::manage::InitiativeForm { themes, departments, linked, kpis, review, scales } =
        hoshin_app::manage::initiative_form(app, dept, year, item, editable).await?;
    let choices = NodeChoices::load(app, dept.org_id, &item.node_ids).await?;
    let kpi_ids: Vec<IndicatorId> = kpis.iter().map(|k| k.id).collect();
    let yearly = hoshin_app::editing::yearly_targets(app, &kpi_ids).await?;
    let sections = sections(dept, &departments);
    let bands = hoshin_app::periods::scale_labels(&scales);
    let back = page_url(year, dept.id);
    let action = super::edit_url(rev.id, item.id);
    let title = format!("取組の編集：{}", item.name);
    let mut input = initiative_as_input(item);
    input.budget_codes = Some(hoshin_app::budget::codes(app, item.id).await?);
    let body = html! {
        h1 { (title) }
        p.lead { (dept.name) " " (year.label()) " 第" (rev.number) "版（" (rev.state.label()) "）" }
        ul.inline {
            li { a href=(back) { "部局の方針に戻る" } }
            li { a href={ "/manage/history/initiatives/" (item.id) } { "この取組の変更履歴" } }
            li { a href={ "/manage/revisions/" (rev.id) "/actuals" } { "指標の実績をまとめて入力" } }
        }
        @if !editable {
            p.notice role="status" {
                @if rev.state.editable() { "この部局の方針を編集する権限がないため、閲覧のみできます。" }
                @else { "この改訂は「" (rev.state.label()) "」のため編集できません。" }
            }
        }
        section #initiative {
            h2 { "取組の内容" }
            p.muted { "最終更新：" (wareki_time(item.meta.updated_at)) }
            @if editable {
                form.edit method="post" action=(action) {
                    (csrf_field(su))
                    input type="hidden" name="version" value=(item.meta.version);
                    (initiative_fields("ini", &input, &themes, &choices, &sections))
                    p { button type="submit" { "取組を保存する" } }
                }
            } @else {
                @let links: Vec<&PlanNode> = linked.iter().collect();
                (super::page::initiative_summary(item, &themes, &links))
            }
        }
        section #kpis {
            h2 { "指標（KPI）" }
            @if kpis.is_empty() { p.muted { "指標はまだありません。" } }
            @for k in &kpis {
                section.kpi id={ "kpi-" (k.id) } {
                    h3 { (k.name) }
                    @if editable {
                        form.edit method="post" action={ "/manage/revisions/" (rev.id) "/indicators/" (k.id) } {
                            (csrf_field(su))
                            input type="hidden" name="version" value=(k.meta.version);
                            (indicator_fields(&format!("kpi-{}", k.id), &k.name, Some(&super::forms::indicator_as_input(k)), yearly.get(&k.id)))
                            p { button type="submit" { "指標を保存する" } }
                        }
                        p { a.danger href={ "/manage/revisions/" (rev.id) "/indicators/" (k.id) "/delete" } { "この指標を削除…" } }
                    } @else {
                        (super::page::kpi_table(std::slice::from_ref(k)))
                    }
                    p { a href={ "/manage/history/indicators/" (k.id) } { "指標の変更履歴" } }
                }
            }
            @if editable {
                h3 { "指標を追加" }
                form.edit method="post" action={ (action) "/indicators" } {
                    (csrf_field(su))
                    (indicator_fields("newkpi", "新しい指標", None, None))
                    p { button type="submit" { "指標を追加する" } }
                }
            }
        }
        section #review {
            h2 { (year.label()) "の振り返り" }
            @if editable {
                form.edit method="post" action={ (action) "/review" } {
                    (csrf_field(su))
                    input type="hidden" name="version" value=(review.as_ref().map(|r| r.meta.version.to_string()).unwrap_or_default());
                    p {
                        label for="rv-result" { "実績（取組みを行った内容・成果）" }
                        textarea #rv-result name="result" rows="4" { (review.as_ref().and_then(|r| r.result.as_deref()).unwrap_or_default()) }
                    }
                    p {
                        label for="rv-issues" { "課題・今後の方向性" }
                        textarea #rv-issues name="issues_next" rows="4" { (review.as_ref().and_then(|r| r.issues_next.as_deref()).unwrap_or_default()) }
                    }
                    div.row {
                        p {
                            label for="rv-progress" { "進捗率（0〜100％）" }
                            input #rv-progress type="number" name="progress" min="0" max="100" size="5"
                                value=(review.as_ref().and_then(|r| r.progress).map(|p| p.to_string()).unwrap_or_default());
                        }
                        p {
                            label for="rv-judgement" { "判定" }
                            @let current = review.as_ref().and_then(|r| r.judgement.clone()).unwrap_or_default();
                            (crate::views::status::judgement_field("rv-judgement", "judgement", &bands, &current))
                        }
                    }
                    p { button type="submit" { "振り返りを保存する" } }
                }
            } @else {
                (super::page::review_block(review.as_ref()))
            }
            @if let Some(r) = &review {
                p { a href={ "/manage/history/goal_reviews/" (r.id) } { "振り返りの変更履歴" } }
            }
        }
    };
    let crumbs = crumbs(vec![
        crate::html::Crumb::link(year.label(), format!("/manage/{}", year.year())),
        crate::html::Crumb::link(dept.name.clone(), back.clone()),
        crate::html::Crumb::here(item.name.clone()),
    ]);
    Ok(layout(&title, su, &crumbs, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: i64, parent: Option<i64>, sort: i32) -> PlanNode {
        PlanNode {
            id: NodeId(id),
            plan_id: PlanId(1),
            parent_id: parent.map(NodeId),
            kind_label: String::new(),
            code: None,
            title: format!("n{id}"),
            vision: None,
            current_issues: None,
            sdgs_direction: None,
            sdg_goals: Vec::new(),
            sort_order: sort,
            meta: Meta::default(),
        }
    }

    #[test]
    fn nodes_come_in_tree_order_with_depth() {
        let nodes =
            vec![node(1, None, 0), node(2, None, 1), node(3, Some(1), 1), node(4, Some(1), 0), node(5, Some(4), 0)];
        let order: Vec<(i64, usize)> = tree_order(nodes).into_iter().map(|(n, d)| (n.id.0, d)).collect();
        assert_eq!(order, vec![(1, 0), (4, 1), (5, 2), (3, 1), (2, 0)]);
    }
}
