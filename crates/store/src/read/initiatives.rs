//! Reads of initiatives, each returned with its plan-node links (loaded in one extra
//! query per list, never one per row).

use crate::conv::{from_json, fy_col, placeholders};
use crate::error::{Result, StoreError};
use crate::exec::{query, query_scalar, Db, Row};
use crate::records::{InitiativeBrief, Page};
use crate::rows::{self, initiative_cols, initiative_links_col};
use hoshin_domain::*;
use std::collections::HashMap;

/// The link tables from a record to plan nodes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum NodeLinks {
    Initiatives,
    RelatedPlans,
}

/// Plan-node links of the records `ids`, in their stored order, in one query.
pub(crate) async fn node_links(c: &mut Db<'_>, table: NodeLinks, ids: &[i64]) -> Result<HashMap<i64, Vec<NodeId>>> {
    // Table and column names come from this enum, never from input; the ids are bound.
    let (select, owner) = match table {
        NodeLinks::Initiatives => ("SELECT initiative_id, node_id FROM initiative_nodes", "initiative_id"),
        NodeLinks::RelatedPlans => ("SELECT related_plan_id, node_id FROM related_plan_nodes", "related_plan_id"),
    };
    let sql = format!("{select} WHERE {owner} IN ({}) ORDER BY {owner}, position", placeholders(1, ids.len()));
    let mut q = query(&sql);
    for id in ids {
        q = q.bind(*id);
    }
    let mut links: HashMap<i64, Vec<NodeId>> = HashMap::new();
    for row in q.fetch_all(&mut *c).await? {
        links.entry(row.try_get(0)?).or_default().push(NodeId(row.try_get(1)?));
    }
    Ok(links)
}

/// Initiatives of `rows` with their plan-node links: from the rows' own `node_list` column
/// when the query selected [`rows::initiative_links_col`], otherwise in one more query.
pub(crate) async fn with_links(c: &mut Db<'_>, rows: Vec<Row>) -> Result<Vec<Initiative>> {
    let mut items = rows.iter().map(rows::initiative).collect::<Result<Vec<_>>>()?;
    if items.is_empty() {
        return Ok(items);
    }
    if rows::listed_node_ids(&rows[0])?.is_some() {
        for (i, row) in items.iter_mut().zip(&rows) {
            i.node_ids = rows::listed_node_ids(row)?.unwrap_or_default();
        }
        return Ok(items);
    }
    let ids: Vec<i64> = items.iter().map(|i| i.id.0).collect();
    let mut links = node_links(c, NodeLinks::Initiatives, &ids).await?;
    for i in &mut items {
        i.node_ids = links.remove(&i.id.0).unwrap_or_default();
    }
    Ok(items)
}

pub(crate) async fn get_initiative(c: &mut Db<'_>, id: InitiativeId) -> Result<Initiative> {
    let row = query(concat!("SELECT ", initiative_cols!(), initiative_links_col!(), " FROM initiatives WHERE id = $1"))
        .bind(id.0)
        .fetch_optional(&mut *c)
        .await?
        .ok_or_else(|| StoreError::not_found("initiatives", id))?;
    let mut v = with_links(c, vec![row]).await?;
    v.pop().ok_or_else(|| StoreError::not_found("initiatives", id))
}

pub(crate) async fn list_initiatives(
    c: &mut Db<'_>,
    org: OrgId,
    year: Option<FiscalYear>,
    page: Page,
) -> Result<Vec<Initiative>> {
    let rows = match year {
        Some(y) => {
            query(concat!(
                "SELECT ",
                initiative_cols!(),
                initiative_links_col!(),
                " FROM initiatives WHERE org_id = $1 AND fiscal_year = $2 AND revision_id IS NULL \
                 ORDER BY sort_order, id LIMIT $3 OFFSET $4"
            ))
            .bind(org.0)
            .bind(fy_col(Some(y)))
            .bind(page.limit_i64())
            .bind(page.offset_i64())
            .fetch_all(&mut *c)
            .await?
        }
        None => {
            query(concat!(
                "SELECT ",
                initiative_cols!(),
                initiative_links_col!(),
                " FROM initiatives WHERE org_id = $1 AND revision_id IS NULL ORDER BY id LIMIT $2 OFFSET $3"
            ))
            .bind(org.0)
            .bind(page.limit_i64())
            .bind(page.offset_i64())
            .fetch_all(&mut *c)
            .await?
        }
    };
    with_links(c, rows).await
}

pub(crate) async fn initiative_briefs(
    c: &mut Db<'_>,
    org: OrgId,
    year: FiscalYear,
    page: Page,
) -> Result<Vec<InitiativeBrief>> {
    let rows = query(
        "SELECT id, department_id, name, summary, predecessor_id FROM initiatives \
         WHERE org_id = $1 AND fiscal_year = $2 AND revision_id IS NULL ORDER BY sort_order, id LIMIT $3 OFFSET $4",
    )
    .bind(org.0)
    .bind(fy_col(Some(year)))
    .bind(page.limit_i64())
    .bind(page.offset_i64())
    .fetch_all(&mut *c)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(InitiativeBrief {
                id: InitiativeId(r.try_get(0)?),
                department_id: r.try_get::<Option<i64>>(1)?.map(DepartmentId),
                name: r.try_get(2)?,
                summary: r.try_get(3)?,
                predecessor_id: r.try_get::<Option<i64>>(4)?.map(InitiativeId),
            })
        })
        .collect()
}

