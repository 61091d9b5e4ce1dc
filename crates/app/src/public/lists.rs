//! The published record as lists for the JSON API: every organization, year, department,
//! theme, initiative, indicator, plan and review the public pages show, filtered and cut into
//! windows by id (cursors are the last id of a window). Initiatives and indicators narrowed by
//! organization and year only are read a window at a time by keyset queries; other lists are
//! read whole (a city's size) and cut. Visibility is decided by the reads above (live rows only,
//! published themes); this file only selects and orders.

use crate::error::Result;
use hoshin_domain::*;
use hoshin_store::{Page, Read, StoreError};

/// The largest window a list answers.
pub const MAX_WINDOW: u32 = 1_000;

/// Records with ids greater than a cursor, at most `limit`, and the id to continue after when
/// more are left.
#[derive(Debug, Clone)]
pub struct Window<T> {
    pub items: Vec<T>,
    pub next_after: Option<i64>,
}

/// Cuts `all` (any order) into the window after `after`, ordered by id.
pub fn window<T>(mut all: Vec<T>, id: impl Fn(&T) -> i64, after: Option<i64>, limit: u32) -> Window<T> {
    let limit = limit.clamp(1, MAX_WINDOW) as usize;
    all.retain(|t| after.is_none_or(|a| id(t) > a));
    all.sort_by_key(|t| id(t));
    let more = all.len() > limit;
    all.truncate(limit);
    let next_after = if more { all.last().map(&id) } else { None };
    Window { items: all, next_after }
}

fn not_found(table: &'static str, id: i64) -> crate::error::AppError {
    StoreError::NotFound { table, id: id.to_string() }.into()
}

/// Every organization.
pub async fn organizations(r: &(impl crate::ReadDb + ?Sized)) -> Result<Vec<Organization>> {
    let r = crate::db::read(r);
    let mut page = Page::first(Page::MAX_LIMIT);
    let mut all = Vec::new();
    loop {
        let chunk = r.list_organizations(page).await?;
        let full = chunk.len() == page.limit as usize;
        all.extend(chunk);
        if !full {
            return Ok(all);
        }
        page = page.next();
    }
}

/// The organizations a filter names (one, checked to exist), or all of them.
async fn orgs_of(r: &dyn Read, org: Option<OrgId>) -> Result<Vec<Organization>> {
    match org {
        Some(id) => Ok(vec![r.get_organization(id).await?]),
        None => organizations(r).await,
    }
}

/// The fiscal years an organization has records for (as its page lists them), oldest first.
pub async fn years(r: &(impl crate::ReadDb + ?Sized), org: OrgId) -> Result<Vec<FiscalYear>> {
    let org = crate::db::read(r).get_organization(org).await?;
    years_of(r, org.id).await
}

/// [`years`] without reading the organization (a page that has it, or reads it beside these;
/// no organization: no years).
pub async fn years_of(r: &(impl crate::ReadDb + ?Sized), org: OrgId) -> Result<Vec<FiscalYear>> {
    let mut ys: Vec<FiscalYear> = crate::db::read(r).org_years(&[org]).await?.into_iter().map(|(_, y)| y).collect();
    ys.sort();
    ys.dedup();
    Ok(ys)
}

/// A department of a year with its stance (部局運営方針) when it has one.
#[derive(Debug, Clone)]
pub struct YearDepartment {
    pub department: Department,
    pub policy: Option<DepartmentPolicy>,
}

/// An organization's departments (and 課) with their stances of `year`.
pub async fn year_departments(
    r: &(impl crate::ReadDb + ?Sized),
    org: OrgId,
    year: FiscalYear,
) -> Result<Vec<YearDepartment>> {
    let r = crate::db::read(r);
    let org = r.get_organization(org).await?;
    let policies = r.year_policies(org.id, year).await?;
    Ok(r.list_departments(org.id)
        .await?
        .into_iter()
        .map(|d| {
            let policy = policies.iter().find(|p| p.department_id == d.id).cloned();
            YearDepartment { department: d, policy }
        })
        .collect())
}

