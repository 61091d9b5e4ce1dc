//! Reads of indicators, each returned with its yearly actuals (one extra query per list).

use crate::conv::placeholders;
use crate::error::{Result, StoreError};
use crate::exec::{query, Db, Row};
use crate::records::Page;
use crate::rows::{self, indicator_cols};
use hoshin_domain::*;
use std::collections::HashMap;

pub(crate) async fn with_actuals(c: &mut Db<'_>, rows: Vec<Row>) -> Result<Vec<Indicator>> {
    let mut items = rows.iter().map(rows::indicator).collect::<Result<Vec<_>>>()?;
    if items.is_empty() {
        return Ok(items);
    }
    let sql = format!(
        "SELECT indicator_id, fiscal_year, value_text, value_num, value_unit, value_approx, value_qualifier \
         FROM indicator_actuals WHERE indicator_id IN ({}) ORDER BY indicator_id, fiscal_year",
        placeholders(1, items.len())
    );
    let mut q = query(&sql);
    for i in &items {
        q = q.bind(i.id.0);
    }
    let mut actuals: HashMap<i64, Vec<Actual>> = HashMap::new();
    for row in q.fetch_all(&mut *c).await? {
        let (id, a) = rows::actual(&row)?;
        actuals.entry(id).or_default().push(a);
    }
    for i in &mut items {
        i.actuals = actuals.remove(&i.id.0).unwrap_or_default();
    }
    Ok(items)
}

pub(crate) async fn get_indicator(c: &mut Db<'_>, id: IndicatorId) -> Result<Indicator> {
    let row = query(concat!("SELECT ", indicator_cols!(), " FROM indicators WHERE id = $1"))
        .bind(id.0)
        .fetch_optional(&mut *c)
        .await?
        .ok_or_else(|| StoreError::not_found("indicators", id))?;
    let mut v = with_actuals(c, vec![row]).await?;
    v.pop().ok_or_else(|| StoreError::not_found("indicators", id))
}

pub(crate) async fn indicators_of(c: &mut Db<'_>, owner: IndicatorOwner) -> Result<Vec<Indicator>> {
    let rows = match owner {
        IndicatorOwner::Node(n) => {
            query(concat!("SELECT ", indicator_cols!(), " FROM indicators WHERE node_id = $1 ORDER BY sort_order, id"))
                .bind(n.0)
                .fetch_all(&mut *c)
                .await?
        }
        IndicatorOwner::Initiative(i) => {
            query(concat!(
                "SELECT ",
                indicator_cols!(),
                " FROM indicators WHERE initiative_id = $1 ORDER BY sort_order, id"
            ))
            .bind(i.0)
            .fetch_all(&mut *c)
            .await?
        }
    };
    with_actuals(c, rows).await
}

/// The indicators of each of `initiatives` (live rows; drafts have their own ids), in the
/// order [`indicators_of`] gives them for one initiative.
pub(crate) async fn initiative_indicators(c: &mut Db<'_>, initiatives: &[InitiativeId]) -> Result<Vec<Indicator>> {
    if initiatives.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        concat!(
            "SELECT ",
            indicator_cols!(),
            " FROM indicators WHERE initiative_id IN ({}) ORDER BY initiative_id, sort_order, id"
        ),
        placeholders(1, initiatives.len())
    );
    let mut q = query(&sql);
    for i in initiatives {
        q = q.bind(i.0);
    }
    let rows = q.fetch_all(&mut *c).await?;
    with_actuals(c, rows).await
}

/// Published indicators (with actuals) with ids above `after`, in id order (a keyset window for
/// the API), of one organization or of all.
pub(crate) async fn indicators_after(
    c: &mut Db<'_>,
    org: Option<OrgId>,
    after: i64,
    limit: u32,
) -> Result<Vec<Indicator>> {
    let rows = match org {
        Some(o) => {
            query(concat!(
                "SELECT ",
                indicator_cols!(),
                " FROM indicators WHERE revision_id IS NULL AND id > $1 AND org_id = $2 ORDER BY id LIMIT $3"
            ))
            .bind(after)
            .bind(o.0)
            .bind(i64::from(limit))
            .fetch_all(&mut *c)
            .await?
        }
        None => {
            query(concat!(
                "SELECT ",
                indicator_cols!(),
                " FROM indicators WHERE revision_id IS NULL AND id > $1 ORDER BY id LIMIT $2"
            ))
            .bind(after)
            .bind(i64::from(limit))
            .fetch_all(&mut *c)
            .await?
        }
    };
    with_actuals(c, rows).await
}

pub(crate) async fn list_indicators(c: &mut Db<'_>, org: OrgId, page: Page) -> Result<Vec<Indicator>> {
    let rows = query(concat!(
        "SELECT ",
        indicator_cols!(),
        " FROM indicators WHERE org_id = $1 AND revision_id IS NULL ORDER BY id LIMIT $2 OFFSET $3"
    ))
    .bind(org.0)
    .bind(page.limit_i64())
    .bind(page.offset_i64())
    .fetch_all(&mut *c)
    .await?;
    with_actuals(c, rows).await
}
