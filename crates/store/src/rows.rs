//! Column lists and row decoders, one pair per table. Lists of links (an initiative's
//! nodes, an indicator's actuals) are filled in by the readers after the main query.

use crate::conv::{from_json, fy_opt, fy_req, get, meta, QuantityCols};
use crate::error::{Result, StoreError};
use crate::exec::Row;
use crate::records::{AuditEntry, Document, StoredScale};
use hoshin_domain::*;

macro_rules! org_cols {
    () => {
        "id, name, code, prefecture, created_at, updated_at, version"
    };
}
pub(crate) use org_cols;

macro_rules! dept_cols {
    () => {
        "id, org_id, parent_id, name, sort_order, created_at, updated_at, version"
    };
}
pub(crate) use dept_cols;

macro_rules! plan_cols {
    () => {
        "id, org_id, kind, title, parent_plan_id, period_start, period_end, created_at, updated_at, version"
    };
}
pub(crate) use plan_cols;

macro_rules! node_cols {
    () => {
        "id, plan_id, parent_id, kind_label, code, title, vision, current_issues, \
     sdgs_direction, sdg_goals, sort_order, created_at, updated_at, version"
    };
}
pub(crate) use node_cols;

macro_rules! theme_cols {
    () => {
        "id, org_id, fiscal_year, name, sort_order, created_at, updated_at, version"
    };
}
pub(crate) use theme_cols;

macro_rules! initiative_cols {
    () => {
        "id, org_id, department_id, fiscal_year, period_end, kind, theme_id, name, \
     summary, reform_perspectives, reform_text, sdg_goals, milestones, sections, predecessor_id, sort_order, \
     revision_id, live_id, created_at, updated_at, version"
    };
}
pub(crate) use initiative_cols;

/// An initiative's plan-node links as one more column of its row (`node_list`: the node ids in
/// their stored order, comma-separated), after [`initiative_cols`] in a query `FROM initiatives`
/// without an alias; [`crate::read::initiatives::with_links`] then needs no second query and
/// no row per link (issue 14: on SQLite every row sqlx hands over costs about a microsecond,
/// and a city's year has more links than initiatives). `string_agg` with `ORDER BY` is
/// PostgreSQL's and SQLite's (3.44 and later; sqlx bundles a newer one).
macro_rules! initiative_links_col {
    () => {
        ", (SELECT string_agg(CAST(l.node_id AS TEXT), ',' ORDER BY l.position) \
           FROM initiative_nodes l WHERE l.initiative_id = initiatives.id) AS node_list"
    };
}
pub(crate) use initiative_links_col;

macro_rules! policy_cols {
    () => {
        "id, department_id, fiscal_year, stance, notes, created_at, updated_at, version"
    };
}
pub(crate) use policy_cols;

macro_rules! indicator_cols {
    () => {
        "id, org_id, node_id, initiative_id, name, unit, direction, cumulative, \
     baseline_text, baseline_value, baseline_unit, baseline_approx, baseline_qualifier, baseline_year, \
     baseline_note, target_text, target_value, target_unit, target_approx, target_qualifier, target_year, \
     sort_order, revision_id, live_id, created_at, updated_at, version"
    };
}
pub(crate) use indicator_cols;

macro_rules! review_cols {
    () => {
        "id, initiative_id, fiscal_year, result, issues_next, progress, judgement, \
     created_at, updated_at, version"
    };
}
pub(crate) use review_cols;

macro_rules! related_cols {
    () => {
        "id, org_id, name, description, created_at, updated_at, version"
    };
}
pub(crate) use related_cols;

macro_rules! document_cols {
    () => {
        "id, org_id, genre, fiscal_year, title, file_name, content_hash, \
     imported_at, created_at, updated_at, version"
    };
}
pub(crate) use document_cols;

macro_rules! scale_cols {
    () => {
        "id, org_id, name, bands, is_default, created_at, updated_at, version"
    };
}
pub(crate) use scale_cols;

macro_rules! audit_cols {
    () => {
        "id, actor_id, at, table_name, row_id, action, before_json, after_json"
    };
}
pub(crate) use audit_cols;

fn i32_col(row: &Row, col: &str) -> Result<i32> {
    let v: i64 = get(row, col)?;
    i32::try_from(v).map_err(|_| StoreError::Corrupt(format!("{col} out of range: {v}")))
}

fn sdgs(s: &str) -> Result<Vec<SdgGoal>> {
    from_json(s)
}

pub(crate) fn organization(row: &Row) -> Result<Organization> {
    let code: Option<String> = get(row, "code")?;
    Ok(Organization {
        id: OrgId(get(row, "id")?),
        name: get(row, "name")?,
        code: code.map(|c| OrgCode::parse(&c)).transpose()?,
        prefecture: get(row, "prefecture")?,
        meta: meta(row)?,
    })
}

