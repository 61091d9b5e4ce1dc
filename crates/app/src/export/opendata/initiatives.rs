//! The year's initiatives of a bundle: `initiatives`, `initiative_nodes` (links to plan
//! nodes) and `reviews` (the year's result, issues, progress, judgement). Published only.

use super::{code_field, year_field};
use crate::error::Result;
use crate::export::tables::{joined, year_reviews};
use crate::public;
use hoshin_domain::*;
use hoshin_exchange::{Cell, Field, FieldType as T, Table};
use hoshin_store::Read;
use std::collections::HashSet;

/// What [`tables`] gives: the initiatives read, and their three tables.
pub(super) struct InitiativeTables {
    pub items: Vec<Initiative>,
    pub initiatives: Table,
    pub links: Table,
    pub reviews: Table,
}

pub(super) async fn tables(
    r: &dyn Read,
    org: OrgId,
    year: FiscalYear,
    code_cell: &Cell,
    theme_ids: &HashSet<ThemeId>,
) -> Result<InitiativeTables> {
    let code = || code_cell.clone();
    let fy = Cell::Int(i64::from(year.year()));

    let (items, _) = public::year_initiatives(r, org, year, usize::MAX).await?;
    let mut initiatives = Table::new(
        "initiatives",
        "取組",
        "部局運営方針の取組・事務事業など（公開されているもの）",
        vec![
            code_field(),
            year_field(),
            Field::new("initiative_id", T::Integer, "取組ID", "hoshin内の取組番号"),
            Field::new("department_id", T::Integer, "部局ID", "担当する部局"),
            Field::new("theme_id", T::Integer, "重点項目ID", "属する重点項目"),
            Field::new(
                "kind",
                T::String,
                "区分",
                "annual（当年度の取組）・midterm（中期目標）・action（施策の取組）・program（事務事業）",
            ),
            Field::new("name", T::String, "取組名", "名称"),
            Field::new("summary", T::String, "概要", "概要"),
            Field::new("reform", T::String, "行革の視点", "行財政改革の視点（「、」区切り）"),
            Field::new("reform_text", T::String, "行革の視点からの取組内容", "行革の視点からの取組み内容"),
            Field::new("sdgs", T::String, "SDGs", "関係するSDGsのゴール番号（「;」区切り）"),
            Field::new("schedule", T::String, "スケジュール", "年間の予定（改行区切り）"),
            Field::new("period_end", T::Year, "終了年度", "中期目標などの終了年度（西暦）"),
            Field::new("predecessor_id", T::Integer, "前年度の取組ID", "前年度の同じ取組（前年度の束に含まれる）"),
            Field::new("sort_order", T::Integer, "並び順", "表示の順"),
        ],
    )
    .with_primary_key(&["initiative_id"])
    .with_foreign_key(&["department_id"], "departments", &["department_id"])
    .with_foreign_key(&["theme_id"], "themes", &["theme_id"]);
    let mut links = Table::new(
        "initiative_nodes",
        "取組と計画の関係",
        "取組が関係する計画の政策・施策",
        vec![
            code_field(),
            Field::new("initiative_id", T::Integer, "取組ID", "取組"),
            Field::new("node_id", T::Integer, "計画項目ID", "計画の政策・施策など"),
        ],
    )
    .with_primary_key(&["initiative_id", "node_id"])
    .with_foreign_key(&["initiative_id"], "initiatives", &["initiative_id"])
    .with_foreign_key(&["node_id"], "plan_nodes", &["node_id"]);
    for i in &items {
        initiatives.push(vec![
            code(),
            fy.clone(),
            Cell::Int(i.id.0),
            Cell::int(i.department_id.map(|d| d.0)),
            // A theme the public may not see yet is left out, as on the pages.
            Cell::int(i.theme_id.filter(|t| theme_ids.contains(t)).map(|t| t.0)),
            i.kind.as_str().into(),
            i.name.clone().into(),
            Cell::text(i.summary.clone()),
            joined(i.reform_perspectives.iter().map(ReformPerspective::display), "、"),
            Cell::text(i.reform_text.clone()),
            joined(i.sdg_goals.iter().map(|g| g.number().to_string()), ";"),
            joined(i.milestones.iter().map(|m| m.text.clone()), "\n"),
            Cell::int(i.period_end.map(|y| i64::from(y.year()))),
            Cell::int(i.predecessor_id.map(|p| p.0)),
            Cell::Int(i64::from(i.sort_order)),
        ]);
        let mut nodes = i.node_ids.clone();
        nodes.sort_by_key(|n| n.0);
        nodes.dedup();
        for n in nodes {
            links.push(vec![code(), Cell::Int(i.id.0), Cell::Int(n.0)]);
        }
    }

    let ids: Vec<InitiativeId> = items.iter().map(|i| i.id).collect();
    let year_reviews = year_reviews(r, &ids, year).await?;
    let mut reviews = Table::new(
        "reviews",
        "目標と振り返り",
        "取組のその年度の実績・課題・進捗・判定",
        vec![
            code_field(),
            year_field(),
            Field::new("initiative_id", T::Integer, "取組ID", "取組"),
            Field::new("result", T::String, "実績", "取組みを行った内容・成果"),
            Field::new("issues_next", T::String, "課題・今後の方向性", "課題と今後の方向性"),
            Field::new("progress", T::Integer, "進捗率", "進捗率（%）"),
            Field::new("judgement", T::String, "判定", "団体の判定区分による判定"),
        ],
    )
    .with_primary_key(&["initiative_id", "fiscal_year"])
    .with_foreign_key(&["initiative_id"], "initiatives", &["initiative_id"]);
    for i in &items {
        if let Some(rv) = year_reviews.get(&i.id) {
            reviews.push(vec![
                code(),
                fy.clone(),
                Cell::Int(i.id.0),
                Cell::text(rv.result.clone()),
                Cell::text(rv.issues_next.clone()),
                Cell::int(rv.progress),
                Cell::text(rv.judgement.clone()),
            ]);
        }
    }
    Ok(InitiativeTables { items, initiatives, links, reviews })
}
