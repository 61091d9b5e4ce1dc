//! Reads of organizations, departments, plans, plan nodes and priority themes.

use crate::conv::fy_col;
use crate::error::{Result, StoreError};
use crate::exec::{query, Db};
use crate::records::Page;
use crate::rows::{self, dept_cols, node_cols, org_cols, plan_cols, theme_cols};
use hoshin_domain::*;

pub(crate) async fn get_organization(c: &mut Db<'_>, id: OrgId) -> Result<Organization> {
    let row = query(concat!("SELECT ", org_cols!(), " FROM organizations WHERE id = $1"))
        .bind(id.0)
        .fetch_optional(&mut *c)
        .await?;
    rows::organization(&row.ok_or_else(|| StoreError::not_found("organizations", id))?)
}

pub(crate) async fn find_organization_by_code(c: &mut Db<'_>, code: &OrgCode) -> Result<Option<Organization>> {
    let row = query(concat!("SELECT ", org_cols!(), " FROM organizations WHERE code = $1"))
        .bind(code.as_str())
        .fetch_optional(&mut *c)
        .await?;
    row.as_ref().map(rows::organization).transpose()
}

pub(crate) async fn find_organization_by_name(c: &mut Db<'_>, name: &str) -> Result<Option<Organization>> {
    let row = query(concat!("SELECT ", org_cols!(), " FROM organizations WHERE name = $1 ORDER BY id LIMIT 1"))
        .bind(name)
        .fetch_optional(&mut *c)
        .await?;
    row.as_ref().map(rows::organization).transpose()
}

pub(crate) async fn list_organizations(c: &mut Db<'_>, page: Page) -> Result<Vec<Organization>> {
    query(concat!("SELECT ", org_cols!(), " FROM organizations ORDER BY id LIMIT $1 OFFSET $2"))
        .bind(page.limit_i64())
        .bind(page.offset_i64())
        .fetch_all(&mut *c)
        .await?
        .iter()
        .map(rows::organization)
        .collect()
}

pub(crate) async fn get_department(c: &mut Db<'_>, id: DepartmentId) -> Result<Department> {
    let row = query(concat!("SELECT ", dept_cols!(), " FROM departments WHERE id = $1"))
        .bind(id.0)
        .fetch_optional(&mut *c)
        .await?;
    rows::department(&row.ok_or_else(|| StoreError::not_found("departments", id))?)
}

pub(crate) async fn list_departments(c: &mut Db<'_>, org: OrgId) -> Result<Vec<Department>> {
    query(concat!("SELECT ", dept_cols!(), " FROM departments WHERE org_id = $1 ORDER BY sort_order, id"))
        .bind(org.0)
        .fetch_all(&mut *c)
        .await?
        .iter()
        .map(rows::department)
        .collect()
}

pub(crate) async fn department_names(c: &mut Db<'_>, id: DepartmentId) -> Result<Vec<DepartmentName>> {
    query("SELECT department_id, name, valid_from FROM department_names WHERE department_id = $1 ORDER BY id")
        .bind(id.0)
        .fetch_all(&mut *c)
        .await?
        .iter()
        .map(rows::department_name)
        .collect()
}

/// The rename history of every department of `org`, oldest first per department.
pub(crate) async fn org_department_names(c: &mut Db<'_>, org: OrgId) -> Result<Vec<DepartmentName>> {
    query(
        "SELECT n.department_id, n.name, n.valid_from FROM department_names n \
         JOIN departments d ON d.id = n.department_id WHERE d.org_id = $1 ORDER BY n.department_id, n.id",
    )
    .bind(org.0)
    .fetch_all(&mut *c)
    .await?
    .iter()
    .map(rows::department_name)
    .collect()
}

pub(crate) async fn get_plan(c: &mut Db<'_>, id: PlanId) -> Result<Plan> {
    let row =
        query(concat!("SELECT ", plan_cols!(), " FROM plans WHERE id = $1")).bind(id.0).fetch_optional(&mut *c).await?;
    rows::plan(&row.ok_or_else(|| StoreError::not_found("plans", id))?)
}

