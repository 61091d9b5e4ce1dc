//! A published initiative's KPI values and reviews per reporting period of its year
//! (中間 / 年度末, issue 15): each value with its status at its own period's end.

use crate::html::paragraphs;
use crate::views::status::{badge, judgement};
use hoshin_app::App;
use hoshin_domain::*;
use maud::{html, Markup};
use std::collections::HashMap;

/// The targets by year of a KPI's yearly values (kind target, with a number).
pub fn targets_of(facts: Option<&IndicatorFacts>) -> Vec<(FiscalYear, f64)> {
    facts.map(IndicatorFacts::targets).unwrap_or_default()
}

/// The section, or nothing when the year has no interim value or review.
/// `facts`: the KPIs' yearly values (their yearly targets judge each value).
pub async fn section(
    app: &App,
    i: &Initiative,
    kpis: &[Indicator],
    facts: &HashMap<IndicatorId, IndicatorFacts>,
) -> Result<Markup, hoshin_app::AppError> {
    let Some(year) = i.fiscal_year else { return Ok(html! {}) };
    let kpi_ids: Vec<IndicatorId> = kpis.iter().map(|k| k.id).collect();
    let (values, reviews) = hoshin_app::periods::year_interims(app, &[i.id], &kpi_ids, year).await?;
    if values.is_empty() && reviews.is_empty() {
        return Ok(html! {});
    }
    let periods = hoshin_app::periods::periods(app, i.org_id).await?;
    Ok(html! {
        h2 { "報告期間ごとの状況（" (year.label()) "）" }
        @if !kpis.is_empty() {
            table.periods {
                caption { (i.name) "の指標の報告期間ごとの値" }
                thead { tr {
                    th scope="col" { "指標" }
                    @for p in &periods { th scope="col" { (p.label) span.muted { "（" (p.end_label()) "）" } } }
                } }
                tbody {
                    @for k in kpis {
                        @let targets = targets_of(facts.get(&k.id));
                        tr {
                            th scope="row" { (k.name) }
                            @for p in &periods {
                                @let (text, status) = if p.is_year_end() {
                                    let a = k.actuals.iter().find(|a| a.fiscal_year == year);
                                    (a.map(|a| a.value.text.clone()), a.map(|_| k.status_with_targets(year, &targets)))
                                } else {
                                    let v = values.iter().find(|v| v.indicator_id == k.id && v.period == p.key);
                                    let at = p.end_in(year);
                                    (v.map(|v| v.value.text.clone()), v.zip(at).map(|(v, at)| k.interim_status(year, at, v.value.value, &targets)))
                                };
                                td {
                                    @match text { Some(t) => { (t) " " }, None => { "－" } }
                                    @if let Some(s) = status { (badge(s)) }
                                }
                            }
                        }
                    }
                }
            }
        }
        @for p in periods.iter().filter(|p| !p.is_year_end()) {
            @if let Some(r) = reviews.iter().find(|r| r.period == p.key) {
                h3 { (p.label) "の振り返り" }
                dl.meta {
                    @if let Some(t) = &r.result { dt { "実績" } dd { (paragraphs(t)) } }
                    @if let Some(t) = &r.issues_next { dt { "課題・今後の方向性" } dd { (paragraphs(t)) } }
                    @if let Some(p) = r.progress { dt { "進捗" } dd { (p) "%" } }
                    @if let Some(j) = &r.judgement { dt { "判定" } dd { (judgement(j)) } }
                }
            }
        }
    })
}
