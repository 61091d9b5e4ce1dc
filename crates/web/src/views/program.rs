//! What an evaluation sheet says of a program, on its public page: number, place in the
//! plan, costs by year (千円, 和暦 with 西暦), judgements and the direction; and an
//! indicator's kind and yearly targets.

use crate::urls;
use hoshin_app::program::{cost_table, CostTable};
use hoshin_domain::*;
use maud::{html, Markup};

/// The program's facts as a definition list and a costs table (nothing when it has none).
pub fn program_facts(name: &str, f: &ProgramFacts) -> Markup {
    if f.is_empty() {
        return html! {};
    }
    let table = cost_table(&f.costs);
    html! {
        h2 { "事務事業評価" }
        dl.meta {
            @if let Some(c) = &f.code { dt { "事業番号" } dd { (c) } }
            @if !f.plan_path.is_empty() {
                dt { "施策体系" }
                dd {
                    ol.plain {
                        @for s in &f.plan_path {
                            li {
                                span.muted { (s.level) } " "
                                @match s.node_id {
                                    Some(n) => { a href=(urls::node(n)) { (s.display()) } },
                                    None => { (s.display()) },
                                }
                            }
                        }
                    }
                }
            }
            @if let Some(d) = f.direction { dt { "今後の方向性" } dd { strong { (d.label()) } } }
            @for j in &f.judgements { dt { (j.axis) } dd { (j.value) } }
        }
        (costs(name, &table))
    }
}

/// A program's costs by year and basis (千円); nothing when it has none.
pub fn costs(name: &str, table: &CostTable) -> Markup {
    html! {
        @if !table.columns.is_empty() {
            table.costs {
                caption { (name) "の事業費（単位：千円）" }
                thead {
                    tr {
                        th scope="col" { "区分" }
                        @for (y, b) in &table.columns { th scope="col" class="num" { (y.label()) br; span.muted { (b.label()) } } }
                    }
                }
                tbody {
                    @for (item, cells) in &table.rows {
                        tr {
                            th scope="row" { (cost_item_label(item)) }
                            @for cell in cells {
                                td.num {
                                    @match cell {
                                        Some((Some(yen), _)) => { (format_thousand_yen(*yen)) },
                                        Some((None, written)) => { (written) },
                                        None => { span.muted { "—" } },
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// An indicator's kind and yearly targets, plans and forecasts (nothing when it has none).
pub fn indicator_facts(name: &str, f: &IndicatorFacts) -> Markup {
    html! {
        @if let Some(k) = f.kind { p { "指標の種類：" strong { (k.label()) } } }
        @if !f.yearly.is_empty() {
            table {
                caption { (name) "の年度ごとの目標・計画" }
                thead { tr { th scope="col" { "年度" } th scope="col" { "区分" } th scope="col" class="num" { "値" } } }
                tbody {
                    @for v in &f.yearly {
                        tr { th scope="row" { (v.fiscal_year.label()) } td { (v.kind.label()) } td.num { (v.value.text) } }
                    }
                }
            }
        }
    }
}
