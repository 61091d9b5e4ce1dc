//! The organization-year workbook (`hoshin export --format xlsx`): one sheet per department
//! with its 部局運営方針 — stance, the year's priority themes, its (and its 課') initiatives
//! with schedule (goals) and the year's review (results) — and a KPI sheet: every indicator
//! with baseline, target and the actual of each year up to the workbook's. Years and dates in
//! 和暦 with 西暦. Reads [`crate::public`] like the pages.
//!
//! The web's 「Excelで開く」 downloads are built here too: the whole workbook
//! ([`year_file`]), one department's sheet ([`department_file`]) and the KPI sheet alone
//! ([`indicators_file`]).

use super::tables::{joined, node_labels, owner_labels, year_reviews};
use super::{ascii_prefix, file_prefix, safe_name, NamedFile};
use crate::dashboard::{jst_date_time, wareki_date};
use crate::error::Result;
use crate::public;
use hoshin_domain::*;
use hoshin_exchange::xlsx::Sheet;
use hoshin_exchange::{Cell, Field, FieldType as T, Table};
use hoshin_store::{Read, StoreError};

/// The sheet of the indicators.
pub const KPI_SHEET: &str = "指標";

/// The file name of an organization-year workbook.
pub fn file_name(org: &Organization, year: FiscalYear) -> String {
    format!("{}_部局運営方針.xlsx", super::file_prefix(org, year))
}

/// The workbook's bytes.
pub async fn workbook(r: &(impl crate::ReadDb + ?Sized), org: OrgId, year: FiscalYear) -> Result<Vec<u8>> {
    let r = crate::db::read(r);
    Ok(hoshin_exchange::xlsx::workbook(&sheets(r, org, year).await?)?)
}

/// The whole workbook as a download; a year without published initiatives is not found (as
/// its open-data bundle).
pub async fn year_file(r: &dyn Read, org: OrgId, year: FiscalYear) -> Result<NamedFile> {
    let o = public::organization(r, org).await?;
    if !crate::years::published_years(r, o.id).await?.contains(&year) {
        return Err(StoreError::NotFound { table: "fiscal_years", id: year.year().to_string() }.into());
    }
    Ok(NamedFile {
        file_name: file_name(&o, year),
        ascii_name: format!("{}_policy.xlsx", ascii_prefix(&o, year)),
        bytes: workbook(r, o.id, year).await?,
    })
}

/// One department's (and its 課') 部局運営方針 of a year: its sheet of the workbook.
pub async fn department_file(r: &dyn Read, org: OrgId, year: FiscalYear, dept: DepartmentId) -> Result<NamedFile> {
    let (sheet, o, d) = department_sheet(r, org, year, dept, None).await?;
    Ok(NamedFile {
        file_name: format!("{}_{}_部局運営方針.xlsx", file_prefix(&o, year), safe_name(&d.name)),
        ascii_name: format!("{}_department{}_policy.xlsx", ascii_prefix(&o, year), d.id.0),
        bytes: hoshin_exchange::xlsx::workbook(&[sheet])?,
    })
}

/// The KPI sheet alone: every published indicator with baseline, target and the actual of
/// each year up to `year`.
pub async fn indicators_file(r: &dyn Read, org: OrgId, year: FiscalYear) -> Result<NamedFile> {
    let o = public::organization(r, org).await?;
    Ok(NamedFile {
        file_name: format!("{}_指標.xlsx", file_prefix(&o, year)),
        ascii_name: format!("{}_indicators.xlsx", ascii_prefix(&o, year)),
        bytes: hoshin_exchange::xlsx::workbook(&[kpi_sheet(r, o.id, year).await?])?,
    })
}

/// The sheets: departments in department order (those with initiatives or a stance in the
/// year), then [`KPI_SHEET`].
pub async fn sheets(r: &(impl crate::ReadDb + ?Sized), org: OrgId, year: FiscalYear) -> Result<Vec<Sheet>> {
    let r = crate::db::read(r);
    let (tops, _) = crate::years::year_departments(r, org, year).await?;
    let mut out = Vec::new();
    for d in &tops {
        out.push(department_sheet(r, org, year, d.department.id, Some(&d.name)).await?.0);
    }
    out.push(kpi_sheet(r, org, year).await?);
    Ok(out)
}

