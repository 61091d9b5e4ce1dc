//! The CSV downloads of the public table pages, one function per page, each reading what the
//! page reads ([`crate::public`], [`crate::years`]) and returning it as a [`Named`] table with
//! Japanese column titles:
//!
//! - a department's initiatives of a year (`/orgs/{org}/years/{year}/departments/{dept}`),
//! - the organization-year's departments (`/orgs/{org}/years/{year}`),
//! - the organization's indicators with their actual and status in a year
//!   (`/orgs/{org}/years/{year}/indicators`),
//! - one indicator's values (`/indicators/{id}`).

use super::{ascii_prefix, file_prefix, safe_name, Named};
use crate::error::Result;
use crate::public;
use hoshin_domain::*;
use hoshin_exchange::{Cell, Field, FieldType as T, Table};
use std::collections::HashMap;

/// A department's (and its 課') published initiatives of a year with the year's review.
pub async fn department_initiatives(
    r: &(impl crate::ReadDb + ?Sized),
    org: OrgId,
    year: FiscalYear,
    dept: DepartmentId,
) -> Result<Named> {
    let r = crate::db::read(r);
    let dy = public::department_year(r, org, year, dept).await?;
    let ids: Vec<InitiativeId> = dy.items.iter().map(|i| i.id).collect();
    let reviews = year_reviews(r, &ids, year).await?;
    let nodes = node_labels(&dy.links.nodes);
    let mut t = Table::new(
        "initiatives",
        &format!("{} {} 取組", dy.department.name, year.label()),
        "部局運営方針の取組（公開されているもの）",
        vec![
            Field::new("initiative_id", T::Integer, "取組ID", "取組の番号（hoshin内で一意）"),
            Field::new("department", T::String, "担当", "担当する部または課"),
            Field::new("theme", T::String, "重点項目", "その年度の重点項目"),
            Field::new("kind", T::String, "区分", "当年度の取組・中期目標など"),
            Field::new("name", T::String, "取組名", "取組の名称"),
            Field::new("summary", T::String, "概要", "取組の概要"),
            Field::new("plan_links", T::String, "計画との関係", "関係する計画の政策・施策（コードと名称）"),
            Field::new("reform", T::String, "行革の視点", "行財政改革の視点"),
            Field::new("sdgs", T::String, "SDGs", "関係するSDGsのゴール番号"),
            Field::new("schedule", T::String, "スケジュール", "年間の予定"),
            Field::new("progress", T::Integer, "進捗率（%）", "その年度の進捗率"),
            Field::new("judgement", T::String, "判定", "その年度の判定"),
            Field::new("result", T::String, "実績", "取組みを行った内容・成果"),
            Field::new("issues_next", T::String, "課題・今後の方向性", "課題と今後の方向性"),
        ],
    );
    for i in &dy.items {
        let rv = reviews.get(&i.id);
        t.push(vec![
            Cell::Int(i.id.0),
            Cell::text(dy.department_name(i.department_id)),
            Cell::text(dy.theme_name(i.theme_id)),
            i.kind.label().into(),
            i.name.clone().into(),
            Cell::text(i.summary.clone()),
            joined(i.node_ids.iter().filter_map(|n| nodes.get(n).cloned()), "、"),
            joined(i.reform_perspectives.iter().map(ReformPerspective::display), "、"),
            joined(i.sdg_goals.iter().map(|g| g.number().to_string()), "、"),
            joined(i.milestones.iter().map(|m| m.text.clone()), "\n"),
            Cell::int(rv.and_then(|r| r.progress)),
            Cell::text(rv.and_then(|r| r.judgement.clone())),
            Cell::text(rv.and_then(|r| r.result.clone())),
            Cell::text(rv.and_then(|r| r.issues_next.clone())),
        ]);
    }
    Ok(Named {
        file_name: format!("{}_{}_取組.csv", file_prefix(&dy.org, year), safe_name(&dy.department.name)),
        ascii_name: format!("{}_department{}_initiatives.csv", ascii_prefix(&dy.org, year), dy.department.id.0),
        table: t,
    })
}

