//! Reads of reporting periods and their interim values and reviews (migration 0014).

use crate::conv::{fy_req, get, meta, placeholders, QuantityCols};
use crate::error::{Result, StoreError};
use crate::exec::{query, query_scalar, Db, Row};
use hoshin_domain::*;

fn small(row: &Row, col: &str) -> Result<u8> {
    let v: i64 = get(row, col)?;
    u8::try_from(v).map_err(|_| StoreError::Corrupt(format!("{col} out of range: {v}")))
}

/// The organization's stored periods in order (empty: it uses the defaults).
pub(crate) async fn reporting_periods(c: &mut Db<'_>, org: OrgId) -> Result<Vec<ReportingPeriod>> {
    let rows = query(
        "SELECT id, org_id, period_key, label, end_month, end_day, position, created_at, updated_at, version \
         FROM reporting_periods WHERE org_id = $1 ORDER BY position, id",
    )
    .bind(org.0)
    .fetch_all(&mut *c)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(ReportingPeriod {
                id: get(row, "id")?,
                org_id: OrgId(get(row, "org_id")?),
                key: get(row, "period_key")?,
                label: get(row, "label")?,
                end_month: small(row, "end_month")?,
                end_day: small(row, "end_day")?,
                position: get::<i64>(row, "position")? as i32,
                meta: meta(row)?,
            })
        })
        .collect()
}

/// The interim values of the indicators, by indicator, year and period key.
pub(crate) async fn interim_actuals(c: &mut Db<'_>, ids: &[IndicatorId]) -> Result<Vec<InterimActual>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT id, indicator_id, fiscal_year, period_key, value_text, value_num, value_unit, value_approx, \
         value_qualifier, created_at, updated_at, version FROM interim_actuals WHERE indicator_id IN ({}) \
         ORDER BY indicator_id, fiscal_year, period_key",
        placeholders(1, ids.len())
    );
    let mut q = query(&sql);
    for i in ids {
        q = q.bind(i.0);
    }
    q.fetch_all(&mut *c)
        .await?
        .iter()
        .map(|row| {
            let v =
                QuantityCols::read(row, "value_text", "value_num", "value_unit", "value_approx", "value_qualifier")?;
            Ok(InterimActual {
                id: get(row, "id")?,
                indicator_id: IndicatorId(get(row, "indicator_id")?),
                fiscal_year: fy_req(get(row, "fiscal_year")?)?,
                period: get(row, "period_key")?,
                value: v.into_quantity().ok_or_else(|| StoreError::Corrupt("interim value without text".into()))?,
                meta: meta(row)?,
            })
        })
        .collect()
}

/// The interim reviews of the initiatives, by initiative, year and period key.
pub(crate) async fn interim_reviews(c: &mut Db<'_>, ids: &[InitiativeId]) -> Result<Vec<InterimReview>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT id, initiative_id, fiscal_year, period_key, result, issues_next, progress, judgement, \
         created_at, updated_at, version FROM interim_reviews WHERE initiative_id IN ({}) \
         ORDER BY initiative_id, fiscal_year, period_key",
        placeholders(1, ids.len())
    );
    let mut q = query(&sql);
    for i in ids {
        q = q.bind(i.0);
    }
    q.fetch_all(&mut *c).await?.iter().map(interim_review).collect()
}

/// The interim reviews of `year` of the published initiatives of `depts` in `year`, in
/// [`interim_reviews`]' order: read by the departments, beside the initiatives.
pub(crate) async fn departments_year_interims(
    c: &mut Db<'_>,
    depts: &[DepartmentId],
    year: FiscalYear,
) -> Result<Vec<InterimReview>> {
    if depts.is_empty() {
        return Ok(Vec::new());
    }
    let n = depts.len();
    let sql = format!(
        "SELECT id, initiative_id, fiscal_year, period_key, result, issues_next, progress, judgement, \
         created_at, updated_at, version FROM interim_reviews WHERE initiative_id IN ({}) \
         AND fiscal_year = ${} ORDER BY initiative_id, fiscal_year, period_key",
        super::pages::department_year_initiatives(n),
        n + 1
    );
    super::pages::bind_department_year(query(&sql), depts, year)
        .fetch_all(&mut *c)
        .await?
        .iter()
        .map(interim_review)
        .collect()
}

fn interim_review(row: &Row) -> Result<InterimReview> {
    let progress: Option<i64> = get(row, "progress")?;
    Ok(InterimReview {
        id: get(row, "id")?,
        initiative_id: InitiativeId(get(row, "initiative_id")?),
        fiscal_year: fy_req(get(row, "fiscal_year")?)?,
        period: get(row, "period_key")?,
        result: get(row, "result")?,
        issues_next: get(row, "issues_next")?,
        progress: progress.and_then(|p| u8::try_from(p).ok()),
        judgement: get(row, "judgement")?,
        meta: meta(row)?,
    })
}

/// Whether any interim value or review of the organization names the period key.
pub(crate) async fn period_in_use(c: &mut Db<'_>, org: OrgId, key: &str) -> Result<bool> {
    let n: i64 = query_scalar(
        "SELECT (SELECT COUNT(*) FROM interim_actuals a JOIN indicators i ON i.id = a.indicator_id \
         WHERE i.org_id = $1 AND a.period_key = $2) + \
         (SELECT COUNT(*) FROM interim_reviews r JOIN initiatives n ON n.id = r.initiative_id \
         WHERE n.org_id = $3 AND r.period_key = $4)",
    )
    .bind(org.0)
    .bind(key)
    .bind(org.0)
    .bind(key)
    .fetch_one(&mut *c)
    .await?;
    Ok(n > 0)
}
