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
use hoshin_importer::draft::{IndicatorDraft, InitiativeDraft};
use hoshin_importer::vocab::LabelAdditions;
use hoshin_importer::{Decoded, ExtractOptions, Extraction, Genre};
use hoshin_store::{Document, NewDocument, NewGoalReview, NewRelatedPlan, Page, Store, Tx};
use std::collections::{BTreeMap, HashMap};

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
    store: &dyn Store,
    file_name: &str,
    bytes: &[u8],
    opts: &ImportOptions,
) -> Result<ImportReport> {
    let doc = read_document(file_name, bytes, opts)?;
    import_read(store, &Actor::System, &doc, opts).await
}

/// Stores an extraction in one transaction.
pub async fn import_extraction(
    store: &dyn Store,
    ex: &Extraction,
    file_name: &str,
    content_hash: &str,
    opts: &ImportOptions,
) -> Result<ImportReport> {
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
    store: &dyn Store,
    actor: &Actor,
    doc: &ReadDocument,
    opts: &ImportOptions,
) -> Result<ImportReport> {
    let tx = store.begin().await?;
    let written = write_document(tx.as_ref(), actor, doc, opts).await?;
    tx.commit().await?;
    Ok(written.report)
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
    let mut job = Job { w, ex, year, period, warnings: extra, counts: ImportCounts::default() };
    job.run().await?;
    let Job { w, warnings: mut extra, counts, .. } = job;
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

/// 「12 公園の再生」 → (Some("12"), "公園の再生"); text without a leading number → (None, text).
fn split_numbered(s: &str) -> (Option<String>, String) {
    let s = s.trim();
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c)).collect();
    if digits.is_empty() {
        return (None, s.to_string());
    }
    let rest = s[digits.len()..].trim_start_matches([' ', '　', '.', '．', ')', '）']).trim();
    (Some(digits), rest.to_string())
}

/// 「第7章 市民と市が…」 → (Some("第7章"), "市民と市が…"); a title without a chapter number
/// stays whole.
fn split_chapter(title: &str) -> (Option<String>, String) {
    let t = title.trim();
    if let Some(rest) = t.strip_prefix('第') {
        if let Some(end) = rest.find('章') {
            let number = &rest[..end];
            if !number.is_empty() && number.chars().count() <= 4 {
                let name = rest[end + '章'.len_utf8()..].trim_start_matches([' ', '　']).trim();
                let code = format!("第{number}章");
                return (Some(code), if name.is_empty() { t.to_string() } else { name.to_string() });
            }
        }
    }
    (None, t.to_string())
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
                if d.genre == genre.as_str() && d.fiscal_year == year && compare_key(&d.title) == compare_key(title) {
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
                genre: genre.as_str().to_string(),
                fiscal_year: year,
                title: title.to_string(),
                file_name: Some(file_name.to_string()),
                content_hash: content_hash.to_string(),
            };
            Ok((tx.insert_document(&new).await?, None))
        }
    }
}

/// One document's import, holding the writer and what it collected.
struct Job<'a, 'e> {
    w: Writer<'a>,
    ex: &'e Extraction,
    year: Option<FiscalYear>,
    /// The plan period a plan document states.
    period: Option<(FiscalYear, FiscalYear)>,
    warnings: Vec<String>,
    counts: ImportCounts,
}

impl Job<'_, '_> {
    async fn run(&mut self) -> Result<()> {
        let ex = self.ex;
        for name in &ex.departments {
            self.w.department(None, name, None).await?;
            self.counts.departments += 1;
        }
        if let Some(year) = self.year {
            for (i, name) in ex.themes.iter().enumerate() {
                self.w.theme(year, name, Some(i as i32)).await?;
                self.counts.themes += 1;
            }
            for s in &ex.department_stances {
                let dept = self.w.department(None, &s.department, None).await?;
                self.w.department_policy(dept, year, &s.text, None).await?;
                self.counts.stances += 1;
            }
        } else if !ex.themes.is_empty() || !ex.department_stances.is_empty() {
            self.warnings
                .push("no fiscal year: priority themes and department stances were not stored (pass --year)".into());
        }

        let plan = self.measure_plan().await?;
        let chapter = self.chapter(plan).await?;
        self.measures(plan, chapter).await?;
        let policy_plan = self.basic_policies().await?;
        let initiative_ids = self.initiatives(plan, policy_plan).await?;
        self.indicators(plan, chapter, &initiative_ids).await?;
        self.related_plans(plan).await?;
        Ok(())
    }