pub(crate) fn department(row: &Row) -> Result<Department> {
    Ok(Department {
        id: DepartmentId(get(row, "id")?),
        org_id: OrgId(get(row, "org_id")?),
        parent_id: get::<Option<i64>>(row, "parent_id")?.map(DepartmentId),
        name: get(row, "name")?,
        sort_order: i32_col(row, "sort_order")?,
        meta: meta(row)?,
    })
}

pub(crate) fn department_name(row: &Row) -> Result<DepartmentName> {
    Ok(DepartmentName {
        department_id: DepartmentId(get(row, "department_id")?),
        name: get(row, "name")?,
        valid_from: fy_opt(get(row, "valid_from")?)?,
    })
}

pub(crate) fn plan(row: &Row) -> Result<Plan> {
    let kind: String = get(row, "kind")?;
    Ok(Plan {
        id: PlanId(get(row, "id")?),
        org_id: OrgId(get(row, "org_id")?),
        kind: PlanKind::parse(&kind)?,
        title: get(row, "title")?,
        parent_plan_id: get::<Option<i64>>(row, "parent_plan_id")?.map(PlanId),
        period_start: fy_opt(get(row, "period_start")?)?,
        period_end: fy_opt(get(row, "period_end")?)?,
        meta: meta(row)?,
    })
}

pub(crate) fn node(row: &Row) -> Result<PlanNode> {
    let goals: String = get(row, "sdg_goals")?;
    Ok(PlanNode {
        id: NodeId(get(row, "id")?),
        plan_id: PlanId(get(row, "plan_id")?),
        parent_id: get::<Option<i64>>(row, "parent_id")?.map(NodeId),
        kind_label: get(row, "kind_label")?,
        code: get(row, "code")?,
        title: get(row, "title")?,
        vision: get(row, "vision")?,
        current_issues: get(row, "current_issues")?,
        sdgs_direction: get(row, "sdgs_direction")?,
        sdg_goals: sdgs(&goals)?,
        sort_order: i32_col(row, "sort_order")?,
        meta: meta(row)?,
    })
}

pub(crate) fn theme(row: &Row) -> Result<PriorityTheme> {
    Ok(PriorityTheme {
        id: ThemeId(get(row, "id")?),
        org_id: OrgId(get(row, "org_id")?),
        fiscal_year: fy_req(get(row, "fiscal_year")?)?,
        name: get(row, "name")?,
        sort_order: i32_col(row, "sort_order")?,
        meta: meta(row)?,
    })
}

/// The revision marker of an initiative or indicator row.
fn draft(row: &Row) -> Result<Option<Draft>> {
    let revision: Option<i64> = get(row, "revision_id")?;
    let live_id: Option<i64> = get(row, "live_id")?;
    Ok(revision.map(|r| Draft { revision_id: RevisionId(r), live_id }))
}

/// An initiative without its node links (`node_ids` is empty).
pub(crate) fn initiative(row: &Row) -> Result<Initiative> {
    let kind: String = get(row, "kind")?;
    let perspectives: String = get(row, "reform_perspectives")?;
    let goals: String = get(row, "sdg_goals")?;
    let milestones: String = get(row, "milestones")?;
    let sections: String = get(row, "sections")?;
    Ok(Initiative {
        id: InitiativeId(get(row, "id")?),
        org_id: OrgId(get(row, "org_id")?),
        department_id: get::<Option<i64>>(row, "department_id")?.map(DepartmentId),
        fiscal_year: fy_opt(get(row, "fiscal_year")?)?,
        period_end: fy_opt(get(row, "period_end")?)?,
        kind: InitiativeKind::parse(&kind)?,
        theme_id: get::<Option<i64>>(row, "theme_id")?.map(ThemeId),
        name: get(row, "name")?,
        summary: get(row, "summary")?,
        reform_perspectives: from_json(&perspectives)?,
        reform_text: get(row, "reform_text")?,
        sdg_goals: sdgs(&goals)?,
        milestones: from_json(&milestones)?,
        sections: from_json(&sections)?,
        predecessor_id: get::<Option<i64>>(row, "predecessor_id")?.map(InitiativeId),
        node_ids: Vec::new(),
        sort_order: i32_col(row, "sort_order")?,
        draft: draft(row)?,
        meta: meta(row)?,
    })
}

/// The `node_list` column of [`initiative_links_col`]; `None` when the query has no such column.
pub(crate) fn listed_node_ids(row: &Row) -> Result<Option<Vec<NodeId>>> {
    if !row.has_column("node_list") {
        return Ok(None);
    }
    let list: Option<String> = get(row, "node_list")?;
    let ids = list
        .as_deref()
        .unwrap_or("")
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<i64>().map(NodeId).map_err(|e| StoreError::Invalid(format!("node_list {s:?}: {e}"))))
        .collect::<Result<Vec<_>>>()?;
    Ok(Some(ids))
}

