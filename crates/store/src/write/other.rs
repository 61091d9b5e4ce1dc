//! Writes of department policies, goal reviews, related plans, documents, judgement
//! scales and audit rows.

use super::common::{finish_delete, finish_update, required, version_sql};
use super::initiatives::link_nodes;
use crate::conv::{fy_col, now_ms, to_json};
use crate::error::Result;
use crate::records::*;
use hoshin_domain::*;
use sqlx::AnyConnection;

pub(crate) async fn insert_department_policy(
    c: &mut AnyConnection,
    new: &NewDepartmentPolicy,
) -> Result<DepartmentPolicyId> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO department_policies (department_id, fiscal_year, stance, notes, created_at, updated_at, version) \
         VALUES ($1, $2, $3, $4, $5, $5, 1) RETURNING id",
    )
    .bind(new.department_id.0)
    .bind(fy_col(Some(new.fiscal_year)))
    .bind(&new.stance)
    .bind(&new.notes)
    .bind(now_ms())
    .fetch_one(&mut *c)
    .await?;
    Ok(DepartmentPolicyId(id))
}

pub(crate) async fn update_department_policy(c: &mut AnyConnection, p: &DepartmentPolicy) -> Result<i64> {
    let r = sqlx::query(
        "UPDATE department_policies SET fiscal_year = $1, stance = $2, notes = $3, updated_at = $4, \
         version = version + 1 WHERE id = $5 AND version = $6",
    )
    .bind(fy_col(Some(p.fiscal_year)))
    .bind(&p.stance)
    .bind(&p.notes)
    .bind(now_ms())
    .bind(p.id.0)
    .bind(p.meta.version)
    .execute(&mut *c)
    .await?;
    finish_update(
        c,
        "department_policies",
        version_sql!("department_policies"),
        p.id.0,
        p.meta.version,
        r.rows_affected(),
    )
    .await
}

pub(crate) async fn delete_department_policy(
    c: &mut AnyConnection,
    id: DepartmentPolicyId,
    version: i64,
) -> Result<()> {
    let r = sqlx::query("DELETE FROM department_policies WHERE id = $1 AND version = $2")
        .bind(id.0)
        .bind(version)
        .execute(&mut *c)
        .await?;
    finish_delete(c, "department_policies", version_sql!("department_policies"), id.0, version, r.rows_affected()).await
}

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

async fn link_related(c: &mut AnyConnection, plan: i64, nodes: &[NodeId], now: i64) -> Result<()> {
    sqlx::query("DELETE FROM related_plan_nodes WHERE related_plan_id = $1").bind(plan).execute(&mut *c).await?;
    link_nodes(c, crate::read::NodeLinks::RelatedPlans, plan, nodes, now).await
}

pub(crate) async fn insert_related_plan(c: &mut AnyConnection, new: &NewRelatedPlan) -> Result<RelatedPlanId> {
    required("name", &new.name)?;
    let now = now_ms();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO related_plans (org_id, name, description, created_at, updated_at, version) \
         VALUES ($1, $2, $3, $4, $4, 1) RETURNING id",
    )
    .bind(new.org_id.0)
    .bind(&new.name)
    .bind(&new.description)
    .bind(now)
    .fetch_one(&mut *c)
    .await?;
    link_related(c, id, &new.node_ids, now).await?;
    Ok(RelatedPlanId(id))
}

pub(crate) async fn update_related_plan(c: &mut AnyConnection, p: &RelatedPlan) -> Result<i64> {
    required("name", &p.name)?;
    let now = now_ms();
    let r = sqlx::query(
        "UPDATE related_plans SET name = $1, description = $2, updated_at = $3, version = version + 1 \
         WHERE id = $4 AND version = $5",
    )
    .bind(&p.name)
    .bind(&p.description)
    .bind(now)
    .bind(p.id.0)
    .bind(p.meta.version)
    .execute(&mut *c)
    .await?;
    let v = finish_update(c, "related_plans", version_sql!("related_plans"), p.id.0, p.meta.version, r.rows_affected())
        .await?;
    link_related(c, p.id.0, &p.node_ids, now).await?;
    Ok(v)
}

