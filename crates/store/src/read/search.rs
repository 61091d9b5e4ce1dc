//! What the search index is built from: the change log the triggers of migration 0006 fill,
//! and the records to index, in id order (a full rebuild pages through them, optionally for
//! one organization) or by id (following changes). Draft rows are included; the app decides
//! who may see them.

use crate::conv::{get, placeholders};
use crate::error::Result;
use crate::exec::{query, query_scalar, Db, Query, Row};
use crate::records::{ChangeKind, Page, SearchChange};
use crate::rows::{self, indicator_cols, initiative_cols, node_cols, policy_cols};
use hoshin_domain::*;

pub(crate) async fn search_changes(c: &mut Db<'_>, after: i64, limit: u32) -> Result<Vec<SearchChange>> {
    let rows = query("SELECT seq, kind, row_id FROM search_changes WHERE seq > $1 ORDER BY seq LIMIT $2")
        .bind(after)
        .bind(i64::from(limit.min(Page::MAX_LIMIT)))
        .fetch_all(&mut *c)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let kind: String = get(r, "kind")?;
        if let Some(kind) = ChangeKind::parse(&kind) {
            out.push(SearchChange { seq: get(r, "seq")?, kind, row_id: get(r, "row_id")? });
        }
    }
    Ok(out)
}

pub(crate) async fn search_change_bounds(c: &mut Db<'_>) -> Result<(Option<i64>, Option<i64>)> {
    let row = query("SELECT MIN(seq) AS lo, MAX(seq) AS hi FROM search_changes").fetch_one(&mut *c).await?;
    Ok((get(&row, "lo")?, get(&row, "hi")?))
}

fn bind_all<'q>(mut q: Query<'q>, ids: &[i64]) -> Query<'q> {
    for id in ids {
        q = q.bind(*id);
    }
    q
}

/// Rows of `table` after `after` in id order (of one organization when given); `org_filter`
/// is the SQL that narrows to an organization with `$3`.
async fn page_rows(
    c: &mut Db<'_>,
    select: &str,
    org_filter: &str,
    org: Option<OrgId>,
    after: i64,
    limit: u32,
) -> Result<Vec<Row>> {
    let limit = i64::from(limit.min(Page::MAX_LIMIT));
    Ok(match org {
        Some(o) => {
            let sql = format!("{select} WHERE id > $1 AND {org_filter} ORDER BY id LIMIT $2");
            query(&sql).bind(after).bind(limit).bind(o.0).fetch_all(&mut *c).await?
        }
        None => {
            let sql = format!("{select} WHERE id > $1 ORDER BY id LIMIT $2");
            query(&sql).bind(after).bind(limit).fetch_all(&mut *c).await?
        }
    })
}

async fn rows_by_ids(c: &mut Db<'_>, select: &str, ids: &[i64]) -> Result<Vec<Row>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!("{select} WHERE id IN ({}) ORDER BY id", placeholders(1, ids.len()));
    bind_all(query(&sql), ids).fetch_all(&mut *c).await
}

const INITIATIVES: &str = concat!("SELECT ", initiative_cols!(), " FROM initiatives");
const INDICATORS: &str = concat!("SELECT ", indicator_cols!(), " FROM indicators");
const NODES: &str = concat!(
    "SELECT ",
    node_cols!(),
    ", (SELECT p.org_id FROM plans p WHERE p.id = plan_nodes.plan_id) AS owner_org FROM plan_nodes"
);
const POLICIES: &str = concat!("SELECT ", policy_cols!(), " FROM department_policies");

/// Initiatives (published and draft rows) without their node links.
pub(crate) async fn initiatives_for_search(
    c: &mut Db<'_>,
    org: Option<OrgId>,
    after: i64,
    limit: u32,
) -> Result<Vec<Initiative>> {
    page_rows(c, INITIATIVES, "org_id = $3", org, after, limit).await?.iter().map(rows::initiative).collect()
}

pub(crate) async fn initiatives_by_ids(c: &mut Db<'_>, ids: &[i64]) -> Result<Vec<Initiative>> {
    rows_by_ids(c, INITIATIVES, ids).await?.iter().map(rows::initiative).collect()
}