pub(crate) fn policy(row: &Row) -> Result<DepartmentPolicy> {
    Ok(DepartmentPolicy {
        id: DepartmentPolicyId(get(row, "id")?),
        department_id: DepartmentId(get(row, "department_id")?),
        fiscal_year: fy_req(get(row, "fiscal_year")?)?,
        stance: get(row, "stance")?,
        notes: get(row, "notes")?,
        meta: meta(row)?,
    })
}

/// An indicator without its actuals.
pub(crate) fn indicator(row: &Row) -> Result<Indicator> {
    let node: Option<i64> = get(row, "node_id")?;
    let initiative: Option<i64> = get(row, "initiative_id")?;
    let owner = match (node, initiative) {
        (Some(n), _) => Some(IndicatorOwner::Node(NodeId(n))),
        (None, Some(i)) => Some(IndicatorOwner::Initiative(InitiativeId(i))),
        (None, None) => None,
    };
    let direction: String = get(row, "direction")?;
    let q = |p: &str| {
        QuantityCols::read(
            row,
            &format!("{p}_text"),
            &format!("{p}_value"),
            &format!("{p}_unit"),
            &format!("{p}_approx"),
            &format!("{p}_qualifier"),
        )
    };
    Ok(Indicator {
        id: IndicatorId(get(row, "id")?),
        org_id: OrgId(get(row, "org_id")?),
        owner,
        name: get(row, "name")?,
        unit: get(row, "unit")?,
        direction: Direction::parse(&direction)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown direction {direction:?}")))?,
        cumulative: get::<i64>(row, "cumulative")? != 0,
        baseline: q("baseline")?.into_quantity(),
        baseline_year: fy_opt(get(row, "baseline_year")?)?,
        baseline_note: get(row, "baseline_note")?,
        target: q("target")?.into_quantity(),
        target_year: fy_opt(get(row, "target_year")?)?,
        actuals: Vec::new(),
        sort_order: i32_col(row, "sort_order")?,
        draft: draft(row)?,
        meta: meta(row)?,
    })
}

/// (indicator id, actual) from `indicator_id, fiscal_year, value_*`.
pub(crate) fn actual(row: &Row) -> Result<(i64, Actual)> {
    let q = QuantityCols::read(row, "value_text", "value_num", "value_unit", "value_approx", "value_qualifier")?;
    let value = q.into_quantity().ok_or_else(|| StoreError::Corrupt("actual without text".into()))?;
    Ok((get(row, "indicator_id")?, Actual { fiscal_year: fy_req(get(row, "fiscal_year")?)?, value }))
}

pub(crate) fn review(row: &Row) -> Result<GoalReview> {
    let progress: Option<i64> = get(row, "progress")?;
    Ok(GoalReview {
        id: GoalReviewId(get(row, "id")?),
        initiative_id: InitiativeId(get(row, "initiative_id")?),
        fiscal_year: fy_req(get(row, "fiscal_year")?)?,
        result: get(row, "result")?,
        issues_next: get(row, "issues_next")?,
        progress: progress.map(progress_percent).transpose()?,
        judgement: get(row, "judgement")?,
        meta: meta(row)?,
    })
}

/// A related plan without its node links.
pub(crate) fn related(row: &Row) -> Result<RelatedPlan> {
    Ok(RelatedPlan {
        id: RelatedPlanId(get(row, "id")?),
        org_id: OrgId(get(row, "org_id")?),
        name: get(row, "name")?,
        description: get(row, "description")?,
        node_ids: Vec::new(),
        meta: meta(row)?,
    })
}

pub(crate) fn document(row: &Row) -> Result<Document> {
    Ok(Document {
        id: DocumentId(get(row, "id")?),
        org_id: OrgId(get(row, "org_id")?),
        genre: Genre::from_stored(&get::<String>(row, "genre")?)?,
        fiscal_year: fy_opt(get(row, "fiscal_year")?)?,
        title: get(row, "title")?,
        file_name: get(row, "file_name")?,
        content_hash: get(row, "content_hash")?,
        imported_at: get(row, "imported_at")?,
        meta: meta(row)?,
    })
}

pub(crate) fn scale(row: &Row) -> Result<StoredScale> {
    let bands: String = get(row, "bands")?;
    let name: String = get(row, "name")?;
    Ok(StoredScale {
        id: get(row, "id")?,
        org_id: OrgId(get(row, "org_id")?),
        scale: JudgementScale::new(name, from_json(&bands)?)?,
        is_default: get::<i64>(row, "is_default")? != 0,
        meta: meta(row)?,
    })
}

pub(crate) fn audit(row: &Row) -> Result<AuditEntry> {
    let before: Option<String> = get(row, "before_json")?;
    let after: Option<String> = get(row, "after_json")?;
    Ok(AuditEntry {
        id: get(row, "id")?,
        actor_id: get(row, "actor_id")?,
        at: get(row, "at")?,
        table_name: get(row, "table_name")?,
        row_id: get(row, "row_id")?,
        action: get(row, "action")?,
        before: before.map(|s| from_json(&s)).transpose()?,
        after: after.map(|s| from_json(&s)).transpose()?,
    })
}
