//! The open-data bundle of one organization and fiscal year: a zip of CSV files and
//! `datapackage.json` (Frictionless Data Package), every row keyed by the organization's
//! 全国地方公共団体コード (`org_code`, empty when the organization has none registered), and
//! the catalogue of every organization-year that has one.
//!
//! Resources: `organization`, `departments`, `themes`, `policies`, `initiatives`,
//! `initiative_nodes`, `reviews`, `indicators`, `indicator_actuals` (the years up to the
//! bundle's), `plan_nodes`. Published data only, read as the pages read it.

mod catalogue;
mod indicators;
mod initiatives;
mod organization;

pub use catalogue::{catalogue, CatalogueEntry, CATALOGUE_PAGE};

use super::{ascii_prefix, Named};
use crate::error::Result;
use hoshin_domain::*;
use hoshin_exchange::datapackage::Package;
use hoshin_exchange::{Cell, Field, FieldType as T};

/// The ASCII file name of a bundle (`999997_2024_opendata.zip`).
pub fn file_name(org: &Organization, year: FiscalYear) -> String {
    format!("{}_opendata.zip", ascii_prefix(org, year))
}

/// The Japanese file name of a bundle (`サンプル市_令和6年度_オープンデータ.zip`).
pub fn japanese_file_name(org: &Organization, year: FiscalYear) -> String {
    format!("{}_オープンデータ.zip", super::file_prefix(org, year))
}

fn code_field() -> Field {
    Field::new("org_code", T::String, "全国地方公共団体コード", "総務省の全国地方公共団体コード（6桁、検査数字付き）")
}

fn year_field() -> Field {
    Field::new("fiscal_year", T::Year, "年度", "会計年度（西暦。2024は令和6年度）")
}

/// Every table of an organization's year.
pub async fn package(r: &(impl crate::ReadDb + ?Sized), org: OrgId, year: FiscalYear) -> Result<Package> {
    let r = crate::db::read(r);
    let o = r.get_organization(org).await?;
    let code = Cell::text(o.code.as_ref().map(|c| c.as_str().to_string()));
    let own = organization::tables(r, &o, year, &code).await?;
    let ini = initiatives::tables(r, org, year, &code, &own.theme_ids).await?;
    let plan_nodes = indicators::plan_nodes(r, org, &code).await?;
    let (indicators, actuals) = indicators::tables(r, org, year, &code, &plan_nodes, &ini.items).await?;
    let name = match &o.code {
        Some(c) => format!("hoshin-{}-{}", c.as_str(), year.year()),
        None => format!("hoshin-org{}-{}", o.id.0, year.year()),
    };
    Ok(Package {
        name,
        title: format!("{} {} 計画・取組・指標", o.name, year.label()),
        description: format!(
            "{}の{}の部局運営方針、取組、指標と実績、計画の体系（公開されているもの）。各行の org_code は全国地方公共団体コード。",
            o.name,
            year.label()
        ),
        keywords: vec![o.name.clone(), year.label(), "部局運営方針".into(), "KPI".into()],
        tables: vec![
            own.organization,
            own.departments,
            own.themes,
            own.policies,
            ini.initiatives,
            ini.links,
            ini.reviews,
            plan_nodes,
            indicators,
            actuals,
        ],
    })
}

/// The zip of an organization's year.
pub async fn bundle(r: &(impl crate::ReadDb + ?Sized), org: OrgId, year: FiscalYear) -> Result<Vec<u8>> {
    let r = crate::db::read(r);
    Ok(hoshin_exchange::datapackage::bundle(&package(r, org, year).await?)?)
}

/// The bundle's tables as [`Named`] CSV files (`hoshin export --format csv`).
pub async fn csv_files(r: &(impl crate::ReadDb + ?Sized), org: OrgId, year: FiscalYear) -> Result<Vec<Named>> {
    let r = crate::db::read(r);
    let p = package(r, org, year).await?;
    Ok(p.tables.into_iter().map(|t| Named { file_name: t.file_name(), ascii_name: t.file_name(), table: t }).collect())
}
