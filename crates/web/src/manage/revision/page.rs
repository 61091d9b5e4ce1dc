//! The department's page for a year on the staff side: where its policy stands in the
//! workflow (with a return comment shown prominently), every revision of the year, the
//! stance and initiatives of the open revision — as forms for those who may edit, read-only
//! for everyone else — the workflow buttons the user's role allows, and what publishing
//! the open revision will remove from the public pages.

use super::edit::{initiative_fields, sections, NodeChoices};
use super::edit_url;
use crate::html::{paragraphs, Crumb};
use crate::manage::{actor, column_heads, crumbs, csrf_field, layout};
use crate::pages::PageResult;
use crate::urls;
use crate::views::policy::node_label;
use hoshin_app::access::may_edit_department;
use hoshin_app::accounts::SessionUser;
use hoshin_app::dashboard::{wareki_date, wareki_time};
use hoshin_app::editing::InitiativeInput;
use hoshin_app::records::RemovalKind;
use hoshin_app::workflow::{pending_removals, PendingRemoval};
use hoshin_app::App;
use hoshin_domain::*;
use maud::{html, Markup};
use std::collections::HashMap;

fn who_when(names: &HashMap<UserId, String>, who: Option<UserId>, at: Option<i64>) -> Markup {
    html! {
        @if let Some(t) = at { (wareki_time(t)) }
        @if let Some(n) = who.and_then(|w| names.get(&w)) { " " (n) }
        @if at.is_none() && who.is_none() { "－" }
    }
}

/// Name, summary and the other fields of an initiative, read-only.
pub(super) fn initiative_summary(i: &Initiative, themes: &[PriorityTheme], links: &[&PlanNode]) -> Markup {
    let theme = i.theme_id.and_then(|t| themes.iter().find(|x| x.id == t)).map(|t| t.name.as_str());
    html! {
        @if let Some(s) = &i.summary { div.summary { (paragraphs(s)) } }
        dl.meta {
            @if i.kind != InitiativeKind::Annual { dt { "種別" } dd { (i.kind.label()) } }
            @if let Some(t) = theme { dt { "重点項目" } dd { (t) } }
            @if !i.milestones.is_empty() {
                dt { "スケジュール" }
                dd { ul.plain { @for m in &i.milestones { li { @if m.done { span.state.state-published { "済" } " " } @if let Some(d) = &m.due { (wareki_date(d)) "　" } (m.text) } } } }
            }
            @if !i.sdg_goals.is_empty() {
                dt { "SDGs" }
                dd { ul.inline { @for g in &i.sdg_goals { li { "目標" (g.number()) " " (g.name()) } } } }
            }
            @if !i.reform_perspectives.is_empty() {
                dt { "行革の視点" }
                dd { ul.inline { @for p in &i.reform_perspectives { li { (p.display()) } } } }
            }
            @if let Some(r) = &i.reform_text { dt { "行革の視点からの取組内容" } dd { (paragraphs(r)) } }
            @if !links.is_empty() {
                dt { "関連する計画" }
                dd { ul.plain { @for node in links { li { (node_label(node)) } } } }
            }
        }
    }
}

fn q_text(q: Option<&Quantity>, y: Option<FiscalYear>) -> Markup {
    html! {
        @match q { Some(q) => { (q.text) }, None => { "－" } }
        @if let Some(y) = y { br; span.muted { "（" (y.label()) "）" } }
    }
}

/// KPIs with baseline → target and the latest actual.
pub(super) fn kpi_table(kpis: &[Indicator]) -> Markup {
    html! {
        table.kpis {
            (column_heads(&["指標", "現状値", "目標値", "最新の実績"]))
            tbody {
                @for k in kpis {
                    @let latest = k.actuals.iter().max_by_key(|a| a.fiscal_year);
                    tr {
                        th scope="row" {
                            (k.name)
                            @if let Some(u) = &k.unit { span.muted { "（" (u) "）" } }
                            @if k.cumulative { br; span.muted { "累計" } }
                        }
                        td { (q_text(k.baseline.as_ref(), k.baseline_year)) }
                        td { (q_text(k.target.as_ref(), k.target_year)) }
                        td { (q_text(latest.map(|a| &a.value), latest.map(|a| a.fiscal_year))) }
                    }
                }
            }
        }
    }
}

