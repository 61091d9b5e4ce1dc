//! The 事務事業評価シート: one program on one A4 page — what it is and where it sits in the plan,
//! its purpose and content, its indicators with baseline, actuals by year and target, its costs,
//! and the year's review with its judgements. Printed, a sheet never breaks across pages
//! unless it is longer than one, and each sheet starts on a new page.

use crate::html::paragraphs;
use crate::views::policy::{node_label, Ctx};
use crate::views::program::costs;
use crate::views::status::judgement;
use hoshin_app::program::cost_table;
use hoshin_domain::*;
use maud::{html, Markup};

/// Years of actuals shown at most (the latest ones up to the sheet's year).
#[cfg(test)]
const YEARS_SHOWN: usize = hoshin_app::program::SHEET_YEARS;

/// Everything one sheet shows.
#[derive(Debug)]
pub struct Sheet<'a> {
    pub org: &'a Organization,
    pub initiative: &'a Initiative,
    pub department: Option<&'a str>,
    pub facts: &'a ProgramFacts,
    /// 予算細事業コード.
    pub budget_codes: &'a [String],
    pub indicators: Vec<(&'a Indicator, Option<&'a IndicatorFacts>)>,
    pub reviews: Vec<&'a GoalReview>,
}

/// The sheet as an `article`, the program's name its `h2`.
pub fn sheet(ctx: &Ctx, s: &Sheet) -> Markup {
    let i = s.initiative;
    let id = format!("sheet-{}", i.id.0);
    let year = i.fiscal_year;
    // The review of the sheet's year, else the latest one.
    let review = s.reviews.iter().rev().find(|r| Some(r.fiscal_year) == year).or(s.reviews.last());
    let links = ctx.links(i);
    let years = indicator_years(&s.indicators, year);
    let table = cost_table(&s.facts.costs);
    html! {
        article.sheet id=(id) aria-labelledby=(format!("{id}-h")) {
            p.sheet-head {
                span { "事務事業評価シート" }
                span { (s.org.name) @if let Some(y) = year { "　" (y.label()) } }
            }
            h2 id=(format!("{id}-h")) { (i.name) }
            table.sheet-grid {
                tbody {
                    @if let Some(c) = &s.facts.code { tr { th scope="row" { "事業番号" } td { (c) } } }
                    @if !s.budget_codes.is_empty() { tr { th scope="row" { "予算細事業コード" } td { (s.budget_codes.join("、")) } } }
                    tr { th scope="row" { "担当" } td { @match s.department { Some(d) => (d), None => span.muted { "—" } } } }
                    @if !s.facts.plan_path.is_empty() {
                        tr {
                            th scope="row" { "施策体系" }
                            td { @for (n, step) in s.facts.plan_path.iter().enumerate() { @if n > 0 { " ＞ " } span.muted { (step.level) } " " (step.display()) } }
                        }
                    } @else if !links.is_empty() {
                        tr {
                            th scope="row" { "施策体系" }
                            td { @for (n, (label, node)) in links.iter().enumerate() { @if n > 0 { "、" } span.muted { (label) } " " (node_label(node)) } }
                        }
                    }
                    @if let Some(t) = ctx.theme_name(i.theme_id) { tr { th scope="row" { "重点項目" } td { (t) } } }
                    @if let (Some(a), Some(b)) = (year, i.period_end) { tr { th scope="row" { "期間" } td { (a.label()) "～" (b.label()) } } }
                    tr { th scope="row" { "区分" } td { (i.kind.label()) } }
                }
            }
            h3 { "事業の目的・内容" }
            @if i.summary.is_none() && i.sections.is_empty() { p.muted { "記載はありません。" } }
            @if let Some(t) = &i.summary { (paragraphs(t)) }
            @for sec in &i.sections { h4 { (sec.label) } (paragraphs(&sec.body)) }
            h3 { "指標" }
            @if s.indicators.is_empty() {
                p.muted { "指標は登録されていません。" }
            } @else {
                table.sheet-kpi {
                    caption { (i.name) "の指標" }
                    thead {
                        tr {
                            th scope="col" { "指標" }
                            th scope="col" class="num" { "基準値" }
                            @for y in &years { th scope="col" class="num" { (y.wareki()) br; span.muted { "（" (y.year()) "）" } } }
                            th scope="col" class="num" { "目標値" }
                        }
                    }
                    tbody {
                        @for (k, f) in &s.indicators {
                            tr {
                                th scope="row" {
                                    (k.name)
                                    @if let Some(kind) = f.and_then(|f| f.kind) { " " span.muted { "（" (kind.label()) "）" } }
                                    @if let Some(u) = &k.unit { " " span.muted { "［" (u) "］" } }
                                }
                                td.num {
                                    @if let Some(b) = &k.baseline { (b.text) }
                                    @if let Some(y) = k.baseline_year { br; span.muted { (y.wareki()) } }
                                }
                                @for y in &years {
                                    td.num {
                                        @match k.actuals.iter().find(|a| a.fiscal_year == *y) {
                                            Some(a) => (a.value.text),
                                            None => span.muted { "—" },
                                        }
                                        // The year's own target (年度別目標), when the KPI has one.
                                        @if let Some(t) = f.and_then(|f| f.yearly.iter().find(|v| v.fiscal_year == *y && v.kind == YearValueKind::Target)) {
                                            br; span.muted { "目標 " (t.value.text) }
                                        }
                                    }
                                }
                                td.num {
                                    @if let Some(t) = &k.target { (t.text) }
                                    @if let Some(y) = k.target_year { br; span.muted { (y.wareki()) } }
                                }
                            }
                        }
                    }
                }
            }
            @if !table.columns.is_empty() {
                h3 { "事業費" }
                (costs(&i.name, &table))
            }
            h3 { "評価" }
            @if review.is_none() && s.facts.judgements.is_empty() && s.facts.direction.is_none() {
                p.muted { "評価は登録されていません。" }
            }
            dl.meta {
                @if let Some(r) = review {
                    @if let Some(t) = &r.result { dt { "実績（" (r.fiscal_year.wareki()) "）" } dd { (paragraphs(t)) } }
                    @if let Some(p) = r.progress { dt { "進捗" } dd { (p) "%" } }
                    @if let Some(j) = &r.judgement { dt { "判定" } dd { (judgement(j)) } }
                    @if let Some(t) = &r.issues_next { dt { "課題・今後の方向性" } dd { (paragraphs(t)) } }
                }
                @for j in &s.facts.judgements { dt { (j.axis) } dd { (j.value) } }
                @if let Some(d) = s.facts.direction { dt { "今後の方向性" } dd { strong { (d.label()) } } }
            }
        }
    }
}

