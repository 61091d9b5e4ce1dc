//! The plan and KPI resources of a bundle: `plan_nodes` (every plan's tree), `indicators`
//! (plan-node KPIs and those of the year's initiatives) and `indicator_actuals` (up to the
//! bundle's year).

use super::{code_field, year_field};
use crate::error::Result;
use crate::public;
use hoshin_domain::*;
use hoshin_exchange::{Cell, Field, FieldType as T, Table};
use hoshin_store::Read;
use std::collections::HashSet;

/// `indicators` and `indicator_actuals`, keyed into `plan_nodes` and the year's initiatives.
pub(super) async fn tables(
    r: &dyn Read,
    org: OrgId,
    year: FiscalYear,
    code_cell: &Cell,
    plan_nodes: &Table,
    items: &[Initiative],
) -> Result<(Table, Table)> {
    let code = || code_cell.clone();

    let list = public::all_indicators(r, org).await?;
    let node_ids: HashSet<i64> = node_ids_of(plan_nodes);
    let item_ids: HashSet<InitiativeId> = items.iter().map(|i| i.id).collect();
    let mut indicators = Table::new(
        "indicators",
        "指標",
        "指標（KPI）。基準値・目標値は資料の表記と、読み取った数値",
        vec![
            code_field(),
            Field::new("indicator_id", T::Integer, "指標ID", "hoshin内の指標番号"),
            Field::new("node_id", T::Integer, "計画項目ID", "指標を持つ計画の政策・施策（そうでなければ空）"),
            Field::new("initiative_id", T::Integer, "取組ID", "指標を持つこの年度の取組（そうでなければ空）"),
            Field::new("name", T::String, "指標名", "名称"),
            Field::new("unit", T::String, "単位", "単位"),
            Field::new("direction", T::String, "方向", "up（増加が望ましい）・down（減少が望ましい）"),
            Field::new("cumulative", T::Boolean, "累計", "実績は各年度の量で、目標は累計"),
            Field::new("baseline_text", T::String, "基準値（表記）", "資料の表記のまま"),
            Field::new("baseline", T::Number, "基準値", "数値"),
            Field::new("baseline_year", T::Year, "基準年度", "西暦"),
            Field::new("target_text", T::String, "目標値（表記）", "資料の表記のまま"),
            Field::new("target", T::Number, "目標値", "数値"),
            Field::new("target_year", T::Year, "目標年度", "西暦"),
            Field::new("status", T::String, "状況", "この年度時点の状況（順調・遅れ・実績なし）"),
        ],
    )
    .with_primary_key(&["indicator_id"])
    .with_foreign_key(&["node_id"], "plan_nodes", &["node_id"])
    .with_foreign_key(&["initiative_id"], "initiatives", &["initiative_id"]);
    let mut actuals = Table::new(
        "indicator_actuals",
        "指標の実績",
        "指標の年度ごとの実績（この年度まで）",
        vec![
            code_field(),
            Field::new("indicator_id", T::Integer, "指標ID", "指標"),
            year_field(),
            Field::new("value_text", T::String, "実績値（表記）", "資料の表記のまま"),
            Field::new("value", T::Number, "実績値", "数値"),
        ],
    )
    .with_primary_key(&["indicator_id", "fiscal_year"])
    .with_foreign_key(&["indicator_id"], "indicators", &["indicator_id"]);
    for i in &list {
        // An indicator of another year's initiative belongs to that year's bundle.
        let (node, item) = match i.owner {
            Some(IndicatorOwner::Node(n)) => (node_ids.contains(&n.0).then_some(n.0), None),
            Some(IndicatorOwner::Initiative(x)) if item_ids.contains(&x) => (None, Some(x.0)),
            Some(IndicatorOwner::Initiative(_)) => continue,
            None => (None, None),
        };
        let num = |q: &Option<Quantity>| q.as_ref().and_then(|q| q.value).map_or(Cell::Empty, Cell::Num);
        indicators.push(vec![
            code(),
            Cell::Int(i.id.0),
            Cell::int(node),
            Cell::int(item),
            i.name.clone().into(),
            Cell::text(i.unit.clone()),
            i.direction.as_str().into(),
            Cell::Bool(i.cumulative),
            Cell::text(i.baseline.as_ref().map(|q| q.text.clone())),
            num(&i.baseline),
            Cell::int(i.baseline_year.map(|y| i64::from(y.year()))),
            Cell::text(i.target.as_ref().map(|q| q.text.clone())),
            num(&i.target),
            Cell::int(i.target_year.map(|y| i64::from(y.year()))),
            i.status_in(year).label().into(),
        ]);
        for a in i.actuals.iter().filter(|a| a.fiscal_year <= year) {
            actuals.push(vec![
                code(),
                Cell::Int(i.id.0),
                Cell::Int(i64::from(a.fiscal_year.year())),
                a.value.text.clone().into(),
                a.value.value.map_or(Cell::Empty, Cell::Num),
            ]);
        }
    }
    Ok((indicators, actuals))
}

/// Every node of every plan of the organization.
pub(super) async fn plan_nodes(r: &dyn Read, org: OrgId, code: &Cell) -> Result<Table> {
    let mut t = Table::new(
        "plan_nodes",
        "計画の体系",
        "総合計画・基本計画などの政策・施策の木構造",
        vec![
            code_field(),
            Field::new("node_id", T::Integer, "計画項目ID", "hoshin内の計画項目番号"),
            Field::new("parent_id", T::Integer, "上位項目ID", "上位の計画項目"),
            Field::new("plan_id", T::Integer, "計画ID", "hoshin内の計画番号"),
            Field::new("plan_title", T::String, "計画名", "計画の名称"),
            Field::new("plan_kind", T::String, "計画の種類", "総合計画・基本計画・基本政策など"),
            Field::new("level", T::String, "階層", "その団体の呼び方（政策・施策など）"),
            Field::new("code", T::String, "コード", "計画に書かれた番号"),
            Field::new("title", T::String, "名称", "政策・施策の名称"),
            Field::new("vision", T::String, "目指す姿", "目指す姿"),
        ],
    )
    .with_primary_key(&["node_id"])
    .with_foreign_key(&["parent_id"], "plan_nodes", &["node_id"]);
    for p in r.list_plans(org).await? {
        for n in r.plan_nodes(p.id).await? {
            t.push(vec![
                code.clone(),
                Cell::Int(n.id.0),
                Cell::int(n.parent_id.map(|x| x.0)),
                Cell::Int(p.id.0),
                p.title.clone().into(),
                p.kind.label().into(),
                n.kind_label.clone().into(),
                Cell::text(n.code.clone()),
                n.title.clone().into(),
                Cell::text(n.vision.clone()),
            ]);
        }
    }
    Ok(t)
}

fn node_ids_of(t: &Table) -> HashSet<i64> {
    t.rows
        .iter()
        .filter_map(|r| match r.get(1) {
            Some(Cell::Int(n)) => Some(*n),
            _ => None,
        })
        .collect()
}
