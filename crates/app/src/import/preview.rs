//! Dry run: what importing a document would store and change, without storing anything.
//! The import runs as it would (the same code, the same transaction) and is rolled back;
//! the stored state before is read outside that transaction, so the difference is exact.
//! A fingerprint of that stored state lets a commit refuse a stale preview.

use super::diff::{self, Diff, Snapshot};
use super::{write_document, DepartmentMatch, ImportOptions, ImportReport, ReadDocument};
use crate::access::Actor;
use crate::error::{AppError, Result};
use hoshin_domain::*;
use hoshin_importer::{Decoded, Extraction};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// A line of the source, with where it came from (「p.2 行14」「福祉部!D12」).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceLine {
    pub line: usize,
    pub origin: String,
    pub text: String,
}

/// A warning or unplaced text with its place in the source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    pub line: usize,
    pub origin: String,
    pub message: String,
}

/// One draft as the preview shows it: what will be stored, beside the lines it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DraftView {
    /// 取組・事業, 指標, 施策.
    pub kind: &'static str,
    pub name: String,
    /// Label → value, as it will be stored.
    pub details: Vec<(String, String)>,
    pub source: Vec<SourceLine>,
}

/// Everything the preview of one document shows.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentPreview {
    pub file_name: String,
    pub content_hash: String,
    pub extraction: Extraction,
    /// The organization the document goes to, and the one it names itself.
    pub organization: String,
    pub document_organization: Option<String>,
    pub fiscal_year: Option<FiscalYear>,
    pub period: Option<(FiscalYear, FiscalYear)>,
    pub drafts: Vec<DraftView>,
    /// The importer's warnings, with their source places.
    pub warnings: Vec<Note>,
    /// Text that went into no draft.
    pub unplaced: Vec<Note>,
    pub departments: Vec<DepartmentMatch>,
    pub reimport: bool,
    pub diff: Diff,
    /// What the import would do (counts, tally, its own warnings).
    pub report: ImportReport,
    /// Identifies the stored state the preview was made against.
    pub fingerprint: String,
}

/// Runs the import of `doc` and rolls it back.
pub async fn preview(
    store: &(impl crate::Db + ?Sized),
    actor: &Actor,
    doc: &ReadDocument,
    opts: &ImportOptions,
) -> Result<DocumentPreview> {
    let store = crate::db::store(store);
    let tx = store.begin().await?;
    let written = write_document(tx.as_ref(), actor, doc, opts).await?;
    let mut ids = written.touched.clone();
    ids.extend(written.previous.iter().filter(|p| !written.touched.contains(p)));
    let after = diff::snapshot(tx.as_ref(), &ids).await?;
    tx.rollback().await?;
    let before = diff::snapshot(store, &ids).await?;
    let stored_doc = if written.report.reimport {
        Some(store.get_document(written.report.document_id).await?.meta.version)
    } else {
        None
    };
    let fingerprint = fingerprint(&before, stored_doc, &written.departments)?;
    let ex = &doc.extraction;
    let origin = |line: usize| origin_of(doc.decoded.as_ref(), line);
    Ok(DocumentPreview {
        file_name: doc.file_name.clone(),
        content_hash: doc.content_hash.clone(),
        organization: written.report.organization.clone(),
        document_organization: ex.organization.clone(),
        fiscal_year: written.report.fiscal_year,
        period: doc.period,
        drafts: drafts(ex, doc.decoded.as_ref()),
        warnings: ex
            .warnings
            .iter()
            .map(|w| Note { line: w.line, origin: origin(w.line), message: w.message.clone() })
            .collect(),
        unplaced: ex
            .unplaced
            .iter()
            .map(|w| Note { line: w.line, origin: origin(w.line), message: w.message.clone() })
            .collect(),
        departments: written.departments,
        reimport: written.report.reimport,
        diff: diff::compare(&before, &after),
        report: written.report,
        fingerprint,
        extraction: ex.clone(),
    })
}

/// Refuses when the stored state moved on since the preview that showed `expected`.
pub async fn check_fresh(
    store: &(impl crate::Db + ?Sized),
    actor: &Actor,
    doc: &ReadDocument,
    opts: &ImportOptions,
    expected: &str,
) -> Result<()> {
    let store = crate::db::store(store);
    let now = preview(store, actor, doc, opts).await?;
    if now.fingerprint != expected {
        return Err(AppError::Stale(format!(
            "「{}」の確認画面を表示した後に、保存されているデータが変更されました。もう一度確認してから取り込んでください。",
            doc.file_name
        )));
    }
    Ok(())
}

fn fingerprint(before: &Snapshot, doc_version: Option<i64>, departments: &[DepartmentMatch]) -> Result<String> {
    let json = serde_json::to_vec(&(before, doc_version, departments))
        .map_err(|e| AppError::Import(format!("fingerprint: {e}")))?;
    Ok(hex::encode(Sha256::digest(json)))
}

