//! Reads of related plans and their node links.

use crate::error::{Result, StoreError};
use crate::exec::{query, Db, Row};
use crate::rows::{self, related_cols};
use hoshin_domain::*;

async fn related_with_links(c: &mut Db<'_>, rows: Vec<Row>) -> Result<Vec<RelatedPlan>> {
    let mut items = rows.iter().map(rows::related).collect::<Result<Vec<_>>>()?;
    if items.is_empty() {
        return Ok(items);
    }
    let ids: Vec<i64> = items.iter().map(|i| i.id.0).collect();
    let mut links = super::initiatives::node_links(c, super::initiatives::NodeLinks::RelatedPlans, &ids).await?;
    for i in &mut items {
        i.node_ids = links.remove(&i.id.0).unwrap_or_default();
    }
    Ok(items)
}

pub(crate) async fn get_related_plan(c: &mut Db<'_>, id: RelatedPlanId) -> Result<RelatedPlan> {
    let row = query(concat!("SELECT ", related_cols!(), " FROM related_plans WHERE id = $1"))
        .bind(id.0)
        .fetch_optional(&mut *c)
        .await?
        .ok_or_else(|| StoreError::not_found("related_plans", id))?;
    related_with_links(c, vec![row]).await?.pop().ok_or_else(|| StoreError::not_found("related_plans", id))
}

pub(crate) async fn list_related_plans(c: &mut Db<'_>, org: OrgId) -> Result<Vec<RelatedPlan>> {
    let rows = query(concat!("SELECT ", related_cols!(), " FROM related_plans WHERE org_id = $1 ORDER BY name, id"))
        .bind(org.0)
        .fetch_all(&mut *c)
        .await?;
    related_with_links(c, rows).await
}

pub(crate) async fn node_related_plans(c: &mut Db<'_>, node: NodeId) -> Result<Vec<RelatedPlan>> {
    let rows = query(concat!(
        "SELECT ",
        related_cols!(),
        " FROM related_plans WHERE id IN (SELECT related_plan_id FROM related_plan_nodes WHERE node_id = $1) \
         ORDER BY name, id"
    ))
    .bind(node.0)
    .fetch_all(&mut *c)
    .await?;
    related_with_links(c, rows).await
}
