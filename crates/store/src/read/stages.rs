//! Reads of the staged review (migration 0013): an organization's stages, the evaluations of
//! a fiscal year, and whether the year's review is locked.

use crate::conv::{fy_col, fy_req, get, meta};
use crate::error::{Result, StoreError};
use crate::exec::{query, query_scalar, Db, Row};
use crate::records::{ReviewLock, ReviewStage, StageEvaluation, StageWriter};
use hoshin_domain::{FiscalYear, InitiativeId, OrgId, UserId};

fn stage(row: &Row) -> Result<ReviewStage> {
    let writer: String = get(row, "writer")?;
    Ok(ReviewStage {
        id: get(row, "id")?,
        org_id: OrgId(get(row, "org_id")?),
        position: get(row, "position")?,
        name: get(row, "name")?,
        writer: StageWriter::parse(&writer)
            .ok_or_else(|| StoreError::Invalid(format!("unknown stage writer {writer:?}")))?,
        meta: meta(row)?,
    })
}

fn evaluation(row: &Row) -> Result<StageEvaluation> {
    Ok(StageEvaluation {
        id: get(row, "id")?,
        initiative_id: InitiativeId(get(row, "initiative_id")?),
        fiscal_year: fy_req(get(row, "fiscal_year")?)?,
        stage_id: get(row, "stage_id")?,
        judgement: get(row, "judgement")?,
        comment: get(row, "comment")?,
        author_id: get::<Option<i64>>(row, "author_id")?.map(UserId),
        meta: meta(row)?,
    })
}

/// The organization's stages in order.
pub(crate) async fn review_stages(c: &mut Db<'_>, org: OrgId) -> Result<Vec<ReviewStage>> {
    query(
        "SELECT id, org_id, position, name, writer, created_at, updated_at, version \
         FROM review_stages WHERE org_id = $1 ORDER BY position, id",
    )
    .bind(org.0)
    .fetch_all(&mut *c)
    .await?
    .iter()
    .map(stage)
    .collect()
}

/// Every evaluation of the organization's stages for `year`, by initiative then stage order.
pub(crate) async fn stage_evaluations(c: &mut Db<'_>, org: OrgId, year: FiscalYear) -> Result<Vec<StageEvaluation>> {
    query(
        "SELECT e.id, e.initiative_id, e.fiscal_year, e.stage_id, e.judgement, e.comment, e.author_id, \
         e.created_at, e.updated_at, e.version \
         FROM stage_evaluations e JOIN review_stages s ON s.id = e.stage_id \
         WHERE s.org_id = $1 AND e.fiscal_year = $2 ORDER BY e.initiative_id, s.position, s.id",
    )
    .bind(org.0)
    .bind(fy_col(Some(year)))
    .fetch_all(&mut *c)
    .await?
    .iter()
    .map(evaluation)
    .collect()
}

/// The lock of the organization's review of `year`, if it is locked.
pub(crate) async fn review_lock(c: &mut Db<'_>, org: OrgId, year: FiscalYear) -> Result<Option<ReviewLock>> {
    let row = query(
        "SELECT id, org_id, fiscal_year, locked_by, created_at FROM review_locks WHERE org_id = $1 AND fiscal_year = $2",
    )
    .bind(org.0)
    .bind(fy_col(Some(year)))
    .fetch_optional(&mut *c)
    .await?;
    row.map(|row| {
        Ok(ReviewLock {
            id: get(&row, "id")?,
            org_id: OrgId(get(&row, "org_id")?),
            fiscal_year: fy_req(get(&row, "fiscal_year")?)?,
            locked_by: get::<Option<i64>>(&row, "locked_by")?.map(UserId),
            locked_at: get(&row, "created_at")?,
        })
    })
    .transpose()
}

/// Whether any evaluation was written at the stage.
pub(crate) async fn stage_in_use(c: &mut Db<'_>, stage: i64) -> Result<bool> {
    let n: i64 = query_scalar("SELECT COUNT(*) FROM stage_evaluations WHERE stage_id = $1")
        .bind(stage)
        .fetch_one(&mut *c)
        .await?;
    Ok(n > 0)
}
