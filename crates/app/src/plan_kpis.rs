//! Actuals of the comprehensive plan's own KPIs (indicators attached to plan nodes, owned by
//! the planning office rather than a department). The planning office enters them directly
//! — it is the publisher — in one transaction per year's column, each change audited.

use crate::access::{require_planning, Actor};
use crate::editing::{write_actuals, ActualEntry};
use crate::error::{AppError, Result};
use hoshin_domain::*;

/// Enters one year's actuals of plan-node KPIs of `org`. Every value is checked before any
/// is written; a stale version or a value that is not a number leaves all unchanged.
pub async fn set_plan_actuals(
    store: &(impl crate::Db + ?Sized),
    actor: &Actor,
    org: OrgId,
    year: FiscalYear,
    entries: &[ActualEntry],
) -> Result<usize> {
    let store = crate::db::store(store);
    require_planning(actor, org)?;
    let tx = store.begin().await?;
    let changed = write_actuals(tx.as_ref(), actor, year, entries, |i| {
        if i.org_id == org && matches!(i.owner, Some(IndicatorOwner::Node(_))) && i.draft.is_none() {
            Ok(())
        } else {
            Err(AppError::forbidden("計画の指標ではありません"))
        }
    })
    .await?;
    tx.commit().await?;
    Ok(changed)
}

/// The most plan KPIs one page lists.
pub const MAX_KPIS: u32 = 3_000;

/// The plan KPIs of an organization (at most [`MAX_KPIS`]) grouped by their node, in node
/// order (plan, code, sort order).
pub async fn plan_kpis(db: &(impl crate::ReadDb + ?Sized), org: OrgId) -> Result<Vec<(PlanNode, Vec<Indicator>)>> {
    let r = crate::db::read(db);
    let mut by_node: std::collections::BTreeMap<i64, Vec<Indicator>> = std::collections::BTreeMap::new();
    for k in r.list_indicators(org, hoshin_store::Page::first(MAX_KPIS)).await? {
        if let Some(IndicatorOwner::Node(n)) = k.owner {
            by_node.entry(n.0).or_default().push(k);
        }
    }
    let ids: Vec<NodeId> = by_node.keys().map(|n| NodeId(*n)).collect();
    let mut nodes = r.nodes_by_ids(&ids).await?;
    nodes.sort_by(|a, b| (a.plan_id, &a.code, a.sort_order, a.id).cmp(&(b.plan_id, &b.code, b.sort_order, b.id)));
    Ok(nodes.into_iter().filter_map(|n| by_node.remove(&n.id.0).map(|ks| (n, ks))).collect())
}