/// Published initiatives with ids above `after`, in id order (a keyset window for the API), of
/// one organization and/or year or of all.
pub(crate) async fn initiatives_after(
    c: &mut Db<'_>,
    org: Option<OrgId>,
    year: Option<FiscalYear>,
    after: i64,
    limit: u32,
) -> Result<Vec<Initiative>> {
    let sql = match (org, year) {
        (Some(_), Some(_)) => concat!(
            "SELECT ",
            initiative_cols!(),
            " FROM initiatives WHERE revision_id IS NULL AND id > $1 AND org_id = $2 AND fiscal_year = $3 \
             ORDER BY id LIMIT $4"
        ),
        (Some(_), None) => concat!(
            "SELECT ",
            initiative_cols!(),
            " FROM initiatives WHERE revision_id IS NULL AND id > $1 AND org_id = $2 ORDER BY id LIMIT $3"
        ),
        (None, Some(_)) => concat!(
            "SELECT ",
            initiative_cols!(),
            " FROM initiatives WHERE revision_id IS NULL AND id > $1 AND fiscal_year = $2 ORDER BY id LIMIT $3"
        ),
        (None, None) => concat!(
            "SELECT ",
            initiative_cols!(),
            " FROM initiatives WHERE revision_id IS NULL AND id > $1 ORDER BY id LIMIT $2"
        ),
    };
    let mut q = query(sql).bind(after);
    if let Some(o) = org {
        q = q.bind(o.0);
    }
    if year.is_some() {
        q = q.bind(fy_col(year));
    }
    let rows = q.bind(i64::from(limit)).fetch_all(&mut *c).await?;
    with_links(c, rows).await
}

pub(crate) async fn department_initiatives(
    c: &mut Db<'_>,
    dept: DepartmentId,
    year: FiscalYear,
    page: Page,
) -> Result<Vec<Initiative>> {
    let rows = query(concat!(
        "SELECT ",
        initiative_cols!(),
        initiative_links_col!(),
        " FROM initiatives WHERE department_id = $1 AND fiscal_year = $2 AND revision_id IS NULL \
         ORDER BY sort_order, id LIMIT $3 OFFSET $4"
    ))
    .bind(dept.0)
    .bind(fy_col(Some(year)))
    .bind(page.limit_i64())
    .bind(page.offset_i64())
    .fetch_all(&mut *c)
    .await?;
    with_links(c, rows).await
}

pub(crate) async fn node_initiatives(c: &mut Db<'_>, node: NodeId, page: Page) -> Result<Vec<Initiative>> {
    let rows = query(concat!(
        "SELECT ",
        initiative_cols!(),
        initiative_links_col!(),
        " FROM initiatives WHERE id IN (SELECT initiative_id FROM initiative_nodes WHERE node_id = $1) AND revision_id IS NULL \
         ORDER BY id LIMIT $2 OFFSET $3"
    ))
    .bind(node.0)
    .bind(page.limit_i64())
    .bind(page.offset_i64())
    .fetch_all(&mut *c)
    .await?;
    with_links(c, rows).await
}

/// The predecessor (by id) and the live successors of an initiative, from one statement (they
/// were two reads, three when the successors' plan links came apart).
pub(crate) async fn initiative_neighbours(
    c: &mut Db<'_>,
    id: InitiativeId,
    predecessor: Option<InitiativeId>,
) -> Result<(Option<Initiative>, Vec<Initiative>)> {
    let rows = query(concat!(
        "SELECT ",
        initiative_cols!(),
        initiative_links_col!(),
        " FROM initiatives WHERE id = $1 OR (predecessor_id = $2 AND revision_id IS NULL) ORDER BY id"
    ))
    .bind(predecessor.map(|p| p.0))
    .bind(id.0)
    .fetch_all(&mut *c)
    .await?;
    let mut before = None;
    let mut after = Vec::new();
    for i in with_links(c, rows).await? {
        // A successor of its own successor (a loop in the chain) is both.
        let successor = i.predecessor_id == Some(id) && i.draft.is_none();
        if Some(i.id) == predecessor {
            if successor {
                after.push(i.clone());
            }
            before = Some(i);
        } else if successor {
            after.push(i);
        }
    }
    Ok((before, after))
}

pub(crate) async fn count_initiatives(c: &mut Db<'_>, org: OrgId, year: Option<FiscalYear>) -> Result<i64> {
    let n = match year {
        Some(y) => {
            query_scalar(
                "SELECT COUNT(*) FROM initiatives WHERE org_id = $1 AND fiscal_year = $2 AND revision_id IS NULL",
            )
            .bind(org.0)
            .bind(fy_col(Some(y)))
            .fetch_one(&mut *c)
            .await?
        }
        None => {
            query_scalar("SELECT COUNT(*) FROM initiatives WHERE org_id = $1 AND revision_id IS NULL")
                .bind(org.0)
                .fetch_one(&mut *c)
                .await?
        }
    };
    Ok(n)
}

/// The 行革の視点 the organization's initiatives (published and drafts) carry, each once,
/// by number then name: the choices of the initiative form.
pub(crate) async fn reform_perspectives_of(c: &mut Db<'_>, org: OrgId) -> Result<Vec<ReformPerspective>> {
    let rows: Vec<String> = query_scalar(
        "SELECT DISTINCT reform_perspectives FROM initiatives WHERE org_id = $1 AND reform_perspectives <> '[]' LIMIT 2000",
    )
    .bind(org.0)
    .fetch_all(&mut *c)
    .await?;
    let mut out: Vec<ReformPerspective> = Vec::new();
    for text in rows {
        for p in from_json::<Vec<ReformPerspective>>(&text)? {
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out.sort_by(|a, b| (a.number.is_none(), a.number, &a.name).cmp(&(b.number.is_none(), b.number, &b.name)));
    Ok(out)
}
