//! Reads of indicators, each returned with its yearly actuals (one more statement per list,
//! started beside the rows' one where the selection allows: [`Chosen`]).

use super::program;
use crate::conv::placeholders;
use crate::error::Result;
use crate::exec::{query, Db, Row};
use crate::records::Page;
use crate::rows::{self, indicator_cols};
use hoshin_domain::*;
use std::collections::{BTreeMap, HashMap};

pub(crate) async fn with_actuals(c: &mut Db<'_>, rows: Vec<Row>) -> Result<Vec<Indicator>> {
    let items = rows.iter().map(rows::indicator).collect::<Result<Vec<_>>>()?;
    if items.is_empty() {
        return Ok(items);
    }
    let sql = format!("{ACTUALS} WHERE indicator_id IN ({})", placeholders(1, items.len()));
    let mut q = query(&sql);
    for i in &items {
        q = q.bind(i.id.0);
    }
    Ok(attach(items, by_indicator(q.fetch_all(&mut *c).await?)?))
}

/// The columns of an actual, as [`rows::actual`] reads them.
const ACTUALS: &str =
    "SELECT indicator_id, fiscal_year, value_text, value_num, value_unit, value_approx, value_qualifier FROM indicator_actuals";

/// Actuals' rows by indicator id, each indicator's in year order. The statements leave the
/// order to us: PostgreSQL sorted their rows after the join, a quarter of the statement's
/// execution for a plan's 200 actuals (issue 14); here each indicator's few are sorted alone.
fn by_indicator(rows: Vec<Row>) -> Result<HashMap<i64, Vec<Actual>>> {
    let mut actuals: HashMap<i64, Vec<Actual>> = HashMap::new();
    for row in &rows {
        let (id, a) = rows::actual(row)?;
        actuals.entry(id).or_default().push(a);
    }
    for list in actuals.values_mut() {
        list.sort_unstable_by_key(|a| a.fiscal_year);
    }
    Ok(actuals)
}

/// Each of `items` with its actuals. An indicator whose row was written after its actuals were
/// read (two statements outside a transaction) shows none.
pub(crate) fn attach(mut items: Vec<Indicator>, mut actuals: HashMap<i64, Vec<Actual>>) -> Vec<Indicator> {
    for i in &mut items {
        i.actuals = actuals.remove(&i.id.0).unwrap_or_default();
    }
    items
}

/// Which indicators a read returns. One selection gives both the statement of their rows and
/// that of their actuals, so the two need not wait for each other: the store starts them
/// together ([`crate::read`]), and on PostgreSQL they leave in one round trip. Reading the
/// actuals by the ids of the rows read first cost a round trip of its own on every page that
/// shows a KPI (issue 14).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Chosen<'a> {
    /// One indicator, whatever its state (drafts and revision rows too).
    One(IndicatorId),
    /// The indicators of a plan node or an initiative.
    Owner(IndicatorOwner),
    /// The indicators of each of some initiatives (live rows; drafts have their own ids).
    Initiatives(&'a [InitiativeId]),
    /// A page of an organization's published indicators, in id order.
    OrgPage(OrgId, Page),
    /// The published KPIs attached to the nodes of a plan.
    Plan(PlanId),
}

