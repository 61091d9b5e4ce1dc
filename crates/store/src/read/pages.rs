//! Reads the web pages need beyond the per-record ones: several organizations' years and
//! plans at once, per-department counts, a year's stances, initiatives of a set of
//! departments, nodes and reviews by id lists, a KPI standing per indicator folded in SQL,
//! and the cross-organization keyword search. Every query is bounded by its arguments
//! (id lists from one page, one organization and year) or by a [`Page`].

use crate::conv::{fy_col, fy_opt, fy_req, get, placeholders};
use crate::error::Result;
use crate::exec::{query, query_scalar, Db, Query};
use crate::read::initiatives::with_links;
use crate::records::Page;
use crate::rows::{self, initiative_cols, initiative_links_col, node_cols, plan_cols, policy_cols, review_cols};
use hoshin_domain::*;

/// What a KPI status needs of one indicator as of a year, with its actuals folded in SQL:
/// the latest actual up to the year and the running total up to the year.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorStanding {
    pub id: IndicatorId,
    pub direction: Direction,
    pub cumulative: bool,
    pub baseline: Option<f64>,
    pub baseline_year: Option<FiscalYear>,
    pub target: Option<f64>,
    pub target_year: Option<FiscalYear>,
    /// The latest year (up to the year asked) with a numeric actual, and its value.
    pub latest: Option<(FiscalYear, f64)>,
    /// Sum of the numeric actuals up to the year asked (`None` when there are none).
    pub total: Option<f64>,
}

/// Ids as bind values, `None` when the list is empty (callers return early).
fn ids<T: Copy>(list: &[T], f: impl Fn(T) -> i64) -> Option<Vec<i64>> {
    (!list.is_empty()).then(|| list.iter().map(|v| f(*v)).collect())
}

pub(crate) async fn org_years(c: &mut Db<'_>, orgs: &[OrgId]) -> Result<Vec<(OrgId, FiscalYear)>> {
    let Some(list) = ids(orgs, |o| o.0) else { return Ok(Vec::new()) };
    // org_years is kept by triggers on initiatives (migration 0018): one range read per
    // organization instead of one index seek per year.
    let sql = format!(
        "SELECT org_id, fiscal_year FROM org_years WHERE org_id IN ({}) ORDER BY org_id, fiscal_year",
        placeholders(1, list.len())
    );
    let mut q = query(&sql);
    for id in list {
        q = q.bind(id);
    }
    let mut out = Vec::new();
    for row in q.fetch_all(&mut *c).await? {
        out.push((OrgId(get(&row, "org_id")?), fy_req(get(&row, "fiscal_year")?)?));
    }
    Ok(out)
}

pub(crate) async fn plans_of_orgs(c: &mut Db<'_>, orgs: &[OrgId]) -> Result<Vec<Plan>> {
    let Some(list) = ids(orgs, |o| o.0) else { return Ok(Vec::new()) };
    let sql = format!(
        concat!("SELECT ", plan_cols!(), " FROM plans WHERE org_id IN ({}) ORDER BY org_id, id"),
        placeholders(1, list.len())
    );
    let mut q = query(&sql);
    for id in list {
        q = q.bind(id);
    }
    q.fetch_all(&mut *c).await?.iter().map(rows::plan).collect()
}

pub(crate) async fn initiative_counts_by_department(
    c: &mut Db<'_>,
    org: OrgId,
    year: FiscalYear,
) -> Result<Vec<(Option<DepartmentId>, i64)>> {
    let rows = query(
        "SELECT department_id, COUNT(*) AS n FROM initiatives WHERE org_id = $1 AND fiscal_year = $2 AND revision_id IS NULL \
         GROUP BY department_id",
    )
    .bind(org.0)
    .bind(fy_col(Some(year)))
    .fetch_all(&mut *c)
    .await?;
    let mut out = Vec::new();
    for row in rows {
        out.push((get::<Option<i64>>(&row, "department_id")?.map(DepartmentId), get(&row, "n")?));
    }
    Ok(out)
}

pub(crate) async fn year_policies(c: &mut Db<'_>, org: OrgId, year: FiscalYear) -> Result<Vec<DepartmentPolicy>> {
    query(concat!(
        "SELECT ",
        policy_cols!(),
        " FROM department_policies WHERE department_id IN (SELECT id FROM departments WHERE org_id = $1) \
         AND fiscal_year = $2 ORDER BY department_id"
    ))
    .bind(org.0)
    .bind(fy_col(Some(year)))
    .fetch_all(&mut *c)
    .await?
    .iter()
    .map(rows::policy)
    .collect()
}

