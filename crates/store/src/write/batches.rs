//! The bulk statements of each table and the functions the `Tx` exposes for them.

use super::bulk::{run, Batch, Q};
use super::indicators::owner_cols;
use super::initiatives::distinct_nodes;
use crate::conv::{bad, fy_col, now_ms, to_json, QuantityCols};
use crate::error::Result;
use crate::records::{Backend, NewDepartmentPolicy, NewGoalReview};
use hoshin_domain::*;
use sqlx::AnyConnection;

const DEPARTMENTS: Batch = Batch {
    head: "INSERT INTO departments (org_id, parent_id, name, sort_order, created_at, updated_at, version) VALUES ",
    binds: 6,
    returning: true,
};

fn bind_department<'q>(q: Q<'q>, r: &'q NewDepartment, now: i64) -> Result<Q<'q>> {
    Ok(q.bind(r.org_id.0)
        .bind(r.parent_id.map(|p| p.0))
        .bind(r.name.as_str())
        .bind(i64::from(r.sort_order))
        .bind(now)
        .bind(now))
}

const DEPARTMENT_NAMES: Batch = Batch {
    head: "INSERT INTO department_names (department_id, name, valid_from, created_at, updated_at, version) VALUES ",
    binds: 5,
    returning: false,
};

fn bind_department_name<'q>(q: Q<'q>, r: &'q (i64, String), now: i64) -> Result<Q<'q>> {
    Ok(q.bind(r.0).bind(r.1.as_str()).bind(Option::<i64>::None).bind(now).bind(now))
}

pub(crate) async fn insert_departments(
    c: &mut AnyConnection,
    backend: Backend,
    rows: &[NewDepartment],
) -> Result<Vec<DepartmentId>> {
    let now = now_ms();
    let ids = run(c, backend, &DEPARTMENTS, rows, bind_department, now).await?;
    let names: Vec<(i64, String)> = ids.iter().zip(rows).map(|(id, r)| (*id, r.name.clone())).collect();
    run(c, backend, &DEPARTMENT_NAMES, &names, bind_department_name, now).await?;
    Ok(ids.into_iter().map(DepartmentId).collect())
}

const NODES: Batch = Batch {
    head: "INSERT INTO plan_nodes (plan_id, parent_id, kind_label, code, title, vision, current_issues, \
           sdgs_direction, sdg_goals, sort_order, created_at, updated_at, version) VALUES ",
    binds: 12,
    returning: true,
};

fn bind_node<'q>(q: Q<'q>, r: &'q NewPlanNode, now: i64) -> Result<Q<'q>> {
    let plan = r.plan_id.ok_or_else(|| bad("a bulk-inserted node needs its plan_id"))?;
    Ok(q.bind(plan.0)
        .bind(r.parent_id.map(|p| p.0))
        .bind(r.kind_label.as_str())
        .bind(r.code.as_deref())
        .bind(r.title.as_str())
        .bind(r.vision.as_deref())
        .bind(r.current_issues.as_deref())
        .bind(r.sdgs_direction.as_deref())
        .bind(to_json(&r.sdg_goals)?)
        .bind(i64::from(r.sort_order))
        .bind(now)
        .bind(now))
}

pub(crate) async fn insert_nodes(c: &mut AnyConnection, backend: Backend, rows: &[NewPlanNode]) -> Result<Vec<NodeId>> {
    Ok(run(c, backend, &NODES, rows, bind_node, now_ms()).await?.into_iter().map(NodeId).collect())
}

const INITIATIVES: Batch = Batch {
    head: "INSERT INTO initiatives (org_id, department_id, fiscal_year, period_end, kind, theme_id, name, summary, \
           reform_perspectives, reform_text, sdg_goals, milestones, sections, predecessor_id, sort_order, \
           created_at, updated_at, version) VALUES ",
    binds: 17,
    returning: true,
};

fn bind_initiative<'q>(q: Q<'q>, r: &'q NewInitiative, now: i64) -> Result<Q<'q>> {
    Ok(q.bind(r.org_id.0)
        .bind(r.department_id.map(|d| d.0))
        .bind(fy_col(r.fiscal_year))
        .bind(fy_col(r.period_end))
        .bind(r.kind.as_str())
        .bind(r.theme_id.map(|t| t.0))
        .bind(r.name.as_str())
        .bind(r.summary.as_deref())
        .bind(to_json(&r.reform_perspectives)?)
        .bind(r.reform_text.as_deref())
        .bind(to_json(&r.sdg_goals)?)
        .bind(to_json(&r.milestones)?)
        .bind(to_json(&r.sections)?)
        .bind(r.predecessor_id.map(|p| p.0))
        .bind(i64::from(r.sort_order))
        .bind(now)
        .bind(now))
}

const INITIATIVE_NODES: Batch = Batch {
    head: "INSERT INTO initiative_nodes (initiative_id, node_id, position, created_at, updated_at, version) VALUES ",
    binds: 5,
    returning: false,
};

fn bind_link<'q>(q: Q<'q>, r: &'q (i64, i64, i64), now: i64) -> Result<Q<'q>> {
    Ok(q.bind(r.0).bind(r.1).bind(r.2).bind(now).bind(now))
}

pub(crate) async fn insert_initiatives(
    c: &mut AnyConnection,
    backend: Backend,
    rows: &[NewInitiative],
) -> Result<Vec<InitiativeId>> {
    let now = now_ms();
    let ids = run(c, backend, &INITIATIVES, rows, bind_initiative, now).await?;
    let mut links = Vec::new();
    for (id, r) in ids.iter().zip(rows) {
        for (pos, node) in distinct_nodes(&r.node_ids).iter().enumerate() {
            links.push((*id, node.0, pos as i64));
        }
    }
    run(c, backend, &INITIATIVE_NODES, &links, bind_link, now).await?;
    Ok(ids.into_iter().map(InitiativeId).collect())
}

