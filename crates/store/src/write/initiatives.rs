//! Writes of initiatives and their plan-node links.

use super::common::{finish_delete, finish_update, required, version_sql};
use crate::conv::{fy_col, now_ms, to_json};
use crate::error::Result;
use hoshin_domain::*;
use sqlx::AnyConnection;

/// Node ids without repeats, first occurrence kept (the link table's key is the pair).
pub(crate) fn distinct_nodes(ids: &[NodeId]) -> Vec<NodeId> {
    let mut out: Vec<NodeId> = Vec::with_capacity(ids.len());
    for id in ids {
        if !out.contains(id) {
            out.push(*id);
        }
    }
    out
}

/// Writes the plan-node links of one record (an initiative or a related plan), in order.
pub(crate) async fn link_nodes(
    c: &mut AnyConnection,
    table: crate::read::NodeLinks,
    owner: i64,
    nodes: &[NodeId],
    now: i64,
) -> Result<()> {
    // Table names come from the enum, never from input; the values are bound.
    let sql = match table {
        crate::read::NodeLinks::Initiatives => {
            "INSERT INTO initiative_nodes (initiative_id, node_id, position, created_at, updated_at, version) \
             VALUES ($1, $2, $3, $4, $4, 1)"
        }
        crate::read::NodeLinks::RelatedPlans => {
            "INSERT INTO related_plan_nodes (related_plan_id, node_id, position, created_at, updated_at, version) \
             VALUES ($1, $2, $3, $4, $4, 1)"
        }
    };
    for (pos, node) in distinct_nodes(nodes).iter().enumerate() {
        sqlx::query(sql).bind(owner).bind(node.0).bind(pos as i64).bind(now).execute(&mut *c).await?;
    }
    Ok(())
}

pub(crate) async fn insert_initiative(c: &mut AnyConnection, new: &NewInitiative) -> Result<InitiativeId> {
    required("name", &new.name)?;
    let now = now_ms();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO initiatives (org_id, department_id, fiscal_year, period_end, kind, theme_id, name, summary, \
         reform_perspectives, reform_text, sdg_goals, milestones, sections, predecessor_id, sort_order, \
         created_at, updated_at, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, 1) RETURNING id",
    )
    .bind(new.org_id.0)
    .bind(new.department_id.map(|d| d.0))
    .bind(fy_col(new.fiscal_year))
    .bind(fy_col(new.period_end))
    .bind(new.kind.as_str())
    .bind(new.theme_id.map(|t| t.0))
    .bind(&new.name)
    .bind(&new.summary)
    .bind(to_json(&new.reform_perspectives)?)
    .bind(&new.reform_text)
    .bind(to_json(&new.sdg_goals)?)
    .bind(to_json(&new.milestones)?)
    .bind(to_json(&new.sections)?)
    .bind(new.predecessor_id.map(|p| p.0))
    .bind(i64::from(new.sort_order))
    .bind(now)
    .fetch_one(&mut *c)
    .await?;
    link_nodes(c, crate::read::NodeLinks::Initiatives, id, &new.node_ids, now).await?;
    Ok(InitiativeId(id))
}

pub(crate) async fn update_initiative(c: &mut AnyConnection, i: &Initiative) -> Result<i64> {
    required("name", &i.name)?;
    let now = now_ms();
    let r = sqlx::query(
        "UPDATE initiatives SET department_id = $1, fiscal_year = $2, period_end = $3, kind = $4, theme_id = $5, \
         name = $6, summary = $7, reform_perspectives = $8, reform_text = $9, sdg_goals = $10, milestones = $11, \
         sections = $12, predecessor_id = $13, sort_order = $14, updated_at = $15, version = version + 1 \
         WHERE id = $16 AND version = $17",
    )
    .bind(i.department_id.map(|d| d.0))
    .bind(fy_col(i.fiscal_year))
    .bind(fy_col(i.period_end))
    .bind(i.kind.as_str())
    .bind(i.theme_id.map(|t| t.0))
    .bind(&i.name)
    .bind(&i.summary)
    .bind(to_json(&i.reform_perspectives)?)
    .bind(&i.reform_text)
    .bind(to_json(&i.sdg_goals)?)
    .bind(to_json(&i.milestones)?)
    .bind(to_json(&i.sections)?)
    .bind(i.predecessor_id.map(|p| p.0))
    .bind(i64::from(i.sort_order))
    .bind(now)
    .bind(i.id.0)
    .bind(i.meta.version)
    .execute(&mut *c)
    .await?;
    let v =
        finish_update(c, "initiatives", version_sql!("initiatives"), i.id.0, i.meta.version, r.rows_affected()).await?;
    sqlx::query("DELETE FROM initiative_nodes WHERE initiative_id = $1").bind(i.id.0).execute(&mut *c).await?;
    link_nodes(c, crate::read::NodeLinks::Initiatives, i.id.0, &i.node_ids, now).await?;
    Ok(v)
}

pub(crate) async fn delete_initiative(c: &mut AnyConnection, id: InitiativeId, version: i64) -> Result<()> {
    let r = sqlx::query("DELETE FROM initiatives WHERE id = $1 AND version = $2")
        .bind(id.0)
        .bind(version)
        .execute(&mut *c)
        .await?;
    finish_delete(c, "initiatives", version_sql!("initiatives"), id.0, version, r.rows_affected()).await
}