pub(crate) async fn year_policy_departments(c: &mut Db<'_>, org: OrgId, year: FiscalYear) -> Result<Vec<DepartmentId>> {
    let rows = query(
        "SELECT department_id FROM department_policies WHERE department_id IN (SELECT id FROM departments WHERE org_id = $1) \
         AND fiscal_year = $2 ORDER BY department_id",
    )
    .bind(org.0)
    .bind(fy_col(Some(year)))
    .fetch_all(&mut *c)
    .await?;
    rows.iter().map(|r| Ok(DepartmentId(get(r, "department_id")?))).collect()
}

pub(crate) async fn departments_initiatives(
    c: &mut Db<'_>,
    depts: &[DepartmentId],
    year: FiscalYear,
    page: Page,
) -> Result<Vec<Initiative>> {
    let Some(list) = ids(depts, |d| d.0) else { return Ok(Vec::new()) };
    let n = list.len();
    let sql = format!(
        concat!(
            "SELECT ",
            initiative_cols!(),
            initiative_links_col!(),
            " FROM initiatives WHERE department_id IN ({}) AND fiscal_year = ${} AND revision_id IS NULL ORDER BY sort_order, id \
             LIMIT ${} OFFSET ${}"
        ),
        placeholders(1, n),
        n + 1,
        n + 2,
        n + 3
    );
    let mut q = query(&sql);
    for id in list {
        q = q.bind(id);
    }
    let rows = q.bind(fy_col(Some(year))).bind(page.limit_i64()).bind(page.offset_i64()).fetch_all(&mut *c).await?;
    with_links(c, rows).await
}

pub(crate) async fn nodes_by_ids(c: &mut Db<'_>, nodes: &[NodeId]) -> Result<Vec<PlanNode>> {
    let Some(list) = ids(nodes, |n| n.0) else { return Ok(Vec::new()) };
    let sql = format!(
        concat!("SELECT ", node_cols!(), " FROM plan_nodes WHERE id IN ({}) ORDER BY id"),
        placeholders(1, list.len())
    );
    let mut q = query(&sql);
    for id in list {
        q = q.bind(id);
    }
    q.fetch_all(&mut *c).await?.iter().map(rows::node).collect()
}

/// The kind of a node's plan, as a column of the node's row: the tables that name links need
/// it, and it cost a read of the organization's plans of its own.
macro_rules! node_plan_kind_col {
    () => {
        ", (SELECT p.kind FROM plans p WHERE p.id = plan_nodes.plan_id) AS plan_kind"
    };
}

/// A node row that has [`node_plan_kind_col`], with its plan's kind.
fn node_with_kind(row: &crate::exec::Row) -> Result<(PlanNode, PlanKind)> {
    let kind: String = get(row, "plan_kind")?;
    Ok((rows::node(row)?, PlanKind::parse(&kind)?))
}

/// The ids of the published initiatives of `n` departments (`$1`…`$n`) in a year (`$n+1`):
/// the selection a department's year is read by, in the reads started beside its initiatives
/// ([`departments_initiatives`]); [`bind_department_year`] gives its values.
pub(crate) fn department_year_initiatives(n: usize) -> String {
    format!(
        "SELECT id FROM initiatives WHERE department_id IN ({}) AND fiscal_year = ${} AND revision_id IS NULL",
        placeholders(1, n),
        n + 1
    )
}

/// Binds the values of [`department_year_initiatives`].
pub(crate) fn bind_department_year<'q>(mut q: Query<'q>, depts: &[DepartmentId], year: FiscalYear) -> Query<'q> {
    for d in depts {
        q = q.bind(d.0);
    }
    q.bind(fy_col(Some(year)))
}

pub(crate) async fn departments_year_nodes(
    c: &mut Db<'_>,
    depts: &[DepartmentId],
    year: FiscalYear,
) -> Result<Vec<(PlanNode, PlanKind)>> {
    if depts.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        concat!(
            "SELECT ",
            node_cols!(),
            node_plan_kind_col!(),
            " FROM plan_nodes WHERE id IN (SELECT node_id FROM initiative_nodes WHERE initiative_id IN ({})) ORDER BY id"
        ),
        department_year_initiatives(depts.len())
    );
    bind_department_year(query(&sql), depts, year).fetch_all(&mut *c).await?.iter().map(node_with_kind).collect()
}

pub(crate) async fn reviews_of(c: &mut Db<'_>, initiatives: &[InitiativeId]) -> Result<Vec<GoalReview>> {
    let Some(list) = ids(initiatives, |i| i.0) else { return Ok(Vec::new()) };
    let sql = format!(
        concat!(
            "SELECT ",
            review_cols!(),
            " FROM goal_reviews WHERE initiative_id IN ({}) ORDER BY initiative_id, fiscal_year"
        ),
        placeholders(1, list.len())
    );
    let mut q = query(&sql);
    for id in list {
        q = q.bind(id);
    }
    q.fetch_all(&mut *c).await?.iter().map(rows::review).collect()
}

