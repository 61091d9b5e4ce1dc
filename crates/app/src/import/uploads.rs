//! The staff import page's use cases: files uploaded are read (a file that cannot be read is
//! refused and nothing is kept), kept server-side as a batch owned by the user and the
//! organization, previewed with the person's corrections (fiscal year, department mapping),
//! and committed one transaction per document — refused when the stored data changed since
//! the preview. Planning and admin only; every write audited.

use super::preview::{check_fresh, preview, DocumentPreview};
use super::{read_document, write_document, DepartmentChoice, ImportOptions, ImportReport};
use crate::access::{require_planning, Actor};
use crate::audit;
use crate::error::{AppError, Result};
use hoshin_domain::*;
use hoshin_importer::vocab::LabelAdditions;
use hoshin_store::{NewUpload, Store, StoredUpload, UploadSummary};
use std::collections::BTreeMap;

/// How long uploaded files wait for a commit.
pub const UPLOAD_TTL_MS: i64 = 24 * 60 * 60 * 1000;

/// A file as uploaded.
#[derive(Debug, Clone)]
pub struct UploadFile {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// A person's corrections for one document of a batch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentChoices {
    pub fiscal_year: Option<FiscalYear>,
    pub departments: BTreeMap<String, DepartmentChoice>,
}

fn now_ms() -> i64 {
    let d = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

fn planner(actor: &Actor) -> Result<&User> {
    let user = actor.user().ok_or_else(|| AppError::forbidden("ログインが必要です"))?;
    require_planning(actor, user.org_id)?;
    Ok(user)
}

/// Reads every file (refusing the upload when one cannot be read: nothing is kept), then
/// keeps them as one batch. Returns the batch token.
pub async fn upload(
    store: &(impl crate::Db + ?Sized),
    actor: &Actor,
    files: &[UploadFile],
    labels: &LabelAdditions,
) -> Result<String> {
    let store = crate::db::store(store);
    let user = planner(actor)?;
    if files.is_empty() {
        return Err(AppError::invalid("files", "ファイルを選んでください。"));
    }
    let org = store.get_organization(user.org_id).await?;
    let opts = ImportOptions { organization: Some(org.name), labels: labels.clone(), ..ImportOptions::default() };
    for f in files {
        read_document(&f.file_name, &f.bytes, &opts)?;
    }
    let batch = crate::auth::token::random_token();
    let now = now_ms();
    let tx = store.begin().await?;
    tx.purge_uploads(now).await?;
    for (i, f) in files.iter().enumerate() {
        let new = NewUpload {
            batch: batch.clone(),
            org_id: user.org_id,
            user_id: user.id,
            position: i as i64,
            file_name: f.file_name.clone(),
            content_hash: hoshin_importer::content_hash(&f.bytes),
            bytes: f.bytes.clone(),
            expires_at: now + UPLOAD_TTL_MS,
        };
        let id = tx.insert_upload(&new).await?;
        let summary = UploadSummary {
            id,
            batch: batch.clone(),
            file_name: new.file_name.clone(),
            content_hash: new.content_hash.clone(),
            size: f.bytes.len(),
        };
        audit::record(tx.as_ref(), actor, "import_uploads", id, "upload", None::<&()>, Some(&summary)).await?;
    }
    tx.commit().await?;
    Ok(batch)
}

/// The files of a batch, when they belong to the acting user (and are not expired).
pub async fn batch_files(store: &(impl crate::Db + ?Sized), actor: &Actor, batch: &str) -> Result<Vec<StoredUpload>> {
    let store = crate::db::store(store);
    let user = planner(actor)?;
    let files = store.batch_uploads(batch, now_ms()).await?;
    if files.is_empty() || files.iter().any(|f| f.user_id != user.id || f.org_id != user.org_id) {
        return Err(AppError::State(
            "この取り込みは見つかりません（期限切れか、取り込み済みです）。もう一度ファイルを選んでください。".into(),
        ));
    }
    Ok(files)
}

async fn options(
    store: &dyn Store,
    actor: &Actor,
    choices: Option<&DocumentChoices>,
    labels: &LabelAdditions,
) -> Result<ImportOptions> {
    let user = planner(actor)?;
    let org = store.get_organization(user.org_id).await?;
    let c = choices.cloned().unwrap_or_default();
    Ok(ImportOptions {
        organization: Some(org.name),
        fiscal_year: c.fiscal_year,
        departments: c.departments,
        labels: labels.clone(),
        genre: None,
    })
}

/// One file of a batch with its preview (or why it cannot be previewed).
#[derive(Debug)]
pub struct BatchPreview {
    pub upload: UploadSummary,
    pub preview: Result<DocumentPreview>,
}

/// Previews every file of a batch with the person's corrections (by upload id).
pub async fn preview_batch(
    store: &(impl crate::Db + ?Sized),
    actor: &Actor,
    batch: &str,
    choices: &BTreeMap<i64, DocumentChoices>,
    labels: &LabelAdditions,
) -> Result<Vec<BatchPreview>> {
    let store = crate::db::store(store);
    let files = batch_files(store, actor, batch).await?;
    let mut out = Vec::new();
    for f in &files {
        let opts = options(store, actor, choices.get(&f.id), labels).await?;
        let result = match read_document(&f.file_name, &f.bytes, &opts) {
            Ok(doc) => preview(store, actor, &doc, &opts).await,
            Err(e) => Err(e),
        };
        out.push(BatchPreview { upload: UploadSummary::from(f), preview: result });
    }
    Ok(out)
}

/// What a commit did.
#[derive(Debug)]
pub struct Committed {
    pub reports: Vec<ImportReport>,
    /// Files of the batch still waiting (not chosen this time).
    pub remaining: usize,
}

/// The departments a document's names may be mapped to: the acting user's organization's.
pub async fn mapping_targets(store: &(impl crate::Db + ?Sized), actor: &Actor) -> Result<Vec<Department>> {
    let store = crate::db::store(store);
    let user = planner(actor)?;
    Ok(store.list_departments(user.org_id).await?)
}

/// Commits the documents of a batch (`only`: one upload id; else all), each in its own
/// transaction with the person's corrections, audited; each committed upload is removed.
/// Every document is first checked against the fingerprint its preview showed: when the
/// stored data changed since, nothing is committed.
pub async fn commit_batch(
    store: &(impl crate::Db + ?Sized),
    actor: &Actor,
    batch: &str,
    only: Option<i64>,
    choices: &BTreeMap<i64, DocumentChoices>,
    fingerprints: &BTreeMap<i64, String>,
    labels: &LabelAdditions,
) -> Result<Committed> {
    let store = crate::db::store(store);
    let files = batch_files(store, actor, batch).await?;
    let chosen: Vec<&StoredUpload> = files.iter().filter(|f| only.is_none_or(|o| o == f.id)).collect();
    if chosen.is_empty() {
        return Err(AppError::invalid("doc", "取り込む文書が見つかりません。"));
    }
    let mut docs = Vec::new();
    for f in &chosen {
        let opts = options(store, actor, choices.get(&f.id), labels).await?;
        let doc = read_document(&f.file_name, &f.bytes, &opts)?;
        let expected = fingerprints
            .get(&f.id)
            .ok_or_else(|| AppError::invalid("fingerprint", "確認画面から取り込んでください。"))?;
        check_fresh(store, actor, &doc, &opts, expected).await?;
        docs.push((*f, doc, opts));
    }
    let mut reports = Vec::new();
    for (f, doc, opts) in docs {
        let tx = store.begin().await?;
        let written = write_document(tx.as_ref(), actor, &doc, &opts).await?;
        tx.delete_upload(f.id).await?;
        let summary = UploadSummary::from(f);
        audit::record(tx.as_ref(), actor, "import_uploads", f.id, "commit", Some(&summary), None::<&()>).await?;
        tx.commit().await?;
        crate::telemetry::count_import(&Ok(written.report.clone()));
        reports.push(written.report);
    }
    Ok(Committed { remaining: files.len() - reports.len(), reports })
}

/// Drops a batch without importing it (audited).
pub async fn discard_batch(store: &(impl crate::Db + ?Sized), actor: &Actor, batch: &str) -> Result<()> {
    let store = crate::db::store(store);
    let files = batch_files(store, actor, batch).await?;
    let tx = store.begin().await?;
    for f in &files {
        tx.delete_upload(f.id).await?;
        let summary = UploadSummary::from(f);
        audit::record(tx.as_ref(), actor, "import_uploads", f.id, "discard", Some(&summary), None::<&()>).await?;
    }
    tx.commit().await?;
    Ok(())
}
