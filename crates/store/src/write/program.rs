//! Writes of what evaluation sheets carry beyond names: a program's facts with its costs and
//! an indicator's kind with its yearly values, each replaced as a whole.

use crate::conv::{fy_col, now_ms, to_json, QuantityCols};
use crate::error::Result;
use hoshin_domain::*;
use sqlx::AnyConnection;

/// Replaces an initiative's facts and costs; empty facts remove them.
pub(crate) async fn set_program_facts(c: &mut AnyConnection, id: InitiativeId, f: &ProgramFacts) -> Result<()> {
    let now = now_ms();
    sqlx::query("DELETE FROM initiative_costs WHERE initiative_id = $1").bind(id.0).execute(&mut *c).await?;
    if f.is_empty() {
        sqlx::query("DELETE FROM program_facts WHERE initiative_id = $1").bind(id.0).execute(&mut *c).await?;
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO program_facts (initiative_id, code, direction, judgements, plan_path, created_at, updated_at, \
         version) VALUES ($1, $2, $3, $4, $5, $6, $6, 1) ON CONFLICT (initiative_id) DO UPDATE SET \
         code = excluded.code, direction = excluded.direction, judgements = excluded.judgements, \
         plan_path = excluded.plan_path, updated_at = excluded.updated_at, version = program_facts.version + 1",
    )
    .bind(id.0)
    .bind(&f.code)
    .bind(f.direction.map(ProgramDirection::as_str))
    .bind(to_json(&f.judgements)?)
    .bind(to_json(&f.plan_path)?)
    .bind(now)
    .execute(&mut *c)
    .await?;
    for (i, cost) in f.costs.iter().enumerate() {
        // A figure repeated for the same year, basis and item: the later one wins.
        sqlx::query(
            "INSERT INTO initiative_costs (initiative_id, fiscal_year, basis, item, amount, written, position, \
             created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, 1) \
             ON CONFLICT (initiative_id, fiscal_year, basis, item) DO UPDATE SET amount = excluded.amount, \
             written = excluded.written, updated_at = excluded.updated_at",
        )
        .bind(id.0)
        .bind(fy_col(Some(cost.fiscal_year)))
        .bind(cost.basis.as_str())
        .bind(&cost.item)
        .bind(cost.amount)
        .bind(&cost.written)
        .bind(i as i64)
        .bind(now)
        .execute(&mut *c)
        .await?;
    }
    Ok(())
}

/// Replaces an indicator's kind and yearly values.
pub(crate) async fn set_indicator_facts(c: &mut AnyConnection, id: IndicatorId, f: &IndicatorFacts) -> Result<()> {
    let now = now_ms();
    sqlx::query("UPDATE indicators SET kind = $1 WHERE id = $2")
        .bind(f.kind.map(IndicatorKind::as_str))
        .bind(id.0)
        .execute(&mut *c)
        .await?;
    sqlx::query("DELETE FROM indicator_yearly WHERE indicator_id = $1").bind(id.0).execute(&mut *c).await?;
    for v in &f.yearly {
        let q = QuantityCols::of(Some(&v.value));
        sqlx::query(
            "INSERT INTO indicator_yearly (indicator_id, fiscal_year, kind, value_text, value_num, value_unit, \
             value_approx, value_qualifier, created_at, updated_at, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, 1) ON CONFLICT (indicator_id, fiscal_year, kind) \
             DO UPDATE SET value_text = excluded.value_text, value_num = excluded.value_num, \
             value_unit = excluded.value_unit, value_approx = excluded.value_approx, \
             value_qualifier = excluded.value_qualifier, updated_at = excluded.updated_at",
        )
        .persistent(false) // see write/indicators.rs upsert_actual
        .bind(id.0)
        .bind(fy_col(Some(v.fiscal_year)))
        .bind(v.kind.as_str())
        .bind(q.text)
        .bind(q.value)
        .bind(q.unit)
        .bind(q.approx)
        .bind(q.qualifier)
        .bind(now)
        .execute(&mut *c)
        .await?;
    }
    Ok(())
}