/// Indicators (published and draft rows) without their actuals.
pub(crate) async fn indicators_for_search(
    c: &mut Db<'_>,
    org: Option<OrgId>,
    after: i64,
    limit: u32,
) -> Result<Vec<Indicator>> {
    page_rows(c, INDICATORS, "org_id = $3", org, after, limit).await?.iter().map(rows::indicator).collect()
}

pub(crate) async fn indicators_by_ids(c: &mut Db<'_>, ids: &[i64]) -> Result<Vec<Indicator>> {
    rows_by_ids(c, INDICATORS, ids).await?.iter().map(rows::indicator).collect()
}

fn node_with_org(r: &Row) -> Result<(PlanNode, OrgId)> {
    Ok((rows::node(r)?, OrgId(get(r, "owner_org")?)))
}

/// Plan nodes with the organization owning their plan.
pub(crate) async fn nodes_for_search(
    c: &mut Db<'_>,
    org: Option<OrgId>,
    after: i64,
    limit: u32,
) -> Result<Vec<(PlanNode, OrgId)>> {
    let filter = "plan_id IN (SELECT id FROM plans WHERE org_id = $3)";
    page_rows(c, NODES, filter, org, after, limit).await?.iter().map(node_with_org).collect()
}

pub(crate) async fn nodes_with_org_by_ids(c: &mut Db<'_>, ids: &[i64]) -> Result<Vec<(PlanNode, OrgId)>> {
    rows_by_ids(c, NODES, ids).await?.iter().map(node_with_org).collect()
}

pub(crate) async fn policies_for_search(
    c: &mut Db<'_>,
    org: Option<OrgId>,
    after: i64,
    limit: u32,
) -> Result<Vec<DepartmentPolicy>> {
    let filter = "department_id IN (SELECT id FROM departments WHERE org_id = $3)";
    page_rows(c, POLICIES, filter, org, after, limit).await?.iter().map(rows::policy).collect()
}

pub(crate) async fn policies_by_ids(c: &mut Db<'_>, ids: &[i64]) -> Result<Vec<DepartmentPolicy>> {
    rows_by_ids(c, POLICIES, ids).await?.iter().map(rows::policy).collect()
}

/// The workflow state of each revision.
pub(crate) async fn revision_states(c: &mut Db<'_>, ids: &[i64]) -> Result<Vec<(RevisionId, RevisionState)>> {
    let rows = rows_by_ids(c, "SELECT id, state FROM policy_revisions", ids).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let state: String = get(r, "state")?;
        out.push((RevisionId(get(r, "id")?), RevisionState::parse(&state)?));
    }
    Ok(out)
}

/// Ids of the rows of a revision (initiatives, then indicators).
pub(crate) async fn revision_row_ids(c: &mut Db<'_>, rev: RevisionId) -> Result<(Vec<i64>, Vec<i64>)> {
    let i: Vec<i64> = query_scalar("SELECT id FROM initiatives WHERE revision_id = $1 ORDER BY id")
        .bind(rev.0)
        .fetch_all(&mut *c)
        .await?;
    let k: Vec<i64> = query_scalar("SELECT id FROM indicators WHERE revision_id = $1 ORDER BY id")
        .bind(rev.0)
        .fetch_all(&mut *c)
        .await?;
    Ok((i, k))
}

/// The genres of the documents that wrote each initiative.
pub(crate) async fn initiative_genres(c: &mut Db<'_>, ids: &[i64]) -> Result<Vec<(InitiativeId, Genre)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT di.initiative_id AS initiative_id, d.genre AS genre FROM document_initiatives di \
         JOIN documents d ON d.id = di.document_id WHERE di.initiative_id IN ({}) ORDER BY di.initiative_id",
        placeholders(1, ids.len())
    );
    let rows = bind_all(query(&sql), ids).fetch_all(&mut *c).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        out.push((InitiativeId(get(r, "initiative_id")?), Genre::from_stored(&get::<String>(r, "genre")?)?));
    }
    Ok(out)
}