/// The years of actuals to show as columns ([`hoshin_app::program::sheet_years`]).
fn indicator_years(list: &[(&Indicator, Option<&IndicatorFacts>)], upto: Option<FiscalYear>) -> Vec<FiscalYear> {
    hoshin_app::program::sheet_years(list.iter().map(|(k, _)| *k), upto)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kpi(years: &[i64]) -> Indicator {
        Indicator {
            id: IndicatorId(1),
            org_id: OrgId(1),
            owner: None,
            name: "指標".into(),
            unit: None,
            direction: Direction::Up,
            cumulative: false,
            baseline: None,
            baseline_year: None,
            baseline_note: None,
            target: None,
            target_year: None,
            actuals: years
                .iter()
                .map(|y| Actual { fiscal_year: FiscalYear::new(*y).unwrap(), value: Quantity::parse(&y.to_string()) })
                .collect(),
            sort_order: 0,
            draft: None,
            meta: Meta::default(),
        }
    }

    #[test]
    fn the_latest_five_years_up_to_the_sheet() {
        let a = kpi(&[2018, 2019, 2020, 2021]);
        let b = kpi(&[2022, 2023, 2025, 2027]);
        let list = vec![(&a, None), (&b, None)];
        let got: Vec<i64> =
            indicator_years(&list, Some(FiscalYear::new(2025).unwrap())).iter().map(|y| i64::from(y.year())).collect();
        assert_eq!(got, [2020, 2021, 2022, 2023, 2025]);
        assert_eq!(indicator_years(&list, None).len(), YEARS_SHOWN);
        assert!(indicator_years(&[], None).is_empty());
    }
}
