//! Writes of goal reviews.

use super::common::{finish_delete, finish_update, version_sql};
use crate::conv::{fy_col, now_ms};
use crate::error::Result;
use crate::records::*;
use hoshin_domain::*;
use sqlx::AnyConnection;

pub(crate) async fn insert_goal_review(c: &mut AnyConnection, new: &NewGoalReview) -> Result<GoalReviewId> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO goal_reviews (initiative_id, fiscal_year, result, issues_next, progress, judgement, created_at, \
         updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, 1) RETURNING id",
    )
    .bind(new.initiative_id.0)
    .bind(fy_col(Some(new.fiscal_year)))
    .bind(&new.result)
    .bind(&new.issues_next)
    .bind(new.progress.map(i64::from))
    .bind(&new.judgement)
    .bind(now_ms())
    .fetch_one(&mut *c)
    .await?;
    Ok(GoalReviewId(id))
}

pub(crate) async fn update_goal_review(c: &mut AnyConnection, g: &GoalReview) -> Result<i64> {
    let r = sqlx::query(
        "UPDATE goal_reviews SET fiscal_year = $1, result = $2, issues_next = $3, progress = $4, judgement = $5, \
         updated_at = $6, version = version + 1 WHERE id = $7 AND version = $8",
    )
    .bind(fy_col(Some(g.fiscal_year)))
    .bind(&g.result)
    .bind(&g.issues_next)
    .bind(g.progress.map(i64::from))
    .bind(&g.judgement)
    .bind(now_ms())
    .bind(g.id.0)
    .bind(g.meta.version)
    .execute(&mut *c)
    .await?;
    finish_update(c, "goal_reviews", version_sql!("goal_reviews"), g.id.0, g.meta.version, r.rows_affected()).await
}

pub(crate) async fn delete_goal_review(c: &mut AnyConnection, id: GoalReviewId, version: i64) -> Result<()> {
    let r = sqlx::query("DELETE FROM goal_reviews WHERE id = $1 AND version = $2")
        .bind(id.0)
        .bind(version)
        .execute(&mut *c)
        .await?;
    finish_delete(c, "goal_reviews", version_sql!("goal_reviews"), id.0, version, r.rows_affected()).await
}
