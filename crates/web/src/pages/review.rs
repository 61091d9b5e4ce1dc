//! `/orgs/{org}/years/{year}/departments/{dept}/review`: 部局の目標と振り返り — the
//! department's mission, its annual goals with schedule, results, issues and next steps,
//! then its mid-term goals, each with progress and judgement.

use super::{org_crumbs, parse_year, year_nav, PageResult};
use crate::html::{page, paragraphs, Crumb};
use crate::urls;
use crate::views::policy::{node_label, Ctx};
use crate::views::status::judgement;
use axum::extract::{Path, State};
use hoshin_app::App;
use hoshin_domain::*;
use maud::{html, Markup};
use std::collections::HashMap;

pub async fn show(State(app): State<App>, Path((org_id, year, dept)): Path<(i64, String, i64)>) -> PageResult {
    let year = parse_year(&year)?;
    // 段階評価 (issue 15): of published initiatives only, so of published years only.
    let hoshin_app::public::ReviewYear {
        org,
        years,
        departments,
        department: dept,
        evaluations,
        items,
        limited,
        links,
        policy,
        reviews,
        interim,
        periods,
    } = hoshin_app::public::review_year(&app, OrgId(org_id), year, DepartmentId(dept)).await?;
    let ctx = Ctx::of(links, &departments);
    let reviews: HashMap<InitiativeId, GoalReview> = reviews.into_iter().map(|r| (r.initiative_id, r)).collect();
    let names: HashMap<DepartmentId, &str> = departments.iter().map(|d| (d.id, d.name.as_str())).collect();
    let annual: Vec<&Initiative> = items.iter().filter(|i| i.kind != InitiativeKind::MidTerm).collect();
    let midterm: Vec<&Initiative> = items.iter().filter(|i| i.kind == InitiativeKind::MidTerm).collect();
    let title = format!("{} 部局の目標と振り返り", dept.name);
    let interim_of = |i: InitiativeId| -> Vec<(&ReportingPeriod, &InterimReview)> {
        periods
            .iter()
            .filter_map(|p| interim.iter().find(|r| r.initiative_id == i && r.period == p.key).map(|r| (p, r)))
            .collect()
    };

    let goal = |i: &Initiative| -> Markup {
        let r = reviews.get(&i.id);
        html! {
            article.goal {
                h3 { a href=(urls::initiative(i.id)) { (i.name) } }
                dl.meta {
                    @if let Some(d) = i.department_id.filter(|d| *d != dept.id).and_then(|d| names.get(&d)) {
                        dt { "担当" } dd { (d) }
                    }
                    @if i.kind == InitiativeKind::MidTerm {
                        dt { "期間" }
                        dd { @if let Some(s) = i.fiscal_year { (s.label()) } "～" @if let Some(e) = i.period_end { (e.label()) } }
                    }
                    @if let Some(s) = &i.summary { dt { "内容" } dd { (paragraphs(s)) } }
                    @let links = ctx.links(i);
                    @if !links.is_empty() {
                        dt { "関連する計画" }
                        dd { ul.plain { @for (label, n) in &links { li { span.muted { (label) } " " a href=(urls::node(n.id)) { (node_label(n)) } } } } }
                    }
                    @if !i.milestones.is_empty() {
                        dt { "スケジュール" }
                        dd { ul.plain { @for m in &i.milestones { li { @if m.done { span.state.state-published { "済" } " " } (m.text) @if let Some(d) = &m.due { " " span.muted { "（期限 " (hoshin_app::dashboard::wareki_date(d)) "）" } } } } } }
                    }
                    dt { "実績" }
                    dd { @match r.and_then(|r| r.result.as_deref()) { Some(t) => (paragraphs(t)), None => span.muted { "未記入" } } }
                    dt { "課題・今後の方向性" }
                    dd { @match r.and_then(|r| r.issues_next.as_deref()) { Some(t) => (paragraphs(t)), None => span.muted { "未記入" } } }
                    dt { "進捗" }
                    dd { @match r.and_then(|r| r.progress) { Some(p) => { (p) "%" }, None => span.muted { "未記入" } } }
                    dt { "判定" }
                    dd { @match r.and_then(|r| r.judgement.as_deref()) { Some(j) => (judgement(j)), None => span.muted { "未判定" } } }
                    @for (p, ir) in interim_of(i.id) {
                        dt { (p.label) "の報告" span.muted { "（" (p.end_label()) "時点）" } }
                        dd {
                            @if let Some(pr) = ir.progress { "進捗 " (pr) "%" " " }
                            @if let Some(j) = ir.judgement.as_deref() { (judgement(j)) }
                            @if let Some(t) = ir.result.as_deref() { (paragraphs(t)) }
                            @if let Some(t) = ir.issues_next.as_deref() { p { span.muted { "課題・今後の方向性：" } } (paragraphs(t)) }
                        }
                    }
                    @let staged: Vec<_> = evaluations.stages.iter().filter_map(|s| evaluations.of(i.id, s.id).map(|e| (s, e))).collect();
                    @if !staged.is_empty() {
                        dt { "段階評価" }
                        dd {
                            dl.stages {
                                @for (s, e) in &staged {
                                    dt { (s.name) }
                                    dd {
                                        @if let Some(j) = e.judgement.as_deref() { (judgement(j)) " " }
                                        @if let Some(c) = e.comment.as_deref() { (paragraphs(c)) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };

    let body = html! {
        h1 { (title) }
        p.lead { (org.name) " " (year.label()) }
        (year_nav(&years, year, |y| urls::review(org.id, y, dept.id)))
        @if limited { (super::limited_notice(items.len(), "課ごとのページもご覧ください。")) }
        p.no-print { a href=(urls::department(org.id, year, dept.id)) { "部局運営方針へ" } }
        h2 { "部局の使命" }
        @match &policy {
            Some(p) => div.stance { (paragraphs(&p.stance)) },
            None => p.muted { "この年度の使命・基本的考え方は登録されていません。" },
        }
        h2 { "当年度の目標" }
        @if annual.is_empty() { p.muted { "この年度の目標は登録されていません。" } }
        @for i in &annual { (goal(i)) }
        h2 { "中期目標" }
        @if midterm.is_empty() { p.muted { "中期目標は登録されていません。" } }
        @for i in &midterm { (goal(i)) }
    };
    let mut crumbs = org_crumbs(&org, Some(year));
    crumbs.push(Crumb::link(dept.name.clone(), urls::department(org.id, year, dept.id)));
    crumbs.push(Crumb::here("目標と振り返り"));
    Ok(page(&title, &crumbs, body))
}