/// The plan of a node, chosen by the node's id: read beside the node's row rather than after
/// it ([`crate::Read::node_frame`]).
pub(crate) async fn plan_of_node(c: &mut Db<'_>, node: NodeId) -> Result<Plan> {
    let row = query(concat!(
        "SELECT ",
        plan_cols!(),
        " FROM plans WHERE id = (SELECT plan_id FROM plan_nodes WHERE id = $1)"
    ))
    .bind(node.0)
    .fetch_optional(&mut *c)
    .await?;
    rows::plan(&row.ok_or_else(|| StoreError::not_found("plan_nodes", node))?)
}

/// The organization whose plan holds a node (see [`plan_of_node`]); a macro, so that the
/// statements using it are literals, not strings built on every call.
macro_rules! org_of_node {
    () => {
        "(SELECT p.org_id FROM plans p JOIN plan_nodes n ON n.plan_id = p.id WHERE n.id = $1)"
    };
}

pub(crate) async fn org_of_node(c: &mut Db<'_>, node: NodeId) -> Result<Organization> {
    let sql = concat!("SELECT ", org_cols!(), " FROM organizations WHERE id = ", org_of_node!());
    let row = query(sql).bind(node.0).fetch_optional(&mut *c).await?;
    rows::organization(&row.ok_or_else(|| StoreError::not_found("plan_nodes", node))?)
}

/// The departments of the organization whose plan holds a node, as [`list_departments`]
/// orders them (none for a node that does not exist).
pub(crate) async fn departments_of_node(c: &mut Db<'_>, node: NodeId) -> Result<Vec<Department>> {
    let sql = concat!(
        "SELECT ",
        dept_cols!(),
        " FROM departments WHERE org_id = ",
        org_of_node!(),
        " ORDER BY sort_order, id"
    );
    query(sql).bind(node.0).fetch_all(&mut *c).await?.iter().map(rows::department).collect()
}

/// The organization of a plan, chosen by the plan's id ([`crate::Read::plan_frame`]).
pub(crate) async fn org_of_plan(c: &mut Db<'_>, plan: PlanId) -> Result<Organization> {
    let row = query(concat!(
        "SELECT ",
        org_cols!(),
        " FROM organizations WHERE id = (SELECT org_id FROM plans WHERE id = $1)"
    ))
    .bind(plan.0)
    .fetch_optional(&mut *c)
    .await?;
    rows::organization(&row.ok_or_else(|| StoreError::not_found("plans", plan))?)
}

/// The plan a plan belongs under, chosen by the plan's id (none for a top-level plan).
pub(crate) async fn parent_of_plan(c: &mut Db<'_>, plan: PlanId) -> Result<Option<Plan>> {
    let row = query(concat!(
        "SELECT ",
        plan_cols!(),
        " FROM plans WHERE id = (SELECT parent_plan_id FROM plans WHERE id = $1)"
    ))
    .bind(plan.0)
    .fetch_optional(&mut *c)
    .await?;
    row.as_ref().map(rows::plan).transpose()
}

pub(crate) async fn list_plans(c: &mut Db<'_>, org: OrgId) -> Result<Vec<Plan>> {
    query(concat!("SELECT ", plan_cols!(), " FROM plans WHERE org_id = $1 ORDER BY id"))
        .bind(org.0)
        .fetch_all(&mut *c)
        .await?
        .iter()
        .map(rows::plan)
        .collect()
}

pub(crate) async fn get_node(c: &mut Db<'_>, id: NodeId) -> Result<PlanNode> {
    let row = query(concat!("SELECT ", node_cols!(), " FROM plan_nodes WHERE id = $1"))
        .bind(id.0)
        .fetch_optional(&mut *c)
        .await?;
    rows::node(&row.ok_or_else(|| StoreError::not_found("plan_nodes", id))?)
}