/// A review (実績, 課題・今後の方向性, 進捗率, 判定), read-only.
pub(super) fn review_block(r: Option<&GoalReview>) -> Markup {
    html! {
        @match r {
            None => { p.muted { "振り返りはまだ入力されていません。" } }
            Some(r) => {
                dl.meta.review {
                    dt { "実績" } dd { @match &r.result { Some(t) => { (paragraphs(t)) }, None => { "－" } } }
                    dt { "課題・今後の方向性" } dd { @match &r.issues_next { Some(t) => { (paragraphs(t)) }, None => { "－" } } }
                    dt { "進捗率" } dd { @match r.progress { Some(p) => { (p) "%" }, None => { "－" } } }
                    dt { "判定" } dd { @match &r.judgement { Some(j) => { (crate::views::status::judgement(j)) }, None => { "－" } } }
                }
            }
        }
    }
}

fn step_form(su: &SessionUser, rev: &PolicyRevision, step: Transition, label: &str) -> Markup {
    html! {
        form.step method="post" action={ "/manage/revisions/" (rev.id) "/transition" } {
            (csrf_field(su))
            input type="hidden" name="version" value=(rev.meta.version);
            input type="hidden" name="step" value=(step.as_str());
            button type="submit" { (label) }
        }
    }
}

/// What publishing the open revision will take off the public pages (issue 12): only what an
/// editor removed in it, listed before anyone approves or publishes.
fn removals_section(rev: &PolicyRevision, removals: &[PendingRemoval]) -> Markup {
    html! {
        section #removals aria-labelledby="removals-h" {
            h2 #removals-h { "公開すると削除されるもの" }
            @if removals.is_empty() {
                p { "この改訂（第" (rev.number) "版）を公開しても、公開中の取組・指標は削除されません。" }
            } @else {
                p.removals role="note" {
                    strong { "この改訂を公開すると、次の" (removals.len()) "件が公開ページから削除されます。" }
                    "改訂の編集で削除されたものです。残す場合は、公開する前に差戻してください。"
                }
                ul.removals {
                    @for p in removals {
                        li {
                            @match p.kind {
                                RemovalKind::Initiative => {
                                    "取組「" a href=(urls::initiative(InitiativeId(p.live_id))) { (p.name) } "」とその指標"
                                }
                                RemovalKind::Indicator => {
                                    "指標「" a href=(urls::indicator(IndicatorId(p.live_id))) { (p.name) } "」"
                                    @if let Some(of) = &p.of_initiative { "（取組「" (of) "」の指標）" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// What the page shows of one year: the open revision's rows or the published record.
struct Content {
    stance: String,
    notes: Option<String>,
    items: Vec<Initiative>,
    kpis: HashMap<InitiativeId, Vec<Indicator>>,
    reviews: HashMap<InitiativeId, GoalReview>,
}

async fn content(
    app: &App,
    dept: &Department,
    year: FiscalYear,
    open: Option<&PolicyRevision>,
) -> hoshin_app::Result<Content> {
    let c = hoshin_app::manage::year_content(app, dept, year, open).await?;
    let mut kpis: HashMap<InitiativeId, Vec<Indicator>> = HashMap::new();
    for k in c.kpis {
        if let Some(IndicatorOwner::Initiative(i)) = k.owner {
            kpis.entry(i).or_default().push(k);
        }
    }
    let reviews = c.reviews.into_iter().map(|r| (r.initiative_id, r)).collect();
    Ok(Content { stance: c.stance, notes: c.notes, items: c.items, kpis, reviews })
}

pub(super) async fn render(app: &App, su: &SessionUser, dept: &Department, year: FiscalYear) -> PageResult {
    let hoshin_app::manage::DepartmentYear { org, departments, revisions, themes } =
        hoshin_app::manage::department_year(app, dept, year).await?;
    let title = format!("{}の部局運営方針", dept.name);
    let crumbs =
        crumbs(vec![Crumb::link(year.label(), format!("/manage/{}", year.year())), Crumb::here(dept.name.clone())]);
    if let Some(parent) = dept.parent_id.and_then(|p| departments.iter().find(|d| d.id == p)) {
        let body = html! {
            h1 { (title) }
            p { "課の取組は、所属する部局の部局運営方針に含めて編集します。" }
            p { a href=(super::page_url(year, parent.id)) { (parent.name) "の部局運営方針へ" } }
        };
        return Ok(layout(&title, su, &crumbs, body));
    }
    let open = revisions.iter().find(|r| r.state != RevisionState::Published);
    // A year opened in hoshin is published as a whole first (the year page), then per department.
    let year_unpublished = hoshin_app::year_publishing::year_status(app, dept.org_id, year).await?
        == Some(hoshin_app::year_publishing::YearStatus::Unpublished);
    let shown = open.or_else(|| revisions.iter().rev().find(|r| r.state == RevisionState::Published));
    let may_edit = may_edit_department(&su.user, dept);
    let plans = su.user.role.plans();
    let editable = may_edit && open.is_some_and(|r| r.state.editable());
    let c = content(app, dept, year, open).await?;
    let interim: Vec<ReportingPeriod> =
        hoshin_app::periods::periods(app, dept.org_id).await?.into_iter().filter(|p| !p.is_year_end()).collect();
    let mut node_ids: Vec<NodeId> = c.items.iter().flat_map(|i| i.node_ids.iter().copied()).collect();
    node_ids.sort_by_key(|n| n.0);
    node_ids.dedup();
    let nodes: HashMap<NodeId, PlanNode> =
        hoshin_app::manage::nodes(app, &node_ids).await?.into_iter().map(|n| (n.id, n)).collect();
    let names: HashMap<UserId, String> =
        hoshin_app::manage::revision_people(app, &revisions).await.into_iter().collect();
    let removals = match open {
        Some(r) => pending_removals(app, r.id).await?,
        None => Vec::new(),
    };
    // 提出前の点検: what the planning office would send back, shown while a revision is open.
    let findings = match open {
        Some(r) => hoshin_app::quality::of_revision(app, r.id, app.today()).await?,
        None => Vec::new(),
    };
    // Comment threads (issue 15): of the revision shown; per initiative only while the page
    // shows that revision's own rows (an open revision), else all in the policy's thread.
    let mut threads = match shown {
        Some(r) => hoshin_app::comments::threads(app, &actor(su), su.user.org_id, r.id).await?,
        None => hoshin_app::comments::Threads::default(),
    };
    if open.is_none() {
        let mut all: Vec<_> = std::mem::take(&mut threads.initiatives).into_values().flatten().collect();
        all.append(&mut threads.policy);
        all.sort_by_key(|p| p.comment.id);
        threads.policy = all;
    }
    // 差戻し後の変更: an open revision that was returned at least once.
    let since = match open {
        Some(r) => hoshin_app::since_return::since_return(app, &actor(su), su.user.org_id, r.id).await?,
        None => None,
    };
    // 段階評価 of the year (of published initiatives) and the year's review lock.
    let evaluations = hoshin_app::stages::year_evaluations(app, org.id, year).await?;
    let back = super::page_url(year, dept.id);
    let choices = if editable { NodeChoices::load(app, org.id, &[]).await? } else { NodeChoices::default() };
    let sections = sections(dept, &departments);
    let dept_names: HashMap<DepartmentId, &str> = departments.iter().map(|d| (d.id, d.name.as_str())).collect();

    // Initiatives grouped by the year's themes, then those without one.
    let mut groups: Vec<(String, Vec<&Initiative>)> = Vec::new();
    for t in &themes {
        let list: Vec<&Initiative> = c.items.iter().filter(|i| i.theme_id == Some(t.id)).collect();
        if !list.is_empty() {
            groups.push((format!("重点項目：{}", t.name), list));
        }
    }
    let rest: Vec<&Initiative> =
        c.items.iter().filter(|i| i.theme_id.is_none_or(|t| !themes.iter().any(|x| x.id == t))).collect();
    if !rest.is_empty() {
        groups.push(("重点項目なし".to_string(), rest));
    }
    let last = c.items.len().saturating_sub(1);
    let position: HashMap<InitiativeId, usize> = c.items.iter().enumerate().map(|(n, i)| (i.id, n)).collect();

    let body = html! {
        h1 { (title) }
        p.lead { (org.name) " " (year.label()) }
        ul.inline {
            li { a href=(urls::department(org.id, year, dept.id)) { "公開ページで見る" } }
            li { a href={ "/manage/" (year.year()) } { "この年度のダッシュボード" } }
        }
        @if evaluations.lock.is_some() {
            p.locked role="note" { strong { (year.label()) "の評価はロックされています。" } "段階評価・コメント・実績値・振り返りは変更できません（解除は企画担当）。" }
        }
        section #status {
            h2 { "進捗状況" }
            @match shown {
                None => { p { "この年度の部局運営方針はまだ作成されていません。" } }
                Some(r) => {
                    p.state {
                        "第" (r.number) "版：" strong class={ "state state-" (r.state.as_str()) } { (r.state.label()) }
                        @if open.is_none() { span.muted { "（編集中の改訂はありません）" } }
                    }
                    @if r.state == RevisionState::Returned {
                        div.returned role="alert" {
                            h3 { "差戻しの理由" }
                            @match &r.comment { Some(cm) => { (paragraphs(cm)) }, None => { p { "（理由の記載なし）" } } }
                            p.muted { "内容を修正して、もう一度提出してください。" }
                        }
                    } @else if let (Some(back), false) = (threads.latest_return(), r.state == RevisionState::Published) {
                        div.returned-before #last-return {
                            h3 { "前回の差戻しの理由" }
                            p.comment-head { (back.author) " " (wareki_time(back.comment.meta.created_at)) }
                            (paragraphs(&back.comment.body))
                            p { a href="#comments" { "コメント欄で見る" } }
                        }
                    }
                    dl.meta {
                        dt { "作成" } dd { (who_when(&names, r.created_by, Some(r.meta.created_at))) }
                        dt { "提出" } dd { (who_when(&names, r.submitted_by, r.submitted_at)) }
                        dt { "承認・差戻し" } dd { (who_when(&names, r.decided_by, r.decided_at)) }
                        dt { "公開" } dd { (who_when(&names, r.published_by, r.published_at)) }
                    }
                }
            }
            @if let Some(r) = open {
                div.steps {
                    @if may_edit && r.state.editable() { (step_form(su, r, Transition::Submit, "提出する")) }
                    @if plans && r.state == RevisionState::Submitted { (step_form(su, r, Transition::Approve, "承認する")) }
                    @if plans && r.state == RevisionState::Approved {
                        @if year_unpublished {
                            p.year-pending {
                                (year.label()) "はまだ公開されていません。"
                                a href=(hoshin_app::year_publishing::page_path(year)) { "年度の公開ページ" }
                                "で、承認済みの部局をまとめて公開します。"
                            }
                        } @else {
                            (step_form(su, r, Transition::Publish, "公開する"))
                        }
                    }
                    @if plans && matches!(r.state, RevisionState::Submitted | RevisionState::Approved) {
                        form.step.return method="post" action={ "/manage/revisions/" (r.id) "/transition" } {
                            (csrf_field(su))
                            input type="hidden" name="version" value=(r.meta.version);
                            input type="hidden" name="step" value="return";
                            p {
                                label for="return-comment" { "差戻しの理由（必須）" }
                                textarea #return-comment name="comment" rows="3" required {}
                            }
                            button type="submit" { "差戻す" }
                        }
                    }
                }
            } @else if may_edit {
                form.step method="post" action={ (super::page_url(year, dept.id)) "/revise" } {
                    (csrf_field(su))
                    button type="submit" { "編集を開始（新しい改訂を作成）" }
                }
                p.muted { "公開中の内容を写した新しい改訂を作ります。公開ページは、改訂が承認・公開されるまで変わりません。" }
            }
        }
        @if let Some(r) = shown {
            section #comments {
                h2 { "コメント（部局運営方針全体）" }
                p.muted { "職員だけが読めます。公開ページには表示されません。差戻しの理由もここに残ります。" }
                (super::comments::thread(su, r, None, &threads.policy, may_edit))
            }
        }
        @if let Some(s) = &since { (super::since_return::section(s)) }
        @if let Some(r) = open {
            (super::quality::section(&findings, editable.then_some(r.id)))
            (removals_section(r, &removals))
        }
        @if !revisions.is_empty() {
            section #revisions {
                h2 { "改訂の一覧" }
                table {
                    (column_heads(&["版", "状態", "作成", "提出", "公開", "履歴"]))
                    tbody {
                        @for r in revisions.iter().rev() {
                            tr {
                                th scope="row" { "第" (r.number) "版" }
                                td { (r.state.label()) }
                                td { (wareki_time(r.meta.created_at)) }
                                td { @match r.submitted_at { Some(t) => { (wareki_time(t)) }, None => { "－" } } }
                                td { @match r.published_at { Some(t) => { (wareki_time(t)) }, None => { "－" } } }
                                td { a href={ "/manage/history/policy_revisions/" (r.id) } { "変更履歴" } }
                            }
                        }
                    }
                }
            }
        }
        section #stance {
            h2 { "部局運営に関する基本的考え方" }
            @if let (true, Some(r)) = (editable, open) {
                form.edit method="post" action={ "/manage/revisions/" (r.id) "/stance" } {
                    (csrf_field(su))
                    input type="hidden" name="version" value=(r.meta.version);
                    p {
                        label for="stance-text" { "基本的考え方（提出に必須）" }
                        textarea #stance-text name="stance" rows="6" { (c.stance) }
                    }
                    p {
                        label for="notes" { "備考（方針・総括など）" }
                        textarea #notes name="notes" rows="3" { (c.notes.as_deref().unwrap_or_default()) }
                    }
                    p { button type="submit" { "基本的考え方を保存する" } }
                }
            } @else {
                @if c.stance.trim().is_empty() { p.muted { "登録されていません。" } } @else { div.stance { (paragraphs(&c.stance)) } }
                @if let Some(n) = &c.notes { div.notes { (paragraphs(n)) } }
            }
        }
        @if let (true, Some(r)) = (editable, open) { (crate::manage::roundtrip::section(su, r)) }
        section #initiatives {
            h2 { "取組" }
            @if let Some(r) = open {
                p {
                    a href={ "/manage/revisions/" (r.id) "/actuals" } { "指標の実績をまとめて入力・確認する" }
                    @for p in &interim {
                        " ／ "
                        a href={ "/manage/revisions/" (r.id) "/actuals?period=" (p.key) } { (p.label) "の値と振り返りを入力する" }
                    }
                }
            }
            @if c.items.is_empty() { p.muted { "取組は登録されていません。" } }
            @for (heading, list) in &groups {
                h3 { (heading) }
                @for i in list {
                    article.initiative id={ "i-" (i.id) } {
                        h4 {
                            (i.name)
                            @if let Some(s) = i.department_id.filter(|d| *d != dept.id).and_then(|d| dept_names.get(&d)) {
                                " " span.muted { "（" (s) "）" }
                            }
                        }
                        @let links: Vec<&PlanNode> = i.node_ids.iter().filter_map(|n| nodes.get(n)).collect();
                        (initiative_summary(i, &[], &links))
                        @if let Some(k) = c.kpis.get(&i.id) { (kpi_table(k)) }
                        h5 { (year.label()) "の振り返り" }
                        (review_block(c.reviews.get(&i.id)))
                        h5 { "段階評価" }
                        @match i.draft.map_or(Some(i.id.0), |d| d.live_id) {
                            Some(live) => { (crate::manage::evaluations::initiative_section(su, &evaluations, InitiativeId(live), dept, year, &back)) },
                            None => { p.muted { "この取組は公開後に段階評価を記入できます。" } },
                        }
                        @if let Some(r) = open {
                            h5 #{ "comments-" (i.id) } { "コメント" }
                            (super::comments::thread(su, r, Some((i.id, &i.name)), threads.of(i.id), may_edit))
                        }
                        ul.inline.actions {
                            @if let (true, Some(r)) = (editable, open) {
                                li { a href=(edit_url(r.id, i.id)) { "編集" span.visually-hidden { "：" (i.name) } } }
                                @let pos = position.get(&i.id).copied().unwrap_or(0);
                                @for (dir, label, word, show) in [("up", "↑ 上へ", "上へ", pos > 0), ("down", "↓ 下へ", "下へ", pos < last)] {
                                    @if show {
                                        li {
                                            form.inline method="post" action={ (edit_url(r.id, i.id)) "/move" } {
                                                (csrf_field(su))
                                                input type="hidden" name="version" value=(i.meta.version);
                                                input type="hidden" name="direction" value=(dir);
                                                button type="submit" aria-label={ (i.name) "を" (word) "移動" } { (label) }
                                            }
                                        }
                                    }
                                }
                                li {
                                    a.danger href={ (edit_url(r.id, i.id)) "/delete" } {
                                        "削除…" span.visually-hidden { "：" (i.name) }
                                    }
                                }
                            } @else if let Some(r) = open {
                                li { a href=(edit_url(r.id, i.id)) { "詳細" } }
                            }
                            li { a href={ "/manage/history/initiatives/" (i.id) } { "変更履歴" } }
                        }
                    }
                }
            }
        }
        @if let (true, Some(r)) = (editable, open) {
            section #add {
                h2 { "取組を追加" }
                form.edit method="post" action={ "/manage/revisions/" (r.id) "/initiatives" } {
                    (csrf_field(su))
                    (initiative_fields("new", &InitiativeInput::default(), &themes, &choices, &sections))
                    p { button type="submit" { "取組を追加する" } }
                }
            }
        }
    };
    Ok(layout(&title, su, &crumbs, body))
}
