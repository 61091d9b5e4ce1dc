//! Progress rolled up through a plan tree (施策体系の進捗): each node's measures — its own
//! KPIs' achievement and the progress of the initiatives linked to it, each read as a share
//! of the way to done (0.0–1.0) — and its children's rolled-up values, combined as a
//! weighted mean. Pure: the caller gathers the scores and the weights.
//!
//! The rule, stated once: a node's value is the weighted mean of its parts, where its own
//! measures together are one part (their plain mean, weight 1) and each child with a value
//! is one part with the child's weight (1 unless configured). A child without any measure
//! in its subtree is left out rather than counted as zero, so a branch nobody measures does
//! not drag its parent down; [`Rollup::measures`] says how much a value rests on.

use crate::NodeId;
use std::collections::{HashMap, HashSet};

/// The tree as the roll-up needs it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TreeNode {
    pub id: NodeId,
    pub parent: Option<NodeId>,
}

/// One node's rolled-up progress.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rollup {
    /// 0.0–1.0; `None` when nothing under the node is measured.
    pub value: Option<f64>,
    /// How many measures (KPIs and initiatives) the value rests on, the subtree's included.
    pub measures: usize,
}

impl Rollup {
    /// The value as a whole percentage (63 for 0.627; a half rounds up, 58 for 0.575, which
    /// binary floating point holds as 0.57499…).
    pub fn percent(&self) -> Option<u8> {
        self.value.map(|v| (v * 100.0 + 1e-9).round().clamp(0.0, 100.0) as u8)
    }
}

/// Deeper trees than this are cut (a guard against a corrupt parent cycle).
const MAX_DEPTH: usize = 32;

/// Rolls `measures` (scores per node, clamped to 0.0–1.0, non-finite ones ignored) up
/// `nodes`; `weights` default to 1 and a weight that is not positive and finite leaves the
/// child out. Every node of `nodes` gets an entry.
pub fn roll_up(
    nodes: &[TreeNode],
    measures: &HashMap<NodeId, Vec<f64>>,
    weights: &HashMap<NodeId, f64>,
) -> HashMap<NodeId, Rollup> {
    let ids: HashSet<NodeId> = nodes.iter().map(|n| n.id).collect();
    let mut children: HashMap<Option<NodeId>, Vec<NodeId>> = HashMap::new();
    for n in nodes {
        // A parent outside the list makes the node a root of what was given.
        let parent = n.parent.filter(|p| ids.contains(p));
        children.entry(parent).or_default().push(n.id);
    }
    let mut out = HashMap::with_capacity(nodes.len());
    let roots = children.get(&None).cloned().unwrap_or_default();
    for r in roots {
        visit(r, 0, &children, measures, weights, &mut out);
    }
    // Nodes on a parent cycle are reachable from no root: they get their own measures only.
    for n in nodes {
        out.entry(n.id)
            .or_insert_with(|| own(measures.get(&n.id)).map_or(EMPTY, |(v, k)| Rollup { value: Some(v), measures: k }));
    }
    out
}

const EMPTY: Rollup = Rollup { value: None, measures: 0 };

fn own(scores: Option<&Vec<f64>>) -> Option<(f64, usize)> {
    let s: Vec<f64> = scores?.iter().filter(|v| v.is_finite()).map(|v| v.clamp(0.0, 1.0)).collect();
    (!s.is_empty()).then(|| (s.iter().sum::<f64>() / s.len() as f64, s.len()))
}

fn visit(
    id: NodeId,
    depth: usize,
    children: &HashMap<Option<NodeId>, Vec<NodeId>>,
    measures: &HashMap<NodeId, Vec<f64>>,
    weights: &HashMap<NodeId, f64>,
    out: &mut HashMap<NodeId, Rollup>,
) -> Rollup {
    let mut sum = 0.0;
    let mut total = 0.0;
    let mut count = 0;
    if let Some((v, k)) = own(measures.get(&id)) {
        sum += v;
        total += 1.0;
        count += k;
    }
    if depth < MAX_DEPTH {
        for &c in children.get(&Some(id)).map(Vec::as_slice).unwrap_or_default() {
            let r = visit(c, depth + 1, children, measures, weights, out);
            let w = weights.get(&c).copied().unwrap_or(1.0);
            if let Some(v) = r.value.filter(|_| w.is_finite() && w > 0.0) {
                sum += w * v;
                total += w;
                count += r.measures;
            }
        }
    }
    let r = Rollup { value: (total > 0.0).then(|| sum / total), measures: count };
    out.insert(id, r);
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(id: i64, parent: Option<i64>) -> TreeNode {
        TreeNode { id: NodeId(id), parent: parent.map(NodeId) }
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    #[test]
    fn equal_weights_by_default_and_unmeasured_branches_left_out() {
        // 1 ─┬─ 2 (KPIs 0.5, 1.0)
        //    ├─ 3 ── 4 (initiative 0.2)
        //    └─ 5 (nothing measured)
        let tree = [n(1, None), n(2, Some(1)), n(3, Some(1)), n(4, Some(3)), n(5, Some(1))];
        let m = HashMap::from([(NodeId(2), vec![0.5, 1.0]), (NodeId(4), vec![0.2])]);
        let r = roll_up(&tree, &m, &HashMap::new());
        assert!(close(r[&NodeId(2)].value, 0.75));
        assert!(close(r[&NodeId(3)].value, 0.2));
        assert!(close(r[&NodeId(1)].value, (0.75 + 0.2) / 2.0));
        assert_eq!(r[&NodeId(1)].measures, 3);
        assert_eq!(r[&NodeId(5)], Rollup { value: None, measures: 0 });
        assert_eq!(r[&NodeId(1)].percent(), Some(48));
        assert_eq!(Rollup { value: Some((0.75 + 0.4) / 2.0), measures: 1 }.percent(), Some(58));
    }

    #[test]
    fn weights_own_measures_and_clamping() {
        // The root has its own KPI (1.5 → clamped to 1.0) as one part beside two children.
        let tree = [n(1, None), n(2, Some(1)), n(3, Some(1))];
        let m = HashMap::from([(NodeId(1), vec![1.5]), (NodeId(2), vec![0.0, f64::NAN]), (NodeId(3), vec![0.6])]);
        let w = HashMap::from([(NodeId(2), 3.0), (NodeId(3), 0.0)]);
        let r = roll_up(&tree, &m, &w);
        assert!(close(r[&NodeId(2)].value, 0.0), "NaN ignored");
        // Own part 1.0 (weight 1), child 2 at 0.0 (weight 3), child 3 weighted 0: left out.
        assert!(close(r[&NodeId(1)].value, 0.25));
        assert_eq!(r[&NodeId(1)].measures, 2);
        assert!(close(r[&NodeId(3)].value, 0.6), "a child left out still has its own value");
    }

    #[test]
    fn cycles_and_foreign_parents_do_not_hang_or_drop_nodes() {
        let tree = [n(1, Some(2)), n(2, Some(1)), n(3, Some(99))];
        let m = HashMap::from([(NodeId(1), vec![0.4]), (NodeId(3), vec![0.9])]);
        let r = roll_up(&tree, &m, &HashMap::new());
        assert_eq!(r.len(), 3);
        assert!(close(r[&NodeId(1)].value, 0.4));
        assert_eq!(r[&NodeId(2)].value, None);
        assert!(close(r[&NodeId(3)].value, 0.9), "a parent outside the list: a root");
    }
}
