//! What the public may read, decided once: the reads behind the public pages that the
//! downloads (CSV, the open-data bundle, `hoshin export`) share, so a page and its download
//! cannot disagree. Only the published record: live rows (not a revision's drafts), the
//! published priority themes, the latest published revision.

use crate::error::Result;
use hoshin_domain::*;
use hoshin_store::{Page, StoreError};

/// The most initiatives one department's page (and its download) lists.
pub const MAX_DEPARTMENT_ITEMS: u32 = 1_000;

/// A department and everything under it (its 課), from the organization's department list.
pub fn family(all: &[Department], root: DepartmentId) -> Vec<DepartmentId> {
    let mut out = vec![root];
    let mut i = 0;
    while i < out.len() {
        let parent = out[i];
        out.extend(all.iter().filter(|d| d.parent_id == Some(parent)).map(|d| d.id));
        i += 1;
        if out.len() > all.len() + 1 {
            break;
        }
    }
    out
}

/// A department that must belong to `org` (a department id of another organization is not
/// found, as on the pages).
pub async fn department_of(r: &(impl crate::ReadDb + ?Sized), org: OrgId, id: DepartmentId) -> Result<Department> {
    let r = crate::db::read(r);
    let d = r.get_department(id).await?;
    if d.org_id == org {
        Ok(d)
    } else {
        Err(StoreError::NotFound { table: "departments", id: id.0.to_string() }.into())
    }
}

/// `id` among an organization's departments (its [`departments`]): what [`department_of`]
/// reads on its own, without a read when the page needs the list anyway. Not found when `id`
/// is not one of them (another organization's department, or none).
pub fn department_in(departments: &[Department], id: DepartmentId) -> Result<Department> {
    departments
        .iter()
        .find(|d| d.id == id)
        .cloned()
        .ok_or_else(|| StoreError::NotFound { table: "departments", id: id.0.to_string() }.into())
}

/// A department's (and its 課') published initiatives of a year, at most
/// [`MAX_DEPARTMENT_ITEMS`]; `true` when there are more.
pub async fn department_initiatives(
    r: &(impl crate::ReadDb + ?Sized),
    fam: &[DepartmentId],
    year: FiscalYear,
) -> Result<(Vec<Initiative>, bool)> {
    let r = crate::db::read(r);
    let mut items = r.departments_initiatives(fam, year, Page::first(MAX_DEPARTMENT_ITEMS + 1)).await?;
    let limited = items.len() > MAX_DEPARTMENT_ITEMS as usize;
    items.truncate(MAX_DEPARTMENT_ITEMS as usize);
    Ok((items, limited))
}

/// The latest published revision of a department's policy (of its 部: a 課 is published with
/// it).
pub async fn published_revision(
    r: &(impl crate::ReadDb + ?Sized),
    departments: &[Department],
    dept: &Department,
    year: FiscalYear,
) -> Result<Option<PolicyRevision>> {
    let r = crate::db::read(r);
    let owner = dept.parent_id.and_then(|p| departments.iter().find(|d| d.id == p)).map_or(dept.id, |p| p.id);
    Ok(r.revisions_of(owner, year)
        .await?
        .into_iter()
        .filter(|r| r.state == RevisionState::Published)
        .max_by_key(|r| r.number))
}

/// One department's year as its page shows it.
#[derive(Debug, Clone)]
pub struct DepartmentYear {
    pub org: Organization,
    pub department: Department,
    /// Every department of the organization (names, parents).
    pub departments: Vec<Department>,
    /// Its and its 課' published initiatives, at most [`MAX_DEPARTMENT_ITEMS`].
    pub items: Vec<Initiative>,
    /// More initiatives exist than `items` holds.
    pub limited: bool,
    /// Its stance (部局運営方針) of the year.
    pub policy: Option<DepartmentPolicy>,
    /// The latest published revision, when the policy was published through hoshin.
    pub published: Option<PolicyRevision>,
    /// The year's published priority themes.
    pub themes: Vec<PriorityTheme>,
    /// The plan nodes `items` link to, and the kinds of the organization's plans: what the
    /// tables name the links by ([`LinkContext`]).
    pub links: LinkContext,
}

