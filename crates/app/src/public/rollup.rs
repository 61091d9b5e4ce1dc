//! Progress rolled up a plan's tree for a year (issue 15, 施策体系の進捗), for the public plan
//! and node pages: each node's own KPIs (their achievement toward the target, 0–100 %) and the
//! year's progress of the published initiatives linked to it are its measures;
//! [`hoshin_domain::rollup::roll_up`] combines them up the tree with the weights the planning office set
//! ([`crate::plan_weights`]; 1 where none is set).

use crate::error::Result;
use hoshin_domain::rollup::{roll_up, Rollup, TreeNode};
use hoshin_domain::*;
use hoshin_store::Read;
use std::collections::HashMap;

/// The roll-up of one plan in one year.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanProgress {
    /// The year measured; `None` when the plan has nothing measured in any year.
    pub year: Option<FiscalYear>,
    pub nodes: HashMap<NodeId, Rollup>,
}

/// The plan's roll-up in `year`, or (without one) in the latest year a KPI of the plan has an
/// actual or a linked initiative a progress figure, looking back from `today_year`.
pub async fn plan_progress(
    db: &(impl crate::ReadDb + ?Sized),
    plan: PlanId,
    year: Option<FiscalYear>,
    today_year: FiscalYear,
) -> Result<PlanProgress> {
    let r = crate::db::read(db);
    // Read at once: on PostgreSQL they leave together (`store/src/pgread.rs`).
    let (nodes, reads) = tokio::try_join!(
        async { Ok::<_, crate::AppError>(r.plan_nodes(plan).await?) },
        progress_reads(r, plan, year, today_year),
    )?;
    progress_of(r, plan, &nodes, reads).await
}

/// What the roll-up reads of a plan, by the plan's id alone: a page starts these beside its
/// other reads of the plan (its row, its nodes) rather than after them.
pub(crate) struct ProgressReads {
    year: Option<FiscalYear>,
    today_year: FiscalYear,
    /// The first year of the initiatives' figures read.
    from: FiscalYear,
    kpis: Vec<Indicator>,
    figures: Vec<(NodeId, FiscalYear, u8)>,
    weights: Vec<(NodeId, f64)>,
}

pub(crate) async fn progress_reads(
    r: &dyn Read,
    plan: PlanId,
    year: Option<FiscalYear>,
    today_year: FiscalYear,
) -> Result<ProgressReads> {
    // The initiatives' progress figures of the years the roll-up may show, in one read: the
    // given year, or (without one) the ten years up to `today_year` (a plan runs five to ten).
    let (from, up_to) = match year {
        Some(y) => (y, y),
        None => {
            let t = i64::from(today_year.year());
            ((t - 9..=t).find_map(|y| FiscalYear::new(y).ok()).unwrap_or(today_year), today_year)
        }
    };
    // Read at once: on PostgreSQL they leave together (`store/src/pgread.rs`).
    let (kpis, figures, weights) = tokio::try_join!(
        r.plan_indicators(plan),
        r.plan_progress_figures(plan, from, up_to),
        r.plan_node_weights(plan),
    )?;
    Ok(ProgressReads { year, today_year, from, kpis, figures, weights })
}

/// The roll-up of the plan's `nodes` from what [`progress_reads`] read.
pub(crate) async fn progress_of(
    r: &dyn Read,
    plan: PlanId,
    nodes: &[PlanNode],
    reads: ProgressReads,
) -> Result<PlanProgress> {
    let ProgressReads { year, today_year, from, kpis, mut figures, weights } = reads;
    let year = match year {
        Some(y) => Some(y),
        None => latest_measured(&kpis, &figures, today_year),
    };
    let Some(year) = year else {
        return Ok(PlanProgress { year: None, nodes: HashMap::new() });
    };
    if year < from {
        // A KPI measured before the window: that year's initiative figures, read on their own.
        figures = r.plan_progress_figures(plan, year, year).await?;
    }
    let mut measures: HashMap<NodeId, Vec<f64>> = HashMap::new();
    for k in &kpis {
        if let (Some(IndicatorOwner::Node(n)), Some(rate)) = (k.owner, k.achievement_in(year)) {
            measures.entry(n).or_default().push(rate);
        }
    }
    for (node, _, progress) in figures.iter().filter(|(_, y, _)| *y == year) {
        measures.entry(*node).or_default().push(f64::from(*progress) / 100.0);
    }
    let tree: Vec<TreeNode> = nodes.iter().map(|n| TreeNode { id: n.id, parent: n.parent_id }).collect();
    let weights: HashMap<NodeId, f64> = weights.into_iter().collect();
    Ok(PlanProgress { year: Some(year), nodes: roll_up(&tree, &measures, &weights) })
}

/// The latest year up to `today_year` with a KPI actual or an initiative's progress figure
/// (`figures`: those of the ten years up to `today_year`).
fn latest_measured(
    kpis: &[Indicator],
    figures: &[(NodeId, FiscalYear, u8)],
    today_year: FiscalYear,
) -> Option<FiscalYear> {
    let by_kpi = kpis
        .iter()
        .flat_map(|k| k.actuals.iter().filter(|a| a.value.value.is_some()).map(|a| a.fiscal_year))
        .filter(|y| *y <= today_year)
        .max();
    let by_initiative = figures.iter().map(|(_, y, _)| *y).max();
    by_kpi.max(by_initiative)
}