/// A year's published priority themes.
pub async fn themes(r: &(impl crate::ReadDb + ?Sized), org: OrgId, year: FiscalYear) -> Result<Vec<PriorityTheme>> {
    let r = crate::db::read(r);
    let org = r.get_organization(org).await?;
    Ok(r.published_themes(org.id, year).await?)
}

/// What an initiative list may be narrowed to.
#[derive(Debug, Clone, Copy, Default)]
pub struct InitiativeFilter {
    pub org: Option<OrgId>,
    pub year: Option<FiscalYear>,
    /// A department with its 課, as its page lists them.
    pub department: Option<DepartmentId>,
    pub node: Option<NodeId>,
}

/// Every published initiative an organization has (of one year, or all).
async fn org_initiatives(r: &dyn Read, org: OrgId, year: Option<FiscalYear>) -> Result<Vec<Initiative>> {
    let mut page = Page::first(Page::MAX_LIMIT);
    let mut all = Vec::new();
    loop {
        let chunk = r.list_initiatives(org, year, page).await?;
        let full = chunk.len() == page.limit as usize;
        all.extend(chunk);
        if !full {
            return Ok(all);
        }
        page = page.next();
    }
}

/// Published initiatives matching `f` (a department, node or organization that does not exist
/// is not found).
pub async fn initiatives(r: &(impl crate::ReadDb + ?Sized), f: InitiativeFilter) -> Result<Vec<Initiative>> {
    let r = crate::db::read(r);
    let fam = match f.department {
        Some(d) => {
            let dept = r.get_department(d).await?;
            if f.org.is_some_and(|o| o != dept.org_id) {
                return Err(not_found("departments", d.0));
            }
            Some(super::family(&r.list_departments(dept.org_id).await?, dept.id))
        }
        None => None,
    };
    if let Some(n) = f.node {
        r.get_node(n).await?;
    }
    let mut all = Vec::new();
    for org in orgs_of(r, f.org).await? {
        all.extend(org_initiatives(r, org.id, f.year).await?);
    }
    all.retain(|i| {
        i.draft.is_none()
            && fam.as_ref().is_none_or(|fam| i.department_id.is_some_and(|d| fam.contains(&d)))
            && f.node.is_none_or(|n| i.node_ids.contains(&n))
    });
    hide_unpublished_themes(r, &mut all).await?;
    Ok(all)
}

/// Clears the theme of initiatives whose theme is not published (the pages show no name for
/// it; the API shows no id).
async fn hide_unpublished_themes(r: &dyn Read, items: &mut [Initiative]) -> Result<()> {
    let mut published: std::collections::HashMap<(OrgId, FiscalYear), Vec<ThemeId>> = Default::default();
    for i in items.iter_mut() {
        let (Some(t), Some(y)) = (i.theme_id, i.fiscal_year) else {
            i.theme_id = None;
            continue;
        };
        let key = (i.org_id, y);
        if let std::collections::hash_map::Entry::Vacant(e) = published.entry(key) {
            e.insert(r.published_themes(i.org_id, y).await?.into_iter().map(|p| p.id).collect());
        }
        if !published.get(&key).is_some_and(|ids| ids.contains(&t)) {
            i.theme_id = None;
        }
    }
    Ok(())
}

/// One window of [`initiatives`] after `after`: read by a keyset query when only the
/// organization and year narrow it, else cut from the whole filtered list (a department's or a
/// node's initiatives).
pub async fn initiatives_window(
    r: &(impl crate::ReadDb + ?Sized),
    f: InitiativeFilter,
    after: Option<i64>,
    limit: u32,
) -> Result<Window<Initiative>> {
    let r = crate::db::read(r);
    if f.department.is_some() || f.node.is_some() {
        return Ok(window(initiatives(r, f).await?, |i| i.id.0, after, limit));
    }
    if let Some(o) = f.org {
        r.get_organization(o).await?;
    }
    let limit = limit.clamp(1, MAX_WINDOW);
    let mut items = r.initiatives_after(f.org, f.year, after.unwrap_or(0), limit + 1).await?;
    items.retain(|i| i.draft.is_none());
    hide_unpublished_themes(r, &mut items).await?;
    Ok(keyset(items, |i| i.id.0, limit))
}

