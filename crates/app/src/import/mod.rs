//! Import use case: one document's [`Extraction`] into the store, in one transaction.
//!
//! Records are found by natural key before they are created (see [`crate::upsert`]), and the
//! document itself is identified by its content hash or, failing that, by (organization,
//! genre, fiscal year, title); so importing the same document again — or a corrected copy —
//! updates what it wrote instead of duplicating it. A failure anywhere drops the
//! transaction: nothing of that document is stored.
//!
//! [`preview`] runs the same import in a transaction it rolls back, to show what a commit
//! would store and change; [`uploads`] keeps the staff page's files between preview and commit.

pub mod departments;
pub mod diff;
mod facts;
mod job;
pub mod period;
pub mod preview;
pub mod uploads;

use crate::access::Actor;
use crate::audit;
use crate::error::{AppError, Result};
use crate::upsert::{ensure_organization, Tally, Writer};
pub use departments::{DepartmentChoice, DepartmentMatch, MatchHow};
use hoshin_domain::text::compare_key;
use hoshin_domain::*;
use hoshin_importer::vocab::LabelAdditions;
use hoshin_importer::{Decoded, ExtractOptions, Extraction, Genre};
use hoshin_store::{Document, NewDocument, Page, Tx};
use std::collections::BTreeMap;

/// What the caller knows better than the document (`--org`, `--year`, `--genre`,
/// `--labels`), and the staff page's department mapping.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub organization: Option<String>,
    pub fiscal_year: Option<FiscalYear>,
    /// Read as this genre instead of detecting it.
    pub genre: Option<Genre>,
    /// The organization's own field labels (`[import.labels]`, `--labels FILE`).
    pub labels: LabelAdditions,
    /// Departments as the document writes them → where they go; names not listed are
    /// matched as [`departments::propose`] proposes.
    pub departments: BTreeMap<String, DepartmentChoice>,
}

impl ImportOptions {
    fn extract_options(&self) -> ExtractOptions {
        ExtractOptions {
            organization: self.organization.clone(),
            fiscal_year: self.fiscal_year.map(FiscalYear::year),
            genre: self.genre,
            labels: self.labels.clone(),
        }
    }
}

/// How many records of each kind a document held, and what happened.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ImportCounts {
    pub departments: usize,
    pub stances: usize,
    pub themes: usize,
    pub measures: usize,
    pub initiatives: usize,
    pub indicators: usize,
    pub reviews: usize,
    pub related_plans: usize,
    /// Cost figures (one per program, year, basis and item).
    #[serde(default)]
    pub costs: usize,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ImportReport {
    pub document_id: DocumentId,
    pub organization: String,
    pub genre: Genre,
    pub fiscal_year: Option<FiscalYear>,
    pub title: String,
    /// True when the document (by hash or by organization, genre, year and title) was imported before.
    pub reimport: bool,
    pub counts: ImportCounts,
    /// Initiatives an earlier import of this document wrote that it no longer contains,
    /// removed now (by name).
    pub removed: Vec<String>,
    /// Warnings from extraction plus what the import could not place.
    pub warnings: Vec<String>,
    pub tally: Tally,
}

/// A file read: the extraction, with the text it was read from when there is one.
#[derive(Debug, Clone)]
pub struct ReadDocument {
    pub file_name: String,
    pub content_hash: String,
    pub extraction: Extraction,
    /// The decoded text with the origin of each line (absent for an extraction given as JSON).
    pub decoded: Option<Decoded>,
    /// The plan period the text states (「令和6年度～令和10年度」).
    pub period: Option<(FiscalYear, FiscalYear)>,
}

/// Reads one file (pure: no store).
pub fn read_document(file_name: &str, bytes: &[u8], opts: &ImportOptions) -> Result<ReadDocument> {
    let full = hoshin_importer::extract_full(file_name, bytes, &opts.extract_options())?;
    Ok(ReadDocument {
        file_name: file_name.to_string(),
        content_hash: hoshin_importer::content_hash(bytes),
        period: period::stated_period(&full.decoded.text),
        extraction: full.extraction,
        decoded: Some(full.decoded),
    })
}

/// Reads and imports one file: extraction (pure) then one transaction.
pub async fn import_file(
    store: &(impl crate::Db + ?Sized),
    file_name: &str,
    bytes: &[u8],
    opts: &ImportOptions,
) -> Result<ImportReport> {
    let store = crate::db::store(store);
    match read_document(file_name, bytes, opts) {
        Ok(doc) => import_read(store, &Actor::System, &doc, opts).await,
        Err(e) => {
            let failed = Err(e);
            crate::telemetry::count_import(&failed);
            failed
        }
    }
}