impl Chosen<'_> {
    /// The condition on `indicators` (parameters from `$1`), the order of the rows and the
    /// values bound. A page's `LIMIT` belongs to its condition: the actuals' statement selects
    /// the same ids through it.
    fn filter(&self, postgres: bool) -> (String, &'static str, Vec<i64>) {
        match *self {
            Chosen::One(id) => ("id = $1".into(), "", vec![id.0]),
            Chosen::Owner(IndicatorOwner::Node(n)) => ("node_id = $1".into(), " ORDER BY sort_order, id", vec![n.0]),
            Chosen::Owner(IndicatorOwner::Initiative(i)) => {
                ("initiative_id = $1".into(), " ORDER BY sort_order, id", vec![i.0])
            }
            Chosen::Initiatives(ids) => (
                format!("initiative_id IN ({})", placeholders(1, ids.len())),
                " ORDER BY initiative_id, sort_order, id",
                ids.iter().map(|i| i.0).collect(),
            ),
            Chosen::OrgPage(org, page) => (
                "org_id = $1 AND revision_id IS NULL".into(),
                " ORDER BY id LIMIT $2 OFFSET $3",
                vec![org.0, page.limit_i64(), page.offset_i64()],
            ),
            // PostgreSQL merge-joined `node_id IN (SELECT …)` with the whole `indicators_node`
            // index, walked from its start (the organizations before the plan's); the nodes'
            // ids as an array are probed one by one, at any scale. SQLite probes the index
            // for `IN (SELECT …)` by itself.
            Chosen::Plan(plan) => (
                if postgres {
                    "node_id = ANY(ARRAY(SELECT id FROM plan_nodes WHERE plan_id = $1)) AND revision_id IS NULL"
                } else {
                    "node_id IN (SELECT id FROM plan_nodes WHERE plan_id = $1) AND revision_id IS NULL"
                }
                .into(),
                " ORDER BY node_id, sort_order, id",
                vec![plan.0],
            ),
        }
    }

    /// `indicator_id` of the chosen indicators as a condition for the tables keyed by it (their
    /// actuals, their yearly values), and the values bound.
    fn ids(&self, postgres: bool) -> (String, Vec<i64>) {
        let (cond, order, binds) = self.filter(postgres);
        let ids = match self {
            Chosen::One(_) => "= $1".to_owned(),
            // Only a page's window needs the rows' order; any other order is the sort
            // PostgreSQL would do for nothing.
            Chosen::OrgPage(..) => format!("IN (SELECT id FROM indicators WHERE {cond}{order})"),
            _ => format!("IN (SELECT id FROM indicators WHERE {cond})"),
        };
        (ids, binds)
    }

    /// Selects nothing (no statement need run).
    fn is_empty(&self) -> bool {
        matches!(self, Chosen::Initiatives(ids) if ids.is_empty())
    }
}

/// The rows of the chosen indicators, in the selection's order (their actuals come from
/// [`chosen_actuals`]; [`attach`] joins the two).
pub(crate) async fn chosen_rows(c: &mut Db<'_>, chosen: Chosen<'_>) -> Result<Vec<Row>> {
    if chosen.is_empty() {
        return Ok(Vec::new());
    }
    let (cond, order, binds) = chosen.filter(c.is_postgres());
    let sql = format!(concat!("SELECT ", indicator_cols!(), " FROM indicators WHERE {}{}"), cond, order);
    let mut q = query(&sql);
    for b in binds {
        q = q.bind(b);
    }
    q.fetch_all(&mut *c).await
}

/// The actuals of the chosen indicators, by indicator id, each indicator's in year order.
pub(crate) async fn chosen_actuals(c: &mut Db<'_>, chosen: Chosen<'_>) -> Result<HashMap<i64, Vec<Actual>>> {
    by_indicator(keyed_by_chosen(c, chosen, ACTUALS).await?)
}

/// The yearly values (targets and the like) of the chosen indicators, by indicator, each
/// indicator's by year and kind.
pub(crate) async fn chosen_yearly(c: &mut Db<'_>, chosen: Chosen<'_>) -> Result<BTreeMap<IndicatorId, Vec<YearValue>>> {
    program::by_indicator_yearly(keyed_by_chosen(c, chosen, program::YEARLY).await?)
}

/// The rows of `select` (a table keyed by `indicator_id`) that belong to the chosen indicators;
/// none, without a statement, when the choice is empty.
async fn keyed_by_chosen(c: &mut Db<'_>, chosen: Chosen<'_>, select: &str) -> Result<Vec<Row>> {
    if chosen.is_empty() {
        return Ok(Vec::new());
    }
    let (ids, binds) = chosen.ids(c.is_postgres());
    let sql = format!("{select} WHERE indicator_id {ids}");
    let mut q = query(&sql);
    for b in binds {
        q = q.bind(b);
    }
    q.fetch_all(&mut *c).await
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