fn origin_of(decoded: Option<&Decoded>, line: usize) -> String {
    decoded.and_then(|d| d.origins.get(line.wrapping_sub(1))).map_or_else(|| format!("行{line}"), |o| o.describe())
}

/// Lines `from..until` of the source that hold text (at most `MAX_SOURCE`).
fn source(decoded: Option<&Decoded>, from: usize, until: usize) -> Vec<SourceLine> {
    const MAX_SOURCE: usize = 8;
    let Some(d) = decoded else { return Vec::new() };
    if from == 0 {
        return Vec::new();
    }
    d.text
        .lines()
        .enumerate()
        .skip(from - 1)
        .take(until.saturating_sub(from).clamp(1, 40))
        .filter(|(_, t)| !t.trim().is_empty())
        .take(MAX_SOURCE)
        .map(|(i, t)| SourceLine {
            line: i + 1,
            origin: d.origins.get(i).map(|o| o.describe()).unwrap_or_default(),
            text: t.replace('\t', "　|　"),
        })
        .collect()
}

fn drafts(ex: &Extraction, decoded: Option<&Decoded>) -> Vec<DraftView> {
    let mut starts: Vec<usize> = ex
        .measures
        .iter()
        .map(|m| m.line)
        .chain(ex.initiatives.iter().map(|i| i.line))
        .chain(ex.indicators.iter().map(|i| i.line))
        .filter(|l| *l > 0)
        .collect();
    starts.sort_unstable();
    starts.dedup();
    let until = |line: usize| starts.iter().copied().find(|s| *s > line).unwrap_or(line + 8);
    let mut out = Vec::new();
    for m in &ex.measures {
        let mut details = Vec::new();
        push(&mut details, "番号", m.code.clone());
        push(&mut details, "上位", m.parent.clone());
        push(&mut details, "目指す姿", m.vision.clone());
        out.push(DraftView {
            kind: "施策",
            name: m.title.clone(),
            details,
            source: source(decoded, m.line, until(m.line)),
        });
    }
    for i in &ex.initiatives {
        let mut details = Vec::new();
        push(&mut details, "事業番号", i.code.clone());
        push(&mut details, "部局", i.department.clone());
        push(&mut details, "上位の部局", i.parent_department.clone());
        push(&mut details, "概要", i.summary.clone());
        if !i.plan_path.is_empty() {
            let path: Vec<String> = i
                .plan_path
                .iter()
                .map(|s| format!("{} {}", s.level, s.code.clone().map(|c| c + " ").unwrap_or_default() + &s.title))
                .collect();
            details.push(("施策体系".into(), path.join(" → ")));
        }
        for c in &i.costs {
            let basis = CostBasis::parse(&c.basis).map(|b| b.label()).unwrap_or(c.basis.as_str());
            let label = format!("{} {} {}", fy_label(c.fiscal_year), basis, cost_item_label(&c.item));
            details.push((
                label,
                match c.amount {
                    Some(y) => format!("{}円（{}）", y, c.written),
                    None => c.written.clone(),
                },
            ));
        }
        for j in &i.judgements {
            details.push((j.axis.clone(), j.value.clone()));
        }
        if let Some(d) = &i.direction {
            let label = ProgramDirection::parse(d).map(|x| x.label().to_string()).unwrap_or_else(|_| d.clone());
            details.push(("今後の方向性".into(), label));
        }
        for s in &i.sections {
            details.push((s.label.clone(), s.body.clone()));
        }
        out.push(DraftView {
            kind: "取組・事業",
            name: i.name.clone(),
            details,
            source: source(decoded, i.line, until(i.line)),
        });
    }
    for k in &ex.indicators {
        let mut details = Vec::new();
        push(
            &mut details,
            "種類",
            k.kind
                .as_deref()
                .map(|x| IndicatorKind::parse(x).map(|v| v.label().to_string()).unwrap_or_else(|_| x.to_string())),
        );
        push(&mut details, "対象", k.initiative.clone().or_else(|| k.measure.clone()));
        push(&mut details, "現状値", k.baseline.clone());
        push(&mut details, "目標値", k.target.clone());
        push(&mut details, "単位", k.unit.clone());
        for a in &k.actuals {
            details.push((format!("{} 実績", fy_label(a.fiscal_year)), a.value.clone()));
        }
        for v in &k.yearly {
            let kind = YearValueKind::parse(&v.kind).map(|x| x.label()).unwrap_or(v.kind.as_str());
            details.push((format!("{} {}", fy_label(v.fiscal_year), kind), v.value.clone()));
        }
        out.push(DraftView {
            kind: "指標",
            name: k.name.clone(),
            details,
            source: source(decoded, k.line, until(k.line)),
        });
    }
    out
}

fn push(details: &mut Vec<(String, String)>, label: &str, value: Option<String>) {
    if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
        details.push((label.to_string(), v));
    }
}

fn fy_label(year: u16) -> String {
    FiscalYear::new(i64::from(year)).map(FiscalYear::label).unwrap_or_else(|_| year.to_string())
}