    /// The plan measures and links belong to: the organization's 基本計画 (one per
    /// organization, created on first need), or the year's 部局運営方針 for that genre.
    async fn measure_plan(&mut self) -> Result<PlanId> {
        let org_id = self.w.org;
        if self.ex.genre == Genre::DepartmentPolicy {
            let title = match self.year {
                Some(y) => format!("部局運営方針（{}）", y.label()),
                None => "部局運営方針".to_string(),
            };
            let new = NewPlan {
                org_id,
                kind: PlanKind::DepartmentPolicy,
                title,
                parent_plan_id: None,
                period_start: self.year,
                period_end: self.year,
            };
            return self.w.plan(new).await;
        }
        let (period_start, period_end) = (self.period.map(|p| p.0), self.period.map(|p| p.1));
        if let Some(id) = self.w.find_plan(PlanKind::Basic) {
            if self.period.is_none() {
                return Ok(id);
            }
            let title = self.w.tx.get_plan(id).await?.title;
            let new = NewPlan { org_id, kind: PlanKind::Basic, title, parent_plan_id: None, period_start, period_end };
            return self.w.plan(new).await;
        }
        let new = NewPlan {
            org_id,
            kind: PlanKind::Basic,
            title: "基本計画".into(),
            parent_plan_id: None,
            period_start,
            period_end,
        };
        self.w.plan(new).await
    }

    /// A plan chapter's own node (「第7章 …」): its top-level measures go under it, and its
    /// chapter-level KPIs (attached to no measure) belong to it (issue 10, item 6).
    async fn chapter(&mut self, plan: PlanId) -> Result<Option<NodeId>> {
        if self.ex.genre != Genre::PlanChapter {
            return Ok(None);
        }
        let Some(title) = self.ex.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        let (code, name) = split_chapter(title);
        let loose_kpis = self.ex.indicators.iter().any(|i| i.measure.is_none() && i.initiative.is_none());
        if code.is_none() && !loose_kpis {
            return Ok(None);
        }
        let new = NewPlanNode {
            plan_id: Some(plan),
            kind_label: "章".into(),
            code,
            title: name,
            sort_order: 0,
            ..NewPlanNode::default()
        };
        self.counts.measures += 1;
        Ok(Some(self.w.node(plan, new).await?))
    }

    /// Nodes, parents before children: a measure whose parent is not yet placed waits for a
    /// later pass; one whose parent never appears is stored at the top with a warning.
    async fn measures(&mut self, plan: PlanId, chapter: Option<NodeId>) -> Result<()> {
        let mut pending: Vec<(usize, &hoshin_importer::draft::MeasureDraft)> =
            self.ex.measures.iter().enumerate().collect();
        while !pending.is_empty() {
            let mut waiting = Vec::new();
            let before = pending.len();
            for (i, m) in pending {
                let parent = match &m.parent {
                    Some(p) => match self.w.find_node(plan, p).await? {
                        Some(id) => Some(id),
                        None => {
                            waiting.push((i, m));
                            continue;
                        }
                    },
                    None => chapter,
                };
                self.node(plan, parent, i, m).await?;
            }
            if waiting.len() == before {
                for (i, m) in waiting {
                    self.warnings.push(format!(
                        "line {}: parent {:?} of measure {:?} not found; stored at the top level",
                        m.line,
                        m.parent.as_deref().unwrap_or_default(),
                        m.title
                    ));
                    self.node(plan, chapter, i, m).await?;
                }
                break;
            }
            pending = waiting;
        }
        Ok(())
    }

    async fn node(
        &mut self,
        plan: PlanId,
        parent_id: Option<NodeId>,
        i: usize,
        m: &hoshin_importer::draft::MeasureDraft,
    ) -> Result<NodeId> {
        let sdg_goals = self.sdgs(&m.sdg_goals, m.line);
        let new = NewPlanNode {
            plan_id: Some(plan),
            parent_id,
            kind_label: m.kind.clone().unwrap_or_else(|| "施策".into()),
            code: m.code.clone(),
            title: m.title.clone(),
            vision: m.vision.clone(),
            current_issues: m.current_issues.clone(),
            sdgs_direction: m.sdgs_direction.clone(),
            sdg_goals,
            sort_order: i as i32,
        };
        self.counts.measures += 1;
        self.w.node(plan, new).await
    }