/// A department's sheet under `name` (the name it had in the year; `None`: its current name),
/// with its organization and department.
async fn department_sheet(
    r: &dyn Read,
    org: OrgId,
    year: FiscalYear,
    dept: DepartmentId,
    name: Option<&str>,
) -> Result<(Sheet, Organization, Department)> {
    let dy = public::department_year(r, org, year, dept).await?;
    let name = name.unwrap_or(&dy.department.name).to_string();
    let ids: Vec<InitiativeId> = dy.items.iter().map(|i| i.id).collect();
    let reviews = year_reviews(r, &ids, year).await?;
    let nodes = node_labels(&dy.links.nodes);
    let mut notes =
        vec![("基本的考え方".to_string(), dy.policy.as_ref().map_or_else(String::new, |p| p.stance.clone()))];
    if !dy.themes.is_empty() {
        notes.push(("重点項目".into(), dy.themes.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join("、")));
    }
    if let Some(rev) = &dy.published {
        let at = rev.published_at.map(|t| format!("（{}公開）", wareki_date(&jst_date_time(t).0))).unwrap_or_default();
        notes.push(("版".into(), format!("第{}版{at}", rev.number)));
    }
    if dy.limited {
        notes.push(("注".into(), format!("取組が多いため先頭の{}件のみ", public::MAX_DEPARTMENT_ITEMS)));
    }
    let mut t = Table::new(
        "initiatives",
        "取組",
        "",
        vec![
            Field::new("theme", T::String, "重点項目", ""),
            Field::new("name", T::String, "取組名", ""),
            Field::new("department", T::String, "担当", ""),
            Field::new("summary", T::String, "概要", ""),
            Field::new("plan_links", T::String, "計画との関係", ""),
            Field::new("schedule", T::String, "目標・スケジュール", ""),
            Field::new("result", T::String, "実績", ""),
            Field::new("issues_next", T::String, "課題・今後の方向性", ""),
            Field::new("progress", T::Integer, "進捗率（%）", ""),
            Field::new("judgement", T::String, "判定", ""),
        ],
    );
    // Grouped by priority theme in the themes' order, as the page and the booklet show them.
    let mut items: Vec<&Initiative> = dy.items.iter().collect();
    items.sort_by_key(|i| i.theme_id.and_then(|t| dy.themes.iter().position(|x| x.id == t)).unwrap_or(usize::MAX));
    for i in items {
        let rv = reviews.get(&i.id);
        t.push(vec![
            Cell::text(dy.theme_name(i.theme_id)),
            i.name.clone().into(),
            Cell::text(dy.department_name(i.department_id)),
            Cell::text(i.summary.clone()),
            joined(i.node_ids.iter().filter_map(|n| nodes.get(n).cloned()), "\n"),
            joined(i.milestones.iter().map(|m| m.text.clone()), "\n"),
            Cell::text(rv.and_then(|r| r.result.clone())),
            Cell::text(rv.and_then(|r| r.issues_next.clone())),
            Cell::int(rv.and_then(|r| r.progress)),
            Cell::text(rv.and_then(|r| r.judgement.clone())),
        ]);
    }
    let sheet = Sheet {
        title: format!("{name} 部局運営方針 {}（{}）", year.label(), dy.org.name),
        name,
        notes,
        table: t,
        landscape: true,
    };
    Ok((sheet, dy.org, dy.department))
}

async fn kpi_sheet(r: &dyn Read, org: OrgId, year: FiscalYear) -> Result<Sheet> {
    let o = r.get_organization(org).await?;
    let list = public::all_indicators(r, org).await?;
    let owners = owner_labels(r, &list).await?;
    let mut years: Vec<FiscalYear> =
        list.iter().flat_map(|i| i.actuals.iter().map(|a| a.fiscal_year)).filter(|y| *y <= year).collect();
    years.sort();
    years.dedup();
    let mut fields = vec![
        Field::new("name", T::String, "指標", ""),
        Field::new("owner", T::String, "対象", ""),
        Field::new("unit", T::String, "単位", ""),
        Field::new("baseline", T::String, "基準値", ""),
        Field::new("baseline_year", T::String, "基準年度", ""),
        Field::new("target", T::String, "目標値", ""),
        Field::new("target_year", T::String, "目標年度", ""),
    ];
    for y in &years {
        fields.push(Field::new(&format!("actual_{}", y.year()), T::String, &format!("実績 {}", y.label()), ""));
    }
    fields.push(Field::new("status", T::String, &format!("状況（{}）", year.wareki()), ""));
    let mut t = Table::new("indicators", "指標", "", fields);
    for i in &list {
        let mut row = vec![
            i.name.clone().into(),
            Cell::text(i.owner.and_then(|ow| owners.get(&ow).cloned())),
            Cell::text(i.unit.clone()),
            Cell::text(i.baseline.as_ref().map(|q| q.text.clone())),
            Cell::text(i.baseline_year.map(FiscalYear::label).or_else(|| i.baseline_note.clone())),
            Cell::text(i.target.as_ref().map(|q| q.text.clone())),
            Cell::text(i.target_year.map(FiscalYear::label)),
        ];
        for y in &years {
            row.push(Cell::text(i.actuals.iter().find(|a| a.fiscal_year == *y).map(|a| a.value.text.clone())));
        }
        row.push(i.status_in(year).label().into());
        t.push(row);
    }
    Ok(Sheet {
        name: KPI_SHEET.into(),
        title: format!("{} 指標（KPI）の実績 {}", o.name, year.label()),
        notes: vec![(
            "状況".into(),
            format!("{}時点の実績を、基準値から目標値までの進み具合と比べた結果", year.label()),
        )],
        table: t,
        landscape: true,
    })
}