/// The organization-year's departments with their initiative counts (the year page's table).
pub async fn year_departments(r: &(impl crate::ReadDb + ?Sized), org: OrgId, year: FiscalYear) -> Result<Named> {
    let r = crate::db::read(r);
    let o = r.get_organization(org).await?;
    let (tops, unassigned) = crate::years::year_departments(r, org, year).await?;
    let stances: HashMap<DepartmentId, String> =
        r.year_policies(org, year).await?.into_iter().map(|p| (p.department_id, p.stance)).collect();
    let mut t = Table::new(
        "departments",
        &format!("{} {} 部局と取組数", o.name, year.label()),
        "その年度に取組または基本的考え方のある部局",
        vec![
            Field::new("department_id", T::Integer, "部局ID", "部局の番号（hoshin内で一意）"),
            Field::new("name", T::String, "部局", "その年度の部局名"),
            Field::new("initiatives", T::Integer, "取組数", "その年度の取組の数（課の分を含む）"),
            Field::new("stance", T::String, "基本的考え方", "基本的考え方の有無（部または課）"),
            Field::new("stance_text", T::String, "基本的考え方（部）", "部の部局運営に関する基本的考え方"),
        ],
    );
    for d in &tops {
        t.push(vec![
            Cell::Int(d.department.id.0),
            d.name.clone().into(),
            Cell::Int(d.initiatives),
            if d.has_stance { "あり" } else { "なし" }.into(),
            Cell::text(stances.get(&d.department.id).cloned()),
        ]);
    }
    if unassigned > 0 {
        t.push(vec![Cell::Empty, "（部局の決まっていない取組）".into(), Cell::Int(unassigned)]);
    }
    Ok(Named {
        file_name: format!("{}_部局.csv", file_prefix(&o, year)),
        ascii_name: format!("{}_departments.csv", ascii_prefix(&o, year)),
        table: t,
    })
}

/// The organization's published indicators with their actual and status in `year` (the
/// indicator list, all pages).
pub async fn year_indicators(r: &(impl crate::ReadDb + ?Sized), org: OrgId, year: FiscalYear) -> Result<Named> {
    let r = crate::db::read(r);
    let o = r.get_organization(org).await?;
    let list = public::all_indicators(r, org).await?;
    let owners = owner_labels(r, &list).await?;
    let mut t = Table::new(
        "indicators",
        &format!("{} 指標の一覧 {}", o.name, year.label()),
        "指標（KPI）と、その年度の実績・状況",
        vec![
            Field::new("indicator_id", T::Integer, "指標ID", "指標の番号（hoshin内で一意）"),
            Field::new("name", T::String, "指標", "指標の名称"),
            Field::new("owner", T::String, "対象", "指標を持つ施策または取組"),
            Field::new("unit", T::String, "単位", "単位"),
            Field::new("direction", T::String, "方向", "増加・減少のどちらが望ましいか"),
            Field::new("baseline", T::String, "基準値", "基準値（資料の表記のまま）"),
            Field::new("baseline_year", T::String, "基準年度", "基準値の年度"),
            Field::new("target", T::String, "目標値", "目標値（資料の表記のまま）"),
            Field::new("target_year", T::String, "目標年度", "目標値の年度"),
            Field::new("actual", T::String, &format!("実績（{}）", year.wareki()), "その年度の実績値"),
            Field::new("status", T::String, "状況", "その年度時点の状況（順調・遅れ・実績なし）"),
        ],
    );
    for i in &list {
        t.push(vec![
            Cell::Int(i.id.0),
            i.name.clone().into(),
            Cell::text(i.owner.and_then(|ow| owners.get(&ow).cloned())),
            Cell::text(i.unit.clone()),
            i.direction.label().into(),
            Cell::text(i.baseline.as_ref().map(|q| q.text.clone())),
            Cell::text(i.baseline_year.map(FiscalYear::label).or_else(|| i.baseline_note.clone())),
            Cell::text(i.target.as_ref().map(|q| q.text.clone())),
            Cell::text(i.target_year.map(FiscalYear::label)),
            Cell::text(i.actuals.iter().find(|a| a.fiscal_year == year).map(|a| a.value.text.clone())),
            i.status_in(year).label().into(),
        ]);
    }
    Ok(Named {
        file_name: format!("{}_指標.csv", file_prefix(&o, year)),
        ascii_name: format!("{}_indicators.csv", ascii_prefix(&o, year)),
        table: t,
    })
}

