//! Bounded read queries for the pages: every function here runs a fixed, small number of
//! indexed queries whatever the size of the database (the national synthetic dataset must
//! never be loaded whole).

use crate::error::Result;
use hoshin_domain::*;
use hoshin_store::{Page, Store};

/// Rows per page on list pages.
pub const PAGE_SIZE: u32 = 50;

/// One page of organizations; `has_next` when the page came back full.
#[derive(Debug, Clone)]
pub struct OrganizationList {
    pub organizations: Vec<Organization>,
    pub page: u32,
    pub has_next: bool,
}

/// `page` counts from 1.
pub async fn organizations(store: &dyn Store, page: u32) -> Result<OrganizationList> {
    let page = page.max(1);
    let window = Page { limit: PAGE_SIZE + 1, offset: (page - 1).saturating_mul(PAGE_SIZE) };
    let mut organizations = store.list_organizations(window).await?;
    let has_next = organizations.len() > PAGE_SIZE as usize;
    organizations.truncate(PAGE_SIZE as usize);
    Ok(OrganizationList { organizations, page, has_next })
}

/// An organization's page: its departments and one fiscal year's initiatives, one page of them.
#[derive(Debug, Clone)]
pub struct OrganizationView {
    pub organization: Organization,
    pub departments: Vec<Department>,
    /// The year shown; `None` when the organization has no dated initiative.
    pub year: Option<FiscalYear>,
    pub has_prev_year: bool,
    pub has_next_year: bool,
    pub initiatives: Vec<Initiative>,
    /// The year's priority themes (重点項目).
    pub themes: Vec<PriorityTheme>,
    /// Initiatives of the year in all pages.
    pub total: i64,
    pub page: u32,
    pub pages: u32,
}

impl OrganizationView {
    pub fn department_name(&self, id: Option<DepartmentId>) -> Option<&str> {
        let id = id?;
        self.departments.iter().find(|d| d.id == id).map(|d| d.name.as_str())
    }
}

/// `year` `None` shows the first year that has initiatives; `page` counts from 1.
pub async fn organization(
    store: &dyn Store,
    id: OrgId,
    year: Option<FiscalYear>,
    page: u32,
) -> Result<OrganizationView> {
    let organization = store.get_organization(id).await?;
    let departments = store.list_departments(id).await?;
    let year = match year {
        Some(y) => Some(y),
        None => store.list_initiatives(id, None, Page::first(1)).await?.into_iter().find_map(|i| i.fiscal_year),
    };
    let page = page.max(1);
    let themes = match year {
        Some(y) => store.list_themes(id, y).await?,
        None => Vec::new(),
    };
    let (initiatives, total, has_prev_year, has_next_year) = match year {
        Some(y) => {
            let window = Page { limit: PAGE_SIZE, offset: (page - 1).saturating_mul(PAGE_SIZE) };
            let list = store.list_initiatives(id, Some(y), window).await?;
            let total = store.count_initiatives(id, Some(y)).await?;
            let prev = match y.prev() {
                Some(p) => store.count_initiatives(id, Some(p)).await? > 0,
                None => false,
            };
            let next = match y.next() {
                Some(n) => store.count_initiatives(id, Some(n)).await? > 0,
                None => false,
            };
            (list, total, prev, next)
        }
        None => (Vec::new(), 0, false, false),
    };
    let pages = ((total.max(0) as u64).div_ceil(u64::from(PAGE_SIZE))).max(1) as u32;
    Ok(OrganizationView {
        organization,
        departments,
        year,
        has_prev_year,
        has_next_year,
        initiatives,
        themes,
        total,
        page,
        pages,
    })
}
