//! Writes of indicators and their yearly actuals.

use super::common::{finish_delete, finish_update, required, version_sql};
use crate::conv::{fy_col, now_ms, QuantityCols};
use crate::error::Result;
use hoshin_domain::*;
use sqlx::AnyConnection;

pub(crate) fn owner_cols(owner: Option<IndicatorOwner>) -> (Option<i64>, Option<i64>) {
    match owner {
        Some(IndicatorOwner::Node(n)) => (Some(n.0), None),
        Some(IndicatorOwner::Initiative(i)) => (None, Some(i.0)),
        None => (None, None),
    }
}

/// Inserts or replaces one year's actual.
pub(crate) async fn upsert_actual(c: &mut AnyConnection, indicator: i64, a: &Actual, now: i64) -> Result<()> {
    let q = QuantityCols::of(Some(&a.value));
    // Not prepared once per connection: sqlx's Any driver declares a NULL f64 as float4 to
    // PostgreSQL, so a statement first run with no number and then with one would fail
    // (22P03). Unprepared, each run declares its own parameter types.
    sqlx::query(
        "INSERT INTO indicator_actuals (indicator_id, org_id, fiscal_year, value_text, value_num, value_unit, \
         value_approx, value_qualifier, created_at, updated_at, version) \
         VALUES ($1, (SELECT org_id FROM indicators WHERE id = $1), $2, $3, $4, $5, $6, $7, $8, $8, 1) \
         ON CONFLICT (indicator_id, fiscal_year) DO UPDATE SET value_text = excluded.value_text, \
         value_num = excluded.value_num, value_unit = excluded.value_unit, value_approx = excluded.value_approx, \
         value_qualifier = excluded.value_qualifier, updated_at = excluded.updated_at, \
         version = indicator_actuals.version + 1",
    )
    .persistent(false)
    .bind(indicator)
    .bind(fy_col(Some(a.fiscal_year)))
    .bind(q.text)
    .bind(q.value)
    .bind(q.unit)
    .bind(q.approx)
    .bind(q.qualifier)
    .bind(now)
    .execute(&mut *c)
    .await?;
    Ok(())
}

pub(crate) async fn insert_indicator(c: &mut AnyConnection, new: &NewIndicator) -> Result<IndicatorId> {
    required("name", &new.name)?;
    let now = now_ms();
    let (node, initiative) = owner_cols(new.owner);
    let (b, t) = (QuantityCols::of(new.baseline.as_ref()), QuantityCols::of(new.target.as_ref()));
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO indicators (org_id, node_id, initiative_id, name, unit, direction, cumulative, \
         baseline_text, baseline_value, baseline_unit, baseline_approx, baseline_qualifier, baseline_year, \
         baseline_note, target_text, target_value, target_unit, target_approx, target_qualifier, target_year, \
         sort_order, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, \
         $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $22, 1) RETURNING id",
    )
    .persistent(false)
    .bind(new.org_id.0)
    .bind(node)
    .bind(initiative)
    .bind(&new.name)
    .bind(&new.unit)
    .bind(new.direction.as_str())
    .bind(i64::from(new.cumulative))
    .bind(b.text)
    .bind(b.value)
    .bind(b.unit)
    .bind(b.approx)
    .bind(b.qualifier)
    .bind(fy_col(new.baseline_year))
    .bind(&new.baseline_note)
    .bind(t.text)
    .bind(t.value)
    .bind(t.unit)
    .bind(t.approx)
    .bind(t.qualifier)
    .bind(fy_col(new.target_year))
    .bind(i64::from(new.sort_order))
    .bind(now)
    .fetch_one(&mut *c)
    .await?;
    for a in &new.actuals {
        upsert_actual(c, id, a, now).await?;
    }
    Ok(IndicatorId(id))
}

pub(crate) async fn update_indicator(c: &mut AnyConnection, i: &Indicator) -> Result<i64> {
    required("name", &i.name)?;
    let now = now_ms();
    let (node, initiative) = owner_cols(i.owner);
    let (b, t) = (QuantityCols::of(i.baseline.as_ref()), QuantityCols::of(i.target.as_ref()));
    let r = sqlx::query(
        "UPDATE indicators SET node_id = $1, initiative_id = $2, name = $3, unit = $4, direction = $5, \
         cumulative = $6, baseline_text = $7, baseline_value = $8, baseline_unit = $9, baseline_approx = $10, \
         baseline_qualifier = $11, baseline_year = $12, baseline_note = $13, target_text = $14, target_value = $15, \
         target_unit = $16, target_approx = $17, target_qualifier = $18, target_year = $19, sort_order = $20, \
         updated_at = $21, version = version + 1 WHERE id = $22 AND version = $23",
    )
    .persistent(false)
    .bind(node)
    .bind(initiative)
    .bind(&i.name)
    .bind(&i.unit)
    .bind(i.direction.as_str())
    .bind(i64::from(i.cumulative))
    .bind(b.text)
    .bind(b.value)
    .bind(b.unit)
    .bind(b.approx)
    .bind(b.qualifier)
    .bind(fy_col(i.baseline_year))
    .bind(&i.baseline_note)
    .bind(t.text)
    .bind(t.value)
    .bind(t.unit)
    .bind(t.approx)
    .bind(t.qualifier)
    .bind(fy_col(i.target_year))
    .bind(i64::from(i.sort_order))
    .bind(now)
    .bind(i.id.0)
    .bind(i.meta.version)
    .execute(&mut *c)
    .await?;
    let v =
        finish_update(c, "indicators", version_sql!("indicators"), i.id.0, i.meta.version, r.rows_affected()).await?;
    sqlx::query("DELETE FROM indicator_actuals WHERE indicator_id = $1").bind(i.id.0).execute(&mut *c).await?;
    for a in &i.actuals {
        upsert_actual(c, i.id.0, a, now).await?;
    }
    Ok(v)
}

pub(crate) async fn set_actual(c: &mut AnyConnection, id: IndicatorId, version: i64, a: &Actual) -> Result<i64> {
    let now = now_ms();
    let r = sqlx::query("UPDATE indicators SET updated_at = $1, version = version + 1 WHERE id = $2 AND version = $3")
        .bind(now)
        .bind(id.0)
        .bind(version)
        .execute(&mut *c)
        .await?;
    let v = finish_update(c, "indicators", version_sql!("indicators"), id.0, version, r.rows_affected()).await?;
    upsert_actual(c, id.0, a, now).await?;
    Ok(v)
}

pub(crate) async fn delete_indicator(c: &mut AnyConnection, id: IndicatorId, version: i64) -> Result<()> {
    let r = sqlx::query("DELETE FROM indicators WHERE id = $1 AND version = $2")
        .bind(id.0)
        .bind(version)
        .execute(&mut *c)
        .await?;
    finish_delete(c, "indicators", version_sql!("indicators"), id.0, version, r.rows_affected()).await
}