/// One published indicator's values: baseline, each year's actual, target (its page's table).
pub async fn indicator_values(r: &(impl crate::ReadDb + ?Sized), id: IndicatorId) -> Result<Named> {
    let r = crate::db::read(r);
    let ind = public::published_indicator(r, id).await?;
    let o = r.get_organization(ind.org_id).await?;
    let mut t = Table::new(
        "indicator_values",
        &format!("{}の値", ind.name),
        "指標の基準値・実績値・目標値",
        vec![
            Field::new("kind", T::String, "区分", "基準値・実績・目標値"),
            Field::new("fiscal_year", T::String, "年度", "和暦（西暦）"),
            Field::new("value_text", T::String, "値", "資料の表記のまま"),
            Field::new("value", T::Number, "数値", "表記から読み取った数値"),
            Field::new("unit", T::String, "単位", "単位"),
        ],
    );
    let num = |q: &Quantity| q.value.map_or(Cell::Empty, Cell::Num);
    let unit = || Cell::text(ind.unit.clone());
    if let Some(b) = &ind.baseline {
        let when = ind.baseline_year.map(FiscalYear::label).or_else(|| ind.baseline_note.clone());
        t.push(vec!["基準値".into(), Cell::text(when), b.text.clone().into(), num(b), unit()]);
    }
    for a in &ind.actuals {
        t.push(vec!["実績".into(), a.fiscal_year.label().into(), a.value.text.clone().into(), num(&a.value), unit()]);
    }
    if let Some(tg) = &ind.target {
        t.push(vec![
            "目標値".into(),
            Cell::text(ind.target_year.map(FiscalYear::label)),
            tg.text.clone().into(),
            num(tg),
            unit(),
        ]);
    }
    Ok(Named {
        file_name: format!("{}_指標_{}.csv", safe_name(&o.name), safe_name(&ind.name)),
        ascii_name: format!("indicator{}_values.csv", ind.id.0),
        table: t,
    })
}

/// The year's review of each initiative.
pub async fn year_reviews(
    r: &(impl crate::ReadDb + ?Sized),
    ids: &[InitiativeId],
    year: FiscalYear,
) -> Result<HashMap<InitiativeId, GoalReview>> {
    let r = crate::db::read(r);
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        for rv in r.reviews_of(chunk).await? {
            if rv.fiscal_year == year {
                out.insert(rv.initiative_id, rv);
            }
        }
    }
    Ok(out)
}

/// `1-1 子育て支援の充実` for each of `nodes` (a department's year reads the nodes its
/// initiatives link to: [`public::DepartmentYear::links`]).
pub fn node_labels(nodes: &[PlanNode]) -> HashMap<NodeId, String> {
    nodes.iter().map(|n| (n.id, node_label(n))).collect()
}

fn node_label(n: &PlanNode) -> String {
    match &n.code {
        Some(c) => format!("{c} {}", n.title),
        None => n.title.clone(),
    }
}

/// What each indicator belongs to: `施策 1-1 子育て支援の充実` or `取組 子育て世代…`.
pub async fn owner_labels(
    r: &(impl crate::ReadDb + ?Sized),
    list: &[Indicator],
) -> Result<HashMap<IndicatorOwner, String>> {
    let r = crate::db::read(r);
    let mut nodes: Vec<NodeId> = Vec::new();
    let mut items: Vec<i64> = Vec::new();
    for i in list {
        match i.owner {
            Some(IndicatorOwner::Node(n)) => nodes.push(n),
            Some(IndicatorOwner::Initiative(x)) => items.push(x.0),
            None => {}
        }
    }
    nodes.sort_by_key(|n| n.0);
    nodes.dedup();
    items.sort_unstable();
    items.dedup();
    let mut out = HashMap::new();
    for chunk in nodes.chunks(500) {
        for n in r.nodes_by_ids(chunk).await? {
            out.insert(IndicatorOwner::Node(n.id), format!("{} {}", n.kind_label, node_label(&n)));
        }
    }
    for chunk in items.chunks(500) {
        for i in r.initiatives_by_ids(chunk).await? {
            if i.draft.is_none() {
                out.insert(IndicatorOwner::Initiative(i.id), format!("取組 {}", i.name));
            }
        }
    }
    Ok(out)
}

/// Values joined by `sep`, or an empty cell.
pub fn joined(values: impl Iterator<Item = String>, sep: &str) -> Cell {
    let v: Vec<String> = values.collect();
    if v.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(v.join(sep))
    }
}
