//! What the plan-tree roll-up reads (issue 15): a plan's own KPIs and the year's progress of
//! the published initiatives linked to its nodes (with the years they have figures in), each
//! in one query.

use crate::conv::fy_req;
use crate::error::{Result, StoreError};
use crate::exec::{query, Db};
use crate::rows::indicator_cols;
use hoshin_domain::*;

/// The published KPIs attached to the nodes of `plan`, with their actuals.
pub(crate) async fn plan_indicators(c: &mut Db<'_>, plan: PlanId) -> Result<Vec<Indicator>> {
    let rows = query(concat!(
        "SELECT ",
        indicator_cols!(),
        " FROM indicators WHERE node_id IN (SELECT id FROM plan_nodes WHERE plan_id = $1) \
         AND revision_id IS NULL ORDER BY node_id, sort_order, id"
    ))
    .bind(plan.0)
    .fetch_all(&mut *c)
    .await?;
    super::indicators::with_actuals(c, rows).await
}

/// Each progress figure in a year of `from..=up_to` of a published initiative linked to a
/// node of `plan`, when the initiative is of that year or of the whole plan period: (node,
/// year, progress), by node, then initiative and year.
///
/// One row per node of the plan, its figures gathered by a correlated subquery
/// (`year:progress,…`): the subquery can only be run per node, through the indexes on
/// `initiative_nodes (node_id, …)` and `goal_reviews (initiative_id, fiscal_year)`, so the
/// read grows with the plan, not with the database. As a flat join, PostgreSQL hashed whole
/// scans of `initiative_nodes` and `goal_reviews` instead (issue 14: 5.6 ms a call on 20 cities
/// with the generic plan, growing with every city added; this form 1.2 ms). The reviews are
/// sought before the initiatives (`CROSS JOIN` keeps that order on SQLite; PostgreSQL orders
/// joins itself): a link's initiative is read only when a review of the years asked exists —
/// about a third of the links of a plan spanning ten years.
pub(crate) async fn plan_progress_figures(
    c: &mut Db<'_>,
    plan: PlanId,
    from: FiscalYear,
    up_to: FiscalYear,
) -> Result<Vec<(NodeId, FiscalYear, u8)>> {
    let rows = query(
        "SELECT n.id, (SELECT string_agg(CAST(r.fiscal_year AS TEXT) || ':' || CAST(r.progress AS TEXT), ',' \
                               ORDER BY i.id, r.fiscal_year) \
            FROM initiative_nodes l CROSS JOIN goal_reviews r CROSS JOIN initiatives i \
            WHERE r.initiative_id = l.initiative_id AND i.id = l.initiative_id \
            AND l.node_id = n.id AND i.revision_id IS NULL AND r.progress IS NOT NULL \
            AND r.fiscal_year <= $2 AND r.fiscal_year >= $3 \
            AND (i.fiscal_year = r.fiscal_year OR i.fiscal_year IS NULL)) \
         FROM plan_nodes n WHERE n.plan_id = $1",
    )
    .bind(plan.0)
    .bind(i64::from(up_to.year()))
    .bind(i64::from(from.year()))
    .fetch_all(&mut *c)
    .await?;
    let mut out = Vec::new();
    for r in &rows {
        let Some(list) = r.try_get::<Option<String>>(1)? else { continue };
        let node = NodeId(r.try_get(0)?);
        for figure in list.split(',') {
            let (year, progress) = figure
                .split_once(':')
                .and_then(|(y, p)| Some((y.parse::<i64>().ok()?, p.parse::<i64>().ok()?)))
                .ok_or_else(|| StoreError::Corrupt(format!("progress figure {figure:?} of node {}", node.0)))?;
            // The schema keeps progress within 0–100 (a CHECK on both backends).
            if let Ok(p) = u8::try_from(progress) {
                out.push((node, fy_req(year)?, p));
            }
        }
    }
    // Nodes come in whatever order the plan's index gives; within one, the subquery's order.
    out.sort_by_key(|(node, _, _)| *node);
    Ok(out)
}

/// The weights set on nodes of `plan` (a node without one weighs 1), in node id order.
pub(crate) async fn plan_node_weights(c: &mut Db<'_>, plan: PlanId) -> Result<Vec<(NodeId, f64)>> {
    let rows = query(
        "SELECT w.node_id, w.weight FROM plan_node_weights w JOIN plan_nodes n ON n.id = w.node_id \
         WHERE n.plan_id = $1 ORDER BY w.node_id",
    )
    .bind(plan.0)
    .fetch_all(&mut *c)
    .await?;
    rows.iter().map(|r| Ok((NodeId(r.try_get(0)?), r.try_get(1)?))).collect()
}