/// A window from a keyset read of `limit + 1` rows.
fn keyset<T>(mut items: Vec<T>, id: impl Fn(&T) -> i64, limit: u32) -> Window<T> {
    let more = items.len() > limit as usize;
    items.truncate(limit as usize);
    let next_after = if more { items.last().map(&id) } else { None };
    Window { items, next_after }
}

/// One published initiative with what its page shows under it.
#[derive(Debug, Clone)]
pub struct InitiativeDetail {
    pub initiative: Initiative,
    /// Its theme when published.
    pub theme: Option<PriorityTheme>,
    pub indicators: Vec<Indicator>,
    pub reviews: Vec<GoalReview>,
}

/// A published initiative (a revision's draft row is not found, as on its page).
pub async fn published_initiative(r: &(impl crate::ReadDb + ?Sized), id: InitiativeId) -> Result<Initiative> {
    let r = crate::db::read(r);
    let i = r.get_initiative(id).await?;
    if i.draft.is_some() {
        return Err(not_found("initiatives", id.0));
    }
    Ok(i)
}

/// One published initiative with its published indicators, reviews and theme.
pub async fn initiative(r: &(impl crate::ReadDb + ?Sized), id: InitiativeId) -> Result<InitiativeDetail> {
    let mut detail = initiative_records(r, id).await?;
    let theme = published_theme(r, &detail.initiative).await?;
    detail.initiative.theme_id = theme.as_ref().map(|t| t.id);
    detail.theme = theme;
    Ok(detail)
}

/// [`initiative`] before its theme: the initiative, its published indicators and its reviews,
/// read at once (on PostgreSQL they leave together, `pgread.rs`). `theme` is `None` and
/// `initiative.theme_id` as stored, published or not: the caller reads [`published_theme`]
/// beside its own reads and settles both.
pub async fn initiative_records(r: &(impl crate::ReadDb + ?Sized), id: InitiativeId) -> Result<InitiativeDetail> {
    let r = crate::db::read(r);
    let (initiative, mut indicators, reviews) = tokio::try_join!(
        published_initiative(r, id),
        async { Ok(r.indicators_of(IndicatorOwner::Initiative(id)).await?) },
        async { Ok(r.goal_reviews(id).await?) },
    )?;
    indicators.retain(|i| i.draft.is_none());
    Ok(InitiativeDetail { initiative, theme: None, indicators, reviews })
}

/// An initiative's theme when it is published (what `hide_unpublished_themes` does for a list).
pub async fn published_theme(r: &(impl crate::ReadDb + ?Sized), i: &Initiative) -> Result<Option<PriorityTheme>> {
    let r = crate::db::read(r);
    Ok(match (i.theme_id, i.fiscal_year) {
        (Some(t), Some(y)) => r.published_themes(i.org_id, y).await?.into_iter().find(|p| p.id == t),
        _ => None,
    })
}

/// What an indicator list may be narrowed to.
#[derive(Debug, Clone, Copy, Default)]
pub struct IndicatorFilter {
    pub org: Option<OrgId>,
    /// Indicators of that year's initiatives, and plan-node indicators with an actual or a
    /// target in that year.
    pub year: Option<FiscalYear>,
    pub initiative: Option<InitiativeId>,
    pub node: Option<NodeId>,
}