/// Stores an extraction in one transaction.
pub async fn import_extraction(
    store: &(impl crate::Db + ?Sized),
    ex: &Extraction,
    file_name: &str,
    content_hash: &str,
    opts: &ImportOptions,
) -> Result<ImportReport> {
    let store = crate::db::store(store);
    let doc = ReadDocument {
        file_name: file_name.to_string(),
        content_hash: content_hash.to_string(),
        extraction: ex.clone(),
        decoded: None,
        period: None,
    };
    import_read(store, &Actor::System, &doc, opts).await
}

/// Stores a document read, in one transaction, audited as `actor`.
pub async fn import_read(
    store: &(impl crate::Db + ?Sized),
    actor: &Actor,
    doc: &ReadDocument,
    opts: &ImportOptions,
) -> Result<ImportReport> {
    let store = crate::db::store(store);
    let outcome = async {
        let tx = store.begin().await?;
        let written = write_document(tx.as_ref(), actor, doc, opts).await?;
        tx.commit().await?;
        Ok(written.report)
    }
    .await;
    crate::telemetry::count_import(&outcome);
    outcome
}

/// What [`write_document`] did, for previews and commits.
#[derive(Debug, Clone)]
pub(crate) struct Written {
    pub report: ImportReport,
    /// The initiatives the document's previous import wrote.
    pub previous: Vec<InitiativeId>,
    /// The initiatives this import wrote, in order.
    pub touched: Vec<InitiativeId>,
    pub departments: Vec<DepartmentMatch>,
}

/// The organization a document goes to, by name: the caller's, else the document's own.
pub(crate) fn organization_name(doc: &ReadDocument, opts: &ImportOptions) -> Result<String> {
    opts.organization
        .clone()
        .or_else(|| doc.extraction.organization.clone())
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| {
            AppError::Import(format!("{}: no organization found in the document; pass --org", doc.file_name))
        })
}

/// The document's fiscal year: the caller's, else the document's own, else (for a plan
/// document) the first year of the plan period it states.
pub(crate) fn document_year(doc: &ReadDocument, opts: &ImportOptions) -> Result<Option<FiscalYear>> {
    let plan_genre = matches!(doc.extraction.genre, Genre::PlanChapter | Genre::MeasureSheet);
    Ok(match (opts.fiscal_year, doc.extraction.fiscal_year, doc.period) {
        (Some(y), _, _) => Some(y),
        (None, Some(y), _) => Some(FiscalYear::new(i64::from(y))?),
        (None, None, Some((start, _))) if plan_genre => Some(start),
        _ => None,
    })
}

/// Writes one document on `tx` (the caller commits or rolls back) and audits it as `actor`.
pub(crate) async fn write_document(
    tx: &dyn Tx,
    actor: &Actor,
    doc: &ReadDocument,
    opts: &ImportOptions,
) -> Result<Written> {
    let ex = &doc.extraction;
    let file_name = doc.file_name.as_str();
    let org_name = organization_name(doc, opts)?;
    let year = document_year(doc, opts)?;
    let title = ex.title.clone().filter(|t| !t.trim().is_empty()).unwrap_or_else(|| file_stem(file_name));

    let (org_id, org_tally) = ensure_organization(tx, &org_name, None, None).await?;
    let (document_id, previous) = document(tx, org_id, ex.genre, year, &title, file_name, &doc.content_hash).await?;
    let reimport = previous.is_some();
    let previous_initiatives = tx.document_initiatives(document_id).await?;
    let names = departments::document_departments(ex);
    let mapping = departments::propose(tx, Some(org_id), &names, &opts.departments).await?;
    let mut extra = Vec::new();
    let aliases = departments::apply(tx, actor, org_id, &mapping, year, &mut extra).await?;
    let mut w = Writer::new(tx, org_id).await?;
    w.tally = org_tally;
    w.aliases = aliases;
    let period = doc.period.filter(|_| matches!(ex.genre, Genre::PlanChapter | Genre::MeasureSheet));
    let mut job = job::Job { w, ex, year, period, warnings: extra, counts: ImportCounts::default() };
    job.run().await?;
    let job::Job { w, warnings: mut extra, counts, .. } = job;
    let touched = w.touched_initiatives.clone();
    let removed = remove_dropped(tx, actor, document_id, &touched, &mut extra).await?;
    tx.set_document_initiatives(document_id, &touched).await?;
    let tally = w.tally;
    // One audit row per import (the document row changes every time: its import time at
    // least): what was read and what it changed. The records an import writes are many; the
    // document's row carries the summary.
    let after = ImportAudit {
        document: tx.get_document(document_id).await?,
        counts: counts.clone(),
        inserted: tally.inserted,
        updated: tally.updated,
        unchanged: tally.unchanged,
        removed: removed.clone(),
    };
    let action = if reimport { "reimport" } else { "import" };
    audit::record(tx, actor, "documents", document_id.0, action, previous.as_ref(), Some(&after)).await?;

    let mut warnings: Vec<String> = ex.warnings.iter().map(|w| format!("line {}: {}", w.line, w.message)).collect();
    warnings.extend(extra);
    let report = ImportReport {
        document_id,
        organization: org_name,
        genre: ex.genre,
        fiscal_year: year,
        title,
        reimport,
        counts,
        removed,
        warnings,
        tally,
    };
    Ok(Written { report, previous: previous_initiatives, touched, departments: mapping })
}