const INDICATORS: Batch = Batch {
    head: "INSERT INTO indicators (org_id, node_id, initiative_id, name, unit, direction, cumulative, \
           baseline_text, baseline_value, baseline_unit, baseline_approx, baseline_qualifier, baseline_year, \
           baseline_note, target_text, target_value, target_unit, target_approx, target_qualifier, target_year, \
           sort_order, created_at, updated_at, version) VALUES ",
    binds: 23,
    returning: true,
};

fn bind_indicator<'q>(q: Q<'q>, r: &'q NewIndicator, now: i64) -> Result<Q<'q>> {
    let (node, initiative) = owner_cols(r.owner);
    let (b, t) = (QuantityCols::of(r.baseline.as_ref()), QuantityCols::of(r.target.as_ref()));
    Ok(q.bind(r.org_id.0)
        .bind(node)
        .bind(initiative)
        .bind(r.name.as_str())
        .bind(r.unit.as_deref())
        .bind(r.direction.as_str())
        .bind(i64::from(r.cumulative))
        .bind(b.text)
        .bind(b.value)
        .bind(b.unit)
        .bind(b.approx)
        .bind(b.qualifier)
        .bind(fy_col(r.baseline_year))
        .bind(r.baseline_note.as_deref())
        .bind(t.text)
        .bind(t.value)
        .bind(t.unit)
        .bind(t.approx)
        .bind(t.qualifier)
        .bind(fy_col(r.target_year))
        .bind(i64::from(r.sort_order))
        .bind(now)
        .bind(now))
}

const ACTUALS: Batch = Batch {
    head: "INSERT INTO indicator_actuals (indicator_id, org_id, fiscal_year, value_text, value_num, value_unit, \
           value_approx, value_qualifier, created_at, updated_at, version) VALUES ",
    binds: 10,
    returning: false,
};

/// An actual's indicator, organization (set here so SQLite's trigger of migration 0020 finds
/// nothing to correct), year and value.
fn bind_actual<'q>(q: Q<'q>, r: &'q (i64, i64, i64, QuantityCols), now: i64) -> Result<Q<'q>> {
    let v = &r.3;
    Ok(q.bind(r.0)
        .bind(r.1)
        .bind(r.2)
        .bind(v.text.as_deref())
        .bind(v.value)
        .bind(v.unit.as_deref())
        .bind(v.approx)
        .bind(v.qualifier.as_deref())
        .bind(now)
        .bind(now))
}

pub(crate) async fn insert_indicators(
    c: &mut AnyConnection,
    backend: Backend,
    rows: &[NewIndicator],
) -> Result<Vec<IndicatorId>> {
    let now = now_ms();
    let ids = run(c, backend, &INDICATORS, rows, bind_indicator, now).await?;
    let actuals: Vec<(i64, i64, i64, QuantityCols)> = ids
        .iter()
        .zip(rows)
        .flat_map(|(id, r)| {
            r.actuals.iter().map(move |a| (*id, r.org_id.0, i64::from(a.fiscal_year), QuantityCols::of(Some(&a.value))))
        })
        .collect();
    run(c, backend, &ACTUALS, &actuals, bind_actual, now).await?;
    Ok(ids.into_iter().map(IndicatorId).collect())
}

const REVIEWS: Batch = Batch {
    head: "INSERT INTO goal_reviews (initiative_id, fiscal_year, result, issues_next, progress, judgement, \
           created_at, updated_at, version) VALUES ",
    binds: 8,
    returning: true,
};

fn bind_review<'q>(q: Q<'q>, r: &'q NewGoalReview, now: i64) -> Result<Q<'q>> {
    Ok(q.bind(r.initiative_id.0)
        .bind(fy_col(Some(r.fiscal_year)))
        .bind(r.result.as_deref())
        .bind(r.issues_next.as_deref())
        .bind(r.progress.map(i64::from))
        .bind(r.judgement.as_deref())
        .bind(now)
        .bind(now))
}

pub(crate) async fn insert_goal_reviews(
    c: &mut AnyConnection,
    backend: Backend,
    rows: &[NewGoalReview],
) -> Result<Vec<GoalReviewId>> {
    Ok(run(c, backend, &REVIEWS, rows, bind_review, now_ms()).await?.into_iter().map(GoalReviewId).collect())
}

const POLICIES: Batch = Batch {
    head: "INSERT INTO department_policies (department_id, fiscal_year, stance, notes, created_at, updated_at, \
           version) VALUES ",
    binds: 6,
    returning: true,
};

fn bind_policy<'q>(q: Q<'q>, r: &'q NewDepartmentPolicy, now: i64) -> Result<Q<'q>> {
    Ok(q.bind(r.department_id.0)
        .bind(fy_col(Some(r.fiscal_year)))
        .bind(r.stance.as_str())
        .bind(r.notes.as_deref())
        .bind(now)
        .bind(now))
}

pub(crate) async fn insert_policies(
    c: &mut AnyConnection,
    backend: Backend,
    rows: &[NewDepartmentPolicy],
) -> Result<Vec<DepartmentPolicyId>> {
    Ok(run(c, backend, &POLICIES, rows, bind_policy, now_ms()).await?.into_iter().map(DepartmentPolicyId).collect())
}
