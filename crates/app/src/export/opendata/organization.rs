//! The organization's own resources of a bundle: `organization`, `departments` (under their
//! names of the year), `themes` (published only) and `policies` (the stances).

use super::{code_field, year_field};
use crate::error::Result;
use hoshin_domain::*;
use hoshin_exchange::{Cell, Field, FieldType as T, Table};
use hoshin_store::Read;
use std::collections::HashSet;

/// What [`tables`] gives: the four tables and the ids of the published themes.
pub(super) struct OrgTables {
    pub organization: Table,
    pub departments: Table,
    pub themes: Table,
    pub policies: Table,
    pub theme_ids: HashSet<ThemeId>,
}

pub(super) async fn tables(r: &dyn Read, o: &Organization, year: FiscalYear, code_cell: &Cell) -> Result<OrgTables> {
    let org = o.id;
    let code = || code_cell.clone();
    let fy = Cell::Int(i64::from(year.year()));

    let mut organization = Table::new(
        "organization",
        "団体",
        "団体の名称とコード",
        vec![
            code_field(),
            Field::new("org_id", T::Integer, "団体ID", "hoshin内の団体番号"),
            Field::new("name", T::String, "団体名", "団体の名称"),
            Field::new("prefecture", T::String, "都道府県", "所在する都道府県"),
        ],
    )
    .with_primary_key(&["org_id"]);
    organization.push(vec![code(), Cell::Int(o.id.0), o.name.clone().into(), Cell::text(o.prefecture.clone())]);

    // Departments, each under the name it had in the year.
    let all_departments = r.list_departments(org).await?;
    let mut departments = Table::new(
        "departments",
        "部局",
        "部と課（課は上位の部を持つ）。名称はその年度のもの",
        vec![
            code_field(),
            Field::new("department_id", T::Integer, "部局ID", "hoshin内の部局番号"),
            Field::new("parent_id", T::Integer, "上位部局ID", "課の場合、所属する部の部局ID"),
            Field::new("name", T::String, "部局名", "その年度の名称"),
            Field::new("sort_order", T::Integer, "並び順", "表示の順"),
        ],
    )
    .with_primary_key(&["department_id"])
    .with_foreign_key(&["parent_id"], "departments", &["department_id"]);
    for d in &all_departments {
        let history = r.department_names(d.id).await?;
        departments.push(vec![
            code(),
            Cell::Int(d.id.0),
            Cell::int(d.parent_id.map(|p| p.0)),
            crate::years::name_in_year(&d.name, &history, year).into(),
            Cell::Int(i64::from(d.sort_order)),
        ]);
    }

    let published_themes = r.published_themes(org, year).await?;
    let theme_ids: HashSet<ThemeId> = published_themes.iter().map(|t| t.id).collect();
    let mut themes = Table::new(
        "themes",
        "重点項目",
        "その年度の重点項目（公開されているもの）",
        vec![
            code_field(),
            year_field(),
            Field::new("theme_id", T::Integer, "重点項目ID", "hoshin内の重点項目番号"),
            Field::new("name", T::String, "重点項目", "名称"),
            Field::new("sort_order", T::Integer, "並び順", "表示の順"),
        ],
    )
    .with_primary_key(&["theme_id"]);
    for t in &published_themes {
        themes.push(vec![
            code(),
            fy.clone(),
            Cell::Int(t.id.0),
            t.name.clone().into(),
            Cell::Int(i64::from(t.sort_order)),
        ]);
    }

    let mut policies = Table::new(
        "policies",
        "部局運営方針",
        "部局ごとのその年度の基本的考え方",
        vec![
            code_field(),
            year_field(),
            Field::new("department_id", T::Integer, "部局ID", "方針を定めた部局"),
            Field::new("stance", T::String, "基本的考え方", "部局運営の基本的考え方"),
            Field::new("notes", T::String, "その他", "方針・総括などその他の記載"),
        ],
    )
    .with_primary_key(&["department_id", "fiscal_year"])
    .with_foreign_key(&["department_id"], "departments", &["department_id"]);
    for p in r.year_policies(org, year).await? {
        policies.push(vec![code(), fy.clone(), Cell::Int(p.department_id.0), p.stance.into(), Cell::text(p.notes)]);
    }
    Ok(OrgTables { organization, departments, themes, policies, theme_ids })
}
