//! What the plan-tree roll-up reads (issue 15): a plan's own KPIs and the year's progress of
//! the published initiatives linked to its nodes, each in one query.

use crate::error::Result;
use crate::rows::indicator_cols;
use hoshin_domain::*;
use sqlx::{AnyConnection, Row};

/// The published KPIs attached to the nodes of `plan`, with their actuals.
pub(crate) async fn plan_indicators(c: &mut AnyConnection, plan: PlanId) -> Result<Vec<Indicator>> {
    let rows = sqlx::query(concat!(
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

/// Each link between a node of `plan` and a published initiative of `year` (or one that runs
/// the whole plan period), with that initiative's progress in `year` when its review gives one.
pub(crate) async fn plan_initiative_progress(
    c: &mut AnyConnection,
    plan: PlanId,
    year: FiscalYear,
) -> Result<Vec<(NodeId, InitiativeId, Option<u8>)>> {
    let rows = sqlx::query(
        "SELECT l.node_id, i.id, r.progress FROM initiative_nodes l \
         JOIN plan_nodes n ON n.id = l.node_id \
         JOIN initiatives i ON i.id = l.initiative_id \
         LEFT JOIN goal_reviews r ON r.initiative_id = i.id AND r.fiscal_year = $2 \
         WHERE n.plan_id = $1 AND i.revision_id IS NULL AND (i.fiscal_year = $2 OR i.fiscal_year IS NULL) \
         ORDER BY l.node_id, i.id",
    )
    .bind(plan.0)
    .bind(i64::from(year.year()))
    .fetch_all(&mut *c)
    .await?;
    rows.iter()
        .map(|r| {
            let progress: Option<i64> = r.try_get(2)?;
            Ok((NodeId(r.try_get(0)?), InitiativeId(r.try_get(1)?), progress.and_then(|p| u8::try_from(p).ok())))
        })
        .collect()
}

/// The latest year in `(up_to - 10, up_to]` with a progress figure of a published initiative
/// linked to a node of `plan` (as [`plan_initiative_progress`] of that year would give one).
pub(crate) async fn plan_latest_progress_year(
    c: &mut AnyConnection,
    plan: PlanId,
    up_to: FiscalYear,
) -> Result<Option<FiscalYear>> {
    let latest: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(r.fiscal_year) FROM initiative_nodes l \
         JOIN plan_nodes n ON n.id = l.node_id \
         JOIN initiatives i ON i.id = l.initiative_id \
         JOIN goal_reviews r ON r.initiative_id = i.id \
         WHERE n.plan_id = $1 AND i.revision_id IS NULL AND r.progress IS NOT NULL \
         AND r.fiscal_year <= $2 AND r.fiscal_year > $3 \
         AND (i.fiscal_year = r.fiscal_year OR i.fiscal_year IS NULL)",
    )
    .bind(plan.0)
    .bind(i64::from(up_to.year()))
    .bind(i64::from(up_to.year()) - 10)
    .fetch_one(&mut *c)
    .await?;
    Ok(latest.and_then(|y| FiscalYear::new(y).ok()))
}

/// The weights set on nodes of `plan` (a node without one weighs 1), in node id order.
pub(crate) async fn plan_node_weights(c: &mut AnyConnection, plan: PlanId) -> Result<Vec<(NodeId, f64)>> {
    let rows = sqlx::query(
        "SELECT w.node_id, w.weight FROM plan_node_weights w JOIN plan_nodes n ON n.id = w.node_id \
         WHERE n.plan_id = $1 ORDER BY w.node_id",
    )
    .bind(plan.0)
    .fetch_all(&mut *c)
    .await?;
    rows.iter().map(|r| Ok((NodeId(r.try_get(0)?), r.try_get(1)?))).collect()
}
