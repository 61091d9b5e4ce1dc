//! Weights of plan nodes in the progress roll-up (issue 15): the planning office says how much
//! each node counts toward its parent's rolled-up progress on the public plan pages (1 unless
//! set; 0 leaves a node out). All of a plan's changes are saved in one transaction, each
//! audited; a weight someone changed since the form was drawn is a conflict, not overwritten.

use crate::access::{require_planning, require_staff, Actor};
use crate::audit;
use crate::error::{AppError, Result};
use crate::public::rollup::{plan_progress, PlanProgress};
use hoshin_domain::*;
use serde::Serialize;
use std::collections::HashMap;

/// The largest weight (the database's check says the same).
pub const MAX_WEIGHT: f64 = 100.0;

/// One node's weight as the form showed it and as submitted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeightEntry {
    pub node: NodeId,
    /// The weight the form was drawn with (the conflict check).
    pub shown: f64,
    pub weight: f64,
}

#[derive(Serialize)]
struct Audited {
    weight: f64,
}

/// What the staff page of a plan's weights shows.
#[derive(Debug, Clone)]
pub struct WeightsPage {
    pub plan: Plan,
    /// Depth-first in the plan's order, each with its depth (0 for a top-level node).
    pub nodes: Vec<(PlanNode, usize)>,
    pub weights: HashMap<NodeId, f64>,
    /// The roll-up as the public pages show it now.
    pub progress: PlanProgress,
}

/// The page's content, for staff of the plan's organization.
pub async fn page(r: &(impl crate::ReadDb + ?Sized), actor: &Actor, plan: PlanId, today: Day) -> Result<WeightsPage> {
    let r = crate::db::read(r);
    let p = r.get_plan(plan).await?;
    require_staff(actor, p.org_id)?;
    let all = r.plan_nodes(plan).await?;
    let mut children: HashMap<Option<NodeId>, Vec<&PlanNode>> = HashMap::new();
    let ids: std::collections::HashSet<NodeId> = all.iter().map(|n| n.id).collect();
    for n in &all {
        children.entry(n.parent_id.filter(|p| ids.contains(p))).or_default().push(n);
    }
    for list in children.values_mut() {
        list.sort_by_key(|n| (n.sort_order, n.id.0));
    }
    let mut nodes = Vec::with_capacity(all.len());
    let mut stack: Vec<(&PlanNode, usize)> =
        children.get(&None).map(|l| l.iter().rev().map(|n| (*n, 0)).collect()).unwrap_or_default();
    while let Some((n, depth)) = stack.pop() {
        nodes.push((n.clone(), depth));
        if depth < 32 {
            if let Some(list) = children.get(&Some(n.id)) {
                stack.extend(list.iter().rev().map(|c| (*c, depth + 1)));
            }
        }
    }
    let this_year = today.fiscal_year();
    let progress = match this_year.or(p.period_end) {
        Some(y) => plan_progress(r, plan, None, y).await?,
        None => PlanProgress { year: None, nodes: HashMap::new() },
    };
    Ok(WeightsPage { plan: p, nodes, weights: weights(r, plan).await?, progress })
}

/// The organization's plans, for staff of it.
pub async fn plans(r: &(impl crate::ReadDb + ?Sized), actor: &Actor, org: OrgId) -> Result<Vec<Plan>> {
    let r = crate::db::read(r);
    require_staff(actor, org)?;
    Ok(r.list_plans(org).await?)
}

/// A weight as the form sent it: the node, the weight shown and the weight typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeightInput {
    pub node: NodeId,
    pub shown: String,
    pub weight: String,
}

/// Parses a form's weights, naming a node by its code and title in a message.
pub async fn parse_inputs(
    r: &(impl crate::ReadDb + ?Sized),
    plan: PlanId,
    inputs: &[WeightInput],
) -> Result<Vec<WeightEntry>> {
    let r = crate::db::read(r);
    let names: HashMap<NodeId, String> = r.plan_nodes(plan).await?.into_iter().map(|n| (n.id, n.label())).collect();
    inputs
        .iter()
        .map(|i| {
            let name = names.get(&i.node).map_or_else(|| format!("項目{}", i.node), Clone::clone);
            Ok(WeightEntry {
                node: i.node,
                shown: parse_weight(&i.shown, &name)?,
                // Refused beside that node's field (`weight_{id}`).
                weight: parse_weight(&i.weight, &name).map_err(|e| match e {
                    AppError::Invalid { message, .. } => AppError::invalid(format!("weight_{}", i.node), message),
                    other => other,
                })?,
            })
        })
        .collect()
}

