//! Writes of related plans and their node links.

use super::common::{finish_delete, finish_update, required, version_sql};
use super::initiatives::link_nodes;
use crate::conv::now_ms;
use crate::error::Result;
use crate::records::*;
use hoshin_domain::*;
use sqlx::AnyConnection;

async fn link_related(c: &mut AnyConnection, plan: i64, nodes: &[NodeId], now: i64) -> Result<()> {
    sqlx::query("DELETE FROM related_plan_nodes WHERE related_plan_id = $1").bind(plan).execute(&mut *c).await?;
    link_nodes(c, crate::read::NodeLinks::RelatedPlans, plan, nodes, now).await
}

pub(crate) async fn insert_related_plan(c: &mut AnyConnection, new: &NewRelatedPlan) -> Result<RelatedPlanId> {
    required("name", &new.name)?;
    let now = now_ms();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO related_plans (org_id, name, description, created_at, updated_at, version) \
         VALUES ($1, $2, $3, $4, $4, 1) RETURNING id",
    )
    .bind(new.org_id.0)
    .bind(&new.name)
    .bind(&new.description)
    .bind(now)
    .fetch_one(&mut *c)
    .await?;
    link_related(c, id, &new.node_ids, now).await?;
    Ok(RelatedPlanId(id))
}

pub(crate) async fn update_related_plan(c: &mut AnyConnection, p: &RelatedPlan) -> Result<i64> {
    required("name", &p.name)?;
    let now = now_ms();
    let r = sqlx::query(
        "UPDATE related_plans SET name = $1, description = $2, updated_at = $3, version = version + 1 \
         WHERE id = $4 AND version = $5",
    )
    .bind(&p.name)
    .bind(&p.description)
    .bind(now)
    .bind(p.id.0)
    .bind(p.meta.version)
    .execute(&mut *c)
    .await?;
    let v = finish_update(c, "related_plans", version_sql!("related_plans"), p.id.0, p.meta.version, r.rows_affected())
        .await?;
    link_related(c, p.id.0, &p.node_ids, now).await?;
    Ok(v)
}

pub(crate) async fn delete_related_plan(c: &mut AnyConnection, id: RelatedPlanId, version: i64) -> Result<()> {
    let r = sqlx::query("DELETE FROM related_plans WHERE id = $1 AND version = $2")
        .bind(id.0)
        .bind(version)
        .execute(&mut *c)
        .await?;
    finish_delete(c, "related_plans", version_sql!("related_plans"), id.0, version, r.rows_affected()).await
}
