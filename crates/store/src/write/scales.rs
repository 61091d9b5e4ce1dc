//! Writes of judgement scales.

use super::common::{finish_delete, version_sql};
use crate::conv::{now_ms, to_json};
use crate::error::Result;
use hoshin_domain::*;
use sqlx::AnyConnection;

pub(crate) async fn insert_judgement_scale(
    c: &mut AnyConnection,
    org: OrgId,
    scale: &JudgementScale,
    is_default: bool,
) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO judgement_scales (org_id, name, bands, is_default, created_at, updated_at, version) \
         VALUES ($1, $2, $3, $4, $5, $5, 1) RETURNING id",
    )
    .bind(org.0)
    .bind(&scale.name)
    .bind(to_json(scale.bands())?)
    .bind(i64::from(is_default))
    .bind(now_ms())
    .fetch_one(&mut *c)
    .await?;
    Ok(id)
}

pub(crate) async fn delete_judgement_scale(c: &mut AnyConnection, id: i64, version: i64) -> Result<()> {
    let r = sqlx::query("DELETE FROM judgement_scales WHERE id = $1 AND version = $2")
        .bind(id)
        .bind(version)
        .execute(&mut *c)
        .await?;
    finish_delete(c, "judgement_scales", version_sql!("judgement_scales"), id, version, r.rows_affected()).await
}