/// Every node's weight (1 where none is set).
pub async fn weights(r: &(impl crate::ReadDb + ?Sized), plan: PlanId) -> Result<HashMap<NodeId, f64>> {
    let r = crate::db::read(r);
    Ok(r.plan_node_weights(plan).await?.into_iter().collect())
}

/// Parses a weight as typed (half- or full-width digits, a decimal point); `line` names the
/// node in the message.
pub fn parse_weight(text: &str, line: &str) -> Result<f64> {
    let t = hoshin_domain::text::nfkc(text.trim());
    if t.is_empty() {
        return Ok(1.0);
    }
    match t.parse::<f64>() {
        Ok(w) if w.is_finite() && (0.0..=MAX_WEIGHT).contains(&w) => Ok(w),
        _ => Err(AppError::invalid(
            "weight",
            format!("{line}：重み「{}」は0から{MAX_WEIGHT}までの数で入力してください", text.trim()),
        )),
    }
}

/// Saves the changed weights of `plan`'s nodes; returns how many changed. Planning (or an
/// administrator) of the plan's organization only.
pub async fn set_weights(
    store: &(impl crate::Db + ?Sized),
    actor: &Actor,
    plan: PlanId,
    entries: &[WeightEntry],
) -> Result<usize> {
    let store = crate::db::store(store);
    let p = store.get_plan(plan).await?;
    require_planning(actor, p.org_id)?;
    if let Some(e) = entries.iter().find(|e| !e.weight.is_finite() || !(0.0..=MAX_WEIGHT).contains(&e.weight)) {
        return Err(AppError::invalid("weight", format!("重みは0から{MAX_WEIGHT}までの数です（{}）", e.weight)));
    }
    let tx = store.begin().await?;
    let nodes: HashMap<NodeId, PlanNode> = tx.plan_nodes(plan).await?.into_iter().map(|n| (n.id, n)).collect();
    let now: HashMap<NodeId, f64> = tx.plan_node_weights(plan).await?.into_iter().collect();
    let mut changed = 0;
    for e in entries {
        let Some(node) = nodes.get(&e.node) else {
            return Err(AppError::invalid("weight", "この計画の項目ではありません"));
        };
        let current = now.get(&e.node).copied().unwrap_or(1.0);
        if !same(current, e.shown) {
            return Err(AppError::Stale(format!(
                "「{}」の重みは、画面を開いた後に別の人が{}に変更しました。画面を開き直してください",
                node.title,
                fmt(current)
            )));
        }
        if same(current, e.weight) {
            continue;
        }
        tx.set_node_weight(e.node, (!same(e.weight, 1.0)).then_some(e.weight)).await?;
        audit::record(
            tx.as_ref(),
            actor,
            "plan_node_weights",
            e.node.0,
            "update",
            Some(&Audited { weight: current }),
            Some(&Audited { weight: e.weight }),
        )
        .await?;
        changed += 1;
    }
    tx.commit().await?;
    Ok(changed)
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// A weight as a form shows it: `1`, `2.5`.
pub fn fmt(w: f64) -> String {
    let s = format!("{w:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_parse_and_print() {
        assert_eq!(parse_weight("２．５", "x").unwrap(), 2.5);
        assert_eq!(parse_weight(" ", "x").unwrap(), 1.0, "empty: the default");
        assert_eq!(parse_weight("0", "x").unwrap(), 0.0);
        for bad in ["-1", "101", "重い", "NaN", "inf"] {
            assert!(parse_weight(bad, "施策1").is_err(), "{bad}");
        }
        assert_eq!((fmt(1.0), fmt(2.5), fmt(0.125), fmt(0.0)), ("1".into(), "2.5".into(), "0.125".into(), "0".into()));
    }
}