impl DepartmentYear {
    /// The name of a published theme (an unpublished one has none).
    pub fn theme_name(&self, id: Option<ThemeId>) -> Option<&str> {
        let id = id?;
        self.themes.iter().find(|t| t.id == id).map(|t| t.name.as_str())
    }

    pub fn department_name(&self, id: Option<DepartmentId>) -> Option<&str> {
        let id = id?;
        self.departments.iter().find(|d| d.id == id).map(|d| d.name.as_str())
    }
}

/// Reads a department's year (not found: the organization, or a department of another one).
pub async fn department_year(
    r: &(impl crate::ReadDb + ?Sized),
    org: OrgId,
    year: FiscalYear,
    dept: DepartmentId,
) -> Result<DepartmentYear> {
    let r = crate::db::read(r);
    // Read at once: on PostgreSQL they leave together (`store/src/pgread.rs`).
    let (org, departments) =
        tokio::try_join!(async { Ok::<_, crate::AppError>(r.get_organization(org).await?) }, async {
            Ok(r.list_departments(org).await?)
        },)?;
    let department = department_in(&departments, dept)?;
    let fam = family(&departments, department.id);
    // The linked nodes are read by the departments and year, beside the initiatives rather
    // than by the initiatives' links after them: one round trip fewer on PostgreSQL.
    let ((items, limited), policy, published, themes, nodes) = tokio::try_join!(
        department_initiatives(r, &fam, year),
        async { Ok(r.get_department_policy(department.id, year).await?) },
        published_revision(r, &departments, &department, year),
        async { Ok(r.published_themes(org.id, year).await?) },
        async { Ok(r.departments_year_nodes(&fam, year).await?) },
    )?;
    let links = LinkContext::of(nodes, Vec::new());
    Ok(DepartmentYear { org, department, departments, items, limited, policy, published, themes, links })
}

/// A year's published initiatives of an organization, read a store page at a time, at most
/// `max`; `true` when there are more.
pub async fn year_initiatives(
    r: &(impl crate::ReadDb + ?Sized),
    org: OrgId,
    year: FiscalYear,
    max: usize,
) -> Result<(Vec<Initiative>, bool)> {
    let r = crate::db::read(r);
    let mut page = Page::first(Page::MAX_LIMIT);
    let mut all = Vec::new();
    loop {
        let chunk = r.list_initiatives(org, Some(year), page).await?;
        let full = chunk.len() == page.limit as usize;
        all.extend(chunk);
        if !full {
            return Ok((all, false));
        }
        if all.len() >= max {
            // One more row tells whether anything was left out.
            let more =
                !r.list_initiatives(org, Some(year), Page { limit: 1, offset: page.next().offset }).await?.is_empty();
            all.truncate(max);
            return Ok((all, more));
        }
        page = page.next();
    }
}

/// [`year_initiatives`] as the year-over-year comparison reads them (id, department, name,
/// summary, predecessor), read a store page at a time, at most `max`; `true` when there are more.
pub async fn year_initiative_briefs(
    r: &(impl crate::ReadDb + ?Sized),
    org: OrgId,
    year: FiscalYear,
    max: usize,
) -> Result<(Vec<hoshin_store::InitiativeBrief>, bool)> {
    let r = crate::db::read(r);
    let mut page = Page::first(Page::MAX_LIMIT);
    let mut all = Vec::new();
    loop {
        let chunk = r.initiative_briefs(org, year, page).await?;
        let full = chunk.len() == page.limit as usize;
        all.extend(chunk);
        if !full {
            return Ok((all, false));
        }
        if all.len() >= max {
            let more = !r.initiative_briefs(org, year, Page { limit: 1, offset: page.next().offset }).await?.is_empty();
            all.truncate(max);
            return Ok((all, more));
        }
        page = page.next();
    }
}

