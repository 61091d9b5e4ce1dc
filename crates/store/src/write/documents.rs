//! Writes of imported documents and the initiatives each wrote.

use super::common::{finish_delete, finish_update, required, version_sql};
use crate::conv::{fy_col, now_ms};
use crate::error::Result;
use crate::records::*;
use hoshin_domain::*;
use sqlx::AnyConnection;

pub(crate) async fn insert_document(c: &mut AnyConnection, new: &NewDocument) -> Result<DocumentId> {
    required("content_hash", &new.content_hash)?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO documents (org_id, genre, fiscal_year, title, file_name, content_hash, imported_at, created_at, \
         updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $7, 1) RETURNING id",
    )
    .bind(new.org_id.0)
    .bind(new.genre.as_str())
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
    .bind(d.genre.as_str())
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
