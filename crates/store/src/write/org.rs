//! Writes of organizations, departments (with rename history), plans, plan nodes and
//! priority themes.

use super::common::{finish_delete, finish_update, required, version_sql};
use crate::conv::{bad, fy_col, now_ms, to_json};
use crate::error::Result;
use crate::records::NewPriorityTheme;
use hoshin_domain::*;
use sqlx::AnyConnection;

pub(crate) async fn insert_organization(c: &mut AnyConnection, new: &NewOrganization) -> Result<OrgId> {
    required("name", &new.name)?;
    let now = now_ms();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO organizations (name, code, prefecture, created_at, updated_at, version) \
         VALUES ($1, $2, $3, $4, $4, 1) RETURNING id",
    )
    .bind(&new.name)
    .bind(new.code.as_ref().map(|c| c.as_str().to_string()))
    .bind(&new.prefecture)
    .bind(now)
    .fetch_one(&mut *c)
    .await?;
    Ok(OrgId(id))
}

pub(crate) async fn update_organization(c: &mut AnyConnection, org: &Organization) -> Result<i64> {
    required("name", &org.name)?;
    let r = sqlx::query(
        "UPDATE organizations SET name = $1, code = $2, prefecture = $3, updated_at = $4, version = version + 1 \
         WHERE id = $5 AND version = $6",
    )
    .bind(&org.name)
    .bind(org.code.as_ref().map(|c| c.as_str().to_string()))
    .bind(&org.prefecture)
    .bind(now_ms())
    .bind(org.id.0)
    .bind(org.meta.version)
    .execute(&mut *c)
    .await?;
    finish_update(c, "organizations", version_sql!("organizations"), org.id.0, org.meta.version, r.rows_affected())
        .await
}

pub(crate) async fn delete_organization(c: &mut AnyConnection, id: OrgId, version: i64) -> Result<()> {
    let r = sqlx::query("DELETE FROM organizations WHERE id = $1 AND version = $2")
        .bind(id.0)
        .bind(version)
        .execute(&mut *c)
        .await?;
    finish_delete(c, "organizations", version_sql!("organizations"), id.0, version, r.rows_affected()).await
}

async fn add_name(c: &mut AnyConnection, id: i64, name: &str, from: Option<FiscalYear>, now: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO department_names (department_id, name, valid_from, created_at, updated_at, version) \
         VALUES ($1, $2, $3, $4, $4, 1)",
    )
    .bind(id)
    .bind(name)
    .bind(fy_col(from))
    .bind(now)
    .execute(&mut *c)
    .await?;
    Ok(())
}

pub(crate) async fn insert_department(c: &mut AnyConnection, new: &NewDepartment) -> Result<DepartmentId> {
    required("name", &new.name)?;
    let now = now_ms();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO departments (org_id, parent_id, name, sort_order, created_at, updated_at, version) \
         VALUES ($1, $2, $3, $4, $5, $5, 1) RETURNING id",
    )
    .bind(new.org_id.0)
    .bind(new.parent_id.map(|p| p.0))
    .bind(&new.name)
    .bind(i64::from(new.sort_order))
    .bind(now)
    .fetch_one(&mut *c)
    .await?;
    add_name(c, id, &new.name, None, now).await?;
    Ok(DepartmentId(id))
}

pub(crate) async fn update_department(c: &mut AnyConnection, dept: &Department) -> Result<i64> {
    required("name", &dept.name)?;
    let old: Option<String> = sqlx::query_scalar("SELECT name FROM departments WHERE id = $1")
        .bind(dept.id.0)
        .fetch_optional(&mut *c)
        .await?;
    let now = now_ms();
    let r = sqlx::query(
        "UPDATE departments SET parent_id = $1, name = $2, sort_order = $3, updated_at = $4, version = version + 1 \
         WHERE id = $5 AND version = $6",
    )
    .bind(dept.parent_id.map(|p| p.0))
    .bind(&dept.name)
    .bind(i64::from(dept.sort_order))
    .bind(now)
    .bind(dept.id.0)
    .bind(dept.meta.version)
    .execute(&mut *c)
    .await?;
    let v =
        finish_update(c, "departments", version_sql!("departments"), dept.id.0, dept.meta.version, r.rows_affected())
            .await?;
    if old.as_deref() != Some(dept.name.as_str()) {
        add_name(c, dept.id.0, &dept.name, None, now).await?;
    }
    Ok(v)
}