/// The ancestors of a node, root first, by a recursive walk up `parent_id` in one statement
/// (the node page read them one by one, a round trip per level).
pub(crate) async fn node_ancestors(c: &mut Db<'_>, id: NodeId, max_depth: u32) -> Result<Vec<PlanNode>> {
    if max_depth == 0 {
        return Ok(Vec::new());
    }
    query(concat!(
        "WITH RECURSIVE up(node_id, depth) AS ( \
           SELECT parent_id, CAST(1 AS BIGINT) FROM plan_nodes WHERE id = $1 \
           UNION ALL \
           SELECT p.parent_id, up.depth + 1 FROM plan_nodes p JOIN up ON p.id = up.node_id \
           WHERE up.depth < CAST($2 AS BIGINT) AND p.parent_id IS NOT NULL) \
         SELECT ",
        node_cols!(),
        " FROM plan_nodes JOIN up ON plan_nodes.id = up.node_id ORDER BY up.depth DESC"
    ))
    .bind(id.0)
    .bind(i64::from(max_depth))
    .fetch_all(&mut *c)
    .await?
    .iter()
    .map(rows::node)
    .collect()
}

pub(crate) async fn root_nodes(c: &mut Db<'_>, plan: PlanId) -> Result<Vec<PlanNode>> {
    query(concat!(
        "SELECT ",
        node_cols!(),
        " FROM plan_nodes WHERE plan_id = $1 AND parent_id IS NULL ORDER BY sort_order, id"
    ))
    .bind(plan.0)
    .fetch_all(&mut *c)
    .await?
    .iter()
    .map(rows::node)
    .collect()
}

pub(crate) async fn child_nodes(c: &mut Db<'_>, parent: NodeId) -> Result<Vec<PlanNode>> {
    query(concat!("SELECT ", node_cols!(), " FROM plan_nodes WHERE parent_id = $1 ORDER BY sort_order, id"))
        .bind(parent.0)
        .fetch_all(&mut *c)
        .await?
        .iter()
        .map(rows::node)
        .collect()
}

pub(crate) async fn plan_nodes(c: &mut Db<'_>, plan: PlanId) -> Result<Vec<PlanNode>> {
    query(concat!(
        "SELECT ",
        node_cols!(),
        " FROM plan_nodes WHERE plan_id = $1 ORDER BY COALESCE(parent_id, 0), sort_order, id"
    ))
    .bind(plan.0)
    .fetch_all(&mut *c)
    .await?
    .iter()
    .map(rows::node)
    .collect()
}

pub(crate) async fn get_theme(c: &mut Db<'_>, id: ThemeId) -> Result<PriorityTheme> {
    let row = query(concat!("SELECT ", theme_cols!(), " FROM priority_themes WHERE id = $1"))
        .bind(id.0)
        .fetch_optional(&mut *c)
        .await?;
    rows::theme(&row.ok_or_else(|| StoreError::not_found("priority_themes", id))?)
}

pub(crate) async fn list_themes(c: &mut Db<'_>, org: OrgId, year: FiscalYear) -> Result<Vec<PriorityTheme>> {
    query(concat!(
        "SELECT ",
        theme_cols!(),
        " FROM priority_themes WHERE org_id = $1 AND fiscal_year = $2 ORDER BY sort_order, id"
    ))
    .bind(org.0)
    .bind(fy_col(Some(year)))
    .fetch_all(&mut *c)
    .await?
    .iter()
    .map(rows::theme)
    .collect()
}

/// The themes of a year the public may see, ordered like [`list_themes`].
pub(crate) async fn published_themes(c: &mut Db<'_>, org: OrgId, year: FiscalYear) -> Result<Vec<PriorityTheme>> {
    query(concat!(
        "SELECT ",
        theme_cols!(),
        " FROM priority_themes WHERE org_id = $1 AND fiscal_year = $2 AND published = 1 ORDER BY sort_order, id"
    ))
    .bind(org.0)
    .bind(fy_col(Some(year)))
    .fetch_all(&mut *c)
    .await?
    .iter()
    .map(rows::theme)
    .collect()
}
