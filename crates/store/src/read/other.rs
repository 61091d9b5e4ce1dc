//! Reads of department policies, goal reviews, related plans, documents, judgement
//! scales, the audit log, and per-table row counts.

use crate::conv::fy_col;
use crate::error::{Result, StoreError};
use crate::records::{AuditEntry, Document, Page, StoredScale, TableCount};
use crate::rows::{self, audit_cols, document_cols, policy_cols, related_cols, review_cols, scale_cols};
use hoshin_domain::*;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;

pub(crate) async fn get_department_policy(
    c: &mut AnyConnection,
    dept: DepartmentId,
    year: FiscalYear,
) -> Result<Option<DepartmentPolicy>> {
    sqlx::query(concat!(
        "SELECT ",
        policy_cols!(),
        " FROM department_policies WHERE department_id = $1 AND fiscal_year = $2"
    ))
    .bind(dept.0)
    .bind(fy_col(Some(year)))
    .fetch_optional(&mut *c)
    .await?
    .as_ref()
    .map(rows::policy)
    .transpose()
}

pub(crate) async fn department_policies(c: &mut AnyConnection, dept: DepartmentId) -> Result<Vec<DepartmentPolicy>> {
    sqlx::query(concat!(
        "SELECT ",
        policy_cols!(),
        " FROM department_policies WHERE department_id = $1 ORDER BY fiscal_year"
    ))
    .bind(dept.0)
    .fetch_all(&mut *c)
    .await?
    .iter()
    .map(rows::policy)
    .collect()
}

pub(crate) async fn get_goal_review(
    c: &mut AnyConnection,
    initiative: InitiativeId,
    year: FiscalYear,
) -> Result<Option<GoalReview>> {
    sqlx::query(concat!("SELECT ", review_cols!(), " FROM goal_reviews WHERE initiative_id = $1 AND fiscal_year = $2"))
        .bind(initiative.0)
        .bind(fy_col(Some(year)))
        .fetch_optional(&mut *c)
        .await?
        .as_ref()
        .map(rows::review)
        .transpose()
}

pub(crate) async fn goal_reviews(c: &mut AnyConnection, initiative: InitiativeId) -> Result<Vec<GoalReview>> {
    sqlx::query(concat!("SELECT ", review_cols!(), " FROM goal_reviews WHERE initiative_id = $1 ORDER BY fiscal_year"))
        .bind(initiative.0)
        .fetch_all(&mut *c)
        .await?
        .iter()
        .map(rows::review)
        .collect()
}

async fn related_with_links(c: &mut AnyConnection, rows: Vec<AnyRow>) -> Result<Vec<RelatedPlan>> {
    let mut items = rows.iter().map(rows::related).collect::<Result<Vec<_>>>()?;
    if items.is_empty() {
        return Ok(items);
    }
    let ids: Vec<i64> = items.iter().map(|i| i.id.0).collect();
    let mut links = super::initiatives::node_links(c, super::initiatives::NodeLinks::RelatedPlans, &ids).await?;
    for i in &mut items {
        i.node_ids = links.remove(&i.id.0).unwrap_or_default();
    }
    Ok(items)
}

pub(crate) async fn get_related_plan(c: &mut AnyConnection, id: RelatedPlanId) -> Result<RelatedPlan> {
    let row = sqlx::query(concat!("SELECT ", related_cols!(), " FROM related_plans WHERE id = $1"))
        .bind(id.0)
        .fetch_optional(&mut *c)
        .await?
        .ok_or_else(|| StoreError::not_found("related_plans", id))?;
    related_with_links(c, vec![row]).await?.pop().ok_or_else(|| StoreError::not_found("related_plans", id))
}

pub(crate) async fn list_related_plans(c: &mut AnyConnection, org: OrgId) -> Result<Vec<RelatedPlan>> {
    let rows =
        sqlx::query(concat!("SELECT ", related_cols!(), " FROM related_plans WHERE org_id = $1 ORDER BY name, id"))
            .bind(org.0)
            .fetch_all(&mut *c)
            .await?;
    related_with_links(c, rows).await
}

pub(crate) async fn node_related_plans(c: &mut AnyConnection, node: NodeId) -> Result<Vec<RelatedPlan>> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        related_cols!(),
        " FROM related_plans WHERE id IN (SELECT related_plan_id FROM related_plan_nodes WHERE node_id = $1) \
         ORDER BY name, id"
    ))
    .bind(node.0)
    .fetch_all(&mut *c)
    .await?;
    related_with_links(c, rows).await
}

pub(crate) async fn get_document(c: &mut AnyConnection, id: DocumentId) -> Result<Document> {
    let row = sqlx::query(concat!("SELECT ", document_cols!(), " FROM documents WHERE id = $1"))
        .bind(id.0)
        .fetch_optional(&mut *c)
        .await?;
    rows::document(&row.ok_or_else(|| StoreError::not_found("documents", id))?)
}