    fn sdgs(&mut self, goals: &[u8], line: usize) -> Vec<SdgGoal> {
        let mut out = Vec::new();
        for g in goals {
            match SdgGoal::new(i64::from(*g)) {
                Ok(s) => out.push(s),
                Err(_) => self.warnings.push(format!("line {line}: SDG goal {g} ignored (not 1–17)")),
            }
        }
        out
    }

    /// The mayor's numbered policies, as nodes of the organization's 基本政策 plan.
    async fn basic_policies(&mut self) -> Result<Option<PlanId>> {
        let refs_used = self.ex.initiatives.iter().any(|i| !i.basic_policy_refs.is_empty());
        if self.ex.basic_policies.is_empty() && !refs_used {
            return Ok(None);
        }
        let plan = match self.w.find_plan(PlanKind::BasicPolicy) {
            Some(id) => id,
            None => {
                let new = NewPlan {
                    org_id: self.w.org,
                    kind: PlanKind::BasicPolicy,
                    title: "基本政策".into(),
                    parent_plan_id: None,
                    period_start: None,
                    period_end: None,
                };
                self.w.plan(new).await?
            }
        };
        let mut policies: Vec<(Option<String>, String)> =
            self.ex.basic_policies.iter().map(|p| (p.number.clone(), p.title.clone())).collect();
        for r in self.ex.initiatives.iter().flat_map(|i| &i.basic_policy_refs) {
            let (number, title) = split_numbered(r);
            let known = policies.iter().any(|(n, t)| match (&number, n) {
                (Some(a), Some(b)) => compare_key(a) == compare_key(b),
                _ => compare_key(t) == compare_key(&title),
            });
            if !known && !title.is_empty() {
                policies.push((number, title));
            }
        }
        for (i, (number, title)) in policies.into_iter().enumerate() {
            let new = NewPlanNode {
                plan_id: Some(plan),
                kind_label: "基本政策".into(),
                code: number,
                title,
                sort_order: i as i32,
                ..NewPlanNode::default()
            };
            self.w.node(plan, new).await?;
        }
        Ok(Some(plan))
    }

    async fn initiatives(
        &mut self,
        plan: PlanId,
        policy_plan: Option<PlanId>,
    ) -> Result<HashMap<String, InitiativeId>> {
        let mut ids = HashMap::new();
        for (i, d) in self.ex.initiatives.iter().enumerate() {
            let id = self.initiative(plan, policy_plan, i, d).await?;
            ids.insert(compare_key(&d.name), id);
        }
        Ok(ids)
    }

