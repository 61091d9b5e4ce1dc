//! Reads of 予算細事業 codes on initiatives and of the figures imported from the 財務会計 CSV
//! (migration 0012), batched by id or code lists (chunked under the bind-parameter limit).

use crate::conv::{fy_req, get, placeholders};
use crate::error::Result;
use crate::exec::{query, Db, Row};
use crate::records::StoredBudgetLine;
use hoshin_domain::*;
use std::collections::BTreeMap;

const CHUNK: usize = 1000;

/// The codes of each initiative in `ids` that has any, in id order, each in the order typed.
pub(crate) async fn budget_codes(c: &mut Db<'_>, ids: &[InitiativeId]) -> Result<Vec<(InitiativeId, Vec<String>)>> {
    let mut out: BTreeMap<InitiativeId, Vec<String>> = BTreeMap::new();
    for chunk in ids.chunks(CHUNK) {
        let sql = format!(
            "SELECT initiative_id, code FROM initiative_budget_codes WHERE initiative_id IN ({}) \
             ORDER BY initiative_id, position, code",
            placeholders(1, chunk.len())
        );
        let mut q = query(&sql);
        for id in chunk {
            q = q.bind(id.0);
        }
        for row in q.fetch_all(&mut *c).await? {
            out.entry(InitiativeId(get(&row, "initiative_id")?)).or_default().push(get(&row, "code")?);
        }
    }
    Ok(out.into_iter().collect())
}

/// (code, initiative) for each published initiative of the organization carrying one of
/// `codes`, ordered by code then initiative.
pub(crate) async fn published_by_budget_code(
    c: &mut Db<'_>,
    org: OrgId,
    codes: &[String],
) -> Result<Vec<(String, InitiativeId)>> {
    let mut out = Vec::new();
    for chunk in codes.chunks(CHUNK) {
        let sql = format!(
            "SELECT b.code, b.initiative_id FROM initiative_budget_codes b \
             JOIN initiatives i ON i.id = b.initiative_id \
             WHERE i.org_id = $1 AND i.revision_id IS NULL AND b.code IN ({}) ORDER BY b.code, b.initiative_id",
            placeholders(2, chunk.len())
        );
        let mut q = query(&sql).bind(org.0);
        for code in chunk {
            q = q.bind(code);
        }
        for row in q.fetch_all(&mut *c).await? {
            out.push((get(&row, "code")?, InitiativeId(get(&row, "initiative_id")?)));
        }
    }
    Ok(out)
}

fn stored(row: &Row) -> Result<StoredBudgetLine> {
    Ok(StoredBudgetLine {
        id: get(row, "id")?,
        line: BudgetLine {
            code: get(row, "code")?,
            fiscal_year: fy_req(get(row, "fiscal_year")?)?,
            budget: get(row, "budget")?,
            settlement: get(row, "settlement")?,
            general_fund: get(row, "general_fund")?,
            personnel: get(row, "personnel")?,
            total_cost: get(row, "total_cost")?,
        },
        source: get(row, "source")?,
        version: get(row, "version")?,
    })
}

/// The organization's imported lines of `codes`, ordered by code and year.
pub(crate) async fn budget_lines(c: &mut Db<'_>, org: OrgId, codes: &[String]) -> Result<Vec<StoredBudgetLine>> {
    let mut out = Vec::new();
    for chunk in codes.chunks(CHUNK) {
        let sql = format!(
            "SELECT id, code, fiscal_year, budget, settlement, general_fund, personnel, total_cost, source, version \
             FROM budget_costs WHERE org_id = $1 AND code IN ({}) ORDER BY code, fiscal_year",
            placeholders(2, chunk.len())
        );
        let mut q = query(&sql).bind(org.0);
        for code in chunk {
            q = q.bind(code);
        }
        for row in q.fetch_all(&mut *c).await? {
            out.push(stored(&row)?);
        }
    }
    out.sort_by(|a, b| (&a.line.code, a.line.fiscal_year).cmp(&(&b.line.code, b.line.fiscal_year)));
    Ok(out)
}
