//! The catalogue of open-data bundles: every organization-year with published initiatives.

use crate::error::Result;
use hoshin_domain::*;
use hoshin_store::Page;

/// One bundle in the catalogue.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogueEntry {
    pub org: Organization,
    pub year: FiscalYear,
    /// Published initiatives of the year (the bundle's largest resource).
    pub initiatives: i64,
}

/// Organizations per catalogue page.
pub const CATALOGUE_PAGE: u32 = 50;

/// One page of the catalogue (by organization, [`CATALOGUE_PAGE`] at a time): every year of
/// each organization that has published initiatives; `true` when more organizations follow.
pub async fn catalogue(r: &(impl crate::ReadDb + ?Sized), page: u32) -> Result<(Vec<CatalogueEntry>, bool)> {
    let r = crate::db::read(r);
    let n = page.max(1);
    let mut orgs = r
        .list_organizations(Page { limit: CATALOGUE_PAGE + 1, offset: (n - 1).saturating_mul(CATALOGUE_PAGE) })
        .await?;
    let more = orgs.len() > CATALOGUE_PAGE as usize;
    orgs.truncate(CATALOGUE_PAGE as usize);
    let ids: Vec<OrgId> = orgs.iter().map(|o| o.id).collect();
    let years = r.org_years(&ids).await?;
    let mut out = Vec::new();
    for o in &orgs {
        for (_, y) in years.iter().filter(|(id, _)| *id == o.id) {
            let initiatives = r.count_initiatives(o.id, Some(*y)).await?;
            out.push(CatalogueEntry { org: o.clone(), year: *y, initiatives });
        }
    }
    Ok((out, more))
}