fn file_stem(file_name: &str) -> String {
    std::path::Path::new(file_name)
        .file_stem()
        .map_or_else(|| file_name.to_string(), |s| s.to_string_lossy().into_owned())
}

/// The audit image of an import: the document row and what the import wrote.
#[derive(serde::Serialize)]
struct ImportAudit {
    #[serde(flatten)]
    document: Document,
    counts: ImportCounts,
    inserted: usize,
    updated: usize,
    unchanged: usize,
    removed: Vec<String>,
}

/// Removes the published initiatives an earlier import of this document wrote that this one
/// did not (the document no longer contains them), with their KPIs and reviews, each audited.
/// An initiative another document also wrote, or one a policy revision has taken up, is kept
/// with a warning. Returns the names removed.
async fn remove_dropped(
    tx: &dyn Tx,
    actor: &Actor,
    doc: DocumentId,
    touched: &[InitiativeId],
    warnings: &mut Vec<String>,
) -> Result<Vec<String>> {
    let mut removed = Vec::new();
    for id in tx.document_initiatives(doc).await? {
        if touched.contains(&id) {
            continue;
        }
        let item = tx.get_initiative(id).await?;
        if tx.initiative_documents(id).await?.iter().any(|d| *d != doc) {
            warnings
                .push(format!("kept 取組「{}」: no longer in this document, but another document has it", item.name));
            continue;
        }
        if !tx.draft_rows_of(id).await?.is_empty() {
            warnings.push(format!(
                "kept 取組「{}」: no longer in this document, but a policy revision has taken it up",
                item.name
            ));
            continue;
        }
        tx.delete_initiative(id, item.meta.version).await?;
        audit::record(tx, actor, "initiatives", id.0, "delete", Some(&item), None::<&()>).await?;
        warnings.push(format!("removed 取組「{}」: no longer in this document", item.name));
        removed.push(item.name);
    }
    Ok(removed)
}

/// Finds the document by hash, then by (genre, year, title); updates or inserts it. Returns
/// its id and, when it existed, the row as it was.
async fn document(
    tx: &dyn Tx,
    org_id: OrgId,
    genre: Genre,
    year: Option<FiscalYear>,
    title: &str,
    file_name: &str,
    content_hash: &str,
) -> Result<(DocumentId, Option<Document>)> {
    let mut found = tx.find_document_by_hash(org_id, content_hash).await?;
    if found.is_none() {
        let mut page = Page::first(Page::MAX_LIMIT);
        'pages: loop {
            let docs = tx.list_documents(org_id, page).await?;
            for d in &docs {
                if d.genre == genre && d.fiscal_year == year && compare_key(&d.title) == compare_key(title) {
                    found = Some(d.clone());
                    break 'pages;
                }
            }
            if docs.len() < page.limit as usize {
                break;
            }
            page = page.next();
        }
    }
    match found {
        Some(old) => {
            let next = Document {
                title: title.to_string(),
                file_name: Some(file_name.to_string()),
                content_hash: content_hash.to_string(),
                fiscal_year: year,
                ..old.clone()
            };
            tx.update_document(&next).await?;
            Ok((old.id, Some(old)))
        }
        None => {
            let new = NewDocument {
                org_id,
                genre,
                fiscal_year: year,
                title: title.to_string(),
                file_name: Some(file_name.to_string()),
                content_hash: content_hash.to_string(),
            };
            Ok((tx.insert_document(&new).await?, None))
        }
    }
}

/// A page of the documents an organization has imported, newest first.
pub async fn documents(
    db: &(impl crate::ReadDb + ?Sized),
    org: OrgId,
    page: hoshin_store::Page,
) -> Result<Vec<hoshin_store::Document>> {
    Ok(crate::db::read(db).list_documents(org, page).await?)
}