pub(crate) async fn find_document_by_hash(c: &mut AnyConnection, org: OrgId, hash: &str) -> Result<Option<Document>> {
    sqlx::query(concat!("SELECT ", document_cols!(), " FROM documents WHERE org_id = $1 AND content_hash = $2"))
        .bind(org.0)
        .bind(hash)
        .fetch_optional(&mut *c)
        .await?
        .as_ref()
        .map(rows::document)
        .transpose()
}

pub(crate) async fn list_documents(c: &mut AnyConnection, org: OrgId, page: Page) -> Result<Vec<Document>> {
    sqlx::query(concat!(
        "SELECT ",
        document_cols!(),
        " FROM documents WHERE org_id = $1 ORDER BY imported_at DESC, id DESC LIMIT $2 OFFSET $3"
    ))
    .bind(org.0)
    .bind(page.limit_i64())
    .bind(page.offset_i64())
    .fetch_all(&mut *c)
    .await?
    .iter()
    .map(rows::document)
    .collect()
}

pub(crate) async fn document_initiatives(c: &mut AnyConnection, doc: DocumentId) -> Result<Vec<InitiativeId>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT initiative_id FROM document_initiatives WHERE document_id = $1 ORDER BY initiative_id",
    )
    .bind(doc.0)
    .fetch_all(&mut *c)
    .await?;
    Ok(ids.into_iter().map(InitiativeId).collect())
}

pub(crate) async fn initiative_documents(c: &mut AnyConnection, id: InitiativeId) -> Result<Vec<DocumentId>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT document_id FROM document_initiatives WHERE initiative_id = $1 ORDER BY document_id",
    )
    .bind(id.0)
    .fetch_all(&mut *c)
    .await?;
    Ok(ids.into_iter().map(DocumentId).collect())
}

pub(crate) async fn judgement_scales(c: &mut AnyConnection, org: OrgId) -> Result<Vec<StoredScale>> {
    sqlx::query(concat!("SELECT ", scale_cols!(), " FROM judgement_scales WHERE org_id = $1 ORDER BY id"))
        .bind(org.0)
        .fetch_all(&mut *c)
        .await?
        .iter()
        .map(rows::scale)
        .collect()
}

pub(crate) async fn audit_trail(
    c: &mut AnyConnection,
    table: &str,
    row_id: i64,
    page: Page,
) -> Result<Vec<AuditEntry>> {
    sqlx::query(concat!(
        "SELECT ",
        audit_cols!(),
        " FROM audit_log WHERE table_name = $1 AND row_id = $2 ORDER BY at DESC, id DESC LIMIT $3 OFFSET $4"
    ))
    .bind(table)
    .bind(row_id)
    .bind(page.limit_i64())
    .bind(page.offset_i64())
    .fetch_all(&mut *c)
    .await?
    .iter()
    .map(rows::audit)
    .collect()
}

/// Every table and the statement that counts its rows.
const COUNTS: &[(&str, &str)] = &[
    ("organizations", "SELECT COUNT(*) FROM organizations"),
    ("departments", "SELECT COUNT(*) FROM departments"),
    ("department_names", "SELECT COUNT(*) FROM department_names"),
    ("plans", "SELECT COUNT(*) FROM plans"),
    ("plan_nodes", "SELECT COUNT(*) FROM plan_nodes"),
    ("priority_themes", "SELECT COUNT(*) FROM priority_themes"),
    ("initiatives", "SELECT COUNT(*) FROM initiatives"),
    ("initiative_nodes", "SELECT COUNT(*) FROM initiative_nodes"),
    ("department_policies", "SELECT COUNT(*) FROM department_policies"),
    ("indicators", "SELECT COUNT(*) FROM indicators"),
    ("indicator_actuals", "SELECT COUNT(*) FROM indicator_actuals"),
    ("goal_reviews", "SELECT COUNT(*) FROM goal_reviews"),
    ("related_plans", "SELECT COUNT(*) FROM related_plans"),
    ("related_plan_nodes", "SELECT COUNT(*) FROM related_plan_nodes"),
    ("documents", "SELECT COUNT(*) FROM documents"),
    ("document_initiatives", "SELECT COUNT(*) FROM document_initiatives"),
    ("judgement_scales", "SELECT COUNT(*) FROM judgement_scales"),
    ("revision_removals", "SELECT COUNT(*) FROM revision_removals"),
    ("program_facts", "SELECT COUNT(*) FROM program_facts"),
    ("initiative_costs", "SELECT COUNT(*) FROM initiative_costs"),
    ("indicator_yearly", "SELECT COUNT(*) FROM indicator_yearly"),
    ("import_uploads", "SELECT COUNT(*) FROM import_uploads"),
    ("notifications", "SELECT COUNT(*) FROM notifications"),
    ("outbox", "SELECT COUNT(*) FROM outbox"),
    ("audit_log", "SELECT COUNT(*) FROM audit_log"),
];

pub(crate) async fn stats(c: &mut AnyConnection) -> Result<Vec<TableCount>> {
    let mut out = Vec::with_capacity(COUNTS.len());
    for (table, sql) in COUNTS {
        let rows: i64 = sqlx::query_scalar(sql).fetch_one(&mut *c).await?;
        out.push(TableCount { table, rows });
    }
    Ok(out)
}
