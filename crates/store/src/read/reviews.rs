//! Reads of goal reviews.

use crate::conv::fy_col;
use crate::error::Result;
use crate::exec::{query, Db};
use crate::rows::{self, review_cols};
use hoshin_domain::*;

pub(crate) async fn get_goal_review(
    c: &mut Db<'_>,
    initiative: InitiativeId,
    year: FiscalYear,
) -> Result<Option<GoalReview>> {
    query(concat!("SELECT ", review_cols!(), " FROM goal_reviews WHERE initiative_id = $1 AND fiscal_year = $2"))
        .bind(initiative.0)
        .bind(fy_col(Some(year)))
        .fetch_optional(&mut *c)
        .await?
        .as_ref()
        .map(rows::review)
        .transpose()
}

pub(crate) async fn goal_reviews(c: &mut Db<'_>, initiative: InitiativeId) -> Result<Vec<GoalReview>> {
    query(concat!("SELECT ", review_cols!(), " FROM goal_reviews WHERE initiative_id = $1 ORDER BY fiscal_year"))
        .bind(initiative.0)
        .fetch_all(&mut *c)
        .await?
        .iter()
        .map(rows::review)
        .collect()
}