/// A published indicator (a revision's draft row is not found, as on its page).
pub async fn published_indicator(r: &(impl crate::ReadDb + ?Sized), id: IndicatorId) -> Result<Indicator> {
    let r = crate::db::read(r);
    let ind = r.get_indicator(id).await?;
    if ind.draft.is_some() {
        return Err(StoreError::NotFound { table: "indicators", id: id.0.to_string() }.into());
    }
    Ok(ind)
}

/// The organization's published indicators, one page (as the indicator list shows them).
pub async fn indicators_page(r: &(impl crate::ReadDb + ?Sized), org: OrgId, page: Page) -> Result<Vec<Indicator>> {
    let r = crate::db::read(r);
    Ok(r.list_indicators(org, page).await?)
}

/// Every published indicator of the organization (the indicator list's rows, all pages).
pub async fn all_indicators(r: &(impl crate::ReadDb + ?Sized), org: OrgId) -> Result<Vec<Indicator>> {
    let r = crate::db::read(r);
    let mut page = Page::first(Page::MAX_LIMIT);
    let mut all = Vec::new();
    loop {
        let chunk = indicators_page(r, org, page).await?;
        let full = chunk.len() == page.limit as usize;
        all.extend(chunk);
        if !full {
            return Ok(all);
        }
        page = page.next();
    }
}

mod lists;
mod pages;
pub mod rollup;
pub use lists::*;
pub use pages::*;

/// What the public tables of initiatives need to name their links: the plan nodes the
/// initiatives point to, the kinds of those nodes' plans, and the year's published themes
/// (none without a year).
#[derive(Debug, Clone, Default)]
pub struct LinkContext {
    pub nodes: Vec<PlanNode>,
    pub plan_kinds: Vec<(PlanId, PlanKind)>,
    pub themes: Vec<PriorityTheme>,
}

impl LinkContext {
    /// The context of nodes read with their plans' kinds, and `themes`.
    pub fn of(nodes: Vec<(PlanNode, PlanKind)>, themes: Vec<PriorityTheme>) -> Self {
        let mut plan_kinds: Vec<(PlanId, PlanKind)> = nodes.iter().map(|(n, k)| (n.plan_id, *k)).collect();
        plan_kinds.sort_by_key(|(p, _)| p.0);
        plan_kinds.dedup_by_key(|(p, _)| *p);
        Self { nodes: nodes.into_iter().map(|(n, _)| n).collect(), plan_kinds, themes }
    }
}

/// Three statements at once: the linked nodes, the organization's plans (their kinds), the
/// year's published themes. (The nodes with their plans' kinds in one statement, as
/// `Read::departments_year_nodes` reads them, measured slower for the booklet's many nodes
/// on PostgreSQL: 0.80 → 0.86 ms a page, one request at a time.)
pub async fn link_context(
    r: &(impl crate::ReadDb + ?Sized),
    org: OrgId,
    year: Option<FiscalYear>,
    initiatives: &[Initiative],
) -> Result<LinkContext> {
    let r = crate::db::read(r);
    let mut ids: Vec<NodeId> = initiatives.iter().flat_map(|i| i.node_ids.iter().copied()).collect();
    ids.sort_by_key(|n| n.0);
    ids.dedup();
    let themes = async {
        Ok(match year {
            Some(y) => r.published_themes(org, y).await?,
            None => Vec::new(),
        })
    };
    let (nodes, plans, themes) = tokio::try_join!(
        async { Ok::<_, crate::AppError>(r.nodes_by_ids(&ids).await?) },
        async { Ok(r.list_plans(org).await?) },
        themes,
    )?;
    let plan_kinds = plans.into_iter().map(|p| (p.id, p.kind)).collect();
    Ok(LinkContext { nodes, plan_kinds, themes })
}