/// The goal reviews of `year` of the published initiatives of `depts` in `year`, in
/// [`reviews_of`]' order: read by the departments, beside the initiatives.
pub(crate) async fn departments_year_reviews(
    c: &mut Db<'_>,
    depts: &[DepartmentId],
    year: FiscalYear,
) -> Result<Vec<GoalReview>> {
    if depts.is_empty() {
        return Ok(Vec::new());
    }
    let n = depts.len();
    let sql = format!(
        concat!(
            "SELECT ",
            review_cols!(),
            " FROM goal_reviews WHERE initiative_id IN ({}) AND fiscal_year = ${} ORDER BY initiative_id, fiscal_year"
        ),
        department_year_initiatives(n),
        n + 1
    );
    bind_department_year(query(&sql), depts, year).fetch_all(&mut *c).await?.iter().map(rows::review).collect()
}

pub(crate) async fn year_before(c: &mut Db<'_>, org: OrgId, year: FiscalYear) -> Result<Option<FiscalYear>> {
    let y: Option<i64> = query_scalar("SELECT MAX(fiscal_year) FROM org_years WHERE org_id = $1 AND fiscal_year < $2")
        .bind(org.0)
        .bind(fy_col(Some(year)))
        .fetch_one(&mut *c)
        .await?;
    fy_opt(y)
}

pub(crate) async fn indicator_standings(
    c: &mut Db<'_>,
    org: OrgId,
    year: FiscalYear,
) -> Result<Vec<IndicatorStanding>> {
    // One row per numeric actual up to the year (or one with NULLs for an indicator without
    // any), folded here. The actuals are one range of `indicator_actuals_org` (migration
    // 0020): joined on the indicator alone, PostgreSQL probed the actuals' index once per
    // indicator (0.21 → 0.11 ms of execution for 147 indicators). Three correlated
    // subqueries per indicator cost PostgreSQL three probes each and a new plan on every call
    // (0.9 ms for the 147 indicators of one generated organization). The rows are put in
    // order here, not by the statement: PostgreSQL sorted them after the join (a quarter of
    // the statement's 0.6 ms for one generated organization's 128 indicators, 300 rows).
    let rows = query(
        "SELECT i.id, i.direction, i.cumulative, i.baseline_value, i.baseline_year, i.target_value, i.target_year, \
           a.fiscal_year AS actual_year, a.value_num AS actual_value \
         FROM indicators i LEFT JOIN indicator_actuals a \
           ON a.indicator_id = i.id AND a.org_id = $2 AND a.fiscal_year <= $1 AND a.value_num IS NOT NULL \
         WHERE i.org_id = $2 AND i.revision_id IS NULL",
    )
    .bind(fy_col(Some(year)))
    .bind(org.0)
    .fetch_all(&mut *c)
    .await?;
    let mut keyed = Vec::with_capacity(rows.len());
    for row in &rows {
        keyed.push((get::<i64>(row, "id")?, get::<Option<i64>>(row, "actual_year")?, row));
    }
    keyed.sort_unstable_by_key(|(id, year, _)| (*id, *year));
    let mut out: Vec<IndicatorStanding> = Vec::new();
    for (id, actual_year, row) in keyed {
        let id = IndicatorId(id);
        if out.last().is_none_or(|s| s.id != id) {
            let direction: String = get(row, "direction")?;
            out.push(IndicatorStanding {
                id,
                direction: Direction::parse(&direction).unwrap_or(Direction::Up),
                cumulative: get::<i64>(row, "cumulative")? != 0,
                baseline: get(row, "baseline_value")?,
                baseline_year: fy_opt(get(row, "baseline_year")?)?,
                target: get(row, "target_value")?,
                target_year: fy_opt(get(row, "target_year")?)?,
                latest: None,
                total: None,
            });
        }
        let standing = out.last_mut().expect("pushed above");
        let (Some(y), Some(v)) = (fy_opt(actual_year)?, get::<Option<f64>>(row, "actual_value")?) else {
            continue;
        };
        // In year order: the last one is the latest.
        standing.latest = Some((y, v));
        standing.total = Some(standing.total.unwrap_or(0.0) + v);
    }
    Ok(out)
}