pub(crate) async fn rename_department(
    c: &mut AnyConnection,
    id: DepartmentId,
    version: i64,
    name: &str,
    valid_from: Option<FiscalYear>,
) -> Result<i64> {
    required("name", name)?;
    let now = now_ms();
    let r = sqlx::query(
        "UPDATE departments SET name = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND version = $4",
    )
    .bind(name)
    .bind(now)
    .bind(id.0)
    .bind(version)
    .execute(&mut *c)
    .await?;
    let v = finish_update(c, "departments", version_sql!("departments"), id.0, version, r.rows_affected()).await?;
    add_name(c, id.0, name, valid_from, now).await?;
    Ok(v)
}

pub(crate) async fn delete_department(c: &mut AnyConnection, id: DepartmentId, version: i64) -> Result<()> {
    let r = sqlx::query("DELETE FROM departments WHERE id = $1 AND version = $2")
        .bind(id.0)
        .bind(version)
        .execute(&mut *c)
        .await?;
    finish_delete(c, "departments", version_sql!("departments"), id.0, version, r.rows_affected()).await
}

pub(crate) async fn insert_plan(c: &mut AnyConnection, new: &NewPlan) -> Result<PlanId> {
    required("title", &new.title)?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO plans (org_id, kind, title, parent_plan_id, period_start, period_end, created_at, updated_at, \
         version) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, 1) RETURNING id",
    )
    .bind(new.org_id.0)
    .bind(new.kind.as_str())
    .bind(&new.title)
    .bind(new.parent_plan_id.map(|p| p.0))
    .bind(fy_col(new.period_start))
    .bind(fy_col(new.period_end))
    .bind(now_ms())
    .fetch_one(&mut *c)
    .await?;
    Ok(PlanId(id))
}

pub(crate) async fn update_plan(c: &mut AnyConnection, plan: &Plan) -> Result<i64> {
    required("title", &plan.title)?;
    let r = sqlx::query(
        "UPDATE plans SET kind = $1, title = $2, parent_plan_id = $3, period_start = $4, period_end = $5, \
         updated_at = $6, version = version + 1 WHERE id = $7 AND version = $8",
    )
    .bind(plan.kind.as_str())
    .bind(&plan.title)
    .bind(plan.parent_plan_id.map(|p| p.0))
    .bind(fy_col(plan.period_start))
    .bind(fy_col(plan.period_end))
    .bind(now_ms())
    .bind(plan.id.0)
    .bind(plan.meta.version)
    .execute(&mut *c)
    .await?;
    finish_update(c, "plans", version_sql!("plans"), plan.id.0, plan.meta.version, r.rows_affected()).await
}

pub(crate) async fn delete_plan(c: &mut AnyConnection, id: PlanId, version: i64) -> Result<()> {
    let r = sqlx::query("DELETE FROM plans WHERE id = $1 AND version = $2")
        .bind(id.0)
        .bind(version)
        .execute(&mut *c)
        .await?;
    finish_delete(c, "plans", version_sql!("plans"), id.0, version, r.rows_affected()).await
}

/// The plan a new node belongs to: its own, else its parent's (they must agree).
pub(crate) async fn node_plan(c: &mut AnyConnection, new: &NewPlanNode) -> Result<PlanId> {
    let parent_plan: Option<i64> = match new.parent_id {
        Some(p) => Some(
            sqlx::query_scalar("SELECT plan_id FROM plan_nodes WHERE id = $1")
                .bind(p.0)
                .fetch_optional(&mut *c)
                .await?
                .ok_or_else(|| crate::error::StoreError::not_found("plan_nodes", p))?,
        ),
        None => None,
    };
    match (new.plan_id, parent_plan) {
        (Some(a), Some(b)) if a.0 != b => Err(bad("a node must belong to its parent's plan")),
        (Some(a), _) => Ok(a),
        (None, Some(b)) => Ok(PlanId(b)),
        (None, None) => Err(bad("a node needs a plan or a parent")),
    }
}

pub(crate) async fn insert_node(c: &mut AnyConnection, new: &NewPlanNode) -> Result<NodeId> {
    required("title", &new.title)?;
    let plan = node_plan(c, new).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO plan_nodes (plan_id, parent_id, kind_label, code, title, vision, current_issues, sdgs_direction, \
         sdg_goals, sort_order, created_at, updated_at, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, 1) RETURNING id",
    )
    .bind(plan.0)
    .bind(new.parent_id.map(|p| p.0))
    .bind(&new.kind_label)
    .bind(&new.code)
    .bind(&new.title)
    .bind(&new.vision)
    .bind(&new.current_issues)
    .bind(&new.sdgs_direction)
    .bind(to_json(&new.sdg_goals)?)
    .bind(i64::from(new.sort_order))
    .bind(now_ms())
    .fetch_one(&mut *c)
    .await?;
    Ok(NodeId(id))
}