    async fn initiative(
        &mut self,
        plan: PlanId,
        policy_plan: Option<PlanId>,
        order: usize,
        d: &InitiativeDraft,
    ) -> Result<InitiativeId> {
        let kind = InitiativeKind::parse(&d.kind).unwrap_or_else(|_| {
            self.warnings.push(format!("line {}: unknown initiative kind {:?}; stored as annual", d.line, d.kind));
            InitiativeKind::Annual
        });
        let parent = match &d.parent_department {
            Some(name) if !name.trim().is_empty() => Some(self.w.department(None, name, None).await?),
            _ => None,
        };
        let department_id = match &d.department {
            Some(name) if !name.trim().is_empty() => Some(self.w.department(parent, name, None).await?),
            _ => parent,
        };
        let mut facts = facts::program_facts(d, &mut self.warnings);
        self.resolve_plan_path(plan, &mut facts).await?;
        let fiscal_year = match d.period_start {
            Some(y) => Some(FiscalYear::new(i64::from(y))?),
            None if kind == InitiativeKind::PlanAction => None,
            None => self.year,
        };
        let period_end = d.period_end.map(|y| FiscalYear::new(i64::from(y))).transpose()?;
        let theme_id = match (&d.theme, fiscal_year) {
            (Some(t), Some(y)) => Some(self.w.theme(y, t, None).await?),
            _ => None,
        };
        let mut node_ids = Vec::new();
        for r in d.measure.iter().chain(&d.measure_refs) {
            match self.w.find_node(plan, r).await? {
                Some(id) if !node_ids.contains(&id) => node_ids.push(id),
                Some(_) => {}
                None => {
                    self.warnings.push(format!("line {}: measure {r:?} of {:?} not found; not linked", d.line, d.name))
                }
            }
        }
        if let Some(pp) = policy_plan {
            for r in &d.basic_policy_refs {
                let found = match self.w.find_node(pp, r).await? {
                    Some(id) => Some(id),
                    None => {
                        let (number, title) = split_numbered(r);
                        match number {
                            Some(n) => self.w.find_node(pp, &n).await?,
                            None => self.w.find_node(pp, &title).await?,
                        }
                    }
                };
                match found {
                    Some(id) if !node_ids.contains(&id) => node_ids.push(id),
                    Some(_) => {}
                    None => self
                        .warnings
                        .push(format!("line {}: basic policy {r:?} of {:?} not found; not linked", d.line, d.name)),
                }
            }
        }
        // The deepest plan step found in the plan is the node the program serves.
        if let Some(node) = facts.plan_path.iter().rev().find_map(|s| s.node_id) {
            if !node_ids.contains(&node) {
                node_ids.push(node);
            }
        }
        let predecessor_id = match fiscal_year.and_then(FiscalYear::prev) {
            Some(prev) => self.w.find_initiative(prev, kind, department_id, &d.name).await?,
            None => None,
        };
        let sdg_goals = self.sdgs(&d.sdg_goals, d.line);
        let new = NewInitiative {
            department_id,
            fiscal_year,
            period_end,
            theme_id,
            summary: d.summary.clone(),
            reform_perspectives: d.perspective.iter().map(|p| ReformPerspective::parse(p)).collect(),
            reform_text: d.reform.clone(),
            sdg_goals,
            milestones: d.milestones.iter().map(|m| Milestone { text: m.clone(), due: None }).collect(),
            sections: d.sections.iter().map(|s| TextSection { label: s.label.clone(), body: s.body.clone() }).collect(),
            predecessor_id,
            node_ids,
            sort_order: order as i32,
            ..NewInitiative::named(self.w.org, kind, d.name.clone())
        };
        let id = self.w.initiative(new).await?;
        self.counts.initiatives += 1;
        self.counts.costs += facts.costs.len();
        self.w.program_facts(id, &facts).await?;
        if d.result.is_some() || d.issues_next.is_some() {
            match fiscal_year.or(self.year) {
                Some(year) => {
                    let review = NewGoalReview {
                        initiative_id: id,
                        fiscal_year: year,
                        result: d.result.clone(),
                        issues_next: d.issues_next.clone(),
                        progress: None,
                        judgement: None,
                    };
                    self.w.goal_review(review).await?;
                    self.counts.reviews += 1;
                }
                None => self
                    .warnings
                    .push(format!("line {}: review of {:?} has no fiscal year; not stored", d.line, d.name)),
            }
        }
        Ok(id)
    }

    /// Links each plan step to its node in the plan, when there is one (see
    /// [`Writer::find_step_node`]).
    async fn resolve_plan_path(&mut self, plan: PlanId, facts: &mut ProgramFacts) -> Result<()> {
        for step in &mut facts.plan_path {
            step.node_id = self.w.find_step_node(plan, step.code.as_deref(), &step.title).await?;
        }
        Ok(())
    }

    async fn indicators(
        &mut self,
        plan: PlanId,
        chapter: Option<NodeId>,
        initiatives: &HashMap<String, InitiativeId>,
    ) -> Result<()> {
        for (i, d) in self.ex.indicators.iter().enumerate() {
            let owner = match self.indicator_owner(plan, initiatives, d).await? {
                None if d.measure.is_none() && d.initiative.is_none() => chapter.map(IndicatorOwner::Node),
                found => found,
            };
            if owner.is_none() {
                self.warnings.push(format!(
                    "line {}: indicator {:?} is not attached to a measure or initiative",
                    d.line, d.name
                ));
            }
            let new = indicator_record(self.w.org, owner, i, d)?;
            let facts = facts::indicator_facts(d, &mut self.warnings);
            let id = self.w.indicator(new).await?;
            self.w.indicator_facts(id, &facts).await?;
            self.counts.indicators += 1;
        }
        Ok(())
    }

