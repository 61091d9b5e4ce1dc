//! What the plan-tree roll-up reads (issue 15): a plan's own KPIs and the year's progress of
//! the published initiatives linked to its nodes (with the years they have figures in), each
//! in one query.

use crate::conv::fy_req;
use crate::error::Result;
use crate::exec::{query, Db};
use hoshin_domain::*;

/// Each progress figure in a year of `from..=up_to` of a published initiative linked to a
/// node of `plan`, when the initiative is of that year or of the whole plan period: (node,
/// year, progress), by node, then initiative and year.
///
/// The figures are kept as rows of `plan_progress` by triggers on the tables they come from
/// (migration 0015), so this is one range of its primary key. The join they stand for sought
/// about two thousand rows of four tables per plan at national scale, most of a cold plan
/// tree's time (issue 14).
pub(crate) async fn plan_progress_figures(
    c: &mut Db<'_>,
    plan: PlanId,
    from: FiscalYear,
    up_to: FiscalYear,
) -> Result<Vec<(NodeId, FiscalYear, u8)>> {
    let rows = query(
        "SELECT node_id, fiscal_year, progress FROM plan_progress \
         WHERE plan_id = $1 AND fiscal_year <= $2 AND fiscal_year >= $3 \
         ORDER BY node_id, initiative_id, fiscal_year",
    )
    .bind(plan.0)
    .bind(i64::from(up_to.year()))
    .bind(i64::from(from.year()))
    .fetch_all(&mut *c)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let progress: i64 = r.try_get(2)?;
        // The schema keeps progress within 0–100 (a CHECK on both backends).
        if let Ok(p) = u8::try_from(progress) {
            out.push((NodeId(r.try_get(0)?), fy_req(r.try_get(1)?)?, p));
        }
    }
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