/// Published indicators matching `f`.
pub async fn indicators(r: &(impl crate::ReadDb + ?Sized), f: IndicatorFilter) -> Result<Vec<Indicator>> {
    let r = crate::db::read(r);
    if let Some(i) = f.initiative {
        published_initiative(r, i).await?;
    }
    if let Some(n) = f.node {
        r.get_node(n).await?;
    }
    let mut all = Vec::new();
    for org in orgs_of(r, f.org).await? {
        all.extend(super::all_indicators(r, org.id).await?);
    }
    all.retain(|i| i.draft.is_none());
    if let Some(i) = f.initiative {
        all.retain(|x| x.owner == Some(IndicatorOwner::Initiative(i)));
    }
    if let Some(n) = f.node {
        all.retain(|x| x.owner == Some(IndicatorOwner::Node(n)));
    }
    if let Some(y) = f.year {
        let mut of_year = Vec::new();
        for org in orgs_of(r, f.org).await? {
            of_year.extend(org_initiatives(r, org.id, Some(y)).await?.into_iter().map(|i| i.id));
        }
        all.retain(|x| match x.owner {
            Some(IndicatorOwner::Initiative(i)) => of_year.contains(&i),
            _ => x.actuals.iter().any(|a| a.fiscal_year == y) || x.target_year == Some(y),
        });
    }
    Ok(all)
}

/// One window of [`indicators`] after `after`: read by a keyset query when at most the
/// organization narrows it, else cut from the whole filtered list.
pub async fn indicators_window(
    r: &(impl crate::ReadDb + ?Sized),
    f: IndicatorFilter,
    after: Option<i64>,
    limit: u32,
) -> Result<Window<Indicator>> {
    let r = crate::db::read(r);
    if f.year.is_some() || f.initiative.is_some() || f.node.is_some() {
        return Ok(window(indicators(r, f).await?, |i| i.id.0, after, limit));
    }
    if let Some(o) = f.org {
        r.get_organization(o).await?;
    }
    let limit = limit.clamp(1, MAX_WINDOW);
    let mut items = r.indicators_after(f.org, after.unwrap_or(0), limit + 1).await?;
    items.retain(|i| i.draft.is_none());
    Ok(keyset(items, |i| i.id.0, limit))
}

/// Every plan (of one organization, or all).
pub async fn plans(r: &(impl crate::ReadDb + ?Sized), org: Option<OrgId>) -> Result<Vec<Plan>> {
    let r = crate::db::read(r);
    let mut all = Vec::new();
    for o in orgs_of(r, org).await? {
        all.extend(r.list_plans(o.id).await?);
    }
    Ok(all)
}

/// A plan with every node of its tree.
pub async fn plan(r: &(impl crate::ReadDb + ?Sized), id: PlanId) -> Result<(Plan, Vec<PlanNode>)> {
    let r = crate::db::read(r);
    let plan = r.get_plan(id).await?;
    let nodes = r.plan_nodes(plan.id).await?;
    Ok((plan, nodes))
}

/// What a review list may be narrowed to.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReviewFilter {
    pub org: Option<OrgId>,
    pub year: Option<FiscalYear>,
    pub initiative: Option<InitiativeId>,
}

/// Goal reviews (部局の目標と振り返り) of published initiatives matching `f`.
pub async fn reviews(r: &(impl crate::ReadDb + ?Sized), f: ReviewFilter) -> Result<Vec<GoalReview>> {
    let r = crate::db::read(r);
    let ids: Vec<InitiativeId> = match f.initiative {
        Some(i) => {
            let i = published_initiative(r, i).await?;
            if f.org.is_some_and(|o| o != i.org_id) {
                Vec::new()
            } else {
                vec![i.id]
            }
        }
        None => {
            initiatives(r, InitiativeFilter { org: f.org, ..Default::default() }).await?.iter().map(|i| i.id).collect()
        }
    };
    let mut all = Vec::new();
    for chunk in ids.chunks(500) {
        all.extend(r.reviews_of(chunk).await?);
    }
    all.retain(|g| f.year.is_none_or(|y| g.fiscal_year == y));
    Ok(all)
}

/// One organization.
pub async fn organization(r: &(impl crate::ReadDb + ?Sized), id: OrgId) -> Result<Organization> {
    let r = crate::db::read(r);
    Ok(r.get_organization(id).await?)
}

/// One plan node.
pub async fn node(r: &(impl crate::ReadDb + ?Sized), id: NodeId) -> Result<PlanNode> {
    let r = crate::db::read(r);
    Ok(r.get_node(id).await?)
}