    async fn indicator_owner(
        &mut self,
        plan: PlanId,
        initiatives: &HashMap<String, InitiativeId>,
        d: &IndicatorDraft,
    ) -> Result<Option<IndicatorOwner>> {
        if let Some(name) = &d.initiative {
            if let Some(id) = initiatives.get(&compare_key(name)) {
                return Ok(Some(IndicatorOwner::Initiative(*id)));
            }
        }
        if let Some(m) = &d.measure {
            if let Some(id) = self.w.find_node(plan, m).await? {
                return Ok(Some(IndicatorOwner::Node(id)));
            }
        }
        // An evaluation sheet describes one program: its indicators belong to it.
        if self.ex.genre == Genre::EvaluationSheet && initiatives.len() == 1 {
            if let Some(id) = initiatives.values().next() {
                return Ok(Some(IndicatorOwner::Initiative(*id)));
            }
        }
        Ok(None)
    }

    async fn related_plans(&mut self, plan: PlanId) -> Result<()> {
        let org_id = self.w.org;
        let details = &self.ex.related_plan_details;
        let mut seen = Vec::new();
        for r in details {
            let node_ids = match &r.measure {
                Some(m) => self.w.find_node(plan, m).await?.into_iter().collect(),
                None => Vec::new(),
            };
            seen.push(compare_key(&r.name));
            let new = NewRelatedPlan { org_id, name: r.name.clone(), description: r.description.clone(), node_ids };
            self.w.related_plan(new).await?;
            self.counts.related_plans += 1;
        }
        for name in &self.ex.related_plans {
            if seen.contains(&compare_key(name)) {
                continue;
            }
            seen.push(compare_key(name));
            let new = NewRelatedPlan { org_id, name: name.clone(), description: None, node_ids: Vec::new() };
            self.w.related_plan(new).await?;
            self.counts.related_plans += 1;
        }
        Ok(())
    }
}

/// Maps an indicator draft to a record. Direction is not written in documents; a target
/// below the baseline means lower is better.
fn indicator_record(
    org_id: OrgId,
    owner: Option<IndicatorOwner>,
    order: usize,
    d: &IndicatorDraft,
) -> Result<NewIndicator> {
    let baseline = d.baseline.as_deref().map(Quantity::parse);
    let target = d.target.as_deref().map(Quantity::parse);
    let direction = match (baseline.as_ref().and_then(|q| q.value), target.as_ref().and_then(|q| q.value)) {
        (Some(b), Some(t)) if t < b => Direction::Down,
        _ => Direction::Up,
    };
    let unit = d.unit.clone().or_else(|| target.as_ref().and_then(|q| q.unit.clone()));
    let actuals = d
        .actuals
        .iter()
        .map(|a| {
            Ok(Actual { fiscal_year: FiscalYear::new(i64::from(a.fiscal_year))?, value: Quantity::parse(&a.value) })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(NewIndicator {
        org_id,
        owner,
        name: d.name.clone(),
        unit,
        direction,
        cumulative: d.cumulative,
        baseline,
        baseline_year: d.baseline_year.map(|y| FiscalYear::new(i64::from(y))).transpose()?,
        baseline_note: d.baseline_note.clone(),
        target,
        target_year: d.target_year.map(|y| FiscalYear::new(i64::from(y))).transpose()?,
        actuals,
        sort_order: order as i32,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_references_split_into_code_and_title() {
        assert_eq!(split_numbered("12 公園の再生"), (Some("12".into()), "公園の再生".into()));
        assert_eq!(split_numbered("７０　みんなで"), (Some("７０".into()), "みんなで".into()));
        assert_eq!(split_numbered("公園の再生"), (None, "公園の再生".into()));
        assert_eq!(split_numbered("3"), (Some("3".into()), String::new()));
    }

    #[test]
    fn chapter_titles_split_into_number_and_name() {
        assert_eq!(split_chapter("第7章 市民と市がともに"), (Some("第7章".into()), "市民と市がともに".into()));
        assert_eq!(split_chapter("第１０章　まち"), (Some("第１０章".into()), "まち".into()));
        assert_eq!(split_chapter("市民参画"), (None, "市民参画".into()));
    }

    #[test]
    fn direction_follows_baseline_and_target() {
        let d = IndicatorDraft {
            name: "待機児童数".into(),
            baseline: Some("18人".into()),
            target: Some("0人".into()),
            ..IndicatorDraft::default()
        };
        let r = indicator_record(OrgId(1), None, 0, &d).unwrap();
        assert_eq!((r.direction, r.unit.as_deref()), (Direction::Down, Some("人")));
        let d = IndicatorDraft { target: Some("25人".into()), ..d };
        assert_eq!(indicator_record(OrgId(1), None, 0, &d).unwrap().direction, Direction::Up);
    }
}
