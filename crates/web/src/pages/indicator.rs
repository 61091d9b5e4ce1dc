//! `/indicators/{id}`: one KPI — the SVG chart (baseline → actuals → target) with the same
//! numbers in a table beside it, the achievement rate and the judgement on the
//! organization's scale, as of the latest actual (or `?year=`).

use super::{org_crumbs, parse_year, PageResult};
use crate::html::{page, Crumb};
use crate::urls;
use crate::views::chart::{chart, fmt_num, Series};
use crate::views::policy::node_label;
use crate::views::status::{badge, judgement, latest_year, rate_text};
use axum::extract::{Path, Query, State};
use hoshin_app::App;
use hoshin_domain::*;
use maud::html;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct Params {
    year: Option<String>,
}

pub async fn show(State(app): State<App>, Path(id): Path<i64>, Query(p): Query<Params>) -> PageResult {
    // Unpublished (or superseded) revision rows are for staff pages only: not found.
    let ind = hoshin_app::public::published_indicator(&app, IndicatorId(id)).await?;
    // Read at once: on PostgreSQL they leave together (`store/src/pgread.rs`).
    let (context, facts) = tokio::try_join!(
        hoshin_app::public::indicator_context(&app, &ind),
        hoshin_app::program::indicator_facts(&app, ind.id),
    )?;
    let hoshin_app::public::IndicatorContext { org, owner_node, owner_initiative, scales } = context;
    let as_of = match p.year.as_deref().filter(|y| !y.is_empty()) {
        Some(y) => Some(parse_year(y)?),
        None => latest_year(&ind),
    };
    let (owner_label, owner_url) = match (owner_node, owner_initiative) {
        (Some(n), _) => (Some(node_label(&n)), Some(urls::node(n.id))),
        (None, Some(i)) => (Some(i.name), Some(urls::initiative(i.id))),
        (None, None) => (None, None),
    };
    let scale = scales.iter().find(|s| s.is_default).or(scales.first()).map(|s| s.scale.clone());
    let scale = scale.unwrap_or_else(JudgementScale::sabc);
    let rate = as_of.and_then(|y| ind.achievement_in(y));
    let status = as_of.map(|y| ind.status_with_targets(y, &facts.targets())).unwrap_or(KpiStatus::NoData);
    let unit = ind.unit.clone().unwrap_or_default();
    let series = Series::of(&ind);
    let running: Vec<Option<f64>> =
        ind.actuals.iter().map(|a| series.actuals.iter().find(|(y, _)| *y == a.fiscal_year).map(|(_, v)| *v)).collect();

    let body = html! {
        h1 { (ind.name) }
        p.lead {
            (org.name)
            @if let (Some(l), Some(u)) = (&owner_label, &owner_url) { "・" a href=(u) { (l) } }
        }
        dl.meta {
            dt { "状況" } dd { (badge(status)) @if let Some(y) = as_of { " " span.muted { "（" (y.label()) "時点）" } } }
            dt { "達成率" } dd { (rate_text(rate)) }
            dt { "判定" } dd { @match rate { Some(r) => (judgement(&scale.judge(r).label)), None => span.muted { "判定できません" } } }
            dt { "単位" } dd { @if unit.is_empty() { "—" } @else { (unit) } }
            dt { "望ましい方向" } dd { (ind.direction.label()) }
            @if ind.cumulative { dt { "集計" } dd { "累計（各年度の実績を基準値に積み上げて目標と比べます）" } }
            @if let Some(n) = &ind.baseline_note { dt { "基準値の時点" } dd { (n) } }
        }
        h2 { "推移" }
        div.chart-wrap {
            figure { (chart(&ind, "chart")) }
            table {
                caption { (ind.name) "の値" }
                thead { tr { th scope="col" { "区分" } th scope="col" { "年度" } th scope="col" class="num" { "値" } @if ind.cumulative { th scope="col" class="num" { "累計" } } } }
                tbody {
                    tr {
                        th scope="row" { "基準値" }
                        td { @if let Some(y) = ind.baseline_year { (y.label()) } @else if let Some(n) = &ind.baseline_note { (n) } @else { "—" } }
                        td.num { @if let Some(b) = &ind.baseline { (b.text) } @else { "—" } }
                        @if ind.cumulative { td.num { "—" } }
                    }
                    @for (a, run) in ind.actuals.iter().zip(&running) {
                        tr {
                            th scope="row" { "実績" }
                            td { (a.fiscal_year.label()) }
                            td.num { (a.value.text) }
                            @if ind.cumulative { td.num { @if let Some(v) = run { (fmt_num(*v)) (unit) } @else { "—" } } }
                        }
                    }
                    tr {
                        th scope="row" { "目標値" }
                        td { @if let Some(y) = ind.target_year { (y.label()) } @else { "—" } }
                        td.num { @if let Some(t) = &ind.target { (t.text) } @else { "—" } }
                        @if ind.cumulative { td.num { "—" } }
                    }
                }
            }
        }
        ul.inline.no-print {
            li { a href=(urls::indicator_csv(ind.id)) download { "CSVでダウンロード" } " " span.muted { "（値の表、UTF-8）" } }
            li { a href=(format!("{}?encoding=sjis", urls::indicator_csv(ind.id))) download { "CSV（Shift_JIS）" } }
        }
        (crate::views::program::indicator_facts(&ind.name, &facts))
        p.muted { "達成率は（実績−基準値）÷（目標値−基準値）です。判定は「" (scale.name) "」の区分によります。状況は、基準年度から目標年度までを均等に進んだ場合と比べています。" }
    };
    let mut crumbs = org_crumbs(&org, None);
    if let (Some(l), Some(u)) = (owner_label, owner_url) {
        crumbs.push(Crumb::link(l, u));
    }
    crumbs.push(Crumb::here(ind.name.clone()));
    Ok(page(&ind.name, &crumbs, body))
}