pub(crate) async fn delete_related_plan(c: &mut AnyConnection, id: RelatedPlanId, version: i64) -> Result<()> {
    let r = sqlx::query("DELETE FROM related_plans WHERE id = $1 AND version = $2")
        .bind(id.0)
        .bind(version)
        .execute(&mut *c)
        .await?;
    finish_delete(c, "related_plans", version_sql!("related_plans"), id.0, version, r.rows_affected()).await
}

pub(crate) async fn insert_document(c: &mut AnyConnection, new: &NewDocument) -> Result<DocumentId> {
    required("content_hash", &new.content_hash)?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO documents (org_id, genre, fiscal_year, title, file_name, content_hash, imported_at, created_at, \
         updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $7, 1) RETURNING id",
    )
    .bind(new.org_id.0)
    .bind(&new.genre)
    .bind(fy_col(new.fiscal_year))
    .bind(&new.title)
    .bind(&new.file_name)
    .bind(&new.content_hash)
    .bind(now_ms())
    .fetch_one(&mut *c)
    .await?;
    Ok(DocumentId(id))
}

pub(crate) async fn update_document(c: &mut AnyConnection, d: &Document) -> Result<i64> {
    required("content_hash", &d.content_hash)?;
    let now = now_ms();
    let r = sqlx::query(
        "UPDATE documents SET genre = $1, fiscal_year = $2, title = $3, file_name = $4, content_hash = $8, \
         imported_at = $5, updated_at = $5, version = version + 1 WHERE id = $6 AND version = $7",
    )
    .bind(&d.genre)
    .bind(fy_col(d.fiscal_year))
    .bind(&d.title)
    .bind(&d.file_name)
    .bind(now)
    .bind(d.id.0)
    .bind(d.meta.version)
    .bind(&d.content_hash)
    .execute(&mut *c)
    .await?;
    finish_update(c, "documents", version_sql!("documents"), d.id.0, d.meta.version, r.rows_affected()).await
}

pub(crate) async fn delete_document(c: &mut AnyConnection, id: DocumentId, version: i64) -> Result<()> {
    let r = sqlx::query("DELETE FROM documents WHERE id = $1 AND version = $2")
        .bind(id.0)
        .bind(version)
        .execute(&mut *c)
        .await?;
    finish_delete(c, "documents", version_sql!("documents"), id.0, version, r.rows_affected()).await
}

pub(crate) async fn set_document_initiatives(
    c: &mut AnyConnection,
    doc: DocumentId,
    ids: &[InitiativeId],
) -> Result<()> {
    sqlx::query("DELETE FROM document_initiatives WHERE document_id = $1").bind(doc.0).execute(&mut *c).await?;
    let mut ids: Vec<i64> = ids.iter().map(|i| i.0).collect();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        sqlx::query("INSERT INTO document_initiatives (document_id, initiative_id) VALUES ($1, $2)")
            .bind(doc.0)
            .bind(id)
            .execute(&mut *c)
            .await?;
    }
    Ok(())
}

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

pub(crate) async fn record_audit(c: &mut AnyConnection, e: &NewAuditEntry) -> Result<i64> {
    let before = e.before.as_ref().map(to_json).transpose()?;
    let after = e.after.as_ref().map(to_json).transpose()?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO audit_log (actor_id, at, table_name, row_id, action, before_json, after_json, created_at, \
         updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $2, $2, 1) RETURNING id",
    )
    .bind(e.actor_id)
    .bind(now_ms())
    .bind(&e.table_name)
    .bind(e.row_id)
    .bind(&e.action)
    .bind(before)
    .bind(after)
    .fetch_one(&mut *c)
    .await?;
    Ok(id)
}