pub(crate) async fn update_node(c: &mut AnyConnection, node: &PlanNode) -> Result<i64> {
    required("title", &node.title)?;
    if node.parent_id == Some(node.id) {
        return Err(bad("a node cannot be its own parent"));
    }
    let r = sqlx::query(
        "UPDATE plan_nodes SET parent_id = $1, kind_label = $2, code = $3, title = $4, vision = $5, \
         current_issues = $6, sdgs_direction = $7, sdg_goals = $8, sort_order = $9, updated_at = $10, \
         version = version + 1 WHERE id = $11 AND version = $12",
    )
    .bind(node.parent_id.map(|p| p.0))
    .bind(&node.kind_label)
    .bind(&node.code)
    .bind(&node.title)
    .bind(&node.vision)
    .bind(&node.current_issues)
    .bind(&node.sdgs_direction)
    .bind(to_json(&node.sdg_goals)?)
    .bind(i64::from(node.sort_order))
    .bind(now_ms())
    .bind(node.id.0)
    .bind(node.meta.version)
    .execute(&mut *c)
    .await?;
    finish_update(c, "plan_nodes", version_sql!("plan_nodes"), node.id.0, node.meta.version, r.rows_affected()).await
}

pub(crate) async fn delete_node(c: &mut AnyConnection, id: NodeId, version: i64) -> Result<()> {
    let r = sqlx::query("DELETE FROM plan_nodes WHERE id = $1 AND version = $2")
        .bind(id.0)
        .bind(version)
        .execute(&mut *c)
        .await?;
    finish_delete(c, "plan_nodes", version_sql!("plan_nodes"), id.0, version, r.rows_affected()).await
}

pub(crate) async fn insert_theme(c: &mut AnyConnection, new: &NewPriorityTheme) -> Result<ThemeId> {
    required("name", &new.name)?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO priority_themes (org_id, fiscal_year, name, sort_order, published, created_at, updated_at, \
         version) VALUES ($1, $2, $3, $4, $5, $6, $6, 1) RETURNING id",
    )
    .bind(new.org_id.0)
    .bind(fy_col(Some(new.fiscal_year)))
    .bind(&new.name)
    .bind(i64::from(new.sort_order))
    .bind(i64::from(new.published))
    .bind(now_ms())
    .fetch_one(&mut *c)
    .await?;
    Ok(ThemeId(id))
}

pub(crate) async fn update_theme(c: &mut AnyConnection, theme: &PriorityTheme) -> Result<i64> {
    required("name", &theme.name)?;
    let r = sqlx::query(
        "UPDATE priority_themes SET fiscal_year = $1, name = $2, sort_order = $3, updated_at = $4, \
         version = version + 1 WHERE id = $5 AND version = $6",
    )
    .bind(fy_col(Some(theme.fiscal_year)))
    .bind(&theme.name)
    .bind(i64::from(theme.sort_order))
    .bind(now_ms())
    .bind(theme.id.0)
    .bind(theme.meta.version)
    .execute(&mut *c)
    .await?;
    finish_update(
        c,
        "priority_themes",
        version_sql!("priority_themes"),
        theme.id.0,
        theme.meta.version,
        r.rows_affected(),
    )
    .await
}

pub(crate) async fn delete_theme(c: &mut AnyConnection, id: ThemeId, version: i64) -> Result<()> {
    let r = sqlx::query("DELETE FROM priority_themes WHERE id = $1 AND version = $2")
        .bind(id.0)
        .bind(version)
        .execute(&mut *c)
        .await?;
    finish_delete(c, "priority_themes", version_sql!("priority_themes"), id.0, version, r.rows_affected()).await
}

/// Marks every theme of the organization's year published; returns how many changed.
pub(crate) async fn publish_themes(c: &mut AnyConnection, org: OrgId, year: FiscalYear) -> Result<u64> {
    let r = sqlx::query(
        "UPDATE priority_themes SET published = 1, updated_at = $1, version = version + 1 \
         WHERE org_id = $2 AND fiscal_year = $3 AND published = 0",
    )
    .bind(now_ms())
    .bind(org.0)
    .bind(fy_col(Some(year)))
    .execute(&mut *c)
    .await?;
    Ok(r.rows_affected())
}
