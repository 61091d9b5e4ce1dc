//! Writes of reporting periods and interim values and reviews (migration 0014), versioned.

use super::common::{finish_delete, finish_update, version_sql};
use crate::conv::{fy_col, now_ms, QuantityCols};
use crate::error::Result;
use hoshin_domain::*;
use sqlx::AnyConnection;

/// Inserts a period (`p.id` and `p.meta` are ignored); returns its id.
pub(crate) async fn insert_period(c: &mut AnyConnection, p: &ReportingPeriod) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO reporting_periods (org_id, period_key, label, end_month, end_day, position, created_at, \
         updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, 1) RETURNING id",
    )
    .bind(p.org_id.0)
    .bind(&p.key)
    .bind(&p.label)
    .bind(i64::from(p.end_month))
    .bind(i64::from(p.end_day))
    .bind(i64::from(p.position))
    .bind(now_ms())
    .fetch_one(&mut *c)
    .await?;
    Ok(id)
}

/// Saves a period's label, end and position if its version is still `p.meta.version`.
pub(crate) async fn update_period(c: &mut AnyConnection, p: &ReportingPeriod) -> Result<i64> {
    let r = sqlx::query(
        "UPDATE reporting_periods SET label = $1, end_month = $2, end_day = $3, position = $4, updated_at = $5, \
         version = version + 1 WHERE id = $6 AND version = $7",
    )
    .bind(&p.label)
    .bind(i64::from(p.end_month))
    .bind(i64::from(p.end_day))
    .bind(i64::from(p.position))
    .bind(now_ms())
    .bind(p.id)
    .bind(p.meta.version)
    .execute(&mut *c)
    .await?;
    finish_update(c, "reporting_periods", version_sql!("reporting_periods"), p.id, p.meta.version, r.rows_affected())
        .await
}

pub(crate) async fn delete_period(c: &mut AnyConnection, id: i64, version: i64) -> Result<()> {
    let r = sqlx::query("DELETE FROM reporting_periods WHERE id = $1 AND version = $2")
        .bind(id)
        .bind(version)
        .execute(&mut *c)
        .await?;
    finish_delete(c, "reporting_periods", version_sql!("reporting_periods"), id, version, r.rows_affected()).await
}

/// Inserts an interim value (`a.id` and `a.meta` are ignored); returns its id.
pub(crate) async fn insert_interim_actual(c: &mut AnyConnection, a: &InterimActual) -> Result<i64> {
    let q = QuantityCols::of(Some(&a.value));
    // Unprepared for the reason `indicators::upsert_actual` gives (a NULL f64 on PostgreSQL).
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO interim_actuals (indicator_id, fiscal_year, period_key, value_text, value_num, value_unit, \
         value_approx, value_qualifier, created_at, updated_at, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, 1) RETURNING id",
    )
    .persistent(false)
    .bind(a.indicator_id.0)
    .bind(fy_col(Some(a.fiscal_year)))
    .bind(&a.period)
    .bind(q.text)
    .bind(q.value)
    .bind(q.unit)
    .bind(q.approx)
    .bind(q.qualifier)
    .bind(now_ms())
    .fetch_one(&mut *c)
    .await?;
    Ok(id)
}

/// Saves an interim value if its version is still `a.meta.version`.
pub(crate) async fn update_interim_actual(c: &mut AnyConnection, a: &InterimActual) -> Result<i64> {
    let q = QuantityCols::of(Some(&a.value));
    let r = sqlx::query(
        "UPDATE interim_actuals SET value_text = $1, value_num = $2, value_unit = $3, value_approx = $4, \
         value_qualifier = $5, updated_at = $6, version = version + 1 WHERE id = $7 AND version = $8",
    )
    .persistent(false)
    .bind(q.text)
    .bind(q.value)
    .bind(q.unit)
    .bind(q.approx)
    .bind(q.qualifier)
    .bind(now_ms())
    .bind(a.id)
    .bind(a.meta.version)
    .execute(&mut *c)
    .await?;
    finish_update(c, "interim_actuals", version_sql!("interim_actuals"), a.id, a.meta.version, r.rows_affected()).await
}

pub(crate) async fn delete_interim_actual(c: &mut AnyConnection, id: i64, version: i64) -> Result<()> {
    let r = sqlx::query("DELETE FROM interim_actuals WHERE id = $1 AND version = $2")
        .bind(id)
        .bind(version)
        .execute(&mut *c)
        .await?;
    finish_delete(c, "interim_actuals", version_sql!("interim_actuals"), id, version, r.rows_affected()).await
}

/// Inserts an interim review (`r.id` and `r.meta` are ignored); returns its id.
pub(crate) async fn insert_interim_review(c: &mut AnyConnection, r: &InterimReview) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO interim_reviews (initiative_id, fiscal_year, period_key, result, issues_next, progress, \
         judgement, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, 1) RETURNING id",
    )
    .persistent(false)
    .bind(r.initiative_id.0)
    .bind(fy_col(Some(r.fiscal_year)))
    .bind(&r.period)
    .bind(r.result.as_deref())
    .bind(r.issues_next.as_deref())
    .bind(r.progress.map(i64::from))
    .bind(r.judgement.as_deref())
    .bind(now_ms())
    .fetch_one(&mut *c)
    .await?;
    Ok(id)
}

/// Saves an interim review if its version is still `r.meta.version`.
pub(crate) async fn update_interim_review(c: &mut AnyConnection, r: &InterimReview) -> Result<i64> {
    let res = sqlx::query(
        "UPDATE interim_reviews SET result = $1, issues_next = $2, progress = $3, judgement = $4, updated_at = $5, \
         version = version + 1 WHERE id = $6 AND version = $7",
    )
    .persistent(false)
    .bind(r.result.as_deref())
    .bind(r.issues_next.as_deref())
    .bind(r.progress.map(i64::from))
    .bind(r.judgement.as_deref())
    .bind(now_ms())
    .bind(r.id)
    .bind(r.meta.version)
    .execute(&mut *c)
    .await?;
    finish_update(c, "interim_reviews", version_sql!("interim_reviews"), r.id, r.meta.version, res.rows_affected())
        .await
}
