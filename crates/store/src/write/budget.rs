//! Writes of 予算細事業 codes on initiatives (replaced as a whole) and of the figures imported
//! from the 財務会計 CSV (one row per organization, code and year; migration 0012).

use crate::conv::{fy_col, now_ms};
use crate::error::Result;
use hoshin_domain::*;
use sqlx::AnyConnection;

/// Replaces an initiative's codes (in the order given).
pub(crate) async fn set_budget_codes(c: &mut AnyConnection, id: InitiativeId, codes: &[String]) -> Result<()> {
    sqlx::query("DELETE FROM initiative_budget_codes WHERE initiative_id = $1").bind(id.0).execute(&mut *c).await?;
    for (i, code) in codes.iter().enumerate() {
        sqlx::query(
            "INSERT INTO initiative_budget_codes (initiative_id, code, position) VALUES ($1, $2, $3) \
             ON CONFLICT (initiative_id, code) DO NOTHING",
        )
        .bind(id.0)
        .bind(code)
        .bind(i as i64)
        .execute(&mut *c)
        .await?;
    }
    Ok(())
}

/// Inserts or replaces the organization's line for the code and year; returns its row id.
pub(crate) async fn put_budget_line(c: &mut AnyConnection, org: OrgId, line: &BudgetLine, source: &str) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO budget_costs (org_id, code, fiscal_year, budget, settlement, general_fund, personnel, \
         total_cost, source, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, 1) \
         ON CONFLICT (org_id, code, fiscal_year) DO UPDATE SET budget = excluded.budget, \
         settlement = excluded.settlement, general_fund = excluded.general_fund, personnel = excluded.personnel, \
         total_cost = excluded.total_cost, source = excluded.source, updated_at = excluded.updated_at, \
         version = budget_costs.version + 1 RETURNING id",
    )
    .bind(org.0)
    .bind(&line.code)
    .bind(fy_col(Some(line.fiscal_year)))
    .bind(line.budget)
    .bind(line.settlement)
    .bind(line.general_fund)
    .bind(line.personnel)
    .bind(line.total_cost)
    .bind(source)
    .bind(now_ms())
    .fetch_one(&mut *c)
    .await?;
    Ok(id)
}