/// `%text%` for LIKE with `\` escaping the wildcards, lower-cased (matched against LOWER(column)).
fn like_pattern(text: &str) -> String {
    let mut p = String::from("%");
    for ch in text.to_lowercase().chars() {
        if matches!(ch, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(ch);
    }
    p.push('%');
    p
}

pub(crate) async fn theme_initiatives(c: &mut Db<'_>, text: &str, page: Page) -> Result<Vec<Initiative>> {
    // Themes are few per organization and year, so matching their names is a small scan; the
    // initiatives then come through the theme index, in (theme, id) order.
    let rows = query(concat!(
        "SELECT ",
        initiative_cols!(),
        " FROM initiatives WHERE theme_id IN \
           (SELECT id FROM priority_themes WHERE LOWER(name) LIKE $1 ESCAPE '\\' AND published = 1) \
           AND revision_id IS NULL \
         ORDER BY theme_id, id LIMIT $2 OFFSET $3"
    ))
    .bind(like_pattern(text))
    .bind(page.limit_i64())
    .bind(page.offset_i64())
    .fetch_all(&mut *c)
    .await?;
    with_links(c, rows).await
}

pub(crate) async fn search_initiatives(
    c: &mut Db<'_>,
    text: &str,
    after: InitiativeId,
    window: i64,
    limit: u32,
) -> Result<(Vec<Initiative>, Option<InitiativeId>)> {
    let p = like_pattern(text);
    let upto = after.0.saturating_add(window.max(1));
    let rows = query(concat!(
        "SELECT ",
        initiative_cols!(),
        " FROM initiatives WHERE id > $1 AND id <= $2 AND revision_id IS NULL \
           AND (LOWER(name) LIKE $3 ESCAPE '\\' OR LOWER(summary) LIKE $4 ESCAPE '\\') \
         ORDER BY id LIMIT $5"
    ))
    .bind(after.0)
    .bind(upto)
    .bind(p.clone())
    .bind(p)
    .bind(i64::from(limit.min(Page::MAX_LIMIT)))
    .fetch_all(&mut *c)
    .await?;
    let items = with_links(c, rows).await?;
    let next = if items.len() >= limit as usize {
        items.last().map(|i| i.id)
    } else {
        let max: Option<i64> = query_scalar("SELECT MAX(id) FROM initiatives").fetch_one(&mut *c).await?;
        max.filter(|m| *m > upto).map(|_| InitiativeId(upto))
    };
    Ok((items, next))
}

pub(crate) async fn themes_by_ids(c: &mut Db<'_>, themes: &[ThemeId]) -> Result<Vec<PriorityTheme>> {
    let Some(list) = ids(themes, |t| t.0) else { return Ok(Vec::new()) };
    let sql = format!(
        concat!("SELECT ", crate::rows::theme_cols!(), " FROM priority_themes WHERE id IN ({}) ORDER BY id"),
        placeholders(1, list.len())
    );
    let mut q = query(&sql);
    for id in list {
        q = q.bind(id);
    }
    q.fetch_all(&mut *c).await?.iter().map(rows::theme).collect()
}

pub(crate) async fn common_themes(c: &mut Db<'_>, limit: u32) -> Result<Vec<(String, i64)>> {
    let rows = query(
        "SELECT name, COUNT(DISTINCT org_id) AS n FROM priority_themes WHERE published = 1 GROUP BY name \
         ORDER BY n DESC, name LIMIT $1",
    )
    .bind(i64::from(limit.min(Page::MAX_LIMIT)))
    .fetch_all(&mut *c)
    .await?;
    let mut out = Vec::new();
    for row in rows {
        out.push((get(&row, "name")?, get(&row, "n")?));
    }
    Ok(out)
}

pub(crate) async fn orgs_by_ids(c: &mut Db<'_>, orgs: &[OrgId]) -> Result<Vec<Organization>> {
    let Some(list) = ids(orgs, |o| o.0) else { return Ok(Vec::new()) };
    let sql = format!(
        concat!("SELECT ", crate::rows::org_cols!(), " FROM organizations WHERE id IN ({}) ORDER BY id"),
        placeholders(1, list.len())
    );
    let mut q = query(&sql);
    for id in list {
        q = q.bind(id);
    }
    q.fetch_all(&mut *c).await?.iter().map(rows::organization).collect()
}

pub(crate) async fn departments_by_ids(c: &mut Db<'_>, depts: &[DepartmentId]) -> Result<Vec<Department>> {
    let Some(list) = ids(depts, |d| d.0) else { return Ok(Vec::new()) };
    let sql = format!(
        concat!("SELECT ", crate::rows::dept_cols!(), " FROM departments WHERE id IN ({}) ORDER BY id"),
        placeholders(1, list.len())
    );
    let mut q = query(&sql);
    for id in list {
        q = q.bind(id);
    }
    q.fetch_all(&mut *c).await?.iter().map(rows::department).collect()
}

#[cfg(test)]
mod tests {
    use super::like_pattern;

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_pattern("DX"), "%dx%");
        assert_eq!(like_pattern("100%_a\\"), "%100\\%\\_a\\\\%");
    }
}
