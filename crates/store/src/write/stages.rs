//! Writes of the staged review (migration 0013): stages (versioned), evaluations (versioned,
//! one per initiative, year and stage) and the year's lock.

use super::common::{finish_delete, finish_update, version_sql};
use crate::conv::{fy_col, now_ms};
use crate::error::Result;
use crate::records::{NewReviewStage, NewStageEvaluation, ReviewStage, StageEvaluation};
use hoshin_domain::{FiscalYear, OrgId, UserId};
use sqlx::AnyConnection;

pub(crate) async fn insert_stage(c: &mut AnyConnection, new: &NewReviewStage) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO review_stages (org_id, position, name, writer, created_at, updated_at, version) \
         VALUES ($1, $2, $3, $4, $5, $5, 1) RETURNING id",
    )
    .bind(new.org_id.0)
    .bind(new.position)
    .bind(&new.name)
    .bind(new.writer.as_str())
    .bind(now_ms())
    .fetch_one(&mut *c)
    .await?;
    Ok(id)
}

/// Saves a stage's position, name and writer if its version is still `s.meta.version`.
pub(crate) async fn update_stage(c: &mut AnyConnection, s: &ReviewStage) -> Result<i64> {
    let r = sqlx::query(
        "UPDATE review_stages SET position = $1, name = $2, writer = $3, updated_at = $4, version = version + 1 \
         WHERE id = $5 AND version = $6",
    )
    .bind(s.position)
    .bind(&s.name)
    .bind(s.writer.as_str())
    .bind(now_ms())
    .bind(s.id)
    .bind(s.meta.version)
    .execute(&mut *c)
    .await?;
    finish_update(c, "review_stages", version_sql!("review_stages"), s.id, s.meta.version, r.rows_affected()).await
}

pub(crate) async fn delete_stage(c: &mut AnyConnection, id: i64, version: i64) -> Result<()> {
    let r = sqlx::query("DELETE FROM review_stages WHERE id = $1 AND version = $2")
        .bind(id)
        .bind(version)
        .execute(&mut *c)
        .await?;
    finish_delete(c, "review_stages", version_sql!("review_stages"), id, version, r.rows_affected()).await
}

pub(crate) async fn insert_evaluation(c: &mut AnyConnection, new: &NewStageEvaluation) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO stage_evaluations \
         (initiative_id, fiscal_year, stage_id, judgement, comment, author_id, created_at, updated_at, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, 1) RETURNING id",
    )
    .bind(new.initiative_id.0)
    .bind(fy_col(Some(new.fiscal_year)))
    .bind(new.stage_id)
    .bind(new.judgement.as_deref())
    .bind(new.comment.as_deref())
    .bind(new.author_id.map(|u| u.0))
    .bind(now_ms())
    .fetch_one(&mut *c)
    .await?;
    Ok(id)
}

/// Saves an evaluation's judgement, comment and author if its version is still `e.meta.version`.
pub(crate) async fn update_evaluation(c: &mut AnyConnection, e: &StageEvaluation) -> Result<i64> {
    let r = sqlx::query(
        "UPDATE stage_evaluations SET judgement = $1, comment = $2, author_id = $3, updated_at = $4, \
         version = version + 1 WHERE id = $5 AND version = $6",
    )
    .bind(e.judgement.as_deref())
    .bind(e.comment.as_deref())
    .bind(e.author_id.map(|u| u.0))
    .bind(now_ms())
    .bind(e.id)
    .bind(e.meta.version)
    .execute(&mut *c)
    .await?;
    finish_update(c, "stage_evaluations", version_sql!("stage_evaluations"), e.id, e.meta.version, r.rows_affected())
        .await
}

/// Locks the year's review; `None` when it was already locked.
pub(crate) async fn insert_lock(
    c: &mut AnyConnection,
    org: OrgId,
    year: FiscalYear,
    by: Option<UserId>,
) -> Result<Option<i64>> {
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO review_locks (org_id, fiscal_year, locked_by, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(org.0)
    .bind(fy_col(Some(year)))
    .bind(by.map(|u| u.0))
    .bind(now_ms())
    .fetch_optional(&mut *c)
    .await?;
    Ok(id)
}

/// Unlocks the year's review; false when it was not locked.
pub(crate) async fn delete_lock(c: &mut AnyConnection, org: OrgId, year: FiscalYear) -> Result<bool> {
    let r = sqlx::query("DELETE FROM review_locks WHERE org_id = $1 AND fiscal_year = $2")
        .bind(org.0)
        .bind(fy_col(Some(year)))
        .execute(&mut *c)
        .await?;
    Ok(r.rows_affected() == 1)
}
