//! Reads of imported documents and the initiatives each wrote.

use crate::error::{Result, StoreError};
use crate::exec::{query, query_scalar, Db};
use crate::records::{Document, Page};
use crate::rows::{self, document_cols};
use hoshin_domain::*;

pub(crate) async fn get_document(c: &mut Db<'_>, id: DocumentId) -> Result<Document> {
    let row = query(concat!("SELECT ", document_cols!(), " FROM documents WHERE id = $1"))
        .bind(id.0)
        .fetch_optional(&mut *c)
        .await?;
    rows::document(&row.ok_or_else(|| StoreError::not_found("documents", id))?)
}

pub(crate) async fn find_document_by_hash(c: &mut Db<'_>, org: OrgId, hash: &str) -> Result<Option<Document>> {
    query(concat!("SELECT ", document_cols!(), " FROM documents WHERE org_id = $1 AND content_hash = $2"))
        .bind(org.0)
        .bind(hash)
        .fetch_optional(&mut *c)
        .await?
        .as_ref()
        .map(rows::document)
        .transpose()
}

pub(crate) async fn list_documents(c: &mut Db<'_>, org: OrgId, page: Page) -> Result<Vec<Document>> {
    query(concat!(
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

pub(crate) async fn document_initiatives(c: &mut Db<'_>, doc: DocumentId) -> Result<Vec<InitiativeId>> {
    let ids: Vec<i64> =
        query_scalar("SELECT initiative_id FROM document_initiatives WHERE document_id = $1 ORDER BY initiative_id")
            .bind(doc.0)
            .fetch_all(&mut *c)
            .await?;
    Ok(ids.into_iter().map(InitiativeId).collect())
}

pub(crate) async fn initiative_documents(c: &mut Db<'_>, id: InitiativeId) -> Result<Vec<DocumentId>> {
    let ids: Vec<i64> =
        query_scalar("SELECT document_id FROM document_initiatives WHERE initiative_id = $1 ORDER BY document_id")
            .bind(id.0)
            .fetch_all(&mut *c)
            .await?;
    Ok(ids.into_iter().map(DocumentId).collect())
}
